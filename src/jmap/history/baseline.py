"""Lint baselines: record today's findings, then report only new ones.

A baseline is a JSON file with one entry per finding, one entry per line,
sorted by file, rule, item and occurrence, so that rewriting it after fixes
only deletes lines and its diff in a pull request reads as a list of what was
fixed. Entries are matched by fingerprint (``jmap.fingerprint``): a finding
that only moved is still in the baseline. An entry that matches no finding of a
file that was linted is reported as JM006, as a stale suppression is, so the
baseline only shrinks.
"""

from __future__ import annotations

import json
import operator
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from jmap.errors import ConfigError
from jmap.findings import MAX_FINDINGS_PER_RULE, Finding, Severity, more_message
from jmap.fingerprint import fingerprint_of, identities, relative_path
from jmap.lint.core import LintOptions, LintResult, enabled_codes
from jmap.rules import REGISTRY
from jmap.util.atomic import atomic_text
from jmap.util.files import read_setting_file

FORMAT_KEY = "jmap-baseline"
FORMAT_VERSION = 1
UNUSED_CODE = "JM006"


class Entry(NamedTuple):
    """One recorded finding: its identity (as ``jmap.fingerprint`` names it) and the line it sits on in the file.

    A tuple, not a dataclass: a baseline may hold a million of them, and a tuple is made in C.
    """

    path: str
    code: str
    item: str
    occurrence: int = 0
    line: int = 0
    """Where the entry sits in the baseline file (0 for entries not read from one)."""

    @property
    def identity(self) -> tuple[str, str, str, int]:
        return (self.path, self.code, self.item, self.occurrence)

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.path, self.code, self.item, self.occurrence)

    def as_json(self) -> str:
        data: dict[str, Any] = {"path": self.path, "code": self.code, "item": self.item}
        if self.occurrence:
            data["occurrence"] = self.occurrence
        data["fingerprint"] = self.fingerprint
        text = json.dumps(data, ensure_ascii=False)
        # A file name that is not UTF-8 (Latin-1 bytes) holds lone surrogates: escaped, it reads back the same.
        return text if text.isascii() or not _SURROGATE.search(text) else json.dumps(data)


_SURROGATE = re.compile("[\ud800-\udfff]")
_IDENTITY = operator.itemgetter(0, 1, 2, 3)
MAX_OCCURRENCE = 10**9


def entries_of(findings: Sequence[Finding]) -> list[Entry]:
    return [Entry(*ident) for ident in identities(findings)]


class BaselineError(ConfigError):
    """A baseline that cannot be used; ``ours`` when the file is plainly meant as a jmap baseline."""

    def __init__(self, message: str, ours: bool) -> None:
        super().__init__(message)
        self.ours = ours


def _entry_of(item: object) -> tuple[str, str, str, int] | None:
    """An entry as read, or None when it is not one."""
    if not isinstance(item, dict):
        return None
    path, code, text, occurrence = item.get("path"), item.get("code"), item.get("item"), item.get("occurrence", 0)
    if not (isinstance(path, str) and isinstance(code, str) and isinstance(text, str)):
        return None
    if type(occurrence) is not int or not 0 <= occurrence < MAX_OCCURRENCE:
        return None
    return (path, code, text, occurrence)


Row = tuple[str, str, str, int, int]
"""An entry as read: path, code, item, occurrence and line (``Entry``'s fields; a plain tuple is made in C, and a
baseline may hold a million entries)."""


def read_baseline(path: Path, option: str = "--baseline") -> list[Row]:
    """The entries of a baseline file; ConfigError for a file that is missing or not a baseline.

    A byte-order mark is allowed; the version must be the whole number FORMAT_VERSION (not ``1.0`` or ``true``).
    """
    text = read_setting_file(
        path, f"{option} {path}: no such file (write one with --write-baseline {path})", f"{option} {path}: cannot read"
    ).removeprefix("\ufeff")
    ours = f'"{FORMAT_KEY}"' in text[:4096]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: not a jmap baseline: {exc.msg}", ours) from None
    except RecursionError:
        raise BaselineError(f"{path}: not a jmap baseline: its JSON is nested too deeply", ours) from None
    except ValueError:
        raise BaselineError(f"{path}: not a jmap baseline: a number in it has more than 4,300 digits", ours) from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list) or FORMAT_KEY not in data:
        raise BaselineError(
            f'{path}: not a jmap baseline (it needs "{FORMAT_KEY}": {FORMAT_VERSION} and a "findings" list)',
            ours and isinstance(data, dict) and FORMAT_KEY in data,
        )
    version = data[FORMAT_KEY]
    if type(version) is not int or version != FORMAT_VERSION:
        shown = json.dumps(version)[:40] if isinstance(version, int | float | str | bool) or version is None else "?"
        raise BaselineError(
            f'{path}: a jmap baseline of version {shown} ("{FORMAT_KEY}": {shown}); '
            f"this jmap reads version {FORMAT_VERSION}",
            True,
        )
    found = data["findings"]
    lines = _entry_lines(text)
    lines = lines[: len(found)] + [0] * (len(found) - len(lines))
    del text
    try:
        rows = [
            (d["path"], d["code"], d["item"], d.get("occurrence", 0), ln) for d, ln in zip(found, lines, strict=True)
        ]
        fine = all(
            type(p) is str and type(c) is str and type(t) is str and type(o) is int and 0 <= o < MAX_OCCURRENCE
            for p, c, t, o, _ in rows
        )
    except (KeyError, TypeError, AttributeError):
        fine = False
    if not fine:
        bad = next(i for i, item in enumerate(found) if _entry_of(item) is None)
        raise BaselineError(
            f"{path}: entry {bad + 1} needs text fields path, code and item "
            f"(and a whole number occurrence from 0 to {MAX_OCCURRENCE - 1:,})",
            True,
        )
    return rows


def _entry_lines(text: str) -> list[int]:
    """Line numbers of the entries as this module writes them (one per line)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith('{"path"')]


@dataclass(frozen=True, slots=True)
class Written:
    count: int
    """Entries written."""
    replaced: str | None = None
    """Why the old file was not kept: it was a baseline jmap could not read."""


def write_baseline(path: Path, result: LintResult, keep_others: bool = True) -> Written:
    """Record the result's findings in ``path``; entries for files not linted this time are kept.

    A broken baseline (one that names itself a jmap baseline but cannot be read) is replaced, and
    ``Written.replaced`` says why; any other file that is not a baseline is refused.
    """
    linted = {relative_path(f.path) for f in result.files if f.linted}
    entries = set(entries_of(result.findings))
    replaced = None
    if keep_others and os.path.lexists(path):
        try:
            old = read_baseline(path, "--write-baseline")
        except BaselineError as exc:
            if not exc.ours:
                raise
            replaced, old = str(exc), []
        entries |= {Entry(*row[:4]) for row in old if row[0] not in linted}
    ordered = sorted(entries)
    body = ",\n".join(f"    {e.as_json()}" for e in ordered)
    text = (
        f'{{\n  "{FORMAT_KEY}": {FORMAT_VERSION},\n  "findings": [\n{body}\n  ]\n}}\n'
        if ordered
        else (f'{{\n  "{FORMAT_KEY}": {FORMAT_VERSION},\n  "findings": []\n}}\n')
    )
    with atomic_text(path) as stream:
        stream.write(text)
    return Written(len(ordered), replaced)


def apply_baseline(result: LintResult, entries: Sequence[Row], baseline: Path, options: LintOptions) -> LintResult:
    """Only the findings the baseline does not hold, plus a JM006 per entry of a linted file that matched nothing
    (the first MAX_FINDINGS_PER_RULE of them, then one finding counting the rest, as for any rule).

    An entry is stale when its file was linted with its rule on and no longer has the finding, whether or
    not this run reports it (``--since`` reports only new findings; the old ones are still in the file).
    Entries are matched by identity, which is what the fingerprint hashes, so no entry is hashed.
    """
    known = set(map(_IDENTITY, entries))
    current = identities(result.findings)
    in_files = sorted((f for outcome in result.files if outcome.linted for f in outcome.findings), key=Finding.sort_key)
    seen = {*current, *identities(in_files)}
    kept = [f for f, ident in zip(result.findings, current, strict=True) if ident not in known]
    linted = {relative_path(f.path) for f in result.files if f.linted}
    cfg = options.config
    enabled = enabled_codes(cfg, options.select, options.ignore)
    if UNUSED_CODE in enabled:
        rule = REGISTRY[UNUSED_CODE]
        severity: Severity = dict(cfg.severity).get(UNUSED_CODE, rule.severity)
        stale = [Entry._make(row) for row in entries if row[0] in linted and row[1] in enabled and row[:4] not in seen]
        for e in stale[:MAX_FINDINGS_PER_RULE]:
            repeat = f" (occurrence {e.occurrence + 1})" if e.occurrence else ""
            kept.append(
                Finding(
                    UNUSED_CODE,
                    rule.name,
                    severity,
                    str(baseline),
                    f"baseline entry {e.code} {e.item or '(the file)'}{repeat} in {e.path} matches no finding; "
                    f"run with --write-baseline {baseline} to drop it",
                    line=e.line or None,
                    column=5 if e.line else None,
                )
            )
        if len(stale) > MAX_FINDINGS_PER_RULE:
            e = stale[MAX_FINDINGS_PER_RULE]
            rest = len(stale) - MAX_FINDINGS_PER_RULE
            kept.append(
                Finding(
                    UNUSED_CODE,
                    rule.name,
                    severity,
                    str(baseline),
                    more_message(UNUSED_CODE, rest),
                    line=e.line or None,
                    column=5 if e.line else None,
                )
            )
    kept.sort(key=Finding.sort_key)
    return LintResult(kept, result.files, result.fail_on)
