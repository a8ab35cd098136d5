"""The portfolio view of ``jmap report``: maps, owners, opportunities and metrics as Rich tables (lists when narrow)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich import box
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from jmap.domain.ranking import format_priority
from jmap.render.output import make_console
from jmap.report import headline, invalid_note, metric_state, review_state, same_map_lines, share
from jmap.util.display import visible
from jmap.util.text import break_long_words, distribute, plural

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from rich.console import Console

    from jmap.report import Portfolio

    _Section = Callable[[Console, Portfolio], None]
    """How one section is drawn: listed (narrow) or as a table."""

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


def portfolio_text(p: Portfolio, width: int | None, *, colour: bool) -> str:
    """The portfolio as text at ``width`` (default: Rich's), without trailing spaces."""
    buffer = io.StringIO()
    console = make_console(width, buffer, colour=colour)
    _render(console, p, narrow=console.width < _table_width(p))
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())


def _map_column(p: Portfolio) -> int:
    return min(max((max(len(m.id), len(m.path)) for m in p.maps), default=0), MAP_COLUMN)


def _longest_word(texts: Iterable[str | None], cap: int) -> int:
    """The longest word among ``texts``, at most ``cap``: a column narrower than that would cut it."""
    return min(max((len(w) for t in texts if t for w in t.split()), default=1), cap)


def _opportunity_columns(p: Portfolio) -> tuple[int, int, int, int]:
    """Minimum widths of the Fix, Where, Owner and Target columns: their longest words."""
    o = p.opportunities
    return (
        _longest_word((x.fix for x in o), WORD_COLUMN),
        _longest_word((w for x in o for w in (x.map, x.stage_name, x.touchpoint_name)), MAP_COLUMN),
        _longest_word((x.owner for x in o), WORD_COLUMN),
        _longest_word((x.target for x in o), WORD_COLUMN),
    )


def _widest(texts: Iterable[str | None]) -> int:
    return max((len(line) for t in texts if t for line in t.splitlines()), default=1)


def _table_width(p: Portfolio) -> int:
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


IMPACT_STYLE = {"high": "bold red", "medium": "yellow", "low": "green"}
_fit = break_long_words


def _indented(console: Console, text: Text | str) -> None:
    console.print(Padding(text, (0, 0, 0, 2)))


def _entry(console: Console, name: str, lines: Iterable[Text | str]) -> None:
    """One item of a narrow list: its name in bold on a line of its own, then its lines indented."""
    console.print(Text(_fit(name, console.width), style="bold"))
    for line in lines:
        _indented(console, line)


def _table(title: str) -> Table:
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )


def _count(n: int, style: str, word: str | None = None) -> Text:
    """A count in ``style`` (dim when zero), with its noun when ``word`` is given."""
    return Text(plural(n, word) if word else str(n), style=style if n else "dim")


def _render(console: Console, p: Portfolio, narrow: bool) -> None:
    console.print(Text("Journey map portfolio", style="bold"))
    console.print(Text(headline(p), style="dim"))
    sections: tuple[tuple[Sequence[object], str, _Section, _Section], ...] = (
        (p.maps, "No readable maps.", _maps_list, _maps_table),
        (p.owners, "No owners named yet.", _owners_list, _owners_table),
        (p.opportunities, "No open opportunities.", _opportunities_list, _opportunities_table),
    )
    for items, empty, listed, tabled in sections:
        console.print()
        if not items:
            console.print(Text(empty, style="dim"))
        else:
            (listed if narrow else tabled)(console, p)

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
            _indented(console, Text(_fit(u.error, console.width - 2), style="red"))

    if p.twins or p.clashes:
        console.print()
        console.print(Text("Maps kept in two files", style="bold"))
        for line in same_map_lines(p):
            _indented(console, Text(_fit(visible(line), console.width - 2)))


def _maps_list(console: Console, p: Portfolio) -> None:
    room = console.width - 2
    console.print(Text("Maps", style="bold"))
    for m in p.maps:
        invalid = [Text(invalid_note(m), style="red")] if m.invalid_items else []
        reviewed = Text(f"reviewed {_dash(m.last_reviewed)}, ")
        _entry(
            console,
            m.id,
            [
                _fit(m.title, room),
                Text(_fit(m.path, room), style="dim"),
                *invalid,
                f"{plural(m.stages, 'stage')}, {plural(m.touchpoints, 'touchpoint')}, {share(m.owned_share)} owned",
                reviewed.append(review_state(m), style="red" if m.review_overdue else ""),
                Text()
                .append(plural(m.open_opportunities, "open opportunity", "open opportunities"))
                .append(", ")
                .append_text(_count(m.errors, "red", "error"))
                .append(", ")
                .append_text(_count(m.warnings, "yellow", "warning")),
            ],
        )


def _maps_table(console: Console, p: Portfolio) -> None:
    maps = _table("Maps")
    column = _map_column(p)
    maps.add_column("Map", overflow="fold", width=column)
    for header in ("Stages", "Touch-\npoints", "Owned"):
        maps.add_column(header, justify="right", no_wrap=True)
    maps.add_column("Reviewed", width=REVIEWED_COLUMN)
    for header in ("Open\nopps", "Errors", "Warn-\nings"):
        maps.add_column(header, justify="right", no_wrap=True)
    for m in p.maps:
        maps.add_row(
            Text(_fit(m.id, column), style="bold")
            .append(f"\n{_fit(m.title, column)}", style="")
            .append(f"\n{_fit(m.path, column)}", style="dim")
            .append(f"\n{invalid_note(m)}" if m.invalid_items else "", style="red"),
            str(m.stages),
            str(m.touchpoints),
            share(m.owned_share),
            Text(_dash(m.last_reviewed)).append(f"\n{review_state(m)}", style="red" if m.review_overdue else "dim"),
            str(m.open_opportunities),
            _count(m.errors, "red"),
            _count(m.warnings, "yellow"),
        )
    console.print(maps)


def _owners_list(console: Console, p: Portfolio) -> None:
    room = console.width - 2
    console.print(Text("Owners", style="bold"))
    for o in p.owners:
        opportunities = plural(o.open_opportunities, "open opportunity", "open opportunities")
        counts = f"{plural(o.touchpoints, 'touchpoint')}, {opportunities}"
        _entry(console, o.owner, [counts, Text(_fit(", ".join(o.maps), room), style="dim")])


def _owners_table(console: Console, p: Portfolio) -> None:
    owners = _table("Owners")
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
            _fit(o.owner, owner_w),
            str(o.touchpoints),
            str(o.open_opportunities),
            _fit(", ".join(o.maps), maps_w),
        )
    console.print(owners)


def _opportunities_list(console: Console, p: Portfolio) -> None:
    console.print(Text("Open opportunities, by priority", style="bold"))
    listing = Table.grid(padding=(0, 1, 0, 0))
    listing.add_column(justify="right", no_wrap=True)
    listing.add_column()
    room = console.width - len(f"{len(p.opportunities)}.") - 1
    for i, opp in enumerate(p.opportunities, 1):
        listing.add_row(
            f"{i}.",
            Text(_fit(_dash(opp.fix), room), style="bold")
            .append(f"\npriority {format_priority(opp.priority)} · ")
            .append(opp.impact or "impact not set", style=IMPACT_STYLE.get(opp.impact or "", "dim"))
            .append(f" · {opp.effort + ' effort · ' if opp.effort else ''}{opp.status or 'no status'}")
            .append(f"\n{_fit(f'{opp.map} › {opp.stage_name} › {opp.touchpoint_name}', room)}", style="dim")
            .append("\nowner ")
            .append(_fit(_dash(opp.owner), room), style="" if opp.owner else "red")
            .append(f" · target {_fit(_dash(opp.target), room)}"),
        )
    console.print(listing)


def _opportunities_table(console: Console, p: Portfolio) -> None:
    opps = _table("Open opportunities, by priority")
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
            .append(opp.impact or "not set", style=IMPACT_STYLE.get(opp.impact or "", "dim"))
            .append(f"\n{opp.effort} effort" if opp.effort else "")
            .append("\n")
            .append(opp.status or "no status", style="" if opp.status else "dim"),
            _fit(_dash(opp.fix), fix_w),
            Text(_fit(opp.map, where_w), style="dim").append(
                f"\n{_fit(f'{opp.stage_name} › {opp.touchpoint_name}', where_w)}", style=""
            ),
            Text(_fit(_dash(opp.owner), owner_w), style="" if opp.owner else "red"),
            _fit(_dash(opp.target), target_w),
        )
    console.print(opps)
