"""JM5xx moments of truth: touchpoints that decide whether a customer stays, and signs of a stalling account."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.findings import Severity
from jmap.rules.base import Hit, Rule, RuleContext, place, q, register, touchpoint_label


@register
class MomentOfTruthWithoutPlaybook(Rule):
    """A touchpoint marked `moment_of_truth: true` has no `playbook`.

    Why: moments of truth decide whether a customer stays. They are the
    touchpoints that most need a written, rehearsed way of handling them.

    Fix: add `playbook:` with a link to the playbook (or its name).

    Configure: `ignore = ["JM501"]`.
    """

    code = "JM501"
    name = "moment-of-truth-without-playbook"
    severity = Severity.ERROR
    summary = "a touchpoint with moment_of_truth: true has no playbook"
    group = "Moments of truth"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            if tp.moment_of_truth and not tp.playbook:
                yield Hit(
                    ("stages", si, "touchpoints", ti, "playbook"),
                    f"{touchpoint_label(stage.name, tp.name)} is a moment of truth without a playbook",
                )


@register
class StageWithoutRedFlags(Rule):
    """A post-sale stage lists no `red_flags`.

    Why: red flags are the signals that an account is stalling in a stage
    (missed milestones, falling logins). After the sale they feed the health
    score and tell a CSM when to step in.

    Fix: add `red_flags:` to the stage.

    Configure: which stages are post-sale: `pre_sale_stages`, or `phase:` on the stage.
    """

    code = "JM502"
    name = "stage-without-red-flags"
    severity = Severity.INFO
    summary = "a post-sale stage lists no red_flags"
    group = "Moments of truth"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage in enumerate(ctx.map.stages):
            if ctx.phase(si) == "post-sale" and not stage.red_flags:
                yield Hit(("stages", si, "red_flags"), f"post-sale stage {q(stage.name)} lists no red_flags")


class _Moments(Rule):
    group = "Moments of truth"


@register
class MomentOfTruthWithoutMetric(_Moments):
    """A touchpoint marked `moment_of_truth: true` has no `metrics`.

    Why: the moments that decide whether a customer stays are the ones to
    measure; without a number nobody knows whether the playbook works.
    Off by default: many teams measure at the stage, not the touchpoint.

    Failing:

    ```yaml
    - {id: kickoff, name: Kickoff call, moment_of_truth: true, playbook: Kickoff playbook}
    ```

    Fix:

    ```yaml
    - id: kickoff
      name: Kickoff call
      moment_of_truth: true
      playbook: Kickoff playbook
      metrics:
        - {name: Kickoff CSAT, type: csat, current: 4.1, target: 4.5, as_of: 2026-10-01}
    ```

    Configure: off by default; `select = ["ALL", "JM503"]` turns it on.
    """

    code = "JM503"
    name = "moment-of-truth-without-metric"
    severity = Severity.WARNING
    summary = "(off by default) a touchpoint with moment_of_truth: true has no metrics"
    default_enabled = False

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            if tp.moment_of_truth and not tp.metrics:
                yield Hit(
                    ("stages", si, "touchpoints", ti, "metrics"),
                    f"{place(stage.name, tp.name)} is a moment of truth with no metric",
                )


@register
class StageWithoutExitCriteria(_Moments):
    """A post-sale stage lists no `exit_criteria`, in a map that tracks time in stage.

    Why: without a definition of done, a customer can sit in onboarding for
    months with nobody noticing they are stuck; exit criteria (with an
    `expected_duration`) say when a stage is finished and when it is late.
    Checked once the map tracks time in stage: when any of its stages has an
    `expected_duration` or `exit_criteria`.

    Failing:

    ```yaml
    - {id: onboarding, name: Onboarding, owner: Onboarding team, expected_duration: 30 days}
    ```

    Fix:

    ```yaml
    - id: onboarding
      name: Onboarding
      owner: Onboarding team
      expected_duration: 30 days
      exit_criteria: [First workflow live, Admin trained]
    ```

    Configure: which stages are post-sale: `pre_sale_stages`, or `phase:` on the stage.
    """

    code = "JM504"
    name = "stage-without-exit-criteria"
    severity = Severity.INFO
    summary = "a post-sale stage lists no exit_criteria (in a map that tracks time in stage)"
    options = ("pre_sale_stages",)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        if not any(s.expected_duration or s.exit_criteria for s in ctx.map.stages):
            return
        for si, stage in enumerate(ctx.map.stages):
            if ctx.phase(si) == "post-sale" and not stage.exit_criteria:
                yield Hit(("stages", si, "exit_criteria"), f"post-sale stage {q(stage.name)} lists no exit_criteria")
