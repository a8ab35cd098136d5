"""Slide pages (``--slides``): 1920 x 1080, body text of 14 px or more, breaks between stages, every touchpoint."""

from __future__ import annotations

import re
import struct
from datetime import date
from pathlib import Path

import pytest

from jmap.errors import ExportError
from jmap.loader import load_map
from jmap.model import JourneyMap
from jmap.pictures.layout import STYLES
from jmap.pictures.options import PictureOptions
from jmap.pictures.slides import BODY_PX, PAGE, page_svgs, pages
from tests.conftest import run_jmap
from tests.pictures.maps import EXAMPLES, model, wide_map

OPTIONS = PictureOptions(today=date(2026, 11, 25))
ENTERPRISE = next(p for p in EXAMPLES if p.stem == "enterprise-post-sale")


def _maps() -> dict[str, JourneyMap]:
    out = {p.stem: load_map(p).model for p in EXAMPLES}
    out["wide-60"] = model(wide_map(60))
    return out


MAPS = _maps()


@pytest.mark.parametrize("name", sorted(MAPS))
def test_every_page_is_legible_on_a_1920_slide_and_shows_every_touchpoint(name: str) -> None:
    m = MAPS[name]
    drawn = pages(m, OPTIONS)
    assert all(p.scale * STYLES["body"].size >= BODY_PX - 1e-9 for p in drawn)
    assert all(p.scale * STYLES["meta"].size >= 12.9 for p in drawn)
    every = [t.id for *_, t in m.touchpoints()]
    shown = [c.touchpoint for p in drawn for c in p.layout.columns]
    assert sorted(set(shown)) == sorted(every)
    for p in drawn:
        lanes = [lane.id for lane in p.layout.lanes]
        assert lanes[0] == "touchpoints"
        assert "emotion" in lanes, "each page carries its part of the curve"
        assert [c.kind for c in p.layout.cards].count("stage") == len(p.layout.stages)


@pytest.mark.parametrize("name", sorted(MAPS))
def test_pages_break_between_stages_and_only_split_a_stage_too_wide_for_one(name: str) -> None:
    m = MAPS[name]
    stage_of = {t.id: s.id for _, s, _, t in m.touchpoints()}
    drawn = pages(m, OPTIONS)
    firsts = [stage_of[p.layout.columns[0].touchpoint] for p in drawn if p.layout.columns]
    lasts = [stage_of[p.layout.columns[-1].touchpoint] for p in drawn if p.layout.columns]
    for before, after, page in zip(lasts, firsts[1:], drawn[1:], strict=False):
        # a page starts a stage, or continues the stage the previous page was showing
        starts = page.layout.columns[0].touchpoint == next(s for s in m.stages if s.id == after).touchpoints[0].id
        assert starts or before == after


def test_the_enterprise_example_on_ten_slides_two_per_stage() -> None:
    drawn = pages(MAPS["enterprise-post-sale"], OPTIONS)
    assert len(drawn) == 10
    lanes = [tuple(lane.id for lane in p.layout.lanes) for p in drawn]
    assert lanes[0] == ("touchpoints", "actions", "goals", "thoughts", "emotion")
    assert lanes[1] == ("touchpoints", "emotion", "pain-points", "opportunities")
    assert [len(p.layout.columns) for p in drawn] == [5, 5, 5, 5, 4, 4, 4, 4, 4, 4]


def test_a_slide_svg_is_a_1920_by_1080_page_with_the_picture_scaled_into_it() -> None:
    svgs = page_svgs(MAPS["b2b-saas"], OPTIONS)
    assert len(svgs) == 3
    for svg in svgs:
        text = svg.decode("utf-8")
        assert '<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080" viewBox="0 0 1920 1080"' in text
        scale = float(re.search(r'<g class="page" transform="translate\([\d. ]+\) scale\(([\d.]+)\)">', text)[1])  # type: ignore[index]
        sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)"', text)}
        assert min(sizes) * scale >= 11 * 14 / 13 - 0.01
        assert STYLES["body"].size * scale >= 14 - 0.01


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_export_slides_writes_numbered_pages_and_says_what_it_drew(tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    r = run_jmap("export", str(ENTERPRISE), "-o", str(out), "--slides", "--stage", "renewal", "--today", "2026-11-25")
    assert r.returncode == 0, r.stderr
    first, last = tmp_path / "map-1.png", tmp_path / "map-2.png"
    assert r.stderr == f"wrote {first} … {last} (png, 2 slides, 1 stage, 4 touchpoints)\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".map.png.jmap-slides.json", "map-1.png", "map-2.png"]
    assert _png_size(first) == _png_size(last) == (int(PAGE[0]), int(PAGE[1]))


def test_fewer_slides_into_a_folder_of_more_remove_the_rest_of_jmaps_and_only_those(tmp_path: Path) -> None:
    clean, mixed = tmp_path / "clean", tmp_path / "mixed"
    clean.mkdir()
    mixed.mkdir()
    args = ["--slides", "--today", "2026-11-25", "--force"]
    r = run_jmap("export", str(ENTERPRISE), "-o", str(clean / "map.png"), *args, "--stage", "renewal")
    assert r.returncode == 0, r.stderr
    r = run_jmap("export", str(ENTERPRISE), "-o", str(mixed / "map.png"), *args)
    assert r.returncode == 0, r.stderr
    assert r.stderr.startswith(f"wrote {mixed / 'map-1.png'} … {mixed / 'map-10.png'} (png, 10 slides,")
    (mixed / "map-11.png").write_bytes(b"the user's")
    r = run_jmap("export", str(ENTERPRISE), "-o", str(mixed / "map.png"), *args, "--stage", "renewal")
    assert r.returncode == 0, r.stderr
    assert r.stderr == (
        f"wrote {mixed / 'map-1.png'} … {mixed / 'map-2.png'} (png, 2 slides, 1 stage, 4 touchpoints); "
        f"removed {mixed / 'map-3.png'} … {mixed / 'map-10.png'}, left from the last run\n"
    )
    # Byte for byte the set a clean folder gets, and the file jmap did not write.
    assert sorted(p.name for p in mixed.iterdir()) == [".map.png.jmap-slides.json", "map-1.png", "map-11.png",
                                                       "map-2.png"]  # fmt: skip
    for name in ("map-1.png", "map-2.png", ".map.png.jmap-slides.json"):
        assert (mixed / name).read_bytes() == (clean / name).read_bytes(), name
    assert (mixed / "map-11.png").read_bytes() == b"the user's"


def test_a_stage_picture_counts_what_it_drew(tmp_path: Path) -> None:
    out = tmp_path / "renewal.svg"
    r = run_jmap("export", str(ENTERPRISE), "-o", str(out), "--stage", "renewal", "--lanes", "touchpoints,emotion")
    assert r.returncode == 0, r.stderr
    assert r.stderr == f"wrote {out} (svg, 1 stage, 4 touchpoints)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.html", "--slides"], "--slides is for svg, png, not html"),
        (["-o", "x.yaml", "--slides"], "--slides is for pictures (svg, png, html, pptx), not yaml"),
        (["-o", "-", "-f", "svg", "--slides"], "--slides writes a file per slide; name the first with -o FILE.svg"),
        (["-o", "x.png", "--slides", "--scale", "2"], "--slides pages are 1920x1080; --scale is for the whole-map PNG"),
    ],
)
def test_slides_refusals(tmp_path: Path, args: list[str], message: str) -> None:
    r = run_jmap("export", str(ENTERPRISE), *args, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr == f"jmap: error: {message}\n"
    assert list(tmp_path.iterdir()) == []


def test_too_many_slides_are_refused_before_any_is_drawn() -> None:
    with pytest.raises(ExportError, match=r"^5,000 touchpoints need at least 630 slides of at most 8 touchpoints"):
        pages(model(wide_map(5000)), OPTIONS)
