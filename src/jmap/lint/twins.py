"""One map, one count: a map and its own workbook kept side by side in a folder are one map.

Files of one folder in different formats (a YAML map and a workbook, or an ``.xlsx`` and an ``.ods``)
that hold the same map id are *twins* when they hold the same map: the same content once read (a YAML
map and the workbook exported from it, with its ignore comments as the workbook's ``x-jmap-ignore``).
Twins count once, in report, diff and the site: the YAML file is kept (it is the one reviewed in pull
requests and the one the workbook is exported from; then an ``.xlsx``, then an ``.ods``), the other is
left out and named. Such files with different content are a *clash*: both are counted, and lint
reports JM004 on each, naming the other. Files of one format that share a map id are left as they are.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TypeVar

from jmap.formats import kind_of
from jmap.loader import Loaded
from jmap.model import slugify

T = TypeVar("T")
_KIND_ORDER = {"yaml": 0, "xlsx": 1, "ods": 2}


@dataclass(frozen=True, slots=True)
class Twin:
    """``left_out`` holds the same map as ``kept`` and is not counted again."""

    map_id: str
    kept: str
    left_out: str


@dataclass(frozen=True, slots=True)
class Clash:
    """Files of one folder that hold map ``map_id`` with different content."""

    map_id: str
    paths: tuple[str, ...]


def map_identity(loaded: Loaded) -> tuple[str, str | None]:
    """The map id a file holds (its file name's when it names none) and a digest of its content (None: unreadable)."""
    model = loaded.model
    if model is None:
        return slugify(PurePath(str(loaded.path)).stem), None
    from jmap.formats.suppressions import fold_ignore_comments

    folded = fold_ignore_comments(model, loaded.document)
    text = json.dumps(folded.model_dump(mode="json", exclude={"id"}), sort_keys=True, ensure_ascii=False)
    return model.id or slugify(PurePath(str(loaded.path)).stem), hashlib.blake2b(text.encode()).hexdigest()


def one_per_map(
    items: Sequence[T],
    path: Callable[[T], str],
    identity: Callable[[T], tuple[str, str | None]],
) -> tuple[list[T], list[Twin], list[Clash]]:
    """``items`` without the twins they hold (in their order), the twins left out, and the clashes."""
    groups: dict[tuple[str, str], list[T]] = {}
    for item in items:
        map_id, _ = identity(item)
        folder = str(PurePath(path(item)).parent)
        groups.setdefault((folder, map_id), []).append(item)
    left_out: set[int] = set()
    twins: list[Twin] = []
    clashes: list[Clash] = []
    for (_, map_id), group in groups.items():
        if len({kind_of(path(item)) for item in group}) < 2:
            continue
        digests = {identity(item)[1] for item in group}
        if len(digests) == 1 and None not in digests:
            keep = min(group, key=lambda item: (_KIND_ORDER.get(kind_of(path(item)) or "", 9), path(item)))
            for item in group:
                if item is not keep:
                    left_out.add(id(item))
                    twins.append(Twin(map_id, path(keep), path(item)))
        else:
            clashes.append(Clash(map_id, tuple(path(item) for item in group)))
    return [item for item in items if id(item) not in left_out], twins, clashes
