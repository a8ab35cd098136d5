"""``jmap export`` through Typer's runner and as a real process."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from jmap.formats.writers import FORMATS
from jmap.formats.yaml.writer import to_yaml
from tests.conftest import GOOD_MAP, run_jmap, write
from tests.formats.util import SMALL, small_map

runner = CliRunner()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_bytes(SMALL.read_bytes())
    return path


def test_writes_and_reports_on_stderr(source: Path) -> None:
    out = source.parent / "out.md"
    res = runner.invoke(app, ["export", str(source), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    assert res.stderr == f"wrote {out} (md, 3 stages, 3 touchpoints)\n"
    assert out.read_text(encoding="utf-8").startswith("# Renewal")


def test_to_choices_come_from_the_registry() -> None:
    res = runner.invoke(app, ["export", "--help"])
    assert res.exit_code == 0
    assert "|".join(FORMATS) in res.output


def test_format_is_case_insensitive_and_overrides_the_extension(source: Path) -> None:
    out = source.parent / "diagram.txt"
    res = runner.invoke(app, ["export", str(source), "--output", str(out), "-f", "MMD"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("journey\n")


def test_old_to_still_works_for_a_release_and_says_so(source: Path) -> None:
    out = source.parent / "diagram.txt"
    res = runner.invoke(app, ["export", str(source), "-o", str(out), "--to", "mmd"])
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [
        "jmap: note: --to is now -f/--format; --to will be removed in the next release",
        f"wrote {out} (mmd, 3 stages, 3 touchpoints)",
    ]
    assert out.read_text(encoding="utf-8").startswith("journey\n")
    assert re.search(r"--to\b", runner.invoke(app, ["export", "--help"]).stdout) is None
    both = runner.invoke(app, ["export", str(source), "-o", "-", "--to", "mmd", "-f", "json"])
    assert both.exit_code == 2
    assert both.stderr.endswith("jmap: error: --to and -f/--format say different things; give -f/--format only\n")


def test_dash_writes_text_to_stdout(source: Path) -> None:
    res = runner.invoke(app, ["export", str(source), "-o", "-", "-f", "yaml"])
    assert res.exit_code == 0, res.output
    assert res.stdout == to_yaml(small_map())
    assert "wrote <stdout> (yaml" in res.stderr


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["-o", "{dir}/out.txt"], "cannot tell the format from the extension .txt"),
        (["-o", "{dir}/missing/out.yaml"], "does not exist"),
        (["-o", "{dir}/small.yaml"], "is the input file"),
        (["-o", "-"], "writing to stdout needs -f FORMAT"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(source: Path, args: list[str], fragment: str) -> None:
    res = runner.invoke(app, ["export", str(source), *[a.format(dir=source.parent) for a in args]])
    assert res.exit_code == 2
    assert fragment in res.stderr
    assert res.stderr.startswith("jmap: error: ") and res.stderr.count("\n") == 1
    assert "Traceback" not in res.output


def test_unknown_format_and_missing_output_are_usage_errors(source: Path) -> None:
    res = runner.invoke(app, ["export", str(source), "-o", "x.pdf", "-f", "pdf"])
    assert res.exit_code == 2
    assert "pdf" in res.output
    assert runner.invoke(app, ["export", str(source)]).exit_code == 2


def test_input_never_changes_and_a_faulty_map_is_refused(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", GOOD_MAP.replace("segment: SMB", "segmnet: SMB"))
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    res = runner.invoke(app, ["export", str(bad), "-o", str(tmp_path / "out.json")])
    assert res.exit_code == 2
    assert f"{bad}:4:1: JM003 unknown field 'segmnet'" in res.stderr
    assert not (tmp_path / "out.json").exists()
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


def test_real_process_yaml_to_xlsx_and_back(source: Path) -> None:
    workbook = source.parent / "small.xlsx"
    first = run_jmap("export", str(source), "-o", str(workbook))
    assert first.returncode == 0, first.stderr
    assert first.stderr == f"wrote {workbook} (xlsx, 3 stages, 3 touchpoints)\n"
    back = run_jmap("export", str(workbook), "-o", "-", "-f", "yaml")
    assert back.returncode == 0, back.stderr
    assert back.stdout == to_yaml(small_map())


def test_real_process_pipes_xlsx_but_refuses_it_on_a_terminal(source: Path) -> None:
    command = [sys.executable, "-m", "jmap", "export", str(source), "-o", "-", "-f", "xlsx"]
    piped = subprocess.run(command, capture_output=True, check=False, timeout=60)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout[:2] == b"PK"
    main, terminal = os.openpty()
    try:
        shown = subprocess.run(command, stdout=terminal, stderr=subprocess.PIPE, check=False, timeout=60)
    finally:
        os.close(terminal)
        os.close(main)
    assert shown.returncode == 2
    assert b"binary format and stdout is a terminal" in shown.stderr


def test_command_module_loads_no_heavy_modules() -> None:
    code = (
        "import sys, jmap.commands.export; "
        "print(sorted(m for m in ('pydantic', 'yaml', 'openpyxl', 'xlsxwriter', 'jmap.model', 'jmap.export') "
        "if m in sys.modules))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert res.stdout.strip() == "[]"
