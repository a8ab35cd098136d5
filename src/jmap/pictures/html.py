"""The picture as one HTML page: the same layout as the SVG, as positioned boxes that scroll sideways.

The page loads nothing: no script, no font, no image; a Content Security
Policy says so to the browser too. The layer labels stay in view while the
stages scroll; printed (A3 landscape), each stage is a page of its own,
shrunk to fit, so that no page break runs through a card.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from jmap.model import JourneyMap
from jmap.pictures.layout import LEFT, PAD, PRINT_H, PRINT_W, STAGE_GAP, STYLES, Card, Layout, Line, layout
from jmap.pictures.metrics import FONT_STACK
from jmap.pictures.options import PictureOptions
from jmap.pictures.svg import attr, card_fill, description, emotion_svg, role_colour
from jmap.pictures.theme import THEMES, Theme

MAX_PRINT_ZOOM = 1.5
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def css(theme: Theme) -> str:
    styles = "\n".join(
        f".s-{name}{{font-size:{_n(s.size)}px;line-height:{_n(s.line)}px;"
        f"font-weight:{'bold' if s.bold else 'normal'};font-style:{'italic' if s.italic else 'normal'}}}"
        for name, s in STYLES.items()
    )
    roles = "\n".join(
        f".r-{role}{{color:{role_colour(theme, role)}}}" for role in ("text", "muted", "pain", "fix", "moment", "ok")
    )
    return f"""
:root{{color-scheme:{theme.name}}}
*{{box-sizing:border-box}}
body{{margin:0;background:{theme.page};color:{theme.text};font-family:{FONT_STACK};
font-kerning:none;font-variant-ligatures:none;text-rendering:geometricPrecision}}
.head{{padding:{PAD}px {PAD}px 8px}}
.nav{{padding:12px {PAD}px 0;font-size:14px}}
.nav a{{color:{theme.fix_head}}}
.head h1{{font-size:26px;line-height:32px;margin:0 0 6px}}
.head p{{margin:4px 0;font-size:14px;line-height:20px}}
.head .facts,.head .legend{{color:{theme.muted}}}
.head .legend{{font-size:12px}}
.head .review.ok{{color:{theme.ok}}}
.head .review.overdue{{display:inline-block;background:{theme.alert};color:{theme.alert_text};font-weight:bold;
padding:3px 10px;border-radius:6px}}
.sr{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}}
.scroller{{overflow-x:auto;overflow-y:hidden}}
.scroller:focus-visible{{outline:3px solid {theme.fix_border}}}
.board{{display:flex;align-items:flex-start}}
.labels,.print-labels{{position:relative;flex:none;background:{theme.page}}}
.labels{{position:sticky;left:0;z-index:2;border-right:1px solid {theme.grid}}}
.print-labels{{display:none}}
.stage{{position:relative;flex:none}}
.body{{position:relative}}
.card{{position:absolute;border:1px solid;border-radius:6px}}
.card.dashed{{border-style:dashed;border-width:2px}}
.card.accent{{border-width:2px}}
.card.quote{{border-left:4px solid {theme.muted}}}
.card.stage-band{{border-top-width:6px}}
.l,.lbl{{position:absolute;white-space:pre;margin:0;width:max-content}}
.h{{margin:0;font:inherit}}
.rule{{position:absolute;height:1px;background:{theme.grid}}}
.col{{position:absolute}}
.emo{{position:absolute;left:0;overflow:visible}}
{styles}
{roles}
@page{{size:A3 landscape;margin:10mm}}
@media print{{
body{{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
.scroller{{overflow:visible}}
.board{{display:block;width:auto!important}}
.labels{{display:none}}
.stage{{display:flex;margin:0!important;zoom:var(--print-zoom);break-inside:avoid;width:max-content!important}}
.stage+.stage{{break-before:page}}
.print-labels{{display:block}}
.emo{{overflow:hidden}}
.card{{break-inside:avoid}}
}}
"""


def _line(line: Line, dx: float, dy: float) -> str:
    return (
        f'<div class="l s-{line.style} r-{line.role}" dir="auto" style="left:{_n(line.x - dx)}px;'
        f'top:{_n(line.y - dy)}px">{escape(line.text, quote=False)}</div>'
    )


def _card(card: Card, theme: Theme, dx: float) -> Iterable[str]:
    fill, border = card_fill(theme, card)
    classes = ["card", "stage-band" if card.kind == "stage" else card.kind]
    if card.dashed:
        classes.append("dashed")
    if card.accent:
        classes.append("accent")
    tp = f' data-tp="{attr(card.touchpoint)}"' if card.touchpoint else ""
    yield (
        f'<div class="{" ".join(classes)}"{tp} style="left:{_n(card.x - dx)}px;top:{_n(card.y)}px;'
        f'width:{_n(card.w)}px;height:{_n(card.h)}px;background:{fill};border-color:{border}">'
    )
    heading = {"stage": ("h3", "stage"), "touchpoint": ("h4", "name")}.get(card.kind)
    lines = list(card.lines)
    if heading is not None:
        tag, style = heading
        head = [ln for ln in lines if ln.style == style]
        yield f'<{tag} class="h">' + "".join(_line(ln, card.x, card.y) for ln in head) + f"</{tag}>"
        lines = [ln for ln in lines if ln.style != style]
    yield from (_line(ln, card.x, card.y) for ln in lines)
    yield "</div>"


def _labels(lay: Layout, theme: Theme, cls: str) -> str:
    hidden = ' aria-hidden="true"' if cls == "print-labels" else ""
    out = [f'<div class="{cls}"{hidden} style="width:{LEFT}px;height:{_n(lay.board_h)}px">']
    for lane in lay.lanes[1:]:
        out.append(f'<div class="rule" style="left:{PAD}px;width:{LEFT - PAD}px;top:{_n(lane.y)}px"></div>')
    out.extend(
        f'<div class="lbl s-{ln.style} r-{ln.role}" style="left:{_n(ln.x)}px;top:{_n(ln.y)}px">'
        f"{escape(ln.text, quote=False)}</div>"
        for ln in lay.labels
    )
    out.append("</div>")
    return "".join(out)


def _print_zoom(lay: Layout, first: bool, stage_w: float) -> float:
    """How much a stage is scaled to fill its printed page; the first page also holds the header."""
    height = PRINT_H - (lay.print_header_h + 40 if first else 0)
    return round(min(MAX_PRINT_ZOOM, PRINT_W / (LEFT + stage_w + PAD), height / lay.board_h) * 0.98, 3)


def board_html(lay: Layout, theme: Theme) -> Iterable[str]:
    """The scrolling board: sticky labels, then one section per stage."""
    yield (
        '<div class="scroller" tabindex="0" role="region" aria-label="The journey map; scroll sideways for more">'
        f'<div class="board" style="width:{_n(lay.width)}px">'
    )
    yield _labels(lay, theme, "labels")
    by_stage: dict[int, list[Card]] = {}
    for card in lay.cards:
        by_stage.setdefault(card.stage, []).append(card)
    for i, box in enumerate(lay.stages):
        margin = STAGE_GAP if i else 0
        zoom = _print_zoom(lay, i == 0, box.w)
        yield (
            f'<section class="stage" data-stage="{attr(box.id)}" aria-label="Stage {attr(box.name)}" '
            f'style="margin-left:{margin}px;--print-zoom:{zoom}">'
        )
        yield _labels(lay, theme, "print-labels")
        yield f'<div class="body" style="width:{_n(box.w)}px;height:{_n(lay.board_h)}px">'
        for lane in lay.lanes[1:]:
            yield f'<div class="rule" style="left:0;width:{_n(box.w + STAGE_GAP)}px;top:{_n(lane.y)}px"></div>'
        for c in lay.columns:
            if c.stage == box.index:
                yield (
                    f'<div class="col" id="tp-{attr(c.touchpoint)}" data-tp="{attr(c.touchpoint)}" '
                    f'style="left:{_n(c.x - box.x)}px;'
                    f'top:{_n(lay.stage_h)}px;width:{_n(c.w)}px;height:{_n(lay.board_h - lay.stage_h - PAD)}px"></div>'
                )
        for card in by_stage.get(box.index, []):
            yield from _card(card, theme, box.x)
        if lay.emotion is not None:
            lane = lay.emotion
            said = (
                "; ".join(f"{p.number}. {p.name} {p.value:+d}" for p in lay.points if p.stage == box.index)
                or "no emotion recorded"
            )
            yield (
                f'<svg class="emo" role="img" aria-label="Emotion in {attr(box.name)}: {attr(said)}" '
                f'width="{_n(box.w)}" height="{_n(lane.h)}" style="top:{_n(lane.y)}px" '
                f'viewBox="0 0 {_n(box.w)} {_n(lane.h)}" font-family="{attr(FONT_STACK)}">'
            )
            yield from emotion_svg(lay, theme, dx=-box.x, dy=-lane.y, stage=box.index)
            yield "</svg>"
        yield "</div></section>"
    yield "</div></div>"


def header_html(lay: Layout) -> str:
    h = lay.header
    facts = " · ".join(f"{escape(k)}: {escape(v)}" for k, v in h.facts)
    review_class = "overdue" if h.overdue else "ok"
    review = ("⚠ " if h.overdue else "") + escape(h.review)
    return (
        f'<header class="head"><h1>{escape(h.title)}</h1><p class="facts">{facts}</p>'
        f'<p class="review {review_class}">{review}</p><p class="counts">{escape(h.counts)}</p>'
        '<p class="legend">Emotion −2 (very negative) to +2 (very positive); a gap in the line means no emotion '
        "recorded · ★ moment of truth · a dashed card is a pain point without a fix</p></header>"
    )


def page(title: str, theme: Theme, body: Iterable[str], extra_css: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{escape(title)}</title>\n<style>{css(theme)}{extra_css}</style>\n</head>\n"
        f'<body class="{theme.name}">\n' + "\n".join(body) + "\n</body>\n</html>\n"
    )


def render_html(lay: Layout, nav: str = "") -> str:
    theme = THEMES[lay.options.theme]
    body = [
        nav,
        header_html(lay),
        "<main>",
        '<h2 class="sr">The journey, stage by stage</h2>',
        f'<p class="sr">{escape(description(lay))}</p>',
        *board_html(lay, theme),
        "</main>",
    ]
    return page(f"{lay.header.title}: journey map", theme, body)


def to_html(m: JourneyMap, options: PictureOptions | None = None) -> str:
    """The designed picture of ``m`` as a standalone HTML page."""
    return render_html(layout(m, options))
