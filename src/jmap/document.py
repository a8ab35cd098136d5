"""What every reader hands to the model: plain data plus where each piece came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jmap.findings import Location, ModelPath


@dataclass(frozen=True, slots=True)
class SourceIssue:
    """A problem a reader found before the model saw the data (JM001, JM003, JM005)."""

    code: str
    message: str
    location: Location
    model_path: ModelPath = ()
    count: int = 1
    """How many faults this issue stands for: more than one only for faults past the per-rule cap, summed up."""
    hides: tuple[ModelPath, ...] = ()
    """Model paths (``"*"`` matches any key or index) whose rule findings would only repeat this fault:
    ``onwer:`` hides the touchpoint's ``owner``, so no JM101 says the owner is missing."""


@dataclass(frozen=True, slots=True)
class IgnoreComment:
    """A ``# jmap: ignore[...]`` comment: silences ``codes`` on ``target_line``."""

    line: int
    column: int
    target_line: int
    codes: tuple[str, ...]


class PositionIndex:
    """Model path -> location of its key (or list item, or cell)."""

    __slots__ = ("_index",)

    def __init__(self, index: dict[ModelPath, Location] | None = None) -> None:
        self._index: dict[ModelPath, Location] = index if index is not None else {}

    def __setitem__(self, path: ModelPath, loc: Location) -> None:
        self._index[path] = loc

    def __contains__(self, path: object) -> bool:
        return path in self._index

    def get(self, path: ModelPath) -> Location | None:
        return self._index.get(path)

    def locate(self, path: ModelPath) -> Location:
        """The location of ``path``, or of the nearest enclosing key that exists."""
        index = self._index
        while path:
            loc = index.get(path)
            if loc is not None:
                return loc
            path = path[:-1]
        return index.get((), Location(1, 1))


@dataclass(slots=True)
class RawDocument:
    """One input file as read: ``data`` is None when nothing usable was read."""

    path: str
    kind: str
    data: Any
    positions: PositionIndex
    issues: list[SourceIssue] = field(default_factory=list)
    ignore_comments: list[IgnoreComment] = field(default_factory=list)
