"""The words the method fixes: kinds of map, evidence types, impacts, statuses, phases, metrics.

Each is written once, as a ``Literal`` for the model; the tuples are read from it.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Kind = Literal["current-state", "future-state", "strategic", "tactical", "persona"]
EvidenceType = Literal[
    "interview", "survey", "support-tickets", "nps", "analytics", "session-recording", "workshop", "other"
]
Impact = Literal["high", "medium", "low"]
Status = Literal["idea", "open", "in-progress", "shipped", "measured", "dropped"]
Phase = Literal["pre-sale", "post-sale"]
MetricType = Literal["nps", "csat", "ces", "time-to-value", "retention", "ticket-volume", "usage", "other"]
Direction = Literal["up", "down"]
Level = Literal["low", "medium", "high"]
Basis = Literal["observed", "assumed"]

KINDS: Final[tuple[str, ...]] = get_args(Kind)
EVIDENCE_TYPES: Final[tuple[str, ...]] = get_args(EvidenceType)
IMPACTS: Final[tuple[str, ...]] = get_args(Impact)
STATUSES: Final[tuple[str, ...]] = get_args(Status)
PHASES: Final[tuple[str, ...]] = get_args(Phase)
METRIC_TYPES: Final[tuple[str, ...]] = get_args(MetricType)
DIRECTIONS: Final[tuple[str, ...]] = get_args(Direction)
LEVELS: Final[tuple[str, ...]] = get_args(Level)
BASES: Final[tuple[str, ...]] = get_args(Basis)
CHANNELS: Final[tuple[str, ...]] = (
    "email", "call", "meeting", "in-app", "self-serve", "web", "chat", "support", "community", "event",
)  # fmt: skip
"""Common touchpoint channels (a channel is free text; editors offer these first)."""
BETTER_WAY: Final[dict[str, Direction]] = {
    "time-to-value": "down", "ticket-volume": "down", "nps": "up", "csat": "up", "retention": "up", "usage": "up",
}  # fmt: skip
"""The direction that is better for a metric type whose direction is fixed."""
OPEN_STATUSES: Final[tuple[str, ...]] = ("idea", "open", "in-progress")
"""Statuses of work not yet done: the opportunities a portfolio lists."""

DEFAULT_PRE_SALE: Final = (
    "awareness", "consideration", "evaluation", "decision", "purchase", "acquisition", "conversion",
)  # fmt: skip
"""Stage names (and ids) taken as pre-sale when a stage does not set ``phase``."""
