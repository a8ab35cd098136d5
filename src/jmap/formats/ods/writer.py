"""Write a map as an OpenDocument spreadsheet (``.ods``, or flat ``.fods``) with the layout of the XLSX workbook.

The XLSX writer builds the workbook (so both formats hold the same sheets, cells, merged stage cells, the
hidden Map record and the same refusals); its cells, styles, column widths and merges are then written as
OpenDocument XML by this module, with no library. What OpenDocument has no equivalent for in jmap's use
(the emotion chart, drop-down lists, table styles, print areas) is left to the XLSX workbook. Control
characters, which XML cannot hold, are written with the XLSX ``_xHHHH_`` escape the reader undoes.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Final
from xml.sax.saxutils import escape, quoteattr

from jmap.errors import ExportError, Refusal
from jmap.formats.xlsx.cells import ERROR, FORMULA, Cell, CellDecoder, column_number
from jmap.formats.xlsx.layout import unescape
from jmap.formats.xlsx.package import Workbook, local
from jmap.formats.xlsx.writer import put_bytes, workbook_escape, xlsx_bytes
from jmap.model import JourneyMap

MIMETYPE: Final = "application/vnd.oasis.opendocument.spreadsheet"
_NS: Final = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
_CELL = re.compile(r"<c r=\"([A-Z]{1,3})([0-9]+)\"(?: s=\"([0-9]+)\")?")
_COL = re.compile(r"<col min=\"([0-9]+)\" max=\"([0-9]+)\" width=\"([0-9.]+)\"")
_MERGE = re.compile(r"<mergeCell ref=\"([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)\"")
_SPACES = re.compile(r" +|\t")
_PAGE: Final = (
    '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="29.7cm" '
    'fo:page-height="21cm" style:print-orientation="landscape" fo:margin="1cm" style:scale-to-X="1" '
    'style:scale-to-Y="0" style:print-page-order="ltr"/></style:page-layout>'
)
"""Every sheet prints landscape on A4, one page wide at whatever scale that takes (the XLSX workbook plans its
pages so that no text prints under 8 pt; this does not)."""
_MASTER: Final = (
    '<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/>'
    "</office:master-styles>"
)
_CM_PER_CHAR: Final = 0.19
"""An Excel width unit (one digit of the default font) in centimetres, as LibreOffice converts it."""


@dataclass(slots=True)
class _Sheet:
    name: str
    hidden: bool
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    styles: dict[tuple[int, int], int] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    merges: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    """Top-left cell -> (rows, columns) spanned."""


@dataclass(frozen=True, slots=True)
class _Style:
    bold: bool = False
    fill: str | None = None
    colour: str | None = None
    wrap: bool = False
    align: str | None = None
    border: bool = False
    date: bool = False


def _book(raw: bytes) -> tuple[list[_Sheet], list[_Style], str]:
    """The sheets, cell styles and title of the workbook the XLSX writer built."""
    wb = Workbook(raw)
    decoder = CellDecoder()
    book = wb.book()
    styles: list[_Style] = []
    for rel_type, target in book.parts:
        if rel_type.endswith("/sharedStrings"):
            decoder.read_strings(wb.text(target))
        elif rel_type.endswith("/styles"):
            root = wb.tree(target)
            decoder.read_styles(root)
            styles = _styles(root, decoder.date_styles)
    hidden = {el.get("name") for el in wb.tree("xl/workbook.xml").iter() if el.get("state") == "hidden"}
    sheets: list[_Sheet] = []
    for name, part in book.sheets:
        sheet = _Sheet(name, name in hidden)
        xml = wb.text(part)
        for row, cells in decoder.rows(name, xml):
            for col, cell in cells.items():
                sheet.cells[(row, col)] = cell
        for letters, row_no, style in _CELL.findall(xml):
            if style and style != "0":
                sheet.styles[(int(row_no), column_number(letters))] = int(style)
        for first, last, width in _COL.findall(xml):
            for col in range(int(first), min(int(last), 1024) + 1):
                sheet.widths[col] = float(width)
        for c1, r1, c2, r2 in _MERGE.findall(xml):
            top, left = int(r1), column_number(c1)
            sheet.merges[(top, left)] = (int(r2) - top + 1, column_number(c2) - left + 1)
        sheets.append(sheet)
    title = ""
    if wb.info("docProps/core.xml") is not None:
        title = next((el.text or "" for el in wb.tree("docProps/core.xml").iter() if local(el.tag) == "title"), "")
    return sheets, styles, title


def _styles(root: Any, dates: frozenset[int]) -> list[_Style]:
    fonts: list[tuple[bool, str | None]] = []
    fills: list[str | None] = []
    borders: list[bool] = []
    out: list[_Style] = []
    for el in root:
        tag = local(el.tag)
        if tag == "fonts":
            for font in el:
                bold = any(local(c.tag) == "b" for c in font)
                colour = next((c.get("rgb") for c in font if local(c.tag) == "color" and c.get("rgb")), None)
                fonts.append((bold, _rgb(colour)))
        elif tag == "fills":
            for fill in el:
                fg = next((c.get("rgb") for c in fill.iter() if local(c.tag) == "fgColor" and c.get("rgb")), None)
                fills.append(_rgb(fg))
        elif tag == "borders":
            borders.extend(any(c.get("style") for c in border) for border in el)
        elif tag == "cellXfs":
            for i, xf in enumerate(el):
                bold, colour = fonts[int(xf.get("fontId") or 0)] if fonts else (False, None)
                fill = fills[int(xf.get("fillId") or 0)] if fills else None
                border = borders[int(xf.get("borderId") or 0)] if borders else False
                align = next((c for c in xf if local(c.tag) == "alignment"), None)
                out.append(
                    _Style(
                        bold=bold,
                        fill=fill,
                        colour=colour if colour not in (None, "#000000") else None,
                        wrap=align is not None and align.get("wrapText") == "1",
                        align=align.get("horizontal") if align is not None else None,
                        border=border,
                        date=i in dates,
                    )
                )
    return out


def _rgb(argb: str | None) -> str | None:
    return f"#{argb[-6:]}" if argb and len(argb) >= 6 else None


def _style_xml(name: str, s: _Style) -> str:
    cell = ['style:vertical-align="top"']
    if s.fill:
        cell.append(f'fo:background-color="{s.fill}"')
    if s.wrap:
        cell.append('fo:wrap-option="wrap"')
    if s.border:
        cell.append('fo:border="0.5pt solid #000000"')
    text = []
    if s.bold:
        text.append('fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"')
    if s.colour:
        text.append(f'fo:color="{s.colour}"')
    data = ' style:data-style-name="N1"' if s.date else ""
    parts = [f'<style:style style:name="{name}" style:family="table-cell"{data}>']
    parts.append(f"<style:table-cell-properties {' '.join(cell)}/>")
    if s.align in ("center", "left", "right"):
        align = {"left": "start", "right": "end"}.get(s.align, s.align)
        parts.append(f'<style:paragraph-properties fo:text-align="{align}"/>')
    if text:
        parts.append(f"<style:text-properties {' '.join(text)}/>")
    parts.append("</style:style>")
    return "".join(parts)


def _text(value: str, where: str) -> str:
    """Cell text as paragraphs, with spaces, tabs and the control characters XML cannot hold encoded."""
    escaped = workbook_escape(value)
    if escaped != value:
        if unescape(escaped) != value:
            raise ExportError(
                f"{where} holds text shaped like the workbook escape _xHHHH_ that a spreadsheet cannot hold "
                "unambiguously",
                Refusal.AMBIGUOUS_TEXT,
            )
        value = escaped
    return "".join(f"<text:p>{_spaces(escape(line))}</text:p>" for line in value.split("\n"))


def _spaces(line: str) -> str:
    """Spaces a reader would collapse or drop (runs, and any at either end of a line) and tabs as elements."""

    def one(m: re.Match[str]) -> str:
        run = m.group(0)
        if run == "\t":
            return "<text:tab/>"
        if m.start() == 0 or m.end() == len(line):
            return "<text:s/>" if len(run) == 1 else f'<text:s text:c="{len(run)}"/>'
        return f' <text:s text:c="{len(run) - 1}"/>' if len(run) > 1 else " "

    return _SPACES.sub(one, line)


def _cell_xml(cell: Cell | None, style: str, span: tuple[int, int] | None, where: str) -> str:
    attrs = f' table:style-name="{style}"' if style else ""
    if span is not None:
        attrs += f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if cell is None or cell.kind in (FORMULA, ERROR):
        return f"<table:table-cell{attrs}/>"
    value = cell.value
    if isinstance(value, bool):
        shown = "TRUE" if value else "FALSE"
        return (
            f'<table:table-cell{attrs} office:value-type="boolean" office:boolean-value="{str(value).lower()}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell{attrs} office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value!r}</text:p></table:table-cell>"
        )
    if isinstance(value, (date, datetime)):
        iso = value.isoformat()
        return (
            f'<table:table-cell{attrs} office:value-type="date" office:date-value="{iso}">'
            f"<text:p>{iso[:10]}</text:p></table:table-cell>"
        )
    return f'<table:table-cell{attrs} office:value-type="string">{_text(str(value), where)}</table:table-cell>'


def _content(sheets: list[_Sheet], styles: list[_Style]) -> tuple[str, str]:
    """The automatic styles and the spreadsheet body."""
    used = sorted({s for sheet in sheets for s in sheet.styles.values() if s < len(styles)})
    widths = sorted({round(w, 2) for sheet in sheets for w in sheet.widths.values()})
    width_style = {w: f"co{i + 1}" for i, w in enumerate(widths)}
    auto = [
        '<number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text>'
        '<number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>'
        "</number:date-style>",
        '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
        '<style:table-properties table:display="true"/></style:style>',
        '<style:style style:name="ta2" style:family="table" style:master-page-name="Default">'
        '<style:table-properties table:display="false"/></style:style>',
        '<style:style style:name="co0" style:family="table-column">'
        '<style:table-column-properties style:column-width="2.258cm"/></style:style>',
    ]
    for w, name in width_style.items():
        auto.append(
            f'<style:style style:name="{name}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{w * _CM_PER_CHAR:.3f}cm"/></style:style>'
        )
    for i in used:
        auto.append(_style_xml(f"ce{i}", styles[i]))
    body: list[str] = []
    for sheet in sheets:
        body.append(f'<table:table table:name={quoteattr(sheet.name)} table:style-name="ta{2 if sheet.hidden else 1}">')
        last_col = max([c for _, c in sheet.cells] + [c for _, c in sheet.styles] + list(sheet.widths) + [1])
        last_row = max([r for r, _ in sheet.cells] + [r for r, _ in sheet.styles] + [1])
        for (top, left), (rows, cols) in sheet.merges.items():
            last_col = max(last_col, left + cols - 1)
            last_row = max(last_row, top + rows - 1)
        for col in range(1, last_col + 1):
            width = sheet.widths.get(col)
            name = width_style[round(width, 2)] if width is not None else "co0"
            body.append(f'<table:table-column table:style-name="{name}"/>')
        covered = {
            (top + r, left + c)
            for (top, left), (rows, cols) in sheet.merges.items()
            for r in range(rows)
            for c in range(cols)
            if r or c
        }
        for row in range(1, last_row + 1):
            body.append("<table:table-row>")
            for col in range(1, last_col + 1):
                if (row, col) in covered:
                    body.append("<table:covered-table-cell/>")
                    continue
                style = sheet.styles.get((row, col))
                name = f"ce{style}" if style is not None and style < len(styles) else ""
                where = f"cell {sheet.name}!{col}:{row}"
                body.append(_cell_xml(sheet.cells.get((row, col)), name, sheet.merges.get((row, col)), where))
            body.append("</table:table-row>")
        body.append("</table:table>")
    return "".join(auto), "".join(body)


def _document(m: JourneyMap, flat: bool) -> tuple[str, str]:
    """(content.xml, meta.xml) of the ``.ods``; with ``flat``, the whole ``.fods`` document as the first."""
    sheets, styles, title = _book(xlsx_bytes(m))
    auto, body = _content(sheets, styles)
    meta = (
        f"<office:meta><meta:generator>jmap</meta:generator><dc:title>{escape(title or m.title)}</dc:title>"
        "<dc:description>Written by jmap</dc:description></office:meta>"
    )
    spreadsheet = f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if flat:
        return (
            f'{head}<office:document {_NS} office:version="1.3" office:mimetype="{MIMETYPE}">{meta}'
            f"<office:automatic-styles>{_PAGE}{auto}</office:automatic-styles>{_MASTER}{spreadsheet}"
            "</office:document>\n",
            "",
        )
    content = (
        f'{head}<office:document-content {_NS} office:version="1.3">'
        f"<office:automatic-styles>{auto}</office:automatic-styles>{spreadsheet}</office:document-content>\n"
    )
    meta_xml = f'{head}<office:document-meta {_NS} office:version="1.3">{meta}</office:document-meta>\n'
    return content, meta_xml


def _styles_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NS} office:version="1.3">'
        f"<office:automatic-styles>{_PAGE}</office:automatic-styles>{_MASTER}</office:document-styles>\n"
    )


def to_fods(m: JourneyMap) -> str:
    """The map as a flat OpenDocument spreadsheet (one XML file)."""
    return _document(m, flat=True)[0]


def ods_bytes(m: JourneyMap) -> bytes:
    """The map as an OpenDocument spreadsheet archive, built in memory."""
    content, meta = _document(m, flat=False)
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)), MIMETYPE, zipfile.ZIP_STORED)
        parts = (
            ("content.xml", content),
            ("styles.xml", _styles_xml()),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", manifest),
        )
        for name, text in parts:
            zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def write_ods(m: JourneyMap, dest: Path | BinaryIO) -> None:
    """Write ``m`` as an ``.ods`` to ``dest``, a file or a binary stream (the caller makes a file write atomic)."""
    put_bytes(ods_bytes(m), dest)
