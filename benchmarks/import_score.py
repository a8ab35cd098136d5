"""How much of each hand-made grid in the import corpus ``jmap import`` captures.

    python3 benchmarks/import_score.py [CORPUS_DIR] [--only PREFIX,PREFIX...]

Each grid in tests/importing/corpus/ has ``NAME.expect.yaml``: the stages, the touchpoints
(stage, name, owner, emotion, channel, pain points, fixes with owners) and stage owners a
person reading the grid would capture, or ``refuse: true`` for a sheet that is not a journey
map. Prints, per grid and in total, the share captured of stages, touchpoints, owners,
emotions, channels, pain points, fixes and fix owners; emotions set to a wrong score; cells
whose words end up neither in the map nor in a guess line (silent loss); and non-maps refused.
Grids named ``t…`` were tuned on; ``h…`` were written and scored before any tuning for them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from jmap.errors import SourceError  # noqa: E402
from jmap.importing import build_map, read_grids  # noqa: E402
from jmap.importing.vocabulary import label_key  # noqa: E402

MEASURES = ("stages", "touchpoints", "owners", "emotions", "channels", "pain points", "fixes", "fix owners")
GRIDS = (".csv", ".md", ".xlsx", ".ods", ".fods", ".tsv")
_WORD = re.compile(r"\w+")


def norm(text: Any) -> str:
    return label_key(str(text))


def same(a: Any, b: Any) -> bool:
    x, y = norm(a), norm(b)
    return bool(x) and bool(y) and (x == y or x in y or y in x)


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    wanted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    wrong_emotions: int = 0
    silent: list[str] = field(default_factory=list)
    refused: bool | None = None
    error: str = ""

    def hit(self, measure: str, ok: bool) -> None:
        self.wanted[measure] += 1
        self.found[measure] += int(ok)

    def add(self, other: Score) -> None:
        for m in MEASURES:
            self.found[m] += other.found[m]
            self.wanted[m] += other.wanted[m]
        self.wrong_emotions += other.wrong_emotions
        self.silent += other.silent


def score_grid(path: Path, expect: dict[str, Any]) -> Score:
    out = Score()
    try:
        data, _, _, guesses = build_map(path, path.read_bytes(), expect.get("sheet"))
    except SourceError as exc:
        out.refused = True
        out.error = str(exc)
        if not expect.get("refuse"):
            for m in MEASURES:
                out.wanted[m] += _count(expect, m)
        return out
    out.refused = False
    if expect.get("refuse"):
        return out
    stages = {norm(s["name"]): s for s in data["stages"]}
    for name in expect.get("stages", []):
        out.hit("stages", norm(name) in stages)
    for stage_name, owner in (expect.get("stage_owners") or {}).items():
        stage = stages.get(norm(stage_name))
        out.hit("owners", stage is not None and same(stage.get("owner", ""), owner))
    for want in expect.get("touchpoints", []):
        stage = stages.get(norm(want["stage"]))
        tps = stage["touchpoints"] if stage else []
        tp = next((t for t in tps if norm(t["name"]) == norm(want["name"])), None) or next(
            (t for t in tps if same(t["name"], want["name"])), None
        )
        out.hit("touchpoints", tp is not None)
        if "owner" in want:
            out.hit("owners", tp is not None and norm(tp.get("owner", "")) == norm(want["owner"]))
        if "emotion" in want:
            got = tp.get("emotion") if tp else None
            out.hit("emotions", got == want["emotion"])
            if got is not None and got != want["emotion"]:
                out.wrong_emotions += 1
        if "channel" in want:
            out.hit("channels", tp is not None and same(tp.get("channel", ""), want["channel"]))
        pains = [p for t in tps for p in t.get("pain_points", [])]
        own = [p for p in (tp or {}).get("pain_points", [])]
        for text in want.get("pains", []):
            out.hit("pain points", any(same(p.get("text", ""), text) for p in own))
        for fix, owner in want.get("fixes", []):
            opp = next((p["opportunity"] for p in pains if same(p.get("opportunity", {}).get("fix", ""), fix)), None)
            out.hit("fixes", opp is not None)
            if owner:
                out.hit("fix owners", opp is not None and norm(opp.get("owner", "")) == norm(owner))
    out.silent = silent_cells(path, data, [g.message for g in guesses])
    return out


def _count(expect: dict[str, Any], measure: str) -> int:
    tps = expect.get("touchpoints", [])
    return {
        "stages": len(expect.get("stages", [])),
        "touchpoints": len(tps),
        "owners": sum("owner" in t for t in tps) + len(expect.get("stage_owners") or {}),
        "emotions": sum("emotion" in t for t in tps),
        "channels": sum("channel" in t for t in tps),
        "pain points": sum(len(t.get("pains", [])) for t in tps),
        "fixes": sum(len(t.get("fixes", [])) for t in tps),
        "fix owners": sum(1 for t in tps for _, o in t.get("fixes", []) if o),
    }[measure]


def silent_cells(path: Path, data: dict[str, Any], guesses: list[str]) -> list[str]:
    """Cells of the imported sheet with a word found neither in the map nor in any guess line."""
    said = {w.lower() for w in _WORD.findall(yaml.safe_dump(data, allow_unicode=True) + "\n".join(guesses))}
    grids = read_grids(path, path.read_bytes(), [])
    lost = []
    for grid in grids:
        if grid.name and not any(grid.name in g for g in guesses) and len(grids) > 1:
            continue
        for text in grid.cells.values():
            words = {w.lower() for w in _WORD.findall(text)}
            if words - said and words:
                lost.append(text[:40])
    return lost


def pct(found: int, wanted: int) -> str:
    return f"{100 * found / wanted:5.1f}%" if wanted else "    -"


def main(argv: list[str]) -> int:
    only_arg = argv[argv.index("--only") + 1] if "--only" in argv else ""
    only = tuple(only_arg.split(","))
    args = [a for a in argv if not a.startswith("--") and a != only_arg]
    corpus = Path(args[0]) if args else REPO / "tests" / "importing" / "corpus"
    grids = sorted(p for p in corpus.iterdir() if p.suffix in GRIDS and p.name.startswith(only))
    grids = [p for p in grids if (p.parent / f"{_stem(p)}.expect.yaml").exists()]
    head = f"{'grid':34}" + "".join(f"{m[:10]:>11}" for m in MEASURES) + "  wrong-emo  silent"
    totals = {"t": Score(), "h": Score()}
    refusals = {"t": [0, 0], "h": [0, 0]}
    print(head)
    for path in grids:
        expect = yaml.safe_load((path.parent / f"{_stem(path)}.expect.yaml").read_text(encoding="utf-8"))
        s = score_grid(path, expect)
        kind = path.name[0] if path.name[0] in totals else "t"
        if expect.get("refuse"):
            refusals[kind][0] += 1
            refusals[kind][1] += int(bool(s.refused))
            print(f"{path.name:34}  not a map: {'refused' if s.refused else 'IMPORTED (should be refused)'}")
            continue
        totals[kind].add(s)
        cells = "".join(f"{pct(s.found[m], s.wanted[m]):>11}" for m in MEASURES)
        note = f"  ERROR {s.error[:60]}" if s.error else ""
        print(f"{path.name:34}{cells}{s.wrong_emotions:>11}{len(s.silent):>8}{note}")
        for text in s.silent:
            print(f"{'':34}  silent: {text!r}")
    for kind, label in (("t", "total, tuned on (t*)"), ("h", "total, held out (h*)")):
        s = totals[kind]
        if not any(s.wanted.values()) and not refusals[kind][0]:
            continue
        cells = "".join(f"{pct(s.found[m], s.wanted[m]):>11}" for m in MEASURES)
        print(f"{label:34}{cells}{s.wrong_emotions:>11}{len(s.silent):>8}")
        print(f"{'':34}  non-maps refused: {refusals[kind][1]} of {refusals[kind][0]}")
    return 0


def _stem(path: Path) -> str:
    return path.name[: -len(path.suffix)]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
