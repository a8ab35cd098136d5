"""Load one map for the commands that need a model (render, export, report)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jmap.document import RawDocument, SourceIssue
from jmap.errors import SourceError
from jmap.formats import read_source
from jmap.model import JourneyMap
from jmap.util.gc_pause import gc_paused
from jmap.validate import Validated, build_model


@dataclass(slots=True)
class LoadedMap:
    path: Path
    model: JourneyMap
    document: RawDocument
    validated: Validated

    @property
    def issues(self) -> list[SourceIssue]:
        return [*self.document.issues, *self.validated.issues]


def where(path: str | Path, issue: SourceIssue) -> str:
    """``file:line:col`` or ``file[Sheet!A1]``: how jmap names a position in one-line messages."""
    loc = issue.location
    if loc.cell:
        return f"{path}[{loc.cell}]"
    if loc.line:
        return f"{path}:{loc.line}:{loc.column or 1}"
    return str(path)


def load_map(path: str | Path, *, strict: bool = False) -> LoadedMap:
    """Read and validate a map; SourceError names the first fault when no model can be built.

    With ``strict``, any JM001/JM002/JM003/JM004/JM005 fault is an error, so a
    conversion never silently drops what it could not read.
    """
    p = Path(path)
    with gc_paused():
        doc = read_source(p)
        validated = build_model(doc, default_id=p.stem)
    issues = [*doc.issues, *validated.issues]
    if validated.model is None or (strict and issues):
        first = min(issues, key=lambda i: (i.location.line or 0, i.location.column or 0)) if issues else None
        if first is None:
            raise SourceError(f"{p}: not a journey map")
        more = f" (and {len(issues) - 1} more problems; run 'jmap lint {p}')" if len(issues) > 1 else ""
        raise SourceError(f"{where(p, first)}: {first.code} {first.message}{more}")
    return LoadedMap(p, validated.model, doc, validated)
