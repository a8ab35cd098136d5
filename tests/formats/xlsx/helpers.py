"""Helpers for the XLSX tests: sample maps, hand-built workbooks, sheet XML access, strategies, LibreOffice."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import strategies as st

from jmap.document import RawDocument
from jmap.domain.vocabulary import (
    BASES,
    DIRECTIONS,
    EVIDENCE_TYPES,
    IMPACTS,
    KINDS,
    LEVELS,
    METRIC_TYPES,
    PHASES,
    STATUSES,
)
from jmap.errors import ExportError, Refusal
from jmap.formats.xlsx.cells import column_letters
from jmap.formats.xlsx.reader import read_xlsx
from jmap.formats.xlsx.writer import write_xlsx
from jmap.model import JourneyMap
from jmap.validate import Validated, build_model

SAMPLE: dict[str, Any] = {
    "jmap": 1,
    "id": "enterprise-post-sale",
    "title": "Enterprise post-sale journey",
    "kind": "current-state",
    "segment": "Enterprise (500+ seats)",
    "persona": "Operations lead",
    "scope": "From signed contract to first renewal",
    "owner": "CS Operations",
    "goals": ["Cut time-to-first-value to 30 days", "Lift renewal rate"],
    "review": {"last_reviewed": "2026-08-14", "every": "6 months"},
    "evidence": [{"type": "interview", "source": "Eight customer interviews, July 2026", "date": "2026-07-30"}],
    "x-team": "cs-ops",
    "stages": [
        {
            "id": "onboarding",
            "name": "Onboarding",
            "phase": "post-sale",
            "owner": "Onboarding team",
            "customer_goal": "Get live and prove the purchase was right",
            "mindset": "I signed, now what?",
            "red_flags": ["Missed implementation milestones"],
            "metrics": ["time-to-first-value"],
            "touchpoints": [
                {
                    "id": "kickoff-call",
                    "name": "Kickoff call",
                    "channel": "call",
                    "owner": "CSM",
                    "action": "Joins the kickoff with the CSM and the implementation lead",
                    "customer_goal": "Agree on a go-live date",
                    "thoughts": "I couldn't get a word in.",
                    "emotion": -1,
                    "moment_of_truth": True,
                    "playbook": "https://wiki.example.com/playbooks/kickoff",
                    "x-priority": 2,
                    "pain_points": [
                        {
                            "text": "The sales-to-CS handoff drops the deal notes",
                            "opportunity": {
                                "fix": "Carry the deal notes into the kickoff brief",
                                "owner": "Sales Ops",
                                "target": "90% of kickoffs cite the deal notes by Q1",
                                "impact": "high",
                                "status": "open",
                            },
                        },
                        "Nobody says who the implementation lead is",
                    ],
                },
                {
                    "id": "welcome-email",
                    "name": "Welcome email",
                    "channel": "email",
                    "emotion": 1,
                    "moment_of_truth": False,
                },
            ],
        },
        {"id": "adoption", "name": "Adoption", "owner": "CSM", "touchpoints": []},
        {
            "id": "renewal",
            "name": "Renewal",
            "x-note": ["a", 1],
            "touchpoints": [{"id": "renewal-call", "name": "Renewal call", "owner": "AM", "emotion": 2}],
        },
    ],
}


def sample_map() -> JourneyMap:
    return JourneyMap.model_validate(SAMPLE)


def write_map(m: JourneyMap, folder: Path, name: str = "map.xlsx") -> Path:
    path = folder / name
    write_xlsx(m, path)
    return path


def read_path(path: Path) -> tuple[RawDocument, Validated]:
    doc = read_xlsx(str(path), path.read_bytes())
    return doc, build_model(doc)


def read_bytes(raw: bytes, name: str = "book.xlsx") -> tuple[RawDocument, Validated]:
    doc = read_xlsx(name, raw)
    return doc, build_model(doc)


def model_of(raw: bytes) -> JourneyMap:
    doc, validated = read_bytes(raw)
    assert doc.issues == [] and validated.issues == [], (doc.issues, validated.issues)
    assert validated.model is not None
    return validated.model


def codes(raw: bytes) -> list[tuple[str, str | None]]:
    doc, validated = read_bytes(raw)
    return [(i.code, i.location.cell) for i in [*doc.issues, *validated.issues]]


def roundtrip(m: JourneyMap, folder: Path, name: str = "map.xlsx") -> JourneyMap:
    doc, validated = read_path(write_map(m, folder, name))
    assert doc.issues == [], doc.issues
    assert validated.issues == [], validated.issues
    assert validated.model is not None
    return validated.model


def documented_refusal(exc: ExportError) -> bool:
    """An export refused a map it cannot hold exactly, for one of the documented reasons (``Refusal``).

    A failure of the workbook library is not one: on a valid map it is a defect of jmap's writer.
    """
    return exc.kind is not None and exc.kind is not Refusal.WRITER_LIBRARY


def dump(m: JourneyMap) -> dict[str, Any]:
    return m.model_dump(mode="json")


# --- reading the XML of a written workbook -------------------------------------------------------------


def parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels"))}


def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> that sheet's XML."""
    all_parts = parts(path)
    book = all_parts["xl/workbook.xml"]
    rels = all_parts["xl/_rels/workbook.xml.rels"]
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', book):
        out[name.replace("&amp;", "&")] = all_parts["xl/" + targets[rid].lstrip("/").removeprefix("xl/")]
    return out


# --- hand-built workbooks --------------------------------------------------------------------------------

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
    "</styleSheet>"
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


class Raw(str):
    """Cell XML given as is (inside ``<c r=…>``): ``Raw('<f>1+1</f><v>2</v>')``, or with ``attrs``."""

    attrs: str = ""

    def __new__(cls, xml: str, attrs: str = "") -> Raw:
        obj = super().__new__(cls, xml)
        obj.attrs = attrs
        return obj


def cell_xml(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Raw):
        return f'<c r="{ref}"{value.attrs}>{value}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, date):
        serial = (value - date(1899, 12, 30)).days
        return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def sheet_xml(rows: Sequence[Sequence[Any] | None], *, dimension: str | None = None, first_row: int = 1) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>']
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    for i, row in enumerate(rows, start=first_row):
        if row is None:
            continue
        cells = "".join(cell_xml(f"{column_letters(c)}{i}", v) for c, v in enumerate(row, start=1))
        out.append(f'<row r="{i}">{cells}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out)


def build_workbook(
    sheets: dict[str, str | Sequence[Sequence[Any] | None]],
    *,
    extra: dict[str, bytes | str] | None = None,
    date1904: bool = False,
    shared_strings: Sequence[str] | None = None,
) -> bytes:
    """A minimal valid workbook: sheet name -> rows of values (or the sheet's XML as a string)."""
    buf = io.BytesIO()
    rels = [
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/>'
    ]
    sheet_tags = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        if shared_strings is not None:
            items = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared_strings)
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {NS}>{items}</sst>')
            rels.append(
                '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'sharedStrings" Target="sharedStrings.xml"/>'
            )
        for i, (name, content) in enumerate(sheets.items(), start=1):
            xml = content if isinstance(content, str) else sheet_xml(content)
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
            rels.append(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            )
            sheet_tags.append(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>')
        pr = '<workbookPr date1904="1"/>' if date1904 else ""
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"{pr}<sheets>{''.join(sheet_tags)}</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{"".join(rels)}'
            "</Relationships>",
        )
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


ABOUT_ROWS: list[list[Any]] = [["Field", "Value"], ["jmap", 1], ["title", "Hand-built map"]]
STAGE_ROWS: list[list[Any]] = [["Stage ID", "Name"], ["onboarding", "Onboarding"], ["adoption", "Adoption"]]
TOUCHPOINT_HEADERS = ["Stage ID", "Touchpoint ID", "Name", "Channel", "Owner"]


def minimal_sheets(
    **overrides: Sequence[Sequence[Any] | None] | str,
) -> dict[str, str | Sequence[Sequence[Any] | None]]:
    """About, Stages, Touchpoints (two rows: the second has no owner) and Pain points; keyword = sheet to replace."""
    sheets: dict[str, str | Sequence[Sequence[Any] | None]] = {
        "About": ABOUT_ROWS,
        "Stages": STAGE_ROWS,
        "Touchpoints": [
            TOUCHPOINT_HEADERS,
            ["onboarding", "kickoff", "Kickoff call", "call", "CSM"],
            ["onboarding", "welcome", "Welcome email", "email", None],
        ],
        "Pain points": [["Touchpoint ID", "Pain point", "Fix"], ["kickoff", "Notes get lost", "Carry the notes"]],
    }
    if "Touchpoints" in overrides:
        sheets["Pain points"] = [["Touchpoint ID", "Pain point"]]
    for key, value in overrides.items():
        sheets[key.replace("_", " ").capitalize()] = value
    return sheets


# --- Hypothesis strategies --------------------------------------------------------------------------------

TRICKY = [
    "=SUM(A1:A3)", "+1", "-1", "@cmd", "=1+1", "\tlead", "\rcr", "TRUE", "FALSE", "yes", "1", "0", "-2", "1.50",
    "2026-01-01", "null", "[1, 2]", "{}", '"quoted"', "<r>run</r>", "<r><t>x</t></r>", "a & b < c", "_x0001_",
    "_x005F_x0041_", "a\x01b", "\x1f", "line\nbreak", "cr\r\nlf", "é ü 中文 🙂", "\u2028", "\ufeffbom", "a\x0bb",
    "\ufffe", "]]>", "<![CDATA[x]]>", "&amp;", "&#10;", "x\u0085y",
]  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def writable(s: str) -> bool:
    """False for the one documented ExportError: control characters next to ``_xHHHH_``-like or ``<r>`` text."""
    return not (("_x" in s or s.startswith("<r>")) and _CONTROL.search(s))


text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=20)).filter(lambda s: bool(s.strip()) and writable(s))
scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**18), 10**18), st.floats(allow_nan=False),
    st.text(max_size=12).filter(writable),
    st.sampled_from(TRICKY),
)  # fmt: skip
ident = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
x_key = st.one_of(
    st.sampled_from(["x-a", "x-note", "x-1", "x-Ünï", "x-with space", "x-jmap-ignore"]),
    st.from_regex(r"x-[A-Za-z0-9_.-]{1,8}", fullmatch=True),
)
code_list = st.lists(st.sampled_from(["JM101", "JM102", "JM2", "JM301"]), min_size=0, max_size=3, unique=True)


def map_strategy(
    text: st.SearchStrategy[str], scalar: st.SearchStrategy[Any], x_key: st.SearchStrategy[str] = x_key
) -> st.SearchStrategy[JourneyMap]:
    """Whole maps reaching every field, enum value and x- shape, with ``text`` in every text field and ``scalar``
    at the leaves of x- values."""
    line = text.filter(lambda s: "\n" not in s and "\r" not in s)
    x_value: st.SearchStrategy[Any] = st.recursive(
        scalar,
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
        max_leaves=5,
    )

    @st.composite
    def extras(draw: st.DrawFn) -> dict[str, Any]:
        keys = draw(st.lists(x_key, max_size=2, unique_by=str.lower))
        out = {}
        for key in keys:
            out[key] = (
                draw(st.one_of(code_list, st.sampled_from(["JM101", "JM101, JM2"])))
                if key.endswith("ignore")
                else draw(x_value)
            )
        return out

    def obj(fields: dict[str, st.SearchStrategy[Any]], nonempty: bool = False) -> st.SearchStrategy[dict[str, Any]]:
        base = st.tuples(st.fixed_dictionaries({}, optional=fields), extras()).map(lambda p: {**p[0], **p[1]})
        return base.filter(bool) if nonempty else base

    opportunity = obj(
        {
            "fix": text,
            "owner": text,
            "target": text,
            "impact": st.sampled_from(IMPACTS),
            "status": st.sampled_from(STATUSES),
            "effort": st.sampled_from(LEVELS),
            "confidence": st.sampled_from(LEVELS),
            "value": st.sampled_from(LEVELS),
        },
        nonempty=True,
    )
    pain_point = st.one_of(
        text,
        st.tuples(
            text,
            obj({"opportunity": opportunity, "basis": st.sampled_from(BASES), "evidence": st.lists(ident, max_size=3)}),
        ).map(lambda t: {"text": t[0], **t[1]}),
    )
    text_list = st.one_of(st.lists(line, max_size=3), line)
    number = st.one_of(st.integers(-(10**18), 10**18), st.floats(-1e300, 1e300, allow_nan=False))
    metric = st.one_of(
        line,
        st.tuples(
            line,
            obj(
                {
                    "type": st.sampled_from(METRIC_TYPES), "unit": text, "baseline": number, "current": number,
                    "target": number, "direction": st.sampled_from(DIRECTIONS), "as_of": st.dates(), "source": text,
                }
            ),
        ).map(lambda t: {"name": t[0], **t[1]}),
    )  # fmt: skip
    handoff = obj({"from": text, "to": text, "what": text, "owner": text}, nonempty=True)
    durations = st.sampled_from(["14 days", "2 weeks", "3 months", "P30D", "quarterly"])
    touchpoint = st.tuples(
        ident,
        text,
        obj(
            {
                "channel": text, "owner": text, "action": text, "customer_goal": text, "thoughts": text,
                "emotion": st.integers(-2, 2), "moment_of_truth": st.booleans(), "playbook": text,
                "handoff": handoff, "metrics": st.lists(metric, max_size=3),
                "pain_points": st.lists(pain_point, max_size=3),
            }
        ),
    ).map(lambda t: {"id": t[0], "name": t[1], **t[2]})  # fmt: skip
    stage = st.tuples(
        ident,
        text,
        obj(
            {
                "phase": st.sampled_from(PHASES), "owner": text, "customer_goal": text, "mindset": text,
                "handoff": handoff, "expected_duration": durations, "exit_criteria": text_list, "red_flags": text_list,
                "metrics": st.one_of(text_list, st.lists(metric, max_size=3)),
                "touchpoints": st.lists(touchpoint, max_size=3),
            }
        ),
    ).map(lambda t: {"id": t[0], "name": t[1], **t[2]})  # fmt: skip
    review = obj(
        {"last_reviewed": st.dates(), "every": st.sampled_from(["6 months", "weekly", "P90D", "2 years", "annually"])},
        nonempty=True,
    )
    evidence = obj(
        {"id": ident, "type": st.sampled_from(EVIDENCE_TYPES), "source": text, "date": st.dates()}, nonempty=True
    )
    return st.tuples(
        text,
        st.lists(stage, max_size=4, unique_by=lambda s: s["id"]),
        obj(
            {
                "id": ident, "kind": st.sampled_from(KINDS), "segment": text, "persona": text, "scope": text,
                "owner": text, "goals": text_list, "review": review, "evidence": st.lists(evidence, max_size=2),
            }
        ),
    ).map(
        lambda t: JourneyMap.model_validate(_unique_ids({"jmap": 1, "title": t[0], "stages": t[1], **t[2]}))
    )  # fmt: skip


def _unique_ids(data: dict[str, Any]) -> dict[str, Any]:
    seen: set[str] = set()
    for s in data["stages"]:
        for t in s.get("touchpoints", []):
            while t["id"] in seen:
                t["id"] += "-x"
            seen.add(t["id"])
    return data


journey_map = map_strategy(text, scalar)


# --- YAML -> XLSX -> YAML over hostile text (issue 8 §3; benchmarks/roundtrip.py runs 10,000) ----------------

LIMIT = 32_767
LOOKALIKES = [
    "1", "-0", "+1", "1.0", "1e5", ".5", "0x1F", "0o17", "1_000", "1,000", "12:30", "2026-01-01", "2026-02-30",
    "2026-01-01T10:00:00", "TRUE", "true", "False", "yes", "no", "on", "null", "None", "~", "NaN", ".inf", "=1+1",
    "[]", "{}", '"x"', "'x'", "#1", "%", "-", "@a", "45658", "1900-02-29",
]  # fmt: skip
ESCAPE_SHAPED = [
    "_x0041_", "_x005F_", "_x005f_x0041_", "_x005F_x0041_", "_x005F_x005F_x0041_", "a_x000D_b", "_xD800_", "_xFFFF_",
    "_x0000_", "__x0041__", "_x004", "_x00411_", "_X0041_", "x0041_", "_x",
]  # fmt: skip
RICH_SHAPED = [
    "<r>", "</r>", "<r>x</r>", "<r><t>x</t></r>", "<t>x</t>", "<r></r></si><si><r></r>", "<si>", "<r>_x0041_</r>",
    "<r><rPr><b/></rPr><t>b</t></r>", "<![CDATA[x]]>", "&amp;", "&#10;", "]]>",
]  # fmt: skip
SPACES = [" ", "  ", "\t", "\u00a0", "\u3000", "\u2028", "\u200b", "\ufeff", "\n", "\r\n", "\x0b", "\x85"]
EMOJI = ["🙂", "👩‍👩‍👧‍👦", "🇩🇪", "👍🏽", "❤️", "🏳️‍🌈", "\U0001f600" * 3, "\U0001faf6"]
# Text of every plane: 0 (BMP, surrogates excluded), 1 (emoji, old scripts), 2-3 (CJK), 4-13 (unassigned),
# 14 (tags), 15-16 (private use), non-characters included.
plane_text = st.text(
    st.one_of(
        [
            st.characters(min_codepoint=p * 0x10000, max_codepoint=p * 0x10000 + 0xFFFF, exclude_categories=["Cs"])
            for p in range(17)
        ]
    ),
    min_size=1,
    max_size=8,
)
LONG = [
    "a" * LIMIT, "🙂" * (LIMIT // 2) + "a", "中" * LIMIT, "a" * (LIMIT - 7) + "_x0041_",
    "<r>" + "b" * (LIMIT - 7) + "</r>", "a" * (LIMIT + 1), "🙂" * (LIMIT // 2 + 1),
]  # fmt: skip
_piece = st.one_of(
    st.sampled_from(TRICKY + LOOKALIKES + ESCAPE_SHAPED + RICH_SHAPED),
    st.sampled_from(SPACES),
    st.sampled_from(EMOJI),
    plane_text,
    st.text(max_size=6),
)
_short = st.lists(_piece, min_size=1, max_size=4).map("".join)
hostile_text = (
    st.integers(0, 49).flatmap(lambda i: st.sampled_from(LONG) if i == 0 else _short).filter(lambda s: bool(s.strip()))
)
hostile_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63), st.floats(), _short, st.sampled_from(LOOKALIKES)
)
hostile_key = st.one_of(*[x_key] * 9, _short.map(lambda s: "x-" + s))
hostile_map = map_strategy(hostile_text, hostile_scalar, hostile_key)


def yaml_xlsx_yaml(m: JourneyMap) -> tuple[str, str]:
    """YAML -> XLSX -> YAML through jmap's readers and writers: ("equal", ""), ("refused", kind) or
    ("different", what differs). Equal means the same content (``_canonical``). The YAML is what ``jmap export``
    writes; a map it does not read back is not an example (the YAML writer's property, tests/formats/yaml)."""
    from jmap.formats.xlsx.writer import xlsx_bytes
    from jmap.formats.yaml.reader import read_yaml
    from jmap.formats.yaml.writer import to_yaml

    yaml_text = to_yaml(m)
    doc = read_yaml("map.yaml", yaml_text.encode("utf-8", "surrogatepass"))
    validated = build_model(doc)
    if doc.issues or validated.issues or validated.model is None:
        return "unreadable-yaml", str([*doc.issues, *validated.issues][:1])
    first = validated.model
    try:
        data = xlsx_bytes(first)
    except ExportError as exc:
        if documented_refusal(exc):
            assert exc.kind is not None
            return "refused", exc.kind.value
        return "different", f"export failed: {exc}"
    back, again = read_bytes(data)
    if back.issues or again.issues or again.model is None:
        return "different", f"the workbook does not read back: {[*back.issues, *again.issues][:2]}"
    before, after = dump(first), dump(again.model)
    if _canonical(before) != _canonical(after):
        return "different", _first_difference(before, after)
    return "equal", ""


def _canonical(data: Any) -> str:
    """Equal content: x- fields of one object may come back in the sheet's column order, and NaN equals NaN."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path or 'map'}: {a!r:.200} became {b!r:.200}"


# --- LibreOffice -----------------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; CI installs it")


def soffice_convert(files: Iterable[Path], to: str, outdir: Path) -> list[Path]:
    """Convert many files in one soffice run (private profile); the converted files, in order."""
    assert SOFFICE is not None
    files = list(files)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir.parent / f"lo-profile-{os.getpid()}"
    subprocess.run(
        [
            SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", to, "--outdir", str(outdir), *map(str, files),
        ],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    out = [outdir / (f.stem + "." + to.split(":")[0]) for f in files]
    missing = [p.name for p in out if not p.exists()]
    assert not missing, f"LibreOffice did not convert: {missing}"
    return out


_WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class PrintedPage:
    sheet: str
    words: list[tuple[float, str]]
    """Each word's height (in points of type, calibrated on the About sheet printed at 100%) and its text."""
    filled: float
    """How far down the printable area (top margin to footer) the page is used."""


def _gray_rows(pgm: bytes) -> list[bytes]:
    """The pixel rows of a binary PGM (what ``pdftoppm -gray`` writes)."""
    magic, width, height, _, data = pgm.split(maxsplit=4)
    assert magic == b"P5"
    w, h = int(width), int(height)
    return [data[y * w : (y + 1) * w] for y in range(h)]


def printed_pages(pdf: Path) -> list[PrintedPage]:
    """The pages of a workbook LibreOffice printed: each one's sheet (from the footer), words and fill."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    dpi = 30
    folder = pdf.parent / f"{pdf.stem}-pages"
    folder.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(folder / "page")], check=True, timeout=120)
    images = sorted(folder.glob("page-*.pgm"))
    pages = []
    for text, image in zip(boxes.split("<page ")[1:], images, strict=True):
        height = float(re.search(r'height="([\d.]+)"', text).group(1))  # type: ignore[union-attr]
        words = [(float(x), float(a), float(b), w) for x, a, b, w in _WORD_BOX.findall(text)]
        footer = [w for w in words if w[1] > height - 36]
        sheet = " ".join(w for x, _, _, w in sorted(footer) if w != "Page" and x < 300)
        foot_top = min((a for _, a, _, _ in footer), default=height - 36)
        rows = _gray_rows(image.read_bytes())
        top, bottom = int(0.5 * dpi), int((foot_top - 3) / 72 * dpi)
        inked = [y for y in range(top, bottom) if min(rows[y][12:-12]) < 235]
        filled = (max(inked) - top + 1) / (bottom - top) if inked else 0.0
        body = [(b - a, w) for _, a, b, w in words if a <= height - 36]
        pages.append(PrintedPage(sheet, body, filled))
    about = next(p for p in pages if p.sheet == "About")
    per_pt = next(h for h, w in about.words if w == "Field") / 11
    return [PrintedPage(p.sheet, [(h / per_pt, w) for h, w in p.words], p.filled) for p in pages]
