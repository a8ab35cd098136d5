"""Reading workbooks: the data handed to the model, the cell of every value, and what is reported."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from jmap.findings import Location
from jmap.formats import parse
from tests.formats.xlsx.helpers import (
    ABOUT_ROWS,
    STAGE_ROWS,
    TOUCHPOINT_HEADERS,
    Raw,
    build_workbook,
    codes,
    minimal_sheets,
    model_of,
    read_bytes,
    read_path,
    sample_map,
    write_map,
)


def test_dispatch_by_suffix_gives_an_xlsx_document(tmp_path: Path) -> None:
    path = write_map(sample_map(), tmp_path)
    doc = parse(path, path.read_bytes())
    assert doc.kind == "xlsx" and doc.issues == []
    assert doc.data["stages"][0]["touchpoints"][0]["pain_points"][1] == {
        "text": "Nobody says who the implementation lead is"
    }


def test_data_is_shaped_like_yaml(tmp_path: Path) -> None:
    doc, _ = read_path(write_map(sample_map(), tmp_path))
    data = doc.data
    assert data["jmap"] == 1 and data["title"] == "Enterprise post-sale journey"
    assert data["review"] == {"last_reviewed": date(2026, 8, 14), "every": "6 months"}
    assert data["goals"] == ["Cut time-to-first-value to 30 days", "Lift renewal rate"]
    assert data["evidence"] == [
        {"type": "interview", "source": "Eight customer interviews, July 2026", "date": date(2026, 7, 30)}
    ]
    kickoff = data["stages"][0]["touchpoints"][0]
    assert kickoff["emotion"] == -1 and kickoff["moment_of_truth"] is True and kickoff["x-priority"] == 2
    assert kickoff["pain_points"][0]["opportunity"] == {
        "fix": "Carry the deal notes into the kickoff brief",
        "owner": "Sales Ops",
        "target": "90% of kickoffs cite the deal notes by Q1",
        "impact": "high",
        "status": "open",
    }
    assert data["stages"][2]["x-note"] == ["a", 1]
    assert data["x-team"] == "cs-ops"


def test_positions_are_cells(tmp_path: Path) -> None:
    doc, _ = read_path(write_map(sample_map(), tmp_path))
    at = doc.positions.locate
    assert at(("stages", 0, "touchpoints", 1, "owner")) == Location(3, 5, "Touchpoints!E3")
    assert at(("stages", 0, "touchpoints", 1)) == Location(3, 1, "Touchpoints!A3")
    assert at(("stages", 0, "touchpoints", 0, "emotion")) == Location(2, 9, "Touchpoints!I2")
    assert at(("stages", 0, "touchpoints", 0, "pain_points", 1, "text")) == Location(3, 2, "Pain points!B3")
    assert at(("stages", 0, "touchpoints", 0, "pain_points", 1, "opportunity", "owner")) == Location(
        3, 4, "Pain points!D3"
    )
    assert at(("stages", 0, "touchpoints", 0, "pain_points", 0, "opportunity")) == Location(2, 3, "Pain points!C2")
    assert at(("stages", 1, "red_flags", 0)) == Location(3, 7, "Stages!G3")
    assert at(("stages", 2, "x-note")) == Location(4, 15, "Stages!O4")
    assert at(("review", "every")) == Location(12, 2, "About!B12")
    assert at(("goals", 1)) == Location(10, 2, "About!B10")
    assert at(("evidence", 0, "date")) == Location(2, 3, "Evidence!C2")
    assert at(("title",)) == Location(4, 2, "About!B4")
    assert at(()) == Location(1, 1, "About!A1")
    assert at(("stages", 0, "touchpoints", 0, "nonsense", 3)) == Location(2, 1, "Touchpoints!A2")


def test_lint_points_at_the_empty_owner_cell(tmp_path: Path) -> None:
    path = write_map(sample_map(), tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "jmap", "lint", str(path), "--format", "json", "--today", "2026-09-01"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    findings = json.loads(out.stdout)["findings"]
    owner = [f for f in findings if f["code"] == "JM101"]
    assert {f["cell"] for f in owner} == {"Touchpoints!E3"}
    assert owner[0]["line"] == 3


def test_missing_owner_on_second_row_of_a_hand_built_sheet() -> None:
    doc, validated = read_bytes(build_workbook(minimal_sheets()))
    assert doc.issues == [] and validated.model is not None
    assert doc.positions.locate(("stages", 0, "touchpoints", 1, "owner")).cell == "Touchpoints!E3"


def test_columns_any_order_any_spelling_blank_rows_skipped() -> None:
    sheets = minimal_sheets(
        Touchpoints=[
            ["owner", "NAME", "touchpoint_id", "stage-id", "Moment_of-Truth"],
            None,
            [None, None, None, None, None],
            ["CSM", "Kickoff call", "kickoff", "onboarding", "x"],
            None,
            ["AM", "Renewal", "renewal", "adoption", "no"],
            ["Ops", "Welcome", "welcome", "onboarding", None],
        ]
    )
    sheets["Stages"] = [["name", "STAGE ID"], None, ["Onboarding", "onboarding"], ["Adoption", "adoption"]]
    m = model_of(build_workbook(sheets))
    assert [[t.id for t in s.touchpoints] for s in m.stages] == [["kickoff", "welcome"], ["renewal"]]
    assert [t.moment_of_truth for _, _, _, t in m.touchpoints()] == [True, None, False]
    doc, _ = read_bytes(build_workbook(sheets))
    assert doc.positions.locate(("stages", 0, "touchpoints", 1, "owner")).cell == "Touchpoints!A7"


def test_x_columns_and_about_rows_kept() -> None:
    sheets = minimal_sheets(
        About=[*ABOUT_ROWS, ["x-team", "ops"], ["X-Score", 4.5], ["x-list", '["a", 2]']],
        Touchpoints=[[*TOUCHPOINT_HEADERS, "x-effort"], ["onboarding", "t", "T", None, "CSM", "high"]],
    )
    m = model_of(build_workbook(sheets))
    assert m.extras == {"x-team": "ops", "x-Score": 4.5, "x-list": ["a", 2]}
    assert m.stages[0].touchpoints[0].extras == {"x-effort": "high"}


def test_x_jmap_ignore_as_column_and_row() -> None:
    sheets = minimal_sheets(
        About=[*ABOUT_ROWS, ["x-jmap-ignore", "JM101\nJM102"]],
        Touchpoints=[[*TOUCHPOINT_HEADERS, "x-jmap-ignore"], ["onboarding", "t", "T", None, None, "JM101, JM2"]],
    )
    m = model_of(build_workbook(sheets))
    assert m.ignored_codes() == ["JM101", "JM102"]
    assert m.stages[0].touchpoints[0].ignored_codes() == ["JM101", "JM2"]


def test_unknown_column_and_about_row_suggest_the_name() -> None:
    sheets = minimal_sheets(
        About=[*ABOUT_ROWS, ["onwer", "CS"]],
        Touchpoints=[["Stage ID", "Touchpoint ID", "Name", "Onwer"], ["onboarding", "t", "T", "CSM"]],
    )
    doc, validated = read_bytes(build_workbook(sheets))
    messages = {i.location.cell: (i.code, i.message) for i in doc.issues}
    assert messages["About!A4"][0] == "JM003" and "did you mean 'owner'" in messages["About!A4"][1]
    assert messages["Touchpoints!D1"][0] == "JM003" and "did you mean 'Owner'" in messages["Touchpoints!D1"][1]
    assert validated.model is not None and validated.model.owner is None


def test_values_without_a_header_are_reported() -> None:
    sheets = minimal_sheets(
        Touchpoints=[["Stage ID", "Touchpoint ID", "Name"], ["onboarding", "t", "T", None, "stray"]]
    )
    assert ("JM003", "Touchpoints!E2") in codes(build_workbook(sheets))


def test_duplicate_column_is_reported() -> None:
    sheets = minimal_sheets(Touchpoints=[["Stage ID", "Touchpoint ID", "Name", "name"], ["onboarding", "t", "T", "U"]])
    assert codes(build_workbook(sheets)) == [("JM005", "Touchpoints!D1")]


def test_pain_point_naming_a_missing_touchpoint() -> None:
    sheets = minimal_sheets(Pain_points=[["Touchpoint ID", "Pain point"], ["kickoff", "a"], ["nope", "b"], [None, "c"]])
    doc, validated = read_bytes(build_workbook(sheets))
    assert [(i.code, i.location.cell) for i in doc.issues] == [("JM004", "Pain points!A3"), ("JM004", "Pain points!A4")]
    assert [i.message for i in doc.issues] == [
        "pain point row 3 names touchpoint 'nope', which is not in sheet Touchpoints; the pain point is not read",
        "row 4 of sheet Pain points has no Touchpoint ID; the pain point is not read",
    ]
    assert validated.model is not None and [p.text for p in validated.model.stages[0].touchpoints[0].pain_points] == [
        "a"
    ]


def test_touchpoint_naming_a_missing_stage() -> None:
    sheets = minimal_sheets(
        Touchpoints=[TOUCHPOINT_HEADERS, ["nowhere", "t", "T", None, "CSM"]], Pain_points=[["Touchpoint ID"]]
    )
    assert codes(build_workbook(sheets)) == [("JM004", "Touchpoints!A2")]


def test_sheet_without_its_link_column() -> None:
    sheets = minimal_sheets(Pain_points=[["Pain point"], ["a"]])
    doc, _ = read_bytes(build_workbook(sheets))
    assert [(i.code, i.location.cell, i.message) for i in doc.issues] == [
        (
            "JM002",
            "Pain points!A1",
            "sheet Pain points has no 'Touchpoint ID' column, so its pain points belong to no touchpoint",
        )
    ]


def test_formula_cell_is_an_error_with_its_address() -> None:
    sheets = minimal_sheets(
        Touchpoints=[TOUCHPOINT_HEADERS, ["onboarding", "t", "T", Raw("<f>A1&amp;B1</f><v>x</v>", ' t="str"'), "CSM"]]
    )
    doc, validated = read_bytes(build_workbook(sheets))
    assert [(i.code, i.location.cell) for i in doc.issues] == [("JM002", "Touchpoints!D2")]
    assert "is a formula; jmap reads values, not formulas" in doc.issues[0].message
    assert validated.model is not None and validated.model.stages[0].touchpoints[0].channel is None


def test_error_cell_is_reported() -> None:
    sheets = minimal_sheets(
        Touchpoints=[TOUCHPOINT_HEADERS, ["onboarding", "t", "T", Raw("<v>#N/A</v>", ' t="e"'), "CSM"]]
    )
    assert codes(build_workbook(sheets)) == [("JM002", "Touchpoints!D2")]


def test_bad_values_are_located_by_the_model() -> None:
    sheets = minimal_sheets(
        Touchpoints=[[*TOUCHPOINT_HEADERS, "Emotion"], ["onboarding", "t", "T", None, "CSM", 7]],
        Pain_points=[["Touchpoint ID"]],
    )
    assert codes(build_workbook(sheets)) == [("JM002", "Touchpoints!F2")]


def test_sheet_names_any_spelling_and_own_sheets() -> None:
    sheets = {
        "about": ABOUT_ROWS,
        "STAGES": STAGE_ROWS,
        "TOUCHPOINTS": [TOUCHPOINT_HEADERS, ["onboarding", "t", "T", None, "CSM"]],
        "Pain_Points": [["Touchpoint ID", "Pain point"], ["t", "p"]],
        "x-notes": [["anything"]],
        "Notse": [["x"]],
    }
    doc, validated = read_bytes(build_workbook(sheets))
    assert [(i.code, i.location.cell) for i in doc.issues] == [("JM003", "Notse!A1")]
    assert validated.model is not None and validated.model.stages[0].touchpoints[0].pain_points[0].text == "p"


def test_no_about_sheet() -> None:
    doc, validated = read_bytes(build_workbook({"Stages": STAGE_ROWS, "Touchpoints": [TOUCHPOINT_HEADERS]}))
    assert [i.code for i in doc.issues] == ["JM002"] and "no 'About' sheet" in doc.issues[0].message
    assert validated.model is None


def test_not_a_journey_map_workbook() -> None:
    doc, _ = read_bytes(build_workbook({"Sheet1": [["a", "b"]]}))
    assert [i.code for i in doc.issues] == ["JM002"] and "not a journey map" in doc.issues[0].message


def test_missing_required_about_rows_are_model_errors() -> None:
    doc, validated = read_bytes(build_workbook(minimal_sheets(About=[["Field", "Value"], ["jmap", 1]])))
    assert doc.issues == []
    assert [(i.code, i.location.cell) for i in validated.issues] == [("JM002", "About!A1")]


def _drop_columns(raw: bytes, sheet: str, headers: set[str]) -> bytes:
    """The workbook with the cells of the columns headed ``headers`` in ``sheet`` gone, header and values."""
    import io
    import re
    import zipfile

    z = zipfile.ZipFile(io.BytesIO(raw))
    rels = dict(re.findall(r'Id="(rId\d+)" [^>]*?Target="([^"]+)"', z.read("xl/_rels/workbook.xml.rels").decode()))
    found = re.search(rf'<sheet name="{sheet}" sheetId="\d+" r:id="(rId\d+)"', z.read("xl/workbook.xml").decode())
    assert found is not None
    part = "xl/" + rels[found.group(1)]
    strings = re.findall(r"<si><t[^>]*>([^<]*)</t></si>", z.read("xl/sharedStrings.xml").decode())
    xml = z.read(part).decode()
    header = re.findall(r'<c r="([A-Z]+)1"[^>]*t="s"[^>]*><v>(\d+)</v>', xml)
    columns = [letters for letters, v in header if strings[int(v)] in headers]
    assert len(columns) == len(headers), header
    xml = re.sub(rf'<c r="(?:{"|".join(columns)})\d+"[^>]*?(?:/>|>.*?</c>)', "", xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            w.writestr(info, xml if info.filename == part else z.read(info))
    return out.getvalue()


def test_touchpoints_sheet_without_owner_and_emotion_columns_exports_every_value(tmp_path: Path) -> None:
    """Issue 25: a workbook whose Touchpoints sheet lost its Owner and Emotion columns exported with exit 0 and
    dropped every value the Map sheet still showed; now they are read from the Map sheet and said once each."""
    from tests.conftest import REPO, run_jmap

    book = tmp_path / "b2b.xlsx"
    assert run_jmap("export", str(REPO / "examples" / "b2b-saas.yaml"), "-o", str(book)).returncode == 0
    lost = tmp_path / "lost.xlsx"
    lost.write_bytes(_drop_columns(book.read_bytes(), "Touchpoints", {"Owner", "Emotion"}))
    whole = run_jmap("export", str(book), "-o", str(tmp_path / "whole.yaml"))
    res = run_jmap("export", str(lost), "-o", str(tmp_path / "back.yaml"))
    assert (whole.returncode, res.returncode) == (0, 0), res.stderr
    assert res.stderr.splitlines() == [
        f"jmap: warning: {lost}[Touchpoints!A1]: JM008 sheet Touchpoints has no '{name}' column, so the {field} of 10 "
        f"touchpoints was read from the Map sheet (Map!B{row}, Map!C{row}, Map!D{row}, …); add the column back to "
        "edit it there"
        for name, field, row in (("Owner", "owner", 6), ("Emotion", "emotion", 9))
    ] + [f"wrote {tmp_path / 'back.yaml'} (yaml, 3 stages, 10 touchpoints)"]
    back = (tmp_path / "back.yaml").read_bytes()
    assert back == (tmp_path / "whole.yaml").read_bytes()
    assert back.count(b"\n        owner: ") == back.count(b"\n        emotion: ") == 10
