"""Words for counts: the one plural helper every message uses."""

from __future__ import annotations

import re


def plural(n: int, word: str, many: str | None = None, *, grouped: bool = False) -> str:
    """``1 stage``, ``2 stages``, ``2 open opportunities``; ``grouped`` writes ``1,234``."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {word if n == 1 else many or word + 's'}"


BREAK_AFTER = "/-_.,;:›"
"""Characters a long word may be broken after when it does not fit a line (paths, ids, URLs)."""


def break_long_words(text: str, width: int) -> str:
    """``text`` with every word longer than ``width`` broken into lines of at most ``width``.

    A word breaks after ``/``, ``-``, ``_`` or ``.`` as late as it fits, so
    ``examples/defects/stale-unowned-onboarding.yaml`` becomes
    ``examples/defects/`` and ``stale-unowned-onboarding.yaml``; only a run
    with no such character that is longer than the line is split inside.
    Words that fit, and all white space, are left alone for the caller's wrapper.
    """
    if width < 1 or all(len(w) <= width for w in text.split()):
        return text
    out: list[str] = []
    for part in _SPACES.split(text):
        if not part or part.isspace() or len(part) <= width:
            out.append(part)
            continue
        lines: list[str] = []
        rest = part
        while len(rest) > width:
            cut = max((i + 1 for i, c in enumerate(rest[:width]) if c in BREAK_AFTER), default=width)
            lines.append(rest[:cut])
            rest = rest[cut:]
        lines.append(rest)
        out.append("\n".join(lines))
    return "".join(out)


_SPACES = re.compile(r"(\s+)")


def distribute(room: int, ratios: list[int], low: list[int], high: list[int]) -> list[int]:
    """Column widths summing to at most ``room``: each at least ``low``, at most ``high``, the rest by ``ratios``."""
    widths = list(low)
    spare = room - sum(widths)
    while spare > 0:
        open_ = [i for i, w in enumerate(widths) if w < high[i]]
        if not open_:
            break
        total = sum(ratios[i] for i in open_) or len(open_)
        given = 0
        for i in open_:
            share = min(max(1, spare * (ratios[i] or 1) // total), high[i] - widths[i], spare - given)
            widths[i] += share
            given += share
            if given >= spare:
                break
        spare -= given
    return widths
