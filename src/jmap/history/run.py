"""The entry points the commands call: ``diff``, ``lint_since`` and ``review_since``."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from jmap.findings import Finding
from jmap.formats import kind_of
from jmap.history.diff import Comparison, compare, finding_keys, pair
from jmap.history.git import Repository
from jmap.history.since import Since, build_since
from jmap.history.versions import MapVersion, Side, from_wire, load_side, load_side_wire, parse_side, side_size
from jmap.lint.core import FileOutcome, LintOptions, LintResult

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?$")


def diff(old: str, new: str, options: LintOptions) -> Comparison:
    """Compare two sides (files, folders, ``REV:PATH``); GitError or SourceError when a side cannot be read."""
    a, b = parse_side(old), parse_side(new)
    olds, news = load_both(a, b, options)
    direct = not _is_folder(a, olds) and not _is_folder(b, news)
    return compare(old, new, olds, news, direct)


PARALLEL_BYTES = 2_000_000
"""Above this (both sides together), the old side is read in a second process while this one reads the new."""


def _spare_core() -> bool:
    """A core is free for a second process (handing a side over costs CPU, which only pays when it runs alongside)."""
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except OSError:
        busy = 0.0
    return cores >= 2 and busy <= cores - 1


def load_both(a: Side, b: Side, options: LintOptions) -> tuple[list[MapVersion], list[MapVersion]]:
    """Both sides; the old one in a forked process when the sides are large and a core is free."""
    parallel = hasattr(os, "fork") and side_size(a) + side_size(b) >= PARALLEL_BYTES and _spare_core()
    if not parallel:
        return load_side(a, options), load_side(b, options)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = pool.submit(load_side_wire, a, options)
        news = load_side(b, options)
        return from_wire(pending.result()), news


def _is_folder(side: Side, versions: Sequence[MapVersion]) -> bool:
    if side.rev is None:
        return side.is_folder
    return not (len(versions) == 1 and versions[0].location == side.path)


def _revision_sides(paths: Sequence[Path], since: str) -> tuple[Repository, str, list[Side]]:
    first = Path(paths[0]) if paths else Path.cwd()
    repo = Repository.find(first if first.is_dir() else first.parent if first.parent.is_dir() else Path.cwd())
    commit = repo.commit_before(since) if _DATE.match(since) else repo.commit(since)
    sides = []
    for p in paths:
        rel = repo.relative(p)
        rel = "" if rel == "." else rel
        sides.append(Side(f"{since}:{rel}", rel, since, commit, repo))
    return repo, commit, sides


def _old_side(sides: Sequence[Side], options: LintOptions) -> list[MapVersion]:
    out: list[MapVersion] = []
    for side in sides:
        assert side.repo is not None and side.commit is not None
        if side.repo.files(side.commit, side.path) is None:
            continue
        out.extend(load_side(side, options))
    return out


def _new_side(paths: Sequence[Path], options: LintOptions) -> list[MapVersion]:
    return [v for p in paths for v in load_side(Side(str(p), str(p)), options)]


def lint_since(paths: Sequence[Path], since: str, options: LintOptions) -> LintResult:
    """Lint ``paths`` and keep only the findings their versions at ``since`` (a revision or date) did not have.

    Files are matched by map id, so the findings of a renamed map are not new.
    """
    _, _, sides = _revision_sides(paths, since)
    olds = _old_side(sides, options)
    news = _new_side(paths, options)
    findings = []
    for old, new in pair(olds, news):
        if new is None:
            continue
        before = finding_keys(old.findings) if old is not None else {}
        findings += [f for key, f in finding_keys(new.findings).items() if key not in before]
    files = [FileOutcome(v.path, True, v.findings, kind_of(v.path) or "yaml") for v in news]
    findings.sort(key=Finding.sort_key)
    return LintResult(findings, files, options.effective_fail_on)


def review_since(paths: Sequence[Path], since: str, options: LintOptions) -> Since:
    """The quarterly review page of the maps under ``paths`` since a revision or date."""
    repo, commit, sides = _revision_sides(paths, since)
    olds = _old_side(sides, options)
    news = _new_side(paths, options)
    c = compare(since, ", ".join(str(p) for p in paths), olds, news)
    return build_since(c, since, commit, repo.commit_date(commit))
