"""Which files to lint: named files always; in folders, journey maps only, skipping hidden,
.gitignore'd and excluded paths."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from jmap.errors import SourceError
from jmap.formats import MAP_SUFFIXES
from jmap.lint.selection import glob_match, glob_regex


@dataclass(frozen=True, slots=True)
class Candidate:
    path: str
    explicit: bool


@dataclass(frozen=True, slots=True)
class _IgnoreRule:
    regex: re.Pattern[str]
    negate: bool
    dir_only: bool


def _gitignore_rules(folder: Path) -> list[_IgnoreRule]:
    try:
        text = (folder / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    rules = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        if negate:
            line = line[1:]
        line = line.removeprefix("\\")
        dir_only = line.endswith("/")
        rules.append(_IgnoreRule(glob_regex(line.rstrip("/")), negate, dir_only))
    return rules


class _GitIgnore:
    """Per-folder .gitignore files, from the repository root (or the walk's start) downward."""

    def __init__(self) -> None:
        self._cache: dict[Path, list[_IgnoreRule]] = {}

    def _rules(self, folder: Path) -> list[_IgnoreRule]:
        rules = self._cache.get(folder)
        if rules is None:
            rules = self._cache[folder] = _gitignore_rules(folder)
        return rules

    def ignored(self, path: Path, is_dir: bool, top: Path) -> bool:
        verdict = False
        for folder in _folders_between(top, path.parent):
            rules = self._rules(folder)
            if not rules:
                continue
            rel = path.relative_to(folder).as_posix()
            for rule in rules:
                if rule.dir_only and not is_dir:
                    continue
                if rule.regex.match(rel):
                    verdict = not rule.negate
        return verdict


def _folders_between(top: Path, folder: Path) -> list[Path]:
    chain = [folder]
    while chain[-1] != top and chain[-1].parent != chain[-1]:
        chain.append(chain[-1].parent)
    return list(reversed(chain))


def _git_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def discover(paths: list[Path], exclude: tuple[str, ...], root: Path) -> list[Candidate]:
    """Files to lint in a stable order: each named file, then each folder's maps sorted by path."""
    out: list[Candidate] = []
    seen: set[str] = set()
    gitignore = _GitIgnore()

    def excluded(p: Path) -> bool:
        if not exclude:
            return False
        try:
            rel = p.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = p.as_posix()
        return any(glob_match(g, rel) for g in exclude)

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
