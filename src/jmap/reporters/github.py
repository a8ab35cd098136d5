from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TextIO

from jmap.findings import Finding
from jmap.reporters.base import Reporter, ReportOptions
from jmap.util.display import visible, visible_chars

if TYPE_CHECKING:
    from jmap.lint.core import LintResult

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """A command's message, escaped as the Actions runner unescapes it (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    """A property value: as :func:`_data`, and ``:`` and ``,`` too."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _file(path: str) -> str:
    """The exact path (CR and LF percent-encoded, so the annotation still finds the file), other controls visible."""
    return _prop(visible_chars(path, keep="\r\n"))


def workflow_command(f: Finding) -> str:
    """One ``::error``/``::warning``/``::notice`` line; nothing from the map can end it early or start another."""
    props = [f"file={_file(f.path)}"]
    if f.line is not None and not f.cell:
        props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
            if f.end_line is not None and f.end_column is not None:
                props.append(f"endLine={f.end_line},endColumn={f.end_column}")
    props.append(f"title={_prop(f'{f.code} {f.name}')}")
    message = f"{f.cell}: {f.message}" if f.cell else f.message
    return f"::{_LEVEL[f.severity.label]} {','.join(props)}::{_data(visible(message))}"


class GitHubReporter(Reporter):
    """GitHub Actions workflow commands, so findings appear as annotations on the pull request."""

    name: ClassVar[str] = "github"

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        for f in result.findings:
            stream.write(workflow_command(f) + "\n")
