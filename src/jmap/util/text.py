"""Small text helpers every layer uses: plurals for counts, lists of rule codes."""

from __future__ import annotations

import re
from typing import Final


def plural(n: int, word: str, many: str | None = None, *, grouped: bool = False) -> str:
    """``1 stage``, ``2 stages``, ``2 open opportunities``; ``grouped`` writes ``1,234``."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {word if n == 1 else many or word + 's'}"


CODE_SEPARATORS: Final = re.compile(r"[\s,]+")
"""What separates rule codes in a list: white space (line breaks too) and commas."""


def split_codes(text: str) -> list[str]:
    """``"JM101, JM102\\nJM103"`` -> ``["JM101", "JM102", "JM103"]``."""
    return [part for part in CODE_SEPARATORS.split(text.strip()) if part]


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


def q(value: object, limit: int = 60) -> str:
    """Quote a name for a message, clipped so a huge value never floods the report."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def clip(value: str, limit: int) -> str:
    """``value``, or its first ``limit`` characters and how many more there are (so a 10 MB name never floods a
    terminal)."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value) - limit:,} more characters)"
