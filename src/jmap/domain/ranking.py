"""How opportunities are ranked for planning: by impact (high first, none last), then open work first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final, Protocol, TypeVar

from jmap.domain.vocabulary import IMPACTS

IMPACT_ORDER: Final[tuple[str | None, ...]] = (*IMPACTS, None)
STATUS_ORDER: Final[tuple[str | None, ...]] = ("in-progress", "open", "idea", None, "shipped", "measured", "dropped")

T = TypeVar("T")


class Rankable(Protocol):
    @property
    def impact(self) -> str | None: ...

    @property
    def status(self) -> str | None: ...


def rank_key(o: Rankable) -> tuple[int, int]:
    return IMPACT_ORDER.index(o.impact), STATUS_ORDER.index(o.status)


def ranked(items: Iterable[T], opportunity: Callable[[T], Rankable]) -> list[T]:
    """``items`` by the rank of their opportunity; ties keep their order (journey order)."""
    return sorted(items, key=lambda item: rank_key(opportunity(item)))
