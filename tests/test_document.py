from __future__ import annotations

import pytest

from jmap.document import NO_END, PositionIndex, pack, unpack
from jmap.findings import Location


@pytest.mark.parametrize(
    ("packed", "location"),
    [
        (pack(0, 0), Location(1, 1)),
        (pack(4, 2, 4, 7), Location(5, 3, end_line=5, end_column=8)),
        (pack(2**31, 2**32 - 2, 2**31 + 3, 0), Location(2**31 + 1, 2**32 - 1, end_line=2**31 + 4, end_column=1)),
    ],
)
def test_a_packed_location_unpacks_to_the_location(packed: int, location: Location) -> None:
    assert unpack(packed) == location


def test_no_end_is_the_low_64_bits() -> None:
    assert pack(3, 9) & NO_END == NO_END
    assert pack(3, 9, 3, 12) & NO_END != NO_END


def _tree() -> PositionIndex:
    # jmap: 1 / stages: / - id: a / name: A / tags: [x, y]
    stage = {"id": pack(2, 4, 2, 6), "name": pack(3, 4, 3, 8), "tags": (pack(4, 4, 4, 8), [pack(4, 11, 4, 12)])}
    root = {"jmap": pack(0, 0, 0, 4), "stages": (pack(1, 0, 1, 6), [(pack(2, 4), stage)])}
    return PositionIndex(tree=(pack(0, 0), root))


def test_the_tree_answers_by_model_path() -> None:
    index = _tree()
    assert index.get(()) == Location(1, 1)
    assert index.get(("stages", 0)) == Location(3, 5)
    assert index.get(("stages", 0, "name")) == Location(4, 5, end_line=4, end_column=9)
    assert index.get(("stages", 0, "tags", 0)) == Location(5, 12, end_line=5, end_column=13)
    assert index.get(("stages", 1)) is None
    assert index.get(("stages", "0")) is None
    assert index.get(("jmap", 0)) is None
    assert ("stages", 0, "id") in index
    assert ("stages", 0, "owner") not in index
    assert index.locate(("stages", 0, "owner")) == Location(3, 5)
    assert index.locate(("nothing", 3)) == Location(1, 1)


def test_items_walk_the_tree_in_file_order() -> None:
    assert [(path, (loc.line, loc.column)) for path, loc in _tree().items()] == [
        ((), (1, 1)),
        (("jmap",), (1, 1)),
        (("stages",), (2, 1)),
        (("stages", 0), (3, 5)),
        (("stages", 0, "id"), (3, 5)),
        (("stages", 0, "name"), (4, 5)),
        (("stages", 0, "tags"), (5, 5)),
        (("stages", 0, "tags", 0), (5, 12)),
    ]


def test_explicit_locations_come_first_and_win() -> None:
    index = _tree()
    index[("stages", 0, "name")] = Location(line=9, cell="Stages!B2")
    index[("evidence", 0)] = Location(line=2, cell="Evidence!A2")
    assert index.get(("stages", 0, "name")) == Location(line=9, cell="Stages!B2")
    assert index.locate(("evidence", 0, "source")) == Location(line=2, cell="Evidence!A2")
    assert next(iter(index.items())) == (("stages", 0, "name"), Location(line=9, cell="Stages!B2"))
