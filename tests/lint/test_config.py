from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jmap.errors import ConfigError
from jmap.findings import Severity
from jmap.lint.config import find_config, load_config
from tests.conftest import write


def test_lookup_order_and_upward_search(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    write(tmp_path, "pyproject.toml", "[tool.jmap]\ndue_soon_days = 3\n")
    assert find_config(deep) == tmp_path / "pyproject.toml"
    write(tmp_path / "a", ".jmap.toml", "due_soon_days = 4\n")
    assert find_config(deep) == tmp_path / "a" / ".jmap.toml"
    write(tmp_path / "a", "jmap.toml", "due_soon_days = 5\n")
    assert find_config(deep) == tmp_path / "a" / "jmap.toml"
    assert load_config(start=deep).due_soon_days == 5


def test_pyproject_without_tool_jmap_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path, "jmap.toml", "due_soon_days = 9\n")
    sub = tmp_path / "pkg"
    write(sub, "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(sub) == tmp_path / "jmap.toml"


def test_every_key_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "jmap.toml",
        """\
        select = ["JM"]
        ignore = ["JM405", "stage-without-red-flags"]
        fail_on = "warning"
        exclude = ["drafts/**"]
        today = "2026-11-23"
        review_every = "quarterly"
        due_soon_days = 7
        max_stage_ratio = 2.5
        pre_sale_stages = ["Awareness", "Trial"]
        owners = ["CSM", "Support"]

        [severity]
        JM302 = "error"
        touchpoint-without-channel = "warning"

        [per_file_ignores]
        "legacy/*.yaml" = ["JM2"]
        """,
    )
    c = load_config(path)
    assert c.select == ("JM",)
    assert c.ignore == ("JM405", "stage-without-red-flags")
    assert c.fail_on == "warning"
    assert c.exclude == ("drafts/**",)
    assert c.today == date(2026, 11, 23)
    assert c.review_every == "quarterly"
    assert c.due_soon_days == 7
    assert c.max_stage_ratio == 2.5
    assert c.pre_sale_stages == ("awareness", "trial")
    assert c.owners == ("CSM", "Support")
    assert c.severity == (("JM302", Severity.ERROR), ("JM405", Severity.WARNING))
    assert c.per_file_ignores == (("legacy/*.yaml", ("JM2",)),)
    assert c.root == tmp_path.resolve()


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("selct = ['JM1']\n", "unknown key 'selct' (did you mean 'select'?)"),
        ("select = ['JM999']\n", "select: 'JM999' names no rule"),
        ("ignore = 'touchpoint-without-ownr'\n", "did you mean 'touchpoint-without-owner'?"),
        ("fail_on = 'fatal'\n", "fail_on: 'fatal' is not one of error, warning, info, never"),
        ("today = 'tomorrow'\n", "today: 'tomorrow' is not a date"),
        ("review_every = 'sometimes'\n", "review_every: 'sometimes' is not a cadence"),
        ("due_soon_days = -1\n", "due_soon_days: must be a whole number"),
        ("max_stage_ratio = 'x'\n", "max_stage_ratio: must be a number"),
        ("[severity]\nJM001 = 'info'\n", "JM001 is a structure rule and cannot be changed"),
        ("[severity]\nJM101 = 'fatal'\n", "severity.JM101: unknown severity 'fatal'"),
        ("[severity]\nJM777 = 'info'\n", "severity.JM777: no rule has this code or name"),
        ("[per_file_ignores]\n'a/*' = ['nope']\n", "per_file_ignores.'a/*': 'nope' names no rule"),
        ("owners = [1, 2]\n", "owners: must be a list of strings"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, body: str, fragment: str) -> None:
    path = write(tmp_path, "jmap.toml", body)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(str(path))
    assert fragment in str(err.value)


def test_missing_explicit_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml")


def test_a_mistyped_rule_option_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "jmap.toml", "max_stage_ration = 2.0\n")
    with pytest.raises(ConfigError, match=r"unknown key 'max_stage_ration' \(did you mean 'max_stage_ratio'\?\)"):
        load_config(path)


def test_rule_options_come_from_the_registry_with_the_config_defaults() -> None:
    import dataclasses

    from jmap.lint.config import Config, config_options
    from jmap.rules import RuleSettings, all_rules

    declared = {o.name: o for r in all_rules() for o in r.options}
    assert set(declared) == {
        "review_every",
        "due_soon_days",
        "max_stage_ratio",
        "pre_sale_stages",
        "owners",
        "dip_emotion",
    }
    defaults = Config()
    settings = {f.name for f in dataclasses.fields(RuleSettings)}
    for name, option in declared.items():
        assert getattr(defaults, name) == option.default, name
        assert name in settings, name
        assert config_options()[name] is option


def test_jmap_rules_code_lists_the_rules_options() -> None:
    from jmap.rules.doc import explain

    text = explain("JM302") or ""
    assert text.endswith(
        "Options (top-level keys of jmap.toml; default shown):\n"
        "  max_stage_ratio = 3.0  # How many times more touchpoints the fullest stage may hold than the emptiest."
    )
    assert "Options" not in (explain("JM101") or "")


def test_import_labels_are_read_and_checked(tmp_path: Path) -> None:
    from jmap.lint.config import parse_config

    config = parse_config({"import": {"labels": {"pain_points": ["Stolpersteine"], "owner": "Wer"}}}, tmp_path)
    assert config.import_labels == (("pain_points", ("Stolpersteine",)), ("owner", ("Wer",)))
    for table, message in [
        ({"label": {}}, "import.label: unknown key (did you mean 'labels'?); [import] takes labels"),
        ({"labels": {"pain_point": ["x"]}}, "import.labels.pain_point: no such layer (did you mean 'pain_points'?)"),
        ({"labels": {"owner": [1]}}, "import.labels.owner: must be a list of labels"),
    ]:
        with pytest.raises(ConfigError) as err:
            parse_config({"import": table}, tmp_path / "jmap.toml")
        assert str(err.value) == f"{tmp_path / 'jmap.toml'}: {message}"
