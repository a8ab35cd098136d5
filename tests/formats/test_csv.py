"""The CSV writer: the Touchpoints table, RFC 4180 quoting, and no cell a spreadsheet would evaluate."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings

from jmap.formats.csv import COLUMNS, FORMULA_START, text_cell, to_csv
from jmap.model import JourneyMap
from tests.formats.strategies import journey_map
from tests.formats.util import check_golden, small_map


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_golden() -> None:
    check_golden("small.out.csv", to_csv(small_map()))


def test_header_is_format_md_touchpoints_then_x_columns() -> None:
    rows = _rows(to_csv(small_map()))
    assert rows[0] == [
        "Stage ID", "Touchpoint ID", "Name", "Channel", "Owner", "Action", "Customer goal", "Thoughts", "Emotion",
        "Moment of truth", "Playbook", "x-duration", "x-score",
    ]  # fmt: skip
    assert [r[1] for r in rows[1:]] == ["kickoff-call", "title-transfer", "qbr"]


def test_rfc4180_quoting_and_crlf() -> None:
    text = to_csv(small_map())
    assert text.endswith("\r\n")
    assert '"\'=HYPERLINK(""x"") joins the call"' in text
    assert '"QBR, yearly"' in text
    assert '"Multi-line\n  indented second line\nthird"' in text
    qbr = _rows(text)[3]
    assert qbr[7] == "Multi-line\n  indented second line\nthird"
    assert qbr[8] == "2" and qbr[9] == "FALSE" and qbr[12] == "7"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_gets_a_quote(text: str) -> None:
    assert text_cell(text) == "'" + text


def test_numbers_are_not_prefixed() -> None:
    rows = _rows(to_csv(small_map()))
    assert rows[1][8] == "-1"


def test_empty_map_is_only_the_header() -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "T", "stages": [{"id": "a", "name": "A"}]})
    assert to_csv(m) == ",".join(COLUMNS) + "\r\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_map)
def test_every_touchpoint_one_row_and_no_formula_cells(m: JourneyMap) -> None:
    rows = _rows(to_csv(m))
    touchpoints = m.touchpoints()
    assert len(rows) == 1 + len(touchpoints)
    for row, (_, stage, _, tp) in zip(rows[1:], touchpoints, strict=True):
        assert len(row) == len(rows[0])
        assert row[:3] == [stage.id, tp.id, text_cell(tp.name)]
        for i, cell in enumerate(row):
            if rows[0][i] != "Emotion" and not rows[0][i].startswith("x-"):
                assert not cell.startswith(FORMULA_START)
