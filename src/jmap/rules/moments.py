"""JM5xx moments of truth: touchpoints that decide whether a customer stays, and signs of a stalling account."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.findings import Severity
from jmap.rules.base import PRE_SALE_STAGES, Hit, Rule, RuleContext, place, q, register, touchpoint_label


@register
class MomentOfTruthWithoutPlaybook(Rule):
    """A touchpoint marked `moment_of_truth: true` has no `playbook`.

    Why: moments of truth decide whether a customer stays. They are the
    touchpoints that most need a written, rehearsed way of handling them.

    Fix: add `playbook:` with a link to the playbook (or its name).

    Configure: `ignore = ["JM501"]`.

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
            moment_of_truth: true
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
            moment_of_truth: true
            playbook: https://wiki.example.com/playbooks/kickoff
    ```
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
        red_flags: [Kickoff slips past week 2]
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM502"
    name = "stage-without-red-flags"
    severity = Severity.INFO
    summary = "a post-sale stage lists no red_flags"
    options = (PRE_SALE_STAGES,)
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

    Fix: give the moment of truth a metric that says how it goes.

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
            moment_of_truth: true
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
            moment_of_truth: true
            metrics: [Kickoff held within 5 days]
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

    Fix: list the stage's `exit_criteria`: what is true when the customer leaves it.

    Example:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - {id: onboarding, name: Onboarding, expected_duration: 30 days}
    ```

    Use instead:

    ```yaml
    jmap: 1
    title: Onboarding
    stages:
      - id: onboarding
        name: Onboarding
        expected_duration: 30 days
        exit_criteria: [First workflow live]
    ```

    Configure: which stages are post-sale: `pre_sale_stages`, or `phase:` on the stage.
    """

    code = "JM504"
    name = "stage-without-exit-criteria"
    severity = Severity.INFO
    summary = "a post-sale stage lists no exit_criteria (in a map that tracks time in stage)"
    options = (PRE_SALE_STAGES,)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        if not any(s.expected_duration or s.exit_criteria for s in ctx.map.stages):
            return
        for si, stage in enumerate(ctx.map.stages):
            if ctx.phase(si) == "post-sale" and not stage.exit_criteria:
                yield Hit(("stages", si, "exit_criteria"), f"post-sale stage {q(stage.name)} lists no exit_criteria")
