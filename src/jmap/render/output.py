"""Where a rendered view goes: the terminal (colour only there), and SVG or HTML pictures on disk."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from rich._export_format import CONSOLE_SVG_FORMAT
from rich.console import Console

from jmap.errors import ExportError
from jmap.util.atomic import atomic_text, output_kind


def _local_fonts_only(template: str) -> str:
    """Rich's SVG template with its web fonts taken out: the picture names installed fonts and fetches nothing."""
    start = template.index("@font-face")
    end = template.index(".{unique_id}-matrix")
    return (template[:start] + template[end:]).replace(
        "font-family: Fira Code, monospace;",
        "font-family: 'Fira Code', Menlo, 'DejaVu Sans Mono', Consolas, 'Courier New', monospace;",
    )


SVG_FORMAT = _local_fonts_only(CONSOLE_SVG_FORMAT)
"""The SVG of ``render --svg``: Rich's, naming local fonts only (no output of jmap loads anything)."""


def make_console(
    width: int | None = None,
    file: IO[str] | None = None,
    *,
    record: bool = False,
    stderr: bool = False,
    colour: bool | None = None,
) -> Console:
    """The console of every command: colour only for a terminal (or ``colour``), never markup, emoji or highlighting.

    Without ``colour`` the choice is Rich's terminal detection, and NO_COLOR means no escape codes at all.
    """
    forced = colour
    if colour is None:
        colour = not os.environ.get("NO_COLOR") and Console(file=file, stderr=stderr).is_terminal
    return Console(
        file=file,
        width=width,
        record=record,
        stderr=stderr,
        force_terminal=forced,
        no_color=not colour,
        color_system="auto" if colour else None,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )


def check_writable(path: Path) -> None:
    """Fail before rendering when ``path`` clearly cannot be written."""
    folder = path.parent
    if output_kind(path) in ("device", "fifo"):
        return
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name")
    if not folder.is_dir():
        raise ExportError(f"{path}: cannot write: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"{path}: cannot write: permission denied on folder {folder}")


def save_picture(console: Console, path: Path, kind: str, title: str) -> None:
    """Save what ``console`` recorded as an SVG or a standalone HTML page, whole or not at all."""
    if kind == "svg":
        text = console.export_svg(title=title, clear=False, code_format=SVG_FORMAT)
    elif kind == "html":
        text = console.export_html(clear=False, inline_styles=True)
    else:
        raise ValueError(f"unknown picture kind {kind!r}")
    with atomic_text(path) as stream:
        stream.write(text)
