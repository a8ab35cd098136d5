"""Did-you-mean: the closest known name to a mistyped one."""

from __future__ import annotations

import difflib
import functools

SUGGEST_MAX_CHARS = 64
"""Longer words get no fuzzy did-you-mean: no known name is that long, and the match is quadratic in length."""


def suggest(word: str, choices: list[str]) -> str:
    """`` (did you mean 'owner'?)`` or an empty string; cached per distinct word and list of choices."""
    return _suggest(word, tuple(choices))


def _norm(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


@functools.lru_cache(maxsize=4096)
def _suggest(word: str, choices: tuple[str, ...]) -> str:
    normal = _norm(word)
    by_normal = {_norm(c): c for c in choices}
    if normal in by_normal:
        return f" (did you mean {by_normal[normal]!r}?)"
    if len(normal) > SUGGEST_MAX_CHARS:
        return ""
    close = difflib.get_close_matches(normal, list(by_normal), n=1, cutoff=0.6)
    return f" (did you mean {by_normal[close[0]]!r}?)" if close else ""
