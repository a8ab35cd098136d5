"""``jmap import`` through Typer's runner and as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from jmap.cli import app
from tests.conftest import run_jmap

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "import"
GOLDEN = Path(__file__).resolve().parents[1] / "importing" / "golden"


def test_dry_run_prints_every_guess_and_writes_nothing(tmp_path: Path) -> None:
    grid = tmp_path / "b2b-journey.md"
    grid.write_bytes((EXAMPLES / "b2b-journey.md").read_bytes())
    res = runner.invoke(app, ["import", str(grid), "--dry-run"])
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    expected = [
        line.replace("b2b-journey.md:", f"{grid}:", 1)
        for line in (GOLDEN / "b2b-journey.guesses").read_text(encoding="utf-8").splitlines()
    ]
    assert res.stderr.splitlines() == [
        *expected,
        "would write a map (3 stages, 9 touchpoints, 31 guesses); nothing written (--dry-run)",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b2b-journey.md"]


def test_real_process_writes_the_map_and_lints_it(tmp_path: Path) -> None:
    out = tmp_path / "b2b.yaml"
    res = run_jmap("import", str(EXAMPLES / "b2b-journey.md"), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert res.stderr.splitlines()[-1] == f"wrote {out} (3 stages, 9 touchpoints, 31 guesses)"
    assert out.read_text(encoding="utf-8") == (GOLDEN / "b2b-journey.yaml").read_text(encoding="utf-8")
    lint = run_jmap("lint", str(out), "--today", "2026-11-25")
    assert lint.returncode == 1
    assert "JM00" not in lint.stdout


def test_no_grid_and_a_jmap_workbook_are_usage_errors(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nNo table here.\n", encoding="utf-8")
    res = run_jmap("import", str(notes), "-o", str(tmp_path / "m.yaml"))
    assert res.returncode == 2
    assert res.stderr.startswith(f"jmap: error: {notes}: no journey grid found: looked for stages and touchpoints")
    assert res.stderr.endswith("; found no table (import it anyway with --force)\n")
    assert not (tmp_path / "m.yaml").exists()
    book = tmp_path / "map.xlsx"
    assert run_jmap("export", str(EXAMPLES.parent / "smb-self-serve-lifecycle.yaml"), "-o", str(book)).returncode == 0
    res = run_jmap("import", str(book), "-o", str(tmp_path / "m.yaml"))
    assert res.returncode == 2
    assert "this is a jmap workbook" in res.stderr and f"jmap export {book} -o MAP.yaml" in res.stderr


def test_an_output_is_required_unless_dry_run(tmp_path: Path) -> None:
    res = runner.invoke(app, ["import", str(EXAMPLES / "b2b-journey.md")])
    assert res.exit_code == 2
    assert res.stderr == "jmap: error: name the map to write with -o MAP.yaml (or MAP.xlsx), or use --dry-run\n"


def test_sheet_option_and_control_characters_in_guesses(tmp_path: Path) -> None:
    grid = tmp_path / "c.csv"
    grid.write_bytes(b"Layer,On\x1bboard\nActions,Signs up\nEmotion,happy\n")
    res = runner.invoke(app, ["import", str(grid), "--dry-run"])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.stderr
    res = runner.invoke(app, ["import", str(EXAMPLES / "self-serve-workshop.fods"), "--sheet", "Journey", "--dry-run"])
    assert res.exit_code == 0, res.output
    assert "read sheet" not in res.stderr


def test_command_module_loads_no_heavy_modules() -> None:
    code = (
        "import sys, jmap.commands.import_; "
        "heavy = ('pydantic', 'yaml', 'xlsxwriter', 'jmap.model', 'jmap.importing'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert res.stdout.strip() == "[]"
