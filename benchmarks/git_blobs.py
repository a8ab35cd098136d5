"""A git repository of huge, highly compressible maps: `lint --since`, `diff` and `report --since` stay bounded.

    python benchmarks/git_blobs.py [--out DIR] [--count 5] [--megabytes 200]

Issue 25: five 200 MB blobs named ``*.yaml`` in a 4.7 MB ``.git`` ran `jmap diff`, `lint --since` and
`report --since` out of memory, since each side was read whole. This builds such a repository (two commits,
each with COUNT blobs of MEGABYTES, one small good map beside them; the work tree holds the second commit
with the good map edited) and runs each command as a real process, printing a Markdown table of wall time,
peak memory (max RSS), exit code and the finding for the huge files. Target: each under 10 s and 1 GiB, a
JM001 finding for every huge file, no traceback; a run over that makes the exit code 1. The suite runs the
same with blobs just over the cap (tests/history/test_damaged.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT_SECONDS = 10.0
LIMIT_BYTES = 1024**3

GOOD = """\
jmap: 1
id: good
title: Good
owner: CS Ops
review:
  last_reviewed: 2026-10-01
  every: quarterly
stages:
  - id: onboarding
    name: Onboarding
    owner: CSM
    touchpoints:
      - id: welcome
        name: Welcome email
        channel: email
        owner: CSM
        emotion: 1
"""


def huge_map(path: Path, size: int, fill: bytes) -> None:
    """A valid map whose ``x-notes`` is one scalar of ``fill`` bytes, ``size`` bytes in all (compresses ~1000:1)."""
    head = GOOD.replace("id: good", f"id: {path.stem}", 1).encode() + b"x-notes: '"
    with open(path, "wb") as f:
        f.write(head)
        left = size - len(head) - 2
        block = fill * (1 << 20)
        while left > 0:
            f.write(block[: min(left, len(block))])
            left -= len(block)
        f.write(b"'\n")


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-01T12:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T12:00:00Z"}
    return subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def build(root: Path, count: int, size: int) -> None:
    """Three commits: ``count`` small maps and a good one; then the maps grown huge; then changed again (both
    huge). The work tree holds the last commit with the good map edited."""
    maps = root / "maps"
    maps.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for n, fill in enumerate((None, b"a", b"b")):
        (maps / "good.yaml").write_text(GOOD.replace("emotion: 1", f"emotion: {n}"), encoding="utf-8")
        for i in range(count):
            path = maps / f"huge{i}.yaml"
            if fill is None:
                path.write_text(GOOD.replace("id: good", f"id: {path.stem}", 1), encoding="utf-8")
            else:
                huge_map(path, size, fill)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"commit {n + 1}")
    (maps / "good.yaml").write_text(GOOD.replace("owner: CSM\n        emotion", "owner: ''\n        emotion"))


COMMANDS: dict[str, tuple[list[str], bool]] = {
    "lint maps": (["lint", "maps", "--today", "2026-11-25"], True),
    "lint maps --since HEAD~2": (["lint", "maps", "--since", "HEAD~2", "--today", "2026-11-25"], True),
    "lint maps --since HEAD~1": (["lint", "maps", "--since", "HEAD~1", "--today", "2026-11-25"], False),
    "diff HEAD~2:maps HEAD~1:maps": (["diff", "HEAD~2:maps", "HEAD~1:maps", "--today", "2026-11-25"], True),
    "diff HEAD~1:maps HEAD:maps": (["diff", "HEAD~1:maps", "HEAD:maps", "--today", "2026-11-25"], True),
    "diff HEAD~1:maps maps": (["diff", "HEAD~1:maps", "maps", "--today", "2026-11-25"], True),
    "report maps --since HEAD~2": (["report", "maps", "--since", "HEAD~2", "--today", "2026-11-25"], True),
    "report maps --since HEAD~1 -f json": (
        ["report", "maps", "--since", "HEAD~1", "--today", "2026-11-25", "-f", "json"],
        True,
    ),
}
"""Label -> (arguments, whether the output names every huge file as too large)."""


def run(root: Path, args: list[str]) -> tuple[float, int, int, str, str]:
    """Wall seconds, peak RSS in bytes, exit code, stdout and stderr of ``jmap ARGS`` in ``root``."""
    env = {**os.environ, "COLUMNS": "100"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "jmap", *args], cwd=root, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        texts = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    return seconds, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status), *texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where to build the repository (default: a temporary folder)")
    parser.add_argument("--count", type=int, default=5, help="huge maps per commit (default 5)")
    parser.add_argument("--megabytes", type=int, default=200, help="size of each huge map in MB (default 200)")
    args = parser.parse_args(argv)
    folder = args.out or Path(tempfile.mkdtemp(prefix="jmap-git-blobs-"))
    root = folder / "repo"
    started = time.perf_counter()
    bad = 0
    try:
        build(root, args.count, args.megabytes * 1_000_000)
        git_size = sum(f.stat().st_size for f in (root / ".git").rglob("*") if f.is_file())
        print(
            f"{args.count} maps of {args.megabytes} MB in each of 2 commits (after one of small maps); "
            f".git is {git_size / 1e6:.1f} MB; "
            f"built in {time.perf_counter() - started:.1f} s\n"
        )
        print("| command | seconds | peak MiB | exit | huge files named | stderr |")
        print("|---|---:|---:|---:|---:|---|")
        for label, (cmd, names) in COMMANDS.items():
            seconds, peak, code, out, err = run(root, cmd)
            named = out.count("jmap reads files up to")
            over = (
                seconds > LIMIT_SECONDS
                or peak > LIMIT_BYTES
                or code not in (0, 1)
                or "Traceback" in err
                or (names and named < args.count)
            )
            bad += over
            mark = " **over**" if over else ""
            last = err.strip().splitlines()[-1][:100] if err.strip() else ""
            print(f"| `jmap {label}` | {seconds:.2f}{mark} | {peak / 2**20:.0f} | {code} | {named} | {last} |")
            sys.stdout.flush()
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\n{bad} runs over {LIMIT_SECONDS:.0f} s or {LIMIT_BYTES // 2**30} GiB, crashed or missing a finding")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
