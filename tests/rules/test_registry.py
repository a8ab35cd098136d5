"""The rule registry: unique codes and names, an explanation for every rule, a case folder
for every rule, and the same catalogue as the rule tables of the spec (rules.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jmap.findings import Severity
from jmap.rules import REGISTRY, all_rules, find_rule

CASES = Path(__file__).resolve().parent.parent / "cases"
SPEC_RULES = Path("/work/shared/spec/rules.md")
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ROW = re.compile(r"^\|\s*(JM\d{3})\s*\|\s*([^|]+?)\s*\|\s*(error|warning|info)\s*\|", re.MULTILINE)

RULES = all_rules()


def spec_table() -> dict[str, tuple[str, str]]:
    """code -> (name, severity) from the tables in rules.md; skip when the spec is not at hand."""
    if not SPEC_RULES.is_file():
        pytest.skip(f"{SPEC_RULES} is not available")
    rows = _ROW.findall(SPEC_RULES.read_text(encoding="utf-8"))
    assert rows, "no rule table found in rules.md"
    return {code: (name, severity) for code, name, severity in rows}


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"JM\d{3}", c) for c in codes), codes
    assert all(REGISTRY[r.code] is r for r in RULES)


def test_names_are_unique_and_kebab_case() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert [n for n in names if not KEBAB.match(n)] == []


def test_codes_and_names_find_their_rule() -> None:
    for rule in RULES:
        assert find_rule(rule.code) is rule
        assert find_rule(rule.code.lower()) is rule
        assert find_rule(rule.name) is rule


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_explained(rule: type) -> None:
    summary = getattr(rule, "summary", "")
    assert summary.strip(), "a one-line summary"
    assert "\n" not in summary
    text = rule.explanation()
    assert text.strip(), "a docstring explanation"
    for part in ("Why:", "Fix:", "Configure:"):
        assert part in text, f"the explanation says {part!r}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_golden_cases(rule: type) -> None:
    folder = CASES / rule.code
    assert (folder / "pass.yaml").is_file(), f"{folder}/pass.yaml"
    assert any((folder / f"fail.{ext}").is_file() for ext in ("yaml", "fods")), f"{folder}/fail.yaml (or .fods)"


def test_structure_rules_are_the_ones_that_cannot_be_ignored() -> None:
    structural = {r.code for r in RULES if r.structural}
    assert structural == {"JM001", "JM002", "JM003", "JM004", "JM005", "JM007"}
    assert all(REGISTRY[c].severity is Severity.ERROR for c in structural)


def test_registry_holds_the_spec_tables() -> None:
    """Every rule of the spec exists; rules added since (issue 13) are documented in docs/rules.md."""
    assert set(spec_table()) <= set(REGISTRY)
    docs = Path(__file__).resolve().parents[2].joinpath("docs", "rules.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| \[(JM\d{3})\]", docs, re.MULTILINE)) == set(REGISTRY)


def test_names_and_severities_match_the_spec_tables() -> None:
    table = spec_table()
    got = {r.code: (r.name, r.severity.label) for r in RULES if r.code in table}
    assert got == table
