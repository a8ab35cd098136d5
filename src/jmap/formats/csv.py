"""Write the map's touchpoints as CSV: the ``Touchpoints`` table of format.md, one row per touchpoint.

The Metrics column holds one line per metric as the other outputs show it
(``CSAT: 4.2 (target 4.5, off track)``), not the Metrics sheet's columns.

RFC 4180: comma-separated, CRLF between records, fields with a comma, quote or
line break in double quotes; UTF-8 without a byte-order mark. The touchpoints'
``x-`` fields follow as extra columns, in the order first seen; a value that
is not text is written as JSON. Text beginning with ``=``, ``+``, ``-``, ``@``,
tab or carriage return gets a leading ``'`` so that a spreadsheet shows it as
text and never evaluates it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Final

from jmap.domain.metrics import summary
from jmap.formats.xlsx.layout import HANDOFF_PREFIX, TOUCHPOINT_COLUMNS
from jmap.model import JourneyMap, Touchpoint

COLUMNS: Final = tuple(header for header, _ in TOUCHPOINT_COLUMNS)
_FIELDS: Final = tuple(name for _, name in TOUCHPOINT_COLUMNS)
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def to_csv(m: JourneyMap) -> str:
    rows = m.touchpoints()
    x_keys = list(dict.fromkeys(key for _, _, _, tp in rows for key in tp.extras))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *x_keys])
    for _, stage, _, tp in rows:
        writer.writerow([*_cells(stage.id, tp), *(_extra(tp.extras.get(key)) for key in x_keys)])
    return buffer.getvalue()


def _cells(stage_id: str, tp: Touchpoint) -> list[str]:
    return [_cell(_value(stage_id, tp, name)) for name in _FIELDS]


def _value(stage_id: str, tp: Touchpoint, name: str) -> str | int | bool | None:
    if name == "stage_id":
        return stage_id
    if name == "metrics":
        return "\n".join(summary(m) for m in tp.metrics)
    if name.startswith(HANDOFF_PREFIX):
        field = name.removeprefix(HANDOFF_PREFIX)
        return getattr(tp.handoff, "from_" if field == "from" else field) if tp.handoff else None
    value: str | int | bool | None = getattr(tp, name)
    return value


def _cell(value: str | int | bool | None) -> str:
    """One model value: text guarded against formulas, an emotion as its number, a flag as TRUE/FALSE."""
    if isinstance(value, bool) or value is None:
        return _flag(value)
    if isinstance(value, int):
        return str(value)
    return text_cell(value)


def text_cell(text: str | None) -> str:
    if not text:
        return ""
    return "'" + text if text.startswith(FORMULA_START) else text


def _flag(value: bool | None) -> str:
    return "" if value is None else "TRUE" if value else "FALSE"


def _extra(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return text_cell(value)
    if isinstance(value, bool):
        return _flag(value)
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False, default=str)
