"""What a picture shows: theme, one stage or all, which lanes, PNG scale, and the day the review is judged on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jmap.domain.review import DEFAULT_DUE_SOON_DAYS, DEFAULT_REVIEW_EVERY
from jmap.errors import ConfigError

LANES: dict[str, str] = {
    "touchpoints": "Touchpoint",
    "actions": "Customer action",
    "goals": "Customer goal",
    "thoughts": "Thoughts",
    "emotion": "Emotion",
    "pain-points": "Pain points",
    "opportunities": "Fixes",
}
"""Lane name (for ``--lanes``) and its label in the picture, top to bottom."""
THEMES = ("light", "dark")
MAX_SCALE = 8.0


@dataclass(frozen=True, slots=True)
class PictureOptions:
    theme: str = "light"
    stage: str | None = None
    lanes: tuple[str, ...] = tuple(LANES)
    scale: float | None = None
    """PNG only: pixels per layout pixel; None fits a 16:9 slide."""
    today: date = field(default_factory=date.today)
    default_cadence: str = DEFAULT_REVIEW_EVERY
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    slides: bool = False
    """SVG and PNG: 16:9 pages (``map-1.png``, ``map-2.png``, ...) that break between stages, not one picture."""
    only: tuple[str, ...] | None = None
    """The touchpoints (ids) to draw, with their stages; None draws every touchpoint of the chosen stages."""
    since: str | None = None
    """The deck: a revision (commit, tag, branch, YYYY-MM-DD) whose changes get slides of their own."""
    column_w: float | None = None
    """The width every touchpoint column takes at least (a slide page spreads its columns over the page)."""

    def __post_init__(self) -> None:
        if self.theme not in THEMES:
            raise ConfigError(f"--theme {self.theme!r}: use one of {', '.join(THEMES)}")
        if self.scale is not None and not 0 < self.scale <= MAX_SCALE:
            raise ConfigError(f"--scale {self.scale:g}: use a number above 0 and up to {MAX_SCALE:g}")
        if not self.lanes:
            raise ConfigError("--lanes: name at least one lane")


def parse_lanes(text: str) -> tuple[str, ...]:
    """``touchpoints,emotion,opportunities`` as lane names in picture order; unknown names are refused."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in LANES]
    if unknown:
        raise ConfigError(f"--lanes: unknown lane {unknown[0]!r}; the lanes are: {', '.join(LANES)}")
    if not names:
        raise ConfigError(f"--lanes: name at least one lane of: {', '.join(LANES)}")
    return tuple(n for n in LANES if n in names)
