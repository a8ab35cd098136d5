"""Output formats of ``jmap lint``: a registry of reporters that write a LintResult to a stream.

The registry names its classes lazily so that the CLI can offer the choices
without importing the lint core (``jmap --help`` stays fast).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jmap.reporters.base import Reporter

REPORTERS: dict[str, tuple[str, str]] = {
    "text": ("jmap.reporters.text", "TextReporter"),
    "json": ("jmap.reporters.json_report", "JsonReporter"),
    "github": ("jmap.reporters.github", "GitHubReporter"),
    "sarif": ("jmap.reporters.sarif", "SarifReporter"),
    "gitlab": ("jmap.reporters.codeclimate", "GitLabReporter"),
}


def reporter_class(name: str) -> type[Reporter]:
    try:
        module, cls = REPORTERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(REPORTERS)}") from None
    found: type[Reporter] = getattr(importlib.import_module(module), cls)
    return found


def get_reporter(name: str) -> Reporter:
    return reporter_class(name)()
