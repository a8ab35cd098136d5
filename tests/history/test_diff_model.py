"""The diff model on pairs of files: every kind of change, by id, and text that cannot forge output."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jmap.history.run import diff
from jmap.lint.core import LintOptions
from jmap.reporters.history import diff_markdown, diff_text
from tests.conftest import write
from tests.history.gitrepo import ONBOARDING

OPTIONS = LintOptions(today=date(2026, 11, 25))


def changes(tmp_path: Path, old: str, new: str) -> list[tuple[str, str, str, object, object]]:
    write(tmp_path, "old.yaml", old)
    write(tmp_path, "new.yaml", new)
    c = diff(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), OPTIONS)
    assert len(c.maps) == 1
    return [(ch.section, ch.kind, ch.subject, ch.old, ch.new) for ch in c.maps[0].changes if ch.section != "findings"]


def test_stages_added_removed_renamed_reordered(tmp_path: Path) -> None:
    new = ONBOARDING.replace("    name: Onboarding\n", "    name: Getting started\n")
    adoption = new.index("  - id: adoption")
    onboarding = new.index("  - id: onboarding")
    body = new[onboarding:adoption]
    new = new[:onboarding] + new[adoption:] + body
    new = new.replace(
        "  - id: adoption", "  - id: renewal\n    name: Renewal\n    touchpoints: []\n  - id: adoption", 1
    )
    assert changes(tmp_path, ONBOARDING + "  - id: gone\n    name: Gone\n", new) == [
        ("stages", "added", "renewal", None, "Renewal"),
        ("stages", "renamed", "onboarding", "Onboarding", "Getting started"),
        ("stages", "removed", "gone", "Gone", None),
        ("stages", "reordered", "", "onboarding, adoption", "adoption, onboarding"),
    ]


def test_touchpoints_added_removed_renamed_reordered_and_owners(tmp_path: Path) -> None:
    welcome = ONBOARDING[ONBOARDING.index("      - id: welcome") : ONBOARDING.index("      - id: kickoff")]
    new = ONBOARDING.replace(welcome, "")
    new = new.replace("              impact: high\n", "              impact: high\n", 1)
    new = new.replace("        name: Kickoff call\n", "        name: Kick-off meeting\n")
    new = new.replace("              owner: Sales Ops\n", "              owner: RevOps\n")
    new = new.replace("    owner: Onboarding team\n", "    owner: Implementation\n")
    new = new.replace("owner: CS Ops\n", "owner: Customer Success\n", 1)
    new = new.replace(
        "      - id: review-call\n", "      - id: survey\n        name: NPS survey\n      - id: review-call\n"
    )
    new = new.replace("  - id: adoption\n", "  - id: adoption\n", 1)
    kickoff_end = new.index("  - id: adoption")
    new = new[:kickoff_end] + welcome + new[kickoff_end:]
    old = ONBOARDING.replace(
        "      - id: review-call\n", "      - id: old-tp\n        name: Old one\n      - id: review-call\n"
    )
    assert changes(tmp_path, old, new) == [
        ("touchpoints", "renamed", "kickoff", "Kickoff call", "Kick-off meeting"),
        ("touchpoints", "added", "survey", None, "NPS survey"),
        ("touchpoints", "removed", "old-tp", "Old one", None),
        ("touchpoints", "reordered", "onboarding", "welcome, kickoff", "kickoff, welcome"),
        ("owners", "map", "smb-onboarding", "CS Ops", "Customer Success"),
        ("owners", "stage", "onboarding", "Onboarding team", "Implementation"),
        ("owners", "fix", "kickoff", "Sales Ops", "RevOps"),
    ]


def test_opportunities_pain_points_evidence_and_title(tmp_path: Path) -> None:
    new = ONBOARDING.replace("title: SMB onboarding", "title: SMB onboarding (2027)")
    new = new.replace("              status: in-progress\n", "              status: dropped\n")
    new = new.replace(
        "        thoughts: Fine\n",
        "        thoughts: Fine\n        pain_points:\n          - text: Report is confusing\n"
        "            opportunity:\n              fix: Explain the report\n              status: open\n",
    )
    new = new.replace("    source: Five interviews\n", "    source: Nine interviews\n")
    assert changes(tmp_path, ONBOARDING, new) == [
        ("map", "title", "smb-onboarding", "SMB onboarding", "SMB onboarding (2027)"),
        ("pain_points", "added", "review-call", None, "Report is confusing"),
        ("opportunities", "status", "kickoff", "in-progress", "dropped"),
        ("opportunities", "added", "review-call", None, "Explain the report"),
        ("evidence", "renamed", "", "Five interviews", "Nine interviews"),
    ]
    back = changes(tmp_path, new, ONBOARDING)
    assert ("pain_points", "removed", "review-call", "Report is confusing", None) in back
    assert ("opportunities", "status", "kickoff", "dropped", "in-progress") in back


def test_folders_pair_maps_by_id_and_report_added_and_removed(tmp_path: Path) -> None:
    write(tmp_path, "a/one.yaml", ONBOARDING)
    write(tmp_path, "a/gone.yaml", ONBOARDING.replace("id: smb-onboarding", "id: gone"))
    write(tmp_path, "b/renamed.yaml", ONBOARDING)
    write(tmp_path, "b/fresh.yaml", ONBOARDING.replace("id: smb-onboarding", "id: fresh"))
    write(tmp_path, "b/notes.yaml", "just: notes\n")
    c = diff(str(tmp_path / "a"), str(tmp_path / "b"), OPTIONS)
    assert [(m.id, m.status) for m in c.maps] == [
        ("fresh", "added"),
        ("smb-onboarding", "changed"),
        ("gone", "removed"),
    ]
    moved = (
        "moved",
        (tmp_path / "a/one.yaml").resolve().as_posix(),
        (tmp_path / "b/renamed.yaml").resolve().as_posix(),
    )
    assert [(ch.kind, ch.old, ch.new) for ch in c.maps[1].changes] == [moved]
    text = diff_text(c)
    assert f"{tmp_path / 'b' / 'fresh.yaml'} (map fresh, added)\n" in text
    assert text.endswith(
        "3 maps compared: 1 changed, 1 added, 1 removed; 3 findings introduced, 3 fixed.\n"
    )  # JM106 on the added and removed maps


def test_text_from_a_map_cannot_forge_output(tmp_path: Path) -> None:
    hostile = ONBOARDING.replace(
        "        name: Kickoff call\n", '        name: "Kick\\n::error file=x::boom \\e[2J \\u202e"\n'
    )
    write(tmp_path, "old.yaml", ONBOARDING)
    write(tmp_path, "new.yaml", hostile)
    c = diff(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), OPTIONS)
    text = diff_text(c)
    line = next(x for x in text.splitlines() if "renamed" in x)
    assert line == (
        '    ~ touchpoint kickoff renamed: "Kickoff call" -> '
        '"Kick\\n:<U+003A>error file=x:<U+003A>boom \\x1b[2J <U+202E>"'
    )
    assert not any(x.startswith("::") for x in text.splitlines())
    assert "\x1b" not in text and "\u202e" not in text
    md = diff_markdown(c)
    assert "- touchpoint `kickoff` renamed: “Kickoff call” -> “Kick<br>::error file=x::boom \\[2J \u202e”" not in md
    assert "\x1b" not in md and "\n::" not in md


@pytest.mark.parametrize("broken", ["jmap: 1\ntitle: [unclosed\n", "not: a map\n"])
def test_an_unreadable_version_is_a_change_not_a_crash(tmp_path: Path, broken: str) -> None:
    write(tmp_path, "old.yaml", ONBOARDING)
    write(tmp_path, "new.yaml", broken)
    c = diff(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), OPTIONS)
    kinds = [(ch.section, ch.kind) for ch in c.maps[0].changes]
    assert kinds[0] == ("map", "id") and ("map", "unreadable") in kinds
    assert ("findings", "introduced") in kinds


def test_reading_the_sides_in_two_processes_gives_the_same_comparison(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jmap.history import run
    from jmap.history.versions import Side, from_wire, load_side, to_wire

    write(tmp_path, "old.yaml", ONBOARDING)
    write(
        tmp_path,
        "new.yaml",
        ONBOARDING.replace("status: in-progress", "status: shipped").replace("emotion: -2", "emotion: 2"),
    )
    versions = load_side(Side(str(tmp_path / "old.yaml"), str(tmp_path / "old.yaml")), OPTIONS)
    assert from_wire(to_wire(versions)) == versions
    sequential = diff(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), OPTIONS)
    monkeypatch.setattr(run, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(run, "_spare_core", lambda: True)
    parallel = diff(str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), OPTIONS)
    assert parallel == sequential
    assert [c.kind for c in parallel.maps[0].changes if c.section == "opportunities"] == ["shipped"]
