"""Measuring and wrapping text with a fixed metric table, so a picture is laid out the same everywhere.

Widths come from ``metrics_table`` (the wider of DejaVu Sans and Liberation
Sans per character, which also bounds Arial and Helvetica, metric twins of
Liberation Sans). Characters outside the table are measured wide (a full em,
emoji more), so a fallback font can draw a line narrower than measured, never
wider. Lines are broken at spaces; a word wider than the line is broken
between characters, never cut.
"""

from __future__ import annotations

import re
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
_SURROGATE = re.compile("[\ud800-\udfff]")


MAX_TEXT = 5000
"""Characters of one text a picture shows; a longer text ends with how many more characters the map holds."""


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut after ``limit`` characters, saying how many are left out (a picture stays bounded)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters in the map)"


def safe(text: str) -> str:
    """User text fit for XML and for a picture: control characters shown as symbols, lone surrogates replaced,
    at most ``MAX_TEXT`` characters (``shorten``)."""
    text = shorten(text)
    return _SURROGATE.sub("\ufffd", text.replace("\r\n", "\n").replace("\t", " ").translate(_CONTROL))


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


class _Widths(dict[str, int]):
    """Character -> advance, filled from the table on first use."""

    def __init__(self, table: dict[int, int]) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, c: str) -> int:
        value = self[c] = _char_width(c, self.table)
        return value


_WIDTHS = {False: _Widths(_REGULAR), True: _Widths(_BOLD)}


@lru_cache(maxsize=65536)
def _units(text: str, bold: bool) -> int:
    return sum(map(_WIDTHS[bold].__getitem__, text))


def _px(units: int, size: float) -> float:
    return units * size * SAFETY / 1000


def width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text`` at ``size`` px, with the safety margin."""
    return _px(_units(text, bold), size)


def longest_word(text: str, size: float, bold: bool = False) -> float:
    return max((width(w, size, bold) for w in text.split()), default=0.0)


def _split_word(word: str, limit: float, size: float, bold: bool) -> list[str]:
    """A word too wide for a line, in pieces that fit, broken only before a character that takes space."""
    widths = _WIDTHS[bold]
    pieces: list[str] = []
    current: list[str] = []
    units = 0
    for c in word:
        w = widths[c]
        if current and w and current[-1] != "\u200d" and _px(units + w, size) > limit:
            pieces.append("".join(current))
            current, units = [c], w
        else:
            current.append(c)
            units += w
    if current:
        pieces.append("".join(current))
    return pieces


def wrap(text: str, limit: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``limit`` px; every character of it is kept, in order."""
    return list(_wrap(text, limit, size, bold))


@lru_cache(maxsize=16384)
def _wrap(text: str, limit: float, size: float, bold: bool) -> tuple[str, ...]:
    text = safe(text)
    if " ".join(text.split()) == text and _px(_units(text, bold), size) <= limit:
        return (text,)
    lines: list[str] = []
    space = _units(" ", bold)
    for paragraph in text.split("\n"):
        line: list[str] = []
        units = 0
        for word in paragraph.split():
            w = _units(word, bold)
            if line and _px(units + space + w, size) <= limit:
                line.append(word)
                units += space + w
                continue
            if line:
                lines.append(" ".join(line))
            if _px(w, size) <= limit:
                line, units = [word], w
            else:
                *full, last = _split_word(word, limit, size, bold)
                lines.extend(full)
                line, units = [last], _units(last, bold)
        lines.append(" ".join(line))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return tuple(lines)
