"""Write the map's touchpoints as CSV: the ``Touchpoints`` table of format.md, one row per touchpoint.

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

from jmap.model import JourneyMap, Touchpoint

COLUMNS: Final = (
    "Stage ID", "Touchpoint ID", "Name", "Channel", "Owner", "Action", "Customer goal", "Thoughts", "Emotion",
    "Moment of truth", "Playbook",
)  # fmt: skip
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
    return [
        stage_id,
        tp.id,
        text_cell(tp.name),
        text_cell(tp.channel),
        text_cell(tp.owner),
        text_cell(tp.action),
        text_cell(tp.customer_goal),
        text_cell(tp.thoughts),
        "" if tp.emotion is None else str(tp.emotion),
        _flag(tp.moment_of_truth),
        text_cell(tp.playbook),
    ]


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
