"""The Markdown writer: golden output, table structure, escaping, and the ranking of opportunities."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from jmap.formats.markdown import ranked, to_markdown
from jmap.model import JourneyMap
from tests.formats.strategies import journey_map
from tests.formats.util import check_golden, small_map


def _cells(line: str) -> list[str]:
    """Split a table row the way GFM does: a pipe after a backslash escape is text."""
    cells: list[str] = []
    current: list[str] = []
    chars = iter(line.strip()[1:-1])
    for ch in chars:
        if ch == "\\":
            current += [ch, next(chars, "")]
        elif ch == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    return [*cells, "".join(current).strip()]


def _tables(text: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def test_golden() -> None:
    check_golden("small.out.md", to_markdown(small_map()))


def test_grid_has_one_column_per_touchpoint_and_an_empty_stage_keeps_one() -> None:
    grid = _tables(to_markdown(small_map()))[0]
    header = _cells(grid[0])
    assert header == ["**Stage**", "Onboarding", "", "Adoption", "Renewal #1"]
    labels = [_cells(row)[0] for row in grid[2:]]
    assert labels == [
        "**Stage owner**", "**Customer goal**", "**Touchpoint**", "**Channel**", "**Owner**", "**Action**",
        "**Thoughts**", "**Emotion**", "**Pain points**", "**Opportunities (owner)**", "**Moment of truth**",
    ]  # fmt: skip
    assert all(len(_cells(row)) == 5 for row in grid if not row.startswith("|---"))


def test_pipes_and_newlines_are_escaped() -> None:
    text = to_markdown(small_map())
    assert "Go live in 30 days<br>with SSO \\| SCIM" in text
    assert "# Renewal: the #1 risk \\| Q3\n" in text


def test_opportunities_ranked_by_impact_then_open_work_first() -> None:
    m = small_map()
    assert [(o.impact, o.status) for *_, o in ranked(m)] == [
        ("high", "in-progress"),
        ("high", "open"),
        ("medium", "idea"),
        ("low", "shipped"),
    ]
    table = _tables(to_markdown(m))[1]
    assert _cells(table[0]) == ["Impact", "Status", "Opportunity", "Pain point", "Stage", "Touchpoint", "Owner",
                                "Target"]  # fmt: skip
    assert _cells(table[3]) == [
        "high", "open", "Carry the deal notes into the kickoff brief", "The handoff drops the deal notes",
        "Onboarding", "Kickoff call: agenda; roles", "Sales Ops", "90% of kickoffs cite the notes",
    ]  # fmt: skip


def test_no_impact_ranks_last_and_no_status_among_open_work() -> None:
    pain = [
        {"text": "a", "opportunity": {"fix": "none-dropped", "status": "dropped"}},
        {"text": "b", "opportunity": {"fix": "low-none", "impact": "low"}},
        {"text": "c", "opportunity": {"fix": "low-measured", "impact": "low", "status": "measured"}},
        {"text": "d", "opportunity": {"fix": "low-idea", "impact": "low", "status": "idea"}},
        {"text": "e", "opportunity": {"fix": "low-open", "impact": "low", "status": "open"}},
    ]
    m = JourneyMap.model_validate(
        {"jmap": 1, "title": "T", "stages": [{"id": "s", "name": "S", "touchpoints": [
            {"id": "t", "name": "T", "pain_points": pain}]}]}
    )  # fmt: skip
    assert [o.fix for *_, o in ranked(m)] == ["low-open", "low-idea", "low-none", "low-measured", "none-dropped"]


def test_no_stages_and_no_opportunities() -> None:
    text = to_markdown(JourneyMap.model_validate({"jmap": 1, "title": "T", "stages": []}))
    assert "No stages yet." in text and "No opportunities yet." in text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_map)
def test_tables_keep_their_shape_whatever_the_text(m: JourneyMap) -> None:
    text = to_markdown(m)
    for table in _tables(text):
        widths = {len(_cells(row)) for row in table}
        assert len(widths) == 1, table
    for line in text.split("\n"):
        assert "\r" not in line and "\u2028" not in line
