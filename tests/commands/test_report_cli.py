from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from tests.conftest import REPO, TODAY, run_jmap, write
from tests.test_report import EXPECTED, MARKDOWN, SMB, portfolio_folder

runner = CliRunner()

TEXT_100 = """\
Journey map portfolio
3 maps, 1 unreadable, 1 overdue for review, 3 open opportunities (as of 2026-11-25)

Maps
                                   Touch-                          Open          Warn-
Map                        Stages  points  Owned  Reviewed         opps  Errors   ings
──────────────────────────────────────────────────────────────────────────────────────
enterprise-post-sale            2       3    67%  2026-08-14          2       1      1
Enterprise post-sale                              due in 81 days
journey
PORTFOLIO/enterprise.yaml
smb                             1       1   100%  2026-03-01          1       1      1
SMB onboarding                                    overdue by 85
PORTFOLIO/smb.yaml                                days

Owners
                 Touch-  Open
Owner            points  opps  Maps
────────────────────────────────────────────────────────
CSM                   2     0  enterprise-post-sale, smb
Product               1     1  smb
Sales Ops             0     2  enterprise-post-sale
CS Operations         0     0  enterprise-post-sale
Onboarding team       0     0  enterprise-post-sale

Open opportunities, by priority
   Priority
   impact
#  status         Fix                      Where                      Owner      Target
────────────────────────────────────────────────────────────────────────────────────────────────────
1  3.0            Send the renewal quote   enterprise-post-sale       Sales Ops  —
   high           90 days ahead            Renewal › Renewal call
   low effort
   in-progress
2  1.2            Carry the deal notes     enterprise-post-sale       Sales Ops  90% of kickoffs
   high           into the kickoff brief   Onboarding › Kickoff call             cite the notes
   medium effort
   open
3  0.4            Cut the wizard to three  smb                        Product    80% finish in one
   low            steps                    Onboarding › Setup wizard             sitting
   no status

Metrics, current against target
off track Gross revenue retention: 92% (target 95%, off track)
          enterprise-post-sale › Renewal
on track  Renewal quotes late: 8% (target 10%, on track)
          enterprise-post-sale › Renewal

Unreadable maps
  PORTFOLIO/broken.yaml:2:8: JM001 invalid YAML: did not find expected ',' or ']' (while parsing a
  flow sequence that starts here)
"""

TEXT_64 = """\
Journey map portfolio
3 maps, 1 unreadable, 1 overdue for review, 3 open opportunities
(as of 2026-11-25)

Maps
enterprise-post-sale
  Enterprise post-sale journey
  PORTFOLIO/enterprise.yaml
  2 stages, 3 touchpoints, 67% owned
  reviewed 2026-08-14, due in 81 days
  2 open opportunities, 1 error, 1 warning
smb
  SMB onboarding
  PORTFOLIO/smb.yaml
  1 stage, 1 touchpoint, 100% owned
  reviewed 2026-03-01, overdue by 85 days
  1 open opportunity, 1 error, 1 warning

Owners
CSM
  2 touchpoints, 0 open opportunities
  enterprise-post-sale, smb
Product
  1 touchpoint, 1 open opportunity
  smb
Sales Ops
  0 touchpoints, 2 open opportunities
  enterprise-post-sale
CS Operations
  0 touchpoints, 0 open opportunities
  enterprise-post-sale
Onboarding team
  0 touchpoints, 0 open opportunities
  enterprise-post-sale

Open opportunities, by priority
1. Send the renewal quote 90 days ahead
   priority 3.0 · high · low effort · in-progress
   enterprise-post-sale › Renewal › Renewal call
   owner Sales Ops · target —
2. Carry the deal notes into the kickoff brief
   priority 1.2 · high · medium effort · open
   enterprise-post-sale › Onboarding › Kickoff call
   owner Sales Ops · target 90% of kickoffs cite the notes
3. Cut the wizard to three steps
   priority 0.4 · low · no status
   smb › Onboarding › Setup wizard
   owner Product · target 80% finish in one sitting

Metrics, current against target
off track Gross revenue retention: 92% (target 95%, off track)
          enterprise-post-sale › Renewal
on track  Renewal quotes late: 8% (target 10%, on track)
          enterprise-post-sale › Renewal

Unreadable maps
  PORTFOLIO/broken.yaml:2:8: JM001 invalid YAML: did not find
  expected ',' or ']' (while parsing a flow sequence that starts
  here)
"""


@pytest.fixture
def portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    portfolio_folder(tmp_path)
    return tmp_path


def test_json_on_stdout_unreadable_on_stderr(portfolio: Path) -> None:
    res = run_jmap("report", "PORTFOLIO", "--format", "json", "--today", TODAY, cwd=portfolio)
    assert res.returncode == 0
    assert json.loads(res.stdout) == EXPECTED
    assert res.stderr.splitlines() == [
        "jmap: PORTFOLIO/broken.yaml:2:8: JM001 invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts here) (unreadable, left out of the report)"
    ]


def test_markdown_golden(portfolio: Path) -> None:
    res = runner.invoke(app, ["report", "PORTFOLIO", "-f", "md", "--today", TODAY])
    assert res.exit_code == 0
    assert res.stdout == MARKDOWN


@pytest.mark.parametrize(("width", "golden"), [(100, TEXT_100), (64, TEXT_64)])
def test_text_golden(portfolio: Path, width: int, golden: str) -> None:
    res = runner.invoke(app, ["report", "PORTFOLIO", "--today", TODAY, "--width", str(width)])
    assert res.exit_code == 0
    assert res.stdout == golden
    assert max(len(line) for line in res.stdout.splitlines()) <= width


@pytest.mark.parametrize(("fmt", "width"), [("text", "100"), ("json", "100"), ("md", "100")])
def test_output_writes_the_report_that_stdout_would_show(portfolio: Path, fmt: str, width: str) -> None:
    args = ["report", "PORTFOLIO", "-f", fmt, "--today", TODAY, "--width", width]
    shown = run_jmap(*args, cwd=portfolio)
    (portfolio / "out").mkdir()
    saved = run_jmap(*args, "-o", "out/report", cwd=portfolio)
    assert (saved.returncode, saved.stdout, saved.stderr) == (0, "", shown.stderr)
    assert (portfolio / "out" / "report").read_bytes() == shown.stdout.encode()
    assert len(shown.stdout.splitlines()) > 5


@pytest.mark.parametrize("width", [40, 50, 72, 80, 90, 120, 200])
def test_text_fits_every_width_and_loses_nothing(portfolio: Path, width: int) -> None:
    res = runner.invoke(app, ["report", "PORTFOLIO", "--today", TODAY, "--width", str(width)])
    assert res.exit_code == 0
    assert max(len(line) for line in res.stdout.splitlines()) <= width
    flat = " ".join(res.stdout.split())
    for needle in ("enterprise-post-sale", "SMB onboarding", "overdue by 85", "Sales Ops", "Onboarding team"):
        assert needle in flat.replace("- ", "-"), (width, needle)


def _whole_or_broken_at_a_break(word: str, tokens: set[str]) -> bool:
    """``word`` is shown whole, or in pieces that each end after / - _ . (how long paths and ids break)."""
    from jmap.util.text import BREAK_AFTER

    if word in tokens:
        return True
    return any(
        word[:i] in tokens and _whole_or_broken_at_a_break(word[i:], tokens)
        for i in range(1, len(word))
        if word[i - 1] in BREAK_AFTER
    )


@pytest.mark.parametrize("width", range(40, 141, 5))
def test_no_word_is_ever_cut_at_any_width(width: int) -> None:
    from jmap.lint.config import Config
    from jmap.lint.core import LintOptions
    from jmap.report import build_portfolio

    examples = REPO / "examples"
    p = build_portfolio([examples], LintOptions(config=Config(root=REPO), today=date(2026, 11, 25)))
    res = runner.invoke(app, ["report", str(examples), "--today", TODAY, "--width", str(width)])
    assert res.exit_code == 0
    assert max(len(line) for line in res.stdout.splitlines()) <= width
    tokens = set(re.split(r"[\s,]+", res.stdout))
    texts = [m.id for m in p.maps] + [m.path for m in p.maps] + [m.title for m in p.maps]
    texts += [o.owner for o in p.owners] + [m for o in p.owners for m in o.maps]
    texts += [
        t or "" for o in p.opportunities for t in (o.fix, o.target, o.owner, o.map, o.stage_name, o.touchpoint_name)
    ]
    cut = sorted({w for t in texts for w in re.split(r"[\s,]+", t) if w and not _whole_or_broken_at_a_break(w, tokens)})
    assert cut == [], (width, cut)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 140])
def test_long_texts_wrap_and_are_never_cut(width: int) -> None:
    from jmap.lint.config import Config
    from jmap.lint.core import LintOptions
    from jmap.report import build_portfolio

    examples = REPO / "examples"
    p = build_portfolio([examples], LintOptions(config=Config(root=REPO), today=date(2026, 11, 25)))
    assert p.opportunities
    res = runner.invoke(app, ["report", str(examples), "--today", TODAY, "--width", str(width)])
    assert res.exit_code == 0
    assert "…" not in res.stdout
    assert max(len(line) for line in res.stdout.splitlines()) <= width
    words = set(res.stdout.split())
    for o in p.opportunities:
        for text in (o.fix, o.target, o.stage_name, o.touchpoint_name):
            assert set((text or "").split()) <= words, (width, text)
    for m in p.maps:
        assert set(m.title.split()) <= words


def test_colour_only_when_asked_and_no_color_wins(portfolio: Path) -> None:
    plain = run_jmap("report", "PORTFOLIO", "--today", TODAY, "--width", "100", cwd=portfolio)
    assert "\x1b[" not in plain.stdout
    forced = run_jmap(
        "report", "PORTFOLIO", "--today", TODAY, "--width", "100", cwd=portfolio, env={"FORCE_COLOR": "1"}
    )
    assert "\x1b[" in forced.stdout
    both = run_jmap("report", "PORTFOLIO", "--today", TODAY, cwd=portfolio, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in both.stdout


def test_many_files_in_a_pipe_no_progress_and_same_order(tmp_path: Path) -> None:
    for i in range(40):
        write(tmp_path, f"maps/m{i:02d}.yaml", SMB.replace("title: SMB onboarding", f"title: Map {i}"))
    res = run_jmap("report", "maps", "-f", "json", "--today", TODAY, cwd=tmp_path, env={"CI": ""})
    assert res.returncode == 0
    assert res.stderr == ""
    assert [m["title"] for m in json.loads(res.stdout)["maps"]] == [f"Map {i}" for i in range(40)]


def test_maps_with_errors_still_exit_0(portfolio: Path) -> None:
    assert runner.invoke(app, ["report", "PORTFOLIO/broken.yaml", "--today", TODAY]).exit_code == 0


def test_default_is_the_current_folder(portfolio: Path) -> None:
    res = runner.invoke(app, ["report", "-f", "json", "--today", TODAY])
    assert res.exit_code == 0
    assert [m["id"] for m in json.loads(res.stdout)["maps"]] == ["enterprise-post-sale", "smb"]


def test_config_option(portfolio: Path) -> None:
    cfg = write(portfolio, "conf/strict.toml", 'review_every = "1 month"\n')
    res = runner.invoke(app, ["report", "PORTFOLIO", "-f", "json", "--today", TODAY, "--config", str(cfg)])
    assert res.exit_code == 0
    due = [m["review_due"] for m in json.loads(res.stdout)["maps"]]
    assert due == ["2027-02-14", "2026-04-01"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["missing"], "missing: no such file or folder"),
        (["PORTFOLIO", "--today", "soon"], "--today 'soon' is not a date"),
        (["PORTFOLIO", "--format", "xml"], "'xml' is not one of"),
        (["PORTFOLIO", "--config", "nope.toml"], "nope.toml: config file not found"),
        (["PORTFOLIO", "--width", "10"], "greater than or equal to 40"),
    ],
)
def test_usage_errors_exit_2(portfolio: Path, args: list[str], fragment: str) -> None:
    res = run_jmap("report", *args, cwd=portfolio)
    assert res.returncode == 2
    assert fragment in res.stderr
    assert "Traceback" not in res.stderr
    assert res.stdout == ""


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        (
            " + ".join(["impact"] * 3000),
            "priority: the formula (26,997 characters) is longer than 1,000 characters; a priority formula is short",
        ),
        (
            "impact * 1e308 * 1e308",
            "priority: 'impact * 1e308 * 1e308' gives a number too large to rank by for "
            "{'impact': 3, 'effort': 1, 'confidence': 1.0, 'value': 3}",
        ),
    ],
)
def test_a_priority_formula_that_cannot_rank_is_one_line_not_a_crash_or_infinity(
    tmp_path: Path, formula: str, message: str
) -> None:
    (tmp_path / "jmap.toml").write_text(f'[priority]\nformula = "{formula}"\n', encoding="utf-8")
    (tmp_path / "m.yaml").write_bytes((REPO / "examples" / "b2b-saas.yaml").read_bytes())
    res = run_jmap("report", "m.yaml", "-f", "json", "--config", "jmap.toml", cwd=tmp_path)
    assert (res.returncode, res.stdout) == (2, "")
    assert res.stderr == f"jmap: error: jmap.toml: {message}\n"
