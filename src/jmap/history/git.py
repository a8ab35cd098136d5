"""Read files from git's object store: never the work tree, never the index.

Only plumbing that reads objects is used (``rev-parse``, ``ls-tree``,
``cat-file --batch``, ``rev-list``), with optional locks off, so a command
run here never rewrites ``.git/index`` the way ``git status`` may.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from jmap.errors import JmapError
from jmap.util.files import MAX_INPUT_BYTES


class GitError(JmapError):
    """git is missing, the folder is no repository, or a revision or path does not exist."""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k == "GIT_CONFIG_NOSYSTEM"}
    env.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C", LANG="C")
    return env


def _git() -> str:
    exe = shutil.which("git")
    if exe is None:
        raise GitError("git is not installed; it is needed to read revisions")
    return exe


def _run(cwd: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [_git(), "-c", "core.quotepath=off", *args], cwd=cwd, env=_env(), input=data, capture_output=True
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None


def _message(proc: subprocess.CompletedProcess[bytes]) -> str:
    text = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return text[0].removeprefix("fatal: ").strip() if text else f"git exited with {proc.returncode}"


MISSING = -1
"""The size ``ls-tree`` gives a blob that is not in the object store (a partial or damaged clone)."""


@dataclass(frozen=True, slots=True)
class Blob:
    path: str
    """Relative to the repository root, POSIX form."""
    sha: str
    size: int = 0
    """In bytes; MISSING when git cannot tell."""


def _feed(stream: IO[bytes], data: bytes) -> None:
    with contextlib.suppress(OSError):
        stream.write(data)
        stream.close()


def _too_large(size: int, limit: int) -> str:
    return f"the file is {size:,} bytes; jmap reads files up to {limit:,}"


def _next_object(out: IO[bytes], blob: Blob, limit: int) -> bytes | str:
    """The next object of ``cat-file --batch`` output, or why it was not read (what is too large is skipped)."""
    header = out.readline()
    parts = header.split()
    if len(parts) != 3 or not parts[2].isdigit():
        if not header:
            raise GitError(f"{blob.path}: git stopped before object {blob.sha} was read")
        return f"object {blob.sha} is missing from the repository (a shallow, partial or damaged clone?)"
    size = int(parts[2])
    if size > limit:
        left = size + 1
        while left:
            chunk = out.read(min(left, 1 << 20))
            if not chunk:
                raise GitError(f"{blob.path}: git stopped while object {blob.sha} was read")
            left -= len(chunk)
        return _too_large(size, limit)
    data = out.read(size)
    out.read(1)
    if len(data) != size:
        raise GitError(f"{blob.path}: git stopped while object {blob.sha} was read")
    return data


def blob_sha(data: bytes) -> str:
    """The object id git gives these bytes (to tell an untouched file without asking git)."""
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class Repository:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Repository:
        """The repository holding ``start`` (default: the working folder)."""
        here = (start or Path.cwd()).resolve()
        proc = _run(here if here.is_dir() else here.parent, "rev-parse", "--show-toplevel")
        if proc.returncode != 0:
            raise GitError(f"{here} is not in a git repository")
        return cls(Path(os.fsdecode(proc.stdout.rstrip(b"\n"))).resolve())

    def commit(self, rev: str) -> str:
        """The commit ``rev`` names, as a full id."""
        if not rev or rev.startswith("-"):
            raise GitError(f"{rev!r} is not a revision")
        proc = _run(self.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        if proc.returncode != 0:
            raise GitError(f"unknown revision {rev!r} in {self.root}{self.shallow_hint()}")
        return proc.stdout.decode().strip()

    def shallow_hint(self) -> str:
        """For a shallow clone, what to do to reach older commits; else nothing."""
        proc = _run(self.root, "rev-parse", "--is-shallow-repository")
        if proc.stdout.strip() != b"true":
            return ""
        return (
            "; this is a shallow clone, so older commits are not here: fetch the history "
            "(git fetch --unshallow, or fetch-depth: 0 in actions/checkout)"
        )

    def commit_before(self, when: str, head: str = "HEAD") -> str:
        """The last commit on ``head`` made at or before ``when`` (a date git understands)."""
        proc = _run(self.root, "rev-list", "-1", f"--before={when}", self.commit(head))
        sha = proc.stdout.decode().strip()
        if proc.returncode != 0 or not sha:
            raise GitError(f"no commit on {head} is from {when} or before{self.shallow_hint()}")
        return sha

    def commit_date(self, commit: str) -> str:
        """The commit's date (committer, its own time zone) as YYYY-MM-DD."""
        proc = _run(self.root, "show", "-s", "--no-show-signature", "--format=%cs", commit)
        if proc.returncode != 0:
            raise GitError(f"cannot read commit {commit[:12]}: {_message(proc)}")
        return proc.stdout.decode().strip()

    def files(self, commit: str, path: str) -> list[Blob] | None:
        """The files at ``path`` in ``commit`` (one for a file, all below it for a folder); None when absent."""
        spec = path.strip("/")
        args = ["ls-tree", "-r", "-l", "-z", "--full-tree", commit]
        if spec:
            args += ["--", spec]
        proc = _run(self.root, *args)
        if proc.returncode != 0:
            raise GitError(f"{commit[:12]}:{path}: {_message(proc)}")
        out = []
        for entry in proc.stdout.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            _mode, kind, sha, size = meta.split(maxsplit=3)
            if kind != b"blob":
                continue
            rel = os.fsdecode(name)
            if spec and rel != spec and not rel.startswith(spec + "/"):
                continue
            out.append(Blob(rel, sha.decode(), int(size) if size.isdigit() and len(size) < 20 else MISSING))
        return out or None

    def read(self, blobs: list[Blob], limit: int | Callable[[str], int] = MAX_INPUT_BYTES) -> Iterator[bytes | str]:
        """The contents of the blobs, in order, one at a time through one ``git cat-file --batch``.

        ``limit`` is a size cap, or gives the cap of a blob from its path. A blob that is missing from the object
        store or larger than its cap gives, in its place, the reason it was not read (git is not asked for a blob
        that ``ls-tree`` already says is too large); at most one blob is held in memory at a time.
        """
        caps = [limit(b.path) if callable(limit) else limit for b in blobs]
        wanted = [b for b, cap in zip(blobs, caps, strict=True) if b.size <= cap]
        if not wanted:
            yield from (_too_large(b.size, cap) for b, cap in zip(blobs, caps, strict=True))
            return
        request = "".join(f"{b.sha}\n" for b in wanted).encode()
        try:
            proc = subprocess.Popen(
                [_git(), "-c", "core.quotepath=off", "cat-file", "--batch"],
                cwd=self.root,
                env=_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from None
        assert proc.stdin is not None and proc.stdout is not None
        writer = threading.Thread(target=_feed, args=(proc.stdin, request), daemon=True)
        writer.start()
        try:
            for b, cap in zip(blobs, caps, strict=True):
                yield _next_object(proc.stdout, b, cap) if b.size <= cap else _too_large(b.size, cap)
        finally:
            proc.stdout.close()
            proc.kill()
            proc.wait()
            writer.join()

    def relative(self, path: Path) -> str:
        """``path`` (absolute or relative to the working folder) relative to the root, POSIX form."""
        target = Path(Path.cwd(), path).resolve()
        try:
            return target.relative_to(self.root).as_posix()
        except ValueError:
            raise GitError(f"{path}: outside the repository at {self.root}") from None
