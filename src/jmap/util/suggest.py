"""Did-you-mean: the closest known name to a mistyped one."""

from __future__ import annotations

import difflib
import functools

SUGGEST_MAX_CHARS = 64
"""Longer words get no fuzzy did-you-mean: no known name is that long, and the match is quadratic in length."""


def suggest(word: str, choices: list[str]) -> str:
    """`` (did you mean 'owner'?)`` or an empty string."""
    best = closest(word, choices)
    return f" (did you mean {best!r}?)" if best is not None else ""


def closest(word: str, choices: list[str]) -> str | None:
    """The known name ``word`` most likely stands for, or None; cached per distinct word and list of choices."""
    return _closest(word, tuple(choices))


def _norm(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


@functools.lru_cache(maxsize=4096)
def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    normal = _norm(word)
    by_normal = {_norm(c): c for c in choices}
    if normal in by_normal:
        return by_normal[normal]
    if len(normal) > SUGGEST_MAX_CHARS:
        return None
    close = difflib.get_close_matches(normal, list(by_normal), n=1, cutoff=0.6)
    return by_normal[close[0]] if close else None
