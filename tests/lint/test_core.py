from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jmap.errors import SourceError
from jmap.findings import Severity
from jmap.lint.config import Config, load_config
from jmap.lint.core import LintOptions, lint
from tests.conftest import GOOD_MAP, write

TODAY = date(2026, 11, 25)


def codes(paths: list[Path], **kw: object) -> list[tuple[str, str, int | None]]:
    result = lint(paths, LintOptions(today=TODAY, **kw))  # type: ignore[arg-type]
    return [(Path(f.path).name, f.code, f.line) for f in result.findings]


def test_good_map_is_clean(good_map: Path) -> None:
    result = lint([good_map], LintOptions(today=TODAY))
    assert result.findings == []
    assert result.files_checked == 1
    assert result.exit_code == 0


def test_select_ignore_prefix_and_name(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", GOOD_MAP.replace("        owner: CSM\n        thoughts", "        thoughts"))
    assert codes([path]) == [("m.yaml", "JM101", 20)]
    assert codes([path], ignore=("JM1",)) == []
    assert codes([path], ignore=("touchpoint-without-owner",)) == []
    assert codes([path], select=("JM4",)) == []
    assert codes([path], select=("ALL",), ignore=("JM101",)) == []


def test_structure_rules_cannot_be_deselected(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", GOOD_MAP + "onwer: x\n")
    assert codes([path], select=("JM1",)) == [("m.yaml", "JM003", 38)]


def test_severity_override_and_fail_on(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", GOOD_MAP.replace("segment: SMB\n", ""))
    base = lint([path], LintOptions(today=TODAY))
    assert [(f.code, f.severity) for f in base.findings] == [("JM602", Severity.WARNING)]
    assert base.exit_code == 0
    assert lint([path], LintOptions(today=TODAY, fail_on="warning")).exit_code == 1
    cfg = Config(severity=(("JM602", Severity.ERROR),))
    raised = lint([path], LintOptions(config=cfg, today=TODAY))
    assert [(f.code, f.severity) for f in raised.findings] == [("JM602", Severity.ERROR)]
    assert raised.exit_code == 1
    assert lint([path], LintOptions(config=cfg, today=TODAY, fail_on="never")).exit_code == 0


def test_suppressions_and_unused_ones(tmp_path: Path) -> None:
    text = GOOD_MAP.replace("segment: SMB\n", "").replace(
        "        owner: CSM\n        thoughts: Nice", "        thoughts: Nice  # jmap: ignore[JM101]"
    )
    text = text.replace("  - id: adoption\n", "  - id: adoption\n    x-jmap-ignore: [JM104, JM999, JM002]\n")
    text = text.replace("title: Tiny map\n", "title: Tiny map\nx-jmap-ignore: JM602\n")
    text = text.replace("      - id: review-call\n", "      - id: review-call  # jmap: ignore[JM405]\n")
    path = write(tmp_path, "m.yaml", text)
    result = lint([path], LintOptions(today=TODAY))
    got = [(f.code, f.line, f.message) for f in result.findings]
    assert got == [
        (
            "JM101",
            20,
            "touchpoint 'Welcome email' in stage 'Onboarding' has no owner; name the team or role that runs it",
        ),
        ("JM006", 23, "suppression of JM101 silences no finding; remove it"),
        ("JM006", 26, "suppression of JM104 silences no finding; remove it"),
        ("JM006", 26, "suppression names 'JM999', which is no jmap rule"),
        ("JM006", 26, "JM002 is a structure rule and cannot be suppressed"),
        ("JM006", 33, "suppression of JM405 silences no finding; remove it"),
    ]


def test_comment_on_its_own_line_silences_the_next_line(tmp_path: Path) -> None:
    text = GOOD_MAP.replace("      - id: welcome\n", "      # jmap: ignore[JM101]\n      - id: welcome\n").replace(
        "        owner: CSM\n        thoughts", "        thoughts"
    )
    path = write(tmp_path, "m.yaml", text)
    assert codes([path]) == []


def test_folder_walk_skips_non_maps_hidden_ignored_and_excluded(tmp_path: Path) -> None:
    write(tmp_path, "maps/a.yaml", GOOD_MAP)
    write(tmp_path, "maps/b.yml", GOOD_MAP.replace("segment: SMB\n", ""))
    write(tmp_path, "maps/workflow.yaml", "on: push\njobs: {}\n")
    write(tmp_path, "maps/.hidden/c.yaml", GOOD_MAP.replace("segment: SMB\n", ""))
    write(tmp_path, "maps/build/d.yaml", GOOD_MAP.replace("segment: SMB\n", ""))
    write(tmp_path, "maps/drafts/e.yaml", GOOD_MAP.replace("segment: SMB\n", ""))
    write(tmp_path, "maps/notes.txt", "jmap: 1\n")
    write(tmp_path, ".gitignore", "build/\n")
    (tmp_path / ".git").mkdir()
    cfg = Config(exclude=("maps/drafts/**",), root=tmp_path.resolve())
    result = lint([tmp_path / "maps"], LintOptions(config=cfg, today=TODAY))
    assert [Path(f.path).name for f in result.files] == ["a.yaml", "b.yml", "workflow.yaml"]
    assert [Path(f.path).name for f in result.files if f.linted] == ["a.yaml", "b.yml"]
    assert [(Path(f.path).name, f.code) for f in result.findings] == [("b.yml", "JM602")]


def test_named_non_map_is_a_finding_unless_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "workflow.yaml", "on: push\n")
    assert codes([path]) == [("workflow.yaml", "JM002", 1)]
    assert codes([path], skip_non_maps=True) == []


def test_missing_path_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        lint([tmp_path / "nope.yaml"], LintOptions(today=TODAY))


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path, "legacy/old.yaml", GOOD_MAP.replace("2026-10-01", "2020-01-01"))
    write(tmp_path, "new.yaml", GOOD_MAP.replace("2026-10-01", "2020-01-01"))
    cfg_path = write(tmp_path, "jmap.toml", '[per_file_ignores]\n"legacy/*.yaml" = ["JM2"]\n')
    result = lint([tmp_path], LintOptions(config=load_config(cfg_path), today=TODAY))
    assert [(Path(f.path).name, f.code) for f in result.findings] == [("new.yaml", "JM202")]


def test_parallel_output_equals_serial_output(tmp_path: Path) -> None:
    for i in range(40):
        text = GOOD_MAP if i % 3 else GOOD_MAP.replace("        owner: CSM\n", "")
        write(tmp_path, f"m{i:02d}.yaml", text)
    serial = lint([tmp_path], LintOptions(today=TODAY, jobs=1))
    parallel = lint([tmp_path], LintOptions(today=TODAY, jobs=2))
    assert serial.findings == parallel.findings
    assert [f.path for f in serial.files] == [f.path for f in parallel.files]
    assert len(serial.findings) == 28


def test_only_a_run_of_several_files_digests_their_content(tmp_path: Path) -> None:
    from jmap.lint.core import lint_file, plan_files
    from jmap.lint.discovery import Candidate

    one = write(tmp_path, "one.yaml", GOOD_MAP)
    two = write(tmp_path, "two.yaml", GOOD_MAP)
    options = LintOptions(today=TODAY)
    [alone] = plan_files([Candidate(str(one), True)], options)
    pair = plan_files([Candidate(str(one), True), Candidate(str(two), True)], options)
    assert (alone.twins, [p.twins for p in pair]) == (False, [True, True])
    assert lint_file(alone).identity is None
    identity = lint_file(pair[0]).identity
    assert identity is not None and identity == lint_file(pair[1]).identity and len(identity[1] or "") == 128
