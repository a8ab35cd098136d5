"""Read a jmap workbook saved as ``.ods`` or ``.fods``: the XLSX reader's sheets, tables and Map edits, fed
from the OpenDocument decoder (``jmap.formats.ods.content``) instead of the OOXML package."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.document import RawDocument
from jmap.formats.ods.content import Table, content_xml, read_tables
from jmap.formats.xlsx.cells import Cell
from jmap.formats.xlsx.reader import CellIndex, Reader, read_book


class OdsReader(Reader):
    """The workbook reader over the tables of an OpenDocument spreadsheet (a sheet's part is its name)."""

    def __init__(self, raw: bytes, doc: RawDocument, index: CellIndex) -> None:
        self.doc = doc
        self.index = index
        self.issues = doc.issues
        self.tables: dict[str, Table] = {}
        for table in read_tables(content_xml(raw)):
            self.tables.setdefault(table.name, table)

    def open_book(self) -> list[tuple[str, str]]:
        return [(name, name) for name in self.tables]

    def rows(self, sheet: str, part: str) -> Iterator[tuple[int, dict[int, Cell]]]:
        yield from self.tables[part].rows


def read_ods(path: str, raw: bytes) -> RawDocument:
    """Read an ``.ods``/``.fods`` workbook's bytes. Never raises for bad content: problems become issues."""
    return read_book(path, raw, "ods", OdsReader, "OpenDocument spreadsheet")
