"""``jmap diff`` and ``jmap report --since`` as text, Markdown and JSON: one registry of writers each.

Text from the maps (names, pain points, fixes, owners, paths) is shown
literally: in text, control characters, line separators and bidi controls are
written as visible escapes; in Markdown, punctuation is escaped as ``export``
does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

from jmap.changes.compute import Change
from jmap.findings import Location
from jmap.formats.markdown import md_text
from jmap.history.diff import SECTIONS, Comparison, Entry, MapDiff
from jmap.history.since import Item, Since
from jmap.util.display import json_text
from jmap.util.display import visible as shown
from jmap.util.text import plural

TITLES: Final = {
    "map": "Map",
    "stages": "Stages",
    "touchpoints": "Touchpoints",
    "owners": "Owners",
    "emotion": "Emotion",
    "pain_points": "Pain points",
    "opportunities": "Opportunities",
    "review": "Review",
    "evidence": "Evidence",
    "other": "Other changes",
    "findings": "Lint findings",
}


def visible(text: object) -> str:
    """Text safe for a terminal or CI log (``jmap.util.display``)."""
    return shown(str(text))


class Style:
    """How a writer shows user text (``q``), ids and paths (``code``) and missing values."""

    def q(self, text: object) -> str:
        return f'"{visible(text)}"'

    def code(self, text: object) -> str:
        return visible(text)

    def value(self, v: object) -> str:
        if v is None or v == "":
            return "(none)"
        return self.q(v)

    def step(self, old: object, new: object) -> str:
        """``old -> new`` as codes, ``(none)`` for either missing."""
        return f"{self.code(old or '(none)')} -> {self.code(new or '(none)')}"

    def label(self, text: str) -> str:
        return visible(text)

    def data(self, v: object) -> str:
        """A value of any shape: text quoted, anything else (numbers, lists, mappings) as compact JSON."""
        if v is None or v == "" or isinstance(v, str):
            return self.value(v)
        return self.code(json_text(v, indent=None))


class MarkdownStyle(Style):
    def q(self, text: object) -> str:
        return f"“{md_text(str(text), breaks=' ')}”"

    def code(self, text: object) -> str:
        s = visible(" ".join(str(text).split()).replace("`", "'"))
        return f"`{s}`" if s else ""

    def value(self, v: object) -> str:
        if v is None or v == "":
            return "*(none)*"
        return self.q(v)

    def label(self, text: str) -> str:
        return md_text(text, breaks=" ")


def _emotion(v: object) -> str:
    if not isinstance(v, int):
        return "(none)"
    return f"+{v}" if v > 0 else str(v)


def _side(c: Entry) -> tuple[str, object]:
    """The marker and the value an added (``+``, the new) or removed (``-``, the old) change shows."""
    return ("+", c.new) if c.kind == "added" else ("-", c.old)


def _place(ch: Change) -> str:
    """`` (line 55)`` or `` (Touchpoints!F7)``: where the change is on the new side (the old one for a removal)."""
    loc: Location | None = ch.new_at if ch.kind != "removed" else ch.old_at
    if loc is None:
        return ""
    return f" ({loc.cell})" if loc.cell else f" (line {loc.line})" if loc.line else ""


def field_phrase(ch: Change, s: Style) -> str:
    """Any change of the engine as a line: what, the values, where."""
    label = s.label(ch.label)
    if ch.kind == "added":
        text = f"+ {label}: {s.data(ch.new)}"
    elif ch.kind == "removed":
        text = f"- {label}: {s.data(ch.old)}"
    elif ch.kind == "moved" and isinstance(ch.old, list) and isinstance(ch.new, list):
        text = f"~ {label}: {s.code(', '.join(map(str, ch.old)))} -> {s.code(', '.join(map(str, ch.new)))}"
    else:
        text = f"~ {label}: {s.data(ch.old)} -> {s.data(ch.new)}"
    return text + _place(ch)


def phrase(c: Entry, s: Style) -> str:
    """One change as a line of prose."""
    sub, old, new = s.code(c.subject), c.old, c.new
    values = f"{s.value(old)} -> {s.value(new)}"
    kind = (c.section, c.kind)
    if kind == ("map", "moved"):
        return f"file moved: {s.code(old)} -> {s.code(new)}"
    if kind == ("map", "id"):
        return f"map id changed: {s.code(old)} -> {s.code(new)}"
    if kind == ("map", "title"):
        return f"title: {s.q(old)} -> {s.q(new)}"
    if kind == ("map", "readable"):
        return "readable again (the old version could not be read)"
    if kind == ("map", "unreadable"):
        return "can no longer be read (see the lint findings)"
    if kind == ("map", "unread"):
        return f"could not be read in either version, so it was not compared: {s.q(new)}"
    if c.section in ("stages", "touchpoints"):
        what = "stage" if c.section == "stages" else "touchpoint"
        if c.kind in ("added", "removed"):
            sign, text = _side(c)
            at = f" in {s.code(c.where)}" if c.where else ""
            return f"{sign} {what} {sub} {s.q(text)}{at}"
        if c.kind == "renamed":
            return f"~ {what} {sub} renamed: {s.q(old)} -> {s.q(new)}"
        if c.kind == "moved":
            return f"~ {what} {sub} moved from stage {s.code(old)} to {s.code(new)}"
        if c.kind == "reordered":
            where = f" in stage {sub}" if sub else ""
            return f"~ order{where}: {s.code(old)} -> {s.code(new)}"
    if c.section == "owners":
        if c.kind == "map":
            return f"map owner: {values}"
        if c.kind == "fix":
            return f"fix {s.q(c.note)} for {s.q(c.where)} at {sub}: {values}"
        return f"{c.kind} {sub}: {values}"
    if c.section == "emotion":
        feeling = f"{_emotion(old)} -> {_emotion(new)}"
        if c.kind == "changed":
            note = f" ({c.note})" if c.note else ""
            return f"{sub}: {feeling}{note}"
        if c.kind in ("dip-closed", "dip-opened"):
            return f"dip {c.kind.removeprefix('dip-')} at {sub}: {feeling}"
        if c.kind == "lowest":
            return f"lowest point moved: {s.step(old, new)}"
    if c.section == "other" and c.change is not None:
        return field_phrase(c.change, s)
    if c.section == "pain_points":
        if c.kind == "renamed":
            return f"~ {s.q(old)} -> {s.q(new)} at {sub}"
        sign, text = _side(c)
        return f"{sign} {s.q(text)} at {sub}"
    if c.section == "opportunities":
        if c.kind == "added":
            status = f" ({s.code(c.note)})" if c.note else ""
            return f"+ fix {s.value(new)} for {s.q(c.where)} at {sub}{status}"
        if c.kind == "removed":
            return f"- fix {s.value(old)} for {s.q(c.where)} at {sub}"
        label = "shipped" if c.kind == "shipped" else "status"
        return f"{label}: fix {s.value(c.note)} for {s.q(c.where)} at {sub}: {s.step(old, new)}"
    if c.section == "review":
        label = "last reviewed" if c.kind == "last_reviewed" else "cadence"
        return f"{label}: {s.step(old, new)}"
    if c.section == "evidence":
        if c.kind not in ("added", "removed") and c.change is not None:
            return field_phrase(c.change, s)
        sign, text = _side(c)
        return f"{sign} {s.q(text)}"
    if c.section == "findings":
        text = new if c.kind == "introduced" else old
        item = f" {s.code(c.subject)}" if c.subject else ""
        return f"{c.kind}: {c.where}{item}: {s.q(text)}"
    return f"{c.section} {c.kind} {sub}: {values}"


def _heading(d: MapDiff, s: Style) -> str:
    either = d.new or d.old
    assert either is not None
    status = f", {d.status}" if d.status in ("added", "removed") else ""
    return f"{s.code(either.path)} (map {s.code(d.id)}{status})"


def _sections(d: MapDiff) -> Iterator[tuple[str, list[Entry]]]:
    """The title and the changes of each section of ``d`` that has any, in report order."""
    for name in SECTIONS:
        changes = d.section(name)
        if changes:
            yield TITLES[name], changes


def totals(c: Comparison) -> dict[str, int]:
    every = [ch for d in c.maps for ch in d.changes]
    return {
        "maps": len(c.maps),
        "changed": sum(d.status == "changed" for d in c.maps),
        "added": sum(d.status == "added" for d in c.maps),
        "removed": sum(d.status == "removed" for d in c.maps),
        "unchanged": sum(d.status == "unchanged" for d in c.maps),
        "shipped": sum(ch.kind == "shipped" for ch in every),
        "findings_introduced": sum(ch.kind == "introduced" for ch in every),
        "findings_fixed": sum(ch.kind == "fixed" for ch in every),
    }


def summary_line(c: Comparison) -> str:
    t = totals(c)
    parts = [f"{t[k]} {k}" for k in ("changed", "added", "removed", "unchanged") if t[k]]
    line = f"{plural(t['maps'], 'map')} compared" + (f": {', '.join(parts)}" if parts else "")
    extra = []
    if t["shipped"]:
        extra.append(f"{t['shipped']} shipped")
    if t["findings_introduced"] or t["findings_fixed"]:
        extra.append(f"{plural(t['findings_introduced'], 'finding')} introduced, {t['findings_fixed']} fixed")
    return line + ("; " + "; ".join(extra) if extra else "") + "."


def diff_text(c: Comparison) -> str:
    s = Style()
    out = [f"jmap diff {visible(c.old)} {visible(c.new)}", ""]
    for d in c.changed:
        out.append(_heading(d, s))
        for title, changes in _sections(d):
            out.append(f"  {title}")
            out.extend(f"    {phrase(ch, s)}" for ch in changes)
        out.append("")
    if not c.changed:
        out += ["No changes.", ""]
    out.append(summary_line(c))
    return "\n".join(out) + "\n"


def diff_markdown(c: Comparison) -> str:
    s = MarkdownStyle()
    out = [f"## Journey map changes: {s.code(c.old)} → {s.code(c.new)}", "", summary_line(c), ""]
    for d in c.changed:
        out += [f"### {_heading(d, s)}", ""]
        for title, changes in _sections(d):
            out += [f"**{title}**", ""]
            out.extend(f"- {_md_line(phrase(ch, s))}" for ch in changes)
            out.append("")
    untouched = [d for d in c.maps if d.status == "unchanged"]
    if untouched:
        names = ", ".join(s.code(d.id) for d in untouched)
        out += [f"Unchanged: {names}.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_line(text: str) -> str:
    """A phrase as a list item: its leading +/-/~ marker becomes a word."""
    for mark, word in (("+ ", "added "), ("- ", "removed "), ("~ ", "")):
        if text.startswith(mark):
            return word + text[len(mark) :]
    return text


def _version(v: Any) -> dict[str, Any] | None:
    if v is None:
        return None
    return {"path": v.path, "location": v.location, "blob": v.sha}


def _at(loc: Location | None, version: Any) -> str | None:
    return loc.at(version.path) if loc is not None and version is not None else None


def _entry_dict(e: Entry, d: MapDiff) -> dict[str, Any]:
    """An entry; one that shows a change of the engine also names it by ids and gives its place on each side."""
    ch = e.change
    return {
        "section": e.section,
        "kind": e.kind,
        "subject": e.subject,
        "old": e.old,
        "new": e.new,
        "where": e.where,
        "note": e.note,
        "path": list(ch.path) if ch is not None else None,
        "label": ch.label if ch is not None else None,
        "old_at": _at(ch.old_at, d.old) if ch is not None else None,
        "new_at": _at(ch.new_at, d.new) if ch is not None else None,
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    return {
        "old": c.old,
        "new": c.new,
        "maps": [
            {
                "id": d.id,
                "status": d.status,
                "old": _version(d.old),
                "new": _version(d.new),
                "changes": [_entry_dict(ch, d) for ch in d.changes],
            }
            for d in c.maps
        ],
        "summary": totals(c),
    }


def diff_json(c: Comparison) -> str:
    return json_text(comparison_dict(c)) + "\n"


DIFF_WRITERS: Final[dict[str, Callable[[Comparison], str]]] = {
    "text": diff_text,
    "md": diff_markdown,
    "json": diff_json,
}


def _items(title: str, items: Sequence[Item], line: Callable[[Item], str], empty: str) -> list[str]:
    return [title, *(line(i) for i in items)] if items else [title, empty]


def _since_sections(r: Since, s: Style, bullet: str) -> list[tuple[str, list[str], str]]:
    def at(i: Item) -> str:
        return f"{s.code(i.map)} › {s.code(i.touchpoint)}"

    def status(i: Item) -> str:
        return f" ({s.code(i.old)} -> {s.code(i.new)})" if i.old else (f" ({s.code(i.new)})" if i.new else "")

    def feeling(i: Item) -> str:
        return f"{bullet}{at(i)}: {_emotion(i.old)} -> {_emotion(i.new)}"

    unread = [("Could not be read", [f"{bullet}{s.code(u)}" for u in r.unreadable], "")] if r.unreadable else []
    return [
        *unread,
        (
            "Shipped",
            [f"{bullet}{s.q(i.text)} for {s.q(i.pain_point)} at {at(i)}{status(i)}" for i in r.shipped],
            "nothing shipped",
        ),
        (
            "Newly open",
            [f"{bullet}{s.value(i.text)} for {s.q(i.pain_point)} at {at(i)}{status(i)}" for i in r.newly_open],
            "nothing newly open",
        ),
        ("New pain points", [f"{bullet}{s.q(i.text)} at {at(i)}" for i in r.new_pain_points], "no new pain points"),
        ("Emotion improved", [feeling(i) for i in r.improved], "no touchpoint feels better"),
        ("Emotion regressed", [feeling(i) for i in r.regressed], "no touchpoint feels worse"),
        (
            "Other changes",
            [f"{bullet}{s.code(m)}: {plural(n, 'change')}; see {s.code('jmap diff')}" for m, n in r.other],
            "no other changes",
        ),
        ("Not touched since", [f"{bullet}{s.code(m)}" for m in r.untouched], "every map was changed"),
    ]


def _since_headline(r: Since) -> str:
    parts = [plural(r.maps, "map")]
    if r.added:
        parts.append(f"{len(r.added)} added")
    if r.removed:
        parts.append(f"{len(r.removed)} removed")
    if r.unreadable:
        parts.append(f"{len(r.unreadable)} unreadable")
    return (
        f"{', '.join(parts)}: {len(r.shipped)} shipped, {len(r.newly_open)} newly open, "
        f"{plural(len(r.new_pain_points), 'new pain point')}, {len(r.improved)} better, {len(r.regressed)} worse, "
        f"{plural(sum(n for _, n in r.other), 'other change')}, {len(r.untouched)} not touched."
    )


def since_text(r: Since) -> str:
    s = Style()
    out = [f"Since {visible(r.label)} (commit {r.commit[:12]}, {r.date})", _since_headline(r), ""]
    for title, lines, empty in _since_sections(r, s, "  "):
        out += [title, *(lines or [f"  ({empty})"]), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def since_markdown(r: Since) -> str:
    s = MarkdownStyle()
    out = [f"## Since {s.code(r.label)} (commit `{r.commit[:12]}`, {r.date})", "", _since_headline(r), ""]
    for title, lines, empty in _since_sections(r, s, "- "):
        out += [f"### {title}", "", *(lines or [f"*{empty}*"]), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def since_dict(r: Since) -> dict[str, Any]:
    def items(xs: Sequence[Item]) -> list[dict[str, Any]]:
        return [
            {
                "map": i.map,
                "touchpoint": i.touchpoint,
                "text": i.text,
                "pain_point": i.pain_point,
                "old": i.old,
                "new": i.new,
            }
            for i in xs
        ]

    return {
        "since": r.label,
        "commit": r.commit,
        "date": r.date,
        "maps": r.maps,
        "shipped": items(r.shipped),
        "newly_open": items(r.newly_open),
        "new_pain_points": items(r.new_pain_points),
        "improved": items(r.improved),
        "regressed": items(r.regressed),
        "untouched": list(r.untouched),
        "added": list(r.added),
        "removed": list(r.removed),
        "other": [{"map": m, "changes": n} for m, n in r.other],
        "unreadable": list(r.unreadable),
    }


def since_json(r: Since) -> str:
    return json_text(since_dict(r)) + "\n"


SINCE_WRITERS: Final[dict[str, Callable[[Since], str]]] = {
    "text": since_text,
    "md": since_markdown,
    "json": since_json,
}
