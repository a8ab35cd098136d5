"""``jmap render FILE``: a map as a grid, as stage panels, or as a ranked list of opportunities."""

from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from jmap.commands._common import (
    config_option,
    fail,
    format_option,
    guarded,
    output_option,
    parse_today,
    renamed_option,
    stage_option,
    today_option,
    width_option,
)


class View(StrEnum):
    grid = "grid"
    stages = "stages"
    opportunities = "opportunities"


class Picture(StrEnum):
    svg = "svg"
    html = "html"


_SUFFIXES = {".svg": Picture.svg, ".html": Picture.html, ".htm": Picture.html}


def _picture(output: Path, fmt: Picture | None) -> Picture:
    kind = fmt or _SUFFIXES.get(output.suffix.lower())
    if kind is None:
        raise fail(f"{output}: cannot tell the picture format from the extension; use .svg or .html, or -f svg|html")
    return kind


@guarded
def render(
    file: Path = typer.Argument(..., metavar="FILE", help="The map to show (YAML or XLSX).", show_default=False),
    view: View = typer.Option(
        View.grid,
        "--view",
        help="grid: stages across, layers down; stages: a panel per stage; "
        "opportunities: ranked by priority (impact over effort, weighted by confidence).",
    ),
    stage: str | None = stage_option(),
    width: int | None = width_option(),
    output: Path | None = output_option("FILE", "Also save the view as a picture: .svg or .html."),
    format: Picture | None = format_option(None, "The picture's format, whatever FILE's extension says."),
    svg: Path | None = renamed_option("--svg", "-o FILE.svg", metavar="FILE"),
    html: Path | None = renamed_option("--html", "-o FILE.html", metavar="FILE"),
    today: str | None = today_option(),
    config: Path | None = config_option(),
) -> None:
    """Show a map in the terminal: a grid with its emotion curve, stage panels, or ranked opportunities."""
    from jmap.lint.config import load_config
    from jmap.loader import load_map
    from jmap.render import Journey, render_view
    from jmap.render.output import check_writable, make_console, save_picture
    from jmap.util.atomic import refuse_input
    from jmap.util.display import visible

    day = parse_today(today)
    cfg = load_config(config)
    if format is not None and output is None:
        raise fail("-f/--format names the picture format of -o FILE; give -o too")
    pictures = [(p, kind) for p, kind in ((svg, Picture.svg), (html, Picture.html)) if p is not None]
    if output is not None:
        pictures.append((output, _picture(output, format)))
    for path, _ in pictures:
        refuse_input(path, [file], "render")
        check_writable(path)
    loaded = load_map(file)
    journey = Journey(
        loaded.model,
        today=day or cfg.today or date.today(),
        stage_id=stage,
        default_cadence=cfg.review_every,
        due_soon_days=cfg.due_soon_days,
        priority=cfg.priority,
    )
    console = make_console(width, record=bool(pictures))
    console.print(render_view(journey, view.value))
    note = loaded.loaded.problem_note()
    if note:
        typer.echo(f"jmap: warning: {visible(note)}", err=True)
    for path, kind in pictures:
        save_picture(console, path, kind.value, title=f"jmap render {visible(file.name)} --view {view.value}")
        typer.echo(f"jmap: wrote {visible(str(path))}", err=True)
