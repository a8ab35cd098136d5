"""The one layout of a picture: every card, line of text and emotion point placed in CSS pixels.

SVG and HTML draw this layout as it is, so both show the same lines in the
same places, and a test can compare the drawing with the layout. Text is
wrapped here (``metrics``), never by the browser. Coordinates of the board
(bands, lanes, cards, the emotion line) are relative to the board's top-left
corner; the header above it is laid out separately.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jmap.domain.durations import how_often
from jmap.domain.metrics import summary as metric_summary
from jmap.domain.review import cadence, review_due
from jmap.domain.vocabulary import OPEN_STATUSES
from jmap.errors import ConfigError
from jmap.model import JourneyMap, Metric, PainPoint, Stage, Touchpoint
from jmap.pictures.metrics import longest_word, safe, width, wrap
from jmap.pictures.options import LANES, PictureOptions
from jmap.util.text import plural

PAD = 24
LABEL_W = 150
LEFT = PAD + LABEL_W + 10
STAGE_GAP = 10
COL_MIN = 188
COL_MAX = 264
INSET = 6
CARD_PAD = 10
CARD_GAP = 8
LANE_PAD = 10
LANE_MIN = 44
MIN_WIDTH = 960
EMOTION_TOP = 30
EMOTION_STEP = 34
EMOTION_BOTTOM = 40
EMOTION_H = EMOTION_TOP + 4 * EMOTION_STEP + EMOTION_BOTTOM
POINT_R = 7
EMOTION_SHARE = 0.2
"""The emotion band's least share of the picture's height."""
COMPACT_FACTS = ("Segment", "Persona", "Owner", "Showing")
"""The facts the picture's header line gives (the HTML page and the deck give them all)."""
PRINT_W = 1511.0
PRINT_H = 1046.0
"""The printable area of A3 landscape with 10 mm margins, in CSS pixels."""


@dataclass(frozen=True, slots=True)
class Style:
    size: float
    line: float
    bold: bool = False
    italic: bool = False


STYLES: dict[str, Style] = {
    "title": Style(26, 32, bold=True),
    "lead": Style(14, 20),
    "stage": Style(16, 21, bold=True),
    "name": Style(14, 19, bold=True),
    "body": Style(13, 18),
    "strong": Style(13, 18, bold=True),
    "quote": Style(13, 18, italic=True),
    "meta": Style(12, 17),
    "head": Style(11, 15, bold=True),
    "lane": Style(13, 18, bold=True),
    "tick": Style(11, 15),
    "value": Style(12, 16, bold=True),
    "badge": Style(13, 18, bold=True),
}


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text; ``y`` is the top of its line box, ``role`` picks the colour."""

    text: str
    x: float
    y: float
    style: str
    role: str = "text"


@dataclass(frozen=True, slots=True)
class Card:
    kind: str
    """stage | touchpoint | plain | quote | pain | fix | gap | badge | name (a touchpoint named under the curve)"""
    x: float
    y: float
    w: float
    h: float
    lines: tuple[Line, ...]
    stage: int
    touchpoint: str | None = None
    dashed: bool = False
    accent: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    touchpoint: str
    number: int
    name: str
    x: float
    w: float
    stage: int

    @property
    def centre(self) -> float:
        return self.x + self.w / 2


@dataclass(frozen=True, slots=True)
class StageBox:
    id: str
    name: str
    index: int
    """Position of the stage in the map (colours follow it)."""
    x: float
    w: float


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    title: str
    y: float
    h: float


@dataclass(frozen=True, slots=True)
class Point:
    touchpoint: str
    name: str
    number: int
    stage: int
    x: float
    y: float
    value: int
    moment: bool


@dataclass(frozen=True, slots=True)
class Gap:
    """A touchpoint with no emotion recorded: no point, a gap in the line."""

    touchpoint: str
    stage: int
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Header:
    title: str
    facts: tuple[tuple[str, str], ...]
    review: str
    overdue: bool
    counts: str
    lines: tuple[Line, ...]
    badge: Card | None
    h: float


@dataclass(slots=True)
class Layout:
    map: JourneyMap
    options: PictureOptions
    header: Header
    width: float
    board_h: float
    stages: list[StageBox] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    labels: list[Line] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    segments: list[tuple[Point, Point]] = field(default_factory=list)
    emotion: Lane | None = None
    step: float = EMOTION_STEP
    """Pixels between two emotion levels: the curve's band is at least a fifth of the picture's height."""
    stage_h: float = 0.0
    print_header_h: float = 0.0
    """The header's height wrapped to the width of a printed page."""

    @property
    def height(self) -> float:
        return self.header.h + self.board_h

    def level_y(self, value: int) -> float:
        assert self.emotion is not None
        return self.emotion.y + EMOTION_TOP + (2 - value) * self.step


def emotion_label(value: int) -> str:
    return f"{value:+d}".replace("-", "\u2212") if value else "0"


class _Block:
    """Lines stacked top-down inside a card of a fixed inner width."""

    def __init__(self, x: float, y: float, width: float) -> None:
        self.x, self.y, self.width = x, y, width
        self.lines: list[Line] = []

    def add(self, text: str, style: str, role: str = "text", gap: float = 0) -> None:
        s = STYLES[style]
        self.y += gap
        for line in wrap(text, self.width, s.size, s.bold):
            self.lines.append(Line(line, self.x, self.y, style, role))
            self.y += s.line


def _count(n: int, word: str, words: str | None = None) -> str:
    return plural(n, word, words, grouped=True)


def _days(n: int) -> str:
    return plural(n, "day", grouped=True)


def review_status(m: JourneyMap, options: PictureOptions) -> tuple[str, bool]:
    """The review verdict in words, and whether it is overdue (a map never reviewed counts as overdue)."""
    last = m.review.last_reviewed if m.review else None
    if last is None:
        return "Never reviewed: no review.last_reviewed date", True
    every, _ = cadence(m, options.default_cadence)
    due = review_due(m, options.default_cadence)
    assert due is not None
    left = (due - options.today).days
    head = f"Reviewed {last.isoformat()}, {how_often(every)}"
    if left < 0:
        return f"Review overdue by {_days(-left)} (due {due.isoformat()})", True
    if left == 0:
        return f"{head}; review due today", False
    return f"{head}; next review due {due.isoformat()} (in {_days(left)})", False


def _touchpoint_texts(t: Touchpoint) -> list[tuple[str | None, str]]:
    texts: list[tuple[str | None, str]] = [
        (t.name, "name"), (t.channel, "meta"), (t.owner, "meta"), (t.action, "body"),
        (t.customer_goal, "body"), (t.thoughts, "quote"),
    ]  # fmt: skip
    for p in t.pain_points:
        texts.append((p.text, "body"))
        o = p.opportunity
        if o is not None:
            texts += [(o.fix, "strong"), (o.owner, "meta"), (o.target, "meta")]
    return texts


def _column_width(t: Touchpoint, at_least: float | None = None) -> float:
    need = 0.0
    for text, style in _touchpoint_texts(t):
        if text:
            s = STYLES[style]
            need = max(need, longest_word(safe(text), s.size, s.bold))
    fitted = min(max(need + 2 * (CARD_PAD + INSET) + 2, COL_MIN), COL_MAX)
    return fitted if at_least is None else max(fitted, at_least)


def chosen_stages(m: JourneyMap, stage_id: str | None, only: tuple[str, ...] | None = None) -> list[tuple[int, Stage]]:
    """The stages a picture draws (by position in the map); with ``only``, those stages cut to those touchpoints."""
    chosen = list(enumerate(m.stages))
    if stage_id is not None:
        chosen = [(i, s) for i, s in chosen if s.id == stage_id][:1]
        if not chosen:
            ids = ", ".join(s.id for s in m.stages)
            known = f"the stages are: {ids}" if ids else "the map has no stages"
            raise ConfigError(f"--stage {stage_id!r}: no such stage in this map; {known}")
    if only is None:
        return chosen
    wanted = set(only)
    cut = [(i, s.model_copy(update={"touchpoints": [t for t in s.touchpoints if t.id in wanted]})) for i, s in chosen]
    return [(i, s) for (i, s), (_, whole) in zip(cut, chosen, strict=True) if s.touchpoints or
            (not whole.touchpoints and f"stage:{whole.id}" in wanted)]  # fmt: skip


def _has(lane: str, t: Touchpoint) -> bool:
    """Whether touchpoint ``t`` puts anything in ``lane``."""
    return {
        "actions": bool(t.action),
        "goals": bool(t.customer_goal),
        "thoughts": bool(t.thoughts),
        "emotion": t.emotion is not None,
        "pain-points": bool(t.pain_points),
        "opportunities": bool(t.pain_points),
    }.get(lane, True)


def metric_text(metric: object) -> str:
    """A stage metric in words: its name, with its current value against its target when it has them."""
    if isinstance(metric, Metric):
        return metric_summary(metric, words=True)
    return str(metric)


def _pain_number(number: int, k: int) -> str:
    return f"{number}.{k}"


def layout(m: JourneyMap, options: PictureOptions | None = None) -> Layout:
    """Place everything the picture of ``m`` shows."""
    options = options or PictureOptions()
    first = _layout(m, options, EMOTION_STEP)
    if first.emotion is None:
        return first
    rest = first.height - first.emotion.h
    if first.emotion.h >= EMOTION_SHARE * first.height:
        return first
    want = EMOTION_SHARE / (1 - EMOTION_SHARE) * rest
    return _layout(m, options, (want - EMOTION_TOP - EMOTION_BOTTOM) / 4)


def _layout(m: JourneyMap, options: PictureOptions, step: float) -> Layout:
    chosen = chosen_stages(m, options.stage, options.only)
    numbers = {id(t): n for n, (*_, t) in enumerate(m.touchpoints(), start=1)}

    stages: list[StageBox] = []
    columns: list[Column] = []
    x = float(LEFT)
    for index, stage in chosen:
        start = x
        for t in stage.touchpoints:
            w = _column_width(t, options.column_w)
            columns.append(Column(t.id, numbers[id(t)], safe(t.name), x, w, index))
            x += w
        if not stage.touchpoints:
            x += COL_MIN
        stages.append(StageBox(stage.id, safe(stage.name), index, start, x - start))
        x += STAGE_GAP
    width = max(x - STAGE_GAP + PAD, MIN_WIDTH)

    header = _header(m, options, width, chosen)
    out = Layout(m, options, header, width, 0.0, stages, columns, step=step)
    out.print_header_h = header.h if width <= PRINT_W else _header(m, options, PRINT_W, chosen).h
    y = 0.0
    y = _stage_bands(out, chosen, y)
    by_stage = dict(chosen)
    drawn = [t for _, s in chosen for t in s.touchpoints]
    for lane_id in options.lanes:
        title = LANES[lane_id]
        if lane_id != "touchpoints" and not any(_has(lane_id, t) for t in drawn):
            continue
        if lane_id == "emotion":
            h = EMOTION_TOP + 4 * step + EMOTION_BOTTOM + (_name_rows(out) if "touchpoints" not in options.lanes
                                                           else 0)  # fmt: skip
            lane = Lane(lane_id, title, y, h)
            out.lanes.append(lane)
            out.emotion = lane
            _emotion(out, chosen, numbers)
            y += h
            continue
        bottom = y + LANE_MIN
        for box in stages:
            stage = by_stage[box.index]
            for column, t in zip((c for c in columns if c.stage == box.index), stage.touchpoints, strict=True):
                bottom = max(bottom, _lane_cards(out, lane_id, column, t, y + LANE_PAD) + LANE_PAD - CARD_GAP)
        out.lanes.append(Lane(lane_id, title, y, bottom - y))
        y = bottom
    out.board_h = y + PAD
    _labels(out)
    return out


def _header(m: JourneyMap, options: PictureOptions, width: float, chosen: list[tuple[int, Stage]]) -> Header:
    inner = width - 2 * PAD
    block = _Block(PAD, PAD, inner)
    block.add(m.title, "title")
    facts: list[tuple[str, str]] = []
    for label, value in (
        ("Segment", m.segment), ("Persona", m.persona), ("Scope", m.scope), ("Kind", m.kind),
    ):  # fmt: skip
        if value:
            facts.append((label, safe(value)))
    facts.append(("Owner", safe(m.owner) if m.owner else "no owner named"))
    if options.stage is not None:
        facts.append(("Showing", f"stage {safe(chosen[0][1].name)} only"))
    review, overdue = review_status(m, options)
    touchpoints = [t for _, s in chosen for t in s.touchpoints]
    pains = [p for t in touchpoints for p in t.pain_points]
    open_fixes = sum(1 for p in pains if p.opportunity and _is_open(p))
    unfixed = sum(1 for p in pains if p.opportunity is None)
    moments = sum(1 for t in touchpoints if t.moment_of_truth)
    counts = " · ".join(
        (
            _count(len(chosen), "stage"),
            _count(len(touchpoints), "touchpoint"),
            _count(moments, "moment of truth", "moments of truth"),
            _count(len(pains), "pain point"),
            _count(unfixed, "pain point without a fix", "pain points without a fix"),
            _count(open_fixes, "open opportunity", "open opportunities"),
        )
    )
    shown = [f"{k}: {v}" for k, v in facts if k in COMPACT_FACTS]
    shown.append(_count(len(touchpoints), "touchpoint") + " · " + _count(open_fixes, "open fix", "open fixes"))
    if not overdue:
        shown.append(review)
    block.add("   ·   ".join(shown), "lead", "muted", gap=6)
    badge: Card | None = None
    block.y += 6
    if overdue:
        s = STYLES["badge"]
        text_lines = wrap("⚠ " + review, inner - 2 * CARD_PAD, s.size, s.bold)
        bw = min(inner, max(_line_w(t, "badge") for t in text_lines) + 2 * CARD_PAD)
        lines = tuple(
            Line(t, PAD + CARD_PAD, block.y + 6 + i * s.line, "badge", "alert") for i, t in enumerate(text_lines)
        )
        h = len(text_lines) * s.line + 12
        badge = Card("badge", PAD, block.y, bw, h, lines, -1)
        block.y += h + 4
    block.add(
        "Emotion −2 (very negative) to +2 (very positive); a gap means no emotion recorded · "
        "★ moment of truth · dashed card: pain point without a fix",
        "meta",
        "muted",
    )
    lines = tuple(block.lines)
    return Header(safe(m.title), tuple(facts), review, overdue, counts, lines, badge, block.y + 14)


def _line_w(text: str, style: str) -> float:
    s = STYLES[style]
    return width(text, s.size, s.bold)


def _is_open(p: PainPoint) -> bool:
    o = p.opportunity
    return o is not None and (o.status is None or o.status in OPEN_STATUSES)


def _stage_bands(out: Layout, chosen: list[tuple[int, Stage]], y: float) -> float:
    by_index = dict(chosen)
    blocks: list[tuple[StageBox, _Block]] = []
    for box in out.stages:
        stage = by_index[box.index]
        block = _Block(box.x + CARD_PAD + 4, y + CARD_PAD + 6, box.w - 2 * CARD_PAD - 8)
        block.add(stage.name, "stage")
        block.add(f"Owner: {stage.owner}" if stage.owner else "Owner: none named", "meta", "muted", gap=2)
        if stage.customer_goal:
            block.add(f"Goal: {stage.customer_goal}", "body", gap=4)
        if stage.mindset:
            block.add(f"“{stage.mindset}”", "quote", "muted", gap=4)
        if stage.metrics:
            block.add("Metrics: " + ", ".join(metric_text(x) for x in stage.metrics), "meta", "muted", gap=4)
        if not stage.touchpoints:
            block.add("(no touchpoints)", "meta", "muted", gap=4)
        blocks.append((box, block))
    h = max((b.y - y for _, b in blocks), default=0.0) + CARD_PAD
    for box, block in blocks:
        out.cards.append(Card("stage", box.x, y, box.w, h, tuple(block.lines), box.index))
    out.stage_h = h
    return y + h + 8


def _card(
    out: Layout, kind: str, column: Column, y: float, fill: list[tuple[str, str, str, float]], **kw: object
) -> float:
    x = column.x + INSET
    w = column.w - 2 * INSET
    block = _Block(x + CARD_PAD, y + CARD_PAD - 2, w - 2 * CARD_PAD)
    for text, style, role, gap in fill:
        block.add(text, style, role, gap)
    h = block.y - y + CARD_PAD - 2
    out.cards.append(
        Card(kind, x, y, w, h, tuple(block.lines), column.stage, column.touchpoint, **kw)  # type: ignore[arg-type]
    )
    return y + h + CARD_GAP


def _lane_cards(out: Layout, lane: str, column: Column, t: Touchpoint, y: float) -> float:
    """Cards of one touchpoint in one lane; returns the y under the last."""
    n = column.number
    if lane == "touchpoints":
        fill: list[tuple[str, str, str, float]] = []
        if t.moment_of_truth:
            fill.append(("★ MOMENT OF TRUTH", "head", "moment", 0))
        fill.append((f"{n}. {t.name}", "name", "text", 0))
        fill.append((f"Channel: {t.channel or '—'}", "meta", "muted", 3))
        fill.append((f"Owner: {t.owner or 'none named'}", "meta", "muted", 0))
        return _card(out, "touchpoint", column, y, fill, accent=bool(t.moment_of_truth))
    if lane == "actions" and t.action:
        return _card(out, "plain", column, y, [(t.action, "body", "text", 0)])
    if lane == "goals" and t.customer_goal:
        return _card(out, "plain", column, y, [(t.customer_goal, "body", "text", 0)])
    if lane == "thoughts" and t.thoughts:
        return _card(out, "quote", column, y, [(f"“{t.thoughts}”", "quote", "text", 0)])
    if lane == "pain-points":
        for k, p in enumerate(t.pain_points, 1):
            number = _pain_number(n, k)
            head = f"PAIN {number}" + (" · NO FIX YET" if p.opportunity is None else "")
            fill = [(head, "head", "pain", 0), (p.text or "(no description)", "body", "text", 2)]
            y = _card(out, "pain", column, y, fill, dashed=p.opportunity is None)
    if lane == "opportunities":
        for k, p in enumerate(t.pain_points, 1):
            number = _pain_number(n, k)
            o = p.opportunity
            if o is None:
                fill = [(f"PAIN {number}: NO FIX YET", "head", "pain", 0)]
                if "pain-points" not in out.options.lanes and p.text:
                    fill.append((p.text, "body", "muted", 2))
                y = _card(out, "gap", column, y, fill, dashed=True)
                continue
            status = (o.status or "no status").upper()
            if o.status in ("shipped", "measured"):
                status = "✓ " + status
            fill = [
                (f"FIX {number} · {status}", "head", "fix", 0),
                (o.fix or "(fix not described)", "strong", "text", 2),
                (f"Owner: {o.owner or 'none named'}", "meta", "muted", 4),
                (f"Target: {o.target or 'none set'}", "meta", "muted", 0),
                (f"Impact: {o.impact or 'not set'}", "meta", "muted", 0),
            ]
            y = _card(out, "fix", column, y, fill)
    return y


def _name_rows(out: Layout) -> float:
    """The height of the touchpoint names under the curve when no touchpoint lane names them."""
    s = STYLES["meta"]
    rows = max((len(wrap(f"{c.number}. {c.name}", c.w - 4 * INSET, s.size, s.bold)) for c in out.columns), default=0)
    return rows * s.line + 16


def _emotion(out: Layout, chosen: list[tuple[int, Stage]], numbers: dict[int, int]) -> None:
    previous: Point | None = None
    by_id = {c.touchpoint: c for c in out.columns}
    assert out.emotion is not None
    bottom = out.emotion.y + EMOTION_TOP + 4 * out.step
    named = "touchpoints" not in out.options.lanes
    s = STYLES["meta"]
    for _, stage in chosen:
        for t in stage.touchpoints:
            column = by_id[t.id]
            if named:
                x, y = column.x + INSET, bottom + EMOTION_BOTTOM
                lines = wrap(f"{numbers[id(t)]}. {t.name}", column.w - 4 * INSET, s.size, s.bold)
                placed = tuple(Line(ln, x + INSET, y + 4 + k * s.line, "meta") for k, ln in enumerate(lines))
                out.cards.append(Card("name", x, y, column.w - 2 * INSET, len(lines) * s.line + 8, placed,
                                      column.stage, t.id))  # fmt: skip
            if t.emotion is None:
                out.gaps.append(Gap(t.id, column.stage, column.centre, bottom + 22))
                previous = None
                continue
            point = Point(
                t.id, column.name, numbers[id(t)], column.stage, column.centre, out.level_y(t.emotion), t.emotion,
                bool(t.moment_of_truth),
            )  # fmt: skip
            out.points.append(point)
            if previous is not None:
                out.segments.append((previous, point))
            previous = point


def _labels(out: Layout) -> None:
    for lane in out.lanes:
        block = _Block(PAD, lane.y + LANE_PAD, LABEL_W - 30 if lane.id == "emotion" else LABEL_W)
        block.add(lane.title, "lane")
        if lane.id == "emotion":
            block.add("−2 very negative to +2 very positive", "tick", "muted", gap=2)
        out.labels.extend(block.lines)
    if out.emotion is not None:
        for value in range(2, -3, -1):
            y = out.level_y(value)
            s = STYLES["tick"]
            out.labels.append(Line(emotion_label(value), LEFT - 28, y - s.line / 2, "tick", "muted"))
    stage_lane = _Block(PAD, CARD_PAD + 6, LABEL_W)
    stage_lane.add("Stage", "lane")
    out.labels.extend(stage_lane.lines)
