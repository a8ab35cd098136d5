"""Hostile grids get the guards of the workbook reader: one clear message (exit 2), bounded work, no traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from jmap.importing import build_map
from jmap.importing.grid import NoGrid
from tests.formats.xlsx.helpers import build_workbook

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
OFFICE = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(content: str | bytes, *, mimetype: str = MIMETYPE, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def table(rows: str) -> str:
    return (
        f'<?xml version="1.0"?><office:document-content {OFFICE}><office:body><office:spreadsheet>'
        f'<table:table table:name="T">{rows}</table:table></office:spreadsheet></office:body></office:document-content>'
    )


def cell(text: str, attrs: str = "") -> str:
    return f'<table:table-cell office:value-type="string"{attrs}><text:p>{text}</text:p></table:table-cell>'


def refused(name: str, raw: bytes) -> str:
    with pytest.raises(NoGrid) as err:
        build_map(Path(name), raw)
    return str(err.value)


def test_an_ods_zip_bomb_is_refused_before_inflating() -> None:
    bomb = ods(b" " * (64 * 1024 * 1024))
    assert len(bomb) < 200_000
    message = refused("bomb.ods", bomb)
    assert message.startswith("bomb.ods: part content.xml inflates ")
    assert message.endswith(" times; this looks like a zip bomb, so the workbook is not read")


def test_entity_tricks_are_refused_in_ods_and_flat_ods() -> None:
    doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    body = table(f"<table:table-row>{cell('&b;')}</table:table-row>").split("?>", 1)[1]
    expected = "the document has a document type declaration; jmap refuses XML entity declarations"
    assert refused("x.ods", ods(doctype + body)) == f"x.ods: {expected}"
    assert refused("x.fods", (doctype + body).encode()) == f"x.fods: {expected}"


def test_a_repeated_row_with_values_cannot_blow_up() -> None:
    rows = f'<table:table-row table:number-rows-repeated="1000000">{cell("Actions")}{cell("x")}</table:table-row>'
    assert refused("rows.ods", ods(table(rows))) == (
        "rows.ods: sheet T has values in row 1,000,000; jmap reads sheets of up to 100,000 rows"
    )
    repeated = cell("x", ' table:number-columns-repeated="5000"')
    cols = f"<table:table-row>{repeated}</table:table-row>"
    assert refused("cols.ods", ods(table(cols))) == (
        "cols.ods: sheet T has a value in column 5,000; jmap reads up to 1,000 columns"
    )


def test_trailing_empty_repeats_as_libreoffice_writes_them_are_free() -> None:
    rows = (
        f"<table:table-row>{cell('Layer')}{cell('Onboarding')}</table:table-row>"
        f"<table:table-row>{cell('Actions')}{cell('Signs up')}</table:table-row>"
        f"<table:table-row>{cell('Emotion')}{cell('1')}"
        '<table:table-cell table:number-columns-repeated="16382"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048573">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    data, _, _, _ = build_map(Path("ok.ods"), ods(table(rows)))
    assert data["stages"][0]["touchpoints"][0]["emotion"] == 1


def test_an_encrypted_or_foreign_zip_is_not_read_as_ods() -> None:
    assert refused("x.ods", ods(table(""), mimetype="application/zip")) == (
        "x.ods: not an OpenDocument spreadsheet (its mimetype is b'application/zip')"
    )
    assert refused("x.ods", b"not a zip at all") == (
        "x.ods: not an OpenDocument spreadsheet (neither an .ods archive nor flat .fods XML)"
    )


def test_hostile_xlsx_grids_get_the_workbook_readers_guards() -> None:
    dtd = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><worksheet/>'
    assert "refuses XML entity declarations" in refused("x.xlsx", build_workbook({"Journey": dtd}))
    huge = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    assert refused("h.xlsx", build_workbook({"Journey": huge})) == (
        "h.xlsx: sheet Journey spans A1:XFD1048576; jmap reads sheets of up to 100,000 rows and 1,000 columns"
    )


def test_a_formula_in_a_grid_is_named_not_imported() -> None:
    def c(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{c("A1", "Layer")}{c("B1", "Onboarding")}</row>'
        f'<row r="2">{c("A2", "Actions")}{c("B2", "Signs up")}</row>'
        f'<row r="3">{c("A3", "Emotion")}<c r="B3"><f>1+0</f><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    raw = build_workbook({"Journey": sheet})
    data, _, _, guesses = build_map(Path("f.xlsx"), raw)
    assert "emotion" not in data["stages"][0]["touchpoints"][0]
    assert [(g.where, g.message) for g in guesses if "formula" in g.message] == [
        ("Journey!B3", "is a formula; jmap reads values, so the cell is not imported")
    ]


def test_csv_that_is_not_text_or_is_too_big() -> None:
    assert refused("x.csv", b"Layer,A\x00\xff\xfe") == "x.csv: not a text file (it holds NUL bytes)"
    wide = ("Actions," + ",".join(["x"] * 450) + "\n") * 450
    assert refused("w.csv", wide.encode()) == "w.csv: more than 200,000 cells with values; jmap does not import it"


def test_a_csv_in_windows_1252_is_read_and_said(tmp_path: Path) -> None:
    raw = "Layer;Kündigung\nActions;Ruft an – verärgert\nEmotion;frustrated\n".encode("cp1252")
    data, _, _, guesses = build_map(Path("de.csv"), raw)
    assert data["stages"][0]["name"] == "Kündigung"
    assert [g.message for g in guesses][:2] == [
        "the file is not UTF-8; read as Windows-1252 (Excel's plain CSV)",
        "fields are separated by semicolons",
    ]


def test_control_characters_in_cells_never_reach_the_terminal_raw() -> None:
    raw = b"Layer,On\x1b[31mboard\nActions,Signs\x07 up\nEmotion,\x1b[2Jangry\n"
    _, _, _, guesses = build_map(Path("c.csv"), raw)
    text = "\n".join(g.message for g in guesses)
    assert "\x1b" not in text and "\x07" not in text


def test_markdown_sizes_are_bounded_by_what_they_expand_to() -> None:
    wide = ("| a " * 10_000 + "|\n" + "|---" * 10_000 + "|\n" + "| b " * 10_000 + "|\n").encode()
    with pytest.raises(NoGrid, match=r"^wide\.md: line 1 has more than 1,000 cells; jmap reads up to that$"):
        build_map(Path("wide.md"), wide)
    long = b"# T\n" + b"x\n" * 200_001
    with pytest.raises(NoGrid, match=r"^long\.md: 200,002 lines; jmap reads Markdown files of up to 200,000 lines$"):
        build_map(Path("long.md"), long)


def test_markdown_text_around_a_table_is_kept_up_to_a_bound_and_the_rest_counted() -> None:
    raw = ("# Title\n" + "".join(f"note {i}\n" for i in range(502)) + "| Stage | Step | Pain point |\n|---|---|---|\n"
           "| Buy | Checkout | Slow |\n\nAfter the table\n").encode()  # fmt: skip
    data, _, _, guesses = build_map(Path("notes.md"), raw)
    assert data["x-notes"][:2] == ["note 0", "note 1"]
    assert data["x-notes"][499:] == ["note 499", "(2 more lines of text not kept)", "After the table"]
    shown = [f"{g.where}: {g.message}" for g in guesses]
    assert "line 508: text outside the table kept in the map's x-notes: 'After the table'" in shown
    assert "text outside the table kept in the map's x-notes: '(2 more lines of text not kept)'" in [
        g.message for g in guesses if not g.where
    ]
