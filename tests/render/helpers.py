"""Rendering maps to plain text for the render tests, and reading wrapped table cells back."""

from __future__ import annotations

import io
import re
from datetime import date
from itertools import pairwise
from pathlib import Path

from rich.cells import cell_len

from jmap.loader import load_map
from jmap.model import JourneyMap
from jmap.render import Journey, render_view
from jmap.render.output import make_console
from tests.conftest import REPO, TODAY

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"
SAMPLE = FIXTURES / "sample.yaml"
WIDTHS = (60, 100, 160)
VIEWS = ("grid", "stages", "opportunities")
PINNED = date.fromisoformat(TODAY)


def example_maps() -> list[Path]:
    return sorted((REPO / "examples").rglob("*.yaml"))


def all_maps() -> list[Path]:
    return [SAMPLE, *example_maps()]


def render_text(source: Path | JourneyMap, view: str, width: int, stage: str | None = None) -> str:
    """What ``jmap render`` prints for ``source`` on a ``width``-column pipe (no colour)."""
    model = load_map(source).model if isinstance(source, Path) else source
    out = io.StringIO()
    console = make_console(width, out)
    console.print(render_view(Journey(model, today=PINNED, stage_id=stage), view))
    return out.getvalue()


def too_wide(text: str, width: int) -> list[str]:
    return [line for line in text.splitlines() if cell_len(line) > width]


def _separators(line: str) -> list[tuple[int, int]]:
    """(string index, cell position) of each vertical border in a line."""
    return [(i, cell_len(line[:i])) for i, ch in enumerate(line) if ch == "│"]


def cell_streams(text: str) -> str:
    """The output with each table cell's wrapped lines joined, so wrapped phrases read whole again.

    Consecutive lines whose vertical borders sit at the same columns belong to one
    table row; the text between two borders is read down the row, then the next
    column. Lines without borders are kept as they are.
    """
    out: list[str] = []
    key: tuple[int, ...] | None = None
    columns: list[list[str]] = []

    def flush() -> None:
        for column in columns:
            out.append(" ".join(column))
        columns.clear()

    for line in text.splitlines():
        seps = _separators(line)
        this_key = tuple(cell for _, cell in seps)
        if len(seps) < 2:
            flush()
            key = None
            out.append(line)
            continue
        if this_key != key:
            flush()
            key = this_key
            columns.extend([] for _ in range(len(seps) - 1))
        for n, ((a, _), (b, _)) in enumerate(pairwise(seps)):
            columns[n].append(line[a + 1 : b])
    flush()
    return "\n".join(out)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def missing(text: str, needles: list[str]) -> list[str]:
    """The needles that cannot be read in ``text``, even allowing for wrapping inside table cells."""
    hay = squash(cell_streams(text))
    return [n for n in needles if squash(n) not in hay]
