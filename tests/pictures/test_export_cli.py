"""``jmap export MAP -o map.svg|png|html`` and its picture options, through Typer and a real process."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from jmap.errors import ExportError
from jmap.export import export
from jmap.pictures.options import PictureOptions
from tests.conftest import run_jmap
from tests.pictures.maps import EXAMPLES, TODAY

runner = CliRunner()
ENTERPRISE = str(next(p for p in EXAMPLES if p.stem == "enterprise-post-sale"))


@pytest.mark.parametrize(
    ("name", "start"), [("map.svg", b"<?xml"), ("map.html", b"<!DOCTYPE html>"), ("map.png", b"\x89PNG")]
)
def test_export_writes_each_picture(tmp_path: Path, name: str, start: bytes) -> None:
    out = tmp_path / name
    res = runner.invoke(app, ["export", ENTERPRISE, "-o", str(out), "--today", TODAY])
    assert res.exit_code == 0, res.output
    assert res.output == f"wrote {out} ({Path(name).suffix[1:]}, 5 stages, 22 touchpoints)\n"
    assert out.read_bytes().startswith(start)


def test_options_reach_the_picture(tmp_path: Path) -> None:
    out = tmp_path / "renewal.html"
    res = runner.invoke(
        app,
        ["export", ENTERPRISE, "-o", str(out), "--theme", "dark", "--stage", "renewal",
         "--lanes", "touchpoints,emotion,opportunities", "--today", "2027-03-01"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert '<body class="dark">' in html
    assert html.count('<section class="stage"') == 1
    assert "Showing: stage Renewal only" in html
    assert "Review overdue by 15 days (due 2027-02-14)" in html
    assert "Customer action" not in html


def test_scale_sets_the_png_size(tmp_path: Path) -> None:
    one, two = tmp_path / "one.png", tmp_path / "two.png"
    for out, scale in ((one, "1"), (two, "2")):
        res = runner.invoke(app, ["export", ENTERPRISE, "-o", str(out), "--stage", "onboarding", "--scale", scale])
        assert res.exit_code == 0, res.output
    w1, h1 = struct.unpack(">II", one.read_bytes()[16:24])
    w2, h2 = struct.unpack(">II", two.read_bytes()[16:24])
    assert (w2, h2) == (2 * w1, 2 * h1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.yaml", "--theme", "dark"], "--theme is for pictures (svg, png, html, pptx), not yaml"),
        (["-o", "x.json", "--stage", "renewal"], "--stage is for pictures (svg, png, html, pptx), not json"),
        (["-o", "x.svg", "--scale", "2"], "--scale is for PNG only; svg scales without loss"),
        (["-o", "x.svg", "--lanes", "emotion,feelings"],
         "--lanes: unknown lane 'feelings'; the lanes are: touchpoints, actions, goals, thoughts, emotion, "
         "pain-points, opportunities"),
        (["-o", "x.png", "--stage", "nope"],
         "--stage 'nope': no such stage in this map; the stages are: onboarding, adoption, expansion, renewal, "
         "advocacy"),
        (["-o", "x.png", "--scale", "9"], "--scale 9: use a number above 0 and up to 8"),
        (["-o", "x.svg", "--today", "soon"], "--today 'soon' is not a date (YYYY-MM-DD)"),
    ],
)  # fmt: skip
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    proc = run_jmap("export", ENTERPRISE, *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == f"jmap: error: {message}\n"
    assert list(tmp_path.iterdir()) == []


def test_theme_choices_are_checked_by_the_parser(tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", ENTERPRISE, "-o", str(tmp_path / "x.svg"), "--theme", "blue"])
    assert res.exit_code == 2
    assert "'blue' is not one of 'light', 'dark'" in res.output


def test_svg_to_stdout_in_a_real_process(tmp_path: Path) -> None:
    proc = run_jmap("export", ENTERPRISE, "-o", "-", "-f", "svg", "--today", TODAY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert proc.stderr == "wrote <stdout> (svg, 5 stages, 22 touchpoints)\n"


class _Pipe(io.BytesIO):
    def isatty(self) -> bool:
        return False


def test_png_goes_to_a_pipe_and_picture_options_are_refused_for_other_formats(tmp_path: Path) -> None:
    stream = _Pipe()
    result = export(Path(ENTERPRISE), None, "png", stdout=stream, picture=PictureOptions(stage="renewal", scale=1))
    assert result.format == "png"
    assert stream.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    assert result.size == len(stream.getvalue())
    with pytest.raises(ExportError, match="--theme, --stage, --lanes, --scale and --today are for pictures"):
        export(Path(ENTERPRISE), tmp_path / "x.json", picture=PictureOptions())
    assert list(tmp_path.iterdir()) == []


def test_config_option_gives_pictures_the_review_cadence(tmp_path: Path) -> None:
    from tests.conftest import GOOD_MAP

    (tmp_path / "map.yaml").write_text(GOOD_MAP.replace("  every: 6 months\n", ""), encoding="utf-8")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "monthly.toml").write_text('review_every = "1 month"\n', encoding="utf-8")
    args = ["export", "map.yaml", "-o", "-", "-f", "html", "--today", TODAY]
    default = run_jmap(*args, cwd=tmp_path)
    monthly = run_jmap(*args, "--config", "conf/monthly.toml", cwd=tmp_path)
    assert (default.returncode, monthly.returncode) == (0, 0)
    assert "Reviewed 2026-10-01, every 6 months" in default.stdout
    assert "Review overdue by 30 days (due 2026-11-01)" in monthly.stdout
    missing = run_jmap(*args, "--config", "conf/none.toml", cwd=tmp_path)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == "jmap: error: conf/none.toml: config file not found\n"
