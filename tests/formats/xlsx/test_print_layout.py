"""The workbook on screen and on paper: row heights, page setup on every sheet, the chart under its columns."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jmap.formats.xlsx.print_layout import RowHeights, chart_layout, row_points, text_lines
from jmap.formats.xlsx.writer import write_xlsx
from jmap.loader import load_map
from tests.formats.xlsx.helpers import needs_soffice, parts, sheet_parts

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = {
    "enterprise-post-sale": REPO / "examples" / "enterprise-post-sale.yaml",
    "smb-self-serve-lifecycle": REPO / "examples" / "smb-self-serve-lifecycle.yaml",
    "stale-unowned-onboarding": REPO / "examples" / "defects" / "stale-unowned-onboarding.yaml",
    "b2b-saas": REPO / "examples" / "b2b-saas.yaml",
}
PAGES = {"enterprise-post-sale": 28, "smb-self-serve-lifecycle": 20, "stale-unowned-onboarding": 18, "b2b-saas": 22,
         "wide-60": 26}  # fmt: skip
"""Pages LibreOffice prints: the Map sheet a page per group of whole stages (at most five touchpoints), the
emotion chart on a page of its own, then the data sheets, side by side pages when too wide for one at 8 pt."""
WORD_BOX = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')


def test_text_lines_follow_wrapping_and_line_breaks() -> None:
    assert text_lines("", 26) == 1
    assert text_lines("x" * 31, 26) == 1
    assert text_lines("x" * 32, 26) == 2
    assert text_lines("a\nb\n" + "x" * 70, 26) == 5
    assert row_points(2) == 34.0
    assert row_points(1000) == 409.0


def test_row_heights_keep_the_tallest_cell_of_a_row() -> None:
    h = RowHeights()
    h.note(3, "short", 26)
    h.note(3, "x" * 100, 26)
    h.note(3, "one line", 26)
    h.note(5, "", 26)
    assert h.lines == {3: 4}


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
    for name in ("About", "Evidence"):
        assert '<pageSetUpPr fitToPage="1"/>' in sheets[name], name
    # Too wide for one page at 8 pt or more: printed at 74% (11-point text at 8.1 pt) over pages side by side.
    breaks = {"Stages": ["5", "8", "10", "12", "14"], "Touchpoints": ["5", "7", "10", "15"],
              "Pain points": ["4", "9"], "Metrics": ["7", "10"]}  # fmt: skip
    for name, columns in breaks.items():
        assert '<pageSetup paperSize="9" scale="74" orientation="landscape"/>' in sheets[name], name
        assert "fitToPage" not in sheets[name], name
        assert re.findall(r'<brk id="(\d+)"', sheets[name]) == columns, name


def test_print_titles_and_areas(enterprise: Path) -> None:
    book = parts(enterprise)["xl/workbook.xml"]
    titles = dict(re.findall(r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]*)<', book))
    areas = dict(re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">([^<]*)<', book))
    # Sheet 1 is the chart sheet. The id columns and the name repeat on every page of a wide data sheet.
    assert titles == {
        "0": "Map!$A:$A,Map!$1:$4", "2": "About!$1:$1", "3": "Stages!$A:$B,Stages!$1:$1",
        "4": "Touchpoints!$A:$C,Touchpoints!$1:$1", "5": "'Pain points'!$A:$B,'Pain points'!$1:$1",
        "6": "Evidence!$1:$1", "7": "Metrics!$A:$C,Metrics!$1:$1",
    }  # fmt: skip
    # The Map prints its grid; the chart under it prints whole on the chart sheet.
    assert areas == {
        "0": "Map!$A$1:$W$12", "2": "About!$A$1:$B$14", "3": "Stages!$A$1:$O$6", "4": "Touchpoints!$A$1:$P$23",
        "5": "'Pain points'!$A$1:$L$8", "6": "Evidence!$A$1:$D$5", "7": "Metrics!$A$1:$K$12",
    }  # fmt: skip


def test_map_pages_break_between_stages_and_rows_fit_their_text(enterprise: Path) -> None:
    xml = sheet_parts(enterprise)["Map"]
    # Onboarding has 5 touchpoints (B-F), adoption 5 (G-K), expansion 4 (L-O), renewal 4 (P-S), advocacy 4 (T-W).
    assert re.findall(r'<brk id="(\d+)"', xml) == ["6", "11", "15", "19"]
    assert '<pageSetup paperSize="9" scale="75" orientation="landscape"' in xml  # 11-point text at 8.25 pt
    heights = dict(re.findall(r'<row r="(\d+)"[^>]*? ht="([\d.]+)"', xml))
    assert heights["8"] == "48.75"  # Thoughts: three wrapped lines in the widest cell
    assert heights["4"] == "33.75"  # Touchpoint names over two lines
    assert "1" not in heights  # stage names fit on one line


def test_data_sheet_rows_grow_with_wrapped_text(enterprise: Path) -> None:
    xml = sheet_parts(enterprise)["Touchpoints"]
    heights = dict(re.findall(r'<row r="(\d+)"[^>]*? ht="([\d.]+)"', xml))
    # one row fits one line; the header row is two lines tall, so "Moment of truth" is never cut
    assert len(heights) == 22 and all(float(h) >= 33.75 for h in heights.values())
    assert heights["1"] == "33.75"


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
    return re.findall(r"[^\W_]+|[^\w\s]", text.lower())


def _appears(haystack: list[str], value: str, gap: int = 10) -> bool:
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


@needs_soffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_libreoffice_prints_every_touchpoint_on_the_expected_pages(tmp_path: Path) -> None:
    from tests.formats.xlsx.helpers import soffice_convert
    from tests.pictures.maps import model, wide_map

    maps = {name: load_map(source).model for name, source in EXAMPLES.items()}
    maps["wide-60"] = model(wide_map(60))
    books = []
    for name, m in maps.items():
        book = tmp_path / f"{name}.xlsx"
        write_xlsx(m, book)
        books.append(book)
    pdfs = soffice_convert(books, "pdf", tmp_path / "pdf")
    for (name, m), pdf in zip(maps.items(), pdfs, strict=True):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1) == str(PAGES[name]), name  # type: ignore[union-attr]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        words = _words(text)
        boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages = [[(float(b) - float(a), w) for a, b, w in WORD_BOX.findall(p)] for p in boxes.split("<page ")[1:]]
        # The About sheet prints at 100%: its "Field" header is 11-point text, which calibrates the word boxes.
        about = next(p for p in pages if any(w == "Field" for _, w in p))
        per_pt = next(h for h, w in about if w == "Field") / 11
        smallest = min(h for p in pages for h, _ in p) / per_pt
        assert smallest >= 8.0, (name, smallest)
        # Headers are whole (wrapped, never cut), and the chart is alone on its page.
        assert _appears(words, "Moment of truth", gap=3), name
        chart = [p for p in pages if any(w == "Emotion" for _, w in p) and any(w == "curve" for _, w in p)]
        assert len(chart) == 1 and not any(w == "Thoughts" for _, w in chart[0]), name
        wanted = [
            v
            for _, _, _, t in m.touchpoints()
            for v in (t.name, t.thoughts, *(p.opportunity.fix for p in t.pain_points if p.opportunity))
            if v
        ]
        missing = [v for v in wanted if not _appears(words, v)]
        assert missing == [], name
        assert len(wanted) > 20
