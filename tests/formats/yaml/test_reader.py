from __future__ import annotations

import math

import pytest

from jmap.findings import Location
from jmap.formats.yaml.reader import read_yaml, resolve_plain
from tests.formats.yaml.incremental_cases import scanned_comments


def read(text: str):  # type: ignore[no-untyped-def]
    return read_yaml("m.yaml", text.encode())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),
        ("on", "on"),
        ("No", "No"),
        ("010", 10),
        ("0o10", 8),
        ("0x1F", 31),
        ("1:30", "1:30"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("-2", -2),
        ("+1", 1),
        ("1.5", 1.5),
        ("2026-08-14", "2026-08-14"),
        (".inf", math.inf),
        ("1_000", "1_000"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value


def test_positions_of_keys_and_items_are_one_based() -> None:
    doc = read("jmap: 1\ntitle: T\nstages:\n  - id: a\n    name: A\n    touchpoints:\n      - id: t\n        name: T\n")
    assert doc.issues == []
    assert doc.positions.get(("title",)) == Location(2, 1, end_line=2, end_column=6)
    assert doc.positions.get(("stages", 0)) == Location(4, 5)
    assert doc.positions.get(("stages", 0, "name")) == Location(5, 5, end_line=5, end_column=9)
    assert doc.positions.get(("stages", 0, "touchpoints", 0, "name")) == Location(8, 9, end_line=8, end_column=13)
    assert doc.positions.locate(("stages", 0, "touchpoints", 0, "owner")) == Location(7, 9)


def test_duplicate_key_is_reported_and_first_value_kept() -> None:
    doc = read("jmap: 1\ntitle: First\nstages: []\ntitle: Second\n")
    assert [(i.code, i.location.line, i.location.column) for i in doc.issues] == [("JM005", 4, 1)]
    assert "first at line 2" in doc.issues[0].message
    assert doc.data["title"] == "First"


def test_quoted_and_tagged_scalars() -> None:
    doc = read("jmap: 1\ntitle: 'yes'\na: !!str 12\nb: !!int '7'\nstages: []\n")
    assert doc.data["title"] == "yes"
    assert doc.data["a"] == "12"
    assert doc.data["b"] == 7


def test_aliases_within_budget_are_copied_not_shared() -> None:
    doc = read("jmap: 1\nx-base: &b {owner: CSM}\nx-copy: *b\nstages: []\ntitle: T\n")
    assert doc.issues == []
    assert doc.data["x-copy"] == {"owner": "CSM"}
    assert doc.data["x-copy"] is not doc.data["x-base"]


def test_alias_bomb_is_refused() -> None:
    lines = ["jmap: 1", "title: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    doc = read("\n".join(lines) + "\n")
    assert doc.data is None
    assert [i.code for i in doc.issues] == ["JM001"]
    assert "alias bomb" in doc.issues[0].message


def test_undefined_alias_is_a_parse_error() -> None:
    doc = read("jmap: 1\ntitle: *nope\n")
    assert [(i.code, i.location.line) for i in doc.issues] == [("JM001", 2)]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("jmap: 1\ntitle: 'open\n", 2, "the quote opened here is never closed"),
        ("jmap: 1\n\ttitle: T\n", 2, "invalid YAML"),
        ("jmap: 1\n---\njmap: 1\n", 2, "more than one YAML document"),
        ("", 1, "empty"),
        ("# only\n# comments\n", 1, "only comments"),
        ("jmap: 1\nstages: " + "[" * 100 + "]" * 100 + "\n", 2, "nested more than 64 levels"),
    ],
)
def test_unreadable_yaml_is_one_parse_error(text: str, line: int, fragment: str) -> None:
    doc = read(text)
    assert doc.data is None
    assert len(doc.issues) == 1
    issue = doc.issues[0]
    assert issue.code == "JM001"
    assert issue.location.line == line
    assert fragment in issue.message


def test_binary_content_is_a_parse_error() -> None:
    doc = read_yaml("x.yaml", b"jmap: 1\n\xff\xfe\x00garbage")
    assert [(i.code, i.location.line) for i in doc.issues] == [("JM001", 2)]
    assert "not valid UTF-8" in doc.issues[0].message


def test_utf8_bom_and_utf16_are_read() -> None:
    text = "jmap: 1\ntitle: Café\nstages: []\n"
    assert read_yaml("a.yaml", b"\xef\xbb\xbf" + text.encode()).data["title"] == "Café"
    assert read_yaml("b.yaml", text.encode("utf-16")).data["title"] == "Café"


def test_complex_key_is_a_schema_error_not_a_crash() -> None:
    doc = read("jmap: 1\n? [a, b]\n: value\ntitle: T\nstages: []\n")
    assert [(i.code, i.location.line) for i in doc.issues] == [("JM002", 2)]
    assert doc.data["title"] == "T"


def test_ignore_comments_at_line_end_and_on_their_own_line() -> None:
    text = "a: 1  # jmap: ignore[JM101, JM405]\n# jmap: ignore[JM104]\n\nb: 2\nc: '# jmap: ignore[JM1]'\n"
    found = read(text).ignore_comments
    assert [(c.line, c.target_line, c.codes) for c in found] == [
        (1, 1, ("JM101", "JM405")),
        (2, 4, ("JM104",)),
    ]


LOOK_ALIKES = """\
jmap: 1   # jmap: ignore[JM701]
title: "A # jmap: ignore[JM101] in quotes"
note: |
  # jmap: ignore[JM102] in a block scalar
  more
folded: >-
  text # jmap: ignore[JM103] folded
quoted: "runs on
  # jmap: ignore[JM104] over lines"
single: 'it''s # jmap: ignore[JM105]'
plain: a#jmap:ignore[JM106] glued
"key # jmap: ignore[JM107]": 1
stages: []  # jmap: ignore[JM108]
# jmap: ignore[JM109]
last: x
"""


def test_ignore_look_alikes_inside_text_are_no_comments() -> None:
    found = read(LOOK_ALIKES).ignore_comments
    assert [(c.line, c.codes) for c in found] == [(1, ("JM701",)), (13, ("JM108",)), (14, ("JM109",))]
    # The spans the reader keeps tell look-alikes as libyaml's scanner did (the oracle), on every line.
    assert {(c.line, c.column) for c in found} == scanned_comments(LOOK_ALIKES)


# --- issue 8 §9: syntax errors in the user's words, at the cause ---------------------------------------------

_OPEN_QUOTE_MAP = (
    "jmap: 1\ntitle: T\nstages:\n  - id: a\n    name: A\n    touchpoints:\n"
    + "".join(f"      - id: t{i}\n        name: T{i}\n" for i in range(8))
    + "        owner: CSM\n"
    + '        thoughts: "I never got an answer\n'  # line 24
    + "      - id: z\n        name: Z\n        owner: CSM\n      - id: y\n"
    + '        name: "Y"\n'  # line 29: this quote closes the one of line 24
    + "        channel: email\n"
)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        (
            "jmap: 1\ntitle: T\nstages:\n\t- id: a\n",
            "invalid YAML: a tab in the indentation; indent with spaces, not tabs",
            4,
            1,
        ),
        (
            "jmap: 1\ntitle: T\nstages:\n  - id: a\n    name: A\n  \towner: x\n",
            "invalid YAML: a tab in the indentation; indent with spaces, not tabs",
            6,
            3,
        ),
        (
            "jmap: 1\ntitle: T\nowner:CSM\nstages: []\n",
            "invalid YAML: a key needs a space after its colon: write 'owner: CSM'",
            3,
            6,
        ),
        (
            "jmap: 1\ntitle: T\nstages:\n  - id: a\n    name: A\n    owner:Onboarding team\n",
            "invalid YAML: a key needs a space after its colon: write 'owner: Onboarding team'",
            6,
            10,
        ),
        (
            _OPEN_QUOTE_MAP,
            "invalid YAML: the quote opened here is not closed on its line; the text runs on to line 29",
            24,
            19,
        ),
        ('jmap: 1\ntitle: "T\nstages: []\n', "invalid YAML: the quote opened here is never closed", 2, 8),
        (
            "jmap: 1\ntitle: T\nbase: &b {owner: CSM}\nstages:\n  - id: a\n    name: A\n    touchpoints:\n"
            "      - <<: *b\n        id: t\n        name: T\n",
            "merge keys (<<) are not supported; write the fields out",
            8,
            9,
        ),
    ],
    ids=[
        "tab",
        "tab-after-spaces",
        "owner:CSM",
        "nested-tight-colon",
        "open-quote-mid-file",
        "open-quote-at-end",
        "merge",
    ],
)
def test_syntax_errors_name_the_cause_at_the_cause(text: str, message: str, line: int, column: int) -> None:
    doc = read_yaml("m.yaml", text.encode("utf-8"))
    assert [(i.code, i.message, i.location.line, i.location.column) for i in doc.issues] == [
        ("JM001", message, line, column)
    ]


def test_a_quoted_merge_key_is_an_ordinary_key() -> None:
    doc = read_yaml("m.yaml", b'jmap: 1\ntitle: T\n"<<": 1\nstages: []\n')
    assert doc.issues == [] and doc.data["<<"] == 1


@pytest.mark.parametrize(
    ("encoding", "looks_like"),
    [
        ("utf-16-le", "UTF-16 (little-endian) without a byte-order mark"),
        ("utf-16-be", "UTF-16 (big-endian) without a byte-order mark"),
        ("utf-32-le", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
        ("utf-32", "UTF-32 (with a byte-order mark)"),
    ],
)
def test_wide_encodings_say_what_the_file_looks_like(encoding: str, looks_like: str) -> None:
    doc = read_yaml("m.yaml", "jmap: 1\ntitle: T\nstages: []\n".encode(encoding))
    assert [(i.code, i.message, i.location.line) for i in doc.issues] == [
        ("JM001", f"the file looks like {looks_like}; save it as UTF-8", 1)
    ]


def test_utf16_with_a_bom_is_still_read() -> None:
    doc = read_yaml("m.yaml", "jmap: 1\ntitle: T\nstages: []\n".encode("utf-16"))
    assert doc.issues == [] and doc.data["title"] == "T"


def test_more_values_than_a_map_ever_needs_end_in_one_finding() -> None:
    raw = b"jmap: 1\ntitle: T\nstages: []\ngoals: [" + b"7," * 1_000_001 + b"7]\n"
    doc = read_yaml("m.yaml", raw)
    assert [(i.code, i.message, i.location.line) for i in doc.issues] == [
        (
            "JM001",
            "the file holds more than 1,000,000 values; a journey map never needs that many "
            "(20,000 touchpoints take about 700,000), so the file is not read",
            4,
        )
    ]


def test_an_x_field_of_more_than_100000_values_ends_in_one_finding_early() -> None:
    raw = b"jmap: 1\ntitle: T\nstages: []\nx-numbers: [" + b"7," * 5_000_000 + b"7]\nx-small: [1, 2]\n"
    doc = read_yaml("m.yaml", raw)
    assert [(i.code, i.message, i.location.line, i.location.column) for i in doc.issues] == [
        (
            "JM001",
            "field 'x-numbers' holds more than 100,000 values; jmap keeps x- fields to that size, "
            "so the file is not read",
            4,
            13 + 2 * 100_000,
        )
    ]
    fine = read_yaml("m.yaml", b"jmap: 1\ntitle: T\nstages: []\nx-numbers: [" + b"7," * 99_999 + b"7]\n")
    assert fine.issues == [] and len(fine.data["x-numbers"]) == 100_000


def test_every_key_and_item_has_its_position_in_file_order() -> None:
    doc = read("jmap: 1\nstages:\n  - id: a\n    tags: [x, 'y']\n  - {id: b}\n")
    assert [(path, (loc.line, loc.column, loc.end_line, loc.end_column)) for path, loc in doc.positions.items()] == [
        ((), (1, 1, None, None)),
        (("jmap",), (1, 1, 1, 5)),
        (("stages",), (2, 1, 2, 7)),
        (("stages", 0), (3, 5, None, None)),
        (("stages", 0, "id"), (3, 5, 3, 7)),
        (("stages", 0, "tags"), (4, 5, 4, 9)),
        (("stages", 0, "tags", 0), (4, 12, 4, 13)),
        (("stages", 0, "tags", 1), (4, 15, 4, 18)),
        (("stages", 1), (5, 5, None, None)),
        (("stages", 1, "id"), (5, 6, 5, 8)),
    ]


def test_a_repeated_keys_value_is_placed_under_a_question_mark() -> None:
    doc = read("jmap: 1\ntitle: T\ntitle:\n  - a\n")
    assert [i.code for i in doc.issues] == ["JM005"]
    assert doc.data == {"jmap": 1, "title": "T"}
    assert doc.positions.get(("?",)) == Location(4, 3)
    assert doc.positions.get(("?", 0)) == Location(4, 5, end_line=4, end_column=6)
    assert doc.positions.get(("title",)) == Location(2, 1, end_line=2, end_column=6)
