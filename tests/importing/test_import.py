"""``jmap import`` core: the guides' grids in every format, layouts, guesses, nothing dropped."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from jmap.errors import ExportError, SourceError
from jmap.formats.yaml.writer import to_yaml
from jmap.importing import ImportOptions, build_map, import_grid
from jmap.importing.cells import layer_of
from jmap.importing.grid import NoGrid
from jmap.lint.core import LintOptions, lint
from jmap.model import JourneyMap
from tests.rules.test_cases import STRUCTURE, TODAY

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "import"
GOLDEN = Path(__file__).parent / "golden"
B2B = ["b2b-journey.md", "b2b-journey-excel.csv", "b2b-journey-excel-de.csv", "b2b-journey-google-sheets.csv",
       "b2b-journey-stages-down.csv"]  # fmt: skip
FIXTURES = sorted(p.name for p in EXAMPLES.iterdir())
_WORD = re.compile(r"\w+")


def imported(name: str) -> tuple[dict[str, Any], list[str]]:
    path = EXAMPLES / name
    data, _, _, guesses = build_map(Path(name), path.read_bytes())
    return data, [f"{name}: {g.where}: {g.message}" if g.where else f"{name}: {g.message}" for g in guesses]


def test_b2b_example_becomes_this_map_with_these_guesses() -> None:
    data, guesses = imported("b2b-journey.md")
    assert to_yaml(JourneyMap.model_validate(data)) == (GOLDEN / "b2b-journey.yaml").read_text(encoding="utf-8")
    assert guesses == (GOLDEN / "b2b-journey.guesses").read_text(encoding="utf-8").splitlines()


def test_the_two_fixes_with_two_owners_get_one_each() -> None:
    data, guesses = imported("b2b-journey.md")
    purchase = data["stages"][1]
    fixes = [(p["opportunity"]["fix"], p["opportunity"]["owner"]) for t in purchase["touchpoints"]
             for p in t.get("pain_points", [])]  # fmt: skip
    assert fixes == [("Add a setup checklist", "Onboarding"), ("match the invoice to the quote", "Billing")]
    assert "b2b-journey.md: line 11, column 3: owners (Onboarding, Billing) given one to each fix, in order" in guesses


@pytest.mark.parametrize("name", B2B[1:])
def test_every_flavour_of_the_b2b_grid_gives_the_same_stages(name: str) -> None:
    reference, _ = imported("b2b-journey.md")
    data, guesses = imported(name)
    assert data["stages"] == reference["stages"]
    assert all(": " in g for g in guesses)


def test_where_each_source_names_its_cells() -> None:
    _, md = imported("b2b-journey.md")
    _, csv = imported("b2b-journey-excel.csv")
    _, de = imported("b2b-journey-excel-de.csv")
    _, fods = imported("self-serve-workshop.fods")
    assert "b2b-journey.md: line 8, column 2: split into 3 touchpoints on commas" in md
    assert "b2b-journey-excel.csv: row 5, column 2: split into 3 touchpoints on commas" in csv
    assert de[0] == "b2b-journey-excel-de.csv: fields are separated by semicolons"
    assert "self-serve-workshop.fods: Journey!D8: emotion -2 from the word 'frustrated' in 'frustrated'" in fods


def test_the_template_imports_with_one_touchpoint_per_stage() -> None:
    data, _ = imported("guide-template.md")
    assert data["title"] == "Journey map template"
    assert [s["name"] for s in data["stages"]] == ["Awareness", "Consideration", "Purchase", "Retention", "Advocacy"]
    assert [len(s["touchpoints"]) for s in data["stages"]] == [1, 1, 1, 1, 1]
    assert len({t["id"] for s in data["stages"] for t in s["touchpoints"]}) == 5


def test_a_workshop_grid_with_title_phases_feelings_and_rows_of_its_own() -> None:
    data, guesses = imported("self-serve-workshop.fods")
    assert data["title"] == "Onboarding journey: self-serve teams (workshop, October 2026)"
    stages = {s["id"]: s for s in data["stages"]}
    assert [(s["phase"], s["x-phase"]) for s in data["stages"]] == [
        ("pre-sale", "Before the sale"), ("pre-sale", "Before the sale"), ("post-sale", "After the sale"),
        ("post-sale", "After the sale"), ("post-sale", "After the sale"),
    ]  # fmt: skip
    emotions = [(t["name"], t.get("emotion"), t.get("x-emotion")) for s in data["stages"] for t in s["touchpoints"]]
    assert emotions == [
        ("Signup page", 1, "curious"), ("Sample project", 1, "curious"), ("Pricing page", 1, "😊"),
        ("checkout", 1, "😊"), ("Invite email", -2, "frustrated"), ("calendar integration", -2, "frustrated"),
        ("Reports screen", 2, None), ("Renewal email", -1, "worried"),
    ]  # fmt: skip
    owners = [
        (p["opportunity"]["fix"], p["opportunity"]["owner"])
        for s in data["stages"] for t in s["touchpoints"] for p in t.get("pain_points", [])
    ]  # fmt: skip
    assert owners == [
        ("Put the import button on the sample project", "Product"),
        ("Send invites from our own domain", "Engineering"),
        ("Show next year's price in the renewal email", "Billing"),
    ]
    assert stages["adoption"]["x-moments-of-delight"] == "First Monday report lands"
    assert stages["onboarding"]["owner"] == "Onboarding team"
    assert stages["renewal"]["metrics"] == ["Gross renewal rate"]
    assert guesses[0] == (
        "self-serve-workshop.fods: read sheet 'Journey' as layers down, stages across (score 90); "
        "no other reading found"
    )


def _content_words(name: str) -> set[str]:
    """The words of every cell of the grid that was imported, other than the layer names."""
    _, grid, _, _ = build_map(Path(name), (EXAMPLES / name).read_bytes())
    words: set[str] = set()
    for text in grid.cells.values():
        if layer_of(text) is None:
            words.update(w.lower() for w in _WORD.findall(text))
    return words


@pytest.mark.parametrize("name", FIXTURES)
def test_every_non_empty_cell_appears_in_the_map(name: str) -> None:
    data, _ = imported(name)
    text = to_yaml(JourneyMap.model_validate(data)).lower()
    found = {w.lower() for w in _WORD.findall(text)}
    missing = sorted(_content_words(name) - found - {"layer", "stage"})
    assert missing == []


@pytest.mark.parametrize("name", FIXTURES)
def test_imported_maps_have_no_structure_findings_only_things_to_fill_in(tmp_path: Path, name: str) -> None:
    out = tmp_path / "map.yaml"
    result = import_grid(ImportOptions(EXAMPLES / name, out))
    findings = lint([out], LintOptions(today=TODAY)).findings
    assert [f.code for f in findings if f.code in STRUCTURE] == []
    codes = {f.code for f in findings}
    assert {"JM103", "JM201", "JM601"} <= codes, codes
    assert result.out == out and result.stages == len(JourneyMap.model_validate(result.data).stages)


def test_an_xlsx_output_reads_back_as_the_same_map(tmp_path: Path) -> None:
    from jmap.loader import load_map

    out = tmp_path / "map.xlsx"
    result = import_grid(ImportOptions(EXAMPLES / "b2b-journey.md", out))
    back = load_map(out, strict=True).model.model_dump(exclude={"id"})
    assert back == JourneyMap.model_validate(result.data).model_dump(exclude={"id"})


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "map.yaml"
    result = import_grid(ImportOptions(EXAMPLES / "b2b-journey.md", out, dry_run=True))
    assert not out.exists() and result.out is None
    assert result.summary() == "would write a map (3 stages, 9 touchpoints, 31 guesses); nothing written (--dry-run)"


def test_a_grid_without_layer_names_says_what_was_looked_for(tmp_path: Path) -> None:
    grid = tmp_path / "budget.csv"
    grid.write_text("Item,Q1,Q2\nLicences,10,12\nTravel,3,4\n", encoding="utf-8")
    with pytest.raises(NoGrid) as err:
        import_grid(ImportOptions(grid, tmp_path / "m.yaml"))
    assert str(err.value) == (
        f"{grid}: no journey grid found: looked for stages and touchpoints: a row or column of layer names "
        "(touchpoints, actions, thoughts, emotions, pain points, opportunities, owner, customer goal, KPIs) with "
        "stage names beside it, or a header row such as Stage | Step | Channel | Owner | Emotion | Pain point | Fix "
        "(labels in English, German, Spanish, French, Portuguese or Dutch, or a team's own in [import.labels]); "
        "found no layer names; the first row reads 'Item', 'Q1', 'Q2' (import it anyway with --force)"
    )


def test_a_jmap_workbook_is_sent_to_export(tmp_path: Path) -> None:
    from jmap.export import export

    book = tmp_path / "map.xlsx"
    export(REPO / "examples" / "enterprise-post-sale.yaml", book)
    with pytest.raises(NoGrid, match=r"this is a jmap workbook .*; convert it with 'jmap export .* -o MAP.yaml'"):
        import_grid(ImportOptions(book, tmp_path / "m.yaml"))


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("map.json", "jmap import writes a map: name a .yaml, .yml or .xlsx file"),
        ("missing/map.yaml", "the folder"),
    ],
)
def test_bad_outputs_are_refused_before_reading(tmp_path: Path, out: str, message: str) -> None:
    with pytest.raises(ExportError, match=re.escape(message)):
        import_grid(ImportOptions(EXAMPLES / "b2b-journey.md", tmp_path / out))


def test_the_grid_is_never_overwritten(tmp_path: Path) -> None:
    grid = tmp_path / "grid.xlsx"
    grid.write_bytes(b"PK")
    with pytest.raises(ExportError, match="is the input file"):
        import_grid(ImportOptions(grid, grid))
    assert grid.read_bytes() == b"PK"


def test_unknown_extension_and_missing_sheet(tmp_path: Path) -> None:
    odd = tmp_path / "grid.numbers"
    odd.write_bytes(b"x")
    with pytest.raises(SourceError, match=r"cannot tell the grid's format from the extension \.numbers"):
        import_grid(ImportOptions(odd, None, dry_run=True))
    with pytest.raises(SourceError, match=r"no sheet named 'Plan' \(sheets: 'Journey', 'Notes'\)"):
        import_grid(ImportOptions(EXAMPLES / "self-serve-workshop.fods", None, sheet="Plan", dry_run=True))
    with pytest.raises(NoGrid, match=r"sheet 'Notes' no journey grid found"):
        import_grid(ImportOptions(EXAMPLES / "self-serve-workshop.fods", None, sheet="notes", dry_run=True))


def test_a_header_with_nothing_below_it_says_so(tmp_path: Path) -> None:
    grid = tmp_path / "empty-list.csv"
    grid.write_text("Stage,Step\n", encoding="utf-8")
    with pytest.raises(NoGrid) as err:
        import_grid(ImportOptions(grid, None, dry_run=True))
    assert str(err.value).endswith(
        "; found the first row 'Stage', 'Step' with nothing below it that reads as stages or touchpoints "
        "(import it anyway with --force)"
    )


def test_docs_state_the_row_cap_the_code_applies() -> None:
    from jmap.formats.xlsx.cells import MAX_COLUMNS, MAX_ROWS
    from tests.conftest import REPO

    text = " ".join((REPO / "docs" / "import.md").read_text(encoding="utf-8").split())
    assert f"rows capped at {MAX_ROWS:,} and columns at {MAX_COLUMNS:,}" in text
