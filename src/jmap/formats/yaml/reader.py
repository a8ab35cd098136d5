"""Read a YAML map into plain data with the position of every key.

libyaml (through PyYAML's C parser) does the tokenising; this module builds
the Python values from the event stream itself so that it can

* resolve plain scalars by the YAML 1.2 core schema (``yes``, ``on``, ``010``
  and ``1:30`` stay strings, as they do in ruamel.yaml),
* record each key's line and column for findings,
* report duplicate keys instead of keeping the last value,
* bound nesting depth and alias expansion, so hostile files end in a finding.
"""

from __future__ import annotations

import copy
import math
import re
from typing import Any

import yaml
from yaml import events

from jmap.document import IgnoreComment, PositionIndex, RawDocument, SourceIssue
from jmap.findings import Location, ModelPath
from jmap.util.gc_pause import gc_paused
from jmap.util.text import split_codes

MAX_DEPTH = 64
MAX_NODES = 1_000_000
MAX_X_VALUES = 100_000
MAX_FILE_BYTES = 256 * 1024 * 1024
MIN_EXPANSION_BUDGET = 100_000
EXPANSION_FACTOR = 4

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_RE = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NUMERIC_START = frozenset("0123456789-+.")
_SPECIAL_FLOATS = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip

IGNORE_COMMENT = re.compile(r"#\s*jmap:\s*ignore\b(?:\s*\[([^\]]*)\])?")

_BAD_KEY = object()
_COMPLEX_KEY = object()


class _Abort(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def resolve_plain(value: str) -> Any:
    """The YAML 1.2 core-schema value of a plain (unquoted) scalar."""
    if value in _NULLS:
        return None
    if value[0] in _NUMERIC_START:
        if _INT_RE.match(value):
            return int(value)
        if _FLOAT_RE.match(value):
            return float(value)
        special = _SPECIAL_FLOATS.get(value)
        if special is not None:
            return special
        if value.startswith(("0o", "0x")):
            try:
                return int(value, 0)
            except ValueError:
                return value
        return value
    b = _BOOLS.get(value)
    if b is not None:
        return b
    return _SPECIAL_FLOATS.get(value, value)


def _tagged(value: str, tag: str, line: int, column: int) -> Any:
    short = tag.removeprefix("tag:yaml.org,2002:")
    if short == "str":
        return value
    if short == "null":
        return None
    resolved: Any = resolve_plain(value)
    expected: dict[str, type | tuple[type, ...]] = {"int": int, "float": (int, float), "bool": bool}
    want = expected.get(short)
    if want is None:
        raise _Abort(f"unsupported YAML tag {tag!r}", line, column)
    if not isinstance(resolved, want) or (short == "int" and isinstance(resolved, bool)):
        raise _Abort(f"value {value[:40]!r} is not a valid !!{short}", line, column)
    if short == "float":
        return float(str(value).replace("_", "")) if not isinstance(resolved, float) else resolved
    return resolved


def decode(raw: bytes) -> str:
    """Decode a YAML file's bytes (UTF-8, or UTF-16/32 with a BOM); raise _Abort otherwise."""
    looks_like = _wide_encoding(raw)
    if looks_like is not None:
        raise _Abort(f"the file looks like {looks_like}; save it as UTF-8", 1, 1)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _Abort(f"invalid UTF-16 text: {exc.reason}", 1, 1) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise _Abort(f"not a text file: byte 0x{raw[exc.start]:02x} is not valid UTF-8", line, col) from None


def _wide_encoding(raw: bytes) -> str | None:
    """The encoding a file looks like when it is UTF-32 or UTF-16 without a byte-order mark (by its NUL bytes:
    a map starts with ASCII text), else None."""
    head = raw[:4]
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32 (with a byte-order mark)"
    if len(head) < 4 or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    if head[:3] == b"\x00\x00\x00" and head[3]:
        return "UTF-32 (big-endian)"
    if head[0] and head[1:] == b"\x00\x00\x00":
        return "UTF-32 (little-endian)"
    if not head[0] and head[1] and not head[2] and head[3]:
        return "UTF-16 (big-endian) without a byte-order mark"
    if head[0] and not head[1] and head[2] and not head[3]:
        return "UTF-16 (little-endian) without a byte-order mark"
    return None


def find_ignore_comments(text: str) -> list[IgnoreComment]:
    """``# jmap: ignore[...]`` comments, found by scanning lines (no round-trip parse).

    A look-alike inside quoted or block text is not a comment: candidates are
    checked against the spans of the scalars libyaml's scanner reports.
    """
    if "jmap:" not in text or "ignore" not in text:
        return []
    lines = text.splitlines()
    candidates: list[tuple[int, int, str, tuple[str, ...]]] = []
    for number, line in enumerate(lines, start=1):
        if "ignore" not in line:
            continue
        m = IGNORE_COMMENT.search(line)
        if m is None:
            continue
        before = line[: m.start()]
        if before and not before[-1].isspace():
            continue
        listed = m.group(1)
        codes = tuple(split_codes((listed or "").upper()))
        candidates.append((number, m.start(), before, codes))
    if not candidates:
        return []
    inside = _inside_scalars(text, {(n, col) for n, col, _, _ in candidates})
    found: list[IgnoreComment] = []
    for number, col, before, codes in candidates:
        if (number, col) in inside:
            continue
        target = number
        if not before.strip():
            target = number + 1
            while target <= len(lines) and (
                not lines[target - 1].strip() or lines[target - 1].lstrip().startswith("#")
            ):
                target += 1
        found.append(IgnoreComment(number, col + 1, target, codes))
    return found


def _inside_scalars(text: str, points: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (line, 0-based column) points fall inside a scalar's text."""
    hits: set[tuple[int, int]] = set()
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if not isinstance(token, yaml.ScalarToken):
                continue
            start = (token.start_mark.line + 1, token.start_mark.column)
            end = (token.end_mark.line + 1, token.end_mark.column)
            for point in points:
                if start <= point < end:
                    hits.add(point)
    except yaml.YAMLError:
        pass
    return hits


class _Builder:
    """Turns libyaml events into dicts/lists/scalars and a position index."""

    def __init__(self, text: str, positions: dict[ModelPath, Location]) -> None:
        self.text = text
        self.positions = positions
        self.issues: list[SourceIssue] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.budget = max(MIN_EXPANSION_BUDGET, EXPANSION_FACTOR * len(text) // 2)

    def build(self) -> Any:
        parser = yaml.CSafeLoader(self.text)
        get_event: Any = parser.get_event
        positions = self.positions
        MappingStart = events.MappingStartEvent
        SequenceStart = events.SequenceStartEvent
        Scalar = events.ScalarEvent
        Alias = events.AliasEvent
        CollectionEnd = (events.MappingEndEvent, events.SequenceEndEvent)
        DocumentStart = events.DocumentStartEvent
        StreamEnd = events.StreamEndEvent
        budget = self.budget

        # Frames: [container, path, is_mapping, pending_key, anchor, nodes_at_start, x- field it starts or None]
        stack: list[list[Any]] = []
        limit = MAX_NODES
        x_field: str | None = None
        root: Any = None
        documents = 0
        have_root = False
        try:
            while True:
                event = get_event()
                cls = event.__class__
                if cls is Scalar:
                    tag = event.tag
                    if event.implicit[0] and (tag is None or tag == "!"):
                        value: Any = resolve_plain(event.value)
                    elif tag is None or tag == "!" or event.implicit[1]:
                        value = event.value
                    else:
                        mark = event.start_mark
                        value = _tagged(event.value, tag, mark.line + 1, mark.column + 1)
                    self.nodes += 1
                    if self.nodes > limit:
                        raise _too_many(event, x_field)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, 1)
                elif cls is MappingStart or cls is SequenceStart:
                    if len(stack) >= MAX_DEPTH:
                        mark = event.start_mark
                        raise _Abort(
                            f"nested more than {MAX_DEPTH} levels deep; a journey map never needs that",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    if stack:
                        top = stack[-1]
                        if top[2]:
                            key = top[3]
                            if key is None:
                                mark = event.start_mark
                                self.issues.append(
                                    SourceIssue(
                                        "JM002",
                                        "a mapping key must be plain text, not a list or mapping",
                                        Location(mark.line + 1, mark.column + 1),
                                        top[1],
                                    )
                                )
                                top[3] = _COMPLEX_KEY
                                path: ModelPath = (*top[1], "?")
                            elif key is _BAD_KEY or key is _COMPLEX_KEY:
                                path = (*top[1], "?")
                            else:
                                path = (*top[1], key)
                        else:
                            path = (*top[1], len(top[0]))
                            mark = event.start_mark
                            positions[path] = Location(mark.line + 1, mark.column + 1)
                    else:
                        path = ()
                        mark = event.start_mark
                        positions[()] = Location(mark.line + 1, mark.column + 1)
                    self.nodes += 1
                    if self.nodes > limit:
                        raise _too_many(event, x_field)
                    starts = None
                    if x_field is None and path and isinstance(path[-1], str) and path[-1].startswith("x-"):
                        starts = x_field = path[-1]
                        limit = min(MAX_NODES, self.nodes + MAX_X_VALUES)
                    stack.append(
                        [{} if cls is MappingStart else [], path, cls is MappingStart, None, event.anchor, self.nodes,
                         starts]
                    )  # fmt: skip
                    continue
                elif cls in CollectionEnd:
                    frame = stack.pop()
                    value = frame[0]
                    if frame[6] is not None:
                        x_field = None
                        limit = MAX_NODES
                    if frame[4] is not None:
                        self.anchors[frame[4]] = (value, self.nodes - frame[5] + 1)
                elif cls is Alias:
                    target = self.anchors.get(event.anchor)
                    mark = event.start_mark
                    if target is None:
                        raise _Abort(f"alias *{event.anchor} names no anchor", mark.line + 1, mark.column + 1)
                    self.nodes += target[1]
                    if self.nodes > budget:
                        raise _Abort(
                            f"aliases expand to more than {budget:,} values; "
                            "this looks like an alias bomb, so the file is not read",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    value = copy.deepcopy(target[0]) if isinstance(target[0], (dict, list)) else target[0]
                elif cls is DocumentStart:
                    documents += 1
                    if documents > 1:
                        mark = event.start_mark
                        raise _Abort(
                            "the file holds more than one YAML document; a file holds one map",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    continue
                elif cls is StreamEnd:
                    break
                else:
                    continue

                if not stack:
                    root = value
                    have_root = True
                    continue
                top = stack[-1]
                if top[2]:
                    key = top[3]
                    if key is _COMPLEX_KEY:
                        top[3] = _BAD_KEY
                        continue
                    if key is None:
                        mark = event.start_mark
                        key = value if cls is not Scalar else event.value
                        if key == "<<" and cls is Scalar and not event.style:
                            raise _Abort(
                                "merge keys (<<) are not supported; write the fields out",
                                mark.line + 1,
                                mark.column + 1,
                            )
                        if not isinstance(key, str):
                            key = str(key)
                        kpath = (*top[1], key)
                        if key in top[0]:
                            first = positions.get(kpath)
                            where = f" (first at line {first.line})" if first and first.line else ""
                            self.issues.append(
                                SourceIssue(
                                    "JM005",
                                    f"key {key!r} appears twice in the same mapping{where}; the first value is used",
                                    Location(
                                        mark.line + 1,
                                        mark.column + 1,
                                        end_line=event.end_mark.line + 1,
                                        end_column=event.end_mark.column + 1,
                                    ),
                                    kpath,
                                )
                            )
                            top[3] = _BAD_KEY
                        else:
                            end = event.end_mark
                            positions[kpath] = Location(
                                mark.line + 1, mark.column + 1, end_line=end.line + 1, end_column=end.column + 1
                            )
                            top[3] = key
                    else:
                        if key is not _BAD_KEY:
                            top[0][key] = value
                        top[3] = None
                else:
                    if cls is Scalar or cls is Alias:
                        mark = event.start_mark
                        end = event.end_mark
                        positions[(*top[1], len(top[0]))] = Location(
                            mark.line + 1, mark.column + 1, end_line=end.line + 1, end_column=end.column + 1
                        )
                    top[0].append(value)
        except yaml.MarkedYAMLError as exc:
            raise _yaml_error(exc, self.text) from None
        except yaml.YAMLError as exc:
            raise _Abort(f"invalid YAML: {_one_line(str(exc))}", 1, 1) from None
        if not have_root:
            return None
        return root


def _too_many(event: Any, x_field: str | None) -> _Abort:
    mark = event.start_mark
    if x_field is not None:
        return _Abort(
            f"field {x_field[:40]!r} holds more than {MAX_X_VALUES:,} values; jmap keeps x- fields to that size, "
            "so the file is not read",
            mark.line + 1,
            mark.column + 1,
        )
    return _Abort(
        f"the file holds more than {MAX_NODES:,} values; a journey map never needs that many "
        "(20,000 touchpoints take about 700,000), so the file is not read",
        mark.line + 1,
        mark.column + 1,
    )


def _yaml_error(exc: yaml.MarkedYAMLError, text: str) -> _Abort:
    """Point at the fault: where reading stopped, or where the unfinished construct began when it ran off the end;
    the usual causes (a tab, a missing space after a colon, a quote left open) in words."""
    problem_mark: Any = exc.problem_mark
    context_mark: Any = exc.context_mark
    problem = exc.problem or exc.context or "not valid YAML"
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    ran_off = problem_mark is None or problem_mark.line + 1 > last_line or "end of stream" in problem
    cause = _known_cause(exc, text, ran_off)
    if cause is not None:
        return cause
    if context_mark is not None and ran_off:
        where = f" ({exc.context} that starts here)" if exc.context else ""
        return _Abort(f"invalid YAML: {problem}{where}", context_mark.line + 1, context_mark.column + 1)
    if problem_mark is None:
        return _Abort(f"invalid YAML: {problem}", 1, 1)
    context = f" ({exc.context} at line {context_mark.line + 1})" if exc.context and context_mark is not None else ""
    return _Abort(f"invalid YAML: {problem}{context}", problem_mark.line + 1, problem_mark.column + 1)


_TAB_INDENT = re.compile(r"[ ]*\t")
_TIGHT_COLON = re.compile(r"\s*(?:-\s+)*([^\s:#'\"][^:#]*?):(?=[^\s:/])(\S.*)")


def _known_cause(exc: yaml.MarkedYAMLError, text: str, ran_off: bool) -> _Abort | None:
    """The cause of a syntax error in the user's words, at the cause, when it is one of the usual ones."""
    problem_mark: Any = exc.problem_mark
    context_mark: Any = exc.context_mark
    lines = text.split("\n")
    if problem_mark is not None:
        for number in (problem_mark.line, problem_mark.line - 1):
            tab = _TAB_INDENT.match(lines[number]) if 0 <= number < len(lines) else None
            if tab is not None:
                return _Abort(
                    "invalid YAML: a tab in the indentation; indent with spaces, not tabs", number + 1, tab.end()
                )
    if context_mark is not None and exc.context == "while scanning a quoted scalar" and ran_off:
        return _Abort(
            "invalid YAML: the quote opened here is never closed", context_mark.line + 1, context_mark.column + 1
        )
    if (
        context_mark is not None
        and exc.context == "while scanning a simple key"
        and 0 <= context_mark.line < len(lines)
    ):
        tight = _TIGHT_COLON.match(lines[context_mark.line])
        if tight is not None:
            key, value = tight.group(1).strip(), tight.group(2).strip()
            return _Abort(
                f"invalid YAML: a key needs a space after its colon: write {f'{key}: {value}'[:60]!r}",
                context_mark.line + 1,
                tight.end(1) + 1,
            )
    if problem_mark is not None:
        quote = _open_quote_before(text, problem_mark.line)
        if quote is not None:
            return _Abort(
                f"invalid YAML: the quote opened here is not closed on its line; the text runs on to line "
                f"{problem_mark.line + 1}",
                quote[0],
                quote[1],
            )
    return None


def _open_quote_before(text: str, problem_line: int) -> tuple[int, int] | None:
    """(line, column) of a quoted scalar spanning lines that ends on the line where reading failed."""
    found: tuple[int, int] | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.CSafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                start, end = token.start_mark, token.end_mark
                if start.line != end.line and end.line == problem_line:
                    found = (start.line + 1, start.column + 1)
            if token.start_mark.line > problem_line:
                break
    except yaml.YAMLError:
        pass
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split())


def read_yaml(path: str, raw: bytes) -> RawDocument:
    """Parse a YAML file's bytes. Never raises for bad content: problems become issues."""
    index: dict[ModelPath, Location] = {(): Location(1, 1)}
    positions = PositionIndex(index)
    doc = RawDocument(path=path, kind="yaml", data=None, positions=positions)
    if len(raw) > MAX_FILE_BYTES:
        doc.issues.append(
            SourceIssue(
                "JM001", f"file is {len(raw):,} bytes; jmap reads maps up to {MAX_FILE_BYTES:,}", Location(1, 1)
            )
        )
        return doc
    try:
        text = decode(raw)
        if "\x00" in text:
            offset = text.index("\x00")
            line = text.count("\n", 0, offset) + 1
            raise _Abort("not a text file: it contains a NUL byte", line, offset - text.rfind("\n", 0, offset))
        builder = _Builder(text, index)
        with gc_paused():
            data = builder.build()
    except _Abort as exc:
        doc.issues.append(SourceIssue("JM001", exc.message, Location(exc.line, exc.column)))
        return doc
    except RecursionError:
        doc.issues.append(SourceIssue("JM001", "the document is nested too deeply to read", Location(1, 1)))
        return doc
    doc.issues.extend(builder.issues)
    if data is None and not builder.issues:
        empty = "empty" if not text.strip() else "only comments"
        doc.issues.append(SourceIssue("JM001", f"the file is {empty}: there is no map in it", Location(1, 1)))
        return doc
    doc.data = data
    doc.ignore_comments = find_ignore_comments(text)
    return doc
