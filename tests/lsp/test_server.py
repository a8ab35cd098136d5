"""``jmap lsp`` driven as an editor drives it: a real LSP client (pytest-lsp) talking to the server over stdio."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient
from typer.testing import CliRunner

from jmap.cli import build_app
from jmap.lsp.analysis import Configs, analyse
from jmap.lsp.server import object_suppression, suppression
from jmap.util.text_edits import TextEdit, apply_text_edits
from tests.conftest import REPO, TODAY, run_jmap, write
from tests.lsp.client import diagnostics_of, open_and_wait, run, settled, start, uri_of

MAP = """\
jmap: 1
title: Onboarding   # the title people see
owner: CS Ops
segment: SMB
review: {last_reviewed: 2026-10-01, every: 6 months}
evidence:
  - {id: interviews, type: interview, source: Eight customer interviews, date: 2026-07-30}
stages:
  - id: onboarding
    name: Onboarding
    owner: Onboarding team
    customer_goal: Get live
    red_flags: [No kickoff]
    exit_criteria: [Live]
    touchpoints:
      - name: Kickoff call   # the first call
        onwer: CSM
        channel: call
        emotion: 1
        pain_points:
          - text: The deal notes are lost
            basis: observed
            evidence: [intervews]
            opportunity: {fix: Carry the notes, owner: Sales Ops, target: All, impact: low, status: open}
      - id: welcome
        name: Welcome email
        owner: CSM  # jmap: ignore[JM101]
        channel: email
        emotion: 1
"""


def _doc(uri: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri)


def _as_edits(edits: list[lsp.TextEdit]) -> list[TextEdit]:
    """LSP edits (0-based) as jmap's TextEdit (1-based), to apply them to the text as the editor would."""
    return [
        TextEdit(
            e.range.start.line + 1,
            e.range.start.character + 1,
            e.range.end.line + 1,
            e.range.end.character + 1,
            e.new_text,
        )
        for e in edits
    ]


def test_a_session_open_change_hover_complete_define_outline_fix_shutdown(tmp_path: Path) -> None:
    path = write(tmp_path, "onboarding.yaml", MAP)
    uri = uri_of(path)

    async def session() -> None:
        client = await start()
        try:
            found = await open_and_wait(client, path)
            assert [(d.range.start.line + 1, d.range.start.character + 1, d.code) for d in found] == [
                (16, 9, "JM002"),
                (17, 9, "JM003"),
                (23, 24, "JM603"),
                (27, 21, "JM006"),
            ]
            jm003 = found[1]
            assert jm003.severity == lsp.DiagnosticSeverity.Error
            assert jm003.source == "jmap"
            assert jm003.code_description is not None
            assert jm003.code_description.href.endswith("/docs/rules.md#jm003")
            assert (jm003.range.end.line, jm003.range.end.character) == (16, 13)
            assert found[3].severity == lsp.DiagnosticSeverity.Warning

            # hover: a rule code in a suppression comment, a field, a cited evidence id
            hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(26, 36)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert hover.contents.value.startswith("**JM101 touchpoint-without-owner** (error)")
            assert "docs/rules.md#jm101" in hover.contents.value
            hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(21, 13)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert hover.contents.value == (
                "**basis**: observed (seen in research; cite it in 'evidence') | assumed (the team's belief)."
                "\n\nOne of: `observed`, `assumed`"
            )
            hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(5, 8)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert hover.contents.value.startswith("**evidence**: ")

            # code actions on the JM003 line: the did-you-mean rename (unsafe: not preferred); no suppression
            actions = await client.text_document_code_action_async(
                lsp.CodeActionParams(_doc(uri), jm003.range, lsp.CodeActionContext(diagnostics=[jm003]))
            )
            assert actions is not None
            quick = [a for a in actions if isinstance(a, lsp.CodeAction) and a.kind == lsp.CodeActionKind.QuickFix]
            assert [(a.title, a.is_preferred) for a in quick] == [("Rename 'onwer' to 'owner' (JM003)", False)]
            edit = quick[0].edit
            assert edit is not None and edit.changes is not None
            renamed = apply_text_edits(MAP, _as_edits(list(edit.changes[uri])))
            assert renamed == MAP.replace("        onwer: CSM", "        owner: CSM")

            # the missing id and the stale suppression: safe fixes, preferred; a rule finding can be suppressed
            everything = await client.text_document_code_action_async(
                lsp.CodeActionParams(
                    _doc(uri), lsp.Range(lsp.Position(0, 0), lsp.Position(29, 0)), lsp.CodeActionContext(diagnostics=[])
                )
            )
            assert everything is not None
            titles = [(a.title, a.is_preferred) for a in everything if isinstance(a, lsp.CodeAction)]
            assert titles == [
                ("Add id: kickoff-call (JM002)", True),
                ("Rename 'onwer' to 'owner' (JM003)", False),
                ("Cite 'interviews' instead (JM603)", False),
                ("Suppress JM603 on this pain point (x-jmap-ignore)", None),
                ("Suppress JM603 on this line (# jmap: ignore)", None),
                ("Remove the stale suppression of JM101 (JM006)", True),
                ("Fix all safely fixable jmap findings (2)", None),
            ]
            by_title = {a.title: a for a in everything if isinstance(a, lsp.CodeAction)}
            stale = by_title["Remove the stale suppression of JM101 (JM006)"].edit
            assert stale is not None and stale.changes is not None
            assert apply_text_edits(MAP, _as_edits(list(stale.changes[uri]))) == MAP.replace(
                "        owner: CSM  # jmap: ignore[JM101]\n", "        owner: CSM\n"
            )
            on_object = by_title["Suppress JM603 on this pain point (x-jmap-ignore)"].edit
            assert on_object is not None and on_object.changes is not None
            assert apply_text_edits(MAP, _as_edits(list(on_object.changes[uri]))) == MAP.replace(
                "          - text: The deal notes are lost\n",
                "          - text: The deal notes are lost\n            x-jmap-ignore: [JM603]\n",
            )
            suppress = by_title["Suppress JM603 on this line (# jmap: ignore)"].edit
            assert suppress is not None and suppress.changes is not None
            assert apply_text_edits(MAP, _as_edits(list(suppress.changes[uri]))) == MAP.replace(
                "evidence: [intervews]\n", "evidence: [intervews]  # jmap: ignore[JM603]\n"
            )
            added = by_title["Add id: kickoff-call (JM002)"].edit
            assert added is not None and added.changes is not None
            assert apply_text_edits(MAP, _as_edits(list(added.changes[uri]))) == MAP.replace(
                "      - name: Kickoff call   # the first call\n",
                "      - name: Kickoff call   # the first call\n        id: kickoff-call\n",
            )

            # definition: from the cited id to the evidence item (after fixing the typo in the buffer)
            fixed = MAP.replace("[intervews]", "[interviews]").replace("onwer:", "owner:")
            client.diagnostics.pop(uri, None)
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    lsp.VersionedTextDocumentIdentifier(2, uri),
                    [lsp.TextDocumentContentChangeWholeDocument(fixed)],
                )
            )
            after = await diagnostics_of(client, uri)
            assert [d.code for d in after] == ["JM002", "JM006"]
            where = await client.text_document_definition_async(lsp.DefinitionParams(_doc(uri), lsp.Position(22, 26)))
            assert isinstance(where, lsp.Location)
            assert (where.range.start.line, where.range.start.character) == (6, 5)
            hover = await client.text_document_hover_async(lsp.HoverParams(_doc(uri), lsp.Position(22, 26)))
            assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
            assert hover.contents.value == (
                "**Evidence interviews** (interview · 2026-07-30)\n\nEight customer interviews"
            )

            # completion: enum words from the model, owners from the map, evidence ids, fields
            labels = await _complete(client, uri, fixed, "impact: low", "impact: ")
            assert labels == ["high", "medium", "low"]
            labels = await _complete(client, uri, fixed, "        owner: CSM  #", "        owner: ")
            assert labels == ["CS Ops", "Onboarding team", "CSM", "Sales Ops"]
            labels = await _complete(client, uri, fixed, "evidence: [interviews", "evidence: [")
            assert labels == ["interviews"]
            labels = await _complete(client, uri, fixed, "        channel: call", "        channel: ")
            assert labels[:3] == ["email", "call", "meeting"]

            # the outline: stages, then their touchpoints
            outline = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(_doc(uri)))
            assert outline is not None
            stages = [s for s in outline if isinstance(s, lsp.DocumentSymbol)]
            assert [(s.name, s.detail, s.range.start.line) for s in stages] == [("Onboarding", "onboarding", 8)]
            assert [(t.name, t.detail, t.range.start.line, t.range.end.line) for t in stages[0].children or []] == [
                ("Kickoff call", None, 15, 23),
                ("Welcome email", "welcome", 24, 28),
            ]
        finally:
            await client.shutdown_session()

    run(session)


async def _complete(client: LanguageClient, uri: str, text: str, anchor: str, typed: str) -> list[str]:
    """Completion labels with the cursor after ``typed`` on the line that holds ``anchor``."""
    line = next(i for i, row in enumerate(text.splitlines()) if anchor in row)
    column = text.splitlines()[line].index(typed.strip()) + len(typed.strip()) + (1 if typed.endswith(" ") else 0)
    result = await client.text_document_completion_async(lsp.CompletionParams(_doc(uri), lsp.Position(line, column)))
    assert isinstance(result, lsp.CompletionList)
    return [item.label for item in result.items]


CASES = sorted([*(REPO / "examples").rglob("*.yaml"), *(REPO / "tests" / "cases").rglob("*.yaml")])


def _utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_diagnostics_equal_jmap_lint_json_on_every_example_and_case_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file opened in the editor gets exactly ``jmap lint --format json --skip-non-maps``'s findings (the server
    takes a YAML file for a map by the folder rule; case folders' configs are found the same way). Files an editor
    cannot hold as text (not UTF-8) are left to lint."""
    files = [p for p in CASES if _utf8(p)]
    assert len(files) > 80
    expected: dict[str, list[tuple[int, int, str, str, str]]] = {}
    for folder in sorted({p.parent for p in files}):
        names = [p.name for p in files if p.parent == folder]
        monkeypatch.chdir(folder)
        done = CliRunner().invoke(
            build_app(["lint"]), ["lint", "--today", TODAY, "-f", "json", "--skip-non-maps", *names]
        )
        assert done.exit_code in (0, 1), done.output
        for f in json.loads(done.stdout)["findings"]:
            expected.setdefault(str(folder / f["path"]), []).append(
                (f["line"], f["column"], f["code"], f["severity"], f["message"])
            )
    monkeypatch.chdir(REPO)
    severity = {lsp.DiagnosticSeverity.Error: "error", lsp.DiagnosticSeverity.Warning: "warning"}

    async def session() -> dict[str, list[tuple[int, int, str, str, str]]]:
        client = await start()
        got: dict[str, list[tuple[int, int, str, str, str]]] = {}
        try:
            for path in files:
                for d in await open_and_wait(client, path):
                    got.setdefault(str(path), []).append(
                        (
                            d.range.start.line + 1,
                            d.range.start.character + 1,
                            str(d.code),
                            severity.get(d.severity or lsp.DiagnosticSeverity.Information, "info"),
                            d.message,
                        )
                    )
        finally:
            await client.shutdown_session()
        return got

    got = run(session, timeout=300)
    assert got == expected


def test_a_change_is_linted_again_and_a_broken_buffer_keeps_completion(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", MAP)
    uri = uri_of(path)

    async def session() -> None:
        client = await start(debounce_ms=20)
        try:
            await open_and_wait(client, path)
            broken = MAP.replace("owner: CS Ops", "owner: 'CS Ops") + "        owner: \n"
            for version, text in enumerate([MAP + "#", MAP + "# x", broken], start=2):
                client.text_document_did_change(
                    lsp.DidChangeTextDocumentParams(
                        lsp.VersionedTextDocumentIdentifier(version, uri),
                        [lsp.TextDocumentContentChangeWholeDocument(text)],
                    )
                )
            found = await settled(client, uri, ["JM001"])
            assert found[0].message.startswith("invalid YAML: ")
            line = broken.count("\n") - 1
            result = await client.text_document_completion_async(
                lsp.CompletionParams(_doc(uri), lsp.Position(line, 15))
            )
            assert isinstance(result, lsp.CompletionList)
            assert [i.label for i in result.items] == ["CS Ops", "Onboarding team", "Sales Ops", "CSM"]
        finally:
            await client.shutdown_session()

    run(session)


def test_a_workbook_gets_diagnostics_with_its_cells_and_no_edits(tmp_path: Path) -> None:
    book = tmp_path / "defects.xlsx"
    done = run_jmap("export", str(REPO / "examples/defects/stale-unowned-onboarding.yaml"), "-o", str(book))
    assert done.returncode == 0, done.stderr
    lint = json.loads(run_jmap("lint", "--today", TODAY, "-f", "json", str(book)).stdout)["findings"]

    async def session() -> None:
        client = await start()
        try:
            found = await open_and_wait(client, book, text="")
            assert [d.message for d in found] == [f"[{f['cell']}] {f['message']}" for f in lint]
            actions = await client.text_document_code_action_async(
                lsp.CodeActionParams(
                    _doc(uri_of(book)),
                    lsp.Range(lsp.Position(0, 0), lsp.Position(100, 0)),
                    lsp.CodeActionContext(diagnostics=found),
                )
            )
            assert not actions
        finally:
            await client.shutdown_session()

    run(session)
    assert book.read_bytes()[:2] == b"PK"


def test_a_yaml_file_that_is_no_map_gets_no_findings_but_a_jmap_yaml_file_does(tmp_path: Path) -> None:
    other = write(tmp_path, "docker-compose.yaml", "services:\n  web: {image: nginx}\n")
    named = write(tmp_path, "new.jmap.yaml", "title: Draft\n")

    async def session() -> None:
        client = await start()
        try:
            assert list(await open_and_wait(client, other)) == []
            assert [d.code for d in await open_and_wait(client, named)] == ["JM002"]
        finally:
            await client.shutdown_session()

    run(session)


def test_a_broken_config_is_one_diagnostic_naming_it(tmp_path: Path) -> None:
    write(tmp_path, "jmap.toml", "selct = ['ALL']\n")
    path = write(tmp_path, "m.yaml", MAP)

    async def session() -> None:
        client = await start()
        try:
            found = await open_and_wait(client, path)
            assert [(d.message, d.range.start.line) for d in found] == [
                (f"{tmp_path / 'jmap.toml'}: unknown key 'selct' (did you mean 'select'?)", 0)
            ]
        finally:
            await client.shutdown_session()

    run(session)


def test_completion_offers_the_roster_first_and_rule_codes_in_a_suppression(tmp_path: Path) -> None:
    write(tmp_path, "jmap.toml", 'owners = ["Support", "CSM"]\n')
    text = MAP.replace("        owner: CSM  # jmap: ignore[JM101]\n", "        owner: \n").replace(
        "title: Onboarding   # the title people see", "title: Onboarding   # jmap: ignore["
    )
    path = write(tmp_path, "m.yaml", text)
    uri = uri_of(path)

    async def session() -> None:
        client = await start()
        try:
            await open_and_wait(client, path)
            row = text.splitlines().index("        owner: ")
            owners = await client.text_document_completion_async(
                lsp.CompletionParams(_doc(uri), lsp.Position(row, len("        owner: ")))
            )
            assert isinstance(owners, lsp.CompletionList)
            assert [item.label for item in owners.items] == ["Support", "CSM", "CS Ops", "Onboarding team", "Sales Ops"]
            result = await client.text_document_completion_async(
                lsp.CompletionParams(_doc(uri), lsp.Position(1, len("title: Onboarding   # jmap: ignore[")))
            )
            assert isinstance(result, lsp.CompletionList)
            codes = [item.label for item in result.items]
            assert codes[:3] == ["JM006", "JM008", "JM101"]
            assert "JM003" not in codes and "JM007" not in codes and len(codes) == 35
        finally:
            await client.shutdown_session()

    run(session)


def test_an_incremental_change_is_applied_before_linting(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", MAP)
    uri = uri_of(path)

    async def session() -> None:
        client = await start()
        try:
            assert "JM003" in [d.code for d in await open_and_wait(client, path)]
            edit = lsp.TextDocumentContentChangePartial(
                range=lsp.Range(lsp.Position(16, 8), lsp.Position(16, 13)), text="owner"
            )
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(lsp.VersionedTextDocumentIdentifier(2, uri), [edit])
            )
            found = await settled(client, uri, ["JM002", "JM603", "JM006"])
            assert [d.range.start.line for d in found] == [15, 22, 26]
        finally:
            await client.shutdown_session()

    run(session)


def test_each_suppression_action_silences_its_finding_and_changes_only_its_line(tmp_path: Path) -> None:
    source = (REPO / "examples/defects/stale-unowned-onboarding.yaml").read_text(encoding="utf-8")
    path = tmp_path / "defects.yaml"
    today = date.fromisoformat(TODAY)
    before = analyse(path, source.encode(), source, Configs(), today)
    tried = 0
    for f in before.findings:
        edit = suppression(before, f)
        if edit is None:
            assert f.code in ("JM001", "JM002", "JM003", "JM004", "JM005", "JM006")
            continue
        tried += 1
        text = apply_text_edits(source, [edit])
        changed = [i for i, (a, b) in enumerate(zip(source.splitlines(), text.splitlines(), strict=True)) if a != b]
        assert changed == [(f.line or 0) - 1]
        after = analyse(path, text.encode(), text, Configs(), today)
        key = (f.code, f.line, f.message)
        assert key not in [(g.code, g.line, g.message) for g in after.findings]
        assert not [g for g in after.findings if g.code == "JM006" and g.line == f.line]
    assert tried == len([f for f in before.findings if f.code != "JM006"]) == 27


def test_each_object_suppression_silences_its_finding_and_leaves_no_fault(tmp_path: Path) -> None:
    source = (REPO / "examples/defects/stale-unowned-onboarding.yaml").read_text(encoding="utf-8")
    path = tmp_path / "defects.yaml"
    today = date.fromisoformat(TODAY)
    before = analyse(path, source.encode(), source, Configs(), today)
    titles = []
    for f in before.findings:
        made = object_suppression(before, f)
        if made is None:
            continue
        title, edit = made
        titles.append(title)
        text = apply_text_edits(source, [edit])
        after = analyse(path, text.encode(), text, Configs(), today)
        assert (f.code, f.message) not in [(g.code, g.message) for g in after.findings]
        faults = {
            (g.code, g.message) for g in after.findings if g.code in ("JM001", "JM002", "JM003", "JM005", "JM006")
        }
        assert faults == {("JM006", "suppression of JM405 silences no finding; remove it")}
        assert len(text.splitlines()) - len(source.splitlines()) in (0, 1)
    assert titles[:3] == [
        "Suppress JM601 on the map (x-jmap-ignore)",
        "Suppress JM202 on the map (x-jmap-ignore)",
        "Suppress JM504 on this stage (x-jmap-ignore)",
    ]
    assert "Suppress JM101 on this touchpoint (x-jmap-ignore)" in titles
    assert "Suppress JM604 on this pain point (x-jmap-ignore)" in titles
    assert len(titles) == 27


def test_a_bad_today_option_is_logged_and_the_real_date_used(tmp_path: Path) -> None:
    path = write(tmp_path, "m.yaml", MAP)

    async def session() -> None:
        client = await start(today="2026-13-45")
        try:
            codes = {d.code for d in await open_and_wait(client, path)}
            assert {"JM002", "JM003", "JM603", "JM006"} <= codes  # and whatever the real date adds
            assert [m.message for m in client.log_messages] == ["jmap: 'today' '2026-13-45' is not a date"]
        finally:
            await client.shutdown_session()

    run(session)


@pytest.mark.parametrize(
    ("line", "character", "expected"),
    [(0, 5, (0, 5)), (0, 99, (0, 12)), (1, 10, (1, 11)), (1, 99, (1, 17)), (7, 3, (3, 0))],
)
def test_positions_in_utf16_units_on_ascii_and_wider_lines(
    line: int, character: int, expected: tuple[int, int]
) -> None:
    from pygls.workspace import TextDocument
    from pygls.workspace.position_codec import PositionCodec, ServerTextPosition

    from jmap.lsp.server import _Doc

    doc = _Doc(TextDocument("file:///m.yaml", "title: Cafe\nname: 😀 Kickoff\nx: y\n", position_codec=PositionCodec()))
    pos = doc.position_to_client_units(ServerTextPosition(line, character))
    assert (pos.line, pos.character) == expected


def test_each_version_of_a_typing_session_gets_what_a_fresh_lint_finds(tmp_path: Path) -> None:
    """The server reads a change by splicing the entries it touched into the last read and keeps the models of the
    touchpoints it did not touch (``loader.Session``); each version's diagnostics must still be a fresh lint's."""
    import random

    from benchmarks.generate import map_yaml

    from jmap.util.display import visible

    start_text = map_yaml("typing", 40, 4, random.Random(3))
    path = write(tmp_path, "typing.yaml", start_text)
    uri = uri_of(path)
    lines = start_text.split("\n")
    owner = next(i for i, line in enumerate(lines) if line.startswith("        owner:") and i > 200)

    def edited(at: int, new: list[str], remove: int = 1) -> str:
        return "\n".join([*lines[:at], *new, *lines[at + remove :]])

    versions = [
        edited(owner, ["        owner: Sales Ops"]),  # a value in a touchpoint
        edited(owner, ["        onwer: Sales Ops"]),  # a typo: JM003 and the owner gone
        edited(owner, ["        owner: Sales Ops", "        x-note: hi"]),  # fixed, and a line added
        edited(owner, ["        owner: 'Sales Ops"]),  # a quote left open: the file does not read
        edited(owner, ["        owner: 'Sales Ops'"]),  # closed again
        edited(1, ["title: A new title", *lines[1:2]]),  # a key of the map itself, a line added at the top
        edited(owner - 3, [], remove=0).replace("  - id: tp-", "  - id: TP-", 1),  # an id no longer a slug
    ]

    def fresh(text: str) -> list[tuple[int, int, str, str]]:
        result = analyse(path, text.encode(), text, Configs(), date.fromisoformat(TODAY))
        return [(f.line or 0, f.column or 0, f.code, visible(f.message)) for f in result.findings]

    async def session() -> list[tuple[list[tuple[int, int, str, str]], list[tuple[int, int, str, str]]]]:
        client = await start()
        pairs = []
        try:
            await open_and_wait(client, path)
            for version, text in enumerate(versions, start=2):
                client.diagnostics.pop(uri, None)
                client.text_document_did_change(
                    lsp.DidChangeTextDocumentParams(
                        lsp.VersionedTextDocumentIdentifier(version, uri),
                        [lsp.TextDocumentContentChangeWholeDocument(text)],
                    )
                )
                got = [
                    (d.range.start.line + 1, d.range.start.character + 1, str(d.code), d.message)
                    for d in await diagnostics_of(client, uri)
                ]
                pairs.append((got, fresh(text)))
        finally:
            await client.shutdown_session()
        return pairs

    pairs = run(session)
    codes = [sorted({c for _, _, c, _ in got}) for got, _ in pairs]
    assert "JM003" in codes[1] and codes[3] == ["JM001"] and "JM002" in codes[6]
    for n, (got, expected) in enumerate(pairs):
        assert got == expected, f"version {n + 2}"
