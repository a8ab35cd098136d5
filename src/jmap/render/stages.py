"""The stages view: a panel per stage (owner, goal, mindset, red flags, metrics), its touchpoints as rows."""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from jmap.model import Stage
from jmap.render.grid import BORDER, DASH, emotion_cell, hanging, opportunity_cell, touchpoint_cell
from jmap.render.journey import Journey, Step
from jmap.render.text import BULLET, LABEL_STYLE, META_STYLE, STAGE_STYLE, clean, join_lines, plain

WIDE = 116
MEDIUM = 72


def _labelled(label: str, value: str | None, style: str = "") -> Text:
    out = Text(f"{label}: ", style=LABEL_STYLE)
    return out.append(plain(value, style) if value else Text(DASH, style=META_STYLE))


def _who(step: Step, with_emotion: bool) -> Group:
    t = step.touchpoint
    lines: list[RenderableType] = [
        touchpoint_cell(step), _labelled("Channel", t.channel), _labelled("Owner", t.owner)
    ]  # fmt: skip
    if with_emotion:
        lines.append(Text("Emotion: ", style=LABEL_STYLE).append(emotion_cell(t.emotion)))
    return Group(*lines)


def _what(step: Step, with_thoughts: bool) -> Text:
    t = step.touchpoint
    lines = [_labelled("Action", t.action)]
    if t.customer_goal:
        lines.append(_labelled("Goal", t.customer_goal))
    if with_thoughts:
        lines.append(_labelled("Thoughts", t.thoughts, "italic"))
    if t.playbook:
        lines.append(_labelled("Playbook", t.playbook))
    return join_lines(lines)


def _pains(step: Step) -> RenderableType:
    items: list[RenderableType] = []
    for p in step.touchpoint.pain_points:
        text = plain(p.text) if p.text else Text(DASH, style=META_STYLE)
        fix = opportunity_cell(p.opportunity) if p.opportunity else Text("no opportunity yet", style=META_STYLE)
        items.append(hanging(f"{BULLET} ", Group(text, fix), style=""))
    return Group(*items) if items else Text(DASH, style=META_STYLE)


def _bullets(items: list[str]) -> RenderableType:
    if not items:
        return Text(DASH, style=META_STYLE)
    return Group(*[hanging(f"{BULLET} ", plain(item), style="") for item in items])


def _table(headers: list[tuple[str, int | None]]) -> Table:
    table = Table(box=box.SQUARE, show_lines=True, border_style=BORDER, expand=True, header_style=LABEL_STYLE)
    for title, ratio in headers:
        if ratio is None:
            table.add_column(title, no_wrap=True)
        else:
            table.add_column(title, ratio=ratio, overflow="fold")
    return table


def touchpoint_table(journey: Journey, stage: Stage, width: int) -> Table:
    steps = journey.steps(stage)
    if width >= WIDE:
        table = _table(
            [("Touchpoint", 2), ("Action and goal", 3), ("Thoughts", 2), ("Emotion", None), ("Pain points", 4)]
        )
        for s in steps:
            table.add_row(
                _who(s, False), _what(s, False), plain(s.touchpoint.thoughts, "italic") or Text(DASH, META_STYLE),
                emotion_cell(s.touchpoint.emotion), _pains(s),
            )  # fmt: skip
    elif width >= MEDIUM:
        table = _table([("Touchpoint", 1), ("Action, goal, thoughts", 2), ("Pain points", 2)])
        for s in steps:
            table.add_row(_who(s, True), _what(s, True), _pains(s))
    else:
        table = _table([("Touchpoint", 2), ("Details", 3)])
        for s in steps:
            details: list[RenderableType] = [_what(s, True)]
            if s.touchpoint.pain_points:
                details += [Text("Pain points:", style=LABEL_STYLE), _pains(s)]
            else:
                details.append(Text("Pain points: ", style=LABEL_STYLE).append(DASH, style=META_STYLE))
            table.add_row(_who(s, True), Group(*details))
    return table


def _about(stage: Stage) -> Table:
    fields = Table.grid(padding=(0, 1))
    fields.add_column(style=LABEL_STYLE, no_wrap=True)
    fields.add_column(ratio=1, overflow="fold")
    fields.add_row("Owner", plain(stage.owner) or Text(DASH, META_STYLE))
    fields.add_row("Customer goal", plain(stage.customer_goal) or Text(DASH, META_STYLE))
    fields.add_row("Mindset", plain(stage.mindset, "italic") or Text(DASH, META_STYLE))
    fields.add_row("Red flags", _bullets(stage.red_flags))
    fields.add_row("Metrics", _bullets(stage.metrics))
    return fields


class StagesView:
    def __init__(self, journey: Journey) -> None:
        self.journey = journey

    def panel(self, stage: Stage, width: int) -> Panel:
        total = len(self.journey.map.stages)
        position = next(i for i, s in enumerate(self.journey.map.stages, start=1) if s is stage)
        heading = plain(stage.name, STAGE_STYLE)
        heading.append(f"  stage {position} of {total} · {clean(stage.id)}", style=META_STYLE)
        parts: list[RenderableType] = [_about(stage), Text()]
        if stage.touchpoints:
            parts.append(touchpoint_table(self.journey, stage, width - 4))
        else:
            parts.append(Text("(no touchpoints)", style=META_STYLE))
        if cell_len(heading.plain) + 6 <= width:
            return Panel(Group(*parts), title=heading, title_align="left", box=box.ROUNDED, border_style="cyan")
        return Panel(Group(heading, *parts), box=box.ROUNDED, border_style="cyan")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.journey.stages:
            yield Text("The map has no stages.", style=META_STYLE)
        for stage in self.journey.stages:
            yield self.panel(stage, options.max_width)
