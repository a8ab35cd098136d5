"""JM5xx moments of truth: touchpoints that decide whether a customer stays, and signs of a stalling account."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.findings import Severity
from jmap.rules.base import Hit, Rule, RuleContext, q, register, touchpoint_label


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
