"""The rule machinery: a Rule declares its code, name, severity and explanation; the registry holds them all."""

from __future__ import annotations

import enum
import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from jmap import HOMEPAGE
from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme
from jmap.domain.review import DEFAULT_DUE_SOON_DAYS, DEFAULT_REVIEW_EVERY
from jmap.domain.vocabulary import DEFAULT_PRE_SALE, OPEN_STATUSES
from jmap.findings import ModelPath, Severity
from jmap.model import JourneyMap, Opportunity, Stage, Touchpoint, effective_phase
from jmap.util.text import q as q

if TYPE_CHECKING:
    from jmap.rules.fixes import FixSource, Proposal


@dataclass(frozen=True, slots=True)
class Option:
    """A setting a rule reads: a top-level key of the config file, declared on the rule (as yamllint's CONF).

    The config model is built from these declarations: ``kind`` is the type Pydantic checks (strictly),
    ``minimum`` a lower bound, ``check`` a last step that normalises the value or raises ValueError, and
    ``expect`` says what a valid value is when the type is wrong.
    """

    name: str
    default: Any
    kind: Any
    expect: str
    description: str
    minimum: float | None = None
    check: Callable[[Any], Any] | None = None
    listed: bool = False
    """A single string counts as a list of one."""


class Applicability(enum.StrEnum):
    """Whether a fix keeps the map's meaning (applied by ``--fix``) or changes it (``--unsafe-fixes`` too)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Fix:
    """A rule's automatic fix, declared on the rule: text edits at the positions the reader recorded.

    ``make`` names the ``module:function`` that proposes the edits for one finding (or None when this
    finding has no fix); it is imported only when fixing, so linting never loads it.
    """

    title: str
    applicability: Applicability
    make: str

    def propose(self, source: FixSource) -> Proposal | None:
        module, _, function = self.make.partition(":")
        made: Proposal | None = getattr(importlib.import_module(module), function)(source)
        return made


def _stage_names(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n.strip().lower() for n in names)


PRE_SALE_STAGES = Option(
    "pre_sale_stages",
    DEFAULT_PRE_SALE,
    tuple[str, ...],
    "a list of strings",
    "Stage names (or ids) that are pre-sale when a stage sets no `phase`; every other stage is post-sale.",
    check=_stage_names,
    listed=True,
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The settings rules read, with their defaults: the config holds them and hands them to the rules."""

    review_every: str = DEFAULT_REVIEW_EVERY
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    max_stage_ratio: float = 3.0
    pre_sale_stages: tuple[str, ...] = DEFAULT_PRE_SALE
    owners: tuple[str, ...] | None = None
    dip_emotion: int = -1
    """An emotion at or below this with no pain point is a dip nobody explains (JM406)."""
    priority: PriorityScheme = DEFAULT_PRIORITY
    """How opportunities are ranked ([priority] formula and scales)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleSettings(Thresholds):
    """The thresholds and facts rules read; filled from config and the command line."""

    today: date

    @classmethod
    def of(cls, thresholds: Thresholds, today: date) -> RuleSettings:
        """The settings for rules run on ``today`` with the thresholds of ``thresholds`` (a config)."""
        return cls(today=today, **{f.name: getattr(thresholds, f.name) for f in fields(Thresholds)})


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


def touchpoint_label(stage: str, touchpoint: str) -> str:
    """How a message names a touchpoint: by its name and its stage's."""
    return f"touchpoint {q(touchpoint)} in stage {q(stage)}"


def place(stage_name: str, tp_name: str | None = None) -> str:
    """``stage 'X'`` for a stage's field, else the touchpoint's label."""
    return f"stage {q(stage_name)}" if tp_name is None else touchpoint_label(stage_name, tp_name)


def open_high_impact(o: Opportunity | None) -> bool:
    """A high-impact fix still to do (idea, open, in progress, or no status)."""
    return o is not None and o.impact == "high" and (o.status is None or o.status in OPEN_STATUSES)


class Rule:
    """Base class. Subclasses set the class attributes and write the explanation as the docstring."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    """One line: when the rule fires (the "fires when" column of the rule table)."""
    options: ClassVar[tuple[Option, ...]] = ()
    """The config keys the rule reads (listed by ``jmap rules CODE``)."""
    reads: ClassVar[tuple[str, ...]] = ()
    """Fields beside the one a finding names that its verdict depends on: a fault in one silences the finding."""
    structural: ClassVar[bool] = False
    """Structure rules (JM001-JM005, JM007) are reported by readers and can be neither ignored nor downgraded."""
    group: ClassVar[str] = ""
    default_enabled: ClassVar[bool] = True
    """False for a rule that runs only when selected by its code or name (not by ALL or a prefix)."""
    fix: ClassVar[Fix | None] = None
    """The rule's automatic fix, if it has one (``jmap lint --fix``, editors' quick fixes)."""

    @classmethod
    def doc_url(cls) -> str:
        """The rule's section of docs/rules.md."""
        return f"{HOMEPAGE}/blob/main/docs/rules.md#{cls.code.lower()}"

    @classmethod
    def explanation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def examples(cls) -> tuple[str, str] | None:
        """The docstring's failing YAML (``Example:``) and its fixed version (``Use instead:``)."""
        found = _EXAMPLES.search(cls.explanation())
        return (found["bad"], found["good"]) if found else None

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        return iter(())


_EXAMPLES = re.compile(
    r"^Example:\n\n```yaml\n(?P<bad>.*?)^```\n\nUse instead:\n\n```yaml\n(?P<good>.*?)^```", re.DOTALL | re.MULTILINE
)

R = TypeVar("R", bound=type[Rule])

REGISTRY: dict[str, type[Rule]] = {}


def register(cls: R) -> R:
    if cls.code in REGISTRY:
        raise RuntimeError(f"rule code {cls.code} registered twice")
    if any(r.name == cls.name for r in REGISTRY.values()):
        raise RuntimeError(f"rule name {cls.name} registered twice")
    REGISTRY[cls.code] = cls
    return cls
