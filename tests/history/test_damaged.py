"""Repositories that are damaged, shallow or hold huge blobs: a finding or one clear line, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jmap.formats import MAX_YAML_BYTES, max_bytes
from jmap.history.git import Blob, Repository
from tests.conftest import TODAY, run_jmap
from tests.history.gitrepo import GIT, ONBOARDING, OTHER, Repo, needs_git

pytestmark = needs_git


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Repo, str]:
    """One commit of two maps, then the renewals map's blob deleted from the object store (ls-tree says BAD)."""
    repo = Repo(tmp_path / "repo")
    repo.write("maps/onboarding.yaml", ONBOARDING)
    repo.write("maps/renewals.yaml", OTHER)
    repo.commit("first")
    sha = repo.git("rev-parse", "HEAD:maps/renewals.yaml").strip()
    (repo.root / ".git" / "objects" / sha[:2] / sha[2:]).unlink()
    assert "BAD\tmaps/renewals.yaml" in repo.git("ls-tree", "-r", "-l", "HEAD")
    return repo, sha


def test_a_missing_blob_is_a_finding_in_diff_lint_since_and_report_since(damaged: tuple[Repo, str]) -> None:
    repo, sha = damaged
    missing = f"object {sha} is missing from the repository (a shallow, partial or damaged clone?)"
    diff = run_jmap("diff", "HEAD:maps", "maps", cwd=repo.root)
    assert diff.returncode == 0, diff.stderr
    assert f'    fixed: JM001: "{missing}"' in diff.stdout.splitlines()
    assert "maps/renewals.yaml (map renewals)\n  Map\n    readable again (the old version could not be read)" in (
        diff.stdout
    )
    repo.write("maps/onboarding.yaml", ONBOARDING.replace("owner: CSM", "owner: ''", 1))
    lint = run_jmap("lint", "maps", "--since", "HEAD", "--today", TODAY, cwd=repo.root)
    assert lint.returncode == 1 and lint.stderr == ""
    assert lint.stdout.startswith("maps/onboarding.yaml:")
    report = run_jmap("report", "maps", "--since", "HEAD", "--today", TODAY, cwd=repo.root)
    assert report.returncode == 0 and report.stderr == ""
    assert report.stdout.startswith("Since HEAD (commit ")


def test_a_blob_over_the_cap_is_skipped_unread_and_blobs_stream_one_at_a_time(damaged: tuple[Repo, str]) -> None:
    repo, sha = damaged
    git = Repository.find(repo.root)
    commit = git.commit("HEAD")
    blobs = git.files(commit, "maps")
    assert blobs is not None
    assert [(b.path, b.size) for b in blobs] == [("maps/onboarding.yaml", len(ONBOARDING)), ("maps/renewals.yaml", -1)]
    onboarding = blobs[0]
    read = git.read([onboarding, blobs[1], onboarding], limit=100)
    assert next(read) == f"the file is {len(ONBOARDING):,} bytes; jmap reads files up to 100"
    assert next(read) == f"object {sha} is missing from the repository (a shallow, partial or damaged clone?)"
    assert next(read) == f"the file is {len(ONBOARDING):,} bytes; jmap reads files up to 100"
    assert list(git.read([onboarding, onboarding])) == [ONBOARDING.encode()] * 2
    assert list(git.read([Blob("x", "0" * 40)])) == [
        f"object {'0' * 40} is missing from the repository (a shallow, partial or damaged clone?)"
    ]


def test_a_shallow_clone_says_to_fetch_more_history(tmp_path: Path) -> None:
    assert GIT is not None
    origin = Repo(tmp_path / "origin")
    origin.write("maps/onboarding.yaml", ONBOARDING)
    origin.commit("first")
    origin.write("maps/onboarding.yaml", ONBOARDING.replace("thoughts: Nice", "thoughts: Nicer"))
    origin.commit("second")
    clone = tmp_path / "clone"
    origin.git("clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone))
    hint = (
        "; this is a shallow clone, so older commits are not here: fetch the history "
        "(git fetch --unshallow, or fetch-depth: 0 in actions/checkout)\n"
    )
    for args in (["diff", "HEAD~1:maps", "maps"], ["lint", "maps", "--since", "HEAD~1"]):
        res = run_jmap(*args, cwd=clone)
        assert (res.returncode, res.stdout) == (2, "")
        assert res.stderr == f"jmap: error: unknown revision 'HEAD~1' in {clone.resolve()}{hint}"
    res = run_jmap("report", "maps", "--since", "2020-01-01", cwd=clone)
    assert res.stderr == f"jmap: error: no commit on HEAD is from 2020-01-01 or before{hint}"
    full = run_jmap("diff", "HEAD~5:maps", "maps", cwd=origin.root)
    assert full.stderr == f"jmap: error: unknown revision 'HEAD~5' in {origin.root.resolve()}\n"


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """benchmarks/git_blobs.py at the smallest size that matters: one map a byte over the YAML cap per commit."""
    from benchmarks.git_blobs import build

    root = tmp_path_factory.mktemp("huge") / "repo"
    build(root, count=1, size=MAX_YAML_BYTES + 1)
    return root


TOO_BIG = f"the file is {MAX_YAML_BYTES + 1:,} bytes; jmap reads files up to {MAX_YAML_BYTES:,}"


def test_a_blob_over_the_yaml_cap_is_never_asked_of_git() -> None:
    """ls-tree gives the size, so git does not inflate a blob that will not be read (this sha is in no repository)."""
    too_big = Blob("maps/huge.yaml", "1" * 40, MAX_YAML_BYTES + 1)
    assert list(Repository(Path.cwd()).read([too_big], limit=max_bytes)) == [TOO_BIG]
    assert max_bytes("m.yml") == MAX_YAML_BYTES and max_bytes("m.xlsx") == max_bytes("grid.csv") == 256 * 1024**2


def test_huge_maps_in_history_are_findings_in_lint_since_diff_and_report_since(huge: Path) -> None:
    """Issue 25: five 200 MB blobs ran diff, lint --since and report --since out of memory."""
    lint = run_jmap("lint", "maps", "--since", "HEAD~2", "--today", TODAY, cwd=huge)
    assert (lint.returncode, lint.stderr) == (1, "")
    assert f"maps/huge0.yaml:1:1: JM001 [error] {TOO_BIG}" in lint.stdout.splitlines()
    grown = run_jmap("diff", "HEAD~2:maps", "HEAD~1:maps", cwd=huge)
    assert (grown.returncode, grown.stderr) == (0, "")
    assert f'    introduced: JM001: "{TOO_BIG}"' in grown.stdout.splitlines()
    both = run_jmap("diff", "HEAD~1:maps", "HEAD:maps", cwd=huge)
    assert (both.returncode, both.stderr) == (0, "")
    assert both.stdout.split("\n\n")[2:] == [
        "HEAD:maps/huge0.yaml (map huge0)\n  Map\n"
        f'    could not be read in either version, so it was not compared: "{TOO_BIG}"',
        "2 maps compared: 2 changed.\n",
    ]
    report = run_jmap("report", "maps", "--since", "HEAD~1", "--today", TODAY, "-f", "json", cwd=huge)
    assert (report.returncode, report.stderr) == (0, "")
    since = json.loads(report.stdout)
    assert (since["unreadable"], since["untouched"]) == ([f"maps/huge0.yaml: {TOO_BIG}"], [])
    text = run_jmap("report", "maps", "--since", "HEAD~1", "--today", TODAY, "--width", "120", cwd=huge)
    assert text.stdout.splitlines()[1:5] == [
        "2 maps, 1 unreadable: 0 shipped, 0 newly open, 0 new pain points, 0 better, 0 worse, 1 other change, "
        "0 not touched.",
        "",
        "Could not be read",
        f"  maps/huge0.yaml: {TOO_BIG}",
    ]
