"""The language server's incremental load: is it right on thousands of random edits, and how much does it save?

    python3 benchmarks/incremental_property.py [--cases N] [--lint-cases N] [--touchpoints N]

1. ``--cases`` random maps (examples, generated maps, random data in random styles), 12 random edits each
   (``tests/formats/yaml/incremental_cases.py``): each version read by splicing must equal a whole read (data,
   every position, issues, ignore comments), and the data kept for the next edit must survive validation.
2. ``--lint-cases`` more, through the whole lint: a ``loader.Session`` must give each version the findings and
   the model of a fresh lint.
3. On a generated map of ``--touchpoints`` touchpoints, for edits of each kind (a touchpoint's value, a line added
   to a touchpoint, a stage's own field, the map's title, a new evidence item): the CPU time of a whole load
   (read and validate) and of the session's, median of 30, and their ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.generate import map_yaml  # noqa: E402
from tests.formats.yaml.incremental_cases import check_case, check_lint_case  # noqa: E402

from jmap.loader import Session, load_bytes  # noqa: E402


def properties(cases: int, lint_cases: int) -> None:
    for name, check, seeds in (
        ("read", check_case, range(cases)),
        ("lint", check_lint_case, range(cases, cases + lint_cases)),
    ):
        started = time.perf_counter()
        spliced, failures = 0, []
        for seed in seeds:
            done, error = check(seed)
            spliced += done
            if error:
                failures.append(error)
        print(f"{name}: {len(seeds)} maps x 12 edits, {spliced} spliced, {len(failures)} disagreements "
              f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
        for error in failures[:10]:
            print("  ", error)


def _edit_kinds(text: str) -> dict[str, Callable[[int], str]]:
    lines = text.split("\n")
    owner = next(i for i, line in enumerate(lines) if line.startswith("        owner:") and i > len(lines) // 2)
    stage = next(i for i, line in enumerate(lines) if line.startswith("    customer_goal:") and i > len(lines) // 3)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    evidence = next(i for i, line in enumerate(lines) if line.startswith("evidence:"))

    def with_line(at: int, new: str, insert: bool = False) -> str:
        out = list(lines)
        if insert:
            out.insert(at + 1, new)
        else:
            out[at] = new
        return "\n".join(out)

    return {
        "touchpoint value": lambda n: with_line(owner, f"        owner: Owner {n}"),
        "line added to a touchpoint": lambda n: with_line(owner, f"        x-note: note {n}", insert=True),
        "stage's own field": lambda n: with_line(stage, f"    customer_goal: Goal {n}"),
        "map title": lambda n: with_line(title, f"title: Title {n}"),
        "new evidence item": lambda n: with_line(
            evidence, f"  - {{id: ev-new-{n}, type: interview, source: Call {n}}}", insert=True
        ),
    }


def timings(touchpoints: int, repeat: int = 30) -> None:
    text = map_yaml("bench", touchpoints, max(1, touchpoints // 40), random.Random(20261125))
    lines = text.count("\n")
    print(f"\nload after one edit, {touchpoints} touchpoints ({lines:,} lines), CPU ms, median of {repeat}:")
    print(f"{'edit':<28} {'whole':>8} {'session':>8} {'ratio':>6}")
    for name, make in _edit_kinds(text).items():
        whole: list[float] = []
        spliced: list[float] = []
        for n in range(repeat):
            session = Session()
            load_bytes("bench.yaml", text.encode(), session)
            raw = make(n).encode()
            started = time.process_time()
            load_bytes("bench.yaml", raw, session)
            spliced.append((time.process_time() - started) * 1000)
            assert session.read.state is not None and session.read.state.spliced, name
            started = time.process_time()
            load_bytes("bench.yaml", raw)
            whole.append((time.process_time() - started) * 1000)
        w, s = statistics.median(whole), statistics.median(spliced)
        print(f"{name:<28} {w:>8.1f} {s:>8.1f} {w / s:>5.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--lint-cases", type=int, default=500)
    parser.add_argument("--touchpoints", type=int, default=200)
    args = parser.parse_args()
    properties(args.cases, args.lint_cases)
    timings(args.touchpoints)
    if args.touchpoints != 2000:
        timings(2000, repeat=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
