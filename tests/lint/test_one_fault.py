"""One fault, one finding: a fault the readers or the schema report is never repeated by a rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jmap.lint.core import LintOptions, lint
from jmap.report import build_portfolio
from tests.conftest import GOOD_MAP, TODAY, write
from tests.formats.xlsx.helpers import TOUCHPOINT_HEADERS, Raw, build_workbook, minimal_sheets

OPTIONS = LintOptions(today=date.fromisoformat(TODAY))


def _found(path: Path) -> list[tuple[str, str]]:
    result = lint([path], OPTIONS)
    report = build_portfolio([path], OPTIONS)
    errors = sum(1 for f in result.findings if f.severity.label == "error")
    assert [m.errors for m in report.maps] == [errors], "report counts what lint finds"
    return [(f.code, f.cell or str(f.line)) for f in result.findings]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("    touchpoints:\n      - id: welcome", "    touchpionts:\n      - id: welcome"), ("JM003", "19")),
        (("        owner: CSM\n        thoughts", "        onwer: CSM\n        thoughts"), ("JM003", "23")),
        (("        thoughts: Nice\n", "        thougths: Nice\n"), ("JM003", "24")),
        (("  every: 6 months", "  every: 6 mnths"), ("JM002", "8")),
        (("  every: 6 months", "  evry: 6 months"), ("JM003", "8")),
    ],
    ids=["touchpionts", "onwer", "thougths", "every-6-mnths", "evry"],
)
def test_a_misspelt_or_faulty_field_gives_only_its_own_finding(
    tmp_path: Path, change: tuple[str, str], expected: tuple[str, str]
) -> None:
    text = GOOD_MAP.replace(*change)
    assert text != GOOD_MAP
    if "every: 6 mnths" in text or "evry" in text:
        text = text.replace("last_reviewed: 2026-10-01", "last_reviewed: 2020-01-01")
    path = write(tmp_path, "m.yaml", text)
    assert _found(path) == [expected]


def test_the_default_cadence_still_applies_when_the_map_gives_none(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", GOOD_MAP.replace("  every: 6 months\n", "").replace("2026-10-01", "2020-01-01"))
    assert [code for code, _ in _found(path)] == ["JM202"]


def test_formula_in_an_owner_cell_is_one_jm002(tmp_path: Path) -> None:
    rows = [TOUCHPOINT_HEADERS, ["onboarding", "t", "T", "call", Raw("<f>A1&amp;B1</f><v>x</v>", ' t="str"')]]
    path = tmp_path / "m.xlsx"
    path.write_bytes(build_workbook(minimal_sheets(Touchpoints=rows)))
    found = lint([path], LintOptions(select=("JM0", "JM1"), today=date.fromisoformat(TODAY))).findings
    assert [(f.code, f.cell) for f in found if f.cell and f.cell.startswith("Touchpoints")] == [
        ("JM002", "Touchpoints!E2")
    ]


def test_header_typo_onwer_is_one_jm003_not_a_jm101_per_row(tmp_path: Path) -> None:
    header = ["Stage ID", "Touchpoint ID", "Name", "Channel", "Onwer"]
    rows = [header] + [["onboarding", f"t{i}", f"T{i}", "call", "CSM"] for i in range(6)]
    path = tmp_path / "m.xlsx"
    path.write_bytes(build_workbook(minimal_sheets(Touchpoints=rows)))
    found = lint([path], LintOptions(select=("JM0", "JM1"), today=date.fromisoformat(TODAY))).findings
    assert [(f.code, f.cell) for f in found if f.cell and f.cell.startswith("Touchpoints")] == [
        ("JM003", "Touchpoints!E1")
    ]
    assert any("(did you mean 'Owner'?)" in f.message for f in found)


def test_a_truly_missing_owner_is_still_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", GOOD_MAP.replace("        owner: CSM\n        thoughts", "        thoughts"))
    assert _found(path) == [("JM101", "20")]
