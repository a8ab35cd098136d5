"""Write a changed map onto the YAML text it was read from, changing only the lines that carry changed values.

``yaml_edits(text, old, new)`` compares ``old`` (what ``text`` means, as plain map data) with ``new`` (what it
should mean) and returns the :class:`~jmap.util.text_edits.TextEdit` list that turns one into the other on the
text itself: a changed scalar is rewritten where it stands (keeping its quotes when it can); a new key or list
item is written where the model's field order and the list's order put it, in the style of its siblings (indent,
flow or block, quotes); a removed key or item takes its whole lines and its own comments (the comment lines just
above it, and deeper-indented ones just below) with it; a moved item carries its own text, comments included.
Every other byte stays. ``edit_yaml`` applies them.

Positions come from libyaml's node marks (``yaml.compose``), read only here: jmap's fast reader stays the reader
for lint. List items are matched by ``id`` where they have one, otherwise by value (a longest common subsequence),
and what is left in between is paired in order, so a pain point whose text changed is edited, not replaced.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

import yaml

from jmap.changes.compute import same
from jmap.errors import JmapError
from jmap.formats.yaml.writer import double_quoted, dump, scalar
from jmap.util.text_edits import TextEdit, apply_text_edits, line_starts

FLOW_INDICATORS: Final = frozenset(",[]{}")
_MISSING: Final = object()


class NotEditable(JmapError):
    """A YAML map whose text jmap cannot edit in place (anchors and aliases share one value between places)."""


def edit_yaml(text: str, old: Any, new: Any) -> str:
    """``text`` changed so that it means ``new`` instead of ``old``; ``text`` itself when they are the same."""
    return apply_text_edits(text, yaml_edits(text, old, new))


def yaml_edits(text: str, old: Any, new: Any) -> list[TextEdit]:
    if same(old, new):
        return []
    root = _compose(text)
    editor = _Editor(text)
    editor.value(root, old, new, _Where(0, False, False))
    return editor.edits


class _Positions(yaml.CSafeLoader):
    """libyaml's nodes with their marks; tags are not resolved (the editor compares values it is given)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return "?"


def _compose(text: str) -> yaml.Node:
    try:
        if "&" in text or "*" in text:
            _refuse_aliases(text)
        node = yaml.compose(text, Loader=_Positions)
    except yaml.YAMLError as exc:
        raise NotEditable(f"the YAML cannot be read for editing: {' '.join(str(exc).split())}") from None
    if node is None:
        raise NotEditable("the file holds no YAML document")
    return node


def _refuse_aliases(text: str) -> None:
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark: Any = event.start_mark
            raise NotEditable(
                f"line {mark.line + 1} uses a YAML anchor or alias, which shares one value between places; "
                "jmap cannot edit such a map in place (write the values out)"
            )


@dataclass(frozen=True, slots=True)
class _Where:
    """How a value sits: the column of its key or dash, whether it follows a dash, whether it is inside a flow."""

    col: int
    under_dash: bool
    flow: bool


def _key_of(item: Any) -> str:
    """What list items are matched by: the id of an object with one, else the value itself."""
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return "id:" + str(item["id"])
    return "=" + json.dumps(item, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return f"{type(value).__name__}:{value.isoformat()}"
    return repr(value)


def _has_id(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("id"), str)


class _Editor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.nl = "\r\n" if "\r\n" in text else "\n"
        self.edits: list[TextEdit] = []

    # --- lines -------------------------------------------------------------------------------------------------

    def line(self, i: int) -> str:
        """Line ``i`` (0-based) without its line break."""
        if i + 1 >= len(self.starts):
            return ""
        return self.text[self.starts[i] : self.starts[i + 1]].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self.starts) - 1

    def is_comment(self, i: int) -> bool:
        return self.line(i).lstrip().startswith("#")

    def indent(self, i: int) -> int:
        s = self.line(i)
        return len(s) - len(s.lstrip(" "))

    def leading_start(self, line: int, col: int) -> int:
        """The first line of the comment lines just above ``line`` that belong to the entry at ``col``."""
        first = line
        while first > 0 and self.is_comment(first - 1) and self.indent(first - 1) >= col:
            first -= 1
        return first

    def extent_end(self, node: yaml.Node, col: int) -> int:
        """The last line of an entry whose value is ``node``: its content, then deeper-indented comments."""
        last = self.content_end(node)[0]
        while last + 1 < self.line_count and self.is_comment(last + 1) and self.indent(last + 1) > col:
            last += 1
        return last

    def content_end(self, node: yaml.Node) -> tuple[int, int]:
        """(line, column), 0-based, just after the last character of ``node``'s own text."""
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                end = (
                    self.starts[node.end_mark.line] + node.end_mark.column
                    if node.end_mark.line < len(self.starts)
                    else len(self.text)
                )
                start = self.starts[node.start_mark.line] + node.start_mark.column
                while end > start and self.text[end - 1] in " \t\r\n":
                    end -= 1
                return self.line_col(end)
            return node.end_mark.line, node.end_mark.column
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
            last = node.value[-1]
            return self.content_end(last[1] if isinstance(node, yaml.MappingNode) else last)
        return node.end_mark.line, node.end_mark.column

    def offset(self, pos: tuple[int, int]) -> int:
        return self.starts[pos[0]] + pos[1]

    def slice(self, node: yaml.Node) -> str:
        """A node's own text, as written."""
        start = self.offset((node.start_mark.line, node.start_mark.column))
        return self.text[start : self.offset(self.content_end(node))]

    def line_col(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo, offset - self.starts[lo]

    # --- edits -------------------------------------------------------------------------------------------------

    def replace(self, start: tuple[int, int], end: tuple[int, int], new_text: str) -> None:
        self.edits.append(TextEdit(start[0] + 1, start[1] + 1, end[0] + 1, end[1] + 1, new_text))

    def remove_lines(self, first: int, last: int) -> None:
        if last + 1 >= self.line_count and not self.text.endswith(("\n", "\r")) and first > 0:
            end = len(self.line(last))
            self.replace((first - 1, len(self.line(first - 1))), (last, end), "")
            return
        self.edits.append(TextEdit.replace_lines(first + 1, last + 1, ""))

    def insert_lines(self, before: int, lines: list[str]) -> None:
        """Insert whole lines before line ``before`` (0-based; ``line_count`` appends them)."""
        body = "".join(line + self.nl for line in lines)
        if before >= self.line_count and self.line_count and not self.text.endswith(("\n", "\r")):
            last = self.line_count - 1
            self.replace((last, len(self.line(last))), (last, len(self.line(last))), self.nl + body[: -len(self.nl)])
            return
        self.edits.append(TextEdit.insert(before + 1, 1, body))

    @contextmanager
    def collected(self) -> Iterator[list[TextEdit]]:
        """The edits made inside the block, taken out of the main list."""
        mark = len(self.edits)
        taken: list[TextEdit] = []
        yield taken
        taken.extend(self.edits[mark:])
        del self.edits[mark:]

    # --- walking -----------------------------------------------------------------------------------------------

    def value(self, node: yaml.Node, old: Any, new: Any, where: _Where) -> None:
        if old is not _MISSING and same(old, new):
            return
        if isinstance(node, yaml.MappingNode) and isinstance(new, dict) and node.value:
            self.mapping(node, old if isinstance(old, dict) else {}, new, where)
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(new, list)
            and isinstance(old, list)
            and len(old) == len(node.value)
            and node.value
            and new
        ):
            self.sequence(node, old, new, where)
        else:
            self.replace_value(node, new, where)

    def mapping(self, node: yaml.MappingNode, old: dict[str, Any], new: dict[str, Any], where: _Where) -> None:
        flow = bool(node.flow_style) or where.flow
        pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                pairs.setdefault(k.value, (k, v))
        col = node.value[0][0].start_mark.column
        removed = [key for key in pairs if key not in new and key in old]
        added: list[tuple[str | None, str, Any]] = []
        previous: str | None = None
        for key, value in new.items():
            pair = pairs.get(key)
            if pair is None:
                if key not in old or not same(old[key], value):  # a default the text does not spell out stays out
                    added.append((previous, key, value))
                continue
            k, v = pair
            self.value(v, old.get(key, _MISSING), value, _Where(k.start_mark.column, False, flow))
            previous = key
        if flow:
            order = list(pairs)
            entries = [(k.start_mark, v) for k, v in node.value]
            texts = [(order.index(p) if p is not None else None, self.flow_pair(k, v)) for p, k, v in added]
            self.flow_changes(node, entries, [order.index(k) for k in removed], texts)
            return
        for key in removed:
            self.remove_key(node, key, pairs, col)
        for prev, key, value in added:
            self.add_key(node, prev, key, value, pairs, col)

    def remove_key(
        self, node: yaml.MappingNode, key: str, pairs: dict[str, tuple[yaml.Node, yaml.Node]], col: int
    ) -> None:
        k, v = pairs[key]
        line = k.start_mark.line
        if self.line(line)[: k.start_mark.column].strip():
            # The key shares its line with the item's dash: the next key moves up onto that line.
            keys = list(pairs)
            after = keys[keys.index(key) + 1] if keys.index(key) + 1 < len(keys) else None
            if after is None:
                self.replace_value(node, {}, _Where(col, True, False))
                return
            nxt = pairs[after][0].start_mark
            self.replace((line, k.start_mark.column), (nxt.line, nxt.column), "")
            return
        self.remove_lines(self.leading_start(line, col), self.extent_end(v, col))

    def add_key(
        self,
        node: yaml.MappingNode,
        prev: str | None,
        key: str,
        value: Any,
        pairs: dict[str, tuple[yaml.Node, yaml.Node]],
        col: int,
    ) -> None:
        rendered = self.block_lines({key: value}, col)
        if prev is not None:
            self.insert_lines(self.extent_end(pairs[prev][1], col) + 1, rendered)
            return
        first = node.value[0][0].start_mark
        if self.line(first.line)[: first.column].strip():
            body = rendered[0][col:] + self.nl + "".join(line + self.nl for line in rendered[1:]) + " " * col
            self.replace((first.line, first.column), (first.line, first.column), body)
        else:
            self.insert_lines(self.leading_start(first.line, col), rendered)

    def sequence(self, node: yaml.SequenceNode, old: list[Any], new: list[Any], where: _Where) -> None:
        flow = bool(node.flow_style) or where.flow
        items = node.value
        col = items[0].start_mark.column if flow else node.start_mark.column
        pairs, removed, inserted = _align(old, new)
        moves = _moves(old, new, removed, inserted)
        for i, j in pairs:
            self.value(items[i], old[i], new[j], _Where(col, True, flow))
        if flow:
            at = _anchors(pairs, len(new))
            entries = [(item.start_mark, item) for item in items]
            unchanged = {j: i for i, j in moves.items() if same(old[i], new[j])}
            texts = [
                (at[j], self.slice(items[unchanged[j]]) if j in unchanged else self.flow_text(new[j]))
                for j in sorted({*inserted, *moves.values()})
            ]
            self.flow_changes(node, entries, sorted({*removed, *moves}), texts)
            return
        moved_to = {j: i for i, j in moves.items()}
        at = _anchors(pairs, len(new))
        for i in removed:
            if i not in moves:
                self.remove_item(items[i], col)
        for j in sorted(inserted):
            source = moved_to.get(j)
            if source is None:
                self.insert_item(at[j], items, col, self.item_lines(new[j], col, items))
                continue
            with self.collected() as inner:
                if _has_id(new[j]):
                    self.value(items[source], old[source], new[j], _Where(col, True, False))
            self.move_item(items[source], col, inner, at[j], items)

    def remove_item(self, item: yaml.Node, col: int) -> None:
        line = item.start_mark.line
        self.remove_lines(self.leading_start(line, col), self.extent_end(item, col))

    def move_item(
        self, item: yaml.Node, col: int, inner: list[TextEdit], after: int | None, items: list[yaml.Node]
    ) -> None:
        first = self.leading_start(item.start_mark.line, col)
        last = self.extent_end(item, col)
        block = self.text[self.starts[first] : self.starts[last + 1]]
        if not block.endswith(("\n", "\r")):
            block += self.nl
        shifted = [
            TextEdit(e.start_line - first, e.start_col, e.end_line - first, e.end_col, e.new_text) for e in inner
        ]
        block = apply_text_edits(block, shifted)
        self.remove_lines(first, last)
        self.insert_item(after, items, col, block.splitlines())

    def insert_item(self, after: int | None, items: list[yaml.Node], col: int, lines: list[str]) -> None:
        if after is None:
            self.insert_lines(self.leading_start(items[0].start_mark.line, col), lines)
        else:
            self.insert_lines(self.extent_end(items[after], col) + 1, lines)

    def item_lines(self, item: Any, col: int, siblings: list[yaml.Node]) -> list[str]:
        """A new list item's lines, in the style of its siblings (a flow mapping when they are)."""
        like = next((s for s in siblings if isinstance(s, yaml.MappingNode)), None)
        if isinstance(item, dict) and item and like is not None and like.flow_style:
            return [" " * col + "- " + self.flow_text(item)]
        return self.block_lines([item], col)

    def flow_changes(
        self, node: yaml.Node, entries: list[tuple[Any, Any]], removed: list[int], added: list[tuple[int | None, str]]
    ) -> None:
        """Remove entries (by index) and add texts (after an entry index, or first) inside a flow collection."""
        if not removed and not added:
            return
        ends = [self.content_end(value) for _, value in entries]
        starts = [(mark.line, mark.column) for mark, _ in entries]
        kept = [i for i in range(len(entries)) if i not in set(removed)]
        gone = set(removed)
        i = 0
        while i < len(entries):
            if i not in gone:
                i += 1
                continue
            run_end = i
            while run_end + 1 < len(entries) and run_end + 1 in gone:
                run_end += 1
            if run_end + 1 < len(entries):
                self.replace(starts[i], starts[run_end + 1], "")
            else:
                before = [k for k in kept if k < i]
                if before:
                    self.replace(ends[before[-1]], ends[run_end], "")
                else:
                    self.replace(starts[i], ends[run_end], "")
            i = run_end + 1
        for after, text in added:
            if after is not None and after < len(entries):
                self.replace(ends[after], ends[after], ", " + text)
            elif kept:
                self.replace(starts[kept[0]], starts[kept[0]], text + ", ")
            else:
                self.replace(starts[0], starts[0], text)

    # --- rendering ---------------------------------------------------------------------------------------------

    def block_lines(self, data: Any, col: int) -> list[str]:
        return [(" " * col + line) if line else "" for line in dump(data).split("\n")[:-1]]

    def flow_pair(self, key: str, value: Any) -> str:
        return f"{self.flow_scalar(key)}: {self.flow_text(value)}"

    def flow_text(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(self.flow_pair(k, v) for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow_text(v) for v in value) + "]"
        return self.flow_scalar(value)

    def flow_scalar(self, value: Any) -> str:
        text = scalar(value)
        if isinstance(value, str) and text == value and FLOW_INDICATORS.intersection(value):
            return _single_quoted(value)
        return text

    def replace_value(self, node: yaml.Node, new: Any, where: _Where) -> None:
        """Write ``new`` over ``node`` whole: a scalar in its old quotes, a collection in its old flow or block."""
        start = (node.start_mark.line, node.start_mark.column)
        end = self.content_end(node)
        collection = isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        head = start
        rest: list[str] = []
        if not isinstance(new, (dict, list)):
            if isinstance(new, str) and "\n" in new and not where.flow and _literal_ok(new):
                first = "|-"
                rest = [(" " * (where.col + 2) + line) if line else "" for line in new.split("\n")]
            elif isinstance(node, yaml.ScalarNode):
                first = self.scalar_text(node, new, where.flow)
            else:
                first = self.flow_scalar(new) if where.flow else scalar(new)
        elif where.flow or not new or (collection and getattr(node, "flow_style", False) and _fits_flow(new)):
            first = self.flow_text(new)
        elif collection:
            rendered = self.block_lines(new, start[1])
            first, rest = rendered[0][start[1] :], rendered[1:]
        elif where.under_dash and isinstance(new, dict):
            rendered = self.block_lines(new, where.col + 2)
            first, rest = rendered[0][where.col + 2 :], rendered[1:]
        else:
            # A one-line value becomes a block under its key: the key's line keeps its comment.
            first, rest = "", self.block_lines(new, where.col + 2)
            if start[1] and self.line(start[0])[start[1] - 1] == " ":
                head = (start[0], start[1] - 1)
        if end[0] > start[0]:
            self.replace(head, end, first + "".join(self.nl + line for line in rest))
            return
        self.replace(head, end, first)
        if rest:
            self.insert_lines(end[0] + 1, rest)

    def scalar_text(self, node: yaml.ScalarNode, new: Any, flow: bool) -> str:
        """``new`` written where ``node`` was, keeping its quotes where they can hold it."""
        if not isinstance(new, str):
            return scalar(new)
        if node.style == '"':
            return double_quoted(new)
        if node.style == "'" and new.isprintable():
            return _single_quoted(new)
        return self.flow_scalar(new) if flow else scalar(new)


def _fits_flow(value: Any) -> bool:
    return len(json.dumps(value, default=str)) < 100


def _literal_ok(text: str) -> bool:
    return (
        bool(text)
        and text[0] not in " \n"
        and not text.endswith("\n")
        and all((line.isprintable() and not line.endswith(" ")) for line in text.split("\n"))
    )


def _single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _align(old: list[Any], new: list[Any]) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (old index, new index) of the same item, old indexes removed, new indexes inserted."""
    okeys = [_key_of(x) for x in old]
    nkeys = [_key_of(x) for x in new]
    pairs: list[tuple[int, int]] = []
    removed: list[int] = []
    inserted: list[int] = []
    matcher = difflib.SequenceMatcher(None, okeys, nkeys, autojunk=False)
    new_ids = {k for k in nkeys if k.startswith("id:")}
    old_ids = {k for k in okeys if k.startswith("id:")}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        # Items left between matches: pair them in order unless one of them is an id seen elsewhere (a move).
        news = [j for j in range(j1, j2) if nkeys[j] not in old_ids]
        paired_old: set[int] = set()
        paired_new: set[int] = set()
        for i in range(i1, i2):
            if okeys[i] in new_ids:
                continue
            j = next((j for j in news if _similar(old[i], new[j])), None)
            if j is not None:
                pairs.append((i, j))
                paired_old.add(i)
                paired_new.add(j)
                news = [k for k in news if k > j]
        removed.extend(i for i in range(i1, i2) if i not in paired_old)
        inserted.extend(j for j in range(j1, j2) if j not in paired_new)
    pairs.sort(key=lambda p: p[1])
    return pairs, removed, inserted


def _similar(a: Any, b: Any) -> bool:
    """Whether two list items left unmatched are one item edited: texts always, objects sharing half their fields."""
    if not isinstance(a, dict) and not isinstance(b, dict):
        return not isinstance(a, list) and not isinstance(b, list)
    if not isinstance(a, dict) or not isinstance(b, dict):
        text, obj = (a, b) if isinstance(b, dict) else (b, a)
        return text in (obj.get("text"), obj.get("name"))
    shared = sum(1 for k, v in a.items() if k in b and same(v, b[k]))
    return 2 * shared >= max(len(a), len(b))


def _moves(old: list[Any], new: list[Any], removed: list[int], inserted: list[int]) -> dict[int, int]:
    """Removed old items that reappear among the inserted new ones: old index -> new index."""
    waiting: dict[str, list[int]] = {}
    for j in inserted:
        waiting.setdefault(_key_of(new[j]), []).append(j)
    moves: dict[int, int] = {}
    for i in removed:
        js = waiting.get(_key_of(old[i]))
        if js:
            moves[i] = js.pop(0)
    return moves


def _anchors(pairs: list[tuple[int, int]], n: int) -> list[int | None]:
    """For each new index: the old index of the kept item just before it (None: before every kept item)."""
    by_new = dict((j, i) for i, j in pairs)
    out: list[int | None] = []
    last: int | None = None
    for j in range(n):
        out.append(last)
        if j in by_new:
            last = by_new[j]
    return out
