"""The shipped vocabulary (labels.toml): consistent, six languages, extended by a team's own labels."""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from jmap.importing.vocabulary import LAYER_NAMES, VocabularyError, build_vocabulary, shipped

LANGUAGES = ("en", "de", "es", "fr", "pt", "nl")


def _data() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(files("jmap.importing").joinpath("labels.toml").read_text(encoding="utf-8"))


def test_every_layer_has_labels_in_six_languages_and_no_label_names_two_layers() -> None:
    data = _data()
    assert set(data["layers"]) == set(LAYER_NAMES)
    for layer, languages in data["layers"].items():
        assert set(LANGUAGES) <= set(languages), layer
    build_vocabulary(data)


def test_a_label_naming_two_layers_is_refused() -> None:
    data = _data()
    data["layers"]["owner"]["en"].append("Pain points")
    with pytest.raises(VocabularyError, match="names both pain_points and owner"):
        build_vocabulary(data)


@pytest.mark.parametrize(
    ("label", "layer"),
    [
        ("Pain points", "pain_points"), ("pain point", "pain_points"), ("PAIN-POINTS:", "pain_points"),
        ("Touchpoint", "touchpoints"), ("Touch points", "touchpoints"), ("Owners", "owner"),
        ("Main channel", "channel"), ("Customer goals (why)", "customer_goal"),
    ],
)  # fmt: skip
def test_singular_plural_case_punctuation_and_leading_words(label: str, layer: str) -> None:
    assert shipped().layer_of(label) == layer


def test_placeholders_noise_and_team_labels() -> None:
    vocab = shipped()
    assert [vocab.is_placeholder(t) for t in ("TBD", "n/a", "\u2014", "-", "?", "\u2022", "k. A.", "Done")] == [
        True, True, True, True, True, True, True, False,
    ]  # fmt: skip
    assert [vocab.noise_of(t) for t in ("Total", "Gesamt", "Legend: 1 = bad", "Notizen", "Onboarding")] == [
        "totals", "totals", "notes", "notes", None,
    ]  # fmt: skip
    team = vocab.extended({"pain_points": ("Stolpersteine",), "touchpoints": ("Moment",)})
    assert team.layer_of("Stolpersteine") == "pain_points" and vocab.layer_of("Stolpersteine") is None
    assert team.layer_of("Moment") == "touchpoints" and vocab.layer_of("Moment") == "step"
