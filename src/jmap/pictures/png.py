"""The picture as PNG: the SVG rasterized by resvg (the ``resvg-py`` wheel: Rust, no system libraries).

resvg was chosen because it is maintained, renders SVG text with the system
fonts it finds (so the DejaVu Sans the layout measured), ships as a wheel
for Linux, macOS and Windows and needs no browser, Cairo or ImageMagick.
"""

from __future__ import annotations

from pathlib import Path

from jmap.errors import ExportError
from jmap.model import JourneyMap
from jmap.pictures.layout import Layout, layout
from jmap.pictures.options import PictureOptions
from jmap.pictures.svg import render_svg

SLIDE = (3840, 2160)
"""A 16:9 slide at 4K: the default PNG fits inside it."""
MAX_SLIDE_SCALE = 2.0
MAX_PIXELS = 120_000_000


def png_scale(lay: Layout) -> float:
    """Pixels per layout pixel: ``--scale``, else the largest that fits a 16:9 slide (at most 2)."""
    if lay.options.scale is not None:
        return lay.options.scale
    return min(SLIDE[0] / lay.width, SLIDE[1] / lay.height, MAX_SLIDE_SCALE)


def to_png(m: JourneyMap, options: PictureOptions | None = None) -> bytes:
    """The picture of ``m`` as PNG bytes."""
    import resvg_py

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
