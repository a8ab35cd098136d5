"""Width, wrapping and completeness of every view, and the pieces each view is built from."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme
from jmap.loader import load_map
from jmap.model import JourneyMap
from jmap.render import Journey
from jmap.render.curve import HEIGHT
from jmap.render.grid import layout
from jmap.render.header import review_line
from jmap.render.opportunities import rank
from tests.render.helpers import PINNED, SAMPLE, VIEWS, WIDTHS, all_maps, missing, render_text, too_wide

SWEEP = (40, 52, 60, 75, 76, 80, 100, 109, 110, 119, 120, 200)


def _map(stages: list[dict[str, Any]], **extra: Any) -> JourneyMap:
    return JourneyMap.model_validate({"jmap": 1, "title": "Test map", "stages": stages, **extra})


def _stage(i: int, touchpoints: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"stage-{i}",
        "name": f"Stage {i}",
        "touchpoints": [
            {"id": f"tp-{i}-{j}", "name": f"Touchpoint {i}.{j}", "emotion": (i + j) % 5 - 2} for j in range(touchpoints)
        ],
        **extra,
    }


def _needles(model: JourneyMap, view: str) -> list[str]:
    """Texts that must be readable in ``view``: names, pain points and fixes."""
    fixes = [p.opportunity.fix for _, _, _, t in model.touchpoints() for p in t.pain_points if p.opportunity]
    found = [f for f in fixes if f]
    if view == "opportunities":
        return found
    names = [t.name for _, _, _, t in model.touchpoints()]
    pains = [p.text for _, _, _, t in model.touchpoints() for p in t.pain_points if p.text]
    return [*names, *pains, *found, *(s.name for s in model.stages)]


@pytest.mark.parametrize("path", all_maps(), ids=lambda p: p.stem)
@pytest.mark.parametrize("view", VIEWS)
def test_fits_and_keeps_everything(path: Path, view: str) -> None:
    model = load_map(path).model
    for width in sorted({*WIDTHS, *SWEEP}):
        text = render_text(model, view, width)
        assert not too_wide(text, width), (width, too_wide(text, width)[:3])
        assert "…" not in text, width
        assert not missing(text, _needles(model, view)), (width, missing(text, _needles(model, view)))


def test_layout_degrades_with_width() -> None:
    stages = load_map(SAMPLE).model.stages
    assert layout(stages, 300) == "wide"
    assert layout(stages, 160) == "compact"
    assert layout(stages, 100) == "stacked"
    assert layout(stages, 60) == "stacked"
    assert layout(_map([_stage(1, 1), _stage(2, 1)]).stages, 60) == "wide"
    assert layout(_map([_stage(1, 2), _stage(2, 1)]).stages, 60) == "stacked"


def test_wide_layout_puts_touchpoints_side_by_side_under_their_stage() -> None:
    model = _map([_stage(1, 2), _stage(2, 1)])
    lines = render_text(model, "grid", 100).splitlines()
    stage_line = next(line for line in lines if "Stage 1" in line)
    assert "Stage 2" in stage_line
    row = next(line for line in lines if "Touchpoint 1.0" in line)
    assert "Touchpoint 1.1" in row and "Touchpoint 2.0" in row
    assert row.index("Touchpoint 2.0") > stage_line.index("Stage 2") - 1
    assert "┼" in "".join(lines), "the stage band joins the grid below it"


def test_many_stages_at_60_columns_are_stacked_and_all_shown() -> None:
    model = _map([_stage(i, 1 + i % 3) for i in range(10)])
    text = render_text(model, "grid", 60)
    assert not too_wide(text, 60)
    assert not missing(text, _needles(model, "grid"))
    assert layout(model.stages, 60) == "stacked"


def test_many_touchpoints_split_the_curve_into_rows() -> None:
    model = _map([_stage(i, 8) for i in range(5)])
    text = render_text(model, "grid", 60)
    curve = text[text.index("Emotion curve") :]
    number_rows = [line for line in curve.splitlines() if line.strip() and line.replace("│", "").split()[0] == "1"]
    assert number_rows, curve
    assert all(str(n) in curve for n in range(1, 41))
    assert not too_wide(text, 60)


def test_curve_dips_where_the_emotion_is_lowest_and_marks_missing() -> None:
    model = _map(
        [
            {
                "id": "a",
                "name": "A",
                "touchpoints": [
                    {"id": "high", "name": "High", "emotion": 2},
                    {"id": "low", "name": "Low", "emotion": -2},
                    {"id": "none", "name": "Unrated"},
                ],
            }
        ]
    )
    text = render_text(model, "grid", 80)
    curve = text[text.index("Emotion curve") :].splitlines()
    at = next(i for i, line in enumerate(curve) if "▂" in line)
    top, bottom, values = curve[at - 1], curve[at], curve[at + 1]
    assert top.split() == ["████"], "only the +2 bar reaches the top row"
    assert bottom.split() == ["████", "▂▂▂▂", "····"]
    assert values.split() == ["+2", "-2", "?"]
    assert "Lowest: 2 Low (-2)" in text
    assert "No emotion recorded: 3 Unrated" in text
    assert HEIGHT[-2] < HEIGHT[-1] < HEIGHT[0] < HEIGHT[1] < HEIGHT[2]


def test_user_text_cannot_inject_escape_codes_or_markup() -> None:
    model = _map(
        [
            {
                "id": "a",
                "name": "A [bold]stage[/bold]",
                "touchpoints": [{"id": "t", "name": "Evil", "thoughts": "clear \x1b[2J screen\x07"}],
            }
        ]
    )
    for view in VIEWS:
        text = render_text(model, view, 80)
        assert "\x1b" not in text and "\x07" not in text
    grid = render_text(model, "grid", 80)
    assert "\\x1b[2J" in grid and "\\x07" in grid and "A [bold]stage[/bold]" in grid


def test_empty_map_and_empty_stage_render() -> None:
    assert "The map has no stages." in render_text(_map([]), "grid", 60)
    model = _map([_stage(1, 0), _stage(2, 1)])
    for view in VIEWS:
        text = render_text(model, view, 60)
        assert not too_wide(text, 60)
    assert "(no touchpoints)" in render_text(model, "grid", 60)
    assert "Stage 1 (no touchpoints)" in render_text(model, "grid", 60)


def test_time_in_stage_shows_what_the_stage_gives() -> None:
    model = _map(
        [
            _stage(1, 1, expected_duration="30 days", exit_criteria=["Live", "Trained"]),
            _stage(2, 1, exit_criteria=["Renewed"]),
            _stage(3, 1, expected_duration="2 weeks"),
            _stage(4, 1),
        ]
    )
    rows = [line for line in render_text(model, "stages", 100).splitlines() if "Time in stage" in line]
    assert [line.split("Time in stage")[1].strip(" │") for line in rows] == [
        "30 days; exit: Live · Trained",
        "exit: Renewed",
        "2 weeks",
    ]
    grid = render_text(model, "grid", 160)
    assert "exit: Renewed" in grid
    assert "—; exit" not in grid


def test_opportunities_ranked_by_priority_then_status() -> None:
    journey = Journey(load_map(SAMPLE).model, today=PINNED)
    ranked = [(f.opportunity.impact, f.opportunity.status) for f in rank(journey.opportunities(), DEFAULT_PRIORITY)]
    assert ranked == [
        ("high", "in-progress"),
        ("high", "open"),
        ("high", "open"),
        ("medium", "open"),
        ("medium", "idea"),
        ("medium", "shipped"),
        ("low", None),
        ("low", "measured"),
        (None, "dropped"),
    ]
    text = render_text(journey.map, "opportunities", 100)
    assert "By status: in-progress 1 · open 3 · idea 1 · no status 1 · shipped 1 · measured 1 · dropped 1" in text
    assert "Still open (idea, open, in-progress or no status): 6 of 9" in text


def test_a_configured_formula_reorders_the_list_and_is_named() -> None:
    m = JourneyMap.model_validate(
        {
            "jmap": 1,
            "title": "T",
            "stages": [
                {
                    "id": "s",
                    "name": "S",
                    "touchpoints": [
                        {
                            "id": "t",
                            "name": "T",
                            "pain_points": [
                                {"text": "a", "opportunity": {"fix": "big", "impact": "high", "effort": "high"}},
                                {"text": "b", "opportunity": {"fix": "quick", "impact": "medium", "effort": "low"}},
                            ],
                        }
                    ],
                }
            ],
        }
    )
    default = Journey(m, today=PINNED)
    assert [f.opportunity.fix for f in rank(default.opportunities(), default.priority)] == ["quick", "big"]
    impact_only = PriorityScheme.build("impact")
    assert [f.opportunity.fix for f in rank(default.opportunities(), impact_only)] == ["big", "quick"]
    text = render_text(m, "opportunities", 120)
    assert "ranked by priority = impact * confidence / effort" in text
    assert "│ 1 │      1.6 │" in text and "│ 2 │      0.8 │" in text


@pytest.mark.parametrize(
    ("review", "expected"),
    [
        ({"last_reviewed": "2026-04-20", "every": "6 months"}, "due 2026-10-20, OVERDUE by 36 days"),
        ({"last_reviewed": "2026-08-14"}, "due 2027-02-14 (in 81 days)"),
        ({"last_reviewed": "2026-10-25", "every": "monthly"}, "due today, 2026-11-25"),
        ({"every": "quarterly"}, "never reviewed"),
    ],
)
def test_review_line(review: dict[str, str], expected: str) -> None:
    journey = Journey(_map([], review=review), today=date(2026, 11, 25))
    assert expected in review_line(journey).plain


def test_header_counts_and_stage_filter() -> None:
    text = render_text(SAMPLE, "stages", 100, stage="adoption")
    assert "5 stages · 12 touchpoints · 6 open opportunities" in text
    assert "stage Adoption (adoption) only" in text
    assert "Kickoff call" not in text
    assert not missing(text, ["In-app guided tour", "Training webinar", "60-day usage review"])


@pytest.mark.parametrize("view", ["stages", "grid"])
@pytest.mark.parametrize("width", [40, 45, 50, 60, 68, 72, 80, 90, 100, 116, 140])
def test_views_wrap_words_never_cut_them(width: int, view: str) -> None:
    import re

    from tests.conftest import REPO

    for path in sorted((REPO / "examples").glob("*.yaml")):
        model = load_map(path).model
        out = render_text(model, view, width)
        shown = set(re.split(r"[\s│┌┐└┘├┤┬┴┼─╭╮╰╯•→★·,]+", out))
        fields = ("name", "action", "customer_goal", "owner") if view == "stages" else ("name", "owner")
        texts = [getattr(tp, f) for *_, tp in model.touchpoints() for f in fields]
        words = {w for t in texts if t for w in t.split() if len(w) <= 20 and w.isalpha()}
        assert sorted(words - shown) == [], (path.name, width)
