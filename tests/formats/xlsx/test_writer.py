"""The written workbook, checked in its XML: sheets, columns, cells, merges, panes, validations, tables, chart."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from jmap.errors import ExportError, Refusal
from jmap.formats.xlsx.layout import (
    EVIDENCE_COLUMNS,
    PAIN_POINT_COLUMNS,
    STAGE_COLUMNS,
    TOUCHPOINT_COLUMNS,
    decode_extra,
    encode_extra,
    unescape,
)
from jmap.formats.xlsx.writer import MAP_ROWS, write_xlsx, xlsx_bytes
from jmap.model import JourneyMap
from tests.formats.xlsx.helpers import SAMPLE, parts, read_path, roundtrip, sample_map, sheet_parts, write_map


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_map(sample_map(), tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="module")
def sheets(book: Path) -> dict[str, str]:
    return sheet_parts(book)


def shared_strings(book: Path) -> list[str]:
    xml = parts(book).get("xl/sharedStrings.xml", "")
    return [re.sub(r"<[^>]+>", "", si) for si in re.findall(r"<si>(.*?)</si>", xml, re.S)]


def cell_texts(book: Path, sheet: str) -> dict[str, Any]:
    """Cell ref -> text (shared strings resolved) or number/bool text."""
    strings = shared_strings(book)
    out: dict[str, Any] = {}
    for ref, attrs, body in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet_parts(book)[sheet], re.S):
        v = re.search(r"<v>(.*?)</v>", body or "")
        if v is None:
            continue
        out[ref] = strings[int(v.group(1))] if 't="s"' in attrs else v.group(1)
    return out


def test_sheets_in_order(sheets: dict[str, str]) -> None:
    assert list(sheets) == ["Map", "Emotion curve", "About", "Stages", "Touchpoints", "Pain points", "Evidence"]


@pytest.mark.parametrize(
    ("sheet", "columns", "extra"),
    [
        ("Stages", STAGE_COLUMNS, ["x-note"]),
        ("Touchpoints", TOUCHPOINT_COLUMNS, ["x-priority"]),
        ("Pain points", PAIN_POINT_COLUMNS, []),
        ("Evidence", EVIDENCE_COLUMNS, []),
    ],
)
def test_headers_exactly_as_format(book: Path, sheet: str, columns: Any, extra: list[str]) -> None:
    cells = cell_texts(book, sheet)
    headers = [cells[f"{chr(65 + i)}1"] for i in range(len(columns) + len(extra))]
    assert headers == [h for h, _ in columns] + extra
    assert f"{chr(65 + len(columns) + len(extra))}1" not in cells


def test_about_rows(book: Path) -> None:
    cells = cell_texts(book, "About")
    fields = [cells[f"A{r}"] for r in range(1, 14)]
    assert fields == [
        "Field", "jmap", "id", "title", "kind", "segment", "persona", "scope", "owner", "goals", "last_reviewed",
        "review_every", "x-team",
    ]  # fmt: skip
    assert cells["B1"] == "Value"
    assert cells["B2"] == "1"
    assert cells["B10"] == "Cut time-to-first-value to 30 days\nLift renewal rate"
    assert cells["B13"] == "cs-ops"


def test_date_is_a_real_date_cell(book: Path, sheets: dict[str, str]) -> None:
    styles = parts(book)["xl/styles.xml"]
    assert 'formatCode="yyyy-mm-dd"' in styles
    about = sheets["About"]
    cell = re.search(r'<c r="B11"([^>]*)><v>([^<]*)</v>', about)
    assert cell is not None and 't="' not in cell.group(1)
    assert int(cell.group(2)) == 46248  # 2026-08-14


def test_touchpoint_rows(book: Path) -> None:
    cells = cell_texts(book, "Touchpoints")
    assert [cells.get(f"{c}2") for c in "ABCDEFGHIJKQ"] == [
        "onboarding", "kickoff-call", "Kickoff call", "call", "CSM",
        "Joins the kickoff with the CSM and the implementation lead", "Agree on a go-live date",
        "I couldn't get a word in.", "-1", "1", "https://wiki.example.com/playbooks/kickoff", "2",
    ]  # fmt: skip
    assert cells.get("E3") is None
    assert cells["A4"] == "renewal"


def test_booleans_are_boolean_cells(sheets: dict[str, str]) -> None:
    xml = sheets["Touchpoints"]
    assert re.search(r'<c r="J2"[^>]*t="b"[^>]*><v>1</v>', xml)
    assert re.search(r'<c r="J3"[^>]*t="b"[^>]*><v>0</v>', xml)


def test_pain_points_one_row_each_and_none_for_touchpoints_without(book: Path) -> None:
    cells = cell_texts(book, "Pain points")
    assert cells["A2"] == "kickoff-call" and cells["C2"] == "Carry the deal notes into the kickoff brief"
    assert cells["F2"] == "high" and cells["G2"] == "open"
    assert cells["A3"] == "kickoff-call" and cells["B3"] == "Nobody says who the implementation lead is"
    assert not any(f"{c}3" in cells for c in "CDEFG")
    assert "A4" not in cells


def test_map_matrix(book: Path, sheets: dict[str, str]) -> None:
    cells = cell_texts(book, "Map")
    assert [cells[f"A{r}"] for r in range(1, len(MAP_ROWS) + 1)] == list(MAP_ROWS)
    assert [cells.get(f"{c}4") for c in "BCDE"] == ["Kickoff call", "Welcome email", None, "Renewal call"]
    assert cells["B1"] == "Onboarding" and cells["D1"] == "Adoption" and cells["E1"] == "Renewal"
    merges = re.findall(r'<mergeCell ref="([^"]+)"/>', sheets["Map"])
    assert set(merges) == {"B1:C1", "B2:C2", "B3:C3"}
    assert cells["B9"] == "-1" and cells["E9"] == "2"
    assert cells["B10"] == "The sales-to-CS handoff drops the deal notes\nNobody says who the implementation lead is"
    assert cells["B11"] == "Carry the deal notes into the kickoff brief (Sales Ops)"
    assert cells["B12"] == "Yes"


def test_map_panes_wrap_widths(book: Path, sheets: dict[str, str]) -> None:
    xml = sheets["Map"]
    pane = re.search(r"<pane [^>]*>", xml)
    assert pane is not None
    assert 'xSplit="1"' in pane.group(0) and 'ySplit="4"' in pane.group(0) and 'state="frozen"' in pane.group(0)
    assert "<cols>" in xml
    assert 'wrapText="1"' in parts(book)["xl/styles.xml"]


def test_emotion_cells_coloured_red_to_green(book: Path, sheets: dict[str, str]) -> None:
    styles = parts(book)["xl/styles.xml"]
    fills = re.findall(r'<fgColor rgb="FF([0-9A-F]{6})"/>', styles)
    assert {"FBAA77", "B1D580", "63BE7B"} <= set(fills)
    assert "colorScale" in sheets["Touchpoints"]


def test_chart_under_the_grid(book: Path) -> None:
    all_parts = parts(book)
    charts = sorted(n for n in all_parts if n.startswith("xl/charts/chart"))
    assert len(charts) == 2  # under the grid, and alone on the chart sheet that prints it
    assert all_parts[charts[1]].count("Map!$B$9:$E$9") == 1
    chart = all_parts[charts[0]]
    assert "<c:lineChart>" in chart
    assert "Map!$B$9:$E$9" in chart and "Map!$B$4:$E$4" in chart
    drawing = next(v for k, v in all_parts.items() if k.startswith("xl/drawings/drawing"))
    anchor = re.search(r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>", drawing, re.S)
    assert anchor is not None and int(anchor.group(2)) >= len(MAP_ROWS)
    assert "<drawing " in sheet_parts(book)["Map"]


def test_headers_frozen_and_styled(book: Path, sheets: dict[str, str]) -> None:
    for name in ("About", "Stages", "Touchpoints", "Pain points", "Evidence"):
        assert re.search(r'<pane ySplit="1" topLeftCell="A2"[^>]*state="frozen"', sheets[name]), name
    assert "<b/>" in parts(book)["xl/styles.xml"]


def test_tables_with_filters(book: Path, sheets: dict[str, str]) -> None:
    all_parts = parts(book)
    tables = {n: x for n, x in all_parts.items() if n.startswith("xl/tables/")}
    assert len(tables) == 2
    names = sorted(re.search(r' name="([^"]+)"', x).group(1) for x in tables.values())  # type: ignore[union-attr]
    assert names == ["PainPoints", "Touchpoints"]
    assert all("<autoFilter " in x for x in tables.values())
    assert '<tableParts count="1">' in sheets["Touchpoints"] and '<tableParts count="1">' in sheets["Pain points"]
    touchpoints_table = next(x for x in tables.values() if 'name="Touchpoints"' in x)
    assert 'ref="A1:Q4"' in touchpoints_table


@pytest.mark.parametrize(
    ("sheet", "column", "words"),
    [
        ("Touchpoints", "I", ["-2", "-1", "0", "1", "2"]),
        ("Touchpoints", "J", ["TRUE", "FALSE"]),
        ("Pain points", "F", ["high", "medium", "low"]),
        ("Pain points", "G", ["idea", "open", "in-progress", "shipped", "measured", "dropped"]),
        ("Stages", "C", ["pre-sale", "post-sale"]),
    ],
)
def test_dropdowns(sheets: dict[str, str], sheet: str, column: str, words: list[str]) -> None:
    found = re.search(
        rf'<dataValidation type="list"[^>]*sqref="{column}2:{column}1048576"[^>]*>\s*<formula1>"([^<]*)"</formula1>',
        sheets[sheet],
    )
    assert found is not None, sheets[sheet][-1500:]
    assert found.group(1).split(",") == words


def test_title_and_creator(book: Path) -> None:
    core = parts(book)["docProps/core.xml"]
    assert "<dc:title>Enterprise post-sale journey</dc:title>" in core
    assert "<dc:creator>jmap</dc:creator>" in core


FORMULA_LIKE = ["=SUM(A1:A2)", "+1", "-1", "@cmd", "=1+1", "-", '=HYPERLINK("http://x")']


def test_formula_like_text_is_text_never_a_formula(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "jmap": 1,
        "title": "=cmd|' /C calc'!A0",
        "owner": "+owner",
        "stages": [
            {
                "id": "s",
                "name": "@stage",
                "touchpoints": [
                    {"id": f"t{i}", "name": text, "owner": text, "thoughts": text, "x-f": text}
                    for i, text in enumerate(FORMULA_LIKE)
                ],
            }
        ],
    }
    m = JourneyMap.model_validate(data)
    path = write_map(m, tmp_path)
    for name, xml in sheet_parts(path).items():
        assert "<f>" not in xml and "<f " not in xml, name
    touchpoints = sheet_parts(path)["Touchpoints"]
    for ref in ("C2", "E3", "H4", "Q5"):
        assert re.search(rf'<c r="{ref}"[^>]*t="s"', touchpoints), ref
    assert roundtrip(m, tmp_path, "again.xlsx") == m


def test_control_characters_escaped_reversibly(tmp_path: Path) -> None:
    m = JourneyMap.model_validate(
        {"jmap": 1, "title": "a\x01b _x0041_ c\rd \x1f", "stages": [], "x-raw": "_x005F_ \x00 \ufffe"}
    )
    path = write_map(m, tmp_path)
    strings = parts(path)["xl/sharedStrings.xml"]
    assert "a_x0001_b _x005F_x0041_ c_x000D_d" in strings
    assert "_x005F_x005F_ _x0000_ _xFFFE_" in strings
    assert roundtrip(m, tmp_path, "again.xlsx") == m


def test_text_that_looks_like_rich_text_markup_stays_text(tmp_path: Path) -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "<r>x</r>", "owner": "<r><t>owner</t></r>", "stages": []})
    path = write_map(m, tmp_path)
    strings = parts(path)["xl/sharedStrings.xml"]
    assert "<t>&lt;</t>" in strings and "&lt;t&gt;owner&lt;/t&gt;" in strings
    assert "<r><t>owner</t></r>" not in strings
    assert roundtrip(m, tmp_path, "again.xlsx") == m


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "",
        "  padded ",
        "42",
        "true",
        "null",
        '"q"',
        "[1]",
        "{}",
        42,
        -1.5,
        1.0,
        True,
        None,
        [1, "a"],
        {"k": [None]},
    ],
)
def test_x_value_encoding_round_trips(value: Any) -> None:
    assert decode_extra("x-k", encode_extra("x-k", value)) == value
    assert type(decode_extra("x-k", encode_extra("x-k", value))) is type(value)


def test_x_values_of_every_kind_round_trip(tmp_path: Path) -> None:
    data = dict(SAMPLE)
    data["x-list"] = [1, "two", None]
    data["x-jmap-ignore"] = ["JM101", "JM102"]
    data["review"] = {"last_reviewed": "2026-08-14", "every": "weekly", "x-by": "Ann"}
    m = JourneyMap.model_validate(data)
    path = write_map(m, tmp_path)
    about = {v for k, v in cell_texts(path, "About").items() if k.startswith("B")}
    assert "JM101\nJM102" in about
    assert '[1, "two", null]' in about
    assert roundtrip(m, tmp_path, "again.xlsx") == m


def test_opportunity_x_fields_get_their_own_columns(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "jmap": 1,
        "title": "t",
        "stages": [
            {
                "id": "s",
                "name": "S",
                "touchpoints": [
                    {
                        "id": "t",
                        "name": "T",
                        "pain_points": [{"text": "p", "x-a": 1, "opportunity": {"fix": "f", "x-a": "o"}}],
                    }
                ],
            }
        ],
    }
    m = JourneyMap.model_validate(data)
    path = write_map(m, tmp_path)
    cells = cell_texts(path, "Pain points")
    assert cells["M1"] == "x-a" and cells["N1"] == "Opportunity x-a"
    assert roundtrip(m, tmp_path, "again.xlsx") == m


def test_empty_map(tmp_path: Path) -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "Empty", "stages": []})
    assert roundtrip(m, tmp_path) == m


def test_more_touchpoints_than_columns_falls_back_to_one_column_per_stage(tmp_path: Path) -> None:
    touchpoints = [{"id": f"t{i}", "name": f"Touchpoint {i}", "emotion": i % 5 - 2} for i in range(16_384)]
    m = JourneyMap.model_validate(
        {
            "jmap": 1,
            "title": "Huge",
            "stages": [
                {"id": "a", "name": "A", "touchpoints": touchpoints[:10_000]},
                {"id": "b", "name": "B", "touchpoints": touchpoints[10_000:]},
            ],
        }
    )
    path = write_map(m, tmp_path)
    xml = sheet_parts(path)["Map"]
    assert "<mergeCell " not in xml
    assert re.search(r'<dimension ref="A1:C\d+"/>', xml)
    cells = cell_texts(path, "Map")
    assert cells["B4"].startswith("Touchpoint 0\nTouchpoint 1\n")
    assert len(cells["B4"]) <= 32_767 and "more" in cells["B4"].splitlines()[-1]
    chart = next(v for k, v in parts(path).items() if k.startswith("xl/charts/"))
    assert "Touchpoints!$I$2:$I$16385" in chart
    doc, validated = read_path(path)
    assert doc.issues == [] and validated.model == m


def test_list_item_with_a_line_break_is_an_export_error(tmp_path: Path) -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "t", "goals": ["one", "two\nlines"], "stages": []})
    with pytest.raises(ExportError, match=r"goals, item 2, contains a line break"):
        write_xlsx(m, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_text_longer_than_a_cell_is_an_export_error(tmp_path: Path) -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "t" * 40_000, "stages": []})
    with pytest.raises(ExportError, match="at most 32,767"):
        write_xlsx(m, tmp_path / "out.xlsx")


def test_surrogates_are_an_export_error(tmp_path: Path) -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "a\ud800b", "stages": []})
    with pytest.raises(ExportError, match="surrogate"):
        write_xlsx(m, tmp_path / "out.xlsx")


def test_x_keys_differing_only_in_case_are_an_export_error(tmp_path: Path) -> None:
    m = JourneyMap.model_validate(
        {
            "jmap": 1,
            "title": "t",
            "stages": [{"id": "s", "name": "S", "x-a": 1, "touchpoints": []}, {"id": "u", "name": "U", "x-A": 2}],
        }
    )
    with pytest.raises(ExportError, match="differ only in case"):
        write_xlsx(m, tmp_path / "out.xlsx")


def test_an_os_error_reaches_the_caller_untouched_so_the_atomic_writer_names_out(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_xlsx(sample_map(), tmp_path / "missing-folder" / "out.xlsx")


def test_the_workbook_is_built_in_memory_and_a_stream_gets_the_same_bytes(tmp_path: Path) -> None:
    stream = io.BytesIO()
    write_xlsx(sample_map(), stream)
    path = write_map(sample_map(), tmp_path)
    assert stream.getvalue()[:2] == b"PK"
    assert len(stream.getvalue()) == path.stat().st_size


def test_the_archive_is_a_valid_zip(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        assert z.testzip() is None
        assert "[Content_Types].xml" in z.namelist()


# --- issue 8 §3: nothing is lost silently -------------------------------------------------------------------


def test_the_cell_limit_counts_utf16_units_as_excel_does(tmp_path: Path) -> None:
    fits = "🙂" * 16_383 + "a"  # 32,767 units
    m = JourneyMap.model_validate({"jmap": 1, "title": fits, "stages": []})
    assert roundtrip(m, tmp_path).title == fits
    too_long = JourneyMap.model_validate({"jmap": 1, "title": "🙂" * 20_000, "stages": []})
    with pytest.raises(ExportError) as caught:
        write_xlsx(too_long, tmp_path / "out.xlsx")
    assert caught.value.kind is Refusal.TEXT_TOO_LONG
    assert str(caught.value) == (
        "map field title is 40,000 UTF-16 code units long; a workbook cell holds at most 32,767 "
        "(Excel counts a character outside the Basic Multilingual Plane, such as an emoji, as two)"
    )


RICH_SHAPED = [
    "<r>CSM</r>",
    "<r><t>CSM</t></r>",
    "<r></r></si><si><r></r>",
    "<r><rPr><b/></rPr><t>bold</t></r>",
    "<t>x</t>",
    "<r>_x0041_</r>",
    "<r>a_x005F_x0041_b</r>",
]


@pytest.mark.parametrize("text", RICH_SHAPED)
def test_rich_text_shaped_text_is_written_literally_everywhere(tmp_path: Path, text: str) -> None:
    """Including the Map sheet's merged stage cells, which once went to XlsxWriter's merge_range unchecked and
    were copied into sharedStrings.xml as markup (one extra <si> shifted every later string)."""
    m = JourneyMap.model_validate(
        {
            "jmap": 1, "title": text, "owner": text, "x-t": text,
            "stages": [{"id": "s", "name": text, "owner": text, "customer_goal": text, "touchpoints": [
                {"id": "a", "name": text, "owner": text,
                 "pain_points": [{"text": text, "opportunity": {"owner": text}}]},
                {"id": "b", "name": "B", "owner": "CSM"},
            ]}],
        }
    )  # fmt: skip
    path = write_map(m, tmp_path)
    sst = parts(path)["xl/sharedStrings.xml"]
    items = ET.fromstring(sst)
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    texts = ["".join(unescape(t.text or "") for t in si.iter(f"{main}t")) for si in items]
    assert len(texts) == int(items.get("uniqueCount") or 0)
    stage_name = re.search(r'<c r="B1"[^>]*><v>(\d+)</v>', sheet_parts(path)["Map"])
    assert stage_name is not None and texts[int(stage_name.group(1))] == text
    assert roundtrip(m, tmp_path, "again.xlsx") == m


def test_a_warning_from_the_library_is_an_export_error_at_the_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import warnings

    from xlsxwriter.worksheet import Worksheet

    original = Worksheet.write_string

    def grumpy(self: Worksheet, row: int, col: int, value: str, *args: Any) -> int:
        if value.startswith("https://wiki"):
            warnings.warn("Ignoring input in write_string()", UserWarning, stacklevel=2)
            return -4
        return int(original(self, row, col, value, *args))

    monkeypatch.setattr(Worksheet, "write_string", grumpy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning that escaped would fail here instead
        with pytest.raises(ExportError) as caught:
            write_xlsx(sample_map(), tmp_path / "out.xlsx")
    assert caught.value.kind is Refusal.WRITER_LIBRARY
    assert str(caught.value) == (
        "playbook of touchpoint 'kickoff-call' (sheet Touchpoints, cell K2) cannot be written: "
        "Ignoring input in write_string()"
    )


def test_a_status_the_library_returns_is_an_export_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from xlsxwriter.worksheet import Worksheet

    monkeypatch.setattr(Worksheet, "write_datetime", lambda *args: -1)
    with pytest.raises(ExportError, match=r"last_reviewed .*cell B11\) cannot be written: .*status -1"):
        write_xlsx(sample_map(), tmp_path / "out.xlsx")


def test_x_keys_with_overlapping_escape_like_text_are_refused(tmp_path: Path) -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "t", "stages": [{"id": "s", "name": "S", "x-_x005F_x0041_": 1}]})
    with pytest.raises(ExportError) as caught:
        write_xlsx(m, tmp_path / "out.xlsx")
    assert caught.value.kind is Refusal.FIELD_NAME
    assert "overlapping text shaped like the workbook escape" in str(caught.value)


def test_a_map_wider_than_the_readers_columns_gets_the_by_stage_map_and_reads_back() -> None:
    from jmap.formats.xlsx.cells import MAX_COLUMNS
    from jmap.formats.xlsx.reader import read_xlsx

    stages = [
        {
            "id": f"s{s}",
            "name": f"Stage {s}",
            "touchpoints": [{"id": f"t{s}-{t}", "name": f"T {t}"} for t in range(334)],
        }
        for s in range(3)
    ]
    m = JourneyMap.model_validate({"jmap": 1, "title": "Wide", "stages": stages})
    assert sum(len(s.touchpoints) for s in m.stages) > MAX_COLUMNS - 1
    doc = read_xlsx("wide.xlsx", xlsx_bytes(m))
    assert doc.issues == []
    assert len(doc.data["stages"][2]["touchpoints"]) == 334
