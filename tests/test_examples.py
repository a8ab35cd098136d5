"""The maps in examples/: the clean ones lint clean, the defect one fails exactly as written down."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jmap.formats.yaml.reader import read_yaml
from jmap.lint.config import Config
from jmap.lint.core import LintOptions, lint
from jmap.model import JourneyMap, Metric

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TODAY = date(2026, 11, 25)
SCHEMA_COMMENT = "# yaml-language-server: $schema="

CLEAN = ["enterprise-post-sale.yaml", "smb-self-serve-lifecycle.yaml", "b2b-saas.yaml"]
DEFECTS = "defects/stale-unowned-onboarding.yaml"

# (code, line) of every finding on the defects example at --today 2026-11-25, in report order.
DEFECT_FINDINGS = [
    ("JM601", 13),  # no evidence (map-level: points at the first key)
    ("JM202", 22),  # last reviewed 2025-09-30, every 6 months: 240 days overdue
    ("JM504", 26),  # Onboarding: the map tracks time in stage, this stage has no exit criteria
    ("JM407", 34),  # Days to go-live: a target, no current value
    ("JM205", 35),  # Onboarding NPS measured 2025-09-30, older than the 6-month cadence
    ("JM302", 36),  # Onboarding has 12 touchpoints, Renewal 1
    ("JM501", 43),  # Kickoff call is a moment of truth without a playbook
    ("JM403", 51),  # deal notes pain point: no fix
    ("JM604", 52),  # deal notes pain point: observed, but no evidence cited
    ("JM403", 53),  # implementation lead pain point: no fix
    ("JM101", 59),  # Admin account setup: no owner
    ("JM406", 63),  # Admin account setup: emotion -1, no pain point
    ("JM603", 71),  # SSO pain point cites 'sso-tickets', which the map does not list
    ("JM102", 72),  # SSO guide fix: no owner
    ("JM101", 77),  # Data import: no owner
    ("JM403", 83),  # import errors pain point: no fix
    ("JM405", 89),  # Admin training: no channel
    ("JM006", 99),  # stale '# jmap: ignore[JM405]' on the go-live check
    ("JM605", 106),  # sign-off fix: high impact, open, resting on an assumed pain point
    ("JM404", 107),  # sign-off fix: no target
    ("JM408", 107),  # sign-off fix: high impact, open, no effort estimate
    ("JM101", 112),  # Go-live: no owner
    ("JM104", 123),  # Adoption: no owner
    ("JM502", 123),  # Adoption: no red flags
    ("JM504", 123),  # Adoption: no exit criteria
    ("JM101", 132),  # Feature newsletter: no owner
    ("JM402", 132),  # Feature newsletter: neither thoughts nor emotion
    ("JM106", 149),  # Renewals desk hands over to Customer marketing with no handoff named
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


def test_folder_lint_finds_all_four_examples() -> None:
    result = lint([EXAMPLES], LintOptions(config=Config(), today=TODAY, select=None))
    assert result.files_checked == 4
    assert {Path(f.path).name for f in result.findings} == {Path(DEFECTS).name}


def _model(name: str) -> JourneyMap:
    doc = read_yaml(str(EXAMPLES / name), (EXAMPLES / name).read_bytes())
    return JourneyMap.model_validate(doc.data)


def test_b2b_example_has_numbers_on_every_stage() -> None:
    m = _model("b2b-saas.yaml")
    assert [s.id for s in m.stages] == ["consideration", "onboarding", "retention"]
    for stage in m.stages:
        assert any(x.current is not None and x.target is not None for x in stage.metrics), stage.id
    opportunities = [p.opportunity for *_, t in m.touchpoints() for p in t.pain_points if p.opportunity]
    assert len(opportunities) == 5 and all(o.effort for o in opportunities)
    assert [s.handoff is not None for s in m.stages] == [False, True, True]
    cited = {e for *_, t in m.touchpoints() for p in t.pain_points for e in p.evidence}
    assert cited == {e.id for e in m.evidence}


def test_enterprise_example_shows_every_new_field() -> None:
    m = _model("enterprise-post-sale.yaml")
    stage = m.stages[0]
    assert stage.handoff and stage.handoff.from_ and stage.handoff.to and stage.handoff.what and stage.handoff.owner
    assert stage.expected_duration == "45 days" and stage.exit_criteria
    fields = {k for _, _, _, metric in m.metrics() for k, v in metric.model_dump().items() if v is not None}
    assert fields == set(Metric.model_fields)
    assert any(t.metrics for *_, t in m.touchpoints())
    pains = [p for *_, t in m.touchpoints() for p in t.pain_points]
    assert {p.basis for p in pains} == {"observed", "assumed"} and any(p.evidence for p in pains)
    opps = [p.opportunity for p in pains if p.opportunity]
    assert all(o.effort for o in opps) and any(o.confidence for o in opps) and any(o.value for o in opps)
    assert all(e.id for e in m.evidence)
