"""Suppression comments as fields, so they survive a format that has no comments (XLSX, JSON).

A ``# jmap: ignore[...]`` comment silences findings on the line it points at. On export,
each comment becomes an ``x-jmap-ignore`` entry on the innermost object that line
belongs to (the map, a stage, a touchpoint or a pain point): the object whose
findings the line reports. Lint of the export then gives the codes lint of the YAML gave.
"""

from __future__ import annotations

from typing import Any

from jmap.document import RawDocument
from jmap.findings import ModelPath
from jmap.formats.xlsx.layout import IGNORE_KEY
from jmap.model import JourneyMap

_OBJECT_DEPTHS = (6, 4, 2, 0)


def _object_of(path: ModelPath) -> ModelPath:
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


def comment_targets(doc: RawDocument) -> list[tuple[ModelPath, tuple[str, ...]]]:
    """(object path, codes) for each ignore comment of ``doc``, in file order."""
    if not doc.ignore_comments:
        return []
    by_line: dict[int, list[ModelPath]] = {}
    for path, loc in doc.positions.items():
        if loc.line is not None:
            by_line.setdefault(loc.line, []).append(path)
    out = []
    for c in doc.ignore_comments:
        paths = by_line.get(c.target_line)
        target = _object_of(_common(paths)) if paths else ()
        out.append((target, c.codes))
    return out


def fold_ignore_comments(model: JourneyMap, doc: RawDocument) -> JourneyMap:
    """A copy of ``model`` with every ignore comment of ``doc`` added to its object's ``x-jmap-ignore``.

    A comment naming no code becomes an empty entry, which lint reports as it reports the comment.
    """
    targets = comment_targets(doc)
    if not targets:
        return model
    m = model.model_copy(deep=True)
    for path, codes in targets:
        obj = _resolve(m, path)
        extra = obj.__pydantic_extra__
        if extra is None:
            continue
        current = extra.get(IGNORE_KEY)
        entries: list[Any] = [] if current is None else list(current) if isinstance(current, list) else [current]
        entries.extend(codes or ("",))
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
