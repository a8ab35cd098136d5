"""The one load path every command uses: read the bytes once, parse once, validate once.

A ``Loaded`` keeps the reader's document, the validation result (model,
faults, what was repaired) and the model side by side, so lint reports the
faults, and render, report and export work on the same model without reading
or validating the file again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jmap.document import RawDocument, SourceIssue
from jmap.errors import SourceError
from jmap.findings import ModelPath
from jmap.formats import Rereader, parse, read_bytes
from jmap.model import JourneyMap
from jmap.util.gc_pause import gc_paused
from jmap.util.text import plural
from jmap.validate import ModelCache, Validated, build_model, without_invalid


class Session:
    """One document loaded again after every edit (an editor's buffer): an edit of a YAML map is spliced into
    the last read (``formats.Rereader``), and the touchpoints it did not touch keep the models validated for
    them (``validate.ModelCache``). What comes out is what a fresh load gives."""

    def __init__(self) -> None:
        self.read = Rereader()
        self.models = ModelCache()


@dataclass(slots=True)
class Loaded:
    """One file as read and validated: ``model`` is None when no map could be built."""

    path: Path
    document: RawDocument
    validated: Validated

    @property
    def model(self) -> JourneyMap | None:
        return self.validated.model

    @property
    def issues(self) -> list[SourceIssue]:
        """Every fault the reader and the schema found, in that order."""
        return [*self.document.issues, *self.validated.issues]

    @property
    def invalid(self) -> frozenset[ModelPath]:
        return self.validated.invalid

    def first_fault(self, hint: bool = True, among: list[SourceIssue] | None = None) -> str:
        """``file:line:col: CODE message (and N more problems)``: the one line naming why a map is refused
        (the first of ``among``, when given, of the issues that refuse it)."""
        issues = self.issues if among is None else among
        if not issues:
            return f"{self.path}: not a journey map"
        first = min(issues, key=lambda i: (i.location.line or 0, i.location.column or 0))
        more = ""
        n = sum(i.count for i in issues) - 1
        if n:
            more = f" (and {plural(n, 'more problem', 'more problems', grouped=True)}"
            more += f"; run 'jmap lint {self.path}')" if hint else ")"
        return f"{where(self.path, first)}: {first.code} {first.message}{more}"

    def problem_note(self) -> str | None:
        """``FILE: 2 problems, 1 invalid item left out of the view; run 'jmap lint FILE'``, or None for a clean file."""
        issues = self.issues
        if not issues:
            return None
        n, k = sum(i.count for i in issues), len(self.invalid)
        left_out = f", {plural(k, 'invalid item', grouped=True)} left out" if k else ""
        return f"{self.path}: {plural(n, 'problem', grouped=True)}{left_out}; run 'jmap lint {self.path}'"

    def usable_model(self) -> JourneyMap:
        """The model without the objects that could not be read as written (see ``Validated.invalid``)."""
        if self.model is None:
            raise SourceError(self.first_fault())
        return without_invalid(self.model, self.invalid)


@dataclass(slots=True)
class LoadedMap:
    """A file that gave a model (what ``load_map`` returns)."""

    loaded: Loaded
    model: JourneyMap

    @property
    def path(self) -> Path:
        return self.loaded.path

    @property
    def document(self) -> RawDocument:
        return self.loaded.document

    @property
    def validated(self) -> Validated:
        return self.loaded.validated

    @property
    def issues(self) -> list[SourceIssue]:
        return self.loaded.issues


def where(path: str | Path, issue: SourceIssue) -> str:
    """``file:line:col`` or ``file[Sheet!A1]``: how jmap names a position in one-line messages."""
    loc = issue.location
    if loc.cell:
        return f"{path}[{loc.cell}]"
    if loc.line:
        return f"{path}:{loc.line}:{loc.column or 1}"
    return str(path)


def load_bytes(path: str | Path, raw: bytes, session: Session | None = None) -> Loaded:
    """Parse and validate bytes already read (as the next version of ``session``'s document, when given); never
    raises for what is in the file."""
    p = Path(path)
    with gc_paused():
        if session is None:
            doc = parse(p, raw)
            validated = build_model(doc, default_id=p.stem)
        else:
            doc = session.read(p, raw)
            validated = build_model(doc, default_id=p.stem, cache=session.models)
    return Loaded(p, doc, validated)


def load_file(path: str | Path) -> Loaded:
    """Read a file once and load it; SourceError only when the file cannot be read at all."""
    return load_bytes(path, read_bytes(path))


def load_map(path: str | Path, *, strict: bool = False, lenient: bool = False) -> LoadedMap:
    """A file's model; SourceError names the first fault when no model can be built.

    With ``strict``, any fault the reader or the schema reported is an error,
    so a conversion never silently drops what it could not read. Without it,
    the model is the usable one: objects that could not be read are left out
    (``Loaded.invalid`` says which). With ``lenient`` too, what a workbook's
    Map sheet holds that could not be read (``view_issue``) is no error: the
    data sheets hold the map, and the caller reports those issues.
    """
    loaded = load_file(path)
    refused = [i for i in loaded.issues if not (lenient and view_issue(i))]
    if loaded.model is None or (strict and refused):
        raise SourceError(loaded.first_fault(among=refused if loaded.model is not None else None))
    if strict:
        duplicates = duplicate_ids(loaded)
        if duplicates:
            n = len(duplicates)
            raise SourceError(
                f"{loaded.path}: cannot convert: {n} id{'s are' if n != 1 else ' is'} not unique, and a written "
                "file would attach their contents to the first object with that id: " + "; ".join(duplicates)
            )
    return LoadedMap(loaded, loaded.usable_model())


def view_issue(issue: SourceIssue) -> bool:
    """Whether an issue is about a workbook's Map sheet (a view of the data sheets) or is a note about one."""
    from jmap.formats.xlsx.layout import MAP, norm

    sheet = (issue.location.cell or "").rpartition("!")[0]
    return issue.code == "JM008" or (bool(sheet) and norm(sheet) == norm(MAP))


def duplicate_ids(loaded: Loaded) -> list[str]:
    """``file:line:col: JM004 …`` for every stage or touchpoint id used a second time, in file order."""
    from jmap.rules import REGISTRY, RuleContext, RuleSettings

    doc, model = loaded.document, loaded.model
    if model is None:
        return []

    def position(path: ModelPath) -> str:
        loc = doc.positions.locate(path)
        return loc.cell or (f"line {loc.line}" if loc.line else "the top")

    ctx = RuleContext(model, RuleSettings(today=date.today()), position)
    out = []
    for hit in REGISTRY["JM004"]().check(ctx):
        issue = SourceIssue("JM004", hit.message, doc.positions.locate(hit.path), hit.path)
        out.append(f"{where(loaded.path, issue)}: JM004 {hit.message}")
    return out
