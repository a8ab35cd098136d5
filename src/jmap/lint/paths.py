"""Path patterns with .gitignore semantics, through pathspec: ``exclude``, ``per_file_ignores`` and .gitignore files.

A pattern without a ``/`` matches a name at any depth, one with a ``/`` is
anchored at the config folder, ``**`` crosses folders, ``*`` and ``?`` do not,
``!`` re-includes, and a match on a folder covers everything below it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


@lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(patterns)


def path_matches(patterns: Iterable[str], relpath: str, *, is_dir: bool = False) -> bool:
    """True when the '/'-separated ``relpath`` matches the patterns (the last matching one decides)."""
    return _spec(tuple(patterns)).match_file(relpath + "/" if is_dir else relpath)


class GitIgnore:
    """The .gitignore files of a walk, from the repository root (or the walk's start) downward."""

    def __init__(self) -> None:
        self._cache: dict[Path, GitIgnoreSpec | None] = {}

    def _spec(self, folder: Path) -> GitIgnoreSpec | None:
        if folder not in self._cache:
            try:
                text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            lines = tuple(text.splitlines())
            self._cache[folder] = _spec(lines) if any(line.strip() for line in lines) else None
        return self._cache[folder]

    def ignored(self, path: Path, is_dir: bool, top: Path) -> bool:
        """Whether git would ignore ``path``: a deeper .gitignore overrides a shallower one."""
        verdict = False
        for folder in _folders_between(top, path.parent):
            spec = self._spec(folder)
            if spec is None:
                continue
            rel = path.relative_to(folder).as_posix()
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include
        return verdict


def _folders_between(top: Path, folder: Path) -> list[Path]:
    chain = [folder]
    while chain[-1] != top and chain[-1].parent != chain[-1]:
        chain.append(chain[-1].parent)
    return list(reversed(chain))
