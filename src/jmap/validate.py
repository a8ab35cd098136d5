"""Turn a reader's plain data into a JourneyMap, reporting every fault, not only the first.

Unknown keys are reported (JM003, with a did-you-mean) and removed before the
model sees the data. Pydantic then reports every remaining fault at once
(JM002). To let the other rules still run, each faulty value is removed (or a
faulty stage/touchpoint replaced by a placeholder marked broken) and the data
validated again; findings about removed values or broken objects are dropped
later, so one fault never produces a cascade of follow-on findings.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from jmap.document import RawDocument, SourceIssue
from jmap.findings import MAX_FINDINGS_PER_RULE, ModelPath, more_message
from jmap.model import (
    Evidence,
    Handoff,
    JourneyMap,
    Metric,
    Opportunity,
    PainPoint,
    Review,
    Stage,
    Touchpoint,
    slugify,
)
from jmap.stored_schema import use_stored_validator
from jmap.util.suggest import closest, suggest

_CHILDREN: dict[type[BaseModel], dict[str, tuple[type[BaseModel], bool]]] = {
    JourneyMap: {"review": (Review, False), "evidence": (Evidence, True), "stages": (Stage, True)},
    Stage: {"handoff": (Handoff, False), "metrics": (Metric, True), "touchpoints": (Touchpoint, True)},
    Touchpoint: {"handoff": (Handoff, False), "metrics": (Metric, True), "pain_points": (PainPoint, True)},
    PainPoint: {"opportunity": (Opportunity, False)},
}
_MODEL_LISTS = {"stages", "touchpoints", "pain_points", "evidence", "metrics"}
MAX_REPAIR_ROUNDS = 4
_LABELS = {"stages": "stage", "touchpoints": "touchpoint", "pain_points": "pain point", "evidence": "evidence"}


@dataclass(slots=True)
class Validated:
    model: JourneyMap | None
    issues: list[SourceIssue] = field(default_factory=list)
    broken: set[ModelPath] = field(default_factory=set)
    repaired: set[ModelPath] = field(default_factory=set)

    @property
    def invalid(self) -> frozenset[ModelPath]:
        """Objects not read as written: placeholders, and stages or touchpoints whose id or name was made up."""
        named = {
            p[:-1]
            for p in self.repaired
            if len(p) >= 3 and p[-1] in ("id", "name") and p[-3] in ("stages", "touchpoints")
        }
        return frozenset(self.broken | named)


def without_invalid(model: JourneyMap, invalid: frozenset[ModelPath]) -> JourneyMap:
    """A copy of ``model`` without the ``invalid`` objects, for views that count and name what is in the file."""
    if not invalid:
        return model

    def keep(path: ModelPath) -> bool:
        return path not in invalid

    stages = []
    for si, stage in enumerate(model.stages):
        if not keep(("stages", si)):
            continue
        touchpoints = []
        for ti, tp in enumerate(stage.touchpoints):
            base = ("stages", si, "touchpoints", ti)
            if not keep(base):
                continue
            pains = [pp for pi, pp in enumerate(tp.pain_points) if keep((*base, "pain_points", pi))]
            touchpoints.append(
                tp.model_copy(update={"pain_points": pains}) if len(pains) != len(tp.pain_points) else tp
            )
        stages.append(stage.model_copy(update={"touchpoints": touchpoints}))
    evidence = [e for i, e in enumerate(model.evidence) if keep(("evidence", i))]
    return model.model_copy(update={"stages": stages, "evidence": evidence})


def describe(path: ModelPath, data: Any) -> str:
    """Name the object at ``path`` the way a person would: "touchpoint 'Kickoff call' in stage 'Onboarding'"."""
    parts: list[str] = []
    node = data
    i = 0
    while i < len(path):
        key = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        if key in ("stages", "touchpoints", "pain_points", "evidence", "metrics") and isinstance(nxt, int):
            items = node.get(key) if isinstance(node, dict) else None
            item = items[nxt] if isinstance(items, list) and nxt < len(items) else None
            label = {
                "stages": "stage",
                "touchpoints": "touchpoint",
                "pain_points": "pain point",
                "evidence": "evidence",
                "metrics": "metric",
            }[key]
            name = None
            if isinstance(item, dict):
                named = key in ("stages", "touchpoints", "metrics")
                name = item.get("name") if named else item.get("text", item.get("source"))
            elif isinstance(item, str):
                name = item
            if isinstance(name, str) and name.strip():
                short = name.strip()
                parts.append(f"{label} {short[:60] + '…' if len(short) > 60 else short!r}")
            else:
                parts.append(f"{label} {nxt + 1}")
            node = item
            i += 2
            continue
        if key in ("review", "opportunity", "handoff") and isinstance(node, dict):
            parts.append(str(key))
        node = node.get(key) if isinstance(node, dict) else None
        i += 1
    return " in ".join(reversed(parts)) if parts else "the map"


def _comma_hint(node: dict[Any, Any], key: Any) -> str:
    """For a key with no value right after a text value: the text was probably cut at a comma in ``{...}``."""
    keys = list(node)
    at = keys.index(key)
    if node[key] is not None or at == 0 or not isinstance(node[keys[at - 1]], str):
        return ""
    before = keys[at - 1]
    return (
        f'; if {key!r} belongs to {before}\'s text, quote it: {before}: "{node[before]}, {key}" '
        "(a comma ends a value inside { })"
    )


def _strip_unknown(
    node: Any,
    model: type[BaseModel],
    path: ModelPath,
    doc: RawDocument,
    issues: list[SourceIssue],
    cache: ModelCache | None = None,
) -> Any:
    """``node`` without its unknown keys (reported), at every depth; a copy where anything goes, else ``node``.
    A touchpoint ``cache`` knows had none (the same mapping validated cleanly) is not looked through again."""
    if not isinstance(node, dict) or (cache is not None and model is Touchpoint and cache.model(node) is not None):
        return node
    out = node
    extra = node.keys() - _allowed_keys(model)
    unknown = [k for k in node if k in extra and not (isinstance(k, str) and k.startswith("x-"))] if extra else []
    if unknown:
        known = field_names(model)
        listed = max(0, MAX_FINDINGS_PER_RULE - len(issues))
        for key in unknown[:listed]:
            kpath = (*path, key)
            meant = closest(str(key), known)
            issues.append(
                SourceIssue(
                    "JM003",
                    f"unknown field {key!r} in {describe(path, doc.data)}{suggest(str(key), known)}; "
                    f"fields of your own must start with 'x-'{_comma_hint(node, key)}",
                    doc.positions.locate(kpath),
                    kpath,
                    hides=((*path, meant),) if meant is not None and meant not in node else (),
                )
            )
        rest = unknown[listed:]
        if rest:
            kpath = (*path, rest[0])
            issues.append(
                SourceIssue(
                    "JM003",
                    more_message("JM003", len(rest)),
                    doc.positions.locate(kpath),
                    kpath,
                    count=len(rest),
                )
            )
        out = {k: v for k, v in node.items() if k in known or (isinstance(k, str) and k.startswith("x-"))}
    for key, (child, is_list) in _CHILDREN.get(model, {}).items():
        value = out.get(key)
        kept: Any = value
        if is_list and isinstance(value, list):
            for i, item in enumerate(value):
                new = _strip_unknown(item, child, (*path, key, i), doc, issues, cache)
                if new is not item:
                    if kept is value:
                        kept = list(value)
                    kept[i] = new
        elif (is_list and isinstance(value, dict)) or not is_list:
            kept = _strip_unknown(value, child, (*path, key), doc, issues, cache)
        if kept is not value:
            if out is node:
                out = dict(node)
            out[key] = kept
    return out


def _own_path(data: Any, loc: tuple[Any, ...], owned: set[int]) -> None:
    """Copy the mappings and lists along ``loc`` that ``data`` still shares with the reader's, so that a repair
    changes only copies (``owned``: the ids of the copies made so far)."""
    node = data
    for step in loc:
        present = (isinstance(node, dict) and isinstance(step, str) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        )
        if not present:
            return
        child = node[step]
        if isinstance(child, (dict, list)) and id(child) not in owned:
            child = dict(child) if isinstance(child, dict) else list(child)
            owned.add(id(child))
            node[step] = child
        node = child


def model_at(path: ModelPath) -> type[BaseModel] | None:
    """The model class of the object at ``path`` (``("stages", 0)`` -> Stage), or None when no object is there."""
    model: type[BaseModel] = JourneyMap
    i = 0
    while i < len(path):
        child = _CHILDREN.get(model, {}).get(str(path[i]))
        if child is None:
            return None
        model, is_list = child
        i += 1
        if is_list:
            if i == len(path) or not isinstance(path[i], int):
                return None
            i += 1
    return model


@functools.cache
def _allowed_keys(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(field_names(model))


def field_names(model: type[BaseModel]) -> list[str]:
    """The keys a mapping of this model may hold, as written in a file (aliases)."""
    return [f.alias or name for name, f in model.__pydantic_fields__.items()]


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value) if isinstance(value, (str, int, float, bool)) else type_name(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _message(err: Any, data: Any) -> str:
    loc: tuple[Any, ...] = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    if loc and isinstance(loc[-1], str):
        name = loc[-1]
        owner = describe(loc[:-1], data)
        subject = f"{name} of {owner}"
    else:
        name = "value"
        owner = subject = describe(loc, data)
        if subject == "the map" and loc:
            subject = f"item {loc[-1] + 1} of {loc[-2]}" if len(loc) > 1 else "the map"
    if kind == "missing" or (value is None and kind in ("string_type", "str_type")):
        return f"{owner} has no {name!r}, which is required"
    if kind == "value_error":
        return f"{subject}: {str(err['msg']).removeprefix('Value error, ')}"
    if kind == "literal_error":
        if loc == ("jmap",):
            return f"jmap: {_short(value)} is not a format version this jmap reads (it reads version 1)"
        expected = err.get("ctx", {}).get("expected", "")
        return f"{subject}: {_short(value)} is not allowed; use {expected}"
    if kind == "string_pattern_mismatch":
        return (
            f"{subject}: {_short(value)} is not a valid id; use lowercase letters, digits and "
            "hyphens, starting with a letter or digit"
        )
    if kind in ("string_type", "str_type"):
        return f"{subject} must be text, not {type_name(value)}"
    if kind == "list_type":
        return f"{subject} must be a list, not {type_name(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{subject} must be a mapping of fields, not {type_name(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{subject} must be true or false, not {_short(value)}"
    if kind.startswith(("int_", "less_than", "greater_than")):
        return f"{subject} must be a whole number in range, not {_short(value)}"
    if kind.startswith("date"):
        return f"{subject}: {_short(value)} is not a date; write it as YYYY-MM-DD"
    return f"{subject}: {err['msg']}"


def _walk(data: Any, loc: tuple[Any, ...]) -> tuple[Any, Any, int]:
    """Follow ``loc`` through raw data: (container, key, depth reached) of the deepest existing step."""
    parent: Any = None
    key: Any = None
    node = data
    depth = 0
    for depth, step in enumerate(loc):
        if (isinstance(node, dict) and isinstance(step, str) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and step < len(node)
        ):
            parent, key, node = node, step, node[step]  # type: ignore[index]
        else:
            return parent, key, depth
    return parent, key, len(loc)


def _repair(data: dict[str, Any], err: Any, broken: set[ModelPath], repaired: set[ModelPath]) -> bool:
    """Change ``data`` so this fault goes away; False when nothing sensible can be done."""
    loc: tuple[Any, ...] = tuple(err["loc"])
    if not loc:
        return False
    if err["type"] == "missing":
        parent_loc, name = loc[:-1], loc[-1]
        container, key, depth = _walk(data, parent_loc)
        target = data if not parent_loc else (container[key] if depth == len(parent_loc) else None)
        if not isinstance(target, dict):
            return False
        if name == "jmap":
            return False
        if name == "id":
            target[name] = f"jmap-invalid-{len(repaired)}"
        elif name == "name":
            ident = target.get("id")
            target[name] = ident if isinstance(ident, str) and ident.strip() else "(no name)"
        elif name == "title":
            target[name] = "(untitled)"
        elif name == "stages":
            target[name] = []
        else:
            return False
        repaired.add(tuple(loc))
        return True
    container, key, depth = _walk(data, loc)
    if container is None:
        return False
    path = tuple(loc[:depth])
    if isinstance(container, dict):
        if path == ("jmap",):
            return False
        if key == "id" and len(path) > 1:
            container[key] = f"jmap-invalid-{len(repaired)}"
        elif key == "name" and len(path) > 1:
            ident = container.get("id")
            container[key] = ident if isinstance(ident, str) and ident.strip() else "(no name)"
        else:
            del container[key]
        repaired.add(path)
        return True
    if isinstance(container, list) and isinstance(key, int):
        list_name = path[-2] if len(path) >= 2 else None
        if list_name in _MODEL_LISTS:
            placeholder: dict[str, Any] = {}
            if list_name in ("stages", "touchpoints"):
                placeholder = {"id": f"jmap-broken-{len(broken)}", "name": "(broken)"}
            elif list_name == "evidence":
                placeholder = {"source": "(unreadable)"}
            elif list_name == "pain_points":
                placeholder = {"text": "(unreadable)"}
            elif list_name == "metrics":
                placeholder = {"name": "(unreadable)"}
            container[key] = placeholder
            broken.add(path)
        else:
            container[key] = None
            repaired.add(path)
        return True
    return False


class ModelCache:
    """The touchpoints of a document's last clean validation, by the very mapping each was read from.

    A reader that splices an edit into its last read (``formats.yaml.incremental``) hands back the same mapping
    objects for the touchpoints the edit did not touch, and never changes them. A touchpoint's model depends on
    its mapping alone, and Pydantic takes a model instance where one is expected as it is; so those touchpoints
    go into validation as their models, and only the changed ones are checked again. Any fault sends the whole
    map through the ordinary validation.
    """

    __slots__ = ("_touchpoints",)

    def __init__(self) -> None:
        self._touchpoints: dict[int, tuple[dict[str, Any], Touchpoint]] = {}

    def model(self, node: Any) -> Touchpoint | None:
        """The model of a touchpoint mapping validated cleanly before (the same object), else None."""
        entry = self._touchpoints.get(id(node))
        return entry[1] if entry is not None and entry[0] is node else None

    def substituted(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """A copy of ``data`` with each known touchpoint mapping replaced by its model; None when none is known."""
        stages = data.get("stages")
        if not self._touchpoints or not isinstance(stages, list):
            return None
        known = 0
        out: list[Any] = []
        for stage in stages:
            touchpoints = stage.get("touchpoints") if isinstance(stage, dict) else None
            if not isinstance(touchpoints, list):
                out.append(stage)
                continue
            models = [self.model(t) or t for t in touchpoints]
            known += sum(1 for m in models if isinstance(m, Touchpoint))
            out.append({**stage, "touchpoints": models})
        return {**data, "stages": out} if known else None

    def remember(self, data: dict[str, Any], model: JourneyMap) -> None:
        """Keep the touchpoints of a clean validation of ``data`` (and only those)."""
        kept: dict[int, tuple[dict[str, Any], Touchpoint]] = {}
        for stage_data, stage in zip(data.get("stages") or [], model.stages, strict=False):
            touchpoints = stage_data.get("touchpoints") if isinstance(stage_data, dict) else None
            for node, touchpoint in zip(touchpoints or [], stage.touchpoints, strict=False):
                if isinstance(node, dict):
                    kept[id(node)] = (node, touchpoint)
        self._touchpoints = kept


def build_model(doc: RawDocument, default_id: str | None = None, cache: ModelCache | None = None) -> Validated:
    """Validate ``doc.data``. What validation removes or repairs (unknown keys, faulty values) goes from a copy:
    ``doc.data`` is set to the data the model was built from, and the data the reader made stays as it was
    (``formats.yaml.incremental`` splices the next edit into it)."""
    data = doc.data
    out = Validated(model=None)
    if data is None:
        return out
    if not isinstance(data, dict):
        out.issues.append(
            SourceIssue(
                "JM002",
                f"the top level must be a mapping of map fields (jmap, title, stages, …), not {type_name(data)}",
                doc.positions.locate(()),
                (),
            )
        )
        return out
    if "jmap" not in data:
        out.issues.append(
            SourceIssue(
                "JM002",
                "not a journey map: the top level has no 'jmap:' key (add 'jmap: 1' to mark the format version)",
                doc.positions.locate(()),
                ("jmap",),
            )
        )
        return out
    data = dict(_strip_unknown(data, JourneyMap, (), doc, out.issues, cache))
    doc.data = data
    owned = {id(data)}
    if data.get("id") is None and default_id:
        data["id"] = slugify(default_id)
    reported: set[tuple[Any, ...]] = set()
    use_stored_validator()
    if cache is not None and not out.issues:
        quick = cache.substituted(data)
        try:
            out.model = JourneyMap.model_validate(quick if quick is not None else data)
        except ValidationError:
            pass
        else:
            cache.remember(data, out.model)
            return out
    for _ in range(MAX_REPAIR_ROUNDS):
        try:
            out.model = JourneyMap.model_validate(data)
            return out
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        progressed = False
        for err in errors:
            loc = tuple(err["loc"])
            if loc not in reported:
                reported.add(loc)
                out.issues.append(SourceIssue("JM002", _message(err, data), doc.positions.locate(loc), loc))
        for err in sorted(errors, key=lambda e: len(e["loc"]), reverse=True):
            _own_path(data, tuple(err["loc"]), owned)
            progressed = _repair(data, err, out.broken, out.repaired) or progressed
        if not progressed:
            break
    return out
