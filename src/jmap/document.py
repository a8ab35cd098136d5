"""What every reader hands to the model: plain data plus where each piece came from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from jmap.findings import Location, ModelPath, PathPart


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


PositionTree: TypeAlias = dict[str, "int | tuple[int, PositionTree]"] | list["int | tuple[int, PositionTree]"]
"""A reader's positions in the shape of its data: a mapping's node maps each key, a sequence's node holds each item,
to the packed location of that key or item (``pack``), or to ``(packed location, node of the value)`` when the value
is itself a mapping or sequence. One int per key instead of a path tuple and a ``Location`` each."""

_M32 = (1 << 32) - 1
NO_END = (1 << 64) - 1
"""The low 64 bits of a packed location that has no end."""


def pack(line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> int:
    """A location as one int: 0-based line, column, end line and end column, 32 bits each (``NO_END``: none)."""
    start = line << 96 | column << 64
    if end_line is None or end_column is None:
        return start | NO_END
    return start | end_line << 32 | end_column


def unpack(packed: int) -> Location:
    line, column = (packed >> 96) + 1, ((packed >> 64) & _M32) + 1
    if packed & NO_END == NO_END:
        return Location(line, column)
    return Location(line, column, end_line=((packed >> 32) & _M32) + 1, end_column=(packed & _M32) + 1)


class PositionIndex:
    """Model path -> location of its key (or list item, or cell).

    Holds a dict of ``Location`` by path (workbooks, history) and/or a YAML reader's compact ``PositionTree``,
    whose locations are made only when looked up.
    """

    __slots__ = ("_index", "_root")

    def __init__(
        self, index: dict[ModelPath, Location] | None = None, tree: tuple[int, PositionTree] | None = None
    ) -> None:
        self._index: dict[ModelPath, Location] = index if index is not None else {}
        self._root = tree

    def __setitem__(self, path: ModelPath, loc: Location) -> None:
        self._index[path] = loc

    def __contains__(self, path: object) -> bool:
        if path in self._index:
            return True
        return isinstance(path, tuple) and self._packed(path) is not None

    @staticmethod
    def _walk(root: tuple[int, PositionTree], path: ModelPath) -> tuple[int, int]:
        """The packed location of the longest start of ``path`` the tree holds, and that start's length."""
        entry: Any = root
        found: int = entry[0]
        depth = 0
        for step in path:
            node = entry[1]
            if isinstance(node, dict):
                entry = node.get(step) if isinstance(step, str) else None
            elif isinstance(step, int) and 0 <= step < len(node):
                entry = node[step]
            else:
                break
            if entry is None:
                break
            depth += 1
            if isinstance(entry, int):
                found = entry
                break
            found = entry[0]
        return found, depth

    def _packed(self, path: ModelPath) -> int | None:
        if self._root is None:
            return None
        found, depth = self._walk(self._root, path)
        return found if depth == len(path) else None

    def get(self, path: ModelPath) -> Location | None:
        loc = self._index.get(path)
        if loc is not None or self._root is None:
            return loc
        packed = self._packed(path)
        return None if packed is None else unpack(packed)

    def items(self) -> Iterator[tuple[ModelPath, Location]]:
        yield from self._index.items()
        if self._root is None:
            return
        yield (), unpack(self._root[0])
        stack: list[tuple[ModelPath, Iterator[tuple[PathPart, Any]]]] = [((), _entries(self._root[1]))]
        while stack:
            base, entries = stack[-1]
            for step, entry in entries:
                path = (*base, step)
                if isinstance(entry, int):
                    yield path, unpack(entry)
                else:
                    yield path, unpack(entry[0])
                    stack.append((path, _entries(entry[1])))
                    break
            else:
                stack.pop()

    def locate(self, path: ModelPath) -> Location:
        """The location of ``path``, or of the nearest enclosing key that exists."""
        if not self._index and self._root is not None:
            return unpack(self._walk(self._root, path)[0])
        while path:
            loc = self.get(path)
            if loc is not None:
                return loc
            path = path[:-1]
        return self.get(()) or Location(1, 1)


def _entries(node: PositionTree) -> Iterator[tuple[PathPart, Any]]:
    return iter(node.items()) if isinstance(node, dict) else enumerate(node)


@dataclass(slots=True)
class RawDocument:
    """One input file as read: ``data`` is None when nothing usable was read."""

    path: str
    kind: str
    data: Any
    positions: PositionIndex
    issues: list[SourceIssue] = field(default_factory=list)
    ignore_comments: list[IgnoreComment] = field(default_factory=list)
