"""CI integrations, tried as far as they can be without GitHub or GitLab: action.yml's shell steps run in a
simulated runner, the GitLab report is checked field by field, and every snippet in docs/ci.md is run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import GOOD_MAP, REPO, TODAY, run_jmap, write

BAD_MAP = GOOD_MAP.replace("        owner: CSM\n        thoughts", "        thoughts")
ACTION = REPO / "action.yml"
CI_DOC = REPO / "docs" / "ci.md"
BASH = shutil.which("bash")
needs_bash = pytest.mark.skipif(BASH is None, reason="bash is not installed")


def action() -> dict[str, Any]:
    data = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def step(name: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = action()["runs"]["steps"]
    return next(s for s in steps if s.get("name") == name)


def runner_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment a GitHub runner gives a composite step, with files for its outputs."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "JMAP_FORMAT", "FORCE_COLOR")}
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    for name in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"):
        (runner / name).touch()
        env[name] = str(runner / name)
    env.update(GITHUB_ACTIONS="true", RUNNER_TEMP=str(runner), GITHUB_WORKSPACE=str(tmp_path))
    env.update(extra)
    return env


def run_step(
    name: str, env: dict[str, str], cwd: Path, context: dict[str, str] | None = None, **inputs: str
) -> subprocess.CompletedProcess[str]:
    s = step(name)
    assert s["shell"] == "bash"
    step_env = {k: expand(v, inputs, context) for k, v in s.get("env", {}).items()}
    assert BASH is not None
    return subprocess.run(
        [BASH, "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", s["run"]],
        cwd=cwd,
        env={**env, **step_env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def expand(value: str, inputs: dict[str, str], extra: dict[str, str] | None = None) -> str:
    """Resolve the ``${{ … }}`` expressions action.yml uses in step env, as the runner would."""
    defaults = {k: v.get("default", "") for k, v in action()["inputs"].items()}
    context = {
        **{f"inputs.{k}": inputs.get(k, d) for k, d in defaults.items()},
        "github.action_path": str(REPO),
        "github.action_repository": "jmap-dev/jmap",
        "github.event_name": "push",
        "github.event.pull_request.base.sha": "",
        **(extra or {}),
    }
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: context[m.group(1)], value)


# --- action.yml -------------------------------------------------------------------------------------------


def test_action_structure() -> None:
    a = action()
    assert a["name"] and a["description"]
    assert {k: v["default"] for k, v in a["inputs"].items()} == {
        "paths": ".",
        "args": "",
        "diff": "true",
        "version": "",
    }
    assert a["runs"]["using"] == "composite"
    steps = a["runs"]["steps"]
    setup = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    assert "steps.python.outputs.found" in setup["if"]
    for s in steps:
        if "run" in s:
            assert s["shell"] == "bash", s["name"]
            assert "${{" not in s["run"], f"{s['name']}: inputs must reach the script through env, not be pasted in"
    install = step("Install jmap")
    assert install["env"]["JMAP_ACTION_PATH"] == "${{ github.action_path }}"
    assert install["env"]["JMAP_VERSION"] == "${{ inputs.version }}"
    lint = step("jmap lint")
    assert "jmap lint --format github $JMAP_ARGS $JMAP_PATHS" in lint["run"]
    assert "GITHUB_STEP_SUMMARY" in lint["run"]
    diff = step("jmap diff")
    assert diff["if"] == "inputs.diff != 'false' && github.event_name == 'pull_request'"
    assert diff["env"]["JMAP_BASE"] == "${{ github.event.pull_request.base.sha }}"
    assert 'jmap diff --format md "$JMAP_BASE:./$path" "$path"' in diff["run"]
    assert steps.index(diff) < steps.index(lint), "the summary is written even when lint fails the job"


@needs_bash
def test_find_python_step_sees_this_python(tmp_path: Path) -> None:
    env = runner_env(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    res = run_step("Find Python 3.11 or newer", env, tmp_path)
    assert res.returncode == 0, res.stderr
    assert Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8") == "found=true\n"


@needs_bash
def test_install_and_lint_steps_work_end_to_end(tmp_path: Path) -> None:
    """The install step builds jmap from this checkout into a fresh venv; the lint step runs that jmap."""
    env = runner_env(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    install = run_step("Install jmap", env, tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    (bin_dir,) = Path(env["GITHUB_PATH"]).read_text(encoding="utf-8").split()
    assert install.stdout.strip().startswith("jmap ")
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    assert shutil.which("jmap", path=env["PATH"]) == str(Path(bin_dir) / "jmap")

    work = tmp_path / "work"
    write(work, "maps/good.yaml", GOOD_MAP)
    write(work, "maps/bad.yaml", BAD_MAP)
    write(work, ".github/workflows/ci.yml", "on: push\n")
    res = run_step("jmap lint", env, work, args=f"--today {TODAY}")
    assert res.returncode == 1, res.stderr
    assert res.stdout.splitlines() == [
        "::error file=maps/bad.yaml,line=20,col=9,title=JM101 touchpoint-without-owner::"
        "touchpoint 'Welcome email' in stage 'Onboarding' has no owner; name the team or role that runs it"
    ]
    assert res.stderr.strip() == "2 files checked: 1 error in 1 file."
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert summary == "### jmap lint\n\n2 files checked: 1 error in 1 file.\n"

    (work / "maps" / "bad.yaml").unlink()
    clean = run_step("jmap lint", env, work, paths="maps", args=f"--today {TODAY}")
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout == ""


@needs_bash
def test_lint_step_on_the_examples(tmp_path: Path) -> None:
    env = runner_env(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    res = run_step("jmap lint", env, REPO, paths="examples", args=f"--today {TODAY}")
    assert res.returncode == 1, res.stderr
    lines = res.stdout.splitlines()
    assert lines and all(re.match(r"::(error|warning|notice) file=examples/", line) for line in lines)
    assert "examples/defects/stale-unowned-onboarding.yaml" in res.stdout
    assert "files checked" in Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")


@needs_bash
def test_lint_step_reports_usage_errors(tmp_path: Path) -> None:
    env = runner_env(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    res = run_step("jmap lint", env, tmp_path, paths="no-such-folder")
    assert res.returncode == 2
    assert "no-such-folder: no such file or folder" in res.stderr


@needs_bash
def test_diff_step_writes_the_pull_request_summary(tmp_path: Path) -> None:
    """A pull request that re-owns a touchpoint: the step writes the Markdown diff against the base commit."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    env = runner_env(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    work = tmp_path / "work"
    write(work, "maps/tiny.yaml", GOOD_MAP)
    ident = ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], [*ident, "commit", "-q", "-m", "base"]):
        subprocess.run([git, *args], cwd=work, check=True, capture_output=True)
    base = subprocess.run([git, "rev-parse", "HEAD"], cwd=work, check=True, capture_output=True, text=True)
    sha = base.stdout.strip()
    write(
        work,
        "maps/tiny.yaml",
        GOOD_MAP.replace("        owner: CSM\n        emotion: 0", "        owner: Support\n        emotion: 0"),
    )
    pr = {"github.event_name": "pull_request", "github.event.pull_request.base.sha": sha}
    res = run_step("jmap diff", env, work, context=pr, paths="maps")
    assert res.returncode == 0, res.stderr
    assert Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8") == (
        f"## Journey map changes: `{sha}:./maps` → `maps`\n\n"
        "1 map compared: 1 changed.\n\n"
        "### `maps/tiny.yaml` (map `tiny`)\n\n"
        "**Owners**\n\n"
        "- touchpoint `review-call`: “CSM” -> “Support”\n"
    )
    Path(env["GITHUB_STEP_SUMMARY"]).write_text("", encoding="utf-8")
    missing = run_step("jmap diff", env, work, context=pr, paths="maps nowhere")
    assert missing.returncode == 0
    assert "::warning title=jmap diff::could not compare nowhere with the base commit; see the log" in missing.stdout
    assert "jmap: error: nowhere: no such file or folder" in missing.stderr
    skipped = run_step("jmap diff", env, work, paths="maps")
    assert (skipped.returncode, skipped.stdout) == (0, "jmap diff: no pull-request base commit; no diff summary\n")


# --- GitLab code quality ----------------------------------------------------------------------------------


def gitlab_report(folder: Path) -> list[dict[str, Any]]:
    res = run_jmap(
        "lint", "--format", "gitlab", "-o", "gl-code-quality-report.json", "maps", "--today", TODAY, cwd=folder
    )
    assert res.returncode == 1, res.stderr
    data = json.loads((folder / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


def test_gitlab_report_fields_and_stable_fingerprints(tmp_path: Path) -> None:
    write(tmp_path, "maps/bad.yaml", BAD_MAP.replace("        owner: CSM\n        emotion: 0", "        emotion: 0"))
    first = gitlab_report(tmp_path)
    assert len(first) == 2
    for issue in first:
        assert isinstance(issue["description"], str) and issue["description"]
        assert re.fullmatch(r"JM\d{3}", issue["check_name"])
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] == "maps/bad.yaml"
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in first}) == len(first)

    again = gitlab_report(tmp_path)
    assert again == first

    bad = tmp_path / "maps" / "bad.yaml"
    bad.write_text("\n" + bad.read_text(encoding="utf-8"), encoding="utf-8")
    shifted = gitlab_report(tmp_path)
    assert [i["fingerprint"] for i in shifted] == [i["fingerprint"] for i in first]
    assert [i["location"]["lines"]["begin"] for i in shifted] == [i["location"]["lines"]["begin"] + 1 for i in first]


# --- docs/ci.md ---------------------------------------------------------------------------------------------


def doc_blocks() -> list[Any]:
    text = CI_DOC.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]


def jmap_commands(block: Any) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script") and isinstance(value, str):
                    found.extend(line.strip() for line in value.splitlines() if line.strip().startswith("jmap "))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, str) and item.startswith("jmap "):
                    found.append(item)
                walk(item)

    walk(block)
    return found


def test_every_doc_snippet_is_valid_yaml_of_the_right_shape() -> None:
    blocks = doc_blocks()
    assert len(blocks) == 7
    action_wf, pip_wf, sarif_wf, gitlab, baseline_wf, baseline_gitlab, precommit = blocks
    assert baseline_wf["jobs"]["jmap"]["steps"][0]["with"]["fetch-depth"] == 0
    assert baseline_gitlab["jmap"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert sarif_wf["permissions"]["security-events"] == "write"
    upload = sarif_wf["jobs"]["jmap"]["steps"][-1]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "jmap.sarif"
    uses = [s.get("uses") for s in action_wf["jobs"]["jmap"]["steps"]]
    assert "jmap-dev/jmap@v0.1.0" in uses
    assert set(action_wf["jobs"]["jmap"]["steps"][1]["with"]) <= set(action()["inputs"])
    assert any("pip install" in str(s.get("run", "")) for s in pip_wf["jobs"]["jmap"]["steps"])
    assert gitlab["jmap"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    hook_ids = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert precommit["repos"][0]["hooks"][0]["id"] in hook_ids


@needs_bash
def test_every_jmap_command_in_the_doc_runs(tmp_path: Path) -> None:
    commands = [c for block in doc_blocks() for c in jmap_commands(block)]
    assert commands == [
        "jmap lint maps",
        'jmap report maps --format md >> "$GITHUB_STEP_SUMMARY"',
        "jmap lint --format sarif -o jmap.sarif maps",
        "jmap lint --format gitlab -o gl-code-quality-report.json maps",
        'jmap diff --format md "$BASE_SHA:maps" maps >> "$GITHUB_STEP_SUMMARY"',
        "jmap lint maps --baseline .jmap-baseline.json",
        "jmap lint --baseline .jmap-baseline.json --format gitlab -o gl-code-quality-report.json maps",
        'jmap lint --since "$CI_MERGE_REQUEST_DIFF_BASE_SHA" maps',
    ]
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    write(tmp_path, "maps/good.yaml", GOOD_MAP)
    write(tmp_path, "maps/bad.yaml", BAD_MAP)
    write(tmp_path, "jmap.toml", f'today = "{TODAY}"\n')
    ident = ["-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "-A"], [*ident, "commit", "-q", "-m", "base"]):
        subprocess.run([git, *args], cwd=tmp_path, check=True, capture_output=True)
    sha = subprocess.run([git, "rev-parse", "HEAD"], cwd=tmp_path, check=True, capture_output=True, text=True)
    env = runner_env(tmp_path, BASE_SHA=sha.stdout.strip(), CI_MERGE_REQUEST_DIFF_BASE_SHA=sha.stdout.strip())
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    assert run_jmap("lint", "maps", "--write-baseline", ".jmap-baseline.json", cwd=tmp_path).returncode == 0
    write(tmp_path, "maps/good.yaml", GOOD_MAP.replace("owner: CS Ops", "owner: CS Operations"))
    assert BASH is not None
    codes = []
    reports = []
    for command in commands:
        res = subprocess.run(
            [BASH, "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert "Traceback" not in res.stderr
        codes.append(res.returncode)
        if "--format gitlab" in command:
            reports.append(json.loads((tmp_path / "gl-code-quality-report.json").read_text(encoding="utf-8")))
        if "--format sarif" in command:
            sarif = json.loads((tmp_path / "jmap.sarif").read_text(encoding="utf-8"))
    assert codes == [1, 0, 1, 1, 0, 0, 0, 0]
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "# Journey map portfolio" in summary
    assert "- map owner: “CS Ops” -> “CS Operations”\n" in summary
    assert [[i["check_name"] for i in r] for r in reports] == [["JM101"], []]
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    checker = jsonschema.Draft7Validator.FORMAT_CHECKER
    assert list(jsonschema.Draft7Validator(schema, format_checker=checker).iter_errors(sarif)) == []
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "maps/bad.yaml", "uriBaseId": "%SRCROOT%"}


# --- shell completion (docs/editors.md) ---------------------------------------------------------------------


@needs_bash
def test_bash_completion_from_show_completion(tmp_path: Path) -> None:
    script = """
eval "$(jmap --show-completion bash)"
complete -p jmap
COMP_WORDS=(jmap re); COMP_CWORD=1; _jmap_completion jmap; echo "commands: ${COMPREPLY[*]}"
COMP_WORDS=(jmap new --template ""); COMP_CWORD=3; _jmap_completion jmap; echo "templates: ${COMPREPLY[*]}"
COMP_WORDS=(jmap report --format ""); COMP_CWORD=3; _jmap_completion jmap; echo "formats: ${COMPREPLY[*]}"
"""
    env = {k: v for k, v in os.environ.items() if not k.startswith("_JMAP")}
    env.update(SHELL="/bin/bash", HOME=str(tmp_path), PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")
    assert BASH is not None
    res = subprocess.run(
        [BASH, "--norc", "--noprofile", "-c", script], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == [
        "complete -o default -F _jmap_completion jmap",
        "commands: report render",
        "templates: post-sale lifecycle success",
        "formats: text json md html",
    ]


@needs_bash
def test_install_completion_for_bash(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_JMAP")}
    env.update(SHELL="/bin/bash", HOME=str(tmp_path))
    res = run_jmap("--install-completion", "bash", env=env)
    assert res.returncode == 0, res.stderr
    installed = tmp_path / ".bash_completions" / "jmap.sh"
    assert "_jmap_completion" in installed.read_text(encoding="utf-8")
    assert f"source '{installed}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")
