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
from jmap.util.text import distribute

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


WORD_CAP = 20
"""A column is at least as wide as its longest word up to this; longer words fold."""
HANGING = 3


def _words(texts: list[str | None]) -> int:
    return min(max((len(w) for t in texts if t for w in t.split()), default=1), WORD_CAP)


def _who_texts(steps: list[Step]) -> list[str | None]:
    return [f"{s.number}. {s.touchpoint.name}" for s in steps] + [
        v for s in steps for v in ("Channel:", s.touchpoint.channel, "Owner:", s.touchpoint.owner)
    ]


def _what_texts(steps: list[Step], with_thoughts: bool) -> list[str | None]:
    out: list[str | None] = []
    for s in steps:
        t = s.touchpoint
        out += [f"Action: {t.action}", t.customer_goal, t.playbook, t.thoughts if with_thoughts else None]
    return out


def _pain_texts(steps: list[Step]) -> list[str | None]:
    out: list[str | None] = []
    for s in steps:
        for p in s.touchpoint.pain_points:
            o = p.opportunity
            out += [p.text, *((o.fix, o.owner, o.target, o.impact, o.status) if o else ())]
    return out


def _fits(width: int, headers: list[tuple[str, int | None, list[str | None]]]) -> bool:
    return sum(_lows(headers)) <= _room(width, headers)


def _fixed_width(title: str, texts: list[str | None]) -> int:
    return max(len(title), *(cell_len(t) for t in texts if t))


def _room(width: int, headers: list[tuple[str, int | None, list[str | None]]]) -> int:
    fixed = sum(_fixed_width(title, texts) for title, ratio, texts in headers if ratio is None)
    return width - fixed - (len(headers) + 1) - 2 * len(headers)


def _lows(headers: list[tuple[str, int | None, list[str | None]]]) -> list[int]:
    """Each text column's longest word, plus the hanging indent of a numbered name or a bullet."""
    return [max(_words(texts), len(title.split()[0])) + HANGING for title, ratio, texts in headers if ratio is not None]


def _table(width: int, headers: list[tuple[str, int | None, list[str | None]]]) -> Table:
    """A table whose text columns share ``width`` by ratio, each at least as wide as its longest word."""
    table = Table(box=box.SQUARE, show_lines=True, border_style=BORDER, expand=True, header_style=LABEL_STYLE)
    flexible = [ratio for _, ratio, _ in headers if ratio is not None]
    room = _room(width, headers)
    widths = iter(distribute(room, flexible, _lows(headers), [room] * len(flexible)))
    for title, ratio, texts in headers:
        if ratio is None:
            table.add_column(title, no_wrap=True, width=_fixed_width(title, texts))
        else:
            table.add_column(title, width=next(widths), overflow="fold")
    return table


def touchpoint_table(journey: Journey, stage: Stage, width: int) -> Table:
    steps = journey.steps(stage)
    if width >= WIDE:
        table = _table(
            width,
            [
                ("Touchpoint", 2, _who_texts(steps)),
                ("Action and goal", 3, _what_texts(steps, False)),
                ("Thoughts", 2, [s.touchpoint.thoughts for s in steps]),
                ("Emotion", None, [emotion_cell(s.touchpoint.emotion).plain for s in steps]),
                ("Pain points", 4, _pain_texts(steps)),
            ],
        )
        for s in steps:
            table.add_row(
                _who(s, False), _what(s, False), plain(s.touchpoint.thoughts, "italic") or Text(DASH, META_STYLE),
                emotion_cell(s.touchpoint.emotion), _pains(s),
            )  # fmt: skip
    elif width >= MEDIUM:
        table = _table(
            width,
            [
                ("Touchpoint", 1, [*_who_texts(steps), "Emotion:"]),
                ("Action, goal, thoughts", 2, _what_texts(steps, True)),
                ("Pain points", 2, _pain_texts(steps)),
            ],
        )
        for s in steps:
            table.add_row(_who(s, True), _what(s, True), _pains(s))
    else:
        headers: list[tuple[str, int | None, list[str | None]]] = [
            ("Touchpoint", 2, [*_who_texts(steps), "Emotion:"]),
            ("Details", 3, [*_what_texts(steps, True), "Pain points:", *_pain_texts(steps)]),
        ]
        two = _fits(width, headers)
        table = _table(width, headers if two else [("Touchpoint", 1, [])])
        for s in steps:
            details: list[RenderableType] = [_what(s, True)]
            if s.touchpoint.pain_points:
                details += [Text("Pain points:", style=LABEL_STYLE), _pains(s)]
            else:
                details.append(Text("Pain points: ", style=LABEL_STYLE).append(DASH, style=META_STYLE))
            if two:
                table.add_row(_who(s, True), Group(*details))
            else:
                table.add_row(Group(_who(s, True), *details))
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
