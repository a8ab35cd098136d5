"""Cells decoded from a sheet's XML, streamed and capped.

A sheet is scanned with regular expressions over its text (already checked to be well-formed
and free of any document type declaration by ``jmap.formats.xlsx.package``), row by row:

* rows, columns and cells are capped while reading, and a sheet's
  ``<dimension>`` is checked as soon as it is seen;
* a value is decoded as an XML parser would give it (line ends normalised, character references
  and CDATA resolved), with Excel's ``_xHHHH_`` escapes undone; shared strings and inline rich text
  give their text without phonetic runs;
* a number in a date style (built-in or custom) becomes a date, in the workbook's 1900 or 1904 system;
* a formula cell decodes as a formula, which the reader reports, except the
  ``TRUE()``/``FALSE()`` formulas LibreOffice writes for boolean cells.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final
from xml.etree import ElementTree as ET

from jmap.findings import Location
from jmap.formats.xlsx.layout import decode_extra, split_lines, unescape
from jmap.formats.xlsx.package import Abort, local

MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 1_000
MAX_CELLS: Final = 1_500_000
MAX_TEXT: Final = 64_000_000
"""Characters all cells of a workbook may hold together, a shared string counted once per cell that shows it."""

_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})\Z")
_BUILTIN_DATE_FORMATS = (
    frozenset(range(14, 23)) | frozenset(range(27, 37)) | frozenset(range(45, 48)) | frozenset(range(50, 59))
)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_EPOCH_1900 = date(1899, 12, 30)
EPOCH_1904 = date(1904, 1, 1)

_P = r"(?:[A-Za-z_][\w.-]*:)?"
_TOKEN = re.compile(
    rf"<{_P}(?:row\b([^>]*)>|c(?=[\s/>])"
    r"(?=(?:[^>]*?\sr\s*=\s*[\"']([^\"']*))?)"
    r"(?=(?:[^>]*?\st\s*=\s*[\"']([^\"']*))?)"
    r"(?=(?:[^>]*?\ss\s*=\s*[\"']([^\"']*))?)"
    rf"[^>]*?(?:/>|>(?:<v>([^<]*)</v>|(.*?))</{_P}c\s*>))",
    re.S,
)
_SHEET_DATA = re.compile(rf"<{_P}sheetData\b[^>]*?(/?)>")
_SHEET_DATA_END = re.compile(rf"</{_P}sheetData\s*>")
_DIMENSION = re.compile(rf"<{_P}dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']*)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ATTR_R = re.compile(r"(?:^|\s)r\s*=\s*[\"']([^\"']*)")
_ROW_OPEN = re.compile(rf"<{_P}row\b([^>]*)>")
_FORMULA_TAG = re.compile(rf"<{_P}f(?:\s[^>]*)?(?:/>|>(.*?)</{_P}f\s*>)", re.S)
_BOOLEAN_FORMULA = {"TRUE()": True, "FALSE()": False, "TRUE": True, "FALSE": False}
_V = re.compile(rf"<{_P}v(?:\s[^>]*)?(?:/>|>(.*?)</{_P}v\s*>)", re.S)
_IS = re.compile(rf"<{_P}is\b[^>]*?(?:/>|>(.*?)</{_P}is\s*>)", re.S)
_SI = re.compile(rf"<{_P}si\b[^>]*?(?:/>|>(?:<t>([^<&\r]*)</t>|(.*?))</{_P}si\s*>)", re.S)
_T = re.compile(rf"<{_P}t(?:\s[^>]*)?(?<!/)>(.*?)</{_P}t\s*>", re.S)
_PHONETIC = re.compile(rf"<{_P}rPh\b.*?</{_P}rPh\s*>", re.S)
_REFERENCE = re.compile(r"<!\[CDATA\[(.*?)\]\]>|&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);", re.S)
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}

FORMULA: Final = "f"
ERROR: Final = "e"


@dataclass(slots=True)
class Cell:
    """A decoded value and its kind (``s``, ``n``, ``b``, ``d``, ``FORMULA``; ``ERROR`` with the message as value)."""

    value: Any
    kind: str


def column_letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def cell_location(sheet: str, row: int, col: int) -> Location:
    return Location(row, col, f"{sheet}!{column_letters(col)}{row}")


def _serial_date(serial: float, epoch: date) -> date | datetime | None:
    if not 0 <= serial < 2_958_466 or not math.isfinite(serial):
        return None
    if epoch is _EPOCH_1900 and serial < 61:
        serial += 1
    day = math.floor(serial)
    base = epoch + timedelta(days=day)
    fraction = serial - day
    if fraction == 0:
        return base
    seconds = round(fraction * 86400)
    return datetime(base.year, base.month, base.day) + timedelta(seconds=seconds)


def _is_date_format(code: str) -> bool:
    cleaned = _FORMAT_NOISE.sub("", code)
    return cleaned.lower() != "general" and bool(_DATE_TOKENS.search(cleaned))


def as_text(cell: Cell) -> Any:
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def convert(kind: str, cell: Cell) -> Any:
    value = cell.value
    if kind == "list":
        if isinstance(value, str):
            return split_lines(value)
        return [as_text(cell)]
    if kind in ("emotion", "bool", "raw"):
        return value
    if kind == "date":
        if isinstance(value, (date, str)):
            return value
        return str(as_text(cell))
    return as_text(cell)


def extra(key: str, cell: Cell) -> Any:
    value = cell.value
    if isinstance(value, str):
        return decode_extra(key, value)
    if isinstance(value, date):
        return as_text(cell)
    return value


def _xml_text(raw: str) -> str:
    """Character data as an XML parser would give it: line ends normalised, references and CDATA resolved."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" not in raw and "<" not in raw:
        return raw
    return _REFERENCE.sub(_resolve, raw)


def _resolve(m: re.Match[str]) -> str:
    cdata = m.group(1)
    if cdata is not None:
        return cdata
    ref = m.group(2)
    if ref[0] == "#":
        return chr(int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:]))
    return _ENTITIES[ref]


def _inline_text(content: str) -> str:
    """The text of ``<is>``/``<si>`` content: plain ``<t>`` or rich-text runs, phonetic runs left out."""
    if "<" not in content:
        return ""
    if "rPh" in content:
        content = _PHONETIC.sub("", content)
    return "".join(unescape(_xml_text(t)) for t in _T.findall(content))


def _cell(
    content: str, t: str | None, style: str | None, strings: list[str], date_styles: frozenset[int], epoch: date
) -> Cell | None:
    """The value of a cell's XML content; None when empty."""
    formula = _FORMULA_TAG.search(content)
    if formula is not None:
        constant = _BOOLEAN_FORMULA.get(formula.group(1).strip().upper()) if t == "b" and formula.group(1) else None
        return Cell(None, FORMULA) if constant is None else Cell(constant, "b")
    inline = _IS.search(content)
    if inline is not None:
        text = _inline_text(inline.group(1) or "")
        return Cell(text, "s") if text.strip() else None
    found = _V.search(content)
    v = found.group(1) if found else None
    if v is None:
        return None
    if t == "s":
        try:
            text = strings[int(v)]
        except (ValueError, IndexError):
            return Cell(f"shared string {v[:20]!r} does not exist", ERROR)
        return Cell(text, "s") if text.strip() else None
    return _value(v, t, style, date_styles, epoch)


def _value(v: str, t: str | None, style: str | None, date_styles: frozenset[int], epoch: date) -> Cell | None:
    """The value of a ``<v>`` of a cell of type ``t`` (other than a shared string)."""
    if t is None or t == "n":
        try:
            number: Any = int(v) if v.lstrip("-").isdigit() else float(v)
        except ValueError:
            return Cell(f"{v[:20]!r} is not a number", ERROR)
        if style and date_styles and style.isdigit() and int(style) in date_styles:
            when = _serial_date(float(number), epoch)
            if when is not None:
                return Cell(when, "d")
        return Cell(number, "n")
    value = _xml_text(v)
    if t == "b":
        return Cell(value.strip() in ("1", "true"), "b")
    if t == "e":
        return Cell(f"the cell holds the error value {value}", ERROR)
    if t == "d":
        try:
            return Cell(datetime.fromisoformat(value.strip()), "d")
        except ValueError:
            pass
    text = unescape(value)
    return Cell(text, "s") if text.strip() else None


def check_dimension(sheet: str, xml: str, end: int | None = None) -> None:
    """Refuse the sheet when the ``<dimension>`` in ``xml`` (before ``end``) spans more than the caps."""
    found = _DIMENSION.search(xml, 0, len(xml) if end is None else end)
    if found is None:
        return
    ref = found.group(1)
    last = ref.rpartition(":")[2]
    m = _CELL_REF.match(last)
    if m is None:
        return
    col = column_number(m.group(1))
    row = int(m.group(2))
    if row > MAX_ROWS + 1 or col > MAX_COLUMNS:
        raise Abort(
            f"sheet {sheet} spans {ref}; jmap reads sheets of up to {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns",
            cell_location(sheet, 1, 1),
        )


def _rows_too_many(sheet: str) -> Abort:
    top = MAX_ROWS + 1
    return Abort(
        f"sheet {sheet} has more than {MAX_ROWS:,} rows; jmap reads sheets up to that size",
        Location(top, 1, f"{sheet}!A{top}"),
    )


def _check_row_count(sheet: str, body: str) -> None:
    """Refuse a sheet past the row cap before decoding a row, as the row loop would at its end.

    A sheet without a ``<dimension>`` is otherwise read row by row up to the cap before it is refused; counting
    row tags first (a cheap over-estimate) limits the work to sheets that may be too long; there the last row's
    number (rows come in order as spreadsheet programs write them) settles most, else the row numbers are walked.
    CDATA could hide tag-like text, so such a sheet is left to the row loop.
    """
    top = MAX_ROWS + 1
    if body.count("<row") + body.count(":row") <= top or "<![CDATA[" in body:
        return
    last = _ROW_OPEN.match(body, max(body.rfind("<row "), 0))
    r = _ATTR_R.search(last.group(1)) if last else None
    if r and r.group(1).isdigit() and int(r.group(1)) > top:
        raise _rows_too_many(sheet)
    row_no = 0
    for m in _ROW_OPEN.finditer(body):
        r = _ATTR_R.search(m.group(1))
        row_no = int(r.group(1)) if r and r.group(1).isdigit() else row_no + 1
        if row_no > top:
            raise _rows_too_many(sheet)


class CellDecoder:
    """What a workbook's cells are decoded with (shared strings, date styles, date system); counts cells read."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.date_styles: frozenset[int] = frozenset()
        self.epoch = _EPOCH_1900
        self.cells = 0
        self.chars = 0

    def read_strings(self, text: str) -> None:
        """Load the texts of a shared-strings part, in order."""
        self.strings = [
            (unescape(simple) if "_x" in simple else simple) if not rich else _inline_text(rich)
            for simple, rich in _SI.findall(text)
        ]

    def read_styles(self, root: ET.Element) -> None:
        """Load which cell styles (``cellXfs``) of a styles part have a number format that shows a date."""
        formats: dict[int, str] = {}
        xfs: list[int] = []
        for el in root:
            tag = local(el.tag)
            if tag == "numFmts":
                for fmt in el:
                    try:
                        formats[int(fmt.get("numFmtId") or "")] = fmt.get("formatCode") or ""
                    except ValueError:
                        continue
            elif tag == "cellXfs":
                for xf in el:
                    try:
                        xfs.append(int(xf.get("numFmtId") or "0"))
                    except ValueError:
                        xfs.append(0)
        dates = set()
        for i, fmt_id in enumerate(xfs):
            code = formats.get(fmt_id)
            if (code is None and fmt_id in _BUILTIN_DATE_FORMATS) or (code is not None and _is_date_format(code)):
                dates.add(i)
        self.date_styles = frozenset(dates)

    def rows(self, sheet: str, text: str) -> Iterator[tuple[int, dict[int, Cell]]]:
        """Non-blank rows of a sheet's XML ``text``: (row number, column -> cell)."""
        where = cell_location(sheet, 1, 1)
        opening = _SHEET_DATA.search(text)
        if opening is None or opening.group(1):
            return
        check_dimension(sheet, text, opening.start())
        closing = _SHEET_DATA_END.search(text, opening.end())
        body = text[opening.end() : closing.start() if closing else len(text)]
        del text
        if "<!--" in body:
            body = _COMMENT.sub("", body)
        _check_row_count(sheet, body)
        strings = self.strings
        date_styles = self.date_styles
        epoch = self.epoch
        letters_cache: dict[str, int] = {}
        row_no = 0
        row: dict[int, Cell] = {}
        col = 0
        top = MAX_ROWS + 1
        for m in _TOKEN.finditer(body):
            row_attrs, ref, t, style, simple, content = m.groups()
            if row_attrs is not None:
                if row:
                    yield row_no, row
                    row = {}
                r = _ATTR_R.search(row_attrs)
                row_no = int(r.group(1)) if r and r.group(1).isdigit() else row_no + 1
                if row_no > top:
                    raise _rows_too_many(sheet)
                col = 0
                continue
            if ref:
                letters = ref.rstrip("0123456789")
                col = letters_cache.get(letters, 0)
                if not col:
                    if not letters.isalpha() or not letters.isascii() or len(letters) > 3:
                        raise Abort(f"cell reference {ref[:20]!r} is not valid", where)
                    col = letters_cache[letters] = column_number(letters)
            else:
                col += 1
            if simple is not None:
                if t == "s":
                    try:
                        text_value = strings[int(simple)]
                    except (ValueError, IndexError):
                        cell: Cell | None = Cell(f"shared string {simple[:20]!r} does not exist", ERROR)
                    else:
                        cell = Cell(text_value, "s") if text_value.strip() else None
                else:
                    cell = _value(simple, t, style, date_styles, epoch)
            elif content:
                cell = _cell(content, t, style, strings, date_styles, epoch)
            else:
                continue
            if cell is None:
                continue
            if col > MAX_COLUMNS:
                shown = min(col, 16_384)
                raise Abort(
                    f"sheet {sheet} has a value in column {column_letters(shown)}; "
                    f"jmap reads up to {MAX_COLUMNS:,} columns",
                    Location(row_no, shown, f"{sheet}!{column_letters(shown)}{row_no}"),
                )
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise Abort(f"the workbook has more than {MAX_CELLS:,} cells with values; jmap does not read it")
            if cell.kind == "s":
                self.chars += len(cell.value)
                if self.chars > MAX_TEXT:
                    raise Abort(
                        f"the workbook's cells hold more than {MAX_TEXT:,} characters (a shared text counted in "
                        "every cell that shows it); jmap does not read it",
                        Location(row_no, col, f"{sheet}!{column_letters(col)}{row_no}"),
                    )
            row[col] = cell
        if row:
            yield row_no, row
