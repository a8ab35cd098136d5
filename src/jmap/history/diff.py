"""Compare two versions of journey maps by id, not by line: what was added, moved, re-owned, felt, fixed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jmap.findings import Finding
from jmap.history.versions import MapVersion, Opportunity, Snapshot, Touchpoint

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
    "findings",
)
Value = str | int | None


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. ``subject`` is the id of what changed (stage, touchpoint, map field, finding item);
    ``where`` says where it sits (the stage of a touchpoint, the pain point of a fix); ``note`` adds one word."""

    section: str
    kind: str
    subject: str = ""
    old: Value = None
    new: Value = None
    where: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class MapDiff:
    id: str
    old: MapVersion | None
    new: MapVersion | None
    changes: tuple[Change, ...] = ()

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
        return old is not None and new is not None and old.sha == new.sha and old.location == new.location

    def section(self, name: str) -> list[Change]:
        return [c for c in self.changes if c.section == name]


@dataclass(frozen=True, slots=True)
class Comparison:
    old: str
    new: str
    maps: tuple[MapDiff, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> list[MapDiff]:
        return [m for m in self.maps if m.status != "unchanged"]


def _ids(items: Iterable[str]) -> str:
    return ", ".join(items)


def _stages(old: Snapshot, new: Snapshot) -> list[Change]:
    out = []
    before = {s.id: s for s in old.stages}
    after = {s.id: s for s in new.stages}
    for s in new.stages:
        if s.id not in before:
            out.append(Change("stages", "added", s.id, new=s.name))
        elif before[s.id].name != s.name:
            out.append(Change("stages", "renamed", s.id, before[s.id].name, s.name))
    for s in old.stages:
        if s.id not in after:
            out.append(Change("stages", "removed", s.id, old=s.name))
    kept_old = [s.id for s in old.stages if s.id in after]
    kept_new = [s.id for s in new.stages if s.id in before]
    if kept_old != kept_new:
        out.append(Change("stages", "reordered", old=_ids(kept_old), new=_ids(kept_new)))
    return out


Pairs = list[tuple[Touchpoint | None, Touchpoint]]
"""(old, new) for each touchpoint of the new side that is not exactly as it was (old None: added)."""


def _changed(old: Snapshot, new: Snapshot) -> Pairs:
    before = old.touchpoints
    return [(was, t) for t in new.touchpoints.values() if (was := before.get(t.id)) != t]


def _touchpoints(old: Snapshot, new: Snapshot, pairs: Pairs) -> list[Change]:
    out = []
    after = new.touchpoints
    for was, t in pairs:
        if was is None:
            out.append(Change("touchpoints", "added", t.id, new=t.name, where=t.stage))
            continue
        if was.name != t.name:
            out.append(Change("touchpoints", "renamed", t.id, was.name, t.name, where=t.stage))
        if was.stage != t.stage:
            out.append(Change("touchpoints", "moved", t.id, was.stage, t.stage))
    for t in old.touchpoints.values():
        if t.id not in after:
            out.append(Change("touchpoints", "removed", t.id, old=t.name, where=t.stage))
    old_stages = {s.id: s for s in old.stages}
    for s in new.stages:
        was_stage = old_stages.get(s.id)
        if was_stage is None or was_stage.touchpoints == s.touchpoints:
            continue
        common = set(was_stage.touchpoints) & set(s.touchpoints)
        kept_old = [t for t in was_stage.touchpoints if t in common]
        kept_new = [t for t in s.touchpoints if t in common]
        if kept_old != kept_new:
            out.append(Change("touchpoints", "reordered", s.id, _ids(kept_old), _ids(kept_new)))
    return out


def _pains(t: Touchpoint) -> dict[str, Opportunity | None]:
    out: dict[str, Opportunity | None] = {}
    for p in t.pain_points:
        out.setdefault(p.text, p.opportunity)
    return out


def _owners(old: Snapshot, new: Snapshot, pairs: Pairs) -> list[Change]:
    out = []
    if old.owner != new.owner:
        out.append(Change("owners", "map", new.id, old.owner, new.owner))
    before = {s.id: s for s in old.stages}
    for s in new.stages:
        was = before.get(s.id)
        if was is not None and was.owner != s.owner:
            out.append(Change("owners", "stage", s.id, was.owner, s.owner))
    for was_tp, t in pairs:
        if was_tp is None:
            continue
        if was_tp.owner != t.owner:
            out.append(Change("owners", "touchpoint", t.id, was_tp.owner, t.owner, where=t.stage))
        if was_tp.pain_points == t.pain_points:
            continue
        old_pains = _pains(was_tp)
        for text, opp in _pains(t).items():
            was_opp = old_pains.get(text)
            if opp is not None and was_opp is not None and was_opp.owner != opp.owner:
                out.append(Change("owners", "fix", t.id, was_opp.owner, opp.owner, where=text, note=opp.fix or ""))
    return out


def _curve(s: Snapshot) -> list[tuple[str, int]]:
    return [(t.id, t.emotion) for t in s.touchpoints.values() if t.emotion is not None]


def _emotion(old: Snapshot, new: Snapshot, pairs: Pairs) -> list[Change]:
    out = []
    for was, t in pairs:
        if was is None or was.emotion == t.emotion:
            continue
        note = ""
        if was.emotion is not None and t.emotion is not None:
            note = "better" if t.emotion > was.emotion else "worse"
        out.append(Change("emotion", "changed", t.id, was.emotion, t.emotion, where=t.stage, note=note))
        if was.emotion is not None and was.emotion < 0 and (t.emotion is None or t.emotion >= 0):
            out.append(Change("emotion", "dip-closed", t.id, was.emotion, t.emotion, where=t.stage))
        elif t.emotion is not None and t.emotion < 0 and (was.emotion is None or was.emotion >= 0):
            out.append(Change("emotion", "dip-opened", t.id, was.emotion, t.emotion, where=t.stage))
    for was, t in pairs:
        if was is None and t.emotion is not None and t.emotion < 0:
            out.append(Change("emotion", "dip-opened", t.id, None, t.emotion, where=t.stage))
    low_old = min(_curve(old), key=lambda p: p[1], default=None)
    low_new = min(_curve(new), key=lambda p: p[1], default=None)
    if low_old != low_new:
        out.append(
            Change(
                "emotion",
                "lowest",
                low_new[0] if low_new else "",
                f"{low_old[0]} ({low_old[1]})" if low_old else None,
                f"{low_new[0]} ({low_new[1]})" if low_new else None,
            )
        )
    return out


def _pain_points(old: Snapshot, new: Snapshot, pairs: Pairs) -> tuple[list[Change], list[Change]]:
    pains: list[Change] = []
    opps: list[Change] = []
    for was, t in pairs:
        if was is not None and was.pain_points == t.pain_points:
            continue
        before = _pains(was) if was else {}
        after = _pains(t)
        for text, opp in after.items():
            if text not in before:
                pains.append(Change("pain_points", "added", t.id, new=text, where=t.stage))
            was_opp = before.get(text)
            if opp is None:
                if was_opp is not None:
                    opps.append(Change("opportunities", "removed", t.id, old=was_opp.fix, where=text))
                continue
            if was_opp is None:
                opps.append(Change("opportunities", "added", t.id, new=opp.fix, where=text, note=opp.status or ""))
            elif was_opp.status != opp.status:
                kind = "shipped" if opp.status in SHIPPED and was_opp.status not in SHIPPED else "status"
                opps.append(
                    Change("opportunities", kind, t.id, was_opp.status, opp.status, where=text, note=opp.fix or "")
                )
        for text in before:
            if text not in after:
                pains.append(Change("pain_points", "removed", t.id, old=text, where=t.stage))
    for t in old.touchpoints.values():
        if t.id not in new.touchpoints:
            for text in _pains(t):
                pains.append(Change("pain_points", "removed", t.id, old=text, where=t.stage))
    return pains, opps


def _review(old: Snapshot, new: Snapshot) -> list[Change]:
    out = []
    if old.last_reviewed != new.last_reviewed:
        out.append(Change("review", "last_reviewed", "last_reviewed", old.last_reviewed, new.last_reviewed))
    if old.every != new.every:
        out.append(Change("review", "every", "every", old.every, new.every))
    return out


def _evidence_text(e: tuple[str | None, str | None, str | None]) -> str:
    kind, source, when = e
    text = ": ".join(x for x in (kind, source) if x)
    return f"{text} ({when})" if when else text


def _evidence(old: Snapshot, new: Snapshot) -> list[Change]:
    before, after = set(old.evidence), set(new.evidence)
    out = [Change("evidence", "added", new=_evidence_text(e)) for e in new.evidence if e not in before]
    out += [Change("evidence", "removed", old=_evidence_text(e)) for e in old.evidence if e not in after]
    return out


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


def _findings(old: Sequence[Finding], new: Sequence[Finding]) -> list[Change]:
    before, after = finding_keys(old), finding_keys(new)
    out = [
        Change("findings", "introduced", f.id_path, new=f.message, where=f.code, note=f.severity.label)
        for key, f in after.items()
        if key not in before
    ]
    out += [
        Change("findings", "fixed", f.id_path, old=f.message, where=f.code, note=f.severity.label)
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
    changes: list[Change] = []
    if old is not None and new is not None:
        if old.location != new.location and not named:
            changes.append(Change("map", "moved", ident, old.location, new.location))
        if old.sha == new.sha:
            return MapDiff(ident, old, new, tuple(changes))
        if old.id != new.id:
            changes.append(Change("map", "id", ident, old.id, new.id))
        a, b = old.snapshot, new.snapshot
        if a is not None and b is not None:
            if a.title != b.title:
                changes.append(Change("map", "title", ident, a.title, b.title))
            pairs = _changed(a, b)
            pains, opps = _pain_points(a, b, pairs)
            changes += [
                *_stages(a, b),
                *_touchpoints(a, b, pairs),
                *_owners(a, b, pairs),
                *_emotion(a, b, pairs),
                *pains,
                *opps,
                *_review(a, b),
                *_evidence(a, b),
            ]
        elif a is None and b is not None:
            changes.append(Change("map", "readable", ident))
        elif a is not None:
            changes.append(Change("map", "unreadable", ident))
    changes += _findings(old.findings if old else (), new.findings if new else ())
    return MapDiff(ident, old, new, tuple(changes))


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
