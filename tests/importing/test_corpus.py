"""The import corpus (tests/importing/corpus/): every grid captured as its expect file says, non-maps refused.

Uses benchmarks/import_score.py, the script that prints the capture rates; a sample of grids
also has its exact guesses checked here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from jmap.importing import build_map
from jmap.importing.grid import NoGrid

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"
GRIDS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".csv", ".md", ".xlsx", ".fods"))


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_score", REPO / "benchmarks" / "import_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_score"] = module
    spec.loader.exec_module(module)
    return module


SCORE = _scorer()


def _expect(grid: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((CORPUS / f"{grid.name[: -len(grid.suffix)]}.expect.yaml").read_text(encoding="utf-8"))


def test_the_corpus_has_twenty_grids_of_every_kind() -> None:
    stems = {p.name[: -len(p.suffix)] for p in GRIDS}
    assert len(stems) >= 20
    assert {p.suffix for p in GRIDS} == {".csv", ".md", ".xlsx", ".fods"}
    assert all((CORPUS / f"{s}.expect.yaml").exists() for s in stems)


@pytest.mark.parametrize("grid", GRIDS, ids=lambda p: p.name)
def test_every_grid_is_captured_whole_with_no_emotion_wrong_and_nothing_silent(grid: Path) -> None:
    expect = _expect(grid)
    score = SCORE.score_grid(grid, expect)
    if expect.get("refuse"):
        assert score.refused, f"{grid.name} is not a journey map but was imported"
        return
    assert not score.refused, score.error
    missed = {m: (score.found[m], score.wanted[m]) for m in SCORE.MEASURES if score.found[m] != score.wanted[m]}
    assert missed == {}
    assert score.wrong_emotions == 0
    assert score.silent == []


def test_a_german_excel_flat_list_reads_as_the_team_wrote_it() -> None:
    grid = CORPUS / "t02-flat-excel-de.csv"
    data, _, layout, guesses = build_map(grid, grid.read_bytes())
    lines = [f"{g.where}: {g.message}" if g.where else g.message for g in guesses]
    assert layout == "a flat list, one row per touchpoint (header row 3)"
    assert lines[:4] == [
        "the file is not UTF-8; read as Windows-1252 (Excel's plain CSV)",
        "fields are separated by semicolons",
        "read a flat list, one row per touchpoint (header row 3) (score 86); "
        "runner-up: stages down, layers across (score 75)",
        "row 1, column 1: the cell above the grid is the map's title: "
        "'Kundenreise B2B-Onboarding (Stand: Oktober 2026)'",
    ]
    assert (
        "row 3, column 5: emotions read on a 1..5 scale (from the label): 1 -> -2, 2 -> -1, 3 -> 0, 4 -> +1, 5 -> +2"
        in lines
    )
    assert "row 5, column 1: stage 'Kauf' written on the group's first row only: row 5 belongs to it" in lines
    vertrag = data["stages"][0]["touchpoints"][1]
    assert (vertrag["name"], vertrag["emotion"], vertrag["x-emotion"]) == ("Vertrag", 2, "4,5")


def test_helpers_are_kept_out_of_a_libreoffice_workbook_each_with_a_guess() -> None:
    grid = CORPUS / "t03-flat-merged.xlsx"
    data, _, _, guesses = build_map(grid, grid.read_bytes())
    lines = [f"{g.where}: {g.message}" for g in guesses if g.where]
    assert "Journey!C2: in a hidden column: 'row-1' not imported" in lines
    assert "Journey!J1: column 'Check' holds only formulas: not imported" in lines
    assert "Journey!A9: a totals row: not imported ('Total'; '7 steps')" in lines
    assert "Journey!G6: placeholder 'TBD' dropped" in lines
    assert "Journey!A11: text in the notes below the list kept in the map's x-notes" in lines
    assert data["x-notes"] == ["Legend: emotion 1 = very unhappy, 5 = very happy"]
    assert [s["name"] for s in data["stages"]] == ["Evaluate", "Onboard", "Grow"]
    assert all("x-helper" not in t and "x-check" not in t for s in data["stages"] for t in s["touchpoints"])


def test_the_sheet_is_chosen_by_content_and_the_runner_up_said() -> None:
    grid = CORPUS / "t08-readme-first.xlsx"
    _, chosen, _, guesses = build_map(grid, grid.read_bytes())
    assert chosen.name == "Journey map"
    assert (
        guesses[0].message
        == "read sheet 'Journey map' as layers down, stages across (score 53); no other reading found"
    )


def test_notion_page_properties_go_to_x_notes() -> None:
    grid = CORPUS / "t04-notion-wide.md"
    data, _, _, guesses = build_map(grid, grid.read_bytes())
    assert data["x-notes"] == [
        "Owner: Priya Raman", "Status: In review", "Tags: journey map, self-serve, Q4", "Last edited: November 3, 2026",
    ]  # fmt: skip
    assert "line 3: text outside the table kept in the map's x-notes: 'Owner: Priya Raman'" in [
        f"{g.where}: {g.message}" for g in guesses
    ]


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("t07-budget.csv", "found only channels, owners in a flat list, one row per touchpoint (header row 1)"),
        ("h05-project-plan.csv", "found only actions, owners in a flat list, one row per touchpoint (header row 1)"),
        (
            "h11-asset-register.csv",
            "found only owners, pain points in a flat list, one row per touchpoint (header row 1)",
        ),
    ],
)
def test_non_maps_are_refused_saying_what_was_found(name: str, found: str) -> None:
    grid = CORPUS / name
    with pytest.raises(NoGrid) as err:
        build_map(grid, grid.read_bytes())
    assert str(err.value).endswith(f"; {found} (import it anyway with --force)")
