"""Finding fingerprints: named by ids, relative to the repository root, blind to lines and messages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from jmap.findings import Finding, Severity
from jmap.fingerprint import SARIF_KEY, fingerprint_of, fingerprints, id_path, identities, relative_path
from tests.conftest import GOOD_MAP, REPO, TODAY, run_jmap, write

DATA = {
    "stages": [
        {"id": "onboarding", "touchpoints": [{"id": "kickoff-call", "pain_points": ["Deal  notes\nlost", {}]}]},
        {"name": "no id", "touchpoints": [{"id": 7}]},
    ],
    "evidence": [{"type": "nps"}, {"source": "Eight interviews"}],
    "goals": ["a", "b"],
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), ""),
        (("owner",), "owner"),
        (("stages", 0, "touchpoints", 0, "owner"), "stages[onboarding].touchpoints[kickoff-call].owner"),
        (
            ("stages", 0, "touchpoints", 0, "pain_points", 0, "opportunity", "owner"),
            'stages[onboarding].touchpoints[kickoff-call].pain_points["Deal notes lost"].opportunity.owner',
        ),
        (
            ("stages", 0, "touchpoints", 0, "pain_points", 1),
            "stages[onboarding].touchpoints[kickoff-call].pain_points[1]",
        ),
        (("stages", 1, "touchpoints", 0, "id"), "stages[1].touchpoints[7].id"),
        (("stages", 5, "name"), "stages[5].name"),
        (("evidence", 0, "date"), 'evidence["nps"].date'),
        (("evidence", 1), 'evidence["Eight interviews"]'),
        (("goals", 1), "goals[1]"),
        (("review", "every"), "review.every"),
    ],
)
def test_id_path_names_items_by_id(path: tuple[str | int, ...], expected: str) -> None:
    assert id_path(DATA, path) == expected


def test_id_path_of_unreadable_data_falls_back_to_indexes() -> None:
    assert id_path(None, ("stages", 0, "touchpoints", 2)) == "stages[0].touchpoints[2]"
    assert id_path({"stages": "oops"}, ("stages", 0)) == "stages[0]"


def test_relative_path_is_the_same_however_spelled(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "examples"
    sub.mkdir()
    spellings = ["examples/a.yaml", "./examples/a.yaml", "examples//a.yaml", str(sub / "a.yaml")]
    assert {relative_path(s, tmp_path) for s in spellings} == {"examples/a.yaml"}
    assert relative_path("a.yaml", sub) == "examples/a.yaml"
    assert relative_path("../examples/./a.yaml", sub) == "examples/a.yaml"


def test_relative_path_outside_a_repository_is_relative_to_the_working_folder(tmp_path: Path) -> None:
    work = tmp_path / "work"
    (work / "maps").mkdir(parents=True)
    assert relative_path("./maps/a.yaml", work) == "maps/a.yaml"
    assert relative_path(str(work / "maps" / "a.yaml"), work) == "maps/a.yaml"
    assert relative_path(str(tmp_path / "elsewhere.yaml"), work) == (tmp_path / "elsewhere.yaml").resolve().as_posix()


def _finding(code: str, item: str, line: int, message: str = "m", path: str = "maps/a.yaml") -> Finding:
    return Finding(code, "name", Severity.ERROR, path, message, line=line, id_path=item)


def test_fingerprint_ignores_line_and_message_and_counts_occurrences(tmp_path: Path) -> None:
    a = [_finding("JM005", "owner", 9, "first at line 7"), _finding("JM005", "owner", 12, "first at line 7")]
    b = [_finding("JM005", "owner", 19, "first at line 17"), _finding("JM005", "owner", 22, "first at line 17")]
    assert fingerprints(a, tmp_path) == fingerprints(b, tmp_path)
    assert identities(a, tmp_path) == [("maps/a.yaml", "JM005", "owner", 0), ("maps/a.yaml", "JM005", "owner", 1)]
    fp = fingerprints(a, tmp_path)
    assert fp[0] != fp[1]
    assert fp[0] == fingerprint_of("maps/a.yaml", "JM005", "owner", 0)
    assert len(fp[0]) == 32 and int(fp[0], 16) >= 0
    other = [_finding("JM104", "owner", 9), _finding("JM005", "stages[x].owner", 9)]
    assert not set(fingerprints(other, tmp_path)) & set(fp)


def test_lint_findings_carry_id_paths() -> None:
    res = run_jmap("lint", "tests/cases/JM004/fail.yaml", "--select", "JM004", "-f", "json", cwd=REPO)
    findings = json.loads(res.stdout)["findings"]
    assert [f["model_path"] for f in findings] == [
        "stages[0].touchpoints[1].id",
        "stages[1].id",
        "stages[1].touchpoints[0].id",
    ]
    from jmap.lint.core import LintOptions, lint

    result = lint([REPO / "tests/cases/JM004/fail.yaml"], LintOptions(select=("JM004",)))
    assert [f.id_path for f in result.findings] == [
        "stages[onboarding].touchpoints[kickoff-call].id",
        "stages[onboarding].id",
        "stages[onboarding].touchpoints[kickoff-call].id",
    ]
    assert [n for *_, n in identities(result.findings)] == [0, 0, 1]


def _report(fmt: str, cwd: Path, *paths: str) -> list[str]:
    res = run_jmap("lint", *paths, "-f", fmt, "--today", TODAY, cwd=cwd)
    assert res.returncode == 1, res.stderr
    doc = json.loads(res.stdout)
    if fmt == "gitlab":
        return [i["fingerprint"] for i in doc]
    return [r["partialFingerprints"][SARIF_KEY] for r in doc["runs"][0]["results"]]


@pytest.mark.parametrize("fmt", ["gitlab", "sarif"])
def test_report_fingerprints_survive_spelling_folder_and_line_moves(tmp_path: Path, fmt: str) -> None:
    repo = tmp_path / "repo"
    git = shutil.which("git")
    assert git is not None
    repo.mkdir()
    subprocess.run([git, "init", "-q", str(repo)], check=True)
    bad = GOOD_MAP.replace("        owner: CSM\n        thoughts", "        thoughts")
    bad = bad.replace(
        "  - id: adoption\n    name: Adoption\n    owner: CSM\n", "  - id: adoption\n    name: Adoption\n"
    )
    path = write(repo, "examples/bad.yaml", bad)
    first = _report(fmt, repo, "examples")
    assert len(first) == 2 and len(set(first)) == 2
    assert _report(fmt, repo, "./examples/") == first
    assert _report(fmt, repo, str(path)) == first
    assert _report(fmt, repo / "examples", ".") == first
    assert _report(fmt, tmp_path, "repo/examples") == first
    path.write_text(
        "# moved\n" * 10 + path.read_text(encoding="utf-8").replace("title: Tiny map", "title: Tiny map, retitled"),
        encoding="utf-8",
    )
    assert _report(fmt, repo, "examples") == first
