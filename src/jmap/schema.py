"""The JSON Schema of the YAML format, generated from the model."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://raw.githubusercontent.com/jmap-dev/jmap/main/schemas/journey-map.schema.json"


def journey_map_schema() -> dict[str, Any]:
    from jmap.model import JourneyMap

    body = _titled_alternatives(JourneyMap.model_json_schema(mode="validation"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **body,
        "title": "jmap journey map (format version 1)",
        "description": "A customer journey map kept as code. See https://github.com/jmap-dev/jmap.",
    }


_KINDS = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true or false",
          "null": "empty", "array": "list", "object": "mapping"}  # fmt: skip


def _titled_alternatives(node: Any, title: str = "") -> Any:
    """Each branch of an ``anyOf`` titled by what it accepts ("Emotion (whole number)").

    yaml-language-server treats untitled, undescribed branches as alike and then shows every one of
    them on hover ("Emotion || Emotion || Emotion"); titled branches show the field's own title and text.
    """
    if isinstance(node, list):
        return [_titled_alternatives(item, title) for item in node]
    if not isinstance(node, dict):
        return node
    own = node.get("title", title)
    out = {key: _titled_alternatives(value, own) for key, value in node.items()}
    branches = out.get("anyOf")
    if isinstance(branches, list) and len(branches) > 1:
        seen: set[str] = set()
        for branch in branches:
            if "$ref" in branch or "title" in branch:
                continue
            kind = "a listed value" if "enum" in branch else _KINDS.get(str(branch.get("type")), "value")
            name = f"{own} ({kind})" if own else kind
            while name in seen:
                name += "'"
            seen.add(name)
            branch["title"] = name
    return out


def schema_text() -> str:
    return json.dumps(journey_map_schema(), indent=2, ensure_ascii=False) + "\n"
