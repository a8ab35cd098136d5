"""Write outputs whole or not at all: a temporary file in the same folder, fsync, then a rename.

Used by every command that writes a file (export, new, lint -o, render --svg/--html).
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from jmap.errors import ExportError

TEMP_SUFFIX = ".jmap-tmp"


def write_atomic(
    dest: Path,
    fill: Callable[[Path], None],
    *,
    shown: Path | None = None,
    replace: bool = True,
    exists_message: str = "already exists",
) -> int:
    """Let ``fill`` write a temporary file next to ``dest``, then publish it as ``dest``; return its size.

    With ``replace=False`` an existing ``dest`` is never overwritten, not even one
    that appears while ``fill`` runs. On any failure the temporary file is removed
    and ``dest`` is untouched. ``shown`` is the path to name in messages (what the
    user typed).
    """
    name = shown or dest
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{name}: the folder {folder} does not exist")
    if not replace and (dest.exists() or dest.is_symlink()):
        raise ExportError(f"{name}: {exists_message}")
    mode = _mode_for(dest)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise ExportError(f"{name}: cannot write ({reason(exc)})") from None
    tmp = Path(tmp_name)
    try:
        os.close(fd)
        fill(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fchmod(fd, mode)
            os.fsync(fd)
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, dest)
        else:
            _publish_new(tmp, dest, f"{name}: {exists_message}")
    except OSError as exc:
        _remove(tmp)
        raise ExportError(f"{name}: cannot write ({reason(exc)})") from None
    except BaseException:
        _remove(tmp)
        raise
    _remove(tmp)
    _fsync_folder(folder)
    return size


@contextlib.contextmanager
def atomic_text(target: Path) -> Iterator[TextIO]:
    """A text stream whose content replaces ``target`` when the block ends without an error."""
    buffer = io.StringIO()
    yield buffer
    data = buffer.getvalue().encode("utf-8")

    def fill(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_atomic(target, fill)


def _publish_new(tmp: Path, dest: Path, exists: str) -> None:
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise ExportError(exists) from None
    except OSError:
        if dest.exists():
            raise ExportError(exists) from None
        os.replace(tmp, dest)


def _mode_for(dest: Path) -> int:
    """Keep an existing file's permissions; a new one gets the usual 0o666 less the umask."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(dest.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def reason(exc: BaseException) -> str:
    """The cause of an OS error in a few words."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "the folder does not accept new files"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
