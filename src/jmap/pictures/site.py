"""``jmap report --format html -o SITE``: a static portfolio site that can be published as it is.

SITE/index.html lists every map with its review status, owners and the top
open opportunities ranked as ``report`` ranks them; each readable map gets
its picture page under SITE/maps/. Links are relative, nothing is fetched,
and every page carries the same Content Security Policy as a picture.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from jmap.errors import ExportError
from jmap.model import JourneyMap, slugify
from jmap.pictures.html import page, render_html
from jmap.pictures.layout import layout
from jmap.pictures.metrics import safe
from jmap.pictures.options import PictureOptions
from jmap.pictures.theme import LIGHT
from jmap.report import MapRow, Portfolio, headline, review_state, same_map_lines, share
from jmap.rules.base import RuleSettings
from jmap.util.atomic import reason, write_atomic
from jmap.util.text import plural

TOP_OPPORTUNITIES = 15
MAPS = "maps"
NAV = '<nav class="nav"><a href="../index.html">← All journey maps</a></nav>'


def map_page(m: JourneyMap, settings: RuleSettings) -> str:
    """A map's page of the site: its picture with a link back to the index (a ``report.PageMaker``)."""
    options = PictureOptions(
        today=settings.today, default_cadence=settings.review_every, due_soon_days=settings.due_soon_days
    )
    return render_html(layout(m, options), nav=NAV)


@dataclass(frozen=True, slots=True)
class Site:
    folder: Path
    pages: tuple[Path, ...]
    """Every file written, index first."""


def _e(value: object) -> str:
    return escape(safe(str(value)), quote=True)


def _dash(value: object) -> str:
    return "—" if value is None or value == "" else _e(value)


def page_names(p: Portfolio) -> dict[str, str]:
    """Map path -> its page's file name under maps/, unique even when two maps share an id."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for row in p.maps:
        if row.path not in p.pages:
            continue
        base = slugify(row.id)
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        names[row.path] = f"{name}.html"
    return names


INDEX_CSS = f"""
.site{{padding:24px;max-width:1400px}}
.site h1{{font-size:28px;margin:0 0 6px}}
.site h2{{font-size:20px;margin:28px 0 10px}}
.site p{{font-size:14px;line-height:20px}}
.site .muted{{color:{LIGHT.muted}}}
.site table{{border-collapse:collapse;font-size:14px;line-height:19px}}
.site th,.site td{{text-align:left;vertical-align:top;padding:6px 10px;border-bottom:1px solid {LIGHT.border}}}
.site th{{background:{LIGHT.card}}}
.site td.n,.site th.n{{text-align:right}}
.site a{{color:{LIGHT.fix_head}}}
.site th .muted{{font-weight:normal}}
.site .overdue{{background:{LIGHT.alert};color:{LIGHT.alert_text};font-weight:bold;padding:1px 6px;border-radius:4px;
white-space:nowrap}}
.site ol li{{margin:0 0 10px;font-size:14px;line-height:20px}}
.site .impact{{font-weight:bold}}
"""


def _review_cell(m: MapRow) -> str:
    state = _e(review_state(m))
    cell = f'<span class="overdue">⚠ {state}</span>' if m.review_overdue else state
    return f"{_dash(m.last_reviewed)}<br>{cell}"


def index_html(p: Portfolio, names: dict[str, str]) -> str:
    body: list[str] = ['<main class="site">', "<h1>Journey map portfolio</h1>", f"<p>{_e(headline(p))}</p>"]
    body.append("<h2>Maps</h2>")
    link_of = {m.id: names[m.path] for m in p.maps if m.path in names}
    if p.maps:
        body.append(
            '<table><thead><tr><th scope="col">Map</th><th class="n" scope="col">Stages</th>'
            '<th class="n" scope="col">Touchpoints</th><th class="n" scope="col">Owned</th>'
            '<th scope="col">Review</th><th class="n" scope="col">Open opportunities</th>'
            '<th class="n" scope="col">Errors</th><th class="n" scope="col">Warnings</th></tr></thead><tbody>'
        )
        for m in p.maps:
            title = _e(m.title)
            if m.path in names:
                title = f'<a href="{MAPS}/{_e(names[m.path])}">{title}</a>'
            body.append(
                f'<tr><th scope="row">{title}<br><span class="muted">{_e(m.id)} · {_e(m.path)}</span></th>'
                f'<td class="n">{m.stages}</td><td class="n">{m.touchpoints}</td>'
                f'<td class="n">{_e(share(m.owned_share))}</td><td>{_review_cell(m)}</td>'
                f'<td class="n">{m.open_opportunities}</td><td class="n">{m.errors}</td>'
                f'<td class="n">{m.warnings}</td></tr>'
            )
        body.append("</tbody></table>")
    else:
        body.append("<p>No readable maps.</p>")
    body.append("<h2>Top open opportunities, by impact then status</h2>")
    if p.opportunities:
        body.append("<ol>")
        for o in p.opportunities[:TOP_OPPORTUNITIES]:
            where = f"{_e(o.map)} › {_e(o.stage_name)} › {_e(o.touchpoint_name)}"
            if o.map in link_of:
                where = f'<a href="{MAPS}/{_e(link_of[o.map])}">{where}</a>'
            body.append(
                f'<li><strong>{_dash(o.fix)}</strong><br><span class="impact">impact {_dash(o.impact)}</span> · '
                f"status {_dash(o.status)} · owner {_dash(o.owner)} · target {_dash(o.target)}<br>{where}</li>"
            )
        body.append("</ol>")
        more = len(p.opportunities) - TOP_OPPORTUNITIES
        if more > 0:
            body.append(f'<p class="muted">and {plural(more, "more open opportunity", "more open opportunities")}.</p>')
    else:
        body.append("<p>No open opportunities.</p>")
    body.append("<h2>Owners</h2>")
    if p.owners:
        body.append(
            '<table><thead><tr><th scope="col">Owner</th><th class="n" scope="col">Touchpoints</th>'
            '<th class="n" scope="col">Open opportunities</th><th scope="col">Maps</th></tr></thead><tbody>'
        )
        for owner in p.owners:
            maps = ", ".join(
                f'<a href="{MAPS}/{_e(link_of[i])}">{_e(i)}</a>' if i in link_of else _e(i) for i in owner.maps
            )
            body.append(
                f'<tr><th scope="row">{_e(owner.owner)}</th><td class="n">{owner.touchpoints}</td>'
                f'<td class="n">{owner.open_opportunities}</td><td>{maps}</td></tr>'
            )
        body.append("</tbody></table>")
    else:
        body.append("<p>No owners named yet.</p>")
    if p.unreadable:
        body.append("<h2>Unreadable maps</h2><ul>")
        body.extend(f"<li><code>{_e(u.error)}</code></li>" for u in p.unreadable)
        body.append("</ul>")
    if p.twins or p.clashes:
        body.append("<h2>Maps kept in two files</h2><ul>")
        body.extend(f"<li>{_e(line)}</li>" for line in same_map_lines(p))
        body.append("</ul>")
    body.append("</main>")
    return page("Journey map portfolio", LIGHT, body, INDEX_CSS)


def _write(path: Path, text: str) -> None:
    data = text.encode("utf-8")

    def fill(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(path, fill)


def write_site(p: Portfolio, folder: Path) -> Site:
    """Write the site into ``folder`` (made if missing; its parent must exist); stale map pages are removed."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file; name a folder for the site")
    if not folder.parent.is_dir():
        raise ExportError(f"{folder}: the folder {folder.parent} does not exist")
    maps = folder / MAPS
    try:
        maps.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{maps}: cannot make the folder ({reason(exc)})") from None
    names = page_names(p)
    written: list[Path] = []
    for path, name in names.items():
        target = maps / name
        _write(target, p.pages[path])
        written.append(target)
    keep = set(names.values())
    for old in _stale(maps, keep):
        try:
            old.unlink()
        except OSError as exc:
            raise ExportError(f"{old}: cannot remove the stale page ({reason(exc)})") from None
    index = folder / "index.html"
    _write(index, index_html(p, names))
    return Site(folder, (index, *written))


def _stale(maps: Path, keep: set[str]) -> Iterable[Path]:
    with os.scandir(maps) as entries:
        return [Path(e.path) for e in entries if e.name.endswith(".html") and e.name not in keep and e.is_file()]
