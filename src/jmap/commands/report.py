import enum
import io
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jmap.commands._common import fail, guarded
from jmap.util.text import break_long_words, distribute, plural

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import Console

    from jmap.report import Portfolio

MAP_COLUMN = 28
REVIEWED_COLUMN = 15
FIXED_COLUMNS = 61
"""Width of the maps table without its Map column: below that, maps and opportunities are listed, not tabled."""
WORD_COLUMN = 20
"""A column of free text is at least as wide as its longest word, up to this; longer words break after / - _ ."""
OWNER_COUNTS = 18
"""The owners table without its Owner and Maps columns (two counts and the gaps)."""
OPPORTUNITY_FIXED = 27
"""The opportunities table without its four text columns (#, impact/status and the gaps)."""


class ReportFormat(enum.StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


@guarded
def report(
    paths: list[Path] = typer.Argument(
        None, metavar="PATH", help="Map files or folders (default: the current folder)."
    ),
    format: ReportFormat = typer.Option(
        ReportFormat.text, "--format", "-f", case_sensitive=False, help="text, json, md or html (a site: needs -o)."
    ),
    output: Path = typer.Option(
        None, "--output", "-o", metavar="SITE", help="html: the folder to write the site into (made if missing)."
    ),
    today: str = typer.Option(None, "--today", metavar="YYYY-MM-DD", help="Pin today for review freshness."),
    config: Path = typer.Option(None, "--config", metavar="FILE", help="Use this config file instead of searching."),
    width: int = typer.Option(None, "--width", min=40, metavar="N", help="Text width (default: the terminal's)."),
    jobs: int = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="Worker processes (default: by workload)."),
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
    _render(console, p, narrow=console.width < _table_width(p))
    sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines()))


def _map_column(p: "Portfolio") -> int:
    return min(max((max(len(m.id), len(m.path)) for m in p.maps), default=0), MAP_COLUMN)


def _longest_word(texts: "Iterable[str | None]", cap: int) -> int:
    """The longest word among ``texts``, at most ``cap``: a column narrower than that would cut it."""
    return min(max((len(w) for t in texts if t for w in t.split()), default=1), cap)


def _opportunity_columns(p: "Portfolio") -> tuple[int, int, int, int]:
    """Minimum widths of the Fix, Where, Owner and Target columns: their longest words."""
    o = p.opportunities
    return (
        _longest_word((x.fix for x in o), WORD_COLUMN),
        _longest_word((w for x in o for w in (x.map, x.stage_name, x.touchpoint_name)), MAP_COLUMN),
        _longest_word((x.owner for x in o), WORD_COLUMN),
        _longest_word((x.target for x in o), WORD_COLUMN),
    )


def _widest(texts: "Iterable[str | None]") -> int:
    return max((len(line) for t in texts if t for line in t.splitlines()), default=1)


def _table_width(p: "Portfolio") -> int:
    """The narrowest console on which every table fits without cutting a word; below it, sections are listed."""
    maps = _map_column(p) + FIXED_COLUMNS
    owners = (
        _longest_word((o.owner for o in p.owners), WORD_COLUMN)
        + OWNER_COUNTS
        + _longest_word((m for o in p.owners for m in o.maps), MAP_COLUMN)
    )
    opportunities = OPPORTUNITY_FIXED + sum(_opportunity_columns(p)) if p.opportunities else 0
    return max(maps, owners, opportunities)


def _dash(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def _render(console: "Console", p: "Portfolio", narrow: bool) -> None:
    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    def indented(text: Text | str, first: int = 2) -> None:
        console.print(Padding(text, (0, 0, 0, first)))

    fit = break_long_words

    from jmap.domain.ranking import format_priority
    from jmap.report import headline, invalid_note, metric_state, review_state, share

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
        room = console.width - 2
        for m in p.maps:
            console.print(Text(fit(m.id, console.width), style="bold"))
            indented(fit(m.title, room))
            indented(Text(fit(m.path, room), style="dim"))
            if m.invalid_items:
                indented(Text(invalid_note(m), style="red"))
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
        column = _map_column(p)
        maps.add_column("Map", overflow="fold", width=column)
        for header in ("Stages", "Touch-\npoints", "Owned"):
            maps.add_column(header, justify="right", no_wrap=True)
        maps.add_column("Reviewed", width=REVIEWED_COLUMN)
        for header in ("Open\nopps", "Errors", "Warn-\nings"):
            maps.add_column(header, justify="right", no_wrap=True)
        for m in p.maps:
            maps.add_row(
                Text(fit(m.id, column), style="bold")
                .append(f"\n{fit(m.title, column)}", style="")
                .append(f"\n{fit(m.path, column)}", style="dim")
                .append(f"\n{invalid_note(m)}" if m.invalid_items else "", style="red"),
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

    if not p.owners:
        console.print(Text("No owners named yet.", style="dim"))
    elif narrow:
        console.print(Text("Owners", style="bold"))
        room = console.width - 2
        for o in p.owners:
            console.print(Text(fit(o.owner, console.width), style="bold"))
            indented(
                f"{plural(o.touchpoints, 'touchpoint')}, "
                f"{plural(o.open_opportunities, 'open opportunity', 'open opportunities')}"
            )
            indented(Text(fit(", ".join(o.maps), room), style="dim"))
    else:
        owners = table("Owners")
        owner_low = _longest_word((o.owner for o in p.owners), WORD_COLUMN)
        maps_low = _longest_word((m for o in p.owners for m in o.maps), MAP_COLUMN)
        owner_high = max(owner_low, min(_widest(o.owner for o in p.owners), WORD_COLUMN))
        room = console.width - OWNER_COUNTS
        owner_w = max(owner_low, min(owner_high, room - maps_low))
        maps_w = max(maps_low, min(_widest(", ".join(o.maps) for o in p.owners), room - owner_w))
        owners.add_column("Owner", width=owner_w)
        owners.add_column("Touch-\npoints", justify="right", no_wrap=True)
        owners.add_column("Open\nopps", justify="right", no_wrap=True)
        owners.add_column("Maps", width=maps_w)
        for o in p.owners:
            owners.add_row(
                fit(o.owner, owner_w),
                str(o.touchpoints),
                str(o.open_opportunities),
                fit(", ".join(o.maps), maps_w),
            )
        console.print(owners)
    console.print()

    impact_style = {"high": "bold red", "medium": "yellow", "low": "green"}
    if not p.opportunities:
        console.print(Text("No open opportunities.", style="dim"))
    elif narrow:
        console.print(Text("Open opportunities, by priority", style="bold"))
        listing = Table.grid(padding=(0, 1, 0, 0))
        listing.add_column(justify="right", no_wrap=True)
        listing.add_column()
        room = console.width - len(f"{len(p.opportunities)}.") - 1
        for i, opp in enumerate(p.opportunities, 1):
            listing.add_row(
                f"{i}.",
                Text(fit(_dash(opp.fix), room), style="bold")
                .append(f"\npriority {format_priority(opp.priority)} · ")
                .append(opp.impact or "impact not set", style=impact_style.get(opp.impact or "", "dim"))
                .append(f" · {opp.effort + ' effort · ' if opp.effort else ''}{opp.status or 'no status'}")
                .append(f"\n{fit(f'{opp.map} › {opp.stage_name} › {opp.touchpoint_name}', room)}", style="dim")
                .append("\nowner ")
                .append(fit(_dash(opp.owner), room), style="" if opp.owner else "red")
                .append(f" · target {fit(_dash(opp.target), room)}"),
            )
        console.print(listing)
    else:
        opps = table("Open opportunities, by priority")
        found = p.opportunities
        number_w = len(str(len(found)))
        state_w = max(
            8,
            _widest(x.impact or "not set" for x in found),
            _widest(x.status or "no status" for x in found),
            _widest(f"{x.effort} effort" for x in found if x.effort),
            _widest(format_priority(x.priority) for x in found),
        )
        highs = [
            _widest(_dash(x.fix) for x in found),
            _widest(w for x in found for w in (x.map, f"{x.stage_name} › {x.touchpoint_name}")),
            _widest(_dash(x.owner) for x in found),
            _widest(_dash(x.target) for x in found),
        ]
        lows = [min(low, high) for low, high in zip(_opportunity_columns(p), highs, strict=True)]
        room = console.width - number_w - state_w - 2 * 5
        fix_w, where_w, owner_w, target_w = distribute(room, [4, 3, 2, 3], lows, highs)
        opps.add_column("#", justify="right", no_wrap=True, width=number_w)
        opps.add_column("Priority\nimpact\nstatus", no_wrap=True, width=state_w)
        opps.add_column("Fix", width=fix_w)
        opps.add_column("Where", width=where_w)
        opps.add_column("Owner", width=owner_w)
        opps.add_column("Target", width=target_w)
        for i, opp in enumerate(p.opportunities, 1):
            opps.add_row(
                str(i),
                Text(f"{format_priority(opp.priority)}\n")
                .append(opp.impact or "not set", style=impact_style.get(opp.impact or "", "dim"))
                .append(f"\n{opp.effort} effort" if opp.effort else "")
                .append("\n")
                .append(opp.status or "no status", style="" if opp.status else "dim"),
                fit(_dash(opp.fix), fix_w),
                Text(fit(opp.map, where_w), style="dim").append(
                    f"\n{fit(f'{opp.stage_name} › {opp.touchpoint_name}', where_w)}", style=""
                ),
                Text(fit(_dash(opp.owner), owner_w), style="" if opp.owner else "red"),
                fit(_dash(opp.target), target_w),
            )
        console.print(opps)

    if p.metrics:
        console.print()
        console.print(Text("Metrics, current against target", style="bold"))
        listing = Table.grid(padding=(0, 1, 0, 0))
        listing.add_column(no_wrap=True)
        listing.add_column(overflow="fold")
        for row in p.metrics:
            state = metric_state(row)
            listing.add_row(
                Text(state, style={"on track": "green", "off track": "bold red"}.get(state, "dim")),
                Text(row.summary).append(f"\n{row.map} › {row.where}", style="dim"),
            )
        console.print(listing)

    if p.unreadable:
        console.print()
        console.print(Text("Unreadable maps", style="bold"))
        for u in p.unreadable:
            indented(Text(fit(u.error, console.width - 2), style="red"))
