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

import functools
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from jmap.domain.ranking import DEFAULT_PRIORITY, PriorityScheme
from jmap.errors import ExportError
from jmap.formats.mermaid import MAX_TEXT_SIZE
from jmap.formats.suppressions import fold_ignore_comments
from jmap.formats.writers import FORMATS, WRITERS, Writer, by_extension, by_name, known_extensions
from jmap.loader import load_map, where
from jmap.model import JourneyMap
from jmap.util.atomic import exists_message, may_replace, output_kind, reason, refuse_input, write_atomic
from jmap.util.gc_pause import gc_paused
from jmap.util.text import plural

if TYPE_CHECKING:
    from jmap.history.revision import Revision
    from jmap.pictures.options import PictureOptions

PICTURES = ", ".join(name for name, w in WRITERS.items() if w.picture)


@dataclass(frozen=True, slots=True)
class ExportResult:
    source: Path
    out: Path | None
    format: str
    stages: int
    touchpoints: int
    size: int
    warnings: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    """The files written for ``--slides`` (one per page), in order."""
    removed: tuple[Path, ...] = ()
    """Slides of the last ``--slides`` run to the same OUT that this run no longer writes, removed."""

    def summary(self) -> str:
        """``wrote OUT (FORMAT, N stages, M touchpoints)``: the stages and touchpoints drawn."""
        where = "<stdout>" if self.out is None else str(self.out)
        slides = ""
        if self.files:
            where = str(self.files[0]) if len(self.files) == 1 else f"{self.files[0]} … {self.files[-1]}"
            slides = plural(len(self.files), "slide", grouped=True) + ", "
        stages = plural(self.stages, "stage", grouped=True)
        removed = ""
        if self.removed:
            gone = str(self.removed[0]) if len(self.removed) == 1 else f"{self.removed[0]} … {self.removed[-1]}"
            removed = f"; removed {gone}, left from the last run"
        return (
            f"wrote {where} ({self.format}, {slides}{stages}, {plural(self.touchpoints, 'touchpoint', grouped=True)})"
            f"{removed}"
        )


def choose_format(out: Path | None, fmt: str | None) -> Writer:
    """The writer named by ``fmt``, else the one OUT's extension names."""
    names = ", ".join(FORMATS)
    if fmt is not None:
        writer = by_name(fmt)
        if writer is None:
            raise ExportError(f"unknown format {fmt!r}; use one of: {names}")
        return writer
    if out is None:
        raise ExportError(f"writing to stdout needs -f FORMAT (one of: {names})")
    writer = by_extension(out)
    if writer is None:
        suffix = out.suffix or "(none)"
        raise ExportError(
            f"{out}: cannot tell the format from the extension {suffix}; "
            f"use one of {', '.join(known_extensions())}, or -f FORMAT"
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
    force: bool = False,
    strict: bool = False,
) -> ExportResult:
    """Write the map at ``source`` to ``out`` (None: ``stdout``) in ``fmt`` or the format OUT's extension names.

    ``picture`` says how a picture format (SVG, PNG, HTML) draws the map; other formats refuse it. A ranked
    list (Markdown) ranks opportunities by ``priority``. An existing OUT is replaced only with ``force`` (a
    YAML map updated from its own workbook goes through ``jmap.changes.merge`` instead). What a workbook's Map
    sheet holds that could not be read is a warning and the rest is written, unless ``strict``.
    """
    writer = choose_format(out, fmt)
    if picture is not None and not writer.picture:
        raise ExportError(
            f"--theme, --stage, --lanes, --scale and --today are for pictures ({PICTURES}), not {writer.name}"
        )
    if picture is not None and picture.since is not None and not writer.since:
        names = ", ".join(w.name for w in WRITERS.values() if w.since)
        raise ExportError(f"--since is for the deck ({names}), not {writer.name}")
    if picture is not None and picture.slides:
        return _export_slides(source, out, writer, picture, force)
    dest = None if out is None else _check_destination(source, out)
    replace = dest is not None and may_replace(dest, force=force, command="export")
    exists = exists_message("export")
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
        revision = None
        if picture is not None and picture.since is not None:
            from jmap.history.revision import changes_since

            revision = changes_since(source, picture.since, m)
        write_file = _file_writer(writer, picture, priority, revision) if writer.binary else None
        if dest is None:
            size = _to_stream(m, writer, data, stdout or sys.stdout.buffer, write_file)
        elif data is not None:
            size = write_atomic(
                dest, lambda tmp: _write_bytes(tmp, data), shown=out, replace=replace, exists_message=exists
            )
        else:
            assert write_file is not None
            size = write_atomic(dest, lambda tmp: write_file(m, tmp), shown=out, replace=replace, exists_message=exists)
    stages, touchpoints = _drawn(m, picture)
    return ExportResult(source, out, writer.name, stages, touchpoints, size, tuple(warnings))


def _drawn(m: JourneyMap, picture: PictureOptions | None) -> tuple[int, int]:
    """How many stages and touchpoints the output shows: a picture of one stage shows that stage's."""
    stages = [s for s in m.stages if picture is None or picture.stage is None or s.id == picture.stage]
    return len(stages), sum(len(s.touchpoints) for s in stages)


def slide_paths(out: Path, count: int) -> list[Path]:
    """``map.png`` -> ``map-1.png`` … ``map-N.png``."""
    return [out.with_name(f"{out.stem}-{k}{out.suffix}") for k in range(1, count + 1)]


def _export_slides(
    source: Path, out: Path | None, writer: Writer, picture: PictureOptions, force: bool
) -> ExportResult:
    """``--slides``: one file per page, each written whole, named after OUT (``map-1.png``, ``map-2.png``, …)."""
    if writer.pages is None:
        names = ", ".join(w.name for w in WRITERS.values() if w.pages)
        raise ExportError(f"--slides is for {names}, not {writer.name}")
    if out is None:
        raise ExportError(f"--slides writes a file per slide; name the first with -o FILE{writer.extensions[0]}")
    _check_destination(source, out)
    with gc_paused():
        loaded = load_map(source, strict=True)
        m = fold_ignore_comments(loaded.model, loaded.document)
        data = writer.load_pages()(m, picture)
        paths = slide_paths(out, len(data))
        # Every page is checked before the first is written: a refusal leaves no half-written set.
        dests = [_check_destination(source, path) for path in paths]
        replaces = [may_replace(dest, force=force, command="export") for dest in dests]
        manifest = slide_manifest(out)
        last = _last_slides(manifest, out)
        exists = exists_message("export")
        size = 0
        for dest, path, page, replace in zip(dests, paths, data, replaces, strict=True):
            write = functools.partial(_write_bytes, data=page)
            size += write_atomic(dest, write, shown=path, replace=replace, exists_message=exists)
        written = {path.name: hashlib.sha256(page).hexdigest() for path, page in zip(paths, data, strict=True)}
        removed, kept = _remove_stale(out, last.keys() - written.keys(), last)
        text = json.dumps({"jmap-slides": 1, "files": written}, indent=2) + "\n"
        write_atomic(manifest, functools.partial(_write_bytes, data=text.encode("utf-8")))
    stages, touchpoints = _drawn(m, picture)
    warnings = tuple(
        f"{out.with_name(name)}: kept, though this run has no such slide: it changed since jmap wrote it"
        for name in kept
    )
    return ExportResult(
        source, out, writer.name, stages, touchpoints, size, warnings, files=tuple(paths), removed=tuple(removed)
    )


def slide_manifest(out: Path) -> Path:
    """Where ``--slides -o OUT`` lists the slides it wrote (``.map.png.jmap-slides.json`` for ``map.png``):
    the only files a later run to the same OUT may remove."""
    return out.with_name(f".{out.name}.jmap-slides.json")


def _last_slides(manifest: Path, out: Path) -> dict[str, str]:
    """The slides the last run wrote and their SHA-256, from the manifest; ExportError when the file there is
    not jmap's (it is never overwritten)."""
    try:
        if stat.S_ISLNK(os.lstat(manifest).st_mode):
            raise ExportError(f"{manifest}: is a symbolic link; jmap keeps the list of the slides it wrote there")
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError):
        data = None
    files = data.get("files") if isinstance(data, dict) and data.get("jmap-slides") == 1 else None
    if not isinstance(files, dict):
        raise ExportError(
            f"{manifest}: is not the list of slides jmap wrote; move it away to write slides named after {out.name}"
        )
    ours = _slide_name(out)
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str) and ours.fullmatch(k)}


def _slide_name(out: Path) -> re.Pattern[str]:
    """``map-N.png`` for ``map.png``: the names of the slides written for OUT (the page number its group)."""
    return re.compile(rf"{re.escape(out.stem)}-([1-9][0-9]*){re.escape(out.suffix)}")


def _remove_stale(out: Path, stale: Iterable[str], digests: dict[str, str]) -> tuple[list[Path], list[str]]:
    """Remove the slides of the last run that this one did not write, each only while it is a plain file with
    the bytes jmap wrote; the removed, and the kept (changed since), in page order."""
    removed: list[Path] = []
    kept: list[str] = []
    number = _slide_name(out)
    for name in sorted(stale, key=lambda n: int(number.fullmatch(n).group(1))):  # type: ignore[union-attr]
        path = out.with_name(name)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            if hashlib.sha256(path.read_bytes()).hexdigest() != digests[name]:
                kept.append(name)
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ExportError(f"{path}: cannot remove this slide of the last run ({reason(exc)})") from None
        removed.append(path)
    return removed, kept


def _check_destination(source: Path, out: Path) -> Path:
    """OUT, after refusing OUT = FILE, a folder, a missing folder, or what jmap never writes to (a socket)."""
    refuse_input(out, [source], "exporting")
    if output_kind(out) is None and not out.parent.is_dir() and not out.is_symlink():
        raise ExportError(f"{out}: the folder {out.parent} does not exist")
    return out


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def _file_writer(
    writer: Writer,
    picture: PictureOptions | None,
    priority: PriorityScheme = DEFAULT_PRIORITY,
    revision: Revision | None = None,
) -> Callable[[JourneyMap, Path], None]:
    """A binary format's ``(map, path)`` writer, picture options (a ranked format's priority, the deck's
    changes since a revision) bound."""
    if not writer.picture:
        return writer.file()
    write = writer.load()
    extra: dict[str, object] = {}
    if writer.ranks:
        extra["priority"] = priority
    if writer.since:
        extra["since"] = revision

    def write_picture(m: JourneyMap, path: Path) -> None:
        write(m, path, picture, **extra)

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
