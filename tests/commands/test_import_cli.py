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


CORPUS = Path(__file__).resolve().parents[1] / "importing" / "corpus"


def test_all_sheets_writes_one_map_per_journey_sheet_and_names_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "maps"
    res = runner.invoke(app, ["import", str(CORPUS / "t11-two-maps.xlsx"), "--all-sheets", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["enterprise.yaml", "smb.yaml"]
    lines = res.stderr.splitlines()
    assert f"{CORPUS / 't11-two-maps.xlsx'}: not a journey map, not imported: 'Budget'" in lines
    assert f"wrote {out / 'smb.yaml'} (2 stages, 3 touchpoints, 4 guesses)" in lines
    assert f"wrote {out / 'enterprise.yaml'} (2 stages, 3 touchpoints, 3 guesses)" in lines
    assert "title: 't11-two-maps: Enterprise'" in (out / "enterprise.yaml").read_text(encoding="utf-8")
    both = runner.invoke(app, ["import", str(CORPUS / "t11-two-maps.xlsx"), "--all-sheets", "--sheet", "SMB"])
    assert both.exit_code == 2


def test_a_budget_is_refused_and_force_imports_it_anyway(tmp_path: Path) -> None:
    grid = CORPUS / "t07-budget.csv"
    res = runner.invoke(app, ["import", str(grid), "-o", str(tmp_path / "b.yaml")])
    assert res.exit_code == 2
    assert res.stderr.endswith(
        "; found only channels, owners in a flat list, one row per touchpoint (header row 1) "
        "(import it anyway with --force)\n"
    )
    assert not (tmp_path / "b.yaml").exists()
    res = runner.invoke(app, ["import", str(grid), "-o", str(tmp_path / "b.yaml"), "--force"])
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines()[0] == (
        f"{grid}: --force: read a flat list, one row per touchpoint (header row 1) (score 15) although it does not "
        "look like a journey map; runner-up: stages down, layers across (score 0)"
    )
    assert res.stderr.splitlines()[-1] == f"wrote {tmp_path / 'b.yaml'} (1 stage, 4 touchpoints, 16 guesses)"


def test_a_teams_own_labels_come_from_import_labels_in_the_config(tmp_path: Path) -> None:
    grid = tmp_path / "grid.csv"
    grid.write_text("Stage,Moment,Stolpersteine\nKauf,Angebot,Preis fehlt\nKauf,Vertrag,\n", encoding="utf-8")
    plain = runner.invoke(app, ["import", str(grid), "--dry-run"])
    assert plain.exit_code == 0, plain.output
    assert "column 'Stolpersteine' is not a layer: kept as x-stolpersteine" in plain.stderr
    (tmp_path / "jmap.toml").write_text('[import.labels]\npain_points = ["Stolpersteine"]\n', encoding="utf-8")
    res = runner.invoke(app, ["import", str(grid), "-o", str(tmp_path / "m.yaml")])
    assert res.exit_code == 0, res.output
    assert "'Stolpersteine' as pain points" in res.stderr
    assert "        pain_points:\n          - Preis fehlt\n" in (tmp_path / "m.yaml").read_text(encoding="utf-8")
    (tmp_path / "jmap.toml").write_text('[import.labels]\npain_piont = ["Stolpersteine"]\n', encoding="utf-8")
    bad = runner.invoke(app, ["import", str(grid), "--dry-run"])
    assert bad.exit_code == 2
    assert bad.stderr == (
        f"jmap: error: {tmp_path / 'jmap.toml'}: import.labels.pain_piont: "
        "no such layer (did you mean 'pain_points'?)\n"
    )


def test_messages_show_forged_commands_and_bidi_from_cells_and_file_names_visibly(tmp_path: Path) -> None:
    grid = tmp_path / "::error file=README.md,line=1::x\u202e\u2028.csv"
    grid.write_bytes('Stage,Step,Emotion\nBuy,Checkout,"##[error]forged\u009b31m"\n'.encode())
    res = run_jmap("import", str(grid), "--dry-run")
    assert res.returncode == 0, res.stderr
    for line in res.stderr.splitlines():
        assert not line.startswith("::") and "##[" not in line, line
        assert "\u202e" not in line and "\u2028" not in line and "\u009b" not in line, line
    assert ":<U+003A>error file=README.md,line=1:<U+003A>x<U+202E><U+2028>.csv" in res.stderr
    assert "#<U+0023>[error]forged\\x9b31m" in res.stderr


def test_running_out_of_memory_is_one_line_and_exit_2_even_when_printing_fails() -> None:
    code = (
        "import typer, jmap.importing as imp\n"
        "def boom(*a, **k):\n    raise MemoryError\n"
        "imp.import_grid = boom\ntyper.echo = boom\n"
        "from jmap.cli import main\nmain()\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, "import", "grid.csv", "-o", "m.yaml"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert res.returncode == 2
    assert res.stderr == "jmap: error: out of memory; the input is too large for this machine\n"
