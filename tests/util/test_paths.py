from __future__ import annotations

from pathlib import Path

import pytest

from jmap.util.paths import file_uri, relative_path, report_path, source_root, uri_reference


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "examples" / "deep").mkdir(parents=True)
    (root / "examples" / "a.yaml").write_text("x")
    return root


def test_source_root_is_the_git_top_level_or_the_folder(repo: Path, tmp_path: Path) -> None:
    assert source_root(repo / "examples" / "deep") == repo
    assert source_root(repo) == repo
    (tmp_path / "plain").mkdir()
    assert source_root(tmp_path / "plain") == tmp_path / "plain"


def test_source_root_accepts_a_worktree_git_file(tmp_path: Path) -> None:
    (tmp_path / "wt").mkdir()
    (tmp_path / "wt" / ".git").write_text("gitdir: /elsewhere\n")
    assert source_root(tmp_path / "wt") == tmp_path / "wt"


@pytest.mark.parametrize("cwd", ["", "examples", "examples/deep"])
@pytest.mark.parametrize(
    "spelling", ["{rel}examples/a.yaml", "./{rel}examples/a.yaml", "{rel}examples//./a.yaml", "{abs}"]
)
def test_relative_path_is_one_spelling(repo: Path, cwd: str, spelling: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / cwd)
    up = "../" * len(Path(cwd).parts)
    path = spelling.format(rel=up, abs=repo / "examples" / "a.yaml")
    assert relative_path(path, repo) == "examples/a.yaml"
    assert report_path(path, repo) == "examples/a.yaml"


def test_relative_path_outside_the_base(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "other.yaml"
    assert relative_path(outside, repo) is None
    assert relative_path(repo / ".." / "repo2" / "x.yaml", repo) is None
    assert report_path(outside, repo) == outside.as_posix()
    assert relative_path(repo, repo) == "."


@pytest.mark.parametrize(
    ("rel", "uri"),
    [
        ("maps/a b.yaml", "maps/a%20b.yaml"),
        ("maps/#1.yaml", "maps/%231.yaml"),
        ("maps/Müller.yaml", "maps/M%C3%BCller.yaml"),
        ("maps/100%.yaml", "maps/100%25.yaml"),
        ("maps/a?b:c.yaml", "maps/a%3Fb%3Ac.yaml"),
        ("maps/bad\udcff.yaml", "maps/bad%FF.yaml"),
        ("plain/map-1_v2.yaml", "plain/map-1_v2.yaml"),
    ],
)
def test_uri_reference_percent_encodes_each_segment(rel: str, uri: str) -> None:
    assert uri_reference(rel) == uri


def test_file_uri(tmp_path: Path) -> None:
    folder = tmp_path / "a b"
    assert file_uri(folder, folder=True) == f"file://{uri_reference(folder.as_posix())}/"
    assert file_uri(folder, folder=True).endswith("/a%20b/")
    assert file_uri(folder / "ü.yaml") == f"file://{uri_reference(folder.as_posix())}/%C3%BC.yaml"
