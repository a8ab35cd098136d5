"""The rule machinery: a Rule declares its code, name, severity and explanation; the registry holds them all."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar, TypeVar

from jmap.domain.review import DEFAULT_DUE_SOON_DAYS, DEFAULT_REVIEW_EVERY
from jmap.findings import ModelPath, Severity
from jmap.model import DEFAULT_PRE_SALE, JourneyMap, Stage, Touchpoint, effective_phase


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """The thresholds and facts rules read; filled from config and the command line."""

    today: date
    review_every: str = DEFAULT_REVIEW_EVERY
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    max_stage_ratio: float = 3.0
    pre_sale_stages: tuple[str, ...] = DEFAULT_PRE_SALE
    owners: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's verdict on one object, before it gets a file position and a severity."""

    path: ModelPath
    message: str


@dataclass(slots=True)
class RuleContext:
    map: JourneyMap
    settings: RuleSettings
    where: Callable[[ModelPath], str]
    _phases: list[str] | None = field(default=None)
    _touchpoints: list[tuple[int, Stage, int, Touchpoint]] | None = field(default=None)

    def touchpoints(self) -> list[tuple[int, Stage, int, Touchpoint]]:
        """Every touchpoint in journey order with its stage and indexes (computed once per map)."""
        if self._touchpoints is None:
            self._touchpoints = self.map.touchpoints()
        return self._touchpoints

    def phase(self, index: int) -> str:
        if self._phases is None:
            names = frozenset(self.settings.pre_sale_stages)
            self._phases = [effective_phase(s, names) for s in self.map.stages]
        return self._phases[index]


def q(value: object, limit: int = 60) -> str:
    """Quote a name for a message, clipped so a huge value never floods the report."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def touchpoint_label(stage: str, touchpoint: str) -> str:
    """How a message names a touchpoint: by its name and its stage's."""
    return f"touchpoint {q(touchpoint)} in stage {q(stage)}"


class Rule:
    """Base class. Subclasses set the class attributes and write the explanation as the docstring."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    """One line: when the rule fires (the "fires when" column of the rule table)."""
    reads: ClassVar[tuple[str, ...]] = ()
    """Fields beside the one a finding names that its verdict depends on: a fault in one silences the finding."""
    structural: ClassVar[bool] = False
    """Structure rules (JM001-JM005) are reported by readers and can be neither ignored nor downgraded."""
    group: ClassVar[str] = ""

    @classmethod
    def explanation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        return iter(())


R = TypeVar("R", bound=type[Rule])

REGISTRY: dict[str, type[Rule]] = {}


def register(cls: R) -> R:
    if cls.code in REGISTRY:
        raise RuntimeError(f"rule code {cls.code} registered twice")
    if any(r.name == cls.name for r in REGISTRY.values()):
        raise RuntimeError(f"rule name {cls.name} registered twice")
    REGISTRY[cls.code] = cls
    return cls
