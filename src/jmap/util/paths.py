"""Paths as CI systems want them: relative to the repository, spelled one way, and as URIs.

``examples``, ``./examples/`` and ``/abs/repo/examples`` name the same files; a
report for GitHub or GitLab must name them the same way whichever folder jmap
ran from, or every finding looks new.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def source_root(start: Path | None = None) -> Path:
    """The top of the git work tree holding ``start`` (default: the working folder), else ``start`` itself.

    Found by looking for ``.git`` (a folder, or the file of a worktree or
    submodule) upwards, so no git program is needed.
    """
    here = Path(os.path.abspath(start if start is not None else Path.cwd()))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def relative_path(path: str | Path, base: Path) -> str | None:
    """``path`` relative to ``base`` with ``/`` separators and no ``.`` or ``..`` parts; None when outside ``base``.

    Relative paths are taken from the working folder. Symbolic links are not
    resolved, so a path is named as the repository holds it.
    """
    absolute = os.path.normpath(os.path.abspath(path))
    root = os.path.normpath(os.path.abspath(base))
    try:
        rel = os.path.relpath(absolute, root)
    except ValueError:
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return Path(rel).as_posix()


def report_path(path: str | Path, base: Path) -> str:
    """``path`` as a CI report names it: relative to ``base``, or absolute (``/`` separators) when outside it."""
    rel = relative_path(path, base)
    if rel is not None:
        return rel
    return Path(os.path.normpath(os.path.abspath(path))).as_posix()


def _encode(part: str) -> str:
    if len(part) == 2 and part[1] == ":" and part[0].isalpha():
        return part
    return quote(part, safe="", errors="surrogateescape")


def uri_reference(rel: str) -> str:
    """A relative path as a URI reference: each segment percent-encoded as UTF-8 (space, ``#``, ``%``, ``ü``)."""
    return "/".join(_encode(part) for part in rel.split("/"))


def file_uri(path: str | Path, *, folder: bool = False) -> str:
    """An absolute ``file:`` URI, percent-encoded; with a trailing slash when ``folder``."""
    absolute = Path(os.path.normpath(os.path.abspath(path))).as_posix()
    encoded = uri_reference(absolute)
    if not encoded.startswith("/"):
        encoded = "/" + encoded
    if folder and not encoded.endswith("/"):
        encoded += "/"
    return f"file://{encoded}"
