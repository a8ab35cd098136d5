"""The workbook package, opened under guards before any sheet is decoded.

The archive is read with zipfile and the C XML parser of the standard library, so hostile files stay bounded:

* an encrypted (password-protected) workbook or an old binary ``.xls`` is named as such, not parsed;
* the archive is checked before anything is parsed (member count, declared
  sizes, compression ratio), and every part is read with a hard size cap
  (zipfile also stops at the declared size, where a lying header fails its CRC);
* a part's XML is UTF-8, or UTF-16 with a byte-order mark converted to UTF-8; any other declared
  encoding is refused at the part;
* a part with a document type declaration is refused before parsing, so no
  XML entity (internal or external) can ever be defined.

Parts are found case-insensitively, and the workbook part and its sheets through the package
relationships (``_rels``).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any, Final
from xml.etree import ElementTree as ET
from xml.parsers import expat

import defusedxml.ElementTree as defused
from defusedxml.common import DefusedXmlException

from jmap.findings import Location
from jmap.formats import plain_zip_member

MAX_FILE_BYTES: Final = 256 * 1024 * 1024
MAX_MEMBERS: Final = 2_000
MAX_PART_BYTES: Final = 128 * 1024 * 1024
MAX_READ_BYTES: Final = 256 * 1024 * 1024
MAX_DECLARED_BYTES: Final = 1024 * 1024 * 1024
MAX_RATIO: Final = 200
RATIO_FLOOR: Final = 4 * 1024 * 1024
CHUNK: Final = 1 << 20

_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Abort(Exception):
    """The workbook is not read: one JM001 with ``message`` at ``location``."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location(1, 1)


@dataclass(frozen=True, slots=True)
class Book:
    """The workbook part as the package relationships name it."""

    sheets: list[tuple[str, str]]
    """(name, part) of every sheet, in workbook order."""
    date1904: bool
    """Whether serial dates count from 1904 (``<workbookPr date1904>``)."""
    parts: list[tuple[str, str]]
    """(relationship type, part) of the workbook part's relationships, in order (shared strings, styles, …)."""


def local(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rpartition("}")[2]


class Workbook:
    """The archive: parts found case-insensitively, each read under the caps."""

    def __init__(self, raw: bytes) -> None:
        if raw[:8] == _OLE_MAGIC:
            raise Abort(
                "this is an encrypted (password-protected) workbook or an old binary .xls file; "
                "jmap reads unprotected .xlsx files: remove the password or save as .xlsx"
            )
        if len(raw) > MAX_FILE_BYTES:
            raise Abort(f"the file is {len(raw):,} bytes; jmap reads workbooks up to {MAX_FILE_BYTES:,}")
        if not raw.startswith(b"PK"):
            raise Abort("not an XLSX workbook: the file is not a zip archive")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
        except zipfile.BadZipFile as exc:
            raise Abort(f"not a readable XLSX workbook: {exc} (is the file truncated?)") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Abort(f"the archive holds {len(infos):,} files; a workbook jmap reads holds at most {MAX_MEMBERS:,}")
        declared = 0
        self.parts: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if not plain_zip_member(info):
                raise Abort(
                    f"part {info.filename} is encrypted or compressed in a way workbooks never are; "
                    "the workbook is not read"
                )
            declared += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise Abort(
                    f"part {info.filename} inflates {info.file_size // max(info.compress_size, 1):,} times; "
                    "this looks like a zip bomb, so the workbook is not read"
                )
            self.parts[info.filename.lstrip("/").lower()] = info
        if declared > MAX_DECLARED_BYTES:
            raise Abort(
                f"the archive inflates to {declared:,} bytes; this looks like a zip bomb, so the workbook is not read"
            )
        self.read_total = 0

    def info(self, name: str) -> zipfile.ZipInfo | None:
        return self.parts.get(name.lstrip("/").lower())

    def open(self, name: str) -> tuple[IO[bytes], zipfile.ZipInfo]:
        info = self.info(name)
        if info is None:
            raise Abort(f"not a complete XLSX workbook: part {name} is missing")
        if info.file_size > MAX_PART_BYTES:
            raise Abort(
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
                    raise Abort(
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
            raise Abort(
                f"part {name} has a document type declaration; jmap refuses XML entity declarations", where
            ) from None
        except expat.ExpatError as exc:
            raise Abort(
                f"part {name} is not well-formed XML ({expat.ErrorString(exc.code)}, line {exc.lineno})", where
            ) from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Abort(f"part {name} is not UTF-8 text; jmap reads workbooks saved as .xlsx", where) from None

    def tree(self, name: str) -> ET.Element:
        """A small part parsed by defusedxml (no DTD, no entities, no external references)."""
        data = _utf8_xml(name, self.read(name))
        try:
            root: ET.Element = defused.fromstring(data, forbid_dtd=True)
        except DefusedXmlException:
            raise Abort(f"part {name} has a document type declaration; jmap refuses XML entity declarations") from None
        except ET.ParseError as exc:
            raise Abort(f"part {name} is not well-formed XML ({exc})") from None
        return root

    def book(self) -> Book:
        """The workbook part found through the package relationships (``xl/workbook.xml`` when they name none)."""
        book = "xl/workbook.xml"
        for rel_type, target in _rels(self, "").values():
            if rel_type.endswith("/officeDocument"):
                book = target
        root = self.tree(book)
        rels = _rels(self, book)
        sheets: list[tuple[str, str]] = []
        date1904 = False
        for el in root.iter():
            tag = local(el.tag)
            if tag == "workbookPr" and el.get("date1904") in ("1", "true"):
                date1904 = True
            elif tag == "sheet":
                rid = next((el.get(f"{{{ns}}}id") for ns in _REL_NS if el.get(f"{{{ns}}}id")), None)
                rel = rels.get(rid or "")
                if rel is not None:
                    sheets.append((el.get("name") or "", rel[1]))
        return Book(sheets, date1904, list(rels.values()))


def _utf8_xml(name: str, data: bytes, where: Location | None = None) -> bytes:
    """A part's XML as UTF-8: UTF-16 (which OOXML allows) is converted; any other declared encoding is refused.

    The check comes before any parser sees the bytes, so an unknown encoding (``encoding="UTF-z"``) is a finding
    at the part, not a codec lookup failing inside the parser.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise Abort(f"part {name} is not valid UTF-16 text", where) from None
        declared = _declared_encoding(text)
        if declared is not None:
            text = text[: declared.start(2)] + "UTF-8" + text[declared.end(2) :]
        return text.encode("utf-8", "surrogatepass")
    declared = _declared_encoding(data[:300].decode("latin-1").removeprefix("\xef\xbb\xbf"))
    encoding = declared.group(2) if declared is not None else None
    if encoding is not None and _ENCODING_NAME.sub("", encoding.lower()) != "utf8":
        shown = encoding[:40]
        raise Abort(
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


def _rels(wb: Workbook, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, absolute part name) for ``part``."""
    folder, _, base = part.rpartition("/")
    rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if wb.info(rels_name) is None:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in wb.tree(rels_name):
        if local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", name)
    return out
