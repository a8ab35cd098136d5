"""Write a map as JSON: the model's fields in format.md's order, indented, UTF-8, one final newline.

JSON is YAML, so ``jmap`` reads the output back as a map. Characters that JSON
allows raw but YAML does not take as text (DEL, C1 controls, the Unicode line
separators, BOM, non-characters) are written as ``\\u`` escapes (``\\u007f``).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any, Final

from jmap.errors import ExportError, Refusal
from jmap.formats._data import map_data
from jmap.model import JourneyMap

_NOT_YAML_TEXT: Final = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def to_json(m: JourneyMap) -> str:
    try:
        text = json.dumps(map_data(m), indent=2, ensure_ascii=False, allow_nan=False, default=_default)
    except ValueError as exc:
        if "Out of range float" not in str(exc):
            raise
        raise ExportError(
            "the map holds an infinite or NaN number in an x- field, which JSON cannot represent; export it as YAML",
            Refusal.NOT_A_NUMBER,
        ) from None
    return _NOT_YAML_TEXT.sub(lambda mo: f"\\u{ord(mo.group()):04x}", text) + "\n"


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
