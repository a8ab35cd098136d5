"""SVG, HTML and PNG drawn from the layout: self-contained, escaped, accessible, and sized as promised."""

from __future__ import annotations

import re
import struct
from datetime import date
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from defusedxml.ElementTree import fromstring

from jmap.errors import ExportError
from jmap.loader import load_map
from jmap.pictures.html import to_html
from jmap.pictures.layout import layout
from jmap.pictures.options import PictureOptions
from jmap.pictures.png import MAX_PIXELS, SLIDE, to_png
from jmap.pictures.svg import to_svg
from jmap.pictures.theme import DARK, LIGHT, THEMES, contrast
from tests.pictures.maps import EXAMPLES, MARKUP, TODAY, hostile_map, model, wide_map

SVG_NS = "{http://www.w3.org/2000/svg}"
ENTERPRISE = next(p for p in EXAMPLES if p.stem == "enterprise-post-sale")


def _options(**kw: object) -> PictureOptions:
    return PictureOptions(today=date.fromisoformat(TODAY), **kw)  # type: ignore[arg-type]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_svg_is_well_formed_with_title_and_desc() -> None:
    svg = to_svg(load_map(ENTERPRISE).model, _options())
    root = fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "jmap-title jmap-desc"
    assert root.find(f"{SVG_NS}title").text == "Enterprise post-sale journey: journey map"
    desc = root.find(f"{SVG_NS}desc").text
    assert desc.startswith("Journey map “Enterprise post-sale journey”. 5 stages · 22 touchpoints")
    assert (
        "Emotion is lowest at 10. Support escalation (−2) and highest at 5. First approved purchase order (+2)." in desc
    )
    assert len(root.findall(f".//{SVG_NS}g[@class='point']")) == 22


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("draw", [to_svg, to_html], ids=["svg", "html"])
def test_hostile_text_is_escaped_and_nothing_is_fetched(draw: object) -> None:
    out = draw(model(hostile_map()), _options())  # type: ignore[operator]
    parsed = _Tags()
    parsed.feed(out)
    assert parsed.tags <= {
        "svg", "title", "desc", "rect", "text", "g", "line", "path", "circle", "polygon",
        "html", "head", "meta", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "main", "div", "section",
    }  # fmt: skip
    assert not {a for a in parsed.attributes if a.startswith("on") or a in ("src", "href", "xlink:href")}
    text = "".join(parsed.text)
    assert MARKUP in text  # the markup is shown as the text it is
    assert "\x07" not in out and "\u2407" in out
    assert "@import" not in out and "url(" not in out


def test_hostile_svg_parses_as_xml() -> None:
    fromstring(to_svg(model(hostile_map()), _options()).encode("utf-8"))


def test_html_page_is_self_contained_and_accessible() -> None:
    html = to_html(load_map(ENTERPRISE).model, _options())
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert (
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'\">"
    ) in html
    assert "<title>Enterprise post-sale journey: journey map</title>" in html
    assert "<h1>Enterprise post-sale journey</h1>" in html
    assert html.count('<section class="stage"') == 5
    assert html.count('<h3 class="h">') == 5
    assert html.count('<h4 class="h">') == 22
    assert html.count('role="img" aria-label="Emotion in ') == 5
    assert (
        'aria-label="Emotion in Onboarding: 1. Welcome email from the onboarding lead +1; 2. Kickoff call -1;' in html
    )
    assert "@page{size:A3 landscape" in html
    assert ".stage+.stage{break-before:page}" in html
    assert "<script" not in html
    assert "position:sticky" in html


def test_print_zoom_fits_each_stage_on_an_a3_page() -> None:
    html = to_html(model(wide_map(60)), _options())
    zooms = [float(z) for z in re.findall(r"--print-zoom:([0-9.]+)", html)]
    assert len(zooms) == 6
    assert all(0 < z <= 1 for z in zooms)  # six stages of ten touchpoints: wider than a page


def test_dark_theme_uses_dark_colours() -> None:
    m = load_map(ENTERPRISE).model
    assert f'fill="{DARK.page}"' in to_svg(m, _options(theme="dark"))
    assert f"background:{DARK.page}" in to_html(m, _options(theme="dark"))
    assert f'fill="{LIGHT.page}"' in to_svg(m, _options())


def test_png_fits_a_16_9_slide_by_default_and_scales_on_request() -> None:
    m = load_map(ENTERPRISE).model
    lay = layout(m, _options(stage="onboarding"))
    w, h = _png_size(to_png(m, _options(stage="onboarding")))
    assert w <= SLIDE[0] and h <= SLIDE[1]
    assert h == SLIDE[1] or w == SLIDE[0]
    assert _png_size(to_png(m, _options(stage="onboarding", scale=1))) == (round(lay.width), round(lay.height))
    assert _png_size(to_png(m, _options(stage="onboarding", scale=2.5))) == (
        round(lay.width * 2.5),
        round(lay.height * 2.5),
    )


def test_a_png_too_big_to_make_is_refused_with_advice() -> None:
    m = model(wide_map(800))
    with pytest.raises(
        ExportError,
        match=r"the PNG would be at least 602,632 x 1,600 pixels, more than 120,000,000; "
        r"write 16:9 pages with --slides, draw one stage with --stage ID, use a --scale of at most 1\.41",
    ):
        to_png(m, _options(scale=4))
    assert MAX_PIXELS == 120_000_000


def test_an_illegible_png_is_refused_before_it_is_drawn() -> None:
    m = model(wide_map(800))
    message = (
        "a PNG of 800 touchpoints is at least 150,658 pixels wide at full size, so at most 3840 pixels wide its text "
        "would be 0.3 px high (under 3); write 16:9 pages with --slides, draw one stage with --stage ID, or export "
        "SVG or HTML"
    )
    with pytest.raises(ExportError) as caught:
        to_png(m, _options())
    assert str(caught.value) == message
    with pytest.raises(ExportError, match=r"at this scale its text would be 1\.3 px high"):
        to_png(m, _options(scale=0.1))
    assert _png_size(to_png(model(wide_map(60)), _options()))[0] == SLIDE[0]


@pytest.mark.parametrize("theme", list(THEMES.values()), ids=list(THEMES))
def test_every_text_colour_meets_wcag_aa(theme: object) -> None:
    for what, fg, bg in theme.text_pairs():  # type: ignore[attr-defined]
        assert contrast(fg, bg) >= 4.5, what


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


# Viénot, Brettel & Mollon (1999) dichromat simulation in linear RGB.
_SIMULATE = {
    "protanopia": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
    "deuteranopia": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0)),
    "tritanopia": ((1.0, 0.14461, -0.14461), (0.0, 0.85924, 0.14076), (0.0, 0.85924, 0.14076)),
}


def _linear(colour: str) -> tuple[float, ...]:
    def f(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(f(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))


@pytest.mark.parametrize("kind", list(_SIMULATE))
def test_emotion_colours_stay_apart_for_colour_blind_readers(kind: str) -> None:
    matrix = _SIMULATE[kind]
    seen = []
    for colour in LIGHT.emotion:
        rgb = _linear(colour)
        seen.append(tuple(sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix))
    for i in range(len(seen)):
        for j in range(i + 1, len(seen)):
            distance = sum((a - b) ** 2 for a, b in zip(seen[i], seen[j], strict=True)) ** 0.5
            assert distance > 0.08, (kind, LIGHT.emotion[i], LIGHT.emotion[j])


def test_every_example_draws() -> None:
    for path in EXAMPLES:
        m = load_map(path).model
        ElementTree.fromstring(to_svg(m, _options()))
        assert to_html(m, _options()).endswith("</html>\n")


@pytest.mark.parametrize("suffix", ["svg", "html"])
def test_committed_pictures_of_the_enterprise_example_are_current(suffix: str) -> None:
    """docs/picture-enterprise.* are what `jmap export … --today 2026-12-01` writes today (README shows them)."""
    draw = to_svg if suffix == "svg" else to_html
    committed = (ENTERPRISE.parent.parent / "docs" / f"picture-enterprise.{suffix}").read_text(encoding="utf-8")
    assert draw(load_map(ENTERPRISE).model, _options()) == committed
