"""Random edits of realistic maps, read after each edit by ``incremental.read`` and whole, which must agree.

Used by ``test_incremental.py`` (a sample) and ``benchmarks/incremental_property.py`` (thousands). An edit is what
a person does in an editor: type or delete a character anywhere (YAML's own characters too), type a word into a
value, split or join lines, add, remove, copy or move lines and whole items, paste a document marker. After each
edit the text is read both ways; the data, every position, the issues and the ignore comments must be equal, and
the data the state keeps must still equal a whole read of its text after the model was validated from it.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import map_yaml  # noqa: E402

from jmap.formats.yaml import incremental  # noqa: E402
from jmap.formats.yaml.reader import read_yaml  # noqa: E402
from jmap.validate import build_model  # noqa: E402
from tests.changes.styled import Styler, random_data  # noqa: E402

TYPED = [*"abcxyz019 -:#'\"[]{},&*!|>%@`?\t\n", "- ", ": ", "  ", "\n  - ", "\n- ", "---", "..."]
TYPED += ["\r\n", "\r", "\x85", "\u2028", "Zoë"]
VALUES = ["Support", "'quoted'", "", "[a, b]", "{x: 1}", "12", "|", "~", "x  # jmap: ignore[JM101]"]
VALUES += ["'a # jmap: ignore[JM102]'", '"b # jmap: ignore"', "c # jmap: ignore[JM103]"]
WORDS = ["owner: CSM", "- id: t9", "name: Zoë", "  - x", "# jmap: ignore[JM101]", "evidence: [e1]", "&a", "*a"]


def texts(rng: random.Random) -> str:
    """A map to start from: an example, a generated map, or random data in random styles."""
    pick = rng.random()
    if pick < 0.3:
        examples = sorted((ROOT / "examples").glob("*.yaml"))
        return rng.choice(examples).read_text(encoding="utf-8")
    if pick < 0.55:
        return map_yaml("m", rng.randint(3, 30), rng.randint(1, 5), rng)
    text = Styler(rng).document(random_data(rng, items=rng.randint(2, 8)))
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text.rstrip("\r\n") if rng.random() < 0.15 else text


def edit(rng: random.Random, text: str) -> str:
    """One random edit of ``text``."""
    lines = text.split("\n")
    kind = rng.random()
    at = rng.randrange(len(lines))
    if kind < 0.3:
        # Type into a line as a person does: letters at its end or inside it, or Enter and a new key.
        line = lines[at]
        if rng.random() < 0.7:
            pos = rng.randint(len(line) - len(line.lstrip()), len(line))
            lines[at] = line[:pos] + rng.choice(["a", "b", "e", " ", "1", "Ops"]) + line[pos:]
        else:
            indent = " " * (len(line) - len(line.lstrip(" -")))
            lines.insert(at + 1, indent + rng.choice(["x-note: hi", "owner: CSM", "note", "- e1", "status: open"]))
        return "\n".join(lines)
    if kind < 0.45:
        pos = rng.randint(0, len(text))
        return text[:pos] + rng.choice(TYPED) + text[pos:]
    if kind < 0.55 and text:
        pos = rng.randrange(len(text))
        return text[:pos] + text[pos + rng.randint(1, 3) :]
    if kind < 0.65:
        line = lines[at]
        if ":" in line and rng.random() < 0.3:
            # A value becomes a block scalar, kept, stripped or folded.
            head, _, value = line.partition(":")
            indent = " " * (len(head) - len(head.lstrip(" -")) + 2)
            style = rng.choice(["|", "|+", "|-", ">", ">-"])
            lines[at : at + 1] = [f"{head}: {style}", indent + (value.strip() or "text"), indent + "more"]
            return "\n".join(lines) + rng.choice(["", "\n"]) if at == len(lines) - 1 else "\n".join(lines)
        if ":" in line:
            head, _, _ = line.partition(":")
            lines[at] = head + ": " + rng.choice(VALUES)
        return "\n".join(lines)
    if kind < 0.75:
        lines.insert(at, rng.choice([*WORDS, "", "# a comment", lines[rng.randrange(len(lines))]]))
        return "\n".join(lines)
    if kind < 0.83 and len(lines) > 1:
        del lines[at : at + rng.randint(1, 3)]
        return "\n".join(lines)
    if kind < 0.92:
        # Copy or move a block of lines (a touchpoint pasted elsewhere).
        size = rng.randint(1, 8)
        block = lines[at : at + size]
        if rng.random() < 0.5:
            del lines[at : at + size]
        to = rng.randint(0, len(lines))
        lines[to:to] = block
        return "\n".join(lines)
    if kind < 0.95 and any(c in lines[at] for c in "[{"):
        # Break a flow collection over lines, as people do with a long one.
        indent = " " * (len(lines[at]) - len(lines[at].lstrip()) + rng.choice([0, 2, 4]))
        lines[at] = lines[at].replace(", ", ",\n" + indent, rng.randint(1, 3))
        return "\n".join(lines)
    # Re-indent a line by a space or two.
    lines[at] = (" " * rng.randint(1, 2) + lines[at]) if rng.random() < 0.5 else lines[at][rng.randint(1, 2) :]
    return "\n".join(lines)


def scanned_comments(text: str) -> set[tuple[int, int]]:
    """(line, column) of each ``# jmap: ignore`` comment, look-alikes inside scalars told by libyaml's scanner
    (how the reader told them before it kept the spans of such scalars while reading)."""
    import yaml

    from jmap.formats.yaml.reader import IGNORE_COMMENT

    points = set()
    for number, line in enumerate(text.splitlines(), start=1):
        m = IGNORE_COMMENT.search(line) if "ignore" in line else None
        if m is not None and (m.start() == 0 or line[m.start() - 1].isspace()):
            points.add((number, m.start()))
    if not points or "jmap:" not in text:
        return set()
    inside = set()
    for token in yaml.scan(text, Loader=yaml.CSafeLoader):
        if isinstance(token, yaml.ScalarToken):
            start = (token.start_mark.line + 1, token.start_mark.column)
            end = (token.end_mark.line + 1, token.end_mark.column)
            inside |= {p for p in points if start <= p < end}
    return {(line, column + 1) for line, column in points - inside}


def comparable(value: Any) -> Any:
    """Data with NaN made equal to itself and with each value's type kept (1 != 1.0 != True)."""
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def summary(doc: Any) -> Any:
    return (
        comparable(doc.data),
        list(doc.positions.items()),
        [(i.code, i.message, i.location, i.model_path) for i in doc.issues],
        doc.ignore_comments,
    )


def check_case(seed: int, edits: int = 12) -> tuple[int, str | None]:
    """Run one random map through ``edits`` random edits: (how many reads were spliced, the first disagreement)."""
    rng = random.Random(seed)
    text = texts(rng)
    doc, state = incremental.read("m.yaml", text.encode(), None)
    spliced = 0
    last_clean = text
    for n in range(edits):
        if n and doc.issues and rng.random() < 0.7:
            text = last_clean  # the person undoes the edit that broke the file
        else:
            if not doc.issues:
                last_clean = text
            text = edit(rng, text)
        raw = text.encode("utf-8")
        before = state
        doc, state = incremental.read("m.yaml", raw, before)
        whole = read_yaml("m.yaml", raw)
        if summary(doc) != summary(whole):
            return spliced, f"seed {seed}, edit {n + 1}: spliced read differs from whole read"
        if whole.data is not None and scanned_comments(text) != {(c.line, c.column) for c in whole.ignore_comments}:
            return spliced, f"seed {seed}, edit {n + 1}: ignore comments differ from libyaml's scanner's"
        spliced += state is not None and state is not before and state.spliced
        build_model(doc, default_id="m")
        kept = "\n".join(state.lines).encode() if state is not None else b""
        if state is not None and comparable(state.data) != comparable(read_yaml("m.yaml", kept).data):
            return spliced, f"seed {seed}, edit {n + 1}: validation changed the data the state keeps"
    return spliced, None


def check_lint_case(seed: int, edits: int = 12) -> tuple[int, str | None]:
    """As ``check_case``, through the whole lint: a ``Session`` (splice, then the touchpoint models it keeps)
    must give the findings and the model a fresh lint of each version gives."""
    from datetime import date

    from jmap.lint.config import Config
    from jmap.lint.core import LintOptions, lint_bytes, plan_files
    from jmap.lint.discovery import Candidate
    from jmap.loader import Session

    rng = random.Random(seed)
    text = texts(rng)
    options = LintOptions(config=Config(root=ROOT), today=date(2026, 11, 25))
    plan = plan_files([Candidate("m.yaml", True)], options)[0]
    session = Session()
    lint_bytes(plan, text.encode(), session)
    spliced = 0
    last_clean = text
    clean = True
    for n in range(edits):
        if n and not clean and rng.random() < 0.7:
            text = last_clean
        else:
            if clean:
                last_clean = text
            text = edit(rng, text)
        raw = text.encode("utf-8")
        before = session.read.state
        outcome, loaded = lint_bytes(plan, raw, session)
        fresh, fresh_loaded = lint_bytes(plan, raw)
        state = session.read.state
        spliced += state is not None and state is not before and state.spliced
        clean = loaded is not None and not loaded.issues
        if outcome.findings != fresh.findings:
            return spliced, f"seed {seed}, edit {n + 1}: findings differ from a fresh lint"
        mine = loaded.model.model_dump() if loaded is not None and loaded.model is not None else None
        theirs = fresh_loaded.model if fresh_loaded is not None else None
        theirs = theirs.model_dump() if theirs is not None else None
        if comparable(mine) != comparable(theirs):
            return spliced, f"seed {seed}, edit {n + 1}: model differs from a fresh lint"
    return spliced, None
