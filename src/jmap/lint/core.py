"""The lint core: ``lint(paths, options) -> LintResult``. No Typer, no Rich."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from jmap.document import RawDocument
from jmap.findings import Finding, Location, ModelPath, Severity, format_model_path
from jmap.fingerprint import id_path
from jmap.formats import kind_of, parse, plain_zip_member, read_bytes
from jmap.lint.config import Config
from jmap.lint.discovery import Candidate, discover
from jmap.lint.selection import glob_match, resolve_selectors
from jmap.model import JourneyMap
from jmap.rules import REGISTRY, Hit, Rule, RuleContext, RuleSettings, find_rule
from jmap.util.gc_pause import gc_paused
from jmap.validate import Validated, build_model

T = TypeVar("T")

STRUCTURAL = frozenset(code for code, rule in REGISTRY.items() if rule.structural)
PARALLEL_MIN_FILES = 24
_MAP_MARKER = re.compile(rb"""^(?:jmap|"jmap"|'jmap')[ \t]*:""", re.MULTILINE)
_XLSX_MARKER = re.compile(rb"""<sheet\b[^>]*\bname=["']Touchpoints["']""", re.IGNORECASE)


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


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: str
    linted: bool
    findings: tuple[Finding, ...] = ()
    kind: str = "yaml"


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
        return len({f.path for f in self.findings})

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
    dropped = resolve_selectors((*config.ignore, *ignore))
    return frozenset((chosen - dropped) | STRUCTURAL)


def plan_files(candidates: Sequence[Candidate], options: LintOptions) -> list[FilePlan]:
    cfg = options.config
    enabled = enabled_codes(cfg, options.select, options.ignore)
    settings = RuleSettings(
        today=options.effective_today(),
        review_every=cfg.review_every,
        due_soon_days=cfg.due_soon_days,
        max_stage_ratio=cfg.max_stage_ratio,
        pre_sale_stages=cfg.pre_sale_stages,
        owners=cfg.owners,
    )
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
                if glob_match(glob, rel):
                    dropped |= resolve_selectors(codes)
            file_enabled = frozenset((enabled - dropped) | STRUCTURAL)
        plans.append(FilePlan(c.path, c.explicit, file_enabled, cfg.severity, settings, options.skip_non_maps))
    return plans


def is_map(path: str, raw: bytes) -> bool:
    """The folder rule: a YAML file with a top-level ``jmap:`` key, or a workbook with a Touchpoints sheet."""
    if kind_of(path) == "xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                info = zf.getinfo("xl/workbook.xml")
                if info.file_size > 4 * 1024 * 1024 or not plain_zip_member(info):
                    return False
                return _XLSX_MARKER.search(zf.read(info)) is not None
        except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
            return False
    return _MAP_MARKER.search(raw) is not None


def lint_file(plan: FilePlan) -> FileOutcome:
    raw = read_bytes(plan.path)
    if (not plan.explicit or plan.skip_non_maps) and not is_map(plan.path, raw):
        return FileOutcome(plan.path, False, kind=kind_of(plan.path) or "yaml")
    with gc_paused():
        doc = parse(plan.path, raw)
        findings = tuple(check_document(doc, plan))
    return FileOutcome(plan.path, True, findings, doc.kind)


def _where(doc: RawDocument) -> Callable[[ModelPath], str]:
    def where(path: ModelPath) -> str:
        loc = doc.positions.locate(path)
        if loc.cell:
            return loc.cell
        return f"line {loc.line}" if loc.line else "the top"

    return where


@dataclass(slots=True)
class _Suppression:
    code: str | None
    """None when the entry names no rule."""
    text: str
    location: Location
    used: bool = False


def _codes_in(values: Iterable[object]) -> list[tuple[str | None, str]]:
    out: list[tuple[str | None, str]] = []
    for v in values:
        for part in re.split(r"[\s,]+", str(v).strip()):
            if part:
                rule = find_rule(part)
                out.append((rule.code if rule else None, part))
    return out


def check_document(doc: RawDocument, plan: FilePlan, validated: Validated | None = None) -> list[Finding]:
    """All findings for one parsed file: reader issues, schema faults, rules, suppressions, severities.

    ``validated`` is the document's model when the caller built it already (it is built once).
    """
    if validated is None:
        validated = build_model(doc, default_id=Path(doc.path).stem)
    raw_findings: list[tuple[str, str, Location, ModelPath]] = []
    for issue in (*doc.issues, *validated.issues):
        raw_findings.append((issue.code, issue.message, issue.location, issue.model_path))
    model = validated.model
    object_suppressions: dict[ModelPath, list[_Suppression]] = {}
    if model is not None:
        ctx = RuleContext(model, plan.settings, _where(doc))
        skip = validated.broken
        repaired = validated.repaired
        for code in sorted(plan.enabled):
            rule_cls: type[Rule] = REGISTRY[code]
            if rule_cls.structural and code != "JM004":
                continue
            hit: Hit
            for hit in rule_cls().check(ctx):
                if hit.path in repaired or any(hit.path[: len(b)] == b for b in skip):
                    continue
                raw_findings.append((code, hit.message, doc.positions.locate(hit.path), hit.path))
        object_suppressions = _object_suppressions(model, doc)
    comment_suppressions: dict[int, list[_Suppression]] = {}
    for c in doc.ignore_comments:
        entries = [_Suppression(code, text, Location(c.line, c.column)) for code, text in _codes_in(c.codes)]
        comment_suppressions.setdefault(c.target_line, []).extend(
            entries or [_Suppression(None, "", Location(c.line, c.column))]
        )

    kept: list[tuple[str, str, Location, ModelPath]] = []
    for code, message, loc, path in raw_findings:
        if code not in plan.enabled:
            continue
        if code not in STRUCTURAL and _suppressed(code, path, loc, object_suppressions, comment_suppressions):
            continue
        kept.append((code, message, loc, path))

    if "JM006" in plan.enabled:
        every = [
            *(s for ss in object_suppressions.values() for s in ss),
            *(s for ss in comment_suppressions.values() for s in ss),
        ]
        for s in every:
            if s.used:
                continue
            if s.code is None and not s.text:
                kept.append(
                    ("JM006", "suppression names no code; write the codes, e.g. # jmap: ignore[JM101]", s.location, ())
                )
            elif s.code is None:
                kept.append(("JM006", f"suppression names {s.text!r}, which is no jmap rule", s.location, ()))
            elif s.code in STRUCTURAL:
                kept.append(("JM006", f"{s.code} is a structure rule and cannot be suppressed", s.location, ()))
            elif s.code in plan.enabled:
                kept.append(("JM006", f"suppression of {s.code} silences no finding; remove it", s.location, ()))

    overrides = dict(plan.severity)
    out = []
    for code, message, loc, path in kept:
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
                id_path=id_path(doc.data, path),
            )
        )
    out.sort(key=Finding.sort_key)
    return out


def _object_suppressions(model: JourneyMap, doc: RawDocument) -> dict[ModelPath, list[_Suppression]]:
    found: dict[ModelPath, list[_Suppression]] = {}

    def add(obj_path: ModelPath, values: list[object]) -> None:
        if not values:
            return
        key_path = (*obj_path, "x-jmap-ignore")
        entries = []
        for i, (code, text) in enumerate(_codes_in(values)):
            loc = doc.positions.get((*key_path, i)) or doc.positions.locate(key_path)
            entries.append(_Suppression(code, text, loc))
        found[obj_path] = entries

    add((), model.ignored_codes())
    for si, stage in enumerate(model.stages):
        add(("stages", si), stage.ignored_codes())
        for ti, tp in enumerate(stage.touchpoints):
            add(("stages", si, "touchpoints", ti), tp.ignored_codes())
    return found


def _suppressed(
    code: str,
    path: ModelPath,
    loc: Location,
    objects: dict[ModelPath, list[_Suppression]],
    comments: dict[int, list[_Suppression]],
) -> bool:
    hit = False
    if objects:
        for depth in (0, 2, 4):
            if len(path) < depth:
                break
            for s in objects.get(path[:depth], ()):
                if s.code == code:
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
) -> list[T]:
    """Run ``work`` on every file the paths name, in parallel when there are enough; results in file order."""
    candidates = discover(list(paths), options.config.exclude, options.config.root)
    plans = plan_files(candidates, options)
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
    outcomes = map_files(lint_file, paths, options, progress)
    findings = sorted((f for o in outcomes for f in o.findings), key=Finding.sort_key)
    return LintResult(findings, outcomes, options.effective_fail_on)
