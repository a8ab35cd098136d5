"""The YAML editor: only the lines that carry a changed value change; comments, quotes and styles stay."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from jmap.changes.apply import NotEditable, edit_yaml, yaml_edits
from jmap.changes.compute import same
from jmap.formats._data import map_data
from jmap.loader import load_bytes

MAP = """\
# Kept by CS Operations: ask Dana before restructuring.
jmap: 1
title: 'Enterprise onboarding'
owner: CS Operations   # the map's keeper
review: {last_reviewed: 2026-08-14, every: 6 months}   # workshop with Onboarding, Support, Renewals

# ---- stages ------------------------------------------------------------
stages:
  - id: onboarding
    name: Onboarding
    owner: Onboarding team
    red_flags: [Missed milestones, "No kickoff date"]
    touchpoints:
      # the first call
      - id: kickoff
        name: Kickoff call
        owner: CSM   # CSMs run kickoff since the Q3 reorg
        thoughts: "I couldn't get a word in."
        emotion: -1
        pain_points:
          - Nobody says who the lead is      # no fix yet
          # the deal notes
          - text: The handoff drops the deal notes
            basis: observed
      - id: sso
        name: SSO setup
        owner: IT team
        metrics:
          - {name: Setup days, current: 12, target: 5}
          - {name: Tickets, current: 3}
        x-notes: |-
          Line one
          Line two

      - id: training
        name: Admin training
        owner: Enablement
"""


def data(text: str) -> dict[str, Any]:
    loaded = load_bytes("m.yaml", text.encode())
    assert not loaded.issues, loaded.issues
    assert loaded.model is not None
    return map_data(loaded.model, shorthand=True)


def edit(mutate: Any, text: str = MAP) -> str:
    old = data(text)
    new = copy.deepcopy(old)
    mutate(new)
    out = edit_yaml(text, old, new)
    assert same(data(out), new)
    return out


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    import difflib

    a, b = before.splitlines(), after.splitlines()
    gone: list[str] = []
    came: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            gone += a[i1:i2]
            came += b[j1:j2]
    return gone, came


def tp(m: dict[str, Any], i: int) -> dict[str, Any]:
    tps: list[dict[str, Any]] = m["stages"][0]["touchpoints"]
    return tps[i]


def test_no_change_leaves_the_text_itself() -> None:
    assert yaml_edits(MAP, data(MAP), data(MAP)) == []
    assert edit_yaml(MAP, data(MAP), data(MAP)) is MAP


def test_a_changed_owner_changes_its_line_only_and_keeps_the_comment() -> None:
    out = edit(lambda m: tp(m, 0).update(owner="Onboarding lead"))
    assert changed_lines(MAP, out) == (
        ["        owner: CSM   # CSMs run kickoff since the Q3 reorg"],
        ["        owner: Onboarding lead   # CSMs run kickoff since the Q3 reorg"],
    )


def test_quotes_are_kept_where_they_hold_the_new_text() -> None:
    def mutate(m: dict[str, Any]) -> None:
        m["title"] = "Enterprise onboarding, v2"
        tp(m, 0)["thoughts"] = "Finally, a plan."

    out = edit(mutate)
    assert changed_lines(MAP, out) == (
        ["title: 'Enterprise onboarding'", '        thoughts: "I couldn\'t get a word in."'],
        ["title: 'Enterprise onboarding, v2'", '        thoughts: "Finally, a plan."'],
    )


def test_flow_mapping_value_changes_inside_its_braces() -> None:
    out = edit(lambda m: m["review"].update(every="3 months"))
    assert changed_lines(MAP, out)[1] == [
        "review: {last_reviewed: 2026-08-14, every: 3 months}   # workshop with Onboarding, Support, Renewals"
    ]


def with_channel(m: dict[str, Any]) -> None:
    """The first touchpoint gets a channel, in the model's field order (after its name)."""
    old = tp(m, 0)
    m["stages"][0]["touchpoints"][0] = {"id": old["id"], "name": old["name"], "channel": "call"} | old


def test_a_new_key_goes_in_model_order_in_the_mappings_indent() -> None:
    out = edit(with_channel)
    assert changed_lines(MAP, out) == ([], ["        channel: call"])
    assert "        name: Kickoff call\n        channel: call\n        owner: CSM   # CSMs" in out


def test_a_removed_key_takes_its_lines_and_nothing_else() -> None:
    out = edit(lambda m: tp(m, 1).pop("x-notes"))
    assert changed_lines(MAP, out) == (["        x-notes: |-", "          Line one", "          Line two"], [])
    assert "\n\n      - id: training" in out


def test_a_new_pain_point_is_written_like_its_siblings() -> None:
    out = edit(lambda m: tp(m, 0)["pain_points"].append("The kickoff deck is generic"))
    assert changed_lines(MAP, out) == ([], ["          - The kickoff deck is generic"])


def test_a_new_metric_among_flow_siblings_is_a_flow_mapping() -> None:
    out = edit(lambda m: tp(m, 1)["metrics"].append({"name": "Escalations", "current": 1}))
    assert changed_lines(MAP, out) == ([], ["          - {name: Escalations, current: 1}"])


def test_a_removed_pain_point_takes_its_own_comment() -> None:
    out = edit(lambda m: tp(m, 0)["pain_points"].pop(1))
    assert changed_lines(MAP, out) == (
        [
            "          # the deal notes",
            "          - text: The handoff drops the deal notes",
            "            basis: observed",
        ],
        [],
    )
    assert "# no fix yet" in out


def test_an_edited_pain_point_is_edited_not_replaced() -> None:
    out = edit(lambda m: tp(m, 0)["pain_points"][1].update(text="The handoff loses the deal notes"))
    assert changed_lines(MAP, out) == (
        ["          - text: The handoff drops the deal notes"],
        ["          - text: The handoff loses the deal notes"],
    )


def test_a_removed_touchpoint_takes_its_comment_and_a_moved_one_carries_its_own() -> None:
    out = edit(lambda m: m["stages"][0]["touchpoints"].pop(0))
    assert "# the first call" not in out and "Q3 reorg" not in out
    assert "# ---- stages" in out

    def move(m: dict[str, Any]) -> None:
        tps = m["stages"][0]["touchpoints"]
        tps.append(tps.pop(0))

    moved = edit(move)
    assert sorted(moved.splitlines()) == sorted(MAP.splitlines())
    assert moved.rstrip().endswith("            basis: observed")
    assert moved.index("# the first call") > moved.index("name: Admin training")


def test_a_text_only_pain_point_that_gets_a_basis_becomes_a_mapping_and_keeps_its_comment() -> None:
    out = edit(
        lambda m: tp(m, 0)["pain_points"].__setitem__(0, {"text": "Nobody says who the lead is", "basis": "assumed"})
    )
    assert changed_lines(MAP, out) == (
        ["          - Nobody says who the lead is      # no fix yet"],
        ["          - text: Nobody says who the lead is      # no fix yet", "            basis: assumed"],
    )


def test_flow_list_items_are_added_and_removed_inside_the_brackets() -> None:
    out = edit(lambda m: m["stages"][0].update(red_flags=["No kickoff date", "Champion left"]))
    assert changed_lines(MAP, out)[1] == ['    red_flags: ["No kickoff date", Champion left]']


def test_a_block_text_is_rewritten_as_a_block_and_the_blank_line_after_it_stays() -> None:
    out = edit(lambda m: tp(m, 1).update(**{"x-notes": "Line one\nLine 2"}))
    assert changed_lines(MAP, out) == (["          Line two"], ["          Line 2"])


def test_crlf_line_ends_are_kept_for_new_lines() -> None:
    text = MAP.replace("\n", "\r\n")
    out = edit(with_channel, text)
    assert "\n" not in out.replace("\r\n", "")
    assert "        channel: call\r\n" in out


def test_anchors_and_aliases_are_refused() -> None:
    text = "jmap: 1\ntitle: &t Onboarding\nx-copy: *t\nstages: []\n"
    with pytest.raises(NotEditable, match="line 2 uses a YAML anchor"):
        yaml_edits(text, {"title": "a"}, {"title": "b"})
