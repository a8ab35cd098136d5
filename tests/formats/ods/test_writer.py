"""``export -o map.ods`` / ``.fods``: the XLSX workbook's layout as OpenDocument, read back to the same map."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from jmap.errors import ExportError
from jmap.formats.ods.reader import read_ods
from jmap.formats.ods.writer import ods_bytes, to_fods, write_ods
from jmap.formats.writers import by_extension
from jmap.formats.xlsx.reader import read_xlsx
from jmap.formats.xlsx.writer import xlsx_bytes
from jmap.loader import load_map
from jmap.model import JourneyMap
from jmap.validate import build_model

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = [
    *sorted((REPO / "examples").glob("*.yaml")),
    REPO / "examples" / "defects" / "stale-unowned-onboarding.yaml",
]
SMALL = REPO / "tests" / "formats" / "golden" / "small.yaml"


def model_of(name: str, raw: bytes) -> JourneyMap:
    doc = read_ods(name, raw)
    validated = build_model(doc)
    assert [(i.code, i.message) for i in (*doc.issues, *validated.issues)] == []
    assert validated.model is not None
    return validated.model


@pytest.mark.parametrize("source", [*EXAMPLES, SMALL], ids=lambda p: p.name)
def test_ods_and_fods_read_back_to_the_same_map_as_the_xlsx(source: Path) -> None:
    m = load_map(source).model
    from_xlsx = build_model(read_xlsx("m.xlsx", xlsx_bytes(m))).model
    assert from_xlsx is not None
    assert model_of("m.ods", ods_bytes(m)).model_dump() == from_xlsx.model_dump() == m.model_dump()
    assert model_of("m.fods", to_fods(m).encode("utf-8")).model_dump() == m.model_dump()


def test_the_package_is_an_opendocument_spreadsheet(tmp_path: Path) -> None:
    m = load_map(SMALL).model
    out = tmp_path / "small.ods"
    write_ods(m, out)
    raw = out.read_bytes()
    assert raw[30:38] == b"mimetype" and raw[38:84] == b"application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(out) as z:
        infos = z.infolist()
        assert [i.filename for i in infos] == ["mimetype", "content.xml", "styles.xml", "meta.xml",
                                               "META-INF/manifest.xml"]  # fmt: skip
        assert infos[0].compress_type == zipfile.ZIP_STORED
        content = z.read("content.xml").decode()
        assert "<dc:title>Renewal: the #1 risk | Q3</dc:title>" in z.read("meta.xml").decode()
    tables = re.findall(r'<table:table table:name="([^"]*)" table:style-name="(ta\d)"', content)
    assert tables == [("Map", "ta1"), ("Emotion curve", "ta1"), ("About", "ta1"), ("Stages", "ta1"),
                      ("Touchpoints", "ta1"), ("Pain points", "ta1"), ("Evidence", "ta1"), ("x-jmap-map", "ta2"),
                      ("x-jmap-base", "ta2")]  # fmt: skip
    assert '<style:table-properties table:display="false"/>' in content
    assert 'table:number-columns-spanned="2"' in content  # the stage with two touchpoints, merged over both
    assert ods_bytes(m) == raw, "the same map gives the same bytes"


def test_text_that_xml_would_change_comes_back_exactly() -> None:
    m = load_map(SMALL).model
    tp = m.stages[0].touchpoints[0]
    tricky = "  two leading\tand a tab,  inner   runs, _x0041_ literal, a bell \x07 and\nline two "
    tp.thoughts = tricky
    raw = ods_bytes(m)
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        content = z.read("content.xml").decode()
    assert (
        '<text:p><text:s text:c="2"/>two leading<text:tab/>and a tab, <text:s text:c="1"/>inner <text:s text:c="2"/>'
        "runs, _x005F_x0041_ literal, a bell _x0007_ and</text:p><text:p>line two<text:s/></text:p>"
    ) in content
    assert read_ods("m.ods", raw).data["stages"][0]["touchpoints"][0]["thoughts"] == tricky


def test_what_a_cell_cannot_hold_is_refused_as_for_xlsx() -> None:
    m = load_map(SMALL).model
    m.stages[0].touchpoints[0].thoughts = "x" * 40_000
    with pytest.raises(ExportError) as err:
        ods_bytes(m)
    assert "a workbook cell holds at most 32,767" in str(err.value)


def test_the_formats_are_registered_by_extension() -> None:
    ods, fods = by_extension("m.ODS"), by_extension("m.fods")
    assert ods is not None and (ods.name, ods.binary) == ("ods", True)
    assert fods is not None and (fods.name, fods.binary) == ("fods", False)


def test_dates_numbers_and_booleans_are_typed_cells() -> None:
    m = load_map(SMALL).model
    content = to_fods(m)
    assert m.review is not None and m.review.last_reviewed == date(2026, 8, 14)
    assert 'office:value-type="date" office:date-value="2026-08-14"><text:p>2026-08-14</text:p>' in content
    assert 'office:value-type="float" office:value="-1"><text:p>-1</text:p>' in content
    assert 'office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p>' in content
