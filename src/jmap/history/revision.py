"""One map file as it was at a revision (a commit, tag, branch, or the last commit on a YYYY-MM-DD date)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jmap.changes.compute import Change, compute_changes
from jmap.errors import SourceError
from jmap.formats import max_bytes
from jmap.history.git import Repository
from jmap.loader import load_bytes
from jmap.model import JourneyMap

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class Revision:
    """What changed in a map since a revision: the revision as given, its commit and date, the changes."""

    label: str
    commit: str
    date: str
    changes: tuple[Change, ...]


def map_at(source: Path, since: str) -> tuple[JourneyMap, str, str]:
    """The map in file ``source`` at ``since``, with the commit and its date; GitError or SourceError if unreadable."""
    repo = Repository.find(source.parent if source.parent != Path("") else Path.cwd())
    commit = repo.commit_before(since) if _DATE.match(since) else repo.commit(since)
    rel = repo.relative(source)
    blobs = repo.files(commit, rel)
    if blobs is None or len(blobs) != 1 or blobs[0].path != rel:
        raise SourceError(f"{since}:{rel}: the map is not in that revision")
    data = next(iter(repo.read(blobs, limit=max_bytes)))
    if isinstance(data, str):
        raise SourceError(f"{since}:{rel}: {data}")
    loaded = load_bytes(f"{since}:{rel}", data)
    if loaded.model is None:
        raise SourceError(f"{since}:{rel}: the map at that revision cannot be read")
    return loaded.model, commit, repo.commit_date(commit)


def changes_since(source: Path, since: str, now: JourneyMap) -> Revision:
    """The changes from the map at ``since`` to ``now`` (the map as ``source`` holds it today)."""
    old, commit, when = map_at(source, since)
    return Revision(since, commit, when, tuple(compute_changes(old, now)))
