"""Small text helpers shared by the views: safe user text, emotion glyphs and styles."""

from __future__ import annotations

from rich.text import Text

from jmap.domain.vocabulary import OPEN_STATUSES
from jmap.model import Opportunity
from jmap.util.display import visible
from jmap.util.text import clip

EMOTION_STYLE = {-2: "bold red", -1: "red", 0: "yellow", 1: "green", 2: "bold green"}
MISSING_STYLE = "dim"
LABEL_STYLE = "bold"
STAGE_STYLE = "bold cyan"
TOUCHPOINT_STYLE = "bold"
META_STYLE = "dim"
MOMENT_STYLE = "bold yellow"
IMPACT_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}
MOMENT = "★"
BULLET = "•"
ARROW = "→"


MAX_SHOWN = 2_000


def clean(value: str) -> str:
    """User text made safe for a terminal, as :func:`jmap.util.display.visible` shows it; text longer than
    MAX_SHOWN characters is clipped, saying how many characters are left out (wrapping 10 MB took a minute)."""
    return visible(clip(value, MAX_SHOWN))


def plain(value: str | None, style: str = "") -> Text:
    return Text(clean(value), style=style) if value else Text()


def emotion_text(value: int | None) -> str:
    if value is None:
        return "?"
    return f"{value:+d}" if value else "0"


def emotion_glyph(value: int | None) -> str:
    """One block character whose height follows the emotion, or a dot when none is recorded."""
    if value is None:
        return "·"
    return "▁▃▄▆█"[value + 2]


def emotion_style(value: int | None) -> str:
    return MISSING_STYLE if value is None else EMOTION_STYLE[value]


def is_open(opportunity: Opportunity) -> bool:
    return opportunity.status is None or opportunity.status in OPEN_STATUSES


def join_lines(parts: list[Text]) -> Text:
    return Text("\n").join(parts)
