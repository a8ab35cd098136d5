"""Edits to a text by position, applied all at once: what writing onto a user's file, ``lint --fix`` and editor
code actions share.

Positions are jmap's: lines and columns count from 1 (as in ``file:line:col`` and ``Location``), a column counts
characters (not bytes) and the end is exclusive, so ``TextEdit(3, 5, 3, 5, "x")`` inserts ``x`` before the fifth
character of line 3 and ``TextEdit(3, 1, 4, 1, "")`` removes line 3 with its line break. The column after a line's
last character is the end of that line; ``line_count + 1, 1`` is the end of the text. Every edit's positions refer
to the original text, never to the text after another edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class TextEdit:
    """Replace the text from (``start_line``, ``start_col``) up to, not including, (``end_line``, ``end_col``)."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int
    new_text: str

    @classmethod
    def insert(cls, line: int, col: int, text: str) -> TextEdit:
        return cls(line, col, line, col, text)

    @classmethod
    def replace_lines(cls, first: int, last: int, text: str) -> TextEdit:
        """Lines ``first`` to ``last`` (inclusive, with their line breaks) become ``text`` (empty removes them)."""
        return cls(first, 1, last + 1, 1, text)


class OverlappingEdits(ValueError):
    """Two edits touch the same characters, or an edit points outside the text: a caller's mistake, not input's."""


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line (a line ends after ``\\n``, ``\\r\\n`` or a lone ``\\r``).

    One more entry than there are lines: the last is ``len(text)``, the start of the empty line after the text.
    """
    starts = [0]
    starts.extend(m.end() for m in _BREAK.finditer(text))
    if starts[-1] != len(text):
        starts.append(len(text))
    return starts


_BREAK = re.compile(r"\r\n|\r|\n")


def offset_of(starts: Sequence[int], line: int, col: int) -> int:
    """The offset of (``line``, ``col``) in the text whose :func:`line_starts` are ``starts``."""
    if line < 1 or col < 1 or line > len(starts):
        raise OverlappingEdits(f"position {line}:{col} is outside the text ({len(starts) - 1} lines)")
    if line == len(starts):
        if col != 1:
            raise OverlappingEdits(f"position {line}:{col} is past the end of the text")
        return starts[-1]
    offset = starts[line - 1] + col - 1
    if offset > starts[line]:
        raise OverlappingEdits(f"position {line}:{col} is past the end of line {line}")
    return offset


def apply_text_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """``text`` with every edit applied; no edits return ``text`` itself.

    Edits may come in any order; two inserts at the same position keep their given order. Edits that overlap
    raise :class:`OverlappingEdits`.
    """
    spans: list[tuple[int, int, int, str]] = []
    starts: list[int] | None = None
    for n, edit in enumerate(edits):
        if starts is None:
            starts = line_starts(text)
        start = offset_of(starts, edit.start_line, edit.start_col)
        end = offset_of(starts, edit.end_line, edit.end_col)
        if end < start:
            raise OverlappingEdits(f"edit ends before it starts: {edit}")
        spans.append((start, end, n, edit.new_text))
    if not spans:
        return text
    spans.sort()
    out: list[str] = []
    done = 0
    for start, end, _, new_text in spans:
        if start < done:
            raise OverlappingEdits(f"edits overlap at offset {start}")
        out.append(text[done:start])
        out.append(new_text)
        done = end
    out.append(text[done:])
    return "".join(out)
