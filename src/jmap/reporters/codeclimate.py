from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from jmap.fingerprint import fingerprints
from jmap.reporters.base import Reporter, ReportOptions
from jmap.util.display import json_text, visible
from jmap.util.paths import report_path, source_root

if TYPE_CHECKING:
    from jmap.lint.core import LintResult

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitLabReporter(Reporter):
    """GitLab code-quality report (Code Climate JSON) with a stable fingerprint per finding.

    The fingerprint (``jmap.fingerprint``) hashes the file relative to the
    repository root, the rule and the item's id path, never the line or the
    message, so moving a finding down the file does not make GitLab report it as new.
    """

    name: ClassVar[str] = "gitlab"

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        issues: list[dict[str, Any]] = []
        root = options.root if options.root is not None else source_root()
        findings = result.findings
        for f, fingerprint in zip(findings, fingerprints(findings), strict=True):
            description = f"{f.code} {f.name}: {visible(f.message)}" + (f" ({visible(f.cell)})" if f.cell else "")
            issues.append(
                {
                    "type": "issue",
                    "check_name": f.code,
                    "description": description,
                    "categories": ["Style"],
                    "severity": _SEVERITY[f.severity.label],
                    "fingerprint": fingerprint,
                    "location": {
                        "path": report_path(f.path, root),
                        "lines": {"begin": 1 if f.cell else f.line or 1},
                    },
                }
            )
        stream.write(json_text(issues) + "\n")
