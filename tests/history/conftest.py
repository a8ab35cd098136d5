from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_jmap
from tests.history.gitrepo import GIT, ONBOARDING, OTHER, Repo, changed_onboarding


@pytest.fixture
def history(tmp_path: Path) -> Repo:
    """Two commits: the onboarding map is renamed and changed, the renewals map untouched, the workbook edited."""
    if GIT is None:
        pytest.skip("git is not installed")
    repo = Repo(tmp_path / "repo")
    repo.write("maps/onboarding.yaml", ONBOARDING)
    repo.write("maps/renewals.yaml", OTHER)
    repo.write(
        "workbook.yaml", OTHER.replace("id: renewals", "id: renewals-book").replace("Renewal call", "Renewal meeting")
    )
    res = run_jmap("export", "workbook.yaml", "-o", "maps/renewals-book.xlsx", cwd=repo.root)
    assert res.returncode == 0, res.stderr
    (repo.root / "workbook.yaml").unlink()
    repo.commit("first", "2026-09-01T10:00:00Z")
    repo.git("mv", "maps/onboarding.yaml", "maps/smb.yaml")
    repo.write("maps/smb.yaml", changed_onboarding(ONBOARDING))
    repo.write(
        "workbook.yaml",
        OTHER.replace("id: renewals", "id: renewals-book")
        .replace("Renewal call", "Renewal meeting")
        .replace("        owner: Account managers\n", "        owner: Renewals desk\n"),
    )
    res = run_jmap("export", "workbook.yaml", "-o", "maps/renewals-book.xlsx", "--force", cwd=repo.root)
    assert res.returncode == 0, res.stderr
    (repo.root / "workbook.yaml").unlink()
    repo.commit("second", "2026-11-20T10:00:00Z")
    return repo
