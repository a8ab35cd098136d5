"""Text from a file, made safe to show: nothing a map holds can steer a terminal or a CI log.

A map's names, cell values and file names reach terminals, GitHub Actions logs
and GitLab job logs. Raw, they could clear the screen (ESC sequences), reorder
what is shown (bidi overrides), hide text (zero-width characters), start a new
line (line feeds, U+2028) or, at the start of a line, be run by the Actions
runner as a workflow command (``::error …``, or the legacy ``##[error]`` that
it finds anywhere in a line). :func:`visible` shows all of them visibly;
:func:`json_text` keeps every value exact and writes them as JSON escapes.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from jmap.util.text import clip

T = TypeVar("T")

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_UNSAFE_CLASS = (
    "\x00-\x1f\x7f-\x9f"  # C0, DEL, C1
    "\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, overrides, isolates; zero-width
    "\u2028\u2029"  # line and paragraph separators
    "\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"  # word joiner, invisible operators, BOM
    "\ud800-\udfff"  # lone surrogates: undecodable bytes of a file name
)
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]|::|##\\[")
_UNSAFE_CHAR = re.compile(f"[{_UNSAFE_CLASS}]")
_UNSAFE_IN_JSON = re.compile(f"[{_UNSAFE_CLASS.replace(chr(0) + '-' + chr(0x1F), '')}]|##\\[")
"""What ``json.dumps`` leaves raw: C0 controls inside strings are escaped already, and outside them are layout."""


def _show(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0xA0:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"<U+{code:04X}>"


def _replace(match: re.Match[str]) -> str:
    found = match.group()
    return _SHOWN.get(found) or _show(found)


_SHOWN = {"::": ":<U+003A>", "##[": "#<U+0023>[", **{chr(c): _show(chr(c)) for c in range(0xA0)}}


def visible(text: str) -> str:
    """``text`` with every control, bidi, invisible and line-breaking character shown as an escape.

    ``\\n``, ``\\t`` and ``\\r`` by name, other C0/C1 controls and DEL as ``\\xHH``,
    an undecodable byte of a file name as ``\\xHH``, the rest as ``<U+HHHH>``.
    ``::`` and ``##[`` lose a character to ``<U+003A>``/``<U+0023>`` so that no
    wrapped line of user text can start a GitHub workflow command.
    """
    if text.isprintable() and "::" not in text and "##[" not in text:
        return text
    return _UNSAFE.sub(_replace, text)


def visible_chars(text: str, keep: str = "") -> str:
    """Only the unsafe characters of ``text`` shown as :func:`visible` shows them, except those in ``keep``.

    For a value that has its own escaping around it (a workflow-command property).
    """
    return _UNSAFE_CHAR.sub(lambda m: m.group() if m.group() in keep else _show(m.group()), text)


def visible_fields(obj: T, limit: int | None = None) -> T:
    """A copy of ``obj`` (dataclasses, lists, tuples, dicts) with every string in it through :func:`visible`,
    clipped first to ``limit`` characters when given (see :func:`jmap.util.text.clip`)."""
    if isinstance(obj, str):
        return visible(obj if limit is None else clip(obj, limit))  # type: ignore[return-value]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: visible_fields(getattr(obj, f.name), limit) for f in dataclasses.fields(obj) if f.init}
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, list):
        return [visible_fields(v, limit) for v in obj]  # type: ignore[return-value]
    if isinstance(obj, tuple):
        return tuple(visible_fields(v, limit) for v in obj)  # type: ignore[return-value]
    if isinstance(obj, dict):
        return {visible_fields(k, limit): visible_fields(v, limit) for k, v in obj.items()}  # type: ignore[return-value]
    return obj


def _json_escape(match: re.Match[str]) -> str:
    found = match.group()
    if found == "##[":
        return "#\\u0023["
    return f"\\u{ord(found):04x}"


def safe_json(text: str) -> str:
    """JSON text in which every unsafe character that ``json.dumps(ensure_ascii=False)`` leaves raw is escaped.

    The values are unchanged (a JSON reader gets the exact text back); only the
    bytes written differ, so no raw DEL, C1 control, bidi override, zero-width
    character, U+2028 or lone surrogate reaches a terminal or log, and no
    ``##[`` (which the Actions runner reads as a command anywhere in a line).
    """
    return _UNSAFE_IN_JSON.sub(_json_escape, text)


def json_text(doc: Any, *, indent: int | None = 2) -> str:
    """``doc`` as JSON, non-ASCII text readable, unsafe characters escaped (see :func:`safe_json`)."""
    import json

    return safe_json(json.dumps(doc, indent=indent, ensure_ascii=False))
