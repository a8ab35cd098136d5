"""Write outputs whole or not at all: a temporary file in the same folder, fsync, then a rename.

Used by every command that writes a file (export, new, lint -o, render --svg/--html). The temporary
file is hidden (``.OUT.PID.RANDOM.jmap-tmp``) and removed on every failure, on Ctrl-C and on SIGTERM or
SIGHUP (after which the process still ends by that signal). Only SIGKILL can leave one behind; the next
write to OUT removes the ones whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import TextIO

from jmap.errors import ExportError
from jmap.util.files import file_kind

TEMP_SUFFIX = ".jmap-tmp"
STALE_AFTER = 24 * 3600
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a temporary file existed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def write_atomic(
    dest: Path,
    fill: Callable[[Path], None],
    *,
    shown: Path | None = None,
    replace: bool = True,
    exists_message: str = "already exists",
) -> int:
    """Let ``fill`` write a temporary file next to ``dest``, then publish it as ``dest``; return its size.

    The one way jmap opens an output. A symbolic link is followed and its target
    replaced (the link stays). A character device (``/dev/stdout``, ``/dev/null``) or a
    FIFO with a reader is written to, never replaced; a FIFO with no reader, a block
    device, a socket or a folder is refused. With ``replace=False`` an existing
    ``dest`` is never overwritten, not even one that appears while ``fill`` runs.
    On any failure the temporary file is removed and ``dest`` is untouched.
    ``shown`` is the path to name in messages (what the user typed).
    """
    name = shown or dest
    kind = output_kind(dest, name)
    if kind is not None and not replace:
        raise ExportError(f"{name}: {exists_message}")
    if kind is not None and kind != "file":
        return _write_stream(dest, fill, name, kind)
    dest = _followed(dest, name)
    folder = dest.parent if str(dest.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{name}: the folder {folder} does not exist")
    if not replace and (dest.exists() or dest.is_symlink()):
        raise ExportError(f"{name}: {exists_message}")
    mode = _mode_for(dest)
    remove_stale_temps(folder, dest.name)
    with _cleanup_on_signals():
        return _write_via_temp(dest, fill, folder, mode, name, replace, exists_message)


def output_kind(path: Path, shown: Path | None = None) -> str | None:
    """What ``path`` names now (symbolic links followed): None (nothing), ``file``, ``device`` or ``fifo``.

    ExportError for what jmap never writes to: a folder, a block device, a socket.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise ExportError(f"{shown or path}: the folder {path.parent} does not exist") from None
    except OSError as exc:
        raise ExportError(f"{shown or path}: cannot write ({reason(exc)})") from None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISCHR(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISDIR(mode):
        raise ExportError(f"{shown or path}: is a folder; name the file to write")
    raise ExportError(
        f"{shown or path}: is {file_kind(mode)}; jmap writes to regular files, new paths and character devices only"
    )


def _followed(dest: Path, name: Path) -> Path:
    """``dest`` with symbolic links resolved, so a link's target is replaced and the link kept."""
    if not dest.is_symlink() and not any(p.is_symlink() for p in dest.parents):
        return dest
    try:
        return dest.resolve()
    except (OSError, RuntimeError) as exc:
        raise ExportError(f"{name}: cannot resolve the path ({reason(exc)})") from None


def _write_stream(dest: Path, fill: Callable[[Path], None], name: Path, kind: str) -> int:
    """Write to a character device or a FIFO: opened as it is (never created or replaced), then the bytes."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | (getattr(os, "O_NONBLOCK", 0) if kind == "fifo" else 0)
    try:
        fd = os.open(dest, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise ExportError(f"{name}: is a FIFO (named pipe) that nobody reads; nothing was written") from None
        raise ExportError(f"{name}: cannot write ({reason(exc)})") from None
    try:
        if kind == "fifo":
            os.set_blocking(fd, True)
        with tempfile.TemporaryDirectory(prefix="jmap-out-") as folder:
            tmp = Path(folder) / "out"
            fill(tmp)
            with open(tmp, "rb") as source, os.fdopen(os.dup(fd), "wb", closefd=True) as sink:
                size = 0
                while chunk := source.read(1 << 20):
                    sink.write(chunk)
                    size += len(chunk)
        return size
    except OSError as exc:
        raise ExportError(f"{name}: cannot write ({reason(exc)})") from None
    finally:
        os.close(fd)


def refuse_input(out: Path, inputs: Iterable[str | Path], what: str) -> None:
    """ExportError when ``out`` names one of the files a command reads (hard and symbolic links included)."""
    for given in inputs:
        if same_file(Path(given), out):
            which = "" if str(given) == str(out) else f" {given}"
            raise ExportError(f"{out}: is the input file{which}; {what} must not overwrite what it reads")


def may_replace(out: Path, *, force: bool, command: str, updates: Callable[[Path], bool] | None = None) -> bool:
    """The ``replace`` to write ``out`` with: True with ``force`` or when ``updates(out)`` says it is the map the
    command is meant to update, False for a new path; ExportError naming --force for any other existing file.

    A character device or a FIFO is written to, never replaced, so it needs no --force.
    """
    kind = output_kind(out)
    if force or kind in ("device", "fifo") or (kind == "file" and updates is not None and updates(out)):
        return True
    if kind is None:
        return False
    raise ExportError(f"{out}: {exists_message(command)}")


def exists_message(command: str) -> str:
    """What ``command`` says after an output's name when it will not replace the file."""
    return f"already exists; jmap {command} replaces a file only with --force"


def same_file(a: Path, b: Path) -> bool:
    """True when both paths name one file: the same resolved path, or the same inode (hard links)."""
    with contextlib.suppress(OSError, RuntimeError):
        if a.resolve() == b.resolve():
            return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_via_temp(
    dest: Path, fill: Callable[[Path], None], folder: Path, mode: int, name: Path, replace: bool, exists_message: str
) -> int:
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f"{temp_prefix(dest.name)}{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder
        )
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


@contextlib.contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into an exception while the block runs (so the temporary file is removed),
    then end the process by the same signal as it would have ended without us."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}

    def on_signal(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signum)

    for signum in _SIGNALS:
        handler = signal.getsignal(signum)
        if handler is signal.SIG_DFL:
            previous[signum] = handler
            signal.signal(signum, on_signal)
    try:
        yield
    except _Terminated as stop:
        _restore(previous)
        os.kill(os.getpid(), stop.signum)
        raise ExportError("interrupted; nothing was written") from None
    finally:
        _restore(previous)


def _restore(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]
    previous.clear()


MAX_NAME_BYTES = 255
_TEMP_ROOM = 40
"""Bytes a temporary name adds after its prefix: the process id, tempfile's random part and TEMP_SUFFIX."""


def temp_prefix(name: str) -> str:
    """``.NAME.``, the start of a temporary file's name for ``name``; for a name too long to leave room for the
    rest (a legal 230–255-byte name), its start and a digest instead, so the temporary name stays legal too."""
    prefix = f".{name}."
    if len(os.fsencode(prefix)) + _TEMP_ROOM <= MAX_NAME_BYTES:
        return prefix
    digest = hashlib.sha1(os.fsencode(name), usedforsecurity=False).hexdigest()[:16]
    head = os.fsencode(name)[:120].decode("utf-8", "ignore")
    return f".{head}~{digest}."


def remove_stale_temps(folder: Path, name: str) -> int:
    """Remove temporary files a killed jmap left for ``name`` in ``folder``; return how many."""
    prefix = temp_prefix(name)
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        pid_text = entry.name[len(prefix) :].partition(".")[0]
        try:
            stale = not _alive(int(pid_text)) if pid_text.isdigit() else _age(entry) > STALE_AFTER
        except OSError:
            continue
        if stale and entry.is_file(follow_symlinks=False):
            _remove(Path(entry.path))
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def _age(entry: os.DirEntry[str]) -> float:
    return time.time() - entry.stat(follow_symlinks=False).st_mtime


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
