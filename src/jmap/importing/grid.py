"""A hand-made grid as read from any file: cell texts by (row, column), merged ranges, cell names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jmap.errors import SourceError

MAX_GRID_CELLS = 200_000
"""Hand-made grids are small; a file with more non-blank cells than this is refused."""
MAX_GRID_BYTES = 64 * 1024 * 1024
"""The largest CSV or Markdown file read."""

Where = Callable[[int, int], str]
"""How a source names a cell: ``Journey!C7``, ``row 5, column 3``, ``line 9``."""


class NoGrid(SourceError):
    """The file holds no journey grid (exit 2, saying what was looked for)."""


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range, 1-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass(slots=True)
class Grid:
    """One table of text: ``cells[(row, col)]`` is a non-blank cell's text (1-based)."""

    name: str
    cells: dict[tuple[int, int], str]
    where: Where
    merges: list[Merge] = field(default_factory=list)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)
    """Cells that hold something jmap cannot take as text (a formula, an error value), with why."""
    caption: tuple[str, str] | None = None
    """A title given outside the cells (a Markdown heading above the table) and where it is."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """Text outside the cells that belongs to the map (lines between a heading and its table): (where, text)."""
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    hidden_cells: list[tuple[int, int, str]] | None = None
    """The cells :meth:`drop_hidden` removed (None until it has run)."""

    def transposed(self) -> Grid:
        where = self.where
        return Grid(
            self.name,
            {(c, r): v for (r, c), v in self.cells.items()},
            lambda r, c: where(c, r),
            [Merge(m.left, m.top, m.right, m.bottom) for m in self.merges],
            [(c, r, why) for r, c, why in self.skipped],
            self.caption,
            self.notes,
            self.hidden_cols,
            self.hidden_rows,
        )

    def drop_hidden(self) -> list[tuple[int, int, str]]:
        """Remove the cells of hidden rows and columns: (row, col, text) of each one removed."""
        if self.hidden_cells is not None:
            return self.hidden_cells
        gone = [
            (r, c, text)
            for (r, c), text in sorted(self.cells.items())
            if r in self.hidden_rows or c in self.hidden_cols
        ]
        for r, c, _ in gone:
            del self.cells[(r, c)]
        self.hidden_cells = gone
        return gone

    def span(self, row: int, col: int) -> Merge | None:
        """The merged range whose top-left cell is (row, col)."""
        for m in self.merges:
            if m.top == row and m.left == col:
                return m
        return None


def where_sheet(sheet: str) -> Where:
    """``Sheet!C7`` (a sheet name with odd characters is quoted, as a spreadsheet would)."""
    from jmap.formats.xlsx.cells import column_letters

    shown = sheet if sheet.replace(" ", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    if not shown.isprintable():
        shown = repr(sheet)
    return lambda r, c: f"{shown}!{column_letters(c)}{r}"


def where_row_column(r: int, c: int) -> str:
    return f"row {r}, column {c}"
