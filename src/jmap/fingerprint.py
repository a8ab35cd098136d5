"""Finding fingerprints: one identity per finding that survives lines moving and unrelated edits.

A fingerprint hashes four things and nothing else:

- the file, relative to a base: the root of the git repository holding it,
  else the working folder; so ``examples``, ``./examples/`` and an absolute
  path give the same fingerprint, from whichever folder lint runs;
- the rule code;
- the item the finding is about, named by ids (``id_path``), not list indexes:
  ``stages[onboarding].touchpoints[kickoff-call].owner``;
- an occurrence counter for findings that share the first three.

Not the line, the column or the message (messages of JM004/JM005 name lines).
GitLab's code-quality report, SARIF ``partialFingerprints`` and lint
baselines all use it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jmap.findings import Finding, ModelPath
from jmap.util import paths
from jmap.util.paths import source_root

VERSION = 1
SARIF_KEY = f"jmapFingerprint/v{VERSION}"
"""The key under which SARIF results carry the fingerprint in ``partialFingerprints``."""

_ID_LISTS = frozenset({"stages", "touchpoints"})
_TEXT_KEYS = {"pain_points": ("text",), "evidence": ("source", "type")}


def _item_key(list_name: str, item: Any) -> str | None:
    """How an item of a list is named in an id path, or None when it has nothing to be named by."""
    if list_name in _ID_LISTS:
        ident = item.get("id") if isinstance(item, dict) else None
        if isinstance(ident, (str, int)) and not isinstance(ident, bool) and str(ident).strip():
            return str(ident).strip()
        return None
    keys = _TEXT_KEYS.get(list_name)
    if keys is None:
        return None
    if isinstance(item, str) and list_name == "pain_points":
        text: Any = item
    elif isinstance(item, dict):
        text = next((item[k] for k in keys if isinstance(item.get(k), str) and item[k].strip()), None)
    else:
        text = None
    if not isinstance(text, str):
        return None
    import json

    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def id_path(data: Any, path: ModelPath) -> str:
    """``path`` (keys and list indexes into ``data``) written with the ids of the items it passes.

    Stages and touchpoints are named by id, pain points by their text and
    evidence by its source; anything else (or an item without an id) by index.
    """
    return IdPaths(data)(path)


class IdPaths:
    """``id_path`` for many paths into the same data: each item on the way is named once, for all paths through it."""

    __slots__ = ("_data", "_memo")

    def __init__(self, data: Any) -> None:
        self._data = data
        self._memo: dict[ModelPath, tuple[str, Any, str | None]] = {(): ("", data, None)}
        """A path already named -> (its id path, the node there, the name of the list it is an item of or in)."""

    def __call__(self, path: ModelPath) -> str:
        memo = self._memo
        k = len(path)
        while path[:k] not in memo:
            k -= 1
        out, node, parent = memo[path[:k]]
        for i in range(k, len(path)):
            part = path[i]
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                key = _item_key(parent, item) if parent is not None else None
                out += f"[{key}]" if key is not None else f"[{part}]"
                node = item
            else:
                out += f".{part}" if out else part
                node = node.get(part) if isinstance(node, dict) else None
                parent = part
            memo[path[: i + 1]] = (out, node, parent)
        return out


@lru_cache(maxsize=1024)
def _repository_of(folder: str) -> Path | None:
    root = source_root(Path(folder))
    return root if (root / ".git").exists() else None


def relative_path(path: str | os.PathLike[str], cwd: Path | None = None) -> str:
    """The file's path in POSIX form relative to the root of its git repository, else to ``cwd``; absolute outside both.

    The repository is the file's own (found from its folder), so a run from
    outside the repository names the file as a run from inside does.
    """
    here = Path(os.path.abspath(cwd if cwd is not None else Path.cwd()))
    target = os.path.normpath(os.path.join(here, path))
    root = _repository_of(os.path.dirname(target))
    rel = paths.relative_path(target, root) if root is not None else None
    return rel if rel is not None else paths.report_path(target, here)


def fingerprint_of(path: str, code: str, item: str, occurrence: int) -> str:
    """The hash of a finding's identity (path already normalised)."""
    import hashlib

    basis = "\0".join((f"v{VERSION}", path, code, item, str(occurrence)))
    return hashlib.sha256(basis.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def identities(findings: Iterable[Finding], cwd: Path | None = None) -> list[tuple[str, str, str, int]]:
    """(normalised path, code, id path, occurrence) for each finding, in the order given."""
    rel: dict[str, str] = {}
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        p = rel.get(f.path)
        if p is None:
            p = rel[f.path] = relative_path(f.path, cwd)
        base = (p, f.code, f.id_path)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append((*base, n))
    return out


def fingerprints(findings: Sequence[Finding], cwd: Path | None = None) -> list[str]:
    """One fingerprint per finding, in the order given (lint's sorted order makes the counters stable)."""
    return [fingerprint_of(*ident) for ident in identities(findings, cwd)]
