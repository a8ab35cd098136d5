"""Cell decoding (``formats/xlsx/cells.py``): booleans, dates, text and lists, and the row and column caps."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.formats.xlsx.helpers import (
    ABOUT_ROWS,
    NS,
    TOUCHPOINT_HEADERS,
    Raw,
    build_workbook,
    codes,
    minimal_sheets,
    model_of,
)
from tests.formats.xlsx.hostile import assert_jm001


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (True, True), (False, False), ("TRUE", True), ("false", False), ("yes", True), ("No", False),
        ("y", True), ("n", False), (1, True), (0, False), ("x", True), ("X", True), (None, None),
    ],
)  # fmt: skip
def test_booleans(cell: Any, expected: bool | None) -> None:
    sheets = minimal_sheets(
        Touchpoints=[["Stage ID", "Touchpoint ID", "Name", "Moment of truth"], ["onboarding", "t", "T", cell]]
    )
    assert model_of(build_workbook(sheets)).stages[0].touchpoints[0].moment_of_truth is expected


@pytest.mark.parametrize(
    "cell",
    [
        date(2026, 8, 14),
        "2026-08-14",
        Raw("<v>46248</v>", ' s="2"'),
        Raw("<v>2026-08-14T00:00:00</v>", ' t="d"'),
        Raw("<is><t>2026-08-14</t></is>", ' t="inlineStr"'),
    ],
)
def test_dates(cell: Any) -> None:
    about = [*ABOUT_ROWS, ["last_reviewed", cell]]
    assert model_of(build_workbook(minimal_sheets(About=about))).review.last_reviewed == date(2026, 8, 14)  # type: ignore[union-attr]


def test_dates_in_the_1904_system() -> None:
    about = [*ABOUT_ROWS, ["last reviewed", Raw("<v>44786</v>", ' s="1"')]]
    m = model_of(build_workbook(minimal_sheets(About=about), date1904=True))
    assert m.review is not None and m.review.last_reviewed == date(2026, 8, 14)


def test_a_plain_number_in_a_date_field_is_reported() -> None:
    about = [*ABOUT_ROWS, ["last_reviewed", 46248]]
    assert codes(build_workbook(minimal_sheets(About=about))) == [("JM002", "About!B4")]


def test_lists_one_item_per_line() -> None:
    stages = [["Stage ID", "Name", "Red flags", "Metrics"], ["s", "S", "one\n two \r\n\nthree", 42]]
    m = model_of(
        build_workbook(minimal_sheets(Stages=stages, Touchpoints=[TOUCHPOINT_HEADERS], Pain_points=[["Touchpoint ID"]]))
    )
    assert m.stages[0].red_flags == ["one", "two", "three"] and [x.name for x in m.stages[0].metrics] == ["42"]


def test_text_from_shared_strings_rich_text_and_escapes() -> None:
    sheets = minimal_sheets(
        About=[
            ["Field", "Value"],
            ["jmap", "1"],
            ["title", Raw("<v>0</v>", ' t="s"')],
            [
                "owner",
                Raw(
                    '<is><r><t>CS </t></r><r><rPr><b/></rPr><t xml:space="preserve">Ops</t></r>'
                    "<rPh><t>x</t></rPh></is>",
                    ' t="inlineStr"',
                ),
            ],
            ["segment", Raw("<is><t>a_x000D_b _x005F_x0001_ &amp; &#10;c</t></is>", ' t="inlineStr"')],
        ]
    )
    m = model_of(build_workbook(sheets, shared_strings=["Shared <title>"]))
    assert m.title == "Shared <title>" and m.owner == "CS Ops" and m.segment == "a\rb _x0001_ & \nc"


def test_numbers_and_booleans_in_text_fields_become_text() -> None:
    sheets = minimal_sheets(About=[["Field", "Value"], ["jmap", 1], ["title", 2026], ["segment", True], ["scope", 1.5]])
    m = model_of(build_workbook(sheets))
    assert (m.title, m.segment, m.scope) == ("2026", "TRUE", "1.5")


def _million_rows(dimension: str | None) -> str:
    head = f"<worksheet {NS}>" + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>"
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(2, 1_000_002))
    return head + f'<row r="1"><c r="A1" t="inlineStr"><is><t>Stage ID</t></is></c></row>{rows}</sheetData></worksheet>'


@pytest.mark.parametrize("dimension", [None, "A1:A1000001"], ids=["no-dimension", "dimension"])
def test_a_million_rows(dimension: str | None, tmp_path: Path) -> None:
    raw = build_workbook(minimal_sheets(Touchpoints=_million_rows(dimension)))
    assert len(raw) < 8 * 1024 * 1024
    assert_jm001(raw, tmp_path, "100,000 rows")


def _rows(count: int, *, numbered: bool = True, last: int | None = None, cdata: bool = False) -> str:
    value = "<![CDATA[1]]>" if cdata else "1"
    rows = [f'<row r="{i}"><c r="A{i}"><v>{value}</v></c></row>' if numbered else f"<row><c><v>{value}</v></c></row>"
            for i in range(1, count + 1)]  # fmt: skip
    if last is not None:
        rows[-1] = f'<row r="{last}"><c r="A{last}"><v>1</v></c></row>'
    return f"<worksheet {NS}><sheetData>{''.join(rows)}</sheetData></worksheet>"


@pytest.mark.parametrize(
    ("xml", "decoded"),
    [
        (_rows(100_002), 0),
        (_rows(100_002, numbered=False), 0),
        (_rows(100_003, last=7), 0),
        (_rows(100_002, cdata=True), 100_001),
        (_rows(100_001), None),
    ],
    ids=["numbered", "unnumbered", "out-of-order", "cdata", "at-the-cap"],
)
def test_a_sheet_past_the_row_cap_without_a_dimension_is_refused_before_a_row_is_decoded(
    xml: str, decoded: int | None
) -> None:
    """Issue 25: a 249,999-row workbook without a ``<dimension>`` was decoded up to row 100,001 before the
    refusal (10.8 s for ``export -o x.md``); the row tags are counted first, so no cell is decoded."""
    from jmap.formats.xlsx.cells import CellDecoder
    from jmap.formats.xlsx.package import Abort

    decoder = CellDecoder()
    if decoded is None:
        assert len(list(decoder.rows("Touchpoints", xml))) == 100_001
        return
    with pytest.raises(Abort) as err:
        list(decoder.rows("Touchpoints", xml))
    assert err.value.message == "sheet Touchpoints has more than 100,000 rows; jmap reads sheets up to that size"
    assert err.value.location.cell == "Touchpoints!A100001"
    assert decoder.cells == decoded


@pytest.mark.parametrize("dimension", [None, "A1:XFD1048576"], ids=["no-dimension", "dimension"])
def test_a_single_cell_at_the_last_cell(dimension: str | None, tmp_path: Path) -> None:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    xml = (
        f"<worksheet {NS}>{dim}<sheetData>"
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    assert_jm001(build_workbook(minimal_sheets(Touchpoints=xml)), tmp_path)


def test_a_cell_far_to_the_right(tmp_path: Path) -> None:
    xml = f'<worksheet {NS}><sheetData><row r="1"><c r="BZZ1"><v>1</v></c></row></sheetData></worksheet>'
    assert_jm001(build_workbook(minimal_sheets(Touchpoints=xml)), tmp_path, "column")


def test_one_long_shared_string_shown_in_every_cell_is_refused_quickly() -> None:
    """Issue 25: a 482 KB workbook of one shared string repeated took 45 s; the expanded text is capped."""
    from jmap.formats.xlsx.cells import MAX_TEXT
    from jmap.formats.xlsx.reader import read_xlsx
    from tests.formats.xlsx.helpers import NS, build_workbook

    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABCDEFGHIJ") + "</row>"
        for r in range(1, 2_001)
    )
    sheet = f'<?xml version="1.0"?><worksheet {NS}><sheetData>{rows}</sheetData></worksheet>'
    raw = build_workbook({"About": [["Field", "Value"]], "Stages": sheet}, shared_strings=["x" * 32_000])
    assert len(raw) < 200_000
    doc = read_xlsx("bomb.xlsx", raw)
    assert [(i.code, i.message, i.location.cell) for i in doc.issues] == [(
        "JM001",
        f"the workbook's cells hold more than {MAX_TEXT:,} characters (a shared text counted in every cell that "
        "shows it); jmap does not read it",
        "Stages!J200",  # the About sheet's two headers and 1,999 cells of 32,000, then one more
    )]  # fmt: skip
