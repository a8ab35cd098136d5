"""Read an edited YAML map again by reading only the entries the edit touched.

An editor sends the whole text on every keystroke, and the language server lints each version. Most edits
change a line or two inside one touchpoint, one pain point or one stage, yet a whole read of a 200-touchpoint
map took most of the time to a diagnostic. ``read`` compares the new text with the last one read cleanly,
finds the innermost entries of a block collection (items of a ``- `` list, or keys of a mapping) that hold
every changed line, reads just those lines and splices them, with their positions, into a copy of the last
data and position tree (sharing the rest); the positions after them move by the number of lines added or
removed.

The splice is taken only when it gives what a whole read would give; otherwise the text is read whole:

* the last read was clean: a mapping at the top, no reader issue, no anchor or alias (a copy's source may lie
  outside the lines read again), no ``%`` directive, no flow collection (``[...]``, ``{...}``) over several
  lines (a line inside one is no line of its own), no line break but ``\\n`` and ``\\r\\n``;
* the lines read again, alone (padded with empty lines so libyaml reports the document's own lines), read
  without error or issue as entries of the same kind at the same column, each starting its own line, holding
  at least one; a line less indented than the entries or a document marker (``---``, ``...``) in them ends
  the read with an error or is refused, so every line read again belongs to those entries in the whole text;
* entries are the items of a block sequence (``- ...`` lines) or the keys of a block mapping; a key the rest of
  its mapping has already is left to a whole read (it reports the repeat);
* the line after them is unchanged (it opens the next item or the next key), so the edit cannot run on;
* the map stays inside the reader's limits (values, depth) and no ``x-`` field is cut.

``tests/formats/yaml/test_incremental.py`` and ``benchmarks/incremental_property.py`` check it against whole
reads on random maps and random edits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jmap.document import NO_END, PositionIndex, PositionTree, RawDocument
from jmap.findings import PathPart
from jmap.formats.yaml.reader import MAX_NODES, _Abort, _Builder, decode_text, find_ignore_comments, read_yaml_whole
from jmap.util.gc_pause import gc_paused

_DASH = re.compile(r"[ ]*-(?:[ ]+|\Z)")
_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \t\r]|\Z)|%")
_LINE = 1 << 96
_END_LINE = 1 << 32


@dataclass(frozen=True, slots=True)
class YamlState:
    """What a clean read leaves for the next: the text's lines, its data as read (never changed: validation
    copies what it changes), the positions, and how many values it holds."""

    lines: list[str]
    data: dict[str, Any]
    tree: tuple[int, PositionTree]
    nodes: int
    ignore_spans: list[int]
    """The reader's spans of the scalars that hold ``ignore`` (``_Builder.ignore_spans``)."""
    spliced: bool = False
    """Whether this text was read by a splice (else whole): for tests and benchmarks."""


def read(path: str, raw: bytes, state: YamlState | None) -> tuple[RawDocument, YamlState | None]:
    """The document ``raw`` holds, as ``read_yaml`` reads it, and the state for the next edit: this text's when
    it read cleanly, else the last clean one's (a typo and its fix are both measured from it), else None."""
    if state is not None:
        try:
            text = decode_text(raw)
        except _Abort:
            text = None
        if text is not None:
            spliced = _splice(path, text, state)
            if spliced is not None:
                return spliced
    doc, builder, text = read_yaml_whole(path, raw)
    if (
        builder is None
        or text is None
        or doc.issues
        or builder.anchors
        or builder.multiline_flow
        or not isinstance(doc.data, dict)
        or text.startswith("%")
        or "\n%" in text
        or _other_breaks(text)
    ):
        return doc, state
    tree = (builder.root_position, builder.root_node)
    return doc, YamlState(text.split("\n"), doc.data, tree, builder.nodes, builder.ignore_spans)


@dataclass(frozen=True, slots=True)
class _Chunk:
    """Whole entries of one block collection: items ``first:last`` of a sequence, or keys ``first:last`` (in order)
    of a mapping, at ``steps`` from the top; they fill old lines ``start:end``."""

    steps: list[PathPart]
    first: int
    last: int
    start: int
    end: int
    mapping: bool


def _other_breaks(text: str) -> bool:
    """Whether libyaml counts lines in ``text`` otherwise than by its ``\\n``: at a lone ``\\r``, or at NEL,
    LS or PS (line breaks in YAML 1.1)."""
    return (
        ("\r" in text and text.count("\r") != text.count("\r\n"))
        or "\x85" in text
        or "\u2028" in text
        or "\u2029" in text
    )


def _splice(path: str, text: str, state: YamlState) -> tuple[RawDocument, YamlState] | None:
    if _other_breaks(text):
        return None
    old = state.lines
    new = text.split("\n")
    n = min(len(old), len(new))
    a = 0
    while a < n and old[a] == new[a]:
        a += 1
    if a == len(old) == len(new):
        return _document(path, text, state.data, state.tree, state.ignore_spans), state
    b = 0
    while b < n - a and old[-1 - b] == new[-1 - b]:
        b += 1
    old_end, delta = len(old) - b, len(new) - len(old)
    chunk = _find(state.tree, old, a, old_end)
    if chunk is None or any(isinstance(step, str) and step.startswith("x-") for step in chunk.steps):
        return None
    start, end = chunk.start, chunk.end
    column = len(old[start]) - len(old[start].lstrip(" "))
    first_line = new[start] if start < len(new) else ""
    if end + delta <= start or len(first_line) - len(first_line.lstrip(" ")) != column:
        return None
    if not chunk.mapping and not _DASH.match(first_line):
        return None
    lines = new[start : end + delta]
    if any(_MARKER.match(line) for line in lines):
        return None
    # Up to the next line's start, or to the very end: a block scalar at the end keeps or lacks its last break.
    tail = "\n" if end + delta < len(new) else ""
    builder = _Builder("\n" * start + "\n".join(lines) + tail, base_depth=len(chunk.steps))
    try:
        with gc_paused():
            read = builder.build()
    except (_Abort, RecursionError):
        return None
    if (
        builder.issues
        or builder.anchors
        or builder.multiline_flow
        or not isinstance(read, dict if chunk.mapping else list)
        or not read
        or builder.root_position >> 64 != start << 32 | column
    ):
        return None
    entries = builder.root_node.values() if isinstance(builder.root_node, dict) else builder.root_node
    if not all(_starts_line(new, e, chunk.mapping, column) for e in entries):
        return None  # read alone, the lines hold something else than entries at the column (a tagged mapping)
    container: Any = _at(state.data, chunk.steps)
    if chunk.mapping:
        keys = list(container)
        if set(keys[: chunk.first]).union(keys[chunk.last :]).intersection(read):
            return None  # a key the rest of the mapping has: a whole read reports it
        old_nodes = sum(1 + _count(container[k]) for k in keys[chunk.first : chunk.last])
    else:
        old_nodes = sum(_count(v) for v in container[chunk.first : chunk.last])
    nodes = state.nodes - old_nodes + builder.nodes - 1
    if nodes > MAX_NODES:
        return None
    data = _replaced(state.data, chunk, read, 0)
    tree = (state.tree[0], _replaced_tree(state.tree[1], chunk, builder.root_node, delta, 0))
    spans = [
        *(p for p in state.ignore_spans if p >> 96 < start),
        *builder.ignore_spans,
        *(_moved(p, delta) for p in state.ignore_spans if p >> 96 >= end),
    ]
    return _document(path, text, data, tree, spans), YamlState(new, data, tree, nodes, spans, True)


def _document(
    path: str, text: str, data: dict[str, Any], tree: tuple[int, PositionTree], spans: list[int]
) -> RawDocument:
    doc = RawDocument(path=path, kind="yaml", data=data, positions=PositionIndex(tree=tree))
    doc.ignore_comments = find_ignore_comments(text, spans)
    return doc


def _line(entry: Any) -> int:
    return (entry if isinstance(entry, int) else entry[0]) >> 96


def _find(root: tuple[int, PositionTree], lines: list[str], a: int, b: int) -> _Chunk | None:
    """The innermost whole entries of a block collection that hold old lines ``a`` to ``b`` (exclusive; ``a == b``
    for lines only inserted there), each starting its own line, or None."""
    steps: list[PathPart] = []
    node: PositionTree = root[1]
    span_end = len(lines)
    best: _Chunk | None = None
    while node:
        entries = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        starts = [_line(e) for _, e in entries]
        ends = [*starts[1:], span_end]
        count = len(entries)
        first = next((k for k in range(count) if ends[k] > a or (a == b and ends[k] == a)), None)
        last = next((k for k in range(count - 1, -1, -1) if starts[k] < b or (a == b and starts[k] <= a)), None)
        if first is None or last is None or last < first or starts[first] > a:
            return best
        mapping = isinstance(node, dict)
        if all(_starts_line(lines, entries[k][1], mapping) for k in range(first, last + 1)):
            best = _Chunk(list(steps), first, last + 1, starts[first], ends[last], mapping)
        entry = entries[first][1]
        if first != last or isinstance(entry, int) or starts[first] >= a:
            return best
        steps.append(entries[first][0])
        node, span_end = entry[1], ends[first]
    return best


def _starts_line(lines: list[str], entry: Any, mapping: bool, indent: int | None = None) -> bool:
    """Whether an entry begins its own line (indented by ``indent`` spaces, when given): a key after nothing but
    spaces, an item after nothing but ``- ``."""
    packed: int = entry if isinstance(entry, int) else entry[0]
    line, column = packed >> 96, (packed >> 64) & 0xFFFFFFFF
    if line >= len(lines):
        return False
    text = lines[line]
    spaces = len(text) - len(text.lstrip(" "))
    if indent is not None and spaces != indent:
        return False
    if mapping:
        return column == spaces < len(text)
    m = _DASH.match(text)
    return m is not None and m.end() == column


def _at(data: Any, steps: list[PathPart]) -> Any:
    for step in steps:
        data = data[step]
    return data


def _replaced(data: Any, chunk: _Chunk, read: Any, depth: int) -> Any:
    """A copy of ``data`` with the chunk's entries replaced by those ``read`` (shared everywhere else)."""
    if depth == len(chunk.steps):
        if chunk.mapping:
            keys = list(data)
            return {
                **{k: data[k] for k in keys[: chunk.first]},
                **read,
                **{k: data[k] for k in keys[chunk.last :]},
            }
        return [*data[: chunk.first], *read, *data[chunk.last :]]
    step = chunk.steps[depth]
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[step] = _replaced(data[step], chunk, read, depth + 1)
    return copy


def _replaced_tree(node: Any, chunk: _Chunk, read: Any, delta: int, depth: int) -> Any:
    """The position-tree twin of ``_replaced``: the entries after the chunk move by ``delta`` lines."""
    if depth == len(chunk.steps):
        if chunk.mapping:
            entries = list(node.items())
            return {
                **dict(entries[: chunk.first]),
                **read,
                **{k: _shift(e, delta) for k, e in entries[chunk.last :]},
            }
        return [*node[: chunk.first], *read, *(_shift(e, delta) for e in node[chunk.last :])]
    step = chunk.steps[depth]
    if isinstance(node, list):
        assert isinstance(step, int)
        entry = node[step]
        inner = (entry[0], _replaced_tree(entry[1], chunk, read, delta, depth + 1))
        return [*node[:step], inner, *(_shift(e, delta) for e in node[step + 1 :])]
    out: dict[str, Any] = {}
    after = False
    for key, entry in node.items():
        if key == step:
            out[key] = (entry[0], _replaced_tree(entry[1], chunk, read, delta, depth + 1))
            after = True
        else:
            out[key] = _shift(entry, delta) if after else entry
    return out


def _shift(entry: Any, delta: int) -> Any:
    """An entry (and all below it) moved by ``delta`` lines."""
    if not delta:
        return entry
    if isinstance(entry, int):
        return _moved(entry, delta)
    node = entry[1]
    if isinstance(node, dict):
        return _moved(entry[0], delta), {k: _shift(v, delta) for k, v in node.items()}
    return _moved(entry[0], delta), [_shift(v, delta) for v in node]


def _moved(packed: int, delta: int) -> int:
    if packed & NO_END == NO_END:
        return packed + delta * _LINE
    return packed + delta * (_LINE + _END_LINE)


def _count(value: Any) -> int:
    """How many values the reader counted for ``value`` (each key, item and scalar)."""
    if isinstance(value, dict):
        return 1 + sum(1 + _count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_count(v) for v in value)
    return 1
