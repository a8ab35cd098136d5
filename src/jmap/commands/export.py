"""``jmap export FILE -o OUT [--to FORMAT]``."""

import enum
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jmap.commands._common import fail, guarded, parse_today, today_option
from jmap.formats.writers import FORMATS, WRITERS, by_extension, by_name
from jmap.pictures.options import LANES, THEMES

if TYPE_CHECKING:
    from jmap.pictures.options import PictureOptions

Format = enum.StrEnum("Format", [(name, name) for name in FORMATS])  # type: ignore[misc]
Theme = enum.StrEnum("Theme", [(name, name) for name in THEMES])  # type: ignore[misc]
PICTURES = ", ".join(name for name, w in WRITERS.items() if w.picture)


def _picture_options(
    out: Path | None,
    fmt: str | None,
    theme: enum.StrEnum | None,
    stage: str | None,
    lanes: str | None,
    scale: float | None,
    today: str | None,
) -> "PictureOptions | None":
    """The picture options for a picture format; None for other formats, which refuse picture options."""
    from jmap.lint.config import load_config
    from jmap.pictures.options import PictureOptions, parse_lanes

    writer = by_name(fmt) if fmt else by_extension(out) if out else None
    given = [name for name, v in (("--theme", theme), ("--stage", stage), ("--lanes", lanes), ("--scale", scale),
                                  ("--today", today)) if v is not None]  # fmt: skip
    if writer is None or not writer.picture:
        if given and writer is not None:
            raise fail(f"{given[0]} is for pictures ({PICTURES}), not {writer.name}")
        return None
    if scale is not None and writer.name != "png":
        raise fail(f"--scale is for PNG only; {writer.name} scales without loss")
    cfg = load_config()
    return PictureOptions(
        theme=str(theme.value) if theme is not None else "light",
        stage=stage,
        lanes=parse_lanes(lanes) if lanes is not None else tuple(LANES),
        scale=scale,
        today=parse_today(today) or cfg.today or date.today(),
        default_cadence=cfg.review_every,
        due_soon_days=cfg.due_soon_days,
    )


@guarded
def export(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="The map to export (YAML, XLSX or ODS/FODS).", show_default=False
    ),
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
    theme: Theme | None = typer.Option(
        None, "--theme", case_sensitive=False, help="Pictures: light (default) or dark.", show_default=False
    ),
    stage: str | None = typer.Option(
        None, "--stage", metavar="ID", help="Pictures: draw only the stage with this id.", show_default=False
    ),
    lanes: str | None = typer.Option(
        None,
        "--lanes",
        metavar="LIST",
        help="Pictures: the lanes to draw, comma-separated, from: " + ", ".join(LANES) + " (default: all).",
        show_default=False,
    ),
    scale: float | None = typer.Option(
        None,
        "--scale",
        metavar="N",
        help="PNG: pixels per layout pixel, e.g. 2 or 3 for print (default: fit a 16:9 slide).",
        show_default=False,
    ),
    today: str | None = today_option("Pictures: judge the review date against this day."),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Refuse a workbook whose Map sheet holds anything that could not be read "
        "(by default it is a warning and the rest is written).",
    ),
) -> None:
    """Write a map in another format: XLSX, ODS, YAML, JSON, Markdown, Mermaid, CSV, or a picture (SVG, PNG, HTML).

    A workbook (XLSX, ODS) in and YAML out (or the other way) is lossless. The output appears
    complete or not at all; the input is never changed.
    """
    from jmap.export import export as run_export
    from jmap.lint.config import load_config
    from jmap.util.display import visible

    out = None if output == "-" else Path(output)
    fmt = None if to is None else str(to.value)
    picture = _picture_options(out, fmt, theme, stage, lanes, scale, today)
    result = run_export(file, out, fmt, picture=picture, priority=load_config().priority, strict=strict)
    for warning in result.warnings:
        typer.echo(f"jmap: warning: {visible(warning)}", err=True)
    typer.echo(visible(result.summary()), err=True)
