"""Lint baselines and ``lint --since``: only new findings fail, moved ones stay known, fixed ones are reported."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jmap.cli import app
from tests.conftest import GOOD_MAP, TODAY, run_jmap, write
from tests.history.gitrepo import Repo, needs_git

NO_OWNER = GOOD_MAP.replace("        owner: CSM\n        thoughts: Nice", "        thoughts: Nice")
WELCOME = "stages[onboarding].touchpoints[welcome].owner"


def lint(cwd: Path, *args: str) -> tuple[int, str, str]:
    res = run_jmap("lint", *args, "--today", TODAY, cwd=cwd)
    return res.returncode, res.stdout, res.stderr


def entries(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["jmap-baseline"] == 1
    found: list[dict[str, object]] = data["findings"]
    return found


def test_write_baseline_then_only_new_findings_fail(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "maps/a.yaml", NO_OWNER)
    assert lint(tmp_path, "maps", "--write-baseline", "baseline.json") == (
        0,
        "",
        "jmap: wrote 1 baseline entry to baseline.json\n",
    )
    text = (tmp_path / "baseline.json").read_text(encoding="utf-8")
    assert text == (
        '{\n  "jmap-baseline": 1,\n  "findings": [\n'
        f'    {{"path": "maps/a.yaml", "code": "JM101", "item": "{WELCOME}", '
        '"fingerprint": "' + entries(tmp_path / "baseline.json")[0]["fingerprint"] + '"}\n'
        "  ]\n}\n"
    )
    assert lint(tmp_path, "maps", "--baseline", "baseline.json") == (0, "1 file checked: no findings.\n", "")

    # The finding moves ten lines down: still the same finding.
    a = tmp_path / "maps" / "a.yaml"
    a.write_text("# note\n" * 10 + a.read_text(encoding="utf-8"), encoding="utf-8")
    assert lint(tmp_path, "./maps/", "--baseline", "baseline.json")[0] == 0
    assert lint(tmp_path / "maps", ".", "--baseline", "../baseline.json")[0] == 0

    # A new one is reported and fails.
    a.write_text(
        a.read_text(encoding="utf-8").replace("    owner: CSM\n    customer_goal: Use", "    customer_goal: Use")
    )
    code, out, _ = lint(tmp_path, "maps", "--baseline", "baseline.json", "--fail-on", "warning")
    assert code == 1
    assert (
        out
        == "maps/a.yaml:35:5: JM104 [warning] stage 'Adoption' has no owner\n\n1 file checked: 1 warning in 1 file.\n"
    )


def test_fixed_finding_is_an_unused_entry_and_rewrite_only_deletes_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    a = write(
        tmp_path, "maps/a.yaml", NO_OWNER.replace("    owner: CSM\n    customer_goal: Use", "    customer_goal: Use")
    )
    b = write(tmp_path, "maps/b.yaml", NO_OWNER.replace("id: tiny", "id: other"))
    assert lint(tmp_path, "maps", "--write-baseline", "base.json")[0] == 0
    first = (tmp_path / "base.json").read_text(encoding="utf-8")
    assert [(e["path"], e["code"], e["item"]) for e in entries(tmp_path / "base.json")] == [
        ("maps/a.yaml", "JM101", WELCOME),
        ("maps/a.yaml", "JM104", "stages[adoption].owner"),
        ("maps/b.yaml", "JM101", WELCOME),
    ]
    assert lint(tmp_path, "maps", "--write-baseline", "base.json")[0] == 0
    assert (tmp_path / "base.json").read_text(encoding="utf-8") == first, "rewriting must be stable"

    a.write_text(
        a.read_text(encoding="utf-8").replace("    customer_goal: Use", "    owner: CSM\n    customer_goal: Use")
    )
    code, out, _ = lint(tmp_path, "maps", "--baseline", "base.json")
    assert code == 0
    assert out == (
        "base.json:5:5: JM006 [warning] baseline entry JM104 stages[adoption].owner in maps/a.yaml matches no finding; "
        "run with --write-baseline base.json to drop it\n\n"
        "2 files checked: 1 warning in base.json.\n"
    )
    assert lint(tmp_path, "maps", "--baseline", "base.json", "--fail-on", "warning")[0] == 1
    assert (
        lint(tmp_path, "maps", "--baseline", "base.json", "--ignore", "JM006")[1] == "2 files checked: no findings.\n"
    )

    # Linting one file leaves the other file's entries alone; the rewrite only drops the fixed line.
    assert lint(tmp_path, "maps/a.yaml", "--write-baseline", "base.json")[0] == 0
    lines = first.splitlines()
    assert (tmp_path / "base.json").read_text(encoding="utf-8").splitlines() == [
        *lines[:4],
        lines[5],
        *lines[6:],
    ]
    # b's entry is not reported as unused when only a is linted.
    assert lint(tmp_path, "maps/a.yaml", "--baseline", "base.json") == (0, "1 file checked: no findings.\n", "")
    del b


def test_gitlab_and_baseline_share_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "maps/a.yaml", NO_OWNER)
    lint(tmp_path, "maps", "--write-baseline", "b.json")
    code, out, _ = lint(tmp_path, "maps", "-f", "gitlab")
    assert code == 1
    assert [i["fingerprint"] for i in json.loads(out)] == [e["fingerprint"] for e in entries(tmp_path / "b.json")]


def test_bad_baseline_files_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", NO_OWNER)
    assert lint(tmp_path, "a.yaml", "--baseline", "missing.json") == (
        2,
        "",
        "jmap: error: --baseline missing.json: no such file (write one with --write-baseline missing.json)\n",
    )
    write(tmp_path, "x.json", "{not json")
    assert lint(tmp_path, "a.yaml", "--baseline", "x.json")[2] == (
        "jmap: error: x.json:1:2: not a jmap baseline: Expecting property name enclosed in double quotes\n"
    )
    write(tmp_path, "y.json", '{"findings": []}')
    assert lint(tmp_path, "a.yaml", "--baseline", "y.json")[2] == (
        'jmap: error: y.json: not a jmap baseline (it needs "jmap-baseline": 1 and a "findings" list)\n'
    )
    write(tmp_path, "z.json", '{"jmap-baseline": 1, "findings": [{"path": 3}]}')
    assert lint(tmp_path, "a.yaml", "--baseline", "z.json")[2] == (
        "jmap: error: z.json: entry 1 needs text fields path, code and item (and a whole number occurrence from 0 "
        "to 999,999,999)\n"
    )


def test_cli_runner_write_and_use_baseline(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.yaml", NO_OWNER)
    runner = CliRunner()
    result = runner.invoke(app, ["lint", "a.yaml", "--today", TODAY, "--write-baseline", "b.json"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["lint", "a.yaml", "--today", TODAY, "--baseline", "b.json"])
    assert (result.exit_code, result.output) == (0, "1 file checked: no findings.\n")


@needs_git
def test_lint_since_reports_only_findings_introduced(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("maps/a.yaml", NO_OWNER)
    repo.commit("first")
    repo.git("mv", "maps/a.yaml", "maps/renamed.yaml")
    text = (repo.root / "maps/renamed.yaml").read_text(encoding="utf-8")
    repo.write(
        "maps/renamed.yaml",
        "# moved\n" * 10 + text.replace("    owner: CSM\n    customer_goal: Use", "    customer_goal: Use"),
    )
    before = repo.state()
    code, out, err = lint(repo.root, "maps", "--since", "HEAD")
    assert repo.state() == before
    assert (code, err) == (0, "")
    assert out == (
        "maps/renamed.yaml:35:5: JM104 [warning] stage 'Adoption' has no owner\n\n"
        "1 file checked: 1 warning in 1 file.\n"
    )
    assert lint(repo.root, "maps", "--since", "HEAD", "-q")[0] == 0
    code, out, _ = lint(repo.root, "maps")
    assert code == 1 and "JM101" in out
    assert lint(repo.root, "maps", "--since", "nope") == (
        2,
        "",
        f"jmap: error: unknown revision 'nope' in {repo.root.resolve()}\n",
    )


@needs_git
def test_since_with_a_baseline_reports_no_entry_of_a_finding_still_in_the_file(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("maps/a.yaml", NO_OWNER)
    repo.write("maps/b.yaml", NO_OWNER.replace("id: tiny", "id: other"))
    repo.commit("first")
    assert lint(repo.root, "maps", "--write-baseline", "base.json")[0] == 0
    assert len(entries(repo.root / "base.json")) == 2
    repo.commit("baseline")
    repo.write("maps/a.yaml", NO_OWNER.replace("    owner: CSM\n    customer_goal: Use", "    customer_goal: Use"))
    assert lint(repo.root, "maps", "--since", "HEAD", "--baseline", "base.json", "--fail-on", "warning") == (
        1,
        "maps/a.yaml:25:5: JM104 [warning] stage 'Adoption' has no owner\n\n2 files checked: 1 warning in 1 file.\n",
        "",
    )
    assert lint(repo.root, "maps/a.yaml", "--since", "HEAD", "--baseline", "base.json", "--ignore", "JM104") == (
        0,
        "1 file checked: no findings.\n",
        "",
    )


def test_entries_of_rules_that_did_not_run_are_not_stale(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "a.yaml", NO_OWNER)
    assert lint(tmp_path, "a.yaml", "--write-baseline", "base.json")[0] == 0
    assert lint(tmp_path, "a.yaml", "--baseline", "base.json", "--select", "JM2,JM006") == (
        0,
        "1 file checked: no findings.\n",
        "",
    )


def test_summary_names_the_baseline_beside_the_files_checked(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    a = write(tmp_path, "a.yaml", NO_OWNER)
    assert lint(tmp_path, "a.yaml", "--write-baseline", "base.json")[0] == 0
    a.write_text(GOOD_MAP.replace("    owner: CSM\n    customer_goal: Use", "    customer_goal: Use"))
    code, out, _ = lint(tmp_path, "a.yaml", "--baseline", "base.json")
    assert out.splitlines()[-1] == "1 file checked: 2 warnings in 1 file and base.json."
    assert out.count("JM006") == 1 and out.count("JM104") == 1
    assert code == 0


def test_write_baseline_refuses_to_replace_a_file_that_is_not_a_baseline(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", NO_OWNER)
    write(tmp_path, "notes.json", '{"todo": 1}')
    assert lint(tmp_path, "a.yaml", "--write-baseline", "notes.json") == (
        2,
        "",
        'jmap: error: notes.json: not a jmap baseline (it needs "jmap-baseline": 1 and a "findings" list)\n',
    )
    assert (tmp_path / "notes.json").read_text(encoding="utf-8") == '{"todo": 1}'


def test_hostile_baselines_are_one_clear_line(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", NO_OWNER)
    cases = {
        "deep.json": ("[" * 100_000 + "]" * 100_000, "deep.json: not a jmap baseline: its JSON is nested too deeply"),
        "digits.json": (
            '{"jmap-baseline": 1, "findings": [{"path": "a.yaml", "code": "JM101", "item": "", "occurrence": '
            + "9" * 5000
            + "}]}",
            "digits.json: not a jmap baseline: a number in it has more than 4,300 digits",
        ),
        "big.json": (
            '{"jmap-baseline": 1, "findings": [{"path": "a.yaml", "code": "JM101", "item": "", "occurrence": '
            + "9" * 12
            + "}]}",
            "big.json: entry 1 needs text fields path, code and item (and a whole number occurrence from 0 to "
            "999,999,999)",
        ),
        "v2.json": (
            '{"jmap-baseline": 2, "findings": []}',
            'v2.json: a jmap baseline of version 2 ("jmap-baseline": 2); this jmap reads version 1',
        ),
        "float.json": (
            '{"jmap-baseline": 1.0, "findings": []}',
            'float.json: a jmap baseline of version 1.0 ("jmap-baseline": 1.0); this jmap reads version 1',
        ),
        "true.json": (
            '{"jmap-baseline": true, "findings": []}',
            'true.json: a jmap baseline of version true ("jmap-baseline": true); this jmap reads version 1',
        ),
    }
    for name, (text, message) in cases.items():
        write(tmp_path, name, text)
        assert lint(tmp_path, "a.yaml", "--baseline", name) == (2, "", f"jmap: error: {message}\n"), name
    (tmp_path / "bom.json").write_bytes(b'\xef\xbb\xbf{"jmap-baseline": 1, "findings": []}\n')
    code, out, err = lint(tmp_path, "a.yaml", "--baseline", "bom.json")
    assert (code, err) == (1, "") and "JM101" in out


def test_write_baseline_replaces_a_broken_baseline_with_a_notice(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", NO_OWNER)
    broken = '{\n  "jmap-baseline": 1,\n  "findings": [\n<<<<<<< HEAD\n'
    write(tmp_path, "b.json", broken)
    assert lint(tmp_path, "a.yaml", "--write-baseline", "b.json") == (
        0,
        "",
        "jmap: notice: replacing a baseline that could not be read: b.json:4:1: not a jmap baseline: "
        "Expecting value\njmap: wrote 1 baseline entry to b.json\n",
    )
    assert [e["code"] for e in entries(tmp_path / "b.json")] == ["JM101"]
    assert lint(tmp_path, "a.yaml", "--baseline", "b.json")[0] == 0


def test_a_million_entry_baseline_lists_100_stale_entries_then_a_count(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD_MAP)
    rows = ",\n".join(
        f'    {{"path": "a.yaml", "code": "JM101", "item": "stages[onboarding].touchpoints[t{i}]"}}'
        for i in range(1_000_000)
    )
    write(tmp_path, "big.json", '{\n  "jmap-baseline": 1,\n  "findings": [\n' + rows + "\n  ]\n}\n")
    code, out, err = lint(tmp_path, "a.yaml", "--baseline", "big.json")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert len(lines) == 103
    assert lines[0] == (
        "big.json:4:5: JM006 [warning] baseline entry JM101 stages[onboarding].touchpoints[t0] in a.yaml matches no "
        "finding; run with --write-baseline big.json to drop it"
    )
    assert lines[100] == (
        "big.json:104:5: JM006 [warning] and 999,900 more JM006 findings in this file from here on, not listed "
        "(jmap lists the first 100 of each rule per file)"
    )
    assert lines[-1] == "1 file checked: 101 warnings in big.json."


def test_write_baseline_for_a_latin1_file_name_reads_back(tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"caf\xe9.yaml")
    (tmp_path / name).write_text(NO_OWNER, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    res = run_jmap("lint", ".", "--today", TODAY, "--write-baseline", "b.json", cwd=tmp_path)
    assert (res.returncode, res.stderr) == (0, "jmap: wrote 1 baseline entry to b.json\n")
    assert '"path": "caf\\udce9.yaml"' in (tmp_path / "b.json").read_text(encoding="utf-8")
    assert lint(tmp_path, ".", "--baseline", "b.json")[:2] == (0, "1 file checked: no findings.\n")


def test_the_wrote_line_shows_a_forged_path_visibly(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", NO_OWNER)
    res = run_jmap("lint", "a.yaml", "--today", TODAY, "--write-baseline", "x\n##[error]\u202e.json", cwd=tmp_path)
    assert (res.returncode, res.stderr) == (0, "jmap: wrote 1 baseline entry to x\\n#<U+0023>[error]<U+202E>.json\n")
