"""A file whose bytes are not what its name says is named by what it is, in lint, export and import."""

from __future__ import annotations

from pathlib import Path

import pytest

from jmap.formats.ods.writer import ods_bytes, to_fods
from jmap.formats.sniff import content_of, mismatch
from jmap.formats.xlsx.writer import xlsx_bytes
from jmap.loader import load_map
from tests.conftest import run_jmap

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "formats" / "golden" / "small.yaml"


@pytest.fixture(scope="module")
def contents() -> dict[str, bytes]:
    m = load_map(SMALL).model
    return {
        "xlsx": xlsx_bytes(m),
        "ods": ods_bytes(m),
        "fods": to_fods(m).encode(),
        "yaml": SMALL.read_bytes(),
        "csv": b"Stage,Touchpoint,Owner\nOnboarding,Kickoff,CSM\nAdoption,Training,CSM\n",
        "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
    }


def test_contents_are_told_apart(contents: dict[str, bytes]) -> None:
    assert {k: content_of(v) for k, v in contents.items()} == {
        "xlsx": "XLSX workbook",
        "ods": "OpenDocument spreadsheet",
        "fods": "flat OpenDocument spreadsheet",
        "yaml": "YAML text",
        "csv": "CSV text",
        "xls": "old binary .xls workbook (or a password-protected one)",
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.ods", "xlsx", "this .ods is an XLSX workbook; rename it to .xlsx"),
        ("m.xlsx", "ods", "this .xlsx is an OpenDocument spreadsheet; rename it to .ods"),
        ("m.xlsx", "csv", "this .xlsx is a CSV text"),
        ("m.xlsx", "yaml", "this .xlsx is a YAML text; rename it to .yaml"),
        ("m.yaml", "ods", "this .yaml is an OpenDocument spreadsheet; rename it to .ods"),
        ("m.yaml", "xlsx", "this .yaml is an XLSX workbook; rename it to .xlsx"),
        ("m.csv", "xlsx", "this .csv is an XLSX workbook; rename it to .xlsx"),
        (
            "m.ods",
            "xls",
            "this .ods is an old binary .xls workbook (or a password-protected one); save it as .xlsx or .ods",
        ),
        ("m.ods", "fods", None),
        ("m.fods", "ods", None),
        ("m.xlsx", "xls", None),
        ("m.yaml", "csv", None),
    ],
)
def test_a_mismatch_is_named(contents: dict[str, bytes], name: str, content: str, message: str | None) -> None:
    assert mismatch(name, contents[content]) == message


def test_lint_export_and_import_name_what_the_file_is(tmp_path: Path, contents: dict[str, bytes]) -> None:
    wrong = tmp_path / "map.ods"
    wrong.write_bytes(contents["xlsx"])
    lint = run_jmap("lint", str(wrong), "--today", "2026-11-25")
    assert (lint.returncode, lint.stdout.splitlines()[0]) == (
        1,
        f"{wrong}:1:1: JM001 [error] this .ods is an XLSX workbook; rename it to .xlsx",
    )
    export = run_jmap("export", str(wrong), "-o", str(tmp_path / "out.yaml"))
    assert (export.returncode, export.stderr) == (
        2,
        f"jmap: error: {wrong}:1:1: JM001 this .ods is an XLSX workbook; rename it to .xlsx\n",
    )
    grid = tmp_path / "grid.xlsx"
    grid.write_bytes(contents["csv"])
    imported = run_jmap("import", str(grid), "--dry-run")
    assert (imported.returncode, imported.stderr) == (2, f"jmap: error: {grid}: this .xlsx is a CSV text\n")
    assert not (tmp_path / "out.yaml").exists()
