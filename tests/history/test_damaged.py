"""Repositories that are damaged, shallow or hold huge blobs: a finding or one clear line, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

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
