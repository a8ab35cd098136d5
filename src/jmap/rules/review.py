"""Review freshness, relative to "today" (pinned by --today or config for reproducible CI)."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.domain.durations import how_often, parse_duration
from jmap.domain.review import DEFAULT_DUE_SOON_DAYS, DEFAULT_REVIEW_EVERY, cadence, review_due
from jmap.findings import Severity
from jmap.rules.base import Hit, Option, Rule, RuleContext, place, q, register
from jmap.util.text import plural


class _Review(Rule):
    group = "Review freshness"


def _cadence(text: str) -> str:
    parse_duration(text)
    return text


REVIEW_EVERY = Option(
    "review_every",
    DEFAULT_REVIEW_EVERY,
    str,
    "a string such as '6 months'",
    "The review cadence of maps that set no `review.every`.",
    check=_cadence,
)
DUE_SOON_DAYS = Option(
    "due_soon_days",
    DEFAULT_DUE_SOON_DAYS,
    int,
    "a whole number of days, 0 or more",
    "How many days before the due date JM204 starts to remind.",
    minimum=0,
)


@register
class ReviewMissing(_Review):
    """The map has no `review.last_reviewed` date.

    Why: the practice guides agree that journey maps fail by going stale.
    Without a review date nobody can tell a current map from a museum piece.

    Fix: add `review: {last_reviewed: YYYY-MM-DD, every: 6 months}` after the
    next walk-through with the team.

    Configure: the default cadence is `review_every` (6 months).

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
    review:
      last_reviewed: 2026-10-01
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM201"
    name = "review-missing"
    severity = Severity.ERROR
    summary = "the map has no review.last_reviewed"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        if ctx.map.review is None or ctx.map.review.last_reviewed is None:
            path = ("review", "last_reviewed") if ctx.map.review is not None else ("review",)
            yield Hit(path, "the map has no review.last_reviewed date; record when the team last walked through it")


@register
class ReviewOverdue(_Review):
    """Today is past the last review plus the review cadence.

    Why: a map past its review date is describing a journey that may no
    longer exist. The message gives the due date, the cadence and how many
    days overdue the review is.

    Fix: review the map with the people who run the touchpoints, then update
    `review.last_reviewed`.

    Configure: set the cadence per map with `review.every` (weekly, monthly,
    quarterly, yearly, `N days|weeks|months|years`, `P90D`) or for all maps
    with `review_every`; pin today with `--today` or `today`.

    Example:

    ```yaml
    # today: 2026-11-25
    jmap: 1
    title: Onboarding
    review:
      last_reviewed: 2026-01-15
      every: quarterly
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```

    Use instead:

    ```yaml
    # today: 2026-11-25
    jmap: 1
    title: Onboarding
    review:
      last_reviewed: 2026-10-01
      every: quarterly
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM202"
    name = "review-overdue"
    severity = Severity.ERROR
    summary = "today is past last_reviewed + cadence"
    options = (REVIEW_EVERY,)
    reads = ("every",)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        m = ctx.map
        due = review_due(m, ctx.settings.review_every)
        if due is None or m.review is None or m.review.last_reviewed is None:
            return
        today = ctx.settings.today
        if today > due:
            text, _ = cadence(m, ctx.settings.review_every)
            yield Hit(
                ("review", "last_reviewed"),
                f"review overdue by {plural((today - due).days, 'day')}: "
                f"last reviewed {m.review.last_reviewed.isoformat()}, "
                f"{how_often(text)}, so due {due.isoformat()}",
            )


@register
class ReviewInFuture(_Review):
    """`review.last_reviewed`, or a metric's `as_of`, is after today.

    Why: a review or measurement date in the future is a typo (2062 for 2026)
    or a promise, and it silences the overdue and stale-metric checks for years.

    Fix: set the date of the review or measurement that actually happened.

    Configure: pin today with `--today` or `today` in CI.

    Example:

    ```yaml
    # today: 2026-11-25
    jmap: 1
    title: Onboarding
    review:
      last_reviewed: 2062-10-01
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```

    Use instead:

    ```yaml
    # today: 2026-11-25
    jmap: 1
    title: Onboarding
    review:
      last_reviewed: 2026-10-01
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM203"
    name = "review-in-future"
    severity = Severity.ERROR
    summary = "last_reviewed or a metric's as_of is after today"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        review = ctx.map.review
        today = ctx.settings.today
        if review is not None and review.last_reviewed is not None and review.last_reviewed > today:
            days = plural((review.last_reviewed - today).days, "day", grouped=True)
            yield Hit(
                ("review", "last_reviewed"),
                f"last_reviewed {review.last_reviewed.isoformat()} is {days} after today ({today.isoformat()})",
            )
        for path, stage, tp, metric in ctx.map.metrics():
            if metric.as_of is not None and metric.as_of > today:
                ahead = plural((metric.as_of - today).days, "day", grouped=True)
                yield Hit(
                    (*path, "as_of"),
                    f"metric {q(metric.name)} of {place(stage.name, tp.name if tp else None)} was measured on "
                    f"{metric.as_of.isoformat()}, {ahead} after today ({today.isoformat()})",
                )


@register
class ReviewDueSoon(_Review):
    """The review falls due within `due_soon_days` (default 14).

    Why: a reminder while there is still time to book the session.

    Fix: schedule the review; nothing to change in the file yet.

    Configure: `due_soon_days = 14`; `ignore = ["JM204"]` to turn it off.

    Example:

    ```yaml
    # today: 2026-11-25
    jmap: 1
    title: Onboarding
    review:
      last_reviewed: 2026-05-30
      every: 6 months
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```

    Use instead:

    ```yaml
    # today: 2026-11-25
    jmap: 1
    title: Onboarding
    review:
      last_reviewed: 2026-10-01
      every: 6 months
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
    ```
    """

    code = "JM204"
    name = "review-due-soon"
    severity = Severity.INFO
    summary = "the review falls due within due_soon_days (default 14)"
    options = (REVIEW_EVERY, DUE_SOON_DAYS)
    reads = ("every",)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        m = ctx.map
        due = review_due(m, ctx.settings.review_every)
        today = ctx.settings.today
        if due is None or m.review is None or m.review.last_reviewed is None or m.review.last_reviewed > today:
            return
        left = (due - today).days
        if 0 <= left <= ctx.settings.due_soon_days:
            when = "today" if left == 0 else f"in {plural(left, 'day')}"
            yield Hit(("review", "last_reviewed"), f"review falls due {when}, on {due.isoformat()}")


@register
class MetricStale(_Review):
    """A metric's `as_of` date is older than the map's review cadence.

    Why: a number measured two reviews ago describes a journey that may have
    changed since; showing it beside the target invites a decision on old
    data. Each review should bring the numbers up to date.

    Fix: measure the metric again at the review and update `current` and `as_of`.

    Example:

    ```yaml
    # today: 2026-11-25
    jmap: 1
    title: Onboarding
    review: {last_reviewed: 2026-10-01, every: 6 months}
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            metrics:
              - {name: Time to first value, current: 18, target: 14, unit: days, as_of: 2026-01-15}
    ```

    Use instead:

    ```yaml
    # today: 2026-11-25
    jmap: 1
    title: Onboarding
    review: {last_reviewed: 2026-10-01, every: 6 months}
    stages:
      - id: onboarding
        name: Onboarding
        touchpoints:
          - id: kickoff
            name: Kickoff call
            metrics:
              - {name: Time to first value, current: 18, target: 14, unit: days, as_of: 2026-10-15}
    ```

    Configure: the cadence is the map's `review.every`, else `review_every`
    (6 months); pin today with `--today`.
    """

    code = "JM205"
    name = "metric-stale"
    severity = Severity.WARNING
    summary = "a metric's as_of is older than the map's review cadence"
    options = (REVIEW_EVERY,)

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        text, every = cadence(ctx.map, ctx.settings.review_every)
        today = ctx.settings.today
        for path, stage, tp, metric in ctx.map.metrics():
            if metric.as_of is not None and every.after(metric.as_of) < today:
                where = place(stage.name, tp.name if tp else None)
                yield Hit(
                    (*path, "as_of"),
                    f"metric {q(metric.name)} of {where} was measured on {metric.as_of.isoformat()}, "
                    f"{plural((today - metric.as_of).days, 'day')} ago, longer than the review cadence ({text})",
                )
