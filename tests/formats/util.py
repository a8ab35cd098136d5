"""Shared by the writer tests: the small hand-written map and golden-file comparison.

Regenerate the goldens after an intended change with
``JMAP_UPDATE_GOLDEN=1 pytest tests/formats`` and review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

from jmap.formats.yaml.reader import read_yaml
from jmap.loader import load_map
from jmap.model import JourneyMap
from jmap.validate import build_model

GOLDEN = Path(__file__).resolve().parent / "golden"
SMALL = GOLDEN / "small.yaml"
UPDATE = os.environ.get("JMAP_UPDATE_GOLDEN") == "1"


def small_map() -> JourneyMap:
    return load_map(SMALL, strict=True).model


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing; run with JMAP_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_bytes().decode("utf-8")


def read_back(text: str) -> JourneyMap:
    """Read writer output the way jmap reads a YAML file; fail on any reported problem."""
    doc = read_yaml("out.yaml", text.encode("utf-8"))
    assert doc.issues == [], doc.issues
    validated = build_model(doc)
    assert validated.issues == [], validated.issues
    assert validated.model is not None
    return validated.model
