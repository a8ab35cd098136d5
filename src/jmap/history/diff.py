"""Compare versions of journey maps: the change engine's list (``jmap.changes``), grouped as a review reads it.

The engine finds every change; this module only sorts them into the sections people
look for (owners, emotion, pain points, shipped fixes, ...) and adds what is seen
across a whole map (a dip opened or closed, the lowest point moving) and what lint
says. A change no section claims is listed under ``other``: nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from jmap.changes.compute import Change, MapData, compute_changes
from jmap.findings import Finding
from jmap.history.versions import MapVersion

SHIPPED = frozenset({"shipped", "measured"})
SECTIONS = (
    "map",
    "stages",
    "touchpoints",
    "owners",
    "emotion",
    "pain_points",
    "opportunities",
    "review",
    "evidence",
    "other",
    "findings",
)
DERIVED = frozenset({"dip-closed", "dip-opened", "lowest", "moved-file", "readable", "unreadable", "unread"})
"""Kinds of entries seen across versions rather than in one field: they stand beside the change they come from."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a comparison. ``subject`` is the id of what changed (stage, touchpoint, map field, finding item);
    ``where`` says where it sits (the stage of a touchpoint, the pain point of a fix); ``note`` adds one word;
    ``change`` is the engine's change it shows (None for what lint found and for what a whole version says)."""

    section: str
    kind: str
    subject: str = ""
    old: Any = None
    new: Any = None
    where: str = ""
    note: str = ""
    change: Change | None = None


@dataclass(frozen=True, slots=True)
class MapDiff:
    id: str
    old: MapVersion | None
    new: MapVersion | None
    changes: tuple[Entry, ...] = ()
    fields: tuple[Change, ...] = ()
    """Every change the engine found between the two versions' maps."""

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changes else "unchanged"

    @property
    def untouched(self) -> bool:
        """The very same bytes on both sides."""
        old, new = self.old, self.new
        return (
            old is not None
            and new is not None
            and bool(old.sha)
            and old.sha == new.sha
            and old.location == new.location
        )

    def section(self, name: str) -> list[Entry]:
        return [c for c in self.changes if c.section == name]


@dataclass(frozen=True, slots=True)
class Comparison:
    old: str
    new: str
    maps: tuple[MapDiff, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> list[MapDiff]:
        return [m for m in self.maps if m.status != "unchanged"]


def _ids(items: Iterable[Any]) -> str:
    return ", ".join(str(i) for i in items)


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _pain_text(item: Any) -> str:
    return _text(item.get("text")) if isinstance(item, dict) else _text(item)


def _evidence_text(e: Any) -> str:
    if not isinstance(e, dict):
        return _text(e)
    text = ": ".join(str(x) for x in (e.get("type"), e.get("source")) if x)
    return f"{text} ({e['date']})" if e.get("date") else text


def _touchpoints(value: Any) -> list[dict[str, Any]]:
    tps = value.get("touchpoints") if isinstance(value, dict) else None
    return [t for t in tps if isinstance(t, dict)] if isinstance(tps, list) else []


def _pains(tp: dict[str, Any]) -> list[dict[str, Any]]:
    pains = tp.get("pain_points")
    return [p for p in pains if isinstance(p, dict)] if isinstance(pains, list) else []


class _Grouper:
    """Engine changes -> entries, section by section."""

    def __init__(self, old: MapData, new: MapData) -> None:
        self.old, self.new = old, new
        self.out: list[Entry] = []

    def add(self, section: str, kind: str, c: Change, subject: Any = "", old: Any = None, new: Any = None,
            where: Any = "", note: Any = "") -> None:  # fmt: skip
        self.out.append(Entry(section, kind, str(subject), old, new, str(where or ""), str(note or ""), c))

    def touchpoint(self, c: Change, kind: str, tp: dict[str, Any], stage: str) -> None:
        """A touchpoint added or removed, with its pain points and fixes."""
        tid = str(tp.get("id", ""))
        name = tp.get("name")
        if kind == "added":
            self.add("touchpoints", "added", c, tid, new=name, where=stage)
        else:
            self.add("touchpoints", "removed", c, tid, old=name, where=stage)
        self.pains(c, kind, tid, stage, _pains(tp))
        emotion = tp.get("emotion")
        if kind == "added" and isinstance(emotion, int) and emotion < 0:
            self.add("emotion", "dip-opened", c, tid, None, emotion, stage)

    def pains(self, c: Change, kind: str, tid: str, stage: str, pains: list[dict[str, Any]]) -> None:
        for p in pains:
            text = _pain_text(p)
            if kind == "added":
                self.add("pain_points", "added", c, tid, new=text, where=stage)
            else:
                self.add("pain_points", "removed", c, tid, old=text, where=stage)
        if kind == "added":
            for p in pains:
                opp = p.get("opportunity")
                if isinstance(opp, dict):
                    self.add("opportunities", "added", c, tid, new=opp.get("fix"), where=_pain_text(p),
                             note=opp.get("status"))  # fmt: skip

    def place(self, c: Change) -> None:
        p, kind = c.path, c.kind
        n = len(p)
        if p in (("title",), ("id",)):
            self.add("map", str(p[0]), c, self.map_id(), c.old, c.new)
        elif p == ("owner",):
            self.add("owners", "map", c, self.map_id(), c.old, c.new)
        elif p[:1] == ("review",) and n <= 2:
            olds = c.old if n == 1 and isinstance(c.old, dict) else {p[1]: c.old} if n == 2 else {}
            news = c.new if n == 1 and isinstance(c.new, dict) else {p[1]: c.new} if n == 2 else {}
            before = len(self.out)
            for key in ("last_reviewed", "every"):
                if (n == 1 or p[1] == key) and olds.get(key) != news.get(key):
                    self.add("review", key, c, key, olds.get(key), news.get(key))
            if len(self.out) == before:
                self.other(c)
        elif p[:1] == ("evidence",) and n == 2 and kind in ("added", "removed"):
            value = c.new if kind == "added" else c.old
            self.add("evidence", kind, c, old=None if kind == "added" else _evidence_text(value),
                     new=_evidence_text(value) if kind == "added" else None)  # fmt: skip
        elif p[:1] == ("evidence",):
            self.add("evidence", kind, c, "", c.old, c.new)
        elif p == ("stages",) and kind == "moved":
            self.add("stages", "reordered", c, "", _ids(c.old), _ids(c.new))
        elif p[:1] == ("stages",) and n >= 2:
            self.in_stage(c)
        else:
            self.other(c)

    def in_stage(self, c: Change) -> None:
        p, kind = c.path, c.kind
        n, stage = len(p), str(p[1])
        if n == 2 and kind in ("added", "removed"):
            value = c.new if kind == "added" else c.old
            name = value.get("name") if isinstance(value, dict) else None
            if kind == "added":
                self.add("stages", "added", c, stage, new=name)
            else:
                self.add("stages", "removed", c, stage, old=name)
            for tp in _touchpoints(value):
                self.touchpoint(c, kind, tp, stage)
        elif n == 3 and p[2] == "name" and kind == "renamed":
            self.add("stages", "renamed", c, stage, c.old, c.new)
        elif n == 3 and p[2] == "owner":
            self.add("owners", "stage", c, stage, c.old, c.new)
        elif n == 3 and p[2] == "touchpoints" and kind == "moved":
            self.add("touchpoints", "reordered", c, stage, _ids(c.old), _ids(c.new))
        elif n >= 4 and p[2] == "touchpoints":
            self.in_touchpoint(c, stage, str(p[3]))
        else:
            self.other(c)

    def in_touchpoint(self, c: Change, stage: str, tid: str) -> None:
        p, kind = c.path, c.kind
        rest = p[4:]
        if not rest and kind in ("added", "removed") and isinstance(c.new or c.old, dict):
            self.touchpoint(c, kind, c.new if kind == "added" else c.old, stage)
        elif not rest and kind == "moved":
            self.add("touchpoints", "moved", c, tid, c.old, c.new)
        elif rest == ("name",) and kind == "renamed":
            self.add("touchpoints", "renamed", c, tid, c.old, c.new, stage)
        elif rest == ("owner",):
            self.add("owners", "touchpoint", c, tid, c.old, c.new, stage)
        elif rest == ("emotion",):
            self.emotion(c, tid, stage)
        elif rest[:1] == ("pain_points",) and len(rest) >= 2:
            self.in_pain_point(c, stage, tid, rest[2:])
        else:
            self.other(c)

    def emotion(self, c: Change, tid: str, stage: str) -> None:
        was, now = c.old, c.new
        note = ""
        if isinstance(was, int) and isinstance(now, int):
            note = "better" if now > was else "worse"
        self.add("emotion", "changed", c, tid, was, now, stage, note)
        if isinstance(was, int) and was < 0 and (now is None or now >= 0):
            self.add("emotion", "dip-closed", c, tid, was, now, stage)
        elif isinstance(now, int) and now < 0 and (was is None or was >= 0):
            self.add("emotion", "dip-opened", c, tid, was, now, stage)

    def in_pain_point(self, c: Change, stage: str, tid: str, rest: tuple[Any, ...]) -> None:
        kind = c.kind
        pain = self.pain_text(c)
        if not rest and kind in ("added", "removed"):
            value = c.new if kind == "added" else c.old
            self.pains(c, kind, tid, stage, [value] if isinstance(value, dict) else [])
        elif rest == ("text",) and kind == "renamed":
            self.add("pain_points", "renamed", c, tid, _text(c.old), _text(c.new), stage)
        elif rest == ("opportunity",) and kind in ("added", "removed"):
            opp = (c.new if kind == "added" else c.old) or {}
            fix = opp.get("fix") if isinstance(opp, dict) else None
            if kind == "added":
                self.add("opportunities", "added", c, tid, new=fix, where=pain, note=opp.get("status"))
            else:
                self.add("opportunities", "removed", c, tid, old=fix, where=pain)
        elif rest == ("opportunity", "owner"):
            self.add("owners", "fix", c, tid, c.old, c.new, pain, self.fix_of(c))
        elif rest == ("opportunity", "status"):
            shipped = c.new in SHIPPED and c.old not in SHIPPED
            self.add("opportunities", "shipped" if shipped else "status", c, tid, c.old, c.new, pain, self.fix_of(c))
        else:
            self.other(c)

    def item(self, c: Change, depth: int) -> Any:
        """The object ``depth`` steps into the change's new path (the old one for a removal), from the new side."""
        data: Any = self.new.data if c.new_path is not None else self.old.data
        path = c.new_path if c.new_path is not None else c.old_path or ()
        for step in path[:depth]:
            try:
                data = data[step]
            except (KeyError, IndexError, TypeError):
                return None
        return data

    def pain_text(self, c: Change) -> str:
        return _pain_text(self.item(c, 6))

    def fix_of(self, c: Change) -> str:
        opp = self.item(c, 7)
        return _text(opp.get("fix")) if isinstance(opp, dict) else ""

    def other(self, c: Change) -> None:
        self.out.append(Entry("other", c.kind, "", c.old, c.new, "", "", c))

    def map_id(self) -> str:
        return str(self.new.data.get("id", ""))


def _curve(data: dict[str, Any]) -> list[tuple[str, int]]:
    seen: set[str] = set()
    out = []
    for stage in data.get("stages") or ():
        for tp in _touchpoints(stage):
            tid = str(tp.get("id", ""))
            if tid in seen:
                continue
            seen.add(tid)
            if isinstance(tp.get("emotion"), int):
                out.append((tid, tp["emotion"]))
    return out


def _lowest(old: MapData, new: MapData) -> Entry | None:
    low_old = min(_curve(old.data), key=lambda p: p[1], default=None)
    low_new = min(_curve(new.data), key=lambda p: p[1], default=None)
    if low_old == low_new:
        return None
    return Entry(
        "emotion",
        "lowest",
        low_new[0] if low_new else "",
        f"{low_old[0]} ({low_old[1]})" if low_old else None,
        f"{low_new[0]} ({low_new[1]})" if low_new else None,
    )


def group(changes: Sequence[Change], old: MapData, new: MapData) -> list[Entry]:
    """The engine's changes as entries in report order: every change at least once."""
    g = _Grouper(old, new)
    for c in changes:
        g.place(c)
    entries = g.out
    low = _lowest(old, new)
    if low is not None:
        entries.append(low)
    rank = {name: i for i, name in enumerate(SECTIONS)}
    return sorted(entries, key=lambda e: (rank[e.section], e.kind == "reordered"))


def sections(entries: Sequence[Entry]) -> Iterator[tuple[str, list[Entry]]]:
    for name in SECTIONS:
        found = [e for e in entries if e.section == name]
        if found:
            yield name, found


def finding_keys(findings: Sequence[Finding]) -> dict[tuple[str, str, int], Finding]:
    """Findings of one map by (rule, id path, occurrence): what stays the same when lines move."""
    seen: dict[tuple[str, str], int] = {}
    out = {}
    for f in findings:
        base = (f.code, f.id_path)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out[(*base, n)] = f
    return out


def _findings(old: Sequence[Finding], new: Sequence[Finding]) -> list[Entry]:
    before, after = finding_keys(old), finding_keys(new)
    out = [
        Entry("findings", "introduced", f.id_path, new=f.message, where=f.code, note=f.severity.label)
        for key, f in after.items()
        if key not in before
    ]
    out += [
        Entry("findings", "fixed", f.id_path, old=f.message, where=f.code, note=f.severity.label)
        for key, f in before.items()
        if key not in after
    ]
    return out


def compare_maps(old: MapVersion | None, new: MapVersion | None, named: bool = False) -> MapDiff:
    """Every change between two versions of one map (either may be missing: the map was added or removed).

    ``named``: the user named both files, so a different path is no news.
    """
    either = new or old
    ident = either.id if either is not None else ""
    entries: list[Entry] = []
    found: list[Change] = []
    if old is not None and new is not None:
        if old.location != new.location and not named:
            entries.append(Entry("map", "moved", ident, old.location, new.location))
        if old.sha and old.sha == new.sha and (old.data is None) == (new.data is None):
            return MapDiff(ident, old, new, tuple(entries))
        a, b = old.data, new.data
        if old.id != new.id and (a is None or b is None or a.data.get("id") == b.data.get("id")):
            entries.append(Entry("map", "id", ident, old.id, new.id))
        if a is not None and b is not None:
            found = compute_changes(a, b)
            entries += group(found, a, b)
        elif a is None and b is not None:
            entries.append(Entry("map", "readable", ident))
        elif a is not None:
            entries.append(Entry("map", "unreadable", ident))
        else:
            why = next((f.message for f in new.findings if f.code == "JM001"), "")
            entries.append(Entry("map", "unread", ident, new=why))
    entries += _findings(old.findings if old else (), new.findings if new else ())
    return MapDiff(ident, old, new, tuple(entries), tuple(found))


def pair(
    old: Sequence[MapVersion], new: Sequence[MapVersion], direct: bool = False
) -> list[tuple[MapVersion | None, MapVersion | None]]:
    """Versions of the same map side by side: by map id (a renamed file is the same map), then by place.

    With ``direct`` (one file against one file) the two are compared whatever their ids.
    """
    if direct and len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])]
    by_id: dict[str, tuple[list[MapVersion], list[MapVersion]]] = {}
    for v in old:
        by_id.setdefault(v.id, ([], []))[0].append(v)
    for v in new:
        by_id.setdefault(v.id, ([], []))[1].append(v)
    out: list[tuple[MapVersion | None, MapVersion | None]] = []
    for olds, news in by_id.values():
        rest_new = list(news)
        for o in olds:
            match = next((n for n in rest_new if n.location == o.location), None)
            if match is None and rest_new and len(olds) <= len(rest_new):
                match = next((n for n in rest_new if all(x.location != n.location for x in olds)), None)
            if match is not None:
                rest_new.remove(match)
            out.append((o, match))
        out.extend((None, n) for n in rest_new)
    return out


def compare(
    old_label: str, new_label: str, old: Sequence[MapVersion], new: Sequence[MapVersion], direct: bool = False
) -> Comparison:
    """Compare two sides map by map, in the new side's order (then maps only the old side has)."""
    diffs = [compare_maps(o, n, direct) for o, n in pair(old, new, direct)]
    order = {v.location: i for i, v in enumerate(new)}
    old_order = {v.location: i for i, v in enumerate(old)}
    diffs.sort(
        key=lambda d: (
            (0, order[d.new.location]) if d.new is not None else (1, old_order[d.old.location] if d.old else 0)
        )
    )
    return Comparison(old_label, new_label, tuple(diffs))
