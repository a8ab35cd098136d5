import enum
import sys
from datetime import date
from pathlib import Path

import typer

from jmap.commands._common import guarded, output_option, parse_today, today_option


class Template(enum.StrEnum):
    post_sale = "post-sale"
    lifecycle = "lifecycle"
    success = "success"


@guarded
def new(
    output: Path = output_option(
        "FILE", "File to write: .yaml/.yml, or .xlsx for a workbook; '-' prints YAML.", default="<id>.yaml"
    ),
    template: Template = typer.Option(
        Template.post_sale,
        "--template",
        "-t",
        help="post-sale (onboarding..advocacy), lifecycle (awareness..advocacy) or success (both, post-sale weighted).",
    ),
    map_id: str = typer.Option(
        None, "--id", metavar="ID", help="Map id, a slug such as 'enterprise-onboarding'.", show_default="from -o"
    ),
    title: str = typer.Option(None, "--title", metavar="TEXT", help="Map title.", show_default="the template's"),
    segment: str = typer.Option(None, "--segment", metavar="TEXT", help="The customer segment the map is about."),
    owner: str = typer.Option(None, "--owner", metavar="TEXT", help="Who keeps the map alive."),
    today: str = today_option(),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> int:
    """Write a new map from a template, every field present and commented, ready to fill in.

    Without -o the map goes to <id>.yaml in the current folder (journey-map.yaml
    unless --id is given). An existing file is replaced only with --force.
    """
    from jmap.errors import ConfigError
    from jmap.new import NewMapOptions, build_map, default_output, id_for, map_yaml, write_new
    from jmap.util.display import visible

    pinned = parse_today(today) or date.today()
    to_stdout = output is not None and str(output) == "-"
    map_id = id_for(output, map_id)
    target = None if to_stdout else (output or default_output(map_id))
    if target is not None and target.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
        raise ConfigError(f"{target}: use a .yaml, .yml or .xlsx file name (or '-o -' to print YAML)")
    options = NewMapOptions(today=pinned, template=template.value, id=map_id, title=title, segment=segment, owner=owner)
    model = build_map(options)
    if target is None:
        sys.stdout.write(map_yaml(model, template.value))
        return 0
    write_new(model, target, template.value, force=force)
    shown = visible(str(target))
    touchpoints = sum(len(s.touchpoints) for s in model.stages)
    typer.echo(
        f"Wrote {shown}: {template.value} template, {len(model.stages)} stages, {touchpoints} example touchpoints.\n"
        f"Next: fill in what 'jmap lint {shown}' lists (owners, evidence, what customers think and feel).",
        err=True,
    )
    return 0
