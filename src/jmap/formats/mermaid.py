"""Write a map as a Mermaid ``journey`` diagram: one section per stage, one task per touchpoint.

A task is ``Name: score: Owner`` with score = emotion + 3 (1 very negative to 5
very positive); a touchpoint without an emotion gets 3, the neutral middle,
so the curve is not broken. The actor is the touchpoint's owner, the person a
reader would ask about the step; a touchpoint without an owner has no actor
(jmap does not invent one; ``jmap lint`` reports it). Opportunity owners are
left out: Mermaid draws actors as people taking part in the step, which they
are not.

What Mermaid's journey grammar cannot hold is made safe:

* ``#`` (comment), ``:`` (separates name, score and actors), ``;`` (ends a
  statement), ``%`` (``%%`` comment), ``,`` in an actor (separates actors),
  ``<``, ``>`` and ``&`` are written as Mermaid entity codes (``#58;``), which Mermaid
  decodes before drawing, so readers see the character as written (so are
  ``ﬂ`` and ``¶``, which Mermaid uses inside its own entity placeholders);
* line breaks and other white space runs become one space; other control
  characters are dropped (SVG text cannot hold them), and a name left empty
  by that falls back to the id;
* a task name beginning with a keyword of the grammar (``journey``,
  ``title``, ``section``, ``accTitle``, ``accDescr``) gets its first letter as
  an entity code, so the line stays a task.
"""

from __future__ import annotations

import re
from typing import Final

from jmap.model import JourneyMap, Touchpoint

NEUTRAL_SCORE: Final = 3
INDENT: Final = "    "
MAX_TEXT_SIZE: Final = 50_000
"""Mermaid's default ``maxTextSize``: longer diagrams are not drawn unless the renderer raises it."""

_ENTITIES: Final = {ch: f"#{ord(ch)};" for ch in "#:;%,<>&ﬂ¶"}
_UNSAFE: Final = re.compile("[#:;%<>&ﬂ¶]")
_UNSAFE_ACTOR: Final = re.compile("[#:;%,<>&ﬂ¶]")
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")
_KEYWORD: Final = re.compile(r"(?:journey|title|section|acctitle|accdescr)", re.IGNORECASE)


def to_mermaid(m: JourneyMap) -> str:
    lines = [
        "journey",
        f"{INDENT}%% score = emotion + 3 (3 when no emotion is given); actor = touchpoint owner",
        f"{INDENT}title {safe(m.title) or safe(m.id) or 'Journey'}",
    ]
    for stage in m.stages:
        lines.append(f"{INDENT}section {safe(stage.name) or stage.id}")
        lines += [f"{INDENT * 2}{task(tp)}" for tp in stage.touchpoints]
    return "\n".join(lines) + "\n"


def score(tp: Touchpoint) -> int:
    return NEUTRAL_SCORE if tp.emotion is None else tp.emotion + 3


def task(tp: Touchpoint) -> str:
    name = safe(tp.name) or tp.id
    if _KEYWORD.match(name):
        name = f"#{ord(name[0])};{name[1:]}"
    line = f"{name}: {score(tp)}"
    actor = safe(tp.owner, actor=True)
    return f"{line}: {actor}" if actor else line


def safe(text: str | None, *, actor: bool = False) -> str:
    """Text that Mermaid's journey grammar reads back as the same words, on one line (an actor: without commas)."""
    if not text:
        return ""
    text = " ".join(_CONTROL.sub("", " ".join(text.split())).split())
    return (_UNSAFE_ACTOR if actor else _UNSAFE).sub(lambda mo: _ENTITIES[mo.group()], text)
