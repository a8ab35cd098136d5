"""Hypothesis strategies for whole journey maps, reaching every field, enum value and x- shape."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from jmap.model import EVIDENCE_TYPES, IMPACTS, KINDS, PHASES, STATUSES, JourneyMap

# Text that stresses writers: YAML words and numbers, formula starts, Markdown/Mermaid
# punctuation, line breaks of every kind, and arbitrary Unicode.
TRICKY = [
    "yes", "No", "on", "OFF", "y", "n", "null", "~", "true", "010", "0o17", "0x1F", "1_000", "1:30", "1e3",
    ".5", "1.2.3", ".inf", "-.INF", ".NaN", "2026-01-01", "2026-01-01 10:00:00", "<<", "=", "-", "- item",
    "? q", ": c", "#tag", "a #b", "a: b", "a:b", "'q'", '"dq"', "|", ">", "%x", "@me", "`x`", "&a", "*a", "!t",
    "=SUM(A1)", "+1", "-1", "@cmd", "a | b", "a\nb", "a\n\n  b", "x\r\ny", "tab\there", "a\u2028b", "\u00a0nb",
    "é ü 中文 🙂", "\u200bzero", "\ufeffbom", "\x85nel", "a\x00b", "\x7f", "---", "...", "a,b;c", "<br>",
    "journey", "Title x", "section y", "accTitle: t", "%%c", "#35;", "\\", "\\n", "{}", "[]", "[a, b]",
]  # fmt: skip

text = st.one_of(st.sampled_from(TRICKY), st.text(max_size=25), st.text(alphabet="ab :#-\n'\"\\|", max_size=12))
name = text.filter(lambda s: bool(s.strip()))
ident = st.from_regex(r"[a-z0-9][a-z0-9-]{0,11}", fullmatch=True)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False),
    text,
)
nested: st.SearchStrategy[Any] = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)),
    max_leaves=6,
)
x_key = st.one_of(st.sampled_from(["x-a", "x-yes", "x-1", "x-note"]), text.map(lambda s: "x-" + s))
extras = st.dictionaries(x_key, nested, max_size=2)
text_list = st.one_of(st.lists(text, max_size=3), text)


def _with(fields: dict[str, st.SearchStrategy[Any]], x: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    base = st.fixed_dictionaries({}, optional=fields)
    if not x:
        return base
    return st.tuples(base, extras).map(lambda pair: {**pair[0], **pair[1]})


opportunity = _with(
    {
        "fix": text,
        "owner": text,
        "target": text,
        "impact": st.sampled_from(IMPACTS),
        "status": st.sampled_from(STATUSES),
    }
)
pain_point = st.one_of(name, st.tuples(name, _with({"opportunity": opportunity})).map(lambda t: {"text": t[0], **t[1]}))
touchpoint = st.tuples(
    ident,
    name,
    _with(
        {
            "channel": text,
            "owner": text,
            "action": text,
            "customer_goal": text,
            "thoughts": text,
            "emotion": st.integers(min_value=-2, max_value=2),
            "moment_of_truth": st.booleans(),
            "playbook": text,
            "pain_points": st.lists(pain_point, max_size=3),
        }
    ),
).map(lambda t: {"id": t[0], "name": t[1], **t[2]})
stage = st.tuples(
    ident,
    name,
    _with(
        {
            "phase": st.sampled_from(PHASES),
            "owner": text,
            "customer_goal": text,
            "mindset": text,
            "red_flags": text_list,
            "metrics": text_list,
            "touchpoints": st.lists(touchpoint, max_size=3),
        }
    ),
).map(lambda t: {"id": t[0], "name": t[1], **t[2]})
review = _with({"last_reviewed": st.dates(), "every": st.sampled_from(["6 months", "weekly", "P90D", "2 years"])})
evidence = st.tuples(st.sampled_from(EVIDENCE_TYPES), _with({"source": text, "date": st.dates()})).map(
    lambda t: {"type": t[0], **t[1]}
)
journey_map = st.tuples(
    name,
    st.lists(stage, max_size=3),
    _with(
        {
            "id": ident,
            "kind": st.sampled_from(KINDS),
            "segment": text,
            "persona": text,
            "scope": text,
            "owner": text,
            "goals": text_list,
            "review": review,
            "evidence": st.lists(evidence, max_size=2),
        }
    ),
).map(lambda t: JourneyMap.model_validate({"jmap": 1, "title": t[0], "stages": t[1], **t[2]}))
