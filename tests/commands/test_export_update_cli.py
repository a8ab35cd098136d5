"""``jmap export BOOK.xlsx -o MAP.yaml`` onto an existing map: edited in place, through the CLI."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from jmap.formats.ods.writer import ods_bytes
from jmap.formats.xlsx import writer
from jmap.formats.xlsx.base_sheet import BASE_SHEET
from tests.changes.test_merge import COMMENTED, edited_workbook, model_of
from tests.conftest import REPO, run_jmap

runner = CliRunner()
EXAMPLE = REPO / "examples" / "enterprise-post-sale.yaml"


def test_the_issues_reproduction_leaves_the_example_byte_for_byte(tmp_path: Path) -> None:
    copy = tmp_path / "m.yaml"
    shutil.copyfile(EXAMPLE, copy)
    book = tmp_path / "m.xlsx"
    assert run_jmap("export", str(EXAMPLE), "-o", str(book)).returncode == 0
    res = run_jmap("export", str(book), "-o", str(copy))
    assert (res.returncode, res.stdout, res.stderr) == (0, "", f"{copy}: already up to date with {book}\n")
    assert copy.read_bytes() == EXAMPLE.read_bytes()


def test_a_conflict_exits_1_and_writes_nothing_prefer_and_dry_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    yaml_map = tmp_path / "m.yaml"
    shutil.copyfile(EXAMPLE, yaml_map)
    book = edited_workbook(
        tmp_path / "m.xlsx",
        model_of(yaml_map),
        lambda m: setattr(m.stages[0].touchpoints[1], "owner", "AE"),
        monkeypatch,
    )
    text = yaml_map.read_text(encoding="utf-8").replace(
        "        owner: CSM\n        action: Joins the kickoff",
        "        owner: Onboarding lead\n        action: Joins the kickoff",
    )
    yaml_map.write_text(text, encoding="utf-8")

    res = runner.invoke(app, ["export", str(book), "-o", str(yaml_map)])
    assert (res.exit_code, res.stdout) == (1, "")
    assert res.stderr == (
        f"conflict: stage 'onboarding' touchpoint 'kickoff-call' owner: yaml 'Onboarding lead' ({yaml_map}:91), "
        f"workbook 'AE' ({book}[Touchpoints!E3]); was 'CSM'\n"
        f"{yaml_map}: not written: 1 conflict (listed above)\n"
    )
    assert yaml_map.read_text(encoding="utf-8") == text

    res = runner.invoke(app, ["export", str(book), "-o", str(yaml_map), "--prefer", "workbook", "--dry-run"])
    assert res.exit_code == 0, res.output
    assert res.stdout == "changed touchpoint 'Kickoff call' owner: 'Onboarding lead' -> 'AE'\n"
    assert res.stderr == (
        f"would update {yaml_map} in place: 1 change from {book} on line 91; 1 conflict settled for the workbook\n"
    )
    assert yaml_map.read_text(encoding="utf-8") == text

    res = runner.invoke(app, ["export", str(book), "-o", str(yaml_map), "--prefer", "yaml"])
    assert res.exit_code == 0, res.output
    assert res.stderr == (
        f"{yaml_map}: already up to date with {book}; 1 change made in the YAML since the export kept; "
        "1 conflict settled for the YAML\n"
    )
    assert yaml_map.read_text(encoding="utf-8") == text

    res = runner.invoke(app, ["export", str(book), "-o", str(yaml_map), "--prefer", "workbook"])
    assert res.exit_code == 0, res.output
    assert yaml_map.read_text(encoding="utf-8") == text.replace(
        "owner: Onboarding lead\n        action: Joins", "owner: AE\n        action: Joins"
    )


def test_prefer_and_dry_run_are_refused_for_other_exports(tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", str(EXAMPLE), "-o", str(tmp_path / "m.xlsx"), "--dry-run"])
    assert res.exit_code == 2
    assert res.stderr == "jmap: error: --prefer and --dry-run are for a workbook written onto an existing YAML map\n"


def test_a_map_with_anchors_is_not_edited_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = edited_workbook(
        tmp_path / "m.xlsx", model_of(EXAMPLE), lambda m: setattr(m.stages[0], "owner", "CSM"), monkeypatch
    )
    yaml_map = tmp_path / "m.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("owner: CS Operations\n", "owner: &ops CS Operations\n", 1)
    text = text.replace("x-map-version: 3.2\n", "x-map-version: 3.2\nx-keeper: *ops\n", 1)
    yaml_map.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["export", str(book), "-o", str(yaml_map)])
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr == (
        "jmap: error: line 12 uses a YAML anchor or alias, which shares one value between places; "
        "jmap cannot edit such a map in place (write the values out)\n"
    )
    assert yaml_map.read_text(encoding="utf-8") == text


def test_a_missing_workbook_onto_an_existing_map_is_one_line_and_leaves_the_map(tmp_path: Path) -> None:
    target = tmp_path / "m.yaml"
    shutil.copyfile(EXAMPLE, target)
    missing = tmp_path / "nope.xlsx"
    res = run_jmap("export", str(missing), "-o", str(target))
    assert (res.returncode, res.stdout, res.stderr) == (2, "", f"jmap: error: {missing}: no such file\n")
    assert target.read_bytes() == EXAMPLE.read_bytes()


# ---- OpenDocument workbooks: the same merge from an .ods or .fods -------------------------------------------


def fods_cell_edited(fods: Path, sheet: str, row_key: str, old: str, new: str) -> None:
    """Change the first cell reading ``old`` after the one reading ``row_key`` in ``sheet``, as an XML text edit."""
    xml = fods.read_text(encoding="utf-8")
    start = xml.index(f'<table:table table:name="{sheet}"')
    at = xml.index(f"<text:p>{old}</text:p>", xml.index(f"<text:p>{row_key}</text:p>", start))
    fods.write_text(xml[:at] + f"<text:p>{new}</text:p>" + xml[at + len(f"<text:p>{old}</text:p>") :], "utf-8")


@pytest.mark.parametrize("suffix", [".ods", ".fods"])
def test_an_untouched_ods_or_fods_leaves_the_commented_map_byte_for_byte(tmp_path: Path, suffix: str) -> None:
    yaml_map = tmp_path / "map.yaml"
    shutil.copyfile(COMMENTED, yaml_map)
    book = tmp_path / f"map{suffix}"
    assert run_jmap("export", str(yaml_map), "-o", str(book)).returncode == 0
    res = run_jmap("export", str(book), "-o", str(yaml_map))
    assert (res.returncode, res.stdout, res.stderr) == (0, "", f"{yaml_map}: already up to date with {book}\n")
    assert yaml_map.read_bytes() == COMMENTED.read_bytes()


def test_a_cell_edited_in_a_fods_changes_only_its_line(tmp_path: Path) -> None:
    yaml_map = tmp_path / "map.yaml"
    shutil.copyfile(COMMENTED, yaml_map)
    book = tmp_path / "map.fods"
    assert run_jmap("export", str(yaml_map), "-o", str(book)).returncode == 0
    fods_cell_edited(book, "Touchpoints", "kickoff-call", "CSM", "Onboarding lead")

    res = run_jmap("export", str(book), "-o", str(yaml_map), "--dry-run")
    assert (res.returncode, res.stdout) == (0, "changed touchpoint 'Kickoff call' owner: 'CSM' -> 'Onboarding lead'\n")
    assert res.stderr == f"would update {yaml_map} in place: 1 change from {book} on line 92\n"
    assert yaml_map.read_bytes() == COMMENTED.read_bytes()

    res = run_jmap("export", str(book), "-o", str(yaml_map))
    assert (res.returncode, res.stdout) == (0, "")
    assert res.stderr == f"updated {yaml_map} in place: 1 change from {book} on line 92\n"
    old = b"        owner: CSM     # CSMs run kickoff since the Q3 reorg\n"
    assert COMMENTED.read_bytes().count(old) == 1
    assert yaml_map.read_bytes() == COMMENTED.read_bytes().replace(
        old, b"        owner: Onboarding lead     # CSMs run kickoff since the Q3 reorg\n"
    )


def test_a_fods_conflict_names_its_cell_and_prefer_settles_it(tmp_path: Path) -> None:
    yaml_map = tmp_path / "map.yaml"
    shutil.copyfile(COMMENTED, yaml_map)
    book = tmp_path / "map.fods"
    assert run_jmap("export", str(yaml_map), "-o", str(book)).returncode == 0
    fods_cell_edited(book, "Touchpoints", "kickoff-call", "CSM", "AE")
    text = COMMENTED.read_text(encoding="utf-8").replace("        owner: CSM     #", "        owner: Ops     #")
    yaml_map.write_text(text, encoding="utf-8")

    res = runner.invoke(app, ["export", str(book), "-o", str(yaml_map)])
    assert (res.exit_code, res.stdout) == (1, "")
    assert res.stderr == (
        f"conflict: stage 'onboarding' touchpoint 'kickoff-call' owner: yaml 'Ops' ({yaml_map}:92), "
        f"workbook 'AE' ({book}[Touchpoints!E3]); was 'CSM'\n"
        f"{yaml_map}: not written: 1 conflict (listed above)\n"
    )
    assert yaml_map.read_text(encoding="utf-8") == text

    res = runner.invoke(app, ["export", str(book), "-o", str(yaml_map), "--prefer", "workbook"])
    assert res.exit_code == 0, res.output
    assert res.stderr == (
        f"updated {yaml_map} in place: 1 change from {book} on line 92; 1 conflict settled for the workbook\n"
    )
    assert yaml_map.read_text(encoding="utf-8") == text.replace("owner: Ops     #", "owner: AE     #")


def test_an_ods_without_its_base_gives_the_notice_and_the_workbook_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    yaml_map = tmp_path / "map.yaml"
    text = COMMENTED.read_text(encoding="utf-8").replace("        owner: CSM     #", "        owner: Ops     #")
    yaml_map.write_text(text, encoding="utf-8")
    book = tmp_path / "map.ods"
    monkeypatch.setattr(writer, "write_base", lambda _wb, _m: None)
    book.write_bytes(ods_bytes(model_of(COMMENTED)))
    monkeypatch.undo()
    assert BASE_SHEET.encode() not in zipfile.ZipFile(book).read("content.xml")

    res = runner.invoke(app, ["export", str(book), "-o", str(yaml_map)])
    assert (res.exit_code, res.stdout) == (0, "")
    assert res.stderr == (
        f"jmap: notice: {book} carries no base: it has no {BASE_SHEET} sheet (written by jmap 0.1, or the sheet "
        f"was deleted); comparing the whole map, so the workbook's values win wherever {yaml_map} differs\n"
        f"updated {yaml_map} in place: 1 change from {book} on line 92\n"
    )
    assert yaml_map.read_bytes() == COMMENTED.read_bytes()
