from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from tests.conftest import GOOD_MAP, REPO, TODAY, run_jmap, write

runner = CliRunner()
BAD = GOOD_MAP.replace("        owner: CSM\n        thoughts", "        thoughts")


def test_runner_exit_codes(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", GOOD_MAP)
    bad = write(tmp_path, "bad.yaml", BAD)
    assert runner.invoke(app, ["lint", str(good), "--today", TODAY]).exit_code == 0
    res = runner.invoke(app, ["lint", str(bad), "--today", TODAY])
    assert res.exit_code == 1
    assert "JM101 [error]" in res.output
    assert runner.invoke(app, ["lint", str(bad), "--today", TODAY, "--fail-on", "never"]).exit_code == 0
    missing = runner.invoke(app, ["lint", str(tmp_path / "missing.yaml")])
    assert missing.exit_code == 2
    assert "no such file or folder" in missing.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--today", "yesterday"], "is not a date"),
        (["--select", "JM9"], "'JM9' names no rule"),
        (["--format", "xml"], "'xml' is not one of"),
        (["--fail-on", "fatal"], "'fatal' is not one of"),
    ],
)
def test_bad_options_exit_2(good_map: Path, args: list[str], fragment: str) -> None:
    res = run_jmap("lint", str(good_map), *args)
    assert res.returncode == 2
    assert fragment in res.stderr
    assert "Traceback" not in res.stderr
    assert "internal error" not in res.stderr


def test_subprocess_text_json_and_env(tmp_path: Path) -> None:
    write(tmp_path, "maps/bad.yaml", BAD)
    res = run_jmap("lint", "maps", "--today", TODAY, cwd=tmp_path)
    assert res.returncode == 1
    assert res.stdout.splitlines()[0].startswith("maps/bad.yaml:20:9: JM101 [error]")
    assert "\x1b[" not in res.stdout
    res = run_jmap("lint", "maps", "--today", TODAY, cwd=tmp_path, env={"JMAP_FORMAT": "json"})
    doc = json.loads(res.stdout)
    assert [f["code"] for f in doc["findings"]] == ["JM101"]
    assert res.stderr.strip() == "1 file checked: 1 error in 1 file."


def test_output_file_and_quiet(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", BAD)
    res = run_jmap("lint", "bad.yaml", "--today", TODAY, "-f", "sarif", "-o", "out.sarif", cwd=tmp_path)
    assert res.returncode == 1
    assert res.stdout == ""
    assert json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"][0]["ruleId"] == "JM101"
    res = run_jmap("lint", "bad.yaml", "--today", TODAY, "-q", cwd=tmp_path)
    assert res.stdout == "1 file checked: 1 error in 1 file.\n"
    bad_out = run_jmap("lint", "bad.yaml", "-o", "no/such/dir/out.txt", cwd=tmp_path)
    assert bad_out.returncode == 2
    assert "does not exist" in bad_out.stderr


@pytest.mark.parametrize("fmt", ["json", "gitlab", "sarif", "github"])
def test_quiet_never_empties_a_machine_report(tmp_path: Path, fmt: str) -> None:
    write(tmp_path, "bad.yaml", BAD)
    write(tmp_path, "worse.yaml", BAD.replace("id: tiny", "id: worse"))
    loud = run_jmap("lint", ".", "--today", TODAY, "-f", fmt, "-o", "loud.out", cwd=tmp_path)
    quiet = run_jmap("lint", ".", "--today", TODAY, "-f", fmt, "-o", "quiet.out", "-q", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (loud.returncode, "", loud.stderr)
    assert loud.returncode == 1
    written = (tmp_path / "quiet.out").read_bytes()
    assert written == (tmp_path / "loud.out").read_bytes()
    assert written.count(b"JM101") >= 2
    to_stdout = run_jmap("lint", ".", "--today", TODAY, "-f", fmt, "-q", cwd=tmp_path)
    assert to_stdout.stdout.encode() == written


def test_quiet_keeps_the_annotations_on_github_actions(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", BAD)
    res = run_jmap("lint", "bad.yaml", "--today", TODAY, "-q", cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert res.stdout.splitlines() == [
        "1 file checked: 1 error in 1 file.",
        "::error file=bad.yaml,line=20,col=9,title=JM101 touchpoint-without-owner::touchpoint 'Welcome email' in stage "
        "'Onboarding' has no owner; name the team or role that runs it",
    ]


def test_github_actions_adds_annotations_to_text(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", BAD)
    res = run_jmap("lint", "bad.yaml", "--today", TODAY, cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert "bad.yaml:20:9: JM101 [error]" in res.stdout
    assert "::error file=bad.yaml,line=20,col=9,title=JM101 touchpoint-without-owner::" in res.stdout


def test_config_is_found_and_cli_overrides_it(tmp_path: Path) -> None:
    write(tmp_path, "bad.yaml", BAD)
    write(tmp_path, "jmap.toml", 'ignore = ["JM101"]\ntoday = "2026-11-25"\n')
    assert run_jmap("lint", "bad.yaml", cwd=tmp_path).returncode == 0
    assert run_jmap("lint", "bad.yaml", "--select", "ALL", cwd=tmp_path).returncode == 0
    res = run_jmap("lint", "bad.yaml", "--config", "other.toml", cwd=tmp_path)
    assert res.returncode == 2
    assert "other.toml: config file not found" in res.stderr
    write(tmp_path, "broken/jmap.toml", "select = 5\n")
    res = run_jmap("lint", str(tmp_path / "bad.yaml"), cwd=tmp_path / "broken")
    assert res.returncode == 2
    assert "jmap.toml: select: must be a list of strings" in res.stderr


def test_rules_and_schema_commands() -> None:
    res = run_jmap("rules")
    assert res.returncode == 0
    assert "JM101  touchpoint-without-owner" in res.stdout
    res = run_jmap("rules", "touchpoint-without-owner")
    assert res.stdout.startswith("JM101 touchpoint-without-owner (error by default; Ownership)")
    assert run_jmap("rules", "JM999").returncode == 2
    rules = json.loads(run_jmap("rules", "--format", "json").stdout)
    assert len(rules) == len({r["code"] for r in rules})
    committed = (REPO / "schemas" / "journey-map.schema.json").read_text(encoding="utf-8")
    assert run_jmap("schema").stdout == committed, "run: jmap schema > schemas/journey-map.schema.json"


def test_version_and_help_are_fast_paths() -> None:
    assert run_jmap("--version").stdout.startswith("jmap ")
    res = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jmap", "--help"], capture_output=True, text=True, check=True
    )
    heavy = {"pydantic", "rich", "openpyxl", "ruamel", "yaml"}
    imported = {line.split("|")[-1].strip().split(".")[0] for line in res.stderr.splitlines() if "|" in line}
    assert not (heavy & imported), f"--help imports {heavy & imported}"


def _limit_memory() -> None:
    limit = 2 * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _bomb() -> str:
    lines = ["jmap: 1", "title: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\nstages: []\n"


HOSTILE = {
    "bomb.yaml": _bomb().encode(),
    "deep.yaml": b"jmap: 1\ntitle: deep\nstages: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    "huge.yaml": b"jmap: 1\nstages: []\ntitle: '" + b"x" * 50_000_000 + b"'\n",
    "binary.yaml": bytes(range(256)) * 64,
    "empty.yaml": b"",
    "comments.yaml": b"# nothing\n# here\n",
    "multi.yaml": b"jmap: 1\ntitle: a\nstages: []\n---\njmap: 1\ntitle: b\nstages: []\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_yaml_is_bounded(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    before = path.read_bytes()
    res = subprocess.run(
        [sys.executable, "-m", "jmap", "lint", name, "--today", TODAY, "-f", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_limit_memory,
        check=False,
    )
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr
    findings = json.loads(res.stdout)["findings"]
    if name == "huge.yaml":
        assert all(len(f["message"]) < 300 for f in findings)
    else:
        assert [f["code"] for f in findings] == ["JM001"]
    assert path.read_bytes() == before
