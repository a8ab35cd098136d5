"""``jmap render`` in a real terminal (tmux, 80 columns): what a person sees."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import TODAY
from tests.render.helpers import SAMPLE

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
DONE = "__render_done__"


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[list[str]]:
    """A private tmux server (its own socket), killed afterwards."""
    assert TMUX is not None
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g history-limit 20000\n", encoding="utf-8")
    base = [TMUX, "-S", str(tmp_path / f"tmux-{uuid.uuid4().hex[:8]}.sock"), "-f", str(conf)]
    yield base
    subprocess.run([*base, "kill-server"], capture_output=True, check=False)


def _run_in_terminal(base: list[str], cwd: Path, args: list[str], env: dict[str, str]) -> tuple[str, str]:
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "jmap", "render", *args])
    script = f"cd {shlex.quote(str(cwd))} && {command}; echo {DONE} $?; sleep 600"
    subprocess.run(
        [*base, "new-session", "-d", "-x", "80", "-y", "50", "-s", "render", "sh", "-c", script],
        env=env,
        check=True,
        timeout=20,
    )
    deadline = time.monotonic() + 60
    while True:
        plain = subprocess.run(
            [*base, "capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", "render"],
            capture_output=True, text=True, check=True, timeout=20,
        ).stdout  # fmt: skip
        if DONE in plain or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    styled = subprocess.run(
        [*base, "capture-pane", "-p", "-e", "-S", "-", "-E", "-", "-t", "render"],
        capture_output=True, text=True, check=True, timeout=20,
    ).stdout  # fmt: skip
    return plain, styled


def test_render_in_an_80_column_terminal(tmux: list[str], tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TMUX")}
    env["TERM"] = "xterm-256color"
    plain, styled = _run_in_terminal(tmux, tmp_path, [str(SAMPLE), "--today", TODAY], env)
    assert f"{DONE} 0" in plain, plain[-2000:]
    lines = plain[: plain.index(DONE)].rstrip().splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert "Mid-market post-sale journey" in plain
    assert "OVERDUE" in plain
    for stage in ("Onboarding", "Adoption", "Expansion", "Renewal", "Advocacy"):
        assert f"│ Stage         │ {stage}" in plain, stage
    assert "Emotion curve" in plain
    curve = plain[plain.index("Emotion curve") :]
    assert "▂▂▂" in curve and "███" in curve and "···" in curve
    assert "Lowest: 3 SSO and data import, 10 Renewal notice (-2)" in curve
    assert "\x1b[" in styled, "a terminal gets colour"
