from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from jmap.lint.core import LintOptions, LintResult, lint
from jmap.reporters import REPORTERS, get_reporter, reporter_class
from jmap.reporters.base import ReportOptions
from jmap.rules import all_rules
from tests.conftest import GOOD_MAP, write

BAD = GOOD_MAP.replace("segment: SMB\n", "").replace("        owner: CSM\n        thoughts", "        thoughts")


@pytest.fixture
def result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LintResult:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "maps/bad.yaml", BAD)
    write(tmp_path, "maps/good.yaml", GOOD_MAP)
    return lint([Path("maps")], LintOptions(today=date(2026, 11, 25)))


def render(name: str, result: LintResult, **kw: bool) -> str:
    out = io.StringIO()
    get_reporter(name).write(result, out, ReportOptions(**kw))
    return out.getvalue()


def test_registry_names_match_classes() -> None:
    assert list(REPORTERS) == ["text", "json", "github", "sarif", "gitlab"]
    for name in REPORTERS:
        assert reporter_class(name).name == name


def test_text(result: LintResult) -> None:
    assert render("text", result) == (
        "maps/bad.yaml:1:1: JM602 [warning] the map names neither a segment nor a persona\n"
        "maps/bad.yaml:19:9: JM101 [error] touchpoint 'Welcome email' in stage 'Onboarding' has no owner; "
        "name the team or role that runs it\n"
        "\n"
        "2 files checked: 1 error, 1 warning in 1 file.\n"
    )
    assert render("text", result, quiet=True, statistics=True) == (
        "1  JM101  touchpoint-without-owner  [error]\n"
        "1  JM602  no-segment-or-persona     [warning]\n"
        "\n"
        "2 files checked: 1 error, 1 warning in 1 file.\n"
    )
    colored = render("text", result, color=True)
    assert "\x1b[31m[error]\x1b[0m" in colored
    assert "\x1b[" not in render("text", result)


def test_json(result: LintResult) -> None:
    doc = json.loads(render("json", result))
    assert list(doc) == ["version", "findings", "summary"]
    assert list(doc["findings"][0]) == [
        "path", "line", "column", "cell", "model_path", "code", "name", "severity", "message",
    ]  # fmt: skip
    assert [(f["code"], f["line"], f["column"], f["model_path"]) for f in doc["findings"]] == [
        ("JM602", 1, 1, "segment"),
        ("JM101", 19, 9, "stages[0].touchpoints[0].owner"),
    ]
    assert doc["summary"] == {
        "files_checked": 2,
        "files_with_findings": 1,
        "errors": 1,
        "warnings": 1,
        "info": 0,
        "by_rule": {"JM101": 1, "JM602": 1},
        "fail_on": "error",
        "failed": True,
    }


def test_github_workflow_commands_parse(result: LintResult) -> None:
    lines = render("github", result).splitlines()
    assert lines == [
        "::warning file=maps/bad.yaml,line=1,col=1,title=JM602 no-segment-or-persona::"
        "the map names neither a segment nor a persona",
        "::error file=maps/bad.yaml,line=19,col=9,title=JM101 touchpoint-without-owner::"
        "touchpoint 'Welcome email' in stage 'Onboarding' has no owner; name the team or role that runs it",
    ]
    for line in lines:
        head, _, message = line[2:].partition("::")
        level, _, props = head.partition(" ")
        assert level in ("error", "warning", "notice")
        fields = dict(p.split("=", 1) for p in props.split(","))
        assert set(fields) == {"file", "line", "col", "title"}
        assert message


def test_sarif_structure(result: LintResult) -> None:
    doc = json.loads(render("sarif", result))
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    for r in rules:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("JM602", "warning"), ("JM101", "error")]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "maps/bad.yaml"
        assert loc["region"]["startLine"] >= 1
        assert loc["region"]["startColumn"] >= 1
        assert r["message"]["text"]


def test_gitlab_code_quality(result: LintResult) -> None:
    issues = json.loads(render("gitlab", result))
    assert [(i["check_name"], i["severity"], i["location"]["lines"]["begin"]) for i in issues] == [
        ("JM602", "minor", 1),
        ("JM101", "major", 19),
    ]
    assert len({i["fingerprint"] for i in issues}) == 2
    assert all(i["location"]["path"] == "maps/bad.yaml" for i in issues)


def test_reporters_register_under_their_own_name_and_must_write() -> None:
    import pytest

    from jmap.reporters.base import REGISTRY, Reporter

    for name in REPORTERS:
        reporter_class(name)
    assert {name: cls.name for name, cls in REGISTRY.items()} == {name: name for name in REPORTERS}

    class Half(Reporter):
        name = "half-done"

    try:
        with pytest.raises(TypeError, match="abstract"):
            Half()  # type: ignore[abstract]
        with pytest.raises(RuntimeError, match="two reporters are called 'text'"):
            type("Again", (Reporter,), {"name": "text"})
    finally:
        REGISTRY.pop("half-done", None)
