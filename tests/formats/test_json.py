"""The JSON writer: golden output, valid JSON in format.md's order, and read back as YAML to an equal model."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings

from jmap.errors import ExportError
from jmap.formats.json import to_json
from jmap.model import JourneyMap
from tests.formats.strategies import journey_map
from tests.formats.util import check_golden, read_back, small_map


def test_golden() -> None:
    check_golden("small.out.json", to_json(small_map()))


def test_valid_json_indented_with_final_newline() -> None:
    text = to_json(small_map())
    data = json.loads(text)
    assert list(data)[:4] == ["jmap", "id", "title", "kind"]
    assert list(data)[-2:] == ["stages", "x-team"]
    assert data["review"]["last_reviewed"] == "2026-08-14"
    assert text.startswith('{\n  "jmap": 1,\n')
    assert text.endswith("}\n")
    assert "Zürich" in text


def test_reads_back_as_yaml_to_an_equal_model() -> None:
    m = small_map()
    assert read_back(to_json(m)) == m


def test_characters_yaml_cannot_hold_raw_are_escaped() -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "a\x85b\u2028c\x7fd\ufeffe", "stages": []})
    text = to_json(m)
    assert "\\u0085" in text and "\\u2028" in text and "\\u007f" in text and "\\ufeff" in text
    assert json.loads(text)["title"] == m.title
    assert read_back(text) == m


def test_infinity_in_an_x_field_is_an_export_error() -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "T", "stages": [], "x-n": float("inf")})
    with pytest.raises(ExportError, match="JSON cannot represent"):
        to_json(m)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_map)
def test_round_trip_as_yaml(m: JourneyMap) -> None:
    try:
        text = to_json(m)
    except ExportError:
        return
    assert read_back(text) == m
