"""What the language server knows about one open document, without any LSP types.

An ``Analysis`` is one lint of the editor's text (the same findings as ``jmap lint``, the same config
discovery) plus the lookups hover, completion, definition, symbols and code actions need. Positions
here are jmap's: lines and columns from 1, columns in characters; the server converts them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jmap.errors import JmapError
from jmap.findings import Finding, Location, ModelPath
from jmap.lint.config import Config, find_config, load_config
from jmap.lint.core import FilePlan, LintOptions, lint_bytes, plan_files
from jmap.lint.discovery import Candidate
from jmap.loader import Loaded, Session
from jmap.model import JourneyMap
from jmap.rules.fixes import data_at, text_lines
from jmap.validate import field_names, model_at

MAP_SUFFIXES = (".jmap.yaml", ".jmap.yml")
"""Files named so are maps even before they have a ``jmap:`` line (findings from the first keystroke)."""


class Configs:
    """Config discovery as ``jmap lint`` does it, cached per config file and its modification time."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], Config] = {}

    def for_file(self, path: Path) -> Config:
        """The config for a file; raises ConfigError (a JmapError) for a broken config file."""
        found = find_config(path.parent)
        if found is None:
            return Config(root=path.parent.resolve())
        key = (str(found), found.stat().st_mtime_ns)
        cfg = self._cache.get(key)
        if cfg is None:
            cfg = self._cache[key] = load_config(found)
        return cfg


@dataclass(slots=True)
class Analysis:
    path: Path
    text: str | None
    """None for a workbook (read from disk, never edited)."""
    findings: list[Finding] = field(default_factory=list)
    loaded: Loaded | None = None
    """None when the document is not a journey map (or its config is broken)."""
    plan: FilePlan | None = None
    config_error: str | None = None
    _lines: list[str] | None = None
    _spans: list[tuple[int, int, int, ModelPath]] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = text_lines(self.text or "")
        return self._lines

    @property
    def model(self) -> JourneyMap | None:
        return self.loaded.model if self.loaded is not None else None

    @property
    def data(self) -> Any:
        return self.loaded.document.data if self.loaded is not None else None

    def location(self, path: ModelPath) -> Location | None:
        return self.loaded.document.positions.get(path) if self.loaded is not None else None

    def path_at(self, line: int, column: int) -> ModelPath | None:
        """The key or list item whose text covers (line, column)."""
        if self._spans is None:
            spans = []
            if self.loaded is not None:
                for path, loc in self.loaded.document.positions.items():
                    if loc.line is not None and loc.column is not None and loc.end_line == loc.line and loc.end_column:
                        spans.append((loc.line, loc.column, loc.end_column, path))
            self._spans = spans
        for at_line, start, end, path in self._spans:
            if at_line == line and start <= column <= end:
                return path
        return None

    def cited_evidence(self, line: int, column: int) -> tuple[str, ModelPath] | None:
        """The evidence id a pain point cites at (line, column), and the path of the item that has it (if any)."""
        path = self.path_at(line, column)
        if path is None or len(path) < 2 or path[-2] != "evidence" or len(path) == 2:
            return None
        cited = data_at(self.data, path)
        if not isinstance(cited, str):
            return None
        for k, item in enumerate(self.data.get("evidence") or [] if isinstance(self.data, dict) else []):
            if isinstance(item, dict) and item.get("id") == cited:
                return cited, ("evidence", k)
        return cited, ()

    def owners(self) -> list[str]:
        """The owners named in the map (any ``owner``, ``from`` or ``to``), in file order."""
        return _values(self.data, ("owner", "from", "to"))

    def channels(self) -> list[str]:
        return _values(self.data, ("channel",))

    def evidence_ids(self) -> list[str]:
        model = self.model
        return [e.id for e in model.evidence if e.id] if model is not None else []


def _values(data: Any, keys: tuple[str, ...]) -> list[str]:
    seen: dict[str, None] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in keys and isinstance(v, str) and v.strip():
                    seen.setdefault(v.strip())
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)
    return list(seen)


def analyse(
    path: Path, raw: bytes, text: str | None, configs: Configs, today: date | None, session: Session | None = None
) -> Analysis:
    """Lint one document as ``jmap lint`` would lint the file (the buffer's bytes instead of the disk's); a
    ``session`` kept for the document loads each new version from what the last one left."""
    out = Analysis(path, text)
    try:
        cfg = configs.for_file(path)
    except (JmapError, OSError) as exc:
        out.config_error = str(exc)
        return out
    explicit = path.name.endswith(MAP_SUFFIXES)
    options = LintOptions(config=cfg, today=today)
    plan = plan_files([Candidate(str(path), explicit)], options)[0]
    outcome, loaded = lint_bytes(plan, raw, session)
    out.findings, out.loaded, out.plan = list(outcome.findings), loaded, plan
    return out


@functools.cache
def field_schema(model: type[Any]) -> dict[str, dict[str, Any]]:
    """The JSON Schema of each field of a model class (by the key written in files)."""
    schema = model.model_json_schema(mode="validation")
    props: dict[str, dict[str, Any]] = schema.get("properties", {})
    return props


def field_doc(parent: ModelPath, key: str) -> tuple[str, tuple[str, ...]] | None:
    """A field's description and its allowed words (empty when any text goes), from the model's schema."""
    model = model_at(parent)
    if model is None or key not in field_names(model):
        return None
    prop = field_schema(model).get(key, {})
    return str(prop.get("description", "")), enum_values(prop)


def enum_values(prop: dict[str, Any]) -> tuple[str, ...]:
    found: list[str] = [str(v) for v in prop.get("enum", ()) if v is not None]
    for option in prop.get("anyOf", ()):
        found.extend(str(v) for v in option.get("enum", ()) if v is not None)
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class Context:
    """Where the cursor is for completion: in a mapping at ``parent``, on a key or on the value of ``key``."""

    parent: ModelPath
    key: str | None
    """None when a key is being typed."""
    prefix: str


_LINE = re.compile(r"(?P<indent>[ ]*)(?P<dashes>(?:-[ ]+)*)(?P<rest>.*)")
_KEY = re.compile(r"""(?P<key>[^\s:#{}\[\],'"][^:#{}\[\],]*?)[ ]*:(?:[ ]|$)""")
_FLOW_VALUE = re.compile(r"(?P<key>[\w-]+):[ ]+(?P<prefix>[^,{}\[\]]*)$")
_FLOW_KEY = re.compile(r"[{,][ ]*(?P<prefix>[\w-]*)$")
_FLOW_ITEM = re.compile(r"(?P<key>[\w-]+):[ ]*\[(?:[^\]]*,)?[ ]*(?P<prefix>[\w-]*)$")


def _frames(lines: list[str], upto: int) -> list[tuple[int, str | None]]:
    """The open block keys and list items above line ``upto`` (0-based): (column, key or None for an item)."""
    stack: list[tuple[int, str | None]] = []
    for text in lines[:upto]:
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _LINE.match(text)
        assert m is not None
        at = _open_items(stack, m)
        key = _KEY.match(m["rest"])
        if key is None:
            continue
        while stack and stack[-1][0] >= at:
            stack.pop()
        stack.append((at, key["key"].strip()))
    return stack


def _open_items(stack: list[tuple[int, str | None]], line: re.Match[str]) -> int:
    """Push the list items a line's dashes open (closing deeper frames); return the column of its content."""
    col = len(line["indent"])
    for dash in re.finditer(r"-[ ]+", line["dashes"]):
        at = col + dash.start()
        while stack and (stack[-1][0] > at or (stack[-1][0] == at and stack[-1][1] is None)):
            stack.pop()
        stack.append((at, None))
    return col + len(line["dashes"])


def _as_path(stack: list[tuple[int, str | None]]) -> ModelPath:
    return tuple(0 if key is None else key for _, key in stack)


def context_at(lines: list[str], line: int, column: int) -> Context | None:
    """The completion context at (line, column), both from 1, read from the text alone (it may not parse)."""
    if line > len(lines):
        return None
    before = lines[line - 1][: column - 1]
    m = _LINE.match(before)
    assert m is not None
    stack = _frames(lines, line - 1)
    at = _open_items(stack, m)
    while stack and stack[-1][0] >= at:
        stack.pop()
    rest = m["rest"]
    parent = _as_path(stack)
    if "{" in rest or "[" in rest:
        return _flow_context(parent, rest)
    key = _KEY.match(rest)
    if key is not None:
        return Context(parent, key["key"].strip(), rest[key.end() :].lstrip())
    if re.fullmatch(r"[\w-]*", rest):
        if m["dashes"] and stack and stack[-1][1] is None:
            list_key = stack[-2][1] if len(stack) >= 2 else None
            if list_key is not None and model_at(parent[:-2]) is not None and model_at(parent) is None:
                return Context(parent[:-2], list_key, rest)
        return Context(parent, None, rest)
    return None


def _flow_context(parent: ModelPath, rest: str) -> Context | None:
    item = _FLOW_ITEM.search(rest)
    if item is not None:
        return Context(_flow_parent(parent, rest[: item.start()]), item["key"], item["prefix"])
    value = _FLOW_VALUE.search(rest)
    opened = rest.rfind("{")
    if value is not None and value.start() > opened:
        return Context(_flow_parent(parent, rest[: value.start()]), value["key"], value["prefix"])
    key = _FLOW_KEY.search(rest)
    if key is not None:
        return Context(_flow_parent(parent, rest[: key.start() + 1]), None, key["prefix"])
    return None


def _flow_parent(parent: ModelPath, before: str) -> ModelPath:
    """The mapping a flow construct on this line belongs to: each unclosed ``key: {`` adds the key."""
    path = list(parent)
    for m in re.finditer(r"(?:(?P<key>[\w-]+):[ ]*)?(?P<open>\{)", before):
        closed = before.count("}", m.end())
        if closed == 0 and m["key"]:
            path.append(m["key"])
    return tuple(path)


def symbols(analysis: Analysis) -> Iterator[tuple[ModelPath, str, str, list[tuple[ModelPath, str, str]]]]:
    """Stages with their touchpoints: (path, name, id) each, in file order."""
    model = analysis.model
    if model is None:
        return
    for si, stage in enumerate(model.stages):
        children: list[tuple[ModelPath, str, str]] = [
            (("stages", si, "touchpoints", ti), tp.name, tp.id) for ti, tp in enumerate(stage.touchpoints)
        ]
        stage_path: ModelPath = ("stages", si)
        yield stage_path, stage.name, stage.id, children
