"""The picture as one SVG document: the layout drawn with presentation attributes only (no CSS, no fonts fetched)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from html import escape

from jmap.model import JourneyMap
from jmap.pictures.layout import (
    LEFT,
    PAD,
    POINT_R,
    STAGE_GAP,
    STYLES,
    Card,
    Layout,
    Line,
    Point,
    emotion_label,
    layout,
)
from jmap.pictures.metrics import FONT_STACK, safe
from jmap.pictures.options import PictureOptions
from jmap.pictures.theme import THEMES, Theme

ASCENT = 0.928
CONTENT = 1.164
"""DejaVu Sans ascent and ascent + descent, in em: where CSS puts the baseline inside a line box."""


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def attr(value: str) -> str:
    return escape(value, quote=True)


def baseline(line: Line) -> float:
    s = STYLES[line.style]
    return line.y + (s.line - CONTENT * s.size) / 2 + ASCENT * s.size


def role_colour(theme: Theme, role: str) -> str:
    return {
        "text": theme.text,
        "muted": theme.muted,
        "pain": theme.pain_head,
        "fix": theme.fix_head,
        "moment": theme.moment,
        "alert": theme.alert_text,
        "ok": theme.ok,
    }[role]


def text(line: Line, theme: Theme, dx: float = 0, dy: float = 0, anchor: str | None = None) -> str:
    s = STYLES[line.style]
    extra = ' font-weight="bold"' if s.bold else ""
    if s.italic:
        extra += ' font-style="italic"'
    if anchor:
        extra += f' text-anchor="{anchor}"'
    return (
        f'<text x="{_n(line.x + dx)}" y="{_n(baseline(line) + dy)}" font-size="{_n(s.size)}"{extra} '
        f'fill="{role_colour(theme, line.role)}">{escape(line.text, quote=False)}</text>'
    )


def card_fill(theme: Theme, card: Card) -> tuple[str, str]:
    """Fill and border of a card."""
    return {
        "stage": (theme.stage_fill(card.stage), theme.stage_stripe(card.stage)),
        "touchpoint": (theme.card, theme.moment if card.accent else theme.border),
        "plain": (theme.card, theme.border),
        "quote": (theme.page, theme.border),
        "pain": (theme.pain, theme.pain_border),
        "fix": (theme.fix, theme.fix_border),
        "gap": (theme.page, theme.pain_border),
        "badge": (theme.alert, theme.alert),
        "name": (theme.page, theme.page),
    }[card.kind]


def card_svg(card: Card, theme: Theme) -> Iterable[str]:
    fill, border = card_fill(theme, card)
    dash = ' stroke-dasharray="6 4"' if card.dashed else ""
    width = 2 if card.accent or card.dashed else 1
    tp = f' data-tp="{attr(card.touchpoint)}"' if card.touchpoint else ""
    yield (
        f'<g class="card {card.kind}"{tp}><rect x="{_n(card.x)}" y="{_n(card.y)}" width="{_n(card.w)}" '
        f'height="{_n(card.h)}" rx="6" fill="{fill}" stroke="{border}" stroke-width="{width}"{dash}/>'
    )
    if card.kind == "stage":
        yield f'<rect x="{_n(card.x)}" y="{_n(card.y)}" width="{_n(card.w)}" height="6" rx="3" fill="{border}"/>'
    if card.kind == "quote":
        yield (
            f'<rect x="{_n(card.x)}" y="{_n(card.y + 4)}" width="4" height="{_n(card.h - 8)}" fill="{theme.muted}"/>'
        )
    yield from (text(line, theme) for line in card.lines)
    yield "</g>"


def star(x: float, y: float, r: float) -> str:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        points.append(f"{_n(x + radius * math.cos(angle))},{_n(y - radius * math.sin(angle))}")
    return " ".join(points)


STAR_R = 10.0


def star_at(p: Point, x: float, y: float) -> tuple[float, float]:
    """The centre of a moment of truth's star: beside its dot, never over it.

    Above a high point and below a low one, where the line (which leaves a peak downwards and a dip upwards)
    does not run; to the right of the value and the number written over and under the dot.
    """
    return x + POINT_R + STAR_R + 4, (y - POINT_R - 2) if p.value >= 0 else (y + POINT_R + 2)


def runs(segments: list[tuple[Point, Point]]) -> list[list[Point]]:
    """The emotion line as unbroken runs of points (a missing emotion ends a run)."""
    out: list[list[Point]] = []
    for a, b in segments:
        if out and out[-1][-1] is a:
            out[-1].append(b)
        else:
            out.append([a, b])
    return out


def emotion_svg(lay: Layout, theme: Theme, dx: float = 0, dy: float = 0, stage: int | None = None) -> Iterable[str]:
    """Level lines, the line, the points with their values, moments of truth and gaps; all or one stage's."""
    lane = lay.emotion
    if lane is None:
        return
    if stage is None:
        x0, x1 = float(LEFT), lay.width - PAD
    else:
        box = next(b for b in lay.stages if b.index == stage)
        x0, x1 = box.x, box.x + box.w + (STAGE_GAP if box is not lay.stages[-1] else 0)
    for value in range(2, -3, -1):
        y = lay.level_y(value) + dy
        colour, width = (theme.zero, 1.5) if value == 0 else (theme.grid, 1.0)
        dash = "" if value == 0 else ' stroke-dasharray="3 4"'
        yield (
            f'<line x1="{_n(x0 + dx)}" y1="{_n(y)}" x2="{_n(x1 + dx)}" y2="{_n(y)}" stroke="{colour}" '
            f'stroke-width="{width}"{dash}/>'
        )
    for run in runs(lay.segments):
        if stage is not None:
            run = [p for i, p in enumerate(run) if p.stage == stage or (i + 1 < len(run) and run[i + 1].stage == stage)]
            if len(run) < 2:
                continue
        d = " ".join(f"{'M' if i == 0 else 'L'}{_n(p.x + dx)},{_n(p.y + dy)}" for i, p in enumerate(run))
        yield f'<path d="{d}" fill="none" stroke="{theme.line}" stroke-width="3.5" stroke-linejoin="round"/>'
    for p in lay.points:
        if stage is not None and p.stage != stage:
            continue
        x, y = p.x + dx, p.y + dy
        label = f"{p.number}. {p.name}: emotion {emotion_label(p.value)}" + (", moment of truth" if p.moment else "")
        yield f'<g class="point" data-tp="{attr(p.touchpoint)}" data-value="{p.value}"><title>{escape(label)}</title>'
        yield (
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{POINT_R}" fill="{theme.emotion_fill(p.value)}" '
            f'stroke="{theme.line}" stroke-width="1.5"/>'
        )
        if p.moment:
            sx, sy = star_at(p, x, y)
            yield (
                f'<polygon class="moment" points="{star(sx, sy, STAR_R)}" fill="{theme.moment}" '
                f'stroke="{theme.page}" stroke-width="1.5"/>'
            )
        size = _n(STYLES["value"].size)
        yield (
            f'<text x="{_n(x)}" y="{_n(y - POINT_R - 5)}" font-size="{size}" font-weight="bold" '
            f'text-anchor="middle" fill="{theme.text}">{emotion_label(p.value)}</text>'
            f'<text class="number" x="{_n(x)}" y="{_n(y + POINT_R + 15)}" font-size="{size}" '
            f'text-anchor="middle" fill="{theme.muted}">{p.number}</text></g>'
        )
    for g in lay.gaps:
        if stage is not None and g.stage != stage:
            continue
        yield (
            f'<text class="gap" data-tp="{attr(g.touchpoint)}" x="{_n(g.x + dx)}" y="{_n(g.y + dy)}" '
            f'font-size="{_n(STYLES["tick"].size)}" font-style="italic" text-anchor="middle" '
            f'fill="{theme.muted}">no emotion recorded</text>'
        )


def description(lay: Layout) -> str:
    """A plain summary of the picture, for ``<desc>`` and alt text."""
    m = lay.map
    parts = [f"Journey map “{safe(m.title)}”.", lay.header.counts + "."]
    stages = ", ".join(safe(s.name) for s in lay.stages)
    if stages:
        parts.append(f"Stages: {stages}.")
    if lay.points:
        low = min(lay.points, key=lambda p: p.value)
        high = max(lay.points, key=lambda p: p.value)
        parts.append(
            f"Emotion is lowest at {low.number}. {safe(low.name)} ({emotion_label(low.value)}) "
            f"and highest at {high.number}. {safe(high.name)} ({emotion_label(high.value)})."
        )
    parts.append(lay.header.review + ".")
    return " ".join(parts)


def board_svg(lay: Layout, theme: Theme) -> Iterable[str]:
    for box in lay.stages:
        yield (
            f'<rect class="band" x="{_n(box.x)}" y="{_n(lay.stage_h)}" width="{_n(box.w)}" '
            f'height="{_n(lay.board_h - lay.stage_h - PAD)}" fill="{theme.stage_fill(box.index)}" fill-opacity="0.35"/>'
        )
    for lane in lay.lanes[1:]:
        yield (
            f'<line x1="{PAD}" y1="{_n(lane.y)}" x2="{_n(lay.width - PAD)}" y2="{_n(lane.y)}" '
            f'stroke="{theme.grid}" stroke-width="1"/>'
        )
    for c in lay.columns:
        yield (
            f'<rect class="col" data-tp="{attr(c.touchpoint)}" x="{_n(c.x)}" y="{_n(lay.stage_h)}" '
            f'width="{_n(c.w)}" height="{_n(lay.board_h - lay.stage_h - PAD)}" fill="none"/>'
        )
    for card in lay.cards:
        yield from card_svg(card, theme)
    yield from emotion_svg(lay, theme)
    yield from (text(line, theme) for line in lay.labels)


def to_svg(m: JourneyMap, options: PictureOptions | None = None) -> str:
    """The designed picture of ``m`` as a standalone SVG document."""
    return render_svg(layout(m, options))


def render_svg(lay: Layout, canvas: tuple[float, float] | None = None) -> str:
    """The layout as an SVG document; on a ``canvas`` (a slide's width and height) scaled to fit and centred."""
    theme = THEMES[lay.options.theme]
    w, h = _n(lay.width), _n(lay.height)
    if canvas is not None:
        w, h = _n(canvas[0]), _n(canvas[1])
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" '
        f'aria-labelledby="jmap-title jmap-desc" font-family="{attr(FONT_STACK)}">',
        f'<title id="jmap-title">{escape(lay.header.title)}: journey map</title>',
        f'<desc id="jmap-desc">{escape(description(lay))}</desc>',
        f'<rect width="{w}" height="{h}" fill="{theme.page}"/>',
    ]
    if canvas is not None:
        scale = min(canvas[0] / lay.width, canvas[1] / lay.height)
        dx, dy = (canvas[0] - lay.width * scale) / 2, (canvas[1] - lay.height * scale) / 2
        out.append(f'<g class="page" transform="translate({_n(dx)} {_n(dy)}) scale({scale:.4f})">')
    out.extend(text(line, theme) for line in lay.header.lines)
    if lay.header.badge is not None:
        out.extend(card_svg(lay.header.badge, theme))
    out.append(f'<g transform="translate(0 {_n(lay.header.h)})">')
    out.extend(board_svg(lay, theme))
    out.append("</g></svg>" if canvas is None else "</g></g></svg>")
    return "\n".join(out) + "\n"
