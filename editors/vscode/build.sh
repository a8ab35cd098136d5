#!/bin/sh
# Build editors/vscode/jmap.vsix: the extension with its one runtime dependency (vscode-languageclient),
# packaged by @vscode/vsce. Needs Node 20 and npm; the versions are pinned by package-lock.json.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npx --no-install vsce package --out jmap.vsix
