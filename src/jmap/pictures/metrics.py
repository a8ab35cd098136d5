"""Measuring and wrapping text with a fixed metric table, so a picture is laid out the same everywhere.

Widths come from ``metrics_table`` (the wider of DejaVu Sans and Liberation
Sans per character, which also bounds Arial and Helvetica, metric twins of
Liberation Sans). Characters outside the table are measured wide (a full em,
emoji more), so a fallback font can draw a line narrower than measured, never
wider. Lines are broken at spaces; a word wider than the line is broken
between characters, never cut.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from jmap.pictures import metrics_table

FONT_STACK = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
SAFETY = 1.04
"""Measured widths are stretched by this much: shaping and hinting differ a little between renderers."""

UNKNOWN = 1000
EMOJI = 1300


def _load(runs: tuple[tuple[int, str], ...]) -> dict[int, int]:
    table: dict[int, int] = {}
    for start, values in runs:
        for i, value in enumerate(values.split()):
            table[start + i] = int(value)
    return table


_REGULAR = _load(metrics_table.REGULAR)
_BOLD = _load(metrics_table.BOLD)

_CONTROL = {c: chr(0x2400 + c) for c in range(0x20) if c != 0x0A}
_CONTROL[0x7F] = "\u2421"
_CONTROL.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_CONTROL.update({c: "\ufffd" for c in (0xFFFE, 0xFFFF)})


def safe(text: str) -> str:
    """User text fit for XML and for a picture: control characters shown as symbols, lone surrogates replaced."""
    text = text.replace("\r\n", "\n").replace("\t", " ").translate(_CONTROL)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


def _zero_width(c: str) -> bool:
    cp = ord(c)
    return (
        0x200B <= cp <= 0x200F
        or 0x202A <= cp <= 0x202E
        or 0x2060 <= cp <= 0x2064
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or unicodedata.combining(c) != 0
    )


def _char_width(c: str, table: dict[int, int]) -> int:
    cp = ord(c)
    known = table.get(cp)
    if known is not None:
        return known
    if _zero_width(c):
        return 0
    if cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF:
        return EMOJI
    return UNKNOWN


@lru_cache(maxsize=65536)
def _units(text: str, bold: bool) -> int:
    table = _BOLD if bold else _REGULAR
    return sum(_char_width(c, table) for c in text)


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text`` at ``size`` px, with the safety margin."""
    return _units(text, bold) * size * SAFETY / 1000


def longest_word(text: str, size: float, bold: bool = False) -> float:
    return max((width(w, size, bold) for w in text.split()), default=0.0)


def _split_word(word: str, limit: float, size: float, bold: bool) -> list[str]:
    """A word too wide for a line, in pieces that fit, broken only before a character that takes space."""
    pieces: list[str] = []
    current = ""
    for c in word:
        if current and not _zero_width(c) and not current.endswith("\u200d") and width(current + c, size, bold) > limit:
            pieces.append(current)
            current = c
        else:
            current += c
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, limit: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``limit`` px; every character of it is kept, in order."""
    lines: list[str] = []
    for paragraph in safe(text).split("\n"):
        words = paragraph.split()
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if width(candidate, size, bold) <= limit:
                line = candidate
                continue
            if line:
                lines.append(line)
            if width(word, size, bold) <= limit:
                line = word
            else:
                *full, line = _split_word(word, limit, size, bold)
                lines.extend(full)
        lines.append(line)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines
