from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from jmap.util.text import plural

if TYPE_CHECKING:
    from jmap.lint.core import LintResult


@dataclass(frozen=True, slots=True)
class ReportOptions:
    color: bool = False
    quiet: bool = False
    """The text report lists no findings; a machine report (a file CI reads) is always complete."""
    statistics: bool = False
    root: Path | None = None
    """The folder CI paths are relative to (SARIF, GitLab); None: the git top-level of the working folder."""


REGISTRY: dict[str, type[Reporter]] = {}
"""Every reporter class, by its own ``name``, in the order they were defined."""


class Reporter(ABC):
    """A format of ``jmap lint``'s report; a subclass registers itself under its ``name``."""

    name: ClassVar[str]
    machine: ClassVar[bool] = True
    """Machine formats keep stdout parseable: the human summary goes to stderr."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name in REGISTRY:
            raise RuntimeError(f"two reporters are called {cls.name!r}")
        REGISTRY[cls.name] = cls

    @abstractmethod
    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        """Write the whole report to ``stream``."""


def summary_line(result: LintResult) -> str:
    checked = result.files_checked
    files = plural(checked, "file")
    if not result.findings:
        return f"{files} checked: no findings."
    c = result.counts()
    parts = [plural(c[k], k, "info" if k == "info" else None) for k in ("error", "warning", "info") if c[k]]
    where = [plural(result.files_with_findings, "file")] if result.files_with_findings else []
    return f"{files} checked: {', '.join(parts)} in {' and '.join([*where, *result.other_paths])}."


def statistics_lines(result: LintResult) -> list[str]:
    rows = result.by_rule()
    if not rows:
        return []
    width = max(len(str(n)) for *_, n in rows)
    name_w = max(len(name) for _, name, _, _ in rows)
    return [f"{n:>{width}}  {code}  {name:<{name_w}}  [{sev}]" for code, name, sev, n in rows]
