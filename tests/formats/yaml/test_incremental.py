"""``formats.yaml.incremental``: an edit spliced into the last read gives what a whole read gives, or is read whole."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from benchmarks.generate import map_yaml

from jmap.formats.yaml import incremental
from jmap.formats.yaml.reader import read_yaml
from jmap.validate import build_model
from tests.formats.yaml.incremental_cases import check_case, check_lint_case, summary

MAP = map_yaml("m", 12, 3, random.Random(7))


def _read(text: str, state: incremental.YamlState | None) -> tuple[object, incremental.YamlState | None]:
    return incremental.read("m.yaml", text.encode(), state)


def _start(text: str = MAP) -> incremental.YamlState:
    _, state = _read(text, None)
    assert state is not None and not state.spliced
    return state


def _owner_line(text: str, nth: int = 3) -> int:
    """The 0-based index of the ``nth`` touchpoint owner line."""
    return [i for i, line in enumerate(text.split("\n")) if line.strip().startswith("owner:")][nth]


def test_an_edit_inside_a_touchpoint_is_spliced_and_equals_a_whole_read() -> None:
    state = _start()
    lines = MAP.split("\n")
    at = _owner_line(MAP)
    lines[at] = lines[at].split(":")[0] + ": Sales Ops"
    lines.insert(at + 1, lines[at].split("owner")[0] + "x-note: added")
    text = "\n".join(lines)
    doc, after = _read(text, state)
    assert after is not None and after.spliced
    assert summary(doc) == summary(read_yaml("m.yaml", text.encode()))
    # What comes after the added line moved down one line; what comes before it stayed.
    before = read_yaml("m.yaml", MAP.encode()).positions
    assert before.get(("stages", 0)).line < at + 1 < before.get(("stages", 2)).line  # type: ignore[union-attr]
    assert doc.positions.get(("stages", 0)) == before.get(("stages", 0))  # type: ignore[attr-defined]
    assert doc.positions.get(("stages", 2)).line == before.get(("stages", 2)).line + 1  # type: ignore[attr-defined,union-attr]


def test_the_kept_data_is_never_changed_by_validation() -> None:
    """The state shares its data with the next read; validation removes an unknown key from a copy."""
    state = _start()
    lines = MAP.split("\n")
    at = _owner_line(MAP)
    lines[at] = lines[at].replace("owner:", "onwer:")
    text = "\n".join(lines)
    doc, after = _read(text, state)
    assert after is not None and after.spliced
    validated = build_model(doc, default_id="m")  # type: ignore[arg-type]
    assert [i.code for i in validated.issues] == ["JM003"]
    assert summary(read_yaml("m.yaml", text.encode()))[0] == summary_of_data(after.data)


def summary_of_data(data: object) -> object:
    from tests.formats.yaml.incremental_cases import comparable

    return comparable(data)


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("an anchor", lambda t: t.replace("owner: ", "owner: &who ", 1)),
        ("a flow list over two lines", lambda t: t.replace("value, ", "value,\n      ", 1)),
        ("a lone carriage return", lambda t: t.replace("\n", "\r", 1)),
    ],
)
def test_a_text_that_cannot_be_spliced_into_keeps_no_state(name: str, change: object) -> None:
    text = change(MAP)  # type: ignore[operator]
    assert text != MAP, name
    doc, state = _read(text, None)
    assert state is None
    assert summary(doc) == summary(read_yaml("m.yaml", text.encode()))


def test_a_key_the_mapping_already_has_is_read_whole_and_reported() -> None:
    state = _start()
    lines = MAP.split("\n")
    at = _owner_line(MAP)
    lines.insert(at + 1, lines[at])
    text = "\n".join(lines)
    doc, after = _read(text, state)
    assert after is state  # read whole (with a fault): the last clean read is kept for the next edit
    assert [(i.code, i.location.line) for i in doc.issues] == [("JM005", at + 2)]  # type: ignore[attr-defined]


def test_a_document_marker_typed_into_an_item_is_read_whole() -> None:
    state = _start()
    lines = MAP.split("\n")
    lines.insert(_owner_line(MAP), "...")
    text = "\n".join(lines)
    doc, _ = _read(text, state)
    assert summary(doc) == summary(read_yaml("m.yaml", text.encode()))
    assert doc.issues  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("check", "cases", "least"),
    [(check_case, 150, 400), (check_lint_case, 30, 80)],
    ids=["read: 150 maps", "lint: 30 maps"],
)
def test_random_edits_read_and_lint_as_a_whole_read_and_a_fresh_lint_do(
    check: Callable[[int], tuple[int, str | None]], cases: int, least: int
) -> None:
    """A sample of ``benchmarks/incremental_property.py`` (12 edits a map): the read (data, positions, issues,
    ignore comments) equals a whole read's; through the lint, the findings and model equal a fresh lint's."""
    spliced = 0
    for seed in range(cases):
        done, error = check(seed)
        assert error is None
        spliced += done
    assert spliced > least  # clean edits are spliced (about 1 in 3 of all: many random edits break the file)


BLOCKS = """jmap: 1
title: T
stages:
  - id: s1
    name: One
    touchpoints:
      - id: a
        name: A
        note: |
          first
          second
      - id: b
        name: B
        note: |+
          kept

      - id: c
        name: C
        note: |
          last
          text"""


@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
@pytest.mark.parametrize("old_new", [("second", "second!"), ("kept", "kept!"), ("last", "last!"), ("text", "text!")])
def test_block_scalars_keep_their_breaks_when_spliced(ending: str, old_new: tuple[str, str]) -> None:
    """The last item's block scalar at the very end of the file keeps (or lacks) the final line break there."""
    before = BLOCKS + ending
    after = before.replace(*old_new)
    doc, state = _read(after, _start(before))
    assert state is not None and state.spliced
    assert summary(doc) == summary(read_yaml("m.yaml", after.encode()))
