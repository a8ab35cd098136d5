"""Text measuring and wrapping: fixed widths, every character kept, no line wider than asked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jmap.pictures.metrics import EMOJI, MAX_TEXT, SAFETY, UNKNOWN, longest_word, safe, shorten, width, wrap
from tests.pictures.maps import EMOJI as EMOJI_TEXT
from tests.pictures.maps import LONG_WORD, MARKUP, RTL


def test_widths_are_the_wider_of_dejavu_and_liberation() -> None:
    # DejaVu Sans: H 752, e 615, l 278, o 612 units per 1000; Liberation Sans is narrower for each.
    assert width("Hello", 10) == pytest.approx((752 + 615 + 278 + 278 + 612) * 10 * SAFETY / 1000)
    assert width("Hello", 10, bold=True) > width("Hello", 10)
    assert width("", 13) == 0


def test_characters_outside_the_table_are_measured_wide() -> None:
    assert width("中", 10) == pytest.approx(UNKNOWN * 10 * SAFETY / 1000)
    assert width("🎉", 10) == pytest.approx(EMOJI * 10 * SAFETY / 1000)
    assert width("e\u0301", 10) == width("e", 10)  # a combining accent takes no room
    assert width("👍\ufe0f", 10) == width("👍", 10)


def test_wrap_breaks_at_spaces_and_keeps_every_word() -> None:
    lines = wrap("Receives the welcome pack with the project plan", 120, 13)
    assert lines == ["Receives the", "welcome pack", "with the project", "plan"]
    assert all(width(line, 13) <= 120 for line in lines)


def test_a_word_wider_than_the_line_is_broken_between_characters_never_cut() -> None:
    lines = wrap(LONG_WORD, 150, 13)
    assert "".join(lines) == LONG_WORD
    assert len(lines) > 1
    assert all(width(line, 13) <= 150 for line in lines)


def test_hard_line_breaks_and_control_characters() -> None:
    assert wrap("one\ntwo", 500, 13) == ["one", "two"]
    assert wrap("bell\x07 tab\tend", 500, 13) == ["bell\u2407 tab end"]
    assert wrap("", 100, 13) == [""]


def test_safe_replaces_what_xml_cannot_hold() -> None:
    assert safe("a\x00b\x1bc\ud800d\ufffe") == "a\u2400b\u241bc\ufffdd\ufffd"
    assert safe(MARKUP) == MARKUP  # escaping is the writer's job; safe keeps the text as typed


def test_right_to_left_and_emoji_text_wrap_within_the_limit() -> None:
    for text in (RTL, EMOJI_TEXT * 4):
        lines = wrap(text, 140, 13)
        assert all(width(line, 13) <= 140 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_longest_word() -> None:
    assert longest_word("a bb ccc", 10) == width("ccc", 10)
    assert longest_word("   ", 10) == 0


@given(st.text(min_size=0, max_size=200), st.integers(min_value=40, max_value=400))
def test_wrapping_keeps_all_non_space_characters_in_order(text: str, limit: int) -> None:
    lines = wrap(text, limit, 13)
    assert "".join("".join(line.split()) for line in lines) == "".join(safe(text).split())
    for line in lines:
        assert width(line, 13) <= limit or len(line) == 1 or all(width(c, 13) == 0 for c in line[1:])


def test_a_huge_text_is_shortened_and_says_how_much_is_left_out() -> None:
    assert shorten("abc", 5) == "abc"
    assert shorten("x" * 5012) == "x" * MAX_TEXT + "… (12 more characters in the map)"
    assert safe("y" * 2_000_000).endswith("… (1,995,000 more characters in the map)")


def test_a_picture_of_a_map_with_a_huge_title_stays_small() -> None:
    from jmap.pictures.svg import to_svg
    from tests.pictures.maps import model, wide_map

    data = wide_map(3)
    data["title"] = "Title " * 2_000_000
    svg = to_svg(model(data))
    assert len(svg) < 200_000
    assert "Title " * 100 in svg
    assert "more characters in the map)" in svg
