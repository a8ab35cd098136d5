from __future__ import annotations

import json

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
    assert defs["Touchpoint"]["properties"]["emotion"]["anyOf"][0] == {"type": "integer", "minimum": -2, "maximum": 2}
    assert defs["Opportunity"]["properties"]["status"]["anyOf"][0]["enum"] == [
        "idea", "open", "in-progress", "shipped", "measured", "dropped",
    ]  # fmt: skip
    assert defs["Stage"]["properties"]["id"]["pattern"] == "^[a-z0-9][a-z0-9-]*$"


def test_rules_doc_is_current() -> None:
    from jmap.rules.doc import rules_markdown

    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "regenerate with: jmap rules --format md > docs/rules.md"
