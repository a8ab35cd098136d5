"""``jmap diff`` of two versions of the 20,000-touchpoint map against linting it once (issue 12's target: <= 2x).

    python benchmarks/diff_bench.py [--runs N] [--out DIR] [--max-wait SECONDS]

Makes ``large.yaml`` with ``benchmarks/generate.py``, commits it to a fresh git
repository in DIR, then commits a second version with 1% of the touchpoints
changed (owners, emotions, statuses shipped, a touchpoint moved to another
stage). Then runs, as whole processes, in interleaved rounds after one
discarded warm-up:

* ``jmap lint large.yaml --today 2026-11-25 -q`` (the work tree's version);
* ``jmap diff HEAD~1:large.yaml HEAD:large.yaml --today 2026-11-25`` (both
  versions read from git's objects, parsed, validated, linted and compared).

Prints median wall seconds, median CPU seconds (user + system of the process
and its children) and the ratios diff / lint as a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import map_yaml  # noqa: E402
from run import cpu_busy  # noqa: E402

TODAY = "2026-11-25"


def _git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_DATE="2026-09-01T10:00:00Z", GIT_COMMITTER_DATE="2026-09-01T10:00:00Z")
    subprocess.run(
        ["git", "-c", "user.email=bench@example.com", "-c", "user.name=bench", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


def second_version(text: str, rng: random.Random) -> str:
    """1% of touchpoints changed: owner, emotion, a fix shipped; and one touchpoint moved to the last stage."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith("      - id: tp-")]
    for i in rng.sample(starts, len(starts) // 100):
        j = i + 1
        while j < len(lines) and not lines[j].startswith("      - id: "):
            line = lines[j]
            if line.startswith("        owner: "):
                lines[j] = "        owner: Renewals desk"
            elif line.startswith("        emotion: "):
                lines[j] = f"        emotion: {rng.randint(-2, 2)}"
            elif line.startswith("              status: "):
                lines[j] = "              status: shipped"
            j += 1
    out = "\n".join(lines)
    block = re.search(r"      - id: tp-2\n(?:        .*\n|          .*\n)+", out)
    assert block is not None
    return out.replace(block.group(), "", 1) + block.group().rstrip("\n") + "\n"


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1) or b"Traceback" in proc.stderr:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[:400]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument(
        "--max-wait", type=float, default=0.0, help="seconds in all to wait for idle CPUs before rounds (default 0)"
    )
    args = ap.parse_args(argv)
    if shutil.which("git") is None:
        raise SystemExit("git is needed")
    jmap = str(Path(sys.executable).parent / "jmap")
    repo = args.out or Path(tempfile.mkdtemp(prefix="jmap-diff-bench-"))
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    rng = random.Random(20261125)
    first = map_yaml("large", 20_000, 10, rng)
    _git(repo, "init", "-q")
    (repo / "large.yaml").write_text(first, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    (repo / "large.yaml").write_text(second_version(first, random.Random(7)), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "second")

    lint = [jmap, "lint", "large.yaml", "--today", TODAY, "-q"]
    diff = [jmap, "diff", "HEAD~1:large.yaml", "HEAD:large.yaml", "--today", TODAY]
    summary = subprocess.run(diff, cwd=repo, capture_output=True, text=True, check=True).stdout.splitlines()[-1]
    print(f"diff: {summary}", file=sys.stderr)
    results: dict[str, list[tuple[float, float]]] = {"lint": [], "diff": []}
    waited = 0.0
    busy: list[float] = []
    for round_no in range(args.runs + 1):
        while (now := cpu_busy()) > 0.5 and waited < args.max_wait:
            time.sleep(2)
            waited += 2.5
        busy.append(now)
        for name, cmd in (("lint", lint), ("diff", diff)):
            sample = timed(cmd, repo)
            if round_no:
                results[name].append(sample)
        print(f"round {round_no}/{args.runs}", file=sys.stderr)
    wall = {k: statistics.median(w for w, _ in v) for k, v in results.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in results.items()}
    print(
        f"20,000 touchpoints (15 MB), {args.runs} runs, {os.cpu_count()} CPUs, medians; "
        f"other processes used {statistics.median(busy):.1f} cores (median) before the rounds, "
        f"after waiting {waited:.0f} s in all\n"
    )
    print("| Command | Wall s | CPU s |")
    print("|---|---:|---:|")
    print(f"| `jmap lint large.yaml -q` | {wall['lint']:.2f} | {cpu['lint']:.2f} |")
    print(f"| `jmap diff HEAD~1:large.yaml HEAD:large.yaml` | {wall['diff']:.2f} | {cpu['diff']:.2f} |")
    print(f"| diff / lint | {wall['diff'] / wall['lint']:.2f}x | {cpu['diff'] / cpu['lint']:.2f}x |")
    if args.out is None:
        shutil.rmtree(repo)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
