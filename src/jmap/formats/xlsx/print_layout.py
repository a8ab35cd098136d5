"""How the workbook looks on screen and on paper: row heights from wrapped text, page setup, the chart's layout.

Spreadsheet programs do not grow a row to fit wrapped text that a file gives no height for, so the
writer estimates each row's lines from the text and the column widths. A data sheet's columns are sized
to their text so that they print one page wide (or, too wide for that, two or more pages side by side with
the key columns repeated) at 75-100%, never under 8 pt, the rows flowing down. Every sheet prints landscape
on A4 with its headers repeated; the Map sheet prints up to eight touchpoint columns per page, whole stages
to a page, with the layer column repeated, and the emotion chart under the grid with each point under its
touchpoint's column (the chart sheet prints it whole on a page of its own).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from xlsxwriter.worksheet import Worksheet

LINE_POINTS: Final = 15.0
"""The height of one line of 11-point text, in points."""
PAD_POINTS: Final = 4.0
MAX_ROW_POINTS: Final = 409.0
"""The tallest row a spreadsheet allows."""
CHARS_PER_WIDTH: Final = 1.1
"""Characters of ordinary text per unit of column width (the width unit is one '0')."""
A4: Final = 9
MAP_COLUMN_WIDTH: Final = 15
"""A touchpoint column of the Map sheet: a narrow card, so that a printed page holds eight of them."""
LABEL_COLUMN_WIDTH: Final = 16
PRINTABLE_INCHES: Final = 11.69 - 2 * 0.4 - 0.2
PRINTED_INCHES_PER_WIDTH: Final = 0.0966
"""How wide one unit of column width prints at 100% (measured in LibreOffice, which prints wider than Excel)."""
COLUMN_PIXELS_PER_WIDTH: Final = 7
COLUMN_PADDING_PIXELS: Final = 5
COLUMN_GAP: Final = 0.71
"""What a column prints wider than its width says (the cell padding), in width units."""
MIN_PRINT_SCALE: Final = 0.75
"""The least print scale of any sheet: its 11-point text prints at 8.25 pt."""
SLACK: Final = 0.97
"""The share of a page's width the columns are planned to fill, against rounding in the spreadsheet program."""
BOLD_WIDER: Final = 1.25
"""How much wider a bold header prints than the ordinary text the row heights are estimated for."""
NARROWEST: Final = 8.0
"""The least width of a column: a wrapped header word or a short value still reads."""
WIDEST: Final = 45.0
"""The widest a column grows for long text; longer text wraps."""
LONG_WORD: Final = 24.0
"""A word longer than this many width units (a URL) wraps inside itself rather than widening its column."""
_BREAKS: Final = re.compile(r"\s+|(?<=[-/])")
_AFTER_HYPHEN: Final = re.compile(r"(?<=[-/])")
"""Where a spreadsheet program may break a line: at spaces, and after a hyphen or a slash."""
CHART_HEIGHT: Final = 300
CHART_ROW_PIXELS: Final = 20


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` needs for ``text``: words go on a line while they fit, a line breaks
    at a space or after a hyphen or slash, and a word longer than a line is broken inside."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(_wrapped(line, per_line) for line in text.split("\n"))


def _wrapped(line: str, per_line: int) -> int:
    if len(line) <= per_line:
        return 1
    lines, used = 1, 0
    for word in line.split():
        for k, piece in enumerate(_AFTER_HYPHEN.split(word)):
            need = len(piece) + (1 if used and not k else 0)
            if used + need <= per_line:
                used += need
                continue
            if used:
                lines += 1
            full = (len(piece) - 1) // per_line
            lines += full
            used = len(piece) - full * per_line
    return lines


def row_points(lines: int) -> float:
    return min(MAX_ROW_POINTS, lines * LINE_POINTS + PAD_POINTS)


class RowHeights:
    """The tallest wrapped text seen in each row; written once the sheet is filled."""

    def __init__(self) -> None:
        self.lines: dict[int, int] = {}

    def note(self, row: int, text: str, width: float) -> None:
        if not text:
            return
        n = text_lines(text, width)
        if n > self.lines.get(row, 1):
            self.lines[row] = n

    def apply(self, ws: Worksheet, formats: dict[int, Any] | None = None) -> None:
        for row, n in self.lines.items():
            ws.set_row(row, row_points(n), (formats or {}).get(row))


def column_pixels(width: float) -> int:
    return int(width * COLUMN_PIXELS_PER_WIDTH + COLUMN_PADDING_PIXELS)


def printed_inches(widths: Sequence[float]) -> float:
    """How wide columns of these widths print at 100%."""
    return sum(w + COLUMN_GAP for w in widths) * PRINTED_INCHES_PER_WIDTH


def column_range(header: str, longest_line: float, longest_word: float) -> tuple[float, float]:
    """The narrowest and the widest useful width of a column: its header's longest word and its longest word
    fit the narrowest (a very long word wraps inside itself); its longest line, up to ``WIDEST``, the widest."""
    head = max((len(w) for w in _BREAKS.split(header)), default=0) * BOLD_WIDER
    narrow = max(NARROWEST, head, min(LONG_WORD, longest_word / CHARS_PER_WIDTH + 1))
    return narrow, max(narrow, min(WIDEST, longest_line / CHARS_PER_WIDTH + 1))


def fill_widths(ranges: Sequence[tuple[float, float]], room: float) -> list[float]:
    """Widths within their ranges that fit ``room`` printed inches: the widest columns give way first."""
    wide = [w for _, w in ranges]
    if printed_inches(wide) <= room:
        return wide
    low, high = 0.0, WIDEST
    for _ in range(40):
        level = (low + high) / 2
        if printed_inches([min(w, max(n, level)) for n, w in ranges]) <= room:
            low = level
        else:
            high = level
    return [round(min(w, max(n, low)), 2) for n, w in ranges]


@dataclass(frozen=True)
class PrintPlan:
    """How a data sheet prints: its column widths, the scale, and the columns that start a page to the right."""

    widths: tuple[float, ...]
    scale: int
    breaks: tuple[int, ...]


def _scale(page_inches: float) -> int:
    return max(round(100 * MIN_PRINT_SCALE), min(100, int(100 * PRINTABLE_INCHES * SLACK / page_inches)))


def _groups(narrow: Sequence[float], wide: Sequence[float], room: float, count: int | None = None) -> list[int] | None:
    """Side-by-side pages for columns of these ranges (the fewest, or ``count``), balanced by what the columns
    would like: the first column of each page after the first; None when ``count`` pages cannot hold them."""
    n = len(narrow)
    at_most = int(room / printed_inches([NARROWEST])) + 1
    low = [0.0, *itertools.accumulate(printed_inches([w]) for w in narrow)]
    high = [0.0, *itertools.accumulate(printed_inches([w]) for w in wide)]
    # best[j][k]: the evenest way to lay the first j columns on k pages (its fullest page's share, its starts)
    start: list[int] = []
    best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, start)}, *({} for _ in range(n))]
    for j in range(1, n + 1):
        for i in range(max(0, j - at_most), j):
            if low[j] - low[i] > room and j > i + 1:
                continue
            load = (high[j] - high[i]) / room
            for k, (before, starts) in best[i].items():
                cand = (max(before, load), [*starts, i] if i else [])
                current = best[j].get(k + 1)
                if current is None or cand[0] < current[0]:
                    best[j][k + 1] = cand
        fewest = min(best[j])
        best[j] = {k: v for k, v in best[j].items() if k <= fewest + 1}
    k = min(best[n]) if count is None else count
    return best[n][k][1] if k in best[n] else None


PAGE_POINTS: Final = 8.27 * 72 - 2 * 0.5 * 72 - 32
"""The height of a landscape A4 page's printed rows (its margins and footer off), in points."""


def _side_by_side(ranges: Sequence[tuple[float, float]], keys: int, room: float, count: int | None) -> PrintPlan | None:
    key_widths = fill_widths([(n, min(w, max(n, 20.0))) for n, w in ranges[:keys]], room)
    rest = ranges[keys:]
    left = room - printed_inches(key_widths)
    starts = _groups([n for n, _ in rest], [w for _, w in rest], left, count)
    if starts is None:
        return None
    widths = list(key_widths)
    page = 0.0
    for a, b in zip([0, *starts], [*starts, len(rest)], strict=True):
        part = fill_widths(rest[a:b], left)
        widths += part
        page = max(page, printed_inches(key_widths) + printed_inches(part))
    return PrintPlan(tuple(widths), _scale(page), tuple(keys + s for s in starts))


def plan_print(
    ranges: Sequence[tuple[float, float]], keys: int, tall: Callable[[Sequence[float]], float] | None = None
) -> PrintPlan:
    """One page wide at 75-100% when the columns fit at their narrowest; else side-by-side pages at 75% with
    the first ``keys`` columns repeated on each, as few as hold every column and as even as they can be.

    With ``tall`` (how many points the rows take at 100% for given widths), one page more side by side is
    chosen when its wider columns make the rows so much shorter that the sheet prints on fewer pages.
    """
    room = PRINTABLE_INCHES * SLACK / MIN_PRINT_SCALE
    narrow = [n for n, _ in ranges]
    plans: list[PrintPlan] = []
    if printed_inches(narrow) <= room or keys >= len(ranges):
        widths = fill_widths(ranges, room)
        plans.append(PrintPlan(tuple(widths), _scale(printed_inches(widths)), ()))
        across = 1
    else:
        fewest = _side_by_side(ranges, keys, room, None)
        assert fewest is not None
        plans.append(fewest)
        across = len(fewest.breaks) + 1
    if tall is not None and 0 < keys < len(ranges) - across:
        more = _side_by_side(ranges, keys, room, across + 1)
        if more is not None:
            plans.append(more)

    def pages(plan: PrintPlan) -> tuple[int, int]:
        down = 1 if tall is None else max(1, math.ceil(tall(plan.widths) * plan.scale / 100 / PAGE_POINTS))
        return (len(plan.breaks) + 1) * down, len(plan.breaks)

    return min(plans, key=pages)


class SheetTexts:
    """The text of a data sheet's cells, noted as they are written: the columns are sized to it once the sheet
    is filled, then each row is made as tall as its most wrapped cell."""

    def __init__(self) -> None:
        self.cells: list[tuple[int, int, str, bool]] = []
        self.line: dict[int, float] = {}
        self.word: dict[int, float] = {}

    def note(self, row: int, col: int, text: str, bold: bool = False) -> None:
        """A cell's text; a header's (row 0) sizes its column through its words only."""
        if not text:
            return
        if row:
            wider = BOLD_WIDER if bold else 1.0
            lines = text.split("\n")
            line = max(len(line) for line in lines) * wider
            word = max(len(w) for line in lines for w in _BREAKS.split(line)) * wider
            self.line[col] = max(self.line.get(col, 0), line)
            self.word[col] = max(self.word.get(col, 0), word)
        self.cells.append((row, col, text, bold))

    def ranges(self, headers: Sequence[str], columns: int) -> list[tuple[float, float]]:
        names = [*headers, *[""] * (columns - len(headers))]
        return [column_range(names[c], self.line.get(c, 0), self.word.get(c, 0)) for c in range(columns)]

    def points(self, widths: Sequence[float], rows: int) -> float:
        """How tall ``rows`` rows print at 100% with these column widths."""
        lines = self.heights(widths).lines
        return sum(row_points(n) for n in lines.values()) + (rows - len(lines)) * LINE_POINTS

    def heights(self, widths: Sequence[float]) -> RowHeights:
        heights = RowHeights()
        for row, col, text, bold in self.cells:
            heights.note(row, text, widths[col] / (BOLD_WIDER if bold else 1.0))
        return heights


def page_setup(ws: Worksheet, last_row: int, plan: PrintPlan, header_rows: int = 1, keys: int = 0) -> None:
    """A data sheet: landscape A4 at the plan's scale, the header row on every page, the used range as print
    area, rows flowing down; when it is wider than a page, the plan's pages side by side with the first
    ``keys`` columns (the ids and the name) repeated on every page."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.repeat_rows(0, header_rows - 1)
    ws.print_area(0, 0, max(last_row, header_rows - 1), max(len(plan.widths) - 1, 0))
    ws.set_footer("&L&A&RPage &P of &N")
    ws.set_print_scale(plan.scale)
    if plan.breaks:
        if keys:
            ws.repeat_columns(0, keys - 1)
        ws.set_v_pagebreaks(list(plan.breaks))


MAP_MID_STAGE_COST: Final = 1.5
"""What breaking a stage between two printed pages of the Map costs, in pages: its merged header is cut."""


def map_columns_per_page() -> int:
    """The most touchpoint columns one printed page of the Map holds at the least scale."""
    room = PRINTABLE_INCHES * SLACK / MIN_PRINT_SCALE - printed_inches([LABEL_COLUMN_WIDTH])
    return max(1, int(room / printed_inches([MAP_COLUMN_WIDTH])))


def map_breaks(stage_widths: Sequence[int], per_page: int) -> list[int]:
    """The 1-based columns that start a printed page of the Map: pages of whole stages, a stage wider than a
    page over as few pages as it needs; among as good choices, the evenest pages."""
    ends = set(itertools.accumulate(stage_widths))
    n = sum(stage_widths)
    best: list[tuple[float, list[int]] | None] = [(0.0, [])] + [None] * n
    for j in range(1, n + 1):
        for i in range(max(0, j - per_page), j):
            prev = best[i]
            if prev is None:
                continue
            cost = (
                prev[0]
                + 1
                + (0 if i == 0 or i in ends else MAP_MID_STAGE_COST)
                + ((per_page - j + i) / per_page) ** 2 / 100
            )
            current = best[j]
            if current is None or cost < current[0] - 1e-9:
                best[j] = (cost, [*prev[1], i + 1] if i else [])
    result = best[n]
    assert result is not None
    return result[1]


def map_page_setup(ws: Worksheet, stage_widths: list[int], last_row: int, repeat_to: int) -> None:
    """The Map sheet: as many touchpoint columns per page as print at 8 pt or more, breaks between stages where
    they cost no extra page, the layer column and the rows down to the touchpoints' names repeated."""
    columns = sum(stage_widths)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.repeat_rows(0, repeat_to)
    ws.repeat_columns(0, 0)
    ws.print_area(0, 0, last_row, max(columns, 1))
    ws.set_footer("&L&A&RPage &P of &N")
    per_page = map_columns_per_page()
    breaks = map_breaks(stage_widths, per_page)
    widest = max((b - a for a, b in itertools.pairwise([1, *breaks, columns + 1])), default=1)
    ws.set_print_scale(_scale(printed_inches([LABEL_COLUMN_WIDTH, *[MAP_COLUMN_WIDTH] * max(widest, 1)])))
    if breaks:
        ws.set_v_pagebreaks(breaks)


def chart_layout(columns: int) -> dict[str, Any]:
    """Size and plot-area layout that put the chart's category bands exactly over the touchpoint columns.

    The chart is inserted at column A; its plot area starts where column B starts and ends where the last
    touchpoint column ends, so a line chart's points (centred in their bands) sit under their columns.
    The category labels go below the plot, not on the zero line.
    """
    label = column_pixels(LABEL_COLUMN_WIDTH)
    width = label + columns * column_pixels(MAP_COLUMN_WIDTH)
    return {
        "size": {"width": width, "height": CHART_HEIGHT},
        "plotarea": {"layout": {"x": label / width, "y": 0.14, "width": 1 - label / width, "height": 0.62}},
        "rows": math.ceil(CHART_HEIGHT / CHART_ROW_PIXELS) + 1,
    }
