"""Read files from git's object store: never the work tree, never the index.

Only plumbing that reads objects is used (``rev-parse``, ``ls-tree``,
``cat-file --batch``, ``rev-list``), with optional locks off, so a command
run here never rewrites ``.git/index`` the way ``git status`` may.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from jmap.errors import JmapError


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


@dataclass(frozen=True, slots=True)
class Blob:
    path: str
    """Relative to the repository root, POSIX form."""
    sha: str
    size: int = 0


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
            raise GitError(f"unknown revision {rev!r} in {self.root}")
        return proc.stdout.decode().strip()

    def commit_before(self, when: str, head: str = "HEAD") -> str:
        """The last commit on ``head`` made at or before ``when`` (a date git understands)."""
        proc = _run(self.root, "rev-list", "-1", f"--before={when}", self.commit(head))
        sha = proc.stdout.decode().strip()
        if proc.returncode != 0 or not sha:
            raise GitError(f"no commit on {head} is from {when} or before")
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
            out.append(Blob(rel, sha.decode(), int(size)))
        return out or None

    def read(self, blobs: list[Blob]) -> list[bytes]:
        """The contents of the blobs, in order, through one ``git cat-file --batch``."""
        if not blobs:
            return []
        request = "".join(f"{b.sha}\n" for b in blobs).encode()
        proc = _run(self.root, "cat-file", "--batch", data=request)
        if proc.returncode != 0:
            raise GitError(f"cannot read objects: {_message(proc)}")
        out: list[bytes] = []
        buf = proc.stdout
        pos = 0
        for b in blobs:
            nl = buf.index(b"\n", pos)
            header = buf[pos:nl].split(b" ")
            if len(header) != 3:
                raise GitError(f"{b.path}: object {b.sha} is missing")
            size = int(header[2])
            out.append(buf[nl + 1 : nl + 1 + size])
            pos = nl + 1 + size + 1
        return out

    def relative(self, path: Path) -> str:
        """``path`` (absolute or relative to the working folder) relative to the root, POSIX form."""
        target = Path(Path.cwd(), path).resolve()
        try:
            return target.relative_to(self.root).as_posix()
        except ValueError:
            raise GitError(f"{path}: outside the repository at {self.root}") from None
