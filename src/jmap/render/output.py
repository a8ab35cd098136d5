"""Where a rendered view goes: the terminal (colour only there), and SVG or HTML pictures on disk."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from rich.console import Console

from jmap.errors import ExportError
from jmap.util.atomic import atomic_text


def make_console(width: int | None = None, file: IO[str] | None = None, *, record: bool = False) -> Console:
    """A console that colours only a terminal, honours NO_COLOR (no escape codes at all) and never moves the cursor."""
    colour = not os.environ.get("NO_COLOR") and Console(file=file).is_terminal
    return Console(
        file=file,
        width=width,
        record=record,
        color_system="auto" if colour else None,
        highlight=False,
        emoji=False,
        markup=False,
    )


def check_writable(path: Path) -> None:
    """Fail before rendering when ``path`` clearly cannot be written."""
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name")
    if not folder.is_dir():
        raise ExportError(f"{path}: cannot write: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"{path}: cannot write: permission denied on folder {folder}")


def save_picture(console: Console, path: Path, kind: str, title: str) -> None:
    """Save what ``console`` recorded as an SVG or a standalone HTML page, whole or not at all."""
    if kind == "svg":
        text = console.export_svg(title=title, clear=False)
    elif kind == "html":
        text = console.export_html(clear=False, inline_styles=True)
    else:
        raise ValueError(f"unknown picture kind {kind!r}")
    with atomic_text(path) as stream:
        stream.write(text)
