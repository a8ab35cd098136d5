"""The workbook on screen and on paper: row heights, page setup on every sheet, the chart under its columns."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from jmap.formats.xlsx.layout import (
    EVIDENCE,
    EVIDENCE_COLUMNS,
    METRIC_COLUMNS,
    METRICS,
    PAIN_POINT_COLUMNS,
    PAIN_POINTS,
    STAGE_COLUMNS,
    STAGES,
    TOUCHPOINT_COLUMNS,
    TOUCHPOINTS,
)
from jmap.formats.xlsx.print_layout import (
    PRINTABLE_INCHES,
    RowHeights,
    chart_layout,
    column_range,
    map_breaks,
    map_columns_per_page,
    plan_print,
    printed_inches,
    row_points,
    text_lines,
)
from jmap.formats.xlsx.writer import write_xlsx
from jmap.loader import load_map
from jmap.model import JourneyMap
from tests.formats.xlsx.helpers import SOFFICE, PrintedPage, parts, printed_pages, sheet_parts

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = {
    "enterprise-post-sale": REPO / "examples" / "enterprise-post-sale.yaml",
    "smb-self-serve-lifecycle": REPO / "examples" / "smb-self-serve-lifecycle.yaml",
    "stale-unowned-onboarding": REPO / "examples" / "defects" / "stale-unowned-onboarding.yaml",
    "b2b-saas": REPO / "examples" / "b2b-saas.yaml",
}
PAGES = {
    "enterprise-post-sale": {"Map": 4, "Emotion curve": 1, "About": 1, "Stages": 2, "Touchpoints": 6,
                             "Pain points": 1, "Evidence": 1, "Metrics": 1},
    "smb-self-serve-lifecycle": {"Map": 3, "Emotion curve": 1, "About": 1, "Stages": 2, "Touchpoints": 4,
                                 "Pain points": 1, "Evidence": 1},
    "stale-unowned-onboarding": {"Map": 2, "Emotion curve": 1, "About": 1, "Stages": 1, "Touchpoints": 2,
                                 "Pain points": 1, "Evidence": 1, "Metrics": 1},
    "b2b-saas": {"Map": 2, "Emotion curve": 1, "About": 1, "Stages": 2, "Touchpoints": 2, "Pain points": 1,
                 "Evidence": 1, "Metrics": 1},
    "wide-60": {"Map": 8, "Emotion curve": 1, "About": 1, "Stages": 1, "Touchpoints": 4, "Pain points": 1,
                "Evidence": 1},
}  # fmt: skip
"""Pages LibreOffice prints per sheet (28, 20, 18, 22 and 26 in all before the print was planned): the Map a
page per group of whole stages (at most eight touchpoints), the chart alone, a data sheet one page wide, or two
side by side (keys repeated) when its columns at their narrowest do not fit one at 8 pt, its rows flowing down."""
ACROSS = {
    "enterprise-post-sale": {"Stages": 2, "Touchpoints": 2},
    "smb-self-serve-lifecycle": {"Stages": 2, "Touchpoints": 2},
    "b2b-saas": {"Stages": 2, "Touchpoints": 2},
    "stale-unowned-onboarding": {"Touchpoints": 2},
    "wide-60": {"Touchpoints": 2},
}
"""Data sheets printed as two pages side by side (their columns at the narrowest wider than a page at 8 pt)."""


def test_text_lines_follow_wrapping_and_line_breaks() -> None:
    # 1.1 characters a unit of width: 28 on a line of a 26-wide cell
    assert text_lines("", 26) == 1
    assert text_lines("x" * 28, 26) == 1
    assert text_lines("x" * 29, 26) == 2
    assert text_lines("a\nb\n" + "x" * 70, 26) == 5
    # Words stay whole while they fit: 29 characters over three lines of 16, as LibreOffice wraps them.
    assert text_lines("Reads the message and replies", 15) == 3
    # A line breaks after a hyphen, not only at a space.
    assert text_lines("pre-approved anonymised case study", 15) == 3
    assert text_lines("time-to-first-published-rota", 15) == 2
    assert row_points(2) == 34.0
    assert row_points(1000) == 409.0


def test_row_heights_keep_the_tallest_cell_of_a_row() -> None:
    h = RowHeights()
    h.note(3, "short", 26)
    h.note(3, "x" * 100, 26)  # four lines of 28
    h.note(3, "one line", 26)
    h.note(5, "", 26)
    assert h.lines == {3: 4}


def test_a_column_is_as_narrow_as_its_longest_word_and_as_wide_as_its_longest_line() -> None:
    # The bold header's longest word (x1.25), the longest word (1.1 characters a unit, one spare), at least 8.
    assert column_range("Moment of truth", 5, 5) == (8.0, 8.0)
    assert column_range("Confidence", 6, 6) == (12.5, 12.5)
    assert column_range("Name", 33, 11) == pytest.approx((11.0, 31.0))
    # A very long word (a URL) wraps inside itself past 24 units; a long line wraps past 45.
    assert column_range("Playbook", 300, 120) == (24.0, 45.0)
    assert column_range("", 0, 0) == (8.0, 8.0)


def test_a_sheet_that_fits_one_page_at_its_narrowest_prints_one_page_wide() -> None:
    room = PRINTABLE_INCHES * 0.97 / 0.75
    # At their widest they print at 100%; the scale says how much room is left.
    plan = plan_print([(10.0, 20.0), (10.0, 30.0)], keys=1)
    assert plan.widths == (20.0, 30.0) and plan.scale == 100 and plan.breaks == ()
    # Too wide at 100%: 75%..100%, the widest columns give way first, none below its narrowest.
    plan = plan_print([(10.0, 45.0)] * 4, keys=1)
    assert plan.breaks == () and plan.scale == 75
    assert printed_inches(plan.widths) == pytest.approx(room, abs=0.01)
    plan = plan_print([(30.0, 30.0), (10.0, 45.0), (10.0, 45.0), (10.0, 45.0), (10.0, 45.0)], keys=1)
    assert plan.widths[0] == 30.0 and len(set(plan.widths[1:])) == 1 and plan.widths[1] < 45.0


def test_a_sheet_too_wide_at_its_narrowest_prints_even_pages_side_by_side() -> None:
    room = PRINTABLE_INCHES * 0.97 / 0.75
    ranges = [(9.0, 9.0), (18.0, 18.0), *[(12.0, 40.0)] * 14]
    plan = plan_print(ranges, keys=2)
    # Two pages, seven columns each after the two repeated keys, each page filled to its width.
    assert plan.breaks == (9,) and plan.scale == 75
    for part in (plan.widths[2:9], plan.widths[9:]):
        assert printed_inches([9.0, 18.0, *part]) == pytest.approx(room, abs=0.01)
    assert len(plan_print([(9.0, 9.0), *[(20.0, 20.0)] * 20], keys=1).breaks) == 3


def test_one_page_more_side_by_side_when_its_shorter_rows_print_on_fewer_pages() -> None:
    ranges = [(9.0, 9.0), *[(12.0, 45.0)] * 15]
    assert len(plan_print(ranges, keys=1).breaks) == 1

    def tall(widths: Sequence[float]) -> float:
        """Rows of long text: 1,500 points at the widths of two pages across, 400 at those of three."""
        return 400.0 if min(widths[1:]) > 20 else 1500.0

    assert len(plan_print(ranges, keys=1, tall=tall).breaks) == 2  # 3 x 1 pages, not 2 x 3
    assert len(plan_print(ranges, keys=1, tall=lambda widths: 300.0).breaks) == 1  # 2 x 1 either way: fewer across


def test_map_pages_hold_whole_stages_unless_a_stage_is_wider_than_a_page() -> None:
    assert map_columns_per_page() == 8
    assert map_breaks([5, 5, 4, 4, 4], 8) == [6, 11, 15]
    assert map_breaks([3, 4, 3], 8) == [4]  # 3+4 and 3 or 3 and 4+3: the first of the evenest
    assert map_breaks([2, 2], 8) == []
    # Six stages of ten: no page holds a stage, so eight pages, breaking inside stages.
    assert map_breaks([10] * 6, 8) == [8, 15, 23, 31, 38, 45, 53]


@pytest.fixture(scope="module")
def enterprise(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "enterprise-post-sale.xlsx"
    write_xlsx(load_map(EXAMPLES["enterprise-post-sale"]).model, path)
    return path


def test_every_sheet_prints_landscape_a4_with_a_footer(enterprise: Path) -> None:
    sheets = sheet_parts(enterprise)
    assert list(sheets) == [
        "Map", "Emotion curve", "About", "Stages", "Touchpoints", "Pain points", "Evidence", "Metrics"
    ]  # fmt: skip
    for name, xml in sheets.items():
        assert re.search(r'<pageSetup paperSize="9"( scale="\d+"| fitToHeight="0")? orientation="landscape"', xml), name
        assert "<oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>" in xml, name
    # Narrow enough for one page at 100%: About, Evidence and the chart sheet print at full size.
    for name in ("About", "Evidence", "Emotion curve"):
        assert '<pageSetup paperSize="9" orientation="landscape"/>' in sheets[name], name
    # The rest at 75% (11-point text at 8.25 pt), as explicit scales (no fit-to-page), rows flowing down; Stages and
    # Touchpoints too wide for one page at their narrowest, so two side by side.
    breaks = {"Map": ["6", "11", "15"], "Stages": ["8"], "Touchpoints": ["8"], "Pain points": [], "Metrics": []}
    for name, columns in breaks.items():
        assert '<pageSetup paperSize="9" scale="75" orientation="landscape"/>' in sheets[name], name
        assert re.findall(r'<brk id="(\d+)"', sheets[name]) == columns, name
    assert not any("fitToPage" in xml for xml in sheets.values())


def test_print_titles_and_areas(enterprise: Path) -> None:
    book = parts(enterprise)["xl/workbook.xml"]
    titles = dict(re.findall(r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]*)<', book))
    areas = dict(re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">([^<]*)<', book))
    # Sheet 1 is the chart sheet. The id columns and the name repeat on every page of a data sheet printed as
    # pages side by side; the header row on every page down.
    assert titles == {
        "0": "Map!$A:$A,Map!$1:$4", "2": "About!$1:$1", "3": "Stages!$A:$B,Stages!$1:$1",
        "4": "Touchpoints!$A:$C,Touchpoints!$1:$1", "5": "'Pain points'!$1:$1",
        "6": "Evidence!$1:$1", "7": "Metrics!$1:$1",
    }  # fmt: skip
    # The Map prints its grid; the chart under it prints whole on the chart sheet.
    assert areas == {
        "0": "Map!$A$1:$W$12", "2": "About!$A$1:$B$14", "3": "Stages!$A$1:$O$6", "4": "Touchpoints!$A$1:$P$23",
        "5": "'Pain points'!$A$1:$L$8", "6": "Evidence!$A$1:$D$5", "7": "Metrics!$A$1:$K$12",
    }  # fmt: skip


def test_map_pages_break_between_stages_and_rows_fit_their_text(enterprise: Path) -> None:
    xml = sheet_parts(enterprise)["Map"]
    # Onboarding has 5 touchpoints (B-F), adoption 5 (G-K), expansion 4 (L-O), renewal 4 (P-S), advocacy 4 (T-W):
    # at most eight to a page, whole stages, so renewal and advocacy share the last page.
    assert re.findall(r'<brk id="(\d+)"', xml) == ["6", "11", "15"]
    assert '<pageSetup paperSize="9" scale="75" orientation="landscape"' in xml  # 11-point text at 8.25 pt
    heights = dict(re.findall(r'<row r="(\d+)"[^>]*? ht="([\d.]+)"', xml))
    assert heights["8"] == "93.75"  # Thoughts: six wrapped lines in the widest cell
    assert heights["4"] == "48.75"  # Touchpoint names over three lines
    assert heights["11"] == "108.75"  # "Opportunities (owner)" and the fixes
    assert heights["12"] == "33.75"  # "Moment of truth", the label, over two lines
    assert "1" not in heights  # stage names fit on one line


def test_data_sheet_rows_grow_with_wrapped_text(enterprise: Path) -> None:
    xml = sheet_parts(enterprise)["Touchpoints"]
    heights = dict(re.findall(r'<row r="(\d+)"[^>]*? ht="([\d.]+)"', xml))
    # every row holds wrapped text; the header row is three lines tall, so "Moment of truth" is never cut
    assert len(heights) == 23 and all(float(h) >= 33.75 for h in heights.values())
    assert heights["1"] == "48.75"
    assert heights["7"] == "78.75"  # five lines: the German thoughts of admin-training


def test_the_chart_sits_under_the_grid_with_points_under_their_columns(enterprise: Path) -> None:
    files = parts(enterprise)
    chart = files["xl/charts/chart1.xml"]
    drawing = files["xl/drawings/drawing1.xml"]
    assert '<c:tickLblPos val="low"/>' in chart
    assert '<c:crossBetween val="between"/>' in chart
    layout = chart_layout(22)
    x = re.search(r"<c:plotArea><c:layout><c:manualLayout>.*?<c:x val=\"([\d.]+)\"/>.*?<c:w val=\"([\d.]+)\"/>", chart)
    assert x is not None
    assert float(x.group(1)) == pytest.approx(layout["plotarea"]["layout"]["x"], abs=1e-3)
    assert float(x.group(1)) + float(x.group(2)) == pytest.approx(1.0, abs=1e-3)
    # From the top-left of A14 (the row after the grid and a blank row) to the right edge of column W, the last
    # touchpoint's column: the plot area over B..W puts each point at the centre of its column.
    assert "<xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>13</xdr:row>" in drawing
    assert "<xdr:to><xdr:col>23</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>28</xdr:row>" in drawing


def _words(text: str) -> list[str]:
    """The words of ``text``, hyphens dropped (pdftotext joins "pre-" and "approved" wrapped over two lines)."""
    return re.findall(r"[^\W_]+|[^\w\s]", text.lower().replace("-", ""))


def _appears(haystack: list[str], value: str, gap: int = 16) -> bool:
    """The words of ``value`` in order, allowing a neighbouring cell's words between its wrapped lines."""
    needle = _words(value)
    for start, word in enumerate(haystack):
        if word != needle[0]:
            continue
        pos, ok = start, True
        for w in needle[1:]:
            window = haystack[pos + 1 : pos + 1 + gap]
            if w not in window:
                ok = False
                break
            pos = pos + 1 + window.index(w)
        if ok:
            return True
    return False


@dataclass(frozen=True)
class Printed:
    map: JourneyMap
    pages: list[PrintedPage]
    text: str
    across: dict[str, int]
    """The pages each sheet prints side by side, from its column breaks."""


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Every example and a 60-touchpoint map, written and printed by LibreOffice in one run."""
    if SOFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice and poppler-utils print the workbooks; CI installs them")
    from tests.formats.xlsx.helpers import soffice_convert
    from tests.pictures.maps import model, wide_map

    tmp = tmp_path_factory.mktemp("printed")
    maps = {name: load_map(source).model for name, source in EXAMPLES.items()}
    maps["wide-60"] = model(wide_map(60))
    books = []
    for name, m in maps.items():
        book = tmp / f"{name}.xlsx"
        write_xlsx(m, book)
        books.append(book)
    pdfs = soffice_convert(books, "pdf", tmp / "pdf")
    return {
        name: Printed(
            m,
            printed_pages(pdf),
            subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout,
            {sheet: len(re.findall(r"<brk id=", xml)) + 1 for sheet, xml in sheet_parts(book).items()},
        )
        for (name, m), pdf, book in zip(maps.items(), pdfs, books, strict=True)
    }


@pytest.mark.parametrize("name", list(PAGES))
def test_libreoffice_prints_the_planned_pages_of_every_sheet(printed: dict[str, Printed], name: str) -> None:
    pages = printed[name].pages
    counts: dict[str, int] = {}
    for page in pages:
        counts[page.sheet] = counts.get(page.sheet, 0) + 1
    assert counts == PAGES[name]
    assert [p.sheet for p in pages] == [s for s, n in PAGES[name].items() for _ in range(n)]


@pytest.mark.parametrize("name", list(PAGES))
def test_printed_text_is_8_pt_or_more_headers_whole_chart_alone(printed: dict[str, Printed], name: str) -> None:
    pages = printed[name].pages
    smallest = min(h for p in pages for h, _ in p.words)
    assert smallest >= 8.0, smallest
    # Bold headers wrap between words, never inside one: each word of every header prints whole.
    columns = {STAGES: STAGE_COLUMNS, TOUCHPOINTS: TOUCHPOINT_COLUMNS, PAIN_POINTS: PAIN_POINT_COLUMNS,
               EVIDENCE: EVIDENCE_COLUMNS, METRICS: METRIC_COLUMNS}  # fmt: skip
    for sheet, headers in columns.items():
        printed = {w for p in pages if p.sheet == sheet for _, w in p.words}
        if sheet in PAGES[name]:
            missing = [w for h, _ in headers for w in h.split() if w not in printed]
            assert missing == [], sheet
    chart = [p for p in pages if p.sheet == "Emotion curve"]
    assert len(chart) == 1 and chart[0].filled > 0.7
    assert not any(w in ("Thoughts", "Action") for _, w in chart[0].words)


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_are_filled_down_to_a_sheets_last(printed: dict[str, Printed], name: str) -> None:
    """Rows flow down a page before the next: only the last page of each run down a sheet is short."""
    pages = printed[name].pages
    assert {s: n for s, n in printed[name].across.items() if n > 1 and s != "Map"} == ACROSS.get(name, {})
    for sheet in PAGES[name]:
        run = [p.filled for p in pages if p.sheet == sheet]
        across = printed[name].across.get(sheet, 1)
        down = len(run) // across
        assert down * across == len(run), sheet
        for k, filled in enumerate(run):
            if (k + 1) % down:
                assert filled > 0.8, (sheet, k, filled)
    # The Map's pages, side by side, are filled by its rows at 75%: none is mostly blank.
    assert min(p.filled for p in pages if p.sheet == "Map") > 0.35


def test_every_touchpoint_prints(printed: dict[str, Printed]) -> None:
    for name, book in printed.items():
        m, words = book.map, _words(book.text)
        wanted = [
            v
            for _, _, _, t in m.touchpoints()
            for v in (t.name, t.thoughts, *(p.opportunity.fix for p in t.pain_points if p.opportunity))
            if v
        ]
        missing = [v for v in wanted if not _appears(words, v)]
        assert missing == [], name
        assert len(wanted) > 20
