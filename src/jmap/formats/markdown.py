"""Write a map as Markdown (GitHub flavour): the facts, the grid, and the opportunities ranked for planning.

The grid has one column per touchpoint in journey order (an empty stage keeps
one column); the stage name, owner and goal sit in the stage's first column.
All text from the map is shown literally: Markdown and HTML punctuation is
backslash-escaped, line breaks become ``<br>``, control characters are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from jmap.domain.durations import how_often
from jmap.model import IMPACTS, JourneyMap, Opportunity, PainPoint, Stage, Touchpoint

IMPACT_ORDER: Final = (*IMPACTS, None)
STATUS_ORDER: Final = ("in-progress", "open", "idea", None, "shipped", "measured", "dropped")
EMOTION_FACES: Final = {-2: "😠", -1: "🙁", 0: "😐", 1: "🙂", 2: "😀"}

_PUNCTUATION: Final = re.compile(r"([\\`*_\[\]<>|~&])")
_BLOCK_START: Final = re.compile(r"^(\s*)([#>+=-]|[0-9]+[.)])")
_BREAKS: Final = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def to_markdown(m: JourneyMap) -> str:
    out: list[str] = [f"# {md_text(m.title, breaks=' ')}", ""]
    out += _facts(m)
    out += ["## Map", ""]
    out += _grid(m) if m.stages else ["No stages yet.", ""]
    out += ["## Opportunities", ""]
    out += _opportunities(m)
    return "\n".join(out).rstrip("\n") + "\n"


def md_text(value: str | None, *, breaks: str = "<br>") -> str:
    """Map text made literal for Markdown, on one line."""
    if not value:
        return ""
    text = _PUNCTUATION.sub(r"\\\1", value)
    text = _CONTROL.sub("", _BREAKS.sub("\n", text))
    text = "\n".join(_BLOCK_START.sub(r"\1\\\2", line) for line in text.split("\n"))
    return text.replace("\n", breaks)


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
            words = [w for w in (item.type and f"{item.type}:", md_text(item.source)) if w]
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

    stage_names = [md_text(s.name) if first else "" for s, _, first in columns]
    lines = [
        _row("Stage", stage_names),
        "|" + "---|" * (len(columns) + 1),
        _row("Stage owner", per_stage("owner")),
        _row("Customer goal", per_stage("customer_goal")),
        _row("Touchpoint", [md_text(tp.name) if tp else "" for _, tp, _ in columns]),
        _row("Channel", per_touchpoint("channel")),
        _row("Owner", per_touchpoint("owner")),
        _row("Action", per_touchpoint("action")),
        _row("Thoughts", per_touchpoint("thoughts")),
        _row("Emotion", [_emotion(tp) for _, tp, _ in columns]),
        _row("Pain points", [_pain_points(tp) for _, tp, _ in columns]),
        _row("Opportunities (owner)", [_fixes(tp) for _, tp, _ in columns]),
        _row("Moment of truth", [_flag(tp) for _, tp, _ in columns]),
    ]
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
    return "<br>".join(f"• {md_text(p.text) or '(no text)'}" for p in tp.pain_points)


def _fix(o: Opportunity) -> str:
    fix = md_text(o.fix) or "(no fix yet)"
    return f"{fix} ({md_text(o.owner)})" if o.owner else fix


def _fixes(tp: Touchpoint | None) -> str:
    if tp is None:
        return ""
    return "<br>".join(f"• {_fix(p.opportunity)}" for p in tp.pain_points if p.opportunity)


def ranked(m: JourneyMap) -> list[tuple[Stage, Touchpoint, PainPoint, Opportunity]]:
    """Every opportunity: by impact (high first, none last), then open work first, then journey order."""
    found = [(s, tp, p, p.opportunity) for _, s, _, tp in m.touchpoints() for p in tp.pain_points if p.opportunity]
    return sorted(found, key=lambda f: (IMPACT_ORDER.index(f[3].impact), STATUS_ORDER.index(f[3].status)))


def _opportunities(m: JourneyMap) -> list[str]:
    rows = ranked(m)
    if not rows:
        return ["No opportunities yet."]
    lines = [
        "| Impact | Status | Opportunity | Pain point | Stage | Touchpoint | Owner | Target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for stage, tp, pain, opp in rows:
        cells = [
            opp.impact or "",
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
