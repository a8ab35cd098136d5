"""The Map sheet as an editing surface: what each Map cell shows, and the record of what the writer wrote.

The writer fills the Map sheet with one column per touchpoint and records, in the hidden sheet
``x-jmap-map``, a digest of every Map cell it wrote (empty cells included), per column with the
stage and touchpoint the column shows. On reading, a Map cell whose text no longer matches its
digest was edited, and the edit is applied to its field; the same texts computed from the data
sheets tell whether the field was edited there too (a conflict, never guessed).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any, Final

from jmap.domain.layers import MAP_LAYERS, STAGE_LAYERS, layer_label

RECORD_SHEET: Final = "x-jmap-map"
RECORD_HEADERS: Final = ("Column", "Stage ID", "Touchpoint ID", "Written")
MAP_ROWS: Final = tuple(layer_label(layer) for layer in MAP_LAYERS)
STAGE_ROWS: Final = len(STAGE_LAYERS)
"""Rows 1-3 show the stage (merged over its touchpoints' columns); the rest show one touchpoint."""
ROW_FIELDS: Final = (
    "name", "owner", "customer_goal", "name", "channel", "owner", "action", "thoughts", "emotion",
    "pain_points", "opportunities", "moment_of_truth",
)  # fmt: skip
NOT_WRITTEN: Final = "-"
NO_OWNER: Final = "no owner"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_OWNER = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$", re.S)


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def stage_texts(stage: Any) -> list[str]:
    """The Stage, Stage owner and Customer goal cells of a stage (a model or the reader's plain data)."""
    return [_text(_get(stage, k)) for k in ("name", "owner", "customer_goal")]


def touchpoint_texts(tp: Any) -> list[str]:
    """The cells from Touchpoint down to Moment of truth of a touchpoint's column."""
    pains = _get(tp, "pain_points") or []
    emotion = _get(tp, "emotion")
    return [
        _text(_get(tp, "name")),
        _text(_get(tp, "channel")),
        _text(_get(tp, "owner")),
        _text(_get(tp, "action")),
        _text(_get(tp, "thoughts")),
        "" if emotion is None or isinstance(emotion, bool) else _text(emotion),
        "\n".join(_text(_get(p, "text")) for p in pains if _pain_text(p)),
        "\n".join(opportunity_line(o) for o in (_get(p, "opportunity") for p in pains) if o and _get(o, "fix")),
        "Yes" if _get(tp, "moment_of_truth") is True else "",
    ]


def _pain_text(pain: Any) -> bool:
    return bool(_get(pain, "text")) if not isinstance(pain, str) else bool(pain)


def opportunity_line(o: Any) -> str:
    return f"{_text(_get(o, 'fix'))} ({_text(_get(o, 'owner')) or NO_OWNER})"


def parse_opportunity_line(line: str) -> tuple[str, str | None]:
    """``fix (owner)`` as the Map writes it: the fix and its owner (None for '(no owner)' or none given)."""
    m = _OWNER.match(line.strip())
    if m is None:
        return line.strip(), None
    owner = m.group(2).strip()
    return m.group(1).strip(), None if owner.lower() in ("", NO_OWNER) else owner


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def digest(text: str) -> str:
    """A short fingerprint of a cell's text (line ends, surrounding space and control characters do not count)."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    normal = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=6).hexdigest()


def encode_record(digests: Sequence[str | None]) -> str:
    return " ".join(NOT_WRITTEN if d is None else d for d in digests)


def decode_record(text: str) -> list[str | None]:
    return [None if d == NOT_WRITTEN else d for d in text.split()]
