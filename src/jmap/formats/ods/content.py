"""An OpenDocument spreadsheet's tables, decoded into the cells of jmap's workbook reader, streamed and capped.

An ``.ods`` archive gets the guards of ``jmap.formats.xlsx.package`` (member count, sizes, compression
ratio, encrypted members refused) and must say ``application/vnd.oasis.opendocument.spreadsheet`` in
its ``mimetype``; a password-protected one is named as such. ``content.xml`` (or the whole flat ``.fods``)
is parsed by expat with any document type declaration refused, so no entity can be defined.

Repeats are what make a small file large: ``table:number-rows-repeated``, ``table:number-columns-repeated``
and ``<text:s text:c>``. They only move the cursor over empty cells; where they repeat a value, the
expanded size is checked before anything is expanded: columns, rows, cells with values and characters
(per cell and in all) are capped, so a file of a few kilobytes cannot ask for gigabytes.

A value is what the cell's ``office:value-type`` says: numbers (also percentages and currencies) from
``office:value``, dates from ``office:date-value``, booleans from ``office:boolean-value``, text from
the paragraphs (``text:s``, ``text:tab``, ``text:line-break`` decoded, comments left out). A cell with a
``table:formula`` is a formula, except ``TRUE()``/``FALSE()``, which LibreOffice writes for a boolean cell.
Text carries the ``_xHHHH_`` escapes of the XLSX layout for the control characters XML cannot hold, undone here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final
from xml.parsers import expat

from jmap.findings import Location
from jmap.formats.xlsx.cells import ERROR, FORMULA, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, Cell, cell_location
from jmap.formats.xlsx.layout import unescape
from jmap.formats.xlsx.package import MAX_PART_BYTES, Abort, Workbook

TABLE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS: Final = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_CELL_TEXT: Final = 1_000_000
"""Characters one cell may expand to (``<text:s text:c>`` included)."""
MAX_TEXT: Final = 64_000_000
"""Characters all cells together may expand to, repeats counted."""
_REPEAT_CAP: Final = 1 << 24

_T = f"{TABLE_NS} "
_O = f"{OFFICE_NS} "
_ROWS_REPEATED = _T + "number-rows-repeated"
_COLS_REPEATED = _T + "number-columns-repeated"
_ROWS_SPANNED = _T + "number-rows-spanned"
_COLS_SPANNED = _T + "number-columns-spanned"
_FORMULA = _T + "formula"
_VALUE_TYPE = _O + "value-type"
_VALUE = _O + "value"
_DATE_VALUE = _O + "date-value"
_BOOLEAN_VALUE = _O + "boolean-value"
_STRING_VALUE = _O + "string-value"
_NUMBER_TYPES = frozenset({"float", "percentage", "currency"})
_BOOLEAN_FORMULA = {"TRUE()": True, "FALSE()": False, "TRUE": True, "FALSE": False}
_FORMULA_PREFIX = re.compile(r"^(?:[a-z]+:)?=?", re.IGNORECASE)
_INTEGER = re.compile(r"-?[0-9]+\Z")
_SKIPPED = frozenset({(OFFICE_NS, "annotation"), (TEXT_NS, "note"), (TEXT_NS, "tracked-changes")})


@dataclass(slots=True)
class Table:
    """One sheet: non-blank rows as (row number, column -> cell), and its merged ranges (1-based, inclusive)."""

    name: str
    rows: list[tuple[int, dict[int, Cell]]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def content_xml(raw: bytes, what: str = "spreadsheet") -> bytes:
    """The XML holding the tables: ``content.xml`` of an ``.ods`` archive, or the flat ``.fods`` file itself."""
    if raw.startswith(b"PK"):
        wb = Workbook(raw)
        mimetype = wb.read("mimetype").strip() if wb.info("mimetype") is not None else b""
        if not mimetype.startswith(MIMETYPE):
            raise Abort(f"not an OpenDocument {what} (its mimetype is {mimetype[:60]!r})")
        if wb.info("META-INF/manifest.xml") is not None and b"encryption-data" in wb.read("META-INF/manifest.xml"):
            raise Abort(
                f"this OpenDocument {what} is password-protected; jmap reads unprotected files: "
                "remove the password (File > Properties > Security in LibreOffice)"
            )
        return wb.read("content.xml")
    if len(raw) > MAX_PART_BYTES:
        raise Abort(f"the file is {len(raw):,} bytes; jmap reads flat OpenDocument files up to {MAX_PART_BYTES:,}")
    if not raw.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<":
        raise Abort(f"not an OpenDocument {what} (neither an .ods archive nor flat .fods XML)")
    return raw


def read_tables(xml: bytes, *, shown: bool = False) -> list[Table]:
    """Every table of an OpenDocument spreadsheet's XML, in order.

    With ``shown``, every non-empty cell is its text as displayed (what a hand-made grid is read for);
    otherwise it is its typed value.
    """
    return _Parser(shown).parse(xml)


class _Parser:
    def __init__(self, shown: bool) -> None:
        self.shown = shown
        self.tables: list[Table] = []
        self.table: Table | None = None
        self.row = 0
        self.col = 0
        self.row_repeat = 1
        self.row_cells: dict[int, Cell] = {}
        self.cell: dict[str, str] | None = None
        self.text: list[str] = []
        self.text_size = 0
        self.paragraphs = 0
        self.in_paragraph = 0
        self.skip = 0
        self.depth = 0
        self.cells = 0
        self.expanded = 0
        self.saw_document = False

    def parse(self, data: bytes) -> list[Table]:
        p = expat.ParserCreate(namespace_separator=" ")
        p.StartDoctypeDeclHandler = _refuse
        p.EntityDeclHandler = _refuse
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.chars
        p.buffer_text = True
        try:
            p.Parse(data, True)
        except _Refused:
            raise Abort("the document has a document type declaration; jmap refuses XML entity declarations") from None
        except expat.ExpatError as exc:
            raise Abort(
                f"the spreadsheet's XML is not well-formed ({expat.ErrorString(exc.code)}, line {exc.lineno})"
            ) from None
        if not self.saw_document:
            raise Abort("not an OpenDocument spreadsheet: its XML has no office:document")
        return self.tables

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.skip:
            self.skip += 1
            return
        ns, _, local = name.partition(" ")
        if ns == TABLE_NS:
            if local == "table":
                self.depth += 1
                if self.depth == 1:
                    self.table = Table(attrs.get(_T + "name") or f"Sheet{len(self.tables) + 1}")
                    self.tables.append(self.table)
                    self.row = 0
            elif self.depth != 1:
                return
            elif local == "table-row":
                self.row += 1
                self.col = 0
                self.row_repeat = _count(attrs.get(_ROWS_REPEATED))
                self.row_cells = {}
            elif local in ("table-cell", "covered-table-cell"):
                self.col += 1
                self.cell = attrs
                self.text = []
                self.text_size = 0
                self.paragraphs = 0
            return
        if ns == OFFICE_NS and local.startswith("document"):
            self.saw_document = True
        if self.cell is None:
            return
        if (ns, local) in _SKIPPED:
            self.skip = 1
        elif ns == TEXT_NS:
            if local in ("p", "h"):
                if self.paragraphs:
                    self.add("\n")
                self.paragraphs += 1
                self.in_paragraph += 1
            elif local == "s":
                spaces = _count(attrs.get(TEXT_NS + " c"))
                self.grow(spaces)  # before the spaces are made: text:c may ask for millions
                self.text.append(" " * spaces)
            elif local == "tab":
                self.add("\t")
            elif local == "line-break":
                self.add("\n")

    def add(self, text: str) -> None:
        self.grow(len(text))
        self.text.append(text)

    def grow(self, size: int) -> None:
        self.text_size += size
        if self.text_size > MAX_CELL_TEXT:
            raise Abort(
                f"cell {self.where().cell} holds more than {MAX_CELL_TEXT:,} characters; jmap does not read it",
                self.where(),
            )

    def where(self) -> Location:
        return cell_location(self.table.name if self.table else "Sheet1", self.row, min(self.col, 16_384))

    def chars(self, data: str) -> None:
        if self.in_paragraph and not self.skip:
            self.add(data)

    def end(self, name: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        ns, _, local = name.partition(" ")
        if ns == TEXT_NS and local in ("p", "h") and self.in_paragraph:
            self.in_paragraph -= 1
        elif ns != TABLE_NS:
            return
        elif local == "table":
            self.depth -= 1
        elif self.depth != 1:
            return
        elif local in ("table-cell", "covered-table-cell"):
            self.end_cell(local == "covered-table-cell")
        elif local == "table-row":
            self.end_row()

    def end_cell(self, covered: bool) -> None:
        attrs = self.cell or {}
        self.cell = None
        table = self.table
        assert table is not None
        repeat = _count(attrs.get(_COLS_REPEATED))
        first = self.col
        self.col += repeat - 1
        if covered:
            return
        spans = (_count(attrs.get(_ROWS_SPANNED)), _count(attrs.get(_COLS_SPANNED)))
        if spans != (1, 1):
            table.merges.append((self.row, first, self.row + spans[0] - 1, first + spans[1] - 1))
        cell = self.value(attrs, "".join(self.text))
        if cell is None:
            return
        if self.col > MAX_COLUMNS:
            shown = min(self.col, 16_384)
            raise Abort(
                f"sheet {table.name} has a value in column {shown:,}; jmap reads up to {MAX_COLUMNS:,} columns",
                cell_location(table.name, self.row, shown),
            )
        for col in range(first, self.col + 1):
            self.row_cells[col] = cell

    def value(self, attrs: dict[str, str], text: str) -> Cell | None:
        if self.shown:
            if not text.strip():
                text = attrs.get(_VALUE) or attrs.get(_DATE_VALUE) or attrs.get(_BOOLEAN_VALUE) or ""
                text = text or attrs.get(_STRING_VALUE) or ""
            return Cell(text, "s") if text.strip() else None
        kind = attrs.get(_VALUE_TYPE)
        formula = attrs.get(_FORMULA)
        if formula is not None:
            constant = _BOOLEAN_FORMULA.get(_FORMULA_PREFIX.sub("", formula.strip(), 1).upper())
            if constant is not None:
                return Cell(constant, "b")
            return Cell(None, FORMULA)
        if kind in _NUMBER_TYPES:
            return _number(attrs.get(_VALUE) or "")
        if kind == "date":
            raw = (attrs.get(_DATE_VALUE) or "").strip()
            try:
                when = datetime.fromisoformat(raw)
            except ValueError:
                return Cell(f"the date {raw[:30]!r} cannot be read", ERROR)
            return Cell(when.date() if "T" not in raw else when, "d")
        if kind == "boolean":
            return Cell((attrs.get(_BOOLEAN_VALUE) or "").strip().lower() == "true", "b")
        if not text and kind == "string":
            text = attrs.get(_STRING_VALUE) or ""
        if "_x" in text:
            text = unescape(text)
        return Cell(text, "s") if text.strip() else None

    def end_row(self) -> None:
        table = self.table
        assert table is not None
        repeat = self.row_repeat
        last = self.row + repeat - 1
        cells = self.row_cells
        if cells:
            if last > MAX_ROWS + 1:
                raise Abort(
                    f"sheet {table.name} has values in row {last:,}; jmap reads sheets of up to {MAX_ROWS:,} rows",
                    cell_location(table.name, min(last, 1 << 20), min(cells)),
                )
            self.cells += len(cells) * repeat
            if self.cells > MAX_CELLS:
                raise Abort(f"the spreadsheet has more than {MAX_CELLS:,} cells with values; jmap does not read it")
            size = sum(len(c.value) for c in cells.values() if isinstance(c.value, str))
            self.expanded += size * repeat
            if self.expanded > MAX_TEXT:
                raise Abort(
                    f"the spreadsheet's cells hold more than {MAX_TEXT:,} characters (repeated cells counted); "
                    "jmap does not read it",
                    cell_location(table.name, self.row, min(cells)),
                )
            table.rows.append((self.row, cells))
            for offset in range(1, repeat):
                table.rows.append((self.row + offset, dict(cells)))
        self.row = last


class _Refused(Exception):
    pass


def _refuse(*_: Any) -> None:
    raise _Refused


def _count(value: str | None) -> int:
    if not value or not value.isdigit():
        return 1
    return max(1, min(int(value), _REPEAT_CAP))


def _number(raw: str) -> Cell:
    raw = raw.strip()
    try:
        number: int | float = int(raw) if _INTEGER.match(raw) else float(raw)
    except ValueError:
        return Cell(f"{raw[:20]!r} is not a number", ERROR)
    if isinstance(number, float) and not math.isfinite(number):
        return Cell(f"{raw[:20]!r} is not a number", ERROR)
    return Cell(number, "n")
