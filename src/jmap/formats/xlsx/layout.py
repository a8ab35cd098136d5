"""The XLSX workbook layout of format.md, shared by the XLSX reader and writer.

Values of ``x-`` fields in cells: a string is written as its text, unless the
text would read back as something else (it is empty, has surrounding white
space, or is valid JSON such as ``42``, ``true`` or ``"a"``); such strings and
every non-string value (numbers, booleans, null, lists, mappings) are written
as JSON text. On reading, a text cell holding valid JSON is decoded, any other
text is taken as it is, and number, boolean and date cells give their value
(dates as ISO text). ``x-jmap-ignore`` is friendlier: codes may be listed one
per line or separated by commas or spaces.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from jmap.util.text import CODE_SEPARATORS, split_codes

MAP: Final = "Map"
CHART_SHEET: Final = "Emotion curve"
"""The emotion chart on a sheet of its own, so it prints whole on one page; written, never read."""
ABOUT: Final = "About"
STAGES: Final = "Stages"
TOUCHPOINTS: Final = "Touchpoints"
PAIN_POINTS: Final = "Pain points"
EVIDENCE: Final = "Evidence"
METRICS: Final = "Metrics"

ABOUT_HEADERS: Final = ("Field", "Value")
ABOUT_FIELD_COLUMN: Final = 0
ABOUT_VALUE_COLUMN: Final = 1
"""0-based columns of the About sheet's two headers; a reader that finds no header row uses them."""
ABOUT_FIELDS: Final = (
    "jmap", "id", "title", "kind", "segment", "persona", "scope", "owner", "goals", "last_reviewed", "review_every",
)  # fmt: skip
REVIEW_ROWS: Final = {"last_reviewed": "last_reviewed", "review_every": "every"}

STAGE_COLUMNS: Final = (
    ("Stage ID", "id"), ("Name", "name"), ("Phase", "phase"), ("Owner", "owner"),
    ("Customer goal", "customer_goal"), ("Mindset", "mindset"), ("Red flags", "red_flags"), ("Metrics", "metrics"),
    ("Expected duration", "expected_duration"), ("Exit criteria", "exit_criteria"),
    ("Handoff from", "handoff.from"), ("Handoff to", "handoff.to"), ("Handoff what", "handoff.what"),
    ("Handoff owner", "handoff.owner"),
)  # fmt: skip
TOUCHPOINT_COLUMNS: Final = (
    ("Stage ID", "stage_id"), ("Touchpoint ID", "id"), ("Name", "name"), ("Channel", "channel"),
    ("Owner", "owner"), ("Action", "action"), ("Customer goal", "customer_goal"), ("Thoughts", "thoughts"),
    ("Emotion", "emotion"), ("Moment of truth", "moment_of_truth"), ("Playbook", "playbook"), ("Metrics", "metrics"),
    ("Handoff from", "handoff.from"), ("Handoff to", "handoff.to"), ("Handoff what", "handoff.what"),
    ("Handoff owner", "handoff.owner"),
)  # fmt: skip
PAIN_POINT_COLUMNS: Final = (
    ("Touchpoint ID", "touchpoint_id"), ("Pain point", "text"), ("Fix", "fix"),
    ("Opportunity owner", "owner"), ("Target", "target"), ("Impact", "impact"), ("Status", "status"),
    ("Effort", "effort"), ("Confidence", "confidence"), ("Value", "value"), ("Basis", "basis"),
    ("Evidence", "evidence"),
)  # fmt: skip
OPPORTUNITY_FIELDS: Final = ("fix", "owner", "target", "impact", "status", "effort", "confidence", "value")
EVIDENCE_COLUMNS: Final = (("Type", "type"), ("Source", "source"), ("Date", "date"), ("ID", "id"))
METRIC_COLUMNS: Final = (
    ("Stage ID", "stage_id"), ("Touchpoint ID", "touchpoint_id"), ("Metric", "name"), ("Type", "type"),
    ("Unit", "unit"), ("Baseline", "baseline"), ("Current", "current"), ("Target", "target"),
    ("Direction", "direction"), ("As of", "as_of"), ("Source", "source"),
)  # fmt: skip
METRIC_NUMBERS: Final = ("baseline", "current", "target")
HANDOFF_PREFIX: Final = "handoff."
"""Stage and touchpoint columns ``Handoff from`` … name the fields of the object's ``handoff``."""


def column_index(columns: tuple[tuple[str, str], ...]) -> dict[str, int]:
    """Field -> 0-based column of a sheet's table, read from its column list (the writer uses no literals)."""
    return {name: i for i, (_, name) in enumerate(columns)}


STAGE_COL: Final = column_index(STAGE_COLUMNS)
TOUCHPOINT_COL: Final = column_index(TOUCHPOINT_COLUMNS)
PAIN_POINT_COL: Final = column_index(PAIN_POINT_COLUMNS)
EVIDENCE_COL: Final = column_index(EVIDENCE_COLUMNS)
METRIC_COL: Final = column_index(METRIC_COLUMNS)

DATE_FIELDS: Final = frozenset({"last_reviewed", "date", "as_of"})
IGNORE_KEY: Final = "x-jmap-ignore"
OPPORTUNITY_X_PREFIX: Final = "Opportunity "
REVIEW_X_PREFIX: Final = "review "
HANDOFF_X_PREFIX: Final = "Handoff "
MAX_CELL_CHARS: Final = 32_767

_SEPARATORS = re.compile(r"[\s_-]+")
_OPPORTUNITY_X = re.compile(r"opportunity[\s_-]+(x-.*)\Z", re.IGNORECASE | re.DOTALL)
_HANDOFF_X = re.compile(r"handoff[\s_-]+(x-.*)\Z", re.IGNORECASE | re.DOTALL)
_REVIEW_X = re.compile(r"review[\s_-]+(x-.*)\Z", re.IGNORECASE | re.DOTALL)
_LINES = re.compile(r"\r\n|\r|\n")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def nest_handoff(obj: dict[str, Any]) -> None:
    """Move a row's ``handoff.*`` fields into its ``handoff`` mapping (in place), decoding its ``x-`` values."""
    handoff = {k.removeprefix(HANDOFF_PREFIX): obj.pop(k) for k in [k for k in obj if k.startswith(HANDOFF_PREFIX)]}
    for key, value in handoff.items():
        if key.startswith("x-") and isinstance(value, str):
            handoff[key] = decode_extra(key, value)
    if handoff:
        obj["handoff"] = handoff


def handoff_x_key(header: str) -> str | None:
    """The handoff ``x-`` key of a ``Handoff x-…`` header in the Stages or Touchpoints sheet, or None."""
    m = _HANDOFF_X.match(header.strip())
    return "x-" + m.group(1)[2:] if m else None


def norm(name: str) -> str:
    """Header and sheet names compare case-insensitively, with spaces, ``_`` and ``-`` alike."""
    return _SEPARATORS.sub(" ", name.strip().lower()).strip()


def x_key(header: str) -> str | None:
    """The ``x-`` key a header names, or None."""
    text = header.strip()
    if text[:2].lower() == "x-":
        return "x-" + text[2:]
    return None


def opportunity_x_key(header: str) -> str | None:
    """The opportunity ``x-`` key of an ``Opportunity x-…`` header in the Pain points sheet, or None."""
    m = _OPPORTUNITY_X.match(header.strip())
    return "x-" + m.group(1)[2:] if m else None


def review_x_key(field: str) -> str | None:
    """The review ``x-`` key of a ``review x-…`` row in the About sheet, or None."""
    m = _REVIEW_X.match(field.strip())
    return "x-" + m.group(1)[2:] if m else None


def split_lines(text: str) -> list[str]:
    """A list cell: one item per line, items stripped, empty lines dropped."""
    return [s for s in (part.strip() for part in _LINES.split(text)) if s]


def unescape(text: str) -> str:
    """Decode OOXML ``_xHHHH_`` escapes (``_x005F_`` stands for a literal underscore)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _reads_back_as_other(text: str) -> bool:
    if not text or text.strip() != text:
        return True
    if text[0] not in '-0123456789"[{tfnNI':
        return False
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def encode_extra(key: str, value: Any) -> str:
    """The cell text of an ``x-`` value (see the module docstring)."""
    if isinstance(value, str):
        quote = _reads_back_as_other(value) or (key == IGNORE_KEY and CODE_SEPARATORS.search(value) is not None)
        return json.dumps(value, ensure_ascii=False) if quote else value
    if (
        key == IGNORE_KEY
        and isinstance(value, list)
        and len(value) > 1
        and all(isinstance(v, str) and v and v.strip() == v and not CODE_SEPARATORS.search(v) for v in value)
        and not any(_reads_back_as_other(v) for v in value)
    ):
        return "\n".join(value)
    return json.dumps(value, ensure_ascii=False)


def decode_extra(key: str, text: str) -> Any:
    """The value of an ``x-`` text cell (see the module docstring)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    if key == IGNORE_KEY:
        codes = split_codes(text)
        if len(codes) > 1:
            return codes
        return codes[0] if codes else text
    return text
