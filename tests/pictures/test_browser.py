"""The pictures in a real browser: headless Chromium (Debian's) driven by Playwright.

For each example, a 60-touchpoint map and a hostile one, the HTML page and the
SVG load with no request leaving the file, no card's text runs outside the
card, no two cards overlap, every emotion point sits inside its touchpoint's
column, the labels stay in view while the board scrolls, each stage prints
on a page of its own, and a screenshot is taken. Skipped, with the reason,
where Chromium or Playwright is missing; CI installs both.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from jmap.loader import load_map
from jmap.pictures.html import PRINT_H, PRINT_W, to_html
from jmap.pictures.layout import layout
from jmap.pictures.options import PictureOptions
from jmap.pictures.svg import to_svg
from tests.pictures.maps import EXAMPLES, TODAY, hostile_map, model, wide_map

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')")
if shutil.which(CHROMIUM) is None:
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI installs it", allow_module_level=True)

CASES = {p.stem: p for p in EXAMPLES}
CASES_IDS = [*CASES, "wide", "hostile"]

HTML_CHECKS = """() => {
  const box = e => e.getBoundingClientRect();
  const textBox = e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect(); };
  const cards = [...document.querySelectorAll('.card')];
  const overflow = [];
  for (const c of cards) {
    const r = box(c);
    for (const l of c.querySelectorAll('.l')) {
      const t = textBox(l);
      if (t.left < r.left - 0.5 || t.right > r.right + 0.5 || t.top < r.top - 0.5 || t.bottom > r.bottom + 0.5)
        overflow.push([c.dataset.tp || c.className, l.textContent.slice(0, 60), t.right - r.right,
                       t.bottom - r.bottom]);
    }
  }
  const overlaps = [];
  const rects = cards.map(c => [c, box(c)]);
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
    const a = rects[i][1], b = rects[j][1];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
      overlaps.push([rects[i][0].className, rects[j][0].className, rects[i][0].dataset.tp || '']);
  }
  const cols = new Map([...document.querySelectorAll('.col')].map(c => [c.dataset.tp, box(c)]));
  const outside = [];
  const points = [...document.querySelectorAll('.point')];
  for (const p of points) {
    const c = box(p.querySelector('circle')), col = cols.get(p.dataset.tp);
    const x = (c.left + c.right) / 2;
    if (!col || x < col.left || x > col.right) outside.push([p.dataset.tp, x, col && col.left, col && col.right]);
  }
  return {cards: cards.length, points: points.length, columns: cols.size, overflow, overlaps, outside,
          scripts: document.scripts.length, title: document.title,
          headings: [...document.querySelectorAll('h1, h2, h3')].length,
          stages: document.querySelectorAll('section.stage').length};
}"""

SVG_CHECKS = """() => {
  const box = e => e.getBoundingClientRect();
  const cards = [...document.querySelectorAll('g.card')];
  const overflow = [];
  for (const c of cards) {
    const r = box(c.querySelector('rect'));
    for (const t of c.querySelectorAll('text')) {
      const b = box(t);
      if (b.left < r.left - 0.5 || b.right > r.right + 0.5)
        overflow.push([t.textContent.slice(0, 60), b.right - r.right]);
    }
  }
  const cols = new Map([...document.querySelectorAll('rect.col')].map(c => [c.dataset.tp, box(c)]));
  const outside = [];
  for (const p of document.querySelectorAll('g.point')) {
    const c = box(p.querySelector('circle')), col = cols.get(p.dataset.tp), x = (c.left + c.right) / 2;
    if (!col || x < col.left || x > col.right) outside.push(p.dataset.tp);
  }
  return {cards: cards.length, overflow, outside, title: document.querySelector('title').textContent,
          desc: document.querySelector('desc').textContent};
}"""


def _map(case: str) -> Any:
    if case == "wide":
        return model(wide_map(60))
    if case == "hostile":
        return model(hostile_map())
    return load_map(CASES[case]).model


def _options(**kw: Any) -> PictureOptions:
    return PictureOptions(today=date.fromisoformat(TODAY), **kw)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1600, "height": 1000},
        )
        yield context
        context.close()


def _open(browser: Any, path: Path) -> tuple[Any, list[str]]:
    """A page showing ``path``; every request is recorded and all but the file itself refused."""
    page = browser.new_page()
    requests: list[str] = []
    own = path.as_uri()

    def route(r: Any) -> None:
        requests.append(r.request.url)
        if r.request.url == own:
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.goto(own)
    page.wait_for_load_state("load")
    return page, requests


@pytest.mark.parametrize("case", CASES_IDS)
def test_html_page_in_chromium(browser: Any, case: str, tmp_path: Path) -> None:
    m = _map(case)
    html = tmp_path / f"{case}.html"
    html.write_text(to_html(m, _options()), encoding="utf-8")
    lay = layout(m, _options())
    page, requests = _open(browser, html)
    try:
        result = page.evaluate(HTML_CHECKS)
        shot = tmp_path / f"{case}.png"
        page.screenshot(path=str(shot), full_page=True)
    finally:
        page.close()
    assert requests == [html.as_uri()]
    assert result["overflow"] == []
    assert result["overlaps"] == []
    assert result["outside"] == []
    assert result["points"] == len(lay.points) == sum(1 for c in lay.columns if _emotion(m, c.touchpoint) is not None)
    assert result["columns"] == len(lay.columns) == sum(len(s.touchpoints) for s in m.stages)
    assert result["cards"] == len(lay.cards)
    assert result["stages"] == len(m.stages)
    assert result["scripts"] == 0
    assert result["headings"] >= 2 + len(m.stages)
    assert result["title"].endswith(": journey map")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _emotion(m: Any, touchpoint: str) -> int | None:
    return next(t.emotion for _, _, _, t in m.touchpoints() if t.id == touchpoint)


@pytest.mark.parametrize("case", CASES_IDS)
def test_svg_in_chromium(browser: Any, case: str, tmp_path: Path) -> None:
    m = _map(case)
    svg = tmp_path / f"{case}.svg"
    svg.write_text(to_svg(m, _options()), encoding="utf-8")
    page, requests = _open(browser, svg)
    try:
        result = page.evaluate(SVG_CHECKS)
        page.screenshot(path=str(tmp_path / f"{case}-svg.png"))
    finally:
        page.close()
    assert requests == [svg.as_uri()]
    assert result["overflow"] == []
    assert result["outside"] == []
    lay = layout(m, _options())
    assert result["cards"] == len(lay.cards) + (lay.header.badge is not None)
    assert result["title"].endswith(": journey map")
    assert "Journey map" in result["desc"]


def test_labels_stay_in_view_while_the_wide_map_scrolls(browser: Any, tmp_path: Path) -> None:
    html = tmp_path / "wide.html"
    html.write_text(to_html(model(wide_map(60)), _options()), encoding="utf-8")
    page, _ = _open(browser, html)
    try:
        before = page.evaluate("document.querySelector('.labels').getBoundingClientRect().left")
        scrolled = page.evaluate(
            "(() => { const s = document.querySelector('.scroller'); s.scrollLeft = 5000; return s.scrollLeft; })()"
        )
        after = page.evaluate("document.querySelector('.labels').getBoundingClientRect().left")
        first_stage = page.evaluate("document.querySelector('section.stage').getBoundingClientRect().left")
    finally:
        page.close()
    assert scrolled == 5000
    assert before == after == 0
    assert first_stage < -4000


@pytest.mark.parametrize("case", ["enterprise-post-sale", "wide", "hostile"])
def test_print_puts_each_stage_on_its_own_a3_page(browser: Any, case: str, tmp_path: Path) -> None:
    m = _map(case)
    html = tmp_path / f"{case}.html"
    html.write_text(to_html(m, _options()), encoding="utf-8")
    page, _ = _open(browser, html)
    try:
        page.emulate_media(media="print")
        sizes = page.evaluate(
            "[...document.querySelectorAll('section.stage')].map(s => { const r = s.getBoundingClientRect();"
            " return [r.width, r.height]; })"
        )
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    assert len(sizes) == len(m.stages)
    for width, height in sizes:
        assert width <= PRINT_W + 1
        assert height <= PRINT_H + 1
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(m.stages)
    assert re.search(rb"/MediaBox \[0 0 1191\.\d+ 841\.\d+\]", pdf)


def test_the_site_index_and_a_map_page_fit_a_390_pixel_phone(browser: Any, tmp_path: Path) -> None:
    from jmap.lint.core import LintOptions
    from jmap.pictures.site import map_page, write_site
    from jmap.report import build_portfolio

    examples = EXAMPLES[0].parent
    portfolio = build_portfolio([examples], LintOptions(today=date(2026, 11, 25)), page=map_page)
    site = write_site(portfolio, tmp_path / "site", [examples])
    for path in (site.pages[0], site.pages[1]):
        page = browser.new_page()
        try:
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            wide = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
            shot = tmp_path / f"{path.stem}-390.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            page.close()
        assert wide == 390, (path.name, wide)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
