"""Read an XLSX map into the same plain data as a YAML map, with the cell of every value.

The workbook is read with zipfile and the C XML parser of the standard library,
streaming each sheet, so hostile files stay bounded:

* the archive is checked before anything is parsed (member count, declared
  sizes, compression ratio), and every part is read with a hard size cap
  (zipfile also stops at the declared size, where a lying header fails its CRC);
* a part with a document type declaration is refused before parsing, so no
  XML entity (internal or external) can ever be defined;
* rows, columns and cells are capped while reading, and a sheet's
  ``<dimension>`` is checked as soon as it is seen.

The ``Map`` sheet is read for the edits made in it (``jmap.formats.xlsx.map_edits``). A formula cell is an error,
except the
``TRUE()``/``FALSE()`` formulas LibreOffice writes for boolean cells.
"""

from __future__ import annotations

import io
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Any, Final, TypeVar
from xml.etree import ElementTree as ET
from xml.parsers import expat

import defusedxml.ElementTree as defused
from defusedxml.common import DefusedXmlException

from jmap.document import PositionIndex, RawDocument, SourceIssue
from jmap.findings import Location, ModelPath
from jmap.formats import plain_zip_member
from jmap.formats.xlsx.layout import (
    ABOUT,
    ABOUT_FIELDS,
    DATE_FIELDS,
    EVIDENCE,
    EVIDENCE_COLUMNS,
    HANDOFF_PREFIX,
    MAP,
    METRIC_COLUMNS,
    METRICS,
    OPPORTUNITY_FIELDS,
    PAIN_POINT_COLUMNS,
    PAIN_POINTS,
    REVIEW_ROWS,
    STAGE_COLUMNS,
    STAGES,
    TOUCHPOINT_COLUMNS,
    TOUCHPOINTS,
    decode_extra,
    handoff_x_key,
    nest_handoff,
    norm,
    opportunity_x_key,
    review_x_key,
    split_lines,
    unescape,
    x_key,
)
from jmap.formats.xlsx.map_record import RECORD_SHEET
from jmap.util.gc_pause import gc_paused
from jmap.util.suggest import closest, suggest

MAX_FILE_BYTES: Final = 256 * 1024 * 1024
MAX_MEMBERS: Final = 2_000
MAX_PART_BYTES: Final = 128 * 1024 * 1024
MAX_READ_BYTES: Final = 256 * 1024 * 1024
MAX_DECLARED_BYTES: Final = 1024 * 1024 * 1024
MAX_RATIO: Final = 200
RATIO_FLOOR: Final = 4 * 1024 * 1024
MAX_ROWS: Final = 100_000
MAX_COLUMNS: Final = 1_000
MAX_CELLS: Final = 1_500_000
CHUNK: Final = 1 << 20

_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})\Z")
_BUILTIN_DATE_FORMATS = (
    frozenset(range(14, 23)) | frozenset(range(27, 37)) | frozenset(range(45, 48)) | frozenset(range(50, 59))
)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_EPOCH_1900 = date(1899, 12, 30)
_EPOCH_1904 = date(1904, 1, 1)

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
_FORMULA_TAG = re.compile(rf"<{_P}f(?:\s[^>]*)?(?:/>|>(.*?)</{_P}f\s*>)", re.S)
_BOOLEAN_FORMULA = {"TRUE()": True, "FALSE()": False, "TRUE": True, "FALSE": False}
_V = re.compile(rf"<{_P}v(?:\s[^>]*)?(?:/>|>(.*?)</{_P}v\s*>)", re.S)
_IS = re.compile(rf"<{_P}is\b[^>]*?(?:/>|>(.*?)</{_P}is\s*>)", re.S)
_SI = re.compile(rf"<{_P}si\b[^>]*?(?:/>|>(?:<t>([^<&\r]*)</t>|(.*?))</{_P}si\s*>)", re.S)
_T = re.compile(rf"<{_P}t(?:\s[^>]*)?(?<!/)>(.*?)</{_P}t\s*>", re.S)
_PHONETIC = re.compile(rf"<{_P}rPh\b.*?</{_P}rPh\s*>", re.S)
_REFERENCE = re.compile(r"<!\[CDATA\[(.*?)\]\]>|&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);", re.S)
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}

_FORMULA: Final = "f"
_ERROR: Final = "e"

_STAGE_KINDS = {"red_flags": "list", "metrics": "list", "exit_criteria": "list"}
_TOUCHPOINT_KINDS = {"emotion": "emotion", "moment_of_truth": "bool", "metrics": "list"}
_METRIC_KINDS = {"as_of": "date", "baseline": "raw", "current": "raw", "target": "raw"}
_EVIDENCE_REFS = re.compile(r"[\s,;]+")
_ABOUT_KINDS = {"goals": "list", "last_reviewed": "date", "jmap": "raw"}


class _Abort(Exception):
    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location(1, 1)


@dataclass(slots=True)
class _Cell:
    value: Any
    kind: str


@dataclass(frozen=True, slots=True)
class _RowRef:
    sheet: str
    row: int
    columns: dict[str, int]
    anchor: int


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


class _CellIndex(dict[ModelPath, Location]):
    """Explicit locations, plus locations computed on demand from the row each object came from."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[ModelPath, _RowRef] = {}

    def get(self, path: ModelPath, default: Any = None) -> Any:
        found = dict.get(self, path)
        if found is not None:
            return found
        ref = self.rows.get(path)
        if ref is not None:
            return cell_location(ref.sheet, ref.row, ref.anchor)
        for depth in (1, 2):
            if len(path) <= depth:
                break
            ref = self.rows.get(path[:-depth])
            if ref is None:
                continue
            field = path[-depth]
            col = ref.columns.get(field) if isinstance(field, str) else None
            if col is not None and (depth == 1 or isinstance(path[-1], int)):
                return cell_location(ref.sheet, ref.row, col)
            break
        return default

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self.get(path) is not None


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


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _as_text(cell: _Cell) -> Any:
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _convert(kind: str, cell: _Cell) -> Any:
    value = cell.value
    if kind == "list":
        if isinstance(value, str):
            return split_lines(value)
        return [_as_text(cell)]
    if kind in ("emotion", "bool", "raw"):
        return value
    if kind == "date":
        if isinstance(value, (date, str)):
            return value
        return str(_as_text(cell))
    return _as_text(cell)


def _extra(key: str, cell: _Cell) -> Any:
    value = cell.value
    if isinstance(value, str):
        return decode_extra(key, value)
    if isinstance(value, date):
        return _as_text(cell)
    return value


class _Workbook:
    """The archive: parts found case-insensitively, each read under the caps."""

    def __init__(self, raw: bytes) -> None:
        if raw[:8] == _OLE_MAGIC:
            raise _Abort(
                "this is an encrypted (password-protected) workbook or an old binary .xls file; "
                "jmap reads unprotected .xlsx files: remove the password or save as .xlsx"
            )
        if len(raw) > MAX_FILE_BYTES:
            raise _Abort(f"the file is {len(raw):,} bytes; jmap reads workbooks up to {MAX_FILE_BYTES:,}")
        if not raw.startswith(b"PK"):
            raise _Abort("not an XLSX workbook: the file is not a zip archive")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
        except zipfile.BadZipFile as exc:
            raise _Abort(f"not a readable XLSX workbook: {exc} (is the file truncated?)") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _Abort(f"the archive holds {len(infos):,} files; a workbook jmap reads holds at most {MAX_MEMBERS:,}")
        declared = 0
        self.parts: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if not plain_zip_member(info):
                raise _Abort(
                    f"part {info.filename} is encrypted or compressed in a way workbooks never are; "
                    "the workbook is not read"
                )
            declared += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _Abort(
                    f"part {info.filename} inflates {info.file_size // max(info.compress_size, 1):,} times; "
                    "this looks like a zip bomb, so the workbook is not read"
                )
            self.parts[info.filename.lstrip("/").lower()] = info
        if declared > MAX_DECLARED_BYTES:
            raise _Abort(
                f"the archive inflates to {declared:,} bytes; this looks like a zip bomb, so the workbook is not read"
            )
        self.read_total = 0

    def info(self, name: str) -> zipfile.ZipInfo | None:
        return self.parts.get(name.lstrip("/").lower())

    def open(self, name: str) -> tuple[IO[bytes], zipfile.ZipInfo]:
        info = self.info(name)
        if info is None:
            raise _Abort(f"not a complete XLSX workbook: part {name} is missing")
        if info.file_size > MAX_PART_BYTES:
            raise _Abort(
                f"part {info.filename} inflates to {info.file_size:,} bytes; jmap reads parts up to "
                f"{MAX_PART_BYTES:,}, so the workbook is not read (zip bomb?)"
            )
        return self.zip.open(info), info

    def head(self, name: str, size: int = 4096) -> bytes:
        """The first ``size`` bytes of a part (where a sheet's ``<dimension>`` is), without inflating the rest."""
        stream, _ = self.open(name)
        with stream:
            return stream.read(size)

    def read(self, name: str, where: Location | None = None) -> bytes:
        """A part's bytes, refused past the caps."""
        stream, info = self.open(name)
        chunks: list[bytes] = []
        size = 0
        with stream:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                self.read_total += len(chunk)
                if size > MAX_PART_BYTES or self.read_total > MAX_READ_BYTES:
                    raise _Abort(
                        f"part {info.filename} inflates past {MAX_PART_BYTES:,} bytes; this looks like a zip bomb, "
                        "so the workbook is not read",
                        where,
                    )
                chunks.append(chunk)
        return b"".join(chunks)

    def text(self, name: str, where: Location | None = None) -> str:
        """A large part as text, checked to be well-formed UTF-8 XML without a document type declaration.

        With no DTD there can be no entity declarations, so no entity expansion and no external entities;
        this is defusedxml's ``forbid_dtd`` guard, applied to expat directly to keep the check at C speed.
        """
        data = _utf8_xml(name, self.read(name, where), where)
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        try:
            parser.Parse(data, True)
        except _DtdRefused:
            raise _Abort(
                f"part {name} has a document type declaration; jmap refuses XML entity declarations", where
            ) from None
        except expat.ExpatError as exc:
            raise _Abort(
                f"part {name} is not well-formed XML ({expat.ErrorString(exc.code)}, line {exc.lineno})", where
            ) from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _Abort(f"part {name} is not UTF-8 text; jmap reads workbooks saved as .xlsx", where) from None

    def tree(self, name: str) -> ET.Element:
        """A small part parsed by defusedxml (no DTD, no entities, no external references)."""
        data = _utf8_xml(name, self.read(name))
        try:
            root: ET.Element = defused.fromstring(data, forbid_dtd=True)
        except DefusedXmlException:
            raise _Abort(f"part {name} has a document type declaration; jmap refuses XML entity declarations") from None
        except ET.ParseError as exc:
            raise _Abort(f"part {name} is not well-formed XML ({exc})") from None
        return root


def _utf8_xml(name: str, data: bytes, where: Location | None = None) -> bytes:
    """A part's XML as UTF-8: UTF-16 (which OOXML allows) is converted; any other declared encoding is refused.

    The check comes before any parser sees the bytes, so an unknown encoding (``encoding="UTF-z"``) is a finding
    at the part, not a codec lookup failing inside the parser.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _Abort(f"part {name} is not valid UTF-16 text", where) from None
        declared = _declared_encoding(text)
        if declared is not None:
            text = text[: declared.start(2)] + "UTF-8" + text[declared.end(2) :]
        return text.encode("utf-8", "surrogatepass")
    declared = _declared_encoding(data[:300].decode("latin-1").removeprefix("\xef\xbb\xbf"))
    encoding = declared.group(2) if declared is not None else None
    if encoding is not None and _ENCODING_NAME.sub("", encoding.lower()) != "utf8":
        shown = encoding[:40]
        raise _Abort(
            f"part {name} declares the XML encoding {shown!r}; jmap reads workbook parts in UTF-8 or UTF-16 "
            "(with a byte-order mark), as spreadsheet programs write them",
            where,
        )
    return data


def _declared_encoding(text: str) -> re.Match[str] | None:
    """The ``encoding="…"`` of an XML declaration at the start of ``text`` (group 2 is the name)."""
    declaration = _XML_DECL.match(text)
    if declaration is None:
        return None
    return _ENCODING_ATTR.search(text, declaration.start(), declaration.end())


_XML_DECL = re.compile(r"\s*<\?xml\s[^>]*\?>")
_ENCODING_ATTR = re.compile(r"""\sencoding\s*=\s*(["'])([^"']*)\1""")
_ENCODING_NAME = re.compile(r"[-_\s]")


class _DtdRefused(Exception):
    pass


def _refuse_dtd(*_: Any) -> None:
    raise _DtdRefused


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


def _rels(wb: _Workbook, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, absolute part name) for ``part``."""
    folder, _, base = part.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if wb.info(rels_name) is None:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in wb.tree(rels_name):
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", name)
    return out


def _cell(
    content: str, t: str | None, style: str | None, strings: list[str], date_styles: frozenset[int], epoch: date
) -> _Cell | None:
    """The value of a cell's XML content; None when empty."""
    formula = _FORMULA_TAG.search(content)
    if formula is not None:
        constant = _BOOLEAN_FORMULA.get(formula.group(1).strip().upper()) if t == "b" and formula.group(1) else None
        return _Cell(None, _FORMULA) if constant is None else _Cell(constant, "b")
    inline = _IS.search(content)
    if inline is not None:
        text = _inline_text(inline.group(1) or "")
        return _Cell(text, "s") if text.strip() else None
    found = _V.search(content)
    v = found.group(1) if found else None
    if v is None:
        return None
    if t == "s":
        try:
            text = strings[int(v)]
        except (ValueError, IndexError):
            return _Cell(f"shared string {v[:20]!r} does not exist", _ERROR)
        return _Cell(text, "s") if text.strip() else None
    return _value(v, t, style, date_styles, epoch)


def _value(v: str, t: str | None, style: str | None, date_styles: frozenset[int], epoch: date) -> _Cell | None:
    """The value of a ``<v>`` of a cell of type ``t`` (other than a shared string)."""
    if t is None or t == "n":
        try:
            number: Any = int(v) if v.lstrip("-").isdigit() else float(v)
        except ValueError:
            return _Cell(f"{v[:20]!r} is not a number", _ERROR)
        if style and date_styles and style.isdigit() and int(style) in date_styles:
            when = _serial_date(float(number), epoch)
            if when is not None:
                return _Cell(when, "d")
        return _Cell(number, "n")
    value = _xml_text(v)
    if t == "b":
        return _Cell(value.strip() in ("1", "true"), "b")
    if t == "e":
        return _Cell(f"the cell holds the error value {value}", _ERROR)
    if t == "d":
        try:
            return _Cell(datetime.fromisoformat(value.strip()), "d")
        except ValueError:
            pass
    text = unescape(value)
    return _Cell(text, "s") if text.strip() else None


T = TypeVar("T")
_READ_SHEETS = frozenset(norm(n) for n in (ABOUT, STAGES, TOUCHPOINTS, PAIN_POINTS, EVIDENCE))


@dataclass(frozen=True, slots=True)
class _Link:
    """How a row of one sheet names its parent on another (a touchpoint its stage, a pain point its touchpoint)."""

    key: str
    header: str
    child: str
    parent: str
    parent_sheet: str


_STAGE_LINK = _Link("stage_id", "Stage ID", "touchpoint", "stage", STAGES)
_TOUCHPOINT_LINK = _Link("touchpoint_id", "Touchpoint ID", "pain point", "touchpoint", TOUCHPOINTS)
_METRIC_STAGE_LINK = _Link("stage_id", "Stage ID", "metric", "stage", STAGES)
_METRIC_TOUCHPOINT_LINK = _Link("touchpoint_id", "Touchpoint ID", "metric", "touchpoint", TOUCHPOINTS)


def _stage_index(stages: list[dict[str, Any]]) -> dict[str, int]:
    """Stage id -> index of the first stage with that id."""
    by_id: dict[str, int] = {}
    for i, s in enumerate(stages):
        sid = s.get("id")
        if sid is not None:
            by_id.setdefault(str(sid).strip(), i)
    return by_id


class _Reader:
    def __init__(self, raw: bytes, doc: RawDocument, index: _CellIndex) -> None:
        self.doc = doc
        self.index = index
        self.issues = doc.issues
        self.wb = _Workbook(raw)
        self.strings: list[str] = []
        self.date_styles: frozenset[int] = frozenset()
        self.epoch = _EPOCH_1900
        self.cells = 0

    def issue(
        self, code: str, message: str, loc: Location, path: ModelPath = (), hides: tuple[ModelPath, ...] = ()
    ) -> None:
        self.issues.append(SourceIssue(code, message, loc, path, hides=hides))

    def open_book(self) -> list[tuple[str, str]]:
        """The workbook's sheets as (name, part), in order, with shared strings, styles and date epoch loaded."""
        wb = self.wb
        book = "xl/workbook.xml"
        for rel_type, target in _rels(wb, "").values():
            if rel_type.endswith("/officeDocument"):
                book = target
        root = wb.tree(book)
        rels = _rels(wb, book)
        sheets: list[tuple[str, str]] = []
        for el in root.iter():
            tag = _local(el.tag)
            if tag == "workbookPr" and el.get("date1904") in ("1", "true"):
                self.epoch = _EPOCH_1904
            elif tag == "sheet":
                rid = next((el.get(f"{{{ns}}}id") for ns in _REL_NS if el.get(f"{{{ns}}}id")), None)
                rel = rels.get(rid or "")
                if rel is not None:
                    sheets.append((el.get("name") or "", rel[1]))
        for name, part in sheets:
            if norm(name) in _READ_SHEETS and wb.info(part) is not None:
                dimension = _DIMENSION.search(wb.head(part).decode("utf-8", "replace"))
                if dimension is not None:
                    self.check_dimension(name, dimension.group(1))
        for rel_type, target in rels.values():
            if rel_type.endswith("/sharedStrings") and wb.info(target) is not None:
                self.read_strings(target)
            elif rel_type.endswith("/styles") and wb.info(target) is not None:
                self.read_styles(target)
        return sheets

    def read(self) -> dict[str, Any] | None:
        sheets = self.open_book()
        known = {norm(n): n for n in (MAP, ABOUT, STAGES, TOUCHPOINTS, PAIN_POINTS, EVIDENCE, METRICS)}
        found: dict[str, tuple[str, str]] = {}
        unknown: list[str] = []
        record: tuple[str, str] | None = None
        for name, part in sheets:
            canonical = known.get(norm(name))
            if norm(name) == norm(RECORD_SHEET):
                record = (name, part)
            if canonical is None:
                if not name.strip().lower().startswith("x-"):
                    unknown.append(name)
            elif canonical in found:
                self.issue(
                    "JM005",
                    f"sheet {name!r} repeats sheet {found[canonical][0]!r}; only the first is read",
                    Location(1, 1, f"{name}!A1"),
                )
            else:
                found[canonical] = (name, part)
        if ABOUT not in found and TOUCHPOINTS not in found:
            self.issue(
                "JM002",
                "not a journey map: the workbook has neither an 'About' nor a 'Touchpoints' sheet",
                Location(1, 1, f"{sheets[0][0] if sheets else 'Sheet1'}!A1"),
            )
            return None
        if ABOUT not in found:
            self.issue(
                "JM002",
                "the workbook has no 'About' sheet, so it lacks the 'jmap' format version and the title",
                Location(1, 1, f"{TOUCHPOINTS}!A1"),
            )
            return None
        for name in unknown:
            self.issue(
                "JM003",
                f"sheet {name!r} is not part of a journey map{suggest(name, list(known.values()))}; "
                "jmap does not read it (name sheets of your own 'x-…')",
                Location(1, 1, f"{name}!A1"),
            )
        data = self.read_about(*found[ABOUT])
        self.index[("stages",)] = Location(1, 1, f"{STAGES}!A1")
        self.index[("evidence",)] = Location(1, 1, f"{EVIDENCE}!A1")
        stages: list[dict[str, Any]] = []
        data["stages"] = stages
        if STAGES in found:
            self.read_stages(*found[STAGES], stages)
        elif TOUCHPOINTS in found:
            self.issue(
                "JM002",
                "the workbook has no 'Stages' sheet, so its touchpoints belong to no stage",
                Location(1, 1, f"{TOUCHPOINTS}!A1"),
                ("stages",),
            )
        touchpoints: dict[str, tuple[ModelPath, dict[str, Any]]] = {}
        if TOUCHPOINTS in found and STAGES in found:
            self.read_touchpoints(*found[TOUCHPOINTS], stages, touchpoints)
        if PAIN_POINTS in found and STAGES in found:
            self.read_pain_points(*found[PAIN_POINTS], touchpoints)
        if METRICS in found and STAGES in found:
            self.read_metrics(*found[METRICS], stages, touchpoints)
        if MAP in found and record is not None and STAGES in found:
            from jmap.formats.xlsx.map_edits import apply_map_edits

            apply_map_edits(self, found[MAP], record, stages, touchpoints)
        if EVIDENCE in found:
            evidence = self.read_evidence(*found[EVIDENCE])
            if evidence:
                data["evidence"] = evidence
        return data

    def read_strings(self, part: str) -> None:
        text = self.wb.text(part)
        self.strings = [
            (unescape(simple) if "_x" in simple else simple) if not rich else _inline_text(rich)
            for simple, rich in _SI.findall(text)
        ]

    def read_styles(self, part: str) -> None:
        root = self.wb.tree(part)
        formats: dict[int, str] = {}
        xfs: list[int] = []
        for el in root:
            tag = _local(el.tag)
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

    def rows(self, sheet: str, part: str) -> Iterator[tuple[int, dict[int, _Cell]]]:
        """Non-blank rows of a sheet: (row number, column -> cell)."""
        where = Location(1, 1, f"{sheet}!A1")
        text = self.wb.text(part, where)
        opening = _SHEET_DATA.search(text)
        if opening is None or opening.group(1):
            return
        dimension = _DIMENSION.search(text, 0, opening.start())
        if dimension is not None:
            self.check_dimension(sheet, dimension.group(1))
        closing = _SHEET_DATA_END.search(text, opening.end())
        body = text[opening.end() : closing.start() if closing else len(text)]
        del text
        if "<!--" in body:
            body = _COMMENT.sub("", body)
        strings = self.strings
        date_styles = self.date_styles
        epoch = self.epoch
        letters_cache: dict[str, int] = {}
        row_no = 0
        row: dict[int, _Cell] = {}
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
                    raise _Abort(
                        f"sheet {sheet} has more than {MAX_ROWS:,} rows; jmap reads sheets up to that size",
                        Location(top, 1, f"{sheet}!A{top}"),
                    )
                col = 0
                continue
            if ref:
                letters = ref.rstrip("0123456789")
                col = letters_cache.get(letters, 0)
                if not col:
                    if not letters.isalpha() or not letters.isascii() or len(letters) > 3:
                        raise _Abort(f"cell reference {ref[:20]!r} is not valid", where)
                    col = letters_cache[letters] = column_number(letters)
            else:
                col += 1
            if simple is not None:
                if t == "s":
                    try:
                        text_value = strings[int(simple)]
                    except (ValueError, IndexError):
                        cell: _Cell | None = _Cell(f"shared string {simple[:20]!r} does not exist", _ERROR)
                    else:
                        cell = _Cell(text_value, "s") if text_value.strip() else None
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
                raise _Abort(
                    f"sheet {sheet} has a value in column {column_letters(shown)}; "
                    f"jmap reads up to {MAX_COLUMNS:,} columns",
                    Location(row_no, shown, f"{sheet}!{column_letters(shown)}{row_no}"),
                )
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise _Abort(f"the workbook has more than {MAX_CELLS:,} cells with values; jmap does not read it")
            row[col] = cell
        if row:
            yield row_no, row

    def check_dimension(self, sheet: str, ref: str) -> None:
        last = ref.rpartition(":")[2]
        m = _CELL_REF.match(last)
        if m is None:
            return
        col = column_number(m.group(1))
        row = int(m.group(2))
        if row > MAX_ROWS + 1 or col > MAX_COLUMNS:
            raise _Abort(
                f"sheet {sheet} spans {ref}; jmap reads sheets of up to {MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns",
                Location(1, 1, f"{sheet}!A1"),
            )

    def table(
        self, sheet: str, part: str, columns: tuple[tuple[str, str], ...]
    ) -> Iterator[tuple[int, dict[str, int], dict[str, _Cell], dict[str, _Cell], dict[str, _Cell]]]:
        """Rows of a table sheet: (row, field -> column, known fields, x- fields, opportunity x- fields)."""
        known = {norm(h): key for h, key in columns}
        headers = [h for h, _ in columns]
        field_col: dict[str, int] = {}
        x_cols: dict[int, str] = {}
        ox_cols: dict[int, str] = {}
        key_cols: dict[int, str] = {}
        reported: set[int] = set()
        header_row = 0
        for row_no, cells in self.rows(sheet, part):
            if not header_row:
                header_row = row_no
                for col, cell in sorted(cells.items()):
                    loc = cell_location(sheet, row_no, col)
                    if cell.kind in (_FORMULA, _ERROR):
                        self.issue("JM002", f"header of column {column_letters(col)} is not text", loc)
                        continue
                    header = str(_as_text(cell)).strip()
                    key = known.get(norm(header))
                    xk = x_key(header)
                    ok = opportunity_x_key(header) if sheet == PAIN_POINTS else None
                    hk = handoff_x_key(header) if sheet in (STAGES, TOUCHPOINTS) else None
                    name = key or xk or (f"opportunity.{ok}" if ok else None) or (HANDOFF_PREFIX + hk if hk else None)
                    if name is None:
                        meant = closest(header, headers)
                        self.issue(
                            "JM003",
                            f"unknown column {header!r} in sheet {sheet}{suggest(header, headers)}; "
                            "columns of your own must start with 'x-'",
                            loc,
                            hides=_column_paths(sheet, known[norm(meant)]) if meant is not None else (),
                        )
                        reported.add(col)
                        continue
                    if name in field_col:
                        self.issue(
                            "JM005",
                            f"column {header!r} appears twice in sheet {sheet}; the first one is read",
                            loc,
                        )
                        reported.add(col)
                        continue
                    field_col[name] = col
                    if key or hk:
                        key_cols[col] = key or name
                    elif xk:
                        x_cols[col] = xk
                    elif ok:
                        ox_cols[col] = ok
                continue
            fields: dict[str, _Cell] = {}
            xs: dict[str, _Cell] = {}
            oxs: dict[str, _Cell] = {}
            for col, cell in cells.items():
                if cell.kind == _FORMULA:
                    self.issue(
                        "JM002",
                        f"cell {column_letters(col)}{row_no} of sheet {sheet} is a formula; "
                        "jmap reads values, not formulas",
                        cell_location(sheet, row_no, col),
                    )
                    continue
                if cell.kind == _ERROR:
                    self.issue("JM002", f"{cell.value}", cell_location(sheet, row_no, col))
                    continue
                key = key_cols.get(col)
                if key is not None:
                    fields[key] = cell
                elif col in x_cols:
                    xs[x_cols[col]] = cell
                elif col in ox_cols:
                    oxs[ox_cols[col]] = cell
                elif col not in reported:
                    reported.add(col)
                    self.issue(
                        "JM003",
                        f"column {column_letters(col)} of sheet {sheet} has values but no header; "
                        "jmap does not know what they are",
                        cell_location(sheet, row_no, col),
                    )
            if fields or xs or oxs:
                yield row_no, field_col, fields, xs, oxs

    def object(
        self, fields: dict[str, _Cell], xs: dict[str, _Cell], kinds: dict[str, str], skip: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, cell in fields.items():
            if key not in skip:
                out[key] = _convert(kinds.get(key, "text"), cell)
        for key, cell in xs.items():
            out[key] = _extra(key, cell)
        return out

    def read_about(self, sheet: str, part: str) -> dict[str, Any]:
        data: dict[str, Any] = {}
        index = self.index
        index[()] = Location(1, 1, f"{sheet}!A1")
        fields = {norm(f): f for f in ABOUT_FIELDS}
        header_row = 0
        field_col, value_col = 1, 2
        seen: dict[str, int] = {}
        for row_no, cells in self.rows(sheet, part):
            if not header_row:
                header_row = row_no
                for col, cell in cells.items():
                    name = norm(str(_as_text(cell)))
                    if name == "field":
                        field_col = col
                    elif name == "value":
                        value_col = col
                continue
            name_cell = cells.get(field_col)
            value_cell = cells.get(value_col)
            name_loc = cell_location(sheet, row_no, field_col)
            value_loc = cell_location(sheet, row_no, value_col)
            if name_cell is None or name_cell.kind in (_FORMULA, _ERROR):
                if value_cell is not None:
                    self.issue("JM003", f"row {row_no} of sheet {sheet} has a value but no field name", name_loc)
                continue
            if value_cell is not None and value_cell.kind == _FORMULA:
                self.issue(
                    "JM002",
                    f"cell {column_letters(value_col)}{row_no} of sheet {sheet} is a formula; "
                    "jmap reads values, not formulas",
                    value_loc,
                )
                value_cell = None
            elif value_cell is not None and value_cell.kind == _ERROR:
                self.issue("JM002", str(value_cell.value), value_loc)
                value_cell = None
            label = str(_as_text(name_cell)).strip()
            field = fields.get(norm(label))
            xk = x_key(label)
            rk = review_x_key(label)
            key = field or xk or (f"review.{rk}" if rk else None)
            if key is None:
                meant = closest(label, list(ABOUT_FIELDS))
                self.issue(
                    "JM003",
                    f"unknown field {label!r} in sheet {sheet}{suggest(label, list(ABOUT_FIELDS))}; "
                    "fields of your own must start with 'x-'",
                    name_loc,
                    hides=(("review", REVIEW_ROWS[meant]) if meant in REVIEW_ROWS else (meant,),) if meant else (),
                )
                continue
            if key in seen:
                self.issue(
                    "JM005",
                    f"field {label!r} appears twice in sheet {sheet} (first in row {seen[key]}); the first is used",
                    name_loc,
                )
                continue
            seen[key] = row_no
            if field in REVIEW_ROWS or rk:
                sub = REVIEW_ROWS[field] if field else str(rk)
                path: ModelPath = ("review", sub)
                if ("review",) not in index:
                    index[("review",)] = name_loc
                index[path] = value_loc
                if value_cell is not None:
                    review = data.setdefault("review", {})
                    if rk:
                        review[sub] = _extra(sub, value_cell)
                    else:
                        review[sub] = _convert("date" if sub == "last_reviewed" else "text", value_cell)
                continue
            name = field or str(xk)
            index[(name,)] = value_loc
            if value_cell is None:
                continue
            if xk:
                data[name] = _extra(name, value_cell)
                continue
            value = _convert(_ABOUT_KINDS.get(name, "text"), value_cell)
            data[name] = value
            if name == "goals":
                for i in range(len(value)):
                    index[("goals", i)] = value_loc
        return data

    def read_stages(self, sheet: str, part: str, stages: list[dict[str, Any]]) -> None:
        rows = self.index.rows
        for row_no, columns, fields, xs, _ in self.table(sheet, part, STAGE_COLUMNS):
            stage = self.object(fields, xs, _STAGE_KINDS)
            nest_handoff(stage)
            stage["touchpoints"] = []
            path: ModelPath = ("stages", len(stages))
            rows[path] = _RowRef(sheet, row_no, columns, min(columns.values()))
            self.handoff_ref(path, sheet, row_no, columns)
            stages.append(stage)

    def read_touchpoints(
        self,
        sheet: str,
        part: str,
        stages: list[dict[str, Any]],
        touchpoints: dict[str, tuple[ModelPath, dict[str, Any]]],
    ) -> None:
        by_id = _stage_index(stages)
        rows = self.index.rows
        checked = False
        for row_no, columns, fields, xs, _ in self.table(sheet, part, TOUCHPOINT_COLUMNS):
            if not checked:
                checked = True
                if not self.has_link_column(sheet, columns, _STAGE_LINK):
                    return
            si = self.linked(sheet, row_no, columns, fields, _STAGE_LINK, by_id)
            if si is None:
                continue
            tp = self.object(fields, xs, _TOUCHPOINT_KINDS, skip=("stage_id",))
            nest_handoff(tp)
            tp["pain_points"] = []
            tlist = stages[si]["touchpoints"]
            path: ModelPath = ("stages", si, "touchpoints", len(tlist))
            rows[path] = _RowRef(sheet, row_no, columns, min(columns.values()))
            self.handoff_ref(path, sheet, row_no, columns)
            tlist.append(tp)
            tid = tp.get("id")
            if tid is not None:
                touchpoints.setdefault(str(tid).strip(), (path, tp))

    def handoff_ref(self, path: ModelPath, sheet: str, row_no: int, columns: dict[str, int]) -> None:
        """Point the object's ``handoff`` (and its fields) at the row's Handoff columns."""
        handoff = {k.removeprefix(HANDOFF_PREFIX): c for k, c in columns.items() if k.startswith(HANDOFF_PREFIX)}
        if handoff:
            self.index.rows[(*path, "handoff")] = _RowRef(sheet, row_no, handoff, min(handoff.values()))

    def read_metrics(
        self,
        sheet: str,
        part: str,
        stages: list[dict[str, Any]],
        touchpoints: dict[str, tuple[ModelPath, dict[str, Any]]],
    ) -> None:
        """Rows of the Metrics sheet: each names its touchpoint, or else its stage, and is added to its metrics."""
        by_id = _stage_index(stages)
        rows = self.index.rows
        for row_no, columns, fields, xs, _ in self.table(sheet, part, METRIC_COLUMNS):
            owner: tuple[ModelPath, dict[str, Any]] | None
            if "touchpoint_id" in fields:
                owner = self.linked(sheet, row_no, columns, fields, _METRIC_TOUCHPOINT_LINK, touchpoints)
            elif "stage_id" in fields:
                si = self.linked(sheet, row_no, columns, fields, _METRIC_STAGE_LINK, by_id)
                owner = None if si is None else (("stages", si), stages[si])
            else:
                where = cell_location(sheet, row_no, min(columns.values()))
                self.issue(
                    "JM004",
                    f"row {row_no} of sheet {sheet} names neither a Stage ID nor a Touchpoint ID; "
                    "the metric is not read",
                    where,
                )
                continue
            if owner is None:
                continue
            opath, obj = owner
            metric = self.object(fields, xs, _METRIC_KINDS, skip=("stage_id", "touchpoint_id"))
            mlist = obj.setdefault("metrics", [])
            rows[(*opath, "metrics", len(mlist))] = _RowRef(sheet, row_no, columns, columns.get("name", 1))
            mlist.append(metric)

    def has_link_column(self, sheet: str, columns: dict[str, int], link: _Link) -> bool:
        """Whether the sheet has the column naming each row's parent (reported when it has not)."""
        if link.key in columns:
            return True
        self.issue(
            "JM002",
            f"sheet {sheet} has no {link.header!r} column, so its {link.child}s belong to no {link.parent}",
            Location(1, 1, f"{sheet}!A1"),
        )
        return False

    def linked(
        self,
        sheet: str,
        row_no: int,
        columns: dict[str, int],
        fields: dict[str, _Cell],
        link: _Link,
        known: Mapping[str, T],
    ) -> T | None:
        """The parent a row names, or None after reporting (JM004) why the row is not read."""
        where = cell_location(sheet, row_no, columns[link.key])
        cell = fields.get(link.key)
        if cell is None:
            self.issue(
                "JM004", f"row {row_no} of sheet {sheet} has no {link.header}; the {link.child} is not read", where
            )
            return None
        ident = str(_as_text(cell)).strip()
        found = known.get(ident)
        if found is None:
            self.issue(
                "JM004",
                f"{link.child} row {row_no} names {link.parent} {ident!r}, which is not in sheet {link.parent_sheet}; "
                f"the {link.child} is not read",
                where,
            )
        return found

    def read_pain_points(self, sheet: str, part: str, touchpoints: dict[str, tuple[ModelPath, dict[str, Any]]]) -> None:
        rows = self.index.rows
        checked = False
        opp_columns: dict[str, int] = {}
        for row_no, columns, fields, xs, oxs in self.table(sheet, part, PAIN_POINT_COLUMNS):
            if not checked:
                checked = True
                if not self.has_link_column(sheet, columns, _TOUCHPOINT_LINK):
                    return
                opp_columns = {k: columns[k] for k in OPPORTUNITY_FIELDS if k in columns}
                opp_columns.update(
                    {k.removeprefix("opportunity."): c for k, c in columns.items() if k.startswith("opportunity.")}
                )
            target = self.linked(sheet, row_no, columns, fields, _TOUCHPOINT_LINK, touchpoints)
            if target is None:
                continue
            tpath, tp = target
            pain: dict[str, Any] = {}
            if "text" in fields:
                pain["text"] = _as_text(fields["text"])
            if "basis" in fields:
                pain["basis"] = _as_text(fields["basis"])
            if "evidence" in fields:
                refs = _as_text(fields["evidence"])
                pain["evidence"] = [r for r in _EVIDENCE_REFS.split(refs) if r] if isinstance(refs, str) else [refs]
            for key, cell in xs.items():
                pain[key] = _extra(key, cell)
            opp: dict[str, Any] = {k: _as_text(fields[k]) for k in OPPORTUNITY_FIELDS if k in fields}
            for key, cell in oxs.items():
                opp[key] = _extra(key, cell)
            plist = tp["pain_points"]
            path: ModelPath = (*tpath, "pain_points", len(plist))
            anchor = min(columns.values())
            rows[path] = _RowRef(sheet, row_no, columns, anchor)
            if opp:
                pain["opportunity"] = opp
            rows[(*path, "opportunity")] = _RowRef(
                sheet, row_no, opp_columns, min(opp_columns.values(), default=anchor)
            )
            plist.append(pain)

    def read_evidence(self, sheet: str, part: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        rows = self.index.rows
        kinds = {key: "date" for key in DATE_FIELDS}
        for row_no, columns, fields, xs, _ in self.table(sheet, part, EVIDENCE_COLUMNS):
            rows[("evidence", len(out))] = _RowRef(sheet, row_no, columns, min(columns.values()))
            out.append(self.object(fields, xs, kinds))
        return out


_ROW_PATHS: Final[dict[str, ModelPath]] = {
    STAGES: ("stages", "*"),
    TOUCHPOINTS: ("stages", "*", "touchpoints", "*"),
    PAIN_POINTS: ("stages", "*", "touchpoints", "*", "pain_points", "*"),
    EVIDENCE: ("evidence", "*"),
}


def _column_paths(sheet: str, key: str) -> tuple[ModelPath, ...]:
    """The field of every row a column of ``sheet`` fills (``"*"`` for any index): what a misspelt header hides."""
    row = _ROW_PATHS.get(sheet)
    if row is None:
        return ()
    if sheet == PAIN_POINTS and key in OPPORTUNITY_FIELDS:
        return ((*row, "opportunity", key),)
    return ((*row, key),)


def read_xlsx(path: str, raw: bytes) -> RawDocument:
    """Read a workbook's bytes. Never raises for bad content: problems become issues."""
    index = _CellIndex()
    index[()] = Location(1, 1, f"{ABOUT}!A1")
    doc = RawDocument(path=path, kind="xlsx", data=None, positions=PositionIndex(index))
    try:
        with gc_paused():
            data = _Reader(raw, doc, index).read()
    except _Abort as exc:
        doc.issues.clear()
        doc.issues.append(SourceIssue("JM001", exc.message, exc.location))
        return doc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        doc.issues.clear()
        doc.issues.append(
            SourceIssue(
                "JM001", f"not a readable XLSX workbook: {exc} (is the file truncated or damaged?)", Location(1, 1)
            )
        )
        return doc
    except (RuntimeError, ValueError, LookupError, OSError) as exc:
        doc.issues.clear()
        doc.issues.append(SourceIssue("JM001", f"the workbook cannot be read: {exc}", Location(1, 1)))
        return doc
    except MemoryError:
        doc.issues.clear()
        doc.issues.append(SourceIssue("JM001", "the workbook is too large to read", Location(1, 1)))
        return doc
    doc.data = data
    return doc
