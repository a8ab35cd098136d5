"""The progress bar of long runs (lint, report): on stderr, for a terminal only, never in CI or when piped."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

MIN_FILES = 200
"""Runs over fewer files finish before a bar would help."""


def progress_bar() -> Callable[[int, int], None] | None:
    """An ``update(done, total)`` callback drawing a Rich bar, or None where no bar belongs."""
    if (
        not sys.stderr.isatty()
        or os.environ.get("CI")
        or os.environ.get("NO_COLOR")
        or os.environ.get("TERM") == "dumb"
    ):
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < MIN_FILES:
            return
        if "bar" not in state:
            from rich.progress import Progress

            from jmap.render.output import make_console

            bar = Progress(console=make_console(stderr=True), transient=True)
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task("Linting", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state["bar"].stop()

    return update
