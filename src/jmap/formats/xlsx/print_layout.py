"""How the workbook looks on screen and on paper: row heights from wrapped text, page setup, the chart's layout.

Spreadsheet programs do not grow a row to fit wrapped text that a file gives no height for, so the
writer estimates each row's lines from the text and the column widths. Every sheet prints landscape
on A4 with its headers repeated; the Map sheet prints a few touchpoint columns per page, breaking
between stages where it can, with the layer column repeated, and the emotion chart under the grid
with each point under its touchpoint's column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Final

from xlsxwriter.worksheet import Worksheet

LINE_POINTS: Final = 15.0
"""The height of one line of 11-point text, in points."""
PAD_POINTS: Final = 4.0
MAX_ROW_POINTS: Final = 409.0
"""The tallest row a spreadsheet allows."""
CHARS_PER_WIDTH: Final = 1.2
"""Characters of ordinary text per unit of column width (the width unit is one '0')."""
A4: Final = 9
MAP_COLUMN_WIDTH: Final = 25
LABEL_COLUMN_WIDTH: Final = 17
COLUMNS_PER_PAGE: Final = 5
"""Touchpoint columns on one landscape A4 page of the Map sheet."""
PRINTABLE_INCHES: Final = 11.69 - 2 * 0.4 - 0.2
PRINTED_INCHES_PER_WIDTH: Final = 0.0966
"""How wide one unit of column width prints at 100% (measured in LibreOffice, which prints wider than Excel)."""
COLUMN_PIXELS_PER_WIDTH: Final = 7
COLUMN_PADDING_PIXELS: Final = 5
COLUMN_GAP: Final = 0.71
"""What a column prints wider than its width says (the cell padding), in width units."""
MIN_PRINT_SCALE: Final = 0.74
"""The least print scale of a data sheet: its 11-point text prints at 8 pt."""
CHART_HEIGHT: Final = 300
CHART_ROW_PIXELS: Final = 20


def text_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` needs for ``text``."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    if "\n" not in text:
        return max(1, -(-len(text) // per_line))
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))


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


def column_pages(widths: Sequence[float], keys: int, scale: float) -> list[int]:
    """The columns that start a new page (after the first) when the first ``keys`` columns repeat on every page."""
    room = PRINTABLE_INCHES / scale - printed_inches(widths[:keys])
    breaks: list[int] = []
    used = 0.0
    for col in range(keys, len(widths)):
        w = printed_inches(widths[col : col + 1])
        if used and used + w > room:
            breaks.append(col)
            used = 0.0
        used += w
    return breaks


def data_print_scale(widths: Sequence[float]) -> float:
    """The scale a data sheet prints at: 100%, or smaller to fit one page wide while text stays at least 8 pt."""
    return min(1.0, max(MIN_PRINT_SCALE, PRINTABLE_INCHES / printed_inches(widths))) if widths else 1.0


def page_setup(
    ws: Worksheet, last_row: int, last_col: int, header_rows: int = 1, widths: Sequence[float] = (), keys: int = 0
) -> None:
    """A data sheet: landscape A4, the header row on every page, the used range as print area.

    One page wide when that keeps the text at 8 pt or more (``MIN_PRINT_SCALE``); else the columns go over
    pages side by side at that scale, breaking between columns, with the first ``keys`` columns (the ids and
    the name) repeated on every page.
    """
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.repeat_rows(0, header_rows - 1)
    ws.print_area(0, 0, max(last_row, header_rows - 1), max(last_col, 0))
    ws.set_footer("&L&A&RPage &P of &N")
    scale = data_print_scale(widths)
    if not widths or printed_inches(widths) * scale <= PRINTABLE_INCHES + 0.01:
        ws.fit_to_pages(1, 0)
        return
    ws.set_print_scale(round(100 * scale))
    if keys:
        ws.repeat_columns(0, keys - 1)
    ws.set_v_pagebreaks(column_pages(widths, keys, scale))


def map_page_setup(ws: Worksheet, stage_widths: list[int], last_row: int, repeat_to: int) -> None:
    """The Map sheet: a few touchpoint columns per page, breaks between stages where they fit, layer column repeated."""
    columns = sum(stage_widths)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.repeat_rows(0, repeat_to)
    ws.repeat_columns(0, 0)
    ws.print_area(0, 0, last_row, max(columns, 1))
    ws.set_footer("&L&A&RPage &P of &N")
    if columns <= COLUMNS_PER_PAGE:
        ws.fit_to_pages(1, 0)
        return
    breaks: list[int] = []
    start, col = 1, 1
    for width in stage_widths:
        if col + width - start > COLUMNS_PER_PAGE and col > start:
            breaks.append(col)
            start = col
        while col + width - start > COLUMNS_PER_PAGE:
            start += COLUMNS_PER_PAGE
            breaks.append(start)
        col += width
    ws.set_v_pagebreaks(breaks)
    page = printed_inches([LABEL_COLUMN_WIDTH, *[MAP_COLUMN_WIDTH] * COLUMNS_PER_PAGE])
    ws.set_print_scale(max(10, min(100, int(100 * PRINTABLE_INCHES / page))))


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
