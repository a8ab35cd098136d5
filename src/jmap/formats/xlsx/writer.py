"""Write a map as the XLSX workbook of format.md (xlsxwriter does the OOXML).

Text is always written as a text cell, never as a formula. Control characters
are escaped by the OOXML rule (``_xHHHH_``, a literal ``_xHHHH_`` becomes
``_x005F_xHHHH_``), which the reader undoes. What a cell cannot hold at all (a
list item with a line break, text longer than a cell, unencodable text) is an
ExportError naming the field.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Final

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from jmap.domain.layers import MAP_LAYERS
from jmap.domain.vocabulary import BASES, DIRECTIONS, EVIDENCE_TYPES, IMPACTS, LEVELS, METRIC_TYPES, PHASES, STATUSES
from jmap.errors import ExportError, Refusal
from jmap.formats.xlsx import print_layout as xlsx_print
from jmap.formats.xlsx.base_sheet import write_base
from jmap.formats.xlsx.cells import MAX_COLUMNS
from jmap.formats.xlsx.layout import (
    ABOUT,
    ABOUT_FIELD_COLUMN,
    ABOUT_HEADERS,
    ABOUT_VALUE_COLUMN,
    CHART_SHEET,
    EVIDENCE,
    EVIDENCE_COL,
    EVIDENCE_COLUMNS,
    HANDOFF_PREFIX,
    HANDOFF_X_PREFIX,
    MAP,
    MAX_CELL_CHARS,
    METRIC_COL,
    METRIC_COLUMNS,
    METRICS,
    OPPORTUNITY_FIELDS,
    OPPORTUNITY_X_PREFIX,
    PAIN_POINT_COL,
    PAIN_POINT_COLUMNS,
    PAIN_POINTS,
    REVIEW_X_PREFIX,
    STAGE_COL,
    STAGE_COLUMNS,
    STAGES,
    TOUCHPOINT_COL,
    TOUCHPOINT_COLUMNS,
    TOUCHPOINTS,
    encode_extra,
    unescape,
)
from jmap.formats.xlsx.map_record import (
    MAP_ROWS,
    RECORD_HEADERS,
    RECORD_SHEET,
    digest,
    encode_record,
    stage_texts,
    touchpoint_texts,
)
from jmap.model import (
    Evidence,
    JourneyMap,
    Metric,
    PainPoint,
    Stage,
    Touchpoint,
)
from jmap.util.gc_pause import gc_paused

MAX_MAP_COLUMNS: Final = MAX_COLUMNS - 1
"""Touchpoint columns of the Map sheet (after the label column) the reader reads back; wider maps show stages."""
LAST_ROW: Final = 1_048_575
EMOTION_COLOURS: Final = {-2: "#F8696B", -1: "#FBAA77", 0: "#FFEB84", 1: "#B1D580", 2: "#63BE7B"}
_ROW: Final = {layer: row for row, layer in enumerate(MAP_LAYERS)}
_TOUCHPOINT_ROW = _ROW["Touchpoint"]
_EMOTION_ROW = _ROW["Emotion"]
FIRST_DATE: Final = date(1900, 3, 1)
_BAD_TEXT = re.compile(r"[\ud800-\udfff]")
_ESCAPE_LIKE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_UNDERSCORE = re.compile(r"(_)")
_LINE_BREAK = re.compile(r"[\r\n]")
_X_KEY_BAD = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def utf16_units(text: str) -> int:
    """The length of ``text`` as Excel counts it: UTF-16 code units, two for a character outside the BMP."""
    if len(text) <= MAX_CELL_CHARS // 2 or text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class _Cells:
    """Checked cell writes on one worksheet: a refusal names the field and its cell, nothing is dropped."""

    def __init__(self, ws: Worksheet, text: Format, date_fmt: Format) -> None:
        self.ws = ws
        self.text = text
        self.date = date_fmt
        self.texts = xlsx_print.SheetTexts()
        self.headers: list[str] = []

    def string(self, row: int, col: int, value: str, what: str, fmt: Format | None = None, bold: bool = False) -> None:
        self.texts.note(row, col, value, bold)
        fmt = fmt or self.text
        if _needs_runs(value, what):
            self.put(row, col, what, self.ws.write_rich_string, *_runs(value), fmt)
        else:
            self.put(row, col, what, self.ws.write_string, value, fmt)

    def merged(self, row: int, col: int, last_col: int, value: str, what: str, fmt: Format) -> None:
        """A merged range over ``col..last_col`` holding ``value`` (xlsxwriter's merge_range drops its status)."""
        self.put(row, col, what, self.ws.merge_range, row, last_col, "", fmt)
        if value:
            self.string(row, col, value, what, fmt)

    def put(self, row: int, col: int, what: str, method: Callable[..., int | None], *args: Any) -> None:
        """Call a write method of the library; any warning or failure status is an ExportError at the cell."""
        try:
            status = method(row, col, *args)
        except Warning as warning:
            raise self.refusal(row, col, what, str(warning)) from None
        if status:
            raise self.refusal(row, col, what, f"the workbook library refused the cell (status {status})")

    def refusal(self, row: int, col: int, what: str, why: str) -> ExportError:
        if row > LAST_ROW:
            return ExportError(
                f"{what} would be in row {row + 1:,} of sheet {self.ws.name}; a sheet holds {LAST_ROW + 1:,} rows",
                Refusal.TOO_MANY_ROWS,
            )
        return ExportError(
            f"{what} (sheet {self.ws.name}, cell {xl_rowcol_to_cell(row, col)}) cannot be written: {_one_line(why)}",
            Refusal.WRITER_LIBRARY,
        )

    def value(self, row: int, col: int, value: Any, what: str) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            self.texts.note(row, col, str(value).upper())
            self.put(row, col, what, self.ws.write_boolean, value, self.text)
        elif isinstance(value, (int, float)):
            self.texts.note(row, col, str(value))
            self.put(row, col, what, self.ws.write_number, value, self.text)
        elif isinstance(value, date):
            if value < FIRST_DATE:
                self.string(row, col, value.isoformat(), what)
            else:
                self.texts.note(row, col, value.isoformat())
                self.put(row, col, what, self.ws.write_datetime, value, self.date)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if _LINE_BREAK.search(item):
                    raise ExportError(
                        f"{what}, item {i + 1}, contains a line break; a workbook cell lists one item per line, "
                        "so write the item on one line",
                        Refusal.LINE_BREAK_IN_ITEM,
                    )
            if value:
                self.string(row, col, "\n".join(value), what)
        else:
            self.string(row, col, str(value), what)


def _needs_runs(value: str, what: str) -> bool:
    """Check that a cell can hold ``value`` exactly; True when it must be written as rich-text runs.

    xlsxwriter copies a string shaped like ``<r>…</r>`` into the XML as rich-text markup, unescaped, and its
    ``_xHHHH_`` escaping misses overlapping patterns; both are written as runs instead (see ``_runs``).
    """
    units = utf16_units(value)
    if units > MAX_CELL_CHARS:
        counted = f"{units:,} UTF-16 code units" if units != len(value) else f"{units:,} characters"
        raise ExportError(
            f"{what} is {counted} long; a workbook cell holds at most {MAX_CELL_CHARS:,} "
            "(Excel counts a character outside the Basic Multilingual Plane, such as an emoji, as two)",
            Refusal.TEXT_TOO_LONG,
        )
    if value.isascii():
        if "_x" not in value and "<r>" not in value:
            return False
    elif _BAD_TEXT.search(value):
        raise ExportError(
            f"{what} holds a lone surrogate code point, which no file can store as text", Refusal.LONE_SURROGATE
        )
    rich_like = value.startswith("<r>") and value.endswith("</r>")
    if not rich_like and ("_x" not in value or unescape(workbook_escape(value)) == value):
        return False
    if _CONTROL.search(value):
        raise ExportError(
            f"{what} mixes control characters with text shaped like the workbook escape _xHHHH_ "
            "(or like rich-text markup), which a workbook cannot hold unambiguously",
            Refusal.AMBIGUOUS_TEXT,
        )
    return True


def _one_line(text: str) -> str:
    return " ".join(text.split())


def workbook_escape(value: str) -> str:
    """The ``_xHHHH_`` escaping xlsxwriter applies to a string cell."""
    value = _ESCAPE_LIKE.sub(r"_x005F\1", value)
    return _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", value)


def _runs(value: str) -> list[str]:
    """Text without control characters as rich-text runs that xlsxwriter writes without mangling.

    xlsxwriter would copy text shaped like ``<r>…</r>`` into the XML unescaped, and its ``_xHHHH_`` escaping
    is ambiguous where such patterns overlap. With every underscore a run of its own, no run holds an
    ``_xHHHH_`` pattern, so no writer escapes and no reader decodes anything.
    """
    runs = [r for r in _UNDERSCORE.split(value) if r]
    while len(runs) < 3:
        i = max(range(len(runs)), key=lambda k: len(runs[k]))
        runs[i : i + 1] = [runs[i][:1], runs[i][1:]]
    return runs


def _column_value(obj: Stage | Touchpoint, key: str) -> Any:
    """A Stages or Touchpoints cell: a field, a field of the handoff, or the metric names (when all are plain)."""
    if key.startswith(HANDOFF_PREFIX):
        sub = key.removeprefix(HANDOFF_PREFIX)
        return getattr(obj.handoff, "from_" if sub == "from" else sub) if obj.handoff else None
    if key == "metrics":
        return [m.name for m in obj.metrics] if _plain_metrics(obj) else None
    return getattr(obj, key)


def _plain_metrics(obj: Stage | Touchpoint) -> bool:
    """Metrics that are names only go in the object's Metrics column; otherwise all go to the Metrics sheet."""
    return all(m.is_plain() for m in obj.metrics)


def _x_keys(objects: Iterable[Any], sheet: str) -> list[str]:
    keys: dict[str, None] = {}
    for obj in objects:
        extra = obj.__pydantic_extra__
        if extra:
            keys.update(dict.fromkeys(extra))
    for key in keys:
        _check_x_key(key, sheet)
    return list(keys)


def _check_x_key(key: str, sheet: str) -> None:
    if _X_KEY_BAD.search(key) or key.strip() != key:
        raise ExportError(
            f"field name {key!r} cannot be written to sheet {sheet}: "
            "it has a control character or surrounding white space",
            Refusal.FIELD_NAME,
        )
    if "_x" in key and unescape(workbook_escape(key)) != key:
        raise ExportError(
            f"field name {key!r} cannot be written to sheet {sheet}: "
            "it holds overlapping text shaped like the workbook escape _xHHHH_, which a column header "
            "cannot hold unambiguously",
            Refusal.FIELD_NAME,
        )


def _check_headers(headers: Sequence[str], sheet: str) -> None:
    seen: dict[str, str] = {}
    for h in headers:
        if len(h) > 255:
            raise ExportError(
                f"field name {h[:40]!r}… in sheet {sheet} is longer than a header may be (255)", Refusal.FIELD_NAME
            )
        low = h.lower()
        if low in seen:
            raise ExportError(
                f"fields {seen[low]!r} and {h!r} in sheet {sheet} differ only in case; "
                "a table's column headers must differ in more than case",
                Refusal.HEADERS_DIFFER_IN_CASE,
            )
        seen[low] = h


class _Writer:
    def __init__(self, m: JourneyMap, dest: io.BytesIO) -> None:
        self.m = m
        self.map_record: list[list[str]] = []
        self.wb = xlsxwriter.Workbook(
            dest,
            {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        wb = self.wb
        self.text = wb.add_format({"text_wrap": True, "valign": "top"})
        self.date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"})
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True, "valign": "top",
             "border": 1}
        )  # fmt: skip
        self.label = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"})
        self.stage = wb.add_format(
            {"bold": True, "bg_color": "#BDD7EE", "text_wrap": True, "align": "center", "valign": "top", "border": 1}
        )
        self.merged = wb.add_format({"text_wrap": True, "align": "center", "valign": "top", "border": 1})
        self.emotion = {
            v: wb.add_format({"bg_color": c, "align": "center", "valign": "top", "bold": True})
            for v, c in EMOTION_COLOURS.items()
        }

    def sheet(self, name: str) -> tuple[Worksheet, _Cells]:
        ws = self.wb.add_worksheet(name)
        return ws, _Cells(ws, self.text, self.date)

    def table_sheet(self, name: str, headers: Sequence[str]) -> tuple[Worksheet, _Cells]:
        """A sheet of rows under ``headers`` (checked first), sized to them."""
        _check_headers(headers, name)
        ws, cells = self.sheet(name)
        self.headers(cells, headers)
        return ws, cells

    def headers(self, cells: _Cells, headers: Sequence[str]) -> None:
        ws = cells.ws
        cells.headers = list(headers)
        for col, h in enumerate(headers):
            cells.string(0, col, h, f"column header {h!r}", self.header, bold=True)
        ws.freeze_panes(1, 0)
        ws.set_row(0, None, self.header)

    def dropdown(self, ws: Worksheet, col: int, choices: Sequence[Any], title: str) -> None:
        ws.data_validation(
            1, col, LAST_ROW, col,
            {"validate": "list", "source": list(choices), "error_title": title,
             "error_message": "Choose one of: " + ", ".join(str(c) for c in choices)},
        )  # fmt: skip

    def table(self, ws: Worksheet, name: str, headers: Sequence[str], rows: int) -> None:
        columns = [{"header": h, "header_format": self.header} for h in headers]
        ws.add_table(
            0, 0, max(rows, 1), len(headers) - 1, {"name": name, "style": "Table Style Light 9", "columns": columns}
        )

    def write(self) -> None:
        m = self.m
        self.write_map()
        self.write_about()
        self.write_stages()
        self.write_touchpoints()
        self.write_pain_points()
        self.write_evidence()
        self.write_metrics()
        self.write_map_record()
        write_base(self.wb, m)
        self.wb.set_properties({"title": m.title, "author": "jmap", "comments": "Written by jmap"})
        self.wb.get_worksheet_by_name(MAP).activate()

    def write_about(self) -> None:
        m = self.m
        ws, cells = self.sheet(ABOUT)
        self.headers(cells, ABOUT_HEADERS)
        rows: list[tuple[str, Any]] = [
            ("jmap", m.jmap), ("id", m.id), ("title", m.title), ("kind", m.kind), ("segment", m.segment),
            ("persona", m.persona), ("scope", m.scope), ("owner", m.owner), ("goals", m.goals or None),
            ("last_reviewed", m.review.last_reviewed if m.review else None),
            ("review_every", m.review.every if m.review else None),
        ]  # fmt: skip
        row = 1
        for key, value in rows:
            cells.string(row, ABOUT_FIELD_COLUMN, key, f"field name {key!r}", self.label, bold=True)
            cells.value(row, ABOUT_VALUE_COLUMN, value, f"map field {key}")
            row += 1
        extras = [(k, k, v, "the map") for k, v in m.extras.items()]
        if m.review is not None:
            extras += [(REVIEW_X_PREFIX + k, k, v, "the review") for k, v in m.review.extras.items()]
        for label, key, value, owner in extras:
            _check_x_key(key, ABOUT)
            cells.string(row, ABOUT_FIELD_COLUMN, label, f"field name {key!r}", self.label, bold=True)
            cells.string(row, ABOUT_VALUE_COLUMN, encode_extra(key, value), f"field {key!r} of {owner}")
            row += 1
        _finish(ws, cells, row - 1, len(ABOUT_HEADERS) - 1)

    def write_stages(self) -> None:
        stages = self.m.stages
        hxs = _x_keys((s.handoff for s in stages if s.handoff is not None), STAGES)
        xs = _x_keys(stages, STAGES)
        headers = [h for h, _ in STAGE_COLUMNS] + [HANDOFF_X_PREFIX + k for k in hxs] + xs
        ws, cells = self.table_sheet(STAGES, headers)
        n = len(STAGE_COLUMNS)
        for row, s in enumerate(stages, start=1):
            what = f"stage {s.id!r}"
            for col, (_, key) in enumerate(STAGE_COLUMNS):
                cells.value(row, col, _column_value(s, key), f"{key} of {what}")
            if s.handoff is not None:
                self.extras(cells, row, n, hxs, s.handoff.extras, f"the handoff of {what}")
            self.extras(cells, row, n + len(hxs), xs, s.extras, what)
        self.dropdown(ws, STAGE_COL["phase"], PHASES, "Phase")
        _finish(ws, cells, len(stages), len(headers) - 1)

    def extras(
        self, cells: _Cells, row: int, first: int, keys: Sequence[str], values: dict[str, Any], what: str
    ) -> None:
        if not values:
            return
        for i, key in enumerate(keys):
            if key in values:
                cells.string(row, first + i, encode_extra(key, values[key]), f"field {key!r} of {what}")

    def write_touchpoints(self) -> None:
        tps = self.m.touchpoints()
        hxs = _x_keys((t.handoff for *_, t in tps if t.handoff is not None), TOUCHPOINTS)
        xs = _x_keys((t for _, _, _, t in tps), TOUCHPOINTS)
        headers = [h for h, _ in TOUCHPOINT_COLUMNS] + [HANDOFF_X_PREFIX + k for k in hxs] + xs
        ws, cells = self.table_sheet(TOUCHPOINTS, headers)
        n = len(TOUCHPOINT_COLUMNS)
        string = cells.string
        value = cells.value
        col = TOUCHPOINT_COL
        emotion = col["emotion"]
        for row, (_, s, _, t) in enumerate(tps, start=1):
            what = f"touchpoint {t.id!r}"
            string(row, col["stage_id"], s.id, f"stage id of {what}")
            string(row, col["id"], t.id, f"id of {what}")
            string(row, col["name"], t.name, f"name of {what}")
            for key in ("channel", "owner", "action", "customer_goal", "thoughts"):
                v = getattr(t, key)
                if v is not None:
                    string(row, col[key], v, f"{key} of {what}")
            if t.emotion is not None:
                value(row, emotion, t.emotion, what)
            if t.moment_of_truth is not None:
                value(row, col["moment_of_truth"], t.moment_of_truth, what)
            if t.playbook is not None:
                string(row, col["playbook"], t.playbook, f"playbook of {what}")
            for c in range(col["playbook"] + 1, n):
                key = TOUCHPOINT_COLUMNS[c][1]
                value(row, c, _column_value(t, key), f"{key} of {what}")
            if t.handoff is not None:
                self.extras(cells, row, n, hxs, t.handoff.extras, f"the handoff of {what}")
            self.extras(cells, row, n + len(hxs), xs, t.extras, what)
        self.table(ws, "Touchpoints", headers, len(tps))
        ws.conditional_format(
            1, emotion, max(len(tps), 1), emotion,
            {"type": "3_color_scale", "min_type": "num", "min_value": -2, "mid_type": "num", "mid_value": 0,
             "max_type": "num", "max_value": 2, "min_color": EMOTION_COLOURS[-2], "mid_color": EMOTION_COLOURS[0],
             "max_color": EMOTION_COLOURS[2]},
        )  # fmt: skip
        self.dropdown(ws, emotion, [-2, -1, 0, 1, 2], "Emotion")
        self.dropdown(ws, col["moment_of_truth"], ["TRUE", "FALSE"], "Moment of truth")
        _finish(ws, cells, len(tps), len(headers) - 1)

    def write_pain_points(self) -> None:
        rows: list[tuple[Touchpoint, PainPoint]] = [
            (t, p) for _, _, _, t in self.m.touchpoints() for p in t.pain_points
        ]
        pxs = _x_keys((p for _, p in rows), PAIN_POINTS)
        oxs = _x_keys((p.opportunity for _, p in rows if p.opportunity is not None), PAIN_POINTS)
        headers = [h for h, _ in PAIN_POINT_COLUMNS] + pxs + [OPPORTUNITY_X_PREFIX + k for k in oxs]
        ws, cells = self.table_sheet(PAIN_POINTS, headers)
        n = len(PAIN_POINT_COLUMNS)
        string = cells.string
        for row, (t, p) in enumerate(rows, start=1):
            what = f"a pain point of touchpoint {t.id!r}"
            string(row, PAIN_POINT_COL["touchpoint_id"], t.id, what)
            if p.text is not None:
                string(row, PAIN_POINT_COL["text"], p.text, what)
            o = p.opportunity
            if o is not None:
                for key in OPPORTUNITY_FIELDS:
                    v = getattr(o, key)
                    if v is not None:
                        string(row, PAIN_POINT_COL[key], v, f"{key} of the opportunity of {what}")
                self.extras(cells, row, n + len(pxs), oxs, o.extras, f"the opportunity of {what}")
            if p.basis is not None:
                string(row, PAIN_POINT_COL["basis"], p.basis, f"basis of {what}")
            cells.value(row, PAIN_POINT_COL["evidence"], p.evidence, f"evidence of {what}")
            self.extras(cells, row, n, pxs, p.extras, what)
        self.table(ws, "PainPoints", headers, len(rows))
        self.dropdown(ws, PAIN_POINT_COL["impact"], IMPACTS, "Impact")
        self.dropdown(ws, PAIN_POINT_COL["status"], STATUSES, "Status")
        for key, title in (("effort", "Effort"), ("confidence", "Confidence"), ("value", "Value")):
            self.dropdown(ws, PAIN_POINT_COL[key], LEVELS, title)
        self.dropdown(ws, PAIN_POINT_COL["basis"], BASES, "Basis")
        _finish(ws, cells, len(rows), len(headers) - 1)

    def write_evidence(self) -> None:
        items: list[Evidence] = self.m.evidence
        xs = _x_keys(items, EVIDENCE)
        headers = [h for h, _ in EVIDENCE_COLUMNS] + xs
        ws, cells = self.table_sheet(EVIDENCE, headers)
        for row, e in enumerate(items, start=1):
            what = f"evidence item {row}"
            for key, v in (("type", e.type), ("source", e.source), ("date", e.date), ("id", e.id)):
                cells.value(row, EVIDENCE_COL[key], v, what)
            self.extras(cells, row, len(EVIDENCE_COLUMNS), xs, e.extras, what)
        self.dropdown(ws, EVIDENCE_COL["type"], EVIDENCE_TYPES, "Type")
        _finish(ws, cells, len(items), len(headers) - 1)

    def write_metrics(self) -> None:
        """The Metrics sheet (only when needed): every metric of a stage or touchpoint whose metrics are not all
        plain names."""
        rows: list[tuple[Stage, Touchpoint | None, Metric]] = [
            (s, t, metric) for _, s, t, metric in self.m.metrics() if not _plain_metrics(t or s)
        ]
        if not rows:
            return
        xs = _x_keys((metric for *_, metric in rows), METRICS)
        headers = [h for h, _ in METRIC_COLUMNS] + xs
        ws, cells = self.table_sheet(METRICS, headers)
        for row, (s, t, metric) in enumerate(rows, start=1):
            what = f"metric {metric.name!r} of {'touchpoint ' + repr(t.id) if t else 'stage ' + repr(s.id)}"
            cells.string(row, METRIC_COL["stage_id"], s.id, what)
            if t is not None:
                cells.string(row, METRIC_COL["touchpoint_id"], t.id, what)
            for col, (_, key) in enumerate(METRIC_COLUMNS[2:], start=2):
                cells.value(row, col, getattr(metric, key), f"{key} of {what}")
            self.extras(cells, row, len(METRIC_COLUMNS), xs, metric.extras, what)
        self.table(ws, "Metrics", headers, len(rows))
        self.dropdown(ws, METRIC_COL["type"], METRIC_TYPES, "Type")
        self.dropdown(ws, METRIC_COL["direction"], DIRECTIONS, "Direction")
        _finish(ws, cells, len(rows), len(headers) - 1)

    def write_map(self) -> None:
        ws, cells = self.sheet(MAP)
        self.heights = xlsx_print.RowHeights()
        stages = self.m.stages
        widths = [max(1, len(s.touchpoints)) for s in stages]
        columns = sum(widths)
        for row, label in enumerate(MAP_ROWS):
            ws.write_string(row, 0, label, self.label)
            self.heights.note(row, label, xlsx_print.LABEL_COLUMN_WIDTH / xlsx_print.BOLD_WIDER)
        ws.set_column(0, 0, xlsx_print.LABEL_COLUMN_WIDTH)
        if columns <= MAX_MAP_COLUMNS:
            self.map_by_touchpoint(ws, cells, stages)
            categories = values = None
        else:
            columns = len(stages)
            widths = [1] * columns
            self.map_by_stage(ws, cells, stages)
            n = len(self.m.touchpoints())
            name, emotion = TOUCHPOINT_COL["name"], TOUCHPOINT_COL["emotion"]
            categories = [TOUCHPOINTS, 1, name, n, name]
            values = [TOUCHPOINTS, 1, emotion, n, emotion]
        ws.freeze_panes(_TOUCHPOINT_ROW + 1, 1)
        self.heights.apply(ws)
        last_row = len(MAP_ROWS) - 1
        if columns:
            ws.set_column(1, columns, xlsx_print.MAP_COLUMN_WIDTH)
            self.chart(ws, columns, categories, values)
            self.chart_sheet(columns, categories, values)
        xlsx_print.map_page_setup(ws, widths, last_row, _TOUCHPOINT_ROW)

    def write_map_record(self) -> None:
        """The hidden sheet recording what each Map column shows, so the reader can tell an edit from the original."""
        if not self.map_record:
            return
        ws = self.wb.add_worksheet(RECORD_SHEET)
        ws.hide()
        for col, h in enumerate(RECORD_HEADERS):
            ws.write_string(0, col, h)
        for row, values in enumerate(self.map_record, start=1):
            for col, value in enumerate(values):
                ws.write_string(row, col, value)

    def record_column(self, col: int, stage: Stage, first: bool, tp: Touchpoint | None) -> None:
        stage_part: list[str | None] = [digest(_clip(t)) if first else None for t in stage_texts(stage)]
        tp_part: list[str | None] = [digest(_clip(t)) for t in touchpoint_texts(tp)] if tp is not None else [None] * 9
        self.map_record.append(
            [_column_letters(col), stage.id, tp.id if tp is not None else "", encode_record(stage_part + tp_part)]
        )

    def map_by_touchpoint(self, ws: Worksheet, cells: _Cells, stages: list[Stage]) -> None:
        col = 1
        for s in stages:
            width = max(1, len(s.touchpoints))
            for row, value in enumerate((s.name, s.owner, s.customer_goal)):
                fmt = self.stage if row == 0 else self.merged
                text = _clip(value or "")
                self.heights.note(row, text, width * xlsx_print.MAP_COLUMN_WIDTH)
                if width > 1:
                    cells.merged(row, col, col + width - 1, text, "the map view", fmt)
                elif text:
                    cells.string(row, col, text, "the map view", fmt)
                else:
                    ws.write_blank(row, col, None, fmt)
            for i, t in enumerate(s.touchpoints):
                self.map_column(ws, cells, col, [t])
                self.record_column(col, s, i == 0, t)
                col += 1
            if not s.touchpoints:
                self.record_column(col, s, True, None)
                col += 1

    def map_by_stage(self, ws: Worksheet, cells: _Cells, stages: list[Stage]) -> None:
        for col, s in enumerate(stages, start=1):
            cells.string(0, col, _clip(s.name), "the map view", self.stage)
            self.heights.note(0, _clip(s.name), xlsx_print.MAP_COLUMN_WIDTH)
            for row, value in ((_ROW["Stage owner"], s.owner), (_ROW["Customer goal"], s.customer_goal)):
                if value:
                    cells.string(row, col, _clip(value), "the map view", self.merged)
                    self.heights.note(row, _clip(value), xlsx_print.MAP_COLUMN_WIDTH)
            self.map_column(ws, cells, col, s.touchpoints)

    def map_column(self, ws: Worksheet, cells: _Cells, col: int, tps: list[Touchpoint]) -> None:
        def put(row: int, get: Callable[[Touchpoint], Iterable[str]]) -> None:
            text = _clip("\n".join(line for t in tps for line in get(t)))
            if text:
                cells.string(row, col, text, "the map view")
                self.heights.note(row, text, xlsx_print.MAP_COLUMN_WIDTH)

        def one(value: str | None) -> list[str]:
            return [value] if value else []

        put(_TOUCHPOINT_ROW, lambda t: [t.name])
        put(_ROW["Channel"], lambda t: one(t.channel))
        put(_ROW["Owner"], lambda t: one(t.owner))
        put(_ROW["Action"], lambda t: one(t.action))
        put(_ROW["Thoughts"], lambda t: one(t.thoughts))
        if len(tps) == 1 and tps[0].emotion is not None:
            ws.write_number(_EMOTION_ROW, col, tps[0].emotion, self.emotion[tps[0].emotion])
        elif len(tps) > 1:
            put(_EMOTION_ROW, lambda t: [f"{t.emotion:+d}" if t.emotion else "0"] if t.emotion is not None else [])
        put(_ROW["Pain points"], lambda t: [p.text for p in t.pain_points if p.text])
        put(
            _ROW["Opportunities"],
            lambda t: [
                f"{p.opportunity.fix} ({p.opportunity.owner or 'no owner'})"
                for p in t.pain_points
                if p.opportunity is not None and p.opportunity.fix
            ],
        )
        put(
            _ROW["Moment of truth"],
            lambda t: ["Yes" if len(tps) == 1 else f"{t.name}: yes"] if t.moment_of_truth else [],
        )

    def chart_sheet(self, columns: int, categories: list[Any] | None, values: list[Any] | None) -> None:
        """The emotion curve again, alone on a sheet: it prints whole on one landscape page."""
        chart = self.curve(columns, categories, values)
        if chart is None:
            return
        sheet = self.wb.add_chartsheet(CHART_SHEET)
        sheet.set_chart(chart)
        sheet.set_landscape()
        sheet.set_paper(xlsx_print.A4)
        sheet.set_footer("&L&A&RPage &P of &N")

    def curve(self, columns: int, categories: list[Any] | None, values: list[Any] | None) -> Any:
        """The emotion line chart, each touchpoint a point; None when the library gives no chart."""
        chart = self.wb.add_chart({"type": "line"})
        if chart is None:
            return None
        chart.add_series(
            {
                "name": "Emotion",
                "categories": categories or [MAP, _TOUCHPOINT_ROW, 1, _TOUCHPOINT_ROW, columns],
                "values": values or [MAP, _EMOTION_ROW, 1, _EMOTION_ROW, columns],
                "marker": {"type": "circle", "size": 6},
                "line": {"color": "#1F4E78", "width": 2.25},
            }
        )
        chart.set_title({"name": "Emotion", "overlay": False, "layout": {"x": 0.01, "y": 0.03}})
        chart.set_y_axis(
            {"min": -2, "max": 2, "major_unit": 1, "major_gridlines": {"visible": True}, "num_font": {"size": 11}}
        )
        chart.set_x_axis({"label_position": "low", "position_axis": "between", "num_font": {"size": 11}})
        chart.set_legend({"none": True})
        chart.show_blanks_as("gap")
        return chart

    def chart(self, ws: Worksheet, columns: int, categories: list[Any] | None, values: list[Any] | None) -> int:
        """The emotion curve under the grid (on screen; the chart sheet prints it); returns the last row it covers."""
        chart = self.curve(columns, categories, values)
        if chart is None:
            return len(MAP_ROWS) - 1
        layout = xlsx_print.chart_layout(columns)
        chart.set_plotarea(layout["plotarea"])
        chart.set_size(layout["size"])
        first = len(MAP_ROWS) + 1
        ws.insert_chart(first, 0, chart, {"object_position": 3})
        return first + int(layout["rows"])


def _column_letters(col: int) -> str:
    """Letters of a 0-based column."""
    out, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _finish(ws: Worksheet, cells: _Cells, last_row: int, last_col: int) -> None:
    """Column widths from the text, rows as tall as their wrapped text, and the page setup of a data sheet (its
    id and name columns repeated when it prints over pages side by side)."""
    ids = next((k for k, h in enumerate(cells.headers) if not h.endswith("ID")), len(cells.headers))
    keys = min(ids + 1, len(cells.headers)) if ids else 0
    texts = cells.texts
    plan = xlsx_print.plan_print(
        texts.ranges(cells.headers, last_col + 1), keys, lambda w: texts.points(w, last_row + 1)
    )
    for col, width in enumerate(plan.widths):
        ws.set_column(col, col, width)
    cells.texts.heights(plan.widths).apply(ws)
    xlsx_print.page_setup(ws, last_row, plan, keys=keys)


def _clip(text: str) -> str:
    """The Map sheet is a view, not read back: control characters become spaces, text too long is cut."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    if utf16_units(text) <= MAX_CELL_CHARS:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    size = 0
    for line in lines:
        size += utf16_units(line) + 1
        if size > MAX_CELL_CHARS - 40:
            break
        kept.append(line)
    more = len(lines) - len(kept)
    if kept:
        return "\n".join(kept) + f"\n… and {more:,} more"
    return text[: MAX_CELL_CHARS // 2 - 1] + "…"


def xlsx_bytes(m: JourneyMap) -> bytes:
    """The workbook of ``m``, built in memory (no temporary files anywhere); any library warning is an ExportError."""
    buffer = io.BytesIO()
    with gc_paused(), warnings.catch_warnings():
        warnings.simplefilter("error")
        writer = _Writer(m, buffer)
        try:
            writer.write()
            writer.wb.close()
        except Warning as warning:
            raise ExportError(
                f"the workbook cannot be written: {_one_line(str(warning))}", Refusal.WRITER_LIBRARY
            ) from None
        except XlsxWriterException as exc:
            raise ExportError(
                f"the workbook cannot be written: {_one_line(str(exc))}", Refusal.WRITER_LIBRARY
            ) from None
    return buffer.getvalue()


def write_xlsx(m: JourneyMap, dest: Path | BinaryIO) -> None:
    """Write ``m`` as a workbook to ``dest``, a file or a binary stream (the caller makes a file write atomic)."""
    put_bytes(xlsx_bytes(m), dest)


def put_bytes(data: bytes, dest: Path | BinaryIO) -> None:
    """``data`` to a file or a binary stream."""
    if isinstance(dest, Path):
        with open(dest, "wb") as f:
            f.write(data)
    else:
        dest.write(data)
