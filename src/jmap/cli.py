"""The command line: Typer parses options and calls the core; this is the only place jmap exits."""

from __future__ import annotations

import sys

import typer

from jmap import __version__


def _named_placeholders() -> None:
    """Help shows an argument by its metavar alone (``FILE``, ``PATH...``), never Typer's ``<list[Path]>``."""
    from typer._click.core import Context
    from typer.core import TyperArgument, _TyperParameter

    shown = TyperArgument.display_type_rich

    def display(self: _TyperParameter, ctx: Context) -> str | None:
        return None if self.metavar else shown(self, ctx)

    TyperArgument.display_type_rich = display  # type: ignore[method-assign]


_named_placeholders()

app = typer.Typer(
    name="jmap",
    help="Customer journey maps as code: lint, render and convert YAML and XLSX journey maps.",
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jmap {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Customer journey maps as code: lint, render and convert YAML and XLSX journey maps."""


def _register() -> None:
    from jmap.commands import diff as diff_cmd
    from jmap.commands import export as export_cmd
    from jmap.commands import import_ as import_cmd
    from jmap.commands import lint as lint_cmd
    from jmap.commands import new as new_cmd
    from jmap.commands import render as render_cmd
    from jmap.commands import report as report_cmd

    app.command("lint")(lint_cmd.lint)
    app.command("rules")(lint_cmd.rules)
    app.command("schema")(lint_cmd.schema)
    app.command("new")(new_cmd.new)
    app.command("report")(report_cmd.report)
    app.command("render")(render_cmd.render)
    app.command("export")(export_cmd.export)
    app.command("import")(import_cmd.import_)
    app.command("diff")(diff_cmd.diff)


_register()


def main() -> None:
    sys.exit(app(prog_name="jmap"))
