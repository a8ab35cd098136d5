"""Emotion scales: which scale a row or column of feelings is on, and each value on jmap's -2..2.

A numeric scale comes from the label ("Customer emotion (1-5)", "Mood /10") or else from the
values (any negative: -2..2 or -3..3; otherwise the smallest of 1-5, 1-7, 1-10, 0-10, 0-100
that holds them; 0, 1 and 2 stay -2..2; three or more numbers that are all 1s and 2s are not
scored, since they read with opposite signs on -2..2 and on 1-5). A value ``v`` on ``lo..hi`` scores
``2 * (v - mid) / (hi - mid)`` rounded half away from zero, so the midpoint is 0 and a score
never has the other sign than ``v - mid``. Symbols (``--``, ``-``, ``o``, ``+``, ``++``,
``+/-``), emoji and feeling words have fixed scores; docs/import.md has the table.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final

from jmap.importing.cells import split_items
from jmap.importing.vocabulary import Vocabulary, label_key

EMOJI: Final[dict[int, str]] = {
    -2: "😡😠🤬😭😫😩😱",
    -1: "😞🙁☹😟😕😤😢😣😒👎😬😓",
    0: "😐😶🤔😑",
    1: "🙂😊👍☺😌",
    2: "😀😃😄😁🤩😍🥳🎉❤💚",
}
_EMOJI_SCORE: Final = {ch: s for s, chars in EMOJI.items() for ch in chars}
SYMBOLS: Final[dict[str, int]] = {
    "--": -2, "---": -2, "-": -1, "o": 0, "0": 0, "=": 0, "+/-": 0, "+-": 0, "-/+": 0, "±": 0, "~": 0,
    "+": 1, "++": 2, "+++": 2,
}  # fmt: skip
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "＋": "+"})
_NUMBER = re.compile(r"^\s*([+\-]?\d+(?:[.,]\d+)?)\s*(?:/\s*(\d+)\s*)?(?:$|[\s(:]+(?=\D))")
_RANGE = re.compile(r"([+\-]?\d+)\s*(?:-|\.\.|to|bis|a|à|tot|até)\s*([+\-]?\d+)")
_OUT_OF = re.compile(r"(?:/|out of|von|de|sur|van)\s*(\d+)\s*$")
_AMBIGUOUS: Final = 3
"""This many numbers, all 1 or 2, could be either scale; fewer are read on jmap's own -2..2."""
_STANDARD: Final = ((1.0, 5.0), (1.0, 7.0), (1.0, 10.0), (0.0, 10.0), (0.0, 100.0))


def number_of(text: str) -> float | None:
    """The number a feeling cell starts with ("4", "-1", "+2", "4,5", "3/5", "4 (happy)")."""
    m = _NUMBER.match(text.translate(_DASHES))
    if m is None:
        return None
    return float(m.group(1).replace(",", "."))


def _round(x: float) -> int:
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


@dataclass(frozen=True, slots=True)
class Scale:
    """How the values of one row or column of feelings read onto -2..2."""

    low: float
    high: float
    symbols: bool
    """``-`` and ``+`` are scores (the column uses ``--``..``++``), not placeholders."""
    source: str
    """Where the numeric scale came from: "the label", "the values"."""
    ambiguous: bool = False
    """Only 1s and 2s: -2..2 (+1, +2) or the low end of 1..5 (-2, -1) cannot be told apart, so no number is scored."""

    @property
    def name(self) -> str:
        return f"{_n(self.low)}..{_n(self.high)}"

    @property
    def identity(self) -> bool:
        return self.low == -2 and self.high == 2

    def table(self) -> str:
        """``1 -> -2, 2 -> -1, ...`` for whole-number scales of up to 11 points."""
        if self.high - self.low > 10:
            return f"{_n(self.low)} -> -2, {_n((self.low + self.high) / 2)} -> 0, {_n(self.high)} -> +2"
        points = range(int(self.low), int(self.high) + 1)
        return ", ".join(f"{p} -> {_signed(self.number(p))}" for p in points)

    def number(self, value: float) -> int:
        mid = (self.low + self.high) / 2
        return max(-2, min(2, _round(2 * (value - mid) / (self.high - mid))))

    def score(self, text: str, vocab: Vocabulary) -> tuple[int | None, str]:
        """``(score, how)``: how is "number", "symbol '+'", "emoji 😀", "word 'happy'" or why there is none."""
        plain = " ".join(text.translate(_DASHES).split())
        if self.symbols and plain.casefold() in SYMBOLS:
            return SYMBOLS[plain.casefold()], f"symbol {plain!r}"
        value = number_of(text)
        if value is not None:
            if self.ambiguous:
                return None, "only 1s and 2s: -2..2 or 1..5 cannot be told; name the scale in the label, e.g. (1-5)"
            if not self.low <= value <= self.high:
                return None, f"{_n(value)} is outside the {self.name} scale"
            return self.number(value), "number"
        if plain in ("--", "++", "+", "+/-", "±", "+-", "-/+"):
            return SYMBOLS[plain], f"symbol {plain!r}"
        for ch in text:
            if ch in _EMOJI_SCORE:
                return _EMOJI_SCORE[ch], f"emoji {ch}"
        key = label_key(text)
        if key in vocab.emotion_words:
            return vocab.emotion_words[key], f"word {key!r}"
        tokens = key.split()
        for n in (3, 2, 1):
            for i in range(len(tokens) - n + 1):
                phrase = " ".join(tokens[i : i + n])
                if phrase in vocab.emotion_words:
                    return vocab.emotion_words[phrase], f"word {phrase!r}"
        return None, "no score, feeling word or emoji"


def _signed(score: int) -> str:
    return f"{score:+d}" if score else "0"


def _n(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def read_scale(values: list[str], label: str | None) -> Scale:
    """The scale of one row or column of feeling cells, from its label's hint or from its values."""
    values = [item for v in values for item in (split_items(v)[0] if "\n" in v else [v])]
    plain = [" ".join(v.translate(_DASHES).split()).casefold() for v in values]
    symbols = sum(1 for p in plain if p in SYMBOLS and p not in ("0",))
    signed = sum(1 for p in plain if p in ("--", "+", "++", "+/-", "o", "±", "+-", "---", "+++"))
    use_symbols = bool(signed) and symbols * 2 >= len([p for p in plain if p])
    hinted = _from_label(label)
    if hinted is not None:
        return Scale(hinted[0], hinted[1], use_symbols, "the label")
    numbers = [n for n, p in ((number_of(v), p) for v, p in zip(values, plain, strict=True)) if n is not None]
    if use_symbols:
        numbers = [n for n, p in zip(numbers, plain, strict=False) if p not in SYMBOLS]
    if not numbers:
        return Scale(-2, 2, use_symbols, "the default")
    low, high = min(numbers), max(numbers)
    if low < 0:
        for bound in (2.0, 3.0, 5.0):
            if -bound <= low and high <= bound:
                return Scale(-bound, bound, use_symbols, "the values")
        return Scale(-2, 2, use_symbols, "the default")
    if high <= 2:
        return Scale(-2, 2, use_symbols, "the values", ambiguous=low >= 1 and len(numbers) >= _AMBIGUOUS)
    for lo, hi in _STANDARD:
        if lo <= low and high <= hi:
            return Scale(lo, hi, use_symbols, "the values")
    return Scale(-2, 2, use_symbols, "the default")


def _from_label(label: str | None) -> tuple[float, float] | None:
    if not label:
        return None
    text = label.translate(_DASHES).casefold()
    m = _RANGE.search(text)
    if m:
        lo, hi = float(m.group(1)), float(m.group(2))
        if lo < hi and hi - lo <= 100:
            return lo, hi
    m2 = _OUT_OF.search(text.rstrip(")] "))
    if m2:
        hi = float(m2.group(1))
        if 2 < hi <= 100:
            return (0.0 if hi in (10, 100) else 1.0), hi
    return None
