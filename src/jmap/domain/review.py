"""Review cadence and due dates: when a map was last walked through and when it is due again."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from jmap.domain.durations import Duration, parse_duration

if TYPE_CHECKING:
    from jmap.model import JourneyMap

DEFAULT_REVIEW_EVERY = "6 months"
"""The cadence of a map that does not set `review.every` (config `review_every`)."""
DEFAULT_DUE_SOON_DAYS = 14
"""How many days before the due date a review counts as due soon (config `due_soon_days`)."""


def cadence(m: JourneyMap, default: str) -> tuple[str, Duration]:
    """The map's review cadence (text and duration), or the configured default."""
    text = (m.review.every if m.review else None) or default
    return text, parse_duration(text)


def review_due(m: JourneyMap, default: str) -> date | None:
    if m.review is None or m.review.last_reviewed is None:
        return None
    return cadence(m, default)[1].after(m.review.last_reviewed)
