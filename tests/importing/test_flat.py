"""Flat lists: one row per touchpoint, the stage written three ways, columns in any order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jmap.importing import build_map

HEADER = "Stage,Step,Channel,Owner,Sentiment,Pain point,Fix,Fix owner\n"
ROWS = [
    ("Onboarding", "Kickoff call", "Zoom", "CSM", "2", "No agenda", "Send the agenda", "CS Ops"),
    ("Onboarding", "Admin setup", "In-app", "Support", "1", "", "", ""),
    ("Renewal", "Renewal quote", "Email", "Account manager", "5", "", "", ""),
]


def _csv(rows: list[tuple[str, ...]]) -> bytes:
    return (HEADER + "".join(",".join(r) + "\n" for r in rows)).encode()


def _read(raw: bytes, name: str = "list.csv") -> tuple[dict[str, Any], list[str]]:
    data, _, _, guesses = build_map(Path(name), raw)
    return data, [f"{g.where}: {g.message}" if g.where else g.message for g in guesses]


def _shape(data: dict[str, Any]) -> list[tuple[str, list[tuple[Any, ...]]]]:
    return [
        (s["name"], [(t["name"], t.get("channel"), t.get("owner"), t.get("emotion")) for t in s["touchpoints"]])
        for s in data["stages"]
    ]


EXPECTED = [
    ("Onboarding", [("Kickoff call", "Zoom", "CSM", -1), ("Admin setup", "In-app", "Support", -2)]),
    ("Renewal", [("Renewal quote", "Email", "Account manager", 2)]),
]


def test_stage_on_every_row() -> None:
    data, guesses = _read(_csv(ROWS))
    assert _shape(data) == EXPECTED
    assert (
        guesses[0] == "read a flat list, one row per touchpoint (header row 1) (score 86); "
        "runner-up: stages down, layers across (score 73)"
    )
    assert (
        "row 1, column 5: emotions read on a 1..5 scale (from the values): 1 -> -2, 2 -> -1, 3 -> 0, 4 -> +1, 5 -> +2"
        in guesses
    )
    pain = data["stages"][0]["touchpoints"][0]["pain_points"]
    assert pain == [{"text": "No agenda", "opportunity": {"fix": "Send the agenda", "owner": "CS Ops"}}]


def test_stage_only_on_the_first_row_of_each_group() -> None:
    rows = [ROWS[0], ("", *ROWS[1][1:]), ROWS[2]]
    data, guesses = _read(_csv(rows))
    assert _shape(data) == EXPECTED
    assert "row 3, column 1: stage 'Onboarding' written on the group's first row only: row 3 belongs to it" in guesses


def test_stage_merged_down_its_group(tmp_path: Path) -> None:
    from tests.importing.corpus.make_workbooks import fods

    rows: list[list[Any]] = [HEADER.strip().split(",")]
    rows.append([{"text": "Onboarding", "down": 2}, *ROWS[0][1:]])
    rows.append(["^", *ROWS[1][1:]])
    rows.append(list(ROWS[2]))
    data, guesses = _read(fods([("Journey", rows, set())]).encode(), "list.fods")
    assert _shape(data) == EXPECTED
    assert "Journey!A3: stage 'Onboarding' merged down its group: row 3 belongs to it" in guesses


def test_a_stage_named_again_further_down_gets_those_touchpoints_too() -> None:
    rows = [ROWS[0], ROWS[2], ROWS[1]]
    data, guesses = _read(_csv(rows))
    assert [s["id"] for s in data["stages"]] == ["onboarding", "renewal"]
    assert _shape(data) == EXPECTED
    assert (
        "row 4, column 1: stage 'Onboarding' appears again (first at row 2): its touchpoints are added to it" in guesses
    )


def test_columns_in_any_order_and_columns_of_their_own_kept_as_x_fields() -> None:
    raw = b"Priority,Fix owner,Owner,Touchpoint,Stage,Mood\nHigh,Ops,CSM,Kickoff call,Onboarding,-\n"
    data, guesses = _read(raw)
    tp = data["stages"][0]["touchpoints"][0]
    assert (tp["name"], tp["owner"], tp["x-priority"]) == ("Kickoff call", "CSM", "High")
    assert (
        "row 1, column 1: column 'Priority' is not a layer: kept as x-priority (did you mean 'opportunity'?)" in guesses
    )
    assert "row 2, column 6: placeholder '-' dropped" in guesses
    assert "row 2, column 2: fix owner 'Ops' has no fix: kept in the map's x-notes" in guesses
    assert data["x-notes"] == ["fix owner: Ops"]


def test_owners_inside_touchpoint_cells_and_fixes() -> None:
    raw = (
        "Stage,Touchpoint,Pain points,Ideas\n"
        "Adopt,Health check (CSM),Score not explained,Share the formula → CS Ops\n"
        "Adopt,Welcome email (day 1),,\n"
        "Adopt,QBR — Account team,,\n"
    ).encode()
    data, guesses = _read(raw)
    tps = data["stages"][0]["touchpoints"]
    assert [(t["name"], t.get("owner")) for t in tps] == [
        ("Health check", "CSM"), ("Welcome email (day 1)", None), ("QBR", "Account team"),
    ]  # fmt: skip
    assert tps[0]["pain_points"][0]["opportunity"] == {"fix": "Share the formula", "owner": "CS Ops"}
    assert "row 2, column 2: owner 'CSM' read from the end of touchpoint 'Health check (CSM)'" in guesses


@pytest.mark.parametrize("placeholder", ["TBD", "n/a", "\u2014", "?"])
def test_placeholders_and_totals_are_reported_and_dropped(placeholder: str) -> None:
    raw = _csv([ROWS[0], ("Onboarding", "Admin setup", "In-app", "Support", "1", placeholder, "", ""),
                ("Total", "2 steps", "", "", "", "", "", "")])  # fmt: skip
    data, guesses = _read(raw)
    assert "pain_points" not in data["stages"][0]["touchpoints"][1]
    assert f"row 3, column 6: placeholder '{placeholder}' dropped" in guesses
    assert "row 4, column 1: a totals row: not imported ('Total'; '2 steps')" in guesses
    assert [s["name"] for s in data["stages"]] == ["Onboarding"]
