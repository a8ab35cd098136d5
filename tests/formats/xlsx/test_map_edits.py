"""Edits typed into the Map sheet come back into the map: by changing the XML, and through LibreOffice."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from jmap.formats.xlsx.map_record import RECORD_SHEET, decode_record, digest
from jmap.formats.xlsx.reader import read_xlsx
from jmap.formats.xlsx.writer import write_xlsx
from jmap.loader import load_map
from jmap.model import JourneyMap
from jmap.validate import build_model
from tests.formats.xlsx.helpers import SOFFICE, needs_soffice, parts

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = [REPO / "examples" / "enterprise-post-sale.yaml", REPO / "examples" / "smb-self-serve-lifecycle.yaml",
            REPO / "examples" / "defects" / "stale-unowned-onboarding.yaml"]  # fmt: skip
SMB = EXAMPLES[1]
_CELL = r'<c r="{ref}"(?:\s[^>]*?)?(?:/>|>.*?</c>)'


def book(tmp_path: Path, source: Path = SMB) -> Path:
    path = tmp_path / f"{source.stem}.xlsx"
    write_xlsx(load_map(source).model, path)
    return path


def edit_xml(path: Path, sheet_part: str, edits: dict[str, str | int | None]) -> bytes:
    """The workbook with cells of one sheet replaced (an inline string, a number, or removed when None)."""
    with zipfile.ZipFile(path) as z:
        files = {i.filename: z.read(i) for i in z.infolist()}
    xml = files[sheet_part].decode()
    for ref, value in edits.items():
        if value is None:
            new = ""
        elif isinstance(value, int):
            new = f'<c r="{ref}"><v>{value}</v></c>'
        else:
            new = f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
        pattern = re.compile(_CELL.format(ref=ref), re.S)
        if pattern.search(xml):
            xml = pattern.sub(lambda _, new=new: new, xml, count=1)
        else:
            row = re.sub(r"[A-Z]+", "", ref)
            opening = re.search(rf'<row r="{row}"[^>]*?(/?)>', xml)
            if opening is None:
                xml = xml.replace("</sheetData>", f'<row r="{row}">{new}</row></sheetData>')
            elif opening.group(1):
                xml = xml[: opening.start()] + f'<row r="{row}">{new}</row>' + xml[opening.end() :]
            else:
                xml = xml[: opening.end()] + new + xml[opening.end() :]
    files[sheet_part] = xml.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def read(raw: bytes) -> tuple[JourneyMap | None, list[tuple[str, str, str | None]]]:
    doc = read_xlsx("edited.xlsx", raw)
    validated = build_model(doc)
    issues = [(i.code, i.message, i.location.cell) for i in (*doc.issues, *validated.issues)]
    return validated.model, issues


MAP = "xl/worksheets/sheet1.xml"
TOUCHPOINTS = "xl/worksheets/sheet4.xml"


@pytest.mark.parametrize("source", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_record_holds_the_digest_of_every_map_cell(tmp_path: Path, source: Path) -> None:
    """What the writer shows and what the reader computes from the data sheets are the same texts."""
    path = book(tmp_path, source)
    files = parts(path)
    # The record comes after the six data sheets, and after Metrics when the map has metric values.
    # The chart sheet, when the map has touchpoints, counts among the sheets but is no worksheet.
    n = 8 if '<sheet name="Metrics"' in files["xl/workbook.xml"] else 7
    k = n + (1 if '<sheet name="Emotion curve"' in files["xl/workbook.xml"] else 0)
    assert f'<sheet name="{RECORD_SHEET}" sheetId="{k}" state="hidden" r:id="rId{k}"/>' in files["xl/workbook.xml"]
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", files["xl/sharedStrings.xml"])
    record = files[f"xl/worksheets/sheet{n}.xml"]
    rows = re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', record)[1:]
    doc = read_xlsx("x.xlsx", path.read_bytes())
    assert doc.issues == []
    map_cells = _cells(files[MAP], strings)
    for _, row in rows:
        column, _, _, written = [strings[int(v)] for v in re.findall(r"<v>(\d+)</v>", row)]
        for r, recorded in enumerate(decode_record(written), start=1):
            if recorded is not None:
                assert digest(map_cells.get(f"{column}{r}", "")) == recorded, f"{column}{r}"
    m, issues = read(path.read_bytes())
    assert issues == [] and m is not None
    assert m.model_dump(exclude={"id"}) == load_map(source).model.model_dump(exclude={"id"})


def _cells(xml: str, strings: list[str]) -> dict[str, str]:
    out = {}
    for ref, attrs, value in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|><v>([^<]*)</v></c>)', xml):
        if value:
            out[ref] = strings[int(value)] if 't="s"' in attrs else value
    return {k: v.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") for k, v in out.items()}


def test_an_unedited_workbook_reads_back_unchanged_and_records_empty_cells(tmp_path: Path) -> None:
    path = book(tmp_path)
    record = parts(path)["xl/worksheets/sheet7.xml"]
    assert record.count("<row ") == 1 + 19  # header + one column per touchpoint
    m, issues = read(path.read_bytes())
    assert issues == [] and m is not None
    assert decode_record("- - - " + digest("") + " x") == [None, None, None, digest(""), "x"]


def test_map_edits_change_their_fields(tmp_path: Path) -> None:
    path = book(tmp_path)
    original = load_map(SMB).model
    raw = edit_xml(path, MAP, {
        "B4": "Search results page",             # touchpoint name
        "B6": "Growth team",                      # owner
        "C8": "I want to see it on my own rota.", # thoughts
        "D9": -2,                                 # emotion
        "B2": "Growth and brand",                 # stage owner (first column of the stage)
        "D11": "Show a per-shop price (Pricing committee)",
    })  # fmt: skip
    m, issues = read(raw)
    assert issues == [] and m is not None
    s0 = m.stages[0]
    assert s0.owner == "Growth and brand"
    assert s0.touchpoints[0].name == "Search results page"
    assert s0.touchpoints[0].owner == "Growth team"
    assert s0.touchpoints[1].thoughts == "I want to see it on my own rota."
    pricing = m.stages[1].touchpoints[0]
    assert pricing.emotion == -2
    assert pricing.pain_points[0].opportunity is not None
    assert (pricing.pain_points[0].opportunity.fix, pricing.pain_points[0].opportunity.owner) == (
        "Show a per-shop price", "Pricing committee")  # fmt: skip
    edited = m.model_dump()
    for stage in (0, 1):
        for ti in range(len(original.stages[stage].touchpoints)):
            if (stage, ti) not in ((0, 0), (0, 1), (1, 0)):
                assert edited["stages"][stage]["touchpoints"][ti] == original.stages[stage].touchpoints[ti].model_dump()
    assert edited["stages"][2:] == original.model_dump()["stages"][2:]


def test_lint_findings_point_at_the_map_cell_that_was_edited(tmp_path: Path) -> None:
    from jmap.lint.core import LintOptions, lint

    out = tmp_path / "edited.xlsx"
    out.write_bytes(edit_xml(book(tmp_path), MAP, {"B6": None}))
    findings = [(f.code, f.cell) for f in lint([out], LintOptions()).findings if f.code == "JM101"]
    assert findings == [("JM101", "Map!B6")]


def test_pain_point_lines_added_in_the_map_become_pain_points_and_removals_are_refused(tmp_path: Path) -> None:
    path = book(tmp_path)
    m0 = load_map(SMB).model
    tp = m0.stages[1].touchpoints[0]
    texts = [p.text for p in tp.pain_points if p.text]
    raw = edit_xml(path, MAP, {"D10": "\n".join([*texts, "The trial ends on a weekend"])})
    m, issues = read(raw)
    assert issues == [] and m is not None
    assert [p.text for p in m.stages[1].touchpoints[0].pain_points] == [*texts, "The trial ends on a weekend"]
    m, issues = read(edit_xml(path, MAP, {"D10": None}))
    assert issues == [("JM002", f"cell Map!D10 lists 0 pain points where there were {len(texts)}; removing one in "
                                "the Map is not read: delete its row in sheet Pain points", "Map!D10")]  # fmt: skip


def test_a_fix_removed_in_the_map_is_refused_and_names_the_sheet_where_it_is_cleared(tmp_path: Path) -> None:
    _, issues = read(edit_xml(book(tmp_path), MAP, {"D11": None}))
    assert issues == [("JM002", "cell Map!D11 lists 0 fixes where there were 1; removing one in the Map is not "
                                "read: clear its Fix in sheet Pain points", "Map!D11")]  # fmt: skip


def test_the_same_field_changed_differently_in_map_and_data_sheet_is_a_finding_naming_both(tmp_path: Path) -> None:
    path = book(tmp_path)
    both = edit_xml(path, MAP, {"B5": "phone"})
    tmp = tmp_path / "step.xlsx"
    tmp.write_bytes(both)
    conflict = edit_xml(tmp, TOUCHPOINTS, {"D2": "email"})
    m, issues = read(conflict)
    assert issues == [(
        "JM007",
        "the channel of touchpoint 'search-landing' was changed in Map!B5 to 'phone' and in Touchpoints!D2 to "
        "'email'; jmap does not guess which is meant: make the two cells agree",
        "Map!B5",
    )]  # fmt: skip
    agree = edit_xml(tmp, TOUCHPOINTS, {"D2": "phone"})
    m, issues = read(agree)
    assert issues == [] and m is not None and m.stages[0].touchpoints[0].channel == "phone"
    data_only = edit_xml(path, TOUCHPOINTS, {"D2": "email"})
    m, issues = read(data_only)
    assert issues == [] and m is not None and m.stages[0].touchpoints[0].channel == "email"


def test_text_that_shows_no_field_is_kept_as_a_note_of_the_map_or_its_stage(tmp_path: Path) -> None:
    raw = edit_xml(book(tmp_path), MAP, {"A3": "Goal", "C1": "Evaluation", "E20": "note on the chart", "B6": "Web"})
    m, issues = read(raw)
    assert issues == [
        ("JM008", "cell Map!A3 of the Map sheet changes the row label 'Customer goal' (the row still reads as "
                  "Customer goal); its text is kept as a note of the map (x-map-notes)", "Map!A3"),
        ("JM008", "cell Map!C1 of the Map sheet shows no field of its own (a stage is edited in its first column); "
                  "its text is kept as a note of stage 'awareness' (x-map-notes)", "Map!C1"),
        ("JM008", "cell Map!E20 of the Map sheet is outside the grid of touchpoints; its text is kept as a note of "
                  "stage 'consideration' (x-map-notes)", "Map!E20"),
    ]  # fmt: skip
    assert m is not None
    assert m.extras == {"x-map-notes": ["Map!A3: Goal"]}
    assert m.stages[0].extras == {"x-map-notes": ["Map!C1: Evaluation"]}
    assert m.stages[1].extras == {"x-map-notes": ["Map!E20: note on the chart"]}
    # The notes never block the edits that can be read.
    assert m.stages[0].touchpoints[0].owner == "Web"


def test_a_deleted_map_column_removes_its_touchpoint_and_says_so(tmp_path: Path) -> None:
    """Deleting column B shifts every cell left: the columns are matched by what they show, not by position."""
    path = book(tmp_path)
    with zipfile.ZipFile(path) as z:
        xml = z.read(MAP).decode()
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", parts(path)["xl/sharedStrings.xml"])
    cells = _cells(xml, strings)
    shifted: dict[str, str | int | None] = {}
    for row in range(1, 13):
        for col in range(2, 21):
            ref, right = f"{chr(64 + col)}{row}", f"{chr(65 + col)}{row}"
            value = cells.get(right)
            shifted[ref] = int(value) if value and value.lstrip("-").isdigit() else value
    shifted["B1"] = "Awareness"  # the stage's name moves into its next column (it shows the stage, not a note)
    m, issues = read(edit_xml(path, MAP, shifted))
    assert issues == [(
        "JM008",
        "the Map sheet's column of touchpoint 'search-landing' (column B as written) was deleted, so the touchpoint "
        "is removed from the map; to keep it, undo the deletion",
        "Touchpoints!A2",
    )]  # fmt: skip
    original = load_map(SMB).model
    assert m is not None
    assert [t.id for t in m.stages[0].touchpoints] == [t.id for t in original.stages[0].touchpoints][1:]
    assert m.model_dump()["stages"][1:] == original.model_dump()["stages"][1:]


def test_rows_moved_in_the_map_are_one_finding_and_no_edit_is_read(tmp_path: Path) -> None:
    path = book(tmp_path)
    with zipfile.ZipFile(path) as z:
        xml = z.read(MAP).decode()
    strings = re.findall(r"<t[^>]*>([^<]*)</t>", parts(path)["xl/sharedStrings.xml"])
    cells = _cells(xml, strings)
    moved: dict[str, str | int | None] = {}
    for row in range(4, 12):
        for col in range(2, 21):
            value = cells.get(f"{chr(64 + col)}{row + 1}")
            moved[f"{chr(64 + col)}{row}"] = int(value) if value and value.lstrip("-").isdigit() else value
    _, issues = read(edit_xml(path, MAP, moved))
    assert [(c, cell) for c, _, cell in issues] == [("JM002", "Map!A1")]
    assert "cells of the Map sheet differ from what jmap wrote: rows were inserted, deleted or moved" in issues[0][1]


def _uno_python() -> str | None:
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and subprocess.run([candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    return None


UNO_PYTHON = _uno_python()


@needs_soffice
@pytest.mark.skipif(UNO_PYTHON is None, reason="python3-uno is not installed; CI installs it")
def test_edits_made_in_libreoffice_come_back(tmp_path: Path) -> None:
    assert SOFFICE is not None and UNO_PYTHON is not None
    path = book(tmp_path)
    edits = [
        ["Map", "B6", "Growth team"],                      # a touchpoint owner
        ["Map", "B4", "Search results page"],              # a name
        ["Map", "C8", "I want to see it on my own rota."],  # a thought
        ["Map", "D9", -2],                                 # an emotion, typed as a number
        ["Map", "D11", "Show a per-shop price (Pricing committee)"],  # a fix and its owner
        ["Map", "B5", "phone"], ["Touchpoints", "D2", "email"],       # a conflict
        ["Map", "H25", "a note typed over the chart"],                # no field
    ]  # fmt: skip
    spec = tmp_path / "edits.json"
    spec.write_text(json.dumps(edits), encoding="utf-8")
    saved = tmp_path / "saved.xlsx"
    subprocess.run(
        [UNO_PYTHON, str(REPO / "tests" / "lo_edit.py"), SOFFICE, str(tmp_path / f"lo-{os.getpid()}"), str(path),
         str(saved), str(spec)],
        check=True, timeout=300, capture_output=True,
    )  # fmt: skip
    m, issues = read(saved.read_bytes())
    assert [(c, cell) for c, _, cell in issues] == [("JM007", "Map!B5"), ("JM008", "Map!H25")]
    assert m is not None
    s0 = m.stages[0]
    assert (s0.touchpoints[0].name, s0.touchpoints[0].owner) == ("Search results page", "Growth team")
    assert s0.touchpoints[1].thoughts == "I want to see it on my own rota."
    pricing = m.stages[1].touchpoints[0]
    assert pricing.emotion == -2
    assert pricing.pain_points[0].opportunity is not None
    assert pricing.pain_points[0].opportunity.owner == "Pricing committee"
    # Without the conflict and the stray note, the edited workbook converts to YAML with the edits.
    spec.write_text(json.dumps(edits[:5]), encoding="utf-8")
    subprocess.run(
        [UNO_PYTHON, str(REPO / "tests" / "lo_edit.py"), SOFFICE, str(tmp_path / f"lo-{os.getpid()}"), str(path),
         str(saved), str(spec)],
        check=True, timeout=300, capture_output=True,
    )  # fmt: skip
    from jmap.export import export

    out = tmp_path / "edited.yaml"
    export(saved, out)
    text = out.read_text(encoding="utf-8")
    assert "owner: Growth team" in text and "name: Search results page" in text and "emotion: -2" in text
