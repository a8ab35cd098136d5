from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from jmap import HOMEPAGE, __version__
from jmap.findings import Finding
from jmap.fingerprint import SARIF_KEY, fingerprints
from jmap.reporters.base import Reporter, ReportOptions
from jmap.util.display import json_text, visible
from jmap.util.paths import file_uri, relative_path, source_root, uri_reference

if TYPE_CHECKING:
    from jmap.lint.core import LintResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def sarif_rules() -> list[dict[str, Any]]:
    from jmap.rules import all_rules

    return [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": f"{r.name}: {r.summary}"},
            "fullDescription": {"text": r.explanation()},
            "help": {"text": r.explanation(), "markdown": r.explanation()},
            "helpUri": r.doc_url(),
            "defaultConfiguration": {"level": _LEVEL[r.severity.label]},
            "properties": {"tags": [r.group], "structural": r.structural},
        }
        for r in all_rules()
    ]


def artifact_location(path: str, root: Path) -> dict[str, Any]:
    """The file, relative to ``%SRCROOT%`` and percent-encoded; a file outside the root as an absolute ``file:`` URI."""
    rel = relative_path(path, root)
    if rel is None:
        return {"uri": file_uri(path)}
    return {"uri": uri_reference(rel), "uriBaseId": SRCROOT}


def region(f: Finding) -> dict[str, Any] | None:
    """Line and column span in a YAML file; None for a workbook, whose cell is a logical location instead.

    The end is the reader's: the span of the key or list item the finding is
    about. Findings about a whole object (a missing field) have only a start.
    """
    if f.cell or f.line is None:
        return None
    out: dict[str, Any] = {"startLine": f.line}
    if f.column is not None:
        out["startColumn"] = f.column
        if f.end_line is not None and f.end_column is not None:
            out["endLine"] = f.end_line
            out["endColumn"] = f.end_column
    return out


def logical_locations(f: Finding) -> list[dict[str, Any]]:
    """The workbook cell (``Touchpoints!E3``) first, as viewers show it, then the object in the map."""
    out: list[dict[str, Any]] = []
    if f.cell:
        out.append({"name": f.cell.rpartition("!")[2], "fullyQualifiedName": f.cell, "kind": "element"})
    if f.model_path:
        out.append({"fullyQualifiedName": f.model_path, "kind": "property"})
    return out


def sarif_result(f: Finding, rule_index: int, root: Path) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(f.path, root)}
    span = region(f)
    if span is not None:
        physical["region"] = span
    location: dict[str, Any] = {"physicalLocation": physical}
    logical = logical_locations(f)
    if logical:
        location["logicalLocations"] = logical
    message = visible(f.message) + (f" ({visible(f.cell)})" if f.cell else "")
    item: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[f.severity.label],
        "message": {"text": message},
        "locations": [location],
    }
    if f.cell:
        item["properties"] = {"cell": f.cell}
    return item


class SarifReporter(Reporter):
    """SARIF 2.1.0 with every rule described, for code-scanning dashboards.

    Paths are relative to ``%SRCROOT%`` (the git top-level of the working
    folder, or the folder itself), declared in ``originalUriBaseIds``.
    """

    name: ClassVar[str] = "sarif"

    def write(self, result: LintResult, stream: TextIO, options: ReportOptions) -> None:
        rules = sarif_rules()
        index = {r["id"]: i for i, r in enumerate(rules)}
        root = options.root if options.root is not None else source_root()
        findings = result.findings
        results = [sarif_result(f, index[f.code], root) for f in findings]
        for item, fingerprint in zip(results, fingerprints(findings), strict=True):
            item["partialFingerprints"] = {SARIF_KEY: fingerprint}
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
                    "originalUriBaseIds": {SRCROOT: {"uri": file_uri(root, folder=True)}},
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        stream.write(json_text(doc) + "\n")
