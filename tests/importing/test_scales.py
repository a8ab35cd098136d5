"""Emotion scales: detected from the label or the values, mapped onto -2..2 without flipping a sign."""

from __future__ import annotations

import pytest

from jmap.importing.scales import read_scale
from jmap.importing.vocabulary import shipped


def scores(values: list[str], label: str | None = None) -> tuple[str, list[int | None]]:
    scale = read_scale(values, label)
    return scale.name, [scale.score(v, shipped())[0] for v in values]


@pytest.mark.parametrize(
    ("values", "label", "name", "expected"),
    [
        (["1", "2", "3", "4", "5"], None, "1..5", [-2, -1, 0, 1, 2]),
        (["1", "2"], "Customer emotion (1-5)", "1..5", [-2, -1]),
        (["1", "4", "7", "2", "6"], None, "1..7", [-2, 0, 2, -1, 1]),
        (["1", "5", "6", "10", "3", "8"], None, "1..10", [-2, 0, 0, 2, -1, 1]),
        (["0", "5", "10", "2", "9"], None, "0..10", [-2, 0, 2, -1, 2]),
        (["3", "6"], "Score (0-10)", "0..10", [-1, 0]),
        (["-3", "-2", "-1", "0", "1", "2", "3"], None, "-3..3", [-2, -1, -1, 0, 1, 1, 2]),
        (["-2", "+1", "\u22121", "2.0"], None, "-2..2", [-2, 1, -1, 2]),
        (["4,5", "2"], "Zufriedenheit (1\u20135)", "1..5", [2, -1]),
        (["3/5", "5/5"], "Rating /5", "1..5", [0, 2]),
        (["--", "-", "o", "+", "++", "+/-"], None, "-2..2", [-2, -1, 0, 1, 2, 0]),
        (["Nervous", "Overwhelmed", "begeistert", "frustrado", "inquiet", "😀", "ok"], None, "-2..2",
         [-1, -2, 2, -2, -1, 2, 0]),
        (["7", "2"], "Mood (1-5)", "1..5", [None, -1]),
        (["purple"], None, "-2..2", [None]),
    ],
)  # fmt: skip
def test_the_scale_comes_from_the_label_or_the_values(
    values: list[str], label: str | None, name: str, expected: list[int | None]
) -> None:
    assert scores(values, label) == (name, expected)


@pytest.mark.parametrize(("low", "high"), [(1, 5), (1, 7), (1, 10), (0, 10), (-3, 3), (0, 100)])
def test_no_value_ever_gets_the_other_sign_than_its_distance_from_the_middle(low: int, high: int) -> None:
    scale = read_scale([str(low), str(high)], None)
    mid = (low + high) / 2
    for value in range(low, high + 1):
        score = scale.number(value)
        assert score * (value - mid) >= 0, (value, score)
        assert -2 <= score <= 2
    assert scale.number(low) == -2 and scale.number(high) == 2


def test_a_value_outside_the_scale_says_so() -> None:
    scale = read_scale(["7"], "Mood (1-5)")
    assert scale.score("7", shipped()) == (None, "7 is outside the 1..5 scale")
    assert scale.table() == "1 -> -2, 2 -> -1, 3 -> 0, 4 -> +1, 5 -> +2"


def test_only_ones_and_twos_are_not_scored_since_either_sign_could_be_meant() -> None:
    scale = read_scale(["1", "2", "2", "1"], None)
    assert scale.ambiguous
    assert scale.score("1", shipped())[0] is None
    assert read_scale(["1", "2", "2"], "Emotion (1-5)").score("1", shipped())[0] == -2
    assert read_scale(["0", "1", "2"], None).score("1", shipped())[0] == 1
    assert read_scale(["2"], None).score("2", shipped())[0] == 2
