"""The pre-commit hook, run for real: ``pre-commit try-repo`` installs jmap from this checkout into a
hook environment (which needs the package index) and runs it on a temporary git repository."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import GOOD_MAP, REPO, write

BAD_MAP = GOOD_MAP.replace("        owner: CSM\n        thoughts", "        thoughts")
WORKFLOW = """\
name: CI
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo "not a journey map"
"""


def _pre_commit() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    found = shutil.which("pre-commit")
    return [found] if found else None


PRE_COMMIT = _pre_commit()
pytestmark = [
    pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason=f"{REPO} is not a git checkout, so try-repo cannot use it"),
]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in ("NO_COLOR", "JMAP_FORMAT")}
    env.update(
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        GIT_AUTHOR_NAME="jmap tests",
        GIT_AUTHOR_EMAIL="tests@example.com",
        GIT_COMMITTER_NAME="jmap tests",
        GIT_COMMITTER_EMAIL="tests@example.com",
    )
    env.pop("GITHUB_ACTIONS", None)
    return env


def _git(repo: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _project(root: Path, env: dict[str, str], files: dict[str, str]) -> Path:
    repo = root / "project"
    for name, text in files.items():
        write(repo, name, text)
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", *files)
    _git(repo, env, "commit", "-q", "-m", "maps")
    return repo


def _try_repo(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    assert PRE_COMMIT is not None
    return subprocess.run(
        [*PRE_COMMIT, "try-repo", str(REPO), "jmap-lint", "--all-files", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_definition_matches_the_documented_one() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "jmap-lint"
    assert hook["entry"] == "jmap lint --skip-non-maps"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.(ya?ml|xlsx)$"
    assert hook["types"] == ["file"]
    assert hook["require_serial"] is False


def test_hook_fails_on_the_bad_map_and_ignores_other_yaml(tmp_path: Path, home: Path) -> None:
    env = _env(home)
    repo = _project(
        tmp_path,
        env,
        {"maps/good.yaml": GOOD_MAP, "maps/bad.yaml": BAD_MAP, ".github/workflows/ci.yml": WORKFLOW},
    )
    res = _try_repo(repo, env)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out
    assert "jmap lint" in out and "Failed" in out
    assert "maps/bad.yaml:20:9: JM101 [error] touchpoint 'Welcome email'" in out
    assert "maps/good.yaml:" not in out
    assert "ci.yml" not in out
    assert "2 files checked: 1 error in 1 file." in out


def test_hook_passes_when_the_maps_are_clean(tmp_path: Path, home: Path) -> None:
    env = _env(home)
    repo = _project(tmp_path, env, {"maps/good.yaml": GOOD_MAP, ".github/workflows/ci.yml": WORKFLOW})
    res = _try_repo(repo, env)
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert "Passed" in out
    assert "1 file checked: no findings." in out
