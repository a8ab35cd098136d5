"""Grids from Markdown pipe tables (GitHub style): one grid per table, cells named by line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jmap.formats.xlsx.cells import MAX_COLUMNS, MAX_ROWS
from jmap.importing.csv_grid import decode_text
from jmap.importing.grid import MAX_GRID_CELLS, Grid, NoGrid, Where

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_PIPE = re.compile(r"(?<!\\)\|")


_MAX_LINES = 2 * MAX_ROWS
"""A page longer than this holds no hand-made grid; counting is cheap, reading line by line is not."""
_MAX_NOTE_LINES = 500
"""Lines of text kept around a table; past that, their number is said."""


def read_markdown_grids(path: str, raw: bytes, notes: list[str]) -> list[Grid]:
    """Every pipe table, with the heading above it and the text around it (read line by line)."""
    text = decode_text(path, raw, notes)
    count = text.count("\n")
    if count > _MAX_LINES:
        raise NoGrid(f"{path}: {count:,} lines; jmap reads Markdown files of up to {_MAX_LINES:,} lines")
    reader = _Reader(path)
    for number, line in _lines(text):
        reader.line(number, line)
    reader.end()
    return reader.grids


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines without their line breaks, numbered from 1, without building a list of them all."""
    start, number = 0, 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        number += 1
        yield number, text[start:end].rstrip("\r")
        start = end + 1


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.grids: list[Grid] = []
        self.total = 0
        self.rows: list[tuple[int, str]] | None = None
        self.prev: tuple[int, str] | None = None
        self.heading: tuple[str, str] | None = None
        self.text: list[tuple[str, str]] = []
        self.more = 0

    def line(self, number: int, line: str) -> None:
        if self.rows is not None:
            if "|" in line and line.strip():
                self.rows.append((number, line))
                if len(self.rows) > MAX_ROWS:
                    raise NoGrid(f"{self.path}: a table of more than {MAX_ROWS:,} rows; jmap imports grids up to that")
                return
            self.table()
        if self.prev is not None and "|" in self.prev[1] and "-" in line and _SEPARATOR.match(line):
            self.rows = [self.prev]
            self.prev = None
            return
        if self.prev is not None:
            self.words(*self.prev)
        self.prev = (number, line)

    def words(self, number: int, line: str) -> None:
        """A line outside the tables: a heading (the next table's title) or text for the map's notes."""
        if _HEADING.match(line):
            if self.heading is not None:
                self.keep(self.heading[1], "#" + self.heading[0])
            self.heading = (_HEADING.sub("", line).strip(), f"line {number}")
        elif line.strip():
            self.keep(f"line {number}", line.strip())

    def keep(self, where: str, text: str) -> None:
        if len(self.text) < _MAX_NOTE_LINES:
            self.text.append((where, text.removeprefix("#")))
        else:
            self.more += 1

    def table(self) -> None:
        rows, self.rows = self.rows or [], None
        cells: dict[tuple[int, int], str] = {}
        line_of: dict[int, int] = {}
        for r, (number, line) in enumerate(rows, start=1):
            line_of[r] = number
            if line.count("|") > MAX_COLUMNS + 1:
                raise NoGrid(f"{self.path}: line {number} has more than {MAX_COLUMNS:,} cells; jmap reads up to that")
            for c, value in enumerate(_split(line), start=1):
                if value:
                    cells[(r, c)] = value
                    self.total += 1
            if self.total > MAX_GRID_CELLS:
                raise NoGrid(f"{self.path}: more than {MAX_GRID_CELLS:,} table cells; jmap does not import it")
        grid = Grid(f"table at line {rows[0][0]}", cells, _where(line_of))
        grid.caption = self.heading
        grid.notes = self.taken()
        self.grids.append(grid)
        self.heading = None

    def taken(self) -> list[tuple[str, str]]:
        out, self.text = self.text, []
        if self.more:
            out.append(("", f"({self.more:,} more lines of text not kept)"))
            self.more = 0
        return out

    def end(self) -> None:
        if self.rows is not None:
            self.table()
        elif self.prev is not None:
            self.words(*self.prev)
        if self.grids and (self.text or self.heading):
            if self.heading is not None:
                self.keep(self.heading[1], "#" + self.heading[0])
            self.grids[-1].notes.extend(self.taken())


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
