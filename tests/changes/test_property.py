"""The diff property on a sample: one random edit to any field of a random map is reported, exactly, everywhere."""

from __future__ import annotations

from random import Random

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.changes.property import check, random_case


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.randoms(use_true_random=False))
def test_one_edit_is_one_change_in_every_format(rng: Random) -> None:
    case = random_case(rng)
    assume(case is not None)
    assert case is not None
    assert check(case) is None, case


def test_the_sample_reaches_every_kind_of_change() -> None:
    """The cases are not all rejected, and they add, change, rename and remove fields and x- fields."""
    kinds = set()
    made = 0
    for seed in range(300):
        case = random_case(Random(seed))
        if case is not None:
            made += 1
            kinds.add((case.kind, str(case.where[-1]).startswith("x-")))
    assert made > 100
    assert kinds >= {("added", False), ("changed", False), ("removed", False), ("renamed", False),
                     ("added", True), ("changed", True), ("removed", True)}  # fmt: skip
