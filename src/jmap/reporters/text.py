from __future__ import annotations

from typing import ClassVar, TextIO

from jmap.findings import Finding
from jmap.lint.core import LintResult
from jmap.reporters.base import Reporter, ReportOptions, statistics_lines, summary_line
from jmap.util.display import visible

_SEVERITY_COLOR = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"


def position(f: Finding) -> str:
    """``path:line:col`` or ``path[Sheet!A1]``, the path and sheet name shown as :func:`visible` shows them."""
    path = visible(f.path)
    if f.cell:
        return f"{path}[{visible(f.cell)}]"
    if f.line is not None:
        return f"{path}:{f.line}:{f.column or 1}"
    return path


class TextReporter(Reporter):
    """``path:line:col: CODE [severity] message``, grouped by file, then a summary."""

    name: ClassVar[str] = "text"
    machine: ClassVar[bool] = False

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        color = options.color
        lines: list[str] = []
        if not options.quiet:
            current = None
            for f in result.findings:
                if current is not None and f.path != current:
                    lines.append("")
                current = f.path
                sev = f.severity.label
                message = visible(f.message)
                if color:
                    lines.append(
                        f"{_BOLD}{position(f)}{_RESET}: {_BOLD}{f.code}{_RESET} "
                        f"{_SEVERITY_COLOR[sev]}[{sev}]{_RESET} {message}"
                    )
                else:
                    lines.append(f"{position(f)}: {f.code} [{sev}] {message}")
            if result.findings:
                lines.append("")
        if options.statistics:
            lines.extend(statistics_lines(result))
            if result.findings:
                lines.append("")
        summary = summary_line(result)
        if color:
            tone = _SEVERITY_COLOR["error"] if result.failed else "\x1b[32m"
            summary = f"{tone}{summary}{_RESET}"
        lines.append(summary)
        stream.write("\n".join(lines) + "\n")
