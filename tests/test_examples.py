"""The maps in examples/: the clean ones lint clean, the defect one fails exactly as written down."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jmap.formats.yaml.reader import read_yaml
from jmap.lint.config import Config
from jmap.lint.core import LintOptions, lint

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = date(2026, 11, 25)
SCHEMA_COMMENT = "# yaml-language-server: $schema="

CLEAN = ["enterprise-post-sale.yaml", "smb-self-serve-lifecycle.yaml"]
DEFECTS = "defects/stale-unowned-onboarding.yaml"

# (code, line) of every finding on the defects example at --today 2026-11-25, in report order.
DEFECT_FINDINGS = [
    ("JM601", 8),  # no evidence (map-level: points at the first key)
    ("JM202", 17),  # last reviewed 2025-09-30, every 6 months: 240 days overdue
    ("JM302", 27),  # Onboarding has 12 touchpoints, Adoption 2
    ("JM501", 34),  # Kickoff call is a moment of truth without a playbook
    ("JM403", 42),  # deal notes pain point: no fix
    ("JM403", 43),  # implementation lead pain point: no fix
    ("JM101", 49),  # Admin account setup: no owner
    ("JM102", 61),  # SSO guide fix: no owner
    ("JM101", 66),  # Data import: no owner
    ("JM403", 72),  # import errors pain point: no fix
    ("JM405", 78),  # Admin training: no channel
    ("JM006", 88),  # stale '# jmap: ignore[JM405]' on the go-live check
    ("JM404", 95),  # sign-off fix: no target
    ("JM101", 100),  # Go-live: no owner
    ("JM104", 111),  # Adoption: no owner
    ("JM502", 111),  # Adoption: no red flags
    ("JM101", 120),  # Feature newsletter: no owner
    ("JM402", 120),  # Feature newsletter: neither thoughts nor emotion
]


def lint_example(name: str) -> list[tuple[str, int | None]]:
    result = lint([EXAMPLES / name], LintOptions(config=Config(), today=TODAY, select=None))
    return [(f.code, f.line) for f in result.findings]


@pytest.mark.parametrize("name", CLEAN)
def test_clean_example_has_no_findings(name: str) -> None:
    assert lint_example(name) == []


def test_defects_example_fails_exactly_as_written_down() -> None:
    assert lint_example(DEFECTS) == DEFECT_FINDINGS


def test_defects_example_shows_every_severity() -> None:
    result = lint([EXAMPLES / DEFECTS], LintOptions(config=Config(), today=TODAY, select=None))
    assert all(n > 0 for n in result.counts().values()), result.counts()
    assert result.exit_code == 1


@pytest.mark.parametrize("name", [*CLEAN, DEFECTS])
def test_example_names_its_schema_for_editors(name: str) -> None:
    path = EXAMPLES / name
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_COMMENT)
    schema = (path.parent / first.removeprefix(SCHEMA_COMMENT).strip()).resolve()
    assert schema.is_file(), f"{schema} does not exist"


@pytest.mark.parametrize("name", [*CLEAN, DEFECTS])
def test_example_validates_against_the_json_schema(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    path = EXAMPLES / name
    first = path.read_text(encoding="utf-8").splitlines()[0]
    schema_path = (path.parent / first.removeprefix(SCHEMA_COMMENT).strip()).resolve()
    if not schema_path.is_file():
        pytest.skip(f"{schema_path} is not available")
    doc = read_yaml(str(path), path.read_bytes())
    assert doc.issues == []
    jsonschema.validate(doc.data, json.loads(schema_path.read_text(encoding="utf-8")))


def test_folder_lint_finds_all_three_examples() -> None:
    result = lint([EXAMPLES], LintOptions(config=Config(), today=TODAY, select=None))
    assert result.files_checked == 3
    assert {Path(f.path).name for f in result.findings} == {Path(DEFECTS).name}
