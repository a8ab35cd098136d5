"""Mutated workbooks for fuzzing the XLSX reader, and the check that none reaches an internal error.

Shared by tests/formats/xlsx/test_fuzz.py (a fixed sample) and benchmarks/fuzz_xlsx.py (thousands).
Each mutation changes one thing inside the archive: byte flips inside a part's XML, a deleted cell or row,
a changed cell type, a wrong or unknown XML encoding, a part re-encoded, truncated or removed, an index or
number out of range.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from jmap.errors import JmapError
from jmap.export import export
from jmap.formats.xlsx.reader import read_xlsx
from jmap.formats.xlsx.writer import xlsx_bytes
from jmap.lint.core import LintOptions, lint
from jmap.model import JourneyMap
from jmap.validate import build_model
from tests.formats.xlsx.helpers import SAMPLE, build_workbook, minimal_sheets, sample_map

Parts = dict[str, bytes]
_CELL = re.compile(rb"<c\b[^>]*?(?:/>|>.*?</c>)", re.S)
_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>.*?</row>)", re.S)
_TYPE = re.compile(rb'\st="[^"]*"')
_V = re.compile(rb"<v>([^<]*)</v>")
_DECL = re.compile(rb"^<\?xml[^>]*\?>")
ENCODINGS = [b"UTF-z", b"UTF-16", b"utf-32", b"ISO-8859-1", b"ascii", b"cp500", b"", b"UTF-8\x00", b"\xff"]
TYPES = [b"s", b"n", b"b", b"e", b"str", b"inlineStr", b"d", b"", b"zz"]
VALUES = [b"-1", b"999999999", b"1e308", b"nan", b"-0", b"2958466", b"1.5", b"", b"&#0;", b"&#xD800;", b"x"]


def base_workbooks() -> list[bytes]:
    """Workbooks jmap writes and one written by hand (inline strings, shared strings, dates)."""
    tricky = JourneyMap.model_validate(
        {**SAMPLE, "title": "<r>x</r> _x0041_ 🙂", "x-list": [1, "a", None], "x-date": "2026-01-01"}
    )
    hand = build_workbook(minimal_sheets(), shared_strings=["Stage ID", "Name", "CSM"])
    return [xlsx_bytes(sample_map()), xlsx_bytes(tricky), hand]


def _parts(raw: bytes) -> Parts:
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _zip(parts: Parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _xml_parts(parts: Parts) -> list[str]:
    return sorted(n for n in parts if n.endswith((".xml", ".rels")))


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(buf))
        buf[i] = rng.choice([rng.randrange(256), ord("<"), ord(">"), ord('"'), ord("&"), 0, ord("/")])
    return bytes(buf)


def delete_cell(rng: random.Random, data: bytes) -> bytes:
    cells = list(_CELL.finditer(data))
    if not cells:
        return flip_bytes(rng, data)
    m = rng.choice(cells)
    return data[: m.start()] + data[m.end() :]


def delete_row(rng: random.Random, data: bytes) -> bytes:
    rows = list(_ROW.finditer(data))
    if not rows:
        return flip_bytes(rng, data)
    m = rng.choice(rows)
    return data[: m.start()] + data[m.end() :]


def change_type(rng: random.Random, data: bytes) -> bytes:
    types = list(_TYPE.finditer(data))
    if types and rng.random() < 0.7:
        m = rng.choice(types)
        return data[: m.start()] + b' t="' + rng.choice(TYPES) + b'"' + data[m.end() :]
    cells = list(_CELL.finditer(data))
    if not cells:
        return flip_bytes(rng, data)
    m = rng.choice(cells)
    cell = m.group(0).replace(b"<c ", b'<c t="' + rng.choice(TYPES) + b'" ', 1)
    return data[: m.start()] + cell + data[m.end() :]


def change_value(rng: random.Random, data: bytes) -> bytes:
    values = list(_V.finditer(data))
    if not values:
        return flip_bytes(rng, data)
    m = rng.choice(values)
    return data[: m.start(1)] + rng.choice(VALUES) + data[m.end(1) :]


def wrong_encoding(rng: random.Random, data: bytes) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return data.decode("utf-8", "replace").encode("utf-16")
    if choice == 1:
        return data.decode("utf-8", "replace").encode("utf-16-le")
    if choice == 2:
        return data.decode("utf-8", "replace").encode("latin-1", "replace")
    declaration = b'<?xml version="1.0" encoding="' + rng.choice(ENCODINGS) + b'"?>'
    return declaration + _DECL.sub(b"", data, count=1)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "flip": flip_bytes,
    "delete-cell": delete_cell,
    "delete-row": delete_row,
    "type": change_type,
    "value": change_value,
    "encoding": wrong_encoding,
    "truncate": truncate,
}


def mutate(rng: random.Random, raw: bytes) -> tuple[str, bytes]:
    """One mutation of the workbook ``raw``: (what was done, the new bytes)."""
    parts = _parts(raw)
    if rng.random() < 0.05:
        name = rng.choice(sorted(parts))
        del parts[name]
        return f"remove {name}", _zip(parts)
    if rng.random() < 0.03:
        return "truncate the archive", raw[: rng.randrange(len(raw))]
    name = rng.choice(_xml_parts(parts))
    kind = rng.choice(list(MUTATIONS))
    parts[name] = MUTATIONS[kind](rng, parts[name])
    return f"{kind} in {name}", _zip(parts)


def check(raw: bytes, folder: Path) -> str | None:
    """Read, lint and export a workbook; the internal error (an exception that is not a JmapError), or None."""
    path = folder / "book.xlsx"
    path.write_bytes(raw)
    try:
        doc = read_xlsx(str(path), raw)
        build_model(doc)
        lint([path], LintOptions(today=date(2026, 11, 25), jobs=1))
        for fmt in ("yaml", "xlsx"):
            with contextlib.suppress(JmapError):
                export(path, None, fmt, stdout=io.BytesIO())
    except JmapError:
        return None
    except Exception as exc:  # the thing being looked for
        return f"{type(exc).__name__}: {exc}"
    return None


def fuzz(count: int, seed: int, report: Callable[[int], None] | None = None) -> tuple[int, list[str]]:
    """Check ``count`` mutated workbooks; (how many, the internal errors found, each with its mutation)."""
    rng = random.Random(seed)
    bases = base_workbooks()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="jmap-fuzz-") as tmp:
        folder = Path(tmp)
        for i in range(count):
            what, raw = mutate(rng, rng.choice(bases))
            error = check(raw, folder)
            if error is not None:
                failures.append(f"#{i} {what}: {error}")
            if report is not None:
                report(i + 1)
    return count, failures
