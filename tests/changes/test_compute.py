"""The change engine on real maps: every kind of change, by id, with both sides' places; every model field seen."""

from __future__ import annotations

import copy
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from jmap.changes.compute import Change, MapData, compute_changes, fields_of, naming_field
from jmap.formats import parse
from jmap.model import JourneyMap
from tests.changes.property import get, instances
from tests.history.gitrepo import ONBOARDING

REPO = Path(__file__).resolve().parents[2]


def side(text: str, name: str = "map.yaml") -> MapData:
    doc = parse(Path(name), text.encode())
    return MapData.of(JourneyMap.model_validate(doc.data), doc.positions, name)


def changes(old: str, new: str) -> list[tuple[str, tuple[str | int, ...], Any, Any]]:
    return [(c.kind, c.path, c.old, c.new) for c in compute_changes(side(old, "old.yaml"), side(new, "new.yaml"))]


def test_no_change_is_no_change() -> None:
    assert compute_changes(side(ONBOARDING), side(ONBOARDING)) == []


def test_a_changed_thought_is_reported_with_both_places() -> None:
    text = (REPO / "examples" / "b2b-saas.yaml").read_text(encoding="utf-8")
    edited = text.replace("Why do I have to book a call to see a number?", "Where is the price?")
    (c,) = compute_changes(side(text), side(edited))
    assert c == Change(
        ("stages", "consideration", "touchpoints", "pricing-page", "thoughts"),
        "touchpoint 'Pricing page' thoughts",
        "changed",
        "Why do I have to book a call to see a number?",
        "Where is the price?",
        ("stages", 0, "touchpoints", 0, "thoughts"),
        ("stages", 0, "touchpoints", 0, "thoughts"),
        c.old_at,
        c.new_at,
    )
    assert c.old_at is not None and c.new_at is not None
    assert (c.old_at.line, c.new_at.line) == (55, 55)


def test_fields_added_removed_and_x_fields() -> None:
    new = ONBOARDING.replace("        thoughts: Nice\n", "        x-csat: 4\n")
    new = new.replace("segment: SMB\n", "segment: SMB\npersona: Ops lead\n")
    assert changes(ONBOARDING, new) == [
        ("added", ("persona",), None, "Ops lead"),
        ("removed", ("stages", "onboarding", "touchpoints", "welcome", "thoughts"), "Nice", None),
        ("added", ("stages", "onboarding", "touchpoints", "welcome", "x-csat"), None, 4),
    ]


def test_a_touchpoint_moved_to_another_stage_and_a_reorder() -> None:
    welcome = ONBOARDING[ONBOARDING.index("      - id: welcome") : ONBOARDING.index("      - id: kickoff")]
    new = ONBOARDING.replace(welcome, "")
    new = new.replace("      - id: review-call\n", welcome + "      - id: review-call\n")
    new = new.replace("        name: Welcome email\n", "        name: Welcome mail\n")
    got = compute_changes(side(ONBOARDING, "old.yaml"), side(new, "new.yaml"))
    assert [(c.kind, c.path, c.label, c.old, c.new) for c in got] == [
        ("moved", ("stages", "adoption", "touchpoints", "welcome"), "touchpoint 'Welcome mail' moved",
         "onboarding", "adoption"),
        ("renamed", ("stages", "adoption", "touchpoints", "welcome", "name"), "touchpoint 'Welcome email' name",
         "Welcome email", "Welcome mail"),
    ]  # fmt: skip
    assert (got[0].old_path, got[0].new_path) == (("stages", 0, "touchpoints", 0), ("stages", 1, "touchpoints", 0))
    stages = ONBOARDING.index("  - id: onboarding")
    adoption = ONBOARDING.index("  - id: adoption")
    swapped = ONBOARDING[:stages] + ONBOARDING[adoption:] + ONBOARDING[stages:adoption]
    assert changes(ONBOARDING, swapped) == [
        ("moved", ("stages",), ["onboarding", "adoption"], ["adoption", "onboarding"])
    ]


def test_pain_points_by_content_by_text_and_by_place() -> None:
    pains = "        pain_points:\n          - Too long\n          - No agenda\n"
    old = ONBOARDING.replace("        thoughts: Nice\n", "        thoughts: Nice\n" + pains)
    dropped = old.replace("          - Too long\n", "")
    assert changes(old, dropped) == [
        ("removed", ("stages", "onboarding", "touchpoints", "welcome", "pain_points", 0), {"text": "Too long"}, None)
    ]
    renamed = old.replace("- No agenda", "- No agenda sent")
    assert changes(old, renamed) == [
        ("renamed", ("stages", "onboarding", "touchpoints", "welcome", "pain_points", 1, "text"), "No agenda",
         "No agenda sent")
    ]  # fmt: skip
    swapped = old.replace(
        "          - Too long\n          - No agenda\n", "          - No agenda\n          - Too long\n"
    )
    assert changes(old, swapped) == [
        ("moved", ("stages", "onboarding", "touchpoints", "welcome", "pain_points"), ["Too long", "No agenda"],
         ["No agenda", "Too long"])
    ]  # fmt: skip


def test_a_changed_id_is_a_rename_and_a_new_item_an_addition() -> None:
    new = ONBOARDING.replace("id: review-call", "id: review-meeting")
    assert changes(ONBOARDING, new) == [
        ("renamed", ("stages", "adoption", "touchpoints", "review-meeting", "id"), "review-call", "review-meeting")
    ]
    extra = ONBOARDING + "  - id: renewal\n    name: Renewal\n"
    assert changes(ONBOARDING, extra) == [("added", ("stages", "renewal"), None, {"id": "renewal", "name": "Renewal"})]
    assert changes(extra, ONBOARDING) == [
        ("removed", ("stages", "renewal"), {"id": "renewal", "name": "Renewal"}, None)
    ]


# ---- every field of the model, found by walking the model itself --------------------------------------------


def model_fields(cls: type[BaseModel], path: tuple[str, ...] = ()) -> Iterator[tuple[type[BaseModel], str]]:
    """(class, field key) for every field of every class reachable from ``cls``."""
    for f in fields_of(cls):
        yield cls, f.key
        if f.model is not None:
            yield from model_fields(f.model, (*path, f.key))


FULL = """\
jmap: 1
id: full
title: Full
review: {last_reviewed: 2026-01-01}
evidence:
  - {id: ev, type: survey}
stages:
  - id: s
    name: S
    handoff: {to: CS}
    metrics: [{name: M}]
    touchpoints:
      - id: t
        name: T
        handoff: {to: CS}
        metrics: [{name: M}]
        pain_points:
          - text: P
            opportunity: {fix: F}
"""

CANDIDATES: list[Any] = [
    "changed", "2027-03-04", 1, -1, 2.5, True, False, ["a", "b"], "ev", "P7D", {"to": "X"}, {"fix": "G"},
    {"every": "weekly"}, [{"name": "N"}],
    [{"id": "u", "name": "U"}], [{"text": "Q"}], [{"type": "nps"}],
]  # fmt: skip


def enum_values() -> list[Any]:
    out: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            out.extend(node.get("enum", []))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(JourneyMap.model_json_schema())
    return out


@pytest.mark.parametrize(("cls", "key"), list(model_fields(JourneyMap)), ids=lambda x: getattr(x, "__name__", x))
def test_a_change_to_any_field_of_the_model_is_reported(cls: type[BaseModel], key: str) -> None:
    """The fields come from the model: a field added to it later is tested here (and compared) unlisted."""
    base = side(FULL).data
    where = next(p for p, c in instances(base) if c is cls)
    tried = 0
    for value in [*CANDIDATES, *enum_values()]:
        data = copy.deepcopy(base)
        get(data, where)[key] = value
        try:
            new = MapData.of(JourneyMap.model_validate(data))
        except ValidationError:
            continue
        if new.data == base:
            continue
        tried += 1
        found = compute_changes(MapData(base), new)
        assert len(found) >= 1
        assert all((c.new_path or c.old_path or ())[: len(where) + 1] == (*where, key) for c in found), found
        leaf = next(f for f in fields_of(cls) if f.key == key).model is None
        if leaf and key != "id":
            before = "added" if key not in get(base, where) else "changed"
            if key == naming_field(cls) and isinstance(where[-1], int) and before == "changed":
                before = "renamed"
            assert [(c.kind, c.new_path) for c in found] == [(before, (*where, key))]
            assert found[0].new == get(new.data, (*where, key))
    info = next(f for name, f in cls.model_fields.items() if key in (name, f.alias))
    one_value = typing.get_origin(info.annotation) is typing.Literal
    assert tried or one_value, f"no value changes {cls.__name__}.{key}"
