"""The language server (``jmap lsp``): jmap's findings, hover, completion and quick fixes in editors."""
