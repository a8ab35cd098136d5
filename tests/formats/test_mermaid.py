"""The Mermaid writer, checked against a model of Mermaid's own journey parser.

``parse_journey`` follows mermaid-js: ``preprocessDiagram`` drops ``%%`` comment
lines, ``encodeEntities`` turns ``#58;`` codes into placeholders, the Jison
lexer of ``journey.jison`` tokenises (first matching rule wins), ``journeyDb``
splits task data, and ``decodeEntities`` plus the browser's entity decoding
give the text a reader sees.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings

from jmap.formats.mermaid import NEUTRAL_SCORE, safe, to_mermaid
from jmap.model import JourneyMap
from tests.formats.strategies import journey_map
from tests.formats.util import check_golden, small_map

_LEX = [
    (re.compile(r"%%(?!\{)[^\n]*"), None),
    (re.compile(r"[^}]%%[^\n]*"), None),
    (re.compile(r"\n+"), "NEWLINE"),
    (re.compile(r"\s+"), None),
    (re.compile(r"#[^\n]*"), None),
    (re.compile(r"journey", re.I), "journey"),
    (re.compile(r"title\s[^#\n;]+", re.I), "title"),
    (re.compile(r"accTitle\s*:\s*", re.I), "acc_title"),
    (re.compile(r"accDescr\s*[:{]", re.I), "acc_descr"),
    (re.compile(r"section\s[^#:\n;]+", re.I), "section"),
    (re.compile(r"[^#:\n;]+"), "taskName"),
    (re.compile(r":[^#\n;]+"), "taskData"),
    (re.compile(r":"), ":"),
    (re.compile(r"."), "INVALID"),
]


@dataclass
class Journey:
    title: str = ""
    sections: list[str] = field(default_factory=list)
    tasks: list[tuple[str, str, float, list[str]]] = field(default_factory=list)


def _seen(text: str) -> str:
    text = text.replace("ﬂ°°", "&#").replace("ﬂ°", "&").replace("¶ß", ";")
    return html.unescape(text)


def parse_journey(source: str) -> Journey:
    text = re.sub(r"^\s*%%(?!\{)[^\n]+\n?", "", source, flags=re.M).lstrip()
    text = re.sub(r"style.*:\S*#.*;", lambda mo: mo.group()[:-1], text)
    text = re.sub(r"classDef.*:\S*#.*;", lambda mo: mo.group()[:-1], text)
    text = re.sub(
        r"#[A-Za-z0-9_]+;",
        lambda mo: ("ﬂ°°" if re.fullmatch(r"\+?\d+", mo.group()[1:-1]) else "ﬂ°") + mo.group()[1:-1] + "¶ß",
        text,
    )
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        for rule, kind in _LEX:
            mo = rule.match(text, pos)
            if mo:
                if kind:
                    tokens.append((kind, mo.group()))
                pos = mo.end()
                break
    assert tokens and tokens[0][0] == "journey", tokens[:3]
    out = Journey()
    current = ""
    i = 1
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "NEWLINE":
            i += 1
        elif kind == "title":
            out.title = _seen(value[6:])
            i += 1
        elif kind == "section":
            current = _seen(value[8:])
            out.sections.append(current)
            i += 1
        elif kind == "taskName":
            assert tokens[i + 1][0] == "taskData", (tokens[i], tokens[i + 1])
            pieces = tokens[i + 1][1][1:].split(":")
            people = [p.strip() for p in pieces[1].split(",")] if len(pieces) > 1 else []
            out.tasks.append((current, _seen(value), float(pieces[0]), [_seen(p) for p in people]))
            i += 2
        else:
            raise AssertionError(f"unexpected token {kind} {value!r}")
    return out


def _shown(text: str) -> str:
    """What the diagram shows for a model text: one line, single spaces, no control characters."""
    return " ".join(re.sub("[\x00-\x1f\x7f-\x9f]", "", " ".join(text.split())).split())


def test_golden() -> None:
    check_golden("small.out.mmd", to_mermaid(small_map()))


def test_small_map_as_mermaid_reads_it() -> None:
    m = small_map()
    j = parse_journey(to_mermaid(m))
    assert j.title == "Renewal: the #1 risk | Q3"
    assert j.sections == ["Onboarding", "Adoption", "Renewal #1"]
    assert j.tasks == [
        ("Onboarding", "Kickoff call: agenda; roles", 2, ["CSM"]),
        ("Onboarding", "Title transfer", NEUTRAL_SCORE, []),
        ("Renewal #1", "QBR, yearly", 5, ["CSM, AE"]),
    ]


def test_keywords_at_the_start_of_a_task_are_defused() -> None:
    m = JourneyMap.model_validate(
        {"jmap": 1, "title": "T", "stages": [{"id": "s", "name": "S", "touchpoints": [
            {"id": f"t{i}", "name": name, "emotion": -2}
            for i, name in enumerate(["journey review", "Title deeds", "section 2", "accTitle: x", "accDescr {"])
        ]}]}
    )  # fmt: skip
    j = parse_journey(to_mermaid(m))
    assert [t[1] for t in j.tasks] == ["journey review", "Title deeds", "section 2", "accTitle: x", "accDescr {"]
    assert {t[2] for t in j.tasks} == {1}


def test_safe_text_is_one_line_without_grammar_characters() -> None:
    text = safe("a:b;c#d%%e\nf\r\ng\u2028h\x01i, j")
    assert "\n" not in text and ":" not in text.replace("#58;", "")
    assert text == "a#58;b#59;c#35;d#37;#37;e f g hi, j"
    assert safe("x, y", actor=True) == "x#44; y"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_map)
def test_mermaid_reads_every_map_as_written(m: JourneyMap) -> None:
    j = parse_journey(to_mermaid(m))
    assert j.title == (_shown(m.title) or m.id or "Journey")
    assert j.sections == [_shown(s.name) or s.id for s in m.stages]
    expected = [
        (_shown(s.name) or s.id, _shown(tp.name) or tp.id, NEUTRAL_SCORE if tp.emotion is None else tp.emotion + 3,
         [_shown(tp.owner)] if tp.owner and _shown(tp.owner) else [])
        for _, s, _, tp in m.touchpoints()
    ]  # fmt: skip
    assert j.tasks == expected
