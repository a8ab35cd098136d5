"""The journey-map model (format version 1). It knows no file format.

Readers hand it plain data (dicts, lists, strings, numbers, dates); writers
take ``JourneyMap.model_dump(mode="json", exclude_none=True)``-shaped data back
out. Keys beginning with ``x-`` are the user's own and are kept as extras.

Annotations here are evaluated as the classes are made (no ``from __future__ import
annotations``): Pydantic reads every field's type when the class is created, and evaluating
68 annotation strings instead cost every run about 3 ms of start-up.
"""

import math
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from jmap.domain.durations import parse_duration
from jmap.domain.vocabulary import (
    BETTER_WAY,
    CHANNELS,
    Basis,
    Direction,
    EvidenceType,
    Impact,
    Kind,
    Level,
    MetricType,
    Phase,
    Status,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_ID_RE = re.compile(ID_PATTERN)


def _text(value: Any) -> Any:
    """Strip strings, treat empty as missing, and accept numbers as their text (spreadsheets)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def _text_list(value: Any) -> Any:
    """A single string is a list of one; empty items are dropped."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, list):
        out = []
        for item in value:
            item = _text(item)
            if item is not None:
                out.append(item)
        return out
    return value


def _word(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower() or None
    return value


def _model_list(value: Any) -> Any:
    if isinstance(value, (str, dict)):
        return [value]
    return value


def _emotion(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("use a whole number from -2 to 2, not true/false")
    if isinstance(value, str):
        s = value.strip().replace("\u2212", "-")
        if not s:
            return None
        if not _WHOLE_NUMBER.fullmatch(s):
            raise ValueError(f"use a whole number from -2 to 2, not {value[:40]!r}")
        value = int(s)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"use a whole number from -2 to 2, not {value}")
        value = int(value)
    if isinstance(value, int) and not -2 <= value <= 2:
        raise ValueError(f"{value} is out of range; use -2 (very negative) to 2 (very positive)")
    if value is not None and not isinstance(value, int):
        raise ValueError("use a whole number from -2 (very negative) to 2 (very positive)")
    return value


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise ValueError("a date must not carry a time of day")
        return value.date()
    if isinstance(value, str):
        s = value.strip()
        if not s:
            return None
        try:
            return date.fromisoformat(s)
        except ValueError:
            raise ValueError(f"{s[:40]!r} is not a date: write it as YYYY-MM-DD") from None
    return value


def _cadence(value: Any) -> Any:
    value = _text(value)
    if isinstance(value, str):
        parse_duration(value)
        return " ".join(value.split())
    return value


TRUE_WORDS = ("true", "yes", "y", "1", "x", "on")
FALSE_WORDS = ("false", "no", "n", "0", "off")


def _number(value: Any) -> Any:
    """A finite number kept to 15 significant digits (what a spreadsheet cell holds), a whole one as an int.

    Numeric text (from a spreadsheet) is read as its number.
    """
    if isinstance(value, bool):
        raise ValueError("use a number, not true/false")
    if isinstance(value, str):
        s = value.strip().replace("\u2212", "-")
        if not s:
            return None
        try:
            value = float(s)
        except ValueError:
            raise ValueError(f"use a number, not {value[:40]!r} (put the unit in 'unit')") from None
    if isinstance(value, int) and abs(value) >= 10**15:
        value = float(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("use a finite number")
        value = float(f"{value:.15g}")
        if not math.isfinite(value):
            raise ValueError("the number is too large for a spreadsheet cell")
        return int(value) if value.is_integer() else value
    return value


def _bool(value: Any) -> Any:
    if isinstance(value, str):
        s = value.strip().lower()
        if s in TRUE_WORDS:
            return True
        if s in (*FALSE_WORDS, ""):
            return False
        raise ValueError(f"{value[:40]!r} is not true or false")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    return value


Text = Annotated[str | None, BeforeValidator(_text, json_schema_input_type=str | int | float | None)]
TextList = Annotated[
    list[str], BeforeValidator(_text_list, json_schema_input_type=str | list[str | int | float] | None)
]


_ECMA_SYNTAX = frozenset("^$\\.*+?()[]{}|/")
"""The characters ECMA-262 lets a pattern escape in unicode mode; ``\\-`` outside a class is an error there."""


def any_case_pattern(words: tuple[str, ...]) -> str:
    """An ECMA-262 regex for ``words`` in any letter case with surrounding white space, or blank (JSON Schema)."""

    def letters(word: str) -> str:
        return "".join(
            f"[{c.lower()}{c.upper()}]" if c.isalpha() else "\\" + c if c in _ECMA_SYNTAX else c for c in word
        )

    return r"^\s*(?:" + "|".join(letters(w) for w in words) + r")?\s*$"


def _words_schema(words: tuple[str, ...]) -> dict[str, Any]:
    """What a word field accepts, as lint does: one of ``words`` in any case, blank, or nothing."""
    return {"anyOf": [{"enum": list(words)}, {"type": "string", "pattern": any_case_pattern(words)}, {"type": "null"}]}


EMOTION_TEXT_PATTERN = r"^\s*(?:[+\-\u2212]?0*[0-2])?\s*$"
Emotion = Annotated[
    int | None,
    BeforeValidator(_emotion),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": -2, "maximum": 2},
                {"type": "string", "pattern": EMOTION_TEXT_PATTERN},
                {"type": "null"},
            ]
        }
    ),
]


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


Date = Annotated[
    date | None,
    BeforeValidator(_date, json_schema_input_type=date | None),
    PlainSerializer(_iso_date, return_type=str | None, when_used="json"),
]
Cadence = Annotated[str | None, BeforeValidator(_cadence, json_schema_input_type=str | None)]
Flag = Annotated[
    bool | None,
    BeforeValidator(_bool),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "boolean"},
                {"enum": [0, 1]},
                {"type": "string", "pattern": any_case_pattern((*TRUE_WORDS, *FALSE_WORDS))},
                {"type": "null"},
            ]
        }
    ),
]
Number = Annotated[
    int | float | None,
    BeforeValidator(_number),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^\s*[-\u2212]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$"},
                {"type": "null"},
            ]
        }
    ),
]
# The pattern before the validator: Pydantic then checks it in the string's own schema, not in a closure of its
# own that the stored schema (jmap.stored_schema) could not name.
Id = Annotated[
    str, Field(pattern=ID_PATTERN), BeforeValidator(_text), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})
]
OptionalId = Annotated[
    Annotated[str, Field(pattern=ID_PATTERN)] | None,
    BeforeValidator(_text),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": ID_PATTERN}, {"type": "null"}]}),
]


def _word_of(choices: Any) -> Any:
    words = tuple(get_args(choices))
    return BeforeValidator(_word, json_schema_input_type=Annotated[Any, WithJsonSchema(_words_schema(words))])


def _x_schema(schema: dict[str, Any]) -> None:
    schema["additionalProperties"] = False
    schema["patternProperties"] = {"^x-": {"description": "your own field, kept through every conversion"}}


class _Base(BaseModel):
    """Unknown keys are removed (and reported) before validation; what remains beyond the fields are x- keys."""

    model_config = ConfigDict(extra="allow", json_schema_extra=_x_schema, frozen=False, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _only_x_extras(cls, data: Any) -> Any:
        if isinstance(data, dict):
            fields = cls.__pydantic_fields__
            aliases = {f.alias for f in fields.values() if f.alias}
            for key in data:
                if key not in fields and key not in aliases and not (isinstance(key, str) and key.startswith("x-")):
                    raise ValueError(f"unknown field {key!r}")
        return data

    def is_empty(self) -> bool:
        """No field set and no x- field: the object says nothing."""
        if self.__pydantic_extra__:
            return False
        return all(getattr(self, name) in (None, []) for name in type(self).model_fields)

    @property
    def extras(self) -> dict[str, Any]:
        """The user's own ``x-`` fields, in the order given."""
        return dict(self.__pydantic_extra__ or {})

    def ignored_codes(self) -> list[Any]:
        """The value of ``x-jmap-ignore`` as given (validated by lint, not here)."""
        value = (self.__pydantic_extra__ or {}).get("x-jmap-ignore")
        if value is None:
            return []
        return value if isinstance(value, list) else [value]


def _empty_list_for_none(value: Any) -> Any:
    """A list key given with no value (``key:``) is an empty list."""
    return [] if value is None else value


_Part = TypeVar("_Part", bound="_Base")


def _none_for_empty(value: _Part | None) -> _Part | None:
    """A mapping with nothing in it says no more than none at all."""
    return None if value is not None and value.is_empty() else value


class Opportunity(_Base):
    """The fix for a pain point: who owns it, how it is measured, how it is going."""

    fix: Text = Field(None, description="What will change to remove the pain.")
    owner: Text = Field(None, description="The team or role that owns the fix.")
    target: Text = Field(None, description="How success is measured, e.g. '90% of kickoffs cite the deal notes by Q1'.")
    impact: Annotated[Impact | None, _word_of(Impact)] = Field(None, description="high | medium | low")
    effort: Annotated[Level | None, _word_of(Level)] = Field(
        None, description="How much work the fix is: low | medium | high. Divides the priority."
    )
    confidence: Annotated[Level | None, _word_of(Level)] = Field(
        None, description="How sure the team is of the impact: low | medium | high. Weights the priority."
    )
    value: Annotated[Level | None, _word_of(Level)] = Field(
        None, description="Business value of the fix: low | medium | high (used by a configured priority formula)."
    )
    status: Annotated[Status | None, _word_of(Status)] = Field(
        None, description="idea | open | in-progress | shipped | measured | dropped"
    )


class PainPoint(_Base):
    text: Text = Field(None, description="What hurts, in the customer's terms.")
    basis: Annotated[Basis | None, _word_of(Basis)] = Field(
        None, description="observed (seen in research; cite it in 'evidence') | assumed (the team's belief)."
    )
    evidence: Annotated[
        list[Annotated[str, Field(pattern=ID_PATTERN)]],
        BeforeValidator(_text_list, json_schema_input_type=str | list[str] | None),
    ] = Field(default_factory=list, description="Ids of the map's evidence items this pain point rests on.")
    opportunity: Opportunity | None = Field(None, description="The fix for this pain point.")

    _none_is_empty = field_validator("evidence", mode="before")(_empty_list_for_none)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        return data

    @model_validator(mode="after")
    def _empty_opportunity_is_none(self) -> "PainPoint":
        """An opportunity with nothing in it says no more than no opportunity, in YAML and in a workbook alike."""
        self.opportunity = _none_for_empty(self.opportunity)
        if self.text is None and self.opportunity is None and not self.__pydantic_extra__:
            raise ValueError("a pain point needs its text (or at least an opportunity)")
        return self


class Metric(_Base):
    """A number the team watches, with where it started, where it is and where it should be."""

    name: Annotated[str, BeforeValidator(_text)] = Field(description="What is measured, e.g. 'Time to first value'.")
    type: Annotated[MetricType | None, _word_of(MetricType)] = Field(
        None, description="nps | csat | ces | time-to-value | retention | ticket-volume | usage | other"
    )
    unit: Text = Field(None, description="The unit of the values, e.g. 'days', '%', 'tickets/month'.")
    baseline: Number = Field(None, description="The value before the team started working on it.")
    current: Number = Field(None, description="The latest measured value (as of 'as_of').")
    target: Number = Field(None, description="The value the team aims for.")
    direction: Annotated[Direction | None, _word_of(Direction)] = Field(
        None, description="up (higher is better) | down (lower is better); inferred from baseline and target."
    )
    as_of: Date = Field(None, description="When 'current' was measured (YYYY-MM-DD).")
    source: Text = Field(None, description="Where the number comes from, e.g. 'Gainsight health dashboard'.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, (str, int, float)) and not isinstance(data, bool):
            return {"name": data}
        return data

    def is_plain(self) -> bool:
        """Only a name: written back as the name alone (the shorthand)."""
        return not self.__pydantic_extra__ and all(
            getattr(self, f) is None for f in type(self).model_fields if f != "name"
        )

    def better(self) -> Direction | None:
        """Which way is better: as written, else from the baseline towards the target, else by the metric's type."""
        if self.direction:
            return self.direction
        if self.baseline is not None and self.target is not None and self.baseline != self.target:
            return "up" if self.target > self.baseline else "down"
        return BETTER_WAY.get(self.type or "")

    def on_track(self) -> bool | None:
        """Whether the current value meets the target (None when that cannot be told)."""
        if self.current is None or self.target is None:
            return None
        way = self.better()
        if way is None:
            return None
        return self.current >= self.target if way == "up" else self.current <= self.target


def _metric_list(value: Any) -> Any:
    if isinstance(value, (str, dict, int, float)) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, list):
        return [v for v in (_text(item) if not isinstance(item, dict) else item for item in value) if v is not None]
    return value


Metrics = Annotated[list[Metric], BeforeValidator(_metric_list, json_schema_input_type=str | list[Metric | str] | None)]


class Handoff(_Base):
    """What passes between teams as the customer enters a stage."""

    model_config = ConfigDict(populate_by_name=True)

    from_: Text = Field(None, alias="from", description="The team or role handing over.")
    to: Text = Field(None, description="The team or role taking over.")
    what: Text = Field(None, description="The artifact handed over, e.g. 'deal notes and success plan'.")
    owner: Text = Field(None, description="Who makes sure the handoff happens.")


class Touchpoint(_Base):
    id: Id = Field(description="Slug [a-z0-9-], unique in the map; how workbooks, reports and reviews name it.")
    name: Annotated[str, BeforeValidator(_text)] = Field(description="What the customer would call this moment.")
    channel: Text = Field(None, description=", ".join((*CHANNELS, "...")))
    owner: Text = Field(None, description="The team or role that runs this touchpoint.")
    action: Text = Field(None, description="What the customer does here.")
    customer_goal: Text = Field(None, description="What the customer wants from this touchpoint.")
    thoughts: Text = Field(None, description="What the customer thinks; a quote from research is best.")
    emotion: Emotion = Field(None, description="How the customer feels: -2 (very negative) .. 2 (very positive).")
    moment_of_truth: Flag = Field(None, description="true when this touchpoint decides whether the customer stays.")
    playbook: Text = Field(None, description="Link to (or name of) the playbook for this touchpoint.")
    handoff: Handoff | None = Field(
        None, description="What passes from the previous touchpoint's owner to this one's: {from, to, what, owner}."
    )
    metrics: Metrics = Field(
        default_factory=list, description="Numbers for this touchpoint: a name, or {name, current, target, ...}."
    )
    pain_points: Annotated[
        list[PainPoint], BeforeValidator(_model_list, json_schema_input_type=str | list[PainPoint | str] | None)
    ] = Field(
        default_factory=list,
        description="What hurts here: each a text, or a mapping with text and the opportunity that fixes it.",
    )

    _none_is_empty = field_validator("pain_points", "metrics", mode="before")(_empty_list_for_none)
    _empty_handoff_is_none = field_validator("handoff")(_none_for_empty)


class Stage(_Base):
    id: Id = Field(description="Slug [a-z0-9-], unique among the stages; touchpoint rows in a workbook name it.")
    name: Annotated[str, BeforeValidator(_text)] = Field(
        description="The stage as the team names it, e.g. 'Onboarding'."
    )
    phase: Annotated[Phase | None, _word_of(Phase)] = Field(
        None, description="pre-sale | post-sale; inferred from the stage name when absent."
    )
    owner: Text = Field(None, description="The team accountable for getting customers through this stage.")
    customer_goal: Text = Field(None, description="What the customer wants to achieve in this stage.")
    mindset: Text = Field(None, description="How the customer thinks in this stage, e.g. 'I signed, now what?'.")
    handoff: Handoff | None = Field(
        None, description="What passes from the previous stage's team to this one's: {from, to, what, owner}."
    )
    expected_duration: Cadence = Field(
        None, description="How long customers should take in this stage: '14 days', '2 weeks', '3 months', P30D."
    )
    exit_criteria: TextList = Field(
        default_factory=list, description="What must be true for a customer to leave this stage."
    )
    red_flags: TextList = Field(
        default_factory=list, description="Signs that a customer is stuck or at risk in this stage (a text or a list)."
    )
    metrics: Metrics = Field(
        default_factory=list,
        description="Numbers for this stage: a name such as 'time-to-first-value', or {name, current, target, ...}.",
    )
    touchpoints: list[Touchpoint] = Field(
        default_factory=list, description="The moments the customer meets the company in this stage, in order."
    )

    _none_is_empty = field_validator("red_flags", "exit_criteria", "metrics", "touchpoints", mode="before")(
        _empty_list_for_none
    )
    _empty_handoff_is_none = field_validator("handoff")(_none_for_empty)


class Review(_Base):
    last_reviewed: Date = Field(None, description="When the team last walked through the map (YYYY-MM-DD).")
    every: Cadence = Field(
        None, description="Review cadence: weekly, monthly, quarterly, yearly, 'N days|weeks|months|years', P90D, P6M."
    )


class Evidence(_Base):
    id: OptionalId = Field(None, description="Slug [a-z0-9-] by which pain points cite this item.")
    type: Annotated[EvidenceType | None, _word_of(EvidenceType)] = Field(
        None,
        description="interview | survey | support-tickets | nps | analytics | session-recording | workshop | other",
    )
    source: Text = Field(None, description="What the evidence is, e.g. 'Eight customer interviews, July 2026'.")
    date: Date = Field(None, description="When it was gathered (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _not_empty(self) -> "Evidence":
        if self.is_empty():
            raise ValueError("an evidence item needs at least a type, a source or a date")
        return self


class JourneyMap(_Base):
    """One journey map: a segment's or persona's journey through the stages of its relationship."""

    jmap: Literal[1] = Field(description="Format version; marks the file as a journey map.")
    id: OptionalId = Field(None, description="Slug [a-z0-9-]; default: the file name without extension.")
    title: Annotated[str, BeforeValidator(_text)] = Field(
        description="The map's name, e.g. 'Enterprise post-sale journey'."
    )
    kind: Annotated[Kind | None, _word_of(Kind)] = Field(
        None, description="current-state | future-state | strategic | tactical | persona"
    )
    segment: Text = Field(None, description="The customer segment this journey is for.")
    persona: Text = Field(None, description="The persona whose journey this is.")
    scope: Text = Field(None, description="Where the journey starts and ends.")
    owner: Text = Field(None, description="Who keeps this map alive.")
    goals: TextList = Field(
        default_factory=list, description="What the business wants from this journey (a text or a list)."
    )
    review: Review | None = Field(None, description="When the map was last walked through, and how often it should be.")
    evidence: Annotated[list[Evidence], BeforeValidator(_model_list, json_schema_input_type=list[Evidence] | None)] = (
        Field(default_factory=list, description="The research the map rests on: interviews, surveys, data.")
    )
    stages: list[Stage] = Field(description="The stages of the journey, in the order the customer goes through them.")

    _none_is_empty = field_validator("goals", "evidence", "stages", mode="before")(_empty_list_for_none)
    _empty_review_is_none = field_validator("review")(_none_for_empty)

    @field_validator("jmap", mode="before")
    @classmethod
    def _version(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() in ("1", "1.0"):
            return 1
        if isinstance(value, float) and value == 1.0:
            return 1
        return value

    def touchpoints(self) -> list[tuple[int, Stage, int, Touchpoint]]:
        """Every touchpoint in journey order, with its stage and both indexes."""
        return [(si, s, ti, t) for si, s in enumerate(self.stages) for ti, t in enumerate(s.touchpoints)]

    def metrics(self) -> list[tuple[tuple[str | int, ...], Stage, Touchpoint | None, Metric]]:
        """Every metric in journey order: its model path, its stage, its touchpoint (None on a stage), the metric."""
        out: list[tuple[tuple[str | int, ...], Stage, Touchpoint | None, Metric]] = []
        for si, s in enumerate(self.stages):
            out += [(("stages", si, "metrics", mi), s, None, metric) for mi, metric in enumerate(s.metrics)]
            for ti, t in enumerate(s.touchpoints):
                out += [
                    (("stages", si, "touchpoints", ti, "metrics", mi), s, t, metric)
                    for mi, metric in enumerate(t.metrics)
                ]
        return out

    def evidence_ids(self) -> list[str]:
        return [e.id for e in self.evidence if e.id]


def is_valid_id(text: str) -> bool:
    return bool(_ID_RE.match(text))


def slugify(text: str) -> str:
    """A valid id made from free text (used for the default map id from a file name)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "map"


def effective_phase(stage: Stage, pre_sale_names: tuple[str, ...] | frozenset[str]) -> str:
    """The stage's phase: as written, else inferred from its name or id."""
    if stage.phase:
        return stage.phase
    names = {n.lower() for n in pre_sale_names}
    if stage.name.strip().lower() in names or stage.id.lower() in names:
        return "pre-sale"
    return "post-sale"
