"""Maps that stress the pictures: a wide one, a hostile one, and the examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from jmap.model import JourneyMap

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("**/*.yaml"))
TODAY = "2026-12-01"

LONG_WORD = "Supercalifragilisticexpialidocious-" * 4 + "https://example.invalid/a/very/long/path?with=query&and=more"
MARKUP = '<script>alert("x")</script><img src="https://example.invalid/x.png" onerror="alert(1)">]]>&amp;'
RTL = "הלקוח מחכה לתשובה כבר שבוע · العميل ينتظر الرد منذ أسبوع"
EMOJI = "Kickoff 🎉👩‍👩‍👧‍👦🇩🇪 went 👍🏽 fine"


def wide_map(n: int = 60) -> dict[str, Any]:
    """``n`` touchpoints over six stages; every fourth has no emotion, every third a pain point."""
    stages: list[dict[str, Any]] = []
    for s in range(6):
        stages.append({"id": f"stage-{s}", "name": f"Stage {s}", "owner": f"Team {s}", "touchpoints": []})
    for i in range(n):
        tp: dict[str, Any] = {
            "id": f"tp-{i}",
            "name": f"Touchpoint number {i}",
            "channel": "email",
            "owner": "CSM",
            "action": "Reads the message and replies",
            "thoughts": "Fine so far",
        }
        if i % 4 != 3:
            tp["emotion"] = (i % 5) - 2
        if i % 7 == 0:
            tp["moment_of_truth"] = True
        if i % 3 == 0:
            pain: dict[str, Any] = {"text": f"Pain at step {i}"}
            if i % 2 == 0:
                pain["opportunity"] = {"fix": f"Fix step {i}", "owner": "Ops", "impact": "high", "status": "open"}
            tp["pain_points"] = [pain]
        stages[i * 6 // n]["touchpoints"].append(tp)
    return {
        "jmap": 1,
        "id": "wide",
        "title": f"Wide map with {n} touchpoints",
        "owner": "CS Ops",
        "review": {"last_reviewed": "2026-01-01", "every": "6 months"},
        "stages": stages,
    }


def hostile_map() -> dict[str, Any]:
    """Very long names, markup, right-to-left text, emoji, control characters, gaps in the emotion."""
    return {
        "jmap": 1,
        "id": "hostile",
        "title": f"Hostile {MARKUP} {RTL}",
        "segment": EMOJI,
        "owner": "Ops\x07Bell",
        "stages": [
            {
                "id": "one",
                "name": "A stage name that goes on and on " * 5 + LONG_WORD,
                "customer_goal": MARKUP,
                "touchpoints": [
                    {
                        "id": "long",
                        "name": LONG_WORD + " " + "word " * 40,
                        "channel": MARKUP,
                        "owner": RTL,
                        "action": EMOJI * 3,
                        "thoughts": RTL + " " + MARKUP,
                        "emotion": -2,
                        "moment_of_truth": True,
                        "pain_points": [
                            {"text": MARKUP + " " + LONG_WORD},
                            {"text": RTL, "opportunity": {"fix": EMOJI, "owner": MARKUP, "target": LONG_WORD}},
                        ],
                    },
                    {"id": "blank", "name": "No emotion here"},
                    {"id": "rtl", "name": RTL + "\x1b[31m red", "emotion": 2, "thoughts": EMOJI},
                ],
            },
            {"id": "empty", "name": "Stage without\x00 touchpoints"},
            {
                "id": "two",
                "name": "🎯",
                "touchpoints": [{"id": "e", "name": "👩‍👩‍👧‍👦" * 12, "emotion": 0, "pain_points": ["x" * 300]}],
            },
        ],
    }


def model(data: dict[str, Any]) -> JourneyMap:
    return JourneyMap.model_validate(data)


def write_map(folder: Path, name: str, data: dict[str, Any]) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
