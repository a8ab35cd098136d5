"""``jmap lint --fix``: byte-level before and after on maps with comments, CRLF, a byte-order mark; dry runs."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from jmap.cli import build_app
from tests.conftest import TODAY

runner = CliRunner()

BEFORE = b"""\
# Onboarding map: keep this comment
jmap: 1
title: Onboarding        # aligned comment
owner: CS Ops
segment: SMB
review: {last_reviewed: 2026-10-01, every: 6 months}
evidence:
  - {id: interviews, type: interview, source: 'Eight interviews, July'}
x-jmap-ignore: [JM101, JM602]   # map-level
stages:
  - id: onboarding
    name: Onboarding
    owner: "Onboarding team"
    customer_goal: Get live
    red_flags: [No kickoff]
    exit_criteria: [Live]
    x-jmap-ignore:
      - JM402
    touchpoints:
      # the first touchpoint has no id yet
      - name: Kickoff call   # jmap: ignore[JM405]
        owner: CSM
        channel: call
        emotion: 1
      - {name: Welcome email, owner: CSM, channel: email, emotion: 1}
      - id: sso
        name: SSO
        owner: IT   # jmap: ignore[JM101, JM405]
        channel: web
        emotion: 1
        onwer: Support
        pain_points:
          - text: Slow
            basis: observed
            opportunity: {fix: F, owner: Support, target: X, impact: low, status: open}
"""

SAFE = b"""\
# Onboarding map: keep this comment
jmap: 1
title: Onboarding        # aligned comment
owner: CS Ops
segment: SMB
review: {last_reviewed: 2026-10-01, every: 6 months}
evidence:
  - {id: interviews, type: interview, source: 'Eight interviews, July'}
stages:
  - id: onboarding
    name: Onboarding
    owner: "Onboarding team"
    customer_goal: Get live
    red_flags: [No kickoff]
    exit_criteria: [Live]
    touchpoints:
      # the first touchpoint has no id yet
      - name: Kickoff call
        id: kickoff-call
        owner: CSM
        channel: call
        emotion: 1
      - {id: welcome-email, name: Welcome email, owner: CSM, channel: email, emotion: 1}
      - id: sso
        name: SSO
        owner: IT
        channel: web
        emotion: 1
        onwer: Support
        pain_points:
          - text: Slow
            basis: observed
            opportunity: {fix: F, owner: Support, target: X, impact: low, status: open}
"""


def _lint(*args: str) -> tuple[int, str]:
    done = runner.invoke(build_app(["lint"]), ["lint", "--today", TODAY, *args])
    return done.exit_code, done.output


def test_fix_applies_the_safe_fixes_and_keeps_every_other_byte(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(BEFORE)
    code, out = _lint(str(path), "--fix")
    assert path.read_bytes() == SAFE
    assert out == (
        f"{path}:29:9: JM003 [error] unknown field 'onwer' in touchpoint 'SSO' in stage 'Onboarding' "
        "(did you mean 'owner'?); fields of your own must start with 'x-'\n"
        f"{path}:32:13: JM604 [warning] pain point 'Slow' of touchpoint 'SSO' in stage 'Onboarding' is marked "
        "observed but cites no evidence\n"
        "\n"
        "1 file checked: 1 error, 1 warning in 1 file.\n"
        "fixed 8 findings in 1 file; 1 more finding can be fixed with --unsafe-fixes.\n"
    )
    assert code == 1
    code, out = _lint(str(path), "--fix")
    assert path.read_bytes() == SAFE
    assert out.endswith("fixed 0 findings in 0 files; 1 more finding can be fixed with --unsafe-fixes.\n")


def test_unsafe_fixes_change_the_meaning_and_a_rename_never_makes_a_duplicate_key(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(SAFE)
    code, out = _lint(str(path), "--fix", "--unsafe-fixes")
    assert path.read_bytes() == SAFE.replace(b"basis: observed", b"basis: assumed")
    assert out == (
        f"{path}:29:9: JM003 [error] unknown field 'onwer' in touchpoint 'SSO' in stage 'Onboarding' "
        "(did you mean 'owner'?); fields of your own must start with 'x-'\n"
        "\n"
        "1 file checked: 1 error in 1 file.\n"
        "fixed 1 finding in 1 file.\n"
    )
    assert code == 1


def test_an_unsafe_rename_lands_when_the_field_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    text = SAFE.replace(b"        owner: IT\n", b"").replace(b"basis: observed", b"basis: assumed")
    path.write_bytes(text)
    code, out = _lint(str(path), "--fix", "--unsafe-fixes")
    assert out.endswith("fixed 1 finding in 1 file.\n")
    assert path.read_bytes() == text.replace(b"        onwer: Support\n", b"        owner: Support\n")
    assert code == 0


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path, monkeypatch: object) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(BEFORE)
    import os

    os.chdir(tmp_path)
    try:
        code, out = _lint("map.yaml", "--fix", "--dry-run")
    finally:
        os.chdir(Path(__file__).parent)
    assert path.read_bytes() == BEFORE
    assert code == 1
    assert out.startswith("--- a/map.yaml\n+++ b/map.yaml\n@@ -6,7 +6,6 @@\n")
    assert "-x-jmap-ignore: [JM101, JM602]   # map-level\n" in out
    assert "+        id: kickoff-call\n" in out
    assert out.endswith("would fix 8 findings in 1 file; 1 more finding can be fixed with --unsafe-fixes.\n")


def test_line_ends_and_a_byte_order_mark_survive(tmp_path: Path) -> None:
    crlf = b"\xef\xbb\xbf" + BEFORE.replace(b"\n", b"\r\n")
    path = tmp_path / "map.yaml"
    path.write_bytes(crlf)
    _lint(str(path), "--fix")
    assert path.read_bytes() == b"\xef\xbb\xbf" + SAFE.replace(b"\n", b"\r\n")


def test_a_clean_map_is_not_touched_and_a_workbook_is_only_linted(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    clean = tmp_path / "clean.yaml"
    clean.write_bytes((repo / "examples/b2b-saas.yaml").read_bytes())
    before = clean.stat().st_mtime_ns
    code, out = _lint(str(clean), "--fix")
    assert (code, out) == (0, "1 file checked: no findings.\nfixed 0 findings in 0 files.\n")
    assert clean.stat().st_mtime_ns == before
    assert clean.read_bytes() == (repo / "examples/b2b-saas.yaml").read_bytes()


def test_dry_run_and_unsafe_fixes_need_fix(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_bytes(BEFORE)
    for flag in ("--dry-run", "--unsafe-fixes"):
        code, out = _lint(str(path), flag)
        assert code == 2
        assert out == "jmap: error: --dry-run and --unsafe-fixes work with --fix\n"
    code, out = _lint(str(path), "--fix", "--baseline", "b.json")
    assert code == 2
    assert path.read_bytes() == BEFORE
