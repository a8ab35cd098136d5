"""Suppressions travel through the workbook with their scope: lint of a map and of its exports give the same codes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jmap.errors import SourceError
from jmap.export import export
from jmap.findings import Finding
from jmap.formats import read_source
from jmap.formats.suppressions import comment_targets, fold_ignore_comments
from jmap.lint.core import LintOptions, lint
from jmap.loader import load_map
from tests.rules.test_cases import STRUCTURE, TODAY, case_files, config_for

REPO = Path(__file__).resolve().parents[2]
MAPS = [*sorted((REPO / "examples").rglob("*.yaml")), *(p for p in case_files() if p.suffix == ".yaml")]
"""Workbook cases (.fods) are left out: their findings are about the Map sheet as edited, which export writes anew."""


def _lint(path: Path, config_from: Path) -> list[Finding]:
    return lint([path], LintOptions(config=config_for(config_from), today=TODAY)).findings


def _codes(findings: list[Finding]) -> Counter[str]:
    return Counter(f.code for f in findings)


@pytest.mark.parametrize("path", MAPS, ids=[str(p.relative_to(REPO)) for p in MAPS])
def test_lint_of_map_and_of_its_export_agree(tmp_path: Path, path: Path) -> None:
    before = _lint(path, path)
    out = tmp_path / "map.xlsx"
    try:
        export(path, out)
    except SourceError:
        assert any(f.code in STRUCTURE for f in before), "export refuses only a map with a structure finding"
        assert not out.exists()
        return
    assert _codes(_lint(out, path)) == _codes(before)


def test_the_comparison_covers_comments_and_fields() -> None:
    """The parametrised test above sees every kind of suppression: comments, and x-jmap-ignore fields."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in MAPS]
    assert sum("# jmap: ignore[" in t for t in texts) >= 5
    assert sum("x-jmap-ignore" in t for t in texts) >= 3


def test_comments_land_on_the_object_their_line_belongs_to(tmp_path: Path) -> None:
    src = tmp_path / "map.yaml"
    src.write_text(
        "jmap: 1  # jmap: ignore[JM601]\n"
        "title: T\n"
        "stages:\n"
        "  - id: onboarding  # jmap: ignore[JM104]\n"
        "    name: Onboarding\n"
        "    touchpoints:\n"
        "      # jmap: ignore[JM101, JM405]\n"
        "      - id: kickoff\n"
        "        name: Kickoff\n"
        "        pain_points:\n"
        "          - Notes go missing  # jmap: ignore[JM401]\n"
        "          - text: Nobody calls\n"
        "            opportunity:  # jmap: ignore[]\n"
        "              fix: Call\n",
        encoding="utf-8",
    )
    doc = read_source(src)
    tp = ("stages", 0, "touchpoints", 0)
    assert comment_targets(doc) == [
        ((), (), ("JM601",)),
        (("stages", 0), (), ("JM104",)),
        (tp, (), ("JM101", "JM405")),
        ((*tp, "pain_points", 0), (), ("JM401",)),
        ((*tp, "pain_points", 1), ("opportunity",), ()),
    ]
    m = fold_ignore_comments(load_map(src).model, doc)
    assert m.extras == {"x-jmap-ignore": ["JM601"]}
    assert m.stages[0].extras == {"x-jmap-ignore": ["JM104"]}
    t = m.stages[0].touchpoints[0]
    assert t.extras == {"x-jmap-ignore": ["JM101", "JM405"]}
    assert [p.extras for p in t.pain_points] == [{"x-jmap-ignore": ["JM401"]}, {"x-jmap-ignore": [""]}]


def test_a_comment_adds_to_an_existing_field(tmp_path: Path) -> None:
    src = tmp_path / "map.yaml"
    src.write_text(
        "jmap: 1\ntitle: T\nx-jmap-ignore: JM602\nstages:\n  - id: a  # jmap: ignore[JM104]\n"
        "    name: A\n    x-jmap-ignore: [JM101]\n",
        encoding="utf-8",
    )
    m = fold_ignore_comments(load_map(src).model, read_source(src))
    assert m.extras == {"x-jmap-ignore": "JM602"}
    assert m.stages[0].extras == {"x-jmap-ignore": ["JM101", "JM104"]}


def test_a_pain_point_suppression_silences_only_that_pain_point(tmp_path: Path) -> None:
    src = tmp_path / "map.yaml"
    src.write_text(
        "jmap: 1\ntitle: T\nowner: CS\nstages:\n  - id: a\n    name: A\n    owner: CSM\n    touchpoints:\n"
        "      - id: k\n        name: K\n        owner: CSM\n        emotion: -1\n        pain_points:\n"
        "          - text: One\n            x-jmap-ignore: [JM403]\n          - Two\n",
        encoding="utf-8",
    )
    found = [(f.code, f.model_path) for f in _lint(src, src) if f.code == "JM403"]
    assert found == [("JM403", "stages[0].touchpoints[0].pain_points[1].opportunity")]


def test_an_empty_field_entry_is_reported_like_an_empty_comment(tmp_path: Path) -> None:
    src = tmp_path / "map.yaml"
    src.write_text("jmap: 1\ntitle: T\nx-jmap-ignore: ['']\nstages: []\n", encoding="utf-8")
    messages = [f.message for f in _lint(src, src) if f.code == "JM006"]
    assert messages == ["suppression names no code; write the codes, e.g. # jmap: ignore[JM101]"]


SCOPED = """\
jmap: 1
id: sup
title: Suppressions
owner: CS Ops
segment: SMB
evidence:
  - {type: interview, source: Five interviews}
review:
  last_reviewed: 2026-01-01  # jmap: ignore[JM202]
  every: quarterly
stages:
  - id: onboarding
    name: Onboarding
    owner: CS
    customer_goal: Live
    red_flags: [Silence]
    touchpoints:
      - id: kickoff
        name: Kickoff call
        channel: call
        owner: CSM
        emotion: 1
        moment_of_truth: true  # jmap: ignore[JM501]
      - id: setup  # jmap: ignore[JM501]
        name: Setup
        channel: in-app
        owner: CSM
        emotion: 1
        moment_of_truth: true
"""


def _found(path: Path) -> list[tuple[str, str]]:
    return sorted((f.code, f.id_path) for f in _lint(path, path))


def test_a_comment_on_a_field_line_keeps_its_scope_through_the_workbook_and_back(tmp_path: Path) -> None:
    """``# jmap: ignore[JM501]`` on ``moment_of_truth:`` silences nothing in YAML: nor in the workbook, nor back."""
    src = tmp_path / "map.yaml"
    src.write_text(SCOPED, encoding="utf-8")
    expected = [
        ("JM006", ""),
        ("JM501", "stages[onboarding].touchpoints[kickoff].playbook"),
    ]
    assert _found(src) == expected
    book, back, js = tmp_path / "map.xlsx", tmp_path / "back.yaml", tmp_path / "map.json"
    export(src, book)
    export(src, js)
    export(book, back)
    assert _found(book) == _found(js) == _found(back) == expected
    text = back.read_text(encoding="utf-8")
    assert text.endswith("x-jmap-ignore:\n  - JM202@review.last_reviewed\n")
    assert "x-jmap-ignore:\n          - JM501@moment_of_truth\n" in text
    assert "x-jmap-ignore:\n          - JM501\n" in text


def test_a_field_entry_silences_only_findings_at_that_field(tmp_path: Path) -> None:
    src = tmp_path / "map.yaml"
    src.write_text(
        SCOPED.replace("  # jmap: ignore[JM501]\n", "\n").replace(
            "        moment_of_truth: true\n      - id: setup",
            "        moment_of_truth: true\n        x-jmap-ignore: [JM501@moment_of_truth, JM501@playbook]\n"
            "      - id: setup",
        ),
        encoding="utf-8",
    )
    assert _found(src) == [
        ("JM006", ""),
        ("JM006", ""),
        ("JM501", "stages[onboarding].touchpoints[kickoff].playbook"),
        ("JM501", "stages[onboarding].touchpoints[setup].playbook"),
    ]
    whole = src.read_text(encoding="utf-8").replace("[JM501@moment_of_truth, JM501@playbook]", "[JM501]")
    src.write_text(whole, encoding="utf-8")
    assert _found(src) == [("JM501", "stages[onboarding].touchpoints[setup].playbook")]
