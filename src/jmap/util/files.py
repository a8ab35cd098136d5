"""Reading the files a user names: only regular files, never more than a cap, never blocking on a pipe."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from jmap.errors import ConfigError, SourceError

MAX_INPUT_BYTES = 256 * 1024 * 1024
"""The most jmap reads of one input file (the YAML and XLSX readers' own limit)."""


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in a few words (``a FIFO``, ``a character device``)."""
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def read_regular(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file (symbolic links followed) of at most ``limit`` bytes.

    A FIFO, device or socket is refused without reading a byte (the open does not
    block), so a pipe or ``/dev/zero`` named like a map never hangs jmap; SourceError
    says what was refused.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise SourceError(f"{path}: a symbolic link to {os.readlink(path)}, which does not exist") from None
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, not a map file") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SourceError(f"{path}: is a folder, not a map file")
        if not stat.S_ISREG(info.st_mode):
            raise SourceError(f"{path}: is {file_kind(info.st_mode)}; jmap reads only regular files")
        if info.st_size > limit:
            raise SourceError(f"{path}: the file is {info.st_size:,} bytes; jmap reads files up to {limit:,}")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise SourceError(f"{path}: the file grew past {limit:,} bytes while jmap read it")
        return b"".join(chunks)
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_setting_file(path: Path, missing: str, unreadable: str) -> str:
    """The file's UTF-8 text; ConfigError ``missing`` when it is absent, ``unreadable (why)`` when unreadable."""
    try:
        raw = read_regular(path)
    except SourceError as exc:
        if not os.path.lexists(path):
            raise ConfigError(missing) from None
        raise ConfigError(f"{unreadable} ({exc})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{unreadable} ({exc})") from None
