"""Workbooks as LibreOffice saves and edits them: .ods and .fods read exactly as the .xlsx, and the Map sheet
forgives notes, inserted and deleted columns and a data sheet that lost a column."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from jmap.formats import read_base
from jmap.formats.xlsx.writer import write_xlsx
from jmap.lint.core import LintOptions, lint
from jmap.loader import load_map
from tests.changes.test_merge import COMMENTED
from tests.conftest import run_jmap
from tests.formats.xlsx.helpers import SOFFICE, needs_soffice, soffice_convert
from tests.formats.xlsx.test_map_edits import UNO_PYTHON

REPO = Path(__file__).resolve().parents[3]
B2B = REPO / "examples" / "b2b-saas.yaml"
DEFECTS = REPO / "examples" / "defects" / "stale-unowned-onboarding.yaml"
TODAY = "2026-11-25"

pytestmark = needs_soffice
needs_uno = pytest.mark.skipif(UNO_PYTHON is None, reason="python3-uno is not installed; CI installs it")


def workbook(tmp_path: Path, source: Path) -> Path:
    out = tmp_path / f"{source.stem}.xlsx"
    write_xlsx(load_map(source).model, out)
    return out


def yaml_of(path: Path, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    out = tmp_path / f"{path.name}.yaml"
    done = run_jmap("export", str(path), "-o", str(out), *extra)
    return done.returncode, done.stderr, out.read_text(encoding="utf-8") if out.exists() else ""


def findings(path: Path) -> list[tuple[str, str | None, str]]:
    result = lint([path], LintOptions(today=date(2026, 11, 25)))
    return [(f.code, f.cell, f.message) for f in result.findings]


def lo_edit(tmp_path: Path, source: Path, dest: Path, edits: list[list[object]]) -> Path:
    assert SOFFICE is not None and UNO_PYTHON is not None
    spec = tmp_path / f"{dest.stem}.json"
    spec.write_text(json.dumps(edits), encoding="utf-8")
    subprocess.run(
        [UNO_PYTHON, str(REPO / "tests" / "lo_edit.py"), SOFFICE, str(tmp_path / f"lo-{os.getpid()}"),
         str(source), str(dest), str(spec)],
        check=True, timeout=300, capture_output=True,
    )  # fmt: skip
    return dest


def test_libreoffice_saves_as_ods_and_fods_read_exactly_as_the_xlsx(tmp_path: Path) -> None:
    books = [workbook(tmp_path, B2B), workbook(tmp_path, DEFECTS)]
    saved = soffice_convert(books, "ods", tmp_path / "ods") + soffice_convert(books, "fods", tmp_path / "fods")
    for book in books:
        code, _, expected_yaml = yaml_of(book, tmp_path / "ods")
        assert code == 0
        expected_findings = findings(book)
        assert expected_findings or book.stem == "b2b-saas"
        for path in (p for p in saved if p.stem == book.stem):
            assert yaml_of(path, path.parent)[::2] == (0, expected_yaml), path
            assert findings(path) == expected_findings, path
            render = [run_jmap("render", str(p), "--width", "100", "--today", TODAY).stdout for p in (book, path)]
            assert render[0] == render[1] and "Onboarding" in render[0]
            diff = run_jmap("diff", str(book), str(path))
            assert (diff.returncode, diff.stdout.splitlines()[-1]) == (0, "1 map compared: 1 unchanged.")


def test_libreoffice_opens_prints_and_saves_back_what_jmap_writes(tmp_path: Path) -> None:
    ods, fods = tmp_path / "b2b-saas.ods", tmp_path / "flat" / "b2b-saas.fods"
    fods.parent.mkdir()
    assert run_jmap("export", str(B2B), "-o", str(ods)).returncode == 0
    assert run_jmap("export", str(B2B), "-o", str(fods)).returncode == 0
    pdfs = soffice_convert([ods, fods], "pdf", tmp_path / "pdf")
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Purchase and onboarding" in text and "Setup wizard" in text and "x-jmap-map" not in text
    back = soffice_convert([ods], "ods", tmp_path / "ods") + soffice_convert([fods], "xlsx", tmp_path / "xlsx")
    expected = yaml_of(B2B, tmp_path)
    for path in back:
        assert yaml_of(path, path.parent)[2] == expected[2], path


@needs_uno
def test_a_note_and_an_inserted_touchpoint_column_in_libreoffice_are_read(tmp_path: Path) -> None:
    edits: list[list[object]] = [
        ["Map", "A14", "Call Ana before the renewal"],
        ["Map", "+D", ""], ["Map", "D4", "Setup call"], ["Map", "D5", "call"], ["Map", "D6", "Onboarding"],
        ["Map", "D9", 1],
    ]  # fmt: skip
    saved = lo_edit(tmp_path, workbook(tmp_path, B2B), tmp_path / "edited.ods", edits)
    assert [(c, cell) for c, cell, _ in findings(saved)] == [("JM008", "Map!D4"), ("JM008", "Map!A14")]
    code, stderr, _ = yaml_of(saved, tmp_path)
    assert code == 0
    assert stderr.splitlines() == [
        f"jmap: warning: {saved}[Map!D4]: JM008 column D of the Map sheet was inserted with touchpoint 'Setup call': "
        "it is added to stage 'consideration' with the id 'setup-call' (rename the id in sheet Touchpoints if you "
        "like)",
        f"jmap: warning: {saved}[Map!A14]: JM008 cell Map!A14 of the Map sheet is outside the grid of touchpoints; "
        "its text is kept as a note of the map (x-map-notes)",
        f"wrote {tmp_path / 'edited.ods.yaml'} (yaml, 3 stages, 11 touchpoints)",
    ]
    m = load_map(tmp_path / "edited.ods.yaml").model
    tps = m.stages[0].touchpoints
    assert [t.id for t in tps] == ["pricing-page", "demo-call", "setup-call", "review-sites"]
    assert (tps[2].name, tps[2].channel, tps[2].owner, tps[2].emotion) == ("Setup call", "call", "Onboarding", 1)
    assert m.extras == {"x-map-notes": ["Map!A14: Call Ana before the renewal"]}
    strict = run_jmap("export", str(saved), "-o", str(tmp_path / "strict.yaml"), "--strict")
    assert strict.returncode == 2 and not (tmp_path / "strict.yaml").exists()


@needs_uno
def test_a_deleted_map_column_and_a_conflict_in_an_fods(tmp_path: Path) -> None:
    edits: list[list[object]] = [["Map", "-C", ""], ["Map", "B5", "phone"], ["Touchpoints", "D2", "email"]]
    saved = lo_edit(tmp_path, workbook(tmp_path, B2B), tmp_path / "edited.fods", edits)
    got = findings(saved)
    assert [(c, cell) for c, cell, _ in got] == [("JM007", "Map!B5"), ("JM008", "Touchpoints!A3")]
    assert got[0][2] == (
        "the channel of touchpoint 'pricing-page' was changed in Map!B5 to 'phone' and in Touchpoints!D2 to "
        "'email'; jmap does not guess which is meant: make the two cells agree"
    )
    code, stderr, _ = yaml_of(saved, tmp_path)
    assert code == 0 and "JM007" in stderr
    m = load_map(tmp_path / "edited.fods.yaml").model
    assert [t.id for t in m.stages[0].touchpoints] == ["pricing-page", "review-sites"]
    assert m.stages[0].touchpoints[0].channel == "email"


@needs_uno
def test_touchpoints_sheet_without_owner_and_emotion_columns_reads_them_from_the_map(tmp_path: Path) -> None:
    """Issue 25: the values were dropped with exit 0; now they come from the Map sheet, said once per column."""
    book = workbook(tmp_path, B2B)
    saved = lo_edit(tmp_path, book, tmp_path / "lost.ods", [["Touchpoints", "-E", ""], ["Touchpoints", "-H", ""]])
    assert findings(saved) == [
        ("JM008", "Touchpoints!A1", "sheet Touchpoints has no 'Emotion' column, so the emotion of 10 touchpoints was "
         "read from the Map sheet (Map!B9, Map!C9, Map!D9, …); add the column back to edit it there"),
        ("JM008", "Touchpoints!A1", "sheet Touchpoints has no 'Owner' column, so the owner of 10 touchpoints was "
         "read from the Map sheet (Map!B6, Map!C6, Map!D6, …); add the column back to edit it there"),
    ]  # fmt: skip
    (tmp_path / "original").mkdir()
    assert yaml_of(saved, tmp_path)[2] == yaml_of(book, tmp_path / "original")[2]


@needs_uno
@pytest.mark.parametrize("suffix", [".ods", ".fods"])
def test_a_cell_edited_and_saved_in_libreoffice_lands_on_its_line_of_the_commented_map(
    tmp_path: Path, suffix: str
) -> None:
    yaml_map = tmp_path / "map.yaml"
    shutil.copyfile(COMMENTED, yaml_map)
    book = tmp_path / f"map{suffix}"
    assert run_jmap("export", str(yaml_map), "-o", str(book)).returncode == 0
    saved = lo_edit(tmp_path, book, tmp_path / f"saved{suffix}", [["Touchpoints", "E3", "Onboarding lead"]])
    assert read_base(saved, saved.read_bytes()).reason == ""

    done = run_jmap("export", str(saved), "-o", str(yaml_map))
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == f"updated {yaml_map} in place: 1 change from {saved} on line 92\n"
    old = b"        owner: CSM     # CSMs run kickoff since the Q3 reorg\n"
    new = b"        owner: Onboarding lead     # CSMs run kickoff since the Q3 reorg\n"
    assert yaml_map.read_bytes() == COMMENTED.read_bytes().replace(old, new)
