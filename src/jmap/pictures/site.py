"""``jmap report --format html -o SITE``: a static portfolio site that can be published as it is.

SITE/index.html lists every map with its review status, owners and the top
open opportunities ranked as ``report`` ranks them; each readable map gets
its picture page under SITE/maps/. Links are relative, nothing is fetched,
and every page carries the same Content Security Policy as a picture.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Sequence
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
from jmap.report import MapRow, Portfolio, Unreadable, headline, review_state, same_map_lines, share
from jmap.rules.base import RuleSettings
from jmap.util.atomic import reason
from jmap.util.paths import relative_path
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


RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10))})
"""Names Windows keeps for devices, with any extension: a page is never called ``con.html``."""
MAX_NAME_BYTES = 200
"""The longest page name before ``.html`` and a ``-N`` suffix (a file name holds 255 bytes)."""


def _page_base(map_id: str) -> str:
    base = slugify(map_id).encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore").strip("-") or "map"
    if base.partition(".")[0].lower() in RESERVED_NAMES:
        base += "-map"
    return base


def page_names(p: Portfolio) -> dict[str, str]:
    """Map path -> its page's file name under maps/, unique even when two maps share an id, never a name
    Windows reserves (``con``, ``nul``, ``com1``…), at most 255 bytes."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for row in p.maps:
        if row.path not in p.pages:
            continue
        base = _page_base(row.id)
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.lower())
        names[row.path] = f"{name}.html"
    return names


def shown_path(path: str, roots: Sequence[Path]) -> str:
    """``path`` as the index names it: relative to the folder reported on (or the file's own name), never
    an absolute path of the machine that built the site."""
    absolute = os.path.abspath(path)
    for root in roots:
        top = os.path.abspath(root)
        if os.path.isdir(top):
            rel = relative_path(absolute, Path(top))
            if rel is not None:
                return rel
        elif absolute == top:
            return os.path.basename(absolute)
    rel = relative_path(absolute, Path.cwd())
    return rel if rel is not None and not os.path.isabs(path) else os.path.basename(absolute)


def _shown_error(u: Unreadable, roots: Sequence[Path]) -> str:
    return shown_path(u.path, roots) + u.error[len(u.path) :] if u.error.startswith(u.path) else u.error


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
@media (max-width:640px){{
.site{{padding:16px;overflow-wrap:anywhere}}
.site table,.site tbody,.site tr,.site th,.site td{{display:block;width:auto}}
.site thead{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}}
.site tr{{border-bottom:1px solid {LIGHT.border};padding:8px 0}}
.site th,.site td{{border:0;padding:2px 0}}
.site td.n{{text-align:left}}
.site td::before{{content:attr(data-label) ": ";color:{LIGHT.muted}}}
}}
"""


def _review_cell(m: MapRow) -> str:
    state = _e(review_state(m))
    cell = f'<span class="overdue">⚠ {state}</span>' if m.review_overdue else state
    return f"{_dash(m.last_reviewed)}<br>{cell}"


def index_html(p: Portfolio, names: dict[str, str], roots: Sequence[Path] = ()) -> str:
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
                f'<tr><th scope="row">{title}<br><span class="muted">{_e(m.id)} · {_e(shown_path(m.path, roots))}'
                "</span></th>"
                f'<td class="n" data-label="Stages">{m.stages}</td>'
                f'<td class="n" data-label="Touchpoints">{m.touchpoints}</td>'
                f'<td class="n" data-label="Owned">{_e(share(m.owned_share))}</td>'
                f'<td data-label="Review">{_review_cell(m)}</td>'
                f'<td class="n" data-label="Open opportunities">{m.open_opportunities}</td>'
                f'<td class="n" data-label="Errors">{m.errors}</td>'
                f'<td class="n" data-label="Warnings">{m.warnings}</td></tr>'
            )
        body.append("</tbody></table>")
    else:
        body.append("<p>No readable maps.</p>")
    body.append("<h2>Top open opportunities, by priority</h2>")
    if p.opportunities:
        body.append("<ol>")
        for o in p.opportunities[:TOP_OPPORTUNITIES]:
            where = f"{_e(o.map)} › {_e(o.stage_name)} › {_e(o.touchpoint_name)}"
            if o.map in link_of:
                where = f'<a href="{MAPS}/{_e(link_of[o.map])}#tp-{_e(o.touchpoint)}">{where}</a>'
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
                f'<tr><th scope="row">{_e(owner.owner)}</th><td class="n" data-label="Touchpoints">'
                f'{owner.touchpoints}</td><td class="n" data-label="Open opportunities">{owner.open_opportunities}'
                f'</td><td data-label="Maps">{maps}</td></tr>'
            )
        body.append("</tbody></table>")
    else:
        body.append("<p>No owners named yet.</p>")
    if p.unreadable:
        body.append("<h2>Unreadable maps</h2><ul>")
        body.extend(f"<li><code>{_e(_shown_error(u, roots))}</code></li>" for u in p.unreadable)
        body.append("</ul>")
    if p.twins or p.clashes:
        body.append("<h2>Maps kept in two files</h2><ul>")
        body.extend(f"<li>{_e(line)}</li>" for line in same_map_lines(p))
        body.append("</ul>")
    body.append("</main>")
    return page("Journey map portfolio", LIGHT, body, INDEX_CSS)


def write_site(p: Portfolio, folder: Path, roots: Sequence[Path] = ()) -> Site:
    """Write the site into ``folder`` (made if missing; its parent must exist) and publish it whole.

    Every page is first written to a hidden temporary file beside its place; only when all are written
    are they renamed into place, the index last, so a failure (a full disk) leaves the old site as it
    was. The files jmap wrote are listed in ``SITE/.jmap-site.json``; a later run removes only pages
    listed there that it no longer writes, never a file of the user's. Nothing is written or removed
    through a symbolic link that leads out of ``folder``. Paths in the index are shown relative to
    ``roots`` (the folders reported on).
    """
    maps = _prepare(folder)
    names = page_names(p)
    files = {f"{MAPS}/{name}": p.pages[path] for path, name in names.items()}
    files[INDEX] = index_html(p, names, roots)
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, text in files.items():
            staged.append((_stage(folder / rel, text.encode("utf-8")), folder / rel))
        for tmp, dest in staged:
            os.replace(tmp, dest)
    except OSError as exc:
        raise ExportError(f"{folder}: cannot write the site ({reason(exc)}); the old site is unchanged") from None
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
    for rel in _manifest(folder) - files.keys():
        _remove_page(folder, rel)
    manifest = json.dumps({"jmap-site": 1, "files": sorted(files)}, indent=2) + "\n"
    try:
        os.replace(_stage(folder / MANIFEST, manifest.encode("utf-8")), folder / MANIFEST)
    except OSError as exc:
        raise ExportError(f"{folder / MANIFEST}: cannot write ({reason(exc)})") from None
    _fsync(maps)
    _fsync(folder)
    return Site(folder, tuple(folder / rel for rel in (INDEX, *sorted(k for k in files if k != INDEX))))


INDEX = "index.html"
MANIFEST = ".jmap-site.json"
"""What jmap wrote into a site folder: the only files a later run may remove."""


def _prepare(folder: Path) -> Path:
    """Make SITE and SITE/maps; ExportError when either is not a folder of SITE's own (a file, a link out)."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file; name a folder for the site")
    if not folder.parent.is_dir():
        raise ExportError(f"{folder}: the folder {folder.parent} does not exist")
    maps = folder / MAPS
    try:
        folder.mkdir(exist_ok=True)
        if maps.is_symlink():
            raise ExportError(
                f"{maps}: is a symbolic link (to {os.readlink(maps)}); jmap writes and removes site pages only "
                f"inside {folder}"
            )
        maps.mkdir(exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{maps}: cannot make the folder ({reason(exc)})") from None
    if not maps.is_dir():
        raise ExportError(f"{maps}: is a file; jmap keeps the map pages in that folder")
    return maps


def _stage(dest: Path, data: bytes) -> Path:
    """``data`` in a hidden temporary file beside ``dest``, flushed to disk (its short name keeps long names legal)."""
    fd, name = tempfile.mkstemp(prefix=".jmap-site-", suffix=".tmp", dir=dest.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _MODE)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _manifest(folder: Path) -> set[str]:
    """The pages the last run wrote, as listed in the manifest (nothing when there is none or it is not ours)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return set()
    files = data.get("files") if isinstance(data, dict) and data.get("jmap-site") == 1 else None
    if not isinstance(files, list):
        return set()
    return {f for f in files if isinstance(f, str) and _PAGE.fullmatch(f)}


_PAGE = re.compile(rf"{MAPS}/[^/\\]+\.html")


def _remove_page(folder: Path, rel: str) -> None:
    path = folder / rel
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ExportError(f"{path}: cannot remove the page of a map that is gone ({reason(exc)})") from None


def _fsync(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_MODE = _umask_mode()
