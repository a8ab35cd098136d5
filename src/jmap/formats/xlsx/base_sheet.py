"""The workbook's base: the map a workbook was written from, kept in it so that edits can be told apart later.

The writer stores the map it wrote, as compact JSON (zlib, then base64, in cells of at most
``CHUNK`` characters down column A) with its SHA-256 digest, in the hidden sheet ``x-jmap-base``.
A hidden sheet survives a save by Excel, LibreOffice and Google Sheets (custom XML parts do not
survive LibreOffice), and the reader skips ``x-`` sheets, so lint never sees it. Reading a workbook
back, :func:`read_base` returns that map, or says why there is none: a workbook written before
jmap kept a base, a deleted sheet, or a base whose digest no longer matches (edited by hand).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from jmap.formats.sniff import ARCHIVE_ERRORS
from jmap.formats.xlsx.cells import Cell, CellDecoder
from jmap.formats.xlsx.package import Abort, Workbook

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook as XlsxWorkbook

    from jmap.model import JourneyMap

BASE_SHEET: Final = "x-jmap-base"
MARKER: Final = "jmap base 1"
CHUNK: Final = 32_000
"""Characters per cell: under Excel's 32,767 and Google Sheets' 50,000."""
NOTE: Final = "The map this workbook was written from, for 'jmap export BOOK.xlsx -o MAP.yaml'. Do not edit."


def encode_base(data: dict[str, Any]) -> tuple[str, list[str]]:
    """``(digest, chunks)``: the SHA-256 of the map's compact JSON, and that JSON compressed in cell-sized texts."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")
    packed = base64.b64encode(zlib.compress(payload, 9)).decode("ascii")
    return "sha256:" + hashlib.sha256(payload).hexdigest(), [
        packed[i : i + CHUNK] for i in range(0, len(packed), CHUNK)
    ] or [""]


def write_base(wb: XlsxWorkbook, m: JourneyMap) -> None:
    """Add the hidden base sheet holding ``m`` to a workbook being written."""
    digest, chunks = encode_base(m.model_dump(mode="json", by_alias=True, exclude_none=True))
    ws = wb.add_worksheet(BASE_SHEET)
    ws.hide()
    ws.write_string(0, 0, MARKER)
    ws.write_string(0, 1, digest)
    ws.write_number(0, 2, len(chunks))
    ws.write_string(0, 3, NOTE)
    for row, chunk in enumerate(chunks, start=1):
        ws.write_string(row, 0, chunk)


@dataclass(frozen=True, slots=True)
class Base:
    """A workbook's base: ``data`` when it was found intact, else None and ``reason`` says why."""

    data: dict[str, Any] | None
    reason: str = ""


UNREADABLE: Final = "its workbook could not be read for the base"
MISSING: Final = f"it has no {BASE_SHEET} sheet (written by jmap 0.1, or the sheet was deleted)"
READ_ERRORS: Final = (Abort, *ARCHIVE_ERRORS)
"""What reading a damaged workbook can raise; a base that cannot be read is a reason, not an error."""


def is_base_sheet(name: str) -> bool:
    return name.strip().lower() == BASE_SHEET


def read_base(raw: bytes) -> Base:
    """The base stored in an XLSX workbook's bytes; never raises for what is in the file."""
    try:
        book = Workbook(raw)
        info = book.book()
        part = next((p for name, p in info.sheets if is_base_sheet(name)), None)
        if part is None:
            return Base(None, MISSING)
        decoder = CellDecoder()
        for rel_type, target in info.parts:
            if rel_type.endswith("/sharedStrings") and book.info(target) is not None:
                decoder.read_strings(book.text(target))
        rows = list(decoder.rows(BASE_SHEET, book.text(part)))
    except READ_ERRORS:
        return Base(None, UNREADABLE)
    return base_from_rows(rows)


def base_from_rows(rows: Iterable[tuple[int, dict[int, Cell]]]) -> Base:
    """The base held by the rows of a base sheet, whichever workbook format they were decoded from."""
    column: dict[int, str] = {}
    head: dict[int, Any] = {}
    for row, cells in rows:
        if row == 1:
            head = {col: cell.value for col, cell in cells.items()}
        elif 1 in cells:
            column[row] = str(cells[1].value)
    return _decode(head, column)


def _decode(head: dict[int, Any], column: dict[int, str]) -> Base:
    broken = f"its {BASE_SHEET} sheet is damaged or was edited"
    if head.get(1) != MARKER or not isinstance(head.get(2), str):
        return Base(None, broken)
    try:
        count = int(head.get(3) or 0)
    except (TypeError, ValueError):
        return Base(None, broken)
    if sorted(column) != list(range(2, count + 2)):
        return Base(None, broken)
    try:
        payload = zlib.decompress(base64.b64decode("".join(column[r] for r in sorted(column)), validate=True))
    except (binascii.Error, zlib.error, ValueError):
        return Base(None, broken)
    if "sha256:" + hashlib.sha256(payload).hexdigest() != head[2]:
        return Base(None, f"its {BASE_SHEET} sheet does not match its digest (edited by hand?)")
    try:
        data = json.loads(payload)
    except ValueError:
        return Base(None, broken)
    if not isinstance(data, dict):
        return Base(None, broken)
    return Base(data)
