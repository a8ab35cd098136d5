"""The command line: Typer parses options and calls the core; this is the only place jmap exits.

``jmap CMD ...`` builds the app with that one command, so a run imports only the command it runs;
``jmap --help`` (or an unknown command) builds it with all of them.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer

from jmap import __version__

HELP = "Customer journey maps as code: lint, render and convert YAML and XLSX journey maps."
COMMANDS: dict[str, str] = {
    "lint": "jmap.commands.lint:lint",
    "rules": "jmap.commands.lint:rules",
    "schema": "jmap.commands.lint:schema",
    "new": "jmap.commands.new:new",
    "report": "jmap.commands.report:report",
    "render": "jmap.commands.render:render",
    "export": "jmap.commands.export:export",
    "import": "jmap.commands.import_:import_",
    "diff": "jmap.commands.diff:diff",
    "lsp": "jmap.commands.lsp:lsp",
}
"""Command name -> ``module:function``, in the order ``jmap --help`` lists them."""


def _named_placeholders() -> None:
    """Help shows an argument by its metavar alone (``FILE``, ``PATH...``), never Typer's ``<list[Path]>``."""
    from typer._click.core import Context
    from typer.core import TyperArgument, _TyperParameter

    shown = TyperArgument.display_type_rich

    def display(self: _TyperParameter, ctx: Context) -> str | None:
        return None if self.metavar else shown(self, ctx)

    TyperArgument.display_type_rich = display  # type: ignore[method-assign]


def summary(doc: str | None) -> str:
    """A command's first paragraph, whole: ``jmap --help`` lists it rather than cutting it mid-sentence."""
    return " ".join((doc or "").strip().split("\n\n")[0].split())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jmap {__version__}")
        raise typer.Exit(0)


def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Customer journey maps as code: lint, render and convert YAML and XLSX journey maps."""


def build_app(names: Sequence[str] | None = None) -> typer.Typer:
    """The Typer app with the named commands (default: all)."""
    from jmap.commands._common import Command, Group

    app = typer.Typer(
        name="jmap",
        cls=Group,
        help=HELP,
        rich_markup_mode=None,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    _named_placeholders()
    app.callback()(_root)
    for name in names or COMMANDS:
        module, _, function = COMMANDS[name].partition(":")
        func = getattr(importlib.import_module(module), function)
        app.command(name, cls=Command, short_help=summary(func.__doc__))(func)
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return build_app()
    raise AttributeError(name)


def main() -> None:
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = sys.argv[1:2]
    with contextlib.suppress(MemoryError):
        sys.exit(build_app(args if args and args[0] in COMMANDS else None)(prog_name="jmap"))
    # Out of the block, so what filled the memory is freed before the message is written.
    from jmap.commands._common import USAGE_ERROR, out_of_memory

    out_of_memory()
    sys.exit(USAGE_ERROR)
