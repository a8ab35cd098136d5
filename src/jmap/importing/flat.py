"""Flat lists: one row per touchpoint under a header row (``Stage | Step | Channel | Owner | ...``).

The stage is written on every row, only on the first row of each group (blank below), or in
a cell merged down the group; rows of one stage need not be next to each other. The header's
columns may come in any order; a column jmap does not know is kept on each touchpoint as an
``x-`` field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jmap.importing.build import _READ_AS, Builder, Guess, Layout, _append_text, _Cell, _q, _Stage
from jmap.importing.cells import owner_in_name, split_items
from jmap.importing.grid import Grid
from jmap.importing.scales import read_scale
from jmap.importing.vocabulary import Vocabulary, label_key

_HEADER_ROWS = 40
_NAME_LAYERS = ("touchpoints", "step", "actions")
_EXPERIENCE = frozenset({"emotion", "feelings", "thoughts", "pain_points", "opportunities", "channel"})
_STAGE_FIELDS = ("customer_goal", "metrics", "mindset", "red_flags")


@dataclass(frozen=True, slots=True)
class FlatLayout:
    grid: Grid
    header: int
    columns: dict[int, str]
    """Column -> layer, for the header cells jmap recognises."""
    score: int
    shape: str
    """How the stage column is written: "every row", "first row of each group", "merged", "none"."""
    layers: frozenset[str] = field(default_factory=frozenset)

    @property
    def description(self) -> str:
        return f"a flat list, one row per touchpoint (header row {self.header})"

    @property
    def signal(self) -> bool:
        """A touchpoint column, and a stage column or two layers of experience."""
        named = bool(self.layers & set(_NAME_LAYERS))
        return named and ("stage" in self.layers or "phase" in self.layers or len(self.layers & _EXPERIENCE) >= 2)


def find_flat(grid: Grid, vocab: Vocabulary) -> FlatLayout | None:
    """The header row naming the most layers (at least two) with rows below it, scored by its shape."""
    rows: dict[int, dict[int, str]] = {}
    for (r, c), text in grid.cells.items():
        rows.setdefault(r, {})[c] = text
    best: FlatLayout | None = None
    for r in sorted(rows)[:_HEADER_ROWS]:
        columns = {c: layer for c, text in rows[r].items() if (layer := vocab.layer_of(text)) is not None}
        layers = frozenset(columns.values())
        body = [b for b in rows if b > r]
        if len(layers) < 2 or len(body) < 1:
            continue
        stage_col = _first(columns, ("stage",)) or _first(columns, ("phase",))
        name_col = _first(columns, _NAME_LAYERS)
        shape, bonus = _shape(grid, r, body, stage_col, name_col)
        score = 10 * len(layers) + bonus
        if best is None or score > best.score:
            best = FlatLayout(grid, r, columns, score, shape, layers)
    return best


def _first(columns: dict[int, str], layers: tuple[str, ...]) -> int | None:
    for layer in layers:
        found = sorted(c for c, lay in columns.items() if lay == layer)
        if found:
            return found[0]
    return None


def _shape(grid: Grid, header: int, body: list[int], stage_col: int | None, name_col: int | None) -> tuple[str, int]:
    """How the stage column is written, and what it adds to (or takes from) the flat reading's score."""
    if stage_col is None:
        return "none", 3 if name_col is not None else -5
    values = [grid.cells.get((r, stage_col)) for r in body]
    written = [v for v in values if v is not None]
    merged = any(m.left == stage_col and m.bottom > m.top and m.top > header for m in grid.merges)
    if merged:
        return "merged", 8
    if len(written) < len(values):
        return "first row of each group", 6
    if len({label_key(v) for v in written}) < len(written):
        return "every row", 6
    if name_col is not None:
        many = sum(1 for r in body if len(split_items(grid.cells.get((r, name_col), ""), commas=True)[0]) > 1)
        if many * 2 >= len(body):
            return "one row per stage", -15
    return "every row", 2


class FlatBuilder(Builder):
    """Map data from a flat list; ``guesses`` lists what it decided."""

    def __init__(self, layout: FlatLayout, title: str, vocab: Vocabulary) -> None:
        super().__init__(Layout(layout.grid, False, 0, layout.score, layout.layers), title, vocab)
        self.flat = layout
        self.roles: dict[str, int] = {}
        self.extra: dict[int, str] = {}
        self.stage_owner_col: int | None = None

    def build(self) -> dict[str, Any]:
        g, header = self.g, self.flat.header
        used: set[tuple[int, int]] = set()
        first_col = min((c for (r, c) in g.cells if r == header), default=1)
        title = self.head(header, used, self.at(header, first_col))
        self.assign_roles()
        used.update(k for k in g.cells if k[0] == header)
        return self.assemble(title, self.body(used), used)

    def assign_roles(self) -> None:
        """Which column is the stage, the touchpoint's name, its action, channel, owner, feelings and so on."""
        g, header = self.g, self.flat.header
        by_layer: dict[str, list[int]] = {}
        for c, layer in sorted(self.flat.columns.items()):
            by_layer.setdefault(layer, []).append(c)
        roles: dict[str, int] = {}
        taken: set[int] = set()

        def take(role: str, col: int) -> None:
            roles[role] = col
            taken.add(col)

        if by_layer.get("stage"):
            take("stage", by_layer["stage"][0])
            if by_layer.get("phase"):
                take("phase", by_layer["phase"][0])
        elif by_layer.get("phase"):
            take("stage", by_layer["phase"][0])
        for layer in _NAME_LAYERS:
            if by_layer.get(layer):
                take("name", by_layer[layer][0])
                break
        for layer in ("step", "actions"):
            cols = [c for c in by_layer.get(layer, []) if c not in taken]
            if cols and "action" not in roles:
                take("action", cols[0])
        if "name" not in roles and by_layer.get("channel"):
            take("name", by_layer["channel"][0])
            self.guess(
                self.at(header, roles["name"]), "no touchpoint or step column: touchpoints are named after the channel"
            )
        for layer in ("channel", "owner", "emotion", "thoughts", "pain_points", "opportunities", "fix_owner",
                      *_STAGE_FIELDS):  # fmt: skip
            cols = [c for c in by_layer.get(layer, []) if c not in taken]
            if cols and layer not in roles:
                take(layer, cols[0])
        fixes, owners = roles.get("opportunities"), [c for c in by_layer.get("owner", []) if c not in taken]
        if fixes is not None and "fix_owner" not in roles and owners and owners[0] > fixes:
            take("fix_owner", owners[0])
            self.guess(
                self.at(header, owners[0]),
                f"a second owner column {_q(g.cells[(header, owners[0])])} after the fixes: read as the fix owners",
            )
        for c in by_layer.get("feelings", []):
            if c in taken:
                continue
            values = [t for (r, col), t in g.cells.items() if col == c and r > header]
            scale = read_scale(values, g.cells[(header, c)])
            scored = sum(1 for v in values if scale.score(v, self.vocab)[0] is not None)
            role = "emotion" if values and scored * 2 >= len(values) and "emotion" not in roles else "thoughts"
            if role in roles:
                continue
            take(role, c)
            self.guess(
                self.at(header, c),
                f"{_q(g.cells[(header, c)])} read as {'emotions' if role == 'emotion' else 'thoughts'}: "
                f"{scored} of {len(values)} cells score as a feeling",
            )
        owner = roles.get("owner")
        if owner is not None and "stage" in label_key(g.cells[(header, owner)]):
            self.stage_owner_col = owner
            del roles["owner"]
        self.roles = roles
        read = [(c, _READ_AS.get(role, role)) for role, c in roles.items()]
        if self.stage_owner_col is not None:
            read.append((self.stage_owner_col, "stage owners"))
        shown = ", ".join(f"{_q(g.cells[(header, c)], 30)} as {what}" for c, what in sorted(read))
        self.guess(self.at(header, min(c for c, _ in read) if read else 1), f"columns read as: {shown}")
        for (r, c), text in sorted(g.cells.items()):
            if r != header or c in taken:
                continue
            if c == self.stage_owner_col:
                continue
            noise = self.vocab.noise_of(text)
            if noise == "notes":
                self.extra[c] = "x-notes"
                self.guess(self.at(r, c), f"column {_q(text)} kept on each touchpoint as x-notes")
            elif noise == "totals":
                self.extra[c] = "#totals"
                self.guess(self.at(r, c), f"{_q(text)} is a totals column: not imported")
            else:
                known = self.flat.columns.get(c)
                formulas = [k for k in g.skipped if k[1] == c and k[0] > header]
                if not any(col == c and row > header for row, col in g.cells) and formulas:
                    self.extra[c] = "#totals"
                    self.guess(self.at(r, c), f"column {_q(text)} holds only formulas: not imported")
                elif known is not None:
                    self.guess(self.at(r, c), f"a second {_q(text)} column: its items are added to the first")
                    self.extra[c] = "+" + ("thoughts" if known == "feelings" else known)
                else:
                    self.extra[c] = self.unknown_label(text, self.at(r, c), "column")
        if "emotion" in roles:
            c = roles["emotion"]
            values = [t for (r, col), t in g.cells.items() if col == c and r > header]
            self.scales["emotion"] = read_scale(values, g.cells[(header, c)])
            self.note_scale(self.scales["emotion"], self.at(header, c), values)

    def body(self, used: set[tuple[int, int]]) -> list[_Stage]:
        g, header, roles = self.g, self.flat.header, self.roles
        rows: dict[int, dict[int, str]] = {}
        for (r, c), text in g.cells.items():
            if r > header:
                rows.setdefault(r, {})[c] = text
        stage_col, name_col = roles.get("stage"), roles.get("name")
        stages: dict[str, _Stage] = {}
        order: list[_Stage] = []
        current: _Stage | None = None
        last_tp: dict[str, Any] | None = None
        filled_down: set[str] = set()
        in_notes = False
        seen_at: dict[str, int] = {}
        last_key: str | None = None
        for r in sorted(rows):
            row = rows[r]
            used.update((r, c) for c in row)
            texts = [row[c] for c in sorted(row)]
            lead = [row[c] for c in sorted(row)[:2]]
            if in_notes or any(self.vocab.noise_of(t) == "notes" for t in lead[:1]):
                in_notes = True
                for c in sorted(row):
                    self.notes.append(row[c].strip())
                    self.guess(self.at(r, c), "text in the notes below the list kept in the map's x-notes")
                continue
            if any(self.vocab.noise_of(t) == "totals" for t in lead):
                shown = "; ".join(_q(t) for t in texts)
                self.guess(self.at(r, min(row)), f"a totals row: not imported ({shown})")
                continue
            stage_text = row.get(stage_col) if stage_col is not None else None
            if stage_text is not None and self.placeholder(stage_text, self.at(r, stage_col or 0)):
                stage_text = None
            if stage_text is not None:
                name = " ".join(stage_text.split())
                key = label_key(name)
                if key in stages and key != last_key:
                    self.guess(
                        self.at(r, stage_col or 0),
                        f"stage {_q(name)} appears again (first at row {seen_at[key]}): "
                        "its touchpoints are added to it",
                    )
                if key not in stages:
                    stages[key] = _Stage(name, self.at(r, stage_col or 0), [])
                    order.append(stages[key])
                    seen_at[key] = r
                current = stages[key]
                last_key = key
            elif current is None:
                name = self.default_stage_name()
                key = label_key(name)
                stages[key] = current = _Stage(name, self.at(r, min(row)), [])
                order.append(current)
                last_key = key
                if stage_col is not None:
                    self.guess(self.at(r, stage_col), f"rows before the first stage name go to a stage {_q(name)}")
                else:
                    self.guess(
                        self.at(header, min(row)), f"no stage column: every touchpoint is in one stage {_q(name)}"
                    )
            elif stage_col is not None and last_key not in filled_down:
                filled_down.add(last_key or "")
                how = (
                    "merged down its group" if self.flat.shape == "merged" else "written on the group's first row only"
                )
                self.guess(self.at(r, stage_col), f"stage {_q(current.name)} {how}: row {r} belongs to it")
            assert current is not None
            others = {c: t for c, t in row.items() if c != stage_col}
            if not others:
                continue
            if self.stage_owner_col is not None and self.stage_owner_col in others:
                text = others.pop(self.stage_owner_col)
                if not self.placeholder(text, self.at(r, self.stage_owner_col)):
                    owner = " ".join(text.split())
                    if current.data.get("owner") not in (None, owner):
                        self.guess(self.at(r, self.stage_owner_col), f"a second stage owner {_q(owner)} added")
                        owner = f"{current.data['owner']}, {owner}"
                    current.data["owner"] = owner
            name_text = others.get(name_col) if name_col is not None else None
            if name_text is not None and self.placeholder(name_text, self.at(r, name_col or 0)):
                name_text = None
            if name_text is None:
                if last_tp is None or last_tp.get("#stage") is not current:
                    if not any(not self.vocab.is_placeholder(t) for t in others.values()):
                        for c, t in others.items():
                            self.placeholder(t, self.at(r, c))
                        continue
                    tp = self.new_touchpoint(current, f"{current.name} {len(current.data.get('touchpoints', [])) + 1}")
                    self.guess(
                        self.at(r, name_col or min(others)), f"row {r} names no touchpoint: named {_q(tp['name'])}"
                    )
                else:
                    tp = last_tp
                    self.guess(
                        self.at(r, name_col or min(others)),
                        f"row {r} names no touchpoint: read as more of {_q(tp['name'])}",
                    )
            else:
                name, in_name = owner_in_name(" ".join(name_text.split()))
                tp = self.new_touchpoint(current, name)
                if in_name is not None:
                    tp["owner"] = in_name
                    self.guess(
                        self.at(r, name_col or 0),
                        f"owner {_q(in_name)} read from the end of touchpoint {_q(name_text)}",
                    )
            self.fill(tp, tp["#stage"], r, others)
            last_tp = tp
        for stage in order:
            for tp in stage.data.get("touchpoints", []):
                tp.pop("#stage", None)
        return order

    def default_stage_name(self) -> str:
        name = self.g.name
        return (
            name
            if name and not name.startswith("table at line") and name.lower() not in ("sheet1", "tabelle1")
            else "Journey"
        )

    def new_touchpoint(self, stage: _Stage, name: str) -> dict[str, Any]:
        tp: dict[str, Any] = {"id": self.touchpoint_id(name), "name": name, "#stage": stage}
        stage.data.setdefault("touchpoints", []).append(tp)
        return tp

    def fill(self, tp: dict[str, Any], stage: _Stage, r: int, row: dict[int, str]) -> None:
        """One row's cells onto its touchpoint (and its stage, for stage-level columns)."""
        roles = {col: role for role, col in self.roles.items()}
        cells: dict[str, list[_Cell]] = {}
        for c, text in sorted(row.items()):
            role = roles.get(c) or self.extra.get(c)
            if role in ("stage", "name"):
                continue
            where = self.at(r, c)
            if role is None:
                role = f"x-column-{c}"
                self.guess(where, f"a column with no header: kept as {role}")
            if role == "#totals":
                self.guess(where, f"{_q(text)} in a totals column: not imported")
                continue
            if role.startswith("+"):
                role = role[1:]
            if role == "emotion" and self.is_symbol(text):
                cells.setdefault(role, []).append(_Cell(text, where))
                continue
            if self.placeholder(text, where):
                continue
            cells.setdefault(role, []).append(_Cell(text, where))
        for role, found in list(cells.items()):
            if role.startswith("x-"):
                for cell in found:
                    _append_text(tp, role, cell.text)
            elif role == "phase":
                stage.data.setdefault("x-phase", found[0].text.strip())
            elif role in _STAGE_FIELDS:
                for cell in found:
                    if role in ("metrics", "red_flags"):
                        items, how = split_items(cell.text, commas=True)
                        self.note_split(cell, items, how, role)
                        for item in items:
                            if item not in stage.data.setdefault(role, []):
                                stage.data[role].append(item)
                    elif cell.text.strip() not in str(stage.data.get(role, "")):
                        _append_text(stage.data, role, cell.text)
        tps = [tp]
        if "action" in cells:
            for cell in cells["action"]:
                _append_text(tp, "action", cell.text)
        if "channel" in cells:
            tp["channel"] = "\n".join(c.text.strip() for c in cells["channel"])
        if "owner" in cells:
            owner = "\n".join(c.text.strip() for c in cells["owner"])
            if tp.get("owner") not in (None, owner):
                self.guess(
                    cells["owner"][0].where,
                    f"owner column {_q(owner)} wins over the owner in the name {_q(tp['owner'])}",
                )
            tp["owner"] = owner
        if "thoughts" in cells:
            for cell in cells["thoughts"]:
                _append_text(tp, "thoughts", cell.text)
        if "emotion" in cells and "emotion" not in tp:
            self.emotions(stage, tps, cells["emotion"][:1])
            for cell in cells["emotion"][1:]:
                _append_text(tp, "x-emotion", cell.text)
        pains: list[dict[str, Any]] = []
        for cell in cells.get("pain_points", []):
            for item in self.split(cell, "pain_points"):
                pain: dict[str, Any] = {"text": item}
                tp.setdefault("pain_points", []).append(pain)
                pains.append(pain)
        if "opportunities" in cells or "fix_owner" in cells:
            self.opportunities(tps, pains, cells.get("opportunities", []), cells.get("fix_owner", []))


__all__ = ["FlatBuilder", "FlatLayout", "Guess", "find_flat"]
