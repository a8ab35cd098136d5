"""``jmap lsp`` as a command: registered, starts over stdio, and costs other commands nothing at start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_jmap


def test_lint_never_imports_the_language_server() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jmap", "lint", str(REPO / "examples/b2b-saas.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "jmap.rules" in imported
    assert not {
        m
        for m in imported
        if m.split(".")[0] in ("pygls", "lsprotocol", "jmap") and m.startswith(("pygls", "lsprotocol", "jmap.lsp"))
    }


def test_help_lists_lsp_and_its_options() -> None:
    done = run_jmap("lsp", "--help")
    assert done.returncode == 0
    assert "--stdio" in done.stdout and "--today" in done.stdout


def test_a_bad_today_is_exit_2_before_the_server_starts() -> None:
    done = run_jmap("lsp", "--today", "2026-13-01")
    assert done.returncode == 2
    assert done.stderr == "jmap: error: --today '2026-13-01' is not a date (YYYY-MM-DD)\n"


def _frame(body: dict[str, object]) -> bytes:
    data = json.dumps(body).encode()
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


def test_the_server_answers_initialize_and_exits_on_exit(tmp_path: Path) -> None:
    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"processId": None, "rootUri": None, "capabilities": {}},
        },
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        [sys.executable, "-m", "jmap", "lsp", "--stdio"],
        input=b"".join(_frame(m) for m in messages),
        capture_output=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    first = done.stdout.split(b"\r\n\r\n", 1)[1]
    reply = json.loads(first[: int(done.stdout.split(b"\r\n")[0].split(b": ")[1])])
    caps = reply["result"]["capabilities"]
    assert reply["result"]["serverInfo"]["name"] == "jmap"
    assert caps["hoverProvider"] is True
    assert caps["definitionProvider"] is True
    assert caps["documentSymbolProvider"] is True
    assert caps["completionProvider"]["triggerCharacters"] == [":", " ", "[", ","]
    assert caps["codeActionProvider"]["codeActionKinds"] == ["quickfix", "source.fixAll"]
