"""Did-you-mean: the closest known name to a mistyped one."""

from __future__ import annotations

import difflib


def suggest(word: str, choices: list[str]) -> str:
    """`` (did you mean 'owner'?)`` or an empty string."""

    def norm(text: str) -> str:
        return text.strip().lower().replace(" ", "_").replace("-", "_")

    normal = norm(word)
    by_normal = {norm(c): c for c in choices}
    if normal in by_normal:
        return f" (did you mean {by_normal[normal]!r}?)"
    close = difflib.get_close_matches(normal, list(by_normal), n=1, cutoff=0.6)
    return f" (did you mean {by_normal[close[0]]!r}?)" if close else ""
