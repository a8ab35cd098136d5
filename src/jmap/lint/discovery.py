"""Which files to lint: named files always; in folders, journey maps only, skipping hidden,
.gitignore'd and excluded paths."""

from __future__ import annotations

import enum
import io
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from jmap.errors import SourceError
from jmap.formats import MAP_SUFFIXES, kind_of, plain_zip_member
from jmap.formats.sniff import ARCHIVE_ERRORS
from jmap.formats.xlsx.layout import norm
from jmap.lint.paths import GitIgnore, path_matches

_MAP_MARKER = re.compile(r"""^(?:jmap|"jmap"|'jmap')[ \t]*:""", re.MULTILINE)
_STAGES_KEY = re.compile(r"""^(?:stages|"stages"|'stages')[ \t]*:""", re.MULTILINE)
_TOUCHPOINTS_KEY = re.compile(r"""^[ \t-]*(?:touchpoints|"touchpoints"|'touchpoints')[ \t]*:""", re.MULTILINE)
_SHEET_NAME = re.compile(rb"""<(?:\w+:)?sheet\b[^>]*?\bname\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_OFFICE_DOCUMENT = re.compile(
    rb"""<(?:\w+:)?Relationship\b(?=[^>]*\bType\s*=\s*["'][^"']*/officeDocument["'])[^>]*?\bTarget\s*=\s*["']([^"']+)["']""",
    re.IGNORECASE,
)
_JMAP_SHEETS = frozenset({"map", "about", "stages", "touchpoints", "pain points", "evidence"})
SNIFF_BYTES = 4 * 1024 * 1024
"""How much of a workbook's workbook part the sniffer reads; a real one is a few kilobytes."""


class Sniff(enum.Enum):
    """What a file found in a folder looks like before it is read."""

    MAP = "map"
    NOT_MAP = "not a map"


def _sniff_text(raw: bytes) -> str:
    """The text of a YAML file as far as sniffing needs it: BOMs and UTF-16/32 without one are recognised."""
    head = raw[:4]
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if head.startswith(bom):
            return raw[len(bom) :].decode(codec.removesuffix("-sig"), errors="replace")
    if b"\x00" in raw[:64]:
        sample = raw[:64]
        if sample[1::4].count(0) == sample[2::4].count(0) == sample[3::4].count(0) == len(sample[1::4]):
            return raw.decode("utf-32-le", errors="replace")
        if sample[0::4].count(0) == sample[1::4].count(0) == sample[2::4].count(0) == len(sample[0::4]):
            return raw.decode("utf-32-be", errors="replace")
        odd_nuls = sample[1::2].count(0)
        even_nuls = sample[0::2].count(0)
        return raw.decode("utf-16-le" if odd_nuls >= even_nuls else "utf-16-be", errors="replace")
    return raw.decode("utf-8", errors="replace")


def _workbook_part(zf: zipfile.ZipFile) -> zipfile.ZipInfo | None:
    """The workbook part: where the package relationships point, else ``xl/workbook.xml``, else any ``workbook.xml``."""
    parts = {i.filename.lstrip("/").lower(): i for i in zf.infolist()}
    rels = parts.get("_rels/.rels")
    if rels is not None and rels.file_size <= SNIFF_BYTES and plain_zip_member(rels):
        m = _OFFICE_DOCUMENT.search(zf.read(rels))
        if m:
            target = posixpath.normpath(m.group(1).decode("utf-8", errors="replace").lstrip("/")).lower()
            if target in parts:
                return parts[target]
    if "xl/workbook.xml" in parts:
        return parts["xl/workbook.xml"]
    return next((i for name, i in sorted(parts.items()) if name.endswith("workbook.xml")), None)


def _sniff_workbook(raw: bytes) -> Sniff:
    """A workbook is skipped only when it is readable and plainly someone else's: no sheet jmap writes.

    Anything the sniffer cannot read (not a zip, truncated, an odd encoding, no
    workbook part) is handed to the reader, which says what is wrong.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            info = _workbook_part(zf)
            if info is None or info.file_size > SNIFF_BYTES or not plain_zip_member(info):
                return Sniff.MAP
            xml = zf.read(info)
    except ARCHIVE_ERRORS:
        return Sniff.MAP
    declaration = xml[:200].lower()
    if b"encoding" in declaration and not re.search(
        rb"""encoding\s*=\s*["'](?:utf-?8|us-ascii|ascii)["']""", declaration
    ):
        return Sniff.MAP
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Sniff.MAP
    names = {norm((a or b).decode("utf-8", errors="replace")) for a, b in _SHEET_NAME.findall(xml)}
    if "touchpoints" in names or len(names & _JMAP_SHEETS) >= 2:
        return Sniff.MAP
    return Sniff.NOT_MAP


_TABLE_NAME = re.compile(rb"""<table:table\b[^>]*?\btable:name\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _sniff_ods(raw: bytes) -> Sniff:
    """An OpenDocument spreadsheet is skipped only when its first tables are readable and none is jmap's."""
    xml = raw[:SNIFF_BYTES]
    if raw.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf, zf.open("content.xml") as content:
                xml = content.read(SNIFF_BYTES)
        except ARCHIVE_ERRORS:
            return Sniff.MAP
    names = {norm((a or b).decode("utf-8", errors="replace")) for a, b in _TABLE_NAME.findall(xml)}
    if not names or "touchpoints" in names or len(names & _JMAP_SHEETS) >= 2:
        return Sniff.MAP
    return Sniff.NOT_MAP


def sniff(path: str, raw: bytes) -> Sniff:
    """The folder rule: is this file a journey map (or plainly meant as one)?

    YAML: a top-level ``jmap:`` key, in any encoding a reader recognises, or
    ``stages:`` with ``touchpoints:`` (a map that lost its ``jmap:`` line).
    Workbooks: see ``_sniff_workbook``.
    """
    kind = kind_of(path)
    if kind == "xlsx":
        return _sniff_workbook(raw)
    if kind == "ods":
        return _sniff_ods(raw)
    text = _sniff_text(raw)
    if _MAP_MARKER.search(text) or (_STAGES_KEY.search(text) and _TOUCHPOINTS_KEY.search(text)):
        return Sniff.MAP
    return Sniff.NOT_MAP


@dataclass(frozen=True, slots=True)
class Candidate:
    path: str
    explicit: bool
    folders: tuple[str, ...] = ()
    """The folders named on the command line that this file was found in."""


def _git_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def discover(paths: list[Path], exclude: tuple[str, ...], root: Path) -> list[Candidate]:
    """Files to lint in a stable order: each named file, then each folder's maps sorted by path."""
    out: list[Candidate] = []
    seen: dict[str, int] = {}
    gitignore = GitIgnore()

    def excluded(p: Path) -> bool:
        if not exclude:
            return False
        try:
            rel = p.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = p.as_posix()
        return path_matches(exclude, rel)

    for given in paths:
        if not given.exists():
            raise SourceError(f"{given}: no such file or folder")
        if given.is_file():
            key = str(given)
            if key not in seen:
                seen[key] = len(out)
                out.append(Candidate(key, True))
            continue
        if not given.is_dir():
            raise SourceError(f"{given}: not a file or folder")
        top = _git_root(given.resolve())
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(given):
            here = Path(dirpath)
            resolved_here = here.resolve()
            keep = []
            for d in sorted(dirnames):
                if d.startswith(".") or d in ("__pycache__", "node_modules"):
                    continue
                if gitignore.ignored(resolved_here / d, True, top) or excluded(here / d):
                    continue
                keep.append(d)
            dirnames[:] = keep
            for name in filenames:
                if name.startswith(".") or not name.lower().endswith(MAP_SUFFIXES):
                    continue
                if name.startswith("~$"):
                    continue
                if gitignore.ignored(resolved_here / name, False, top) or excluded(here / name):
                    continue
                found.append(os.path.normpath(os.path.join(dirpath, name)))
        folder = str(given)
        for f in sorted(found):
            if f in seen:
                c = out[seen[f]]
                out[seen[f]] = replace(c, folders=(*c.folders, folder))
            else:
                seen[f] = len(out)
                out.append(Candidate(f, False, (folder,)))
    return out


def check_found(paths: list[Path], candidates: list[Candidate], linted: list[bool]) -> None:
    """Raise SourceError for a folder named on the command line in which no journey map was found.

    As pytest does when it collects nothing: a moved or emptied folder must not pass CI.
    """
    found = {folder for c, ok in zip(candidates, linted, strict=True) if ok for folder in c.folders}
    for given in paths:
        if given.is_dir() and str(given) not in found:
            raise SourceError(f"no journey maps found under {given}")
