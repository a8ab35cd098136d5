"""The JSON Schema of the YAML format, generated from the model."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://raw.githubusercontent.com/jmap-dev/jmap/main/schemas/journey-map.schema.json"


def journey_map_schema() -> dict[str, Any]:
    from jmap.model import JourneyMap

    body = JourneyMap.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **body,
        "title": "jmap journey map (format version 1)",
        "description": "A customer journey map kept as code. See https://github.com/jmap-dev/jmap.",
    }


def schema_text() -> str:
    return json.dumps(journey_map_schema(), indent=2, ensure_ascii=False) + "\n"
