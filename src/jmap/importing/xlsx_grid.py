"""Grids from XLSX workbooks, read under the guards of jmap's own workbook reader."""

from __future__ import annotations

import re
import zipfile
import zlib

from jmap.document import PositionIndex, RawDocument
from jmap.findings import Location
from jmap.formats.xlsx.cells import MAX_COLUMNS, as_text, column_number
from jmap.formats.xlsx.layout import ABOUT, TOUCHPOINTS, norm
from jmap.formats.xlsx.package import Abort
from jmap.formats.xlsx.reader import CellIndex, Reader
from jmap.importing.grid import MAX_GRID_CELLS, Grid, Merge, NoGrid, where_sheet

_MERGE = re.compile(
    r"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\sref\s*=\s*[\"']([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"
)


_HIDDEN_ROW = re.compile(r"<(?:\w+:)?row\b(?=[^>]*\shidden\s*=\s*[\"'](?:1|true)[\"'])[^>]*?\sr\s*=\s*[\"'](\d{1,7})")
_HIDDEN_COL = re.compile(
    r"<(?:\w+:)?col\b(?=[^>]*\shidden\s*=\s*[\"'](?:1|true)[\"'])"
    r"(?=[^>]*\smin\s*=\s*[\"'](\d{1,5})[\"'])(?=[^>]*\smax\s*=\s*[\"'](\d{1,5})[\"'])"
)
"""Hidden rows and columns, as Excel and LibreOffice write them (attributes in any order)."""


def read_xlsx_sheets(path: str, raw: bytes) -> list[Grid]:
    """Every sheet of the workbook as a grid, in workbook order."""
    try:
        return _sheets(path, raw)
    except Abort as exc:
        raise NoGrid(f"{path}: {exc.message}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError, OSError) as exc:
        raise NoGrid(f"{path}: not a readable XLSX workbook ({exc})") from None


def _sheets(path: str, raw: bytes) -> list[Grid]:
    doc = RawDocument(path=path, kind="xlsx", data=None, positions=PositionIndex())
    reader = Reader(raw, doc, CellIndex())
    wb = reader.wb
    sheets = [(name, part) for name, part in reader.open_book() if wb.info(part) is not None]
    names = {norm(n) for n, _ in sheets}
    if norm(ABOUT) in names and norm(TOUCHPOINTS) in names:
        raise NoGrid(
            f"{path}: this is a jmap workbook (it has the About and Touchpoints sheets); "
            f"convert it with 'jmap export {path} -o MAP.yaml' instead"
        )
    grids = []
    total = 0
    for name, part in sheets:
        cells: dict[tuple[int, int], str] = {}
        skipped: list[tuple[int, int, str]] = []
        for row_no, row in reader.rows(name, part):
            for col, cell in row.items():
                if cell.kind == "f":
                    skipped.append((row_no, col, "is a formula; jmap reads values, so the cell is not imported"))
                    continue
                if cell.kind == "e":
                    skipped.append((row_no, col, f"{cell.value}; the cell is not imported"))
                    continue
                text = str(as_text(cell))
                if text.strip():
                    cells[(row_no, col)] = text
                    total += 1
                    if total > MAX_GRID_CELLS:
                        raise NoGrid(
                            f"{path}: the workbook has more than {MAX_GRID_CELLS:,} cells with values; "
                            "a journey grid is smaller, so jmap does not import it"
                        )
        xml = wb.text(part, Location(1, 1, f"{name}!A1"))
        merges = [
            Merge(int(r1), column_number(c1), int(r2), column_number(c2)) for c1, r1, c2, r2 in _MERGE.findall(xml)
        ]
        grid = Grid(name, cells, where_sheet(name), merges, skipped)
        grid.hidden_rows = {int(r) for r in _HIDDEN_ROW.findall(xml)}
        for lo, hi in _HIDDEN_COL.findall(xml):
            grid.hidden_cols.update(range(int(lo), min(int(hi), MAX_COLUMNS) + 1))
        grids.append(grid)
    return grids
