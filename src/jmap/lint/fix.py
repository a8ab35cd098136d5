"""``jmap lint --fix``: apply the rules' fixes to YAML maps as text edits, then lint again for what remains.

Only the spans a fix names change; every other byte of the file (comments, order, quoting, line
ends, a byte-order mark) stays. Fixes whose edits would overlap wait for the next pass; after
``MAX_PASSES`` passes, or when a pass changes nothing, the file is done.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jmap.findings import Finding, parse_model_path
from jmap.formats import kind_of, read_bytes
from jmap.lint.core import FilePlan, LintOptions, LintResult, check_loaded, lint, map_files
from jmap.lint.discovery import Sniff, sniff
from jmap.loader import Loaded, load_bytes
from jmap.rules import REGISTRY
from jmap.rules.base import Applicability
from jmap.rules.fixes import FixSource, Proposal, text_lines
from jmap.util.text_edits import OverlappingEdits, TextEdit, apply_text_edits

MAX_PASSES = 8
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class FixOptions:
    unsafe: bool = False
    """Also apply the fixes that change the map's meaning."""
    dry_run: bool = False
    """Compute the fixes and their diff; write nothing."""


@dataclass(frozen=True, slots=True)
class FixedFile:
    path: str
    before: str
    after: str
    fixed: int
    """How many findings the applied fixes removed."""

    def diff(self) -> str:
        """The change as a unified diff (``a/PATH`` -> ``b/PATH``)."""
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            f"a/{self.path}",
            f"b/{self.path}",
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass(frozen=True, slots=True)
class FixRun:
    files: list[FixedFile]
    """The files a fix changed (or would change, in a dry run), in file order."""
    result: LintResult
    """The findings that remain (in a dry run: the findings now, before fixing)."""
    unsafe_left: int
    """Findings left that an unsafe fix could remove (when unsafe fixes were not asked for)."""

    @property
    def fixed(self) -> int:
        return sum(f.fixed for f in self.files)


def proposal(loaded: Loaded, text: str, finding: Finding, plan: FilePlan) -> Proposal | None:
    """The fix of ``finding``'s rule for this finding, or None when it has none here."""
    rule = REGISTRY.get(finding.code)
    if rule is None or rule.fix is None or finding.cell is not None:
        return None
    source = FixSource(
        text,
        text_lines(text),
        loaded.document,
        loaded.model,
        plan.settings,
        finding,
        parse_model_path(finding.model_path),
    )
    return rule.fix.propose(source)


def fix_text(path: str, text: str, plan: FilePlan, unsafe: bool) -> tuple[str, int, list[Finding]]:
    """``text`` with every applicable fix applied, how many findings that removed, and the findings left."""
    before_count: int | None = None
    findings: list[Finding] = []
    for _ in range(MAX_PASSES + 1):
        loaded = load_bytes(path, text.encode("utf-8"))
        findings = check_loaded(loaded, plan)
        if before_count is None:
            before_count = len(findings)
        edits = _pass_edits(loaded, text, findings, plan, unsafe)
        if not edits:
            break
        text = apply_text_edits(text, edits)
    return text, max(0, (before_count or 0) - len(findings)), findings


def _pass_edits(loaded: Loaded, text: str, findings: list[Finding], plan: FilePlan, unsafe: bool) -> list[TextEdit]:
    chosen: list[TextEdit] = []
    for f in findings:
        rule = REGISTRY[f.code]
        if rule.fix is None or (rule.fix.applicability is Applicability.UNSAFE and not unsafe):
            continue
        made = proposal(loaded, text, f, plan)
        if made is None:
            continue
        try:
            apply_text_edits(text, [*chosen, *made.edits])
        except OverlappingEdits:
            continue
        chosen.extend(made.edits)
    return chosen


def _unsafe_count(loaded: Loaded, text: str, findings: list[Finding], plan: FilePlan) -> int:
    n = 0
    for f in findings:
        rule = REGISTRY[f.code]
        if rule.fix is not None and rule.fix.applicability is Applicability.UNSAFE:
            n += proposal(loaded, text, f, plan) is not None
    return n


@dataclass(frozen=True, slots=True)
class _Outcome:
    fixed: FixedFile | None
    unsafe_left: int
    linted: bool


def _fix_file(plan: FilePlan, options: FixOptions) -> _Outcome:
    if kind_of(plan.path) != "yaml":
        return _Outcome(None, 0, True)
    raw = read_bytes(plan.path)
    if (not plan.explicit or plan.skip_non_maps) and sniff(plan.path, raw) is Sniff.NOT_MAP:
        return _Outcome(None, 0, False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _Outcome(None, 0, True)
    bom = _BOM if text.startswith(_BOM) else ""
    before = text[len(bom) :]
    after, fixed, left = fix_text(plan.path, before, plan, options.unsafe)
    unsafe_left = 0 if options.unsafe else _unsafe_count(load_bytes(plan.path, after.encode()), after, left, plan)
    if after == before:
        return _Outcome(None, unsafe_left, True)
    if not options.dry_run:
        _write(Path(plan.path), (bom + after).encode("utf-8"))
    return _Outcome(FixedFile(plan.path, before, after, fixed), unsafe_left, True)


def _write(path: Path, data: bytes) -> None:
    from jmap.util.atomic import write_atomic

    def fill(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(path, fill)


def fix_paths(paths: Sequence[Path], options: LintOptions, fix: FixOptions) -> FixRun:
    """Fix every YAML map the paths name, then lint them all again. Raises SourceError for a missing path."""
    outcomes = map_files(functools.partial(_fix_file, options=fix), paths, options, is_map=lambda o: o.linted)
    files = [o.fixed for o in outcomes if o.fixed is not None]
    return FixRun(files, lint(paths, options), sum(o.unsafe_left for o in outcomes))
