"""``jmap render FILE``: a map as a grid, as stage panels, or as a ranked list of opportunities."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from jmap.commands._common import config_option, guarded, parse_today, today_option


class View(StrEnum):
    grid = "grid"
    stages = "stages"
    opportunities = "opportunities"


@guarded
def render(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The map to show (YAML or XLSX).")],
    view: Annotated[
        View,
        typer.Option(
            "--view",
            help="grid: stages across, layers down; stages: a panel per stage; "
            "opportunities: ranked by priority (impact over effort, weighted by confidence).",
        ),
    ] = View.grid,
    stage: Annotated[
        str | None, typer.Option("--stage", metavar="ID", help="Show only the stage with this id.")
    ] = None,
    width: Annotated[
        int | None,
        typer.Option("--width", metavar="N", min=40, max=1000, help="Fit N columns (default: the terminal)."),
    ] = None,
    svg: Annotated[
        Path | None, typer.Option("--svg", metavar="FILE", help="Also save the view as an SVG picture.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help="Also save the view as an HTML page.")
    ] = None,
    today: str | None = today_option("Judge the review date against this day."),
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
    pictures = [(p, kind) for p, kind in ((svg, "svg"), (html, "html")) if p is not None]
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
        save_picture(console, path, kind, title=f"jmap render {visible(file.name)} --view {view.value}")
        typer.echo(f"jmap: wrote {visible(str(path))}", err=True)
