"""Output formats of ``jmap lint``: a name per format, its ``Reporter`` class imported only when it is used.

To add a format, write a ``Reporter`` subclass in a module of this package and add its name and
``module:class`` to ``REPORTERS`` (``tests/reporters/test_reporters.py`` checks that each class carries
the name it is listed under). The CLI offers the names without importing any reporter.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jmap.reporters.base import Reporter

REPORTERS: dict[str, str] = {
    "text": "jmap.reporters.text:TextReporter",
    "json": "jmap.reporters.json_report:JsonReporter",
    "github": "jmap.reporters.github:GitHubReporter",
    "sarif": "jmap.reporters.sarif:SarifReporter",
    "gitlab": "jmap.reporters.codeclimate:GitLabReporter",
}
"""Format name -> ``module:class``, in the order ``--format`` lists them."""


def reporter_class(name: str) -> type[Reporter]:
    try:
        module, _, attr = REPORTERS[name].partition(":")
    except KeyError:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(REPORTERS)}") from None
    cls: type[Reporter] = getattr(importlib.import_module(module), attr)
    return cls


def get_reporter(name: str) -> Reporter:
    return reporter_class(name)()
