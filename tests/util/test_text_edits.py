"""Edits by position: one-based lines and columns, exclusive ends, all against the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jmap.util.text_edits import OverlappingEdits, TextEdit, apply_text_edits, line_starts, offset_of

TEXT = "jmap: 1\ntitle: Onboarding   # kept\nstages: []\n"


def test_no_edit_returns_the_same_text() -> None:
    assert apply_text_edits(TEXT, []) is TEXT


def test_replace_a_value_keeps_the_rest_of_the_line() -> None:
    edited = apply_text_edits(TEXT, [TextEdit(2, 8, 2, 18, "Kickoff")])
    assert edited == "jmap: 1\ntitle: Kickoff   # kept\nstages: []\n"


def test_edits_in_any_order_refer_to_the_original_text() -> None:
    edits = [TextEdit(3, 9, 3, 11, "[a]"), TextEdit(1, 7, 1, 8, "2"), TextEdit.insert(2, 1, "# new\n")]
    assert apply_text_edits(TEXT, edits) == "jmap: 2\n# new\ntitle: Onboarding   # kept\nstages: [a]\n"


def test_replace_lines_removes_whole_lines_with_their_breaks() -> None:
    assert apply_text_edits(TEXT, [TextEdit.replace_lines(2, 2, "")]) == "jmap: 1\nstages: []\n"
    assert apply_text_edits(TEXT, [TextEdit.replace_lines(1, 3, "x\n")]) == "x\n"


def test_insert_at_the_end_of_the_text() -> None:
    assert apply_text_edits(TEXT, [TextEdit.insert(4, 1, "owner: CS\n")]) == TEXT + "owner: CS\n"
    assert apply_text_edits("a", [TextEdit.insert(1, 2, "b")]) == "ab"


def test_two_inserts_at_one_place_keep_their_order() -> None:
    edits = [TextEdit.insert(2, 1, "b\n"), TextEdit.insert(2, 1, "c\n")]
    assert apply_text_edits("a\nd\n", edits) == "a\nb\nc\nd\n"


def test_crlf_and_lone_cr_end_lines() -> None:
    assert line_starts("a\r\nb\rc\n") == [0, 3, 5, 7]
    assert apply_text_edits("a\r\nb\r\n", [TextEdit(2, 1, 2, 2, "B")]) == "a\r\nB\r\n"


def test_columns_count_characters_not_bytes() -> None:
    assert apply_text_edits("name: Zoë café\n", [TextEdit(1, 11, 1, 15, "bar")]) == "name: Zoë bar\n"


@pytest.mark.parametrize(
    "edits",
    [
        [TextEdit(1, 1, 1, 5, "x"), TextEdit(1, 3, 1, 7, "y")],
        [TextEdit(1, 1, 1, 5, "x"), TextEdit.insert(1, 3, "y")],
        [TextEdit(2, 1, 1, 1, "")],
        [TextEdit(9, 1, 9, 1, "")],
        [TextEdit(1, 20, 1, 20, "")],
        [TextEdit(0, 1, 1, 1, "")],
    ],
)
def test_overlapping_or_outside_edits_raise(edits: list[TextEdit]) -> None:
    with pytest.raises(OverlappingEdits):
        apply_text_edits(TEXT, edits)


def test_offset_of_the_end_of_a_text_without_final_break() -> None:
    starts = line_starts("a\nbc")
    assert offset_of(starts, 2, 3) == 4
    assert offset_of(starts, 3, 1) == 4


@given(st.text(alphabet="ab \n\r#", max_size=40), st.data())
def test_one_replacement_is_a_slice_splice(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    if "\r\n" in text[start - 1 : start + 1] or "\r\n" in text[end - 1 : end + 1]:
        return  # a position between \r and \n has no line:column
    starts = line_starts(text)

    def line_col(offset: int) -> tuple[int, int]:
        line = max(i for i, s in enumerate(starts) if s <= offset)
        return line + 1, offset - starts[line] + 1

    edit = TextEdit(*line_col(start), *line_col(end), "XY")
    assert apply_text_edits(text, [edit]) == text[:start] + "XY" + text[end:]
