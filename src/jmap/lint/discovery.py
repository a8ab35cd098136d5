"""Which files to lint: named files always; in folders, journey maps only, skipping hidden,
.gitignore'd and excluded paths."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jmap.errors import SourceError
from jmap.formats import MAP_SUFFIXES
from jmap.lint.paths import GitIgnore, path_matches


@dataclass(frozen=True, slots=True)
class Candidate:
    path: str
    explicit: bool


def _git_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def discover(paths: list[Path], exclude: tuple[str, ...], root: Path) -> list[Candidate]:
    """Files to lint in a stable order: each named file, then each folder's maps sorted by path."""
    out: list[Candidate] = []
    seen: set[str] = set()
    gitignore = GitIgnore()

    def excluded(p: Path) -> bool:
        if not exclude:
            return False
        try:
            rel = p.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = p.as_posix()
        return path_matches(exclude, rel)

    for given in paths:
        if not given.exists():
            raise SourceError(f"{given}: no such file or folder")
        if given.is_file():
            key = str(given)
            if key not in seen:
                seen.add(key)
                out.append(Candidate(key, True))
            continue
        if not given.is_dir():
            raise SourceError(f"{given}: not a file or folder")
        top = _git_root(given.resolve())
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(given):
            here = Path(dirpath)
            resolved_here = here.resolve()
            keep = []
            for d in sorted(dirnames):
                if d.startswith(".") or d in ("__pycache__", "node_modules"):
                    continue
                if gitignore.ignored(resolved_here / d, True, top) or excluded(here / d):
                    continue
                keep.append(d)
            dirnames[:] = keep
            for name in filenames:
                if name.startswith(".") or not name.lower().endswith(MAP_SUFFIXES):
                    continue
                if name.startswith("~$"):
                    continue
                if gitignore.ignored(resolved_here / name, False, top) or excluded(here / name):
                    continue
                found.append(os.path.normpath(os.path.join(dirpath, name)))
        for f in sorted(found):
            if f not in seen:
                seen.add(f)
                out.append(Candidate(f, False))
    return out
