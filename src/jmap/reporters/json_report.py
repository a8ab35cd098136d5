from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from jmap import __version__
from jmap.findings import Finding
from jmap.reporters.base import Reporter, ReportOptions
from jmap.util.display import json_text

if TYPE_CHECKING:
    from jmap.lint.core import LintResult


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "cell": f.cell,
        "model_path": f.model_path,
        "code": f.code,
        "name": f.name,
        "severity": f.severity.label,
        "message": f.message,
    }


def summary_dict(result: LintResult) -> dict[str, Any]:
    return {
        "files_checked": result.files_checked,
        "files_with_findings": result.files_with_findings,
        **{f"{k}s" if k != "info" else k: v for k, v in result.counts().items()},
        "by_rule": {code: n for code, _, _, n in sorted(result.by_rule())},
        "fail_on": result.fail_on,
        "failed": result.failed,
    }


class JsonReporter(Reporter):
    """One JSON document: version, findings (sorted by path, then position) and summary."""

    name: ClassVar[str] = "json"

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        doc = {
            "version": __version__,
            "findings": [finding_dict(f) for f in result.findings],
            "summary": summary_dict(result),
        }
        stream.write(json_text(doc) + "\n")
