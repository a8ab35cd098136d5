"""Review freshness, relative to "today" (pinned by --today or config for reproducible CI)."""

from __future__ import annotations

from collections.abc import Iterator

from jmap.domain.durations import how_often
from jmap.domain.review import cadence, review_due
from jmap.findings import Severity
from jmap.rules.base import Hit, Rule, RuleContext, register
from jmap.util.text import plural


class _Review(Rule):
    group = "Review freshness"


@register
class ReviewMissing(_Review):
    """The map has no `review.last_reviewed` date.

    Why: the practice guides agree that journey maps fail by going stale.
    Without a review date nobody can tell a current map from a museum piece.

    Fix: add `review: {last_reviewed: YYYY-MM-DD, every: 6 months}` after the
    next walk-through with the team.

    Configure: the default cadence is `review_every` (6 months).
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
    """

    code = "JM202"
    name = "review-overdue"
    severity = Severity.ERROR
    summary = "today is past last_reviewed + cadence"
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
    """`review.last_reviewed` is after today.

    Why: a review date in the future is a typo (2062 for 2026) or a promise,
    and it silences the overdue check for years.

    Fix: set the date of the review that actually happened.

    Configure: pin today with `--today` or `today` in CI.
    """

    code = "JM203"
    name = "review-in-future"
    severity = Severity.ERROR
    summary = "last_reviewed is after today"

    def check(self, ctx: RuleContext) -> Iterator[Hit]:
        review = ctx.map.review
        if review is not None and review.last_reviewed is not None and review.last_reviewed > ctx.settings.today:
            ahead = (review.last_reviewed - ctx.settings.today).days
            yield Hit(
                ("review", "last_reviewed"),
                f"last_reviewed {review.last_reviewed.isoformat()} is {plural(ahead, 'day')} after today "
                f"({ctx.settings.today.isoformat()})",
            )


@register
class ReviewDueSoon(_Review):
    """The review falls due within `due_soon_days` (default 14).

    Why: a reminder while there is still time to book the session.

    Fix: schedule the review; nothing to change in the file yet.

    Configure: `due_soon_days = 14`; `ignore = ["JM204"]` to turn it off.
    """

    code = "JM204"
    name = "review-due-soon"
    severity = Severity.INFO
    summary = "the review falls due within due_soon_days (default 14)"
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
