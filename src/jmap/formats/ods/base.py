"""The workbook's base (``jmap.formats.xlsx.base_sheet``) read from an ``.ods`` or ``.fods``: the same hidden
``x-jmap-base`` sheet, decoded by the OpenDocument decoder and checked by the same code as an XLSX one."""

from __future__ import annotations

from jmap.formats.ods.content import content_xml, read_tables
from jmap.formats.xlsx.base_sheet import MISSING, READ_ERRORS, UNREADABLE, Base, base_from_rows, is_base_sheet


def read_ods_base(raw: bytes) -> Base:
    """The base stored in an OpenDocument workbook's bytes (archive or flat XML); never raises for what is in it."""
    try:
        tables = read_tables(content_xml(raw))
    except READ_ERRORS:
        return Base(None, UNREADABLE)
    table = next((t for t in tables if is_base_sheet(t.name)), None)
    if table is None:
        return Base(None, MISSING)
    return base_from_rows(table.rows)
