"""The deck's plan: every touchpoint on a slide, no text under 12 pt, all inside a 16:9 slide, long stages continued."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jmap.errors import ExportError
from jmap.loader import load_map
from jmap.model import JourneyMap
from jmap.pictures.deck_plan import (
    BOTTOM,
    MAX_TEXT,
    SLIDE_H,
    SLIDE_W,
    Block,
    Frame,
    Para,
    Slide,
    clip,
    flow,
    plan,
)
from jmap.pictures.options import PictureOptions
from tests.pictures.maps import EXAMPLES, hostile_map, model, wide_map

TODAY = date(2026, 11, 25)


def _maps() -> dict[str, JourneyMap]:
    out = {p.stem: load_map(p).model for p in EXAMPLES}
    out["wide-60"] = model(wide_map(60))
    out["hostile"] = model(hostile_map())
    return out


MAPS = _maps()


@pytest.mark.parametrize("name", sorted(MAPS))
def test_every_touchpoint_is_on_a_stage_slide_and_no_text_is_under_12_pt(name: str) -> None:
    m = MAPS[name]
    deck = plan(m, PictureOptions(today=TODAY))
    shown = {tp for s in deck.slides if s.kind == "stage" for tp in s.touchpoints}
    assert shown == {t.id for *_, t in m.touchpoints()}
    sizes = [p.size for s in deck.slides for b in s.boxes for p in b.paras]
    sizes += [p.size for s in deck.slides for t in s.tables for r in (t.header, *t.rows) for c in r.cells for p in c]
    assert min(sizes) == 12
    for s in deck.slides:
        for b in (*s.boxes, *s.bands):
            assert b.x >= 0 and b.x + b.w <= SLIDE_W + 0.01, (s.title, b)
            assert b.y >= 0 and b.y + b.h <= SLIDE_H, (s.title, b)
        for t in s.tables:
            assert t.y + sum(r.h for r in (t.header, *t.rows)) <= BOTTOM + 0.01, s.title


@pytest.mark.parametrize("name", sorted(MAPS))
def test_cards_of_a_slide_do_not_overlap(name: str) -> None:
    for s in plan(MAPS[name], PictureOptions(today=TODAY)).slides:
        boxes = [b for b in s.boxes if b.kind in ("card", "about", "stage", "text")]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
                assert apart, (s.title, a.paras[:1], b.paras[:1])


def test_the_slides_of_the_enterprise_example() -> None:
    deck = plan(MAPS["enterprise-post-sale"], PictureOptions(today=TODAY))
    titles = [s.title for s in deck.slides]
    assert titles[:3] == ["Title", "The journey at a glance", "Onboarding"]
    ranked = "Open opportunities, ranked by priority"
    assert titles[-2:] == [ranked, f"{ranked} (continued)"]
    assert [s.kind for s in deck.slides].count("stage") == 11
    title = [p.text for p in deck.slides[0].boxes[0].paras]
    assert title[0] == "Enterprise post-sale journey"
    assert "Segment: Enterprise (500+ seats)" in title
    assert "Reviewed 2026-08-14, every 6 months; next review due 2027-02-14 (in 81 days)" in title
    overview = deck.slides[1]
    assert len(overview.dots) == 22
    assert sum(1 for d in overview.dots if d.moment) == 5
    assert [d.label for d in overview.dots][:3] == ["1", "2", "3"]
    assert sum(1 for r in overview.rules if r.kind == "curve") == 21
    ranked = [t for s in deck.slides for t in s.tables]
    first_fix = ranked[0].rows[0].cells[1][0].text
    assert first_fix == "Send every enterprise renewal quote 120 days before term end"
    assert sum(len(t.rows) for t in ranked) == 6


def test_a_stage_deck_shows_that_stage_only_and_unknown_stages_are_refused() -> None:
    m = MAPS["enterprise-post-sale"]
    deck = plan(m, PictureOptions(today=TODAY, stage="renewal"))
    shown = {tp for s in deck.slides for tp in s.touchpoints}
    assert shown == {t.id for t in m.stages[3].touchpoints}
    with pytest.raises(ExportError, match="no such stage"):
        plan(m, PictureOptions(today=TODAY, stage="nope"))


def test_lanes_choose_what_a_touchpoint_card_says() -> None:
    m = MAPS["b2b-saas"]
    deck = plan(m, PictureOptions(today=TODAY, lanes=("touchpoints", "emotion")))
    texts = [p.text for s in deck.slides if s.kind == "stage" for b in s.boxes for p in b.paras]
    assert not any(t.startswith(("Does:", "Pain", "Fix")) for t in texts)
    assert any(t.startswith("Emotion ") for t in texts)


def test_a_block_taller_than_a_column_continues_with_a_heading() -> None:
    paras = tuple(Para(f"line {k} " + "word " * 30, 14) for k in range(40))
    block = Block(paras, continued="7. Long one (continued)", touchpoint="long")
    slides = flow([block], Slide("Stage", "stage"), Frame(80.0, 3), Frame(60.0, 3))
    assert len(slides) >= 2
    assert slides[1].title == "Stage (continued)"
    heads = [b.paras[0].text for s in slides for b in s.boxes]
    assert heads[0] == paras[0].text
    assert heads[1:] == ["7. Long one (continued)"] * (len(heads) - 1)
    words = " ".join(p.text for s in slides for b in s.boxes for p in b.paras if "(continued)" not in p.text)
    assert words.split() == " ".join(p.text for p in paras).split()


def test_long_text_is_shortened_with_what_is_left_out_counted() -> None:
    assert clip("short") == "short"
    text = "x" * (MAX_TEXT + 1234)
    assert clip(text) == "x" * MAX_TEXT + "… (1,234 more characters in the map)"
    assert clip("a\x07b") == "a\u2407b"


def test_a_huge_title_gives_a_bounded_deck(tmp_path: Path) -> None:
    data = wide_map(6)
    data["title"] = "Title " * 2_000_000
    deck = plan(model(data), PictureOptions(today=TODAY))
    assert len(deck.slides) < 30


def test_changes_since_a_revision_follow_the_overview_and_continue_when_many() -> None:
    from jmap.changes.compute import compute_changes
    from jmap.history.revision import Revision

    old = wide_map(60)
    new = wide_map(60)
    for stage in new["stages"]:
        for tp in stage["touchpoints"]:
            tp["owner"] = "Support"
    changes = tuple(compute_changes(model(old), model(new)))
    assert len(changes) == 60
    deck = plan(model(new), PictureOptions(today=TODAY), since=Revision("v1", "a" * 40, "2026-09-01", changes))
    kinds = [s.kind for s in deck.slides]
    first = kinds.index("changes")
    # The overview's curve gives way to its notes, so the 60-touchpoint overview is one slide.
    assert kinds[:first] == ["title", "overview"]
    assert kinds[first : first + 3] == ["changes"] * 3
    assert deck.slides[first].title == "What changed since v1"
    lines = [p.text for s in deck.slides if s.kind == "changes" for b in s.boxes for p in b.paras]
    assert lines[1] == "commit aaaaaaaaaaaa of 2026-09-01; 60 changes to the map"
    assert "• Touchpoint 'Touchpoint number 0' owner: CSM → Support" in lines
    assert sum(1 for t in lines if t.startswith("• ")) == 60
    assert min(p.size for s in deck.slides for b in s.boxes for p in b.paras) == 12
