"""Help names every value by a word a user understands (FILE, PATH, N, RULES), never a Python type."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from jmap.cli import COMMANDS, app, build_app, summary
from jmap.commands._common import RENAMED
from tests.conftest import run_jmap

runner = CliRunner()
TYPE_PLACEHOLDER = re.compile(r"<(?:list\[[^>]*|int|str|path|float|bool|integer)>|range>|\[\[", re.IGNORECASE)


@pytest.mark.parametrize("command", ["lint", "report", "export", "render", "new", "rules", "schema"])
def test_help_has_no_type_placeholders(command: str) -> None:
    res = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert res.exit_code == 0
    assert TYPE_PLACEHOLDER.findall(res.stdout) == [], res.stdout


def test_lint_help_names_its_values() -> None:
    out = runner.invoke(app, ["lint", "--help"], env={"COLUMNS": "120"}).stdout
    assert "Usage: jmap lint [OPTIONS] [PATH]..." in out
    for shown in ("-o, --output FILE", "--select RULES", "--ignore RULES", "--config FILE", "-j, --jobs N"):
        assert shown in out, shown


# The conventions every command's help keeps (see jmap.commands._common). A new option or command
# is checked by these tests as soon as it is registered in jmap.cli.COMMANDS.

SHARED = ("--today", "--config", "--jobs", "--width", "--stage", "--select", "--ignore")
"""Options that must read the same wherever they appear: same flags, metavar, help and default."""
PAIRS = {"--format": "-f", "--output": "-o", "--jobs": "-j", "--quiet": "-q", "--help": "-h"}
"""Long option -> the short flag it always has (and that short flag never means anything else)."""


def _commands() -> dict[str, Any]:
    group = typer.main.get_command(build_app())
    assert isinstance(group, TyperGroup)
    return dict(group.commands)


def _help(*args: str) -> str:
    res = runner.invoke(build_app(), [*args, "--help"], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    return res.stdout


def _options(command: Any) -> list[Any]:
    return [p for p in command.params if p.param_type_name == "option"]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_usage_line_names_arguments_without_braces(command: str) -> None:
    usage = _help(command).splitlines()[0]
    assert usage.startswith(f"Usage: jmap {command} [OPTIONS]")
    assert "{" not in usage and "}" not in usage, usage


@pytest.mark.parametrize("command", list(COMMANDS))
def test_defaults_are_shown_one_way(command: str) -> None:
    text = " ".join(_help(command).split())
    brackets = re.findall(r"\[([^\[\]]*)\]", text)
    outside = re.sub(r"\[[^\[\]]*\]", "", text)
    assert "default" not in outside.lower(), f"jmap {command} --help names a default outside [default: …]"
    assert all("default" not in b or re.search(r"(^|; )default: ", b) for b in brackets), brackets


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_option_and_argument_is_explained(command: str) -> None:
    for param in _commands()[command].params:
        if not getattr(param, "hidden", False):
            assert param.help, f"jmap {command}: {param.name} has no help"


def test_root_help_lists_every_command_summary_whole() -> None:
    text = " ".join(_help().split())
    for name, target in COMMANDS.items():
        module, _, function = target.partition(":")
        whole = summary(getattr(importlib.import_module(module), function).__doc__)
        assert whole.endswith("."), whole
        # Click may break a long word at a hyphen when it wraps; the words are all there, in order.
        assert f"{name} {whole}" in text.replace("- ", "-"), f"jmap --help cuts the summary of {name}"
    assert "..." not in text.split("Commands:")[1]


def test_the_same_option_means_the_same_on_every_command() -> None:
    seen: dict[str, tuple[str, Any]] = {}
    for name, command in _commands().items():
        for option in _options(command):
            if option.hidden:
                continue
            for long, short in PAIRS.items():
                assert (long in option.opts) == (short in option.opts), f"jmap {name}: {option.opts}"
            long = next(o for o in option.opts if o.startswith("--"))
            record = (
                tuple(sorted(option.opts)),
                option.metavar,
                option.help,
                option.show_default,
                option.min,
                option.max,
            )
            if long in SHARED:
                first = seen.setdefault(long, (name, record))
                assert record == first[1], f"{long} differs between jmap {first[0]} and jmap {name}"
            elif long in seen:
                assert record[0] == seen[long][1][0], f"{long} has other flags on jmap {name}"
            else:
                seen[long] = (name, record)
    assert set(SHARED) <= set(seen)


def test_hidden_aliases_still_work_but_are_not_shown() -> None:
    assert set(RENAMED) == {"--to", "--svg", "--html"}
    for name in COMMANDS:
        shown = _help(name)
        assert all(re.search(rf"{re.escape(old)}\b(?!-)", shown) is None for old in RENAMED), name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["lint", "--versoin"], "No such option: --versoin (did you mean 'jmap --version'?)"),
        (["lint", "--selct", "JM1"], "No such option: --selct (did you mean '--select'?)"),
        (["report", "--sinse", "HEAD"], "No such option: --sinse (did you mean '--since'?)"),
        (["--versoin"], "No such option: --versoin (Possible options: --version)"),
        (
            ["lint", "-f", "xml"],
            "Invalid value for '--format' / '-f' (env var: 'JMAP_FORMAT'): "
            "'xml' is not one of 'text', 'json', 'github', 'sarif', 'gitlab'.",
        ),
        (
            ["report", "-f", "pdf"],
            "Invalid value for '--format' / '-f': 'pdf' is not one of 'text', 'json', 'md', 'html'.",
        ),
    ],
)
def test_usage_errors_name_the_right_option(args: list[str], message: str) -> None:
    res = run_jmap(*args)
    assert res.returncode == 2
    assert res.stderr.splitlines()[-1] == f"Error: {message}"
    assert "Value error" not in res.stderr
