"""JM4xx experience layers: goals, feelings, pain points with their fixes, channels."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.findings import Severity
from jmap.rules.base import Hit, Rule, RuleContext, q, register, touchpoint_label


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
