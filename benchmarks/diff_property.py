"""The diff property on many cases: one random edit to any field of a random map is reported, exactly, everywhere.

    python benchmarks/diff_property.py [--cases 10000] [--seed N]

Each case (tests/changes/property.py, seeds from --seed on) draws a random map from the model's own fields,
edits one field of one object (the map, review, evidence, stage, touchpoint, handoff, metric, pain point,
opportunity, or an x- field such as x-jmap-ignore), and checks that the change engine gives exactly that change
and that ``jmap diff`` shows it, and nothing else, as text, Markdown and JSON.
Prints the cases run, the failures (each with its case) and the time; exit 1 if one failed. The suite runs a
sample (tests/changes/test_property.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from random import Random

from tests.changes.property import Case, check, random_case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="how many cases (default 10,000)")
    parser.add_argument("--seed", type=int, default=2026, help="the first random seed (default 2026)")
    args = parser.parse_args(argv)
    failures: list[tuple[int, Case, str]] = []
    ran = drawn = 0
    started = time.perf_counter()
    seed = args.seed
    while ran < args.cases:
        case = random_case(Random(seed))
        drawn += 1
        if case is not None:
            ran += 1
            problem = check(case)
            if problem is not None:
                failures.append((seed, case, problem))
        seed += 1
    took = time.perf_counter() - started
    for n, case, problem in failures[:20]:
        print(f"FAIL seed {n}: {problem}\n     {case}\n")
    print(
        f"cases: {ran} (of {drawn} draws; the rest were not one valid edit)  failures: {len(failures)}  "
        f"time: {took:.1f} s ({1000 * took / max(ran, 1):.1f} ms a case)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
