"""Findings: what lint reports, as plain frozen data."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from os import PathLike

from jmap.util.text import plural

PathPart = str | int
ModelPath = tuple[PathPart, ...]

MAX_FINDINGS_PER_RULE = 100
"""Findings of one rule listed per file; the rest are summed up in one more finding."""


def more_message(code: str, n: int) -> str:
    """The message of the finding that stands for a rule's findings past the cap."""
    return (
        f"and {plural(n, f'more {code} finding', grouped=True)} in this file from here on, not listed "
        f"(jmap lists the first {MAX_FINDINGS_PER_RULE} of each rule per file)"
    )


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, word: str) -> Severity:
        try:
            return cls[word.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {word!r} (use error, warning or info)") from None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a YAML line/column, or an XLSX sheet cell.

    For workbooks, ``line`` is the row of ``cell`` so that line-based
    consumers still have something to show. ``end_line``/``end_column`` (the
    column after the last character) are set where the reader knows them: the
    span of a key or of a list item's text in YAML.
    """

    line: int | None = None
    column: int | None = None
    cell: str | None = None
    end_line: int | None = None
    end_column: int | None = None

    def at(self, path: str | PathLike[str]) -> str:
        return position(path, self.line, self.column, self.cell)


def position(path: str | PathLike[str], line: int | None, column: int | None, cell: str | None) -> str:
    """``file:line:col`` or ``file[Sheet!A1]``: how jmap names a position in one-line messages."""
    if cell:
        return f"{path}[{cell}]"
    if line:
        return f"{path}:{line}:{column or 1}"
    return str(path)


def format_model_path(path: ModelPath) -> str:
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out)


_PART = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def parse_model_path(text: str) -> ModelPath:
    """The path ``format_model_path`` wrote (``stages[0].owner`` -> ``("stages", 0, "owner")``)."""
    return tuple(int(m[1]) if m[1] is not None else m[2] for m in _PART.finditer(text))


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    path: str
    message: str
    line: int | None = None
    column: int | None = None
    cell: str | None = None
    model_path: str = ""
    end_line: int | None = None
    end_column: int | None = None
    id_path: str = ""
    """The item the finding is about, named by ids (``stages[onboarding].touchpoints[kickoff-call]``)."""

    @property
    def position(self) -> str:
        return position(self.path, self.line, self.column, self.cell)

    def sort_key(self) -> tuple[str, str, int, int, str, str]:
        """By file, then position: sheet (for workbooks), line or row, column."""
        sheet = self.cell.rpartition("!")[0] if self.cell else ""
        return (self.path, sheet, self.line or 0, self.column or 0, self.code, self.message)
