"""New maps from templates: every field present and commented, the gaps left for lint to point at.

Templates (``jmap/templates/*.yaml``) hold guidance only: per stage a typical
customer goal, mindset, red flags, metrics and one example touchpoint. What
only the user can know is left empty on purpose, so that ``jmap lint`` lists it
as the next thing to fill in: owners (JM101, JM103, JM104), the customer's
thoughts and emotion (JM402), the evidence (JM601) and the segment or persona
(JM602). Pain points and evidence are shown as commented examples rather than
invented, so a new map never claims customer input nobody gathered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jmap.domain.review import DEFAULT_REVIEW_EVERY
from jmap.domain.vocabulary import BASES, DIRECTIONS, EVIDENCE_TYPES, IMPACTS, KINDS, LEVELS, METRIC_TYPES, STATUSES
from jmap.errors import ConfigError
from jmap.formats.yaml.writer import scalar
from jmap.model import (
    JourneyMap,
    Stage,
    Touchpoint,
    is_valid_id,
)
from jmap.schema import SCHEMA_ID
from jmap.util.atomic import exists_message, may_replace, write_atomic

TEMPLATES = ("post-sale", "lifecycle", "success")
DEFAULT_TEMPLATE = "post-sale"
DEFAULT_ID = "journey-map"
COMMENT_COLUMN = 40

_MAP_NOTES = {
    "jmap": "required: format version; marks the file as a journey map",
    "id": "slug [a-z0-9-]; default: the file name without extension",
    "title": "required",
    "kind": " | ".join(KINDS),
    "segment": "the customer segment this map is about",
    "persona": "or the one person whose journey this is",
    "scope": "where the journey starts and ends",
    "owner": "who keeps this map alive",
    "goals": "why the map exists, one item per goal",
    "review": "when the team last walked through the map",
    "last_reviewed": "ISO date (YYYY-MM-DD)",
    "every": "cadence: monthly, quarterly, 6 months, yearly, P90D, ...",
    "evidence": "the customer input the map was built from",
    "stages": "the journey, in order",
}
_STAGE_NOTES = {
    "id": "required, unique among the stages",
    "name": "required",
    "phase": "pre-sale | post-sale (default: from the stage name)",
    "owner": "the team that owns this stage",
    "customer_goal": "what the customer wants to achieve here",
    "mindset": "what they think coming in",
    "expected_duration": "how long customers should take here: 30 days, 2 weeks, P90D",
    "exit_criteria": "what must be true for a customer to leave this stage",
    "red_flags": "signals that an account is stalling here",
    "metrics": "numbers for this stage: a name, or with values like:",
    "touchpoints": "where the customer meets you in this stage",
}
_TOUCHPOINT_NOTES = {
    "id": "required, unique in the whole map",
    "name": "required",
    "channel": "free text: email, call, meeting, in-app, web, chat, event, ...",
    "owner": "who runs this touchpoint",
    "action": "what the customer does",
    "customer_goal": "what they want from this moment",
    "thoughts": "what they think, in their own words",
    "emotion": "from -2 (very negative) to 2 (very positive)",
    "moment_of_truth": "true for a make-or-break moment (it then needs a playbook)",
    "playbook": "link to how the team runs this touchpoint",
    "pain_points": "where it hurts, and the fix; replace [] with items like:",
}
_FILL_IN = {
    ("map", "segment"): "the customer segment this map is about (or a persona)",
    ("map", "owner"): "who keeps this map alive",
    ("stage", "owner"): "the team that owns this stage",
    ("touchpoint", "owner"): "who runs this touchpoint",
    ("touchpoint", "thoughts"): "what customers said here, in their words",
    ("touchpoint", "emotion"): "-2 .. 2, from what customers told you",
}
_EVIDENCE_EXAMPLE = (
    "- id: customer-interviews   # pain points cite evidence by this id",
    f"  type: interview   # {' | '.join(EVIDENCE_TYPES)}",
    "  source: Eight customer interviews, July 2026",
    "  date: 2026-07-30",
)
_PAIN_POINT_EXAMPLE = (
    "- text: The sales-to-CS handoff drops the deal notes",
    f"  basis: observed   # {' | '.join(BASES)}",
    "  evidence: [customer-interviews]   # ids from the map's evidence",
    "  opportunity:",
    "    fix: Carry the deal notes into the kickoff brief",
    "    owner: Sales Ops",
    "    target: 90% of kickoffs cite the deal notes by Q1",
    f"    impact: high   # {' | '.join(IMPACTS)}",
    f"    effort: medium   # {' | '.join(LEVELS)}; priority = impact x confidence / effort",
    "    confidence: high",
    "    value: high",
    f"    status: open   # {' | '.join(STATUSES)}",
    "- Nobody says who the implementation lead is   # shorthand: a pain point with no fix yet",
)
_METRIC_EXAMPLE = (
    "- name: Time to first value",
    f"  type: time-to-value   # {' | '.join(METRIC_TYPES)}",
    "  unit: days",
    "  baseline: 45",
    "  current: 32",
    "  target: 21",
    f"  direction: down   # {' | '.join(DIRECTIONS)}: which way is better",
    "  as_of: 2026-10-31",
    "  source: Onboarding dashboard",
)
_HANDOFF_EXAMPLE = (
    "handoff:   # what the previous stage's team hands over",
    "  from: Sales",
    "  to: Onboarding team",
    "  what: Deal notes and success criteria",
    "  owner: Sales Ops",
)
_TOUCHPOINT_EXTRAS_EXAMPLE = (
    "handoff:   # when the owner changes from the touchpoint before",
    "  from: CSM",
    "  to: Solutions engineering",
    "  what: Integration checklist",
    "metrics:   # numbers for this touchpoint",
    "  - {name: Kickoff CSAT, type: csat, current: 4.1, target: 4.5, as_of: 2026-10-31}",
)


@dataclass(frozen=True, slots=True)
class NewMapOptions:
    today: date
    template: str = DEFAULT_TEMPLATE
    id: str = DEFAULT_ID
    title: str | None = None
    segment: str | None = None
    owner: str | None = None


def check_id(value: str) -> str:
    """The id if it is a valid map id, else a ConfigError saying what an id looks like."""
    if not is_valid_id(value):
        raise ConfigError(
            f"--id {value!r} is not a valid id: use lowercase letters, digits and hyphens, "
            "starting with a letter or digit (for example 'enterprise-onboarding')"
        )
    return value


def load_template(name: str) -> dict[str, Any]:
    if name not in TEMPLATES:
        raise ConfigError(f"no template is called {name!r}; choose one of {', '.join(TEMPLATES)}")
    text = resources.files("jmap").joinpath("templates", f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ConfigError(f"template {name!r} is damaged: its top level is not a mapping")
    return data


def build_map(options: NewMapOptions) -> JourneyMap:
    """The new map as a model: template guidance plus the user's id, title, segment, owner and today."""
    check_id(options.id)
    template = load_template(options.template)
    stages = template["stages"]
    for stage in stages:
        for tp in stage.get("touchpoints") or ():
            tp.setdefault("moment_of_truth", False)
    return JourneyMap.model_validate(
        {
            "jmap": 1,
            "id": options.id,
            "title": options.title or template["title"],
            "kind": "current-state",
            "segment": options.segment,
            "scope": template.get("scope"),
            "owner": options.owner,
            "review": {"last_reviewed": options.today, "every": DEFAULT_REVIEW_EVERY},
            "stages": stages,
        }
    )


def _value(value: Any) -> str:
    """A field's value as the YAML writer writes it; nothing at all for a field left to fill in."""
    return "" if value is None else scalar(value)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, indent: int, text: str) -> None:
        self.lines.append(f"{' ' * indent}# {text}" if text else f"{' ' * indent}#")

    def field(self, indent: int, key: str, value: Any, note: str | None, *, item: bool = False) -> None:
        """``key: value  # note``; ``item`` starts a list item (``- key: value``) at ``indent``."""
        lead = " " * indent + ("- " if item else "")
        if isinstance(value, list):
            head = f"{lead}{key}:" if value else f"{lead}{key}: []"
            self._noted(head, note, indent)
            pad = " " * (indent + (2 if item else 0) + 2)
            self.lines.extend(f"{pad}- {_value(v)}" for v in value)
            return
        text = _value(value)
        self._noted(f"{lead}{key}: {text}" if text else f"{lead}{key}:", note, indent + (2 if item else 0))

    def _noted(self, line: str, note: str | None, indent: int) -> None:
        if not note:
            self.lines.append(line)
        elif len(line) < COMMENT_COLUMN - 1:
            self.lines.append(f"{line:<{COMMENT_COLUMN}}# {note}")
        else:
            self.lines.append(f"{' ' * indent}# {note}")
            self.lines.append(line)

    def example(self, indent: int, lines: tuple[str, ...]) -> None:
        self.lines.extend(f"{' ' * indent}#   {line}" for line in lines)


def _note(notes: dict[str, str], scope: str, key: str, value: Any, full: bool) -> str | None:
    if value is None or value == []:
        hint = _FILL_IN.get((scope, key))
        if hint:
            return f"fill in: {hint}"
    return notes.get(key) if full else None


def map_yaml(model: JourneyMap, template: str = DEFAULT_TEMPLATE) -> str:
    """The map as commented YAML: the ``$schema`` line first, each field explained at its first appearance."""
    w = _Writer()
    w.lines.append(f"# yaml-language-server: $schema={SCHEMA_ID}")
    w.comment(0, "")
    w.comment(0, f"A customer journey map, started with `jmap new --template {template}`.")
    w.comment(0, "The stage goals, mindsets, red flags and example touchpoints are typical guidance:")
    w.comment(0, "keep what fits your customers and rewrite the rest. Fields marked 'fill in' are")
    w.comment(0, "yours to complete; `jmap lint` lists them. Keys starting with x- are your own.")
    m = model
    for key in ("jmap", "id", "title", "kind", "segment", "persona", "scope", "owner", "goals"):
        value = getattr(m, key)
        w.field(0, key, value, _note(_MAP_NOTES, "map", key, value, True))
    w.field(0, "review", None, _MAP_NOTES["review"])
    review = m.review
    w.field(2, "last_reviewed", review.last_reviewed if review else None, _MAP_NOTES["last_reviewed"])
    w.field(2, "every", review.every if review else None, _MAP_NOTES["every"])
    if m.evidence:
        w.field(0, "evidence", None, _MAP_NOTES["evidence"])
        for ev in m.evidence:
            w.field(2, "id", ev.id, None, item=True)
            w.field(4, "type", ev.type, None)
            w.field(4, "source", ev.source, None)
            w.field(4, "date", ev.date, None)
    else:
        w.field(0, "evidence", [], f"fill in: {_MAP_NOTES['evidence']}; replace [] with items like:")
        w.example(0, _EVIDENCE_EXAMPLE)
    w.field(0, "stages", None if m.stages else [], _MAP_NOTES["stages"])
    first_touchpoint = True
    for si, stage in enumerate(m.stages):
        _stage(w, stage, si == 0)
        for tp in stage.touchpoints:
            _touchpoint(w, tp, first_touchpoint)
            first_touchpoint = False
    return "\n".join(w.lines) + "\n"


def _stage(w: _Writer, stage: Stage, full: bool) -> None:
    keys = (
        "id",
        "name",
        "phase",
        "owner",
        "customer_goal",
        "mindset",
        "expected_duration",
        "exit_criteria",
        "red_flags",
    )
    for i, key in enumerate(keys):
        value = getattr(stage, key)
        w.field(2 if i == 0 else 4, key, value, _note(_STAGE_NOTES, "stage", key, value, full), item=i == 0)
    names = [metric.name for metric in stage.metrics]
    w.field(4, "metrics", names, _STAGE_NOTES["metrics"] if full else None)
    if full:
        w.example(4, _METRIC_EXAMPLE)
        for line in _HANDOFF_EXAMPLE:
            w.comment(4, line)
    w.field(4, "touchpoints", None if stage.touchpoints else [], _STAGE_NOTES["touchpoints"] if full else None)


def _touchpoint(w: _Writer, tp: Touchpoint, full: bool) -> None:
    keys = (
        "id", "name", "channel", "owner", "action", "customer_goal", "thoughts", "emotion", "moment_of_truth",
        "playbook",
    )  # fmt: skip
    for i, key in enumerate(keys):
        value = getattr(tp, key)
        w.field(6 if i == 0 else 8, key, value, _note(_TOUCHPOINT_NOTES, "touchpoint", key, value, full), item=i == 0)
    if full:
        for line in _TOUCHPOINT_EXTRAS_EXAMPLE:
            w.comment(8, line)
    if tp.pain_points:
        w.field(8, "pain_points", None, None)
        for pp in tp.pain_points:
            w.field(10, "text", pp.text, None, item=True)
            if pp.opportunity is not None:
                w.field(12, "opportunity", None, None)
                for key in ("fix", "owner", "target", "impact", "effort", "confidence", "value", "status"):
                    w.field(14, key, getattr(pp.opportunity, key), None)
    else:
        w.field(8, "pain_points", [], _TOUCHPOINT_NOTES["pain_points"] if full else None)
        if full:
            w.example(8, _PAIN_POINT_EXAMPLE)


def default_output(map_id: str) -> Path:
    """Where ``jmap new`` writes without ``-o``: ``<id>.yaml`` in the current folder."""
    return Path(f"{map_id}.yaml")


def id_for(output: Path | None, given: str | None) -> str:
    """The map id: ``--id`` if given, else the output file's name made into a slug, else ``journey-map``."""
    from jmap.model import slugify

    if given is not None:
        return check_id(given)
    if output is not None and str(output) != "-":
        return slugify(output.stem)
    return DEFAULT_ID


def write_new(model: JourneyMap, target: Path, template: str = DEFAULT_TEMPLATE, *, force: bool = False) -> None:
    """Write the map to ``target`` (XLSX for ``.xlsx``, else YAML), whole or not at all, over a file only with
    ``force``."""

    def fill(tmp: Path) -> None:
        if target.suffix.lower() == ".xlsx":
            from jmap.formats.xlsx.writer import write_xlsx

            write_xlsx(model, tmp)
        else:
            tmp.write_text(map_yaml(model, template), encoding="utf-8", newline="\n")

    write_atomic(
        target,
        fill,
        replace=may_replace(target, force=force, command="new"),
        exists_message=exists_message("new"),
    )
