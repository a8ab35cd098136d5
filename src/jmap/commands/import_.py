"""``jmap import GRID -o MAP.yaml|MAP.xlsx [--sheet NAME] [--dry-run]``."""

from pathlib import Path

import typer

from jmap.commands._common import guarded

_CONTROL = {c: chr(0x2400 + c) for c in range(0x20)}
_CONTROL[0x7F] = "\u2421"


@guarded
def import_(
    grid: Path = typer.Argument(
        ..., metavar="GRID", help="A hand-made journey grid: .xlsx, .ods, .csv or .md.", show_default=False
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="MAP",
        help="The map to write: .yaml, .yml or .xlsx (an existing file is replaced only with --force).",
        show_default=False,
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", metavar="NAME", help="The sheet that holds the grid (default: the first that has one)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the guesses; write nothing."),
    force: bool = typer.Option(False, "--force", help="Replace MAP if it exists."),
) -> None:
    """Turn a journey grid made by hand in a spreadsheet or Markdown into a jmap map.

    Stages across and layers down (or the transpose); every guess is printed on
    stderr with the cell it came from. Lint the result for what to fill in next.
    An existing MAP is replaced only with --force.
    """
    from jmap.importing import ImportOptions, import_grid

    result = import_grid(ImportOptions(grid, output, sheet, dry_run, force))
    for line in result.guess_lines():
        typer.echo(line.translate(_CONTROL), err=True)
    typer.echo(result.summary().translate(_CONTROL), err=True)
