"""``jmap export FILE -o OUT [-f FORMAT]``."""

import enum
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jmap.commands._common import (
    config_option,
    either,
    fail,
    format_option,
    guarded,
    output_option,
    parse_today,
    renamed_option,
    stage_option,
    today_option,
)
from jmap.formats.writers import FORMATS, WRITERS, by_extension, by_name
from jmap.pictures.options import LANES, THEMES

if TYPE_CHECKING:
    from jmap.lint.config import Config
    from jmap.pictures.options import PictureOptions

Format = enum.StrEnum("Format", [(name, name) for name in FORMATS])  # type: ignore[misc]
Prefer = enum.StrEnum("Prefer", [("workbook", "workbook"), ("yaml", "yaml")])
Theme = enum.StrEnum("Theme", [(name, name) for name in THEMES])  # type: ignore[misc]
PICTURES = ", ".join(name for name, w in WRITERS.items() if w.picture)


@dataclass(frozen=True, slots=True)
class PictureChoices:
    """The picture options as given on the command line (None: not given)."""

    theme: enum.StrEnum | None
    stage: str | None
    lanes: str | None
    scale: float | None
    today: str | None
    slides: bool | None = None
    """True when --slides was given; None otherwise, so that only a given option counts."""
    since: str | None = None


def _picture_options(out: Path | None, fmt: str | None, c: PictureChoices, cfg: "Config") -> "PictureOptions | None":
    """The picture options for a picture format; None for other formats, which refuse picture options."""
    from jmap.pictures.options import PictureOptions, parse_lanes

    theme, stage, lanes, scale, today = c.theme, c.stage, c.lanes, c.scale, c.today
    writer = by_name(fmt) if fmt else by_extension(out) if out else None
    given = [f"--{f.name}" for f in fields(c) if getattr(c, f.name) is not None]
    if writer is None or not writer.picture:
        if given and writer is not None:
            raise fail(f"{given[0]} is for pictures ({PICTURES}), not {writer.name}")
        return None
    if scale is not None and writer.name != "png":
        raise fail(f"--scale is for PNG only; {writer.name} scales without loss")
    if scale is not None and c.slides:
        raise fail("--slides pages are 1920x1080; --scale is for the whole-map PNG")
    return PictureOptions(
        theme=str(theme.value) if theme is not None else "light",
        stage=stage,
        lanes=parse_lanes(lanes) if lanes is not None else tuple(LANES),
        scale=scale,
        today=parse_today(today) or cfg.today or date.today(),
        default_cadence=cfg.review_every,
        due_soon_days=cfg.due_soon_days,
        slides=bool(c.slides),
        since=c.since,
    )


@guarded
def export(
    file: Path = typer.Argument(
        ..., metavar="FILE", help="The map to export (YAML, XLSX, ODS or FODS).", show_default=False
    ),
    output: str = output_option(
        "OUT",
        "The file to write, or '-' for stdout. Its extension picks the format. An existing file is replaced "
        "only with --force, except a YAML map written from its own workbook, which is edited in place; "
        "a device such as /dev/stdout is written to.",
        required=True,
    ),
    format: Format | None = format_option(None, "The format, whatever OUT's extension says."),
    to: Format | None = renamed_option("--to", "-f/--format"),
    theme: Theme | None = typer.Option(
        None, "--theme", case_sensitive=False, help="Pictures: the colours.", show_default="light"
    ),
    stage: str | None = stage_option(),
    lanes: str | None = typer.Option(
        None,
        "--lanes",
        metavar="LIST",
        help="Pictures: the lanes to draw, comma-separated, from: " + ", ".join(LANES) + ".",
        show_default="all",
    ),
    scale: float | None = typer.Option(
        None,
        "--scale",
        metavar="N",
        help="PNG: pixels per layout pixel, e.g. 2 or 3 for print.",
        show_default="fit a 16:9 slide",
    ),
    today: str | None = today_option(),
    config: Path | None = config_option(),
    prefer: Prefer | None = typer.Option(
        None,
        "--prefer",
        case_sensitive=False,
        help="A workbook onto an existing YAML map: the side whose value wins in every conflict.",
        show_default=False,
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="A workbook onto an existing YAML map: list the changes, write nothing."
    ),
    slides: bool = typer.Option(
        False,
        "--slides",
        help="SVG, PNG: 16:9 pages of 1920x1080 that break between stages, written as OUT-1, OUT-2, ...",
        show_default=False,
    ),
    since: str | None = typer.Option(
        None,
        "--since",
        metavar="REV",
        help="Deck: add what changed since this revision (a commit, tag, branch or YYYY-MM-DD).",
        show_default=False,
    ),
    force: bool = typer.Option(False, "--force", help="Replace OUT if it exists."),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Refuse a workbook whose Map sheet holds anything that could not be read; without it, "
        "that is a warning and the rest is written.",
    ),
) -> None:
    """Write a map in another format: XLSX, ODS, YAML, JSON, Markdown, Mermaid, CSV, or a picture (SVG, PNG, HTML).

    A workbook (XLSX, ODS) in and YAML out (or the other way) is lossless. The
    output appears complete or not at all; the input is never changed, and an
    existing OUT is replaced only with --force. A workbook written onto an
    existing YAML map updates it in place: only the lines whose values changed
    change, and edits made to the YAML since the export are kept.
    """
    from jmap.changes.merge import updates_in_place
    from jmap.export import export as run_export
    from jmap.lint.config import load_config
    from jmap.util.display import visible

    out = None if output == "-" else Path(output)
    chosen = either(format, to, "-f/--format", "--to")
    fmt = None if chosen is None else str(chosen.value)

    if out is not None and updates_in_place(file, out, fmt):
        raise typer.Exit(_update(file, out, None if prefer is None else prefer.value, dry_run))
    if prefer is not None or dry_run:
        raise fail("--prefer and --dry-run are for a workbook written onto an existing YAML map")
    cfg = load_config(config)
    picture = _picture_options(out, fmt, PictureChoices(theme, stage, lanes, scale, today, slides or None, since), cfg)
    result = run_export(file, out, fmt, picture=picture, priority=cfg.priority, force=force, strict=strict)
    for warning in result.warnings:
        typer.echo(f"jmap: warning: {visible(warning)}", err=True)
    typer.echo(visible(result.summary()), err=True)


def _update(book: Path, target: Path, prefer: str | None, dry_run: bool) -> int:
    """Print what writing ``book`` onto the YAML map ``target`` changed; 1 when conflicts kept it from writing."""
    from jmap.changes.merge import Side, describe_change, describe_conflict, update_yaml_map
    from jmap.util.display import visible

    side: Side | None = "workbook" if prefer == "workbook" else "yaml" if prefer == "yaml" else None
    result = update_yaml_map(book, target, prefer=side, dry_run=dry_run)
    if result.notice:
        typer.echo(f"jmap: notice: {visible(result.notice)}", err=True)
    for conflict in result.conflicts:
        typer.echo(visible(describe_conflict(conflict)), err=True)
    if dry_run and not result.conflicts:
        for change in result.changes:
            typer.echo(visible(describe_change(change)))
    typer.echo(visible(result.summary()), err=True)
    return 1 if result.conflicts else 0
