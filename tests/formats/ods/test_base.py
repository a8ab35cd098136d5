"""The workbook's base read back from the .ods and .fods jmap writes: the same hidden sheet, the same checks."""

from __future__ import annotations

import io
import zipfile

import pytest

from jmap.formats import read_base
from jmap.formats.ods.base import read_ods_base
from jmap.formats.ods.writer import ods_bytes, to_fods
from jmap.formats.xlsx.base_sheet import BASE_SHEET, UNREADABLE, Base
from jmap.model import JourneyMap
from tests.formats.xlsx.helpers import sample_map
from tests.formats.xlsx.test_base_sheet import replaced


def without_base_table(xml: str) -> str:
    start = xml.index(f'<table:table table:name="{BASE_SHEET}"')
    end = xml.index("</table:table>", start) + len("</table:table>")
    return xml[:start] + xml[end:]


def test_ods_and_fods_carry_the_map_they_were_written_from() -> None:
    m = sample_map()
    expected = m.model_dump(mode="json", by_alias=True, exclude_none=True)
    for name, raw in (("m.ods", ods_bytes(m)), ("m.fods", to_fods(m).encode("utf-8"))):
        base = read_base(name, raw)
        assert (base.reason, base.data) == ("", expected), name
        assert base.data is not None and JourneyMap.model_validate(base.data) == m


def test_the_base_sheet_is_hidden() -> None:
    fods = to_fods(sample_map())
    start = fods.index(f'<table:table table:name="{BASE_SHEET}"')
    style = fods[start:].split('table:style-name="', 1)[1].split('"', 1)[0]
    hidden = (
        f'<style:style style:name="{style}" style:family="table" style:master-page-name="Default">'
        '<style:table-properties table:display="false"/>'
    )
    assert hidden in fods


def test_without_the_sheet_the_reason_says_so() -> None:
    m = sample_map()
    fods = without_base_table(to_fods(m)).encode("utf-8")
    content = zipfile.ZipFile(io.BytesIO(ods_bytes(m))).read("content.xml").decode("utf-8")
    ods = replaced(ods_bytes(m), "content.xml", without_base_table(content))
    reason = f"it has no {BASE_SHEET} sheet (written by jmap 0.1, or the sheet was deleted)"
    assert read_ods_base(fods) == read_ods_base(ods) == Base(None, reason)


def test_a_changed_digest_or_marker_is_caught_by_the_shared_checks() -> None:
    fods = to_fods(sample_map())
    at = fods.index("<text:p>sha256:") + len("<text:p>sha256:")
    tampered = fods[:at] + ("0" if fods[at] != "0" else "1") + fods[at + 1 :]
    assert read_ods_base(tampered.encode("utf-8")) == Base(
        None, f"its {BASE_SHEET} sheet does not match its digest (edited by hand?)"
    )
    marker = fods.replace("<text:p>jmap base 1</text:p>", "<text:p>jmap base 2</text:p>", 1)
    assert marker != fods
    assert read_ods_base(marker.encode("utf-8")) == Base(None, f"its {BASE_SHEET} sheet is damaged or was edited")


@pytest.mark.parametrize(
    "raw",
    [b"", b"PK\x03\x04 not really", b"<office:document", b'<?xml version="1.0"?><!DOCTYPE x []><x/>'],
)
def test_an_unreadable_workbook_is_a_reason_not_an_error(raw: bytes) -> None:
    assert read_ods_base(raw) == Base(None, UNREADABLE)
    assert read_base("book.fods", raw) == Base(None, UNREADABLE)
