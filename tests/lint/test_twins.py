"""One map, one count: a map and its own workbook in one folder count once in report, diff and the site;
two files holding one map id with different content are JM004 on each, naming the other."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_jmap
from tests.history.gitrepo import GIT, Repo

REPO = Path(__file__).resolve().parents[2]
B2B = REPO / "examples" / "b2b-saas.yaml"
TODAY = ("--today", "2026-11-25")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    maps = tmp_path / "maps"
    maps.mkdir()
    shutil.copy(B2B, maps / "b2b-saas.yaml")
    return maps


def export(source: Path, out: Path) -> None:
    done = run_jmap("export", str(source), "-o", str(out))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".fods"])
def test_a_map_and_its_own_workbook_count_once(folder: Path, suffix: str) -> None:
    export(folder / "b2b-saas.yaml", folder / f"b2b-saas{suffix}")
    alone = run_jmap("report", str(folder / "b2b-saas.yaml"), "-f", "json", *TODAY)
    both = run_jmap("report", str(folder), "-f", "json", *TODAY)
    assert both.returncode == alone.returncode == 0, both.stderr
    data, single = json.loads(both.stdout), json.loads(alone.stdout)
    assert [m["path"] for m in data["maps"]] == [str(folder / "b2b-saas.yaml")]
    assert len(data["opportunities"]) == len(single["opportunities"]) == 5
    assert data["twins"] == [
        {"id": "b2b-saas", "kept": str(folder / "b2b-saas.yaml"), "left_out": str(folder / f"b2b-saas{suffix}")}
    ]
    text = run_jmap("report", "maps", *TODAY, cwd=folder.parent).stdout
    assert text.splitlines()[1] == "1 map, 0 overdue for review, 5 open opportunities (as of 2026-11-25)"
    assert " ".join(text.split()).endswith(
        f"Maps kept in two files maps/b2b-saas{suffix} holds the same map as maps/b2b-saas.yaml ('b2b-saas'); it "
        "is counted once, as maps/b2b-saas.yaml"
    )
    lint = run_jmap("lint", str(folder), *TODAY)
    assert (lint.returncode, lint.stdout) == (0, "2 files checked: no findings.\n")


def test_the_site_has_one_page_per_map(folder: Path, tmp_path: Path) -> None:
    export(folder / "b2b-saas.yaml", folder / "b2b-saas.xlsx")
    site = tmp_path / "site"
    done = run_jmap("report", str(folder), "-f", "html", "-o", str(site), *TODAY)
    assert done.returncode == 0, done.stderr
    pages = sorted(p.name for p in (site / "maps").glob("*.html"))
    assert pages == ["b2b-saas.html"]
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Maps kept in two files" in index and "b2b-saas.xlsx holds the same map as" in index


def test_two_files_with_one_map_id_and_different_content_are_named_and_both_counted(folder: Path) -> None:
    export(folder / "b2b-saas.yaml", folder / "b2b-saas.xlsx")
    yaml = folder / "b2b-saas.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("owner: Customer Experience", "owner: CX"), "utf-8")
    lint = run_jmap("lint", str(folder), *TODAY)
    assert lint.returncode == 1
    assert [line for line in lint.stdout.splitlines() if "JM004" in line] == [
        f"{folder}/b2b-saas.xlsx:1:1: JM004 [error] map id 'b2b-saas' is also held by {folder}/b2b-saas.yaml, with "
        "different content, so the map is counted twice: keep one file per map, or export the one you edited over "
        "the other",
        f"{folder}/b2b-saas.yaml:1:1: JM004 [error] map id 'b2b-saas' is also held by {folder}/b2b-saas.xlsx, with "
        "different content, so the map is counted twice: keep one file per map, or export the one you edited over "
        "the other",
    ]
    data = json.loads(run_jmap("report", str(folder), "-f", "json", *TODAY).stdout)
    assert len(data["maps"]) == 2
    assert data["clashes"] == [{"id": "b2b-saas", "paths": [str(folder / "b2b-saas.xlsx"), str(yaml)]}]


def test_diff_does_not_call_the_workbook_added(tmp_path: Path) -> None:
    if GIT is None:
        pytest.skip("git is not installed")
    repo = Repo(tmp_path / "repo")
    repo.write("maps/b2b-saas.yaml", B2B.read_text(encoding="utf-8"))
    repo.commit("map")
    export(repo.root / "maps" / "b2b-saas.yaml", repo.root / "maps" / "b2b-saas.ods")
    done = run_jmap("diff", "HEAD:maps", "maps", cwd=repo.root)
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "1 map compared: 1 unchanged.")
