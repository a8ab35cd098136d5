from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TextIO

from jmap.lint.core import LintResult
from jmap.util.text import plural


@dataclass(frozen=True, slots=True)
class ReportOptions:
    color: bool = False
    quiet: bool = False
    statistics: bool = False
    root: Path | None = None
    """The folder CI paths are relative to (SARIF, GitLab); None: the git top-level of the working folder."""


class Reporter:
    name: ClassVar[str]
    machine: ClassVar[bool] = True
    """Machine formats keep stdout parseable: the human summary goes to stderr."""

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        """Write the whole report to ``stream``."""
        del result, stream, options


def summary_line(result: LintResult) -> str:
    checked = result.files_checked
    files = plural(checked, "file")
    if not result.findings:
        return f"{files} checked: no findings."
    c = result.counts()
    parts = [plural(c[k], k, "info" if k == "info" else None) for k in ("error", "warning", "info") if c[k]]
    return f"{files} checked: {', '.join(parts)} in {plural(result.files_with_findings, 'file')}."


def statistics_lines(result: LintResult) -> list[str]:
    rows = result.by_rule()
    if not rows:
        return []
    width = max(len(str(n)) for *_, n in rows)
    name_w = max(len(name) for _, name, _, _ in rows)
    return [f"{n:>{width}}  {code}  {name:<{name_w}}  [{sev}]" for code, name, sev, n in rows]
