"""The portfolio report: freshness, ownership and open opportunities across many maps. No Typer, no Rich.

Files are found and linted as ``jmap lint`` does (same discovery, config and
rules); each readable map also gives its counts, owners and open
opportunities. A map that cannot be read at all is listed with its error and
left out of the tables; it never stops the report.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from jmap.domain.metrics import summary as metric_summary
from jmap.domain.metrics import value_text
from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme, format_priority, order
from jmap.domain.review import review_due
from jmap.domain.vocabulary import OPEN_STATUSES
from jmap.errors import SourceError
from jmap.findings import Severity
from jmap.formats import read_bytes
from jmap.formats.markdown import md_text
from jmap.lint.core import FilePlan, LintOptions, check_loaded, map_files
from jmap.lint.discovery import Sniff, sniff
from jmap.lint.twins import Clash, Twin, map_identity, one_per_map
from jmap.loader import load_bytes
from jmap.model import JourneyMap, slugify
from jmap.rules.base import RuleSettings
from jmap.util.gc_pause import gc_paused
from jmap.util.text import plural

MD_MAP_HEADERS = (
    "Map", "Title", "Path", "Stages", "Touchpoints", "Owned", "Last reviewed", "Review", "Open", "Errors", "Warnings",
    "Invalid",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class MapRow:
    id: str
    title: str
    path: str
    stages: int
    touchpoints: int
    owned_share: float | None
    """Share of touchpoints with an owner, rounded to two places; None for a map without touchpoints."""
    last_reviewed: date | None
    review_due: date | None
    days_since_review: int | None
    review_overdue: bool
    """True past the due date, and for a map that was never reviewed."""
    open_opportunities: int
    errors: int
    warnings: int
    invalid_items: int = 0
    """Stages, touchpoints, pain points and evidence items that could not be read; none of them is counted."""


@dataclass(frozen=True, slots=True)
class OpenOpportunity:
    map: str
    stage: str
    stage_name: str
    touchpoint: str
    touchpoint_name: str
    fix: str | None
    owner: str | None
    target: str | None
    impact: str | None
    status: str | None
    effort: str | None = None
    confidence: str | None = None
    value: str | None = None
    priority: float = 0.0
    """From the configured priority scheme (domain.ranking); the list is ranked by it."""

    def rank(self) -> tuple[float, int]:
        return order(self.priority, self.status)


@dataclass(frozen=True, slots=True)
class MetricRow:
    """A metric with a current value or a target: the numbers of the portfolio."""

    map: str
    stage: str
    touchpoint: str | None
    where: str
    """``Onboarding`` or ``Onboarding › Kickoff call``."""
    name: str
    unit: str | None
    current: float | None
    target: float | None
    as_of: date | None
    on_track: bool | None
    summary: str
    """One line, as render shows it: ``Activation rate: 62% (target 80%, off track)``."""


def metric_state(row: MetricRow) -> str:
    """``on track``, ``off track``, ``no current value``, ``no target`` or ``no direction``."""
    if row.on_track is not None:
        return "on track" if row.on_track else "off track"
    if row.current is None:
        return "no current value"
    if row.target is None:
        return "no target"
    return "no direction"


@dataclass(frozen=True, slots=True)
class OwnerRow:
    owner: str
    touchpoints: int
    open_opportunities: int
    maps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unreadable:
    path: str
    error: str
    """One line: ``path:line:col: CODE message`` (or ``path[Sheet!A1]: …``)."""


@dataclass(frozen=True, slots=True)
class FileReport:
    """What one worker learns about one file (picklable)."""

    path: str
    row: MapRow | None = None
    opportunities: tuple[OpenOpportunity, ...] = ()
    metrics: tuple[MetricRow, ...] = ()
    touchpoint_owners: tuple[str, ...] = ()
    other_owners: tuple[str, ...] = ()
    """Map, stage and closed-opportunity owners: they put the map on an owner's list without adding counts."""
    unreadable: Unreadable | None = None
    page: str | None = None
    """The map's own picture page, when the report builds a site."""
    identity: tuple[str, str | None] | None = None
    """The map id and a digest of the content, to count a map and its own workbook once (``jmap.lint.twins``)."""


PageMaker = Callable[[JourneyMap, RuleSettings], str]
"""Makes a readable map's picture page (``jmap.pictures.site.map_page``); must be picklable."""


@dataclass(slots=True)
class Portfolio:
    today: date
    maps: list[MapRow] = field(default_factory=list)
    owners: list[OwnerRow] = field(default_factory=list)
    opportunities: list[OpenOpportunity] = field(default_factory=list)
    metrics: list[MetricRow] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)
    """Map path -> its picture page (only when a PageMaker was given)."""
    twins: list[Twin] = field(default_factory=list)
    """Files left out because another file of their folder holds the same map (a map and its own workbook)."""
    clashes: list[Clash] = field(default_factory=list)
    """Files of one folder that hold one map id with different content (all are counted)."""


def report_file(plan: FilePlan, page: PageMaker | None = None) -> FileReport | None:
    """Lint one file and summarise its map (and draw its page); None for a file the folder rule skips."""
    try:
        raw = read_bytes(plan.path)
    except SourceError as exc:
        return FileReport(plan.path, unreadable=Unreadable(plan.path, str(exc)))
    if (not plan.explicit or plan.skip_non_maps) and sniff(plan.path, raw) is Sniff.NOT_MAP:
        return None
    loaded = load_bytes(plan.path, raw)
    with gc_paused():
        findings = check_loaded(loaded, plan)
    if loaded.model is None:
        return FileReport(plan.path, unreadable=Unreadable(plan.path, loaded.first_fault(hint=False)))
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    model = loaded.usable_model()
    settings = plan.settings
    out = summarize(
        model,
        plan.path,
        settings.today,
        settings.review_every,
        errors,
        warnings,
        invalid=len(loaded.invalid),
        priority=settings.priority,
    )
    out = replace(out, identity=map_identity(loaded))
    return out if page is None else replace(out, page=page(model, plan.settings))


def summarize(
    m: JourneyMap,
    path: str,
    today: date,
    review_every: str,
    errors: int,
    warnings: int,
    invalid: int = 0,
    priority: PriorityScheme = DEFAULT_PRIORITY,
) -> FileReport:
    """The row, open opportunities and owners of one map; ``invalid`` counts the objects left out of ``m``."""
    map_id = m.id or slugify(Path(path).stem)
    touchpoints = m.touchpoints()
    owned = sum(1 for *_, t in touchpoints if t.owner)
    last = m.review.last_reviewed if m.review else None
    due = review_due(m, review_every)
    opportunities: list[OpenOpportunity] = []
    other_owners = [o for o in (m.owner, *(s.owner for s in m.stages)) if o]
    for _, stage, _, tp in touchpoints:
        for pp in tp.pain_points:
            o = pp.opportunity
            if o is None:
                continue
            if o.status is not None and o.status not in OPEN_STATUSES:
                if o.owner:
                    other_owners.append(o.owner)
                continue
            opportunities.append(
                OpenOpportunity(
                    map_id,
                    stage.id,
                    stage.name,
                    tp.id,
                    tp.name,
                    o.fix,
                    o.owner,
                    o.target,
                    o.impact,
                    o.status,
                    o.effort,
                    o.confidence,
                    o.value,
                    priority.priority(o),
                )
            )
    row = MapRow(
        id=map_id,
        title=m.title,
        path=path,
        stages=len(m.stages),
        touchpoints=len(touchpoints),
        owned_share=round(owned / len(touchpoints), 2) if touchpoints else None,
        last_reviewed=last,
        review_due=due,
        days_since_review=(today - last).days if last else None,
        review_overdue=today > due if due else last is None,
        open_opportunities=len(opportunities),
        errors=errors,
        warnings=warnings,
        invalid_items=invalid,
    )
    metrics = tuple(
        MetricRow(
            map_id,
            stage.id,
            tp.id if tp else None,
            stage.name + (f" › {tp.name}" if tp else ""),
            metric.name,
            metric.unit,
            metric.current,
            metric.target,
            metric.as_of,
            metric.on_track(),
            metric_summary(metric),
        )
        for _, stage, tp, metric in m.metrics()
        if metric.current is not None or metric.target is not None
    )
    return FileReport(
        path,
        row,
        tuple(opportunities),
        metrics,
        tuple(t.owner for *_, t in touchpoints if t.owner),
        tuple(other_owners),
    )


def build_portfolio(
    paths: Sequence[Path],
    options: LintOptions,
    progress: Callable[[int, int], None] | None = None,
    page: PageMaker | None = None,
) -> Portfolio:
    """Report on files and folders. Raises SourceError for a path that does not exist."""
    work = report_file if page is None else functools.partial(report_file, page=page)
    reports = map_files(work, paths, options, progress, is_map=lambda r: r is not None)
    return combine([r for r in reports if r is not None], options.effective_today())


def combine(reports: Sequence[FileReport], today: date) -> Portfolio:
    out = Portfolio(today)
    owners: dict[str, dict[str, Any]] = {}

    def tally(name: str, map_id: str, touchpoints: int = 0, open_opportunities: int = 0) -> None:
        entry = owners.setdefault(
            name.casefold(), {"owner": name, "touchpoints": 0, "open_opportunities": 0, "maps": []}
        )
        entry["touchpoints"] += touchpoints
        entry["open_opportunities"] += open_opportunities
        if map_id not in entry["maps"]:
            entry["maps"].append(map_id)

    readable = [r for r in reports if r.identity is not None]
    kept, out.twins, out.clashes = one_per_map(readable, lambda r: r.path, lambda r: r.identity or ("", None))
    left_out = {id(r) for r in readable} - {id(r) for r in kept}
    for r in reports:
        if id(r) in left_out:
            continue
        if r.unreadable is not None:
            out.unreadable.append(r.unreadable)
            continue
        if r.row is None:
            continue
        out.maps.append(r.row)
        if r.page is not None:
            out.pages[r.path] = r.page
        map_id = r.row.id
        for name in r.touchpoint_owners:
            tally(name, map_id, touchpoints=1)
        for o in r.opportunities:
            if o.owner:
                tally(o.owner, map_id, open_opportunities=1)
        for name in r.other_owners:
            tally(name, map_id)
        out.opportunities.extend(r.opportunities)
        out.metrics.extend(r.metrics)
    out.owners = sorted(
        (OwnerRow(e["owner"], e["touchpoints"], e["open_opportunities"], tuple(e["maps"])) for e in owners.values()),
        key=lambda o: (-o.touchpoints, -o.open_opportunities, o.owner.casefold()),
    )
    out.opportunities.sort(key=OpenOpportunity.rank)
    return out


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def twin_line(t: Twin) -> str:
    return f"{t.left_out} holds the same map as {t.kept} ({t.map_id!r}); it is counted once, as {t.kept}"


def clash_line(c: Clash) -> str:
    return f"map id {c.map_id!r} is held by {' and '.join(c.paths)} with different content; each is counted"


def portfolio_dict(p: Portfolio) -> dict[str, Any]:
    """The JSON document of cli.md, keys in its order; stage and touchpoint are given by id."""
    return {
        "maps": [
            {
                "id": m.id,
                "title": m.title,
                "path": m.path,
                "stages": m.stages,
                "touchpoints": m.touchpoints,
                "owned_share": m.owned_share,
                "last_reviewed": _iso(m.last_reviewed),
                "review_due": _iso(m.review_due),
                "days_since_review": m.days_since_review,
                "review_overdue": m.review_overdue,
                "open_opportunities": m.open_opportunities,
                "errors": m.errors,
                "warnings": m.warnings,
                "invalid_items": m.invalid_items,
            }
            for m in p.maps
        ],
        "owners": [
            {
                "owner": o.owner,
                "touchpoints": o.touchpoints,
                "open_opportunities": o.open_opportunities,
                "maps": list(o.maps),
            }
            for o in p.owners
        ],
        "opportunities": [
            {
                "map": o.map,
                "stage": o.stage,
                "touchpoint": o.touchpoint,
                "fix": o.fix,
                "owner": o.owner,
                "target": o.target,
                "impact": o.impact,
                "status": o.status,
                "effort": o.effort,
                "confidence": o.confidence,
                "value": o.value,
                "priority": o.priority,
            }
            for o in p.opportunities
        ],
        "metrics": [
            {
                "map": r.map,
                "stage": r.stage,
                "touchpoint": r.touchpoint,
                "name": r.name,
                "unit": r.unit,
                "current": r.current,
                "target": r.target,
                "as_of": _iso(r.as_of),
                "state": metric_state(r),
            }
            for r in p.metrics
        ],
        **({"twins": [{"id": t.map_id, "kept": t.kept, "left_out": t.left_out} for t in p.twins]} if p.twins else {}),
        **({"clashes": [{"id": c.map_id, "paths": list(c.paths)} for c in p.clashes]} if p.clashes else {}),
    }


def portfolio_json(p: Portfolio) -> str:
    return json.dumps(portfolio_dict(p), indent=2, ensure_ascii=False) + "\n"


def share(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def review_state(m: MapRow) -> str:
    """``overdue by 12 days``, ``due in 40 days``, ``never reviewed``: the freshness verdict in words."""
    if m.last_reviewed is None or m.review_due is None:
        return "never reviewed"
    left = (m.review_due - m.last_reviewed).days - (m.days_since_review or 0)
    if m.review_overdue:
        return f"overdue by {plural(-left, 'day')}"
    if m.days_since_review is not None and m.days_since_review < 0:
        return "reviewed in the future"
    return f"due in {plural(left, 'day')}"


def invalid_note(m: MapRow) -> str:
    """``2 invalid items left out``: what the counts of a map with unreadable objects do not include."""
    return f"{plural(m.invalid_items, 'invalid item')} left out"


def headline(p: Portfolio) -> str:
    n = len(p.maps) + len(p.unreadable)
    overdue = sum(1 for m in p.maps if m.review_overdue)
    parts = [plural(n, "map")]
    if p.unreadable:
        parts.append(f"{len(p.unreadable)} unreadable")
    parts.append(f"{overdue} overdue for review")
    parts.append(plural(len(p.opportunities), "open opportunity", "open opportunities"))
    return f"{', '.join(parts)} (as of {p.today.isoformat()})"


def _value(value: float | None, unit: str | None) -> str | None:
    return None if value is None else value_text(value, unit)


def _md(value: object) -> str:
    """A table cell: text from a map made literal as ``jmap export`` to ``.md`` does, or a dash."""
    if value is None or value == "":
        return "—"
    return md_text(str(value))


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[object]], right: frozenset[int] = frozenset()) -> str:
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
    lines.extend("| " + " | ".join(_md(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)


def _md_map_row(m: MapRow) -> tuple[object, ...]:
    return (
        m.id, m.title, m.path, m.stages, m.touchpoints, share(m.owned_share), _iso(m.last_reviewed),
        review_state(m), m.open_opportunities, m.errors, m.warnings, m.invalid_items,
    )  # fmt: skip


def _md_section(
    title: str, headers: Sequence[str], rows: list[Sequence[object]], right: frozenset[int], empty: str
) -> list[str]:
    """A ``##`` section holding a table, or the sentence that says there is nothing to list."""
    return ["", f"## {title}", "", _md_table(headers, rows, right) if rows else empty]


def portfolio_markdown(p: Portfolio) -> str:
    out = ["# Journey map portfolio", "", headline(p) + "."]
    out += _md_section(
        "Maps",
        MD_MAP_HEADERS,
        [_md_map_row(m) for m in p.maps],
        frozenset({3, 4, 5, 8, 9, 10, 11}),
        "No readable maps.",
    )
    out += _md_section(
        "Owners",
        ("Owner", "Touchpoints", "Open opportunities", "Maps"),
        [(o.owner, o.touchpoints, o.open_opportunities, ", ".join(o.maps)) for o in p.owners],
        frozenset({1, 2}),
        "No owners named yet.",
    )
    out += _md_section(
        "Open opportunities",
        ("#", "Priority", "Impact", "Effort", "Status", "Fix", "Map", "Stage", "Touchpoint", "Owner", "Target"),
        [
            (
                i,
                format_priority(o.priority),
                o.impact,
                o.effort,
                o.status,
                o.fix,
                o.map,
                o.stage_name,
                o.touchpoint_name,
                o.owner,
                o.target,
            )
            for i, o in enumerate(p.opportunities, 1)
        ],
        frozenset({0, 1}),
        "No open opportunities.",
    )
    if p.metrics:
        out += _md_section(
            "Metrics",
            ("Metric", "Current", "Target", "State", "As of", "Map", "Where"),
            [
                (
                    r.name,
                    _value(r.current, r.unit),
                    _value(r.target, r.unit),
                    metric_state(r),
                    _iso(r.as_of),
                    r.map,
                    r.where,
                )
                for r in p.metrics
            ],
            frozenset(),
            "",
        )
    if p.unreadable:
        out += ["", "## Unreadable maps", ""]
        out.extend(f"- {md_text(u.error)}" for u in p.unreadable)
    if p.twins or p.clashes:
        out += ["", "## Maps kept in two files", ""]
        out.extend(f"- {md_text(line)}" for line in same_map_lines(p))
    return "\n".join(out) + "\n"


def same_map_lines(p: Portfolio) -> list[str]:
    """One line per map kept in two files of a folder: counted once (twins), or twice (clashes)."""
    return [*(twin_line(t) for t in p.twins), *(clash_line(c) for c in p.clashes)]
