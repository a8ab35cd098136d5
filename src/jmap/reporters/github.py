from __future__ import annotations

from typing import ClassVar, TextIO

from jmap.findings import Finding
from jmap.lint.core import LintResult
from jmap.reporters.base import Reporter, ReportOptions

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(f: Finding) -> str:
    props = [f"file={_prop(f.path)}"]
    if f.line is not None:
        props.append(f"line={f.line}")
    if f.column is not None and not f.cell:
        props.append(f"col={f.column}")
    props.append(f"title={_prop(f'{f.code} {f.name}')}")
    message = f"{f.cell}: {f.message}" if f.cell else f.message
    return f"::{_LEVEL[f.severity.label]} {','.join(props)}::{_data(message)}"


class GitHubReporter(Reporter):
    """GitHub Actions workflow commands, so findings appear as annotations on the pull request."""

    name: ClassVar[str] = "github"

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        if options.quiet:
            return
        for f in result.findings:
            stream.write(workflow_command(f) + "\n")
