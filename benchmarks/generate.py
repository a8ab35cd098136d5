"""Generate large journey maps and a portfolio of small ones for benchmarking.

    python benchmarks/generate.py OUTDIR

writes OUTDIR/small.yaml (25 touchpoints: the one file a pre-commit hook
sees), OUTDIR/medium.yaml (800 touchpoints), OUTDIR/large.yaml (20,000
touchpoints) and OUTDIR/portfolio/ (500 maps of 5 stages x 4 touchpoints).
The content is deterministic (seeded), realistic in shape and lint-relevant:
some touchpoints lack owners, some pain points lack fixes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

STAGES = ["Onboarding", "Adoption", "Expansion", "Renewal", "Advocacy"]
CHANNELS = ["email", "call", "meeting", "in-app", "self-serve", "web", "chat", "support", "community", "event"]
OWNERS = ["CSM", "Onboarding team", "Support", "Product", "Sales Ops", "Marketing", "Solutions engineer"]
WORDS = [
    "customer",
    "account",
    "admin",
    "team",
    "report",
    "dashboard",
    "invoice",
    "contract",
    "rollout",
    "training",
    "integration",
    "workspace",
    "license",
    "usage",
    "champion",
    "renewal",
    "budget",
    "security",
    "review",
    "data",
    "import",
    "export",
    "milestone",
    "health",
    "score",
    "adoption",
    "feature",
    "release",
    "webinar",
    "ticket",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def map_yaml(map_id: str, touchpoints: int, stages: int, rng: random.Random) -> str:
    out = [
        "# yaml-language-server: $schema=../schemas/journey-map.schema.json",
        "jmap: 1",
        f"id: {map_id}",
        f"title: {quote('Generated journey ' + map_id)}",
        "kind: current-state",
        "segment: Mid-market (50-500 seats)",
        "persona: Operations lead",
        "owner: CS Operations",
        "goals:",
        "  - Cut time-to-first-value to 30 days",
        "review:",
        "  last_reviewed: 2026-08-14",
        "  every: 6 months",
        "evidence:",
        "  - type: interview",
        "    source: Eight customer interviews, July 2026",
        "    date: 2026-07-30",
        "stages:",
    ]
    per_stage = [touchpoints // stages + (1 if i < touchpoints % stages else 0) for i in range(stages)]
    n = 0
    for s in range(stages):
        name = STAGES[s % len(STAGES)] + ("" if s < len(STAGES) else f" {s // len(STAGES) + 1}")
        sid = name.lower().replace(" ", "-")
        out += [
            f"  - id: {sid}",
            f"    name: {name}",
            f"    owner: {rng.choice(OWNERS)}",
            f"    customer_goal: {quote(sentence(rng, 6))}",
            f"    mindset: {quote(sentence(rng, 5))}",
            "    red_flags:",
            f"      - {quote(sentence(rng, 4))}",
            "    metrics: [time-to-first-value, weekly-active-users]",
            "    touchpoints:",
        ]
        for _ in range(per_stage[s]):
            n += 1
            out += [
                f"      - id: tp-{n}",
                f"        name: {quote(sentence(rng, 3))}",
                f"        channel: {rng.choice(CHANNELS)}",
            ]
            if rng.random() > 0.05:
                out.append(f"        owner: {rng.choice(OWNERS)}")
            out += [
                f"        action: {quote(sentence(rng, 9))}",
                f"        customer_goal: {quote(sentence(rng, 6))}",
                f"        thoughts: {quote(sentence(rng, 8))}",
                f"        emotion: {rng.randint(-2, 2)}",
            ]
            if rng.random() < 0.1:
                out += ["        moment_of_truth: true", f"        playbook: https://wiki.example.com/playbooks/tp-{n}"]
            out.append("        pain_points:")
            out += [
                f"          - text: {quote(sentence(rng, 7))}",
                "            opportunity:",
                f"              fix: {quote(sentence(rng, 6))}",
                f"              owner: {rng.choice(OWNERS)}",
                f"              target: {quote(sentence(rng, 5))}",
                f"              impact: {rng.choice(['high', 'medium', 'low'])}",
                f"              status: {rng.choice(['idea', 'open', 'in-progress', 'shipped'])}",
            ]
            if rng.random() < 0.3:
                out.append(f"          - {quote(sentence(rng, 6))}")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[0])
    (root / "portfolio").mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261125)
    (root / "medium.yaml").write_text(map_yaml("medium", 800, 5, rng), encoding="utf-8")
    (root / "large.yaml").write_text(map_yaml("large", 20_000, 10, rng), encoding="utf-8")
    for i in range(500):
        (root / "portfolio" / f"map-{i:03d}.yaml").write_text(map_yaml(f"map-{i:03d}", 20, 5, rng), encoding="utf-8")
    (root / "small.yaml").write_text(map_yaml("small", 25, 5, rng), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
