"""Grids from OpenDocument spreadsheets (``.ods``, LibreOffice's own format, and flat ``.fods``).

The archive gets the guards of jmap's workbook reader (member count, sizes, compression
ratio, encrypted members refused); ``content.xml`` is parsed by expat with any document
type declaration refused, so no entity can be defined, and rows, columns and cells are
capped as they stream past. Repeated empty rows and cells only move the cursor.
"""

from __future__ import annotations

import zipfile
import zlib
from typing import Any, Final
from xml.parsers import expat

from jmap.formats.xlsx.cells import MAX_COLUMNS, MAX_ROWS
from jmap.formats.xlsx.package import MAX_PART_BYTES, Abort, Workbook
from jmap.importing.grid import MAX_GRID_CELLS, Grid, Merge, NoGrid, where_sheet

_TABLE: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_ods_sheets(path: str, raw: bytes) -> list[Grid]:
    """Every sheet (table) of an ODS or flat ODS file as a grid."""
    try:
        if raw.startswith(b"PK"):
            wb = Workbook(raw)
            mimetype = wb.read("mimetype").strip() if wb.info("mimetype") is not None else b""
            if not mimetype.startswith(_MIMETYPE):
                raise NoGrid(f"{path}: not an OpenDocument spreadsheet (its mimetype is {mimetype[:60]!r})")
            content = wb.read("content.xml")
        else:
            if not raw.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<":
                raise NoGrid(f"{path}: not an OpenDocument spreadsheet (neither an .ods archive nor flat .fods XML)")
            if len(raw) > MAX_PART_BYTES:
                raise NoGrid(
                    f"{path}: the file is {len(raw):,} bytes; jmap reads spreadsheets up to {MAX_PART_BYTES:,}"
                )
            content = raw
        return _Parser(path).parse(content)
    except Abort as exc:
        raise NoGrid(f"{path}: {exc.message.replace('XLSX workbook', 'OpenDocument spreadsheet')}") from None
    except _Refused as exc:
        raise NoGrid(f"{path}: {exc.message}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, OSError) as exc:
        raise NoGrid(f"{path}: not a readable OpenDocument spreadsheet ({exc})") from None


class _Parser:
    def __init__(self, path: str) -> None:
        self.path = path
        self.grids: list[Grid] = []
        self.grid: Grid | None = None
        self.row = 0
        self.col = 0
        self.row_repeat = 1
        self.row_cells: list[tuple[int, int, str]] = []
        self.cell_attrs: dict[str, str] | None = None
        self.cell_text: list[str] = []
        self.paragraphs = 0
        self.in_paragraph = 0
        self.skip_depth = 0
        self.cells = 0

    def parse(self, data: bytes) -> list[Grid]:
        p = expat.ParserCreate(namespace_separator=" ")
        p.StartDoctypeDeclHandler = self._doctype
        p.EntityDeclHandler = self._doctype
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        p.buffer_text = True
        try:
            p.Parse(data, True)
        except expat.ExpatError as exc:
            raise _Refused(
                f"content.xml is not well-formed XML ({expat.ErrorString(exc.code)}, line {exc.lineno})"
            ) from None
        if not self.grids and b"office:document" not in data[:4096] and b"office:document" not in data:
            raise _Refused("not an OpenDocument spreadsheet")
        return self.grids

    def _doctype(self, *_: Any) -> None:
        raise _Refused("the document has a document type declaration; jmap refuses XML entity declarations")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.partition(" ")
        if self.skip_depth:
            self.skip_depth += 1
            return
        if ns == _TABLE:
            if local == "table":
                sheet = attrs.get(f"{_TABLE} name", f"Sheet{len(self.grids) + 1}")
                self.grid = Grid(sheet, {}, where_sheet(sheet))
                self.grids.append(self.grid)
                self.row = 0
            elif local == "table-row":
                self.row += 1
                self.col = 0
                self.row_repeat = _count(attrs.get(f"{_TABLE} number-rows-repeated"))
                self.row_cells = []
            elif local in ("table-cell", "covered-table-cell"):
                self.col += 1
                self.cell_attrs = attrs
                self.cell_text = []
                self.paragraphs = 0
            return
        if self.cell_attrs is None:
            return
        if ns == _OFFICE and local == "annotation":
            self.skip_depth = 1
        elif ns == _TEXT:
            if local == "p" or local == "h":
                if self.paragraphs:
                    self.cell_text.append("\n")
                self.paragraphs += 1
                self.in_paragraph += 1
            elif local == "s":
                self.cell_text.append(" " * min(_count(attrs.get(f"{_TEXT} c")), 1000))
            elif local == "tab":
                self.cell_text.append("\t")
            elif local == "line-break":
                self.cell_text.append("\n")

    def _chars(self, data: str) -> None:
        if self.in_paragraph and not self.skip_depth:
            self.cell_text.append(data)

    def _end(self, name: str) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
            return
        ns, _, local = name.partition(" ")
        if ns == _TEXT and local in ("p", "h") and self.in_paragraph:
            self.in_paragraph -= 1
            return
        if ns != _TABLE or self.grid is None:
            return
        if local in ("table-cell", "covered-table-cell"):
            self._cell(local == "covered-table-cell")
        elif local == "table-row":
            self._row()

    def _cell(self, covered: bool) -> None:
        attrs = self.cell_attrs or {}
        self.cell_attrs = None
        grid = self.grid
        assert grid is not None
        repeat = _count(attrs.get(f"{_TABLE} number-columns-repeated"))
        first = self.col
        self.col += repeat - 1
        text = "".join(self.cell_text)
        if not text.strip() and not covered:
            value = attrs.get(f"{_OFFICE} value") or attrs.get(f"{_OFFICE} date-value") or ""
            value = value or attrs.get(f"{_OFFICE} boolean-value") or attrs.get(f"{_OFFICE} string-value") or ""
            text = value
        spans = (
            _count(attrs.get(f"{_TABLE} number-rows-spanned")),
            _count(attrs.get(f"{_TABLE} number-columns-spanned")),
        )
        if spans != (1, 1) and not covered:
            grid.merges.append(Merge(self.row, first, self.row + spans[0] - 1, first + spans[1] - 1))
        if covered or not text.strip():
            return
        if self.col > MAX_COLUMNS:
            raise _Refused(
                f"sheet {grid.name} has a value in column {self.col:,}; jmap reads up to {MAX_COLUMNS:,} columns"
            )
        for col in range(first, self.col + 1):
            self.row_cells.append((self.row, col, text))

    def _row(self) -> None:
        grid = self.grid
        assert grid is not None
        repeat = self.row_repeat
        last = self.row + repeat - 1
        if self.row_cells:
            if last > MAX_ROWS:
                raise _Refused(f"sheet {grid.name} has more than {MAX_ROWS:,} rows; jmap reads sheets up to that size")
            for offset in range(repeat):
                for row, col, text in self.row_cells:
                    self.cells += 1
                    if self.cells > MAX_GRID_CELLS:
                        raise _Refused(
                            f"the spreadsheet has more than {MAX_GRID_CELLS:,} cells with values; jmap does not read it"
                        )
                    grid.cells[(row + offset, col)] = text
        self.row = last


def _count(value: str | None) -> int:
    if not value or not value.isdigit():
        return 1
    return max(1, min(int(value), 1 << 24))
