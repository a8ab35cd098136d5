"""Writing onto an existing YAML map: ruamel.yaml's round trip against jmap's position-driven editor, the merge of a
workbook onto a map, and the editor's property cases.

    python3 benchmarks/yaml_edit.py [--cases N] [--touchpoints N] [--repeat N]

For each example and a generated map of 2,000 touchpoints it prints, for ruamel.yaml (round-trip mode, default
settings) and for ``jmap.changes.apply``: the time to write the map back with no change and with one changed owner,
and what survived: lines changed by a write with no change, comments, quoted scalars, flow collections. Then the
time of ``jmap export BOOK.xlsx -o MAP.yaml`` onto each map (its core, ``update_yaml_map``) with one workbook edit,
and N random property cases (``tests/changes/test_apply_property.py``).
"""

from __future__ import annotations

import argparse
import difflib
import io
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.generate import map_yaml  # noqa: E402

from jmap.changes.apply import edit_yaml  # noqa: E402
from jmap.changes.merge import update_yaml_map  # noqa: E402
from jmap.formats._data import map_data  # noqa: E402
from jmap.formats.suppressions import fold_ignore_comments  # noqa: E402
from jmap.formats.xlsx import base_sheet, writer  # noqa: E402
from jmap.loader import load_bytes, load_map  # noqa: E402

EXAMPLES = ["enterprise-post-sale.yaml", "b2b-saas.yaml", "smb-self-serve-lifecycle.yaml"]
COMMENT = re.compile(r"(?:^|\s)#")
QUOTED = re.compile(r"""(?::|-)\s+['"]""")
FLOW = re.compile(r"(?::|-)\s+[\[{]")


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best CPU time of ``repeat`` runs (the machine is shared, so CPU time, not wall time) and the result."""
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), out


def changed_lines(a: str, b: str) -> int:
    n = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, a.splitlines(), b.splitlines(), autojunk=False
    ).get_opcodes():
        if tag != "equal":
            n += max(i2 - i1, j2 - j1)
    return n


def survived(before: str, after: str) -> str:
    def count(rx: re.Pattern[str], text: str) -> int:
        return sum(1 for line in text.splitlines() if rx.search(line))

    parts = []
    for name, rx in (("comments", COMMENT), ("quoted", QUOTED), ("flow", FLOW)):
        parts.append(f"{name} {count(rx, after)}/{count(rx, before)}")
    return ", ".join(parts)


def ruamel_round_trip(text: str, edit: Callable[[Any], None] | None, tuned: bool = False) -> str:
    """ruamel.yaml's round trip; ``tuned``: jmap's indentation, quotes preserved, no line wrapping."""
    from ruamel.yaml import YAML

    y = YAML()
    if tuned:
        y.indent(mapping=2, sequence=4, offset=2)
        y.preserve_quotes = True
        y.width = 4096
    data = y.load(text)
    if edit is not None:
        edit(data)
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def first_owner_edit(data: Any) -> None:
    data["stages"][0]["touchpoints"][0]["owner"] = "Onboarding lead"


def compare(name: str, text: str, repeat: int) -> None:
    loaded = load_bytes("m.yaml", text.encode())
    assert loaded.model is not None
    old = map_data(loaded.model, shorthand=True)
    new = map_data(loaded.model, shorthand=True)
    first_owner_edit(new)
    lines = text.count("\n")
    r0_t, r0 = best(lambda: ruamel_round_trip(text, None), repeat)
    r1_t, r1 = best(lambda: ruamel_round_trip(text, first_owner_edit), repeat)
    t0_t, t0 = best(lambda: ruamel_round_trip(text, None, tuned=True), repeat)
    t1_t, t1 = best(lambda: ruamel_round_trip(text, first_owner_edit, tuned=True), repeat)
    e0_t, e0 = best(lambda: edit_yaml(text, old, old), repeat)
    e1_t, e1 = best(lambda: edit_yaml(text, old, new), repeat)
    print(f"{name} ({lines:,} lines)")
    print(
        f"  ruamel.yaml  no change {r0_t * 1000:8.1f} ms, {changed_lines(text, r0):4} lines changed; "
        f"one owner {r1_t * 1000:8.1f} ms, {changed_lines(text, r1):4} lines changed; {survived(text, r1)}"
    )
    print(
        f"  ruamel tuned no change {t0_t * 1000:8.1f} ms, {changed_lines(text, t0):4} lines changed; "
        f"one owner {t1_t * 1000:8.1f} ms, {changed_lines(text, t1):4} lines changed; {survived(text, t1)}"
    )
    print(
        f"  jmap editor  no change {e0_t * 1000:8.1f} ms, {changed_lines(text, e0):4} lines changed; "
        f"one owner {e1_t * 1000:8.1f} ms, {changed_lines(text, e1):4} lines changed; {survived(text, e1)}"
    )


def merge_time(name: str, text: str, repeat: int) -> None:
    """``update_yaml_map`` of a workbook with one edit onto the map it was written from, plus one YAML edit since."""
    with tempfile.TemporaryDirectory(prefix="jmap-bench-") as folder:
        target = Path(folder) / "map.yaml"
        target.write_text(text, encoding="utf-8")
        loaded = load_map(target, strict=True)
        base = fold_ignore_comments(loaded.model, loaded.document)
        edited = base.model_copy(deep=True)
        edited.stages[0].touchpoints[0].owner = "Onboarding lead"
        original = writer.write_base
        writer.write_base = lambda wb, _m: base_sheet.write_base(wb, base)  # type: ignore[assignment]
        try:
            book = Path(folder) / "map.xlsx"
            book.write_bytes(writer.xlsx_bytes(edited))
        finally:
            writer.write_base = original  # type: ignore[assignment]
        since = text.replace(f"title: {base.title}", f"title: {base.title} (v2)", 1)
        times = []
        for _ in range(repeat):
            target.write_text(since, encoding="utf-8")
            started = time.process_time()
            result = update_yaml_map(book, target)
            times.append(time.process_time() - started)
        assert result.written and not result.conflicts, result.summary()
        print(
            f"  merge (export BOOK.xlsx -o MAP.yaml, 1 workbook edit + 1 YAML edit): "
            f"best {min(times) * 1000:.0f} ms CPU, median {statistics.median(times) * 1000:.0f} ms; "
            f"{changed_lines(since, target.read_text(encoding='utf-8'))} line changed"
        )


def styles(n: int) -> None:
    """Random small maps in random styles (the property test's), written back with no change."""
    from tests.changes.styled import Styler, random_data

    ruamel_changed = editor_changed = 0
    for seed in range(n):
        rng = random.Random(seed)
        text = Styler(rng).document(random_data(rng))
        if ruamel_round_trip(text, None, tuned=True) != text:
            ruamel_changed += 1
        data = load_bytes("m.yaml", text.encode()).document.data
        if edit_yaml(text, data, data) != text:
            editor_changed += 1
    print(
        f"random styles, no change written back: ruamel tuned changed {ruamel_changed} of {n:,} files, "
        f"the jmap editor {editor_changed}"
    )


def property_cases(n: int) -> None:
    from tests.changes.test_apply_property import check_case

    started = time.perf_counter()
    failures = []
    for seed in range(n):
        try:
            check_case(seed)
        except AssertionError as exc:
            failures.append((seed, str(exc)[:200]))
    print(f"property cases: {n:,} run, {len(failures)} failed, {time.perf_counter() - started:.1f} s")
    for seed, why in failures[:5]:
        print(f"  seed {seed}: {why}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--touchpoints", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--styles", type=int, default=500)
    parser.add_argument("--only-styles", action="store_true")
    args = parser.parse_args()
    if args.only_styles:
        styles(args.styles)
        return 0
    maps = [(name, (ROOT / "examples" / name).read_text(encoding="utf-8")) for name in EXAMPLES]
    maps.append(
        (f"generated, {args.touchpoints:,} touchpoints", map_yaml("big", args.touchpoints, 5, random.Random(7)))
    )
    for name, text in maps:
        compare(name, text, args.repeat)
        merge_time(name, text, args.repeat)
    styles(args.styles)
    property_cases(args.cases)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
