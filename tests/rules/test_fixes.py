"""Every rule's fix, run on the rule's failing cases: the findings it can fix go, nothing else in the file changes."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import build_app
from jmap.rules import all_rules
from tests.conftest import REPO, TODAY

FIXABLE = [r.code for r in all_rules() if r.fix is not None]
runner = CliRunner()


def test_the_fixable_rules_and_their_applicability() -> None:
    assert {r.code: r.fix.applicability.value for r in all_rules() if r.fix is not None} == {
        "JM002": "safe",
        "JM003": "unsafe",
        "JM006": "safe",
        "JM105": "unsafe",
        "JM603": "unsafe",
        "JM604": "unsafe",
    }


def _codes(name: str) -> list[str]:
    done = runner.invoke(build_app(["lint"]), ["lint", "--today", TODAY, name])
    return [line.split(": ")[1].split()[0] for line in done.output.splitlines() if ": JM" in line]


@pytest.mark.parametrize("code", FIXABLE)
def test_the_fix_removes_its_findings_from_the_failing_cases(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / code
    shutil.copytree(REPO / "tests" / "cases" / code, folder)
    monkeypatch.chdir(folder)
    fixed_any = False
    for case in sorted(folder.glob("fail*.yaml")):
        before = case.read_text(encoding="utf-8")
        found = _codes(case.name).count(code)
        args = ["lint", "--today", TODAY, "--fix", "--unsafe-fixes", case.name]
        runner.invoke(build_app(["lint"]), args)
        after = case.read_text(encoding="utf-8")
        left = _codes(case.name).count(code)
        assert left <= found
        if after != before:
            fixed_any = True
            assert left < found
            changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
            assert len(changed) <= 4 * found, "\n".join(changed)
    assert fixed_any
