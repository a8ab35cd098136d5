"""A map as plain ordered data, the shape the text writers serialise.

Keys come in the order of format.md (the model declares its fields in that
order), then the object's ``x-`` fields in the order given. Missing values and
empty lists are left out, except required fields. Dates stay ``date`` objects;
each writer decides how to spell them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from jmap.model import JourneyMap, PainPoint


def map_data(m: JourneyMap, *, shorthand: bool = False) -> dict[str, Any]:
    """With ``shorthand``, a pain point that is only a text becomes that text (format.md's shorthand)."""
    return _object(m, shorthand)


def _object(obj: BaseModel, shorthand: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in type(obj).model_fields.items():
        value = getattr(obj, name)
        if (value is None or value == []) and not field.is_required():
            continue
        out[name] = _value(value, shorthand)
    extra = obj.__pydantic_extra__
    if extra:
        out.update(extra)
    return out


def _value(value: Any, shorthand: bool) -> Any:
    if isinstance(value, BaseModel):
        if shorthand and isinstance(value, PainPoint) and _only_text(value):
            return value.text
        return _object(value, shorthand)
    if isinstance(value, list):
        return [_value(item, shorthand) for item in value]
    return value


def _only_text(p: PainPoint) -> bool:
    return p.text is not None and p.opportunity is None and not p.__pydantic_extra__
