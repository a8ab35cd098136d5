"""Suppression comments as fields, so they survive a format that has no comments (XLSX, JSON).

A ``# jmap: ignore[...]`` comment silences findings on the line it points at. Export
turns each comment into an ``x-jmap-ignore`` entry on the innermost object that line
belongs to (the map, a stage, a touchpoint or a pain point), with exactly the comment's
scope: a comment on the object's own line (``- id: kickoff``) covers the object; one on
a field's line (``moment_of_truth: true``) covers only the findings at that field, and
is written ``CODE@field`` (``JM501@moment_of_truth``; a nested field or list item is
dotted: ``JM202@review.last_reviewed``, ``JM502@red_flags.0``). Lint reads both forms
in every format, so lint of the export gives the codes lint of the YAML gave.

Lives below lint: export reads it, and lint (which applies the entries) imports it.
"""

from __future__ import annotations

from typing import Any

from jmap.document import RawDocument
from jmap.findings import ModelPath, PathPart
from jmap.formats.xlsx.layout import IGNORE_KEY
from jmap.model import JourneyMap

_OBJECT_DEPTHS = (6, 4, 2, 0)
FIELD_MARK = "@"


def object_of(path: ModelPath) -> ModelPath:
    """The map, stage, touchpoint or pain point ``path`` lies in."""
    for depth in _OBJECT_DEPTHS:
        if len(path) < depth:
            continue
        head = path[:depth]
        if all(isinstance(step, int) == (i % 2 == 1) for i, step in enumerate(head)) and (
            head[0::2] == ("stages", "touchpoints", "pain_points")[: depth // 2]
        ):
            return head
    return ()


def _common(paths: list[ModelPath]) -> ModelPath:
    first = paths[0]
    n = len(first)
    for p in paths[1:]:
        n = min(n, len(p))
        for i in range(n):
            if p[i] != first[i]:
                n = i
                break
    return first[:n]


def comment_targets(doc: RawDocument) -> list[tuple[ModelPath, ModelPath, tuple[str, ...]]]:
    """(object path, field within it or ``()`` for the whole object, codes) for each ignore comment, in file order."""
    if not doc.ignore_comments:
        return []
    by_line: dict[int, list[ModelPath]] = {}
    for path, loc in doc.positions.items():
        if loc.line is not None:
            by_line.setdefault(loc.line, []).append(path)
    out = []
    for c in doc.ignore_comments:
        paths = by_line.get(c.target_line)
        common = _common(paths) if paths else ()
        target = object_of(common)
        out.append((target, common[len(target) :], c.codes))
    return out


def field_text(field: ModelPath) -> str:
    return ".".join(str(step) for step in field)


def split_entry(text: str) -> tuple[str, ModelPath]:
    """``JM501@moment_of_truth`` -> (``JM501``, ``("moment_of_truth",)``); a plain code has no field."""
    code, mark, rest = text.partition(FIELD_MARK)
    if not mark:
        return text, ()
    steps: list[PathPart] = [int(s) if s.isdigit() else s for s in rest.split(".") if s]
    return code, tuple(steps)


def nearest(data: Any, path: ModelPath) -> ModelPath:
    """The longest start of ``path`` that is in ``data``: where a finding about ``path`` is shown."""
    here = data
    for n, step in enumerate(path):
        if isinstance(here, list) and isinstance(step, int) and 0 <= step < len(here):
            here = here[step]
            continue
        if not isinstance(here, dict) or step not in here:
            return path[:n]
        here = here[step]
    return path


def fold_ignore_comments(model: JourneyMap, doc: RawDocument) -> JourneyMap:
    """A copy of ``model`` with every ignore comment of ``doc`` added to its object's ``x-jmap-ignore``.

    A comment naming no code becomes an empty entry, which lint reports as it reports the comment.
    """
    targets = comment_targets(doc)
    if not targets:
        return model
    m = model.model_copy(deep=True)
    for path, field, codes in targets:
        obj = _resolve(m, path)
        extra = obj.__pydantic_extra__
        if extra is None:
            continue
        current = extra.get(IGNORE_KEY)
        entries: list[Any] = [] if current is None else list(current) if isinstance(current, list) else [current]
        suffix = f"{FIELD_MARK}{field_text(field)}" if field else ""
        entries.extend([f"{code}{suffix}" for code in codes] or [""])
        extra[IGNORE_KEY] = entries
    return m


def _resolve(m: JourneyMap, path: ModelPath) -> Any:
    obj: Any = m
    try:
        for i in range(0, len(path), 2):
            obj = getattr(obj, str(path[i]))[path[i + 1]]
    except (AttributeError, IndexError, TypeError):
        return m
    return obj
