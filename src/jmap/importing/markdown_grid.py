"""Grids from Markdown pipe tables (GitHub style): one grid per table, cells named by line."""

from __future__ import annotations

import re

from jmap.formats.xlsx.cells import MAX_COLUMNS
from jmap.importing.csv_grid import decode_text
from jmap.importing.grid import MAX_GRID_CELLS, Grid, NoGrid, Where

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_PIPE = re.compile(r"(?<!\\)\|")


def read_markdown_grids(path: str, raw: bytes, notes: list[str]) -> list[Grid]:
    lines = decode_text(path, raw, notes).splitlines()
    grids: list[Grid] = []
    i = 0
    start = 0
    total = 0
    while i + 1 < len(lines):
        if "|" in lines[i] and _SEPARATOR.match(lines[i + 1]) and "-" in lines[i + 1]:
            rows = [(i + 1, lines[i])]
            j = i + 2
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                rows.append((j + 1, lines[j]))
                j += 1
            cells: dict[tuple[int, int], str] = {}
            line_of: dict[int, int] = {}
            for r, (number, line) in enumerate(rows, start=1):
                line_of[r] = number
                if line.count("|") > MAX_COLUMNS + 1:
                    raise NoGrid(f"{path}: line {number} has more than {MAX_COLUMNS:,} cells; jmap reads up to that")
                values = _split(line)
                for c, value in enumerate(values, start=1):
                    if value:
                        cells[(r, c)] = value
                        total += 1
            if total > MAX_GRID_CELLS:
                raise NoGrid(f"{path}: more than {MAX_GRID_CELLS:,} table cells; jmap does not import it")
            grid = Grid(f"table at line {i + 1}", cells, _where(line_of))
            heading = next((k for k in range(i - 1, start - 1, -1) if _HEADING.match(lines[k])), None)
            if heading is not None:
                grid.caption = (_HEADING.sub("", lines[heading]).strip(), f"line {heading + 1}")
            between = range(heading + 1 if heading is not None else start, i)
            grid.notes = [(f"line {k + 1}", lines[k].strip()) for k in between if lines[k].strip()]
            grids.append(grid)
            i = start = j
        else:
            i += 1
    return grids


def _where(line_of: dict[int, int]) -> Where:
    return lambda r, c: f"line {line_of.get(r, r)}, column {c}"


def _split(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [_unwrap(_BREAK.sub("\n", part).replace("\\|", "|").strip()) for part in _PIPE.split(s)]


def _unwrap(cell: str) -> str:
    """A cell without the bold or code marks wrapped round all of it (``**Stage**``, ```Owner```)."""
    for mark in ("**", "__", "`"):
        if len(cell) > 2 * len(mark) and cell.startswith(mark) and cell.endswith(mark):
            return cell[len(mark) : -len(mark)].strip()
    return cell
