"""Find the journey grid in a table of cells and turn it into map data, noting every guess.

The grid is a column (or, transposed, a row) of layer names with stage names beside it.
Above it may sit a title and a row of phases; a stage may span several columns (one per
touchpoint). Each stage's cells are split into items and paired up as docs/import.md says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jmap.importing.cells import owner_in_name, split_items, trailing_owners
from jmap.importing.grid import Grid, Merge
from jmap.importing.scales import Scale, read_scale
from jmap.importing.vocabulary import Vocabulary, fold, label_key
from jmap.model import slugify

_MAX_ID = 48
_STAGE_LAYERS = ("owner", "customer_goal", "metrics", "mindset", "red_flags")
_LAYER_NOUN = {
    "actions": ("action", "actions"),
    "touchpoints": ("touchpoint", "touchpoints"),
    "thoughts": ("thought", "thoughts"),
    "emotion": ("feeling", "feelings"),
    "pain_points": ("pain point", "pain points"),
    "opportunities": ("fix", "fixes"),
    "metrics": ("metric", "metrics"),
    "red_flags": ("red flag", "red flags"),
}
_SIGNIFICANT = re.compile(r"[a-z0-9]{4,}")
_WIDE: dict[str, str | None] = {"step": "actions", "stage": None, "phase": None}
"""Vocabulary layers read differently in a label column: a "Step" row holds actions; stage/phase are corners."""
_EXPERIENCE_LAYERS = frozenset({"thoughts", "feelings", "emotion", "pain_points", "opportunities", "customer_goal"})
_READ_AS = {
    "actions": "actions", "touchpoints": "touchpoints", "channel": "channels", "thoughts": "thoughts",
    "emotion": "emotions", "pain_points": "pain points", "opportunities": "fixes", "fix_owner": "fix owners",
    "owner": "owners", "customer_goal": "customer goals", "metrics": "metrics", "mindset": "mindset",
    "red_flags": "red flags", "stage": "stage names", "name": "touchpoint names", "action": "actions",
    "phase": "phases",
}  # fmt: skip
CORNER_WORDS = frozenset({"layer", "layers", "stage", "stages", "phase", "journey", "step", "steps", ""})


@dataclass(frozen=True, slots=True)
class Guess:
    """Something the importer decided that the grid did not say outright, at the cell it came from."""

    where: str
    message: str


@dataclass(frozen=True, slots=True)
class Layout:
    grid: Grid
    """The grid as read, transposed when stages run down (cell names still name the original cells)."""
    transposed: bool
    label_col: int
    score: int
    layers: frozenset[str] = frozenset()
    """The distinct layers named in the label column."""
    named: bool = True
    """Stage names sit beside the labels (a row above the first label holds text)."""
    unknown: int = 0
    """Labels in the label column that name no layer."""

    @property
    def description(self) -> str:
        return "stages down, layers across" if self.transposed else "layers down, stages across"

    @property
    def signal(self) -> bool:
        """Touchpoints or two layers of experience, named stages, and more labels known than not."""
        experience = len(self.layers & _EXPERIENCE_LAYERS)
        touchpoints = bool(self.layers & {"actions", "touchpoints"}) or ("channel" in self.layers and experience > 0)
        return (touchpoints or experience >= 2) and self.named and len(self.layers) >= self.unknown


def wide_layer(text: str, vocab: Vocabulary) -> str | None:
    layer = vocab.layer_of(text)
    return _WIDE.get(layer, layer) if layer is not None else None


def _known(text: str, vocab: Vocabulary) -> bool:
    """A label-column cell that is a layer, noise or a header word (not a label of the grid's own)."""
    return bool(vocab.layer_of(text) or vocab.noise_of(text) or label_key(text) in CORNER_WORDS)


def find_layout(grid: Grid, vocab: Vocabulary) -> Layout | None:
    """The column (or row) holding the most distinct layer names, at least two; None when there is none."""
    best: Layout | None = None
    for transposed, g in ((False, grid), (True, grid.transposed())):
        layers_by_col: dict[int, set[str]] = {}
        for (_, c), text in g.cells.items():
            layer = wide_layer(text, vocab)
            if layer is not None:
                layers_by_col.setdefault(c, set()).add(layer)
        for c in sorted(layers_by_col):
            layers = frozenset(layers_by_col[c])
            columns = {col for (_, col) in g.cells if col > c}
            if len(layers) < 2 or not columns:
                continue
            rows = sorted(r for (r, col), t in g.cells.items() if col == c and wide_layer(t, vocab))
            named = any(r < rows[0] and col > c for (r, col) in g.cells)
            start, end = rows[0], rows[-1]
            while (start - 1, c) in g.cells:
                start -= 1
            while (end + 1, c) in g.cells:
                end += 1
            unknown = sum(
                1 for (r, col), t in g.cells.items() if col == c and start <= r <= end and not _known(t, vocab)
            )
            score = 10 * len(layers) + min(len(columns), 5) - 5 * unknown - (0 if named else 20)
            if best is None or score > best.score:
                best = Layout(g, transposed, c, score, layers, named, unknown)
    return best


@dataclass(slots=True)
class _Cell:
    text: str
    where: str


@dataclass(slots=True)
class _Stage:
    name: str
    where: str
    columns: list[int]
    spans: bool = False
    data: dict[str, Any] = field(default_factory=dict)


class Builder:
    """Builds map data from one grid layout; ``guesses`` lists what it decided."""

    def __init__(self, layout: Layout, title: str, vocab: Vocabulary) -> None:
        self.layout = layout
        self.g = layout.grid
        self.vocab = vocab
        self.guesses: list[Guess] = []
        self.default_title = title
        self.stage_ids: dict[str, int] = {}
        self.touchpoint_ids: dict[str, int] = {}
        self.notes: list[str] = []
        self.scales: dict[str, Scale] = {}

    def guess(self, where: str, message: str) -> None:
        self.guesses.append(Guess(where, message))

    def at(self, r: int, c: int) -> str:
        return self.g.where(r, c)

    def is_corner(self, text: str) -> bool:
        """A header word over the stage names (Stage, Layer, Journey phase, Kundenphase, Étape)."""
        return (
            label_key(text) in CORNER_WORDS
            or self.vocab.noise_of(text) == "corner"
            or self.vocab.layer_of(text) in ("stage", "phase")
        )

    def placeholder(self, text: str, where: str) -> bool:
        """A placeholder (TBD, n/a, a dash) is reported and dropped."""
        if self.vocab.is_placeholder(text):
            self.guess(where, f"placeholder {_q(text)} dropped")
            return True
        return False

    def unknown_label(self, label: str, where: str, what: str) -> str:
        """The ``x-`` key for a label that names no layer, with a did-you-mean in the guess."""
        from jmap.util.suggest import closest

        key = "x-" + (slugify(label)[:_MAX_ID].strip("-") or what)
        meant = closest(label_key(label), self.vocab.known_labels()) if len(label) <= 40 else None
        hint = f" (did you mean {meant!r}?)" if meant else ""
        self.guess(where, f"{what} {_q(' '.join(label.split()))} is not a layer: kept as {key}{hint}")
        return key

    # --- regions ------------------------------------------------------------------------

    def head(self, top: int, used: set[tuple[int, int]], anchor: str) -> str | None:
        """The title (the first cell above the grid, else the caption) and notes from above the grid."""
        title = None
        for (r, col), text in sorted(self.g.cells.items()):
            if r < top:
                used.add((r, col))
                if title is None:
                    title = " ".join(text.split())
                    self.guess(self.at(r, col), f"the cell above the grid is the map's title: {_q(title)}")
                else:
                    self.notes.append(text)
                    self.guess(self.at(r, col), "text above the grid kept in the map's x-notes")
        if title is None and self.g.caption is not None and self.g.caption[0]:
            title = " ".join(self.g.caption[0].split())
            self.guess(self.g.caption[1], f"the heading above the table is the map's title: {_q(title)}")
        if title is None:
            self.guess(anchor, f"no title above the grid: the map is titled {_q(self.default_title)}")
        for where, text in self.g.notes:
            self.notes.append(text)
            self.guess(where, f"text outside the table kept in the map's x-notes: {_q(text)}")
        return title

    def leftovers(self, used: set[tuple[int, int]]) -> None:
        for (r, col), text in sorted(self.g.cells.items()):
            if (r, col) not in used:
                self.notes.append(text)
                self.guess(self.at(r, col), "text outside the grid kept in the map's x-notes")

    def build(self) -> dict[str, Any]:
        g, c = self.g, self.layout.label_col
        cells = g.cells
        label_rows = sorted(r for (r, col), text in cells.items() if col == c and wide_layer(text, self.vocab))
        first, last_label = label_rows[0], label_rows[-1]
        rows_right = sorted({r for (r, col) in cells if col > c})
        corners = [r for r in rows_right if r < first and (r, c) in cells and self.is_corner(cells[(r, c)])]
        header: int | None = corners[-1] if corners else max((r for r in rows_right if r < first), default=None)
        if corners:
            first = corners[-1] + 1
        body_end = last_label
        occupied = {r for (r, col) in cells if col >= c}
        while body_end + 1 in occupied:
            body_end += 1
        phase_row = None
        top = header if header is not None else first
        if header is not None and header - 1 in {r for (r, col) in cells if col > c}:
            candidate = header - 1
            n_phase = sum(1 for (r, col) in cells if r == candidate and col > c)
            n_head = sum(1 for (r, col) in cells if r == header and col > c)
            merged = any(m.top == candidate and m.right > m.left for m in g.merges)
            if merged or n_phase < n_head:
                phase_row = candidate
                top = candidate
        used: set[tuple[int, int]] = set()
        title = self.head(top, used, self.at(first, c))
        if header is not None and (header, c) in cells:
            corner = cells[(header, c)]
            used.add((header, c))
            key = label_key(corner)
            if key not in CORNER_WORDS and self.vocab.noise_of(corner) != "corner" and not self.vocab.layer_of(corner):
                self.notes.append(corner)
                self.guess(self.at(header, c), "the corner cell is kept in the map's x-notes")
            else:
                self.guess(self.at(header, c), f"the corner cell {_q(corner)} heads the stage names: not imported")
        stages = self.stages(header, phase_row, first, body_end, used)
        used.update(k for k in cells if first <= k[0] <= body_end and k[1] >= c)
        self.rows(stages, first, body_end)
        return self.assemble(title, stages, used)

    def assemble(self, title: str | None, stages: list[_Stage], used: set[tuple[int, int]]) -> dict[str, Any]:
        """The map data: title, notes (with every cell not used kept in them) and stages."""
        self.leftovers(used)
        data: dict[str, Any] = {"jmap": 1, "title": title or self.default_title}
        if self.notes:
            data["x-notes"] = self.notes
        data["stages"] = [self.finish(s) for s in stages]
        return data

    def stages(
        self, header: int | None, phase_row: int | None, first: int, body_end: int, used: set[tuple[int, int]]
    ) -> list[_Stage]:
        g, c = self.g, self.layout.label_col
        cells = g.cells
        columns = sorted({col for (r, col) in cells if col > c and (r == header or first <= r <= body_end)})
        formula_cols = {col for (r, col, _) in g.skipped if first <= r <= body_end}
        stages: list[_Stage] = []
        by_key: dict[str, _Stage] = {}
        span_end = 0
        for col in columns:
            name = cells.get((header, col)) if header is not None else None
            body = [(r, col) for r in range(first, body_end + 1) if (r, col) in cells]
            if name is not None and header is not None:
                used.add((header, col))
                where = self.at(header, col)
                if self.vocab.noise_of(name) == "totals" or (not body and col in formula_cols):
                    why = "a totals column" if body else "a column of formulas only"
                    texts = "; ".join(_q(cells[k]) for k in body)
                    self.guess(
                        where, f"{_q(name)} is {why}: not a stage" + (f" ({texts} not imported)" if texts else "")
                    )
                    for k in body:
                        used.add(k)
                        del cells[k]
                    span_end = col
                    continue
                merge = g.span(header, col)
                text = " ".join(name.split())
                span_end = merge.right if merge else col
                earlier = by_key.get(label_key(text))
                if earlier is not None:
                    earlier.columns.append(col)
                    earlier.spans = True
                    self.guess(
                        where, f"stage {_q(text)} appears again: its column is added to the stage at {earlier.where}"
                    )
                    continue
                stage = _Stage(text, where, [col])
                stage.spans = merge is not None and merge.right > col
                stages.append(stage)
                by_key[label_key(text)] = stage
            elif stages and col <= span_end:
                stages[-1].columns.append(col)
            elif stages:
                stages[-1].columns.append(col)
                stages[-1].spans = True
                self.guess(
                    self.at(header if header is not None else first, col),
                    f"column has no stage name: read as more touchpoints of stage {_q(stages[-1].name)}",
                )
            else:
                where = self.at(header if header is not None else first, col)
                stages.append(_Stage(f"Stage {len(stages) + 1}", where, [col]))
                span_end = col
                self.guess(where, f"column has no stage name: named {_q(stages[-1].name)}")
        if phase_row is not None:
            self.phases(stages, phase_row, used)
        return stages

    def phases(self, stages: list[_Stage], row: int, used: set[tuple[int, int]]) -> None:
        cells = self.g.cells
        for stage in stages:
            col = stage.columns[0]
            found: tuple[int, str] | None = None
            for m in self.g.merges:
                if m.top <= row <= m.bottom and m.left <= col <= m.right and (row, m.left) in cells:
                    found = (m.left, cells[(row, m.left)])
            if found is None:
                left = [x for (r, x) in cells if r == row and self.layout.label_col < x <= col]
                if left:
                    found = (max(left), cells[(row, max(left))])
            if found is None:
                continue
            used.add((row, found[0]))
            text = " ".join(found[1].split())
            stage.data["x-phase"] = text
            phase = _phase_word(text)
            where = self.at(row, found[0])
            if phase:
                stage.data["phase"] = phase
                self.guess(where, f"stage {_q(stage.name)} is {phase} (phase {_q(text)})")
            else:
                self.guess(where, f"phase {_q(text)} of stage {_q(stage.name)} kept as x-phase")

    # --- rows ---------------------------------------------------------------------------

    def row_layers(self, stages: list[_Stage], first: int, body_end: int) -> dict[int, tuple[str, str]]:
        """Row -> (key, label) for each labelled row: a layer, an ``x-`` key, or "#notes"/"#totals"."""
        g, c = self.g, self.layout.label_col
        out: dict[int, tuple[str, str]] = {}
        found: dict[int, str | None] = {}
        for r in range(first, body_end + 1):
            label = g.cells.get((r, c))
            if label is not None:
                found[r] = wide_layer(label, self.vocab)
        has_touchpoints = "touchpoints" in found.values()
        for r, layer in found.items():
            label = g.cells[(r, c)]
            where = self.at(r, c)
            if layer is None:
                noise = self.vocab.noise_of(label)
                if noise in ("notes", "totals"):
                    out[r] = (f"#{noise}", label)
                    continue
                out[r] = (self.unknown_label(label, where, "row"), label)
                continue
            if layer == "channel":
                layer = "channel" if has_touchpoints else "touchpoints"
                has_touchpoints = True
            elif layer == "feelings":
                values = [g.cells[(r, col)] for s in stages for col in s.columns if (r, col) in g.cells]
                scale = read_scale(values, label)
                scored = sum(1 for v in values if scale.score(v, self.vocab)[0] is not None)
                layer = "emotion" if values and scored * 2 >= len(values) else "thoughts"
                self.guess(
                    where,
                    f"{_q(label)} read as {'emotions' if layer == 'emotion' else 'thoughts'}: "
                    f"{scored} of {len(values)} cells score as a feeling",
                )
            out[r] = (layer, label)
        read = [f"{_q(g.cells[(r, c)], 30)} as {_READ_AS.get(k, k)}" for r, (k, _) in out.items() if k[0] not in "#x"]
        if read:
            self.guess(self.at(first, c), f"rows read as layers: {', '.join(read)}")
        return out

    def rows(self, stages: list[_Stage], first: int, body_end: int) -> None:
        g, c = self.g, self.layout.label_col
        cells = g.cells
        layers_of = self.row_layers(stages, first, body_end)
        current: tuple[str, str] | None = None
        units: dict[tuple[int, int], dict[str, list[_Cell]]] = {}
        labels: dict[str, str] = {}
        for r in range(first, body_end + 1):
            row_cells = [(col, cells[(r, col)]) for s in stages for col in s.columns if (r, col) in cells]
            if r in layers_of:
                key, label = layers_of[r]
                if key in ("#notes", "#totals"):
                    self.noise_row(r, key, label, row_cells)
                    current = None
                    continue
                if key in labels and key != "channel" and not key.startswith("x-"):
                    self.guess(self.at(r, c), f"a second {_q(label)} row: its items are added to the first")
                current = (key, label)
                labels.setdefault(key, label)
            elif row_cells:
                if current is None:
                    for col, text in row_cells:
                        self.notes.append(text)
                        self.guess(self.at(r, col), "text in a row without a label kept in the map's x-notes")
                    continue
                self.guess(self.at(r, c), f"row without a label: read as more of {_q(labels[current[0]])}")
            else:
                continue
            assert current is not None
            if current[0] == "emotion" and "emotion" not in self.scales:
                self.scales["emotion"] = self.emotion_scale(r, stages, current[1])
            for si, stage in enumerate(stages):
                for col in stage.columns:
                    value = cells.get((r, col))
                    if value is None:
                        continue
                    where = self.at(r, col)
                    if not (current[0] == "emotion" and self.is_symbol(value)) and self.placeholder(value, where):
                        continue
                    units.setdefault((si, col), {}).setdefault(current[0], []).append(_Cell(value, where))
        for si, stage in enumerate(stages):
            per_column = [units.get((si, col), {}) for col in stage.columns]
            if sum(1 for u in per_column if u.get("owner")) > 1 and label_key(labels["owner"]) != "stage owner":
                for u in per_column:
                    if "owner" in u:
                        u["touchpoint_owner"] = u.pop("owner")
            for col, layers in zip(stage.columns, per_column, strict=True):
                self.unit(stage, col, layers)

    def is_symbol(self, text: str) -> bool:
        scale = self.scales.get("emotion")
        return scale is not None and scale.symbols and scale.score(text, self.vocab)[1].startswith("symbol")

    def emotion_scale(self, r: int, stages: list[_Stage], label: str) -> Scale:
        values = [self.g.cells[(r, col)] for s in stages for col in s.columns if (r, col) in self.g.cells]
        scale = read_scale(values, label)
        self.note_scale(scale, self.at(r, self.layout.label_col), values)
        return scale

    def note_scale(self, scale: Scale, where: str, values: list[str]) -> None:
        from jmap.importing.scales import number_of

        if scale.ambiguous:
            self.guess(
                where,
                "emotions are only 1s and 2s: +1 and +2 on -2..2, or -2 and -1 on 1..5; not scored "
                "(kept as x-emotion); name the scale in the label, e.g. 'Emotion (1-5)' or 'Emotion (-2..2)'",
            )
        elif any(number_of(v) is not None for v in values) and not scale.identity:
            self.guess(where, f"emotions read on a {scale.name} scale (from {scale.source}): {scale.table()}")
        elif scale.symbols:
            self.guess(where, "emotions read as symbols: -- -> -2, - -> -1, o -> 0, + -> +1, ++ -> +2")

    def noise_row(self, r: int, key: str, label: str, row_cells: list[tuple[int, str]]) -> None:
        where = self.at(r, self.layout.label_col)
        if key == "#totals":
            texts = "; ".join(_q(t) for _, t in row_cells)
            self.guess(where, f"{_q(label)} is a totals row: not imported" + (f" ({texts})" if texts else ""))
            return
        for _col, text in row_cells:
            self.notes.append(f"{' '.join(label.split())}: {text.strip()}")
        self.guess(where, f"{_q(label)} row kept in the map's x-notes")

    def unit(self, stage: _Stage, col: int, layers: dict[str, list[_Cell]]) -> None:
        """One column of one stage: its touchpoints, feelings, pain points and fixes."""
        for key in list(layers):
            if key.startswith("x-"):
                for cell in layers.pop(key):
                    _append_text(stage.data, key, cell.text)
        owners = layers.pop("owner", [])
        for layer in _STAGE_LAYERS:
            for cell in layers.pop(layer, []):
                if layer in ("metrics", "red_flags"):
                    items, how = split_items(cell.text, commas=True)
                    self.note_split(cell, items, how, layer)
                    stage.data.setdefault(layer, []).extend(items)
                else:
                    _append_text(stage.data, layer, cell.text)
        tps = self.touchpoints(stage, col, layers)
        self.owners(stage, tps, owners)
        for cell in layers.get("touchpoint_owner", []):
            for tp in tps:
                tp["owner"] = cell.text.strip()
            self.guess(cell.where, f"owner of the {_count(len(tps), 'touchpoint')} in this column")
        self.channels(tps, layers.get("channel", []))
        self.thoughts(stage, tps, layers.get("thoughts", []))
        self.emotions(stage, tps, layers.get("emotion", []))
        pains = self.pain_points(tps, layers.get("pain_points", []))
        self.opportunities(tps, pains, layers.get("opportunities", []), layers.get("fix_owner", []))
        stage.data.setdefault("touchpoints", []).extend(tps)

    def owners(self, stage: _Stage, tps: list[dict[str, Any]], cells: list[_Cell]) -> None:
        """An owner cell: the stage's owner, or one owner per line paired with the touchpoints."""
        lines = [(t, c) for c in cells for t in split_items(c.text)[0]]
        if len(lines) > 1 and len(lines) == len(tps) and not any("owner" in tp for tp in tps):
            for tp, (text, _) in zip(tps, lines, strict=True):
                tp["owner"] = text
            self.guess(cells[0].where, f"{len(lines)} owners paired with the touchpoints by position")
            return
        for cell in cells:
            _append_text(stage.data, "owner", cell.text)
        if len(lines) == 1 and len(tps) == 1 and "owner" not in tps[0]:
            tps[0]["owner"] = lines[0][0]
            self.guess(cells[0].where, f"owner {_q(lines[0][0])} of the stage's one touchpoint too")

    def note_split(self, cell: _Cell, items: list[str], how: str | None, layer: str) -> None:
        if len(items) > 1:
            self.guess(cell.where, f"split into {len(items)} {_LAYER_NOUN.get(layer, (layer, layer))[1]} on {how}")

    def items(self, cells: list[_Cell], layer: str, commas: bool = False) -> list[tuple[str, _Cell]]:
        out: list[tuple[str, _Cell]] = []
        for cell in cells:
            items = self.split(cell, layer, commas)
            out.extend((item, cell) for item in items)
        return out

    def split(self, cell: _Cell, layer: str, commas: bool = False) -> list[str]:
        """The items of a cell, said when there are several; a placeholder item (an empty bullet) is dropped."""
        items, how = split_items(cell.text, commas=commas)
        kept = [item for item in items if not (len(items) > 1 and self.placeholder(item, cell.where))]
        self.note_split(cell, kept, how, layer)
        return kept

    def touchpoints(self, stage: _Stage, col: int, layers: dict[str, list[_Cell]]) -> list[dict[str, Any]]:
        actions = self.items(layers.get("actions", []), "actions", commas=True)
        named = self.items(layers.get("touchpoints", []), "touchpoints", commas=True)
        tps: list[dict[str, Any]] = []
        if named:
            for text, cell in named:
                name, owner = owner_in_name(text)
                tp = {"id": self.touchpoint_id(name), "name": name}
                if owner is not None:
                    tp["owner"] = owner
                    self.guess(cell.where, f"owner {_q(owner)} read from the end of touchpoint {_q(text)}")
                tps.append(tp)
            if actions and len(actions) == len(named):
                for tp, (action, _) in zip(tps, actions, strict=True):
                    tp["action"] = action
                if len(actions) > 1:
                    self.guess(
                        actions[0][1].where, f"{_count(len(actions), 'action')} paired with the touchpoints by position"
                    )
            elif actions:
                for cell in layers.get("actions", []):
                    _append_text(stage.data, "x-actions", cell.text)
                self.guess(
                    actions[0][1].where,
                    f"{_count(len(actions), 'action')} and {_count(len(named), 'touchpoint')} do not pair up: "
                    "the actions are kept as the stage's x-actions",
                )
        elif actions:
            for action, _ in actions:
                tps.append({"id": self.touchpoint_id(action), "name": action, "action": action})
            self.guess(actions[0][1].where, "no touchpoints named: each action becomes a touchpoint named after it")
        elif any(layers.get(k) for k in ("thoughts", "emotion", "pain_points", "opportunities", "touchpoint_owner")):
            name = stage.name if not len(stage.columns) > 1 else f"{stage.name} {stage.columns.index(col) + 1}"
            tps.append({"id": self.touchpoint_id(name), "name": name})
            first = next(cells[0] for k, cells in layers.items() if cells)
            self.guess(first.where, f"no touchpoint or action named: one touchpoint {_q(name)} holds this column")
        return tps

    def channels(self, tps: list[dict[str, Any]], cells: list[_Cell]) -> None:
        items = self.items(cells, "channel", commas=True)
        if not items:
            return
        if len(items) == len(tps):
            for tp, (text, _) in zip(tps, items, strict=True):
                tp["channel"] = text
        else:
            for tp in tps:
                tp["channel"] = "\n".join(c.text.strip() for c in cells)
            self.guess(items[0][1].where, "channels do not pair with the touchpoints: each touchpoint gets them all")

    def thoughts(self, stage: _Stage, tps: list[dict[str, Any]], cells: list[_Cell]) -> None:
        if not cells:
            return
        items = [(t, c) for c in cells for t in split_items(c.text)[0]]
        if len(tps) == 1:
            tps[0]["thoughts"] = "\n".join(c.text.strip() for c in cells)
        elif len(items) == len(tps) and tps:
            for tp, (text, _) in zip(tps, items, strict=True):
                tp["thoughts"] = text
            self.guess(cells[0].where, f"split into {len(items)} thoughts, paired with the touchpoints by position")
        else:
            for cell in cells:
                _append_text(stage.data, "mindset", cell.text)
            self.guess(
                cells[0].where,
                f"thoughts do not pair with the {_count(len(tps), 'touchpoint')}: kept as the stage's mindset",
            )

    def emotions(self, stage: _Stage, tps: list[dict[str, Any]], cells: list[_Cell]) -> None:
        items = [(t, c) for c in cells for t in split_items(c.text)[0]]
        if not items:
            return
        if len(items) == len(tps):
            pairs = list(zip(tps, items, strict=True))
        elif len(items) == 1 and tps:
            pairs = [(tp, items[0]) for tp in tps]
            if len(tps) > 1:
                self.guess(items[0][1].where, f"one feeling for the stage: given to each of its {len(tps)} touchpoints")
        else:
            for cell in cells:
                _append_text(stage.data, "x-emotion", cell.text)
            self.guess(
                items[0][1].where,
                f"{_count(len(items), 'feeling')} do not pair with the {_count(len(tps), 'touchpoint')}: "
                "kept as the stage's x-emotion",
            )
            return
        scored: set[tuple[str, str]] = set()
        scale = self.scales.get("emotion") or Scale(-2, 2, False, "the default")
        for tp, (text, cell) in pairs:
            score, how = scale.score(text, self.vocab)
            if how != "number" or not scale.identity:
                tp["x-emotion"] = text
            if score is None:
                self.guess(cell.where, f"{_q(text)}: {how}; kept as x-emotion")
                continue
            tp["emotion"] = score
            if how != "number" and (text, cell.where) not in scored:
                scored.add((text, cell.where))
                self.guess(
                    cell.where,
                    f"emotion {score:+d} from the {how} in {_q(text)}"
                    if score
                    else f"emotion 0 from the {how} in {_q(text)}",
                )

    def pain_points(self, tps: list[dict[str, Any]], cells: list[_Cell]) -> list[dict[str, Any]]:
        pains: list[dict[str, Any]] = []
        items = self.items(cells, "pain_points")
        named = [_named_in(text, tps) for text, _ in items]
        if len(items) == len(tps) > 1 and all(n is None or n is tp for n, tp in zip(named, tps, strict=True)):
            self.guess(items[0][1].where, f"{len(items)} pain points paired with the touchpoints by position")
            for (text, _), owner in zip(items, tps, strict=True):
                pain = {"text": text}
                owner.setdefault("pain_points", []).append(pain)
                pains.append(pain)
            return pains
        for text, cell in items:
            tp = _named_in(text, tps)
            pain = {"text": text}
            if tp is not None:
                self.guess(cell.where, f"pain point {_q(text)} placed on touchpoint {_q(tp['name'])}, which it names")
            else:
                tp = tps[0]
                self.guess(
                    cell.where, f"pain point {_q(text)} names no touchpoint: placed on the first, {_q(tp['name'])}"
                )
            tp.setdefault("pain_points", []).append(pain)
            pains.append(pain)
        return pains

    def opportunities(
        self,
        tps: list[dict[str, Any]],
        pains: list[dict[str, Any]],
        cells: list[_Cell],
        owner_cells: list[_Cell] = (),  # type: ignore[assignment]
    ) -> None:
        fixes: list[tuple[str, list[str], _Cell]] = []
        for cell in cells:
            items = self.split(cell, "opportunities")
            parsed = [(*trailing_owners(item), cell) for item in items]
            if len(parsed) > 1 and not any(o for _, o, _ in parsed[:-1]):
                owners = parsed[-1][1]
                if len(owners) == len(parsed):
                    parsed = [(fix, [owner], c) for (fix, _, c), owner in zip(parsed, owners, strict=True)]
                    self.guess(cell.where, f"owners ({', '.join(owners)}) given one to each fix, in order")
                elif len(owners) == 1:
                    parsed = [(fix, owners, c) for fix, _, c in parsed]
                    self.guess(cell.where, f"owner {_q(owners[0])} given to all {len(parsed)} fixes")
            fixes.extend(parsed)
        fixes = self.fix_owners(fixes, owner_cells)
        for i, (fix, owners, cell) in enumerate(fixes):
            opp: dict[str, Any] = {"fix": fix}
            if owners:
                opp["owner"] = ", ".join(owners)
            if i < len(pains):
                pains[i]["opportunity"] = opp
                if len(fixes) > 1 or len(pains) > 1:
                    self.guess(cell.where, f"fix {_q(fix)} paired with pain point {_q(pains[i]['text'])} (in order)")
            elif tps:
                tps[0].setdefault("pain_points", []).append({"opportunity": opp})
                self.guess(
                    cell.where,
                    f"fix {_q(fix)} has no pain point left to pair with: kept on touchpoint {_q(tps[0]['name'])}",
                )

    def fix_owners(
        self, fixes: list[tuple[str, list[str], _Cell]], cells: list[_Cell]
    ) -> list[tuple[str, list[str], _Cell]]:
        """Owners from a fix-owner row or column: one per fix by position, or one for all."""
        owners = [(t, c) for c in cells for t in split_items(c.text)[0]]
        if not owners:
            return fixes
        if not fixes:
            for text, cell in owners:
                self.notes.append(f"fix owner: {text}")
                self.guess(cell.where, f"fix owner {_q(text)} has no fix: kept in the map's x-notes")
            return fixes
        if len(owners) == len(fixes):
            if len(fixes) > 1:
                self.guess(owners[0][1].where, f"{len(owners)} fix owners paired with the fixes by position")
            return [(fix, [owner], c) for (fix, _, c), (owner, _) in zip(fixes, owners, strict=True)]
        if len(owners) == 1:
            if len(fixes) > 1:
                self.guess(owners[0][1].where, f"fix owner {_q(owners[0][0])} given to all {len(fixes)} fixes")
            return [(fix, [owners[0][0]], c) for fix, _, c in fixes]
        joined = ", ".join(t for t, _ in owners)
        self.guess(owners[0][1].where, f"{len(owners)} fix owners for {len(fixes)} fixes: each fix gets them all")
        return [(fix, [joined], c) for fix, _, c in fixes]

    # --- ids and output -----------------------------------------------------------------

    def touchpoint_id(self, name: str) -> str:
        return _unique(_slug(name), self.touchpoint_ids)

    def finish(self, stage: _Stage) -> dict[str, Any]:
        out: dict[str, Any] = {"id": _unique(_slug(stage.name), self.stage_ids), "name": stage.name}
        for key in ("phase", "owner", "customer_goal", "mindset", "red_flags", "metrics"):
            if key in stage.data:
                out[key] = stage.data.pop(key)
        touchpoints = stage.data.pop("touchpoints", [])
        out.update(stage.data)
        out["touchpoints"] = touchpoints
        return out


def _append_text(data: dict[str, Any], key: str, text: str) -> None:
    text = text.strip()
    data[key] = f"{data[key]}\n{text}" if key in data else text


def _named_in(text: str, tps: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The touchpoint a pain point names: its whole name, or most of the name's longer words."""
    low = text.lower()
    words = {_stem(w) for w in _SIGNIFICANT.findall(low)}
    best, best_score = None, 0.0
    for tp in tps:
        name = str(tp["name"]).lower()
        if name and name in low:
            score = 2.0 + len(name) / 1000
        else:
            significant = [_stem(w) for w in _SIGNIFICANT.findall(name)]
            if len(significant) < 2:
                continue
            hits = sum(1 for w in significant if w in words)
            score = hits / len(significant) if hits and hits * 2 >= len(significant) else 0.0
        if score > best_score:
            best, best_score = tp, score
    return best


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _phase_word(text: str) -> str | None:
    low = text.lower()
    if re.search(r"\b(before|pre)\b|pre-sale|presale", low):
        return "pre-sale"
    if re.search(r"\b(after|post)\b|post-sale|postsale", low):
        return "post-sale"
    return None


def _slug(text: str) -> str:
    slug = slugify(fold(text))
    if len(slug) > _MAX_ID:
        slug = slug[:_MAX_ID].rsplit("-", 1)[0] or slug[:_MAX_ID]
    return slug.strip("-") or "item"


def _unique(slug: str, taken: dict[str, int]) -> str:
    """``slug``, else ``slug-2``, ``slug-3``, ... (``taken`` maps each id given to the next suffix to try)."""
    candidate, n = slug, taken.get(slug, 2) if slug in taken else 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    taken[slug] = n
    taken.setdefault(candidate, 2)
    return candidate


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _q(text: object, limit: int = 80) -> str:
    from jmap.rules.base import q

    return q(" ".join(str(text).split()), limit)


__all__ = ["Builder", "Guess", "Layout", "Merge", "find_layout"]
