"""``jmap export FILE -o OUT [--to FORMAT]``."""

import enum
from pathlib import Path

import typer

from jmap.commands._common import guarded
from jmap.formats.writers import FORMATS

Format = enum.StrEnum("Format", [(name, name) for name in FORMATS])  # type: ignore[misc]


@guarded
def export(
    file: Path = typer.Argument(..., metavar="FILE", help="The map to export (YAML or XLSX).", show_default=False),
    output: str = typer.Option(
        ...,
        "--output",
        "-o",
        metavar="OUT",
        help="The file to write (replaced if it exists), or '-' for stdout. Its extension picks the format.",
        show_default=False,
    ),
    to: Format | None = typer.Option(
        None,
        "--to",
        case_sensitive=False,
        help="The format, whatever OUT's extension says.",
        show_default=False,
    ),
) -> None:
    """Write a map in another format: XLSX, YAML, JSON, Markdown, Mermaid or CSV.

    XLSX in and YAML out (or the other way) is lossless. The output appears
    complete or not at all; the input is never changed.
    """
    from jmap.export import export as run_export
    from jmap.util.display import visible

    result = run_export(file, None if output == "-" else Path(output), None if to is None else str(to.value))
    for warning in result.warnings:
        typer.echo(f"jmap: warning: {visible(warning)}", err=True)
    typer.echo(visible(result.summary()), err=True)
