"""Stage balance: detail where customers are, not only where sales is."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.findings import Severity
from jmap.rules.base import Hit, Rule, RuleContext, q, register
from jmap.util.text import plural


class _Balance(Rule):
    group = "Stage balance"


@register
class EmptyStage(_Balance):
    """A stage has no touchpoints.

    Why: a stage with nothing in it is a gap in the journey: customers pass
    through it, and the map says nothing about how.

    Fix: add the touchpoints customers meet in this stage, or remove the stage.

    Configure: `ignore = ["JM301"]` while a map is being drafted.
    """

    code = "JM301"
    name = "empty-stage"
    severity = Severity.ERROR
    summary = "a stage has no touchpoints"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        for si, stage in enumerate(ctx.map.stages):
            if not stage.touchpoints:
                yield Hit(("stages", si, "touchpoints"), f"stage {q(stage.name)} has no touchpoints")


@register
class UnbalancedStages(_Balance):
    """The busiest stage has more than `max_stage_ratio` times the touchpoints of the thinnest non-empty one.

    Why: a stage mapped with twelve touchpoints beside one with two is the
    imbalance that explains why customers finish onboarding but never deepen
    use: the thin stage was never looked at closely.

    Fix: map the thin stage in the same detail (or merge trivial touchpoints
    in the busy one).

    Configure: `max_stage_ratio = 3.0`.
    """

    code = "JM302"
    name = "unbalanced-stages"
    severity = Severity.WARNING
    summary = "the busiest stage has more than max_stage_ratio (3.0) times the touchpoints of the thinnest"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        counted = [(len(s.touchpoints), si) for si, s in enumerate(ctx.map.stages) if s.touchpoints]
        if len(counted) < 2:
            return
        most, mi = max(counted, key=lambda c: (c[0], -c[1]))
        least, li = min(counted, key=lambda c: (c[0], c[1]))
        limit = ctx.settings.max_stage_ratio
        ratio = most / least
        if ratio > limit:
            stages = ctx.map.stages
            yield Hit(
                ("stages", mi, "touchpoints"),
                f"stage {q(stages[mi].name)} has {plural(most, 'touchpoint')}, {ratio:.1f}x the {least} of stage "
                f"{q(stages[li].name)} (limit {limit:g}x)",
            )


@register
class ThinPostSale(_Balance):
    """The map has pre-sale stages, and its post-sale stages together hold fewer touchpoints.

    Why: a map rich in pre-sale detail that goes thin after the sale is a
    marketing map, not a customer-success map. Retention and expansion happen
    after the contract is signed.

    Fix: map onboarding, adoption, renewal and advocacy in at least as much
    detail as the way in.

    Configure: which stage names count as pre-sale: `pre_sale_stages`; a stage
    can also say `phase: pre-sale` or `phase: post-sale`.
    """

    code = "JM303"
    name = "thin-post-sale"
    severity = Severity.WARNING
    summary = "the map has pre-sale stages and its post-sale stages hold fewer touchpoints than them"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        pre = post = 0
        first_post = None
        for si, stage in enumerate(ctx.map.stages):
            if ctx.phase(si) == "pre-sale":
                pre += len(stage.touchpoints)
            else:
                post += len(stage.touchpoints)
                if first_post is None:
                    first_post = si
        has_pre = any(ctx.phase(si) == "pre-sale" for si in range(len(ctx.map.stages)))
        if has_pre and post < pre:
            path = ("stages", first_post) if first_post is not None else ("stages",)
            yield Hit(
                path,
                f"post-sale stages hold {plural(post, 'touchpoint')}, fewer than the {pre} of the pre-sale stages; "
                "map what happens after the sale",
            )


@register
class NoStages(_Balance):
    """The map has no stages.

    Why: a journey map without stages has no journey.

    Fix: add stages; `jmap new` writes a template with typical stages.

    Configure: always reported when enabled.
    """

    code = "JM304"
    name = "no-stages"
    severity = Severity.ERROR
    summary = "the map has no stages"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        if not ctx.map.stages:
            yield Hit(("stages",), f"map {q(ctx.map.title)} has no stages")
