from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from jmap.loader import load_map
from tests.conftest import TODAY, run_jmap

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_default_writes_journey_map_yaml_in_the_current_folder(tmp_path: Path) -> None:
    res = runner.invoke(app, ["new", "--today", TODAY])
    assert res.exit_code == 0, res.output
    target = tmp_path / "journey-map.yaml"
    m = load_map(target, strict=True).model
    assert m.id == "journey-map"
    assert [s.id for s in m.stages] == ["onboarding", "adoption", "expansion", "renewal", "advocacy"]
    assert "Wrote journey-map.yaml" in res.output
    assert "jmap lint journey-map.yaml" in res.output


def test_id_names_the_default_file_and_options_fill_the_map(tmp_path: Path) -> None:
    args = ["new", "--id", "smb-onboarding", "--title", "SMB onboarding", "--segment", "SMB", "--owner", "CS Ops"]
    res = runner.invoke(app, [*args, "--template", "lifecycle", "--today", TODAY])
    assert res.exit_code == 0, res.output
    m = load_map(tmp_path / "smb-onboarding.yaml", strict=True).model
    assert (m.id, m.title, m.segment, m.owner) == ("smb-onboarding", "SMB onboarding", "SMB", "CS Ops")
    assert m.review is not None and str(m.review.last_reviewed) == TODAY
    assert m.stages[0].id == "awareness"


def test_output_file_name_gives_the_id(tmp_path: Path) -> None:
    res = runner.invoke(app, ["new", "-o", "maps/Enterprise Onboarding.yml", "--today", TODAY])
    assert res.exit_code == 2
    assert "does not exist" in res.output
    (tmp_path / "maps").mkdir()
    res = runner.invoke(app, ["new", "-o", "maps/Enterprise Onboarding.yml", "--today", TODAY])
    assert res.exit_code == 0, res.output
    assert load_map(tmp_path / "maps" / "Enterprise Onboarding.yml").model.id == "enterprise-onboarding"


def test_dash_prints_yaml_and_writes_nothing(tmp_path: Path) -> None:
    res = runner.invoke(app, ["new", "-o", "-", "--template", "success", "--today", TODAY])
    assert res.exit_code == 0
    assert res.stdout.startswith("# yaml-language-server: $schema=")
    assert "last_reviewed: 2026-11-25" in res.stdout
    assert list(tmp_path.iterdir()) == []


def test_xlsx_output_is_a_workbook(tmp_path: Path) -> None:
    res = runner.invoke(app, ["new", "-o", "start.xlsx", "--template", "post-sale", "--today", TODAY])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "start.xlsx").read_bytes()[:2] == b"PK"
    assert load_map(tmp_path / "start.xlsx", strict=True).model.id == "start"


def test_refuses_to_overwrite_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "journey-map.yaml").write_text("mine\n", encoding="utf-8")
    res = run_jmap("new", "--today", TODAY, cwd=tmp_path)
    assert res.returncode == 2
    assert res.stdout == ""
    assert res.stderr.splitlines() == [
        "jmap: error: journey-map.yaml: already exists; jmap new replaces a file only with --force"
    ]
    assert (tmp_path / "journey-map.yaml").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("bad", ["Enterprise", "-lead", "a_b", "café", ""])
def test_bad_id_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    res = run_jmap("new", "--id", bad, "--today", TODAY, cwd=tmp_path)
    assert res.returncode == 2
    assert len(res.stderr.splitlines()) == 1
    assert "not a valid id" in res.stderr
    assert "Traceback" not in res.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--today", "2026-13-01"], "--today '2026-13-01' is not a date"),
        (["-o", "map.txt"], "use a .yaml, .yml or .xlsx file name"),
        (["--template", "b2c"], "'b2c' is not one of"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], fragment: str) -> None:
    res = run_jmap("new", *args, cwd=tmp_path)
    assert res.returncode == 2
    assert fragment in res.stderr
    assert "Traceback" not in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_map_lints_to_its_fill_in_list(tmp_path: Path) -> None:
    assert runner.invoke(app, ["new", "--today", TODAY, "--owner", "CS Ops", "--segment", "SMB"]).exit_code == 0
    res = run_jmap("lint", "journey-map.yaml", "--today", TODAY, "--statistics", "--quiet", cwd=tmp_path)
    assert res.returncode == 1
    counts = {line.split()[1]: int(line.split()[0]) for line in res.stdout.splitlines() if " JM" in line}
    assert counts == {"JM101": 5, "JM104": 5, "JM402": 5, "JM601": 1}
