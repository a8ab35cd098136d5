"""Metrics: numbers as spreadsheets keep them, and current against target in the better direction."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from jmap.domain.metrics import summary, value_text, verdict
from jmap.model import Metric, Stage


def metric(**kw: Any) -> Metric:
    return Metric.model_validate({"name": "M", **kw})


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({"current": 62, "target": 80}, None),  # no direction, no baseline, no type: unknown
        ({"current": 62, "target": 80, "direction": "up"}, "off track"),
        ({"current": 85, "target": 80, "direction": "up"}, "on track"),
        ({"current": 12, "target": 14, "direction": "down"}, "on track"),
        ({"baseline": 30, "current": 21, "target": 14}, "off track"),  # baseline > target: lower is better
        ({"baseline": 30, "current": 12, "target": 14}, "on track"),
        ({"type": "time-to-value", "current": 21, "target": 14}, "off track"),
        ({"type": "nps", "current": 41, "target": 40}, "on track"),
        ({"target": 40, "direction": "up"}, None),
    ],
)
def test_on_track_reads_the_better_direction(fields: dict[str, Any], state: str | None) -> None:
    assert verdict(metric(**fields)) == state


def test_summary_lines() -> None:
    assert summary(metric(name="Activation", unit="%", current=62, target=80, direction="up")) == (
        "Activation: 62% (target 80%, off track)"
    )
    assert summary(metric(name="TTV", unit="days", target=14)) == "TTV (target 14 days, no current value)"
    assert summary(metric(name="NPS", baseline=31)) == "NPS: baseline 31"
    assert summary(metric(name="Logins")) == "Logins"
    assert value_text(4.25, None) == "4.25"


def test_numbers_keep_fifteen_significant_digits_and_whole_ones_are_ints() -> None:
    m = metric(baseline="1,5" if False else "12", current=0.1 + 0.2, target=80.0)
    assert (m.baseline, m.current, m.target) == (12, 0.3, 80)
    assert isinstance(m.target, int)
    assert metric(current=123456789012345678).current == 123456789012346000


@pytest.mark.parametrize(
    ("value", "message"),
    [("62%", "use a number, not '62%' (put the unit in 'unit')"), (True, "not true/false"), ("1e400", "finite")],
)
def test_bad_numbers_say_what_to_write(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        metric(current=value)


def test_a_name_is_the_shorthand_and_stays_one() -> None:
    stage = Stage.model_validate({"id": "s", "name": "S", "metrics": ["NPS", {"name": "CSAT", "current": 4.2}]})
    assert [m.is_plain() for m in stage.metrics] == [True, False]
    assert stage.model_dump(mode="json", exclude_none=True, by_alias=True)["metrics"][0] == {"name": "NPS"}
