"""Read an XLSX map into the same plain data as a YAML map, with the cell of every value.

The workbook is opened under the guards of ``jmap.formats.xlsx.package`` and its sheets' cells are
decoded, streaming, by ``jmap.formats.xlsx.cells``; this module maps the sheets to the map: the About
rows, the Stages, Touchpoints, Pain points, Metrics and Evidence tables (headers in any order and
spelling, rows linked to their stage or touchpoint by id), with every value's cell kept for findings.

The ``Map`` sheet is read for the edits made in it (``jmap.formats.xlsx.map_edits``). A formula cell is an error
at its cell; the ``TRUE()``/``FALSE()`` formulas LibreOffice writes for boolean cells are read as booleans.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from jmap.document import PositionIndex, RawDocument, SourceIssue
from jmap.findings import Location, ModelPath
from jmap.formats.xlsx.cells import (
    EPOCH_1904,
    ERROR,
    FORMULA,
    Cell,
    CellDecoder,
    as_text,
    cell_location,
    check_dimension,
    column_letters,
    convert,
    extra,
)
from jmap.formats.xlsx.layout import (
    ABOUT,
    ABOUT_FIELD_COLUMN,
    ABOUT_FIELDS,
    ABOUT_VALUE_COLUMN,
    CHART_SHEET,
    DATE_FIELDS,
    EVIDENCE,
    EVIDENCE_COLUMNS,
    HANDOFF_PREFIX,
    MAP,
    METRIC_COLUMNS,
    METRICS,
    OPPORTUNITY_FIELDS,
    PAIN_POINT_COLUMNS,
    PAIN_POINTS,
    REVIEW_ROWS,
    STAGE_COLUMNS,
    STAGES,
    TOUCHPOINT_COLUMNS,
    TOUCHPOINTS,
    handoff_x_key,
    nest_handoff,
    norm,
    opportunity_x_key,
    review_x_key,
    x_key,
)
from jmap.formats.xlsx.map_record import RECORD_SHEET
from jmap.formats.xlsx.package import Abort, Workbook
from jmap.util.gc_pause import gc_paused
from jmap.util.suggest import closest, suggest

_STAGE_KINDS = {"red_flags": "list", "metrics": "list", "exit_criteria": "list"}
_TOUCHPOINT_KINDS = {"emotion": "emotion", "moment_of_truth": "bool", "metrics": "list"}
_METRIC_KINDS = {"as_of": "date", "baseline": "raw", "current": "raw", "target": "raw"}
_EVIDENCE_REFS = re.compile(r"[\s,;]+")
_ABOUT_KINDS = {"goals": "list", "last_reviewed": "date", "jmap": "raw"}


@dataclass(frozen=True, slots=True)
class _RowRef:
    sheet: str
    row: int
    columns: dict[str, int]
    anchor: int


class CellIndex(dict[ModelPath, Location]):
    """Explicit locations, plus locations computed on demand from the row each object came from."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[ModelPath, _RowRef] = {}

    def get(self, path: ModelPath, default: Any = None) -> Any:
        found = dict.get(self, path)
        if found is not None:
            return found
        ref = self.rows.get(path)
        if ref is not None:
            return cell_location(ref.sheet, ref.row, ref.anchor)
        for depth in (1, 2):
            if len(path) <= depth:
                break
            ref = self.rows.get(path[:-depth])
            if ref is None:
                continue
            field = path[-depth]
            col = ref.columns.get(field) if isinstance(field, str) else None
            if col is not None and (depth == 1 or isinstance(path[-1], int)):
                return cell_location(ref.sheet, ref.row, col)
            break
        return default

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self.get(path) is not None


T = TypeVar("T")
_READ_SHEETS = frozenset(norm(n) for n in (ABOUT, STAGES, TOUCHPOINTS, PAIN_POINTS, EVIDENCE))


@dataclass(frozen=True, slots=True)
class _Link:
    """How a row of one sheet names its parent on another (a touchpoint its stage, a pain point its touchpoint)."""

    key: str
    header: str
    child: str
    parent: str
    parent_sheet: str


_STAGE_LINK = _Link("stage_id", "Stage ID", "touchpoint", "stage", STAGES)
_TOUCHPOINT_LINK = _Link("touchpoint_id", "Touchpoint ID", "pain point", "touchpoint", TOUCHPOINTS)
_METRIC_STAGE_LINK = _Link("stage_id", "Stage ID", "metric", "stage", STAGES)
_METRIC_TOUCHPOINT_LINK = _Link("touchpoint_id", "Touchpoint ID", "metric", "touchpoint", TOUCHPOINTS)


def _stage_index(stages: list[dict[str, Any]]) -> dict[str, int]:
    """Stage id -> index of the first stage with that id."""
    by_id: dict[str, int] = {}
    for i, s in enumerate(stages):
        sid = s.get("id")
        if sid is not None:
            by_id.setdefault(str(sid).strip(), i)
    return by_id


@dataclass(slots=True)
class _Parents:
    """What a row of a child sheet can name: the stages (by id), and the touchpoints read so far (by id)."""

    stages: list[dict[str, Any]]
    stage_ids: dict[str, int]
    touchpoints: dict[str, tuple[ModelPath, dict[str, Any]]]


class Reader:
    """A workbook read into map data: findings go to ``doc.issues``, the cell of every value to ``index``."""

    def __init__(self, raw: bytes, doc: RawDocument, index: CellIndex) -> None:
        self.doc = doc
        self.index = index
        self.issues = doc.issues
        self.wb = Workbook(raw)
        self.decoder = CellDecoder()

    def issue(
        self, code: str, message: str, loc: Location, path: ModelPath = (), hides: tuple[ModelPath, ...] = ()
    ) -> None:
        self.issues.append(SourceIssue(code, message, loc, path, hides=hides))

    def open_book(self) -> list[tuple[str, str]]:
        """The workbook's sheets as (name, part), in order, with shared strings, styles and date epoch loaded."""
        wb = self.wb
        book = wb.book()
        if book.date1904:
            self.decoder.epoch = EPOCH_1904
        for name, part in book.sheets:
            if norm(name) in _READ_SHEETS and wb.info(part) is not None:
                check_dimension(name, wb.head(part).decode("utf-8", "replace"))
        for rel_type, target in book.parts:
            if rel_type.endswith("/sharedStrings") and wb.info(target) is not None:
                self.decoder.read_strings(wb.text(target))
            elif rel_type.endswith("/styles") and wb.info(target) is not None:
                self.decoder.read_styles(wb.tree(target))
        return book.sheets

    def read(self) -> dict[str, Any] | None:
        sheets = self.open_book()
        known = {norm(n): n for n in (MAP, ABOUT, STAGES, TOUCHPOINTS, PAIN_POINTS, EVIDENCE, METRICS)}
        found: dict[str, tuple[str, str]] = {}
        unknown: list[str] = []
        record: tuple[str, str] | None = None
        for name, part in sheets:
            canonical = known.get(norm(name))
            if norm(name) == norm(RECORD_SHEET):
                record = (name, part)
            if canonical is None:
                if not name.strip().lower().startswith("x-") and norm(name) != norm(CHART_SHEET):
                    unknown.append(name)
            elif canonical in found:
                self.issue(
                    "JM005",
                    f"sheet {name!r} repeats sheet {found[canonical][0]!r}; only the first is read",
                    cell_location(name, 1, 1),
                )
            else:
                found[canonical] = (name, part)
        if ABOUT not in found and TOUCHPOINTS not in found:
            self.issue(
                "JM002",
                "not a journey map: the workbook has neither an 'About' nor a 'Touchpoints' sheet",
                cell_location(sheets[0][0] if sheets else "Sheet1", 1, 1),
            )
            return None
        if ABOUT not in found:
            self.issue(
                "JM002",
                "the workbook has no 'About' sheet, so it lacks the 'jmap' format version and the title",
                cell_location(TOUCHPOINTS, 1, 1),
            )
            return None
        for name in unknown:
            self.issue(
                "JM003",
                f"sheet {name!r} is not part of a journey map{suggest(name, list(known.values()))}; "
                "jmap does not read it (name sheets of your own 'x-…')",
                cell_location(name, 1, 1),
            )
        data = self.read_about(*found[ABOUT])
        self.index[("stages",)] = cell_location(STAGES, 1, 1)
        self.index[("evidence",)] = cell_location(EVIDENCE, 1, 1)
        stages: list[dict[str, Any]] = []
        data["stages"] = stages
        if STAGES in found:
            self.read_stages(*found[STAGES], stages)
        elif TOUCHPOINTS in found:
            self.issue(
                "JM002",
                "the workbook has no 'Stages' sheet, so its touchpoints belong to no stage",
                cell_location(TOUCHPOINTS, 1, 1),
                ("stages",),
            )
        parents = _Parents(stages, _stage_index(stages), {})
        if TOUCHPOINTS in found and STAGES in found:
            self.read_touchpoints(*found[TOUCHPOINTS], parents)
        if PAIN_POINTS in found and STAGES in found:
            self.read_pain_points(*found[PAIN_POINTS], parents)
        if METRICS in found and STAGES in found:
            self.read_metrics(*found[METRICS], parents)
        if MAP in found and record is not None and STAGES in found:
            from jmap.formats.xlsx.map_edits import apply_map_edits

            apply_map_edits(self, found[MAP], record, stages, parents.touchpoints, data)
        if EVIDENCE in found:
            evidence = self.read_evidence(*found[EVIDENCE])
            if evidence:
                data["evidence"] = evidence
        return data

    def rows(self, sheet: str, part: str) -> Iterator[tuple[int, dict[int, Cell]]]:
        """Non-blank rows of a sheet: (row number, column -> cell)."""
        yield from self.decoder.rows(sheet, self.wb.text(part, cell_location(sheet, 1, 1)))

    def table(
        self, sheet: str, part: str, columns: tuple[tuple[str, str], ...]
    ) -> Iterator[tuple[int, dict[str, int], dict[str, Cell], dict[str, Cell], dict[str, Cell]]]:
        """Rows of a table sheet: (row, field -> column, known fields, x- fields, opportunity x- fields)."""
        known = {norm(h): key for h, key in columns}
        headers = [h for h, _ in columns]
        field_col: dict[str, int] = {}
        x_cols: dict[int, str] = {}
        ox_cols: dict[int, str] = {}
        key_cols: dict[int, str] = {}
        reported: set[int] = set()
        header_row = 0
        for row_no, cells in self.rows(sheet, part):
            if not header_row:
                header_row = row_no
                for col, cell in sorted(cells.items()):
                    loc = cell_location(sheet, row_no, col)
                    if cell.kind in (FORMULA, ERROR):
                        self.issue("JM002", f"header of column {column_letters(col)} is not text", loc)
                        continue
                    header = str(as_text(cell)).strip()
                    key = known.get(norm(header))
                    xk = x_key(header)
                    ok = opportunity_x_key(header) if sheet == PAIN_POINTS else None
                    hk = handoff_x_key(header) if sheet in (STAGES, TOUCHPOINTS) else None
                    name = key or xk or (f"opportunity.{ok}" if ok else None) or (HANDOFF_PREFIX + hk if hk else None)
                    if name is None:
                        meant = closest(header, headers)
                        self.issue(
                            "JM003",
                            f"unknown column {header!r} in sheet {sheet}{suggest(header, headers)}; "
                            "columns of your own must start with 'x-'",
                            loc,
                            hides=_column_paths(sheet, known[norm(meant)]) if meant is not None else (),
                        )
                        reported.add(col)
                        continue
                    if name in field_col:
                        self.issue(
                            "JM005",
                            f"column {header!r} appears twice in sheet {sheet}; the first one is read",
                            loc,
                        )
                        reported.add(col)
                        continue
                    field_col[name] = col
                    if key or hk:
                        key_cols[col] = key or name
                    elif xk:
                        x_cols[col] = xk
                    elif ok:
                        ox_cols[col] = ok
                continue
            fields: dict[str, Cell] = {}
            xs: dict[str, Cell] = {}
            oxs: dict[str, Cell] = {}
            for col, cell in cells.items():
                if self.not_a_value(sheet, row_no, col, cell):
                    continue
                key = key_cols.get(col)
                if key is not None:
                    fields[key] = cell
                elif col in x_cols:
                    xs[x_cols[col]] = cell
                elif col in ox_cols:
                    oxs[ox_cols[col]] = cell
                elif col not in reported:
                    reported.add(col)
                    self.issue(
                        "JM003",
                        f"column {column_letters(col)} of sheet {sheet} has values but no header; "
                        "jmap does not know what they are",
                        cell_location(sheet, row_no, col),
                    )
            if fields or xs or oxs:
                yield row_no, field_col, fields, xs, oxs

    def not_a_value(self, sheet: str, row_no: int, col: int, cell: Cell) -> bool:
        """Whether the cell is a formula or an error value, reported (JM002) at the cell if so."""
        if cell.kind == FORMULA:
            self.issue(
                "JM002",
                f"cell {column_letters(col)}{row_no} of sheet {sheet} is a formula; jmap reads values, not formulas",
                cell_location(sheet, row_no, col),
            )
            return True
        if cell.kind == ERROR:
            self.issue("JM002", str(cell.value), cell_location(sheet, row_no, col))
            return True
        return False

    def object(
        self, fields: dict[str, Cell], xs: dict[str, Cell], kinds: dict[str, str], skip: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, cell in fields.items():
            if key not in skip:
                out[key] = convert(kinds.get(key, "text"), cell)
        for key, cell in xs.items():
            out[key] = extra(key, cell)
        return out

    def read_about(self, sheet: str, part: str) -> dict[str, Any]:
        data: dict[str, Any] = {}
        index = self.index
        index[()] = cell_location(sheet, 1, 1)
        fields = {norm(f): f for f in ABOUT_FIELDS}
        header_row = 0
        field_col, value_col = ABOUT_FIELD_COLUMN + 1, ABOUT_VALUE_COLUMN + 1
        seen: dict[str, int] = {}
        for row_no, cells in self.rows(sheet, part):
            if not header_row:
                header_row = row_no
                for col, cell in cells.items():
                    name = norm(str(as_text(cell)))
                    if name == "field":
                        field_col = col
                    elif name == "value":
                        value_col = col
                continue
            name_cell = cells.get(field_col)
            value_cell = cells.get(value_col)
            name_loc = cell_location(sheet, row_no, field_col)
            value_loc = cell_location(sheet, row_no, value_col)
            if name_cell is None or name_cell.kind in (FORMULA, ERROR):
                if value_cell is not None:
                    self.issue("JM003", f"row {row_no} of sheet {sheet} has a value but no field name", name_loc)
                continue
            if value_cell is not None and self.not_a_value(sheet, row_no, value_col, value_cell):
                value_cell = None
            label = str(as_text(name_cell)).strip()
            field = fields.get(norm(label))
            xk = x_key(label)
            rk = review_x_key(label)
            key = field or xk or (f"review.{rk}" if rk else None)
            if key is None:
                meant = closest(label, list(ABOUT_FIELDS))
                self.issue(
                    "JM003",
                    f"unknown field {label!r} in sheet {sheet}{suggest(label, list(ABOUT_FIELDS))}; "
                    "fields of your own must start with 'x-'",
                    name_loc,
                    hides=(("review", REVIEW_ROWS[meant]) if meant in REVIEW_ROWS else (meant,),) if meant else (),
                )
                continue
            if key in seen:
                self.issue(
                    "JM005",
                    f"field {label!r} appears twice in sheet {sheet} (first in row {seen[key]}); the first is used",
                    name_loc,
                )
                continue
            seen[key] = row_no
            if field in REVIEW_ROWS or rk:
                sub = REVIEW_ROWS[field] if field else str(rk)
                path: ModelPath = ("review", sub)
                if ("review",) not in index:
                    index[("review",)] = name_loc
                index[path] = value_loc
                if value_cell is not None:
                    review = data.setdefault("review", {})
                    if rk:
                        review[sub] = extra(sub, value_cell)
                    else:
                        review[sub] = convert("date" if sub == "last_reviewed" else "text", value_cell)
                continue
            name = field or str(xk)
            index[(name,)] = value_loc
            if value_cell is None:
                continue
            if xk:
                data[name] = extra(name, value_cell)
                continue
            value = convert(_ABOUT_KINDS.get(name, "text"), value_cell)
            data[name] = value
            if name == "goals":
                for i in range(len(value)):
                    index[("goals", i)] = value_loc
        return data

    def read_stages(self, sheet: str, part: str, stages: list[dict[str, Any]]) -> None:
        rows = self.index.rows
        for row_no, columns, fields, xs, _ in self.table(sheet, part, STAGE_COLUMNS):
            stage = self.object(fields, xs, _STAGE_KINDS)
            nest_handoff(stage)
            stage["touchpoints"] = []
            path: ModelPath = ("stages", len(stages))
            rows[path] = _RowRef(sheet, row_no, columns, min(columns.values()))
            self.handoff_ref(path, sheet, row_no, columns)
            stages.append(stage)

    def read_touchpoints(self, sheet: str, part: str, parents: _Parents) -> None:
        rows = self.index.rows
        checked = False
        for row_no, columns, fields, xs, _ in self.table(sheet, part, TOUCHPOINT_COLUMNS):
            if not checked:
                checked = True
                if not self.has_link_column(sheet, columns, _STAGE_LINK):
                    return
            si = self.linked(sheet, row_no, columns, fields, _STAGE_LINK, parents.stage_ids)
            if si is None:
                continue
            tp = self.object(fields, xs, _TOUCHPOINT_KINDS, skip=("stage_id",))
            nest_handoff(tp)
            tp["pain_points"] = []
            tlist = parents.stages[si]["touchpoints"]
            path: ModelPath = ("stages", si, "touchpoints", len(tlist))
            rows[path] = _RowRef(sheet, row_no, columns, min(columns.values()))
            self.handoff_ref(path, sheet, row_no, columns)
            tlist.append(tp)
            tid = tp.get("id")
            if tid is not None:
                parents.touchpoints.setdefault(str(tid).strip(), (path, tp))

    def handoff_ref(self, path: ModelPath, sheet: str, row_no: int, columns: dict[str, int]) -> None:
        """Point the object's ``handoff`` (and its fields) at the row's Handoff columns."""
        handoff = {k.removeprefix(HANDOFF_PREFIX): c for k, c in columns.items() if k.startswith(HANDOFF_PREFIX)}
        if handoff:
            self.index.rows[(*path, "handoff")] = _RowRef(sheet, row_no, handoff, min(handoff.values()))

    def read_metrics(self, sheet: str, part: str, parents: _Parents) -> None:
        """Rows of the Metrics sheet: each names its touchpoint, or else its stage, and is added to its metrics."""
        rows = self.index.rows
        for row_no, columns, fields, xs, _ in self.table(sheet, part, METRIC_COLUMNS):
            owner: tuple[ModelPath, dict[str, Any]] | None
            if "touchpoint_id" in fields:
                owner = self.linked(sheet, row_no, columns, fields, _METRIC_TOUCHPOINT_LINK, parents.touchpoints)
            elif "stage_id" in fields:
                si = self.linked(sheet, row_no, columns, fields, _METRIC_STAGE_LINK, parents.stage_ids)
                owner = None if si is None else (("stages", si), parents.stages[si])
            else:
                where = cell_location(sheet, row_no, min(columns.values()))
                self.issue(
                    "JM004",
                    f"row {row_no} of sheet {sheet} names neither a Stage ID nor a Touchpoint ID; "
                    "the metric is not read",
                    where,
                )
                continue
            if owner is None:
                continue
            opath, obj = owner
            metric = self.object(fields, xs, _METRIC_KINDS, skip=("stage_id", "touchpoint_id"))
            mlist = obj.setdefault("metrics", [])
            rows[(*opath, "metrics", len(mlist))] = _RowRef(sheet, row_no, columns, columns.get("name", 1))
            mlist.append(metric)

    def has_link_column(self, sheet: str, columns: dict[str, int], link: _Link) -> bool:
        """Whether the sheet has the column naming each row's parent (reported when it has not)."""
        if link.key in columns:
            return True
        self.issue(
            "JM002",
            f"sheet {sheet} has no {link.header!r} column, so its {link.child}s belong to no {link.parent}",
            cell_location(sheet, 1, 1),
        )
        return False

    def linked(
        self,
        sheet: str,
        row_no: int,
        columns: dict[str, int],
        fields: dict[str, Cell],
        link: _Link,
        known: Mapping[str, T],
    ) -> T | None:
        """The parent a row names, or None after reporting (JM004) why the row is not read."""
        where = cell_location(sheet, row_no, columns[link.key])
        cell = fields.get(link.key)
        if cell is None:
            self.issue(
                "JM004", f"row {row_no} of sheet {sheet} has no {link.header}; the {link.child} is not read", where
            )
            return None
        ident = str(as_text(cell)).strip()
        found = known.get(ident)
        if found is None:
            self.issue(
                "JM004",
                f"{link.child} row {row_no} names {link.parent} {ident!r}, which is not in sheet {link.parent_sheet}; "
                f"the {link.child} is not read",
                where,
            )
        return found

    def read_pain_points(self, sheet: str, part: str, parents: _Parents) -> None:
        rows = self.index.rows
        checked = False
        opp_columns: dict[str, int] = {}
        for row_no, columns, fields, xs, oxs in self.table(sheet, part, PAIN_POINT_COLUMNS):
            if not checked:
                checked = True
                if not self.has_link_column(sheet, columns, _TOUCHPOINT_LINK):
                    return
                opp_columns = {k: columns[k] for k in OPPORTUNITY_FIELDS if k in columns}
                opp_columns.update(
                    {k.removeprefix("opportunity."): c for k, c in columns.items() if k.startswith("opportunity.")}
                )
            target = self.linked(sheet, row_no, columns, fields, _TOUCHPOINT_LINK, parents.touchpoints)
            if target is None:
                continue
            tpath, tp = target
            pain: dict[str, Any] = {}
            if "text" in fields:
                pain["text"] = as_text(fields["text"])
            if "basis" in fields:
                pain["basis"] = as_text(fields["basis"])
            if "evidence" in fields:
                refs = as_text(fields["evidence"])
                pain["evidence"] = [r for r in _EVIDENCE_REFS.split(refs) if r] if isinstance(refs, str) else [refs]
            for key, cell in xs.items():
                pain[key] = extra(key, cell)
            opp: dict[str, Any] = {k: as_text(fields[k]) for k in OPPORTUNITY_FIELDS if k in fields}
            for key, cell in oxs.items():
                opp[key] = extra(key, cell)
            plist = tp["pain_points"]
            path: ModelPath = (*tpath, "pain_points", len(plist))
            anchor = min(columns.values())
            rows[path] = _RowRef(sheet, row_no, columns, anchor)
            if opp:
                pain["opportunity"] = opp
            rows[(*path, "opportunity")] = _RowRef(
                sheet, row_no, opp_columns, min(opp_columns.values(), default=anchor)
            )
            plist.append(pain)

    def read_evidence(self, sheet: str, part: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        rows = self.index.rows
        kinds = {key: "date" for key in DATE_FIELDS}
        for row_no, columns, fields, xs, _ in self.table(sheet, part, EVIDENCE_COLUMNS):
            rows[("evidence", len(out))] = _RowRef(sheet, row_no, columns, min(columns.values()))
            out.append(self.object(fields, xs, kinds))
        return out


_ROW_PATHS: Final[dict[str, ModelPath]] = {
    STAGES: ("stages", "*"),
    TOUCHPOINTS: ("stages", "*", "touchpoints", "*"),
    PAIN_POINTS: ("stages", "*", "touchpoints", "*", "pain_points", "*"),
    EVIDENCE: ("evidence", "*"),
}


def _column_paths(sheet: str, key: str) -> tuple[ModelPath, ...]:
    """The field of every row a column of ``sheet`` fills (``"*"`` for any index): what a misspelt header hides."""
    row = _ROW_PATHS.get(sheet)
    if row is None:
        return ()
    if sheet == PAIN_POINTS and key in OPPORTUNITY_FIELDS:
        return ((*row, "opportunity", key),)
    return ((*row, key),)


def read_xlsx(path: str, raw: bytes) -> RawDocument:
    """Read a workbook's bytes. Never raises for bad content: problems become issues."""
    return read_book(path, raw, "xlsx", Reader, "XLSX workbook")


def read_book(
    path: str, raw: bytes, kind: str, make: Callable[[bytes, RawDocument, CellIndex], Reader], what: str
) -> RawDocument:
    """Read a workbook of ``kind`` with the reader ``make`` builds; ``what`` names the format in messages."""
    index = CellIndex()
    index[()] = cell_location(ABOUT, 1, 1)
    doc = RawDocument(path=path, kind=kind, data=None, positions=PositionIndex(index))
    try:
        with gc_paused():
            data = make(raw, doc, index).read()
    except Abort as exc:
        doc.issues.clear()
        doc.issues.append(SourceIssue("JM001", exc.message, exc.location))
        return doc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        doc.issues.clear()
        doc.issues.append(
            SourceIssue("JM001", f"not a readable {what}: {exc} (is the file truncated or damaged?)", Location(1, 1))
        )
        return doc
    except (RuntimeError, ValueError, LookupError, OSError) as exc:
        doc.issues.clear()
        doc.issues.append(SourceIssue("JM001", f"the workbook cannot be read: {exc}", Location(1, 1)))
        return doc
    except MemoryError:
        doc.issues.clear()
        doc.issues.append(SourceIssue("JM001", "the workbook is too large to read", Location(1, 1)))
        return doc
    doc.data = data
    return doc
