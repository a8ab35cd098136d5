"""Bring a workbook's edits back into the YAML map it was exported from, merging what changed on both sides.

``update_yaml_map(book, yaml_path, prefer=..., dry_run=...)`` is what ``jmap export BOOK.xlsx -o MAP.yaml`` runs
(or ``BOOK.ods``, ``BOOK.fods``) when MAP.yaml already holds a map:

* the workbook's base (the map it was written from, ``formats.xlsx.base_sheet``) tells what the spreadsheet user
  changed; the YAML file, compared with the same base, tells what was changed in git since;
* :func:`merge3` merges the two on plain map data: a change made on one side lands, a change made on both sides
  the same way lands once, the same field changed differently on both sides is a :class:`Conflict` (nothing is
  written unless ``prefer`` picks a side for all of them);
* the merged map is written onto MAP.yaml's text by ``changes.apply``, so only the lines that carry changed values
  change. A workbook without a base is compared whole: the workbook wins wherever the two differ, with a notice.

Objects with ids (stages, touchpoints, evidence) are merged by id; other lists item by item when all three sides
have as many items, else whole.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from jmap.changes.apply import yaml_edits
from jmap.changes.compute import Change, MapData, compute_changes, same
from jmap.errors import SourceError
from jmap.findings import ModelPath
from jmap.formats import BASE_READERS, kind_of, read_base, read_bytes
from jmap.formats._data import map_data
from jmap.formats.suppressions import fold_ignore_comments
from jmap.formats.xlsx.base_sheet import Base
from jmap.loader import load_bytes, load_map
from jmap.model import JourneyMap
from jmap.util.atomic import write_atomic
from jmap.util.text import plural, q
from jmap.util.text_edits import apply_text_edits

Side = Literal["workbook", "yaml"]
SIDES: Final = ("workbook", "yaml")
_MISSING: Final = object()
_NOUNS: Final = {"stages": "stage", "touchpoints": "touchpoint", "pain_points": "pain point", "metrics": "metric",
                 "evidence": "evidence item"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Conflict:
    """One field changed differently on both sides: both values, and where each side holds it."""

    label: str
    base: Any
    yaml: Any
    workbook: Any
    yaml_at: str
    workbook_at: str


@dataclass(frozen=True, slots=True)
class Merged:
    data: dict[str, Any]
    conflicts: tuple[Conflict, ...]


def merge3(
    base: dict[str, Any],
    ours: MapData,
    theirs: MapData,
    prefer: Side | None = None,
) -> Merged:
    """``ours`` (the YAML) with what ``theirs`` (the workbook) changed against ``base``.

    Every conflict is listed; its value is the ``prefer`` side's (the YAML's when none is preferred, for a dry run).
    """
    merger = _Merger(ours, theirs, prefer)
    data = merger.merge(base, ours.data, theirs.data, (), (), ())
    return Merged(data, tuple(merger.conflicts))


class _Merger:
    def __init__(self, ours: MapData, theirs: MapData, prefer: Side | None) -> None:
        self.ours = ours
        self.theirs = theirs
        self.prefer = prefer
        self.conflicts: list[Conflict] = []

    def merge(self, b: Any, o: Any, t: Any, op: ModelPath, tp: ModelPath, label: tuple[str, ...]) -> Any:
        if same(o, t) or same(b, t):
            return o
        if same(b, o):
            return t
        if isinstance(o, dict) and isinstance(t, dict) and (b is _MISSING or isinstance(b, dict)):
            return self.mapping(b if isinstance(b, dict) else {}, o, t, op, tp, label)
        if isinstance(o, list) and isinstance(t, list) and isinstance(b, list):
            if all(_has_id(x) for x in (*b, *o, *t)):
                return self.by_id(b, o, t, op, tp, label)
            if len(b) == len(o) == len(t):
                return [
                    self.merge(x, y, z, (*op, i), (*tp, i), (*label, _item(label, i)))
                    for i, (x, y, z) in enumerate(zip(b, o, t, strict=True))
                ]
        return self.conflict(b, o, t, op, tp, label)

    def conflict(self, b: Any, o: Any, t: Any, op: ModelPath, tp: ModelPath, label: tuple[str, ...]) -> Any:
        self.conflicts.append(
            Conflict(
                " ".join(label) or "the map",
                None if b is _MISSING else b,
                None if o is _MISSING else o,
                None if t is _MISSING else t,
                _where(self.ours, op),
                _where(self.theirs, tp),
            )
        )
        return t if self.prefer == "workbook" else o

    def mapping(
        self, b: dict[str, Any], o: dict[str, Any], t: dict[str, Any], op: ModelPath, tp: ModelPath,
        label: tuple[str, ...],
    ) -> dict[str, Any]:  # fmt: skip
        out: dict[str, Any] = {}
        for key in _union_order(list(o), list(t)):
            value = self.merge(b.get(key, _MISSING), o.get(key, _MISSING), t.get(key, _MISSING), (*op, key),
                               (*tp, key), (*label, key))  # fmt: skip
            if value is not _MISSING:
                out[key] = value
        return out

    def by_id(
        self, b: list[Any], o: list[Any], t: list[Any], op: ModelPath, tp: ModelPath, label: tuple[str, ...]
    ) -> list[Any]:
        bi = {x["id"]: x for x in b}
        oi = {x["id"]: (i, x) for i, x in enumerate(o)}
        ti = {x["id"]: (i, x) for i, x in enumerate(t)}
        noun = _NOUNS.get(str(label[-1]) if label else "", "item")
        head = label[:-1] if label and label[-1] in _NOUNS else label
        result: dict[str, Any] = {}
        for key in _union_order(list(oi), list(ti)):
            where = (*head, f"{noun} '{key}'")
            oo, tt = oi.get(key), ti.get(key)
            value = self.merge(
                bi.get(key, _MISSING),
                _MISSING if oo is None else oo[1],
                _MISSING if tt is None else tt[1],
                (*op, oo[0]) if oo else op,
                (*tp, tt[0]) if tt else tp,
                where,
            )
            if value is not _MISSING:
                result[key] = value
        ours_order = [k for k in oi if k in bi]
        reordered = ours_order != [k for k in bi if k in oi]
        first, second = (list(oi), list(ti)) if reordered else (list(ti), list(oi))
        return [result[k] for k in _union_order(first, second) if k in result]


def _has_id(x: Any) -> bool:
    return isinstance(x, dict) and isinstance(x.get("id"), str)


def _item(label: tuple[str, ...], i: int) -> str:
    noun = _NOUNS.get(label[-1], "item") if label else "item"
    return f"{noun} {i + 1}"


def _union_order(first: list[str], second: list[str]) -> list[str]:
    """``first``'s keys, then each key only ``second`` has, placed after the key it follows there."""
    out = list(first)
    seen = set(out)
    after: str | None = None
    for key in second:
        if key not in seen:
            out.insert(out.index(after) + 1 if after is not None else 0, key)
            seen.add(key)
        after = key
    return out


def _where(side: MapData, path: ModelPath) -> str:
    loc = side.at(path)
    if loc is None:
        return side.path
    if loc.cell:
        return f"{side.path}[{loc.cell}]"
    return f"{side.path}:{loc.line}" if loc.line else side.path


# ---- the command's core ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Update:
    """What applying a workbook onto a YAML map did (or, with ``dry_run``, would do)."""

    book: Path
    target: Path
    changes: tuple[Change, ...]
    """From the YAML as it was to the YAML as written."""
    conflicts: tuple[Conflict, ...]
    kept: int
    """Changes the YAML has that the workbook has not (made in git since the export), kept."""
    lines: tuple[int, ...]
    """Lines of the YAML file that changed (numbered as in the old file)."""
    notice: str | None = None
    written: bool = False
    seconds: float = 0.0
    settled: int = 0
    """Conflicts settled by ``prefer``."""
    prefer: Side | None = None

    def summary(self) -> str:
        """``updated MAP.yaml in place: 3 changes from BOOK.xlsx on lines 31, 45, 88; 1 YAML change kept``"""
        if self.conflicts:
            return f"{self.target}: not written: {plural(len(self.conflicts), 'conflict')} (listed above)"
        kept = f"; {plural(self.kept, 'change')} made in the YAML since the export kept" if self.kept else ""
        if self.settled:
            side = "YAML" if self.prefer == "yaml" else "workbook"
            kept += f"; {plural(self.settled, 'conflict')} settled for the {side}"
        if not self.changes:
            return f"{self.target}: already up to date with {self.book}{kept}"
        lines = ", ".join(str(n) for n in self.lines[:12]) + (" …" if len(self.lines) > 12 else "")
        verb = "updated" if self.written else "would update"
        return (
            f"{verb} {self.target} in place: {plural(len(self.changes), 'change')} from {self.book} "
            f"on {'line' if len(self.lines) == 1 else 'lines'} {lines}{kept}"
        )


def updates_in_place(source: Path, out: Path | None, fmt: str | None) -> bool:
    """Whether exporting ``source`` to ``out`` means updating the YAML map ``out`` already holds."""
    if out is None or kind_of(source) not in BASE_READERS or fmt not in (None, "yaml"):
        return False
    if out.suffix.lower() not in (".yaml", ".yml") or not out.is_file():
        return False
    try:
        head = out.read_bytes()[:65536]
    except OSError:
        return False
    return any(line.startswith(b"jmap:") for line in head.splitlines())


def update_yaml_map(book: Path, target: Path, *, prefer: Side | None = None, dry_run: bool = False) -> Update:
    """Apply the workbook ``book`` onto the YAML map ``target``, editing it in place (see the module's docstring)."""
    started = time.perf_counter()
    raw_book = read_bytes(book)
    theirs_loaded = load_bytes(book, raw_book)
    if theirs_loaded.model is None or theirs_loaded.issues:
        raise SourceError(theirs_loaded.first_fault())
    text_bytes = read_bytes(target)
    try:
        text = text_bytes.decode("utf-8-sig" if text_bytes.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{target}: cannot read the map to update ({exc})") from None
    ours_loaded = load_map(target, strict=True)
    ours_model = fold_ignore_comments(ours_loaded.model, ours_loaded.document)
    ours = MapData(map_data(ours_model, shorthand=True), ours_loaded.document.positions, str(target))
    theirs = MapData(map_data(theirs_loaded.model, shorthand=True), theirs_loaded.document.positions, str(book))
    base = read_base(book, raw_book)
    base_model = None
    if base.data is not None:
        try:
            base_model = _model(base.data)
        except ValueError:
            base = Base(None, "its base is not a map this jmap can read")
    notice = None
    if base_model is None:
        notice = (
            f"{book} carries no base: {base.reason}; comparing the whole map, so the workbook's values win "
            f"wherever {target} differs"
        )
        merged = Merged(theirs.data, ())
    else:
        merged = merge3(map_data(base_model, shorthand=True), ours, theirs, prefer)
    merged_model = ours_model if same(ours.data, merged.data) else _model(merged.data)
    changes = () if merged_model is ours_model else tuple(compute_changes(ours_model, merged_model))
    kept = 0
    if base_model is not None and not same(theirs.data, merged.data):
        kept = len(compute_changes(theirs_loaded.model, merged_model))
    if merged.conflicts and prefer is None:
        return Update(book, target, changes, merged.conflicts, kept, (), notice, seconds=time.perf_counter() - started)
    edits = yaml_edits(text, ours.data, merged.data)
    new_text = apply_text_edits(text, edits)
    lines = tuple(
        sorted({n for e in edits for n in range(e.start_line, max(e.start_line, e.end_line - (e.end_col == 1)) + 1)})
    )
    written = False
    if new_text != text and not dry_run:
        payload = (b"\xef\xbb\xbf" if text_bytes.startswith(b"\xef\xbb\xbf") else b"") + new_text.encode("utf-8")
        write_atomic(target.resolve(), lambda tmp: _write(tmp, payload), shown=target)
        written = True
    seconds = time.perf_counter() - started
    return Update(book, target, changes, (), kept, lines, notice, written, seconds, len(merged.conflicts), prefer)


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _model(data: dict[str, Any]) -> JourneyMap:
    return JourneyMap.model_validate(data)


def _shown(value: Any) -> str:
    """A value in one short line: texts quoted, objects by their name, nothing as ``(none)``."""
    if value is None or value is _MISSING:
        return "(none)"
    if isinstance(value, dict):
        name = value.get("name") or value.get("text") or value.get("id")
        return q(name) if name is not None else "{…}"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value[:4]) + (", …" if len(value) > 4 else "") + "]"
    if isinstance(value, str):
        return q(value)
    return str(value)


def describe_change(c: Change) -> str:
    """``changed touchpoint 'Kickoff call' owner: 'CSM' -> 'Onboarding lead'``"""
    if c.kind in ("added", "removed") and isinstance(c.new if c.kind == "added" else c.old, dict):
        return f"{c.kind} {c.label}"
    return f"{c.kind} {c.label}: {_shown(c.old)} -> {_shown(c.new)}"


def describe_conflict(c: Conflict) -> str:
    """``conflict: touchpoint 'kickoff' owner: yaml 'CSM' (map.yaml:31), workbook 'AE' (book.xlsx[Touchpoints!F7])``"""
    return (
        f"conflict: {c.label}: yaml {_shown(c.yaml)} ({c.yaml_at}), workbook {_shown(c.workbook)} ({c.workbook_at}); "
        f"was {_shown(c.base)}"
    )
