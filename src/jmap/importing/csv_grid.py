"""Grids from CSV as Excel, LibreOffice and Google Sheets write it.

Encodings: UTF-8 (with or without the BOM Excel's "CSV UTF-8" writes), UTF-16 with a BOM
(Excel's "Unicode text"), else Windows-1252 (Excel's plain "CSV" on Western systems), said
as a guess. The delimiter is Excel's ``sep=`` line when there is one, else whichever of
comma, semicolon (European locales) and tab splits the rows most evenly.
"""

from __future__ import annotations

import csv
import io

from jmap.formats.xlsx.cells import MAX_COLUMNS, MAX_ROWS
from jmap.importing.grid import MAX_GRID_BYTES, MAX_GRID_CELLS, Grid, NoGrid, where_row_column

_DELIMITERS = (",", ";", "\t", "|")


def decode_text(path: str, raw: bytes, notes: list[str]) -> str:
    """A text file's characters; a fallback encoding is noted."""
    if len(raw) > MAX_GRID_BYTES:
        raise NoGrid(f"{path}: the file is {len(raw):,} bytes; jmap imports grids up to {MAX_GRID_BYTES:,}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise NoGrid(f"{path}: invalid UTF-16 text ({exc.reason})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise NoGrid(f"{path}: not a text file (it holds NUL bytes)")
    notes.append("the file is not UTF-8; read as Windows-1252 (Excel's plain CSV)")
    return raw.decode("cp1252", errors="replace")


def read_csv_grid(path: str, raw: bytes, notes: list[str]) -> Grid:
    text = decode_text(path, raw, notes)
    first, _, rest = text.partition("\n")
    delimiter = None
    skipped = 0
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4]
        text = rest
        skipped = 1
    if delimiter is None:
        delimiter = _sniff(text)
        if delimiter != ",":
            notes.append(f"fields are separated by {_NAMES[delimiter]}")
    cells: dict[tuple[int, int], str] = {}
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        for r, row in enumerate(reader, start=1 + skipped):
            if r > MAX_ROWS:
                raise NoGrid(f"{path}: more than {MAX_ROWS:,} rows; jmap imports grids up to that size")
            if len(row) > MAX_COLUMNS:
                raise NoGrid(f"{path}: row {r} has {len(row):,} fields; jmap reads up to {MAX_COLUMNS:,} columns")
            for c, value in enumerate(row, start=1):
                if value.strip():
                    cells[(r, c)] = value.replace("\r\n", "\n").replace("\r", "\n")
                    if len(cells) > MAX_GRID_CELLS:
                        raise NoGrid(f"{path}: more than {MAX_GRID_CELLS:,} cells with values; jmap does not import it")
    except csv.Error as exc:
        raise NoGrid(f"{path}: not readable as CSV ({exc})") from None
    return Grid("", cells, where_row_column)


_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def _sniff(text: str) -> str:
    """The delimiter that gives the most rows of the same width (more than one field) in the first lines."""
    sample = text[:65536]
    best, best_score = ",", (-1, 0)
    for d in _DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=d)
            rows = [row for _, row in zip(range(50), reader, strict=False)]
        except csv.Error:
            continue
        widths = [len(r) for r in rows if len(r) > 1 and any(v.strip() for v in r)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = d, score
    return best
