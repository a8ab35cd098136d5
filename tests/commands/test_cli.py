"""The app: built with one command for a run, with all for help; Typer's option coercion only for given options."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from jmap.cli import COMMANDS, build_app
from jmap.commands._common import Command
from tests.conftest import REPO, run_jmap

EXAMPLES = REPO / "examples"


def test_a_run_builds_only_its_command_and_help_lists_all() -> None:
    one = typer.main.get_command(build_app(["lint"]))
    every = typer.main.get_command(build_app())
    assert list(one.commands) == ["lint"]  # type: ignore[attr-defined]
    assert list(every.commands) == list(COMMANDS)  # type: ignore[attr-defined]


def test_given_options_are_still_coerced_and_absent_ones_stay_none() -> None:
    seen: dict[str, object] = {}
    app = typer.Typer()

    @app.command(cls=Command)
    def probe(
        count: int = typer.Option(None, min=1), name: str = typer.Option(None), tags: list[str] = typer.Option(None)
    ) -> None:
        seen.update(count=count, name=name, tags=tags)

    runner = CliRunner()
    assert runner.invoke(app, ["--count", "3"]).exit_code == 0
    assert seen == {"count": 3, "name": None, "tags": None}  # as Typer gives them
    result = runner.invoke(app, ["--count", "0"])
    assert result.exit_code == 2
    assert "greater than or equal to 1" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["rules", "-f", "md"],
        ["rules", "JM101"],
        ["schema"],
        ["diff", str(EXAMPLES / "b2b-saas.yaml"), str(EXAMPLES / "b2b-saas.yaml"), "-f", "json"],
    ],
)
def test_output_writes_what_stdout_would_show(tmp_path: Path, args: list[str]) -> None:
    shown = run_jmap(*args)
    saved = run_jmap(*args, "-o", str(tmp_path / "out"))
    assert (saved.returncode, saved.stdout, saved.stderr) == (shown.returncode, "", shown.stderr) == (0, "", "")
    assert (tmp_path / "out").read_text(encoding="utf-8") == shown.stdout
    assert len(shown.stdout) > 100


_FILL_MEMORY = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (400 * 2**20, 400 * 2**20))
import typer
from jmap.commands._common import guarded

@guarded
def hog() -> None:
    held = []
    size = 2**20
    while True:
        try:
            held.append(bytearray(size))
        except MemoryError:
            if size == 8:
                raise
            size //= 2

app = typer.Typer()
app.command()(hog)
app()
"""


def test_running_out_of_memory_is_one_line_and_exit_2_even_when_memory_is_still_full() -> None:
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", _FILL_MEMORY], capture_output=True, text=True, timeout=120, check=False)
    assert (res.returncode, res.stdout) == (2, "")
    assert res.stderr == "jmap: error: out of memory; the input is too large for this machine\n"
