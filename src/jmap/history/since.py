"""The quarterly review page: what shipped since a revision, what is newly open, which maps nobody touched."""

from __future__ import annotations

from dataclasses import dataclass

from jmap.domain.vocabulary import OPEN_STATUSES
from jmap.history.diff import Comparison


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the page: in map ``map``, at touchpoint ``touchpoint``."""

    map: str
    touchpoint: str
    text: str
    """The fix (shipped, open) or the pain point (new friction)."""
    pain_point: str = ""
    old: str | int | None = None
    new: str | int | None = None


@dataclass(frozen=True, slots=True)
class Since:
    label: str
    """The revision or date as the user gave it."""
    commit: str
    date: str
    """The commit's date, YYYY-MM-DD."""
    shipped: tuple[Item, ...]
    newly_open: tuple[Item, ...]
    new_pain_points: tuple[Item, ...]
    improved: tuple[Item, ...]
    regressed: tuple[Item, ...]
    untouched: tuple[str, ...]
    """Map ids whose file is byte for byte what it was."""
    added: tuple[str, ...]
    removed: tuple[str, ...]
    maps: int
    other: tuple[tuple[str, int], ...] = ()
    """Per changed map, how many of its changes none of the sections above shows (``jmap diff`` lists them)."""
    unreadable: tuple[str, ...] = ()
    """``path: why`` of each map file that cannot be read now, so nothing about it is on the page."""


def build_since(c: Comparison, label: str, commit: str, date: str) -> Since:
    shipped: list[Item] = []
    newly_open: list[Item] = []
    pains: list[Item] = []
    improved: list[Item] = []
    regressed: list[Item] = []
    other: list[tuple[str, int]] = []
    for d in c.maps:
        shown: set[int] = set()
        for ch in d.changes:
            if ch.section == "opportunities" and ch.kind == "shipped":
                shipped.append(Item(d.id, ch.subject, str(ch.note or ""), ch.where, ch.old, ch.new))
            elif ch.section == "opportunities" and ch.kind == "added" and (not ch.note or ch.note in OPEN_STATUSES):
                newly_open.append(Item(d.id, ch.subject, str(ch.new or ""), ch.where, None, ch.note or None))
            elif (
                ch.section == "opportunities"
                and ch.kind == "status"
                and ch.new in OPEN_STATUSES
                and ch.old not in OPEN_STATUSES
            ):
                newly_open.append(Item(d.id, ch.subject, str(ch.note or ""), ch.where, ch.old, ch.new))
            elif ch.section == "pain_points" and ch.kind == "added":
                pains.append(Item(d.id, ch.subject, str(ch.new or "")))
            elif ch.section == "emotion" and ch.kind == "changed" and ch.note:
                target = improved if ch.note == "better" else regressed
                target.append(Item(d.id, ch.subject, "", "", ch.old, ch.new))
            else:
                continue
            if ch.change is not None:
                shown.add(id(ch.change))
        unshown = sum(1 for f in d.fields if id(f) not in shown)
        if d.status == "changed" and unshown:
            other.append((d.id, unshown))
    return Since(
        label=label,
        commit=commit,
        date=date,
        shipped=tuple(shipped),
        newly_open=tuple(newly_open),
        new_pain_points=tuple(pains),
        improved=tuple(improved),
        regressed=tuple(regressed),
        untouched=tuple(d.id for d in c.maps if d.untouched),
        added=tuple(d.id for d in c.maps if d.status == "added"),
        removed=tuple(d.id for d in c.maps if d.status == "removed"),
        maps=len(c.maps),
        other=tuple(other),
        unreadable=tuple(
            f"{d.new.path}: {next((f.message for f in d.new.findings if f.code == 'JM001'), 'cannot be read')}"
            for d in c.maps
            if d.new is not None and d.new.data is None
        ),
    )
