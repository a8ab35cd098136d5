"""JM6xx evidence and focus: what the map rests on and whom it is for."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.findings import Severity
from jmap.rules.base import Applicability, Fix, Hit, Rule, RuleContext, open_high_impact, place, q, register
from jmap.util.suggest import suggest


@register
class NoCustomerEvidence(Rule):
    """The map lists no `evidence`.

    Why: a map built without customer input is a process chart: the team's
    guess at the journey. Evidence (interviews, surveys, tickets, NPS
    verbatims, analytics) is what makes it a customer journey map.

    Fix: add `evidence:` items with `type`, `source` and `date`.

    Configure: `ignore = ["JM601"]` for a first draft.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    evidence:
      - type: interview
        source: Eight customer interviews, July 2026
        date: 2026-07-30
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
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

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    segment: Mid-market (50-500 seats)
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM602"
    name = "no-segment-or-persona"
    severity = Severity.WARNING
    summary = "the map names neither a segment nor a persona"
    group = "Evidence and focus"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.map.segment and not ctx.map.persona:
            yield Hit(("segment",), "the map names neither a segment nor a persona")


class _Evidence(Rule):
    group = "Evidence and focus"


def _pain(text: str | None, index: int) -> str:
    return q(text) if text else str(index + 1)


@register
class UnknownEvidence(_Evidence):
    """A pain point cites an evidence id that no item of the map's `evidence` has.

    Why: a citation that leads nowhere is worse than none: it looks checked.
    Usually the id is misspelt or the evidence item was removed.

    Fix: cite an evidence item's id, or add the item to `evidence:`.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    evidence:
      - {id: int-7, type: interview, source: Interviews with five admins}
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            pain_points:
              - {text: Kickoff repeats discovery, evidence: [int-07]}
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    evidence:
      - {id: int-7, type: interview, source: Interviews with five admins}
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            pain_points:
              - {text: Kickoff repeats discovery, evidence: [int-7]}
    ```

    Configure: always an error when enabled; the message suggests the closest id.
    """

    code = "JM603"
    name = "unknown-evidence"
    severity = Severity.ERROR
    summary = "a pain point cites an evidence id the map does not list"
    fix = Fix("Cite the closest evidence id instead", Applicability.UNSAFE, "jmap.rules.fixes:closest_evidence")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        ids = ctx.map.evidence_ids()
        known = set(ids)
        for si, stage, ti, tp in ctx.touchpoints():
            for pi, pain in enumerate(tp.pain_points):
                for ei, ref in enumerate(pain.evidence):
                    if ref not in known:
                        yield Hit(
                            ("stages", si, "touchpoints", ti, "pain_points", pi, "evidence", ei),
                            f"pain point {_pain(pain.text, pi)} of {place(stage.name, tp.name)} cites evidence "
                            f"{q(ref)}, which no evidence item has as its id{suggest(ref, ids)}",
                        )


@register
class ObservedWithoutEvidence(_Evidence):
    """A pain point marked `basis: observed` cites no `evidence`.

    Why: "observed" is a claim that someone saw it happen. Without the
    interview, ticket export or recording it came from, a reader cannot tell
    it from an assumption.

    Fix: cite the evidence it was observed in, or mark it `basis: assumed`.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    evidence:
      - {id: int-7, type: interview, source: Interviews with five admins}
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            pain_points:
              - {text: Kickoff repeats discovery, basis: observed}
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    evidence:
      - {id: int-7, type: interview, source: Interviews with five admins}
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            pain_points:
              - {text: Kickoff repeats discovery, basis: observed, evidence: [int-7]}
    ```

    Configure: `ignore = ["JM604"]`.
    """

    code = "JM604"
    name = "observed-without-evidence"
    severity = Severity.WARNING
    summary = "a pain point marked basis: observed cites no evidence"
    fix = Fix("Mark the pain point as assumed", Applicability.UNSAFE, "jmap.rules.fixes:mark_assumed")

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            for pi, pain in enumerate(tp.pain_points):
                if pain.basis == "observed" and not pain.evidence:
                    yield Hit(
                        ("stages", si, "touchpoints", ti, "pain_points", pi, "basis"),
                        f"pain point {_pain(pain.text, pi)} of {place(stage.name, tp.name)} is marked observed "
                        "but cites no evidence",
                    )


@register
class OpportunityOnAssumptions(_Evidence):
    """A high-impact open opportunity rests on a pain point marked `basis: assumed` that cites no evidence.

    Why: the fixes with the most impact take the most planning time; before
    committing to one, check that customers really feel the pain it removes.

    Fix: check the pain point with customers, then mark it observed and cite what they said.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            pain_points:
              - text: Kickoff repeats discovery
                basis: assumed
                opportunity: {fix: Share deal notes, impact: high, status: open}
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    evidence:
      - {id: int-7, type: interview, source: Interviews with five admins}
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            pain_points:
              - text: Kickoff repeats discovery
                basis: observed
                evidence: [int-7]
                opportunity: {fix: Share deal notes, impact: high, status: open}
    ```

    Configure: `ignore = ["JM605"]`.
    """

    code = "JM605"
    name = "opportunity-on-assumptions"
    severity = Severity.INFO
    summary = "a high-impact open opportunity rests only on an assumed pain point"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            for pi, pain in enumerate(tp.pain_points):
                opp = pain.opportunity
                if opp is not None and open_high_impact(opp) and pain.basis == "assumed" and not pain.evidence:
                    what = opp.fix or pain.text or f"pain point {pi + 1}"
                    yield Hit(
                        ("stages", si, "touchpoints", ti, "pain_points", pi, "basis"),
                        f"the high-impact fix {q(what)} for {place(stage.name, tp.name)} rests only on an assumed "
                        "pain point; check it with customers before committing",
                    )
