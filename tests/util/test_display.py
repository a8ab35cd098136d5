from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from jmap.util.display import json_text, safe_json, visible, visible_chars, visible_fields

UNSAFE = (
    [chr(c) for c in range(0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + list("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    + list("\u2028\u2029\u2060\ufeff")
    + ["\udcff", "\ud800"]
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("line\nnext", "line\\nnext"),
        ("a\tb\rc", "a\\tb\\rc"),
        ("\x1b[2J clear", "\\x1b[2J clear"),
        ("bell\x07 nul\x00 del\x7f csi\x9b", "bell\\x07 nul\\x00 del\\x7f csi\\x9b"),
        ("abc\u202eevil", "abc<U+202E>evil"),
        ("zero\u200bwidth\u200d\ufeff", "zero<U+200B>width<U+200D><U+FEFF>"),
        ("isolate\u2066x\u2069 mark\u200e\u200f\u061c", "isolate<U+2066>x<U+2069> mark<U+200E><U+200F><U+061C>"),
        ("para\u2028graph\u2029", "para<U+2028>graph<U+2029>"),
        ("bad byte \udcff in a name", "bad byte \\xff in a name"),
        ("::error file=x::y", ":<U+003A>error file=x:<U+003A>y"),
        ("see ##[error]x", "see #<U+0023>[error]x"),
        ("Müller & Söhne: 50% 😀 — fine", "Müller & Söhne: 50% 😀 — fine"),
        ("", ""),
    ],
)
def test_visible(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@pytest.mark.parametrize("char", UNSAFE)
def test_no_unsafe_character_survives(char: str) -> None:
    shown = visible(f"a{char}b")
    assert char not in shown
    assert shown.startswith("a") and shown.endswith("b") and len(shown) > 3
    shown.encode("utf-8")


def test_visible_chars_keeps_what_it_is_told_and_leaves_colons() -> None:
    assert visible_chars("a\nb\x1bc::d", keep="\n") == "a\nb\\x1bc::d"


def test_json_text_keeps_every_value_and_writes_no_unsafe_byte() -> None:
    doc = {"text": "".join(UNSAFE) + "##[error] ::x Müller", "list": ["\u202e", 1, None]}
    text = json_text(doc)
    assert json.loads(text) == doc
    assert not any(c in text for c in UNSAFE if c not in "\n ")
    assert "##[" not in text and "Müller" in text
    assert "\\u202e" in text and "#\\u0023[" in text
    text.encode("utf-8")


def test_safe_json_leaves_layout_alone() -> None:
    assert safe_json('{\n  "a": "\u2028"\n}') == '{\n  "a": "\\u2028"\n}'


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    count: int
    tags: tuple[str, ...]


def test_visible_fields_copies_dataclasses_lists_and_tuples() -> None:
    rows = [Row("a\nb", 2, ("\x1b", "ok"))]
    assert visible_fields(rows) == [Row("a\\nb", 2, ("\\x1b", "ok"))]
    assert rows[0].name == "a\nb"
