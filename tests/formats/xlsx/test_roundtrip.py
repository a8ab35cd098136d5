"""Model -> XLSX -> model is the identity, over whole generated maps; and LibreOffice reads and writes our workbooks."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from jmap.errors import ExportError, Refusal
from jmap.formats.json import to_json
from jmap.formats.xlsx import writer as xlsx_writer
from jmap.model import JourneyMap
from tests.formats.xlsx.helpers import (
    SAMPLE,
    TRICKY,
    documented_refusal,
    dump,
    hostile_map,
    journey_map,
    needs_soffice,
    read_path,
    roundtrip,
    sample_map,
    soffice_convert,
    write_map,
    yaml_xlsx_yaml,
)

PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)


def storable(m: JourneyMap, folder: Path, name: str = "map.xlsx") -> JourneyMap:
    """Round-trip ``m``; maps a workbook cannot hold (a documented refusal, any kind of them) are not examples."""
    try:
        return roundtrip(m, folder, name)
    except ExportError as exc:
        if documented_refusal(exc):
            reject()
        raise


@PROPERTY
@given(journey_map)
def test_model_to_xlsx_to_model(m: JourneyMap) -> None:
    with tempfile.TemporaryDirectory() as folder:
        again = storable(m, Path(folder))
    assert dump(again) == dump(m)
    assert again == m


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_map)
def test_xlsx_to_model_to_xlsx_to_model(m: JourneyMap) -> None:
    with tempfile.TemporaryDirectory() as folder:
        first = storable(m, Path(folder), "first.xlsx")
        second = roundtrip(first, Path(folder), "second.xlsx")
    assert second == first


def test_sample_round_trips(tmp_path: Path) -> None:
    m = sample_map()
    assert roundtrip(m, tmp_path) == m


def _named_maps() -> dict[str, JourneyMap]:
    tricky: dict[str, Any] = {
        "jmap": 1,
        "title": "=1+1 tricky",
        "owner": "+owner",
        "goals": ["-dash", "@at", "=eq"],
        "x-json": [1, "two", None, {"k": True}],
        "x-text": "42",
        "x-jmap-ignore": ["JM101", "JM2"],
        "stages": [
            {
                "id": "s",
                "name": "Stage & <b>",
                "red_flags": [t for t in TRICKY if "\n" not in t and "\r" not in t and t.strip()][:8],
                "touchpoints": [
                    {"id": f"t{i}", "name": text, "thoughts": text, "emotion": i % 5 - 2}
                    for i, text in enumerate(t for t in TRICKY if t.strip())
                ],
            }
        ],
    }
    return {
        "sample": sample_map(),
        "empty": JourneyMap.model_validate({"jmap": 1, "title": "Empty", "stages": []}),
        "tricky": JourneyMap.model_validate(tricky),
        "dated": JourneyMap.model_validate(
            {**SAMPLE, "review": {"last_reviewed": date(1900, 3, 1)}, "evidence": [{"date": date(9999, 12, 31)}]}
        ),
    }


@needs_soffice
def test_libreoffice_opens_our_workbooks_and_its_resave_reads_back_equal(tmp_path: Path) -> None:
    """Our workbooks (named and generated) open in LibreOffice; the xlsx it writes back reads as the same map."""
    maps = _named_maps()
    drawn: list[JourneyMap] = []

    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(journey_map)
    def collect(m: JourneyMap) -> None:
        drawn.append(m)

    collect()
    maps.update({f"drawn-{i}": m for i, m in enumerate(drawn)})
    src = tmp_path / "ours"
    src.mkdir()
    files = [write_map(m, src, f"{name}.xlsx") for name, m in maps.items()]
    converted = soffice_convert(files, "xlsx", tmp_path / "lo-xlsx")
    csvs = soffice_convert([files[0]], "csv", tmp_path / "lo-csv")
    assert "Kickoff call" in csvs[0].read_text(encoding="utf-8")
    for (name, m), path in zip(maps.items(), converted, strict=True):
        doc, validated = read_path(path)
        assert doc.issues == [] and validated.issues == [], (name, doc.issues, validated.issues)
        assert validated.model is not None
        assert _comparable(validated.model) == _comparable(m), name


def _comparable(m: JourneyMap) -> dict[str, Any]:
    """What survives LibreOffice's own xlsx export: it drops control characters XML 1.0 cannot hold, stores line
    ends as LF, and writes text that itself looks like an escaped escape (``_x005F_x0041_``) one level short
    (it displays such text correctly from our workbooks; the loss is in its export)."""
    data = dump(m)

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n").replace("_x005F_x", "_x")
            return "".join(ch for ch in value if ch in "\t\n" or (ord(ch) >= 32 and ch not in "\ufffe\uffff"))
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items()}
        return value

    return clean(data)  # type: ignore[no-any-return]


FODS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text>
  <number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
 <style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
</office:automatic-styles>
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document>
"""


def _fods_cell(value: Any) -> str:
    cell = "table:table-cell"
    if value is None:
        return f"<{cell}/>"
    if isinstance(value, bool):
        word = "true" if value else "false"
        attrs = f'office:value-type="boolean" office:boolean-value="{word}"'
        return f"<{cell} {attrs}><text:p>{word.upper()}</text:p></{cell}>"
    if isinstance(value, int):
        return f'<{cell} office:value-type="float" office:value="{value}"><text:p>{value}</text:p></{cell}>'
    if isinstance(value, date):
        attrs = f'table:style-name="ce1" office:value-type="date" office:date-value="{value.isoformat()}"'
        return f"<{cell} {attrs}><text:p>{value}</text:p></{cell}>"
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<{cell} office:value-type="string">{lines}</{cell}>'


def _fods(sheets: dict[str, list[list[Any]]]) -> str:
    tables = "".join(
        f'<table:table table:name="{name}">'
        + "".join("<table:table-row>" + "".join(_fods_cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    return FODS.format(tables=tables)


@needs_soffice
def test_reads_a_workbook_libreoffice_wrote(tmp_path: Path) -> None:
    sheets: dict[str, list[list[Any]]] = {
        "About": [
            ["Field", "Value"], ["jmap", 1], ["title", "Written by LibreOffice"], ["goals", "First goal\nSecond goal"],
            ["last_reviewed", date(2026, 8, 14)], ["review_every", "quarterly"], ["x-source", "fods"],
        ],
        "Stages": [["Stage ID", "Name", "Owner"], ["onboarding", "Onboarding", "Onboarding team"]],
        "Touchpoints": [
            ["Stage ID", "Touchpoint ID", "Name", "Owner", "Emotion", "Moment of truth"],
            ["onboarding", "kickoff", "=not a formula", "CSM", -1, True],
            ["onboarding", "welcome", "Welcome", None, 2, False],
        ],
        "Pain points": [
            ["Touchpoint ID", "Pain point", "Fix", "Impact"], ["kickoff", "Notes lost", "Carry notes", "high"],
        ],
        "Evidence": [["Type", "Source", "Date"], ["survey", "NPS survey", date(2026, 7, 1)]],
    }  # fmt: skip
    src = tmp_path / "lo.fods"
    src.write_text(_fods(sheets), encoding="utf-8")
    (xlsx,) = soffice_convert([src], "xlsx", tmp_path / "out")
    doc, validated = read_path(xlsx)
    assert doc.issues == [] and validated.issues == []
    m = validated.model
    assert m is not None
    assert m.title == "Written by LibreOffice" and m.goals == ["First goal", "Second goal"]
    assert m.review is not None and m.review.last_reviewed == date(2026, 8, 14) and m.review.every == "quarterly"
    assert m.extras == {"x-source": "fods"}
    kickoff, welcome = m.stages[0].touchpoints
    assert (kickoff.name, kickoff.owner, kickoff.emotion, kickoff.moment_of_truth) == (
        "=not a formula",
        "CSM",
        -1,
        True,
    )
    assert (welcome.owner, welcome.emotion, welcome.moment_of_truth) == (None, 2, False)
    assert kickoff.pain_points[0].opportunity is not None and kickoff.pain_points[0].opportunity.impact == "high"
    assert m.evidence[0].date == date(2026, 7, 1)
    assert doc.positions.locate(("stages", 0, "touchpoints", 1, "owner")).cell == "Touchpoints!D3"


@given(st.sampled_from(TRICKY))
@settings(max_examples=len(TRICKY) * 2, deadline=None)
def test_every_tricky_text_round_trips_in_every_text_field(text: str) -> None:
    if not text.strip():
        return
    data: dict[str, Any] = {
        "jmap": 1, "title": text, "segment": text, "x-v": text,
        "stages": [{"id": "s", "name": text, "mindset": text, "x-v": text, "touchpoints": [
            {"id": "t", "name": text, "action": text, "x-v": text, "pain_points": [
                {"text": text, "x-v": text, "opportunity": {"fix": text, "target": text, "x-v": text}}]}]}],
        "evidence": [{"source": text, "x-v": text}],
    }  # fmt: skip
    m = JourneyMap.model_validate(data)
    with tempfile.TemporaryDirectory() as folder:
        assert roundtrip(m, Path(folder)) == m


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(hostile_map)
def test_yaml_to_xlsx_to_yaml_is_equal_or_a_documented_refusal(m: JourneyMap) -> None:
    """The suite's sample of benchmarks/roundtrip.py (10,000 maps at random there)."""
    outcome, detail = yaml_xlsx_yaml(m)
    assert outcome in ("equal", "refused"), detail


_REFUSED_MAPS: dict[Refusal, dict[str, Any]] = {
    Refusal.TEXT_TOO_LONG: {"title": "🙂" * 16_384},
    Refusal.LONE_SURROGATE: {"title": "a\ud800"},
    Refusal.AMBIGUOUS_TEXT: {"title": "<r>\x01</r>"},
    Refusal.LINE_BREAK_IN_ITEM: {"goals": ["a\nb"]},
    Refusal.FIELD_NAME: {"x- a ": 1},
    Refusal.HEADERS_DIFFER_IN_CASE: {"evidence": [{"x-a": 1}, {"x-A": 2}]},
}


@pytest.mark.parametrize("kind", list(Refusal))
def test_every_refusal_kind_is_one_the_properties_accept(kind: Refusal, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14: the properties accept a refusal by its kind, so every kind the writers raise must be listed."""
    if kind is Refusal.WRITER_LIBRARY:
        exc = ExportError("a library failure", kind)
        assert not documented_refusal(exc)
        return
    if kind is Refusal.NOT_A_NUMBER:
        with pytest.raises(ExportError) as caught:
            to_json(JourneyMap.model_validate({"jmap": 1, "title": "t", "x-n": float("nan"), "stages": []}))
    elif kind is Refusal.TOO_MANY_ROWS:
        monkeypatch.setattr(xlsx_writer, "LAST_ROW", 1)
        monkeypatch.setattr(Worksheet, "write_string", lambda self, row, *args: -1 if row > 1 else 0)
        with pytest.raises(ExportError) as caught:
            xlsx_writer.xlsx_bytes(sample_map())
    else:
        m = JourneyMap.model_validate({"jmap": 1, "title": "t", "stages": [], **_REFUSED_MAPS[kind]})
        with pytest.raises(ExportError) as caught:
            xlsx_writer.xlsx_bytes(m)
    assert caught.value.kind is kind
    assert documented_refusal(caught.value)
