"""The diff property: a random map and a random change to one of its fields; the diff reports exactly that change.

Shared by the suite (tests/changes/test_property.py, a sample) and benchmarks/diff_property.py (10,000 cases).
A case edits one field of one object anywhere in the map (the map, review, evidence, a stage, a touchpoint, a
handoff, a metric, a pain point, an opportunity): sets it, changes it or removes it, or sets, changes or removes an
``x-`` field (``x-jmap-ignore`` among them). The edit is validated, and kept only when the validated map differs
from the original in that one field. Then the engine must give exactly one change, at that field, with both
values; and ``jmap diff`` as text, Markdown and JSON must show that change and no other.
"""

from __future__ import annotations

import copy
import types
import typing
from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Any

from pydantic import BaseModel, ValidationError

from jmap.changes.compute import MapData, compute_changes, fields_of, has_id, naming_field, plain
from jmap.history.diff import DERIVED, Comparison, compare_maps
from jmap.history.versions import MapVersion
from jmap.model import JourneyMap
from jmap.reporters.history import MarkdownStyle, Style, comparison_dict, diff_markdown, diff_text, phrase
from tests.formats.strategies import TRICKY

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Case:
    old: dict[str, Any]
    new: dict[str, Any]
    where: Path
    """The index path of the edited field."""
    kind: str
    old_value: Any
    new_value: Any


def instances(data: dict[str, Any], cls: type[BaseModel] = JourneyMap, path: Path = ()) -> list[tuple[Path, type]]:
    """(index path, class) of every object in the plain data of a map."""
    out: list[tuple[Path, type]] = [(path, cls)]
    for f in fields_of(cls):
        if f.model is None:
            continue
        value = data.get(f.key)
        if f.many and isinstance(value, list):
            for i, item in enumerate(value):
                out += instances(item, f.model, (*path, f.key, i))
        elif isinstance(value, dict):
            out += instances(value, f.model, (*path, f.key))
    return out


def get(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


ALPHABET = "ab :#-\n'\"\\|é中🙂\u2028\x00"


def random_text(rng: Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(TRICKY)
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))


def random_name(rng: Random) -> str:
    text = random_text(rng)
    return text if text.strip() else "x" + text


def random_id(rng: Random) -> str:
    return rng.choice("abc01") + "".join(rng.choice("abcxyz019-") for _ in range(rng.randint(0, 8)))


def random_nested(rng: Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 2 and roll < 0.15:
        return [random_nested(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 2 and roll < 0.3:
        return {random_text(rng): random_nested(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    return rng.choice([None, True, False, rng.randint(-(10**20), 10**20), rng.uniform(-1e9, 1e9), random_text(rng)])


def random_x(rng: Random) -> tuple[str, Any]:
    if rng.random() < 0.3:
        return "x-jmap-ignore", rng.sample(["JM101", "JM501", "JM006", "JM403"], rng.randint(0, 2))
    return "x-" + rng.choice(["note", "a", "yes", random_text(rng)]), random_nested(rng)


def _core(annotation: Any) -> list[Any]:
    """The types an annotation allows, without None, Annotated and unions."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _core(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _core(arg)]
    if annotation is type(None):
        return []
    return [annotation]


def random_value(rng: Random, cls: type[BaseModel], key: str) -> Any:
    """A value of the type the model gives the field (not always one it accepts: validation decides)."""
    info = next(f for n, f in cls.model_fields.items() if key in (n, f.alias))
    t = rng.choice(_core(info.annotation))
    origin = typing.get_origin(t)
    if origin is typing.Literal:
        return rng.choice(typing.get_args(t))
    if origin is list:
        return [rng.choice([random_name, random_id])(rng) for _ in range(rng.randint(1, 3))]
    if t is bool:
        return rng.random() < 0.5
    if t is int:
        return rng.randint(-2, 2) if key == "emotion" else rng.randint(-999, 999)
    if t is float:
        return round(rng.uniform(-1e6, 1e6), rng.randint(0, 4))
    if t is date:
        return date(rng.randint(1990, 2040), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if key == "id":
        return random_id(rng)
    if key in ("every", "expected_duration"):
        return rng.choice(["2 weeks", "P30D", "quarterly", "6 months"])
    return rng.choice([random_name, random_id])(rng)


def random_object(rng: Random, cls: type[BaseModel], depth: int = 0) -> dict[str, Any]:
    """An object of ``cls`` built from the model's own fields: a field added later is drawn too."""
    out: dict[str, Any] = {}
    for f in fields_of(cls):
        info = next(i for n, i in cls.model_fields.items() if f.key in (n, i.alias))
        if not info.is_required() and rng.random() < 0.5:
            continue
        if f.model is None:
            out[f.key] = random_value(rng, cls, f.key)
        elif f.many:
            out[f.key] = [random_object(rng, f.model, depth + 1) for _ in range(rng.randint(0, 3 if depth < 2 else 2))]
        else:
            out[f.key] = random_object(rng, f.model, depth + 1)
    if rng.random() < 0.2:
        key, value = random_x(rng)
        out[key] = value
    return out


def random_map(rng: Random) -> dict[str, Any] | None:
    """The plain data of a random valid map, or None when the draw did not validate."""
    try:
        return plain(JourneyMap.model_validate(random_object(rng, JourneyMap)))
    except ValidationError:
        return None


def _ids(data: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            out.add(data["id"])
        for v in data.values():
            out |= _ids(v)
    elif isinstance(data, list):
        for v in data:
            out |= _ids(v)
    return out


def random_case(rng: Random) -> Case | None:
    """A random map and one random edit of one field, or None when the edit is not one change of one field."""
    base = random_map(rng)
    if base is None:
        return None
    where, cls = rng.choice(instances(base))
    obj = get(base, where)
    leaf = [f.key for f in fields_of(cls) if f.model is None]
    single = [f.key for f in fields_of(cls) if f.model is not None and not f.many and f.key in obj]
    xs = [k for k in obj if k.startswith("x-")]
    data = copy.deepcopy(base)
    target = get(data, where)
    action = rng.choice(["set", "set", "remove", "x-set", "x-remove"])
    if action == "set":
        key = rng.choice(leaf)
        target[key] = random_value(rng, cls, key)
        if key == "id" and target[key] in _ids(base):
            return None
    elif action == "remove":
        present = sorted({*leaf, *single} & set(obj))
        if not present:
            return None
        key = rng.choice(present)
        del target[key]
    elif action == "x-set":
        key, value = random_x(rng)
        if xs and rng.random() < 0.8:
            key = rng.choice(xs)
        target[key] = value
    else:
        if not xs:
            return None
        key = rng.choice(xs)
        del target[key]
    try:
        new = plain(JourneyMap.model_validate(data))
    except ValidationError:
        return None
    now = get(new, where) if _has(new, where) else None
    if not isinstance(now, dict):
        return None
    expected = copy.deepcopy(base)
    holder = get(expected, where)
    if key in now:
        holder[key] = now[key]
    else:
        holder.pop(key, None)
    if new != expected or new == base:
        return None
    before, after = obj.get(key), now.get(key)
    kind = "added" if key not in obj else "removed" if key not in now else "changed"
    in_list = bool(where) and isinstance(where[-1], int)
    if kind == "changed" and in_list and key in (naming_field(cls), "id" if has_id(cls) else None):
        kind = "renamed"
    return Case(base, new, (*where, key), kind, before, after)


def _has(data: Any, path: Path) -> bool:
    try:
        get(data, path)
    except (KeyError, IndexError, TypeError):
        return False
    return True


def version(data: dict[str, Any], name: str) -> MapVersion:
    return MapVersion(name, name, name, str(data.get("id") or "map"), MapData(data, None, name), ())


def check(case: Case) -> str | None:
    """What is wrong with the diff of the case (None: it reported exactly that change)."""
    found = compute_changes(MapData(case.old), MapData(case.new))
    if len(found) != 1:
        return f"{len(found)} changes for one edit at {case.where}: {found}"
    (c,) = found
    at = c.new_path if c.kind != "removed" else c.old_path
    want: tuple[Any, ...] = (case.kind, case.where, case.old_value, case.new_value)
    if (c.kind, at, c.old, c.new) != want:
        return f"engine: {(c.kind, at, c.old, c.new)} != {want}"
    d = compare_maps(version(case.old, "old.yaml"), version(case.new, "new.yaml"), named=True)
    shown = [e for e in d.changes if e.kind not in DERIVED]
    if not shown or any(e.change != c for e in shown):
        return f"view: {d.changes} for {c}"
    comparison = Comparison("old.yaml", "new.yaml", (d,))
    text, md = diff_text(comparison), diff_markdown(comparison)
    for e in shown:
        if f"    {phrase(e, Style())}\n" not in text:
            return f"text: no line {phrase(e, Style())!r} in {text!r}"
        line = phrase(e, MarkdownStyle())
        for mark, word in (("+ ", "added "), ("- ", "removed "), ("~ ", "")):
            if line.startswith(mark):
                line = word + line[len(mark) :]
                break
        if f"- {line}\n" not in md:
            return f"md: no line {line!r} in {md!r}"
    lines = [x for x in text.splitlines() if x.startswith("    ")]
    if len(lines) != len(d.changes):
        return f"text: {len(lines)} lines for {len(d.changes)} entries: {text!r}"
    doc = comparison_dict(comparison)
    paths = {tuple(e["path"]) for e in doc["maps"][0]["changes"] if e["path"] is not None}
    if paths != {c.path}:
        return f"json: paths {paths} != {{{c.path}}}"
    return None
