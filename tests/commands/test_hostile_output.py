"""No file can forge jmap's output: a corpus of hostile maps and file names through every command and format.

Checked on real processes: no line (leading spaces ignored, as the Actions
runner ignores them) starts with ``::`` unless it is jmap's own annotation, no
``##[`` (the runner's legacy commands, found anywhere in a line), no raw
control, bidi, zero-width or line-separator character, and an ESC byte only
in jmap's own colours when colour is on.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jmap.export import export
from tests.conftest import TODAY, run_jmap

HOSTILE = "x\n::error file=README.md,line=1::forged\x1b[2J\u202eevil\u200b\u2028end ##[error]legacy\x9b31m\r"
EVIL_NAME = "evil\n::error file=README.md,line=1::name\x1b[31m"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
OWN_ANNOTATION = re.compile(
    r"::(error|warning|notice) file=[^,:]+(,line=\d+(,col=\d+(,endLine=\d+,endColumn=\d+)?)?)?"
    r",title=JM\d{3} [a-z-]+::(?!.*::).*"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")


def hostile_map(extra_key: bool) -> str:
    h = json.dumps(HOSTILE)
    return f"""\
jmap: 1
id: hostile
title: {h}
segment: {h}
owner: {h}
review:
  last_reviewed: 2026-10-01
  every: 6 months
{f"{h}: 1" if extra_key else "x-note: fine"}
stages:
  - id: s1
    name: {h}
    owner: {h}
    touchpoints:
      - id: t1
        name: {h}
        channel: {h}
        thoughts: {h}
        action: {h}
        emotion: -1
        moment_of_truth: true
        pain_points:
          - text: {h}
            opportunity:
              fix: {h}
              owner: {h}
              target: {h}
              impact: high
              status: open
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    maps = root / "maps"
    maps.mkdir()
    (maps / "hostile.yaml").write_text(hostile_map(extra_key=True), encoding="utf-8")
    (maps / f"{EVIL_NAME}.yaml").write_text(hostile_map(extra_key=False), encoding="utf-8")
    (maps / os.fsdecode(b"undecodable\xff.yaml")).write_text(hostile_map(extra_key=False), encoding="utf-8")
    (maps / "broken.yaml").write_bytes(b"jmap: 1\nid: broken\ntitle: \x1b[2J\n::error file=a::b: [\n")
    clean = root / "clean.yaml"
    clean.write_text(hostile_map(extra_key=False), encoding="utf-8")
    export(clean, maps / f"{EVIL_NAME}.xlsx")
    return root


def check(text: str, *, annotations: bool = False, colour: bool = False) -> None:
    plain = SGR.sub("", text) if colour else text
    assert "\x1b" not in plain, "an ESC byte that is not one of jmap's colours"
    assert not UNSAFE.search(plain), f"raw unsafe character {UNSAFE.search(plain)!r}"
    assert "##[" not in plain
    for line in plain.splitlines():
        if line.lstrip().startswith("::"):
            assert annotations and OWN_ANNOTATION.fullmatch(line), f"forged workflow command: {line!r}"


def jmap(corpus: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = run_jmap(*args, cwd=corpus, env=env)
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert "Traceback" not in proc.stderr
    return proc


LINT_FORMATS = ["text", "json", "github", "sarif", "gitlab"]


@pytest.mark.parametrize("fmt", LINT_FORMATS)
def test_lint_every_format(corpus: Path, fmt: str) -> None:
    proc = jmap(corpus, "lint", "maps", "--today", TODAY, "-f", fmt)
    assert proc.returncode == 1
    check(proc.stdout, annotations=fmt == "github")
    check(proc.stderr)
    if fmt == "text":
        assert "JM101" in proc.stdout and "\\x1b[2J" in proc.stdout and "\\u202e" in proc.stdout
        assert "maps/evil\\n:<U+003A>error file=README.md,line=1:<U+003A>name\\x1b[31m.yaml:15:9: JM101" in proc.stdout
        assert "maps/undecodable\\xff.yaml:15:9: JM101" in proc.stdout
    if fmt == "github":
        assert len([line for line in proc.stdout.splitlines() if line.startswith("::")]) >= 8
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(proc.stdout)


def test_lint_json_keeps_the_exact_values(corpus: Path) -> None:
    doc = json.loads(jmap(corpus, "lint", "maps", "--today", TODAY, "-f", "json").stdout)
    paths = {f["path"] for f in doc["findings"]}
    assert {f"maps/{EVIL_NAME}.yaml", f"maps/{EVIL_NAME}.xlsx", os.fsdecode(b"maps/undecodable\xff.yaml")} <= paths


def test_lint_text_on_github_actions_adds_only_its_own_annotations(corpus: Path) -> None:
    proc = jmap(corpus, "lint", "maps", "--today", TODAY, env={"GITHUB_ACTIONS": "true"})
    check(proc.stdout, annotations=True)
    assert any(line.startswith("::error file=maps/evil%0A%3A%3Aerror") for line in proc.stdout.splitlines())


def test_lint_statistics_and_quiet(corpus: Path) -> None:
    proc = jmap(corpus, "lint", "maps", "--today", TODAY, "--statistics", "-q")
    check(proc.stdout)
    check(proc.stderr)


@pytest.mark.parametrize("view", ["grid", "stages", "opportunities"])
@pytest.mark.parametrize("width", ["40", "120"])
def test_render_every_view(corpus: Path, view: str, width: str) -> None:
    proc = jmap(corpus, "render", "clean.yaml", "--view", view, "--width", width, "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    check(proc.stdout)
    assert "\\x1b[2J" in proc.stdout and "<U+202E>" in proc.stdout and "<U+2028>" in proc.stdout


def test_render_a_workbook_with_a_hostile_name(corpus: Path) -> None:
    proc = jmap(corpus, "render", f"maps/{EVIL_NAME}.xlsx", "--width", "80", "--today", TODAY)
    assert proc.returncode == 0, proc.stderr
    check(proc.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["render", f"maps/missing{EVIL_NAME}.yaml"],
        ["render", "clean.yaml", "--stage", EVIL_NAME],
        ["lint", f"missing{EVIL_NAME}"],
        ["export", "maps/hostile.yaml", "-o", "out.json"],
        ["report", "maps", "--config", f"no{EVIL_NAME}.toml"],
    ],
)
def test_error_messages(corpus: Path, args: list[str]) -> None:
    proc = jmap(corpus, *args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("jmap: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    check(proc.stdout)
    check(proc.stderr)


def test_export_messages_name_the_output_visibly(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{EVIL_NAME}.md"
    proc = jmap(corpus, "export", "clean.yaml", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.exists()
    check(proc.stderr)
    assert "evil\\n:<U+003A>error" in proc.stderr


@pytest.mark.parametrize("args", [["--width", "40"], ["--width", "120"], ["-f", "md"], ["-f", "json"]])
def test_report_every_format(corpus: Path, args: list[str]) -> None:
    proc = jmap(corpus, "report", "maps", "--today", TODAY, *args)
    assert proc.returncode == 0, proc.stderr
    check(proc.stdout)
    check(proc.stderr)
    if "json" in args:
        doc = json.loads(proc.stdout)
        assert HOSTILE.strip() in {m["title"] for m in doc["maps"]}
    elif "md" in args:
        assert "\\\\x1b\\[2J" in re.sub(r"\s+", "", proc.stdout), "shown visibly, then escaped for Markdown"
    else:
        assert "\\x1b[2J" in re.sub(r"\s+", "", proc.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["lint", "maps", "--today", TODAY],
        ["render", "clean.yaml", "--width", "100", "--today", TODAY],
        ["report", "maps", "--width", "100", "--today", TODAY],
    ],
)
def test_colour_carries_only_jmaps_own_styles(corpus: Path, args: list[str]) -> None:
    proc = jmap(corpus, *args, env={"FORCE_COLOR": "1"})
    assert SGR.search(proc.stdout), "FORCE_COLOR gives colour"
    check(proc.stdout, colour=True)


def test_colour_on_a_real_terminal(corpus: Path) -> None:
    for args in (["lint", "maps"], ["render", "clean.yaml", "--width", "100"]):
        output = run_in_pty([sys.executable, "-m", "jmap", *args, "--today", TODAY], corpus)
        assert SGR.search(output), "a terminal gets colour"
        check(output.replace("\r\n", "\n"), colour=True)


def run_in_pty(argv: list[str], cwd: Path) -> str:
    """Run ``argv`` with stdout and stderr on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "CI")}
    env.update(TERM="xterm-256color", COLUMNS="100")
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")
