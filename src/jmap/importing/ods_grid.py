"""Grids from OpenDocument spreadsheets (``.ods``, LibreOffice's own format, and flat ``.fods``).

The cells come from jmap's one OpenDocument decoder (``jmap.formats.ods.content``), with its guards:
the archive's sizes and ratio, no document type declaration, and repeats checked before they expand.
Every cell is read as the text it shows.
"""

from __future__ import annotations

import zipfile
import zlib

from jmap.formats.ods.content import content_xml, read_tables
from jmap.formats.xlsx.layout import ABOUT, TOUCHPOINTS, norm
from jmap.formats.xlsx.package import Abort
from jmap.importing.grid import MAX_GRID_CELLS, Grid, Merge, NoGrid, where_sheet


def read_ods_sheets(path: str, raw: bytes) -> list[Grid]:
    """Every sheet (table) of an ODS or flat ODS file as a grid."""
    try:
        tables = read_tables(content_xml(raw), shown=True)
    except Abort as exc:
        raise NoGrid(f"{path}: {exc.message.replace('XLSX workbook', 'OpenDocument spreadsheet')}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, OSError) as exc:
        raise NoGrid(f"{path}: not a readable OpenDocument spreadsheet ({exc})") from None
    names = {norm(t.name) for t in tables}
    if norm(ABOUT) in names and norm(TOUCHPOINTS) in names:
        raise NoGrid(
            f"{path}: this is a jmap workbook (it has the About and Touchpoints sheets); "
            f"convert it with 'jmap export {path} -o MAP.yaml' instead"
        )
    grids: list[Grid] = []
    total = 0
    for table in tables:
        cells: dict[tuple[int, int], str] = {}
        for row_no, row in table.rows:
            for col, cell in row.items():
                cells[(row_no, col)] = str(cell.value)
            total += len(row)
            if total > MAX_GRID_CELLS:
                raise NoGrid(
                    f"{path}: the spreadsheet has more than {MAX_GRID_CELLS:,} cells with values; "
                    "a journey grid is smaller, so jmap does not import it"
                )
        merges = [Merge(*m) for m in table.merges]
        grids.append(Grid(table.name, cells, where_sheet(table.name), merges))
    return grids
