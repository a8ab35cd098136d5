"""The slides of a deck, planned in points before anything is drawn: boxes of measured text, dots and lines.

A 16:9 slide is 960 x 540 pt. Text is measured with the pictures' metric
table (``metrics``), an upper bound of the fonts that draw it, so a box is
never too small for what it holds. Text that does not fit a column flows into
the next one, and into a further slide, where it is headed "continued":
nothing is cut. No text is set under ``MIN_SIZE``. ``deck`` draws the plan
with python-pptx; tests read the plan and the drawn deck.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from jmap.domain.metrics import summary as metric_summary
from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme, format_priority, rank
from jmap.domain.vocabulary import OPEN_STATUSES
from jmap.errors import ExportError
from jmap.model import JourneyMap, Opportunity, PainPoint, Stage, Touchpoint
from jmap.pictures.layout import emotion_label, review_status
from jmap.pictures.metrics import safe, shorten, wrap
from jmap.pictures.options import PictureOptions
from jmap.util.text import plural

if TYPE_CHECKING:
    from jmap.changes.compute import Change
    from jmap.history.revision import Revision

SLIDE_W = 960.0
SLIDE_H = 540.0
MARGIN = 36.0
GUTTER = 14.0
FOOTER_Y = SLIDE_H - 28.0
BOTTOM = FOOTER_Y - 8.0
MIN_SIZE = 12.0
LINE = 1.2
"""Line height as a multiple of the font size; the drawn paragraphs use exactly this spacing."""
PAD_X = 8.0
PAD_Y = 6.0
MAX_TEXT = 600
"""Characters of one text shown on a slide; a longer one ends with how many characters the map holds beyond it."""
SHORT = 60
"""Characters of a name repeated in a continuation heading or a table cell."""
CELL_TEXT = 240
"""Characters of a fix or pain point in the opportunities table (a table row cannot continue on the next slide)."""
MAX_SLIDES = 400
STAGE_COLUMNS = 3
CURVE_H = 270.0
MAX_CHEVRON_H = 84.0
"""A stage chevron taller than this (long names in narrow stages) shows the stage's number instead."""
DOT = 13.0
LABEL_ROOM = DOT / 2 + 2 + 12 * LINE + 4
"""Room above the +2 line and below the -2 line for the touchpoint numbers written beside the dots."""
MIN_CURVE_H = 2 * LABEL_ROOM + 4 * (12 * LINE + 2 * PAD_Y + 1)
"""The least height of the overview's curve: its level labels (12 pt) one above the other without touching."""


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    size: float = 14.0
    bold: bool = False
    italic: bool = False
    role: str = "text"
    """text | muted | pain | fix | moment | ok | alert | good | bad: picks the colour."""
    before: float = 0.0
    """Space above the paragraph, in points."""

    def lines(self, width: float) -> list[str]:
        return wrap(self.text, width, self.size, self.bold)

    def height(self, width: float) -> float:
        return self.before + len(self.lines(width)) * self.size * LINE


@dataclass(frozen=True, slots=True)
class Box:
    """A shape with text: ``kind`` picks how it is drawn (text, card, stage, chevron, pill, table-cell)."""

    x: float
    y: float
    w: float
    h: float
    paras: tuple[Para, ...] = ()
    kind: str = "text"
    stage: int = -1
    accent: bool = False
    centred: bool = False


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    value: int
    moment: bool
    label: str | None
    """The touchpoint number written beside the dot, when there is room for it."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight line: a scale line of the curve (``kind`` grid or zero) or a stretch of the curve (curve)."""

    x1: float
    y1: float
    x2: float
    y2: float
    kind: str


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[tuple[Para, ...], ...]
    h: float


@dataclass(frozen=True, slots=True)
class Table:
    x: float
    y: float
    widths: tuple[float, ...]
    header: Row
    rows: tuple[Row, ...]


@dataclass(slots=True)
class Slide:
    title: str
    kind: str
    """title | overview | changes | stage | opportunities"""
    boxes: list[Box] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    bands: list[Box] = field(default_factory=list)
    """Stage-coloured areas behind the curve."""
    tables: list[Table] = field(default_factory=list)
    touchpoints: list[str] = field(default_factory=list)
    """Ids of the touchpoints this slide shows."""


@dataclass(frozen=True, slots=True)
class Block:
    """What flows into columns: paragraphs in one card, split between columns or slides when too tall."""

    paras: tuple[Para, ...]
    kind: str = "card"
    stage: int = -1
    accent: bool = False
    continued: str | None = None
    """The heading of a continuation, e.g. ``4. Kickoff call (continued)``."""
    touchpoint: str | None = None


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` fit for a slide: control characters shown, at most ``limit`` characters with the rest counted."""
    return safe(shorten(text, limit))


def _height(paras: Sequence[Para], width: float) -> float:
    return sum(p.height(width) for p in paras) + 2 * PAD_Y


def _split_para(p: Para, width: float, room: float) -> tuple[Para | None, Para]:
    """The lines of ``p`` that fit in ``room`` points, and the rest."""
    lines = p.lines(width)
    fit = int((room - p.before) // (p.size * LINE))
    if fit <= 0:
        return None, p
    head = replace(p, text=" ".join(lines[:fit]))
    tail = replace(p, text=" ".join(lines[fit:]), before=0.0)
    return head, tail


def _heading(p: Para) -> bool:
    """A label kept with the paragraph under it (small, bold, muted)."""
    return p.bold and p.size <= 12


def _split(block: Block, width: float, room: float) -> tuple[Block | None, Block]:
    """The part of ``block`` that fits in ``room`` points, and the rest (with its continuation heading)."""
    inner = width - 2 * PAD_X
    used = 2 * PAD_Y
    taken: list[Para] = []
    rest = list(block.paras)
    while rest:
        h = rest[0].height(inner)
        if used + h <= room:
            taken.append(rest.pop(0))
            used += h
            continue
        if all(_heading(p) for p in taken):
            head, tail = _split_para(rest[0], inner, room - used)
            if head is not None:
                taken.append(head)
                rest[0] = tail
        break
    while taken and _heading(taken[-1]) and rest:
        rest.insert(0, taken.pop())
    if not taken:
        return None, block
    heading = block.continued
    more = tuple(rest) if heading is None else (Para(heading, 12, bold=True, role="muted"), *rest)
    return replace(block, paras=tuple(taken)), replace(block, paras=more)


@dataclass(frozen=True, slots=True)
class Frame:
    """Where a flow goes on a slide: columns from ``top`` to ``BOTTOM``."""

    top: float
    columns: int
    x: float = MARGIN
    w: float = SLIDE_W - 2 * MARGIN

    @property
    def column_w(self) -> float:
        return (self.w - (self.columns - 1) * GUTTER) / self.columns


def flow(blocks: Iterable[Block], first: Slide, frame: Frame, next_slide: Frame) -> list[Slide]:
    """Lay ``blocks`` into the columns of ``first``, then of continuation slides (same title, "continued")."""
    slides = [first]
    col, y = 0, frame.top
    current = frame
    min_lines = 3 * 14 * LINE + 2 * PAD_Y

    def next_column() -> None:
        nonlocal col, y, current
        col += 1
        if col >= current.columns:
            title = first.title if first.title.endswith("(continued)") else f"{first.title} (continued)"
            slides.append(Slide(title, first.kind))
            if len(slides) > MAX_SLIDES:
                raise ExportError(f"the deck would need more than {MAX_SLIDES} slides; choose one with --stage ID")
            current, col = next_slide, 0
        y = current.top

    for block in blocks:
        pending: Block | None = block
        while pending is not None:
            cw = current.column_w
            h = _height(pending.paras, cw - 2 * PAD_X)
            room = BOTTOM - y
            x = current.x + col * (cw + GUTTER)
            if h <= room:
                _place(slides[-1], pending, x, y, cw, h)
                y += h + GUTTER
                pending = None
                continue
            full = BOTTOM - current.top
            if h <= full and y > current.top:
                next_column()
                continue
            if room < min_lines and y > current.top:
                next_column()
                continue
            head, tail = _split(pending, cw, room)
            if head is None:
                if y == current.top and current is next_slide:
                    raise ExportError("a line of text is taller than a slide")
                next_column()
                continue
            hh = _height(head.paras, cw - 2 * PAD_X)
            _place(slides[-1], head, x, y, cw, hh)
            pending = tail
            next_column()
    return slides


def _place(slide: Slide, block: Block, x: float, y: float, w: float, h: float) -> None:
    slide.boxes.append(Box(x, y, w, h, block.paras, block.kind, block.stage, block.accent))
    if block.touchpoint is not None and block.touchpoint not in slide.touchpoints:
        slide.touchpoints.append(block.touchpoint)


def _title_box(text: str, y: float = 24.0, size: float = 26.0) -> Box:
    para = Para(text, size, bold=True)
    w = SLIDE_W - 2 * MARGIN
    return Box(MARGIN, y, w, _height([para], w - 2 * PAD_X), (para,))


@dataclass(frozen=True, slots=True)
class Deck:
    slides: list[Slide]
    map: JourneyMap
    options: PictureOptions


def plan(
    m: JourneyMap,
    options: PictureOptions | None = None,
    priority: PriorityScheme = DEFAULT_PRIORITY,
    since: Revision | None = None,
) -> Deck:
    """Every slide of the deck of ``m``: title, overview, what changed (``since``), the stages, the ranked open
    opportunities."""
    options = options or PictureOptions()
    numbers = {id(t): n for n, (*_, t) in enumerate(m.touchpoints(), start=1)}
    chosen = [(i, s) for i, s in enumerate(m.stages) if options.stage is None or s.id == options.stage]
    if options.stage is not None and not chosen:
        ids = ", ".join(s.id for s in m.stages) or "none"
        raise ExportError(f"--stage {options.stage!r}: no such stage in this map; the stages are: {ids}")
    slides = _title_slides(m, options, chosen)
    slides += _overview(m, chosen, numbers)
    if since is not None:
        slides += _change_slides(since)
    for index, stage in chosen:
        slides += _stage_slides(m, index, stage, numbers, options)
    slides += _opportunity_slides(chosen, numbers, priority)
    if len(slides) > MAX_SLIDES:
        raise ExportError(f"the deck would need more than {MAX_SLIDES} slides; choose one with --stage ID")
    return Deck(slides, m, options)


def _title_slides(m: JourneyMap, options: PictureOptions, chosen: list[tuple[int, Stage]]) -> list[Slide]:
    paras: list[Para] = [Para(clip(m.title), 36, bold=True)]
    for label, value in (("Segment", m.segment), ("Persona", m.persona), ("Scope", m.scope), ("Kind", m.kind)):
        if value:
            paras.append(Para(f"{label}: {clip(value)}", 18, before=6 if len(paras) == 1 else 0))
    paras.append(Para(f"Owner: {clip(m.owner) if m.owner else 'no owner named'}", 18))
    review, overdue = review_status(m, options)
    paras.append(Para(("⚠ " if overdue else "") + review, 18, bold=True, role="alert" if overdue else "ok", before=10))
    tps = [t for _, s in chosen for t in s.touchpoints]
    moments = sum(1 for t in tps if t.moment_of_truth)
    opens = sum(1 for t in tps for p in t.pain_points if _open(p.opportunity))
    counts = " · ".join(
        (
            plural(len(chosen), "stage", grouped=True),
            plural(len(tps), "touchpoint", grouped=True),
            plural(moments, "moment of truth", "moments of truth", grouped=True),
            plural(opens, "open opportunity", "open opportunities", grouped=True),
        )
    )
    paras.append(Para(counts, 16, role="muted", before=6))
    if options.stage is not None:
        paras.append(Para(f"This deck shows the stage {clip(chosen[0][1].name)} only.", 16, role="muted"))
    first = Slide("Title", "title")
    slides = flow([Block(tuple(paras), kind="text", continued="(continued)")], first, Frame(80.0, 1), Frame(48.0, 1))
    bottom = max(b.y + b.h for b in slides[0].boxes)
    if len(slides) == 1 and chosen:
        x, unit = MARGIN, (SLIDE_W - 2 * MARGIN) / len(chosen)
        names = [(Para(clip(s.name), 14, bold=True),) for _, s in chosen]
        h = max(_height(p, unit - 2 * PAD_X - 24) for p in names)
        if bottom + 24 + h <= BOTTOM and unit >= 90:
            for k, ((index, _), p) in enumerate(zip(chosen, names, strict=True)):
                first.boxes.append(Box(x + k * unit, BOTTOM - h - 16, unit, h, p, "chevron", index, centred=True))
    return slides


def _open(o: Opportunity | None) -> bool:
    return o is not None and (o.status is None or o.status in OPEN_STATUSES)


def _stage_slots(chosen: list[tuple[int, Stage]]) -> list[float]:
    """Each stage's share of the overview's width: its touchpoints, at least three slots so its name fits."""
    return [float(max(len(s.touchpoints), 3)) for _, s in chosen]


def _overview(m: JourneyMap, chosen: list[tuple[int, Stage]], numbers: dict[int, int]) -> list[Slide]:
    slide = Slide("The journey at a glance", "overview")
    slide.boxes.append(_title_box("The journey at a glance"))
    left = MARGIN + 34.0
    width = SLIDE_W - MARGIN - left
    slots = _stage_slots(chosen)
    unit = width / sum(slots) if slots else width
    chevrons: list[Box] = []
    x = left
    lanes: list[tuple[float, float, int, Stage]] = []
    for (index, stage), share in zip(chosen, slots, strict=True):
        w = share * unit
        lanes.append((x, w, index, stage))
        x += w
    top = 24.0 + 26 * LINE + 2 * PAD_Y + 10
    tip = 12.0

    def tallest(paras: Sequence[tuple[Para, ...]]) -> float:
        return max((_height(p, w - 2 * PAD_X - 2 * tip) for p, (_, w, *_) in zip(paras, lanes, strict=True)),
                   default=30.0)  # fmt: skip

    chevron_paras = [(Para(clip(s.name), 14, bold=True),) for *_, s in lanes]
    numbered = tallest(chevron_paras) > MAX_CHEVRON_H
    if numbered:
        chevron_paras = [(Para(str(k), 14, bold=True),) for k in range(1, len(lanes) + 1)]
    chevron_h = tallest(chevron_paras)
    for paras, (x0, w, index, _stage) in zip(chevron_paras, lanes, strict=True):
        chevrons.append(Box(x0, top, w, chevron_h, paras, "chevron", index, centred=True))
    slide.boxes += chevrons
    points: list[tuple[float, Touchpoint]] = []
    for x0, w, _index, stage in lanes:
        n = len(stage.touchpoints)
        for k, t in enumerate(stage.touchpoints):
            points.append((x0 + (k + 0.5) * w / max(n, 1), t))
            slide.touchpoints.append(t.id)
    spacing = min((b[0] - a[0] for a, b in itertools.pairwise(points)), default=width)
    roomy = spacing >= 24.0
    low = min((t.emotion for _, t in points if t.emotion is not None), default=None)
    notes: list[Para] = []
    if numbered:
        notes.append(Para("Stages: " + " · ".join(f"{k}. {clip(s.name)}" for k, (*_, s) in enumerate(lanes, 1)), 14))
    moments = [t for _, t in points if t.moment_of_truth]
    if moments:
        listed = " · ".join(f"{numbers[id(t)]}. {clip(t.name)} ({_feeling(t)})" for t in moments)
        notes.append(Para(f"★ Moments of truth: {listed}", 14))
    if low is not None:
        lows = " · ".join(f"{numbers[id(t)]}. {clip(t.name)}" for _, t in points if t.emotion == low)
        notes.append(Para(f"Lowest ({emotion_label(low)}): {lows}", 14))
    gaps = [t for _, t in points if t.emotion is None]
    if gaps:
        notes.append(Para(f"No emotion recorded: {', '.join(str(numbers[id(t)]) for t in gaps)}", 12, role="muted"))
    notes.append(Para("Emotion −2 (very negative) to +2 (very positive); numbers are touchpoints", 12, role="muted"))
    curve_top = top + chevron_h + 8
    # The curve gives way (down to the height its five level labels need) when that keeps the notes on the
    # slide; notes too long for that continue on the next slide under a full curve.
    room = BOTTOM - curve_top - 6 - _height(notes, SLIDE_W - 2 * MARGIN - 2 * PAD_X)
    curve_h = min(CURVE_H, room if room >= MIN_CURVE_H else max(BOTTOM - curve_top - 70, MIN_CURVE_H))
    step = (curve_h - 2 * LABEL_ROOM) / 4
    level = {v: curve_top + LABEL_ROOM + (2 - v) * step for v in range(-2, 3)}
    for x0, w, index, _ in lanes:
        slide.bands.append(Box(x0, curve_top, w, curve_h, (), "band", index))
    for v, y in level.items():
        kind = "zero" if v == 0 else "grid"
        slide.rules.append(Rule(left, y, left + width, y, kind))
        label = Para(emotion_label(v), 12, role="muted")
        slide.boxes.append(Box(MARGIN - PAD_X, y - 6 * LINE - PAD_Y, 34.0, 12 * LINE + 2 * PAD_Y, (label,)))
    previous: tuple[float, float] | None = None
    for x0, t in points:
        if t.emotion is None:
            previous = None
            continue
        y = level[t.emotion]
        if previous is not None:
            slide.rules.append(Rule(previous[0], previous[1], x0, y, "curve"))
        previous = (x0, y)
        shown = roomy or bool(t.moment_of_truth) or t.emotion == low
        slide.dots.append(Dot(x0, y, t.emotion, bool(t.moment_of_truth), str(numbers[id(t)]) if shown else None))
    frame = Frame(curve_top + curve_h + 6, 1)
    return flow([Block(tuple(notes), kind="text", continued="(continued)")], slide, frame, Frame(96.0, 1))


CHANGE_VALUE = 80
"""Characters of an old or new value shown in a change."""


def _value(value: object) -> str:
    if isinstance(value, dict):
        named = value.get("name") or value.get("text") or value.get("fix") or value.get("id")
        return clip(str(named), CHANGE_VALUE) if named is not None else "…"
    if isinstance(value, list):
        return clip(", ".join(str(v) for v in value), CHANGE_VALUE)
    return clip(str(value), CHANGE_VALUE)


def change_text(change: Change) -> str:
    """One change in words: ``touchpoint 'Kickoff call' owner: CSM → Onboarding team``."""
    label = clip(change.label, 200)
    if change.kind == "added":
        return f"Added {label}" + (f": {_value(change.new)}" if not isinstance(change.new, dict) else "")
    if change.kind == "removed":
        return f"Removed {label}" + (f" (was {_value(change.old)})" if not isinstance(change.old, dict) else "")
    text = f"{label}: {_value(change.old)} → {_value(change.new)}"
    return text[:1].upper() + text[1:]


def _change_slides(since: Revision) -> list[Slide]:
    title = f"What changed since {clip(since.label, SHORT)}"
    head = _title_box(title)
    sub = Para(f"commit {since.commit[:12]} of {since.date}; "
               f"{plural(len(since.changes), 'change', grouped=True)} to the map", 14, role="muted")  # fmt: skip
    sub_box = Box(MARGIN, head.y + head.h, head.w, _height([sub], head.w - 2 * PAD_X), (sub,))
    first = Slide(title, "changes", [head, sub_box])
    paras = [Para(f"• {change_text(c)}", 14, before=2) for c in since.changes]
    if not paras:
        paras = [Para("Nothing in the map changed.", 16)]
    top = sub_box.y + sub_box.h + 6
    block = Block(tuple(paras), kind="text", continued="(continued)")
    return flow([block], first, Frame(top, 1), Frame(head.y + head.h + 6, 1))


def _feeling(t: Touchpoint) -> str:
    return "no emotion recorded" if t.emotion is None else emotion_label(t.emotion)


def _stage_slides(
    m: JourneyMap, index: int, stage: Stage, numbers: dict[int, int], options: PictureOptions
) -> list[Slide]:
    title = f"{clip(stage.name)}"
    first = Slide(title, "stage")
    position = f"Stage {index + 1} of {len(m.stages)}"
    facts = [position, plural(len(stage.touchpoints), "touchpoint", grouped=True)]
    facts.append(f"owner: {clip(stage.owner)}" if stage.owner else "no owner named")
    head = (Para(title, 24, bold=True), Para(" · ".join(facts), 14, role="muted"))
    w = SLIDE_W - 2 * MARGIN
    h = _height(head, w - 2 * PAD_X - 16)
    if h > 160:
        head = (Para(title[:60] + "…", 24, bold=True), head[1])
        h = _height(head, w - 2 * PAD_X - 16)
    first.boxes.append(Box(MARGIN, 20.0, w, h, head, "stage", index))
    blocks: list[Block] = []
    about = _stage_details(stage)
    if about:
        blocks.append(Block(tuple(about), "about", index, continued=f"{clip(stage.name, SHORT)} (continued)"))
    for t in stage.touchpoints:
        blocks.append(_touchpoint_block(t, numbers[id(t)], index, options.lanes))
    if not blocks:
        blocks.append(Block((Para("No touchpoints mapped in this stage yet.", 14, role="muted"),), "about", index))
    top = 20.0 + h + 12
    cont = (Para(f"{head[0].text} (continued)", 24, bold=True),)
    cont_h = _height(cont, w - 2 * PAD_X - 16)
    slides = flow(blocks, first, Frame(top, STAGE_COLUMNS), Frame(20.0 + cont_h + 12, STAGE_COLUMNS))
    for s in slides[1:]:
        s.boxes.insert(0, Box(MARGIN, 20.0, w, cont_h, cont, "stage", index))
    return slides


def _stage_details(stage: Stage) -> list[Para]:
    paras: list[Para] = []

    def add(label: str, value: str | None, italic: bool = False) -> None:
        if value:
            paras.append(Para(label, 12, bold=True, role="muted", before=4 if paras else 0))
            paras.append(Para(value, 14, italic=italic))

    add("Customer goal", clip(stage.customer_goal) if stage.customer_goal else None)
    add("Mindset", f"“{clip(stage.mindset)}”" if stage.mindset else None, italic=True)
    if stage.handoff is not None:
        h = stage.handoff
        who = f"{clip(h.from_ or '?')} → {clip(h.to or '?')}"
        what = f": {clip(h.what)}" if h.what else ""
        add("Handoff", who + what + (f" (owner: {clip(h.owner)})" if h.owner else ""))
    if stage.expected_duration:
        add("Time in stage", clip(stage.expected_duration))
    if stage.exit_criteria:
        add("Exit criteria", " · ".join(clip(c) for c in stage.exit_criteria))
    if stage.red_flags:
        add("Red flags", " · ".join(clip(c) for c in stage.red_flags))
    for k, metric in enumerate(stage.metrics):
        text = clip(metric_summary(metric, words=True))
        if k == 0:
            paras.append(Para("Metrics", 12, bold=True, role="muted", before=4 if paras else 0))
        paras.append(Para(text, 14, role=_verdict_role(text)))
    return paras


def _verdict_role(text: str) -> str:
    if text.endswith("off track)"):
        return "bad"
    if text.endswith("on track)"):
        return "good"
    return "text"


def _touchpoint_block(t: Touchpoint, n: int, stage: int, lanes: tuple[str, ...]) -> Block:
    name = f"{n}. {clip(t.name)}"
    short = f"{n}. {clip(t.name, SHORT)}"
    paras: list[Para] = []
    if t.moment_of_truth:
        paras.append(Para("★ Moment of truth", 12, bold=True, role="moment"))
    paras.append(Para(name, 16, bold=True))
    paras.append(Para(f"{clip(t.channel) if t.channel else 'no channel'} · {clip(t.owner) if t.owner else 'no owner'}",
                      12, role="muted"))  # fmt: skip
    if "actions" in lanes and t.action:
        paras.append(Para(f"Does: {clip(t.action)}", 14, before=4))
    if "goals" in lanes and t.customer_goal:
        paras.append(Para(f"Wants: {clip(t.customer_goal)}", 14, before=4))
    if "thoughts" in lanes and t.thoughts:
        paras.append(Para(f"“{clip(t.thoughts)}”", 14, italic=True, before=4))
    if "emotion" in lanes:
        role = "muted" if not t.emotion else "good" if t.emotion > 0 else "bad"
        feeling = "No emotion recorded" if t.emotion is None else f"Emotion {emotion_label(t.emotion)}"
        paras.append(Para(feeling, 14, bold=True, role=role, before=4))
    for p in t.pain_points:
        paras += _pain_paras(p, lanes)
    for metric in t.metrics:
        text = clip(metric_summary(metric, words=True))
        paras.append(Para(f"Metric: {text}", 12, role=_verdict_role(text), before=4))
    return Block(tuple(paras), "card", stage, bool(t.moment_of_truth), f"{short} (continued)", t.id)


def _pain_paras(p: PainPoint, lanes: tuple[str, ...]) -> list[Para]:
    paras: list[Para] = []
    o = p.opportunity
    if "pain-points" in lanes or ("opportunities" in lanes and o is None):
        head = "Pain" + ("" if o is not None else " · no fix yet")
        paras.append(Para(head, 12, bold=True, role="pain", before=6))
        paras.append(Para(clip(p.text) if p.text else "(no description)", 14))
    if "opportunities" in lanes and o is not None:
        status = o.status or "no status"
        paras.append(Para(f"Fix · {status}", 12, bold=True, role="fix", before=4))
        paras.append(Para(clip(o.fix) if o.fix else "(fix not described)", 14))
        facts = [f"owner: {clip(o.owner)}" if o.owner else "no owner"]
        if o.target:
            facts.append(f"target: {clip(o.target)}")
        if o.impact:
            facts.append(f"impact: {o.impact}")
        paras.append(Para(" · ".join(facts), 12, role="muted"))
    return paras


OPPORTUNITY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("#", 34.0),
    ("Fix", 250.0),
    ("For the pain point", 210.0),
    ("Where", 150.0),
    ("Owner", 110.0),
    ("Priority", 134.0),
)
CELL_X = 5.0
CELL_Y = 3.0


def _row(cells: Sequence[tuple[Para, ...]]) -> Row:
    h = max(
        sum(p.height(w - 2 * CELL_X) for p in paras) + 2 * CELL_Y
        for paras, (_, w) in zip(cells, OPPORTUNITY_COLUMNS, strict=True)
    )
    return Row(tuple(cells), h)


def _opportunity_slides(
    chosen: list[tuple[int, Stage]], numbers: dict[int, int], scheme: PriorityScheme
) -> list[Slide]:
    found = [
        (stage, t, p, p.opportunity)
        for _, stage in chosen
        for t in stage.touchpoints
        for p in t.pain_points
        if p.opportunity is not None and _open(p.opportunity)
    ]
    ranked = rank(found, lambda f: f[3], scheme)
    unfixed = sum(1 for _, s in chosen for t in s.touchpoints for p in t.pain_points if p.opportunity is None)
    title = "Open opportunities, ranked by priority"
    head = _title_box(title)
    sub = Para(f"priority = {safe(scheme.formula)}", 14, role="muted")
    sub_box = Box(MARGIN, head.y + head.h, head.w, _height([sub], head.w - 2 * PAD_X), (sub,))
    slides = [Slide(title, "opportunities", [head, sub_box])]
    top = sub_box.y + sub_box.h + 6
    header = _row([(Para(name, 12, bold=True, role="muted"),) for name, _ in OPPORTUNITY_COLUMNS])
    rows: list[Row] = []
    y = top + header.h
    tables: list[tuple[float, list[Row]]] = [(top, rows)]
    for k, (stage, t, p, o) in enumerate(ranked, 1):
        effort = f" · {o.effort} effort" if o.effort else ""
        row = _row(
            [
                (Para(str(k), 14, bold=True),),
                (Para(clip(o.fix, CELL_TEXT) if o.fix else "(fix not described)", 14, bold=True),
                 *((Para(f"target: {clip(o.target, CELL_TEXT)}", 12, role="muted"),) if o.target else ())),
                (Para(clip(p.text, CELL_TEXT) if p.text else "(no description)", 12),),
                (Para(f"{clip(stage.name, SHORT)} › {numbers[id(t)]}. {clip(t.name, SHORT)}"
                      + (" ★" if t.moment_of_truth else ""), 12),),
                (Para(clip(o.owner, SHORT) if o.owner else "no owner", 12, role="text" if o.owner else "bad"),),
                (Para(format_priority(scheme.priority(o)), 14, bold=True),
                 Para(f"impact {o.impact or 'not set'}{effort} · {o.status or 'no status'}", 12, role="muted")),
            ]
        )  # fmt: skip
        if y + row.h > BOTTOM and rows:
            slides.append(Slide(f"{title} (continued)", "opportunities", [_title_box(f"{title} (continued)")]))
            top = slides[-1].boxes[0].y + slides[-1].boxes[0].h + 6
            rows = []
            tables.append((top, rows))
            y = top + header.h
        rows.append(row)
        y += row.h
    for slide, (table_top, table_rows) in zip(slides, tables, strict=True):
        if table_rows:
            widths = tuple(w for _, w in OPPORTUNITY_COLUMNS)
            slide.tables.append(Table(MARGIN, table_top, widths, header, tuple(table_rows)))
    notes: list[Para] = []
    if not ranked:
        notes.append(Para("No open opportunities: every fix is shipped, measured or dropped, or none is named.", 16))
    if unfixed:
        notes.append(Para(f"{plural(unfixed, 'pain point has', 'pain points have', grouped=True)} no fix yet "
                          "(shown on the stage slides as “no fix yet”).", 14, role="muted"))  # fmt: skip
    if notes:
        last = slides[-1]
        y = max((t.y + sum(r.h for r in (t.header, *t.rows)) for t in last.tables), default=top) + 10
        nb = Block(tuple(notes), kind="text", continued="(continued)")
        slides[-1:] = flow([nb], last, Frame(y, 1), Frame(top, 1))
    return slides
