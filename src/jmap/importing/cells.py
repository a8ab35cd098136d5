"""What a person writes in a grid cell: layer names, several items in one cell, owners, feelings."""

from __future__ import annotations

import re
from typing import Final

LAYERS: Final[dict[str, tuple[str, ...]]] = {
    "actions": ("actions", "action", "customer actions", "customer action", "doing", "what the customer does", "steps"),
    "touchpoints": ("touchpoints", "touchpoint", "touch points", "touch point", "channels", "channel"),
    "thoughts": (
        "thoughts and feelings", "thoughts feelings", "thoughts", "thought", "feelings", "thinking",
        "what they think", "quotes",
    ),
    "emotion": ("emotions", "emotion", "mood", "sentiment", "emotional state", "feeling score", "emotion score"),
    "pain_points": ("pain points", "pain point", "pains", "pain", "friction", "friction points", "problems", "issues"),
    "opportunities": ("opportunities", "opportunity", "fixes", "fix", "ideas", "improvements"),
    "owner": ("owner", "owners", "stage owner", "owning team", "team"),
    "customer_goal": ("customer goal", "customer goals", "goals", "goal"),
    "metrics": ("kpis", "kpi", "metrics", "metric", "measures"),
    "mindset": ("mindset",),
    "red_flags": ("red flags", "red flag", "warning signs", "risks"),
}  # fmt: skip
"""Layer -> the row labels that name it (compared lower-case, '&' read as 'and', a trailing '(...)' or ':' dropped)."""

CORNER_WORDS: Final = frozenset({"layer", "layers", "stage", "stages", "phase", "journey", "step", "steps", ""})

_LABEL_TO_LAYER = {label: layer for layer, labels in LAYERS.items() for label in labels}
_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_NON_WORD = re.compile(r"[^\w]+")


def label_key(text: str) -> str:
    s = text.strip().lower().replace("&", " and ").replace("/", " ")
    s = _TRAILING_PAREN.sub("", s).rstrip(":").strip()
    return " ".join(_NON_WORD.sub(" ", s).split())


_LONGEST_LABEL = max(len(label) for label in _LABEL_TO_LAYER) + 16


def layer_of(label: str) -> str | None:
    """The layer a row label names, or None."""
    if len(label) > _LONGEST_LABEL:
        return None
    return _LABEL_TO_LAYER.get(label_key(label))


def owner_hint(label: str) -> bool:
    """A label such as 'Opportunities (owner)' says owners follow the fixes in parentheses."""
    m = _TRAILING_PAREN.search(label)
    return bool(m and "owner" in m.group(1).lower())


# --- several items in one cell ---------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*\-–]|\d{1,2}[.)])\s+")
_SHORT_WORDS: Final = 6
_SHORT_CHARS: Final = 48


def split_items(text: str, commas: bool = False) -> tuple[list[str], str | None]:
    """The items of a cell and how they were split (None: the cell is one item).

    Line breaks and bullets first; else semicolons; else, with ``commas``, commas when every
    part is short (a list of names, not a sentence).
    """
    lines = [_BULLET.sub("", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > 1:
        return lines, "line breaks"
    one = lines[0] if lines else text.strip()
    bulleted = _BULLET.match(text) is not None
    parts = [p.strip() for p in _split_outside_parens(one, ";")]
    parts = [p for p in parts if p]
    if len(parts) > 1:
        return parts, "semicolons"
    if commas:
        parts = [p.strip() for p in _split_outside_parens(one, ",")]
        parts = [p for p in parts if p]
        if len(parts) > 1 and all(len(p) <= _SHORT_CHARS and len(p.split()) <= _SHORT_WORDS for p in parts):
            return parts, "commas"
    return [one], "a bullet" if bulleted else None


def _split_outside_parens(text: str, sep: str) -> list[str]:
    if sep not in text:
        return [text]
    if not any(ch in text for ch in '(["“”'):
        return text.split(sep)
    out, depth, start = [], 0, 0
    quote = False
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif ch == '"':
            quote = not quote
        elif ch in "“”":
            quote = ch == "“"
        elif ch == sep and not depth and not quote:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


# --- owners after fixes ----------------------------------------------------------------------

_OWNER_LABEL = re.compile(r"\s*[\[(]?\s*owners?\s*:\s*([^)\]]+?)\s*[)\]]?\s*$", re.IGNORECASE)
_OWNER_DASH = re.compile(r"\s+[—–]\s+([^—–]{1,60})$|\s+--\s+([^-]{1,60})$")


def trailing_owners(text: str) -> tuple[str, list[str]]:
    """``(fix, owners)``: owners in a trailing '(...)', after 'Owner:', or after a spaced dash."""
    m = _OWNER_LABEL.search(text)
    if m and m.start() > 0:
        return text[: m.start()].strip(), _names(m.group(1))
    m2 = _TRAILING_PAREN.search(text)
    if m2 and m2.start() > 0:
        return text[: m2.start()].strip(), _names(m2.group(1))
    m3 = _OWNER_DASH.search(text)
    if m3 and m3.start() > 0:
        return text[: m3.start()].strip(), _names(m3.group(1) or m3.group(2) or "")
    return text, []


def _names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r"\s*(?:,|;|/|&|\band\b)\s*", text) if n.strip()]


# --- feelings -----------------------------------------------------------------------------------

EMOTION_WORDS: Final[dict[int, tuple[str, ...]]] = {
    -2: (
        "very negative", "very unhappy", "angry", "furious", "frustrated", "upset", "terrible", "awful",
        "miserable", "hate", "hates", "livid", "desperate",
    ),
    -1: (
        "negative", "unhappy", "annoyed", "confused", "worried", "anxious", "disappointed", "sad", "uneasy",
        "skeptical", "sceptical", "unsure", "impatient", "stressed", "bad", "poor",
    ),
    0: ("neutral", "ok", "okay", "fine", "indifferent", "mixed", "meh", "so so", "so-so", "average"),
    1: (
        "positive", "happy", "satisfied", "pleased", "confident", "hopeful", "relieved", "good", "content",
        "curious", "reassured", "optimistic",
    ),
    2: (
        "very positive", "very happy", "delighted", "thrilled", "excited", "ecstatic", "love", "loves",
        "great", "excellent", "amazing", "elated",
    ),
}  # fmt: skip
EMOTION_EMOJI: Final[dict[int, str]] = {
    -2: "😡😠🤬😭😫😩",
    -1: "😞🙁☹😟😕😤😢😣😒👎",
    0: "😐😶🤔😑",
    1: "🙂😊👍☺😌",
    2: "😀😃😄😁🤩😍🥳🎉❤",
}
_WORD_SCORE = {w: s for s, words in EMOTION_WORDS.items() for w in words}
_EMOJI_SCORE = {ch: s for s, chars in EMOTION_EMOJI.items() for ch in chars}
_NUMBER = re.compile(r"^\s*([+\-−]?\d+(?:[.,]0+)?)\s*$")


def emotion_of(text: str) -> tuple[int | None, str]:
    """``(score, how)``: a score -2..2 from a number, a word or an emoji; None when none is recognised."""
    m = _NUMBER.match(text)
    if m:
        value = int(float(m.group(1).replace("−", "-").replace(",", ".")))
        if -2 <= value <= 2:
            return value, "number"
        return None, f"{value} is outside -2..2"
    for ch in text:
        if ch in _EMOJI_SCORE:
            return _EMOJI_SCORE[ch], f"emoji {ch}"
    words = label_key(text)
    if words in _WORD_SCORE:
        return _WORD_SCORE[words], f"word {words!r}"
    tokens = words.split()
    for n in (2, 1):
        for i in range(len(tokens) - n + 1):
            phrase = " ".join(tokens[i : i + n])
            if phrase in _WORD_SCORE:
                return _WORD_SCORE[phrase], f"word {phrase!r}"
    return None, "no score, feeling word or emoji"
