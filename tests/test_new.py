from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from jmap.errors import ConfigError, ExportError
from jmap.lint.core import LintOptions, lint
from jmap.loader import load_map
from jmap.model import Evidence, JourneyMap, Opportunity, PainPoint, Review, Stage, Touchpoint
from jmap.new import TEMPLATES, NewMapOptions, build_map, map_yaml, scalar, write_new
from jmap.schema import SCHEMA_ID

TODAY = date(2026, 11, 25)
STAGES = {
    "post-sale": ["onboarding", "adoption", "expansion", "renewal", "advocacy"],
    "lifecycle": ["awareness", "consideration", "purchase", "retention", "advocacy"],
    "success": ["awareness", "purchase", "onboarding", "adoption", "expansion", "advocacy"],
}
TOUCHPOINTS = {"post-sale": 5, "lifecycle": 6, "success": 6}


def fill_in_codes(template: str, *, owner: bool, segment: bool) -> Counter[str]:
    """The findings a new map is meant to have: one per thing only the user can supply."""
    stages, touchpoints = len(STAGES[template]), TOUCHPOINTS[template]
    codes = Counter({"JM101": touchpoints, "JM104": stages, "JM402": touchpoints, "JM601": 1})
    if not owner:
        codes["JM103"] = 1
    if not segment:
        codes["JM602"] = 1
    return codes


def findings_of(path: Path) -> Counter[str]:
    result = lint([path], LintOptions(today=TODAY))
    return Counter(f.code for f in result.findings)


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_reads_back_with_only_fill_in_findings(tmp_path: Path, template: str, suffix: str) -> None:
    model = build_map(NewMapOptions(today=TODAY, template=template, id="starter"))
    target = tmp_path / f"starter{suffix}"
    write_new(model, target, template)

    loaded = load_map(target, strict=True)
    assert loaded.issues == []
    assert loaded.model.model_dump() == model.model_dump()
    assert [s.id for s in loaded.model.stages] == STAGES[template]
    assert loaded.model.review is not None and loaded.model.review.last_reviewed == TODAY
    assert findings_of(target) == fill_in_codes(template, owner=False, segment=False)


@pytest.mark.parametrize("template", TEMPLATES)
def test_owner_and_segment_given_leave_only_the_team_work(tmp_path: Path, template: str) -> None:
    options = NewMapOptions(today=TODAY, template=template, id="x", segment="Enterprise", owner="CS Operations")
    target = tmp_path / "x.yaml"
    write_new(build_map(options), target, template)
    assert findings_of(target) == fill_in_codes(template, owner=True, segment=True)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_stage_has_guidance_and_one_example_touchpoint(template: str) -> None:
    model = build_map(NewMapOptions(today=TODAY, template=template))
    for stage in model.stages:
        assert stage.customer_goal and stage.mindset and stage.red_flags and stage.metrics, stage.id
        assert stage.phase in ("pre-sale", "post-sale")
        assert stage.owner is None
        assert stage.touchpoints, stage.id
        for tp in stage.touchpoints:
            assert tp.channel and tp.action and tp.customer_goal, tp.id
            assert tp.owner is None and tp.thoughts is None and tp.emotion is None
            assert tp.pain_points == []
    assert model.evidence == []


def test_yaml_starts_with_schema_line_and_names_every_field_of_the_format() -> None:
    text = map_yaml(build_map(NewMapOptions(today=TODAY)))
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_ID}"
    keys = set(re.findall(r"^[\s#-]*([a-z_]+):", text, re.MULTILINE))
    for model in (JourneyMap, Review, Evidence, Stage, Touchpoint, PainPoint, Opportunity):
        missing = set(model.model_fields) - keys
        assert not missing, f"{model.__name__}: {missing}"


def test_every_field_line_of_the_first_stage_and_touchpoint_is_commented() -> None:
    lines = map_yaml(build_map(NewMapOptions(today=TODAY))).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("stages:"))
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("- id: adoption"))
    for i in range(start, end):
        line = lines[i]
        if re.match(r"^\s*(- )?[a-z_]+:", line):
            above = lines[i - 1].strip()
            assert "#" in line or above.startswith("#"), line


def test_fill_in_comments_mark_each_empty_owner() -> None:
    text = map_yaml(build_map(NewMapOptions(today=TODAY)))
    empty_owners = re.findall(r"^\s*owner:\s+# fill in: .+$", text, re.MULTILINE)
    assert len(empty_owners) == 1 + 5 + 5


@pytest.mark.parametrize(
    "value",
    ["Enterprise (500+ seats)", "Ops: EMEA", "# not a comment", "- dash", "yes", "123", "2026-01-01", 'say "hi"',
     "trailing: ", "null", "a #b", "Ünïcode – ok", "{braces}", "*star", "@handle", "it's fine"],
)  # fmt: skip
def test_user_text_round_trips_through_the_yaml(tmp_path: Path, value: str) -> None:
    options = NewMapOptions(today=TODAY, id="q", title=value, segment=value, owner=value)
    target = tmp_path / "q.yaml"
    write_new(build_map(options), target)
    m = load_map(target, strict=True).model
    assert (m.title, m.segment, m.owner) == (value.strip(), value.strip(), value.strip())


def test_scalar_quotes_only_when_needed() -> None:
    assert scalar("Kickoff call") == "Kickoff call"
    assert scalar("6 months") == "6 months"
    assert scalar("yes") == '"yes"'
    assert scalar("a: b") == '"a: b"'
    assert scalar(None) == ""
    assert scalar(False) == "false"
    assert scalar(TODAY) == "2026-11-25"


def test_bad_id_is_refused() -> None:
    with pytest.raises(ConfigError, match="not a valid id"):
        build_map(NewMapOptions(today=TODAY, id="Enterprise Map"))


def test_unknown_template_is_refused() -> None:
    with pytest.raises(ConfigError, match="post-sale, lifecycle, success"):
        build_map(NewMapOptions(today=TODAY, template="b2c"))


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_never_overwrites_and_leaves_no_temporary_file(tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"map{suffix}"
    target.write_bytes(b"precious")
    with pytest.raises(ExportError, match="already exists"):
        write_new(build_map(NewMapOptions(today=TODAY)), target)
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_file_appearing_while_writing_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jmap.new as new_mod

    target = tmp_path / "race.yaml"
    real = new_mod.map_yaml

    def slow_render(model: JourneyMap, template: str = "post-sale") -> str:
        target.write_text("someone else's map\n", encoding="utf-8")
        return real(model, template)

    monkeypatch.setattr(new_mod, "map_yaml", slow_render)
    with pytest.raises(ExportError, match="already exists"):
        write_new(build_map(NewMapOptions(today=TODAY)), target)
    assert target.read_text(encoding="utf-8") == "someone else's map\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.yaml"]


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        write_new(build_map(NewMapOptions(today=TODAY)), tmp_path / "nope" / "map.yaml")


def test_templates_on_disk_are_the_offered_ones() -> None:
    from importlib import resources

    from jmap.commands.new import Template

    files = sorted(
        p.name.removesuffix(".yaml")
        for p in resources.files("jmap").joinpath("templates").iterdir()
        if p.name.endswith(".yaml")
    )
    assert files == sorted(TEMPLATES) == sorted(t.value for t in Template)
