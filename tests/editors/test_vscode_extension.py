"""The VS Code extension (editors/vscode): its manifest, and that the command its client starts is a working server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

EXTENSION = REPO / "editors" / "vscode"
MANIFEST = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))

# Loads extension.js with the two modules VS Code provides stubbed, and prints the server options the
# client would start the server with (the setting's default, as VS Code's configuration returns it).
_SERVER_OPTIONS_JS = """
const Module = require("module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "vscode") return { workspace: {} };
  if (request === "vscode-languageclient/node") return { LanguageClient: class {}, TransportKind: { stdio: 0 } };
  return load.call(this, request, ...rest);
};
const extension = require(process.argv[2]);
const options = extension.serverOptions({ get: (key, fallback) => fallback });
process.stdout.write(JSON.stringify(options));
"""


def test_the_manifest_associates_maps_and_names_the_server_command() -> None:
    assert MANIFEST["name"] == "jmap"
    assert MANIFEST["main"] == "./extension.js"
    assert (EXTENSION / "extension.js").is_file()
    assert MANIFEST["activationEvents"] == ["onLanguage:yaml"]
    assert MANIFEST["contributes"]["languages"] == [{"id": "yaml", "filenamePatterns": ["*.jmap.yaml", "*.jmap.yml"]}]
    settings = MANIFEST["contributes"]["configuration"]["properties"]
    assert settings["jmap.server.command"]["default"] == ["jmap", "lsp"]
    assert set(settings) == {"jmap.server.command", "jmap.today"}
    assert set(MANIFEST["dependencies"]) == {"vscode-languageclient"}
    assert set(MANIFEST["devDependencies"]) == {"@vscode/vsce"}
    lock = json.loads((EXTENSION / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["dependencies"] == MANIFEST["dependencies"]
    assert "node_modules/vscode-languageclient" in lock["packages"]


def _frame(body: dict[str, object]) -> bytes:
    data = json.dumps(body).encode()
    return b"Content-Length: %d\r\n\r\n" % len(data) + data


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_clients_command_starts_the_server(tmp_path: Path) -> None:
    script = tmp_path / "options.js"
    script.write_text(_SERVER_OPTIONS_JS, encoding="utf-8")
    shown = subprocess.run(
        ["node", str(script), str(EXTENSION / "extension.js")], capture_output=True, text=True, timeout=60, check=True
    )
    options = json.loads(shown.stdout)
    assert options == {"command": "jmap", "args": ["lsp"], "transport": 0}
    # vscode-languageclient appends --stdio for the stdio transport; 'jmap' is the one installed beside Python
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    command = shutil.which(options["command"], path=env["PATH"])
    assert command is not None
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ]
    done = subprocess.run(
        [command, *options["args"], "--stdio"],
        input=b"".join(_frame(m) for m in messages),
        capture_output=True,
        timeout=60,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert b'"serverInfo": {"name": "jmap"' in done.stdout or b'"serverInfo":{"name":"jmap"' in done.stdout
