"""Edits typed into the Map sheet, read back into the map (``map_record`` holds the record they rely on).

An edited Map cell changes its field exactly as the same edit in a data sheet would. When the field
was also changed, differently, in a data sheet, that is a JM007 finding naming both cells and neither
value is taken. The Map's columns are matched to the recorded ones by what they show, so a column
inserted in a stage's block with a touchpoint name adds that touchpoint, and a deleted column removes
its touchpoint (JM008 each). Text that shows no field (a note under the grid, a changed row label, a
stage cell right of the stage's first column) is kept in the map's or the stage's ``x-map-notes`` (JM008).
A field whose column the Touchpoints or Stages sheet lost is read from the Map (JM008), never dropped.
Removing items from a list cell (pain points, opportunities) is refused (JM002): delete the row in the
Pain points sheet. When most of the Map differs from the record once its columns are matched (rows
inserted, deleted or moved), no edit is read (JM002).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeVar

from jmap.findings import Location, ModelPath
from jmap.formats.xlsx.cells import Cell, cell_location, column_letters, column_number
from jmap.formats.xlsx.layout import PAIN_POINTS, STAGES, TOUCHPOINT_COLUMNS, TOUCHPOINTS, split_lines
from jmap.formats.xlsx.map_record import (
    MAP_ROWS,
    ROW_FIELDS,
    STAGE_ROWS,
    decode_record,
    digest,
    parse_opportunity_line,
    stage_texts,
    touchpoint_texts,
)
from jmap.model import slugify
from jmap.util.text import q

if TYPE_CHECKING:
    from jmap.formats.xlsx.reader import Reader


MAX_PLAIN_EDITS = 12
"""More changed cells than this, and than half the Map, means the grid was rearranged, not edited."""
LOOKAHEAD: Final = 64
"""How many columns apart a column is still looked for: more columns inserted or deleted in one place than this
read as columns changed in place (and, past the limit of plain edits, as a rearranged Map)."""
NOTES_KEY: Final = "x-map-notes"
"""Where text typed outside the grid is kept: a list of ``CELL: text`` on the map or the stage."""
_EMPTY: Final = digest("")
_NAME_ROW: Final = STAGE_ROWS
_READ_FROM_MAP: Final = {
    **{f: TOUCHPOINTS for f in ("channel", "owner", "action", "thoughts", "emotion", "moment_of_truth")},
}
"""Touchpoint fields that a Touchpoints sheet without their column has only in the Map sheet."""


@dataclass(frozen=True, slots=True)
class _Column:
    col: int
    stage_id: str
    touchpoint_id: str
    digests: list[str | None]


@dataclass(slots=True)
class _Layout:
    """How the Map's columns now line up with the recorded ones."""

    pairs: list[tuple[_Column, int]] = field(default_factory=list)
    """(recorded column, the column it is now)."""
    inserted: list[tuple[int, _Column | None]] = field(default_factory=list)
    """(a new column, the recorded column left of it)."""
    deleted: list[_Column] = field(default_factory=list)


def apply_map_edits(
    reader: Reader,
    map_sheet: tuple[str, str],
    record_sheet: tuple[str, str],
    stages: list[dict[str, Any]],
    touchpoints: dict[str, tuple[ModelPath, dict[str, Any]]],
    data: dict[str, Any] | None = None,
) -> None:
    """Apply the Map sheet's edits to ``stages`` (the data read from the data sheets), reporting what cannot be.

    ``data`` is the map itself, which keeps the notes typed outside the grid.
    """
    columns: dict[int, _Column] = {}
    for row_no, cells in reader.rows(*record_sheet):
        if row_no == 1:
            continue
        values = [_plain(cells.get(c)) for c in range(1, 5)]
        if not values[0].isalpha():
            continue
        col = column_number(values[0])
        columns[col] = _Column(col, values[1], values[2], decode_record(values[3]))
    if not columns:
        return
    sheet = map_sheet[0]
    grid: dict[tuple[int, int], Cell] = {}
    for row_no, cells in reader.rows(*map_sheet):
        for col, value in cells.items():
            grid[(row_no, col)] = value
    stage_at = {str(s.get("id", "")).strip(): (i, s) for i, s in enumerate(stages)}
    before = {
        col: (
            stage_texts(stage_at[c.stage_id][1]) if c.stage_id in stage_at else None,
            touchpoint_texts(touchpoints[c.touchpoint_id][1]) if c.touchpoint_id in touchpoints else None,
        )
        for col, c in columns.items()
    }
    layout = _align([columns[c] for c in sorted(columns)], grid)
    recorded_cells = [(r + 1, c.col, d) for c in columns.values() for r, d in enumerate(c.digests) if d is not None]
    moved = {column.col: now for column, now in layout.pairs}
    changed = sum(
        1 for row, col, d in recorded_cells if col in moved and digest(_plain(grid.get((row, moved[col])))) != d
    )
    if changed > max(MAX_PLAIN_EDITS, len(recorded_cells) // 2):
        reader.issue(
            "JM002",
            f"{changed:,} of the {len(recorded_cells):,} cells of the Map sheet differ from what jmap wrote: "
            "rows were inserted, deleted or moved, so no Map edit is read; make the edits in the data "
            "sheets, or export the map again",
            cell_location(sheet, 1, 1),
        )
        return
    edits = _Edits(reader, sheet, grid, stages, stage_at, touchpoints, data)
    added = edits.restructure(layout)
    for column, now in layout.pairs:
        edits.column(column, now, before[column.col])
    for now, found in added:
        edits.new_touchpoint(now, found)
    edits.read_missing_columns()
    edits.notes()


def _signature(grid: dict[tuple[int, int], Cell], col: int) -> list[str]:
    return [digest(_plain(grid.get((row, col)))) for row in range(1, len(MAP_ROWS) + 1)]


def _matches(column: _Column, shown: list[str]) -> bool:
    """Whether a Map column still shows the recorded column: the same touchpoint name, or most of its cells."""
    recorded = column.digests[: len(MAP_ROWS)]
    name = recorded[_NAME_ROW] if len(recorded) > _NAME_ROW else None
    if name is not None and name != _EMPTY and shown[_NAME_ROW] == name:
        return True
    kept = [r for r, d in enumerate(recorded) if d is not None and d != _EMPTY]
    if not kept:
        return all(shown[r] == _EMPTY for r, d in enumerate(recorded) if d is not None)
    same = sum(1 for r in kept if shown[r] == recorded[r])
    return same > 0 and 2 * same >= len(kept)


def _align(recorded: list[_Column], grid: dict[tuple[int, int], Cell]) -> _Layout:
    """Match the recorded columns, in order, to the Map's columns that hold anything in the grid's rows."""
    rows = len(MAP_ROWS)
    written_empty = {c.col for c in recorded if all(d is None or d == _EMPTY for d in c.digests[:rows])}
    shown_cols = sorted({col for (row, col) in grid if col >= 2 and row <= rows} | written_empty)
    signatures = {col: _signature(grid, col) for col in shown_cols}
    layout = _Layout()
    i = j = 0
    left: _Column | None = None
    while i < len(recorded) and j < len(shown_cols):
        column, col = recorded[i], shown_cols[j]
        if _matches(column, signatures[col]):
            layout.pairs.append((column, col))
            left = column
            i += 1
            j += 1
            continue
        ahead_r = range(i + 1, min(len(recorded), i + 1 + LOOKAHEAD))
        ahead_s = range(j + 1, min(len(shown_cols), j + 1 + LOOKAHEAD))
        later = next((k for k in ahead_r if _matches(recorded[k], signatures[col])), None)
        found = next((k for k in ahead_s if _matches(column, signatures[shown_cols[k]])), None)
        if found is not None and (later is None or found - j <= later - i):
            layout.inserted.extend((c, left) for c in shown_cols[j:found])
            j = found
        elif later is not None:
            layout.deleted.extend(recorded[i:later])
            i = later
        else:
            layout.pairs.append((column, col))
            left = column
            i += 1
            j += 1
    layout.deleted.extend(recorded[i:])
    layout.inserted.extend((c, left) for c in shown_cols[j:])
    return layout


class _Edits:
    """The Map's cells applied to the data read from the data sheets."""

    def __init__(
        self,
        reader: Reader,
        sheet: str,
        grid: dict[tuple[int, int], Cell],
        stages: list[dict[str, Any]],
        stage_at: dict[str, tuple[int, dict[str, Any]]],
        touchpoints: dict[str, tuple[ModelPath, dict[str, Any]]],
        data: dict[str, Any] | None,
    ) -> None:
        self.reader = reader
        self.sheet = sheet
        self.grid = grid
        self.stages = stages
        self.stage_at = stage_at
        self.touchpoints = touchpoints
        self.data = data
        self.seen: set[tuple[int, int]] = set()
        self.stage_of: dict[int, str] = {}
        """Map column -> the stage whose block it is in."""
        self.from_map: dict[str, list[str]] = {}
        """Touchpoint field -> the Map cells it was read from because its data sheet has no column for it."""
        self.last_added: dict[int, dict[str, Any]] = {}
        """Recorded column -> the touchpoint last added right of it (so inserted columns keep their order)."""

    def issue(self, code: str, message: str, loc: Location, path: ModelPath = ()) -> None:
        self.reader.issue(code, message, loc, path)

    def restructure(self, layout: _Layout) -> list[tuple[int, tuple[ModelPath, dict[str, Any]]]]:
        """Remove the touchpoints of deleted columns and add those of inserted ones; the added, with their column."""
        for column, now in layout.pairs:
            self.stage_of[now] = column.stage_id
        old = {si: list(s["touchpoints"]) for si, s in enumerate(self.stages)}
        for column in layout.deleted:
            self.deleted(column)
        added: list[tuple[int, dict[str, Any]]] = []
        for now, left in layout.inserted:
            tp = self.inserted(now, left)
            if tp is not None:
                added.append((now, tp))
        for si, stage in enumerate(self.stages):
            if len(stage["touchpoints"]) != len(old[si]) or any(
                a is not b for a, b in zip(stage["touchpoints"], old[si], strict=True)
            ):
                _renumber(self.reader, si, old[si], stage["touchpoints"])
        self.touchpoints.clear()
        for si, stage in enumerate(self.stages):
            for ti, tp in enumerate(stage["touchpoints"]):
                tid = tp.get("id")
                if tid is not None:
                    self.touchpoints.setdefault(str(tid).strip(), (("stages", si, "touchpoints", ti), tp))
        out = []
        for now, tp in added:
            found = self.touchpoints.get(str(tp["id"]))
            if found is not None and found[1] is tp:
                out.append((now, found))
        return out

    def deleted(self, column: _Column) -> None:
        where = column_letters(column.col)
        found = self.touchpoints.get(column.touchpoint_id)
        if column.touchpoint_id and found is not None:
            tpath, tp = found
            stage = self.stages[int(tpath[1])]
            loc = self.reader.index.get(tpath) or cell_location(TOUCHPOINTS, 1, 1)
            pains = len(tp.get("pain_points") or [])
            with_pains = f" with its {pains} pain point{'s' if pains != 1 else ''}" if pains else ""
            stage["touchpoints"] = [t for t in stage["touchpoints"] if t is not tp]
            self.issue(
                "JM008",
                f"the Map sheet's column of touchpoint {q(column.touchpoint_id)} (column {where} as written) was "
                f"deleted, so the touchpoint is removed from the map{with_pains}; to keep it, undo the deletion",
                loc,
            )
        elif not column.touchpoint_id and column.stage_id in self.stage_at:
            si, _ = self.stage_at[column.stage_id]
            self.issue(
                "JM008",
                f"the Map sheet's column of stage {q(column.stage_id)} (column {where} as written) was deleted; "
                f"the stage stays in the map: delete its row in sheet {STAGES} to remove it",
                self.reader.index.get(("stages", si)) or cell_location(STAGES, 1, 1),
            )

    def inserted(self, col: int, left: _Column | None) -> dict[str, Any] | None:
        """A new column: a new touchpoint when its Touchpoint cell holds a name (its cells are read later)."""
        first = str(self.stages[0].get("id", "")).strip() if self.stages else ""
        stage_id = left.stage_id if left is not None else first
        self.stage_of[col] = stage_id
        name_cell = self.grid.get((_NAME_ROW + 1, col))
        name = _plain(name_cell)
        loc = cell_location(self.sheet, _NAME_ROW + 1, col)
        if stage_id not in self.stage_at:
            return None
        if not name or (name_cell is not None and name_cell.kind in ("f", "e")):
            if any((row, col) in self.grid for row in range(_NAME_ROW + 2, len(MAP_ROWS) + 1)):
                self.issue(
                    "JM003",
                    f"column {column_letters(col)} of the Map sheet was inserted with no touchpoint name in "
                    f"{loc.cell}; type the touchpoint's name there to add it, or add it in sheet Touchpoints",
                    loc,
                )
                for row in range(_NAME_ROW + 2, len(MAP_ROWS) + 1):
                    self.seen.add((row, col))
            return None
        si, stage = self.stage_at[stage_id]
        ident = _new_id(name, self.touchpoints)
        tp: dict[str, Any] = {"id": ident, "name": name, "pain_points": []}
        self.touchpoints[ident] = (("stages", si, "touchpoints", -1), tp)
        tlist = stage["touchpoints"]
        key = left.col if left is not None else 0
        after = self.last_added.get(key)
        if after is None and left is not None and left.touchpoint_id:
            after = next((t for t in tlist if str(t.get("id", "")).strip() == left.touchpoint_id), None)
        position = next((i + 1 for i, t in enumerate(tlist) if t is after), 0)
        tlist.insert(position, tp)
        self.last_added[key] = tp
        self.issue(
            "JM008",
            f"column {column_letters(col)} of the Map sheet was inserted with touchpoint {q(name)}: it is added to "
            f"stage {q(stage_id)} with the id {q(ident)} (rename the id in sheet Touchpoints if you like)",
            loc,
        )
        return tp

    def new_touchpoint(self, col: int, found: tuple[ModelPath, dict[str, Any]]) -> None:
        tpath = found[0]
        self.seen.add((_NAME_ROW + 1, col))
        self.reader.index[tpath] = cell_location(self.sheet, _NAME_ROW + 1, col)
        self.reader.index[(*tpath, "name")] = cell_location(self.sheet, _NAME_ROW + 1, col)
        for r in range(_NAME_ROW + 1, len(MAP_ROWS)):
            row = r + 1
            cell = self.grid.get((row, col))
            self.seen.add((row, col))
            if cell is None:
                continue
            loc = cell_location(self.sheet, row, col)
            if cell.kind in ("f", "e"):
                self.issue("JM002", f"cell {loc.cell} is a formula or an error; jmap reads values", loc)
                continue
            _apply_touchpoint(self.reader, found, r, _plain(cell), cell, loc)

    def column(self, column: _Column, col: int, before: tuple[list[str] | None, list[str] | None]) -> None:
        """Apply the edits of one Map column that shows a recorded one (now at ``col``)."""
        reader, sheet = self.reader, self.sheet
        stage_texts_before, tp_texts_before = before
        for r, recorded in enumerate(column.digests[: len(MAP_ROWS)]):
            row = r + 1
            cell = self.grid.get((row, col))
            loc = cell_location(sheet, row, col)
            if recorded is None:
                continue
            self.seen.add((row, col))
            if cell is not None and cell.kind in ("f", "e"):
                reader.issue("JM002", f"cell {loc.cell} is a formula or an error; jmap reads values", loc)
                continue
            text = _plain(cell)
            missing = r >= STAGE_ROWS and self.lacks_column(column.touchpoint_id, ROW_FIELDS[r])
            if digest(text) == recorded and not (missing and text):
                continue
            if r < STAGE_ROWS:
                target = self.stage_at.get(column.stage_id)
                data_text = stage_texts_before[r] if stage_texts_before is not None else None
                if target is None or data_text is None:
                    self.keep(loc, cell, f"its stage {q(column.stage_id)} is no longer in sheet {STAGES}", None)
                    continue
                path: ModelPath = ("stages", target[0], ROW_FIELDS[r])
                what = f"the {_field_name(r)} of stage {q(column.stage_id)}"
            else:
                found = self.touchpoints.get(column.touchpoint_id)
                data_text = tp_texts_before[r - STAGE_ROWS] if tp_texts_before is not None else None
                if found is None or data_text is None:
                    self.keep(
                        loc, cell, f"its touchpoint {q(column.touchpoint_id)} is no longer in sheet {TOUCHPOINTS}", None
                    )
                    continue
                path = _data_path(found[0], ROW_FIELDS[r])
                what = f"the {_field_name(r)} of touchpoint {q(column.touchpoint_id)}"
            if missing:
                self.from_map.setdefault(ROW_FIELDS[r], []).append(loc.cell or "")
            elif digest(data_text) != recorded and digest(data_text) != digest(text):
                other = reader.index.get(path) or reader.index.get(path[:-1])
                where = other.cell if other is not None and other.cell else "its data sheet"
                reader.issue(
                    "JM007",
                    f"{what} was changed in {loc.cell} to {q(text)} and in {where} to {q(data_text)}; "
                    "jmap does not guess which is meant: make the two cells agree",
                    loc,
                    path,
                )
                continue
            if r < STAGE_ROWS:
                _set_text(self.stage_at[column.stage_id][1], ROW_FIELDS[r], text)
                reader.index[path] = loc
            else:
                _apply_touchpoint(reader, self.touchpoints[column.touchpoint_id], r, text, cell, loc)

    def lacks_column(self, touchpoint_id: str, field_name: str) -> bool:
        """Whether the touchpoint's row in the Touchpoints sheet has no column for ``field_name``."""
        if field_name not in _READ_FROM_MAP:
            return False
        found = self.touchpoints.get(touchpoint_id)
        if found is None:
            return False
        ref = self.reader.index.rows.get(found[0])
        return ref is not None and field_name not in ref.columns

    def read_missing_columns(self) -> None:
        for field_name, cells in self.from_map.items():
            header = next((h for h, key in TOUCHPOINT_COLUMNS if key == field_name), field_name)
            self.issue(
                "JM008",
                f"sheet {TOUCHPOINTS} has no {q(header)} column, so the {header.lower()} of {len(cells)} "
                f"touchpoint{'s' if len(cells) != 1 else ''} was read from the Map sheet ({', '.join(cells[:3])}"
                f"{', …' if len(cells) > 3 else ''}); add the column back to edit it there",
                cell_location(TOUCHPOINTS, 1, 1),
            )

    def notes(self) -> None:
        """Every Map cell no field was read from, kept as a note (row labels as written are not notes)."""
        for (row, col), stray in sorted(self.grid.items(), key=lambda item: (item[0][1], item[0][0])):
            if (row, col) in self.seen:
                continue
            if col == 1 and row <= len(MAP_ROWS) and _plain(stray) == MAP_ROWS[row - 1]:
                continue
            stage = self.stage_at.get(self.stage_of.get(col, ""))
            if row <= STAGE_ROWS and stage is not None and _plain(stray) == stage_texts(stage[1])[row - 1]:
                continue
            loc = cell_location(self.sheet, row, col)
            if col == 1 and row <= len(MAP_ROWS):
                why = f"changes the row label {q(MAP_ROWS[row - 1])} (the row still reads as {MAP_ROWS[row - 1]})"
            elif row <= STAGE_ROWS and col in self.stage_of:
                why = "shows no field of its own (a stage is edited in its first column)"
            else:
                why = "is outside the grid of touchpoints"
            self.keep(loc, stray, why, self.stage_of.get(col) if col > 1 else None)

    def keep(self, loc: Location, cell: Cell | None, why: str, stage_id: str | None) -> None:
        """Keep a cell's text as a note of the stage (or of the map), reported as such."""
        text = _plain(cell)
        if not text:
            self.issue(
                "JM003",
                f"cell {loc.cell} of the Map sheet was cleared, but it {why}; nothing is changed",
                loc,
            )
            return
        if cell is not None and cell.kind in ("f", "e"):
            self.issue("JM002", f"cell {loc.cell} is a formula or an error; jmap reads values", loc)
            return
        target = self.data
        owner = "the map"
        if stage_id is not None and stage_id in self.stage_at:
            target = self.stage_at[stage_id][1]
            owner = f"stage {q(stage_id)}"
        if target is None:
            return
        notes = target.get(NOTES_KEY)
        if not isinstance(notes, list):
            notes = [] if notes is None else [notes]
        note = f"{loc.cell}: {text}"
        if note not in notes:
            notes.append(note)
        target[NOTES_KEY] = notes
        self.issue(
            "JM008",
            f"cell {loc.cell} of the Map sheet {why}; its text is kept as a note of {owner} ({NOTES_KEY})",
            loc,
        )


def _new_id(name: str, taken: dict[str, Any]) -> str:
    base = slugify(name)[:60].strip("-") or "touchpoint"
    ident, n = base, 2
    while ident in taken:
        ident = f"{base}-{n}"
        n += 1
    return ident


def _renumber(reader: Reader, si: int, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    """Move the cell index of stage ``si``'s touchpoints from their old positions to their new ones."""
    now = {id(tp): i for i, tp in enumerate(new)}
    moves = {i: now.get(id(tp)) for i, tp in enumerate(old)}
    _move(reader.index, ("stages", si, "touchpoints"), moves)
    _move(reader.index.rows, ("stages", si, "touchpoints"), moves)


V = TypeVar("V")


def _move(store: dict[ModelPath, V], prefix: ModelPath, moves: dict[int, int | None]) -> None:
    n = len(prefix)
    moved = [(key, store.pop(key)) for key in [k for k in store if len(k) > n and k[:n] == prefix]]
    for key, value in moved:
        at = key[n]
        to = moves.get(at) if isinstance(at, int) else None
        if to is not None:
            store[(*prefix, to, *key[n + 1 :])] = value


def _apply_touchpoint(
    reader: Reader, found: tuple[ModelPath, dict[str, Any]], r: int, text: str, cell: Cell | None, loc: Location
) -> None:
    tpath, tp = found
    field = ROW_FIELDS[r]
    if field == "emotion":
        value = None if cell is None else cell.value
        if value is None or (isinstance(value, str) and not value.strip()):
            tp.pop("emotion", None)
        else:
            tp["emotion"] = int(value) if isinstance(value, float) and value.is_integer() else value
        reader.index[(*tpath, "emotion")] = loc
    elif field == "moment_of_truth":
        tp["moment_of_truth"] = text if text else False
        reader.index[(*tpath, "moment_of_truth")] = loc
    elif field == "pain_points":
        _pain_points(reader, tpath, tp, split_lines(text), loc)
    elif field == "opportunities":
        _opportunities(reader, tpath, tp, split_lines(text), loc)
    else:
        _set_text(tp, field, text)
        reader.index[(*tpath, field)] = loc


def _fewer(reader: Reader, loc: Location, lines: list[str], shown: list[int], items: str, instead: str) -> bool:
    """A cell lists fewer ``items`` than the sheet behind it holds: JM002 (removal is done in that sheet)."""
    if len(lines) >= len(shown):
        return False
    reader.issue(
        "JM002",
        f"cell {loc.cell} lists {len(lines)} {items} where there were {len(shown)}; removing one in the Map "
        f"is not read: {instead}",
        loc,
    )
    return True


def _pain_points(reader: Reader, tpath: ModelPath, tp: dict[str, Any], lines: list[str], loc: Location) -> None:
    pains: list[dict[str, Any]] = tp.setdefault("pain_points", [])
    shown = [i for i, p in enumerate(pains) if p.get("text")]
    if _fewer(reader, loc, lines, shown, "pain points", f"delete its row in sheet {PAIN_POINTS}"):
        return
    for i, line in zip(shown, lines, strict=False):
        if pains[i]["text"] != line:
            pains[i]["text"] = line
            reader.index[(*tpath, "pain_points", i, "text")] = loc
    for line in lines[len(shown) :]:
        reader.index[(*tpath, "pain_points", len(pains))] = loc
        pains.append({"text": line})


def _opportunities(reader: Reader, tpath: ModelPath, tp: dict[str, Any], lines: list[str], loc: Location) -> None:
    pains: list[dict[str, Any]] = tp.setdefault("pain_points", [])
    shown = [i for i, p in enumerate(pains) if (p.get("opportunity") or {}).get("fix")]
    if _fewer(reader, loc, lines, shown, "fixes", f"clear its Fix in sheet {PAIN_POINTS}"):
        return
    for i, line in zip(shown, lines, strict=False):
        fix, owner = parse_opportunity_line(line)
        opp = pains[i]["opportunity"]
        opp["fix"] = fix
        if owner is None:
            opp.pop("owner", None)
        else:
            opp["owner"] = owner
        reader.index[(*tpath, "pain_points", i, "opportunity")] = loc
    for line in lines[len(shown) :]:
        fix, owner = parse_opportunity_line(line)
        opp = {"fix": fix} if owner is None else {"fix": fix, "owner": owner}
        free = next((p for p in pains if p.get("text") and not p.get("opportunity")), None)
        if free is not None:
            free["opportunity"] = opp
        else:
            reader.index[(*tpath, "pain_points", len(pains))] = loc
            pains.append({"opportunity": opp})


def _data_path(tpath: ModelPath, field: str) -> ModelPath:
    if field == "pain_points":
        return (*tpath, "pain_points", 0, "text")
    if field == "opportunities":
        return (*tpath, "pain_points", 0, "opportunity", "fix")
    return (*tpath, field)


def _set_text(obj: dict[str, Any], field: str, text: str) -> None:
    if text:
        obj[field] = text
    else:
        obj.pop(field, None)


def _field_name(r: int) -> str:
    return MAP_ROWS[r].lower().replace("stage ", "")


def _plain(cell: Cell | None) -> str:
    if cell is None:
        return ""
    value = cell.value
    if isinstance(value, bool):
        return "Yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
