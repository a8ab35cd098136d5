import sys
from pathlib import Path

import typer

from jmap.commands._common import TextJsonMarkdown, guarded, parse_today, progress_bar, today_option, wants_colour


@guarded
def report(
    paths: list[Path] = typer.Argument(None, help="Map files or folders (default: the current folder)."),
    format: TextJsonMarkdown = typer.Option(
        TextJsonMarkdown.text, "--format", "-f", case_sensitive=False, help="text, json or md."
    ),
    today: str = today_option("Pin today for review freshness."),
    config: Path = typer.Option(None, "--config", help="Use this config file instead of searching."),
    width: int = typer.Option(None, "--width", min=40, help="Text width (default: the terminal's)."),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: by workload)."),
) -> int:
    """A portfolio view over many maps: freshness, ownership, open opportunities and lint counts.

    Maps that cannot be read are listed with their error; they never stop the report.
    """
    from jmap.lint.config import load_config
    from jmap.lint.core import LintOptions
    from jmap.report import build_portfolio, portfolio_json, portfolio_markdown
    from jmap.util.display import safe_json, visible, visible_fields

    options = LintOptions(config=load_config(config), today=parse_today(today), jobs=jobs)
    targets = list(paths) if paths else [Path(".")]
    portfolio = build_portfolio(targets, options, progress=progress_bar())
    if format is TextJsonMarkdown.json:
        sys.stdout.write(safe_json(portfolio_json(portfolio)))
        for u in portfolio.unreadable:
            typer.echo(f"jmap: {visible(u.error)} (unreadable, left out of the report)", err=True)
    elif format is TextJsonMarkdown.md:
        sys.stdout.write(portfolio_markdown(visible_fields(portfolio)))
    else:
        from jmap.render.portfolio import print_portfolio

        print_portfolio(visible_fields(portfolio), width, colour=wants_colour(sys.stdout))
    return 0
