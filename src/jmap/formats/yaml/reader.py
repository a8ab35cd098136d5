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
import sys
from typing import Any

import yaml
from yaml import events

from jmap.document import NO_END, IgnoreComment, PositionIndex, PositionTree, RawDocument, SourceIssue, pack, unpack
from jmap.findings import Location, ModelPath, PathPart
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
_PLAIN_WORDS: dict[str, Any] = {**dict.fromkeys(_NULLS - {""}), **_BOOLS}
"""The plain scalars that are not text and do not start like a number."""
_SPECIAL_FLOATS = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip

IGNORE_COMMENT = re.compile(r"#\s*jmap:\s*ignore\b(?:\s*\[([^\]]*)\])?")

_M32 = (1 << 32) - 1
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


def find_ignore_comments(text: str, spans: list[int]) -> list[IgnoreComment]:
    """``# jmap: ignore[...]`` comments, found by scanning lines (no round-trip parse).

    A look-alike inside quoted or block text is not a comment: candidates are checked against ``spans``, the
    packed spans of the scalars whose text holds ``ignore`` (``_Builder.ignore_spans``, from the read itself).
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
    inside = _inside_scalars(spans, {(n, col) for n, col, _, _ in candidates})
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


def _inside_scalars(spans: list[int], points: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which (line from 1, 0-based column) points fall inside one of the packed scalar ``spans``."""
    hits: set[tuple[int, int]] = set()
    for packed in spans:
        start = ((packed >> 96) + 1, (packed >> 64) & _M32)
        end = (((packed >> 32) & _M32) + 1, packed & _M32)
        for point in points:
            if start <= point < end:
                hits.add(point)
    return hits


class _Builder:
    """Turns libyaml events into dicts/lists/scalars and a ``PositionTree`` of the same shape."""

    def __init__(self, text: str, base_depth: int = 0) -> None:
        self.text = text
        self.base_depth = base_depth
        """How deep the text's top node sits in the document it was cut from (``incremental``): counts to MAX_DEPTH."""
        self.nodes = 0
        """How many values (keys included) the text held, once built."""
        self.multiline_flow = False
        """Whether a flow collection (``[...]``, ``{...}``) runs over more than one line."""
        self.ignore_spans: list[int] = []
        """The packed spans (``pack``) of the scalars whose text holds ``ignore``: a ``# jmap: ignore`` inside one
        is text, not a comment (``find_ignore_comments``)."""
        self.issues: list[SourceIssue] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.budget = max(MIN_EXPANSION_BUDGET, EXPANSION_FACTOR * len(text) // 2)
        self.root_position = pack(0, 0)
        self.root_node: PositionTree = {}

    def build(self) -> Any:
        """The document's value (None for an empty one); the positions go to ``root_position``/``root_node``.

        The innermost open mapping or sequence lives in locals (``cur``: the container, ``cur_pos``: its position
        node, ``key``: in a mapping, the key whose value comes next, else None); the enclosing ones wait on
        ``stack``, each with its anchor, the node count where it started, the x- field it starts and its name.
        """
        parser = yaml.CSafeLoader(self.text)
        get_event: Any = parser.get_event
        anchors = self.anchors
        Scalar = events.ScalarEvent
        MappingStart = events.MappingStartEvent
        SequenceStart = events.SequenceStartEvent
        Alias = events.AliasEvent
        MappingEnd = events.MappingEndEvent
        SequenceEnd = events.SequenceEndEvent
        DocumentStart = events.DocumentStartEvent
        StreamEnd = events.StreamEndEvent
        numeric_start = _NUMERIC_START
        words = _PLAIN_WORDS
        intern = sys.intern
        budget = self.budget

        stack: list[tuple[Any, ...]] = []
        cur: Any = None
        cur_pos: Any = None
        is_map = False
        key: Any = None
        cur_anchor: str | None = None
        cur_start = 0
        cur_x: str | None = None
        cur_name: PathPart = ""
        nodes = 0
        limit = MAX_NODES
        max_stack = MAX_DEPTH - self.base_depth
        watch = "ignore" in self.text
        spans = self.ignore_spans
        flow_open: list[tuple[int, int]] = []
        x_field: str | None = None
        root: Any = None
        documents = 0
        try:
            while True:
                event = get_event()
                cls = event.__class__
                if cls is Scalar:
                    nodes += 1
                    if nodes > limit:
                        raise _too_many(event, x_field)
                    tag = event.tag
                    if watch and "ignore" in event.value:
                        m, e = event.start_mark, event.end_mark
                        spans.append(m.line << 96 | m.column << 64 | e.line << 32 | e.column)
                    if is_map and key is None and tag is None and event.anchor is None:
                        # A plain key: its text is the key, no matter how it would resolve as a value.
                        k = event.value
                        if k == "<<" and not event.style:
                            raise _merge_key(event)
                        m = event.start_mark
                        e = event.end_mark
                        if k in cur:
                            self._duplicate(k, cur_pos, stack, cur_name, event)
                            key = _BAD_KEY
                        else:
                            key = intern(k)
                            cur_pos[key] = m.line << 96 | m.column << 64 | e.line << 32 | e.column
                        continue
                    v = event.value
                    if tag is None:
                        if not event.implicit[0]:
                            value: Any = v
                        elif not v:
                            value = None
                        elif v[0] in numeric_start:
                            value = resolve_plain(v)
                        else:
                            value = words.get(v, v)
                    elif tag == "!":
                        value = resolve_plain(v) if event.implicit[0] else v
                    elif event.implicit[1]:
                        value = v
                    else:
                        mark = event.start_mark
                        value = _tagged(v, tag, mark.line + 1, mark.column + 1)
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1)
                elif cls is MappingStart or cls is SequenceStart:
                    if len(stack) >= max_stack:
                        mark = event.start_mark
                        raise _Abort(
                            f"nested more than {MAX_DEPTH} levels deep; a journey map never needs that",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    nodes += 1
                    if nodes > limit:
                        raise _too_many(event, x_field)
                    m = event.start_mark
                    node: Any = {} if cls is MappingStart else []
                    name: PathPart
                    if cur is None:
                        name = ""
                        self.root_position = m.line << 96 | m.column << 64 | NO_END
                        self.root_node = node
                    elif is_map:
                        if key is None:
                            self.issues.append(
                                SourceIssue(
                                    "JM002",
                                    "a mapping key must be plain text, not a list or mapping",
                                    Location(m.line + 1, m.column + 1),
                                    _path(stack, cur_name),
                                )
                            )
                            key = _COMPLEX_KEY
                        if key is _BAD_KEY or key is _COMPLEX_KEY:
                            # Not in the data (a complex key, a repeated key's value), but its lines belong here.
                            name = "?"
                            if "?" not in cur_pos:
                                cur_pos["?"] = (m.line << 96 | m.column << 64 | NO_END, node)
                        else:
                            name = key
                            cur_pos[key] = (cur_pos[key], node)
                    else:
                        name = len(cur)
                        cur_pos.append((m.line << 96 | m.column << 64 | NO_END, node))
                    stack.append((cur, cur_pos, is_map, key, cur_anchor, cur_start, cur_x, cur_name))
                    cur_x = None
                    if x_field is None and name.__class__ is str and name.startswith("x-"):
                        cur_x = x_field = name
                        limit = min(MAX_NODES, nodes + MAX_X_VALUES)
                    cur = {} if cls is MappingStart else []
                    cur_pos = node
                    is_map = cls is MappingStart
                    key = None
                    cur_anchor = event.anchor
                    cur_start = nodes
                    cur_name = name
                    if event.flow_style:
                        flow_open.append((len(stack), m.line))
                    continue
                elif cls is MappingEnd or cls is SequenceEnd:
                    if flow_open and flow_open[-1][0] == len(stack) and flow_open.pop()[1] != event.end_mark.line:
                        self.multiline_flow = True
                    value = cur
                    if cur_x is not None:
                        x_field = None
                        limit = MAX_NODES
                    if cur_anchor is not None:
                        anchors[cur_anchor] = (value, nodes - cur_start + 1)
                    cur, cur_pos, is_map, key, cur_anchor, cur_start, cur_x, cur_name = stack.pop()
                elif cls is Alias:
                    target = anchors.get(event.anchor)
                    mark = event.start_mark
                    if target is None:
                        raise _Abort(f"alias *{event.anchor} names no anchor", mark.line + 1, mark.column + 1)
                    nodes += target[1]
                    if nodes > budget:
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

                # A value (or a key that is no plain scalar) goes into the open container; a mapping or sequence
                # value never arrives as a key (its start marked it complex) and has its position already.
                if cur is None:
                    root = value
                elif is_map:
                    if key is None:
                        # A key with a tag or an anchor, or an alias as a key.
                        k = event.value if cls is Scalar else value
                        if cls is Scalar and k == "<<" and not event.style:
                            raise _merge_key(event)
                        if not isinstance(k, str):
                            k = str(k)
                        if k in cur:
                            self._duplicate(k, cur_pos, stack, cur_name, event)
                            key = _BAD_KEY
                        else:
                            m = event.start_mark
                            e = event.end_mark
                            key = intern(k)
                            cur_pos[key] = m.line << 96 | m.column << 64 | e.line << 32 | e.column
                    elif key is _COMPLEX_KEY:
                        key = _BAD_KEY
                    else:
                        if key is not _BAD_KEY:
                            cur[key] = value
                        key = None
                else:
                    if cls is Scalar or cls is Alias:
                        m = event.start_mark
                        e = event.end_mark
                        cur_pos.append(m.line << 96 | m.column << 64 | e.line << 32 | e.column)
                    cur.append(value)
        except yaml.MarkedYAMLError as exc:
            raise _yaml_error(exc, self.text) from None
        except yaml.YAMLError as exc:
            raise _Abort(f"invalid YAML: {_one_line(str(exc))}", 1, 1) from None
        self.nodes = nodes
        return root

    def _duplicate(self, key: str, cur_pos: Any, stack: list[tuple[Any, ...]], name: PathPart, event: Any) -> None:
        entry = cur_pos.get(key)
        first = unpack(entry if isinstance(entry, int) else entry[0]) if entry is not None else None
        where = f" (first at line {first.line})" if first and first.line else ""
        mark, end = event.start_mark, event.end_mark
        self.issues.append(
            SourceIssue(
                "JM005",
                f"key {key!r} appears twice in the same mapping{where}; the first value is used",
                Location(mark.line + 1, mark.column + 1, end_line=end.line + 1, end_column=end.column + 1),
                (*_path(stack, name), key),
            )
        )


def _path(stack: list[tuple[Any, ...]], name: PathPart) -> ModelPath:
    """The model path of the open container named ``name`` (the builder's stack holds the names of those around it)."""
    return (*(frame[7] for frame in stack[2:]), name) if len(stack) >= 2 else ()


def _merge_key(event: Any) -> _Abort:
    mark = event.start_mark
    return _Abort("merge keys (<<) are not supported; write the fields out", mark.line + 1, mark.column + 1)


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
    return read_yaml_whole(path, raw)[0]


def decode_text(raw: bytes) -> str:
    """The text of a YAML file's bytes; raises _Abort for bytes that are no text (or too many of them)."""
    if len(raw) > MAX_FILE_BYTES:
        raise _Abort(f"file is {len(raw):,} bytes; jmap reads maps up to {MAX_FILE_BYTES:,}", 1, 1)
    text = decode(raw)
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise _Abort("not a text file: it contains a NUL byte", line, offset - text.rfind("\n", 0, offset))
    return text


def read_yaml_whole(path: str, raw: bytes) -> tuple[RawDocument, _Builder | None, str | None]:
    """``read_yaml``, with the builder that read the text and the text (None when the bytes were no text or
    the text no YAML), for ``incremental`` to keep."""
    doc = RawDocument(path=path, kind="yaml", data=None, positions=PositionIndex(tree=(pack(0, 0), {})))
    try:
        text = decode_text(raw)
    except _Abort as exc:
        doc.issues.append(SourceIssue("JM001", exc.message, Location(exc.line, exc.column)))
        return doc, None, None
    try:
        builder = _Builder(text)
        with gc_paused():
            data = builder.build()
    except _Abort as exc:
        doc.issues.append(SourceIssue("JM001", exc.message, Location(exc.line, exc.column)))
        return doc, None, text
    except RecursionError:
        doc.issues.append(SourceIssue("JM001", "the document is nested too deeply to read", Location(1, 1)))
        return doc, None, text
    doc.positions = PositionIndex(tree=(builder.root_position, builder.root_node))
    doc.issues.extend(builder.issues)
    if data is None and not builder.issues:
        empty = "empty" if not text.strip() else "only comments"
        doc.issues.append(SourceIssue("JM001", f"the file is {empty}: there is no map in it", Location(1, 1)))
        return doc, None, text
    doc.data = data
    doc.ignore_comments = find_ignore_comments(text, builder.ignore_spans)
    return doc, builder, text
