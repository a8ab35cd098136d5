"""One side of a comparison: map versions read from files, folders or git revisions, as plain snapshots.

A side is written ``PATH`` (a file or folder in the work tree) or ``REV:PATH``
(a file or folder in a git revision, read from git's objects). As in git,
``REV:PATH`` is relative to the repository root unless it starts with ``./``
or ``../``; ``REV:`` alone is the whole tree.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path, PurePosixPath
from typing import Any

from jmap.changes.compute import MapData
from jmap.document import PositionIndex
from jmap.errors import SourceError
from jmap.findings import Finding, Location
from jmap.fingerprint import relative_path
from jmap.formats import MAP_SUFFIXES, max_bytes, read_bytes
from jmap.formats.suppressions import fold_ignore_comments
from jmap.history.git import Blob, GitError, Repository, blob_sha
from jmap.lint.core import FilePlan, LintOptions, check_loaded, plan_files, unreadable_outcome
from jmap.lint.discovery import Candidate, Sniff, discover, sniff
from jmap.lint.twins import one_per_map
from jmap.loader import load_bytes
from jmap.model import slugify
from jmap.util.gc_pause import gc_paused


@dataclass(frozen=True, slots=True)
class MapVersion:
    """One map file of one side: where it is, its bytes' object id, its data (None when unreadable), findings."""

    path: str
    """As shown: the path given, or ``REV:path``."""
    location: str
    """Relative to the repository root (else the working folder): the same file on both sides."""
    sha: str
    id: str
    data: MapData | None
    findings: tuple[Finding, ...]


def read_version(path: str, location: str, raw: bytes, plan: FilePlan) -> MapVersion:
    """Parse, validate (once) and lint one file's bytes."""
    loaded = load_bytes(path, raw)
    with gc_paused():
        findings = tuple(check_loaded(loaded, plan))
    model = loaded.model
    # suppression comments compared as the x-jmap-ignore entries they are in every other format
    data = MapData.of(fold_ignore_comments(model, loaded.document), loaded.document.positions, path) if model else None
    map_id = model.id if model is not None and model.id else slugify(PurePosixPath(path).stem)
    return MapVersion(path, location, blob_sha(raw), map_id, data, findings)


@dataclass(frozen=True, slots=True)
class Side:
    """What the user named: ``path`` in the work tree, or ``path`` in ``rev`` (then ``commit`` is resolved)."""

    text: str
    path: str
    rev: str | None = None
    commit: str | None = None
    repo: Repository | None = None

    @property
    def is_folder(self) -> bool:
        return self.rev is None and Path(self.path).is_dir()


def parse_side(text: str, cwd: Path | None = None) -> Side:
    """``PATH`` when it exists in the work tree (or has no colon), else ``REV:PATH`` resolved through git."""
    here = cwd or Path.cwd()
    if Path(here, text).exists() or ":" not in text:
        if not Path(here, text).exists():
            raise SourceError(f"{text}: no such file or folder (write REV:PATH for a file in a git revision)")
        return Side(text, text)
    rev, _, spec = text.partition(":")
    try:
        repo = Repository.find(here)
    except GitError as exc:
        raise GitError(f"{text}: {exc}") from None
    commit = repo.commit(rev)
    relative_to_here = spec.startswith(("./", "../")) or spec in (".", "..")
    rel = repo.relative(Path(here, spec)) if relative_to_here else spec.strip("/")
    return Side(text, "" if rel == "." else rel, rev, commit, repo)


def side_size(side: Side) -> int:
    """About how many bytes the side's maps hold (to decide whether reading it is worth a process)."""
    if side.rev is None:
        p = Path(side.path)
        if p.is_file():
            return p.stat().st_size
        total = 0
        for dirpath, _dirs, files in os.walk(p):
            total += sum(_size(os.path.join(dirpath, f)) for f in files if f.lower().endswith(MAP_SUFFIXES))
        return total
    assert side.repo is not None and side.commit is not None
    return sum(max(b.size, 0) for b in side.repo.files(side.commit, side.path) or ())


def _size(path: str) -> int:
    """A regular file's size; 0 for what cannot be read as one (a dangling link, a FIFO)."""
    try:
        info = os.stat(path)
    except OSError:
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _unreadable_version(plan: FilePlan, message: str, blob: Blob | None = None) -> MapVersion:
    """A file that cannot be read: no snapshot, its one JM001 finding; the object id of a git blob (a work-tree
    file that could not be read has none, so it never counts as unchanged)."""
    outcome = unreadable_outcome(plan, message)
    location = blob.path if blob is not None else relative_path(plan.path)
    sha = blob.sha if blob is not None else ""
    return MapVersion(plan.path, location, sha, slugify(PurePosixPath(location).stem), None, outcome.findings)


def _plans(paths: Sequence[str], explicit: bool, options: LintOptions) -> list[FilePlan]:
    return plan_files([Candidate(p, explicit) for p in paths], options)


def load_side(side: Side, options: LintOptions) -> list[MapVersion]:
    """Every map the side names, read and linted; a folder keeps only journey maps, and a map kept in two of its
    files (a map and its own workbook, ``jmap.lint.twins``) once."""
    kept, _, _ = one_per_map(_load_side(side, options), lambda v: v.location, _identity)
    return kept


def _identity(v: MapVersion) -> tuple[str, str | None]:
    if v.data is None:
        return v.id, None
    return v.id, hashlib.blake2b(repr(v.data.data).encode("utf-8", "surrogatepass")).hexdigest()


def _load_side(side: Side, options: LintOptions) -> list[MapVersion]:
    if side.rev is None:
        candidates = discover([Path(side.path)], options.config.exclude, options.config.root)
        out = []
        for plan in plan_files(candidates, options):
            try:
                raw = read_bytes(plan.path)
            except SourceError as exc:
                out.append(_unreadable_version(plan, str(exc)))
                continue
            if plan.explicit or sniff(plan.path, raw) is not Sniff.NOT_MAP:
                out.append(read_version(plan.path, relative_path(plan.path), raw, plan))
        return out
    assert side.repo is not None and side.commit is not None
    blobs = side.repo.files(side.commit, side.path)
    if blobs is None:
        raise GitError(f"{side.text}: no such file or folder in {side.rev}")
    single = len(blobs) == 1 and blobs[0].path == side.path
    if not single:
        blobs = [b for b in blobs if b.path.lower().endswith(MAP_SUFFIXES) and not _hidden(b, side.path)]
    contents = side.repo.read(blobs, limit=max_bytes)
    plans = _plans([str(side.repo.root / b.path) for b in blobs], single, options)
    out = []
    for blob, content, plan in zip(blobs, contents, plans, strict=True):
        name = f"{side.rev}:{blob.path}"
        if isinstance(content, str):
            out.append(_unreadable_version(replace(plan, path=name), f"{name}: {content}", blob))
            continue
        raw = content
        if single or sniff(blob.path, raw) is not Sniff.NOT_MAP:
            out.append(read_version(name, blob.path, raw, replace(plan, path=name)))
    return out


def _hidden(blob: Blob, top: str) -> bool:
    rel = blob.path[len(top) :].lstrip("/") if top else blob.path
    return any(part.startswith(".") or part.startswith("~$") for part in rel.split("/"))


Wire = tuple[Any, ...]
_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def to_wire(versions: Sequence[MapVersion]) -> list[Wire]:
    """Versions as plain tuples, which pickle in C: several times faster between processes than the records."""
    out: list[Wire] = []
    for v in versions:
        data: Wire | None = None
        if (d := v.data) is not None:
            places = [(p, astuple(loc)) for p, loc in d.positions.items()] if d.positions is not None else None
            data = (d.data, places, d.path)
        findings = [tuple(getattr(f, name) for name in _FINDING_FIELDS) for f in v.findings]
        out.append((v.path, v.location, v.sha, v.id, data, findings))
    return out


def from_wire(wire: Sequence[Wire]) -> list[MapVersion]:
    out = []
    for path, location, sha, ident, data, findings in wire:
        side = None
        if data is not None:
            plain, places, shown = data
            positions = PositionIndex({p: Location(*loc) for p, loc in places}) if places is not None else None
            side = MapData(plain, positions, shown)
        found = tuple(Finding(*values) for values in findings)
        out.append(MapVersion(path, location, sha, ident, side, found))
    return out


def load_side_wire(side: Side, options: LintOptions) -> list[Wire]:
    """``load_side`` for a worker process: the result as plain tuples."""
    return to_wire(load_side(side, options))
