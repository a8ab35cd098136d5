"""YAML -> XLSX -> YAML over generated maps of hostile text: every map comes back equal or is refused clearly.

    python benchmarks/roundtrip.py [--maps 10000] [--seed N]

The maps come from ``tests.formats.xlsx.helpers.hostile_map``: text of all 17 Unicode planes, emoji sequences, texts
of exactly and just over Excel's 32,767 UTF-16 units, ``<r>``/``<t>``/``_xHHHH_``-shaped text, leading and
trailing spaces, number/date/boolean look-alikes, in every field and in x- keys and values. The suite runs a
few hundred of the same maps (tests/test_xlsx_roundtrip.py); this script explores at random, at scale.

Prints the count of maps per outcome (equal, refused by kind, different) and each difference; exit 1 on
any difference.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, seed, settings
from tests.formats.xlsx.helpers import hostile_map, yaml_xlsx_yaml

from jmap.model import JourneyMap


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=int, default=10_000, help="how many maps to generate (default 10,000)")
    parser.add_argument("--seed", type=int, default=None, help="a fixed seed, to repeat a run")
    args = parser.parse_args(argv)
    outcomes: Counter[str] = Counter()
    differences: list[str] = []
    started = time.perf_counter()

    @settings(
        max_examples=args.maps, deadline=None, database=None, derandomize=False, suppress_health_check=list(HealthCheck)
    )
    @given(hostile_map)
    def explore(m: JourneyMap) -> None:
        outcome, detail = yaml_xlsx_yaml(m)
        outcomes[outcome if outcome != "refused" else f"refused ({detail})"] += 1
        if outcome == "different":
            differences.append(detail)
        done = sum(outcomes.values())
        if done % 500 == 0:
            print(f"  {done:,} maps, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    if args.seed is not None:
        explore = seed(args.seed)(explore)
    explore()
    total = sum(outcomes.values())
    print(f"{total:,} maps in {time.perf_counter() - started:.0f} s")
    for outcome, n in sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:>7,}  {outcome}")
    for detail in differences[:50]:
        print(f"DIFFERENT: {detail}")
    print(f"{len(differences):,} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
