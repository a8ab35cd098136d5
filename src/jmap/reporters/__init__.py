"""Output formats of ``jmap lint``: reporter classes, registered under their own ``name`` as they are defined.

To add a format, write a ``Reporter`` subclass in a module of this package and list the module below.
The modules import neither the lint core nor Rich, so the CLI can offer the choices cheaply.
"""

from __future__ import annotations

import importlib

from jmap.reporters.base import REGISTRY, Reporter

_MODULES = ("text", "json_report", "github", "sarif", "codeclimate")

for _module in _MODULES:
    importlib.import_module(f"jmap.reporters.{_module}")

REPORTERS: dict[str, type[Reporter]] = dict(REGISTRY)


def reporter_class(name: str) -> type[Reporter]:
    try:
        return REPORTERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; use one of {', '.join(REPORTERS)}") from None


def get_reporter(name: str) -> Reporter:
    return reporter_class(name)()
