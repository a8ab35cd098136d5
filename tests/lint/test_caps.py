"""A file with thousands of faults lists the first 100 of each rule and one finding for the rest."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from jmap.errors import SourceError
from jmap.lint.core import LintOptions, lint
from jmap.loader import load_map
from jmap.util.suggest import suggest
from tests.conftest import REPO, TODAY

sys.path.insert(0, str(REPO / "benchmarks"))
from hostile_keys import unknown_keys_map

HEAD_LINES = 7


@pytest.fixture(scope="module")
def many_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "keys.yaml"
    path.write_bytes(unknown_keys_map(100_000))
    return path


def test_100000_unknown_keys_give_100_findings_and_one_for_the_rest(many_keys: Path) -> None:
    result = lint([many_keys], LintOptions(select=("JM0",)))
    found = [(f.code, f.line, f.message) for f in result.findings]
    assert len(found) == 101
    assert found[0] == (
        "JM003",
        HEAD_LINES + 1,
        "unknown field 'k0' in the map; fields of your own must start with 'x-'",
    )
    assert found[99][:2] == ("JM003", HEAD_LINES + 100)
    assert found[100] == (
        "JM003",
        HEAD_LINES + 101,
        "and 99,900 more JM003 findings in this file from here on, not listed "
        "(jmap lists the first 100 of each rule per file)",
    )
    assert result.exit_code == 1


def test_every_command_names_the_true_count(many_keys: Path) -> None:
    with pytest.raises(SourceError) as exc:
        load_map(many_keys, strict=True)
    assert str(exc.value).endswith(f"(and 99,999 more problems; run 'jmap lint {many_keys}')")
    loaded = load_map(many_keys).loaded
    assert loaded.problem_note() == f"{many_keys}: 100,000 problems; run 'jmap lint {many_keys}'"


def test_rule_findings_are_capped_per_rule_in_file_order(tmp_path: Path) -> None:
    touchpoints = "".join(f"      - {{id: t{i}, name: T{i}, channel: call, emotion: 0}}\n" for i in range(150))
    path = tmp_path / "m.yaml"
    path.write_text(
        "jmap: 1\ntitle: T\nowner: O\nstages:\n  - id: s\n    name: S\n    owner: O\n    touchpoints:\n" + touchpoints,
        encoding="utf-8",
    )
    result = lint([path], LintOptions(select=("JM101",), today=date.fromisoformat(TODAY)))
    lines = [f.line for f in result.findings]
    assert lines == [*range(9, 109), 109]
    assert result.findings[-1].message.startswith("and 50 more JM101 findings in this file from here on")
    assert all(f.code == "JM101" for f in result.findings)


def test_did_you_mean_stays_cheap_and_right() -> None:
    assert suggest("onwer", ["owner", "title"]) == " (did you mean 'owner'?)"
    assert suggest("Customer Goal", ["customer_goal"]) == " (did you mean 'customer_goal'?)"
    assert suggest("o" * 10_000, ["owner"]) == ""
