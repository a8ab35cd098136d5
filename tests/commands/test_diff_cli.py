"""``jmap diff`` through Typer: a changed thought and a metric's current, which the old diff missed, in each format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from tests.conftest import TODAY

REPO = Path(__file__).resolve().parents[2]
THOUGHT = "Why do I have to book a call to see a number?"


@pytest.fixture
def edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    text = (REPO / "examples" / "b2b-saas.yaml").read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(text, encoding="utf-8")
    new = text.replace(THOUGHT, "Where is the price?").replace("current: 46, target: 70", "current: 52, target: 70")
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> str:
    result = CliRunner().invoke(app, ["diff", "old.yaml", "new.yaml", "--today", TODAY, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_text(edited: Path) -> None:
    assert run() == (
        "jmap diff old.yaml new.yaml\n\n"
        "new.yaml (map b2b-saas)\n"
        "  Other changes\n"
        f'    ~ touchpoint \'Pricing page\' thoughts: "{THOUGHT}" -> "Where is the price?" (line 55)\n'
        "    ~ metric 'Accounts finishing setup in one session' of touchpoint 'Setup wizard' current: 46 -> 52"
        " (line 123)\n\n"
        "1 map compared: 1 changed.\n"
    )


def test_markdown(edited: Path) -> None:
    lines = [x for x in run("-f", "md").splitlines() if x.startswith("- ")]
    assert lines == [
        f"- touchpoint 'Pricing page' thoughts: “{THOUGHT}” -> “Where is the price?” (line 55)",
        "- metric 'Accounts finishing setup in one session' of touchpoint 'Setup wizard' current: `46` -> `52`"
        " (line 123)",
    ]


def test_json(edited: Path) -> None:
    changes = json.loads(run("--format", "json"))["maps"][0]["changes"]
    assert [(c["kind"], c["path"], c["old"], c["new"], c["old_at"], c["new_at"]) for c in changes] == [
        ("changed", ["stages", "consideration", "touchpoints", "pricing-page", "thoughts"], THOUGHT,
         "Where is the price?", "old.yaml:55:9", "new.yaml:55:9"),
        ("changed", ["stages", "onboarding", "touchpoints", "setup-wizard", "metrics", 0, "current"], 46, 52,
         "old.yaml:123:85", "new.yaml:123:85"),
    ]  # fmt: skip


def test_a_workbook_side_names_the_cell(edited: Path) -> None:
    from jmap.export import export

    export(edited / "new.yaml", edited / "new.xlsx")
    result = CliRunner().invoke(app, ["diff", "old.yaml", "new.xlsx", "--today", TODAY, "-f", "json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["maps"][0]["changes"]
    assert [(c["path"][-1], c["old_at"], c["new_at"]) for c in changes] == [
        ("thoughts", "old.yaml:55:9", "new.xlsx[Touchpoints!H2]"),
        ("current", "old.yaml:123:85", "new.xlsx[Metrics!G5]"),
    ]
