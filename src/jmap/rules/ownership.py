"""Ownership: every touchpoint, fix, stage and the map itself has someone who keeps it alive."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.findings import ModelPath, Severity
from jmap.rules.base import Applicability, Fix, Hit, Option, Rule, RuleContext, q, register, touchpoint_label
from jmap.util.suggest import suggest


class _Ownership(Rule):
    group = "Ownership"


def _names(names: tuple[str, ...] | None) -> tuple[str, ...] | None:
    return None if names is None else tuple(n.strip() for n in names)


OWNERS = Option(
    "owners",
    None,
    tuple[str, ...] | None,
    "a list of strings",
    "The roster of team and role names an owner must come from (no roster: any name).",
    check=_names,
    listed=True,
)


@register
class TouchpointWithoutOwner(_Ownership):
    """A touchpoint has no owner.

    Why: a touchpoint nobody owns is one nobody improves; when it breaks, the
    customer finds out before the company does.

    Fix: set `owner:` on the touchpoint to the team or role that runs it (CSM,
    Onboarding team, Support, …).

    Configure: `ignore = ["JM101"]`, or `x-jmap-ignore: [JM101]` on a stage
    whose touchpoints are owned elsewhere.

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
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            owner: CSM
    ```
    """

    code = "JM101"
    name = "touchpoint-without-owner"
    severity = Severity.ERROR
    summary = "a touchpoint has no owner"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            if not tp.owner:
                yield Hit(
                    ("stages", si, "touchpoints", ti, "owner"),
                    f"{touchpoint_label(stage.name, tp.name)} has no owner; name the team or role that runs it",
                )


@register
class OpportunityWithoutOwner(_Ownership):
    """An opportunity (the fix for a pain point) has no owner.

    Why: a fix without an owner is a wish. Planning needs a name next to
    every opportunity.

    Fix: set `owner:` under the pain point's `opportunity:`.

    Configure: `ignore = ["JM102"]`.

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
              - text: The deal notes are lost
                opportunity:
                  fix: Carry the deal notes into the kickoff brief
    ```

    Use instead:

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
              - text: The deal notes are lost
                opportunity:
                  fix: Carry the deal notes into the kickoff brief
                  owner: Sales Ops
    ```
    """

    code = "JM102"
    name = "opportunity-without-owner"
    severity = Severity.ERROR
    summary = "an opportunity has no owner"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            for pi, pain in enumerate(tp.pain_points):
                if pain.opportunity is not None and not pain.opportunity.owner:
                    fix = pain.opportunity.fix or pain.text or f"pain point {pi + 1}"
                    yield Hit(
                        ("stages", si, "touchpoints", ti, "pain_points", pi, "opportunity", "owner"),
                        f"the fix {q(fix)} for {touchpoint_label(stage.name, tp.name)} has no owner",
                    )


@register
class MapWithoutOwner(_Ownership):
    """The map has no owner.

    Why: a map nobody owns is never reviewed and slowly stops describing the
    journey customers actually have.

    Fix: set `owner:` at the top of the map to the team that keeps it current.

    Configure: `ignore = ["JM103"]`.

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
    owner: CS Operations
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM103"
    name = "map-without-owner"
    severity = Severity.ERROR
    summary = "the map has no owner"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.map.owner:
            yield Hit(("owner",), f"map {q(ctx.map.title)} has no owner; name the team that keeps it current")


@register
class StageWithoutOwner(_Ownership):
    """A stage has no owner.

    Why: handoffs between stages are where customers fall through; each
    stage needs a team accountable for getting customers through it.

    Fix: set `owner:` on the stage.

    Configure: `ignore = ["JM104"]`, or raise it with `[severity] JM104 = "error"`.

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
    stages:
      - id: onboarding
        name: Onboarding
        owner: Onboarding team
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM104"
    name = "stage-without-owner"
    severity = Severity.WARNING
    summary = "a stage has no owner"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage in enumerate(ctx.map.stages):
            if not stage.owner:
                yield Hit(("stages", si, "owner"), f"stage {q(stage.name)} has no owner")


@register
class UnknownOwner(_Ownership):
    """An owner is not in the configured `owners` roster.

    Why: "CSM", "csm" and "Customer Success" are three owners to a report and
    one team to you. A roster keeps the names consistent, so ownership can be
    counted across maps. Only checked when a roster is configured.

    Fix: use a name from the roster (the message suggests the closest one), or
    add the new owner to `owners` in the configuration.

    Configure: `owners = ["CSM", "Onboarding team", ...]` in jmap.toml.

    Example:

    ```yaml
    # jmap.toml: owners = ["CS Operations", "CSM"]
    jmap: 1
    title: Onboarding
    owner: CS Ops
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```

    Use instead:

    ```yaml
    # jmap.toml: owners = ["CS Operations", "CSM"]
    jmap: 1
    title: Onboarding
    owner: CS Operations
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM105"
    name = "unknown-owner"
    severity = Severity.WARNING
    summary = "an owner is not in the configured owners roster (only when a roster is configured)"
    fix = Fix("Change the owner to the roster's closest name", Applicability.UNSAFE, "jmap.rules.fixes:closest_owner")
    options = (OWNERS,)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        roster = ctx.settings.owners
        if roster is None:
            return
        known = set(roster)
        names = list(roster)

        def verdict(owner: str | None, path: ModelPath, what: str) -> Iterator[Hit]:
            if owner and owner not in known:
                yield Hit(path, f"owner {q(owner)} of {what} is not in the owners roster{suggest(owner, names)}")

        yield from verdict(ctx.map.owner, ("owner",), "the map")
        for si, stage in enumerate(ctx.map.stages):
            yield from verdict(stage.owner, ("stages", si, "owner"), f"stage {q(stage.name)}")
            for ti, tp in enumerate(stage.touchpoints):
                base: ModelPath = ("stages", si, "touchpoints", ti)
                yield from verdict(tp.owner, (*base, "owner"), touchpoint_label(stage.name, tp.name))
                for pi, pain in enumerate(tp.pain_points):
                    if pain.opportunity is not None:
                        yield from verdict(
                            pain.opportunity.owner,
                            (*base, "pain_points", pi, "opportunity", "owner"),
                            f"a fix for {touchpoint_label(stage.name, tp.name)}",
                        )


def _same_owner(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


@register
class HandoffUnnamed(_Ownership):
    """The stage owner changes from one stage to the next, and the later stage names no `handoff`.

    Why: friction collects where one team hands a customer to the next: the
    deal notes that never reach the CSM, the kickoff that repeats discovery.
    A handoff nobody names is a moment nobody owns.

    Fix: name the `handoff` on the later stage: from whom, to whom, what is passed and who owns it.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        owner: Onboarding team
      - id: adoption
        name: Adoption
        owner: CSM
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        owner: Onboarding team
      - id: adoption
        name: Adoption
        owner: CSM
        handoff: {from: Onboarding team, to: CSM, what: success plan}
    ```

    Configure: owners compare case-insensitively; `ignore = ["JM106"]`.
    """

    code = "JM106"
    name = "handoff-unnamed"
    severity = Severity.WARNING
    summary = "the stage owner changes between consecutive stages and the later stage names no handoff"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        stages = ctx.map.stages
        for si in range(1, len(stages)):
            before, stage = stages[si - 1], stages[si]
            if before.owner and stage.owner and not _same_owner(before.owner, stage.owner) and stage.handoff is None:
                yield Hit(
                    ("stages", si, "handoff"),
                    f"stage {q(stage.name)} takes over from {q(before.name)} ({q(before.owner)} to {q(stage.owner)}) "
                    "with no handoff named; add handoff: to it",
                )


@register
class TouchpointHandoffUnnamed(_Ownership):
    """Within a stage, the owner changes from one touchpoint to the next, and the later one names no `handoff`.

    Why: the same seam as JM106, inside a stage: the kickoff run by the CSM
    followed by a setup call run by Solutions engineering. Off by default,
    since many stages pass work between teams on purpose; turn it on for maps
    where those seams are where customers complain.

    Fix: name the `handoff` on the later touchpoint, as for stages.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - {id: kickoff, name: Kickoff call, owner: CSM}
          - {id: setup, name: Technical setup, owner: Solutions engineering}
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - {id: kickoff, name: Kickoff call, owner: CSM}
          - id: setup
            name: Technical setup
            owner: Solutions engineering
            handoff: {from: CSM, to: Solutions engineering, what: integration checklist}
    ```

    Configure: off by default; `select = ["ALL", "JM107"]` turns it on.
    """

    code = "JM107"
    name = "touchpoint-handoff-unnamed"
    severity = Severity.WARNING
    summary = "(off by default) consecutive touchpoints of a stage change owner and the later names no handoff"
    default_enabled = False

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage in enumerate(ctx.map.stages):
            tps = stage.touchpoints
            for ti in range(1, len(tps)):
                before, tp = tps[ti - 1], tps[ti]
                if before.owner and tp.owner and not _same_owner(before.owner, tp.owner) and tp.handoff is None:
                    yield Hit(
                        ("stages", si, "touchpoints", ti, "handoff"),
                        f"{touchpoint_label(stage.name, tp.name)} takes over from {q(before.name)} "
                        f"({q(before.owner)} to {q(tp.owner)}) with no handoff named; add handoff: to it",
                    )
