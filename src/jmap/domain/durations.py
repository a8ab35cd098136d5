"""Review cadences: ``quarterly``, ``6 months``, ``P90D`` and friends, with calendar month arithmetic."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from jmap.util.text import plural, q

_NAMED = {
    "weekly": (0, 7),
    "fortnightly": (0, 14),
    "biweekly": (0, 14),
    "monthly": (1, 0),
    "quarterly": (3, 0),
    "half-yearly": (6, 0),
    "semiannually": (6, 0),
    "yearly": (12, 0),
    "annually": (12, 0),
}


def how_often(cadence: str) -> str:
    """The cadence as words after a verb: ``quarterly`` stays ``quarterly``, ``6 months`` becomes ``every 6 months``."""
    text = " ".join(cadence.split())
    return text if text.lower() in _NAMED else f"every {text}"


MAX_CADENCE_YEARS = 100
"""The longest cadence jmap accepts; anything longer is a typo and would pass the calendar's end (year 9999)."""
_FROM, _UNTIL = date(2000, 1, 1), date(2000 + MAX_CADENCE_YEARS, 1, 1)
_TOO_LONG = 10**9
_MAX_DIGITS = 9

_UNITS = {"day": (0, 1), "week": (0, 7), "month": (1, 0), "year": (12, 0)}
_WORDS_RE = re.compile(r"(\d+)\s*(day|week|month|year)s?", re.IGNORECASE)
_ISO_RE = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Duration:
    months: int
    days: int

    def after(self, start: date) -> date:
        """``start`` plus this duration; months clamp to the month's last day (Aug 31 + 1 month = Sep 30).

        A date past the calendar's end (year 9999) is its last day, ``date.max``.
        """
        result = start
        if self.months:
            total = start.year * 12 + (start.month - 1) + self.months
            year, month = divmod(total, 12)
            if year > date.max.year:
                return date.max
            month += 1
            day = min(start.day, calendar.monthrange(year, month)[1])
            result = date(year, month, day)
        if self.days > (date.max - result).days:
            return date.max
        return result + timedelta(days=self.days)

    def describe(self) -> str:
        parts = []
        if self.months:
            years, months = divmod(self.months, 12)
            if years and not months:
                parts.append(plural(years, "year"))
            else:
                parts.append(plural(self.months, "month"))
        if self.days:
            parts.append(plural(self.days, "day"))
        return " ".join(parts) or "0 days"


def parse_duration(text: str) -> Duration:
    """Parse a cadence; raise ValueError with a message that lists what is accepted."""
    s = " ".join(text.strip().split())
    low = s.lower()
    if low in _NAMED:
        return Duration(*_NAMED[low])
    m = _WORDS_RE.fullmatch(s)
    if m:
        n = int(m.group(1)) if len(m.group(1)) <= _MAX_DIGITS else _TOO_LONG
        months, days = _UNITS[m.group(2).lower()]
        return _positive(Duration(months * n, days * n), text)
    m = _ISO_RE.fullmatch(s)
    if m and any(m.groups()):
        y, mo, w, d = (0 if not g else int(g) if len(g) <= _MAX_DIGITS else _TOO_LONG for g in m.groups())
        return _positive(Duration(y * 12 + mo, w * 7 + d), text)
    raise ValueError(
        f"{text!r} is not a cadence: use weekly, monthly, quarterly, yearly, "
        "'N days|weeks|months|years' or an ISO 8601 duration such as P90D or P6M"
    )


def _positive(d: Duration, text: str) -> Duration:
    if d.months == 0 and d.days == 0:
        raise ValueError(f"{text!r} is a zero-length cadence")
    if d.after(_FROM) > _UNTIL:
        raise ValueError(f"{q(text, 40)} is longer than {MAX_CADENCE_YEARS} years; a cadence that long never comes due")
    return d
