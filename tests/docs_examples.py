"""Run the ```console examples of README.md and docs/*.md, compare what they print, and rewrite them.

Used by ``tests/test_docs.py`` (CI fails when an example drifts) and ``scripts/docs.py --write``
(rewrites every example's output in place and regenerates the pictures in docs/).

Block conventions
-----------------
* A block is a fenced ``console`` block. Each line starting with ``$ `` is a command; the lines up
  to the next ``$ `` line are what it prints, stdout and stderr together as a terminal shows them.
  Trailing spaces and trailing blank lines are not compared.
* A line that is only ``…`` in an output stands for any number of lines (zero or more), so a long
  output can be shown in part. ``--write`` keeps such a shortening where it still fits.
* Commands are a small shell: ``jmap …`` runs in-process through Typer's runner; pipes
  (``| head -20``), ``&&``, ``;``, ``> FILE`` and ``cd DIR`` work; any other program (``head``,
  ``git``, ``echo $?``) runs through bash. ``$?`` is the status of the previous command.
  A ``# comment`` after a command is ignored.
* Every block runs in a fresh folder holding a copy of the repository's ``examples/`` and
  ``schemas/`` and an empty ``docs/``; nothing in the checkout changes. Files a block writes under
  ``docs/`` are pictures the docs show: the test compares the text ones (SVG, HTML) with the
  committed files, and ``--write`` copies them all back.
* An HTML comment on the line before the fence sets the block up:
  ``<!-- console: setup=NAME -->`` builds the named set-up of :data:`SETUPS` in the folder first
  (for instance ``tour``: the git repository of README's history section) and runs the block where
  the set-up says; ``<!-- console: skip=REASON -->`` leaves an interactive example unrun;
  ``<!-- console: no-compare -->`` runs the block but does not compare its output (timings).
* The environment is pinned: ``COLUMNS=80``, no colour, no CI variables; examples whose output
  depends on the date pin it with ``--today``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
DOCS = (REPO / "README.md", *sorted((REPO / "docs").glob("*.md")))
ELLIPSIS = "…"
FENCE = re.compile(r"^(`{3,})console\s*$")
DIRECTIVE = re.compile(r"^<!--\s*console:(.*?)-->\s*$")
ENV: dict[str, str | None] = {
    "COLUMNS": "80",
    "LINES": "40",
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "CI": None,
    "GITHUB_ACTIONS": None,
    "JMAP_FORMAT": None,
    "JMAP_DEBUG": None,
    "TERM": "dumb",
}


@dataclass(frozen=True)
class Step:
    command: str
    expected: tuple[str, ...]
    line: int
    """1-based line of the ``$ `` line in its file."""


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    """1-based line of the opening fence."""
    end: int
    """1-based line of the closing fence."""
    steps: tuple[Step, ...]
    options: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def read_blocks(path: Path) -> list[Block]:
    """Every console block of a Markdown file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence = m.group(1)
        start = i
        options: dict[str, str] = {}
        d = DIRECTIVE.match(lines[i - 1]) if i else None
        if d:
            for word in shlex.split(d.group(1)):
                key, _, value = word.partition("=")
                options[key] = value
        i += 1
        body_start = i
        while i < len(lines) and lines[i].rstrip() != fence:
            i += 1
        blocks.append(Block(path, start + 1, i + 1, tuple(_steps(lines[body_start:i], body_start)), options))
        i += 1
    return blocks


def _steps(body: list[str], offset: int) -> Iterator[Step]:
    command: str | None = None
    line = 0
    out: list[str] = []
    for n, text in enumerate(body):
        if text.startswith("$ "):
            if command is not None:
                yield Step(command, tuple(out), line)
            command, line, out = text[2:], offset + n + 1, []
        elif command is not None:
            out.append(text)
    if command is not None:
        yield Step(command, tuple(out), line)


def all_blocks() -> list[Block]:
    return [b for path in DOCS for b in read_blocks(path)]


# ----------------------------------------------------------------------------------------------
# Running


@dataclass
class Shell:
    """The state of one block's run: folder, last status, how paths are shown."""

    cwd: Path
    shown_as: dict[str, str] = field(default_factory=dict)
    """Real path -> the path the docs show (a set-up at /tmp/tour is built elsewhere)."""
    status: int = 0

    def run(self, command: str) -> str:
        for real, shown in self.shown_as.items():
            command = command.replace(shown, real)
        out = []
        for op, pipeline in _sequence(command):
            if op == "&&" and self.status != 0:
                continue
            out.append(self._pipeline(pipeline))
        text = "".join(out)
        for real, shown in self.shown_as.items():
            text = text.replace(real, shown)
        return text

    def _pipeline(self, pipeline: list[str]) -> str:
        *stages, target = _redirect(pipeline)
        shown = ""
        data: str | None = None
        for n, stage in enumerate(stages):
            stage = stage.replace("$?", str(self.status))
            words = shlex.split(stage, comments=True)
            last = n == len(stages) - 1
            if words and words[0] == "cd":
                self.cwd = (self.cwd / words[1]).resolve()
                self.status = 0
                continue
            if words and words[0] == "jmap":
                stdout, stderr, self.status, mixed = _jmap(words[1:], self.cwd)
                if last and target is None and n == 0:
                    shown += mixed
                    data = None
                    continue
                shown += stderr
                data = stdout
            else:
                proc = subprocess.run(
                    ["bash", "-c", stage],
                    cwd=self.cwd,
                    input=data,
                    capture_output=True,
                    text=True,
                    env=_environ(),
                    timeout=120,
                    check=False,
                )
                shown += proc.stderr
                data = proc.stdout
                self.status = proc.returncode
        if data is not None:
            if target is None:
                shown += data
            elif target != "/dev/null":
                (self.cwd / target).write_text(data, encoding="utf-8")
        return shown


def _split(command: str, operators: tuple[str, ...]) -> list[tuple[str, str]]:
    """(operator before, text) pieces of ``command`` split at top-level operators (outside quotes)."""
    pieces: list[tuple[str, str]] = []
    quote = ""
    start = 0
    before = ""
    i = 0
    while i < len(command):
        c = command[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or command[i - 1].isspace()):
            break
        else:
            op = next((o for o in operators if command.startswith(o, i)), None)
            if op is not None and not (op == "|" and command.startswith("||", i)):
                pieces.append((before, command[start:i].strip()))
                before, start = op, i + len(op)
                i += len(op)
                continue
        i += 1
    pieces.append((before, command[start:i].strip()))
    return pieces


def _sequence(command: str) -> list[tuple[str, list[str]]]:
    return [(op, [stage for _, stage in _split(text, ("|",))]) for op, text in _split(command, ("&&", ";"))]


def _redirect(stages: list[str]) -> list[str | None]:
    """The stages, then the file the last one's stdout goes to (None: the terminal)."""
    last = _split(stages[-1], (">",))
    if len(last) == 1:
        return [*stages, None]
    return [*stages[:-1], last[0][1], last[1][1]]


def _environ() -> dict[str, str]:
    env = dict(os.environ)
    for key, value in ENV.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _jmap(args: list[str], cwd: Path) -> tuple[str, str, int, str]:
    """stdout, stderr, exit status and the two mixed as a terminal shows them, of ``jmap ARGS`` in-process."""
    from jmap.cli import build_app

    with _chdir(cwd):
        result = Terminal().invoke(build_app(), args, env=ENV, catch_exceptions=False)
    return result.stdout, result.stderr, result.exit_code, result.output


class Terminal(CliRunner):
    """Typer's runner with stdout line-buffered, as on a terminal, so stdout and stderr interleave as there."""

    @contextmanager
    def isolation(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        with super().isolation(*args, **kwargs) as streams:
            sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
            yield streams


@contextmanager
def _chdir(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def sandbox(root: Path) -> Path:
    """A folder like the checkout for the examples: examples/ and schemas/ copied, docs/ empty."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("examples", "schemas"):
        shutil.copytree(REPO / name, root / name)
    (root / "docs").mkdir()
    return root


@dataclass(frozen=True)
class Run:
    block: Block
    outputs: tuple[str, ...]
    pictures: dict[str, bytes]
    """docs/ files the block wrote, by name."""


def run_block(block: Block, root: Path) -> Run:
    """Run every step of ``block`` in a fresh folder under ``root``."""
    from tests.docs_setups import SETUPS

    folder = sandbox(root)
    shell = Shell(folder)
    setup = block.options.get("setup")
    if setup:
        if setup not in SETUPS:
            raise KeyError(f"{block.name}: no set-up called {setup!r} (known: {', '.join(SETUPS)})")
        SETUPS[setup](shell)
    outputs = tuple(shell.run(step.command) for step in block.steps)
    docs = folder / "docs"
    pictures = {p.name: p.read_bytes() for p in sorted(docs.iterdir()) if p.is_file()}
    return Run(block, outputs, pictures)


# ----------------------------------------------------------------------------------------------
# Comparing and rewriting


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected: tuple[str, ...] | list[str], actual: str) -> bool:
    """Whether ``actual`` is what ``expected`` shows (``…`` lines standing for any lines)."""
    return _match([line.rstrip() for line in _trim(list(expected))], _lines(actual))


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _match(pattern: list[str], lines: list[str]) -> bool:
    if not pattern:
        return not lines
    if pattern[0] == ELLIPSIS:
        return any(_match(pattern[1:], lines[k:]) for k in range(len(lines) + 1))
    return bool(lines) and lines[0] == pattern[0] and _match(pattern[1:], lines[1:])


def drift(run: Run) -> list[str]:
    """One message per step whose output differs from the block's, naming file, line and command."""
    if "no-compare" in run.block.options:
        return []
    out = []
    for step, actual in zip(run.block.steps, run.outputs, strict=True):
        if not matches(step.expected, actual):
            where = f"{run.block.path.relative_to(REPO)}:{step.line}"
            shown = "\n".join(f"    {line}" for line in _lines(actual)) or "    (nothing)"
            out.append(f"{where}: `$ {step.command}` prints something else now:\n{shown}")
    return out


def regenerated(expected: tuple[str, ...], actual: str) -> list[str]:
    """The output to write for a step: as it is when it still matches, else the new output, shortened where it was."""
    if matches(expected, actual):
        return list(expected)
    lines = _lines(actual)
    if ELLIPSIS not in expected:
        return lines
    keep = [line for line in expected if line != ELLIPSIS]
    out: list[str] = []
    skipped = False
    k = 0
    for line in lines:
        if k < len(keep) and line == keep[k].rstrip():
            if skipped:
                out.append(ELLIPSIS)
                skipped = False
            out.append(line)
            k += 1
        else:
            skipped = True
    if skipped:
        out.append(ELLIPSIS)
    return out if out and out != [ELLIPSIS] else lines


def rewrite(path: Path, runs: list[Run]) -> str:
    """The Markdown file with every run block's outputs replaced by what the commands print now."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for run in sorted(runs, key=lambda r: -r.block.line):
        if "no-compare" in run.block.options:
            continue
        body: list[str] = []
        for step, actual in zip(run.block.steps, run.outputs, strict=True):
            body.append(f"$ {step.command}")
            body.extend(regenerated(step.expected, actual))
        lines[run.block.line : run.block.end - 1] = body
    return "\n".join(lines) + "\n"


def runnable(block: Block) -> bool:
    return "skip" not in block.options


PictureCheck = Callable[[str, bytes], str | None]


@dataclass(frozen=True)
class Picture:
    """A picture in docs/ that no console example makes, and the commands that make it (run like an example)."""

    name: str
    command: str
    slow: bool = False
    """Needs a browser or LibreOffice: made by ``scripts/docs.py --write`` only, not compared by the tests."""


PICTURES = (
    Picture(
        "render-stages.svg",
        "jmap render examples/enterprise-post-sale.yaml --view stages --width 120 --today 2026-11-25 "
        "-o docs/render-stages.svg > /dev/null",
    ),
    Picture(
        "render-opportunities.svg",
        "jmap render examples/enterprise-post-sale.yaml --view opportunities --width 120 --today 2026-11-25 "
        "-o docs/render-opportunities.svg > /dev/null",
    ),
    Picture(
        "picture-enterprise.html",
        "jmap export examples/enterprise-post-sale.yaml -o docs/picture-enterprise.html --today 2026-12-01",
    ),
    Picture(
        "picture-enterprise-renewal.png",
        "jmap export examples/enterprise-post-sale.yaml -o docs/picture-enterprise-renewal.png --stage renewal "
        "--lanes touchpoints,emotion,opportunities --today 2026-12-01",
    ),
    Picture(
        "portfolio-site.png",
        "jmap report examples --format html -o site --today 2026-12-01 && "
        "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,880 "
        '--screenshot="$PWD/docs/portfolio-site.png" "file://$PWD/site/index.html" > /dev/null',
        slow=True,
    ),
    Picture(
        "print-map.png",
        "jmap export examples/enterprise-post-sale.yaml -o map.xlsx && "
        'soffice "-env:UserInstallation=file://$PWD/lo-profile" --headless --convert-to pdf map.xlsx > /dev/null && '
        "pdftoppm -png -r 60 -f 4 -l 4 -singlefile map.pdf docs/print-map",
        slow=True,
    ),
    Picture(
        "print-chart.png",
        "jmap export examples/enterprise-post-sale.yaml -o map.xlsx && "
        'soffice "-env:UserInstallation=file://$PWD/lo-profile" --headless --convert-to pdf map.xlsx > /dev/null && '
        "pdftoppm -png -r 60 -f 5 -l 5 -singlefile map.pdf docs/print-chart",
        slow=True,
    ),
    Picture(
        "print-touchpoints.png",
        "jmap export examples/enterprise-post-sale.yaml -o map.xlsx && "
        'soffice "-env:UserInstallation=file://$PWD/lo-profile" --headless --convert-to pdf map.xlsx > /dev/null && '
        "pdftoppm -png -r 60 -f 9 -l 9 -singlefile map.pdf docs/print-touchpoints",
        slow=True,
    ),
    Picture(
        "deck-overview.png",
        "jmap export examples/enterprise-post-sale.yaml -o deck.pptx --today 2026-12-01 && "
        'soffice "-env:UserInstallation=file://$PWD/lo-profile" --headless --convert-to pdf deck.pptx > /dev/null && '
        "pdftoppm -png -r 72 -f 2 -l 2 -singlefile deck.pdf docs/deck-overview",
        slow=True,
    ),
    Picture(
        "deck-stage.png",
        "jmap export examples/enterprise-post-sale.yaml -o deck.pptx --today 2026-12-01 && "
        'soffice "-env:UserInstallation=file://$PWD/lo-profile" --headless --convert-to pdf deck.pptx > /dev/null && '
        "pdftoppm -png -r 72 -f 3 -l 3 -singlefile deck.pdf docs/deck-stage",
        slow=True,
    ),
    Picture(
        "slide-enterprise-8.png",
        "jmap export examples/enterprise-post-sale.yaml -o docs/slide-enterprise.png --slides --today 2026-12-01 && "
        "find docs -name 'slide-enterprise-*.png' ! -name 'slide-enterprise-8.png' -delete",
        slow=True,
    ),
    Picture(
        "editor-neovim.png",
        f"python3 {REPO / 'editors' / 'neovim' / 'screenshot.py'} docs/editor-neovim.png",
        slow=True,
    ),
    Picture(  # needs code-server ($CODE_SERVER or on PATH) and the built jmap.vsix: docs/editors.md
        "editor-vscode.png",
        f"python3 {REPO / 'editors' / 'vscode' / 'try_in_code_server.py'} --screenshot docs/editor-vscode.png",
        slow=True,
    ),
)


def make_picture(picture: Picture, root: Path) -> tuple[str, bytes | None]:
    """Run the picture's commands in a fresh folder; what they printed and the picture (None: not made)."""
    shell = Shell(sandbox(root))
    printed = shell.run(picture.command)
    made = shell.cwd / "docs" / picture.name
    return printed, made.read_bytes() if made.is_file() else None


TEXT_PICTURES = (".svg", ".html")
"""Pictures compared byte for byte; PNGs depend on the fonts of the machine that rasterizes them."""
