"""The YAML writer: golden output, round trip over the whole model, and the quoting policy."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jmap.formats.yaml.reader import read_yaml
from jmap.formats.yaml.writer import SCHEMA_COMMENT, dump, is_ambiguous, is_plain_safe, to_yaml
from jmap.model import JourneyMap
from tests.formats.strategies import TRICKY, journey_map, nested
from tests.formats.util import check_golden, read_back, small_map

FORMAT_MD_ORDER = {
    "map": ["jmap", "id", "title", "kind", "segment", "persona", "scope", "owner", "goals", "review", "evidence",
            "stages"],
    "stage": ["id", "name", "phase", "owner", "customer_goal", "mindset", "red_flags", "metrics", "touchpoints"],
    "touchpoint": ["id", "name", "channel", "owner", "action", "customer_goal", "thoughts", "emotion",
                   "moment_of_truth", "playbook", "pain_points"],
}  # fmt: skip


def test_golden() -> None:
    check_golden("small.out.yaml", to_yaml(small_map()))


def test_golden_reads_back_equal() -> None:
    m = small_map()
    assert read_back(to_yaml(m)) == m


def test_schema_comment_first_and_block_style() -> None:
    text = to_yaml(small_map())
    assert text.splitlines()[0] == SCHEMA_COMMENT
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "  - id: onboarding\n    name: Onboarding\n" in text
    assert "{" not in text.replace("{}", "") or "x-team:\n  lead: Ana" in text


def test_field_order_is_format_md() -> None:
    data = yaml.safe_load(to_yaml(small_map()))
    assert [k for k in data if not k.startswith("x-")] == [k for k in FORMAT_MD_ORDER["map"] if k in data]
    assert list(data)[-1] == "x-team"
    stage = data["stages"][0]
    assert list(stage) == [k for k in FORMAT_MD_ORDER["stage"] if k in stage]
    tp = stage["touchpoints"][0]
    assert [k for k in tp if not k.startswith("x-")] == [k for k in FORMAT_MD_ORDER["touchpoint"] if k in tp]
    assert list(tp)[-1] == "x-duration"


def test_empty_fields_left_out_and_shorthand_used() -> None:
    m = JourneyMap.model_validate(
        {"jmap": 1, "title": "T", "stages": [{"id": "a", "name": "A", "touchpoints": [
            {"id": "t", "name": "T", "pain_points": ["Only text", {"text": "With fix", "opportunity": {}}]}
        ]}]}
    )  # fmt: skip
    text = to_yaml(m)
    assert "null" not in text and "[]" not in text
    assert "- Only text\n" in text
    assert "- With fix\n" in text, "an empty opportunity is no opportunity"
    assert read_back(text) == m


def test_no_stages_is_an_empty_list() -> None:
    m = JourneyMap.model_validate({"jmap": 1, "title": "T", "stages": []})
    assert "stages: []\n" in to_yaml(m)
    assert read_back(to_yaml(m)) == m


def test_dates_are_plain_iso_dates() -> None:
    text = to_yaml(small_map())
    assert "  last_reviewed: 2026-08-14\n" in text
    assert yaml.safe_load(text)["review"]["last_reviewed"] == date(2026, 8, 14)


def test_multiline_text_is_a_literal_block() -> None:
    text = to_yaml(small_map())
    assert "    customer_goal: |-\n      Go live in 30 days\n      with SSO | SCIM\n" in text
    assert "thoughts: |-\n          Multi-line\n            indented second line\n          third\n" in text


def test_unicode_kept_unescaped() -> None:
    text = to_yaml(small_map())
    assert "Mid-market (50–500 seats)" in text and "Zürich" in text


@pytest.mark.parametrize(
    "text",
    ["yes", "Yes", "NO", "on", "Off", "y", "N", "true", "False", "null", "Null", "~", "010", "0o17", "0x1F",
     "0b101", "1_000", "1:30", "190:20:30", "1e3", "1.5", ".5", "1.2.3", ".", "+1", "-1", ".inf", "-.Inf", ".NaN",
     "2026-01-01", "2026-1-1", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "<<", "="],
)  # fmt: skip
def test_words_and_numbers_a_reader_could_misread_are_quoted(text: str) -> None:
    assert is_ambiguous(text)
    assert not is_plain_safe(text)
    out = dump({"k": text})
    assert yaml.safe_load(out) == {"k": text}
    assert read_yaml("x.yaml", out.encode()).data == {"k": text}


@pytest.mark.parametrize(
    "text", ["Kickoff call", "6 months", "1st call", "2FA setup", "100%", "CS Ops", "a:b", "a#b", "é", "x-y", "v2"]
)
def test_ordinary_text_stays_plain(text: str) -> None:
    assert is_plain_safe(text)
    assert dump({"k": text}) == f"k: {text}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b", "'a: b'"),
        ("it's", "it's"),
        ("'quoted'", "'''quoted'''"),
        ("tab\there", '"tab\\there"'),
        ("nul\x00", '"nul\\0"'),
        ("\u200bzero width", '"\\u200Bzero width"'),
        ("line\u2028sep", '"line\\u2028sep"'),
        ("a\n", '"a\\n"'),
        ("trailing \nspace", '"trailing \\nspace"'),
        (" lead", "' lead'"),
        ("", "''"),
    ],
)
def test_quoting_style(text: str, expected: str) -> None:
    assert dump({"k": text}) == f"k: {expected}\n"


def test_long_keys_use_the_explicit_form() -> None:
    data = {"x-" + "k" * 1200: {"a": 1}, "x-" + "q" * 1100: "v"}
    out = dump(data)
    assert "? x-kkk" in out
    assert yaml.safe_load(out) == data
    assert read_yaml("x.yaml", out.encode()).data == data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journey_map)
def test_round_trip_over_the_whole_model(m: JourneyMap) -> None:
    assert read_back(to_yaml(m)) == m


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(TRICKY) | st.text(max_size=10), nested, max_size=4))
def test_any_plain_data_reads_the_same_in_yaml_1_1(data: dict[str, object]) -> None:
    """PyYAML resolves by YAML 1.1 (yes/no, octal 010, sexagesimal 1:30, timestamps): nothing may change."""
    assert yaml.safe_load(dump(data)) == data
