"""Write a map as clean YAML: block style, format.md's field order, read the same by YAML 1.1 and 1.2.

The emitter is written here rather than borrowed: libyaml cannot indent block
sequences under their key the way format.md does, and the pure-Python
emitters that can are slow on large maps. Every scalar gets the plainest style
that cannot be misread:

* plain, when the text is one printable line, starts with no YAML indicator,
  holds no ``": "`` or ``" #"``, and no YAML 1.1 or 1.2 reader would take it
  for anything but a string (``yes``, ``on``, ``y``, ``null``, ``010``,
  ``0o17``, ``1_000``, ``1:30``, ``1e3``, ``.5``, ``1.2.3``, ``2026-01-01``,
  ``.inf`` … are quoted);
* a literal block (``|-``) for text of several lines that a literal block
  holds exactly (no trailing spaces, no control characters, no leading space
  or trailing line break);
* single quotes for other printable one-line text;
* double quotes, with escapes, for everything else (control characters,
  invisible format characters, line separators, tabs).

Dates are written as plain ISO dates, which both YAML versions read back as the
same date for jmap.
"""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime, time
from typing import Any, Final

from jmap.formats._data import map_data
from jmap.formats.yaml.reader import resolve_plain
from jmap.model import JourneyMap
from jmap.schema import SCHEMA_ID

SCHEMA_COMMENT: Final = f"# yaml-language-server: $schema={SCHEMA_ID}"

INDENT: Final = 2
MAX_IMPLICIT_KEY_BYTES: Final = 1000

_INDICATORS: Final = frozenset("-?:,[]{}#&*!|>'\"%@`")
_WORDS: Final = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"})
_SPECIAL_KEYS: Final = frozenset({"<<", "="})
_NUMERIC_START: Final = frozenset("0123456789+-.")
_NUMBER_LIKE: Final = re.compile(
    r"""[-+]?(?:
        0b[01_]+                                     # 1.1 binary
      | 0o[0-7_]+                                    # 1.2 octal
      | 0x[0-9a-f_]+                                 # hex
      | [0-9][0-9_]*(?::[0-5]?[0-9])*                # decimal, 1.1 octal, sexagesimal
      | [0-9][0-9_]*(?::[0-5]?[0-9])*\.[0-9._]*(?:e[-+]?[0-9]+)?   # floats, incl. 1.1's 1.2.3
      | \.[0-9._]*(?:e[-+]?[0-9]+)?                  # .5, and a bare "."
      | [0-9][0-9_]*e[-+]?[0-9]+                     # 1.2 exponent without a dot
      | \.(?:inf|nan)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_TIMESTAMP: Final = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
)
_SPACES: Final = frozenset(
    "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_ESCAPES: Final = {
    "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r",
    "\x1b": "\\e", '"': '\\"', "\\": "\\\\",
}  # fmt: skip


def to_yaml(m: JourneyMap) -> str:
    lines = [SCHEMA_COMMENT]
    _mapping(map_data(m, shorthand=True), 0, lines)
    lines.append("")
    return "\n".join(lines)


def dump(data: Any) -> str:
    """Any plain data (dicts, lists, scalars) as a YAML document in this module's style."""
    lines: list[str] = []
    if isinstance(data, dict) and data:
        _mapping(data, 0, lines)
    elif isinstance(data, list) and data:
        _sequence(data, 0, lines)
    else:
        _attach("", data, 0, lines)
        lines[0] = lines[0].lstrip()
    lines.append("")
    return "\n".join(lines)


def _mapping(data: dict[Any, Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        text = _key(key if isinstance(key, str) else str(key))
        if len(text.encode()) > MAX_IMPLICIT_KEY_BYTES:
            lines.append(f"{pad}? {text}")
            _attach(f"{pad}:", value, indent, lines)
        else:
            _attach(f"{pad}{text}:", value, indent, lines)


@functools.lru_cache(maxsize=1024)
def _key(key: str) -> str:
    return _inline(key)


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    inner = indent + INDENT
    for item in items:
        if isinstance(item, (dict, list)) and item:
            start = len(lines)
            if isinstance(item, dict):
                _mapping(item, inner, lines)
            else:
                _sequence(item, inner, lines)
            lines[start] = f"{pad}- {lines[start][inner:]}"
        else:
            _attach(f"{pad}-", item, indent, lines)


def _attach(head: str, value: Any, indent: int, lines: list[str]) -> None:
    """Write ``value`` after ``head`` (``key:`` or ``-``); nested content goes one level deeper."""
    if isinstance(value, dict):
        if value:
            lines.append(head)
            _mapping(value, indent + INDENT, lines)
        else:
            lines.append(f"{head} {{}}")
    elif isinstance(value, (list, tuple)):
        if value:
            lines.append(head)
            _sequence(list(value), indent + INDENT, lines)
        else:
            lines.append(f"{head} []")
    elif isinstance(value, str):
        block = _literal_lines(value)
        if block is None:
            lines.append(f"{head} {_inline(value)}")
        else:
            pad = " " * (indent + INDENT)
            lines.append(f"{head} |-")
            lines.extend(f"{pad}{line}" if line else "" for line in block)
    else:
        lines.append(f"{head} {scalar(value)}")


def scalar(value: Any) -> str:
    """One scalar on one line, in the plainest style that reads back as the same value."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return _inline(str(value))


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if e and "." not in mantissa:
        return f"{mantissa}.0e{exponent}"
    return text


def is_plain_safe(text: str) -> bool:
    """True when ``text`` may be written unquoted and every YAML 1.1 or 1.2 reader reads it back as this string."""
    if not text or not _printable(text):
        return False
    first = text[0]
    if first in _INDICATORS or first == " " or text[-1] in " :":
        return False
    if ": " in text or " #" in text or text.startswith("..."):
        return False
    return not is_ambiguous(text)


def is_ambiguous(text: str) -> bool:
    """True when a YAML 1.1 or 1.2 reader would take this unquoted text for something other than a string."""
    if text.lower() in _WORDS or text in _SPECIAL_KEYS:
        return True
    if text[0] not in _NUMERIC_START:
        return False
    if _NUMBER_LIKE.fullmatch(text) or _TIMESTAMP.fullmatch(text):
        return True
    return not isinstance(resolve_plain(text), str)


def _inline(text: str) -> str:
    """``text`` on one line: plain, single-quoted or double-quoted."""
    if is_plain_safe(text):
        return text
    if _printable(text):
        return "'" + text.replace("'", "''") + "'"
    return double_quoted(text)


def _printable(text: str) -> bool:
    """Python's printable, plus the Unicode spaces (ideographic, no-break…), which YAML takes as ordinary text."""
    return text.isprintable() or all(ch.isprintable() or ch in _SPACES for ch in text)


def double_quoted(text: str) -> str:
    out: list[str] = []
    for ch in text:
        escaped = _ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif ch.isprintable() or ch in _SPACES:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}")
    return '"' + "".join(out) + '"'


def _literal_lines(text: str) -> list[str] | None:
    """The lines of a ``|-`` block that holds ``text`` exactly, or None when no block can."""
    if "\n" not in text or text[0] in " \n" or text.endswith("\n"):
        return None
    lines = text.split("\n")
    for line in lines:
        if line and (not _printable(line) or line[-1] == " "):
            return None
    return lines
