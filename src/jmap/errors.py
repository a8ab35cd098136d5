"""The exceptions jmap raises when it cannot do its job at all.

Everything a map's author can get wrong inside a map is a finding, not an
exception; these are for a missing path, a bad config, an unwritable output.
"""

from __future__ import annotations


class JmapError(Exception):
    """jmap could not run; the message is one line meant for the user."""


class ConfigError(JmapError):
    """The configuration or a command-line option is invalid."""


class SourceError(JmapError):
    """An input path is missing, unreadable or not a map jmap can use."""


class ExportError(JmapError):
    """An output could not be written."""
