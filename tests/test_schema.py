from __future__ import annotations

import json
from typing import Any

import pytest

from jmap.schema import schema_text
from tests.conftest import REPO


def test_committed_schema_is_current() -> None:
    committed = (REPO / "schemas" / "journey-map.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate with: jmap schema > schemas/journey-map.schema.json"


def test_schema_describes_the_format() -> None:
    schema = json.loads(schema_text())
    defs = schema["$defs"]
    assert schema["required"] == ["jmap", "title", "stages"]
    assert schema["additionalProperties"] is False
    assert "^x-" in schema["patternProperties"]
    assert defs["Touchpoint"]["required"] == ["id", "name"]
    assert defs["Touchpoint"]["properties"]["emotion"]["anyOf"][0] == {
        "type": "integer",
        "minimum": -2,
        "maximum": 2,
        "title": "Emotion (whole number)",
    }
    assert defs["Opportunity"]["properties"]["status"]["anyOf"][0]["enum"] == [
        "idea", "open", "in-progress", "shipped", "measured", "dropped",
    ]  # fmt: skip
    assert defs["Stage"]["properties"]["id"]["pattern"] == "^[a-z0-9][a-z0-9-]*$"


def test_rules_doc_is_current() -> None:
    from jmap.rules.doc import rules_markdown

    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "regenerate with: jmap rules --format md > docs/rules.md"


def _properties(node: object, where: str = "") -> list[tuple[str, dict[str, object]]]:
    """Every property schema in the document, by dotted name."""
    out: list[tuple[str, dict[str, object]]] = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            out.append((f"{where}{name}", prop))
        for key, value in node.items():
            if key != "properties":
                out.extend(_properties(value, f"{key}." if key not in ("$defs",) else ""))
    elif isinstance(node, list):
        for item in node:
            out.extend(_properties(item, where))
    return out


def test_every_property_has_a_description() -> None:
    props = _properties(json.loads(schema_text()))
    assert len(props) >= 44
    assert [name for name, prop in props if not prop.get("description")] == []


_MINIMAL: dict[str, object] = {
    "jmap": 1,
    "title": "T",
    "stages": [{"id": "s", "name": "S", "touchpoints": [{"id": "t", "name": "T", "pain_points": [{"text": "p"}]}]}],
}
_PLACES = {
    "emotion": ("stages", 0, "touchpoints", 0),
    "moment_of_truth": ("stages", 0, "touchpoints", 0),
    "impact": ("stages", 0, "touchpoints", 0, "pain_points", 0, "opportunity"),
    "status": ("stages", 0, "touchpoints", 0, "pain_points", 0, "opportunity"),
    "phase": ("stages", 0),
    "kind": (),
}
_SAMPLES = {
    "emotion": [
        2,
        -2,
        0,
        2.0,
        "2",
        "+1",
        "-1",
        "\u22121",
        " -2 ",
        "",
        "02",
        None,
        3,
        -3,
        1.5,
        True,
        "two",
        "2.0",
        "+-1",
    ],
    "moment_of_truth": [True, False, "yes", "No", " x ", "on", "OFF", "1", "0", 1, 0, "", None, 2, "maybe", 0.5],
    "impact": ["high", "High", " LOW ", "Medium", "", None, "huge", "hi", 1],
    "status": ["in-progress", "In-Progress", "SHIPPED", "done", "in progress"],
    "phase": ["pre-sale", "Post-Sale", "presale"],
    "kind": ["current-state", "Future-State", "current"],
}


def _with(field: str, value: object) -> dict[str, object]:
    import copy

    data = copy.deepcopy(_MINIMAL)
    node: Any = data
    for step in _PLACES[field]:
        if step == "opportunity":
            node["opportunity"] = {"fix": "f"}
        node = node[step]
    node[field] = value
    return data


@pytest.mark.parametrize(
    ("field", "value"), [(f, v) for f, values in _SAMPLES.items() for v in values], ids=lambda x: repr(x)
)
def test_schema_and_lint_accept_the_same_values(field: str, value: object) -> None:
    import jsonschema
    from pydantic import ValidationError

    from jmap.model import JourneyMap

    data = _with(field, value)
    try:
        JourneyMap.model_validate(data)
        lint_ok = True
    except ValidationError:
        lint_ok = False
    schema_ok = jsonschema.Draft202012Validator(json.loads(schema_text())).is_valid(data)
    assert schema_ok == lint_ok, f"{field}: {value!r}: schema {'accepts' if schema_ok else 'rejects'}, lint does not"


def test_the_three_spreadsheet_spellings_pass_both() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    for field, value in (("emotion", "2"), ("impact", "High"), ("moment_of_truth", "yes")):
        assert validator.is_valid(_with(field, value)), field


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        found += list(node.get("patternProperties", {}))
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


def test_every_pattern_is_an_ecma_unicode_regex() -> None:
    """Editors and check-jsonschema compile patterns as ECMA-262 with the ``u`` flag, stricter than ``re``."""
    import regress

    patterns = _patterns(json.loads(schema_text()))
    assert len(patterns) >= 10
    for pattern in patterns:
        regress.Regex(pattern, flags="u")
    status = next(p for p in patterns if "[iI][nN]-[pP]" in p)
    assert regress.Regex(status, flags="u").find(" In-Progress ") is not None
    assert regress.Regex(status, flags="u").find("in progress") is None


def _alternatives(node: object) -> list[list[dict[str, object]]]:
    if isinstance(node, list):
        return [a for item in node for a in _alternatives(item)]
    if not isinstance(node, dict):
        return []
    found = [node["anyOf"]] if isinstance(node.get("anyOf"), list) else []
    return found + [a for value in node.values() for a in _alternatives(value)]


def test_no_two_branches_of_an_any_of_look_alike_to_an_editor() -> None:
    """yaml-language-server compares branches by title, description and properties; alike ones all show on hover."""
    schema = json.loads(schema_text())
    groups = _alternatives(schema)
    assert len(groups) > 40
    for branches in groups:
        keys = [(b.get("title"), b.get("description"), json.dumps(b.get("properties"))) for b in branches]
        refs = [b for b in branches if "$ref" in b]
        assert len(set(keys)) == len(keys) or refs, branches
    emotion = schema["$defs"]["Touchpoint"]["properties"]["emotion"]
    assert (emotion["title"], [b["title"] for b in emotion["anyOf"]]) == (
        "Emotion",
        ["Emotion (whole number)", "Emotion (text)", "Emotion (empty)"],
    )
