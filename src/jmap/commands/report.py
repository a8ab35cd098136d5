import enum
import shutil
import sys
from pathlib import Path

import typer

from jmap.commands._common import (
    config_option,
    fail,
    format_option,
    guarded,
    jobs_option,
    output_option,
    parse_today,
    paths_argument,
    progress_bar,
    today_option,
    wants_colour,
    width_option,
    write_output,
)


class ReportFormat(enum.StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


@guarded
def report(
    paths: list[Path] = paths_argument(),
    format: ReportFormat = format_option(ReportFormat.text, "text, json, md, or html (a site in the -o folder)."),
    output: Path = output_option("FILE|SITE", "Write the report to FILE; html: the site's folder.", default="stdout"),
    today: str = today_option(),
    config: Path = config_option(),
    width: int = width_option(),
    jobs: int = jobs_option(),
    since: str = typer.Option(
        None, "--since", metavar="REV|DATE", help="The review page since a git revision or date (YYYY-MM-DD)."
    ),
) -> int:
    """A portfolio view over many maps: freshness, ownership, open opportunities and lint counts.

    Maps that cannot be read are listed with their error; they never stop the report. With --since,
    the quarterly review instead: what shipped, what is newly open, which maps nobody touched.
    """
    from jmap.lint.config import load_config
    from jmap.lint.core import LintOptions
    from jmap.report import build_portfolio, portfolio_json, portfolio_markdown
    from jmap.util.display import safe_json, visible, visible_fields

    if format is ReportFormat.html and output is None:
        raise fail("--format html writes a site: name its folder with -o SITE")
    options = LintOptions(config=load_config(config), today=parse_today(today), jobs=jobs)
    targets = list(paths) if paths else [Path(".")]
    if since is not None:
        from jmap.history.run import review_since
        from jmap.reporters.history import SINCE_WRITERS

        if format.value not in SINCE_WRITERS:
            raise fail(f"--since gives the review page as {', '.join(SINCE_WRITERS)}, not {format.value}")
        write_output(output, SINCE_WRITERS[format.value](review_since(targets, since, options)))
        return 0
    if format is ReportFormat.html:
        from jmap.pictures.site import map_page, write_site

        assert output is not None
        portfolio = build_portfolio(targets, options, progress=progress_bar(), page=map_page)
        from jmap.util.text import plural

        site = write_site(portfolio, output, targets)
        for u in portfolio.unreadable:
            typer.echo(f"jmap: {visible(u.error)} (unreadable, left out of the site)", err=True)
        pages = plural(len(site.pages) - 1, "map page", grouped=True)
        typer.echo(f"jmap: wrote {visible(str(site.pages[0]))} and {pages}", err=True)
        return 0
    portfolio = build_portfolio(targets, options, progress=progress_bar())
    if format is ReportFormat.json:
        write_output(output, safe_json(portfolio_json(portfolio)))
        for u in portfolio.unreadable:
            typer.echo(f"jmap: {visible(u.error)} (unreadable, left out of the report)", err=True)
    elif format is ReportFormat.md:
        write_output(output, portfolio_markdown(visible_fields(portfolio)))
    else:
        from jmap.render.portfolio import portfolio_text
        from jmap.render.text import MAX_SHOWN

        terminal = output is None and sys.stdout.isatty()
        columns = width or (shutil.get_terminal_size().columns if terminal else None)
        colour = output is None and wants_colour(sys.stdout)
        write_output(output, portfolio_text(visible_fields(portfolio, MAX_SHOWN), columns, colour=colour))
    return 0
