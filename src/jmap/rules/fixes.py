"""The rules' automatic fixes: each proposes text edits for one finding at the positions the reader recorded.

A rule names its fix in ``Rule.fix`` (``Fix(title, applicability, "jmap.rules.fixes:function")``). A
function returns None when this finding has nothing it can safely edit (a value written as a block
scalar, a key inside a construct it does not rewrite); the finding then stays for a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jmap.document import RawDocument
from jmap.findings import Finding, Location, ModelPath
from jmap.formats.yaml.reader import IGNORE_COMMENT
from jmap.model import JourneyMap, slugify
from jmap.rules.base import RuleSettings
from jmap.util.suggest import closest
from jmap.util.text import split_codes
from jmap.util.text_edits import TextEdit
from jmap.validate import field_names, model_at


@dataclass(frozen=True, slots=True)
class FixSource:
    """What a fix reads: the file's text as linted, the reader's document and model, and the finding."""

    text: str
    lines: list[str]
    document: RawDocument
    model: JourneyMap | None
    settings: RuleSettings
    finding: Finding
    path: ModelPath

    @property
    def newline(self) -> str:
        return newline_of(self.text)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A fix for one finding: what an editor's quick fix is called, and the edits."""

    title: str
    edits: tuple[TextEdit, ...]


_BREAK = re.compile(r"\r\n|\r|\n")


def newline_of(text: str) -> str:
    """The line break a text uses (a new line is written with it)."""
    at = text.find("\n")
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"


def text_lines(text: str) -> list[str]:
    """The lines of ``text`` without their breaks, split where the text edits count lines (``\n``, ``\r\n``, ``\r``)."""
    lines = text.split("\n") if "\r" not in text else _BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _replace(loc: Location, new_text: str) -> TextEdit | None:
    """An edit replacing the span the reader recorded for a key or list item (None without a span)."""
    if loc.line is None or loc.column is None or loc.end_line is None or loc.end_column is None:
        return None
    return TextEdit(loc.line, loc.column, loc.end_line, loc.end_column, new_text)


def _delete_line(line: int) -> TextEdit:
    """Remove ``line`` with its line break."""
    return TextEdit.replace_lines(line, line, "")


def data_at(data: Any, path: ModelPath) -> Any:
    """The value at ``path`` in a reader's plain data, or None where the path leads nowhere."""
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


_PLAIN_END = re.compile(r"\s+#|,|\}|\]|\s*$")


def value_span(lines: list[str], key: Location) -> tuple[int, int, int] | None:
    """(line, start column, end column) of a one-line scalar value written after a key, quotes included.

    The columns are jmap's (from 1, end exclusive); ``lines`` are the text's lines without their breaks.
    """
    if key.line is None or key.end_line != key.line or key.end_column is None:
        return None
    line = lines[key.line - 1]
    at = key.end_column - 1
    m = re.compile(r"\s*:[ \t]+").match(line, at)
    if m is None:
        return None
    start = m.end()
    if start >= len(line) or line[start] in "|>[{&*!#":
        return None
    if line[start] in "'\"":
        quote = line[start]
        end = line.find(quote, start + 1)
        while quote == "'" and end != -1 and line.startswith("''", end):
            end = line.find(quote, end + 2)
        return None if end == -1 else (key.line, start + 1, end + 2)
    stop = _PLAIN_END.search(line, start)
    end = stop.start() if stop else len(line)
    return (key.line, start + 1, end + 1) if end > start else None


def add_missing_id(src: FixSource) -> Proposal | None:
    """JM002 on a stage or touchpoint without an id: insert one made from its name, unique in the map."""
    if not src.path or src.path[-1] != "id":
        return None
    obj_path = src.path[:-1]
    obj = data_at(src.document.data, obj_path)
    if not isinstance(obj, dict) or (*obj_path, "id") in src.document.positions:
        return None
    taken = _ids(src.document.data)
    name = obj.get("name")
    base = slugify(name) if isinstance(name, str) and name.strip() else str(obj_path[-2]).rstrip("s")
    new_id, n = base, 2
    while new_id in taken:
        new_id, n = f"{base}-{n}", n + 1
    edit = insert_key(src.document, src.lines, src.newline, obj_path, f"id: {new_id}")
    return Proposal(f"Add id: {new_id}", (edit,)) if edit else None


def insert_key(
    document: RawDocument, lines: list[str], newline: str, obj_path: ModelPath, entry: str
) -> TextEdit | None:
    """An edit adding ``entry`` (``key: value``) to the mapping at ``obj_path``, in the mapping's style.

    In a flow mapping it becomes the first entry; in a block mapping, the second line (so the first
    line, and a comment on it, stays where it is), or the first when the first value spans lines.
    """
    obj = data_at(document.data, obj_path)
    start = document.positions.get(obj_path)
    if not isinstance(obj, dict) or start is None or start.line is None or start.column is None:
        return None
    line, col = start.line, start.column - 1
    text = lines[line - 1]
    if text[col : col + 1] == "{":
        inner = col + 1
        while inner < len(text) and text[inner] == " ":
            inner += 1
        return TextEdit.insert(line, inner + 1, f"{entry}, ")
    for key in obj:
        loc = document.positions.get((*obj_path, key))
        if loc is not None and (loc.line, loc.column) == (start.line, start.column):
            if value_span(lines, loc) is not None:
                return TextEdit.insert(line, len(text) + 1, f"{newline}{' ' * col}{entry}")
            break
    return TextEdit.insert(line, col + 1, f"{entry}{newline}{' ' * col}")


def _ids(data: Any) -> set[str]:
    found: set[str] = set()
    stages = data.get("stages") if isinstance(data, dict) else None
    for item in [*(data.get("evidence") or [] if isinstance(data, dict) else []), *(stages or [])]:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found.add(item["id"])
        for tp in item.get("touchpoints") or [] if isinstance(item, dict) else []:
            if isinstance(tp, dict) and isinstance(tp.get("id"), str):
                found.add(tp["id"])
    return found


def rename_unknown_field(src: FixSource) -> Proposal | None:
    """JM003: rename the key to the field it most likely meant, unless that field is already there."""
    if not src.path or not isinstance(src.path[-1], str):
        return None
    key, parent = src.path[-1], src.path[:-1]
    model = model_at(parent)
    loc = src.document.positions.get(src.path)
    if model is None or loc is None:
        return None
    meant = closest(key, field_names(model))
    if meant is None or (*parent, meant) in src.document.positions:
        return None
    edit = _replace(loc, meant)
    return Proposal(f"Rename {key!r} to {meant!r}", (edit,)) if edit else None


def _replace_value(src: FixSource, new_value: str, title: str) -> Proposal | None:
    key = src.document.positions.get(src.path)
    span = value_span(src.lines, key) if key is not None else None
    if span is None:
        return None
    line, start, end = span
    return Proposal(title, (TextEdit(line, start, line, end, new_value),))


def mark_assumed(src: FixSource) -> Proposal | None:
    """JM604: an observed pain point citing nothing becomes ``basis: assumed``."""
    return _replace_value(src, "assumed", "Mark the pain point as assumed")


def closest_owner(src: FixSource) -> Proposal | None:
    """JM105: the owner becomes the roster's closest name."""
    owner = data_at(src.document.data, src.path)
    roster = list(src.settings.owners or ())
    meant = closest(owner, roster) if isinstance(owner, str) else None
    if meant is None:
        return None
    return _replace_value(src, _scalar(meant), f"Change the owner to {meant!r}")


def closest_evidence(src: FixSource) -> Proposal | None:
    """JM603: the cited id becomes the closest id of the map's evidence."""
    cited = data_at(src.document.data, src.path)
    ids = [e.id for e in src.model.evidence if e.id] if src.model is not None else []
    meant = closest(cited, ids) if isinstance(cited, str) else None
    loc = src.document.positions.get(src.path)
    edit = _replace(loc, meant) if meant is not None and loc is not None else None
    return Proposal(f"Cite {meant!r} instead", (edit,)) if edit else None


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when it reads back as itself, else double-quoted."""
    from jmap.formats.yaml.reader import resolve_plain

    plain = bool(re.fullmatch(r"[A-Za-z][\w .()/&+-]*", text)) and not text.endswith(" ") and ": " not in text
    if plain and resolve_plain(text) == text:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_STALE = re.compile(
    r"^suppression of (?P<code>JM\d+) silences|^(?P<structural>JM\d+) is a structure rule|"
    r"^suppression names (?P<text>'.*'|\".*\"), which is no jmap rule|^(?P<none>suppression names no code)"
)


def remove_suppression(src: FixSource) -> Proposal | None:
    """JM006: drop the stale entry from its comment or x-jmap-ignore list (all of it if it was the last)."""
    f = src.finding
    if f.line is None or f.column is None:
        return None
    line = src.lines[f.line - 1]
    comment = IGNORE_COMMENT.match(line, f.column - 1)
    if comment is not None:
        return _from_comment(src, f.line, line, comment)
    return _from_list(src)


def _from_comment(src: FixSource, number: int, line: str, comment: re.Match[str]) -> Proposal | None:
    m = _STALE.match(src.finding.message)
    if m is None:
        return None
    listed = split_codes(comment[1] or "")
    stale = m["code"] or m["structural"] or (m["text"][1:-1] if m["text"] else None)
    keep = [c for c in listed if c.upper() != (stale or "").upper()] if stale else []
    title = f"Remove the stale suppression of {stale}" if stale else "Remove the empty suppression"
    if keep and len(keep) < len(listed):
        start, end = comment.span(1)
        return Proposal(title, (TextEdit(number, start + 1, number, end + 1, ", ".join(keep)),))
    if keep:
        return None
    before = line[: comment.start()]
    if not before.strip():
        return Proposal(title, (_delete_line(number),))
    cut = len(before.rstrip())
    end = comment.end() if line[comment.end() :].strip() else len(line)
    return Proposal(title, (TextEdit(number, cut + 1, number, end + 1, ""),))


def _from_list(src: FixSource) -> Proposal | None:
    item = _find_item(src)
    if item is None:
        return None
    key_path, index, items = item
    loc = src.document.positions.get((*key_path, index))
    key = src.document.positions.get(key_path)
    if loc is None or key is None or loc.end_line != loc.line or loc.line is None or loc.end_column is None:
        return None
    title = "Remove the stale x-jmap-ignore entry"
    line = src.lines[loc.line - 1]
    if len(items) == 1:
        if key.line == loc.line and key.column is not None and not line[: key.column - 1].strip():
            return Proposal(title, (_delete_line(key.line),))
        if key.line is not None and key.line != loc.line and line.lstrip().startswith("- "):
            return Proposal(title, (_delete_line(key.line), _delete_line(loc.line)))
        return None
    start, end = (loc.column or 1) - 1, loc.end_column - 1
    if line.lstrip().startswith("- ") and not line[: start - 2].strip():
        return Proposal(title, (_delete_line(loc.line),))
    after = re.compile(r"\s*,\s*").match(line, end)
    if after is not None:
        return Proposal(title, (TextEdit(loc.line, start + 1, loc.line, after.end() + 1, ""),))
    before = re.search(r",\s*$", line[:start])
    if before is None:
        return None
    return Proposal(title, (TextEdit(loc.line, before.start() + 1, loc.line, end + 1, ""),))


def _find_item(src: FixSource) -> tuple[ModelPath, int, list[Any]] | None:
    """The x-jmap-ignore list item the finding's position names."""
    f = src.finding
    for path, loc in src.document.positions.items():
        if (
            len(path) >= 2
            and path[-2] == "x-jmap-ignore"
            and isinstance(path[-1], int)
            and (loc.line, loc.column) == (f.line, f.column)
        ):
            items = data_at(src.document.data, path[:-1])
            if isinstance(items, list):
                return path[:-1], path[-1], items
    return None
