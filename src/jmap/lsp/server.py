"""``jmap lsp``: the Language Server Protocol server (pygls, over stdio).

Diagnostics are ``jmap lint``'s findings for the editor's text, published on open and after each change:
at once after a pause, and at most once per ``debounce_ms`` while changes keep coming (the last one is
always linted). Hover, completion, definition, document
symbols and code actions read the latest analysis of the document. Initialization options:
``{"today": "YYYY-MM-DD", "debounce_ms": 30}``.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition

from jmap import __version__
from jmap.findings import Finding, Severity, parse_model_path
from jmap.formats import kind_of
from jmap.formats.yaml.reader import IGNORE_COMMENT
from jmap.lint.fix import fix_text, proposal
from jmap.loader import Session
from jmap.lsp.analysis import Analysis, Configs, Context, analyse, context_at, field_doc, symbols
from jmap.rules import REGISTRY, all_rules, find_rule
from jmap.rules.base import Applicability
from jmap.rules.fixes import data_at, insert_key, newline_of
from jmap.util.display import visible
from jmap.util.gc_pause import gc_paused
from jmap.util.text_edits import TextEdit

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
_TOKEN = re.compile(r"[^\s:,{}\[\]#]+")
_CODE = re.compile(r"JM\d{3}", re.IGNORECASE)
_IGNORE_OPEN = re.compile(r"#\s*jmap:\s*ignore\[[^\]]*$")
DEFAULT_DEBOUNCE_MS = 30


class JmapServer(LanguageServer):
    def __init__(self, today: date | None = None) -> None:
        super().__init__("jmap", __version__)
        self.today = today
        self.debounce = DEFAULT_DEBOUNCE_MS / 1000
        self.configs = Configs()
        self.analyses: dict[str, tuple[int | None, Analysis]] = {}
        self.last_good: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.linted_at: dict[str, float] = {}
        self.sessions: dict[str, Session] = {}
        self.diagnostics: dict[str, dict[tuple[Any, ...], lsp.Diagnostic]] = {}
        """The last diagnostics published for each document, by what they were made from (``_diagnostic_key``)."""

    def analysis(self, uri: str) -> Analysis | None:
        """The analysis of the document as it is now (linted again when the text changed since)."""
        doc = self.workspace.get_text_document(uri)
        seen = self.analyses.get(uri)
        if seen is not None and seen[0] == doc.version:
            return seen[1]
        return self.lint(uri)

    def text_view(self, uri: str) -> tuple[Analysis, _Doc] | None:
        """The analysis of a text document (not a workbook) and its lines, for a request about a position."""
        result = self.analysis(uri)
        if result is None or result.text is None:
            return None
        return result, _Doc(self.workspace.get_text_document(uri))

    def lint(self, uri: str) -> Analysis | None:
        path = to_fs_path(uri)
        if path is None:
            return None
        doc = self.workspace.get_text_document(uri)
        if kind_of(path) == "xlsx":
            try:
                raw = Path(path).read_bytes()
            except OSError:
                return None
            result = analyse(Path(path), raw, None, self.configs, self.today)
        else:
            text = doc.source
            session = self.sessions.setdefault(uri, Session())
            result = analyse(Path(path), text.encode("utf-8"), text, self.configs, self.today, session)
        self.analyses[uri] = (doc.version, result)
        if result.model is not None:
            self.last_good[uri] = result
        return result

    def publish(self, uri: str) -> None:
        """Lint the document and send its diagnostics. The collector is paused until they are sent, and the
        last analysis is freed after, so neither delays them (both take milliseconds on a large map)."""
        retired = (self.analyses.get(uri), self.last_good.get(uri), self.diagnostics.get(uri))
        with gc_paused():
            self._publish(uri)
        del retired

    def _publish(self, uri: str) -> None:
        self.pending.pop(uri, None)
        result = self.lint(uri)
        self.linted_at[uri] = asyncio.get_running_loop().time()
        if result is None:
            return
        doc = _Doc(self.workspace.get_text_document(uri))
        before = self.diagnostics.get(uri, {})
        now: dict[tuple[Any, ...], lsp.Diagnostic] = {}
        diagnostics = []
        for f in result.findings:
            key = _diagnostic_key(doc, result, f)
            made = now[key] = before.get(key) or diagnostic(doc, result, f)
            diagnostics.append(made)
        self.diagnostics[uri] = now
        if result.config_error is not None:
            diagnostics.append(
                lsp.Diagnostic(
                    lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                    visible(result.config_error),
                    severity=lsp.DiagnosticSeverity.Error,
                    source="jmap",
                )
            )
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=doc.version)
        )

    def schedule(self, uri: str) -> None:
        """Lint after a change: at once when the document was not linted in the last ``debounce`` seconds,
        else when that time is up; changes arriving meanwhile are taken in by that one lint (it reads the
        text as it is then)."""
        if uri in self.pending:
            return
        loop = asyncio.get_running_loop()
        delay = max(0.0, self.linted_at.get(uri, -self.debounce) + self.debounce - loop.time())
        self.pending[uri] = loop.call_later(delay, self.publish, uri)


class _Doc:
    """An open document split into lines once, to convert many positions to and from the client's units."""

    def __init__(self, doc: TextDocument) -> None:
        self.codec = doc.position_codec
        self.lines = doc.lines
        self.version = doc.version

    def position_to_client_units(self, position: ServerTextPosition) -> lsp.Position:
        line = position.line
        if 0 <= line < len(self.lines) and (text := self.lines[line]).isascii():
            # One code unit per character in every encoding: no need to count them one by one.
            return lsp.Position(line, min(position.character, len(text)))
        return self.codec.position_to_client_units(self.lines, position)

    def position_from_client_units(self, position: lsp.Position) -> ServerTextPosition:
        return self.codec.position_from_client_units(self.lines, position)


def _position(doc: _Doc, line: int, column: int) -> lsp.Position:
    """An LSP position (in the client's units) from jmap's line and column (from 1, in characters)."""
    return doc.position_to_client_units(ServerTextPosition(max(line - 1, 0), max(column - 1, 0)))


def finding_range(doc: _Doc, result: Analysis, f: Finding) -> lsp.Range:
    if f.line is None or f.cell is not None:
        row = max((f.line or 1) - 1, 0)
        return lsp.Range(lsp.Position(row, 0), lsp.Position(row, 0))
    column = f.column or 1
    if f.end_line is not None and f.end_column is not None:
        return lsp.Range(_position(doc, f.line, column), _position(doc, f.end_line, f.end_column))
    lines = result.lines
    text = lines[f.line - 1] if f.line <= len(lines) else ""
    token = _TOKEN.match(text, column - 1)
    end = token.end() + 1 if token else column + 1
    return lsp.Range(_position(doc, f.line, column), _position(doc, f.line, end))


def _diagnostic_key(doc: _Doc, result: Analysis, f: Finding) -> tuple[Any, ...]:
    """All a finding's diagnostic is made from: the finding and the text of the lines its range is measured on."""
    lines = doc.lines
    start, end = (f.line or 1) - 1, (f.end_line or f.line or 1) - 1
    return (
        f,
        lines[start] if 0 <= start < len(lines) else None,
        lines[end] if 0 <= end < len(lines) else None,
        result.lines[start] if f.end_line is None and 0 <= start < len(result.lines) else None,
    )


def diagnostic(doc: _Doc, result: Analysis, f: Finding) -> lsp.Diagnostic:
    rule = REGISTRY[f.code]
    where = f"[{f.cell}] " if f.cell else ""
    return lsp.Diagnostic(
        finding_range(doc, result, f),
        where + visible(f.message),
        severity=_SEVERITY[f.severity],
        code=f.code,
        code_description=lsp.CodeDescription(href=rule.doc_url()),
        source="jmap",
        data={"name": f.name},
    )


def _edit(doc: _Doc, e: TextEdit) -> lsp.TextEdit:
    return lsp.TextEdit(
        lsp.Range(_position(doc, e.start_line, e.start_col), _position(doc, e.end_line, e.end_col)), e.new_text
    )


def _cursor(doc: _Doc, position: lsp.Position) -> tuple[int, int]:
    at = doc.position_from_client_units(position)
    return at.line + 1, at.character + 1


server = JmapServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: JmapServer, params: lsp.InitializeParams) -> None:
    options: Any = params.initialization_options or {}
    if isinstance(options, dict):
        if isinstance(options.get("today"), str):
            try:
                ls.today = date.fromisoformat(options["today"])
            except ValueError:
                ls.window_log_message(
                    lsp.LogMessageParams(lsp.MessageType.Warning, f"jmap: 'today' {options['today']!r} is not a date")
                )
        if isinstance(options.get("debounce_ms"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce_ms"]) / 1000)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: JmapServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: JmapServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: JmapServer, params: lsp.DidSaveTextDocumentParams) -> None:
    if kind_of(params.text_document.uri) == "xlsx":
        ls.publish(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: JmapServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = ls.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    ls.analyses.pop(uri, None)
    ls.sessions.pop(uri, None)
    ls.diagnostics.pop(uri, None)
    ls.last_good.pop(uri, None)
    ls.linted_at.pop(uri, None)
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: JmapServer, params: lsp.HoverParams) -> lsp.Hover | None:
    uri = params.text_document.uri
    opened = ls.text_view(uri)
    if opened is None:
        return None
    result, doc = opened
    line, column = _cursor(doc, params.position)
    text = result.lines[line - 1] if line <= len(result.lines) else ""
    for m in _CODE.finditer(text):
        if m.start() < column <= m.end() + 1:
            rule = find_rule(m.group())
            if rule is not None:
                fix = f"\n\nQuick fix: {rule.fix.title} ({rule.fix.applicability.value})." if rule.fix else ""
                body = f"**{rule.code} {rule.name}** ({rule.severity.label})\n\n{rule.explanation()}{fix}"
                return _markdown(f"{body}\n\n[{rule.code} in docs/rules.md]({rule.doc_url()})")
    cited = result.cited_evidence(line, column)
    if cited is not None:
        return _markdown(_evidence_text(result, *cited))
    path = result.path_at(line, column)
    if path and isinstance(path[-1], str):
        doc_of = field_doc(path[:-1], path[-1])
        if doc_of is not None:
            description, words = doc_of
            allowed = f"\n\nOne of: {', '.join(f'`{w}`' for w in words)}" if words else ""
            return _markdown(f"**{path[-1]}**: {description}{allowed}")
    return None


def _evidence_text(result: Analysis, cited: str, item: tuple[Any, ...]) -> str:
    if not item:
        return f"**{visible(cited)}**: no evidence item of this map has this id."
    data = result.data["evidence"][item[1]]
    facts = " · ".join(str(data[k]) for k in ("type", "date") if data.get(k) is not None)
    source = f"\n\n{visible(str(data['source']))}" if data.get("source") else ""
    return f"**Evidence {cited}**{f' ({facts})' if facts else ''}{source}"


def _markdown(text: str) -> lsp.Hover:
    return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, text))


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[":", " ", "[", ","]))
def completion(ls: JmapServer, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    uri = params.text_document.uri
    opened = ls.text_view(uri)
    if opened is None:
        return None
    result, doc = opened
    line, column = _cursor(doc, params.position)
    before = result.lines[line - 1][: column - 1] if line <= len(result.lines) else ""
    context = context_at(result.lines, line, column)
    if _IGNORE_OPEN.search(before) or (context is not None and context.key == "x-jmap-ignore"):
        return lsp.CompletionList(is_incomplete=False, items=_rule_codes())
    if context is None:
        return None
    known = result if result.model is not None else ls.last_good.get(uri, result)
    items = _values(known, context, result) if context.key is not None else _keys(context)
    return lsp.CompletionList(is_incomplete=False, items=items)


def _rule_codes() -> list[lsp.CompletionItem]:
    """Codes a suppression can name: every rule but the structure rules, which cannot be suppressed."""
    return [
        lsp.CompletionItem(r.code, kind=lsp.CompletionItemKind.EnumMember, detail=r.name, documentation=r.summary)
        for r in all_rules()
        if not r.structural
    ]


def _keys(context: Context) -> list[lsp.CompletionItem]:
    from jmap.validate import field_names, model_at

    model = model_at(context.parent)
    if model is None:
        return []
    items = []
    for name in field_names(model):
        doc_of = field_doc(context.parent, name)
        items.append(
            lsp.CompletionItem(
                name,
                kind=lsp.CompletionItemKind.Field,
                documentation=doc_of[0] if doc_of else None,
                insert_text=f"{name}: ",
            )
        )
    return items


def _values(known: Analysis, context: Context, result: Analysis) -> list[lsp.CompletionItem]:
    assert context.key is not None
    doc_of = field_doc(context.parent, context.key)
    if doc_of is None:
        return []
    words: list[tuple[str, str]] = [(w, "allowed value") for w in doc_of[1]]
    if context.key in ("owner", "from", "to"):
        plan = result.plan or known.plan
        roster = list(plan.settings.owners or ()) if plan is not None else []
        words += [(o, "from the owners roster") for o in roster]
        words += [(o, "used in this map") for o in known.owners() if o not in roster]
    elif context.key == "channel":
        from jmap.domain.vocabulary import CHANNELS

        words += [(c, "common channel") for c in CHANNELS]
        words += [(c, "used in this map") for c in known.channels() if c not in CHANNELS]
    elif context.key == "evidence" and context.parent[-2:-1] == ("pain_points",):
        words += [(e, "evidence item") for e in known.evidence_ids()]
    seen: set[str] = set()
    items = []
    for word, detail in words:
        if word in seen or visible(word) != word:
            continue
        seen.add(word)
        items.append(lsp.CompletionItem(word, kind=lsp.CompletionItemKind.Value, detail=detail))
    return items


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def definition(ls: JmapServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    uri = params.text_document.uri
    opened = ls.text_view(uri)
    if opened is None:
        return None
    result, doc = opened
    cited = result.cited_evidence(*_cursor(doc, params.position))
    if cited is None or not cited[1]:
        return None
    loc = result.location((*cited[1], "id")) or result.location(cited[1])
    if loc is None or loc.line is None:
        return None
    start = _position(doc, loc.line, loc.column or 1)
    end = _position(doc, loc.end_line or loc.line, loc.end_column or loc.column or 1)
    return lsp.Location(uri, lsp.Range(start, end))


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: JmapServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
    uri = params.text_document.uri
    opened = ls.text_view(uri)
    if opened is None:
        return []
    result, doc = opened
    stages = list(symbols(result))
    out = []
    for si, (path, name, ident, children) in enumerate(stages):
        after = stages[si + 1][0] if si + 1 < len(stages) else None
        kids = []
        for ci, (cpath, cname, cident) in enumerate(children):
            nxt = children[ci + 1][0] if ci + 1 < len(children) else after
            kids.append(_symbol(doc, result, cpath, cname, cident, lsp.SymbolKind.Event, nxt, []))
        out.append(_symbol(doc, result, path, name, ident, lsp.SymbolKind.Module, after, kids))
    return out


def _symbol(
    doc: _Doc,
    result: Analysis,
    path: tuple[Any, ...],
    name: str,
    ident: str,
    kind: lsp.SymbolKind,
    after: tuple[Any, ...] | None,
    children: list[lsp.DocumentSymbol],
) -> lsp.DocumentSymbol:
    start = result.location(path)
    first = (start.line or 1, start.column or 1) if start is not None else (1, 1)
    nxt = result.location(after) if after is not None else None
    last_line = (nxt.line - 1) if nxt is not None and nxt.line is not None else len(result.lines)
    last_line = max(last_line, first[0])
    while last_line > first[0] and not result.lines[last_line - 1].strip():
        last_line -= 1
    end = (last_line, len(result.lines[last_line - 1]) + 1 if last_line <= len(result.lines) else 1)
    key = result.location((*path, "name")) or start
    select_start = (key.line or first[0], key.column or first[1]) if key is not None else first
    select_end = (key.end_line or select_start[0], key.end_column or select_start[1]) if key is not None else first
    return lsp.DocumentSymbol(
        name=visible(name) or ident,
        kind=kind,
        range=lsp.Range(_position(doc, *first), _position(doc, *end)),
        selection_range=lsp.Range(_position(doc, *select_start), _position(doc, *select_end)),
        detail=ident if result.location((*path, "id")) is not None else None,
        children=children,
    )


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.SourceFixAll]),
)
def code_actions(ls: JmapServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    uri = params.text_document.uri
    opened = ls.text_view(uri)
    if opened is None:
        return []
    result, doc = opened
    if result.loaded is None or result.plan is None or result.text is None:
        return []
    wanted = params.context.only
    actions: list[lsp.CodeAction] = []
    first = doc.position_from_client_units(params.range.start).line + 1
    last = doc.position_from_client_units(params.range.end).line + 1
    if wanted is None or any(str(k).startswith(lsp.CodeActionKind.QuickFix) for k in wanted):
        for f in result.findings:
            if f.line is None or not first <= f.line <= last:
                continue
            diag = diagnostic(doc, result, f)
            rule = REGISTRY[f.code]
            made = proposal(result.loaded, result.text, f, result.plan)
            if made is not None and rule.fix is not None:
                actions.append(
                    lsp.CodeAction(
                        f"{made.title} ({f.code})",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        is_preferred=rule.fix.applicability is Applicability.SAFE,
                        edit=lsp.WorkspaceEdit(changes={uri: [_edit(doc, e) for e in made.edits]}),
                    )
                )
            on_object = object_suppression(result, f)
            if on_object is not None:
                title, edit = on_object
                actions.append(
                    lsp.CodeAction(
                        title,
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        edit=lsp.WorkspaceEdit(changes={uri: [_edit(doc, edit)]}),
                    )
                )
            suppress = suppression(result, f)
            if suppress is not None:
                actions.append(
                    lsp.CodeAction(
                        f"Suppress {f.code} on this line (# jmap: ignore)",
                        kind=lsp.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        edit=lsp.WorkspaceEdit(changes={uri: [_edit(doc, suppress)]}),
                    )
                )
    if wanted is None or any(lsp.CodeActionKind.SourceFixAll.startswith(str(k)) for k in wanted):
        fixed, count, _ = fix_text(str(result.path), result.text, result.plan, unsafe=False)
        if count and fixed != result.text:
            whole = TextEdit(1, 1, len(result.lines) + 1, 1, fixed)
            end = doc.position_to_client_units(ServerTextPosition(len(doc.lines), 0))
            actions.append(
                lsp.CodeAction(
                    f"Fix all safely fixable jmap findings ({count})",
                    kind=lsp.CodeActionKind.SourceFixAll,
                    edit=lsp.WorkspaceEdit(
                        changes={uri: [lsp.TextEdit(lsp.Range(lsp.Position(0, 0), end), whole.new_text)]}
                    ),
                )
            )
    return actions


def suppression(result: Analysis, f: Finding) -> TextEdit | None:
    """The edit that silences ``f`` with a ``# jmap: ignore[CODE]`` comment on its line (merged into one there)."""
    if f.line is None or REGISTRY[f.code].structural or f.code == "JM006" or f.line > len(result.lines):
        return None
    line = result.lines[f.line - 1]
    for m in IGNORE_COMMENT.finditer(line):
        if m.start() == 0 or line[m.start() - 1].isspace():
            if m[1] is None:
                return None
            start, end = m.span(1)
            listed = m[1].rstrip()
            joined = f"{listed}, {f.code}" if listed.strip() else f.code
            return TextEdit(f.line, start + 1, f.line, end + 1, joined)
    if not line.strip() or line.rstrip().endswith(("|", ">", "|-", ">-", "|+", ">+")):
        return None
    end = len(line.rstrip())
    return TextEdit(f.line, end + 1, f.line, len(line) + 1, f"  # jmap: ignore[{f.code}]")


_OBJECTS = (
    ("the map", lambda p: not p),
    ("this stage", lambda p: len(p) == 2 and p[0] == "stages"),
    ("this touchpoint", lambda p: len(p) == 4 and p[2] == "touchpoints"),
    ("this pain point", lambda p: len(p) == 6 and p[4] == "pain_points"),
)
"""The objects that take an ``x-jmap-ignore`` list, by the shape of their model path."""


def object_suppression(result: Analysis, f: Finding) -> tuple[str, TextEdit] | None:
    """A title and the edit that adds ``f``'s code to the ``x-jmap-ignore`` of the innermost object it is on
    (a pain point written as plain text has none: then its touchpoint's)."""
    if result.loaded is None or result.text is None or REGISTRY[f.code].structural or f.code == "JM006":
        return None
    path = parse_model_path(f.model_path)
    document = result.loaded.document
    for depth in (6, 4, 2, 0):
        obj_path = path[:depth]
        label = next((name for name, fits in _OBJECTS if fits(obj_path)), None)
        if label is None or not isinstance(data_at(document.data, obj_path), dict):
            continue
        edit = _add_to_ignore(result, obj_path, f.code)
        return (f"Suppress {f.code} on {label} (x-jmap-ignore)", edit) if edit is not None else None
    return None


def _add_to_ignore(result: Analysis, obj_path: tuple[Any, ...], code: str) -> TextEdit | None:
    assert result.loaded is not None and result.text is not None
    document = result.loaded.document
    existing = document.positions.get((*obj_path, "x-jmap-ignore"))
    if existing is None:
        entry = f"x-jmap-ignore: [{code}]"
        return insert_key(document, result.lines, newline_of(result.text), obj_path, entry)
    if existing.line is None or existing.end_column is None:
        return None
    line = result.lines[existing.line - 1]
    flow = re.compile(r"\s*:\s*\[([^\]\[]*)\]").match(line, existing.end_column - 1)
    if flow is None:
        return None
    inner = flow[1].rstrip()
    at = flow.start(1) + len(inner)
    return TextEdit.insert(existing.line, at + 1, f", {code}" if inner.strip() else code)


def serve(today: date | None = None) -> None:
    """Run the server on stdin/stdout until the client exits it."""
    server.today = today
    server.start_io()
