"""Path patterns (exclude, per_file_ignores) and .gitignore files follow git's rules, through pathspec."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jmap.lint.config import Config
from jmap.lint.core import LintOptions, lint
from jmap.lint.paths import GitIgnore, path_matches
from tests.conftest import GOOD_MAP, write


@pytest.mark.parametrize(
    ("patterns", "path", "is_dir", "expected"),
    [
        (("drafts",), "maps/drafts/a.yaml", False, True),  # no slash: a name at any depth, and all below it
        (("/drafts",), "maps/drafts/a.yaml", False, False),  # leading slash: anchored at the config folder
        (("maps/*.yaml",), "maps/a.yaml", False, True),
        (("maps/*.yaml",), "maps/sub/a.yaml", False, False),  # * does not cross folders
        (("maps/**/*.yaml",), "maps/sub/deep/a.yaml", False, True),
        (("*.yaml", "!keep.yaml"), "maps/keep.yaml", False, False),  # ! re-includes; the last match decides
        (("build/",), "build", False, False),  # a trailing slash matches folders only
        (("build/",), "build", True, True),
        (("m?p.yaml",), "map.yaml", False, True),
        (("m[!a]p.yaml",), "map.yaml", False, False),
    ],
)
def test_patterns_have_gitignore_semantics(patterns: tuple[str, ...], path: str, is_dir: bool, expected: bool) -> None:
    assert path_matches(patterns, path, is_dir=is_dir) is expected


def test_a_deeper_gitignore_overrides_a_shallower_one(tmp_path: Path) -> None:
    write(tmp_path, ".gitignore", "*.yaml\n")
    write(tmp_path, "maps/.gitignore", "!keep.yaml\n")
    ignore = GitIgnore()
    assert ignore.ignored(tmp_path / "maps" / "drop.yaml", False, tmp_path)
    assert not ignore.ignored(tmp_path / "maps" / "keep.yaml", False, tmp_path)
    assert ignore.ignored(tmp_path / "keep.yaml", False, tmp_path)


def test_the_walk_honours_negated_gitignore_and_excluded_folders(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "generated-*.yaml\n!generated-keep.yaml\n# a comment\n\\#hash.yaml\n")
    for name in ("a.yaml", "generated-x.yaml", "generated-keep.yaml", "#hash.yaml", "old/b.yaml"):
        write(tmp_path, f"maps/{name}", GOOD_MAP)
    cfg = Config(exclude=("old",), root=tmp_path.resolve())
    result = lint([tmp_path / "maps"], LintOptions(config=cfg, today=date(2026, 11, 25)))
    assert [Path(f.path).name for f in result.files] == ["a.yaml", "generated-keep.yaml"]
