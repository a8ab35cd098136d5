"""What a person writes in a grid cell: layer names, several items in one cell, owners, feelings."""

from __future__ import annotations

import re
from typing import Final

from jmap.importing.vocabulary import label_key, paren_hint, shipped

__all__ = ["emotion_of", "label_key", "layer_of", "owner_hint", "split_items", "trailing_owners"]


def layer_of(label: str) -> str | None:
    """The layer a label names in the shipped vocabulary (labels.toml), or None."""
    return shipped().layer_of(label)


def owner_hint(label: str) -> bool:
    """A label such as 'Opportunities (owner)' says owners follow the fixes in parentheses."""
    hint = paren_hint(label)
    return bool(hint and "owner" in hint.lower())


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
_OWNER_DASH = re.compile(r"\s+(?:[—–→]|->|=>)\s*([^—–→]{1,60})$|\s+--\s+([^-]{1,60})$")
_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")


def trailing_owners(text: str) -> tuple[str, list[str]]:
    """``(fix, owners)``: owners in a trailing '(...)', after 'Owner:', or after a spaced dash."""
    m = _OWNER_LABEL.search(text)
    if m and m.start() > 0:
        return text[: m.start()].strip(), _names(m.group(1))
    m2 = _PAREN.search(text)
    if m2 and m2.start() > 0:
        return text[: m2.start()].strip(), _names(m2.group(1))
    m3 = _OWNER_DASH.search(text)
    if m3 and m3.start() > 0:
        return text[: m3.start()].strip(), _names(m3.group(1) or m3.group(2) or "")
    return text, []


def _names(text: str) -> list[str]:
    return [n.strip() for n in re.split(r"\s*(?:,|;|/|&|\band\b)\s*", text) if n.strip()]


# --- feelings -----------------------------------------------------------------------------------


def emotion_of(text: str) -> tuple[int | None, str]:
    """``(score, how)`` of one feeling cell on jmap's own -2..2 scale (a number, symbol, emoji or word)."""
    from jmap.importing.scales import Scale

    return Scale(-2, 2, False, "the default").score(text, shipped())


def owner_in_name(text: str) -> tuple[str, str | None]:
    """``(name, owner)``: a touchpoint cell's trailing owner ("Kickoff call (CSM)", "Kickoff call → CSM").

    A parenthesis is an owner only when it reads as a name: at most four words, no digits,
    starting with a capital, and not a word such as "optional" or a channel.
    """
    fix, owners = trailing_owners(text)
    if not owners or not fix:
        return text, None
    owner = ", ".join(owners)
    m = _PAREN.search(text)
    if m is not None and m.start() == len(fix) + (len(text[: m.start()]) - len(text[: m.start()].rstrip())):
        inside = m.group(1).strip()
        if (
            len(inside.split()) > 4
            or any(ch.isdigit() for ch in inside)
            or not inside[:1].isupper()
            or inside.casefold() in shipped().not_owners
        ):
            return text, None
    if len(owner) > 60:
        return text, None
    return fix, owner
