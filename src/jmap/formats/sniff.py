"""What a file's bytes are, whatever its name says: so a ``.ods`` holding an XLSX workbook is named as one.

Only the standard library; nothing is parsed past the first few kilobytes, and an archive is judged by its
member names (and an OpenDocument one by its ``mimetype`` member, which is stored first and uncompressed).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Final

ARCHIVE_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    LookupError,
    OSError,
    RuntimeError,
    ValueError,
    EOFError,
    NotImplementedError,
)
"""What reading a damaged or unusual zip archive raises (``NotImplementedError`` is zipfile's answer to a
compression method it cannot read): one tuple for every reader that must name such a file, not crash on it."""

XLSX: Final = "XLSX workbook"
ODS: Final = "OpenDocument spreadsheet"
FODS: Final = "flat OpenDocument spreadsheet"
XLS: Final = "old binary .xls workbook (or a password-protected one)"
ZIP: Final = "zip archive"
YAML: Final = "YAML text"
CSV: Final = "CSV text"
TEXT: Final = "text"

SUFFIX_CONTENT: Final = {
    ".xlsx": XLSX, ".xlsm": XLSX, ".ods": ODS, ".fods": FODS, ".yaml": YAML, ".yml": YAML, ".csv": CSV,
}  # fmt: skip
"""What a file of each suffix holds when it is what it says."""
SAME: Final = {FODS: ODS}
"""Contents read by the same reader as another (a flat file named ``.ods`` still reads)."""
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)", re.MULTILINE)
_HEAD: Final = 8192


def content_of(raw: bytes) -> str | None:
    """What ``raw`` is (one of the names above), or None when it is nothing this module tells apart."""
    if raw.startswith(_OLE_MAGIC):
        return XLS
    if raw.startswith(b"PK\x03\x04"):
        return _archive(raw)
    head = raw[:_HEAD]
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        return FODS if b"office:document" in head or b"opendocument" in head else None
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            return None
        sample = head[: exc.start].decode("utf-8")
    if "\x00" in sample:
        return None
    lines = [line for line in sample.splitlines()[:20] if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return None
    if _YAML_KEY.search(sample) or lines[0].lstrip().startswith(("- ", "---")):
        return YAML
    if len(lines) >= 2 and all(line.count(",") == lines[0].count(",") > 0 for line in lines[:5]):
        return CSV
    return TEXT


def _archive(raw: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = {n.lstrip("/").lower() for n in zf.namelist()}
            if "mimetype" in names:
                info = next(i for i in zf.infolist() if i.filename.lstrip("/").lower() == "mimetype")
                if info.file_size <= 200 and zf.read(info).strip().startswith(_ODS_MIMETYPE):
                    return ODS
    except ARCHIVE_ERRORS:
        return ZIP
    if "[content_types].xml" in names or any(n.startswith("xl/") for n in names):
        return XLSX
    return ZIP


def mismatch(path: str | Path, raw: bytes) -> str | None:
    """``this .ods is an XLSX workbook…`` when the bytes are not what the suffix says; None when they are
    (or when the bytes are nothing told apart here, which the reader then names)."""
    suffix = Path(path).suffix.lower()
    expected = SUFFIX_CONTENT.get(suffix)
    if expected is None:
        return None
    actual = content_of(raw)
    if actual in (None, TEXT) or SAME.get(actual, actual) == SAME.get(expected, expected):
        return None
    if (expected == YAML and actual == CSV) or (expected == CSV and actual == YAML):
        return None
    if (expected in (XLSX, ODS, FODS) and actual == ZIP) or (expected == XLSX and actual == XLS):
        return None
    article = "an" if actual[0] in "AEIOUaeiou" or actual.startswith(("XLSX", "old")) else "a"
    suffixes = [s for s, c in SUFFIX_CONTENT.items() if SAME.get(c, c) == SAME.get(actual, actual)]
    rename = f"; rename it to {suffixes[0]}" if suffixes and actual != CSV else ""
    if actual == XLS:
        rename = "; save it as .xlsx or .ods"
    return f"this {suffix} is {article} {actual}{rename}"
