"""The deck (``jmap export MAP -o deck.pptx``): the planned slides drawn as native, editable PowerPoint shapes.

Text sits in text boxes and shapes, the emotion curve is drawn with lines,
dots and stars, the opportunities are a table: everything can be edited in
PowerPoint, Keynote or LibreOffice Impress. The plan (``deck_plan``) decides
what goes where; this module only draws it, with python-pptx.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pptx.dml.color import RGBColor
from pptx.util import Emu, Length

from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme
from jmap.model import JourneyMap
from jmap.pictures.deck_plan import (
    CELL_X,
    CELL_Y,
    DOT,
    FOOTER_Y,
    LINE,
    MARGIN,
    PAD_X,
    PAD_Y,
    SLIDE_H,
    SLIDE_W,
    Box,
    Deck,
    Dot,
    Para,
    Rule,
    Slide,
    Table,
    plan,
)
from jmap.pictures.metrics import safe, width
from jmap.pictures.options import PictureOptions
from jmap.pictures.svg import role_colour
from jmap.pictures.theme import THEMES, Theme

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PptxPresentation
    from pptx.shapes.autoshape import Shape
    from pptx.shapes.shapetree import SlideShapes
    from pptx.slide import Slide as PptxSlide
    from pptx.text.text import TextFrame

    from jmap.history.revision import Revision

FONT = "Arial"
"""Drawn as Liberation Sans where Arial is missing (the same widths); the plan measures both."""
STRIPE = 8.0


def _pt(value: float) -> Length:
    """Points as EMU (python-pptx's unit)."""
    return Emu(round(value * 12700))


def _rgb(colour: str) -> RGBColor:
    return RGBColor(*(int(colour[i : i + 2], 16) for i in (1, 3, 5)))  # type: ignore[no-untyped-call]


def _role(theme: Theme, role: str) -> str:
    """The text colour of a role: the pictures' colours, and the verdicts a slide adds (good, bad, alert)."""
    own = {"alert": theme.pain_head, "good": theme.fix_head, "bad": theme.pain_head}
    return own[role] if role in own else role_colour(theme, role)


def write_deck(
    m: JourneyMap,
    path: Path,
    options: PictureOptions | None = None,
    priority: PriorityScheme = DEFAULT_PRIORITY,
    since: Revision | None = None,
) -> None:
    """Write the deck of ``m`` to ``path`` (with slides of what changed since a revision when ``since`` is given)."""
    draw(plan(m, options, priority, since)).save(str(path))


def draw(deck: Deck) -> PptxPresentation:
    """The deck as a python-pptx ``Presentation``."""
    from pptx import Presentation

    theme = THEMES[deck.options.theme]
    prs = Presentation()
    prs.slide_width = _pt(SLIDE_W)
    prs.slide_height = _pt(SLIDE_H)
    prs.core_properties.title = safe(deck.map.title)[:255]
    prs.core_properties.subject = "Customer journey map"
    blank = prs.slide_layouts[6]
    total = len(deck.slides)
    for number, planned in enumerate(deck.slides, 1):
        slide = prs.slides.add_slide(blank)
        _background(slide, theme)
        _draw_slide(slide.shapes, planned, theme)
        footer = Para(f"{safe(deck.map.title)[:80]} · {number} / {total}", 12, role="muted")
        _text_box(slide.shapes, Box(MARGIN, FOOTER_Y, SLIDE_W - 2 * MARGIN, 12 * LINE + 2 * PAD_Y, (footer,)), theme)
    return prs


def _background(slide: PptxSlide, theme: Theme) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(theme.page)


def _draw_slide(shapes: SlideShapes, slide: Slide, theme: Theme) -> None:
    for band in slide.bands:
        _band(shapes, band, theme)
    for rule in slide.rules:
        _rule(shapes, rule, theme)
    for box in slide.boxes:
        if box.kind == "chevron":
            _chevron(shapes, box, theme)
        elif box.kind in ("card", "about", "stage"):
            _card(shapes, box, theme)
        else:
            _text_box(shapes, box, theme)
    for dot in slide.dots:
        _dot(shapes, dot, theme)
    for table in slide.tables:
        _table(shapes, table, theme)


def _fill(shape: Shape, colour: str | None, line: str | None, width: float = 1.0) -> None:
    if colour is None:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
    if line is None:
        shape.line.fill.background()
    else:
        shape.line.color.rgb = _rgb(line)
        shape.line.width = _pt(width)
    shape.shadow.inherit = False


def _frame(frame: TextFrame, centred: bool = False) -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE if centred else MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = _pt(PAD_X)
    frame.margin_top = frame.margin_bottom = _pt(PAD_Y)


def _paragraphs(frame: TextFrame, paras: tuple[Para, ...], theme: Theme, centred: bool = False) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    for k, para in enumerate(paras):
        p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()  # type: ignore[no-untyped-call]
        p.line_spacing = Pt(para.size * LINE)
        p.space_before = Pt(para.before)
        p.space_after = Pt(0)
        p.alignment = PP_ALIGN.CENTER if centred else PP_ALIGN.LEFT
        run = p.add_run()
        run.text = para.text.replace("\n", " ")
        font = run.font
        font.name = FONT
        font.size = Pt(para.size)
        font.bold = para.bold
        font.italic = para.italic
        font.color.rgb = _rgb(_role(theme, para.role))


def _text_box(shapes: SlideShapes, box: Box, theme: Theme) -> None:
    shape = shapes.add_textbox(_pt(box.x), _pt(box.y), _pt(box.w), _pt(box.h))
    _frame(shape.text_frame, box.centred)
    _paragraphs(shape.text_frame, box.paras, theme, box.centred)


def _card(shapes: SlideShapes, box: Box, theme: Theme) -> None:
    from pptx.enum.shapes import MSO_SHAPE

    fill = theme.stage_fill(box.stage) if box.kind in ("stage", "about") else theme.card
    border = theme.moment if box.accent else theme.border
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, _pt(box.x), _pt(box.y), _pt(box.w), _pt(box.h))
    _fill(shape, fill, border, 2.0 if box.accent else 0.75)
    _frame(shape.text_frame)
    _paragraphs(shape.text_frame, box.paras, theme)
    if box.kind == "stage":
        shape.text_frame.margin_left = _pt(PAD_X + 16)
    if box.stage >= 0:
        stripe = shapes.add_shape(MSO_SHAPE.RECTANGLE, _pt(box.x), _pt(box.y), _pt(STRIPE / 2), _pt(box.h))
        _fill(stripe, theme.stage_stripe(box.stage), None)


def _chevron(shapes: SlideShapes, box: Box, theme: Theme) -> None:
    from pptx.enum.shapes import MSO_SHAPE

    shape = shapes.add_shape(MSO_SHAPE.CHEVRON, _pt(box.x), _pt(box.y), _pt(box.w), _pt(box.h))
    _fill(shape, theme.stage_fill(box.stage), theme.stage_stripe(box.stage), 1.5)
    shape.adjustments[0] = min(0.5, 12.0 / max(box.h, 1.0))
    _frame(shape.text_frame, centred=True)
    _paragraphs(shape.text_frame, box.paras, theme, centred=True)
    shape.text_frame.margin_left = shape.text_frame.margin_right = _pt(PAD_X + 12)


def _band(shapes: SlideShapes, box: Box, theme: Theme) -> None:
    from pptx.enum.shapes import MSO_SHAPE

    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, _pt(box.x), _pt(box.y), _pt(box.w), _pt(box.h))
    _fill(shape, theme.stage_fill(box.stage), None)


def _rule(shapes: SlideShapes, rule: Rule, theme: Theme) -> None:
    from pptx.enum.shapes import MSO_CONNECTOR

    line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _pt(rule.x1), _pt(rule.y1), _pt(rule.x2), _pt(rule.y2))
    colour, width = {"grid": (theme.grid, 0.75), "zero": (theme.zero, 1.25), "curve": (theme.line, 3.0)}[rule.kind]
    line.line.color.rgb = _rgb(colour)
    line.line.width = _pt(width)


def _dot(shapes: SlideShapes, dot: Dot, theme: Theme) -> None:
    from pptx.enum.shapes import MSO_SHAPE

    r = DOT / 2
    shape = shapes.add_shape(MSO_SHAPE.OVAL, _pt(dot.x - r), _pt(dot.y - r), _pt(DOT), _pt(DOT))
    _fill(shape, theme.emotion_fill(dot.value), theme.page, 1.5)
    if dot.moment:
        y = dot.y - r - 12 if dot.value < 0 else dot.y + r - 2
        star = shapes.add_shape(MSO_SHAPE.STAR_5_POINT, _pt(dot.x + r + 1), _pt(y), _pt(14), _pt(14))
        _fill(star, theme.moment, None)
    if dot.label is not None:
        w = width(dot.label, 12, bold=True) + 8
        above = dot.value >= 0
        y = dot.y - r - 2 - 12 * LINE - 4 if above else dot.y + r + 2
        box = Box(dot.x - w / 2, y, w, 12 * LINE + 4,
                  (Para(dot.label, 12, bold=True),))  # fmt: skip
        shape = shapes.add_textbox(_pt(box.x), _pt(box.y), _pt(box.w), _pt(box.h))
        _frame(shape.text_frame, centred=True)
        _paragraphs(shape.text_frame, box.paras, theme, centred=True)
        frame = shape.text_frame
        frame.margin_left = frame.margin_right = _pt(2)
        frame.margin_top = frame.margin_bottom = _pt(2)


def _table(shapes: SlideShapes, table: Table, theme: Theme) -> None:
    rows = (table.header, *table.rows)
    height = sum(r.h for r in rows)
    graphic = shapes.add_table(len(rows), len(table.widths), _pt(table.x), _pt(table.y), _pt(sum(table.widths)),
                               _pt(height))  # fmt: skip
    grid = graphic.table
    grid.first_row = True
    grid.horz_banding = False
    for k, w in enumerate(table.widths):
        grid.columns[k].width = _pt(w)
    for r, row in enumerate(rows):
        grid.rows[r].height = _pt(row.h)
        for c, paras in enumerate(row.cells):
            cell = grid.cell(r, c)
            cell.fill.solid()  # type: ignore[no-untyped-call]
            cell.fill.fore_color.rgb = _rgb(theme.card if r == 0 else theme.page)
            _paragraphs(cell.text_frame, paras, theme)
            cell.margin_left = cell.margin_right = _pt(CELL_X)
            cell.margin_top = cell.margin_bottom = _pt(CELL_Y)
