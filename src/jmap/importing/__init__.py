"""``jmap import``: a hand-made journey grid (XLSX, ODS, CSV, Markdown) in, a jmap map out.

See docs/import.md for the layouts, the layer names, the splitting and pairing rules and
the emotion table. Every guess is returned with the cell it came from; nothing in the
grid is dropped (what is not a layer is kept as an ``x-`` field).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jmap.errors import ExportError, SourceError
from jmap.formats.xlsx.layout import norm
from jmap.importing.build import _READ_AS, Builder, Guess, Layout, _q, find_layout
from jmap.importing.flat import FlatBuilder, FlatLayout, find_flat
from jmap.importing.grid import Grid, NoGrid
from jmap.importing.vocabulary import Vocabulary, shipped

GridReader = Callable[[str, bytes, list[str]], list[Grid]]

LAYER_HINT = (
    "stages and touchpoints: a row or column of layer names (touchpoints, actions, thoughts, emotions, "
    "pain points, opportunities, owner, customer goal, KPIs) with stage names beside it, "
    "or a header row such as Stage | Step | Channel | Owner | Emotion | Pain point | Fix "
    "(labels in English, German, Spanish, French, Portuguese or Dutch, or a team's own in [import.labels])"
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
    """None with ``dry_run``; a folder with ``all_sheets``."""
    sheet: str | None = None
    dry_run: bool = False
    force: bool = False
    """Go ahead anyway: import a sheet that does not score as a journey map, and replace an existing OUT."""
    all_sheets: bool = False
    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """A team's own labels per layer (``[import.labels]`` of the config)."""


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


AnyLayout = Layout | FlatLayout


@dataclass(frozen=True, slots=True)
class Choice:
    grid: Grid
    layout: AnyLayout
    hidden: tuple[tuple[int, int, str], ...]

    @property
    def score(self) -> int:
        return self.layout.score

    def shown(self) -> str:
        what = self.grid.name if self.grid.name.startswith("table at line") else f"sheet {self.grid.name!r}"
        where = f"{what} as " if self.grid.name else ""
        return f"{where}{self.layout.description} (score {self.score})"


def candidates(grid: Grid, vocab: Vocabulary) -> list[Choice]:
    """Every reading of one grid that finds layer names: across, down, and as a flat list."""
    hidden = tuple(grid.drop_hidden())
    out = []
    wide = find_layout(grid, vocab)
    if wide is not None:
        out.append(Choice(grid, wide, hidden))
    flat = find_flat(grid, vocab)
    if flat is not None:
        out.append(Choice(grid, flat, hidden))
    return sorted(out, key=lambda c: -c.score)


def choose(
    source: Path, grids: list[Grid], sheet: str | None, vocab: Vocabulary, force: bool
) -> tuple[Choice, list[Guess]]:
    """The reading to import: the best-scoring one over every sheet (or the named sheet), with the runner-up said."""
    if sheet is not None:
        chosen = [g for g in grids if norm(g.name) == norm(sheet)]
        if not chosen:
            names = ", ".join(repr(g.name) for g in grids) or "none"
            raise SourceError(f"{source}: no sheet named {sheet!r} (sheets: {names})")
        grids = chosen[:1]
    every = sorted((c for g in grids for c in candidates(g, vocab)), key=lambda c: -c.score)
    maps = [c for c in every if c.layout.signal]
    pool = maps or (every if force else [])
    if not pool:
        if force and grids:
            forced = forced_flat(max(grids, key=lambda g: len(g.cells)), vocab)
            if forced is not None:
                return forced, [
                    Guess("", f"--force: read {forced.shown()} although it does not look like a journey map")
                ]
        raise NoGrid(refusal(source, grids, every, sheet, vocab))
    best = pool[0]
    guesses: list[Guess] = []
    runner = next((c for c in pool[1:] if c.grid is not best.grid or c.layout is not best.layout), None)
    other = f"; runner-up: {runner.shown()}" if runner is not None else "; no other reading found"
    others = sorted({c.grid.name for c in maps if c.grid is not best.grid})
    if others:
        shown = ", ".join(repr(n) for n in others)
        other += f"; {shown} {'holds' if len(others) == 1 else 'hold'} a map too (choose with --sheet, or --all-sheets)"
    if not best.layout.signal:
        guesses.append(Guess("", f"--force: read {best.shown()} although it does not look like a journey map{other}"))
    elif len(grids) > 1 or runner is not None:
        guesses.append(Guess("", f"read {best.shown()}{other}"))
    return best, guesses


def forced_flat(grid: Grid, vocab: Vocabulary) -> Choice | None:
    """With --force and no layer names at all: the first row as a header, its first column as the touchpoints."""
    if not grid.cells:
        return None
    header = min(r for r, _ in grid.cells)
    columns = {c: layer for (r, c), t in grid.cells.items() if r == header and (layer := vocab.layer_of(t))}
    return Choice(
        grid, FlatLayout(grid, header, columns, 0, "none", frozenset(columns.values())), tuple(grid.drop_hidden())
    )


def refusal(source: Path, grids: list[Grid], every: list[Choice], sheet: str | None, vocab: Vocabulary) -> str:
    """Exit 2's message: what was looked for and what was found instead."""
    where = f" sheet {grids[0].name!r}" if sheet is not None and grids and grids[0].name else ""
    looked = f" in {len(grids)} tables" if len(grids) > 1 and not sheet else ""
    if every:
        best = every[0]
        names = ", ".join(sorted(_READ_AS.get(layer, layer) for layer in best.layout.layers))
        found = f"found only {names} in {best.shown().rsplit(' (score', 1)[0]}"
    else:
        labels = [t for g in grids for (r, _), t in sorted(g.cells.items()) if r == min(r2 for r2, _ in g.cells)][:8]
        shown = ", ".join(repr(" ".join(t.split())[:40]) for t in labels)
        known = [t for t in labels if vocab.layer_of(t)]
        if known:
            found = f"found the first row {shown} with nothing below it that reads as stages or touchpoints"
        else:
            found = f"found no layer names; the first row reads {shown}" if labels else "found no table"
    anyway = "import it anyway with --force"
    return f"{source}:{where} no journey grid found{looked}: looked for {LAYER_HINT}; {found} ({anyway})"


def build_map(
    source: Path, raw: bytes, sheet: str | None = None, *, force: bool = False, vocab: Vocabulary | None = None
) -> tuple[dict[str, Any], Grid, str, list[Guess]]:
    """The map data of the grid in ``raw``, the grid it came from, its layout, and every guess."""
    vocab = vocab or shipped()
    notes: list[str] = []
    grids = read_grids(source, raw, notes)
    choice, guesses = choose(source, grids, sheet, vocab, force)
    title = _default_title(source, choice.grid, grids)
    return build_choice(source, choice, [Guess("", note) for note in notes] + guesses, vocab, title)


def _default_title(source: Path, grid: Grid, grids: list[Grid]) -> str:
    """The file's name, with the sheet's when the file holds several sheets."""
    if len(grids) > 1 and grid.name and not grid.name.startswith("table at line"):
        return f"{source.stem}: {grid.name}"
    return source.stem


def build_choice(
    source: Path, choice: Choice, out: list[Guess], vocab: Vocabulary, title: str
) -> tuple[dict[str, Any], Grid, str, list[Guess]]:
    grid, layout = choice.grid, choice.layout
    if isinstance(layout, Layout) and layout.transposed:
        out.append(Guess("", "the grid runs stages down and layers across"))
    out.extend(
        Guess(grid.where(r, c), f"in a hidden {'row' if r in grid.hidden_rows else 'column'}: {_q(t)} not imported")
        for r, c, t in choice.hidden
    )
    out.extend(Guess(layout.grid.where(r, c), why) for r, c, why in layout.grid.skipped)
    builder: Builder = (
        FlatBuilder(layout, title, vocab) if isinstance(layout, FlatLayout) else Builder(layout, title, vocab)
    )
    data = builder.build()
    out.extend(builder.guesses)
    return data, grid, layout.description, out


def import_grid(options: ImportOptions) -> ImportResult:
    """Read the grid, build the map, and (unless a dry run) write it to ``options.out`` atomically."""
    from jmap.formats import read_bytes

    source, out = options.source, options.out
    _check_out(source, out, options.dry_run, options.force)
    vocab = shipped().extended(dict(options.labels))
    data, grid, layout, guesses = build_map(source, read_bytes(source), options.sheet, force=options.force, vocab=vocab)
    return _write(options, out, data, grid, layout, guesses)


def import_sheets(options: ImportOptions) -> list[ImportResult]:
    """``--all-sheets``: one map per sheet that holds one, written to ``options.out``/SHEET.yaml."""
    from jmap.formats import read_bytes
    from jmap.model import slugify

    source, folder = options.source, options.out
    if folder is None and not options.dry_run:
        raise ExportError("name the folder to write the maps to with -o FOLDER, or use --dry-run")
    if folder is not None:
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{folder}: with --all-sheets, -o names a folder for one map per sheet")
        if not folder.resolve().parent.is_dir():
            raise ExportError(f"{folder}: the folder {folder.parent} does not exist")
    vocab = shipped().extended(dict(options.labels))
    notes: list[str] = []
    grids = read_grids(source, read_bytes(source), notes)
    results: list[ImportResult] = []
    taken: dict[str, int] = {}
    refused: list[str] = []
    for grid in grids:
        try:
            choice, guesses = choose(source, [grid], grid.name or None, vocab, options.force)
        except NoGrid:
            refused.append(grid.name)
            continue
        title = _default_title(source, grid, grids)
        data, g, layout, out_guesses = build_choice(
            source, choice, [Guess("", n) for n in notes] + guesses, vocab, title
        )
        out = None
        if folder is not None:
            from jmap.importing.build import _unique

            out = folder / f"{_unique(slugify(grid.name) or 'map', taken)}.yaml"
        results.append(_write(options, out, data, g, layout, out_guesses))
    if not results:
        raise NoGrid(f"{source}: no sheet holds a journey grid (looked for {LAYER_HINT})")
    if refused:
        shown = ", ".join(repr(n) for n in refused)
        first = results[0]
        results[0] = replace(first, guesses=(*first.guesses, Guess("", f"not a journey map, not imported: {shown}")))
    return results


def _check_out(source: Path, out: Path | None, dry_run: bool, force: bool) -> None:
    """Refuse, before any work, an OUT that is the grid itself, an existing file without --force, or no OUT."""
    from jmap.util.atomic import may_replace, refuse_input

    if out is not None:
        if out.suffix.lower() not in OUTPUTS:
            raise ExportError(f"{out}: jmap import writes a map: name a .yaml, .yml or .xlsx file")
        refuse_input(out, [source], "importing")
        may_replace(out, force=force, command="import")
        if not out.parent.is_dir() and not out.is_symlink():
            raise ExportError(f"{out}: the folder {out.parent} does not exist")
    elif not dry_run:
        raise ExportError("name the map to write with -o MAP.yaml (or MAP.xlsx), or use --dry-run")


def _write(
    options: ImportOptions, out: Path | None, data: dict[str, Any], grid: Grid, layout: str, guesses: list[Guess]
) -> ImportResult:
    from jmap.model import JourneyMap
    from jmap.util.atomic import exists_message, may_replace, write_atomic

    model = JourneyMap.model_validate(data)
    if out is not None and not options.dry_run:
        out.resolve().parent.mkdir(exist_ok=True)
        replace = may_replace(out, force=options.force, command="import")
        exists = exists_message("import")
        if out.suffix.lower() == ".xlsx":
            from jmap.formats.xlsx.writer import write_xlsx

            write_atomic(out, lambda tmp: write_xlsx(model, tmp), replace=replace, exists_message=exists)
        else:
            from jmap.formats.yaml.writer import to_yaml

            text = to_yaml(model).encode("utf-8")
            write_atomic(out, lambda tmp: _write_bytes(tmp, text), replace=replace, exists_message=exists)
    stages = len(model.stages)
    touchpoints = sum(len(s.touchpoints) for s in model.stages)
    return ImportResult(
        options.source, None if options.dry_run else out, grid.name, layout, stages, touchpoints, tuple(guesses), data
    )


def _write_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)
