from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from tests.conftest import TODAY, run_jmap
from tests.render.helpers import SAMPLE

STAGE_IDS = "onboarding, adoption, expansion, renewal, advocacy"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No config file of the repository or the user applies; colour settings come from each test."""
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "JMAP_DEBUG"):
        monkeypatch.delenv(name, raising=False)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["render", *args])
    return result.exit_code, result.stdout, result.stderr


def test_renders_a_map_with_lint_findings() -> None:
    code, out, _ = invoke(str(SAMPLE), "--today", TODAY, "--width", "100")
    assert code == 0
    assert "Mid-market post-sale journey" in out and "Emotion curve" in out
    assert "OVERDUE by 36 days" in out


def test_unknown_stage_is_exit_2_naming_the_stages() -> None:
    code, out, err = invoke(str(SAMPLE), "--stage", "churn", "--today", TODAY)
    assert code == 2
    assert out == ""
    assert "'churn'" in err and STAGE_IDS in err
    assert len(err.strip().splitlines()) == 1


def test_stage_limits_every_view() -> None:
    for view in ("grid", "stages", "opportunities"):
        code, out, _ = invoke(str(SAMPLE), "--view", view, "--stage", "renewal", "--today", TODAY, "--width", "160")
        assert code == 0
        assert "Renewal notice" in out
        assert "Kickoff call" not in out and "Case study interview" not in out


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("jmap: 1\ntitle: Broken\nstages:\n  - id: a\n    name: [unclosed\n", ":5:11: JM001"),
        ("- a list\n- not a map\n", ":1:1: JM002"),
        ("jmap: 1\ntitle: \udcff\n", ":2:8: JM001"),
    ],
    ids=["bad-yaml", "not-a-map", "not-utf8"],
)
def test_unreadable_map_is_exit_2_with_position_and_no_traceback(tmp_path: Path, text: str, where: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(text.encode("utf-8", "surrogateescape"))
    proc = run_jmap("render", str(bad), "--today", TODAY, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    line = proc.stderr.strip()
    assert len(line.splitlines()) == 1 and str(bad) + where in line, line


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml: no such file" in err


@pytest.mark.parametrize(
    "args",
    [
        ["--view", "matrix"],
        ["--width", "20"],
        ["--today", "25/11/2026"],
    ],
)
def test_bad_options_are_exit_2(args: list[str]) -> None:
    code, _, _ = invoke(str(SAMPLE), *args)
    assert code == 2


def test_pipe_has_no_escape_codes(tmp_path: Path) -> None:
    proc = run_jmap("render", str(SAMPLE), "--today", TODAY, cwd=tmp_path)
    assert proc.returncode == 0
    assert "\x1b" not in proc.stdout and "Emotion curve" in proc.stdout


def test_no_color_wins_over_a_forced_terminal(tmp_path: Path) -> None:
    coloured = run_jmap("render", str(SAMPLE), "--today", TODAY, cwd=tmp_path, env={"FORCE_COLOR": "1"})
    assert "\x1b[" in coloured.stdout
    plain = run_jmap("render", str(SAMPLE), "--today", TODAY, cwd=tmp_path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.returncode == 0
    assert "\x1b" not in plain.stdout and "Emotion curve" in plain.stdout


def test_output_has_no_cursor_movement(tmp_path: Path) -> None:
    proc = run_jmap("render", str(SAMPLE), "--today", TODAY, cwd=tmp_path, env={"FORCE_COLOR": "1"})
    for code in ("\x1b[?25", "\x1b[2K", "\x1b[1A", "\r"):
        assert code not in proc.stdout


def test_svg_and_html_are_written(tmp_path: Path) -> None:
    svg, html = tmp_path / "map.svg", tmp_path / "map.html"
    svg.write_text("old", encoding="utf-8")
    code, out, err = invoke(
        str(SAMPLE), "--view", "opportunities", "--svg", str(svg), "--html", str(html), "--today", TODAY
    )
    assert code == 0
    assert "Opportunities" in out
    picture = svg.read_text(encoding="utf-8")
    assert picture.startswith("<svg") and "Opportunities" in picture and "#" in picture
    assert "jmap render sample.yaml --view opportunities".replace(" ", "&#160;") in picture
    page = html.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>") and "Carry the deal notes" in page
    assert f"wrote {svg}" in err and f"wrote {html}" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html", "map.svg"]
    assert err.splitlines()[:2] == [
        "jmap: note: --svg is now -o FILE.svg; --svg will be removed in the next release",
        "jmap: note: --html is now -o FILE.html; --html will be removed in the next release",
    ]


@pytest.mark.parametrize(("name", "args", "start"), [("map.svg", [], "<svg"), ("map.htm", [], "<!DOCTYPE html>"),
                                                     ("picture", ["-f", "html"], "<!DOCTYPE html>")])  # fmt: skip
def test_output_saves_the_picture_its_extension_or_format_names(
    tmp_path: Path, name: str, args: list[str], start: str
) -> None:
    code, out, err = invoke(str(SAMPLE), "--width", "100", "-o", str(tmp_path / name), *args, "--today", TODAY)
    assert code == 0
    assert err == f"jmap: wrote {tmp_path / name}\n"
    assert "Kickoff call" in out
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_output_without_a_picture_extension_or_format_is_refused(tmp_path: Path) -> None:
    code, out, err = invoke(str(SAMPLE), "-o", str(tmp_path / "map.txt"), "--today", TODAY)
    assert (code, out) == (2, "")
    assert err == (
        f"jmap: error: {tmp_path / 'map.txt'}: cannot tell the picture format from the extension; "
        "use .svg or .html, or -f svg|html\n"
    )
    assert invoke(str(SAMPLE), "-f", "svg")[0] == 2


@pytest.mark.parametrize("target", ["missing-folder/map.svg", "."])
def test_unwritable_picture_is_exit_2_before_any_output(tmp_path: Path, target: str) -> None:
    proc = run_jmap("render", str(SAMPLE), "-o", str(tmp_path / target), "-f", "svg", "--today", TODAY, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("jmap: error: ")


def test_config_option_names_the_config_to_use(tmp_path: Path) -> None:
    config = tmp_path / "elsewhere" / "review.toml"
    config.parent.mkdir()
    config.write_text(f'today = "{TODAY}"\n', encoding="utf-8")
    code, out, _ = invoke(str(SAMPLE), "--config", str(config), "--width", "100")
    assert code == 0
    assert "OVERDUE by 36 days" in out
    config.write_text("todya = 1\n", encoding="utf-8")
    code, out, err = invoke(str(SAMPLE), "--config", str(config))
    assert (code, out) == (2, "")
    assert "unknown key 'todya' (did you mean 'today'?)" in err
