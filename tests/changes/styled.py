"""Random map-shaped YAML in random styles (comments, quotes, flow or block, blank lines) and random edits of it.

Used by the editor's property test and by ``benchmarks/yaml_edit.py``. Every comment is unique (``# cN``) so a test
can tell which ones survived; an :class:`Edit` says what changed and which old lines it may touch.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from typing import Any

import yaml

from jmap.formats.yaml.writer import double_quoted, is_plain_safe

WORDS = ["Kickoff", "call", "owner", "CSM", "deal notes", "a: b", "it's", 'say "hi"', "#tag", "x, y", "[draft]",
         "yes", "010", "Zoë", "café", "v1.2", "  padded", "{ok}", "100%", "mid # hash", "- dash"]  # fmt: skip
FLOW_UNSAFE = frozenset(",[]{}")


def words(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def random_data(rng: random.Random, items: int = 4) -> dict[str, Any]:
    def item(i: int) -> dict[str, Any]:
        out: dict[str, Any] = {"id": f"i{i}", "name": words(rng), "owner": words(rng)}
        if rng.random() < 0.6:
            out["score"] = rng.randint(-2, 2)
        if rng.random() < 0.6:
            out["notes"] = [words(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.5:
            out["fix"] = {"what": words(rng), "who": words(rng)}
        return out

    return {
        "jmap": 1,
        "title": words(rng),
        "owner": words(rng),
        "flag": rng.random() < 0.5,
        "review": {"every": words(rng), "count": rng.randint(0, 9)},
        "tags": [words(rng) for _ in range(rng.randint(1, 4))],
        "items": [item(i) for i in range(rng.randint(1, items))],
    }


class Styler:
    """Writes plain data as YAML, choosing styles and comments at random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.n = 0
        self.seq_indent = rng.choice([0, 2])

    def comment(self) -> str:
        self.n += 1
        return f"# c{self.n}"

    def scalar(self, value: Any, flow: bool) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        text = str(value)
        styles = ["single", "double"]
        if is_plain_safe(text) and not (flow and FLOW_UNSAFE.intersection(text)):
            styles += ["plain", "plain"]
        style = self.rng.choice(styles)
        if style == "plain":
            return text
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        return double_quoted(text)

    def flow(self, value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {self.flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return self.scalar(value, True)

    def tail(self) -> str:
        return f"   {self.comment()}" if self.rng.random() < 0.3 else ""

    def lead(self, indent: int, lines: list[str]) -> None:
        if self.rng.random() < 0.2:
            lines.append(" " * indent + self.comment())

    def mapping(self, data: dict[str, Any], indent: int, lines: list[str], first_prefix: str | None = None) -> None:
        for n, (key, value) in enumerate(data.items()):
            prefix = first_prefix if (n == 0 and first_prefix is not None) else " " * indent
            if n > 0 or first_prefix is None:
                if indent == 0 and n > 0 and self.rng.random() < 0.2:
                    lines.append("")
                self.lead(indent, lines)
            self.entry(f"{prefix}{key}:", value, indent, lines)

    def entry(self, head: str, value: Any, indent: int, lines: list[str]) -> None:
        if isinstance(value, (dict, list)) and value and self.rng.random() < 0.6:
            lines.append(head + self.tail())
            if isinstance(value, dict):
                self.mapping(value, indent + 2, lines)
            else:
                self.sequence(value, indent + self.seq_indent, lines)
        elif isinstance(value, (dict, list)):
            lines.append(f"{head} {self.flow(value)}{self.tail()}")
        else:
            lines.append(f"{head} {self.scalar(value, False)}{self.tail()}")

    def sequence(self, items: list[Any], indent: int, lines: list[str]) -> None:
        for item in items:
            self.lead(indent, lines)
            if isinstance(item, dict) and item and self.rng.random() < 0.8:
                self.mapping(item, indent + 2, lines, first_prefix=" " * indent + "- ")
            elif isinstance(item, (dict, list)):
                lines.append(" " * indent + "- " + self.flow(item) + self.tail())
            else:
                lines.append(" " * indent + "- " + self.scalar(item, False) + self.tail())

    def document(self, data: dict[str, Any]) -> str:
        lines = [self.comment() + " header"]
        self.mapping(data, 0, lines)
        return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Edit:
    kind: str
    """set, add-key, remove-key, add-item, remove-item, move-item"""
    path: tuple[str | int, ...]
    new: dict[str, Any]


def _containers(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    out: list[tuple[tuple[str | int, ...], Any]] = []
    if isinstance(data, (dict, list)):
        out.append((path, data))
        items = data.items() if isinstance(data, dict) else enumerate(data)
        for k, v in items:
            out.extend(_containers(v, (*path, k)))
    return out


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def random_edit(rng: random.Random, data: dict[str, Any]) -> Edit:
    new = copy.deepcopy(data)
    containers = _containers(new)
    kind = rng.choice(["set", "set", "add-key", "remove-key", "add-item", "remove-item", "move-item"])
    dicts = [(p, c) for p, c in containers if isinstance(c, dict)]
    lists = [(p, c) for p, c in containers if isinstance(c, list)]
    if kind == "set":
        choices = [(p, k) for p, c in dicts for k, v in c.items() if not isinstance(v, (dict, list)) and k != "id"]
        p, k = rng.choice(choices)
        old = _get(new, p)[k]
        value: Any = rng.randint(-5, 5) if isinstance(old, int) and not isinstance(old, bool) else words(rng) + "!"
        _get(new, p)[k] = value
        return Edit("set", (*p, k), new)
    if kind == "add-key":
        p, c = rng.choice(dicts)
        key = f"x-new{rng.randint(0, 99)}"
        if key in c:
            return random_edit(rng, data)
        c[key] = rng.choice([words(rng), [words(rng), words(rng)], {"a": words(rng)}])
        return Edit(kind, (*p, key), new)
    if kind == "remove-key":
        choices = [(p, k) for p, c in dicts for k in c if k not in ("id", "jmap") and len(c) > 1]
        p, k = rng.choice(choices)
        del _get(new, p)[k]
        return Edit(kind, (*p, k), new)
    long_lists = [(p, c) for p, c in lists if len(c) >= 2]
    if kind == "add-item" or not long_lists:
        p, c = rng.choice(lists)
        at = rng.randint(0, len(c))
        if c and isinstance(c[0], dict):
            ids = {x.get("id") for x in c}
            fresh = next(f"i{n}" for n in range(100, 200) if f"i{n}" not in ids)
            c.insert(at, {"id": fresh, "name": words(rng), "owner": words(rng)})
        else:
            c.insert(at, words(rng))
        return Edit("add-item", (*p, at), new)
    p, c = rng.choice(long_lists)
    i = rng.randrange(len(c))
    if kind == "remove-item":
        del c[i]
        return Edit(kind, (*p, i), new)
    item = c.pop(i)
    j = rng.choice([k for k in range(len(c) + 1) if k != i])
    c.insert(j, item)
    return Edit("move-item", (*p, i), new)


def node_at(root: yaml.Node, path: tuple[str | int, ...]) -> tuple[yaml.Node, yaml.Node | None, int]:
    """The node at ``path`` (its parent, and its index among the parent's entries)."""
    node, parent, index = root, None, -1
    for step in path:
        parent = node
        if isinstance(node, yaml.MappingNode):
            index = next(i for i, (k, _) in enumerate(node.value) if k.value == step)
            node = node.value[index][1]
        else:
            assert isinstance(node, yaml.SequenceNode) and isinstance(step, int)
            index = step
            node = node.value[step]
    return node, parent, index


def allowed_lines(text: str, edit: Edit) -> set[int]:
    """0-based lines of ``text`` that ``edit`` may change: the edited value, or the room between its neighbours."""
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert root is not None
    if edit.kind == "set":
        node, _, _ = node_at(root, edit.path)
        return set(range(node.start_mark.line, node.end_mark.line + 1))
    parent_path = edit.path[:-1]
    parent, _, _ = node_at(root, parent_path)
    if edit.kind == "move-item" and not getattr(parent, "flow_style", False):
        return set(range(parent.start_mark.line - 1, _last_line(parent) + 1))  # the first item's own comment
    if getattr(parent, "flow_style", False) or edit.kind.startswith("add"):
        if getattr(parent, "flow_style", False):
            return set(range(parent.start_mark.line, parent.end_mark.line + 1))
        return set()
    entries = parent.value
    _, _, index = node_at(root, edit.path)

    def first(entry: Any) -> int:
        return int((entry[0] if isinstance(entry, tuple) else entry).start_mark.line)

    def last(entry: Any) -> int:
        value = entry[1] if isinstance(entry, tuple) else entry
        return _last_line(value)

    low = last(entries[index - 1]) + 1 if index > 0 else parent.start_mark.line - 1
    high = first(entries[index + 1]) if index + 1 < len(entries) else _last_line(parent) + 3
    return set(range(max(low, 0), high + 1))


def _last_line(node: yaml.Node) -> int:
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_line(last[1] if isinstance(last, tuple) else last)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        return int(node.end_mark.line) - 1
    return int(node.end_mark.line)


def in_flow(text: str, path: tuple[str | int, ...]) -> bool:
    """Whether the value at ``path`` sits inside a flow collection."""
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert root is not None
    node = root
    for step in path:
        if getattr(node, "flow_style", False):
            return True
        node, _, _ = node_at(node, (step,))
    return False
