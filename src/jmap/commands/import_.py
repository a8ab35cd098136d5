"""``jmap import GRID -o MAP.yaml|MAP.xlsx [--sheet NAME | --all-sheets] [--force] [--dry-run]``."""

from pathlib import Path

import typer

from jmap.commands._common import config_option, guarded, output_option


@guarded
def import_(
    grid: Path = typer.Argument(
        ..., metavar="GRID", help="A hand-made journey grid: .xlsx, .ods, .csv or .md.", show_default=False
    ),
    output: Path | None = output_option("MAP", "The map to write: .yaml, .yml or .xlsx (with --all-sheets: a folder)."),
    sheet: str | None = typer.Option(
        None, "--sheet", metavar="NAME", help="The sheet that holds the grid.", show_default="the one that scores best"
    ),
    all_sheets: bool = typer.Option(
        False, "--all-sheets", help="Import every sheet that holds a journey map, one map each into the -o folder."
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Go ahead anyway: import the best reading when no sheet looks like a journey map, and replace MAP "
        "if it exists.",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the guesses; write nothing."),
    config: Path | None = config_option(),
) -> None:
    """Turn a journey grid made by hand in a spreadsheet or Markdown into a jmap map.

    Layers down and stages across, the transpose, or a flat list with one row per
    touchpoint; every guess is printed on stderr with the cell it came from. Lint
    the result for what to fill in next. An existing MAP is replaced only with --force.
    """
    from jmap.importing import ImportOptions, import_grid, import_sheets
    from jmap.lint.config import load_config
    from jmap.util.display import visible

    if all_sheets and sheet is not None:
        raise typer.BadParameter("use --sheet NAME or --all-sheets, not both")
    labels = load_config(config, grid.parent).import_labels
    options = ImportOptions(grid, output, sheet, dry_run, force, all_sheets, labels)
    results = import_sheets(options) if all_sheets else [import_grid(options)]
    for result in results:
        for line in result.guess_lines():
            typer.echo(visible(line), err=True)
        typer.echo(visible(result.summary()), err=True)
