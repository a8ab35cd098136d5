"""Readers: bytes of a YAML or XLSX file in, a RawDocument (plain data + positions) out."""

from __future__ import annotations

import zipfile
from pathlib import Path

from jmap.document import RawDocument
from jmap.errors import SourceError

YAML_SUFFIXES = (".yaml", ".yml")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
MAP_SUFFIXES = YAML_SUFFIXES + XLSX_SUFFIXES


def plain_zip_member(info: zipfile.ZipInfo) -> bool:
    """A member stored or deflated, unencrypted: the only kinds a workbook uses and zipfile always reads."""
    return info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and not info.flag_bits & 0x1


def kind_of(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    return None


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, or a SourceError with one clear line."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, not a map file") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None


def parse(path: str | Path, raw: bytes) -> RawDocument:
    """Parse bytes already read; the format comes from the suffix (YAML unless it is a workbook)."""
    if kind_of(path) == "xlsx":
        from jmap.formats.xlsx.reader import read_xlsx

        return read_xlsx(str(path), raw)
    from jmap.formats.yaml.reader import read_yaml

    return read_yaml(str(path), raw)


def read_source(path: str | Path) -> RawDocument:
    return parse(path, read_bytes(path))
