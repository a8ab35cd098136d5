from __future__ import annotations

from datetime import date

import pytest

from jmap.domain.durations import Duration, parse_duration


@pytest.mark.parametrize(
    ("text", "months", "days"),
    [
        ("weekly", 0, 7),
        ("monthly", 1, 0),
        ("Quarterly", 3, 0),
        ("yearly", 12, 0),
        ("annually", 12, 0),
        ("6 months", 6, 0),
        ("1 month", 1, 0),
        ("90 days", 0, 90),
        ("2 weeks", 0, 14),
        ("1 year", 12, 0),
        ("P90D", 0, 90),
        ("P6M", 6, 0),
        ("P1Y2M", 14, 0),
        ("P2W", 0, 14),
    ],
)
def test_parse(text: str, months: int, days: int) -> None:
    assert parse_duration(text) == Duration(months, days)


@pytest.mark.parametrize("text", ["soon", "6 moons", "P", "P0D", "0 days", "-3 months", ""])
def test_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("start", "text", "due"),
    [
        (date(2026, 8, 31), "1 month", date(2026, 9, 30)),
        (date(2026, 1, 31), "1 month", date(2026, 2, 28)),
        (date(2024, 1, 31), "1 month", date(2024, 2, 29)),
        (date(2026, 5, 31), "quarterly", date(2026, 8, 31)),
        (date(2026, 8, 14), "6 months", date(2027, 2, 14)),
        (date(2026, 11, 30), "P3M", date(2027, 2, 28)),
        (date(2026, 8, 14), "P90D", date(2026, 11, 12)),
    ],
)
def test_calendar_arithmetic(start: date, text: str, due: date) -> None:
    assert parse_duration(text).after(start) == due


@pytest.mark.parametrize(
    ("cadence", "words"),
    [("quarterly", "quarterly"), ("Monthly", "Monthly"), ("6 months", "every 6 months"), ("P90D", "every P90D")],
)
def test_how_often_reads_as_english(cadence: str, words: str) -> None:
    from jmap.domain.durations import how_often

    assert how_often(cadence) == words
