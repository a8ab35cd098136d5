from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from jmap.errors import SourceError
from jmap.lint.config import load_config
from jmap.lint.core import LintOptions
from jmap.report import build_portfolio, portfolio_dict, portfolio_json, portfolio_markdown
from tests.conftest import write

TODAY = date(2026, 11, 25)

ENTERPRISE = """\
jmap: 1
id: enterprise-post-sale
title: Enterprise post-sale journey
segment: Enterprise
owner: CS Operations
review:
  last_reviewed: 2026-08-14
  every: 6 months
evidence:
  - type: interview
    source: Eight interviews
stages:
  - id: onboarding
    name: Onboarding
    owner: Onboarding team
    customer_goal: Get live
    red_flags: [Missed milestones]
    touchpoints:
      - id: kickoff-call
        name: Kickoff call
        channel: call
        owner: CSM
        emotion: -1
        pain_points:
          - text: Handoff drops the deal notes
            opportunity:
              fix: Carry the deal notes into the kickoff brief
              owner: Sales Ops
              target: 90% of kickoffs cite the notes
              impact: high
              status: open
          - text: No go-live date
            opportunity:
              fix: Agree a go-live date in the kickoff
              owner: CSM
              target: Every kickoff ends with a date
              impact: medium
              status: shipped
      - id: welcome-email
        name: Welcome email
        channel: email
        emotion: 1
  - id: renewal
    name: Renewal
    owner: CSM
    customer_goal: Renew without surprises
    red_flags: [Champion left]
    touchpoints:
      - id: renewal-call
        name: Renewal call
        channel: call
        owner: csm
        emotion: 0
        pain_points:
          - text: Price surprise
            opportunity:
              fix: Send the renewal quote 90 days ahead
              owner: Sales Ops
              impact: high
              status: in-progress
"""

SMB = """\
jmap: 1
title: SMB onboarding
persona: Office manager
owner: CSM
review:
  last_reviewed: 2026-03-01
stages:
  - id: onboarding
    name: Onboarding
    owner: CSM
    customer_goal: Set up in a day
    red_flags: [No login in week one]
    touchpoints:
      - id: setup-wizard
        name: Setup wizard
        channel: in-app
        owner: Product
        thoughts: "Where do I start?"
        pain_points:
          - text: Too many steps
            opportunity:
              fix: Cut the wizard to three steps
              owner: Product
              target: 80% finish in one sitting
              impact: low
"""

BROKEN = "jmap: 1\ntitle: [broken\n"

EXPECTED = {
    "maps": [
        {
            "id": "enterprise-post-sale",
            "title": "Enterprise post-sale journey",
            "path": "PORTFOLIO/enterprise.yaml",
            "stages": 2,
            "touchpoints": 3,
            "owned_share": 0.67,
            "last_reviewed": "2026-08-14",
            "review_due": "2027-02-14",
            "days_since_review": 103,
            "review_overdue": False,
            "open_opportunities": 2,
            "errors": 1,
            "warnings": 1,
            "invalid_items": 0,
        },
        {
            "id": "smb",
            "title": "SMB onboarding",
            "path": "PORTFOLIO/smb.yaml",
            "stages": 1,
            "touchpoints": 1,
            "owned_share": 1.0,
            "last_reviewed": "2026-03-01",
            "review_due": "2026-09-01",
            "days_since_review": 269,
            "review_overdue": True,
            "open_opportunities": 1,
            "errors": 1,
            "warnings": 1,
            "invalid_items": 0,
        },
    ],
    "owners": [
        {"owner": "CSM", "touchpoints": 2, "open_opportunities": 0, "maps": ["enterprise-post-sale", "smb"]},
        {"owner": "Product", "touchpoints": 1, "open_opportunities": 1, "maps": ["smb"]},
        {"owner": "Sales Ops", "touchpoints": 0, "open_opportunities": 2, "maps": ["enterprise-post-sale"]},
        {"owner": "CS Operations", "touchpoints": 0, "open_opportunities": 0, "maps": ["enterprise-post-sale"]},
        {"owner": "Onboarding team", "touchpoints": 0, "open_opportunities": 0, "maps": ["enterprise-post-sale"]},
    ],
    "opportunities": [
        {
            "map": "enterprise-post-sale",
            "stage": "renewal",
            "touchpoint": "renewal-call",
            "fix": "Send the renewal quote 90 days ahead",
            "owner": "Sales Ops",
            "target": None,
            "impact": "high",
            "status": "in-progress",
        },
        {
            "map": "enterprise-post-sale",
            "stage": "onboarding",
            "touchpoint": "kickoff-call",
            "fix": "Carry the deal notes into the kickoff brief",
            "owner": "Sales Ops",
            "target": "90% of kickoffs cite the notes",
            "impact": "high",
            "status": "open",
        },
        {
            "map": "smb",
            "stage": "onboarding",
            "touchpoint": "setup-wizard",
            "fix": "Cut the wizard to three steps",
            "owner": "Product",
            "target": "80% finish in one sitting",
            "impact": "low",
            "status": None,
        },
    ],
}

MAP_KEYS = [
    "id", "title", "path", "stages", "touchpoints", "owned_share", "last_reviewed", "review_due",
    "days_since_review", "review_overdue", "open_opportunities", "errors", "warnings", "invalid_items",
]  # fmt: skip

MARKDOWN = """\
# Journey map portfolio

3 maps, 1 unreadable, 1 overdue for review, 3 open opportunities (as of 2026-11-25).

## Maps

| Map | Title | Path | Stages | Touchpoints | Owned | Last reviewed | Review | Open | Errors | Warnings | Invalid |
|---|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|
| enterprise-post-sale | Enterprise post-sale journey | PORTFOLIO/enterprise.yaml | 2 | 3 | 67% | 2026-08-14 | due in 81 days | 2 | 1 | 1 | 0 |
| smb | SMB onboarding | PORTFOLIO/smb.yaml | 1 | 1 | 100% | 2026-03-01 | overdue by 85 days | 1 | 1 | 1 | 0 |

## Owners

| Owner | Touchpoints | Open opportunities | Maps |
|---|---:|---:|---|
| CSM | 2 | 0 | enterprise-post-sale, smb |
| Product | 1 | 1 | smb |
| Sales Ops | 0 | 2 | enterprise-post-sale |
| CS Operations | 0 | 0 | enterprise-post-sale |
| Onboarding team | 0 | 0 | enterprise-post-sale |

## Open opportunities

| # | Impact | Status | Fix | Map | Stage | Touchpoint | Owner | Target |
|---:|---|---|---|---|---|---|---|---|
| 1 | high | in-progress | Send the renewal quote 90 days ahead | enterprise-post-sale | Renewal | Renewal call | Sales Ops | — |
| 2 | high | open | Carry the deal notes into the kickoff brief | enterprise-post-sale | Onboarding | Kickoff call | Sales Ops | 90% of kickoffs cite the notes |
| 3 | low | — | Cut the wizard to three steps | smb | Onboarding | Setup wizard | Product | 80% finish in one sitting |

## Unreadable maps

- PORTFOLIO/broken.yaml:2:8: JM001 invalid YAML: did not find expected ',' or '\\]' (while parsing a flow sequence that starts here)
"""  # noqa: E501


def portfolio_folder(root: Path) -> Path:
    folder = root / "PORTFOLIO"
    write(folder, "enterprise.yaml", ENTERPRISE)
    write(folder, "smb.yaml", SMB)
    write(folder, "broken.yaml", BROKEN)
    write(folder, ".github/workflows/ci.yaml", "on: push\njobs: {}\n")
    write(folder, "notes.yaml", "title: not a map\n")
    return folder


@pytest.fixture
def portfolio_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    portfolio_folder(tmp_path)
    return Path("PORTFOLIO")


def options(**kw: object) -> LintOptions:
    return LintOptions(config=load_config(start=Path.cwd()), today=TODAY, **kw)  # type: ignore[arg-type]


def test_json_document_is_exactly_the_documented_one(portfolio_dir: Path) -> None:
    p = build_portfolio([portfolio_dir], options())
    doc = json.loads(portfolio_json(p))
    assert doc == EXPECTED
    assert list(doc) == ["maps", "owners", "opportunities"]
    assert all(list(m) == MAP_KEYS for m in doc["maps"])
    assert all(list(o) == ["owner", "touchpoints", "open_opportunities", "maps"] for o in doc["owners"])
    assert all(
        list(o) == ["map", "stage", "touchpoint", "fix", "owner", "target", "impact", "status"]
        for o in doc["opportunities"]
    )


def test_unreadable_map_is_listed_with_its_position_not_fatal(portfolio_dir: Path) -> None:
    p = build_portfolio([portfolio_dir], options())
    assert [(u.path, u.error.split(": JM001")[0]) for u in p.unreadable] == [
        ("PORTFOLIO/broken.yaml", "PORTFOLIO/broken.yaml:2:8")
    ]


def test_named_non_map_is_unreadable_but_folder_skips_it(portfolio_dir: Path) -> None:
    named = build_portfolio([portfolio_dir / "notes.yaml"], options())
    assert named.maps == []
    assert [u.path for u in named.unreadable] == ["PORTFOLIO/notes.yaml"]
    assert "JM002" in named.unreadable[0].error
    folder = build_portfolio([portfolio_dir], options())
    assert "PORTFOLIO/notes.yaml" not in [u.path for u in folder.unreadable]


def test_markdown(portfolio_dir: Path) -> None:
    assert portfolio_markdown(build_portfolio([portfolio_dir], options())) == MARKDOWN


def test_never_reviewed_and_empty_maps(tmp_path: Path) -> None:
    write(tmp_path, "empty.yaml", "jmap: 1\ntitle: Empty | pipe\nstages: []\n")
    p = build_portfolio([tmp_path / "empty.yaml"], options())
    (m,) = portfolio_dict(p)["maps"]
    assert (m["owned_share"], m["last_reviewed"], m["review_due"], m["days_since_review"]) == (None, None, None, None)
    assert m["review_overdue"] is True
    assert m["errors"] >= 2
    md = portfolio_markdown(p)
    assert "| Empty \\| pipe |" in md
    assert "never reviewed" in md
    assert "No owners named yet." in md and "No open opportunities." in md


def test_ranking_impact_then_status_then_journey_order(tmp_path: Path) -> None:
    rows = [
        ("a", None, "open"), ("b", "low", "idea"), ("c", "high", "idea"), ("d", "high", None),
        ("e", "medium", "in-progress"), ("f", "high", "in-progress"), ("g", "high", "idea"), ("h", "low", "dropped"),
    ]  # fmt: skip
    pains = "".join(
        f"          - text: pain {fix}\n            opportunity:\n              fix: {fix}\n"
        + (f"              impact: {impact}\n" if impact else "")
        + (f"              status: {status}\n" if status else "")
        for fix, impact, status in rows
    )
    text = (
        "jmap: 1\ntitle: Ranked\nstages:\n  - id: s\n    name: S\n    touchpoints:\n"
        f"      - id: t\n        name: T\n        pain_points:\n{pains}"
    )
    write(tmp_path, "ranked.yaml", text)
    p = build_portfolio([tmp_path / "ranked.yaml"], options())
    assert [(o.fix, o.impact, o.status) for o in p.opportunities] == [
        ("f", "high", "in-progress"), ("c", "high", "idea"), ("g", "high", "idea"), ("d", "high", None),
        ("e", "medium", "in-progress"), ("b", "low", "idea"), ("a", None, "open"),
    ]  # fmt: skip


def test_config_is_discovered_and_applied(portfolio_dir: Path) -> None:
    Path("jmap.toml").write_text('review_every = "1 year"\n[severity]\nJM601 = "error"\n', encoding="utf-8")
    doc = portfolio_dict(build_portfolio([portfolio_dir], options()))
    smb = doc["maps"][1]
    assert (smb["review_due"], smb["review_overdue"], smb["errors"], smb["warnings"]) == ("2027-03-01", False, 1, 0)


def test_parallel_workers_give_the_same_report(tmp_path: Path) -> None:
    for i in range(30):
        write(tmp_path, f"maps/m{i:02d}.yaml", SMB.replace("title: SMB onboarding", f"title: Map {i}"))
    write(tmp_path, "maps/zz-broken.yaml", BROKEN)
    serial = build_portfolio([tmp_path / "maps"], options(jobs=1))
    parallel = build_portfolio([tmp_path / "maps"], options(jobs=2))
    assert portfolio_dict(parallel) == portfolio_dict(serial)
    assert parallel.unreadable == serial.unreadable
    assert [m.title for m in serial.maps] == [f"Map {i}" for i in range(30)]
    assert serial.owners[0].owner == "Product" and serial.owners[0].touchpoints == 30


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        build_portfolio([tmp_path / "nope"], options())


def test_file_that_cannot_be_read_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jmap.report as report_mod

    good = write(tmp_path, "good.yaml", SMB)
    locked = write(tmp_path, "locked.yaml", SMB)
    real = report_mod.read_bytes

    def read(path: str | Path) -> bytes:
        if Path(path) == locked:
            raise SourceError(f"{path}: permission denied")
        return real(path)

    monkeypatch.setattr(report_mod, "read_bytes", read)
    p = build_portfolio([good, locked], options())
    assert [m.path for m in p.maps] == [str(good)]
    assert [u.error for u in p.unreadable] == [f"{locked}: permission denied"]


def test_markdown_escapes_map_text_as_export_does(tmp_path: Path) -> None:
    from jmap.formats.markdown import md_text

    title = "<script>x</script> **bold** | [link](u) `code` _under_"
    folder = tmp_path / "odd_names"
    write(folder, "m_1.yaml", SMB.replace("title: SMB onboarding", f"title: {json.dumps(title)}"))
    md = portfolio_markdown(build_portfolio([folder], options()))
    row = next(line for line in md.splitlines() if line.startswith("| m-1 |"))
    cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
    assert (
        cells[1]
        == md_text(title)
        == "\\<script\\>x\\</script\\> \\*\\*bold\\*\\* \\| \\[link\\](u) \\`code\\` \\_under\\_"
    )
    assert cells[2] == md_text(str(folder / "m_1.yaml"))
    assert "<script>" not in md
