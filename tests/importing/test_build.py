"""Layers-down grids: helpers kept out (hidden rows, formula-only and totals columns, Total rows), owners per line."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from jmap.importing import build_map
from tests.formats.xlsx.helpers import Raw, build_workbook

CORPUS = Path(__file__).parent / "corpus"


def _read(raw: bytes, name: str) -> tuple[dict[str, Any], list[str]]:
    data, _, _, guesses = build_map(Path(name), raw)
    return data, [f"{g.where}: {g.message}" if g.where else g.message for g in guesses]


def test_formula_only_and_totals_columns_and_total_rows_are_not_stages() -> None:
    rows: list[list[Any]] = [
        [None, "Onboard", "Adopt", "Overall", "Check"],
        ["Touchpoints", "Kickoff call (CSM)", "Training\nHealth check", "3 touchpoints", None],
        ["Owner", "Onboarding", "Education\nCSM", None, None],
        ["Emotion", "2", "4\n5", Raw("<f>AVERAGE(B4:C4)</f><v>3</v>"), Raw("<f>1</f><v>1</v>")],
        ["Total", "1", "2", "3", None],
    ]
    data, guesses = _read(build_workbook({"Map": rows}), "grid.xlsx")
    assert [s["name"] for s in data["stages"]] == ["Onboard", "Adopt"]
    tps = [(t["name"], t.get("owner"), t.get("emotion")) for s in data["stages"] for t in s["touchpoints"]]
    assert tps == [("Kickoff call", "CSM", -1), ("Training", "Education", 1), ("Health check", "CSM", 2)]
    assert "Map!D1: 'Overall' is a totals column: not a stage ('3 touchpoints'; '3' not imported)" in guesses
    assert "Map!E1: 'Check' is a column of formulas only: not a stage" in guesses
    assert "Map!A5: 'Total' is a totals row: not imported ('1'; '2')" in guesses
    assert "Map!C3: 2 owners paired with the touchpoints by position" in guesses
    assert (
        "Map!A4: emotions read on a 1..5 scale (from the values): 1 -> -2, 2 -> -1, 3 -> 0, 4 -> +1, 5 -> +2" in guesses
    )


def test_hidden_rows_of_an_xlsx_grid_are_said_with_their_text_and_left_out() -> None:
    raw = (CORPUS / "t03-flat-merged.xlsx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'(<row r="3"[^>]*?)hidden="false"', rb'\1hidden="true"', data)
            dst.writestr(item, data)
    data, guesses = _read(out.getvalue(), "grid.xlsx")
    names = [t["name"] for s in data["stages"] for t in s["touchpoints"]]
    assert "Sales demo" not in names and len(names) == 6
    assert "Journey!B3: in a hidden row: 'Sales demo' not imported" in guesses
