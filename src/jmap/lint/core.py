"""The lint core: ``lint(paths, options) -> LintResult``. No Typer, no Rich."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from jmap.document import RawDocument
from jmap.errors import SourceError
from jmap.findings import MAX_FINDINGS_PER_RULE, Finding, Location, ModelPath, Severity, format_model_path, more_message
from jmap.fingerprint import IdPaths
from jmap.formats import kind_of, read_bytes
from jmap.formats.suppressions import nearest, split_entry
from jmap.lint.config import Config
from jmap.lint.discovery import Candidate, Sniff, check_found, discover, sniff
from jmap.lint.paths import path_matches
from jmap.lint.selection import resolve_selectors
from jmap.lint.twins import map_identity, one_per_map
from jmap.loader import Loaded, Session, load_bytes
from jmap.model import JourneyMap
from jmap.rules import REGISTRY, Hit, Rule, RuleContext, RuleSettings, find_rule
from jmap.util.gc_pause import gc_paused
from jmap.util.text import split_codes
from jmap.validate import type_name

T = TypeVar("T")

STRUCTURAL = frozenset(code for code, rule in REGISTRY.items() if rule.structural)
PARALLEL_MIN_FILES = 24


@dataclass(frozen=True, slots=True)
class LintOptions:
    config: Config = field(default_factory=Config)
    select: tuple[str, ...] | None = None
    """Replaces the configured ``select`` when given."""
    ignore: tuple[str, ...] = ()
    """Added to the configured ``ignore``."""
    today: date | None = None
    fail_on: str | None = None
    skip_non_maps: bool = False
    jobs: int | None = None

    @property
    def effective_fail_on(self) -> str:
        return self.fail_on or self.config.fail_on

    def effective_today(self) -> date:
        return self.today or self.config.today or date.today()


@dataclass(frozen=True, slots=True)
class FilePlan:
    """Everything a worker needs to lint one file (picklable)."""

    path: str
    explicit: bool
    enabled: frozenset[str]
    severity: tuple[tuple[str, Severity], ...]
    settings: RuleSettings
    skip_non_maps: bool
    twins: bool = True
    """Whether another file of the run may hold the same map: only then is the content digested (JM004 clashes)."""


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: str
    linted: bool
    findings: tuple[Finding, ...] = ()
    kind: str = "yaml"
    identity: tuple[str, str | None] | None = None
    """The map id the file holds and a digest of its content (``jmap.lint.twins``); None when the run has no other
    file (``FilePlan.twins``)."""


@dataclass(slots=True)
class LintResult:
    findings: list[Finding]
    files: list[FileOutcome]
    fail_on: str = "error"

    @property
    def files_checked(self) -> int:
        return sum(1 for f in self.files if f.linted)

    @property
    def files_with_findings(self) -> int:
        """Checked files with a finding (a finding in another file, such as a baseline, is not one)."""
        checked = {f.path for f in self.files if f.linted}
        return len({f.path for f in self.findings if f.path in checked})

    @property
    def other_paths(self) -> list[str]:
        """Files with findings that were not checked: a baseline with stale entries."""
        checked = {f.path for f in self.files if f.linted}
        return sorted({f.path for f in self.findings if f.path not in checked})

    def counts(self) -> dict[str, int]:
        c = Counter(f.severity.label for f in self.findings)
        return {"error": c["error"], "warning": c["warning"], "info": c["info"]}

    def by_rule(self) -> list[tuple[str, str, str, int]]:
        """(code, name, severity, count), most frequent first."""
        c = Counter((f.code, f.name, f.severity.label) for f in self.findings)
        return [(code, name, sev, n) for (code, name, sev), n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]

    @property
    def failed(self) -> bool:
        if self.fail_on == "never":
            return False
        threshold = Severity.parse(self.fail_on)
        return any(f.severity >= threshold for f in self.findings)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def enabled_codes(config: Config, select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> frozenset[str]:
    chosen = resolve_selectors(select if select is not None else config.select)
    dropped = resolve_selectors((*config.ignore, *ignore), everything=True)
    return frozenset((chosen - dropped) | STRUCTURAL)


def plan_files(candidates: Sequence[Candidate], options: LintOptions) -> list[FilePlan]:
    cfg = options.config
    enabled = enabled_codes(cfg, options.select, options.ignore)
    settings = RuleSettings.of(cfg, options.effective_today())
    plans = []
    for c in candidates:
        file_enabled = enabled
        if cfg.per_file_ignores:
            try:
                rel = Path(c.path).resolve().relative_to(cfg.root).as_posix()
            except ValueError:
                rel = Path(c.path).as_posix()
            dropped: set[str] = set()
            for glob, codes in cfg.per_file_ignores:
                if path_matches((glob,), rel):
                    dropped |= resolve_selectors(codes, everything=True)
            file_enabled = frozenset((enabled - dropped) | STRUCTURAL)
        plans.append(
            FilePlan(
                c.path, c.explicit, file_enabled, cfg.severity, settings, options.skip_non_maps, len(candidates) > 1
            )
        )
    return plans


def lint_file(plan: FilePlan) -> FileOutcome:
    try:
        raw = read_bytes(plan.path)
    except SourceError as exc:
        return unreadable_outcome(plan, str(exc))
    return lint_bytes(plan, raw)[0]


def lint_bytes(plan: FilePlan, raw: bytes, session: Session | None = None) -> tuple[FileOutcome, Loaded | None]:
    """Lint a file's bytes (as read, or as an editor holds them: the next version of ``session``'s document); the
    Loaded is None for a file that is no map."""
    sniffed = sniff(plan.path, raw)
    if (not plan.explicit or plan.skip_non_maps) and sniffed is Sniff.NOT_MAP:
        return FileOutcome(plan.path, False, kind=kind_of(plan.path) or "yaml"), None
    loaded = load_bytes(plan.path, raw, session)
    with gc_paused():
        findings = tuple(check_loaded(loaded, plan))
        identity = map_identity(loaded) if plan.twins else None
    return FileOutcome(plan.path, True, findings, loaded.document.kind, identity), loaded


def unreadable_outcome(plan: FilePlan, message: str) -> FileOutcome:
    """A file found in a folder that cannot be read (a dangling link, a FIFO, no permission): one JM001 finding."""
    rule = REGISTRY["JM001"]
    text = message.removeprefix(f"{plan.path}: ")
    severity = dict(plan.severity).get("JM001", rule.severity)
    finding = Finding(code="JM001", name=rule.name, severity=severity, path=plan.path, message=text, line=1, column=1)
    return FileOutcome(plan.path, True, (finding,), kind_of(plan.path) or "yaml")


def _where(doc: RawDocument) -> Callable[[ModelPath], str]:
    def where(path: ModelPath) -> str:
        loc = doc.positions.locate(path)
        if loc.cell:
            return loc.cell
        return f"line {loc.line}" if loc.line else "the top"

    return where


class _Echoes:
    """One fault, one finding: tells which rule findings would only repeat a fault already reported.

    A rule's finding is an echo when the field it is about (or a field its
    verdict reads, ``Rule.reads``) was removed as faulty, belongs to an object
    that could not be read, is what a misspelt key or column meant
    (``SourceIssue.hides``), or sits in the very cell a reader fault names.
    """

    def __init__(self, loaded: Loaded) -> None:
        v = loaded.validated
        self.exact: set[ModelPath] = set(v.repaired)
        self.broken = tuple(v.broken)
        self.patterns: list[ModelPath] = []
        self.cells: set[str] = set()
        for issue in loaded.issues:
            for hidden in issue.hides:
                if "*" in hidden:
                    self.patterns.append(hidden)
                else:
                    self.exact.add(hidden)
            if issue.location.cell:
                self.cells.add(issue.location.cell)

    def __call__(self, rule: type[Rule], path: ModelPath, loc: Location) -> bool:
        if loc.cell is not None and loc.cell in self.cells:
            return True
        about = [path, *((*path[:-1], name) for name in rule.reads)] if path else [path]
        for p in about:
            if p in self.exact or any(p[: len(b)] == b for b in self.broken):
                return True
            for pattern in self.patterns:
                if len(pattern) == len(p) and all(a == "*" or a == b for a, b in zip(pattern, p, strict=True)):
                    return True
        return False


_Raw = tuple[str, str, Location, ModelPath, int]
"""A finding before it gets a severity: code, message, location, model path, how many faults it stands for."""


@dataclass(slots=True)
class _Suppression:
    code: str | None
    """None when the entry names no rule."""
    text: str
    location: Location
    used: bool = False
    problem: str | None = None
    """Why the entry is not a suppression at all (a mapping or list where a code belongs)."""
    field: ModelPath = ()
    """``JM501@moment_of_truth``: only findings at that field of the object (see ``formats.suppressions``)."""


def _codes_in(values: Iterable[object]) -> list[tuple[str | None, str, ModelPath]]:
    out: list[tuple[str | None, str, ModelPath]] = []
    for v in values:
        if not str(v).strip():
            out.append((None, "", ()))
        for part in split_codes(str(v)):
            code, field = split_entry(part)
            rule = find_rule(code)
            out.append((rule.code if rule else None, code if field else part, field))
    return out


def check_loaded(loaded: Loaded, plan: FilePlan) -> list[Finding]:
    """All findings for one loaded file: reader issues, schema faults, rules, suppressions, severities."""
    doc, validated = loaded.document, loaded.validated
    raw_findings: list[_Raw] = []
    for issue in loaded.issues:
        raw_findings.append((issue.code, issue.message, issue.location, issue.model_path, issue.count))
    model = validated.model
    object_suppressions: dict[ModelPath, list[_Suppression]] = {}
    if model is not None:
        ctx = RuleContext(model, plan.settings, _where(doc))
        echo = _Echoes(loaded)
        for code in sorted(plan.enabled):
            rule_cls: type[Rule] = REGISTRY[code]
            if rule_cls.structural and code != "JM004":
                continue
            hit: Hit
            for hit in rule_cls().check(ctx):
                loc = doc.positions.locate(hit.path)
                if not echo(rule_cls, hit.path, loc):
                    raw_findings.append((code, hit.message, loc, hit.path, 1))
        object_suppressions = _object_suppressions(model, doc)
    comment_suppressions: dict[int, list[_Suppression]] = {}
    for c in doc.ignore_comments:
        entries = [_Suppression(code, text, Location(c.line, c.column)) for code, text, _ in _codes_in(c.codes)]
        comment_suppressions.setdefault(c.target_line, []).extend(
            entries or [_Suppression(None, "", Location(c.line, c.column))]
        )

    kept: list[_Raw] = []
    for code, message, loc, path, count in raw_findings:
        if code not in plan.enabled:
            continue
        if code not in STRUCTURAL and _suppressed(code, path, loc, object_suppressions, comment_suppressions, doc.data):
            continue
        kept.append((code, message, loc, path, count))

    if "JM006" in plan.enabled:
        every = [
            *(s for ss in object_suppressions.values() for s in ss),
            *(s for ss in comment_suppressions.values() for s in ss),
        ]
        for s in every:
            if s.used:
                continue
            if s.problem is not None:
                kept.append(("JM006", s.problem, s.location, (), 1))
            elif s.code is None and not s.text:
                kept.append(
                    (
                        "JM006",
                        "suppression names no code; write the codes, e.g. # jmap: ignore[JM101]",
                        s.location,
                        (),
                        1,
                    )
                )
            elif s.code is None:
                kept.append(("JM006", f"suppression names {s.text!r}, which is no jmap rule", s.location, (), 1))
            elif s.code in STRUCTURAL:
                kept.append(("JM006", f"{s.code} is a structure rule and cannot be suppressed", s.location, (), 1))
            elif s.code in plan.enabled:
                kept.append(("JM006", f"suppression of {s.code} silences no finding; remove it", s.location, (), 1))

    overrides = dict(plan.severity)
    named = IdPaths(doc.data)
    out = []
    for code, message, loc, path, _ in _capped(kept):
        rule = REGISTRY[code]
        severity = overrides.get(code, rule.severity)
        out.append(
            Finding(
                code=code,
                name=rule.name,
                severity=severity,
                path=doc.path,
                message=message,
                line=loc.line,
                column=loc.column,
                cell=loc.cell,
                model_path=format_model_path(path),
                end_line=loc.end_line,
                end_column=loc.end_column,
                id_path=named(path),
            )
        )
    out.sort(key=Finding.sort_key)
    return out


def _capped(found: list[_Raw]) -> list[_Raw]:
    """The first MAX_FINDINGS_PER_RULE findings of each rule in file order, then one saying how many more there are."""
    per_code: Counter[str] = Counter()
    for code, *_, count in found:
        per_code[code] += count
    if all(n <= MAX_FINDINGS_PER_RULE for n in per_code.values()):
        return found
    ordered = sorted(found, key=lambda f: ((f[2].cell or "").rpartition("!")[0], f[2].line or 0, f[2].column or 0))
    out = []
    listed: Counter[str] = Counter()
    for code, message, loc, path, count in ordered:
        if listed[code] < MAX_FINDINGS_PER_RULE and count == 1:
            out.append((code, message, loc, path, 1))
        elif listed[code] <= MAX_FINDINGS_PER_RULE:
            rest = per_code[code] - listed[code]
            out.append((code, more_message(code, rest), loc, path, rest))
            listed[code] = MAX_FINDINGS_PER_RULE
        listed[code] += 1
    return out


def _object_suppressions(model: JourneyMap, doc: RawDocument) -> dict[ModelPath, list[_Suppression]]:
    found: dict[ModelPath, list[_Suppression]] = {}

    def add(obj_path: ModelPath, values: list[object]) -> None:
        if not values:
            return
        key_path = (*obj_path, "x-jmap-ignore")
        entries = []
        for i, value in enumerate(values):
            loc = doc.positions.get((*key_path, i)) or doc.positions.locate(key_path)
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                entries.append(
                    _Suppression(
                        None,
                        "",
                        loc,
                        problem=f"x-jmap-ignore entry {i + 1} is {type_name(value)}, not a rule code; "
                        "write codes, e.g. x-jmap-ignore: [JM101, JM405]",
                    )
                )
                continue
            entries.extend(_Suppression(code, text, loc, field=field) for code, text, field in _codes_in([value]))
        found[obj_path] = entries

    add((), model.ignored_codes())
    for si, stage in enumerate(model.stages):
        add(("stages", si), stage.ignored_codes())
        for ti, tp in enumerate(stage.touchpoints):
            add(("stages", si, "touchpoints", ti), tp.ignored_codes())
            for pi, pp in enumerate(tp.pain_points):
                add(("stages", si, "touchpoints", ti, "pain_points", pi), pp.ignored_codes())
    return found


def _suppressed(
    code: str,
    path: ModelPath,
    loc: Location,
    objects: dict[ModelPath, list[_Suppression]],
    comments: dict[int, list[_Suppression]],
    data: Any,
) -> bool:
    hit = False
    if objects:
        shown: ModelPath | None = None
        for depth in (0, 2, 4, 6):
            if len(path) < depth:
                break
            for s in objects.get(path[:depth], ()):
                if s.code != code:
                    continue
                if s.field:
                    shown = nearest(data, path) if shown is None else shown
                    scope = (*path[:depth], *s.field)
                    if shown[: len(scope)] != scope:
                        continue
                s.used = True
                hit = True
    if comments and loc.line is not None:
        for s in comments.get(loc.line, ()):
            if s.code == code:
                s.used = True
                hit = True
    return hit


def _pool_size(options: LintOptions, n: int) -> int:
    if options.jobs is not None:
        return max(1, min(options.jobs, n))
    if n < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8, n // 8))


def map_files(
    work: Callable[[FilePlan], T],
    paths: Sequence[Path],
    options: LintOptions,
    progress: Callable[[int, int], None] | None = None,
    *,
    is_map: Callable[[T], bool],
) -> list[T]:
    """Run ``work`` on every file the paths name, in parallel when there are enough; results in file order.

    Raises SourceError when a folder named in ``paths`` holds no file that ``is_map`` accepts.
    """
    candidates = discover(list(paths), options.config.exclude, options.config.root)
    results = _run(work, plan_files(candidates, options), options, progress)
    check_found(list(paths), candidates, [is_map(r) for r in results])
    return results


def _run(
    work: Callable[[FilePlan], T],
    plans: list[FilePlan],
    options: LintOptions,
    progress: Callable[[int, int], None] | None,
) -> list[T]:
    workers = _pool_size(options, len(plans))
    results: list[T] = []
    if workers <= 1:
        for i, plan in enumerate(plans, 1):
            results.append(work(plan))
            if progress:
                progress(i, len(plans))
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    chunk = max(1, len(plans) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for i, result in enumerate(pool.map(work, plans, chunksize=chunk), 1):
            results.append(result)
            if progress:
                progress(i, len(plans))
    return results


def lint(
    paths: Sequence[Path],
    options: LintOptions,
    progress: Callable[[int, int], None] | None = None,
) -> LintResult:
    """Lint files and folders. Raises SourceError for a path that does not exist; a broken map is a finding."""
    outcomes = map_files(lint_file, paths, options, progress, is_map=lambda o: o.linted)
    findings = sorted([*(f for o in outcomes for f in o.findings), *clash_findings(outcomes)], key=Finding.sort_key)
    return LintResult(findings, outcomes, options.effective_fail_on)


def clash_findings(outcomes: Sequence[FileOutcome]) -> list[Finding]:
    """JM004 on each file of a folder that holds a map id another file holds with different content."""
    held = [o for o in outcomes if o.identity is not None]
    _, _, clashes = one_per_map(held, lambda o: o.path, lambda o: o.identity or ("", None))
    rule = REGISTRY["JM004"]
    out = []
    for clash in clashes:
        for path in clash.paths:
            others = ", ".join(p for p in clash.paths if p != path)
            out.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=rule.severity,
                    path=path,
                    message=f"map id {clash.map_id!r} is also held by {others}, with different content, so "
                    "the map is counted twice: keep one file per map, or export the one you edited over the other",
                    line=1,
                    column=1,
                )
            )
    return out
