"""Write a map as Markdown (GitHub flavour): the facts, the grid, and the opportunities ranked for planning.

The grid has one column per touchpoint in journey order (an empty stage keeps
one column); the stage name, owner and goal sit in the stage's first column.
All text from the map is shown literally: Markdown and HTML punctuation is
backslash-escaped, line breaks become ``<br>``, control characters are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Final

from jmap.domain.durations import how_often
from jmap.domain.layers import MAP_LAYERS, layer_label
from jmap.domain.metrics import summary as metric_summary
from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme, format_priority, rank
from jmap.model import JourneyMap, Opportunity, PainPoint, Stage, Touchpoint

EMOTION_FACES: Final = {-2: "😠", -1: "🙁", 0: "😐", 1: "🙂", 2: "😀"}

_PUNCTUATION: Final = re.compile(r"([\\`*_\[\]<>|~&])")
_BLOCK_START: Final = re.compile(r"^(\s*)(?:([#>+=-])|([0-9]+)([.)])(?=\s|$))")
_BREAKS: Final = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def to_markdown(m: JourneyMap, priority: PriorityScheme = DEFAULT_PRIORITY) -> str:
    out: list[str] = [f"# {md_text(m.title, breaks=' ')}", ""]
    out += _facts(m)
    out += ["## Map", ""]
    out += _grid(m) if m.stages else ["No stages yet.", ""]
    out += _stages(m)
    out += ["## Opportunities", ""]
    out += _opportunities(m, priority)
    return "\n".join(out).rstrip("\n") + "\n"


def md_text(value: str | None, *, breaks: str = "<br>") -> str:
    """Map text made literal for Markdown, on one line."""
    if not value:
        return ""
    text = _PUNCTUATION.sub(r"\\\1", value)
    text = _CONTROL.sub("", _BREAKS.sub("\n", text))
    text = "\n".join(_BLOCK_START.sub(_literal_block_start, line) for line in text.split("\n"))
    return text.replace("\n", breaks)


def _literal_block_start(m: re.Match[str]) -> str:
    """``# x`` -> ``\\# x``; ``1. x`` -> ``1\\. x`` (a backslash before a digit would show)."""
    indent, mark, number, dot = m.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{dot}"


def _facts(m: JourneyMap) -> list[str]:
    facts = [
        ("Id", m.id),
        ("Kind", m.kind),
        ("Segment", m.segment),
        ("Persona", m.persona),
        ("Scope", m.scope),
        ("Owner", m.owner),
    ]
    out = [f"- **{label}:** {md_text(value)}" for label, value in facts if value]
    if m.review and (m.review.last_reviewed or m.review.every):
        parts = []
        if m.review.last_reviewed:
            parts.append(f"last reviewed {m.review.last_reviewed.isoformat()}")
        if m.review.every:
            parts.append(md_text(how_often(m.review.every)))
        out.append(f"- **Review:** {', '.join(parts)}")
    if m.goals:
        out.append("- **Goals:**")
        out += [f"  - {md_text(goal)}" for goal in m.goals]
    if m.evidence:
        out.append("- **Evidence:**")
        for item in m.evidence:
            words = [w for w in (item.id and f"`{item.id}`", item.type and f"{item.type}:", md_text(item.source)) if w]
            if item.date:
                words.append(f"({item.date.isoformat()})")
            out.append(f"  - {' '.join(words) or '(not described)'}")
    return [*out, ""] if out else []


def _row(label: str, cells: Iterable[str]) -> str:
    return "| " + " | ".join([f"**{label}**", *cells]) + " |"


def _grid(m: JourneyMap) -> list[str]:
    columns: list[tuple[Stage, Touchpoint | None, bool]] = []
    for stage in m.stages:
        if not stage.touchpoints:
            columns.append((stage, None, True))
        for i, tp in enumerate(stage.touchpoints):
            columns.append((stage, tp, i == 0))

    def per_stage(get: str) -> list[str]:
        return [md_text(getattr(s, get)) if first else "" for s, _, first in columns]

    def per_touchpoint(get: str) -> list[str]:
        return [md_text(getattr(tp, get)) if tp else "" for _, tp, _ in columns]

    def each(cell: Callable[[Touchpoint | None], str]) -> list[str]:
        return [cell(tp) for _, tp, _ in columns]

    cells: dict[str, Callable[[], list[str]]] = {
        "Stage": lambda: per_stage("name"),
        "Stage owner": lambda: per_stage("owner"),
        "Customer goal": lambda: per_stage("customer_goal"),
        "Touchpoint": lambda: per_touchpoint("name"),
        "Channel": lambda: per_touchpoint("channel"),
        "Owner": lambda: per_touchpoint("owner"),
        "Action": lambda: per_touchpoint("action"),
        "Thoughts": lambda: per_touchpoint("thoughts"),
        "Emotion": lambda: each(_emotion),
        "Pain points": lambda: each(_pain_points),
        "Opportunities": lambda: each(_fixes),
        "Moment of truth": lambda: each(_flag),
    }
    lines = [_row(layer_label(layer), cells[layer]()) for layer in MAP_LAYERS]
    lines.insert(1, "|" + "---|" * (len(columns) + 1))
    return [*lines, ""]


def _emotion(tp: Touchpoint | None) -> str:
    if tp is None or tp.emotion is None:
        return ""
    return f"{tp.emotion:+d} {EMOTION_FACES[tp.emotion]}" if tp.emotion else f"0 {EMOTION_FACES[0]}"


def _flag(tp: Touchpoint | None) -> str:
    if tp is None or tp.moment_of_truth is None:
        return ""
    return "yes" if tp.moment_of_truth else "no"


def _pain_points(tp: Touchpoint | None) -> str:
    if tp is None:
        return ""
    return "<br>".join(f"• {md_text(p.text) or '(no text)'}{_basis(p)}" for p in tp.pain_points)


def _basis(p: PainPoint) -> str:
    """`` (observed: `interviews`)`` after a pain point that says what it rests on."""
    cited = ", ".join(f"`{e}`" for e in p.evidence)
    if p.basis and cited:
        return f" ({p.basis}: {cited})"
    if p.basis or cited:
        return f" ({p.basis or cited})"
    return ""


def _fix(o: Opportunity) -> str:
    fix = md_text(o.fix) or "(no fix yet)"
    return f"{fix} ({md_text(o.owner)})" if o.owner else fix


def _fixes(tp: Touchpoint | None) -> str:
    if tp is None:
        return ""
    return "<br>".join(f"• {_fix(p.opportunity)}" for p in tp.pain_points if p.opportunity)


def ranked(
    m: JourneyMap, priority: PriorityScheme = DEFAULT_PRIORITY
) -> list[tuple[Stage, Touchpoint, PainPoint, Opportunity]]:
    """Every opportunity, by priority (domain.ranking), then open work first, then journey order."""
    found = [(s, tp, p, p.opportunity) for _, s, _, tp in m.touchpoints() for p in tp.pain_points if p.opportunity]
    return rank(found, lambda f: f[3], priority)


def _stages(m: JourneyMap) -> list[str]:
    """Per stage, what the grid has no room for: handoff, time in stage, metrics with their values."""
    out: list[str] = []
    for stage in m.stages:
        lines: list[str] = []
        h = stage.handoff
        if h is not None:
            who = " → ".join(md_text(x) for x in (h.from_, h.to) if x)
            parts = [p for p in (who, md_text(h.what), f"owner {md_text(h.owner)}" if h.owner else "") if p]
            lines.append(f"- **Handoff:** {'; '.join(parts)}")
        if stage.expected_duration:
            lines.append(f"- **Expected duration:** {md_text(stage.expected_duration)}")
        if stage.exit_criteria:
            lines.append(f"- **Exit criteria:** {'; '.join(md_text(c) for c in stage.exit_criteria)}")
        metrics = [(None, x) for x in stage.metrics] + [(t, x) for t in stage.touchpoints for x in t.metrics]
        if metrics:
            lines.append("- **Metrics:**")
            for tp, metric in metrics:
                at = f" ({md_text(tp.name)})" if tp else ""
                dated = f", as of {metric.as_of.isoformat()}" if metric.as_of else ""
                lines.append(f"  - {md_text(metric_summary(metric))}{at}{dated}")
        if lines:
            out += [f"### {md_text(stage.name, breaks=' ')}", "", *lines, ""]
    return ["## Stages", "", *out] if out else []


def _opportunities(m: JourneyMap, priority: PriorityScheme) -> list[str]:
    rows = ranked(m, priority)
    if not rows:
        return ["No opportunities yet."]
    lines = [
        "| Priority | Impact | Effort | Confidence | Status | Opportunity | Pain point | Stage | Touchpoint | Owner "
        "| Target |",
        "|---:|---|---|---|---|---|---|---|---|---|---|",
    ]
    for stage, tp, pain, opp in rows:
        cells = [
            format_priority(priority.priority(opp)),
            opp.impact or "",
            opp.effort or "",
            opp.confidence or "",
            opp.status or "",
            md_text(opp.fix) or "(no fix yet)",
            md_text(pain.text),
            md_text(stage.name),
            md_text(tp.name),
            md_text(opp.owner),
            md_text(opp.target),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
