// The jmap extension: a thin client that starts `jmap lsp` for YAML files; the server decides what is a map.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function serverOptions(config) {
  const [command, ...args] = config.get("server.command", ["jmap", "lsp"]);
  return { command, args, transport: TransportKind.stdio };
}

async function activate(context) {
  const config = vscode.workspace.getConfiguration("jmap");
  const today = config.get("today", "");
  client = new LanguageClient(
    "jmap",
    "jmap",
    serverOptions(config),
    {
      documentSelector: [{ scheme: "file", language: "yaml" }],
      initializationOptions: today ? { today } : {},
    },
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("jmap") && client) {
        await client.stop();
        await activate(context);
      }
    }),
  );
  await client.start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate, serverOptions };
