"""The picture as PNG: the SVG rasterized by resvg (the ``resvg-py`` wheel: Rust, no system libraries).

resvg was chosen because it is maintained, renders SVG text with the system
fonts it finds (so the DejaVu Sans the layout measured), ships as a wheel
for Linux, macOS and Windows and needs no browser, Cairo or ImageMagick.
"""

from __future__ import annotations

from pathlib import Path

from jmap.errors import ExportError
from jmap.model import JourneyMap
from jmap.pictures.layout import COL_MIN, LEFT, MIN_WIDTH, PAD, STAGE_GAP, STYLES, Layout, chosen_stages, layout
from jmap.pictures.options import PictureOptions
from jmap.pictures.svg import render_svg

SLIDE = (3840, 2160)
"""A 16:9 slide at 4K: the default PNG fits inside it."""
MAX_SLIDE_SCALE = 2.0
MAX_PIXELS = 120_000_000
MIN_TEXT_PX = 3.0
"""A PNG whose body text would be smaller than this many pixels is refused before it is drawn."""
LEAST_HEIGHT = 400.0
"""The least height of a picture in layout pixels: header, stage band, touchpoint lane."""


def png_scale(lay: Layout) -> float:
    """Pixels per layout pixel: ``--scale``, else the largest that fits a 16:9 slide (at most 2)."""
    if lay.options.scale is not None:
        return lay.options.scale
    return min(SLIDE[0] / lay.width, SLIDE[1] / lay.height, MAX_SLIDE_SCALE)


def least_width(m: JourneyMap, options: PictureOptions) -> float:
    """The narrowest the picture can be: every column at its least width (known before anything is laid out)."""
    chosen = chosen_stages(m, options.stage, options.only)
    columns = sum(max(len(s.touchpoints), 1) for _, s in chosen)
    return max(LEFT + columns * COL_MIN + STAGE_GAP * (len(chosen) - 1) + PAD, MIN_WIDTH)


def check_legible(m: JourneyMap, options: PictureOptions) -> None:
    """Refuse, before drawing, a PNG whose body text would be under ``MIN_TEXT_PX`` pixels."""
    least = least_width(m, options)
    scale = options.scale if options.scale is not None else min(SLIDE[0] / least, MAX_SLIDE_SCALE)
    text = scale * STYLES["body"].size
    if least * scale * LEAST_HEIGHT * scale > MAX_PIXELS:
        most = (MAX_PIXELS / (least * LEAST_HEIGHT)) ** 0.5
        raise ExportError(
            f"the PNG would be at least {least * scale:,.0f} x {LEAST_HEIGHT * scale:,.0f} pixels, more than "
            f"{MAX_PIXELS:,}; write 16:9 pages with --slides, draw one stage with --stage ID, use a --scale of at "
            f"most {most:.2f}, or export SVG or HTML"
        )
    if text < MIN_TEXT_PX:
        count = sum(len(s.touchpoints) for _, s in chosen_stages(m, options.stage, options.only))
        raise ExportError(
            f"a PNG of {count:,} touchpoints is at least {least:,.0f} pixels wide at full size, so at "
            f"{'this scale' if options.scale is not None else 'most 3840 pixels wide'} its text would be "
            f"{text:.1f} px high (under {MIN_TEXT_PX:g}); write 16:9 pages with --slides, draw one stage with "
            "--stage ID, or export SVG or HTML"
        )


def to_png(m: JourneyMap, options: PictureOptions | None = None) -> bytes:
    """The picture of ``m`` as PNG bytes."""
    import resvg_py

    check_legible(m, options or PictureOptions())
    lay = layout(m, options)
    scale = png_scale(lay)
    w, h = round(lay.width * scale), round(lay.height * scale)
    if lay.options.scale is None:
        w, h = min(w, SLIDE[0]), min(h, SLIDE[1])
    if w * h > MAX_PIXELS:
        most = (MAX_PIXELS / (lay.width * lay.height)) ** 0.5
        raise ExportError(
            f"the PNG would be {w:,} x {h:,} pixels, more than {MAX_PIXELS:,}; draw one stage with --stage ID, "
            f"choose fewer --lanes, use a --scale of at most {most:.2f}, or export SVG or HTML instead"
        )
    try:
        # resvg keeps the aspect ratio and honours one side: the one that binds.
        svg = render_svg(lay)
        if w / lay.width <= h / lay.height:
            data = resvg_py.svg_to_bytes(svg_string=svg, width=w)
        else:
            data = resvg_py.svg_to_bytes(svg_string=svg, height=h)
    except ValueError as exc:
        raise ExportError(f"could not rasterize the picture: {exc}") from None
    return bytes(data)


def write_png(m: JourneyMap, path: Path, options: PictureOptions | None = None) -> None:
    path.write_bytes(to_png(m, options))
