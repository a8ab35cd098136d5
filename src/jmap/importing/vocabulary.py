"""The words a hand-made grid uses for its layers, noise and feelings: labels.toml, plus a team's own.

Labels are compared by :func:`label_key`: case-folded, accents dropped, punctuation read as
spaces, ``&`` as "and", a trailing ``(...)`` or ``:`` ignored. An English plural ``s`` is
tried both ways, and leading words are dropped one at a time ("Biggest pain points"; before
a one-word label only words such as "customer" or "main").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

LAYER_NAMES: Final = (
    "stage", "phase", "step", "actions", "touchpoints", "channel", "thoughts", "feelings", "emotion",
    "pain_points", "opportunities", "fix_owner", "owner", "customer_goal", "metrics", "mindset", "red_flags",
)  # fmt: skip
"""Every layer a label can name; ``[import.labels]`` in the config takes these as keys."""

_TRAILING_PAREN = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")
_NON_WORD = re.compile(r"[^\w]+")
_MAX_LABEL = 80


def fold(text: str) -> str:
    """Case-folded, accents dropped (``Kanäle`` -> ``kanale``, ``Maßnahmen`` -> ``massnahmen``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def label_key(text: str) -> str:
    s = fold(text.strip()).replace("&", " and ").replace("/", " ").replace("'", "")
    s = _TRAILING_PAREN.sub("", s).rstrip(":").strip()
    return " ".join(_NON_WORD.sub(" ", s).replace("_", " ").split())


def paren_hint(text: str) -> str | None:
    """The text of a trailing ``(...)`` of a label ("Customer emotion (1-5)" -> "1-5")."""
    m = _TRAILING_PAREN.search(text.strip())
    return m.group(1).strip() if m else None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    layers: Mapping[str, str]
    """Label key -> layer."""
    noise: Mapping[str, str]
    """Label key -> "notes", "totals" or "corner"."""
    placeholders: frozenset[str]
    emotion_words: Mapping[str, int]
    modifiers: frozenset[str] = frozenset()
    """Words dropped before a one-word label ("Customer emotion")."""
    not_owners: frozenset[str] = frozenset()

    def layer_of(self, label: str) -> str | None:
        """The layer a label names, or None."""
        return self._lookup(label, self.layers)

    def noise_of(self, label: str) -> str | None:
        """ "notes", "totals" or "corner" for such a label; "notes" also for text led by "Legend:" or "Note:"."""
        found = self._lookup(label, self.noise, drop_words=False)
        if found is None and ":" in label[:40]:
            lead = self._lookup(label.split(":", 1)[0], self.noise, drop_words=False)
            return "notes" if lead == "notes" else None
        return found

    def is_placeholder(self, text: str) -> bool:
        s = " ".join(text.casefold().split())
        return s in self.placeholders or (bool(s) and all(ch in "-–—_.?•·*x /" for ch in s) and len(s) <= 8)

    def known_labels(self) -> list[str]:
        return sorted(self.layers)

    def _lookup(self, label: str, table: Mapping[str, str], drop_words: bool = True) -> str | None:
        if len(label) > _MAX_LABEL or "\n" in label.strip():
            return None
        key = label_key(label)
        if not key:
            return None
        words = key.split()
        starts = range(len(words)) if drop_words else range(1)
        for start in starts:
            rest = words[start:]
            if start and len(rest) < 2 and not all(w in self.modifiers for w in words[:start]):
                continue
            k = " ".join(rest)
            for candidate in (k, k[:-1] if k.endswith("s") and len(k) > 3 else None, k + "s"):
                if candidate and candidate in table:
                    return table[candidate]
            if start == 0 and len(words) > 4:
                return None
        return None

    def extended(self, labels: Mapping[str, tuple[str, ...]]) -> Vocabulary:
        """This vocabulary with a team's own labels (``[import.labels]``): theirs win over the shipped ones."""
        if not labels:
            return self
        layers = dict(self.layers)
        for layer, words in labels.items():
            for word in words:
                layers[label_key(word)] = layer
        return replace(self, layers=layers)


class VocabularyError(ValueError):
    """The shipped labels.toml is inconsistent (a test keeps it so)."""


@functools.cache
def shipped() -> Vocabulary:
    """The vocabulary in labels.toml, shipped with jmap."""
    import tomllib
    from importlib.resources import files

    data = tomllib.loads(files("jmap.importing").joinpath("labels.toml").read_text(encoding="utf-8"))
    return build_vocabulary(data)


def build_vocabulary(data: dict[str, Any]) -> Vocabulary:
    layers = _table(data["layers"], "layer")
    unknown = set(data["layers"]) - set(LAYER_NAMES)
    if unknown:
        raise VocabularyError(f"unknown layers {sorted(unknown)}")
    noise = _table(data["noise"], "noise")
    clash = sorted(set(layers) & set(noise))
    if clash:
        raise VocabularyError(f"labels both a layer and noise: {clash}")
    placeholders = frozenset(" ".join(p.casefold().split()) for p in data["placeholders"]["all"])
    words: dict[str, int] = {}
    for score, listed in data["emotion"]["words"].items():
        for word in listed:
            key = label_key(word)
            if words.setdefault(key, int(score)) != int(score):
                raise VocabularyError(f"feeling word {word!r} has two scores")
    modifiers = frozenset(fold(w) for w in data["modifiers"]["all"])
    not_owners = frozenset(w.casefold() for w in data["not_owners"]["all"])
    return Vocabulary(layers, noise, placeholders, words, modifiers, not_owners)


def _table(groups: dict[str, dict[str, list[str]]], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, languages in groups.items():
        for words in languages.values():
            for word in words:
                key = label_key(word)
                if out.setdefault(key, name) != name:
                    raise VocabularyError(f"{what} label {word!r} names both {out[key]} and {name}")
    return out
