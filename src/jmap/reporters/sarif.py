from __future__ import annotations

import json
from typing import Any, ClassVar, TextIO

from jmap import __version__
from jmap.fingerprint import SARIF_KEY, fingerprints
from jmap.lint.core import LintResult
from jmap.reporters.base import Reporter, ReportOptions
from jmap.rules import all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
HOMEPAGE = "https://github.com/jmap-dev/jmap"


def sarif_rules() -> list[dict[str, Any]]:
    return [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": f"{r.name}: {r.summary}"},
            "fullDescription": {"text": r.explanation()},
            "help": {"text": r.explanation(), "markdown": r.explanation()},
            "helpUri": f"{HOMEPAGE}/blob/main/docs/rules.md#{r.code.lower()}",
            "defaultConfiguration": {"level": _LEVEL[r.severity.label]},
            "properties": {"tags": [r.group], "structural": r.structural},
        }
        for r in all_rules()
    ]


class SarifReporter(Reporter):
    """SARIF 2.1.0 with every rule described, for code-scanning dashboards."""

    name: ClassVar[str] = "sarif"

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        rules = sarif_rules()
        index = {r["id"]: i for i, r in enumerate(rules)}
        results = []
        findings = [] if options.quiet else result.findings
        for f, fingerprint in zip(findings, fingerprints(findings), strict=True):
            region: dict[str, Any] = {}
            if f.line is not None:
                region["startLine"] = f.line
            if f.column is not None and not f.cell:
                region["startColumn"] = f.column
            physical: dict[str, Any] = {"artifactLocation": {"uri": f.path.replace("\\", "/")}}
            if region:
                physical["region"] = region
            location: dict[str, Any] = {"physicalLocation": physical}
            if f.model_path:
                location["logicalLocations"] = [{"fullyQualifiedName": f.model_path, "kind": "member"}]
            item: dict[str, Any] = {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _LEVEL[f.severity.label],
                "message": {"text": f.message},
                "locations": [location],
                "partialFingerprints": {SARIF_KEY: fingerprint},
            }
            if f.cell:
                item["properties"] = {"cell": f.cell}
            results.append(item)
        doc = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "jmap",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "informationUri": HOMEPAGE,
                            "rules": rules,
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        json.dump(doc, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
