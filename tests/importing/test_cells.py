"""Cell splitting, owners after fixes, layer names and the emotion table."""

from __future__ import annotations

import pytest

from jmap.importing.cells import emotion_of, layer_of, split_items, trailing_owners


@pytest.mark.parametrize(
    ("label", "layer"),
    [
        ("Actions", "actions"), ("CUSTOMER ACTIONS", "actions"), ("Doing", "actions"),
        ("Touchpoints", "touchpoints"), ("channels", "channel"), ("Where", "channel"),
        ("Thoughts and feelings", "thoughts"), ("Thoughts & Feelings", "thoughts"), ("Feelings:", "feelings"),
        ("Feeling", "feelings"),
        ("Emotions", "emotion"), ("Mood", "emotion"), ("sentiment", "emotion"),
        ("Pain points", "pain_points"), ("Friction", "pain_points"), ("Problems", "pain_points"),
        ("Opportunities (owner)", "opportunities"), ("Fixes", "opportunities"), ("Ideas", "opportunities"),
        ("Owner", "owner"), ("Stage owner", "owner"), ("Customer goal", "customer_goal"), ("Goals", "customer_goal"),
        ("KPIs", "metrics"), ("Metrics", "metrics"), ("Moments of delight", None), ("Consideration", None),
        ("Frustrations", "pain_points"), ("Biggest pain points", "pain_points"), ("Who owns it", "owner"),
        ("Customer emotion (1-5)", "emotion"), ("Fix owner", "fix_owner"), ("Step", "step"), ("Stage", "stage"),
        ("Onboarding team", None), ("Renewal risk", None),
        ("Kanäle", "channel"), ("Schmerzpunkte", "pain_points"), ("Maßnahmen", "opportunities"),
        ("Massnahmen", "opportunities"), ("Verantwortlich", "owner"), ("Puntos de dolor", "pain_points"),
        ("Oportunidades", "opportunities"), ("Points de contact", "touchpoints"), ("Émotion", "emotion"),
        ("Pontos de dor", "pain_points"), ("Melhorias", "opportunities"), ("Pijnpunten", "pain_points"),
        ("Kanaal", "channel"),
    ],
)  # fmt: skip
def test_layer_names_as_people_write_them(label: str, layer: str | None) -> None:
    assert layer_of(label) == layer


@pytest.mark.parametrize(
    ("text", "commas", "items", "how"),
    [
        ("• Signs up\n• Imports a sample", False, ["Signs up", "Imports a sample"], "line breaks"),
        ("- one\n- two\n\n- three", False, ["one", "two", "three"], "line breaks"),
        ("* one\n* two", False, ["one", "two"], "line breaks"),
        ("1. one\n2) two", False, ["one", "two"], "line breaks"),
        ("Chooses a plan; pays by card", False, ["Chooses a plan", "pays by card"], "semicolons"),
        ("Website, sales call, review sites", True, ["Website", "sales call", "review sites"], "commas"),
        ("Website, sales call, review sites", False, ["Website, sales call, review sites"], None),
        (
            "We read the whole contract with our lawyers, every clause of it twice over and slowly",
            True,
            ["We read the whole contract with our lawyers, every clause of it twice over and slowly"],
            None,
        ),
        ("Fix it (Onboarding; Billing)", False, ["Fix it (Onboarding; Billing)"], None),
        ('"Why; really?"', False, ['"Why; really?"'], None),
        ("quote-to-invoice", True, ["quote-to-invoice"], None),
    ],
)
def test_split_items(text: str, commas: bool, items: list[str], how: str | None) -> None:
    assert split_items(text, commas=commas) == (items, how)


@pytest.mark.parametrize(
    ("text", "fix", "owners"),
    [
        ("Publish prices (Marketing)", "Publish prices", ["Marketing"]),
        ("match the invoice (Onboarding, Billing)", "match the invoice", ["Onboarding", "Billing"]),
        ("Send invites from our domain (Owner: Engineering)", "Send invites from our domain", ["Engineering"]),
        ("Send invites from our domain. Owner: Engineering", "Send invites from our domain.", ["Engineering"]),
        ("Put the button on the sample \u2014 Product", "Put the button on the sample", ["Product"]),
        ("Rewrite the guide -- Support", "Rewrite the guide", ["Support"]),
        ("Use quote-to-invoice checks", "Use quote-to-invoice checks", []),
    ],
)  # fmt: skip
def test_trailing_owners(text: str, fix: str, owners: list[str]) -> None:
    assert trailing_owners(text) == (fix, owners)


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("-2", -2), ("+1", 1), ("\u22121", -1), ("0", 0), ("2.0", 2),
        ("frustrated", -2), ("Very negative", -2), ("worried", -1), ("Neutral", 0), ("OK", 0),
        ("happy", 1), ("Delighted", 2), ("😡", -2), ("🙁", -1), ("😐", 0), ("🙂", 1), ("😍", 2),
        ("a bit worried about the price", -1), ("3", None), ("purple", None),
    ],
)  # fmt: skip
def test_emotion_table(text: str, score: int | None) -> None:
    assert emotion_of(text)[0] == score
