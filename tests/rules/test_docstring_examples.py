"""Every rule's docstring shows a failing map and its fix; both are linted here, so the docs cannot drift."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from jmap.lint.config import Config, parse_config
from jmap.lint.core import LintOptions, lint
from jmap.rules import Rule, all_rules

TODAY = re.compile(r"^# today: (\d{4}-\d{2}-\d{2})$", re.MULTILINE)
CONFIG = re.compile(r"^# jmap\.toml: (.*)$", re.MULTILINE)
CASES = Path(__file__).resolve().parent.parent / "cases"


def lint_example(rule: type[Rule], text: str, folder: Path) -> list[tuple[str, int | None]]:
    """Lint ``text`` with only ``rule`` selected, unless the example's own ``# jmap.toml:`` lines select."""
    path = folder / "map.yaml"
    path.write_text(text, encoding="utf-8")
    settings = "\n".join(CONFIG.findall(text))
    config = parse_config(tomllib.loads(settings), folder / "jmap.toml") if settings else Config(root=folder)
    today = TODAY.search(text)
    options = LintOptions(
        config=config,
        select=None if "select" in settings else (rule.code,),
        today=date.fromisoformat(today[1]) if today else date(2026, 11, 25),
    )
    return [(f.code, f.line) for f in lint([path], options).findings]


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_the_example_fails_with_exactly_its_code_and_the_fix_passes(rule: type[Rule], tmp_path: Path) -> None:
    examples = rule.examples()
    workbook_case = CASES / rule.code / "fail.fods"
    if examples is None and workbook_case.is_file():
        # A rule only a workbook can break (JM007, JM008) has no YAML example; its workbook case stands for it.
        options = LintOptions(select=(rule.code,), today=date(2026, 11, 25))
        assert {f.code for f in lint([workbook_case], options).findings} == {rule.code}
        return
    assert examples is not None, f"{rule.code}: the docstring needs an 'Example:' and a 'Use instead:' YAML block"
    bad, good = examples
    found = lint_example(rule, bad, tmp_path)
    assert found and {code for code, _ in found} == {rule.code}, found
    assert lint_example(rule, good, tmp_path) == []


def test_examples_are_shown_by_jmap_rules_code() -> None:
    from jmap.rules import find_rule
    from jmap.rules.doc import explain

    text = explain("JM101")
    rule = find_rule("JM101")
    assert text is not None and rule is not None
    bad, good = rule.examples() or ("", "")
    assert "Example:\n\n```yaml\n" + bad in text
    assert "Use instead:\n\n```yaml\n" + good in text
