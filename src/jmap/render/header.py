"""The header over every view: what the map is, who owns it, whether its review is due."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jmap.domain.durations import how_often
from jmap.domain.review import cadence, review_due
from jmap.render.journey import Journey
from jmap.render.text import LABEL_STYLE, META_STYLE, STAGE_STYLE, clean, is_open, plain
from jmap.util.text import plural


def review_line(journey: Journey) -> Text:
    """``last reviewed … · every … · due … (overdue by N days)``."""
    m = journey.map
    last = m.review.last_reviewed if m.review else None
    if last is None:
        return Text("never reviewed (no review.last_reviewed)", style="bold red")
    every, _ = cadence(m, journey.default_cadence)
    due = review_due(m, journey.default_cadence)
    line = Text(f"last reviewed {last.isoformat()} · {clean(how_often(every))} · ")
    if due is None:
        return line
    left = (due - journey.today).days
    if left < 0:
        line.append(f"due {due.isoformat()}, OVERDUE by {plural(-left, 'day')}", style="bold red")
    elif left == 0:
        line.append(f"due today, {due.isoformat()}", style="bold yellow")
    else:
        line.append(
            f"due {due.isoformat()} (in {plural(left, 'day')})", style="yellow" if left <= journey.due_soon_days else ""
        )
    if last > journey.today:
        line.append(" · the review date is in the future", style="yellow")
    return line


def header(journey: Journey) -> Panel:
    m = journey.map
    fields = Table.grid(padding=(0, 1))
    fields.add_column(style=LABEL_STYLE, no_wrap=True)
    fields.add_column(overflow="fold", ratio=1)
    for label, value in (("Kind", m.kind), ("Segment", m.segment), ("Persona", m.persona), ("Scope", m.scope)):
        if value:
            fields.add_row(label, plain(value))
    fields.add_row("Owner", plain(m.owner) if m.owner else Text("no owner", style="bold red"))
    fields.add_row("Review", review_line(journey))
    touchpoints = sum(len(s.touchpoints) for s in m.stages)
    open_count = sum(
        1 for s in m.stages for t in s.touchpoints for p in t.pain_points if p.opportunity and is_open(p.opportunity)
    )
    fields.add_row(
        "Contents",
        f"{plural(len(m.stages), 'stage')} · {plural(touchpoints, 'touchpoint')} · "
        f"{plural(open_count, 'open opportunity', 'open opportunities')}",
    )
    if journey.stage_id is not None:
        stage = journey.stages[0]
        shown = Text("stage ")
        shown.append(plain(stage.name, STAGE_STYLE))
        shown.append(f" ({clean(stage.id)}) only", style=META_STYLE)
        fields.add_row("Showing", shown)
    return Panel(Group(plain(m.title, "bold"), fields), box=box.ROUNDED, expand=True)
