import enum
import io
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jmap.commands._common import fail, guarded
from jmap.util.text import plural

if TYPE_CHECKING:
    from rich.console import Console

    from jmap.report import Portfolio

MAP_COLUMN = 28
REVIEWED_COLUMN = 15
FIXED_COLUMNS = 61
"""Width of the maps table without its Map column: below that, maps and opportunities are listed, not tabled."""


class ReportFormat(enum.StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


@guarded
def report(
    paths: list[Path] = typer.Argument(None, help="Map files or folders (default: the current folder)."),
    format: ReportFormat = typer.Option(
        ReportFormat.text, "--format", "-f", case_sensitive=False, help="text, json, md or html (a site: needs -o)."
    ),
    output: Path = typer.Option(
        None, "--output", "-o", metavar="SITE", help="html: the folder to write the site into (made if missing)."
    ),
    today: str = typer.Option(None, "--today", metavar="YYYY-MM-DD", help="Pin today for review freshness."),
    config: Path = typer.Option(None, "--config", help="Use this config file instead of searching."),
    width: int = typer.Option(None, "--width", min=40, help="Text width (default: the terminal's)."),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: by workload)."),
    since: str = typer.Option(
        None, "--since", metavar="REV|DATE", help="The review page since a git revision or date (YYYY-MM-DD)."
    ),
) -> int:
    """A portfolio view over many maps: freshness, ownership, open opportunities and lint counts.

    Maps that cannot be read are listed with their error; they never stop the report. With --since,
    the quarterly review instead: what shipped, what is newly open, which maps nobody touched.
    """
    from jmap.commands.lint import _progress_bar
    from jmap.commands.new import pinned_today
    from jmap.lint.config import load_config
    from jmap.lint.core import LintOptions
    from jmap.report import build_portfolio, portfolio_json, portfolio_markdown
    from jmap.util.display import safe_json, visible, visible_fields

    if (format is ReportFormat.html) != (output is not None):
        raise fail("--format html writes a site into the folder -o SITE names" if output is None else
                   "-o SITE is for --format html; the other formats print to stdout")  # fmt: skip
    options = LintOptions(config=load_config(config), today=pinned_today(today), jobs=jobs)
    targets = list(paths) if paths else [Path(".")]
    if since is not None:
        from jmap.history.run import review_since
        from jmap.reporters.history import SINCE_WRITERS

        if format.value not in SINCE_WRITERS:
            raise fail(f"--since gives the review page as {', '.join(SINCE_WRITERS)}, not {format.value}")
        sys.stdout.write(SINCE_WRITERS[format.value](review_since(targets, since, options)))
        return 0
    if format is ReportFormat.html:
        from jmap.pictures.site import map_page, write_site

        portfolio = build_portfolio(targets, options, progress=_progress_bar(), page=map_page)
        site = write_site(portfolio, output)
        for u in portfolio.unreadable:
            typer.echo(f"jmap: {u.error} (unreadable, left out of the site)", err=True)
        typer.echo(f"jmap: wrote {site.pages[0]} and {len(site.pages) - 1} map pages", err=True)
        return 0
    portfolio = build_portfolio(targets, options, progress=_progress_bar())
    if format is ReportFormat.json:
        sys.stdout.write(safe_json(portfolio_json(portfolio)))
        for u in portfolio.unreadable:
            typer.echo(f"jmap: {visible(u.error)} (unreadable, left out of the report)", err=True)
    elif format is ReportFormat.md:
        sys.stdout.write(portfolio_markdown(visible_fields(portfolio)))
    else:
        _print_text(visible_fields(portfolio), width)
    return 0


def _print_text(p: "Portfolio", width: int | None) -> None:
    from rich.console import Console

    from jmap.commands.lint import use_color

    color = use_color(sys.stdout)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or (shutil.get_terminal_size().columns if sys.stdout.isatty() else None),
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    _render(console, p, narrow=console.width < _map_column(p) + FIXED_COLUMNS)
    sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines()))


def _map_column(p: "Portfolio") -> int:
    return min(max((max(len(m.id), len(m.path)) for m in p.maps), default=0), MAP_COLUMN)


def _dash(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def _render(console: "Console", p: "Portfolio", narrow: bool) -> None:
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    def indented(text: Text | str, first: int = 2) -> None:
        console.print(Padding(text, (0, 0, 0, first)))

    from jmap.report import headline, review_state, share

    def table(title: str) -> Table:
        return Table(
            title=title,
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            collapse_padding=True,
        )

    def count(n: int, word: str, style: str) -> Text:
        return Text(plural(n, word) if narrow else str(n), style=style if n else "dim")

    console.print(Text("Journey map portfolio", style="bold"))
    console.print(Text(headline(p), style="dim"))
    console.print()

    if not p.maps:
        console.print(Text("No readable maps.", style="dim"))
    elif narrow:
        console.print(Text("Maps", style="bold"))
        for m in p.maps:
            console.print(Text(m.id, style="bold").append(f"  {m.title}", style=""))
            indented(Text(m.path, style="dim"))
            indented(
                f"{plural(m.stages, 'stage')}, {plural(m.touchpoints, 'touchpoint')}, {share(m.owned_share)} owned"
            )
            indented(
                Text(f"reviewed {_dash(m.last_reviewed)}, ").append(
                    review_state(m), style="red" if m.review_overdue else ""
                )
            )
            indented(
                Text()
                .append(plural(m.open_opportunities, "open opportunity", "open opportunities"))
                .append(", ")
                .append_text(count(m.errors, "error", "red"))
                .append(", ")
                .append_text(count(m.warnings, "warning", "yellow"))
            )
    else:
        maps = table("Maps")
        maps.add_column("Map", overflow="fold", width=_map_column(p))
        for header in ("Stages", "Touch-\npoints", "Owned"):
            maps.add_column(header, justify="right", no_wrap=True)
        maps.add_column("Reviewed", width=REVIEWED_COLUMN)
        for header in ("Open\nopps", "Errors", "Warn-\nings"):
            maps.add_column(header, justify="right", no_wrap=True)
        for m in p.maps:
            maps.add_row(
                Text(m.id, style="bold").append(f"\n{m.title}", style="").append(f"\n{m.path}", style="dim"),
                str(m.stages),
                str(m.touchpoints),
                share(m.owned_share),
                Text(_dash(m.last_reviewed)).append(f"\n{review_state(m)}", style="red" if m.review_overdue else "dim"),
                str(m.open_opportunities),
                count(m.errors, "error", "red"),
                count(m.warnings, "warning", "yellow"),
            )
        console.print(maps)
    console.print()

    if p.owners:
        owners = table("Owners")
        owners.add_column("Owner", min_width=min(max(len(o.owner) for o in p.owners), 20))
        owners.add_column("Touch-\npoints", justify="right", no_wrap=True)
        owners.add_column("Open\nopps", justify="right", no_wrap=True)
        owners.add_column("Maps", overflow="fold")
        for o in p.owners:
            owners.add_row(o.owner, str(o.touchpoints), str(o.open_opportunities), ", ".join(o.maps))
        console.print(owners)
    else:
        console.print(Text("No owners named yet.", style="dim"))
    console.print()

    impact_style = {"high": "bold red", "medium": "yellow", "low": "green"}
    if not p.opportunities:
        console.print(Text("No open opportunities.", style="dim"))
    elif narrow:
        console.print(Text("Open opportunities, by impact then status", style="bold"))
        listing = Table.grid(padding=(0, 1, 0, 0))
        listing.add_column(justify="right", no_wrap=True)
        listing.add_column()
        for i, opp in enumerate(p.opportunities, 1):
            listing.add_row(
                f"{i}.",
                Text(_dash(opp.fix), style="bold")
                .append("\n")
                .append(opp.impact or "impact not set", style=impact_style.get(opp.impact or "", "dim"))
                .append(f" · {opp.status or 'no status'}")
                .append(f"\n{opp.map} › {opp.stage_name} › {opp.touchpoint_name}", style="dim")
                .append("\nowner ")
                .append(_dash(opp.owner), style="" if opp.owner else "red")
                .append(f" · target {_dash(opp.target)}"),
            )
        console.print(listing)
    else:
        opps = table("Open opportunities, by impact then status")
        opps.add_column("#", justify="right", no_wrap=True)
        opps.add_column("Impact\nstatus", no_wrap=True)
        opps.add_column("Fix", ratio=4)
        opps.add_column("Where", ratio=3)
        opps.add_column("Owner", ratio=2)
        opps.add_column("Target", ratio=3)
        for i, opp in enumerate(p.opportunities, 1):
            opps.add_row(
                str(i),
                Text(opp.impact or "not set", style=impact_style.get(opp.impact or "", "dim"))
                .append("\n")
                .append(opp.status or "no status", style="" if opp.status else "dim"),
                _dash(opp.fix),
                Text(opp.map, style="dim", overflow="fold").append(
                    f"\n{opp.stage_name} › {opp.touchpoint_name}", style=""
                ),
                Text(_dash(opp.owner), style="" if opp.owner else "red"),
                _dash(opp.target),
            )
        console.print(opps)

    if p.unreadable:
        console.print()
        console.print(Text("Unreadable maps", style="bold"))
        for u in p.unreadable:
            indented(Text(u.error, style="red"))
