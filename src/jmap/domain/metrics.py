"""How a metric reads in every output: its value with unit, and current against target."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jmap.model import Metric


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def display_name(name: str) -> str:
    """A metric named by an id reads as words: ``time-to-first-value`` as ``Time to first value``."""
    if _SLUG.fullmatch(name):
        words = name.replace("-", " ")
        return words[0].upper() + words[1:]
    return name


def value_text(value: float, unit: str | None) -> str:
    """``62%``, ``14 days``, ``4.2``."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def verdict(metric: Metric) -> str | None:
    """``on track``, ``off track``, or None when current or target is missing (or which way is better is unknown)."""
    state = metric.on_track()
    if state is None:
        return None
    return "on track" if state else "off track"


def summary(metric: Metric, words: bool = False) -> str:
    """One line: ``Activation rate: 62% (target 80%, off track)``; just the name when there are no values.

    ``words`` writes a name given as an id as words (``display_name``).
    """
    parts: list[str] = []
    if metric.target is not None:
        parts.append(f"target {value_text(metric.target, metric.unit)}")
    if metric.current is not None and metric.target is not None and (v := verdict(metric)):
        parts.append(v)
    elif metric.current is None and metric.target is not None:
        parts.append("no current value")
    head = display_name(metric.name) if words else metric.name
    if metric.current is not None:
        head += f": {value_text(metric.current, metric.unit)}"
    elif metric.baseline is not None:
        head += f": baseline {value_text(metric.baseline, metric.unit)}"
    return f"{head} ({', '.join(parts)})" if parts else head
