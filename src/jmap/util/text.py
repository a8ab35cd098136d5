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
