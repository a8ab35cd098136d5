"""``jmap export BOOK.xlsx -o MAP.yaml`` onto an existing map: edited in place, through the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from tests.changes.test_merge import edited_workbook, model_of
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
