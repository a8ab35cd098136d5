"""JM6xx evidence and focus: what the map rests on and whom it is for."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.findings import Severity
from jmap.rules.base import Hit, Rule, RuleContext, register


@register
class NoCustomerEvidence(Rule):
    """The map lists no `evidence`.

    Why: a map built without customer input is a process chart: the team's
    guess at the journey. Evidence (interviews, surveys, tickets, NPS
    verbatims, analytics) is what makes it a customer journey map.

    Fix: add `evidence:` items with `type`, `source` and `date`.

    Configure: `ignore = ["JM601"]` for a first draft.
    """

    code = "JM601"
    name = "no-customer-evidence"
    severity = Severity.WARNING
    summary = "the map lists no evidence"
    group = "Evidence and focus"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.map.evidence:
            yield Hit(
                ("evidence",), "the map lists no customer evidence; add the interviews, surveys or data it rests on"
            )


@register
class NoSegmentOrPersona(Rule):
    """The map names neither a `segment` nor a `persona`.

    Why: one map for every customer fits none of them; enterprise and
    self-serve customers take different journeys.

    Fix: add `segment:` (for example "Enterprise (500+ seats)") or `persona:`.

    Configure: `ignore = ["JM602"]`.
    """

    code = "JM602"
    name = "no-segment-or-persona"
    severity = Severity.WARNING
    summary = "the map names neither a segment nor a persona"
    group = "Evidence and focus"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.map.segment and not ctx.map.persona:
            yield Hit(("segment",), "the map names neither a segment nor a persona")
