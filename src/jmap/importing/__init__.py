"""``jmap import``: a hand-made journey grid (XLSX, ODS, CSV, Markdown) in, a jmap map out.

See docs/import.md for the layouts, the layer names, the splitting and pairing rules and
the emotion table. Every guess is returned with the cell it came from; nothing in the
grid is dropped (what is not a layer is kept as an ``x-`` field).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jmap.errors import ExportError, SourceError
from jmap.formats.xlsx.layout import norm
from jmap.importing.build import Builder, Guess, find_layout
from jmap.importing.grid import Grid, NoGrid

GridReader = Callable[[str, bytes, list[str]], list[Grid]]

LAYER_HINT = (
    "a row or column of at least two layer names (actions, touchpoints, thoughts and feelings, emotions, "
    "pain points, opportunities, owner, customer goal, KPIs) with stage names beside it"
)


def _xlsx(path: str, raw: bytes, notes: list[str]) -> list[Grid]:
    from jmap.importing.xlsx_grid import read_xlsx_sheets

    return read_xlsx_sheets(path, raw)


def _ods(path: str, raw: bytes, notes: list[str]) -> list[Grid]:
    from jmap.importing.ods_grid import read_ods_sheets

    return read_ods_sheets(path, raw)


def _csv(path: str, raw: bytes, notes: list[str]) -> list[Grid]:
    from jmap.importing.csv_grid import read_csv_grid

    return [read_csv_grid(path, raw, notes)]


def _markdown(path: str, raw: bytes, notes: list[str]) -> list[Grid]:
    from jmap.importing.markdown_grid import read_markdown_grids

    return read_markdown_grids(path, raw, notes)


READERS: dict[str, GridReader] = {
    ".xlsx": _xlsx,
    ".xlsm": _xlsx,
    ".ods": _ods,
    ".fods": _ods,
    ".csv": _csv,
    ".tsv": _csv,
    ".txt": _csv,
    ".md": _markdown,
    ".markdown": _markdown,
}
OUTPUTS = (".yaml", ".yml", ".xlsx")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    source: Path
    out: Path | None
    """None with ``dry_run``."""
    sheet: str | None = None
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: Path
    out: Path | None
    grid: str
    layout: str
    stages: int
    touchpoints: int
    guesses: tuple[Guess, ...]
    data: dict[str, Any]

    def guess_lines(self) -> list[str]:
        """``GRID: CELL: what was guessed``, one per guess, in the order they were made."""
        return [
            f"{self.source}: {g.where}: {g.message}" if g.where else f"{self.source}: {g.message}" for g in self.guesses
        ]

    def summary(self) -> str:
        counts = (
            _count(self.stages, "stage"),
            _count(self.touchpoints, "touchpoint"),
            _count(len(self.guesses), "guess"),
        )
        what = ", ".join(counts)
        if self.out is None:
            return f"would write a map ({what}); nothing written (--dry-run)"
        return f"wrote {self.out} ({what})"


def _count(n: int, word: str) -> str:
    plural = word + ("es" if word.endswith("s") else "s")
    return f"{n:,} {word if n == 1 else plural}"


def read_grids(source: Path, raw: bytes, notes: list[str]) -> list[Grid]:
    reader = READERS.get(source.suffix.lower())
    if reader is None:
        raise SourceError(
            f"{source}: cannot tell the grid's format from the extension {source.suffix or '(none)'}; "
            f"jmap imports {', '.join(READERS)}"
        )
    from jmap.formats.sniff import mismatch

    wrong = mismatch(source, raw)
    if wrong is not None:
        raise NoGrid(f"{source}: {wrong}")
    return reader(str(source), raw, notes)


def pick_grid(source: Path, grids: list[Grid], sheet: str | None) -> tuple[Grid, Any, list[Guess]]:
    """The grid to import (the named sheet, else the first that holds a journey grid) and its layout."""
    guesses: list[Guess] = []
    if sheet is not None:
        chosen = [g for g in grids if norm(g.name) == norm(sheet)]
        if not chosen:
            names = ", ".join(repr(g.name) for g in grids) or "none"
            raise SourceError(f"{source}: no sheet named {sheet!r} (sheets: {names})")
        grids = chosen[:1]
    for grid in grids:
        layout = find_layout(grid)
        if layout is not None:
            others = [g.name for g in grids if g is not grid and find_layout(g) is not None]
            if len(grids) > 1 and grid.name:
                also = f"; {', '.join(repr(o) for o in others)} also holds one (choose with --sheet)" if others else ""
                what = grid.name if grid.name.startswith("table at line") else f"sheet {grid.name!r}"
                guesses.append(Guess("", f"read {what}, the first that holds a journey grid{also}"))
            return grid, layout, guesses
    where = f" sheet {grids[0].name!r}" if sheet is not None and grids and grids[0].name else ""
    looked = f" in {len(grids)} tables" if len(grids) > 1 and not sheet else ""
    raise NoGrid(f"{source}:{where} no journey grid found{looked}: looked for {LAYER_HINT}")


def build_map(source: Path, raw: bytes, sheet: str | None = None) -> tuple[dict[str, Any], Grid, str, list[Guess]]:
    """The map data of the grid in ``raw``, the grid it came from, its layout, and every guess."""
    notes: list[str] = []
    grids = read_grids(source, raw, notes)
    grid, layout, guesses = pick_grid(source, grids, sheet)
    out = [Guess("", note) for note in notes] + guesses
    if layout.transposed:
        out.append(Guess("", "the grid runs stages down and layers across"))
    out.extend(Guess(grid.where(r, c), why) for r, c, why in grid.skipped)
    builder = Builder(layout, source.stem)
    data = builder.build()
    out.extend(builder.guesses)
    return data, grid, layout.description, out


def import_grid(options: ImportOptions) -> ImportResult:
    """Read the grid, build the map, and (unless a dry run) write it to ``options.out`` atomically."""
    from jmap.export import same_file
    from jmap.formats import read_bytes
    from jmap.model import JourneyMap
    from jmap.util.atomic import write_atomic

    source, out = options.source, options.out
    if out is not None:
        if out.suffix.lower() not in OUTPUTS:
            raise ExportError(f"{out}: jmap import writes a map: name a .yaml, .yml or .xlsx file")
        if same_file(source, out):
            raise ExportError(f"{out}: is the input file; importing must not overwrite the grid")
        if out.is_dir():
            raise ExportError(f"{out}: is a folder; name the file to write")
        if not out.resolve().parent.is_dir():
            raise ExportError(f"{out}: the folder {out.parent} does not exist")
    elif not options.dry_run:
        raise ExportError("name the map to write with -o MAP.yaml (or MAP.xlsx), or use --dry-run")
    data, grid, layout, guesses = build_map(source, read_bytes(source), options.sheet)
    model = JourneyMap.model_validate(data)
    if out is not None and not options.dry_run:
        if out.suffix.lower() == ".xlsx":
            from jmap.formats.xlsx.writer import write_xlsx

            write_atomic(out.resolve(), lambda tmp: write_xlsx(model, tmp), shown=out)
        else:
            from jmap.formats.yaml.writer import to_yaml

            text = to_yaml(model).encode("utf-8")
            write_atomic(out.resolve(), lambda tmp: _write_bytes(tmp, text), shown=out)
    stages = len(model.stages)
    touchpoints = sum(len(s.touchpoints) for s in model.stages)
    return ImportResult(
        source, None if options.dry_run else out, grid.name, layout, stages, touchpoints, tuple(guesses), data
    )


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)
