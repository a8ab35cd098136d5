"""A fixed sample of the XLSX fuzz (benchmarks/fuzz_xlsx.py runs 2,000 and more): no mutated workbook reaches
an internal error in the reader, lint or export."""

from __future__ import annotations

import random

from tests.formats.xlsx.fuzz import MUTATIONS, base_workbooks, fuzz, mutate


def test_a_hundred_mutated_workbooks_reach_no_internal_error() -> None:
    count, failures = fuzz(100, seed=8)
    assert count == 100
    assert failures == []


def test_the_mutations_change_the_workbook_and_cover_every_kind() -> None:
    rng = random.Random(1)
    base = base_workbooks()[0]
    seen = set()
    for _ in range(200):
        what, raw = mutate(rng, base)
        seen.add(what.split(" ")[0])
        assert raw != base, what
    assert set(MUTATIONS) <= seen
