"""JM4xx experience layers: goals, feelings, pain points with their fixes, channels."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.domain.metrics import value_text
from jmap.findings import Severity
from jmap.rules.base import Hit, Option, Rule, RuleContext, open_high_impact, place, q, register, touchpoint_label


class _Layers(Rule):
    group = "Experience layers"


@register
class StageWithoutCustomerGoal(_Layers):
    """A stage has no `customer_goal`.

    Why: a stage described only by what the company does is a process chart.
    The customer's goal is what the stage must deliver.

    Fix: add `customer_goal:` in the customer's words ("Get live and prove the
    purchase was right").

    Configure: `ignore = ["JM401"]`.

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
        customer_goal: Go live within 30 days
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM401"
    name = "stage-without-customer-goal"
    severity = Severity.WARNING
    summary = "a stage has no customer_goal"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage in enumerate(ctx.map.stages):
            if not stage.customer_goal:
                yield Hit(("stages", si, "customer_goal"), f"stage {q(stage.name)} has no customer_goal")


@register
class TouchpointWithoutFeelings(_Layers):
    """A touchpoint has neither `thoughts` nor `emotion`.

    Why: the thinking-and-feeling layer is what separates a journey map from
    a list of steps; without it the emotion curve has a hole.

    Fix: add `thoughts:` (a quote from research is best) and/or `emotion:`
    (-2 very negative .. 2 very positive).

    Configure: `ignore = ["JM402"]`.

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
            thoughts: Finally, someone who knows our setup
            emotion: 1
    ```
    """

    code = "JM402"
    name = "touchpoint-without-feelings"
    severity = Severity.WARNING
    summary = "a touchpoint has neither thoughts nor emotion"
    reads = ("thoughts",)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            if not tp.thoughts and tp.emotion is None:
                yield Hit(
                    ("stages", si, "touchpoints", ti, "emotion"),
                    f"{touchpoint_label(stage.name, tp.name)} has neither thoughts nor emotion",
                )


@register
class PainPointWithoutOpportunity(_Layers):
    """A pain point has no opportunity.

    Why: a pain point without a specific, measurable, owned fix changes
    nothing; it is a complaint on file.

    Fix: add `opportunity:` with `fix`, `owner`, `target`, `impact` and
    `status` under the pain point.

    Configure: `ignore = ["JM403"]` for maps that only collect pain.

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
              - The deal notes are lost
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
    ```
    """

    code = "JM403"
    name = "pain-point-without-opportunity"
    severity = Severity.WARNING
    summary = "a pain point has no opportunity"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            for pi, pain in enumerate(tp.pain_points):
                if pain.opportunity is None:
                    what = q(pain.text) if pain.text else f"{pi + 1}"
                    yield Hit(
                        ("stages", si, "touchpoints", ti, "pain_points", pi, "opportunity"),
                        f"pain point {what} of {touchpoint_label(stage.name, tp.name)} has no opportunity (no fix yet)",
                    )


@register
class OpportunityWithoutTarget(_Layers):
    """An opportunity has no `target`.

    Why: a fix without a measure cannot be called done; the target says what
    "better" means (for example "90% of kickoffs cite the deal notes by Q1").

    Fix: add `target:` under the opportunity.

    Configure: `ignore = ["JM404"]`.

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
                  target: 90% of kickoffs cite the deal notes by Q1
    ```
    """

    code = "JM404"
    name = "opportunity-without-target"
    severity = Severity.WARNING
    summary = "an opportunity has no target (a fix without a measure)"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            for pi, pain in enumerate(tp.pain_points):
                opp = pain.opportunity
                if opp is not None and not opp.target:
                    what = opp.fix or pain.text or f"pain point {pi + 1}"
                    yield Hit(
                        ("stages", si, "touchpoints", ti, "pain_points", pi, "opportunity", "target"),
                        f"the fix {q(what)} for {touchpoint_label(stage.name, tp.name)} has no target",
                    )


@register
class TouchpointWithoutChannel(_Layers):
    """A touchpoint has no `channel`.

    Why: the channel (email, call, in-app, …) tells who can change the
    touchpoint and how customers meet it.

    Fix: add `channel:`.

    Configure: `ignore = ["JM405"]`.

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
            channel: call
    ```
    """

    code = "JM405"
    name = "touchpoint-without-channel"
    severity = Severity.INFO
    summary = "a touchpoint has no channel"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            if not tp.channel:
                yield Hit(
                    ("stages", si, "touchpoints", ti, "channel"),
                    f"{touchpoint_label(stage.name, tp.name)} has no channel",
                )


def _dip(value: int) -> int:
    if not -2 <= value <= 1:
        raise ValueError("must be a whole number from -2 to 1")
    return value


DIP_EMOTION = Option(
    "dip_emotion",
    -1,
    int,
    "a whole number from -2 to 1",
    "An emotion at or below this with no pain point is a dip nobody explains.",
    check=_dip,
)


@register
class UnexplainedDip(_Layers):
    """A touchpoint's emotion is at or below `dip_emotion` (-1) and it records no pain point.

    Why: a dip in the emotion curve is the map saying something hurts; with
    no pain point nobody has written down what, so nobody can fix it.

    Fix: write down the pain point the dip stands for.

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
            emotion: -2
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
            emotion: -2
            pain_points:
              - The first invoice does not match the quote
    ```

    Configure: `dip_emotion = -1` (use -2 to flag only the deepest dips).
    """

    code = "JM406"
    name = "unexplained-dip"
    severity = Severity.WARNING
    summary = "a touchpoint's emotion is at or below dip_emotion (-1) and it has no pain point"
    options = (DIP_EMOTION,)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        limit = ctx.settings.dip_emotion
        for si, stage, ti, tp in ctx.touchpoints():
            if tp.emotion is not None and tp.emotion <= limit and not tp.pain_points:
                yield Hit(
                    ("stages", si, "touchpoints", ti, "emotion"),
                    f"{touchpoint_label(stage.name, tp.name)} dips to emotion {tp.emotion:+d} "
                    "with no pain point to explain it",
                )


@register
class MetricTargetWithoutCurrent(_Layers):
    """A metric has a `target` but no `current` value.

    Why: a target with nothing to compare it to cannot say whether the stage
    is on track; the map shows an aim, not a number.

    Fix: measure the metric and record its `current` value.

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
            metrics:
              - {name: Activation rate, target: 80, unit: "%"}
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
            metrics:
              - {name: Activation rate, current: 62, target: 80, unit: "%"}
    ```

    Configure: `ignore = ["JM407"]` while the first measurement is pending.
    """

    code = "JM407"
    name = "metric-target-without-current"
    severity = Severity.WARNING
    summary = "a metric has a target but no current value"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for path, stage, tp, metric in ctx.map.metrics():
            if metric.target is not None and metric.current is None:
                yield Hit(
                    (*path, "target"),
                    f"metric {q(metric.name)} of {place(stage.name, tp.name if tp else None)} has a target "
                    f"({value_text(metric.target, metric.unit)}) but no current value",
                )


@register
class OpportunityWithoutEffort(_Layers):
    """A high-impact opportunity that is still open has no `effort` estimate.

    Why: the fixes worth most are the ones to rank first, and ranking weighs
    impact against effort. Without an estimate a big fix is ranked as if it
    were of medium size, and planning cannot tell a quick win from a project.

    Fix: estimate the fix's `effort` (low, medium or high) so it can be ranked.

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
              - text: Nobody knows who runs the kickoff
                opportunity: {fix: Name a kickoff owner, impact: high, status: open}
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
              - text: Nobody knows who runs the kickoff
                opportunity: {fix: Name a kickoff owner, impact: high, status: open, effort: low}
    ```

    Configure: `ignore = ["JM408"]`.
    """

    code = "JM408"
    name = "opportunity-without-effort"
    severity = Severity.WARNING
    summary = "a high-impact open opportunity has no effort estimate"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage, ti, tp in ctx.touchpoints():
            for pi, pain in enumerate(tp.pain_points):
                opp = pain.opportunity
                if opp is not None and open_high_impact(opp) and opp.effort is None:
                    what = opp.fix or pain.text or f"pain point {pi + 1}"
                    yield Hit(
                        ("stages", si, "touchpoints", ti, "pain_points", pi, "opportunity", "effort"),
                        f"the high-impact fix {q(what)} for {touchpoint_label(stage.name, tp.name)} "
                        "has no effort estimate",
                    )
