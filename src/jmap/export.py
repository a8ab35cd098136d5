"""``jmap export``: read one map, write it in another format, completely or not at all.

The map is loaded strictly: a map with a fault the reader or the schema
reported is refused with the first fault's position, because exporting it
would drop what could not be read. The output is written to a temporary file
in OUT's folder, flushed to disk, then renamed over OUT, so OUT is either the
old file or the complete new one. The input is only ever read.

With no OUT (``-o -``) the output goes to ``stdout``. The binary XLSX workbook
goes there only when stdout is not a terminal (a pipe or a redirect), never
as garbage on a screen.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme
from jmap.errors import ExportError
from jmap.formats.mermaid import MAX_TEXT_SIZE
from jmap.formats.writers import FORMATS, Writer, by_extension, by_name, known_extensions
from jmap.lint.suppressions import fold_ignore_comments
from jmap.loader import load_map, where
from jmap.model import JourneyMap
from jmap.util.atomic import reason, write_atomic
from jmap.util.gc_pause import gc_paused
from jmap.util.text import plural

if TYPE_CHECKING:
    from jmap.pictures.options import PictureOptions


@dataclass(frozen=True, slots=True)
class ExportResult:
    source: Path
    out: Path | None
    format: str
    stages: int
    touchpoints: int
    size: int
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        """``wrote OUT (FORMAT, N stages, M touchpoints)``"""
        where = "<stdout>" if self.out is None else str(self.out)
        stages = plural(self.stages, "stage", grouped=True)
        return f"wrote {where} ({self.format}, {stages}, {plural(self.touchpoints, 'touchpoint', grouped=True)})"


def choose_format(out: Path | None, fmt: str | None) -> Writer:
    """The writer named by ``fmt``, else the one OUT's extension names."""
    names = ", ".join(FORMATS)
    if fmt is not None:
        writer = by_name(fmt)
        if writer is None:
            raise ExportError(f"unknown format {fmt!r}; use one of: {names}")
        return writer
    if out is None:
        raise ExportError(f"writing to stdout needs --to FORMAT (one of: {names})")
    writer = by_extension(out)
    if writer is None:
        suffix = out.suffix or "(none)"
        raise ExportError(
            f"{out}: cannot tell the format from the extension {suffix}; "
            f"use one of {', '.join(known_extensions())}, or --to FORMAT"
        )
    return writer


def render(
    m: JourneyMap,
    writer: Writer,
    picture: PictureOptions | None = None,
    priority: PriorityScheme = DEFAULT_PRIORITY,
) -> bytes:
    """A text format's bytes (UTF-8); a writer with a ranked list ranks by ``priority``."""
    if writer.picture:
        return str(writer.load()(m, picture)).encode("utf-8")
    if writer.ranks:
        return str(writer.load()(m, priority=priority)).encode("utf-8")
    return writer.text()(m).encode("utf-8")


def export(
    source: Path,
    out: Path | None,
    fmt: str | None = None,
    *,
    stdout: BinaryIO | None = None,
    picture: PictureOptions | None = None,
    priority: PriorityScheme = DEFAULT_PRIORITY,
    strict: bool = False,
) -> ExportResult:
    """Write the map at ``source`` to ``out`` (None: ``stdout``) in ``fmt`` or the format OUT's extension names.

    ``picture`` says how a picture format (SVG, PNG, HTML) draws the map; other formats refuse it. A ranked
    list (Markdown) ranks opportunities by ``priority``. What a workbook's Map sheet holds that could not be
    read is a warning and the rest is written, unless ``strict``.
    """
    writer = choose_format(out, fmt)
    if picture is not None and not writer.picture:
        raise ExportError(
            f"--theme, --stage, --lanes, --scale and --today are for pictures (svg, png, html), not {writer.name}"
        )
    dest = None if out is None else _check_destination(source, out)
    if out is None and writer.binary:
        stream = stdout or sys.stdout.buffer
        if stream.isatty():
            raise ExportError(
                f"{writer.name} is a binary format and stdout is a terminal; "
                f"write it to a file with -o FILE{writer.extensions[0]}, or redirect stdout"
            )
    with gc_paused():
        loaded = load_map(source, strict=True, lenient=not strict)
        m = fold_ignore_comments(loaded.model, loaded.document)
        warnings: list[str] = [f"{where(loaded.path, i)}: {i.code} {i.message}" for i in loaded.issues]
        data: bytes | None = None
        if not writer.binary:
            data = render(m, writer, picture, priority)
            if writer.name == "mmd" and len(data) > MAX_TEXT_SIZE:
                warnings.append(
                    f"the diagram is {len(data):,} characters long; Mermaid draws up to {MAX_TEXT_SIZE:,} "
                    "unless its maxTextSize setting is raised"
                )
        write_file = _file_writer(writer, picture) if writer.binary else None
        if dest is None:
            size = _to_stream(m, writer, data, stdout or sys.stdout.buffer, write_file)
        elif data is not None:
            size = write_atomic(dest, lambda tmp: _write_bytes(tmp, data), shown=out)
        else:
            assert write_file is not None
            size = write_atomic(dest, lambda tmp: write_file(m, tmp), shown=out)
    stages = len(m.stages)
    touchpoints = sum(len(s.touchpoints) for s in m.stages)
    return ExportResult(source, out, writer.name, stages, touchpoints, size, tuple(warnings))


def _check_destination(source: Path, out: Path) -> Path:
    """The file to replace (symbolic links followed), after refusing OUT = FILE, a folder or a missing folder."""
    if same_file(source, out):
        raise ExportError(f"{out}: is the input file; exporting must not overwrite its own source")
    try:
        dest = out.resolve()
    except (OSError, RuntimeError) as exc:
        raise ExportError(f"{out}: cannot resolve the path ({reason(exc)})") from None
    if dest.is_dir():
        raise ExportError(f"{out}: is a folder; name the file to write")
    if not dest.parent.is_dir():
        raise ExportError(f"{out}: the folder {out.parent} does not exist")
    return dest


def same_file(a: Path, b: Path) -> bool:
    """True when both paths name one file: the same resolved path, or the same inode (hard links)."""
    with contextlib.suppress(OSError, RuntimeError):
        if a.resolve() == b.resolve():
            return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def _file_writer(writer: Writer, picture: PictureOptions | None) -> Callable[[JourneyMap, Path], None]:
    """A binary format's ``(map, path)`` writer, picture options bound."""
    if not writer.picture:
        return writer.file()
    write = writer.load()

    def write_picture(m: JourneyMap, path: Path) -> None:
        write(m, path, picture)

    return write_picture


def _to_stream(
    m: JourneyMap,
    writer: Writer,
    data: bytes | None,
    stream: BinaryIO,
    write_file: Callable[[JourneyMap, Path], None] | None,
) -> int:
    if data is None:
        assert write_file is not None
        with tempfile.TemporaryDirectory(prefix="jmap-export-") as folder:
            tmp = Path(folder) / f"map{writer.extensions[0]}"
            write_file(m, tmp)
            data = tmp.read_bytes()
    stream.write(data)
    stream.flush()
    return len(data)
