"""Folder lint never skips a map silently: every file that is (or plainly is meant as) a map is read or reported."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from jmap.formats.xlsx.writer import write_xlsx
from jmap.lint.core import LintOptions, lint
from jmap.lint.discovery import Sniff, sniff
from jmap.report import build_portfolio
from tests.conftest import GOOD_MAP, TODAY, run_jmap, write

runner = CliRunner()


def _workbook(folder: Path) -> bytes:
    src = write(folder / "src", "tiny.yaml", GOOD_MAP)
    from jmap.loader import load_map

    out = folder / "src" / "tiny.xlsx"
    write_xlsx(load_map(src, strict=True).model, out)
    return out.read_bytes()


def _rewrite(raw: bytes, change: Callable[[str, bytes], tuple[str, bytes] | None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            changed = change(info.filename, zin.read(info.filename))
            if changed is not None:
                zout.writestr(changed[0], changed[1])
    return out.getvalue()


def _codes(folder: Path) -> dict[str, list[str]]:
    result = lint([folder], LintOptions(select=("JM0",)))
    by_file: dict[str, list[str]] = {Path(o.path).name: [] for o in result.files if o.linted}
    for f in result.findings:
        by_file[Path(f.path).name].append(f.code)
    return by_file


def test_maps_in_any_encoding_a_reader_knows_are_linted_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + GOOD_MAP.encode())
    (tmp_path / "utf16.yaml").write_bytes(GOOD_MAP.encode("utf-16"))
    (tmp_path / "utf16be.yaml").write_bytes(b"\xfe\xff" + GOOD_MAP.encode("utf-16-be"))
    (tmp_path / "utf16-no-bom.yaml").write_bytes(GOOD_MAP.encode("utf-16-le"))
    codes = _codes(tmp_path)
    assert codes["bom.yaml"] == codes["utf16.yaml"] == codes["utf16be.yaml"] == []
    assert codes["utf16-no-bom.yaml"] == ["JM001"]


def test_a_map_that_lost_its_jmap_line_is_reported_not_skipped(tmp_path: Path) -> None:
    write(tmp_path, "lost.yaml", GOOD_MAP.replace("jmap: 1\n", ""))
    write(tmp_path, "ci.yaml", "stages: [build, test]\njobs: {}\n")
    result = lint([tmp_path], LintOptions())
    assert [(Path(f.path).name, f.code, f.line) for f in result.findings] == [("lost.yaml", "JM002", 1)]
    assert "has no 'jmap:' key" in result.findings[0].message
    assert result.files_checked == 1


def test_damaged_or_unusual_workbooks_are_findings_or_read(tmp_path: Path) -> None:
    raw = _workbook(tmp_path)
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "good.xlsx").write_bytes(raw)
    (maps / "not-a-zip.xlsx").write_bytes(b"just some text\n")
    (maps / "truncated.xlsx").write_bytes(raw[: len(raw) // 2])
    (maps / "no-touchpoints-sheet.xlsx").write_bytes(
        _rewrite(
            raw,
            lambda n, d: (
                (n, re.sub(rb'<sheet name="Touchpoints"[^>]*/>', b"", d)) if n == "xl/workbook.xml" else (n, d)
            ),
        )
    )

    def moved(name: str, data: bytes) -> tuple[str, bytes]:
        if name.startswith("xl/"):
            name = "book/" + name[3:]
        if name in ("_rels/.rels", "[Content_Types].xml"):
            data = data.replace(b"/xl/", b"/book/").replace(b'"xl/', b'"book/')
        return name, data

    (maps / "moved-parts.xlsx").write_bytes(_rewrite(raw, moved))
    (maps / "odd-encoding.xlsx").write_bytes(
        _rewrite(
            raw,
            lambda n, d: (n, d.replace(b'encoding="UTF-8"', b'encoding="UTF-z"')) if n == "xl/workbook.xml" else (n, d),
        )
    )
    result = lint([maps], LintOptions(select=("JM0",)))
    assert result.files_checked == 6
    found = {(Path(f.path).name, f.code) for f in result.findings}
    assert found == {
        ("not-a-zip.xlsx", "JM001"),
        ("truncated.xlsx", "JM001"),
        ("odd-encoding.xlsx", "JM001"),
    }
    messages = {Path(f.path).name: f.message for f in result.findings if f.code == "JM001"}
    assert messages["not-a-zip.xlsx"] == "not an XLSX workbook: the file is not a zip archive"
    assert "truncated" in messages["truncated.xlsx"]
    assert "UTF-z" in messages["odd-encoding.xlsx"]


def test_someone_elses_workbook_is_skipped_in_a_folder(tmp_path: Path) -> None:
    raw = _workbook(tmp_path)
    maps = tmp_path / "maps"
    write(maps, "tiny.yaml", GOOD_MAP)
    budget = _rewrite(
        raw,
        lambda n, d: (
            (n, re.sub(rb'<sheet name="[^"]*"', b'<sheet name="Budget"', d, count=1))
            if n == "xl/workbook.xml"
            else (n, d)
        ),
    )
    budget = _rewrite(
        budget,
        lambda n, d: (
            (n, re.sub(rb'<sheet name="(?!Budget)[^"]*" sheetId="(\d)"', rb'<sheet name="Q\1" sheetId="\1"', d))
            if n == "xl/workbook.xml"
            else (n, d)
        ),
    )
    (maps / "budget.xlsx").write_bytes(budget)
    assert sniff("budget.xlsx", budget) is Sniff.NOT_MAP
    assert sniff("tiny.xlsx", raw) is Sniff.MAP
    result = lint([maps], LintOptions())
    assert [(Path(o.path).name, o.linted) for o in result.files] == [("budget.xlsx", False), ("tiny.yaml", True)]


@pytest.mark.parametrize("command", ["lint", "report"])
def test_a_folder_without_maps_is_exit_2(tmp_path: Path, command: str) -> None:
    write(tmp_path / "empty-ish", "ci.yaml", "jobs: {}\n")
    (tmp_path / "nothing").mkdir()
    for folder in ("empty-ish", "nothing"):
        res = run_jmap(command, folder, cwd=tmp_path)
        assert res.returncode == 2, res.stdout
        assert res.stdout == ""
        assert res.stderr == f"jmap: error: no journey maps found under {folder}\n"


def test_a_named_non_map_in_pre_commit_mode_stays_silent(tmp_path: Path) -> None:
    ci = write(tmp_path, "ci.yaml", "jobs: {}\n")
    tiny = write(tmp_path, "tiny.yaml", GOOD_MAP)
    res = runner.invoke(app, ["lint", "--skip-non-maps", str(ci), str(tiny), "--today", TODAY])
    assert res.exit_code == 0, res.output
    assert res.output.strip().splitlines()[-1] == "1 file checked: no findings."
    res = runner.invoke(app, ["lint", "--skip-non-maps", str(ci), "--today", TODAY])
    assert res.exit_code == 0, res.output


def test_report_lists_the_same_files_lint_checks(tmp_path: Path) -> None:
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + GOOD_MAP.encode())
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    p = build_portfolio([tmp_path], LintOptions())
    assert [m.path for m in p.maps] == [str(tmp_path / "bom.yaml")]
    assert [u.error for u in p.unreadable] == [
        f"{tmp_path / 'broken.xlsx'}:1:1: JM001 not an XLSX workbook: the file is not a zip archive"
    ]
