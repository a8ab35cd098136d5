from __future__ import annotations

import json
from typing import Any, ClassVar, TextIO

from jmap.fingerprint import fingerprints
from jmap.lint.core import LintResult
from jmap.reporters.base import Reporter, ReportOptions

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
        findings = [] if options.quiet else result.findings
        for f, fingerprint in zip(findings, fingerprints(findings), strict=True):
            description = f"{f.code} {f.name}: {f.message}" + (f" ({f.cell})" if f.cell else "")
            issues.append(
                {
                    "type": "issue",
                    "check_name": f.code,
                    "description": description,
                    "categories": ["Style"],
                    "severity": _SEVERITY[f.severity.label],
                    "fingerprint": fingerprint,
                    "location": {"path": f.path, "lines": {"begin": f.line or 1}},
                }
            )
        json.dump(issues, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
