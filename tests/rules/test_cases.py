"""Golden cases: one folder per rule code under tests/cases, run through the real lint core.

Each folder holds ``pass*.yaml`` (maps where the rule must not fire) and ``fail*.yaml``
(maps where it fires). A fail file declares the findings of its folder's rule in its
leading comment block, one per line and in file order::

    # expect: JM101 14:9
    # expect-message: has no owner        (optional: some finding's message contains this)

A file that cannot hold comments (the empty file, a flat ``.fods`` workbook) keeps its expectations in a sidecar
``NAME.expect`` file with the same ``CODE LINE:COLUMN`` lines. Configuration comes from
a sidecar ``NAME.toml``, else the folder's ``jmap.toml``, else the defaults. Only the
findings of the rule under test are compared; other rules may fire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from jmap.findings import Finding
from jmap.lint.config import Config, load_config
from jmap.lint.core import LintOptions, lint

CASES = Path(__file__).resolve().parent.parent / "cases"
TODAY = date(2026, 11, 25)
STRUCTURE = ("JM001", "JM002", "JM003", "JM004", "JM005", "JM007")

_EXPECT = re.compile(r"#\s*expect:\s*(JM\d{3})\s+(\d+):(\d+)\s*$")
_EXPECT_BARE = re.compile(r"(JM\d{3})\s+(\d+):(\d+)\s*$")
_MESSAGE = re.compile(r"#\s*expect-message:\s*(.+?)\s*$")

# Case files that show a bug in src/: the test states the behaviour the spec asks for and
# is expected to fail until the bug is fixed (strict, so a fix turns the suite red as a
# reminder to drop the entry).
KNOWN_BUGS: dict[str, str] = {}


@dataclass(frozen=True)
class Expectation:
    findings: list[tuple[str, int, int]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def read_expectation(path: Path) -> Expectation:
    """The ``# expect:`` lines of the leading comment block (or of the sidecar ``.expect`` file)."""
    out = Expectation()
    sidecar = path.with_suffix(".expect")
    if sidecar.exists():
        for line in sidecar.read_text(encoding="utf-8").splitlines():
            if line.strip():
                m = _EXPECT_BARE.match(line.strip())
                assert m, f"{sidecar.name}: cannot read {line!r}"
                out.findings.append((m.group(1), int(m.group(2)), int(m.group(3))))
        return out
    # Bytes first: some parse-error cases are deliberately not valid UTF-8.
    for line in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        if m := _EXPECT.match(stripped):
            out.findings.append((m.group(1), int(m.group(2)), int(m.group(3))))
        elif m := _MESSAGE.match(stripped):
            out.messages.append(m.group(1))
        else:
            assert "expect" not in stripped.split(":")[0], f"{path.name}: malformed expectation {stripped!r}"
    return out


def config_for(path: Path) -> Config:
    for candidate in (path.with_suffix(".toml"), path.parent / "jmap.toml"):
        if candidate.exists():
            return load_config(candidate)
    return Config()


def lint_case(path: Path) -> list[Finding]:
    options = LintOptions(config=config_for(path), today=TODAY, select=None)
    return lint([path], options).findings


def case_files() -> list[Path]:
    """YAML cases, and flat OpenDocument workbooks (``.fods``, text) for the rules only a workbook can break."""
    return sorted([*CASES.glob("JM*/*.yaml"), *CASES.glob("JM*/*.fods")])


CRASHES = ("JM402/fail-null-emotion.yaml",)


def _param(path: Path, bugs: tuple[str, ...] | None = None) -> object:
    key = f"{path.parent.name}/{path.name}"
    known = KNOWN_BUGS if bugs is None else {k: v for k, v in KNOWN_BUGS.items() if k in bugs}
    marks = [pytest.mark.xfail(strict=True, reason=known[key])] if key in known else []
    return pytest.param(path, id=key, marks=marks)


@pytest.mark.parametrize("path", [_param(p) for p in case_files()])
def test_case(path: Path) -> None:
    code = path.parent.name
    expected = read_expectation(path)
    got = [f for f in lint_case(path) if f.code == code]
    positions = [(f.code, f.line, f.column) for f in got]
    shown = "\n".join(f"  {f.line}:{f.column} {f.code} {f.message}" for f in got) or "  (none)"
    if path.name.startswith("pass"):
        assert not expected.findings, "a pass case declares no findings"
        assert positions == [], f"{code} fired on a pass case:\n{shown}"
        return
    assert path.name.startswith("fail"), "case files are named pass*.yaml or fail*.yaml (or .fods)"
    assert expected.findings, "a fail case declares its findings with '# expect:' lines"
    assert {c for c, _, _ in expected.findings} == {code}, "a case declares findings of its own rule only"
    assert positions == expected.findings, f"findings of {code}:\n{shown}"
    for text in expected.messages:
        assert any(text in f.message for f in got), f"no {code} message contains {text!r}:\n{shown}"


@pytest.mark.parametrize(
    "path",
    [_param(p, CRASHES) for p in case_files() if p.parent.name not in (*STRUCTURE, "JM006")],
)
def test_behaviour_cases_are_valid_maps(path: Path) -> None:
    """Cases for the behaviour rules are readable, well-formed maps: no structure finding at all."""
    structural = [f for f in lint_case(path) if f.code in STRUCTURE]
    assert structural == [], "\n".join(f"{f.line}:{f.column} {f.code} {f.message}" for f in structural)


def test_every_case_folder_is_a_rule() -> None:
    from jmap.rules import REGISTRY

    folders = {p.name for p in CASES.iterdir() if p.is_dir()}
    assert folders <= set(REGISTRY), f"case folders without a rule: {sorted(folders - set(REGISTRY))}"


def test_sidecars_belong_to_a_case() -> None:
    for sidecar in [*CASES.glob("JM*/*.expect"), *CASES.glob("JM*/*.toml")]:
        if sidecar.name == "jmap.toml":
            continue
        assert any(sidecar.with_suffix(s).exists() for s in (".yaml", ".fods")), f"{sidecar} has no case file"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# expect: JM101 14:9\n# a comment\njmap: 1\n# expect: JM102 1:1\n", [("JM101", 14, 9)]),
        ("#expect:JM204 8:3\n# expect-message: due today\n", [("JM204", 8, 3)]),
        ("jmap: 1\n", []),
    ],
)
def test_expectations_come_from_the_leading_comment_block(tmp_path: Path, text: str, expected: list[object]) -> None:
    case = tmp_path / "fail.yaml"
    case.write_text(text, encoding="utf-8")
    assert read_expectation(case).findings == expected
