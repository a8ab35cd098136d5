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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jmap.errors import ConfigError
from jmap.findings import Finding, Severity
from jmap.fingerprint import fingerprint_of, identities, relative_path
from jmap.lint.core import LintOptions, LintResult, enabled_codes
from jmap.rules import REGISTRY
from jmap.util.atomic import atomic_text
from jmap.util.files import read_setting_file

FORMAT_KEY = "jmap-baseline"
FORMAT_VERSION = 1
UNUSED_CODE = "JM006"


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    path: str
    code: str
    item: str
    occurrence: int = 0
    line: int = 0
    """Where the entry sits in the baseline file (0 for entries not read from one)."""

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.path, self.code, self.item, self.occurrence)

    def as_json(self) -> str:
        data: dict[str, Any] = {"path": self.path, "code": self.code, "item": self.item}
        if self.occurrence:
            data["occurrence"] = self.occurrence
        data["fingerprint"] = self.fingerprint
        return json.dumps(data, ensure_ascii=False)


def entries_of(findings: Sequence[Finding]) -> list[Entry]:
    return [Entry(*ident) for ident in identities(findings)]


def read_baseline(path: Path, option: str = "--baseline") -> list[Entry]:
    """The entries of a baseline file; ConfigError for a file that is missing or not a baseline."""
    text = read_setting_file(
        path, f"{option} {path}: no such file (write one with --write-baseline {path})", f"{option} {path}: cannot read"
    )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}:{exc.colno}: not a jmap baseline: {exc.msg}") from None
    if (
        not isinstance(data, dict)
        or data.get(FORMAT_KEY) != FORMAT_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise ConfigError(
            f'{path}: not a jmap baseline (it needs "{FORMAT_KEY}": {FORMAT_VERSION} and a "findings" list)'
        )
    lines = _entry_lines(text)
    out = []
    for i, item in enumerate(data["findings"]):
        ok = isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("path", "code", "item"))
        occurrence = item.get("occurrence", 0) if isinstance(item, dict) else None
        if not ok or not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
            raise ConfigError(f"{path}: entry {i + 1} needs text fields path, code and item")
        line = lines[i] if i < len(lines) else 0
        out.append(Entry(item["path"], item["code"], item["item"], occurrence, line))
    return out


def _entry_lines(text: str) -> list[int]:
    """Line numbers of the entries as this module writes them (one per line)."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith('{"path"')]


def write_baseline(path: Path, result: LintResult, keep_others: bool = True) -> int:
    """Record the result's findings in ``path``; entries for files not linted this time are kept. Returns the count."""
    linted = {relative_path(f.path) for f in result.files if f.linted}
    entries = set(entries_of(result.findings))
    if keep_others and path.exists():
        entries |= {
            Entry(e.path, e.code, e.item, e.occurrence)
            for e in read_baseline(path, "--write-baseline")
            if e.path not in linted
        }
    ordered = sorted(entries)
    body = ",\n".join(f"    {e.as_json()}" for e in ordered)
    text = (
        f'{{\n  "{FORMAT_KEY}": {FORMAT_VERSION},\n  "findings": [\n{body}\n  ]\n}}\n'
        if ordered
        else (f'{{\n  "{FORMAT_KEY}": {FORMAT_VERSION},\n  "findings": []\n}}\n')
    )
    with atomic_text(path) as stream:
        stream.write(text)
    return len(ordered)


def apply_baseline(result: LintResult, entries: Sequence[Entry], baseline: Path, options: LintOptions) -> LintResult:
    """Only the findings the baseline does not hold, plus one JM006 per entry of a linted file that matched nothing.

    An entry is stale when its file was linted with its rule on and no longer has the finding, whether or
    not this run reports it (``--since`` reports only new findings; the old ones are still in the file).
    """
    known = {e.fingerprint for e in entries}
    current = entries_of(result.findings)
    in_files = sorted((f for outcome in result.files if outcome.linted for f in outcome.findings), key=Finding.sort_key)
    seen = {e.fingerprint for e in (*current, *entries_of(in_files))}
    kept = [f for f, e in zip(result.findings, current, strict=True) if e.fingerprint not in known]
    linted = {relative_path(f.path) for f in result.files if f.linted}
    cfg = options.config
    enabled = enabled_codes(cfg, options.select, options.ignore)
    if UNUSED_CODE in enabled:
        rule = REGISTRY[UNUSED_CODE]
        severity: Severity = dict(cfg.severity).get(UNUSED_CODE, rule.severity)
        for e in entries:
            if e.path in linted and e.code in enabled and e.fingerprint not in seen:
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
    kept.sort(key=Finding.sort_key)
    return LintResult(kept, result.files, result.fail_on)
