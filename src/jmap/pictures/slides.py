"""Pictures for slides (``--slides``): 16:9 pages at 1920 x 1080 that break between stages, legible on a screen.

A page holds whole stages while they fit; a stage too wide for one page
continues on the next, split between touchpoints. Each page is drawn from the
same layout as the whole-map picture (header, stage band, lanes, its part of
the curve), with its columns spread over the page, and scaled so that body
text is at least ``BODY_PX`` pixels. When all lanes of even one touchpoint are
too tall for that, the page is drawn twice: what the customer does, thinks
and feels, then the pain points and fixes, both with the curve.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jmap.errors import ExportError
from jmap.model import JourneyMap
from jmap.pictures.layout import COL_MAX, COL_MIN, LEFT, PAD, STAGE_GAP, STYLES, Layout, chosen_stages, layout
from jmap.pictures.options import PictureOptions
from jmap.pictures.svg import render_svg

PAGE = (1920.0, 1080.0)
BODY_PX = 14.0
"""The least size of body text on a page, in pixels of the 1920 x 1080 page."""
MIN_SCALE = BODY_PX / STYLES["body"].size
MAX_W = PAGE[0] / MIN_SCALE
MAX_H = PAGE[1] / MIN_SCALE
SPREAD_MAX = COL_MAX + 100
"""The widest a column is spread on a page."""
EXPERIENCE = ("touchpoints", "actions", "goals", "thoughts", "emotion")
WORK = ("touchpoints", "emotion", "pain-points", "opportunities")
MAX_PAGES = 500


@dataclass(frozen=True, slots=True)
class Page:
    layout: Layout

    @property
    def scale(self) -> float:
        return min(PAGE[0] / self.layout.width, PAGE[1] / self.layout.height)


def _page_options(m: JourneyMap, options: PictureOptions, ids: list[str], lanes: tuple[str, ...]) -> PictureOptions:
    stages = {s.id for _, s in chosen_stages(m, options.stage, tuple(ids))}
    room = MAX_W - LEFT - PAD - STAGE_GAP * (len(stages) - 1)
    spread = min(SPREAD_MAX, room / max(len(ids), 1))
    return replace(options, only=tuple(ids), column_w=spread, lanes=lanes, slides=False)


def _fits(lay: Layout) -> bool:
    return lay.width <= MAX_W + 0.5 and lay.height <= MAX_H + 0.5


def _wide_enough(m: JourneyMap, options: PictureOptions, ids: list[str]) -> bool:
    return layout(m, replace(options, only=tuple(ids), slides=False)).width <= MAX_W + 0.5


def _groups(m: JourneyMap, options: PictureOptions) -> list[list[str]]:
    """The touchpoints (ids; ``stage:ID`` for an empty stage) of each page, whole stages together while they fit."""
    pages: list[list[str]] = []
    current: list[str] = []
    for _, stage in chosen_stages(m, options.stage):
        ids = [t.id for t in stage.touchpoints] or [f"stage:{stage.id}"]
        if current and _wide_enough(m, options, current + ids):
            current += ids
            continue
        if current:
            pages.append(current)
        current = []
        most = 0
        for tid in ids:
            if current and not _wide_enough(m, options, [*current, tid]):
                break
            current.append(tid)
            most += 1
        parts = -(-len(ids) // most)
        size = -(-len(ids) // parts)
        chunks = [ids[k : k + size] for k in range(0, len(ids), size)]
        pages += chunks[:-1]
        current = chunks[-1]
    if current:
        pages.append(current)
    return pages


def _drawn(m: JourneyMap, options: PictureOptions, ids: list[str], lanes: tuple[str, ...]) -> list[Page]:
    """The pages of these touchpoints: all lanes on one page, else the lanes in two groups, else fewer touchpoints."""
    whole = layout(m, _page_options(m, options, ids, lanes))
    if _fits(whole):
        return [Page(whole)]
    groups = [tuple(lane for lane in lanes if lane in group) for group in (EXPERIENCE, WORK)]
    if all(len(g) < len(lanes) and any(lane not in ("touchpoints", "emotion") for lane in g) for g in groups):
        split = [layout(m, _page_options(m, options, ids, g)) for g in groups]
        if all(_fits(lay) for lay in split) or len(ids) == 1:
            return [Page(lay) for lay in split]
    if len(ids) > 1:
        half = -(-len(ids) // 2)
        return _drawn(m, options, ids[:half], lanes) + _drawn(m, options, ids[half:], lanes)
    return [Page(whole)]


def pages(m: JourneyMap, options: PictureOptions) -> list[Page]:
    """The slide pages of ``m``, in journey order; more than ``MAX_PAGES`` are refused before any is drawn."""
    chosen = chosen_stages(m, options.stage)
    per_page = int((MAX_W - LEFT - PAD) // COL_MIN)
    least = sum(-(-max(len(s.touchpoints), 1) // per_page) for _, s in chosen)
    if least > MAX_PAGES:
        raise ExportError(
            f"{sum(len(s.touchpoints) for _, s in chosen):,} touchpoints need at least {least:,} slides of at most "
            f"{per_page} touchpoints, more than {MAX_PAGES}; draw one stage with --stage ID, or export SVG or HTML"
        )
    out: list[Page] = []
    for ids in _groups(m, options):
        out += _drawn(m, options, ids, options.lanes)
        if len(out) > MAX_PAGES:
            raise ExportError(f"more than {MAX_PAGES} slides; draw one stage with --stage ID or fewer --lanes")
    return out


def page_svgs(m: JourneyMap, options: PictureOptions) -> list[bytes]:
    """Each page as an SVG document of 1920 x 1080."""
    return [render_svg(p.layout, PAGE).encode("utf-8") for p in pages(m, options)]


def page_pngs(m: JourneyMap, options: PictureOptions) -> list[bytes]:
    """Each page as a PNG of 1920 x 1080 pixels."""
    import resvg_py

    out: list[bytes] = []
    for svg in page_svgs(m, options):
        try:
            out.append(bytes(resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), width=int(PAGE[0]))))
        except ValueError as exc:
            raise ExportError(f"could not rasterize a slide: {exc}") from None
    return out
