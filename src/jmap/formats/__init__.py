"""Readers: bytes of a YAML or XLSX file in, a RawDocument (plain data + positions) out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jmap.document import RawDocument

if TYPE_CHECKING:
    import zipfile

YAML_SUFFIXES = (".yaml", ".yml")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
MAP_SUFFIXES = YAML_SUFFIXES + XLSX_SUFFIXES


def plain_zip_member(info: zipfile.ZipInfo) -> bool:
    """A member stored or deflated, unencrypted: the only kinds a workbook uses and zipfile always reads."""
    import zipfile

    return info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and not info.flag_bits & 0x1


def kind_of(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    return None


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file up to the readers' cap, or a SourceError with one clear line."""
    from jmap.util.files import read_regular

    return read_regular(path)


def parse(path: str | Path, raw: bytes) -> RawDocument:
    """Parse bytes already read; the format comes from the suffix (YAML unless it is a workbook)."""
    if kind_of(path) == "xlsx":
        from jmap.formats.xlsx.reader import read_xlsx

        return read_xlsx(str(path), raw)
    from jmap.formats.yaml.reader import read_yaml

    return read_yaml(str(path), raw)


def read_source(path: str | Path) -> RawDocument:
    return parse(path, read_bytes(path))
