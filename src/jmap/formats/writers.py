"""The output formats of ``jmap export``: name, file extensions, text or binary, and the function.

This module imports only the standard library (the CLI reads the format names
from it at start-up); each writer module is imported when it is first used.
Text writers are ``(JourneyMap) -> str``; binary writers write a file,
``(JourneyMap, Path) -> None``. Picture writers (``picture=True``) take the
picture options (``jmap.pictures.options.PictureOptions``) as one more argument.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from jmap.model import JourneyMap

TextWriter = Callable[["JourneyMap"], str]
FileWriter = Callable[["JourneyMap", Path], None]


@dataclass(frozen=True, slots=True)
class Writer:
    name: str
    extensions: tuple[str, ...]
    binary: bool
    target: str
    description: str
    picture: bool = False
    pages: str | None = None
    """A picture format's ``module:function`` for ``--slides``: ``(JourneyMap, PictureOptions) -> list[bytes]``."""
    ranks: bool = False
    """The writer takes ``priority=`` (a PriorityScheme) for its ranked list of opportunities."""
    since: bool = False
    """The writer takes ``since=`` (a ``history.revision.Revision``, or None) for what changed since a revision."""

    def load(self) -> Callable[..., object]:
        module, _, function = self.target.partition(":")
        return cast(Callable[..., object], getattr(importlib.import_module(module), function))

    def load_pages(self) -> Callable[..., list[bytes]]:
        """The ``--slides`` writer of a picture format."""
        if self.pages is None:
            raise TypeError(f"{self.name} has no slide pages")
        module, _, function = self.pages.partition(":")
        return cast(Callable[..., list[bytes]], getattr(importlib.import_module(module), function))

    def text(self) -> TextWriter:
        if self.binary:
            raise TypeError(f"{self.name} is a binary format")
        return cast(TextWriter, self.load())

    def file(self) -> FileWriter:
        if not self.binary:
            raise TypeError(f"{self.name} is a text format")
        return cast(FileWriter, self.load())


WRITERS: dict[str, Writer] = {
    w.name: w
    for w in (
        Writer("yaml", (".yaml", ".yml"), False, "jmap.formats.yaml.writer:to_yaml", "the YAML map (format.md)"),
        Writer("json", (".json",), False, "jmap.formats.json:to_json", "the same model as JSON"),
        Writer(
            "md",
            (".md",),
            False,
            "jmap.formats.markdown:to_markdown",
            "Markdown: the grid and the opportunities",
            ranks=True,
        ),
        Writer("mmd", (".mmd",), False, "jmap.formats.mermaid:to_mermaid", "a Mermaid journey diagram"),
        Writer("csv", (".csv",), False, "jmap.formats.csv:to_csv", "the Touchpoints table as CSV"),
        Writer("xlsx", (".xlsx",), True, "jmap.formats.xlsx.writer:write_xlsx", "the XLSX workbook (format.md)"),
        Writer("ods", (".ods",), True, "jmap.formats.ods.writer:write_ods", "the workbook as OpenDocument (.ods)"),
        Writer("fods", (".fods",), False, "jmap.formats.ods.writer:to_fods", "the workbook as flat OpenDocument XML"),
        Writer(
            "svg",
            (".svg",),
            False,
            "jmap.pictures.svg:to_svg",
            "the designed picture as SVG",
            picture=True,
            pages="jmap.pictures.slides:page_svgs",
        ),
        Writer(
            "png",
            (".png",),
            True,
            "jmap.pictures.png:write_png",
            "the designed picture as PNG",
            picture=True,
            pages="jmap.pictures.slides:page_pngs",
        ),
        Writer(
            "html", (".html", ".htm"), False, "jmap.pictures.html:to_html", "the picture as a web page", picture=True
        ),
        Writer(
            "pptx",
            (".pptx",),
            True,
            "jmap.pictures.deck:write_deck",
            "a slide deck (PowerPoint, native and editable)",
            picture=True,
            ranks=True,
            since=True,
        ),
    )
}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def by_name(name: str) -> Writer | None:
    return WRITERS.get(name.strip().lower())


def by_extension(path: str | Path) -> Writer | None:
    suffix = Path(path).suffix.lower()
    for writer in WRITERS.values():
        if suffix in writer.extensions:
            return writer
    return None


def known_extensions() -> list[str]:
    return [ext for w in WRITERS.values() for ext in w.extensions]
