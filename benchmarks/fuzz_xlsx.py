"""Fuzz the XLSX reader, and lint and export through it, with mutated workbooks: 0 internal errors.

    python benchmarks/fuzz_xlsx.py [--workbooks 2000] [--seed N]

Mutations (tests/formats/xlsx/fuzz.py): byte flips inside a part's XML, deleted cells and rows, changed cell
types and values, wrong or unknown XML encodings, parts re-encoded, truncated or removed, a truncated archive.
An internal error is any exception other than jmap's own errors (a finding or a one-line error is fine).
Prints the count and every internal error with its mutation; exit 1 if there is one. The suite runs a
fixed sample of 100 (tests/formats/xlsx/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.formats.xlsx.fuzz import fuzz


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workbooks", type=int, default=2_000, help="how many mutated workbooks (default 2,000)")
    parser.add_argument("--seed", type=int, default=2026, help="the random seed (default 2026)")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def progress(done: int) -> None:
        if done % 250 == 0:
            print(f"  {done:,} workbooks, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)

    count, failures = fuzz(args.workbooks, args.seed, progress)
    print(f"{count:,} mutated workbooks (seed {args.seed}) in {time.perf_counter() - started:.0f} s")
    for failure in failures:
        print(f"INTERNAL ERROR {failure}")
    print(f"{len(failures):,} internal errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
