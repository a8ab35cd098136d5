"""Edits typed into the Map sheet, read back into the map (``map_record`` holds the record they rely on).

An edited Map cell changes its field exactly as the same edit in a data sheet would. When the field
was also changed, differently, in a data sheet, that is a JM005 finding naming both cells and neither
value is taken. A changed cell that shows no single field (a label, a stage cell right of the stage's
first column, anything below the grid) is a JM003 finding with its cell. Removing items from a list
cell (pain points, opportunities) is refused (JM002): delete the row in the Pain points sheet. When most
of the Map differs from the record (columns or rows inserted, deleted or moved), no edit is read (JM002).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jmap.findings import Location, ModelPath
from jmap.formats.xlsx.cells import Cell, cell_location, column_number
from jmap.formats.xlsx.layout import PAIN_POINTS, split_lines
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
from jmap.util.text import q

if TYPE_CHECKING:
    from jmap.formats.xlsx.reader import Reader


MAX_PLAIN_EDITS = 12
"""More changed cells than this, and than half the Map, means the grid was rearranged, not edited."""


@dataclass(frozen=True, slots=True)
class _Column:
    col: int
    stage_id: str
    touchpoint_id: str
    digests: list[str | None]


def apply_map_edits(
    reader: Reader,
    map_sheet: tuple[str, str],
    record_sheet: tuple[str, str],
    stages: list[dict[str, Any]],
    touchpoints: dict[str, tuple[ModelPath, dict[str, Any]]],
) -> None:
    """Apply the Map sheet's edits to ``stages`` (the data read from the data sheets), reporting what cannot be."""
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
    recorded_cells = [(r + 1, col, d) for col, c in columns.items() for r, d in enumerate(c.digests) if d is not None]
    changed = sum(1 for row, col, d in recorded_cells if digest(_plain(grid.get((row, col)))) != d)
    if changed > max(MAX_PLAIN_EDITS, len(recorded_cells) // 2):
        reader.issue(
            "JM002",
            f"{changed:,} of the {len(recorded_cells):,} cells of the Map sheet differ from what jmap wrote: "
            "columns or rows were inserted, deleted or moved, so no Map edit is read; make the edits in the data "
            "sheets, or export the map again",
            cell_location(sheet, 1, 1),
        )
        return
    seen: set[tuple[int, int]] = set()
    for col, column in columns.items():
        for r, recorded in enumerate(column.digests[: len(MAP_ROWS)]):
            row = r + 1
            seen.add((row, col))
            cell = grid.get((row, col))
            loc = cell_location(sheet, row, col)
            if recorded is None:
                if cell is not None:
                    _not_a_field(reader, loc, "it shows no field of its own (the stage is edited in its first column)")
                continue
            if cell is not None and cell.kind in ("f", "e"):
                reader.issue("JM002", f"cell {loc.cell} is a formula or an error; jmap reads values", loc)
                continue
            text = _plain(cell)
            if digest(text) == recorded:
                continue
            stage_texts_before, tp_texts_before = before[col]
            if r < STAGE_ROWS:
                target = stage_at.get(column.stage_id)
                data_text = stage_texts_before[r] if stage_texts_before is not None else None
                if target is None or data_text is None:
                    _not_a_field(reader, loc, f"its stage {q(column.stage_id)} is no longer in sheet Stages")
                    continue
                path: ModelPath = ("stages", target[0], ROW_FIELDS[r])
                what = f"the {_field_name(r)} of stage {q(column.stage_id)}"
            else:
                found = touchpoints.get(column.touchpoint_id)
                data_text = tp_texts_before[r - STAGE_ROWS] if tp_texts_before is not None else None
                if found is None or data_text is None:
                    _not_a_field(
                        reader, loc, f"its touchpoint {q(column.touchpoint_id)} is no longer in sheet Touchpoints"
                    )
                    continue
                path = _data_path(found[0], ROW_FIELDS[r])
                what = f"the {_field_name(r)} of touchpoint {q(column.touchpoint_id)}"
            if digest(data_text) != recorded and digest(data_text) != digest(text):
                other = reader.index.get(path) or reader.index.get(path[:-1])
                where = other.cell if other is not None and other.cell else "its data sheet"
                reader.issue(
                    "JM005",
                    f"{what} was changed in {loc.cell} to {q(text)} and in {where} to {q(data_text)}; "
                    "jmap does not guess which is meant: make the two cells agree",
                    loc,
                    path,
                )
                continue
            if r < STAGE_ROWS:
                _set_text(stage_at[column.stage_id][1], ROW_FIELDS[r], text)
                reader.index[path] = loc
            else:
                _apply_touchpoint(reader, touchpoints[column.touchpoint_id], r, text, cell, loc)
    for (row, col), stray in grid.items():
        if (row, col) in seen:
            continue
        if col == 1 and row <= len(MAP_ROWS) and _plain(stray) == MAP_ROWS[row - 1]:
            continue
        loc = cell_location(sheet, row, col)
        why = "it is a row label" if col == 1 and row <= len(MAP_ROWS) else "it is outside the grid of touchpoints"
        _not_a_field(reader, loc, why)


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


def _not_a_field(reader: Reader, loc: Location, why: str) -> None:
    reader.issue("JM003", f"cell {loc.cell} of the Map sheet was changed, but {why}; the edit is not read", loc)


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
