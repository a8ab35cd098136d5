"""The workbook's edits merged back into the YAML map it came from: three-way, edited in place, conflicts refused."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from jmap.changes.compute import MapData
from jmap.changes.merge import Conflict, describe_conflict, merge3, update_yaml_map
from jmap.formats.suppressions import fold_ignore_comments
from jmap.formats.xlsx import base_sheet, writer
from jmap.formats.xlsx.base_sheet import BASE_SHEET
from jmap.formats.xlsx.writer import xlsx_bytes
from jmap.loader import load_map
from jmap.model import JourneyMap
from tests.changes.test_apply import changed_lines
from tests.conftest import REPO
from tests.formats.xlsx.helpers import SOFFICE, needs_soffice
from tests.formats.xlsx.test_map_edits import UNO_PYTHON

COMMENTED = Path(__file__).parent / "data" / "commented-post-sale.yaml"


def model_of(path: Path) -> JourneyMap:
    loaded = load_map(path, strict=True)
    return fold_ignore_comments(loaded.model, loaded.document)


def edited_workbook(path: Path, base: JourneyMap, edit: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workbook written from ``base``, then edited as a spreadsheet user would (``edit`` changes the model)."""
    edited = base.model_copy(deep=True)
    edit(edited)
    monkeypatch.setattr(writer, "write_base", lambda wb, _m: base_sheet.write_base(wb, base))
    path.write_bytes(xlsx_bytes(edited))
    monkeypatch.undo()
    return path


def comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def tp(m: JourneyMap, stage: int, i: int) -> Any:
    return m.stages[stage].touchpoints[i]


# ---- merge3 on plain data ------------------------------------------------------------------------------------


def side(data: dict[str, Any], path: str) -> MapData:
    return MapData(data, None, path)


BASE = {"title": "T", "owner": "CS", "stages": [{"id": "a", "name": "A", "red_flags": ["x", "y"]}]}


def test_each_sides_own_changes_land() -> None:
    ours = {"title": "T2", "owner": "CS", "stages": [{"id": "a", "name": "A", "red_flags": ["x", "y"]}]}
    theirs = {
        "title": "T",
        "owner": "CS Ops",
        "stages": [{"id": "a", "name": "A", "red_flags": ["x", "z"]}, {"id": "b", "name": "B"}],
    }
    merged = merge3(BASE, side(ours, "m.yaml"), side(theirs, "m.xlsx"))
    assert merged.conflicts == ()
    assert merged.data == {
        "title": "T2",
        "owner": "CS Ops",
        "stages": [{"id": "a", "name": "A", "red_flags": ["x", "z"]}, {"id": "b", "name": "B"}],
    }


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = {**BASE, "owner": "CS Ops"}
    assert merge3(BASE, side(both, "m.yaml"), side(dict(both), "m.xlsx")).data == both


def test_a_field_changed_differently_is_a_conflict_and_prefer_picks_a_side() -> None:
    ours, theirs = {**BASE, "owner": "Ops"}, {**BASE, "owner": "CS Ops"}
    merged = merge3(BASE, side(ours, "m.yaml"), side(theirs, "m.xlsx"))
    assert merged.conflicts == (Conflict("owner", "CS", "Ops", "CS Ops", "m.yaml", "m.xlsx"),)
    assert merge3(BASE, side(ours, "m.yaml"), side(theirs, "m.xlsx"), "workbook").data["owner"] == "CS Ops"
    assert merge3(BASE, side(ours, "m.yaml"), side(theirs, "m.xlsx"), "yaml").data["owner"] == "Ops"


def test_removed_on_one_side_and_changed_on_the_other_is_a_conflict() -> None:
    ours = {**BASE, "stages": []}
    theirs = {**BASE, "stages": [{"id": "a", "name": "A2", "red_flags": ["x", "y"]}]}
    merged = merge3(BASE, side(ours, "m.yaml"), side(theirs, "m.xlsx"))
    assert [c.label for c in merged.conflicts] == ["stage 'a'"]


# ---- update_yaml_map: the workbook onto a commented YAML map ------------------------------------------------


@pytest.fixture
def yaml_map(tmp_path: Path) -> Path:
    path = tmp_path / "map.yaml"
    shutil.copyfile(COMMENTED, path)
    return path


def test_the_round_trip_with_no_edit_leaves_the_file_byte_for_byte(yaml_map: Path, tmp_path: Path) -> None:
    book = tmp_path / "map.xlsx"
    book.write_bytes(xlsx_bytes(model_of(yaml_map)))
    before = yaml_map.read_bytes()
    result = update_yaml_map(book, yaml_map)
    assert yaml_map.read_bytes() == before
    assert (result.changes, result.written, result.notice) == ((), False, None)
    assert result.summary() == f"{yaml_map}: already up to date with {book}"


def test_workbook_edits_and_yaml_edits_since_both_land_and_only_their_lines_change(
    yaml_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = model_of(yaml_map)

    def spreadsheet_user(m: JourneyMap) -> None:
        tp(m, 0, 1).owner = "Onboarding lead"  # the commented owner line
        m.stages[1].owner = "Adoption team"
        m.review.every = "3 months"  # inside the flow mapping

    book = edited_workbook(tmp_path / "map.xlsx", base, spreadsheet_user, monkeypatch)
    original = yaml_map.read_text(encoding="utf-8")
    engineer = original.replace("title: Enterprise post-sale journey", "title: Enterprise post-sale journey (EMEA)")
    yaml_map.write_text(engineer, encoding="utf-8")

    result = update_yaml_map(book, yaml_map)
    after = yaml_map.read_text(encoding="utf-8")
    assert result.conflicts == () and result.written and result.kept == 1
    assert changed_lines(engineer, after) == (
        [
            "review: {last_reviewed: 2026-08-14, every: '6 months'}   # workshop with Onboarding, Support, Renewals",
            "        owner: CSM     # CSMs run kickoff since the Q3 reorg",
            "    owner: CSM",
        ],
        [
            "review: {last_reviewed: 2026-08-14, every: '3 months'}   # workshop with Onboarding, Support, Renewals",
            "        owner: Onboarding lead     # CSMs run kickoff since the Q3 reorg",
            "    owner: Adoption team",
        ],
    )
    assert comments(after) == comments(original)
    assert result.summary() == (
        f"updated {yaml_map} in place: 3 changes from {book} on lines 18, 92, 156; "
        "1 change made in the YAML since the export kept"
    )


def test_a_new_and_a_removed_item_are_written_in_place(
    yaml_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = model_of(yaml_map)

    def spreadsheet_user(m: JourneyMap) -> None:
        kickoff = tp(m, 0, 1)
        kickoff.pain_points.append(
            kickoff.pain_points[0].model_copy(
                update={"text": "Nobody owns the agenda", "opportunity": None, "basis": None, "evidence": []}
            )
        )
        del m.stages[4].touchpoints[-1]

    book = edited_workbook(tmp_path / "map.xlsx", base, spreadsheet_user, monkeypatch)
    before = yaml_map.read_text(encoding="utf-8")
    update_yaml_map(book, yaml_map)
    after = yaml_map.read_text(encoding="utf-8")
    gone, came = changed_lines(before, after)
    assert came == ["          - Nobody owns the agenda"]
    last = before.split("      - id: ")[-1]
    assert gone == ["      - id: " + line if i == 0 else line for i, line in enumerate(last.splitlines())]
    assert comments(after) == comments(before)


def test_a_conflict_writes_nothing_and_names_both_places(
    yaml_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = model_of(yaml_map)
    book = edited_workbook(tmp_path / "map.xlsx", base, lambda m: setattr(tp(m, 0, 1), "owner", "AE"), monkeypatch)
    text = yaml_map.read_text(encoding="utf-8").replace("owner: CSM     #", "owner: Implementation lead     #")
    yaml_map.write_text(text, encoding="utf-8")
    result = update_yaml_map(book, yaml_map)
    assert yaml_map.read_text(encoding="utf-8") == text
    assert [describe_conflict(c) for c in result.conflicts] == [
        f"conflict: stage 'onboarding' touchpoint 'kickoff-call' owner: yaml 'Implementation lead' ({yaml_map}:92), "
        f"workbook 'AE' ({book}[Touchpoints!E3]); was 'CSM'"
    ]
    assert result.summary() == f"{yaml_map}: not written: 1 conflict (listed above)"
    update_yaml_map(book, yaml_map, prefer="workbook")
    assert "        owner: AE     # CSMs run kickoff since the Q3 reorg\n" in yaml_map.read_text(encoding="utf-8")


def test_a_dry_run_lists_the_changes_and_writes_nothing(
    yaml_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = model_of(yaml_map)
    book = edited_workbook(tmp_path / "map.xlsx", base, lambda m: setattr(tp(m, 0, 1), "owner", "AE"), monkeypatch)
    before = yaml_map.read_bytes()
    result = update_yaml_map(book, yaml_map, dry_run=True)
    assert yaml_map.read_bytes() == before
    assert [(c.kind, c.label, c.old, c.new) for c in result.changes] == [
        ("changed", "touchpoint 'Kickoff call' owner", "CSM", "AE")
    ]
    assert result.summary() == f"would update {yaml_map} in place: 1 change from {book} on line 92"


def without_base(raw: bytes) -> bytes:
    """The workbook with its base sheet deleted, as a user deleting the hidden sheet would leave it."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    workbook = src.read("xl/workbook.xml").decode()
    start = workbook.index(f'<sheet name="{BASE_SHEET}"')
    workbook = workbook[:start] + workbook[workbook.index("/>", start) + 2 :]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in src.infolist():
            dest.writestr(info, workbook if info.filename == "xl/workbook.xml" else src.read(info))
    return out.getvalue()


def test_a_workbook_without_base_is_compared_whole_with_a_notice(
    yaml_map: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = model_of(yaml_map)
    book = edited_workbook(tmp_path / "map.xlsx", base, lambda m: setattr(tp(m, 0, 1), "owner", "AE"), monkeypatch)
    book.write_bytes(without_base(book.read_bytes()))
    text = yaml_map.read_text(encoding="utf-8").replace("title: Enterprise post-sale journey", "title: EMEA")
    yaml_map.write_text(text, encoding="utf-8")
    result = update_yaml_map(book, yaml_map)
    assert result.notice == (
        f"{book} carries no base: it has no {BASE_SHEET} sheet (written by jmap 0.1, or the sheet was deleted); "
        f"comparing the whole map, so the workbook's values win wherever {yaml_map} differs"
    )
    after = yaml_map.read_text(encoding="utf-8")
    assert changed_lines(text, after) == (
        ["title: EMEA", "        owner: CSM     # CSMs run kickoff since the Q3 reorg"],
        ["title: Enterprise post-sale journey", "        owner: AE     # CSMs run kickoff since the Q3 reorg"],
    )


# ---- LibreOffice ---------------------------------------------------------------------------------------------


@needs_soffice
@pytest.mark.skipif(UNO_PYTHON is None, reason="python3-uno is not installed; CI installs it")
def test_a_workbook_edited_in_libreoffice_lands_on_the_commented_map(yaml_map: Path, tmp_path: Path) -> None:
    assert SOFFICE is not None and UNO_PYTHON is not None
    book = tmp_path / "map.xlsx"
    book.write_bytes(xlsx_bytes(model_of(yaml_map)))
    edits = [
        ["Touchpoints", "E3", "Onboarding lead"],  # kickoff-call's owner, commented in the YAML
        ["Touchpoints", "H2", "Great: a named person and a kickoff date."],  # welcome-email's thought
        ["Stages", "D3", "Adoption team"],  # a stage owner
        ["Map", "C9", 1],  # kickoff-call's emotion, typed into the Map sheet
    ]
    spec = tmp_path / "edits.json"
    spec.write_text(json.dumps(edits), encoding="utf-8")
    saved = tmp_path / "saved.xlsx"
    subprocess.run(
        [
            UNO_PYTHON,
            str(REPO / "tests" / "lo_edit.py"),
            SOFFICE,
            str(tmp_path / f"lo-{os.getpid()}"),
            str(book),
            str(saved),
            str(spec),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    assert base_sheet.read_base(saved.read_bytes()).reason == ""
    before = yaml_map.read_text(encoding="utf-8")
    result = update_yaml_map(saved, yaml_map)
    after = yaml_map.read_text(encoding="utf-8")
    assert result.conflicts == () and result.notice is None
    assert changed_lines(before, after) == (
        [
            '        thoughts: "Good, a real person and a date for the kickoff."',
            "        owner: CSM     # CSMs run kickoff since the Q3 reorg",
            "        emotion: -1",
            "    owner: CSM",
        ],
        [
            '        thoughts: "Great: a named person and a kickoff date."',
            "        owner: Onboarding lead     # CSMs run kickoff since the Q3 reorg",
            "        emotion: 1",
            "    owner: Adoption team",
        ],
    )
    assert comments(after) == comments(before)
