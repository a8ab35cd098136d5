"""The opportunities view: the list a team brings to planning, ranked by impact then status."""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from jmap.model import IMPACTS
from jmap.render.grid import BORDER, DASH, touchpoint_title
from jmap.render.journey import Found, Journey
from jmap.render.text import IMPACT_STYLE, LABEL_STYLE, META_STYLE, STAGE_STYLE, is_open, join_lines, plain
from jmap.util.text import plural

WIDE = 110
STATUS_ORDER = ("in-progress", "open", "idea", None, "shipped", "measured", "dropped")
IMPACT_ORDER = (*IMPACTS, None)


def rank(found: list[Found]) -> list[Found]:
    """High impact first, then medium, low and none; within each, work in progress before open, idea, done."""
    return sorted(
        found, key=lambda f: (IMPACT_ORDER.index(f.opportunity.impact), STATUS_ORDER.index(f.opportunity.status))
    )


def _impact(f: Found) -> Text:
    impact = f.opportunity.impact
    return Text(impact, style=IMPACT_STYLE[impact]) if impact else Text("not set", style=META_STYLE)


def _status(f: Found) -> Text:
    status = f.opportunity.status
    if status is None:
        return Text("no status", style=META_STYLE)
    return Text(status, style="bold" if is_open(f.opportunity) else META_STYLE)


def _where(f: Found) -> Text:
    return plain(f.step.stage.name, STAGE_STYLE).append(" › ").append(touchpoint_title(f.step))


def _fix(f: Found) -> Text:
    out = plain(f.opportunity.fix, "bold") if f.opportunity.fix else Text("(no fix written)", style=META_STYLE)
    if f.pain_point.text:
        out.append("\n").append("for: ", style=META_STYLE).append(plain(f.pain_point.text))
    return out


def _or_dash(value: str | None) -> Text:
    return plain(value) if value else Text(DASH, style=META_STYLE)


def _labelled(label: str, value: Text) -> Text:
    return Text(f"{label}: ", style=LABEL_STYLE).append(value)


def ranked_table(found: list[Found], width: int) -> Table:
    table = Table(box=box.SQUARE, show_lines=True, border_style=BORDER, expand=True, header_style=LABEL_STYLE)
    table.add_column("#", justify="right", no_wrap=True)
    if width >= WIDE:
        table.add_column("Impact", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        table.add_column("Opportunity", ratio=3, overflow="fold")
        table.add_column("Where", ratio=2, overflow="fold")
        table.add_column("Owner", ratio=1, min_width=12, overflow="fold")
        table.add_column("Target", ratio=2, overflow="fold")
        for i, f in enumerate(found, start=1):
            o = f.opportunity
            table.add_row(str(i), _impact(f), _status(f), _fix(f), _where(f), _or_dash(o.owner), _or_dash(o.target))
        return table
    table.add_column("Opportunity", ratio=1, overflow="fold")
    for i, f in enumerate(found, start=1):
        o = f.opportunity
        state = _labelled("Impact", _impact(f)).append(" · ").append(_labelled("Status", _status(f)))
        lines = [
            _fix(f),
            state,
            _labelled("Where", _where(f)),
            _labelled("Owner", _or_dash(o.owner)),
            _labelled("Target", _or_dash(o.target)),
        ]
        table.add_row(str(i), join_lines(lines))
    return table


def summary(journey: Journey, found: list[Found]) -> Text:
    statuses: Counter[str | None] = Counter(f.opportunity.status for f in found)
    out = Text("By status: ", style="bold")
    parts = [f"{status or 'no status'} {statuses[status]}" for status in STATUS_ORDER if statuses[status]]
    out.append(" · ".join(parts) if parts else "none")
    open_count = sum(1 for f in found if is_open(f.opportunity))
    out.append(f"\nStill open (idea, open, in-progress or no status): {open_count} of {len(found)}")
    missing = sum(1 for s in journey.steps() for p in s.touchpoint.pain_points if p.opportunity is None)
    if missing:
        out.append(f"\nPain points with no opportunity yet: {missing}", style="yellow")
    return out


class OpportunitiesView:
    def __init__(self, journey: Journey) -> None:
        self.journey = journey

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        found = rank(self.journey.opportunities())
        title = Text("Opportunities", style="bold")
        title.append(f"  {plural(len(found), 'opportunity', 'opportunities')}, ranked by impact then status")
        yield title
        if found:
            yield ranked_table(found, options.max_width)
        yield summary(self.journey, found)
