"""An editor's side of a session with ``jmap lsp``: pytest-lsp's client over stdio, driven synchronously."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pytest_lsp import LanguageClient, client_capabilities, make_test_lsp_client

from tests.conftest import TODAY

T = TypeVar("T")


def uri_of(path: Path) -> str:
    return path.resolve().as_uri()


async def start(*args: str, today: str | None = TODAY, debounce_ms: int = 0) -> LanguageClient:
    """A client with ``jmap lsp`` started and initialized (``today`` pinned through the initialization options)."""
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "jmap", "lsp", *args)
    options: dict[str, Any] = {"debounce_ms": debounce_ms}
    if today is not None:
        options["today"] = today
    await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            initialization_options=options,
            root_uri=None,
        )
    )
    return client


async def open_and_wait(client: LanguageClient, path: Path, text: str | None = None) -> list[lsp.Diagnostic]:
    """Open a document (its text from disk unless given) and return the diagnostics published for it."""
    uri = uri_of(path)
    client.diagnostics.pop(uri, None)
    body = path.read_bytes().decode("utf-8") if text is None else text
    language = "yaml" if path.suffix in (".yaml", ".yml") else "plaintext"
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, language, 1, body)))
    return await diagnostics_of(client, uri)


async def diagnostics_of(client: LanguageClient, uri: str, timeout: float = 30) -> list[lsp.Diagnostic]:
    async def wait() -> list[lsp.Diagnostic]:
        while uri not in client.diagnostics:
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.diagnostics[uri]

    return await asyncio.wait_for(wait(), timeout)


async def settled(client: LanguageClient, uri: str, codes: list[str], timeout: float = 30) -> list[lsp.Diagnostic]:
    """The diagnostics of ``uri`` once they carry ``codes`` (after a burst of changes, the last one's);
    a timeout when they never do."""

    async def wait() -> list[lsp.Diagnostic]:
        while [d.code for d in client.diagnostics.get(uri, [])] != codes:
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.diagnostics[uri]

    return await asyncio.wait_for(wait(), timeout)


def run(session: Callable[[], Awaitable[T]], timeout: float = 120) -> T:
    """Run an async session to its end from a plain test."""

    async def bounded() -> T:
        return await asyncio.wait_for(session(), timeout)

    return asyncio.run(bounded())
