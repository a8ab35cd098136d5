"""Shared helpers: a small valid map, and running jmap as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Deterministic everywhere: the suite a newcomer runs is the suite CI runs. Random exploration at
# scale lives in benchmarks/roundtrip.py and benchmarks/fuzz_xlsx.py; HYPOTHESIS_PROFILE=explore
# runs the properties at random here too.
settings.register_profile("default", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"

GOOD_MAP = """\
jmap: 1
id: tiny
title: Tiny map
segment: SMB
owner: CS Ops
review:
  last_reviewed: 2026-10-01
  every: 6 months
evidence:
  - type: interview
    source: Five interviews
    date: 2026-09-01
stages:
  - id: onboarding
    name: Onboarding
    owner: Onboarding team
    customer_goal: Get live
    red_flags: [No login in week one]
    touchpoints:
      - id: welcome
        name: Welcome email
        channel: email
        owner: CSM
        thoughts: Nice
        emotion: 1
  - id: adoption
    name: Adoption
    owner: CSM
    customer_goal: Use it weekly
    red_flags: Usage drops
    handoff: {from: Onboarding team, to: CSM, what: Go-live notes}
    touchpoints:
      - id: review-call
        name: Review call
        channel: call
        owner: CSM
        emotion: 0
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_jmap(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m jmap`` as a real process (no terminal, so no colour)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "JMAP_FORMAT", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "jmap", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_python(code: str, cwd: Path, *, env: dict[str, str] | None = None) -> str:
    """Run ``python -c code`` as a real process (a fresh interpreter: what it imports is its own); its stdout."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "JMAP_FORMAT", "NO_COLOR")}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=60, check=True
    )
    return proc.stdout


@pytest.fixture
def good_map(tmp_path: Path) -> Path:
    return write(tmp_path, "tiny.yaml", GOOD_MAP)


@dataclass
class Peak:
    mib: float = 0.0


@contextmanager
def peak_memory() -> Iterator[Peak]:
    """The most Python memory held at once inside the block, in MiB: a bound on work that must not amplify."""
    peak = Peak()
    tracemalloc.start()
    try:
        yield peak
    finally:
        peak.mib = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
