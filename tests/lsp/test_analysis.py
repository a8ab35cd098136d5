"""What the server reads from a document's text alone: the completion context, field docs, the owners named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jmap.lsp.analysis import Configs, Context, analyse, context_at, field_doc
from jmap.rules.fixes import text_lines
from tests.conftest import write

TEXT = """\
jmap: 1
title: T
evidence:
  - {id: interviews, type: interview}
stages:
  - id: onboarding
    name: Onboarding
    touchpoints:
      - id: kickoff
        name: Kickoff
        channel: call
        pain_points:
          - text: Slow
            basis: obs
            evidence:
              - inter
          - {text: Lost, opportunity: {fix: F, impact: h
    metrics:
      - name: NPS
        ty
"""
LINES = text_lines(TEXT)
TP = ("stages", 0, "touchpoints", 0)


def _at(line: int, after: str) -> Context | None:
    """The context with the cursor right after ``after`` on ``line`` (from 1)."""
    return context_at(LINES, line, LINES[line - 1].index(after) + len(after) + 1)


@pytest.mark.parametrize(
    ("line", "after", "expected"),
    [
        (11, "channel: ", Context(TP, "channel", "")),
        (14, "basis: obs", Context((*TP, "pain_points", 0), "basis", "obs")),
        (16, "- inter", Context((*TP, "pain_points", 0), "evidence", "inter")),
        (17, "impact: h", Context((*TP, "pain_points", 0, "opportunity"), "impact", "h")),
        (20, "ty", Context(("stages", 0, "metrics", 0), None, "ty")),
        (4, "type: interview", Context(("evidence", 0), "type", "interview")),
        (2, "title: ", Context((), "title", "")),
    ],
)
def test_the_context_comes_from_indentation_and_flow_brackets(line: int, after: str, expected: Context) -> None:
    assert _at(line, after) == expected


def test_field_docs_and_allowed_words_come_from_the_model() -> None:
    assert field_doc((*TP, "pain_points", 0, "opportunity"), "status") == (
        "idea | open | in-progress | shipped | measured | dropped",
        ("idea", "open", "in-progress", "shipped", "measured", "dropped"),
    )
    assert field_doc(("stages", 0, "metrics", 0), "type") is not None
    assert field_doc(("stages", 0, "metrics", 0), "type")[1][:2] == ("nps", "csat")  # type: ignore[index]
    assert field_doc(("evidence", 0), "type")[1][:2] == ("interview", "survey")  # type: ignore[index]
    assert field_doc(TP, "onwer") is None
    assert field_doc(("nowhere",), "owner") is None


def test_an_analysis_is_a_lint_of_the_text_with_the_files_config(tmp_path: Path) -> None:
    write(tmp_path, "jmap.toml", 'ignore = ["JM1", "JM2", "JM3", "JM4", "JM5", "JM6"]\n')
    text = "jmap: 1\ntitle: T\nonwer: X\nstages: []\n"
    path = tmp_path / "m.yaml"
    result = analyse(path, text.encode(), text, Configs(), date(2026, 11, 25))
    assert [(f.code, f.line, f.column) for f in result.findings] == [("JM003", 3, 1)]
    assert result.owners() == []
    other = analyse(tmp_path / "x.yaml", b"a: 1\n", "a: 1\n", Configs(), None)
    assert (other.findings, other.loaded) == ([], None)
