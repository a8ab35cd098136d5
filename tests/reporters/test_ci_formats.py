"""SARIF and GitLab reports as GitHub and GitLab take them: the official schema, relative encoded URIs, cells."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from jmap.export import export
from jmap.lint.core import LintOptions, lint
from jmap.reporters import get_reporter
from jmap.reporters.base import ReportOptions
from jmap.util.paths import file_uri
from tests.conftest import GOOD_MAP, REPO, TODAY, run_jmap, write

SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
BAD = GOOD_MAP.replace("        owner: CSM\n        thoughts", "        thoughts")
NAMES = ("a b.yaml", "#1.yaml", "Müller.yaml", "100%.yaml")
CODE_QUALITY_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    for name in NAMES:
        write(root, f"maps/{name}", BAD)
    export(write(tmp_path, "book.yaml", BAD), root / "maps" / "book.xlsx")
    return root


def report(fmt: str, paths: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(cwd)
    result = lint([Path(p) for p in paths], LintOptions(today=date.fromisoformat(TODAY)))
    out = io.StringIO()
    get_reporter(fmt).write(result, out, ReportOptions())
    return json.loads(out.getvalue())


def test_schema_file_is_the_official_one() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    assert (
        SCHEMA["$id"]
        == "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
    )
    assert len(SCHEMA["definitions"]) == 52
    assert not VALIDATOR.is_valid({"version": "2.1.0", "runs": [], "extra": 1})


def test_format_checker_rejects_a_raw_space_in_a_uri() -> None:
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b.yaml"}}}]}
    ]}]}  # fmt: skip
    assert [e.validator for e in VALIDATOR.iter_errors(bad)] == ["format"]


@pytest.mark.parametrize("where", ["repo", "maps"])
def test_sarif_validates_and_names_files_relative_to_the_repository(
    repo: Path, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd = repo if where == "repo" else repo / "maps"
    doc = report("sarif", ["maps" if where == "repo" else "."], cwd, monkeypatch)
    assert list(VALIDATOR.iter_errors(doc)) == []
    (run,) = doc["runs"]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": file_uri(repo, folder=True)}}
    uris = set()
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc["uriBaseId"] == "%SRCROOT%"
        assert not loc["uri"].startswith(("/", "file:", "..")) and "/../" not in loc["uri"]
        uris.add(loc["uri"])
    assert uris == {"maps/a%20b.yaml", "maps/%231.yaml", "maps/M%C3%BCller.yaml", "maps/100%25.yaml", "maps/book.xlsx"}
    assert {unquote(u) for u in uris} == {f"maps/{n}" for n in (*NAMES, "book.xlsx")}


def test_sarif_yaml_findings_have_regions_and_workbook_findings_cells(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = report("sarif", ["maps/a b.yaml", "maps/book.xlsx"], repo, monkeypatch)
    by_file = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in doc["runs"][0]["results"]}
    yaml_result = by_file["maps/a%20b.yaml"]
    assert yaml_result["ruleId"] == "JM101"
    assert yaml_result["locations"][0]["physicalLocation"]["region"] == {"startLine": 20, "startColumn": 9}
    book = by_file["maps/book.xlsx"]
    assert book["ruleId"] == "JM101"
    location = book["locations"][0]
    assert "region" not in location["physicalLocation"]
    assert location["logicalLocations"] == [
        {"name": "E2", "fullyQualifiedName": "Touchpoints!E2", "kind": "element"},
        {"fullyQualifiedName": "stages[0].touchpoints[0].owner", "kind": "property"},
    ]
    assert book["message"]["text"].endswith("has no owner; name the team or role that runs it (Touchpoints!E2)")


def test_sarif_file_outside_the_repository_is_an_absolute_file_uri(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = write(tmp_path, "elsewhere/out side.yaml", BAD)
    doc = report("sarif", [str(outside)], repo, monkeypatch)
    assert list(VALIDATOR.iter_errors(doc)) == []
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": file_uri(outside)}
    assert loc["uri"].endswith("/elsewhere/out%20side.yaml")


@pytest.mark.parametrize(
    ("where", "spelling"),
    [("repo", "maps"), ("repo", "./maps/"), ("repo", "{abs}"), ("maps", "."), ("maps", "../maps"), ("deep", "../..")],
)
def test_gitlab_paths_are_the_same_however_lint_is_run(
    repo: Path, where: str, spelling: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "deep" / "er").mkdir(parents=True)
    cwd = {"repo": repo, "maps": repo / "maps", "deep": repo / "deep" / "er"}[where]
    target = spelling.format(abs=repo / "maps")
    if where == "deep":
        target = "../../maps"
    issues = report("gitlab", [target], cwd, monkeypatch)
    assert sorted({i["location"]["path"] for i in issues}) == sorted(f"maps/{n}" for n in (*NAMES, "book.xlsx"))
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"].startswith("JM")
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in CODE_QUALITY_SEVERITIES
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int) and begin >= 1
    book = [i for i in issues if i["location"]["path"] == "maps/book.xlsx" and i["check_name"] == "JM101"]
    assert [(i["location"]["lines"]["begin"], i["description"][-16:]) for i in book] == [(1, "(Touchpoints!E2)")]


def test_sarif_through_the_cli_from_a_subfolder(repo: Path) -> None:
    env = {"PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = run_jmap("lint", "-f", "sarif", "--today", TODAY, ".", cwd=repo / "maps", env=env)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert list(VALIDATOR.iter_errors(doc)) == []
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]} >= {
        "maps/a%20b.yaml",
        "maps/book.xlsx",
    }


def test_sarif_region_ends_where_the_reader_knows_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "typo.yaml", GOOD_MAP.replace("segment: SMB", "segmnt: SMB").replace("owner: CS Ops\n", ""))
    doc = report("sarif", ["typo.yaml"], tmp_path, monkeypatch)
    assert list(VALIDATOR.iter_errors(doc)) == []
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in doc["runs"][0]["results"]}
    assert regions["JM003"] == {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 7}
    assert regions["JM103"] == {"startLine": 1, "startColumn": 1}
    assert "JM602" not in regions, "the misspelt segment is one JM003, not also 'no segment'"


def test_github_annotation_carries_the_span(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "typo.yaml", GOOD_MAP.replace("segment: SMB", "segmnt: SMB"))
    monkeypatch.chdir(tmp_path)
    result = lint([Path("typo.yaml")], LintOptions(today=date.fromisoformat(TODAY)))
    out = io.StringIO()
    get_reporter("github").write(result, out, ReportOptions())
    (line,) = [x for x in out.getvalue().splitlines() if "JM003" in x]
    assert line.startswith("::error file=typo.yaml,line=4,col=1,endLine=4,endColumn=7,title=JM003 unknown-field::")
