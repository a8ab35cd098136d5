"""Property: random maps in random styles, a random edit: only the edit's lines change, every comment survives,
and the file reads back as the intended data. ``benchmarks/yaml_edit.py --cases N`` runs many more."""

from __future__ import annotations

import random
import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from jmap.changes.apply import edit_yaml
from jmap.changes.compute import same
from jmap.formats.yaml.reader import read_yaml
from tests.changes.styled import Styler, allowed_lines, in_flow, random_data, random_edit

COMMENT = re.compile(r"# c\d+")


def check_case(seed: int) -> None:
    rng = random.Random(seed)
    text = Styler(rng).document(random_data(rng))
    doc = read_yaml("m.yaml", text.encode())
    assert not doc.issues, (text, doc.issues)
    edit = random_edit(rng, doc.data)
    out = edit_yaml(text, doc.data, edit.new)
    again = read_yaml("m.yaml", out.encode())
    assert not again.issues and same(again.data, edit.new), (edit, text, out)

    import difflib

    old_lines, new_lines = text.splitlines(), out.splitlines()
    touched: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            touched.update(range(i1, i2))
    allowed = allowed_lines(text, edit)
    if edit.kind == "move-item" and not in_flow(
        text, edit.path
    ):  # which of two swapped items "moved" is a matter of view: the lines only move
        assert sorted(new_lines) == sorted(old_lines), (edit, text, out)
    assert touched <= allowed, (edit.kind, edit.path, sorted(touched - allowed), text, out)

    before = Counter(COMMENT.findall(text))
    after = Counter(COMMENT.findall(out))
    if edit.kind.startswith("remove"):
        may_go = Counter(c for i in allowed if i < len(old_lines) for c in COMMENT.findall(old_lines[i]))
        assert after <= before and before - after <= may_go, (edit, text, out)
    else:
        assert after == before, (edit, text, out)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_random_edits_of_random_styles_touch_only_their_lines(seed: int) -> None:
    check_case(seed)
