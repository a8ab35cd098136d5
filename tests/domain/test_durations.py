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


@pytest.mark.parametrize(
    "text", ["9999 years", "999999999999 weeks", "101 years", "P36600D", "P1201M", "9" * 5000 + " days"]
)
def test_a_cadence_past_a_hundred_years_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"is longer than 100 years; a cadence that long never comes due$"):
        parse_duration(text)


def test_100_years_is_the_longest_cadence() -> None:
    assert parse_duration("100 years") == Duration(1200, 0)


@pytest.mark.parametrize(
    ("start", "duration"),
    [(date(9999, 12, 31), Duration(6, 0)), (date(9999, 12, 31), Duration(0, 1)), (date(9990, 1, 1), Duration(1200, 0))],
)
def test_a_due_date_past_the_calendar_is_its_last_day(start: date, duration: Duration) -> None:
    assert duration.after(start) == date.max
