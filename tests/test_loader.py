"""One load path: each file is read, parsed and validated once, and every command sees the same map."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jmap import formats, loader
from jmap.cli import app
from jmap.errors import SourceError
from jmap.lint.core import LintOptions, lint
from jmap.loader import load_file, load_map
from jmap.report import build_portfolio
from tests.conftest import GOOD_MAP, TODAY, run_jmap, write

runner = CliRunner()

BAD = """\
jmap: 1
title: Bad
stages:
  - id: onboarding
    name: Onboarding
    owner: CS
    touchpoints:
      - id: Bad_ID
        name: Kickoff
        owner: CSM
        pain_points:
          - text: slow
            opportunity: {fix: faster, impact: high}
      - just a string
      - id: welcome
        name: Welcome
"""


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    return write(tmp_path, "bad.yaml", BAD)


def test_invalid_items_are_known_and_left_out_of_the_usable_model(bad: Path) -> None:
    loaded = load_file(bad)
    assert [(i.code, i.location.line, i.location.column) for i in loaded.issues] == [
        ("JM002", 8, 9),
        ("JM002", 14, 9),
    ]
    assert loaded.invalid == {("stages", 0, "touchpoints", 0), ("stages", 0, "touchpoints", 1)}
    usable = loaded.usable_model()
    assert [t.id for *_, t in usable.touchpoints()] == ["welcome"]
    assert loaded.model is not None
    assert [t.id for *_, t in loaded.model.touchpoints()] == ["jmap-invalid-0", "jmap-broken-0", "welcome"]


def test_report_counts_only_what_is_in_the_file(bad: Path) -> None:
    p = build_portfolio([bad], LintOptions())
    (row,) = p.maps
    assert (row.stages, row.touchpoints, row.owned_share, row.open_opportunities, row.invalid_items) == (
        1,
        1,
        0.0,
        0,
        2,
    )
    assert p.opportunities == []
    assert all("jmap-" not in o.touchpoint for o in p.opportunities)
    assert [(o.owner, o.touchpoints) for o in p.owners] == [("CS", 0)]


def test_report_json_and_text_say_how_many_items_were_invalid(bad: Path) -> None:
    res = runner.invoke(app, ["report", str(bad), "-f", "json", "--today", TODAY])
    (row,) = json.loads(res.stdout)["maps"]
    assert (row["touchpoints"], row["owned_share"], row["open_opportunities"], row["invalid_items"]) == (1, 0.0, 0, 2)
    text = runner.invoke(app, ["report", str(bad), "--today", TODAY, "--width", "60"]).stdout
    assert "  2 invalid items left out\n" in text
    assert "1 stage, 1 touchpoint, 0% owned" in text
    assert "jmap-invalid" not in text and "jmap-broken" not in text


def test_render_shows_the_same_map_and_says_what_it_left_out(bad: Path) -> None:
    res = run_jmap("render", str(bad), "--width", "80", "--today", TODAY)
    assert res.returncode == 0
    assert "1 stage · 1 touchpoint · 0 open opportunities" in res.stdout
    assert "jmap-invalid" not in res.stdout and "(broken)" not in res.stdout
    assert res.stderr == f"jmap: warning: {bad}: 2 problems, 2 invalid items left out; run 'jmap lint {bad}'\n"


def test_lint_and_export_name_the_same_faults(bad: Path, tmp_path: Path) -> None:
    result = lint([bad], LintOptions(select=("JM0",)))
    assert [(f.code, f.line) for f in result.findings] == [("JM002", 8), ("JM002", 14)]
    with pytest.raises(SourceError) as exc:
        load_map(bad, strict=True)
    assert str(exc.value).startswith(f"{bad}:8:9: JM002 id of touchpoint 'Kickoff'")
    assert str(exc.value).endswith(f"(and 1 more problem; run 'jmap lint {bad}')")


@pytest.mark.parametrize("command", ["lint", "report"])
def test_each_file_is_read_and_parsed_once(
    bad: Path, command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: dict[str, int] = {"read": 0, "parse": 0, "validate": 0}

    def counting(name: str, real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    import jmap.lint.core
    import jmap.report

    monkeypatch.setattr(jmap.lint.core, "read_bytes", counting("read", formats.read_bytes))
    monkeypatch.setattr(jmap.report, "read_bytes", counting("read", formats.read_bytes))
    monkeypatch.setattr(loader, "parse", counting("parse", formats.parse))
    monkeypatch.setattr(loader, "build_model", counting("validate", loader.build_model))
    write(tmp_path, "good.yaml", GOOD_MAP)
    res = runner.invoke(app, [command, str(tmp_path), "--today", TODAY])
    assert res.exit_code in (0, 1), res.output
    assert calls == {"read": 2, "parse": 2, "validate": 2}
