"""The layout: columns, the emotion line, cards that never overlap and text that never leaves its card."""

from __future__ import annotations

from datetime import date
from itertools import combinations, pairwise

import pytest

from jmap.errors import ConfigError
from jmap.loader import load_map
from jmap.model import Metric
from jmap.pictures.layout import (
    CARD_PAD,
    COL_MAX,
    COL_MIN,
    INSET,
    STYLES,
    Card,
    Layout,
    layout,
    metric_text,
    review_status,
)
from jmap.pictures.metrics import width
from jmap.pictures.options import LANES, PictureOptions, parse_lanes
from tests.pictures.maps import EXAMPLES, TODAY, hostile_map, model, wide_map

ENTERPRISE = next(p for p in EXAMPLES if p.stem == "enterprise-post-sale")


def _options(**kw: object) -> PictureOptions:
    return PictureOptions(today=date.fromisoformat(TODAY), **kw)  # type: ignore[arg-type]


def _overlap(a: Card, b: Card) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def _check(lay: Layout) -> None:
    for a, b in combinations(lay.cards, 2):
        assert not _overlap(a, b), (a, b)
    for card in lay.cards:
        for line in card.lines:
            s = STYLES[line.style]
            assert card.x < line.x and line.x + width(line.text, s.size, s.bold) < card.x + card.w, line.text
            assert card.y <= line.y and line.y + s.line <= card.y + card.h, line.text


@pytest.mark.parametrize("case", ["enterprise", "wide", "hostile"])
def test_cards_never_overlap_and_text_stays_inside(case: str) -> None:
    m = {
        "enterprise": lambda: load_map(ENTERPRISE).model,
        "wide": lambda: model(wide_map(60)),
        "hostile": lambda: model(hostile_map()),
    }[case]()
    _check(layout(m, _options()))


def test_every_touchpoint_has_a_column_and_points_sit_at_its_centre() -> None:
    m = load_map(ENTERPRISE).model
    lay = layout(m, _options())
    assert [c.touchpoint for c in lay.columns] == [t.id for *_, t in m.touchpoints()]
    assert [c.number for c in lay.columns] == list(range(1, 23))
    by_id = {c.touchpoint: c for c in lay.columns}
    assert len(lay.points) == 22
    for p in lay.points:
        column = by_id[p.touchpoint]
        assert p.x == column.centre
        assert p.y == lay.level_y(p.value)
    moments = [p.touchpoint for p in lay.points if p.moment]
    assert moments == [
        "kickoff-call", "first-approved-po", "support-escalation", "exec-business-review", "renewal-quote",
    ]  # fmt: skip


def test_emotion_levels_are_evenly_spaced_with_zero_in_the_middle() -> None:
    lay = layout(model(wide_map(10)), _options())
    ys = [lay.level_y(v) for v in (2, 1, 0, -1, -2)]
    assert ys == sorted(ys)
    assert {round(b - a, 6) for a, b in pairwise(ys)} == {round(lay.step, 6)}
    assert lay.step >= 34
    assert lay.emotion is not None and lay.emotion.h >= 0.2 * lay.height - 1e-6


@pytest.mark.parametrize("lanes", [("touchpoints", "emotion"), tuple(LANES)])
def test_the_emotion_band_is_at_least_a_fifth_of_the_picture(lanes: tuple[str, ...]) -> None:
    for path in EXAMPLES:
        lay = layout(load_map(path).model, _options(lanes=lanes))
        assert lay.emotion is not None
        assert lay.emotion.h >= 0.2 * lay.height - 1e-6, path.name


def test_lanes_with_nothing_in_them_are_left_out() -> None:
    data = wide_map(4)
    for stage in data["stages"]:
        for tp in stage["touchpoints"]:
            tp.pop("action", None)
    lay = layout(model(data), _options())
    assert [lane.id for lane in lay.lanes] == ["touchpoints", "thoughts", "emotion", "pain-points", "opportunities"]


def test_the_emotion_lane_alone_names_each_touchpoint_under_the_curve() -> None:
    lay = layout(model(wide_map(4)), _options(lanes=("emotion",)))
    names = [c for c in lay.cards if c.kind == "name"]
    assert [" ".join(ln.text for ln in c.lines) for c in names] == [f"{k + 1}. Touchpoint number {k}" for k in range(4)]
    assert lay.emotion is not None
    bottom = lay.emotion.y + lay.emotion.h
    assert all(lay.emotion.y < c.y and c.y + c.h <= bottom for c in names)


def test_a_missing_emotion_is_a_gap_in_the_line_never_a_zero() -> None:
    lay = layout(model(wide_map(8)), _options())
    # wide_map: touchpoints 3 and 7 have no emotion.
    assert [g.touchpoint for g in lay.gaps] == ["tp-3", "tp-7"]
    assert "tp-3" not in {p.touchpoint for p in lay.points}
    assert [(a.touchpoint, b.touchpoint) for a, b in lay.segments] == [
        ("tp-0", "tp-1"), ("tp-1", "tp-2"), ("tp-4", "tp-5"), ("tp-5", "tp-6"),
    ]  # fmt: skip


def test_columns_grow_for_a_long_word_up_to_the_maximum() -> None:
    data = wide_map(2)
    data["stages"][0]["touchpoints"][0]["name"] = "Procurementsupervisor review"
    data["stages"][3]["touchpoints"][0]["name"] = "x" * 400
    lay = layout(model(data), _options())
    first, second = lay.columns
    assert COL_MIN < first.w < COL_MAX
    assert first.w - 2 * (CARD_PAD + INSET) >= width("Procurementsupervisor", 14, bold=True)
    assert second.w == COL_MAX


def test_one_stage_and_chosen_lanes() -> None:
    m = load_map(ENTERPRISE).model
    lay = layout(m, _options(stage="renewal", lanes=parse_lanes("opportunities, emotion,touchpoints")))
    assert [s.id for s in lay.stages] == ["renewal"]
    assert [c.number for c in lay.columns] == [15, 16, 17, 18]
    assert [lane.id for lane in lay.lanes] == ["touchpoints", "emotion", "opportunities"]
    assert {c.kind for c in lay.cards} == {"stage", "touchpoint", "fix"}
    assert ("Showing", "stage Renewal only") in lay.header.facts


def test_unknown_stage_and_lane_are_refused() -> None:
    m = load_map(ENTERPRISE).model
    with pytest.raises(ConfigError, match=r"--stage 'nope': no such stage in this map; the stages are: onboarding, "):
        layout(m, _options(stage="nope"))
    with pytest.raises(ConfigError, match=r"--lanes: unknown lane 'feelings'; the lanes are: touchpoints, actions"):
        parse_lanes("touchpoints,feelings")
    with pytest.raises(ConfigError, match="name at least one lane"):
        parse_lanes(" , ")
    assert parse_lanes("EMOTION") == ("emotion",)
    assert tuple(LANES) == PictureOptions().lanes


def test_pain_point_without_a_fix_looks_unfinished() -> None:
    lay = layout(model(wide_map(4)), _options())
    pains = [c for c in lay.cards if c.kind == "pain"]
    gaps = [c for c in lay.cards if c.kind == "gap"]
    fixes = [c for c in lay.cards if c.kind == "fix"]
    # tp-0 has a pain point with a fix, tp-3 one without.
    assert [(c.touchpoint, c.dashed) for c in pains] == [("tp-0", False), ("tp-3", True)]
    assert [(c.touchpoint, c.dashed, c.lines[0].text) for c in gaps] == [("tp-3", True, "PAIN 4.1: NO FIX YET")]
    assert [line.text for line in fixes[0].lines] == [
        "FIX 1.1 · OPEN", "Fix step 0", "Owner: Ops", "Target: none set", "Impact: high",
    ]  # fmt: skip


def test_review_status_in_words() -> None:
    m = load_map(ENTERPRISE).model
    assert review_status(m, _options()) == (
        "Reviewed 2026-08-14, every 6 months; next review due 2027-02-14 (in 75 days)",
        False,
    )
    late = PictureOptions(today=date(2027, 3, 1))
    assert review_status(m, late) == ("Review overdue by 15 days (due 2027-02-14)", True)
    assert review_status(m, PictureOptions(today=date(2027, 2, 14))) == (
        "Reviewed 2026-08-14, every 6 months; review due today",
        False,
    )
    never = model(hostile_map())
    assert review_status(never, _options()) == ("Never reviewed: no review.last_reviewed date", True)
    lay = layout(m, late)
    assert lay.header.badge is not None
    assert lay.header.badge.lines[0].text.startswith("⚠ Review overdue by 15 days")


def test_header_counts() -> None:
    lay = layout(load_map(ENTERPRISE).model, _options())
    assert lay.header.counts == (
        "5 stages · 22 touchpoints · 5 moments of truth · 7 pain points · 0 pain points without a fix · "
        "6 open opportunities"
    )


def test_options_are_checked() -> None:
    with pytest.raises(ConfigError, match="--theme 'blue': use one of light, dark"):
        PictureOptions(theme="blue")
    with pytest.raises(ConfigError, match="--scale 0: use a number above 0 and up to 8"):
        PictureOptions(scale=0)


def test_an_800_touchpoint_map_is_laid_out_in_one_row() -> None:
    lay = layout(model(wide_map(800)), _options())
    assert len(lay.columns) == 800
    assert all(a.x + a.w <= b.x for a, b in zip(lay.columns, lay.columns[1:], strict=False))


def test_stage_band_shows_owner_goal_mindset_and_metrics() -> None:
    lay = layout(load_map(ENTERPRISE).model, _options(stage="onboarding"))
    band = next(c for c in lay.cards if c.kind == "stage")
    assert [line.text for line in band.lines] == [
        "Onboarding",
        "Owner: Onboarding team",
        "Goal: Get live on time and prove the purchase was right",
        "“We signed. Now show us this was worth the fight with Finance.”",
        "Metrics: Time to first approved PO: 41 days (target 30 days, off track), Implementation milestones hit "
        "on time: 71% (target 85%, off track)",
    ]


def test_metric_text() -> None:
    nps = Metric.model_validate({"name": "NPS", "type": "nps", "current": 42, "target": 50})
    assert metric_text(Metric.model_validate("po-cycle-time")) == "Po cycle time"
    assert metric_text(Metric.model_validate("NPS")) == "NPS"
    assert metric_text(nps) == "NPS: 42 (target 50, off track)"
