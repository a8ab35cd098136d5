"""Where the start-up time of a one-file ``jmap lint`` goes: the profile behind the start-up goals (issues 9, 24).

Two parts, both on the benchmark's ``small.yaml`` (25 touchpoints, the file a pre-commit hook hands over):

1. Whole processes, interleaved, medians of wall and CPU time: the bare interpreter, each library jmap must
   import on its own, the three together (the floor), ``jmap lint`` (as the hook runs it, and ``-q``) and
   ``yamllint -d relaxed``.
2. Inside one process, with Typer, PyYAML and Pydantic already imported: the milliseconds of each step of
   jmap's own share (its modules, the model's validator from the stored core schema, parsing the command
   line and linting).

Usage: ``python benchmarks/startup.py [--runs N] [--out DIR]``. Needs ``pip install -e '.[bench]'``.
The data folder is the one ``benchmarks/run.py`` uses (made by ``generate.py`` when missing).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import SMALL_GOAL, BenchError, child_env, ensure_data, find_tool

FLOOR = "import typer._adapters, yaml, pydantic.main"

PHASES = """
import sys, time
import typer, typer._adapters, yaml, pydantic.main
marks = [("start", time.perf_counter())]
def lap(name): marks.append((name, time.perf_counter()))
import jmap.model; lap("model classes")
import jmap.rules; lap("rule modules")
import jmap.lint.config, jmap.lint.core; lap("lint and loader modules")
import jmap.reporters; lap("reporters")
from jmap.model import JourneyMap
from jmap.stored_schema import use_stored_validator
use_stored_validator()
JourneyMap.model_validate({"jmap": 1, "title": "t", "stages": []}); lap("the model's validator (stored core schema)")
from jmap.cli import build_app
sys.argv = ["jmap", "lint", "--skip-non-maps", "small.yaml"]
try:
    build_app(["lint"])(prog_name="jmap")
except SystemExit:
    pass
lap("parse the command line and lint")
for (_, a), (name, b) in zip(marks, marks[1:]):
    print(f"{name}\\t{(b - a) * 1000:.2f}", file=sys.stderr)
"""


def whole_processes(
    commands: list[tuple[str, list[str]]], runs: int, cwd: Path
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall seconds and CPU seconds (user + system) of each command, per round.

    CPU time is what to compare on a shared machine: waiting for a core counts in the wall time only.
    """
    env = child_env(cwd)
    env["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    times: dict[str, list[float]] = {name: [] for name, _ in commands}
    cpu: dict[str, list[float]] = {name: [] for name, _ in commands}
    for round_no in range(runs + 1):
        for name, argv in commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if proc.returncode not in (0, 1):
                raise BenchError(f"{name} failed (exit {proc.returncode}): {proc.stderr.decode()[-400:]}")
            if round_no:
                times[name].append(elapsed)
                cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return times, cpu


def phases(runs: int, cwd: Path) -> dict[str, list[float]]:
    env = child_env(cwd)
    env["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    found: dict[str, list[float]] = {}
    for round_no in range(runs + 1):
        proc = subprocess.run([sys.executable, "-c", PHASES], cwd=cwd, env=env, capture_output=True, text=True)
        if round_no == 0:
            continue
        for line in proc.stderr.splitlines():
            name, _, ms = line.partition("\t")
            if ms:
                found.setdefault(name, []).append(float(ms))
    if not found:
        raise BenchError(f"the phase probe printed nothing: {proc.stderr[-400:]}")
    return found


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11, help="timed rounds after one warm-up (default 11)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "jmap-bench-data")
    args = parser.parse_args(argv)
    jmap, yamllint = find_tool("jmap"), find_tool("yamllint")
    if jmap is None or yamllint is None:
        print("needs jmap and yamllint: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    try:
        ensure_data(args.out)
        py = sys.executable
        commands = [
            ("python -c pass", [py, "-c", "pass"]),
            ("python -S -c pass (no site-packages)", [py, "-S", "-c", "pass"]),
            ("import yaml", [py, "-c", "import yaml"]),
            ("import typer", [py, "-c", "import typer"]),
            ("from pydantic import BaseModel", [py, "-c", "from pydantic import BaseModel"]),
            (f"floor: {FLOOR}", [py, "-c", FLOOR]),
            ("jmap lint --skip-non-maps small.yaml", [jmap, "lint", "--skip-non-maps", "small.yaml"]),
            ("jmap lint -q small.yaml", [jmap, "lint", "-q", "small.yaml"]),
            ("yamllint -d relaxed small.yaml", [yamllint, "-d", "relaxed", "small.yaml"]),
        ]
        times, cpu = whole_processes(commands, args.runs, args.out)
        steps = phases(args.runs, args.out)
    except BenchError as exc:
        print(f"startup benchmark failed: {exc}", file=sys.stderr)
        return 1
    yl = statistics.median(times["yamllint -d relaxed small.yaml"])
    yl_cpu = statistics.median(cpu["yamllint -d relaxed small.yaml"])
    print(f"Python {sys.version.split()[0]}; medians of {args.runs} interleaved runs; × is over yamllint's run.\n")
    print("| whole process | median ms | × yamllint | CPU ms | CPU × yamllint |\n|---|---:|---:|---:|---:|")
    for name, values in times.items():
        m, c = statistics.median(values), statistics.median(cpu[name])
        print(f"| `{name}` | {m * 1000:.0f} | {m / yl:.2f} | {c * 1000:.0f} | {c / yl_cpu:.2f} |")
    print(f"\nThe goal, jmap ≤ {SMALL_GOAL}× yamllint (issue 24), allows {SMALL_GOAL * yl * 1000:.0f} ms in all.\n")
    print("| jmap's own share, in one process (libraries preloaded) | median ms |\n|---|---:|")
    for name, values in steps.items():
        print(f"| {name} | {statistics.median(values):.1f} |")
    print(f"| in all | {sum(statistics.median(v) for v in steps.values()):.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
