from __future__ import annotations

from pathlib import Path

from jmap.formats.yaml.reader import read_yaml
from jmap.model import JourneyMap, effective_phase
from jmap.validate import build_model


def validate(text: str):  # type: ignore[no-untyped-def]
    doc = read_yaml("m.yaml", text.encode())
    return doc, build_model(doc, default_id="My Map")


def faults(text: str) -> list[tuple[str, int | None, int | None]]:
    doc, v = validate(text)
    return [(i.code, i.location.line, i.location.column) for i in (*doc.issues, *v.issues)]


def test_shorthands_defaults_and_x_fields() -> None:
    _, v = validate(
        "jmap: 1\ntitle: '  Spaced  '\nx-team: {slack: '#cs'}\nstages:\n"
        "  - id: onboarding\n    name: Onboarding\n    red_flags: One flag\n    touchpoints:\n"
        "      - id: t\n        name: T\n        owner: ''\n        pain_points: Just a string\n"
    )
    m = v.model
    assert isinstance(m, JourneyMap)
    assert m.id == "my-map"
    assert m.title == "Spaced"
    assert m.extras == {"x-team": {"slack": "#cs"}}
    assert m.stages[0].red_flags == ["One flag"]
    tp = m.stages[0].touchpoints[0]
    assert tp.owner is None
    assert [p.text for p in tp.pain_points] == ["Just a string"]


def test_every_schema_fault_is_reported_with_its_position() -> None:
    text = (
        "jmap: 1\n"
        "title: T\n"
        "onwer: x\n"
        "stages:\n"
        "  - id: Bad Id\n"
        "    name: On\n"
        "    touchpoints:\n"
        "      - id: a\n"
        "        name: A\n"
        "        emotion: 5\n"
        "        moment_of_truth: maybe\n"
        "        pain_points:\n"
        "          - text: p\n"
        "            opportunity: {impact: huge}\n"
        "      - id: b\n"
        "      - 7\n"
    )
    assert faults(text) == [
        ("JM003", 3, 1),
        ("JM002", 5, 5),
        ("JM002", 10, 9),
        ("JM002", 11, 9),
        ("JM002", 14, 27),
        ("JM002", 15, 9),
        ("JM002", 16, 9),
    ]
    _, v = validate(text)
    messages = [i.message for i in v.issues]
    assert "did you mean 'owner'?" in messages[0]
    assert "'Bad Id' is not a valid id" in messages[1]
    assert "5 is out of range" in messages[2]
    assert "'maybe' is not true or false" in messages[3]
    assert "'huge' is not allowed; use 'high', 'medium' or 'low'" in messages[4]
    assert messages[5] == "touchpoint 2 in stage 'On' has no 'name', which is required"
    assert messages[6] == "touchpoint 3 in stage 'On' must be a mapping of fields, not a number"
    assert v.model is not None, "rules still run on what could be read"
    assert ("stages", 0, "touchpoints", 2) in v.broken


def test_missing_marker_and_wrong_top_level() -> None:
    assert faults("title: T\nstages: []\n") == [("JM002", 1, 1)]
    assert faults("- a\n- b\n") == [("JM002", 1, 1)]
    _, v = validate("jmap: 2\ntitle: T\nstages: []\n")
    assert v.model is None
    assert "not a format version this jmap reads" in v.issues[0].message


def test_phase_inference() -> None:
    _, v = validate(
        "jmap: 1\ntitle: T\nstages:\n  - {id: awareness, name: Awareness}\n  - {id: s2, name: Purchase}\n"
        "  - {id: s3, name: Onboarding}\n  - {id: s4, name: Awareness, phase: post-sale}\n"
    )
    m = v.model
    assert m is not None
    names = ("awareness", "purchase")
    assert [effective_phase(s, names) for s in m.stages] == ["pre-sale", "pre-sale", "post-sale", "post-sale"]


def test_model_dump_round_trip_keeps_x_fields(tmp_path: Path) -> None:
    _, v = validate("jmap: 1\ntitle: T\nstages:\n  - id: s\n    name: S\n    x-color: red\n")
    assert v.model is not None
    again = JourneyMap.model_validate(v.model.model_dump(mode="json", exclude_none=True))
    assert again == v.model
    assert again.stages[0].extras == {"x-color": "red"}


METHOD_FIELDS = """\
jmap: 1
title: T
evidence:
  - {id: interviews, type: interview}
stages:
  - id: a
    name: A
    expected_duration: 2 weeks
    handoff: {form: Sales, to: CSM}
    metrics:
      - {name: NPS, current: 62%, direction: sideways}
      - {current: 3}
    touchpoints:
      - id: t
        name: T
        pain_points:
          - {text: x, basis: seen, evidence: [ok], opportunity: {effort: huge}}
"""


def test_new_fields_are_named_in_their_messages() -> None:
    text = METHOD_FIELDS
    doc = read_yaml("m.yaml", text.encode("utf-8"))
    issues = [(i.code, i.location.line, i.message) for i in build_model(doc).issues]
    assert issues == [
        ("JM003", 9, "unknown field 'form' in handoff in stage 'A' (did you mean 'from'?); "
         "fields of your own must start with 'x-'"),
        ("JM002", 11, "current of metric 'NPS' in stage 'A': use a number, not '62%' (put the unit in 'unit')"),
        ("JM002", 11, "direction of metric 'NPS' in stage 'A': 'sideways' is not allowed; use 'up' or 'down'"),
        ("JM002", 12, "metric 2 in stage 'A' has no 'name', which is required"),
        ("JM002", 17, "basis of pain point 'x' in touchpoint 'T' in stage 'A': 'seen' is not allowed; "
         "use 'observed' or 'assumed'"),
        ("JM002", 17, "effort of opportunity in pain point 'x' in touchpoint 'T' in stage 'A': 'huge' is not "
         "allowed; use 'high', 'medium' or 'low'"),
    ]  # fmt: skip


def test_a_value_cut_at_a_comma_in_a_flow_mapping_hints_to_quote_it() -> None:
    doc, v = validate(
        "jmap: 1\ntitle: T\nevidence:\n"
        "  - {id: interviews, type: interview, source: Eight customer interviews, July 2026, date: 2026-07-30}\n"
        "stages: []\n"
    )
    assert [(i.code, i.location.line, i.location.column, i.message) for i in (*doc.issues, *v.issues)] == [
        (
            "JM003",
            4,
            74,
            "unknown field 'July 2026' in evidence 'Eight customer interviews'; fields of your own must start with "
            "'x-'; if 'July 2026' belongs to source's text, quote it: source: \"Eight customer interviews, July 2026\" "
            "(a comma ends a value inside { })",
        )
    ]
    _, plain = validate("jmap: 1\ntitle: T\nonwer: CS Ops\nstages: []\n")
    assert [i.message for i in plain.issues] == [
        "unknown field 'onwer' in the map (did you mean 'owner'?); fields of your own must start with 'x-'"
    ]
