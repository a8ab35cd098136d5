"""Readers: bytes of a YAML, XLSX or OpenDocument (ODS, FODS) file in, a RawDocument (plain data + positions) out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from jmap.document import RawDocument

if TYPE_CHECKING:
    import zipfile

    from jmap.formats.xlsx.base_sheet import Base
    from jmap.formats.yaml.incremental import YamlState

YAML_SUFFIXES = (".yaml", ".yml")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ODS_SUFFIXES = (".ods", ".fods")
MAP_SUFFIXES = YAML_SUFFIXES + XLSX_SUFFIXES + ODS_SUFFIXES
KINDS: dict[str, str] = {
    **dict.fromkeys(YAML_SUFFIXES, "yaml"),
    **dict.fromkeys(XLSX_SUFFIXES, "xlsx"),
    **dict.fromkeys(ODS_SUFFIXES, "ods"),
}
"""Suffix -> kind of map file."""
READERS: dict[str, str] = {
    "yaml": "jmap.formats.yaml.reader:read_yaml",
    "xlsx": "jmap.formats.xlsx.reader:read_xlsx",
    "ods": "jmap.formats.ods.reader:read_ods",
}
"""Kind -> ``module:function`` reading ``(path, bytes)`` into a RawDocument (imported when first used)."""
WORKBOOK_KINDS = frozenset({"xlsx", "ods"})
BASE_READERS: dict[str, str] = {
    "xlsx": "jmap.formats.xlsx.base_sheet:read_base",
    "ods": "jmap.formats.ods.base:read_ods_base",
}
"""Workbook kind -> ``module:function`` reading the base a workbook's bytes carry (``formats.xlsx.base_sheet``)."""


def plain_zip_member(info: zipfile.ZipInfo) -> bool:
    """A member stored or deflated, unencrypted: the only kinds a workbook uses and zipfile always reads."""
    import zipfile

    return info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and not info.flag_bits & 0x1


MAX_YAML_BYTES = 64 * 1024 * 1024
"""The largest YAML map jmap reads. A YAML map is parsed whole, at about five times its size in memory (a
20,000-touchpoint map is 15 MB), so a bigger one is refused unread; a workbook's parts are capped as they inflate."""


def kind_of(path: str | Path) -> str | None:
    return KINDS.get(Path(path).suffix.lower())


def max_bytes(path: str | Path) -> int:
    """The most jmap reads of the file ``path`` names (by its kind)."""
    from jmap.util.files import MAX_INPUT_BYTES

    return MAX_YAML_BYTES if kind_of(path) == "yaml" else MAX_INPUT_BYTES


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file up to the cap of its kind, or a SourceError with one clear line."""
    from jmap.util.files import read_regular

    return read_regular(path, max_bytes(path))


def parse(path: str | Path, raw: bytes) -> RawDocument:
    """Parse bytes already read; the format comes from the suffix (YAML unless it is a workbook).

    Bytes that are plainly something else than the suffix says (an XLSX workbook named ``.ods``, a YAML
    text named ``.xlsx``) are one JM001 naming what they are.
    """
    import importlib

    from jmap.formats.sniff import mismatch

    kind = kind_of(path) or "yaml"
    wrong = mismatch(path, raw)
    if wrong is not None:
        from jmap.document import PositionIndex, SourceIssue
        from jmap.findings import Location

        doc = RawDocument(path=str(path), kind=kind, data=None, positions=PositionIndex())
        doc.issues.append(SourceIssue("JM001", wrong, Location(1, 1)))
        return doc
    module, _, function = READERS[kind].partition(":")
    read: Callable[[str, bytes], RawDocument] = getattr(importlib.import_module(module), function)
    return read(str(path), raw)


class Rereader:
    """``parse`` for one document an editor sends again after every edit: a YAML map is read again by splicing
    the list items the edit touched into the last clean read (``formats.yaml.incremental``); anything else, or
    an edit that cannot be spliced, is read whole."""

    def __init__(self) -> None:
        self.state: YamlState | None = None

    def __call__(self, path: str | Path, raw: bytes) -> RawDocument:
        from jmap.formats.sniff import mismatch

        if (kind_of(path) or "yaml") != "yaml" or mismatch(path, raw) is not None:
            return parse(path, raw)
        from jmap.formats.yaml import incremental

        doc, self.state = incremental.read(str(path), raw, self.state)
        return doc


def read_base(path: str | Path, raw: bytes) -> Base:
    """The base of the workbook ``raw`` read from ``path``, by its kind; no data (and why) when it has none."""
    import importlib

    module, _, function = BASE_READERS.get(kind_of(path) or "", BASE_READERS["xlsx"]).partition(":")
    read: Callable[[bytes], Base] = getattr(importlib.import_module(module), function)
    return read(raw)


def read_source(path: str | Path) -> RawDocument:
    return parse(path, read_bytes(path))
