from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar, TextIO

from jmap.lint.core import LintResult
from jmap.reporters.base import Reporter, ReportOptions

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


class GitLabReporter(Reporter):
    """GitLab code-quality report (Code Climate JSON) with a stable fingerprint per finding.

    The fingerprint hashes path, code, model path and message, not the line, so
    moving a finding down the file does not make GitLab report it as new.
    """

    name: ClassVar[str] = "gitlab"

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        issues: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for f in [] if options.quiet else result.findings:
            basis = "\0".join((f.path, f.code, f.model_path, f.message))
            n = seen.get(basis, 0)
            seen[basis] = n + 1
            fingerprint = hashlib.sha256(f"{basis}\0{n}".encode()).hexdigest()[:32]
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
