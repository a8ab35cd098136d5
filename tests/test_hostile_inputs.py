"""The hostile files of benchmarks/hostile.py, each through lint, render and export under a 1 GiB address-space
limit: one clear finding or message, no traceback (their times are in benchmarks/hostile.py, not asserted)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.hostile import (
    far_dates,
    flow_list,
    long_line,
    long_owner,
    many_rows_streamed,
    special_files,
    unknown_keys,
)

LIMIT = 1024**3


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _jmap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jmap", *args],
        capture_output=True,
        text=True,
        preexec_fn=_limit,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    made = {"flow-list": folder / "flow-list.yaml", "long-line": folder / "long-line.yaml"}
    flow_list(made["flow-list"])
    long_line(made["long-line"], size=2_000_000)
    made["many-rows"] = folder / "many-rows.xlsx"
    many_rows_streamed(made["many-rows"], rows=100_500)
    return made


FLOW = (
    ":10:200013: JM001 field 'x-numbers' holds more than 100,000 values; jmap keeps x- fields to that size, "
    "so the file is not read"
)
ROWS = "[Touchpoints!A100001]: JM001 sheet Touchpoints has more than 100,000 rows; jmap reads sheets up to that size"


@pytest.mark.parametrize("name", ["flow-list", "many-rows"])
def test_a_file_no_map_would_be_is_one_finding_for_every_command(files: dict[str, Path], name: str) -> None:
    path = files[name]
    expected = f"{path}{FLOW if name == 'flow-list' else ROWS}"
    lint = _jmap("lint", str(path), "--today", "2026-11-25")
    assert (lint.returncode, lint.stderr) == (1, "")
    assert lint.stdout.splitlines()[0] == expected.replace(": JM001 ", ": JM001 [error] ")
    for args in (["render", str(path)], ["export", str(path), "-o", str(path.with_suffix(".out.yaml"))]):
        result = _jmap(*args)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"jmap: error: {expected}\n"
    assert not path.with_suffix(".out.yaml").exists()


def test_a_two_megabyte_line_is_clipped_in_render_and_refused_by_a_cell(files: dict[str, Path]) -> None:
    path = files["long-line"]
    render = _jmap("render", str(path), "--today", "2026-11-25")
    assert render.returncode == 0 and render.stderr == ""
    assert "… (1,998,003 more characters)" in render.stdout
    assert len(render.stdout) < 100_000
    xlsx = _jmap("export", str(path), "-o", str(path.with_suffix(".xlsx")))
    assert xlsx.returncode == 2
    assert xlsx.stderr.startswith("jmap: error: name of touchpoint 't' is 2,000,003 characters long; a workbook")
    lint = _jmap("lint", str(path), "--today", "2026-11-25")
    assert lint.returncode == 1 and "Traceback" not in lint.stderr


SPECIAL = {
    "dangling": "JM001 [error] a symbolic link to nowhere.yaml, which does not exist",
    "fifo": "JM001 [error] is a FIFO (named pipe); jmap reads only regular files",
    "zero": "JM001 [error] is a character device; jmap reads only regular files",
}


@pytest.fixture
def special(tmp_path: Path) -> Path:
    from tests.conftest import GOOD_MAP

    special_files(tmp_path / "maps", GOOD_MAP.replace("owner: CS Ops", "owner: CS Ops\nx-jmap-ignore: [JM999]", 1))
    return tmp_path


def _run_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jmap", *args],
        capture_output=True,
        text=True,
        preexec_fn=_limit,
        timeout=20,
        check=False,
        cwd=folder,
    )


def test_a_fifo_a_dangling_link_and_dev_zero_in_a_folder_are_findings_and_the_rest_is_linted(special: Path) -> None:
    lint = _run_in(special, "lint", "maps", "--today", "2026-11-25", "--select", "JM0")
    assert lint.returncode == 1, lint.stderr
    lines = [line for line in lint.stdout.splitlines() if line]
    assert lines == [
        f"maps/dangling.yaml:1:1: {SPECIAL['dangling']}",
        f"maps/fifo.yaml:1:1: {SPECIAL['fifo']}",
        "maps/good.yaml:6:17: JM006 [warning] suppression names 'JM999', which is no jmap rule",
        f"maps/zero.yaml:1:1: {SPECIAL['zero']}",
        "4 files checked: 3 errors, 1 warning in 4 files.",
    ]
    report = _run_in(special, "report", "maps", "--today", "2026-11-25", "--width", "100")
    assert report.returncode == 0, report.stderr
    for name, text in SPECIAL.items():
        assert f"maps/{name}.yaml: {text.split('] ', 1)[1]}" in report.stdout
    diff = _run_in(special, "diff", "maps", "maps")
    assert (diff.returncode, diff.stderr) == (0, "")
    for name, text in SPECIAL.items():
        why = text.split("] ", 1)[1]
        assert (
            f"maps/{name}.yaml (map {name})\n  Map\n    could not be read in either version, so it was not "
            f'compared: "{why}"' in diff.stdout
        )
    assert diff.stdout.endswith("\n4 maps compared: 3 changed, 1 unchanged.\n")


@pytest.mark.parametrize("name", ["fifo", "zero"])
def test_a_fifo_or_device_path_is_refused_by_render_export_and_import(special: Path, name: str) -> None:
    path = f"maps/{name}.yaml"
    what = SPECIAL[name].split("] ", 1)[1]
    for args in (["render", path], ["export", path, "-o", "out.json"], ["import", path, "-o", "out.yaml"]):
        result = _run_in(special, *args)
        assert (result.returncode, result.stderr) == (2, f"jmap: error: {path}: {what}\n")
    assert not (special / "out.json").exists() and not (special / "out.yaml").exists()


FAR = {
    "as-of": "as-of.yaml:48:86: JM203 [error] metric 'Demo-to-quote rate' of stage 'Consideration' was measured on "
    "9999-12-31, 2,912,114 days after today (2026-11-25)",
    "every-weeks": "every-weeks.yaml:19:3: JM002 [error] every of review: '999999999999 weeks' is longer than 100 "
    "years; a cadence that long never comes due",
    "every-years": "every-years.yaml:19:3: JM002 [error] every of review: '9999 years' is longer than 100 years; a "
    "cadence that long never comes due",
    "last-reviewed": "last-reviewed.yaml:18:3: JM203 [error] last_reviewed 9999-12-31 is 2,912,114 days after today "
    "(2026-11-25)",
}


def test_dates_past_year_9999_are_findings_in_every_command(tmp_path: Path) -> None:
    from tests.conftest import REPO

    made = far_dates(tmp_path / "far", REPO / "examples" / "b2b-saas.yaml")
    lint = _run_in(tmp_path, "lint", "far", "--today", "2026-11-25", "--select", "JM0,JM203")
    assert lint.returncode == 1, lint.stderr
    assert [line for line in lint.stdout.splitlines() if line][:-1] == [f"far/{FAR[name]}" for name in sorted(FAR)]
    for name in made:
        path = f"far/{name}.yaml"
        for args in (
            ["render", path, "--today", "2026-11-25"],
            ["report", path, "--today", "2026-11-25"],
            ["report", path, "--today", "2026-11-25", "-f", "json"],
            ["diff", str(REPO / "examples" / "b2b-saas.yaml"), path],
            ["export", path, "-o", f"{name}.svg", "--today", "2026-11-25"],
        ):
            result = _run_in(tmp_path, *args)
            assert "internal error" not in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)
            if args[0] == "export" and name.startswith("every"):
                assert result.returncode == 2 and result.stderr.startswith(f"jmap: error: {path}:19:3: JM002 ")
            else:
                assert result.returncode == 0, (args, result.stderr)
    report = _run_in(tmp_path, "report", "far", "--today", "2026-11-25", "-f", "json")
    assert report.returncode == 0 and len(json.loads(report.stdout)["maps"]) == 4


def test_a_four_megabyte_owner_is_clipped_in_the_portfolio_text(tmp_path: Path) -> None:
    path = tmp_path / "long-owner.yaml"
    long_owner(path, size=4_000_000)
    report = _jmap("report", str(path), "--today", "2026-11-25", "--width", "100")
    assert (report.returncode, report.stderr) == (0, "")
    assert "… (3,998,003 more\ncharacters)" in report.stdout
    assert len(report.stdout) < 20_000


@pytest.mark.parametrize(
    ("count", "last"),
    [
        (100_000, "JM003 [error] and 99,900 more JM003 findings in this file from here on, not listed (jmap lists "
         "the first 100 of each rule per file)"),
        (1_000_000, "JM001 [error] the file holds more than 1,000,000 values; a journey map never needs that many "
         "(20,000 touchpoints take about 700,000), so the file is not read"),
    ],
)  # fmt: skip
def test_unknown_keys_as_readme_says(tmp_path: Path, count: int, last: str) -> None:
    path = tmp_path / "keys.yaml"
    unknown_keys(path, count)
    lint = _jmap("lint", str(path), "--today", "2026-11-25", "--select", "JM0")
    assert (lint.returncode, lint.stderr) == (1, "")
    findings = [line for line in lint.stdout.splitlines() if line.startswith(str(path))]
    assert findings[-1].split(": ", 1)[1] == last
    assert len(findings) == (101 if count == 100_000 else 1)
