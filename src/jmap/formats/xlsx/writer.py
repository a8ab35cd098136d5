"""Write a map as the XLSX workbook of format.md (xlsxwriter does the OOXML).

Text is always written as a text cell, never as a formula. Control characters
are escaped by the OOXML rule (``_xHHHH_``, a literal ``_xHHHH_`` becomes
``_x005F_xHHHH_``), which the reader undoes. What a cell cannot hold at all (a
list item with a line break, text longer than a cell, unencodable text) is an
ExportError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from jmap.errors import ExportError
from jmap.formats.xlsx.layout import (
    ABOUT,
    ABOUT_HEADERS,
    EVIDENCE,
    EVIDENCE_COLUMNS,
    MAP,
    MAX_CELL_CHARS,
    OPPORTUNITY_X_PREFIX,
    PAIN_POINT_COLUMNS,
    PAIN_POINTS,
    REVIEW_X_PREFIX,
    STAGE_COLUMNS,
    STAGES,
    TOUCHPOINT_COLUMNS,
    TOUCHPOINTS,
    encode_extra,
    unescape,
)
from jmap.model import EVIDENCE_TYPES, IMPACTS, PHASES, STATUSES, Evidence, JourneyMap, PainPoint, Stage, Touchpoint
from jmap.util.gc_pause import gc_paused

MAX_MAP_COLUMNS: Final = 16_383
LAST_ROW: Final = 1_048_575
EMOTION_COLOURS: Final = {-2: "#F8696B", -1: "#FBAA77", 0: "#FFEB84", 1: "#B1D580", 2: "#63BE7B"}
MAP_ROWS: Final = (
    "Stage", "Stage owner", "Customer goal", "Touchpoint", "Channel", "Owner", "Action", "Thoughts", "Emotion",
    "Pain points", "Opportunities (owner)", "Moment of truth",
)  # fmt: skip
_TOUCHPOINT_ROW = MAP_ROWS.index("Touchpoint")
_EMOTION_ROW = MAP_ROWS.index("Emotion")
_WIDTHS: Final = {
    "Stage ID": 16, "Touchpoint ID": 18, "Name": 28, "Phase": 11, "Channel": 12, "Emotion": 9,
    "Moment of truth": 10, "Impact": 9, "Status": 12, "Type": 18, "Date": 12, "Field": 16, "Value": 60,
}  # fmt: skip
FIRST_DATE: Final = date(1900, 3, 1)
_BAD_TEXT = re.compile(r"[\ud800-\udfff]")
_ESCAPE_LIKE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
_UNDERSCORE = re.compile(r"(_)")
_LINE_BREAK = re.compile(r"[\r\n]")
_X_KEY_BAD = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


class _Cells:
    """Checked cell writes on one worksheet."""

    def __init__(self, ws: Worksheet, text: Format, date_fmt: Format) -> None:
        self.ws = ws
        self.text = text
        self.date = date_fmt

    def string(self, row: int, col: int, value: str, what: str, fmt: Format | None = None) -> None:
        if len(value) > MAX_CELL_CHARS:
            raise ExportError(
                f"{what} is {len(value):,} characters long; a workbook cell holds at most {MAX_CELL_CHARS:,}"
            )
        if not value.isascii() and _BAD_TEXT.search(value):
            raise ExportError(f"{what} holds a lone surrogate code point, which no file can store as text")
        fmt = fmt or self.text
        rich_like = value.startswith("<r>") and value.endswith("</r>")
        if not rich_like and ("_x" not in value or unescape(_xlsxwriter_escape(value)) == value):
            self.ws.write_string(row, col, value, fmt)
        elif not _CONTROL.search(value):
            self.ws.write_rich_string(row, col, *_runs(value), fmt)
        else:
            raise ExportError(
                f"{what} mixes control characters with text shaped like the workbook escape _xHHHH_ "
                "(or like rich-text markup), which a workbook cannot hold unambiguously"
            )

    def value(self, row: int, col: int, value: Any, what: str) -> None:
        if value is None:
            return
        if isinstance(value, bool):
            self.ws.write_boolean(row, col, value, self.text)
        elif isinstance(value, int):
            self.ws.write_number(row, col, value, self.text)
        elif isinstance(value, date):
            if value < FIRST_DATE:
                self.string(row, col, value.isoformat(), what)
            else:
                self.ws.write_datetime(row, col, value, self.date)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if _LINE_BREAK.search(item):
                    raise ExportError(
                        f"{what}, item {i + 1}, contains a line break; a workbook cell lists one item per line, "
                        "so write the item on one line"
                    )
            if value:
                self.string(row, col, "\n".join(value), what)
        else:
            self.string(row, col, str(value), what)


def _xlsxwriter_escape(value: str) -> str:
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
            "it has a control character or surrounding white space"
        )


def _check_headers(headers: Sequence[str], sheet: str) -> None:
    seen: dict[str, str] = {}
    for h in headers:
        if len(h) > 255:
            raise ExportError(f"field name {h[:40]!r}… in sheet {sheet} is longer than a header may be (255)")
        low = h.lower()
        if low in seen:
            raise ExportError(
                f"fields {seen[low]!r} and {h!r} in sheet {sheet} differ only in case; "
                "a table's column headers must differ in more than case"
            )
        seen[low] = h


class _Writer:
    def __init__(self, m: JourneyMap, dest: Path) -> None:
        self.m = m
        self.wb = xlsxwriter.Workbook(
            str(dest),
            {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
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

    def headers(self, ws: Worksheet, headers: Sequence[str]) -> None:
        for col, h in enumerate(headers):
            ws.write_string(0, col, h, self.header)
            ws.set_column(col, col, _WIDTHS.get(h, 40 if not h.startswith("x-") else 24))
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
        self.wb.set_properties({"title": m.title, "author": "jmap", "comments": "Written by jmap"})
        self.wb.get_worksheet_by_name(MAP).activate()

    def write_about(self) -> None:
        m = self.m
        ws, cells = self.sheet(ABOUT)
        self.headers(ws, ABOUT_HEADERS)
        rows: list[tuple[str, Any]] = [
            ("jmap", m.jmap), ("id", m.id), ("title", m.title), ("kind", m.kind), ("segment", m.segment),
            ("persona", m.persona), ("scope", m.scope), ("owner", m.owner), ("goals", m.goals or None),
            ("last_reviewed", m.review.last_reviewed if m.review else None),
            ("review_every", m.review.every if m.review else None),
        ]  # fmt: skip
        row = 1
        for key, value in rows:
            ws.write_string(row, 0, key, self.label)
            cells.value(row, 1, value, f"map field {key}")
            row += 1
        extras = [(k, k, v, "the map") for k, v in m.extras.items()]
        if m.review is not None:
            extras += [(REVIEW_X_PREFIX + k, k, v, "the review") for k, v in m.review.extras.items()]
        for label, key, value, owner in extras:
            _check_x_key(key, ABOUT)
            cells.string(row, 0, label, f"field name {key!r}", self.label)
            cells.string(row, 1, encode_extra(key, value), f"field {key!r} of {owner}")
            row += 1
        ws.set_column(0, 0, 18)
        ws.set_column(1, 1, 70)

    def write_stages(self) -> None:
        stages = self.m.stages
        xs = _x_keys(stages, STAGES)
        headers = [h for h, _ in STAGE_COLUMNS] + xs
        _check_headers(headers, STAGES)
        ws, cells = self.sheet(STAGES)
        self.headers(ws, headers)
        for row, s in enumerate(stages, start=1):
            what = f"stage {s.id!r}"
            for col, (_, key) in enumerate(STAGE_COLUMNS):
                cells.value(row, col, getattr(s, key), f"{key} of {what}")
            self.extras(cells, row, len(STAGE_COLUMNS), xs, s.extras, what)
        self.dropdown(ws, 2, PHASES, "Phase")

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
        xs = _x_keys((t for _, _, _, t in tps), TOUCHPOINTS)
        headers = [h for h, _ in TOUCHPOINT_COLUMNS] + xs
        _check_headers(headers, TOUCHPOINTS)
        ws, cells = self.sheet(TOUCHPOINTS)
        self.headers(ws, headers)
        n = len(TOUCHPOINT_COLUMNS)
        string = cells.string
        value = cells.value
        for row, (_, s, _, t) in enumerate(tps, start=1):
            what = f"touchpoint {t.id!r}"
            string(row, 0, s.id, what)
            string(row, 1, t.id, what)
            string(row, 2, t.name, what)
            for col, key in ((3, "channel"), (4, "owner"), (5, "action"), (6, "customer_goal"), (7, "thoughts")):
                v = getattr(t, key)
                if v is not None:
                    string(row, col, v, f"{key} of {what}")
            if t.emotion is not None:
                value(row, 8, t.emotion, what)
            if t.moment_of_truth is not None:
                value(row, 9, t.moment_of_truth, what)
            if t.playbook is not None:
                string(row, 10, t.playbook, f"playbook of {what}")
            self.extras(cells, row, n, xs, t.extras, what)
        self.table(ws, "Touchpoints", headers, len(tps))
        ws.conditional_format(
            1, 8, max(len(tps), 1), 8,
            {"type": "3_color_scale", "min_type": "num", "min_value": -2, "mid_type": "num", "mid_value": 0,
             "max_type": "num", "max_value": 2, "min_color": EMOTION_COLOURS[-2], "mid_color": EMOTION_COLOURS[0],
             "max_color": EMOTION_COLOURS[2]},
        )  # fmt: skip
        self.dropdown(ws, 8, [-2, -1, 0, 1, 2], "Emotion")
        self.dropdown(ws, 9, ["TRUE", "FALSE"], "Moment of truth")

    def write_pain_points(self) -> None:
        rows: list[tuple[Touchpoint, PainPoint]] = [
            (t, p) for _, _, _, t in self.m.touchpoints() for p in t.pain_points
        ]
        pxs = _x_keys((p for _, p in rows), PAIN_POINTS)
        oxs = _x_keys((p.opportunity for _, p in rows if p.opportunity is not None), PAIN_POINTS)
        headers = [h for h, _ in PAIN_POINT_COLUMNS] + pxs + [OPPORTUNITY_X_PREFIX + k for k in oxs]
        _check_headers(headers, PAIN_POINTS)
        ws, cells = self.sheet(PAIN_POINTS)
        self.headers(ws, headers)
        n = len(PAIN_POINT_COLUMNS)
        string = cells.string
        for row, (t, p) in enumerate(rows, start=1):
            what = f"a pain point of touchpoint {t.id!r}"
            string(row, 0, t.id, what)
            if p.text is not None:
                string(row, 1, p.text, what)
            o = p.opportunity
            if o is not None:
                for col, key in ((2, "fix"), (3, "owner"), (4, "target"), (5, "impact"), (6, "status")):
                    v = getattr(o, key)
                    if v is not None:
                        string(row, col, v, f"{key} of the opportunity of {what}")
                self.extras(cells, row, n + len(pxs), oxs, o.extras, f"the opportunity of {what}")
            self.extras(cells, row, n, pxs, p.extras, what)
        self.table(ws, "PainPoints", headers, len(rows))
        self.dropdown(ws, 5, IMPACTS, "Impact")
        self.dropdown(ws, 6, STATUSES, "Status")

    def write_evidence(self) -> None:
        items: list[Evidence] = self.m.evidence
        xs = _x_keys(items, EVIDENCE)
        headers = [h for h, _ in EVIDENCE_COLUMNS] + xs
        _check_headers(headers, EVIDENCE)
        ws, cells = self.sheet(EVIDENCE)
        self.headers(ws, headers)
        for row, e in enumerate(items, start=1):
            what = f"evidence item {row}"
            cells.value(row, 0, e.type, what)
            cells.value(row, 1, e.source, what)
            cells.value(row, 2, e.date, what)
            self.extras(cells, row, len(EVIDENCE_COLUMNS), xs, e.extras, what)
        self.dropdown(ws, 0, EVIDENCE_TYPES, "Type")

    def write_map(self) -> None:
        ws, cells = self.sheet(MAP)
        stages = self.m.stages
        columns = sum(max(1, len(s.touchpoints)) for s in stages)
        for row, label in enumerate(MAP_ROWS):
            ws.write_string(row, 0, label, self.label)
        ws.set_column(0, 0, 22)
        if columns <= MAX_MAP_COLUMNS:
            self.map_by_touchpoint(ws, cells, stages)
            categories = values = None
        else:
            columns = len(stages)
            self.map_by_stage(ws, cells, stages)
            n = len(self.m.touchpoints())
            categories = [TOUCHPOINTS, 1, 2, n, 2]
            values = [TOUCHPOINTS, 1, 8, n, 8]
        ws.freeze_panes(_TOUCHPOINT_ROW + 1, 1)
        if columns:
            ws.set_column(1, columns, 30)
            self.chart(ws, columns, categories, values)

    def map_by_touchpoint(self, ws: Worksheet, cells: _Cells, stages: list[Stage]) -> None:
        col = 1
        for s in stages:
            width = max(1, len(s.touchpoints))
            for row, value in enumerate((s.name, s.owner, s.customer_goal)):
                fmt = self.stage if row == 0 else self.merged
                text = _clip(value or "")
                if width > 1:
                    ws.merge_range(row, col, row, col + width - 1, text, fmt)
                elif text:
                    cells.string(row, col, text, "the map view", fmt)
                else:
                    ws.write_blank(row, col, None, fmt)
            for t in s.touchpoints:
                self.map_column(ws, cells, col, [t])
                col += 1
            if not s.touchpoints:
                col += 1

    def map_by_stage(self, ws: Worksheet, cells: _Cells, stages: list[Stage]) -> None:
        for col, s in enumerate(stages, start=1):
            cells.string(0, col, _clip(s.name), "the map view", self.stage)
            for row, value in ((1, s.owner), (2, s.customer_goal)):
                if value:
                    cells.string(row, col, _clip(value), "the map view", self.merged)
            self.map_column(ws, cells, col, s.touchpoints)

    def map_column(self, ws: Worksheet, cells: _Cells, col: int, tps: list[Touchpoint]) -> None:
        def put(row: int, get: Callable[[Touchpoint], Iterable[str]]) -> None:
            text = _clip("\n".join(line for t in tps for line in get(t)))
            if text:
                cells.string(row, col, text, "the map view")

        def one(value: str | None) -> list[str]:
            return [value] if value else []

        first = _TOUCHPOINT_ROW
        put(first, lambda t: [t.name])
        put(first + 1, lambda t: one(t.channel))
        put(first + 2, lambda t: one(t.owner))
        put(first + 3, lambda t: one(t.action))
        put(first + 4, lambda t: one(t.thoughts))
        if len(tps) == 1 and tps[0].emotion is not None:
            ws.write_number(_EMOTION_ROW, col, tps[0].emotion, self.emotion[tps[0].emotion])
        elif len(tps) > 1:
            put(_EMOTION_ROW, lambda t: [f"{t.emotion:+d}" if t.emotion else "0"] if t.emotion is not None else [])
        put(first + 6, lambda t: [p.text for p in t.pain_points if p.text])
        put(
            first + 7,
            lambda t: [
                f"{p.opportunity.fix} ({p.opportunity.owner or 'no owner'})"
                for p in t.pain_points
                if p.opportunity is not None and p.opportunity.fix
            ],
        )
        put(first + 8, lambda t: ["Yes" if len(tps) == 1 else f"{t.name}: yes"] if t.moment_of_truth else [])

    def chart(self, ws: Worksheet, columns: int, categories: list[Any] | None, values: list[Any] | None) -> None:
        chart = self.wb.add_chart({"type": "line"})
        if chart is None:
            return
        chart.add_series(
            {
                "name": "Emotion",
                "categories": categories or [MAP, _TOUCHPOINT_ROW, 1, _TOUCHPOINT_ROW, columns],
                "values": values or [MAP, _EMOTION_ROW, 1, _EMOTION_ROW, columns],
                "marker": {"type": "circle", "size": 6},
                "line": {"color": "#1F4E78", "width": 2.25},
            }
        )
        chart.set_title({"name": "Emotion curve"})
        chart.set_y_axis({"min": -2, "max": 2, "major_unit": 1, "name": "Emotion"})
        chart.set_legend({"none": True})
        chart.show_blanks_as("gap")
        chart.set_size({"width": min(max(640, 120 * columns), 4000), "height": 320})
        ws.insert_chart(len(MAP_ROWS) + 1, 0, chart)


def _clip(text: str) -> str:
    """The Map sheet is a view, not read back: control characters become spaces, text too long is cut."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) <= MAX_CELL_CHARS:
        return text
    lines = text.split("\n")
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > MAX_CELL_CHARS - 40:
            break
        kept.append(line)
        size += len(line) + 1
    more = len(lines) - len(kept)
    return "\n".join(kept) + f"\n… and {more:,} more" if kept else text[: MAX_CELL_CHARS - 1] + "…"


def write_xlsx(m: JourneyMap, dest: Path) -> None:
    """Write ``m`` as a workbook at ``dest`` (the caller makes the write atomic)."""
    with gc_paused():
        writer = _Writer(m, dest)
        writer.write()
        try:
            writer.wb.close()
        except (OSError, XlsxWriterException) as exc:
            raise ExportError(f"{dest}: cannot write the workbook ({exc})") from None
