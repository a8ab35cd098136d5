"""What a view shows: the map, the stages selected, touchpoint numbers and the day it is seen."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jmap.domain.review import DEFAULT_DUE_SOON_DAYS, DEFAULT_REVIEW_EVERY
from jmap.errors import ConfigError
from jmap.model import JourneyMap, Opportunity, PainPoint, Stage, Touchpoint


@dataclass(frozen=True, slots=True)
class Step:
    """A touchpoint in journey order, numbered across the whole map (1, 2, …)."""

    number: int
    stage: Stage
    touchpoint: Touchpoint


@dataclass(frozen=True, slots=True)
class Found:
    """An opportunity with where it sits in the journey."""

    step: Step
    pain_point: PainPoint
    opportunity: Opportunity


@dataclass(slots=True)
class Journey:
    map: JourneyMap
    today: date
    stage_id: str | None = None
    default_cadence: str = DEFAULT_REVIEW_EVERY
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    stages: list[Stage] = field(init=False)
    _numbers: dict[int, int] = field(init=False)

    def __post_init__(self) -> None:
        self._numbers = {id(t): n for n, (_, _, _, t) in enumerate(self.map.touchpoints(), start=1)}
        if self.stage_id is None:
            self.stages = list(self.map.stages)
            return
        chosen = [s for s in self.map.stages if s.id == self.stage_id]
        if not chosen:
            ids = ", ".join(s.id for s in self.map.stages)
            known = f"the stages are: {ids}" if ids else "the map has no stages"
            raise ConfigError(f"--stage {self.stage_id!r}: no such stage in this map; {known}")
        self.stages = chosen[:1]

    def number(self, touchpoint: Touchpoint) -> int:
        return self._numbers[id(touchpoint)]

    def steps(self, stage: Stage | None = None) -> list[Step]:
        stages = self.stages if stage is None else [stage]
        return [Step(self.number(t), s, t) for s in stages for t in s.touchpoints]

    def opportunities(self) -> list[Found]:
        return [
            Found(step, p, p.opportunity)
            for step in self.steps()
            for p in step.touchpoint.pain_points
            if p.opportunity is not None
        ]
