"""The exceptions jmap raises when it cannot do its job at all.

Everything a map's author can get wrong inside a map is a finding, not an
exception; these are for a missing path, a bad config, an unwritable output.
"""

from __future__ import annotations

import enum


class JmapError(Exception):
    """jmap could not run; the message is one line meant for the user."""


class ConfigError(JmapError):
    """The configuration or a command-line option is invalid."""


class SourceError(JmapError):
    """An input path is missing, unreadable or not a map jmap can use."""


class Refusal(enum.Enum):
    """Why an export refuses a valid map: the output could not hold it exactly (docs/format.md lists them).

    One list for the writers and for the tests that accept a refusal as an outcome of a round trip.
    """

    TEXT_TOO_LONG = "text-too-long"
    LONE_SURROGATE = "lone-surrogate"
    AMBIGUOUS_TEXT = "ambiguous-text"
    LINE_BREAK_IN_ITEM = "line-break-in-item"
    FIELD_NAME = "field-name"
    HEADERS_DIFFER_IN_CASE = "headers-differ-in-case"
    TOO_MANY_ROWS = "too-many-rows"
    NOT_A_NUMBER = "not-a-number"
    WRITER_LIBRARY = "writer-library"


class ExportError(JmapError):
    """An output could not be written; ``kind`` says which refusal when the map itself cannot be held."""

    def __init__(self, message: str, kind: Refusal | None = None) -> None:
        super().__init__(message)
        self.kind = kind
