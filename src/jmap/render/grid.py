"""The grid view: stages across, layers down, as printed journey maps are read.

The layout follows the width available:

* ``wide``: one column per touchpoint, each stage's name, owner and goal in a
  band spanning its touchpoints' columns;
* ``compact``: one column per stage, listing its touchpoints by number;
* ``stacked``: one block per stage, one below the other, each wide when its
  touchpoints fit and compact otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from jmap.domain.layers import STAGE_LAYERS, TOUCHPOINT_LAYERS
from jmap.domain.metrics import summary
from jmap.model import Handoff, Metric, Opportunity, Stage
from jmap.render.curve import EmotionCurve
from jmap.render.journey import Journey, Step
from jmap.render.text import (
    ARROW,
    BULLET,
    IMPACT_STYLE,
    LABEL_STYLE,
    META_STYLE,
    MOMENT,
    MOMENT_STYLE,
    STAGE_STYLE,
    TOUCHPOINT_STYLE,
    emotion_glyph,
    emotion_style,
    emotion_text,
    plain,
)

LABEL_WIDTH = 13
MIN_TOUCHPOINT_WIDTH = 14
MAX_TOUCHPOINT_WIDTH = 36
MIN_STAGE_WIDTH = 20
MAX_STAGE_WIDTH = 48
BORDER = "dim"
DASH = "—"


def _or_dash(value: str | None, style: str = "") -> Text:
    return plain(value, style) if value else Text(DASH, style=META_STYLE)


def hanging(marker: str, body: RenderableType, style: str = META_STYLE) -> Table:
    """``marker`` then ``body``, wrapped lines of the body indented under its first."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(marker, style=style), body)
    return grid


def touchpoint_title(step: Step) -> Text:
    out = Text(f"{step.number}. ", style=META_STYLE)
    return out.append(touchpoint_name(step))


def touchpoint_name(step: Step) -> Text:
    out = plain(step.touchpoint.name, TOUCHPOINT_STYLE)
    if step.touchpoint.moment_of_truth:
        out.append(f" {MOMENT}", style=MOMENT_STYLE)
    return out


def touchpoint_cell(step: Step) -> Table:
    return hanging(f"{step.number}. ", touchpoint_name(step))


def emotion_cell(value: int | None) -> Text:
    text = f"{emotion_glyph(value)} {emotion_text(value)}"
    return Text(text if value is not None else f"{text} not recorded", style=emotion_style(value))


def opportunity_status(o: Opportunity) -> Text:
    out = Text()
    if o.impact:
        out.append(f"{o.impact} impact", style=IMPACT_STYLE[o.impact])
    else:
        out.append("impact not set", style=META_STYLE)
    if o.effort:
        out.append(f" · {o.effort} effort")
    out.append(" · ")
    out.append(o.status or "no status", style="" if o.status else META_STYLE)
    return out


def opportunity_cell(o: Opportunity) -> Table:
    """The fix, with its owner, target, impact and status indented beneath it."""
    lines: list[RenderableType] = [_or_dash(o.fix, "bold"), Text("owner: ").append(_or_dash(o.owner))]
    if o.target:
        lines.append(Text("target: ").append(plain(o.target)))
    lines.append(opportunity_status(o))
    return hanging(f"{ARROW} ", Group(*lines), style="")


def pain_points_cell(step: Step) -> Group | None:
    points = step.touchpoint.pain_points
    if not points:
        return None
    items = []
    for p in points:
        line = _or_dash(p.text)
        if p.basis:
            line.append(f" ({p.basis})", style=META_STYLE)
        if p.opportunity is None:
            line.append(" (no opportunity yet)", style=META_STYLE)
        items.append(hanging(f"{BULLET} ", line, style=""))
    return Group(*items)


def opportunities_cell(step: Step) -> Group | None:
    found = [p.opportunity for p in step.touchpoint.pain_points if p.opportunity is not None]
    return Group(*[opportunity_cell(o) for o in found]) if found else None


_Cell = Callable[[Step], RenderableType | None]

_CELLS: dict[str, _Cell] = {
    "Touchpoint": touchpoint_cell,
    "Channel": lambda s: plain(s.touchpoint.channel) or None,
    "Owner": lambda s: plain(s.touchpoint.owner) or None,
    "Action": lambda s: plain(s.touchpoint.action) or None,
    "Thoughts": lambda s: plain(s.touchpoint.thoughts, "italic") or None,
    "Emotion": lambda s: emotion_cell(s.touchpoint.emotion),
    "Pain points": pain_points_cell,
    "Opportunities": opportunities_cell,
    "Moment of truth": lambda s: Text(f"{MOMENT} yes", style=MOMENT_STYLE) if s.touchpoint.moment_of_truth else None,
}
_LIST_ONLY_PRESENT = {"Pain points", "Opportunities", "Moment of truth"}


def _wide_cell(layer: str, step: Step) -> RenderableType:
    return _CELLS[layer](step) or Text(DASH, style=META_STYLE)


def _compact_cell(layer: str, steps: list[Step]) -> RenderableType:
    """One stage's touchpoints in one cell, each led by the touchpoint's number."""
    if layer == "Touchpoint":
        return Group(*[touchpoint_cell(s) for s in steps]) if steps else Text("(no touchpoints)", META_STYLE)
    if layer == "Moment of truth":
        marked = [touchpoint_cell(s) for s in steps if s.touchpoint.moment_of_truth]
        return Group(*marked) if marked else Text(DASH, style=META_STYLE)
    items: list[RenderableType] = []
    for s in steps:
        value = _CELLS[layer](s)
        if value is None and layer in _LIST_ONLY_PRESENT:
            continue
        items.append(hanging(f"{s.number}. ", value or Text(DASH, style=META_STYLE)))
    return Group(*items) if items else Text(DASH, style=META_STYLE)


def metric_line(metric: Metric) -> Text:
    """``Activation rate: 62% (target 80%, off track)``, the verdict in green or red."""
    line = summary(metric)
    state = metric.on_track()
    if state is None:
        return plain(line)
    word = "on track" if state else "off track"
    head, _, tail = line.rpartition(word)
    return plain(head).append(word, style="green" if state else "bold red").append(tail)


def handoff_text(h: Handoff) -> Text:
    """``Sales → CSM: deal notes (owner: Sales ops)``."""
    out = Text()
    if h.from_ or h.to:
        out.append(plain(h.from_ or "?")).append(" → ").append(plain(h.to or "?"))
    if h.what:
        out.append(": " if out.plain else "").append(plain(h.what))
    if h.owner:
        out.append(f"{' ' if out.plain else ''}(owner: ").append(plain(h.owner)).append(")")
    return out


def time_in_stage(stage: Stage) -> Text | None:
    """``30 days; exit: First workflow live · Admin trained``, either part alone, or None when the stage has neither."""
    if not stage.expected_duration and not stage.exit_criteria:
        return None
    out = plain(stage.expected_duration) if stage.expected_duration else Text()
    if stage.exit_criteria:
        out.append("; exit: " if stage.expected_duration else "exit: ", style=LABEL_STYLE)
        out.append(plain(" · ".join(stage.exit_criteria)))
    return out


def _metrics_cell(stage: Stage) -> RenderableType:
    if not stage.metrics:
        return Text(DASH, style=META_STYLE)
    return Group(*[hanging(f"{BULLET} ", metric_line(m), style="") for m in stage.metrics])


_EXTRA_STAGE_LAYERS: dict[str, Callable[[Stage], RenderableType | None]] = {
    "Handoff": lambda s: handoff_text(s.handoff) if s.handoff else None,
    "Time in stage": time_in_stage,
    "Metrics": lambda s: _metrics_cell(s) if s.metrics else None,
}


def stage_layers(stages: list[Stage]) -> tuple[str, ...]:
    """The band's rows: name, owner and goal, then handoff, time in stage and metrics when some stage has them."""
    extra = [name for name, get in _EXTRA_STAGE_LAYERS.items() if any(get(s) is not None for s in stages)]
    return (*STAGE_LAYERS, *extra)


def _stage_cells(stage: Stage, layers: tuple[str, ...]) -> list[RenderableType]:
    cells: list[RenderableType] = [plain(stage.name, STAGE_STYLE), _or_dash(stage.owner), _or_dash(stage.customer_goal)]
    for name in layers[len(STAGE_LAYERS) :]:
        cells.append(_EXTRA_STAGE_LAYERS[name](stage) or Text(DASH, style=META_STYLE))
    return cells


def _table(widths: list[int]) -> Table:
    table = Table(box=box.SQUARE, show_header=False, show_lines=True, border_style=BORDER, padding=(0, 1), expand=False)
    table.add_column(style=LABEL_STYLE, width=LABEL_WIDTH, overflow="fold")
    for w in widths:
        table.add_column(width=w, overflow="fold")
    return table


def _merge_char(up: str, down: str) -> str:
    """The box character joining the bottom edge of one table to the top edge of the next."""
    arms = {"─": "lr", "└": "ur", "┘": "ul", "┴": "ulr", "┌": "dr", "┐": "dl", "┬": "dlr"}
    joined = set(arms.get(up, "")) | set(arms.get(down, ""))
    shapes = {
        frozenset("lr"): "─",
        frozenset("udr"): "├",
        frozenset("udl"): "┤",
        frozenset("udlr"): "┼",
        frozenset("ulr"): "┴",
        frozenset("dlr"): "┬",
    }
    return shapes.get(frozenset(joined), down)


class Banded:
    """Two tables of equal width drawn as one: the band's bottom edge merges into the grid's top edge."""

    def __init__(self, band: Table, grid: Table) -> None:
        self.band = band
        self.grid = grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        upper = console.render_lines(self.band, options, pad=False)
        lower = console.render_lines(self.grid, options, pad=False)
        top_edge = "".join(seg.text for seg in upper[-1])
        bottom_edge = "".join(seg.text for seg in lower[0])
        if len(top_edge) != len(bottom_edge):
            yield self.band
            yield self.grid
            return
        for line in upper[:-1]:
            yield from line
            yield Segment.line()
        merged = "".join(_merge_char(a, b) for a, b in zip(top_edge, bottom_edge, strict=True))
        yield Segment(merged, console.get_style(BORDER))
        yield Segment.line()
        for line in lower[1:]:
            yield from line
            yield Segment.line()


def _frame_width(columns: int) -> int:
    """Characters taken by borders, padding and the label column around ``columns`` content columns."""
    return 1 + LABEL_WIDTH + 3 + 3 * columns


def wide_width(stages: list[Stage], width: int) -> int | None:
    """Each touchpoint column's width in the wide layout, or None when they do not fit."""
    columns = sum(max(1, len(s.touchpoints)) for s in stages)
    w = min(MAX_TOUCHPOINT_WIDTH, (width - _frame_width(columns)) // columns)
    return w if w >= needed_width(stages) else None


def needed_width(stages: list[Stage]) -> int:
    """The narrowest touchpoint column that cuts no word of a touchpoint's name (after its number)."""
    longest = max((len(word) + 3 for s in stages for t in s.touchpoints for word in t.name.split()), default=0)
    return max(MIN_TOUCHPOINT_WIDTH, min(longest, MAX_TOUCHPOINT_WIDTH))


def compact_width(stages: list[Stage], width: int, minimum: int = MIN_STAGE_WIDTH) -> int | None:
    w = min(MAX_STAGE_WIDTH, (width - _frame_width(len(stages))) // len(stages))
    return w if w >= minimum else None


def _stage_band(journey: Journey, stages: list[Stage], widths: list[int]) -> Table:
    """The stage layers of ``stages`` as rows, one column per stage at ``widths``."""
    band = _table(widths)
    layers = stage_layers(journey.stages)
    rows = [_stage_cells(s, layers) for s in stages]
    for i, label in enumerate(layers):
        band.add_row(label, *[r[i] for r in rows])
    return band


def wide_block(journey: Journey, stages: list[Stage], w: int) -> Banded:
    spans = [max(1, len(s.touchpoints)) for s in stages]
    band = _stage_band(journey, stages, [k * w + 3 * (k - 1) for k in spans])
    grid = _table([w] * sum(spans))
    for layer in TOUCHPOINT_LAYERS:
        cells: list[RenderableType] = []
        for stage in stages:
            steps = journey.steps(stage)
            if steps:
                cells.extend(_wide_cell(layer, step) for step in steps)
            else:
                cells.append(Text("(no touchpoints)" if layer == "Touchpoint" else "", style=META_STYLE))
        grid.add_row(layer, *cells)
    return Banded(band, grid)


def compact_block(journey: Journey, stages: list[Stage], w: int) -> Banded:
    band = _stage_band(journey, stages, [w] * len(stages))
    grid = _table([w] * len(stages))
    for layer in TOUCHPOINT_LAYERS:
        grid.add_row(layer, *[_compact_cell(layer, journey.steps(s)) for s in stages])
    return Banded(band, grid)


def layout(stages: list[Stage], width: int) -> str:
    """``wide``, ``compact`` or ``stacked``: the first that fits ``width`` readably."""
    if not stages or wide_width(stages, width) is not None:
        return "wide"
    if compact_width(stages, width) is not None:
        return "compact"
    return "stacked"


class GridView:
    def __init__(self, journey: Journey) -> None:
        self.journey = journey

    def blocks(self, width: int) -> list[RenderableType]:
        stages = self.journey.stages
        if not stages:
            return [Text("The map has no stages.", style=META_STYLE)]
        chosen = layout(stages, width)
        if chosen == "wide":
            return [wide_block(self.journey, stages, wide_width(stages, width) or MIN_TOUCHPOINT_WIDTH)]
        if chosen == "compact":
            return [compact_block(self.journey, stages, compact_width(stages, width) or MIN_STAGE_WIDTH)]
        out: list[RenderableType] = []
        fitting = [w for w in (wide_width([s], width) for s in stages if len(s.touchpoints) > 1) if w is not None]
        shared = min(fitting, default=MAX_TOUCHPOINT_WIDTH)
        for stage in stages:
            if out:
                out.append(Text())
            own = wide_width([stage], width)
            if own is not None:
                common = shared if shared >= needed_width([stage]) else own
                out.append(wide_block(self.journey, [stage], own if len(stage.touchpoints) <= 1 else common))
            else:
                out.append(compact_block(self.journey, [stage], compact_width([stage], width, minimum=1) or 1))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Group(*self.blocks(options.max_width))
        if not self.journey.stages:
            return
        legend = Text(f"{MOMENT} moment of truth", style=META_STYLE)
        legend.append(" · numbers follow the journey, as in the curve below", style=META_STYLE)
        yield legend
        yield Text()
        yield EmotionCurve(self.journey)
