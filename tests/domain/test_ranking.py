"""Opportunity priority: the default formula, a configured one, and formulas that are refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme, format_priority, rank
from jmap.errors import ConfigError
from jmap.lint.config import parse_config
from jmap.model import Opportunity


def opp(**kw: str) -> Opportunity:
    return Opportunity.model_validate(kw)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"impact": "high", "effort": "low", "confidence": "high"}, 3.0),
        ({"impact": "high", "effort": "low"}, 2.4),  # confidence not set counts as medium (0.8)
        ({"impact": "high"}, 1.2),  # effort not set counts as medium (2)
        ({"impact": "medium", "effort": "high", "confidence": "low"}, 0.33),
        ({"effort": "low", "confidence": "high"}, 0.0),  # no impact: nothing to gain
    ],
)
def test_default_priority_is_impact_times_confidence_over_effort(fields: dict[str, str], expected: float) -> None:
    assert DEFAULT_PRIORITY.priority(opp(**fields)) == expected


def test_rank_by_priority_then_status_then_given_order() -> None:
    items = [
        opp(fix="a", impact="high", effort="high", status="open"),
        opp(fix="b", impact="medium", effort="low", status="idea"),
        opp(fix="c", impact="high", effort="high", status="in-progress"),
        opp(fix="d", impact="low", effort="low"),
        opp(fix="e", impact="medium", effort="low", status="open"),
    ]
    assert [o.fix for o in rank(items, lambda o: o)] == ["e", "b", "c", "a", "d"]


def test_a_configured_formula_and_scale_change_the_order() -> None:
    scheme = PriorityScheme.build("(impact + value) * confidence / effort", {"effort": {"high": 6}})
    big = opp(impact="high", effort="high", value="high", confidence="high")
    assert scheme.priority(big) == 1.0
    assert scheme.priority(opp(impact="low", effort="low", confidence="high")) == 1.0
    assert rank([big, opp(impact="medium", effort="low")], lambda o: o, scheme)[0].impact == "medium"


@pytest.mark.parametrize(
    ("formula", "scales", "message"),
    [
        ("impact / (effort - 2)", None, "divides by zero"),
        ("impact * urgency", None, "names 'urgency'"),
        ("__import__('os')", None, "only + - * /"),
        ("impact ** 2", None, "only + - * /"),
        ("impact *", None, "not an arithmetic formula"),
        (None, {"effort": {"huge": 9}}, "effort.huge"),
        (None, {"urgency": {"high": 1}}, "unknown scale 'urgency'"),
        (None, {"effort": {"none": 0}}, "divides by zero"),
        (" + ".join(["impact"] * 3000), None, "the formula (26,997 characters) is longer than 1,000 characters"),
        (" + ".join(["impact"] * 101), None, "has 101 terms; a priority formula has at most 100"),
        ("-" * 990 + "impact", None, "the formula (996 characters) nests 991 levels deep; a priority formula nests"),
        ("impact * 1e308 * 1e308", None, "gives a number too large to rank by"),
        ("impact * 1e999", None, "holds a number too large for arithmetic"),
        ("impact * value", {"impact": {"high": 1e308}, "value": {"high": 1e308}}, "gives a number too large"),
    ],
)
def test_formulas_that_cannot_rank_are_refused(
    formula: str | None, scales: dict[str, dict[str, float]] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        PriorityScheme.build(formula, scales)


def test_config_priority_table_and_its_errors() -> None:
    path = Path("jmap.toml")
    cfg = parse_config({"priority": {"formula": "impact", "effort": {"high": 4}}, "dip_emotion": -2}, path)
    assert cfg.priority.formula == "impact" and cfg.priority.scales["effort"]["high"] == 4
    assert cfg.dip_emotion == -2
    with pytest.raises(ConfigError, match=r"jmap.toml: priority: 'impact / 0' divides by zero"):
        parse_config({"priority": {"formula": "impact / 0"}}, path)
    with pytest.raises(ConfigError, match=r"priority.effort.high: must be a number"):
        parse_config({"priority": {"effort": {"high": "big"}}}, path)
    with pytest.raises(ConfigError, match=r"dip_emotion: must be a whole number from -2 to 1"):
        parse_config({"dip_emotion": 2}, path)


def test_format_priority() -> None:
    assert [format_priority(v) for v in (3.0, 2.4, 1.33, 0.0)] == ["3.0", "2.4", "1.33", "0.0"]
