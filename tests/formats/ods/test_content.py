"""The one OpenDocument decoder: values as LibreOffice writes them, and repeats bounded before they expand."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest

from jmap.formats.ods.content import MAX_CELL_TEXT, content_xml, read_tables
from jmap.formats.xlsx.cells import Cell
from jmap.formats.xlsx.package import Abort
from tests.conftest import peak_memory

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def doc(rows: str, name: str = "T") -> bytes:
    return (
        f'<?xml version="1.0"?><office:document {NS}><office:body><office:spreadsheet>'
        f'<table:table table:name="{name}">{rows}</table:table></office:spreadsheet></office:body></office:document>'
    ).encode()


def ods(content: bytes, mimetype: bytes = b"application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
    return buf.getvalue()


def cells(rows: str) -> dict[tuple[int, int], tuple[object, str]]:
    (table,) = read_tables(doc(rows))
    return {(r, c): (cell.value, cell.kind) for r, row in table.rows for c, cell in row.items()}


def refusal(raw: bytes) -> str:
    with pytest.raises(Abort) as err:
        read_tables(content_xml(raw))
    return err.value.message


def test_values_are_decoded_by_their_value_type() -> None:
    row = (
        '<table:table-row><table:table-cell office:value-type="float" office:value="-2"><text:p>-2</text:p>'
        '</table:table-cell><table:table-cell office:value-type="percentage" office:value="0.11"><text:p>11%</text:p>'
        '</table:table-cell><table:table-cell office:value-type="currency" office:value="12.5"><text:p>€12.50</text:p>'
        '</table:table-cell><table:table-cell office:value-type="date" office:date-value="2026-08-14">'
        "<text:p>14/08/26</text:p></table:table-cell>"
        '<table:table-cell office:value-type="date" office:date-value="2026-08-14T09:30:00"><text:p>x</text:p>'
        '</table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true">'
        "<text:p>TRUE</text:p></table:table-cell>"
        '<table:table-cell table:formula="of:=TRUE()" office:value-type="float" office:value="1"><text:p>TRUE</text:p>'
        '</table:table-cell><table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2">'
        "<text:p>2</text:p></table:table-cell></table:table-row>"
    )
    assert cells(row) == {
        (1, 1): (-2, "n"),
        (1, 2): (0.11, "n"),
        (1, 3): (12.5, "n"),
        (1, 4): (date(2026, 8, 14), "d"),
        (1, 5): (datetime(2026, 8, 14, 9, 30), "d"),
        (1, 6): (True, "b"),
        (1, 7): (True, "b"),
        (1, 8): (None, "f"),
    }


def test_text_spaces_tabs_line_breaks_and_paragraphs_are_decoded_and_comments_left_out() -> None:
    row = (
        '<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>a comment'
        '</text:p></office:annotation><text:p>a<text:s/>b <text:s text:c="3"/>c<text:tab/>d<text:line-break/>e'
        '</text:p><text:p><text:span>f</text:span> <text:a xlink:href="x" xmlns:xlink="http://www.w3.org/1999/xlink">'
        "g</text:a></text:p></table:table-cell>"
        '<table:table-cell office:value-type="string"><text:p>_x0007_ and _x005F_x0041_</text:p></table:table-cell>'
        "</table:table-row>"
    )
    assert cells(row) == {(1, 1): ("a b    c\td\ne\nf g", "s"), (1, 2): ("\x07 and _x0041_", "s")}


def test_repeated_and_covered_cells_take_their_columns_and_merges_are_kept() -> None:
    rows = (
        '<table:table-row><table:table-cell table:number-columns-spanned="3" office:value-type="string">'
        '<text:p>Onboarding</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2">'
        "<text:p>hidden</text:p></table:covered-table-cell>"
        '<table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row>"
    )
    (table,) = read_tables(doc(rows))
    assert [(r, {c: v.value for c, v in row.items()}) for r, row in table.rows] == [
        (1, {1: "Onboarding", 4: "x", 5: "x"}),
    ]
    assert table.merges == [(1, 1, 1, 3)]


def test_rows_after_empty_repeats_keep_their_numbers_and_are_refused_past_the_cap() -> None:
    rows = (
        '<table:table-row table:number-rows-repeated="99998"><table:table-cell/></table:table-row>'
        '<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string"><text:p>v'
        "</text:p></table:table-cell></table:table-row>"
    )
    (table,) = read_tables(doc(rows))
    assert [(r, row[1].value) for r, row in table.rows] == [(99999, "v"), (100000, "v")]
    far = rows.replace('"2"', '"5"', 1)
    with pytest.raises(Abort) as err:
        read_tables(doc(far))
    assert err.value.message == "sheet T has values in row 100,003; jmap reads sheets of up to 100,000 rows"
    assert err.value.location.cell == "T!A100003"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            '<table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
            "<text:p>x</text:p></table:table-cell></table:table-row>",
            "sheet T has a value in column 16,384; jmap reads up to 1,000 columns",
        ),
        (
            '<table:table-row table:number-rows-repeated="90000"><table:table-cell table:number-columns-repeated="20" '
            'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
            "the spreadsheet has more than 1,500,000 cells with values; jmap does not read it",
        ),
        (
            '<table:table-row table:number-rows-repeated="90000"><table:table-cell office:value-type="string">'
            '<text:p><text:s text:c="1000"/>x</text:p></table:table-cell></table:table-row>',
            "the spreadsheet's cells hold more than 64,000,000 characters (repeated cells counted); "
            "jmap does not read it",
        ),
        (
            '<table:table-row><table:table-cell office:value-type="string"><text:p>'
            + '<text:s text:c="16777216"/>'
            + "</text:p></table:table-cell></table:table-row>",
            f"cell T!A1 holds more than {MAX_CELL_TEXT:,} characters; jmap does not read it",
        ),
    ],
    ids=["columns", "cells", "characters", "one-cell"],
)
def test_amplifying_repeats_are_refused_before_they_expand(rows: str, message: str) -> None:
    with peak_memory() as peak, pytest.raises(Abort) as err:
        read_tables(doc(rows))
    assert err.value.message == message
    assert peak.mib < 16  # refused before the repeats expand: nothing near the expanded size is ever held


def test_many_text_s_repeats_in_a_flat_file_stay_bounded() -> None:
    """Issue 25: ``<text:s text:c="1000"/>`` repeated gave a raw traceback; now a cap, quickly."""
    para = '<text:s text:c="1000"/>' * 2000
    rows = f'<table:table-row><table:table-cell office:value-type="string"><text:p>{para}</text:p></table:table-cell>'
    with peak_memory() as peak, pytest.raises(Abort) as err:
        read_tables(doc(rows + "</table:table-row>"))
    assert err.value.message == f"cell T!A1 holds more than {MAX_CELL_TEXT:,} characters; jmap does not read it"
    assert peak.mib < 16


def test_entities_and_foreign_archives_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + doc("").split(b"?>", 1)[1]
    assert refusal(bomb) == "the document has a document type declaration; jmap refuses XML entity declarations"
    assert refusal(ods(doc(""), b"application/zip")) == (
        "not an OpenDocument spreadsheet (its mimetype is b'application/zip')"
    )
    assert refusal(b"<html><body/></html>") == "not an OpenDocument spreadsheet: its XML has no office:document"
    assert refusal(b"<x").startswith("the spreadsheet's XML is not well-formed (")


def test_a_password_protected_ods_is_named() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"\x93\x11 encrypted bytes")
        z.writestr("META-INF/manifest.xml", b"<manifest:encryption-data/>")
    assert refusal(buf.getvalue()).startswith("this OpenDocument spreadsheet is password-protected;")


def test_shown_text_is_what_a_grid_is_read_for() -> None:
    row = (
        '<table:table-row><table:table-cell office:value-type="percentage" office:value="0.11"><text:p>11%</text:p>'
        '</table:table-cell><table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2">'
        "<text:p>2</text:p></table:table-cell></table:table-row>"
    )
    (table,) = read_tables(doc(row), shown=True)
    assert table.rows == [(1, {1: Cell("11%", "s"), 2: Cell("2", "s")})]
