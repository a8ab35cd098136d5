"""``jmap lsp``: time from a change to its diagnostics on a 200-touchpoint map, once the server is warm.

    python benchmarks/lsp_bench.py [--changes N] [--touchpoints N] [--debounce-ms MS] [--pause-ms MS]
                                   [--edits owners|mixed] [--suppressions N]

Starts ``jmap lsp`` as an editor does (a real LSP client over stdio, pygls's), opens a map made by
``benchmarks/generate.py`` and waits for its diagnostics (the warm-up: imports, config discovery, the first
lint). Then it sends N changes one at a time, ``--pause-ms`` apart (a typist's pace: the server lints a change
at once after a pause and at most once per debounce window during a burst), the whole text each time as most
clients send it. ``--edits owners`` (the default) changes touchpoints' owners; ``--edits mixed`` makes each
change one more edit of five kinds in turn: a touchpoint's owner, a line added to a touchpoint, a stage's own
field, the map's title, a new evidence item at the top (every position below it moves). ``--suppressions N``
puts a ``# jmap: ignore[JM101]`` comment on N touchpoints' owner lines, as kept maps have. It measures the wall
time from sending ``didChange`` to receiving the ``publishDiagnostics`` of that version (the client's decoding
of them included), and the CPU time the server process spent meanwhile
(user + system, from /proc: what the wall time would be on an idle core, where a shared machine's load
inflates the wall time). Prints medians and the 90th percentile in milliseconds, with the server's default
debounce (30 ms) unless ``--debounce-ms`` says otherwise, and the machine's load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import map_yaml


def cpu_ms(pid: int) -> float:
    """User + system CPU time of a process so far, in milliseconds (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def with_suppressions(text: str, n: int) -> str:
    """``text`` with a ``# jmap: ignore[JM101]`` comment on ``n`` touchpoint owner lines, spread evenly."""
    lines = text.split("\n")
    owners = [i for i, line in enumerate(lines) if line.startswith("        owner:")]
    for i in owners[:: max(1, len(owners) // n)][:n] if n else []:
        lines[i] += "  # jmap: ignore[JM101]"
    return "\n".join(lines)


def mixed_edit(text: str, n: int) -> str:
    """One more edit of ``text``, of the kind ``n`` picks (five kinds in turn), at a place ``n`` picks."""
    lines = text.split("\n")

    def pick(prefix: str) -> int:
        found = [i for i, line in enumerate(lines) if line.startswith(prefix)]
        return found[(n * 7919) % len(found)]

    kind = n % 5
    if kind == 0:
        lines[pick("        owner:")] = f"        owner: Owner {n}"
    elif kind == 1:
        lines.insert(pick("        owner:") + 1, f"        x-note: note {n}")
    elif kind == 2:
        lines[pick("    customer_goal:")] = f"    customer_goal: Goal {n}"
    elif kind == 3:
        lines[pick("title:")] = f"title: Title {n}"
    else:
        lines.insert(pick("evidence:") + 1, f"  - {{id: ev-new-{n}, type: interview, source: Call {n}}}")
    return "\n".join(lines)


async def bench(
    changes: int,
    touchpoints: int,
    debounce_ms: float | None,
    pause_ms: float,
    edits: str = "owners",
    suppressions: int = 0,
) -> tuple[list[float], list[float]]:
    folder = Path(tempfile.mkdtemp(prefix="jmap-lsp-bench-"))
    path = folder / "bench.yaml"
    text = with_suppressions(map_yaml("bench", touchpoints, 5, random.Random(20261125)), suppressions)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client = LanguageClient("lsp-bench", "1")
    arrived: dict[int, float] = {}
    waiting: dict[int, asyncio.Event] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(_: LanguageClient, params: lsp.PublishDiagnosticsParams) -> None:
        version = params.version or 0
        arrived[version] = time.perf_counter()
        if version in waiting:
            waiting[version].set()

    await client.start_io(sys.executable, "-m", "jmap", "lsp")
    options: dict[str, object] = {"today": "2026-11-25"}
    if debounce_ms is not None:
        options["debounce_ms"] = debounce_ms
    await client.initialize_async(
        lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), initialization_options=options)
    )
    client.initialized(lsp.InitializedParams())
    waiting[1] = asyncio.Event()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "yaml", 1, text)))
    await asyncio.wait_for(waiting[1].wait(), 60)
    owners = ["CSM", "Support", "Product", "Sales Ops"]
    assert client._server is not None
    pid = client._server.pid
    times: list[float] = []
    cpu: list[float] = []
    for n in range(changes):
        version = n + 2
        if edits == "mixed":
            changed = text = mixed_edit(text, n)
        else:
            changed = text.replace("owner: CSM", f"owner: {owners[n % len(owners)]}", 1 + n % 3)
        await asyncio.sleep(pause_ms / 1000)
        waiting[version] = asyncio.Event()
        before = cpu_ms(pid)
        sent = time.perf_counter()
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(version, uri), [lsp.TextDocumentContentChangeWholeDocument(changed)]
            )
        )
        await asyncio.wait_for(waiting[version].wait(), 60)
        times.append((arrived[version] - sent) * 1000)
        cpu.append(cpu_ms(pid) - before)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times, cpu


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--touchpoints", type=int, default=200)
    parser.add_argument("--debounce-ms", type=float, default=None)
    parser.add_argument("--pause-ms", type=float, default=100.0)
    parser.add_argument("--edits", choices=["owners", "mixed"], default="owners")
    parser.add_argument("--suppressions", type=int, default=0, help="# jmap: ignore comments in the map")
    args = parser.parse_args(argv)
    times, cpu = asyncio.run(
        bench(args.changes, args.touchpoints, args.debounce_ms, args.pause_ms, args.edits, args.suppressions)
    )
    p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
    debounce = "default (30 ms)" if args.debounce_ms is None else f"{args.debounce_ms:g} ms"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"change -> diagnostics, {args.touchpoints} touchpoints ({args.suppressions} suppressions), "
        f"{args.changes} changes ({args.edits}) "
        f"{args.pause_ms:g} ms apart, "
        f"debounce {debounce}: "
        f"median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms wall; "
        f"server CPU per change median {statistics.median(cpu):.1f} ms (load average {load}, {os.cpu_count()} cores)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
