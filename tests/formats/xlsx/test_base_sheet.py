"""The workbook's base: the map it was written from, in a hidden sheet, found again or explained when it is not."""

from __future__ import annotations

import io
import re
import zipfile

from jmap.formats.xlsx.base_sheet import BASE_SHEET, CHUNK, MARKER, Base, encode_base, read_base
from jmap.formats.xlsx.writer import xlsx_bytes
from jmap.model import JourneyMap
from tests.formats.xlsx.helpers import sample_map


def replaced(raw: bytes, part: str, change: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in src.infolist():
            data = src.read(info)
            dest.writestr(info, change if info.filename == part else data)
    return out.getvalue()


def test_a_written_workbook_carries_its_map_in_a_hidden_sheet() -> None:
    m = sample_map()
    raw = xlsx_bytes(m)
    workbook = zipfile.ZipFile(io.BytesIO(raw)).read("xl/workbook.xml").decode()
    assert re.search(rf'<sheet name="{BASE_SHEET}" sheetId="\d+" state="hidden"', workbook)
    base = read_base(raw)
    assert base.reason == ""
    assert base.data == m.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert JourneyMap.model_validate(base.data) == m


def test_a_big_map_is_split_over_cells_under_the_cell_limit() -> None:
    data = {"title": "x" * 10, "x-noise": [f"{i:08x}{i * 7919 % 65521:05d}" for i in range(40_000)]}
    digest, chunks = encode_base(data)
    assert digest.startswith("sha256:") and len(digest) == 7 + 64
    assert len(chunks) > 1 and all(len(c) <= CHUNK for c in chunks) and len(chunks[-1]) > 0


def test_without_the_sheet_the_reason_says_so() -> None:
    raw = xlsx_bytes(sample_map())
    workbook = zipfile.ZipFile(io.BytesIO(raw)).read("xl/workbook.xml").decode()
    start = workbook.index(f'<sheet name="{BASE_SHEET}"')
    gone = replaced(raw, "xl/workbook.xml", workbook[:start] + workbook[workbook.index("/>", start) + 2 :])
    base = read_base(gone)
    assert (base.data, base.reason) == (
        None,
        f"it has no {BASE_SHEET} sheet (written by jmap 0.1, or the sheet was deleted)",
    )


def test_a_base_that_no_longer_matches_its_digest_is_not_used() -> None:
    raw = xlsx_bytes(sample_map())
    strings = zipfile.ZipFile(io.BytesIO(raw)).read("xl/sharedStrings.xml").decode()
    digest = re.search(r"sha256:[0-9a-f]{64}", strings)
    assert digest is not None
    tampered = replaced(raw, "xl/sharedStrings.xml", strings.replace(digest.group(), "sha256:" + "0" * 64))
    assert read_base(tampered) == Base(None, f"its {BASE_SHEET} sheet does not match its digest (edited by hand?)")
    marker = replaced(raw, "xl/sharedStrings.xml", strings.replace(MARKER, "something else"))
    assert read_base(marker).reason == f"its {BASE_SHEET} sheet is damaged or was edited"


def test_not_a_workbook_gives_a_reason_not_an_exception() -> None:
    assert read_base(b"PK\x03\x04 not really").data is None
    assert read_base(b"").reason == "its workbook could not be read for the base"
