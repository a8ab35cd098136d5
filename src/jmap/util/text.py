"""Words for counts: the one plural helper every message uses."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None, *, grouped: bool = False) -> str:
    """``1 stage``, ``2 stages``, ``2 open opportunities``; ``grouped`` writes ``1,234``."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {word if n == 1 else many or word + 's'}"
