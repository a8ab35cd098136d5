"""Grids written by a real spreadsheet program: LibreOffice saves our fixtures as XLSX and ODS, we import them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from jmap.importing import build_map
from tests.formats.xlsx.helpers import SOFFICE, needs_soffice

pytestmark = needs_soffice

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "import"

SPANNED = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:body><office:spreadsheet><table:table table:name="Grid">
<table:table-row><table:table-cell office:value-type="string"><text:p>Stage</text:p></table:table-cell>
 <table:table-cell office:value-type="string" table:number-columns-spanned="2"><text:p>Onboarding</text:p>
 </table:table-cell>
 <table:covered-table-cell/>
 <table:table-cell office:value-type="string"><text:p>Adoption</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Touchpoint</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Kickoff call</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Admin setup</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Usage review</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Owner</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>CSM</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>Support</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>CSM</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Emotion</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="-1"><text:p>-1</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>&#x1F621;</text:p></table:table-cell>
 <table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document>
"""


def _convert(files: list[Path], to: str, outdir: Path, infilter: str | None = None) -> list[Path]:
    assert SOFFICE is not None
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir.parent / f"lo-profile-{os.getpid()}"
    extra = [f"--infilter={infilter}"] if infilter else []
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *extra,
         "--convert-to", to, "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    out = [outdir / f"{f.stem}.{to}" for f in files]
    assert all(p.exists() for p in out), [p.name for p in out if not p.exists()]
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    src = tmp_path_factory.mktemp("grids")
    for name in ("self-serve-workshop.fods", "b2b-journey-excel.csv", "b2b-journey-excel-de.csv"):
        shutil.copy(EXAMPLES / name, src / name)
    (src / "spanned.fods").write_text(SPANNED, encoding="utf-8")
    flat = [src / "self-serve-workshop.fods", src / "spanned.fods"]
    out: dict[str, Path] = {}
    for path in _convert(flat, "xlsx", src / "xlsx") + _convert(flat, "ods", src / "ods"):
        out[path.name] = path
    (csv_xlsx,) = _convert([src / "b2b-journey-excel.csv"], "xlsx", src / "csv", "CSV:44,34,76,1")
    (csv_ods,) = _convert([src / "b2b-journey-excel-de.csv"], "ods", src / "csv", "CSV:59,34,76,1")
    out[csv_xlsx.name] = csv_xlsx
    out[csv_ods.name] = csv_ods
    return out


def _data(path: Path) -> tuple[dict[str, Any], list[str]]:
    data, _, _, guesses = build_map(Path(path.name), path.read_bytes())
    return data, [f"{g.where}: {g.message}" for g in guesses]


@pytest.mark.parametrize("name", ["self-serve-workshop.xlsx", "self-serve-workshop.ods"])
def test_libreoffice_saves_of_the_workshop_grid_import_like_the_original(converted: dict[str, Path], name: str) -> None:
    original, original_guesses = _data(EXAMPLES / "self-serve-workshop.fods")
    data, guesses = _data(converted[name])
    assert data == original
    assert guesses == original_guesses
    assert "Journey!D3: stage 'Onboarding' is post-sale (phase 'After the sale')" in guesses


@pytest.mark.parametrize(("name", "source"), [
    ("b2b-journey-excel.xlsx", "b2b-journey-excel.csv"), ("b2b-journey-excel-de.ods", "b2b-journey-excel-de.csv"),
])  # fmt: skip
def test_libreoffice_saves_of_the_csv_grids_import_like_the_csv(
    converted: dict[str, Path], name: str, source: str
) -> None:
    original, _ = _data(EXAMPLES / source)
    data, guesses = _data(converted[name])
    assert data == original
    sheet = Path(source).stem
    assert (
        guesses[0]
        == f"'{sheet}'!A1: the cell above the grid is the map's title: 'Mid-market B2B software: operations team'"
    )


@pytest.mark.parametrize("name", ["spanned.xlsx", "spanned.ods"])
def test_a_stage_merged_across_columns_has_a_touchpoint_per_column(converted: dict[str, Path], name: str) -> None:
    data, guesses = _data(converted[name])
    stages = [(s["name"], [(t["name"], t.get("owner"), t.get("emotion")) for t in s["touchpoints"]])
              for s in data["stages"]]  # fmt: skip
    assert stages == [
        ("Onboarding", [("Kickoff call", "CSM", -1), ("Admin setup", "Support", -2)]),
        ("Adoption", [("Usage review", "CSM", 1)]),
    ]
    assert data["stages"][1]["owner"] == "CSM"
    assert "Grid!D3: owner 'CSM' of the stage's one touchpoint too" in guesses
    assert "Grid!B3: owner of the 1 touchpoint in this column" in guesses
