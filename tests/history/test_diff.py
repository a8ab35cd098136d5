"""``jmap diff`` on real git repositories: exact output in each format, and the work tree and index left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from tests.conftest import TODAY, run_jmap, write
from tests.history.gitrepo import ONBOARDING, Repo, needs_git

pytestmark = needs_git

TEXT = """\
jmap diff HEAD~1:maps HEAD:maps

HEAD:maps/renewals-book.xlsx (map renewals-book)
  Owners
    touchpoint renewal-call: "Account managers" -> "Renewals desk"

HEAD:maps/smb.yaml (map smb-onboarding)
  Map
    file moved: maps/onboarding.yaml -> maps/smb.yaml
  Touchpoints
    ~ touchpoint welcome moved from stage onboarding to adoption
  Owners
    touchpoint review-call: "CSM" -> "Support"
  Emotion
    kickoff: -2 -> +1 (better)
    dip closed at kickoff: -2 -> +1
    review-call: 0 -> -1 (worse)
    dip opened at review-call: 0 -> -1
    lowest point moved: kickoff (-2) -> review-call (-1)
  Pain points
    + "Nobody explains the usage report" at review-call
  Opportunities
    shipped: fix "Carry deal notes into the kickoff brief" for "Deal notes are lost at the handoff" at kickoff\
: in-progress -> shipped
  Review
    last reviewed: 2026-08-01 -> 2026-11-20
    cadence: quarterly -> 6 months
  Other changes
    ~ touchpoint 'Kickoff call' thoughts: "Long" -> "Better" (line 24)
  Lint findings
    introduced: JM403 stages[adoption].touchpoints[review-call].pain_points["Nobody explains the usage report"\
].opportunity: "pain point 'Nobody explains the usage report' of touchpoint 'Review call' in stage 'Adoption'\
 has no opportunity (no fix yet)"
    fixed: JM202 review.last_reviewed: "review overdue by 24 days: last reviewed 2026-08-01, quarterly, so due\
 2026-11-01"
    fixed: JM408 stages[onboarding].touchpoints[kickoff].pain_points["Deal notes are lost at the handoff"].opp\
ortunity.effort: "the high-impact fix 'Carry deal notes into the kickoff brief' for touchpoint 'Kickoff call'\
 in stage 'Onboarding' has no effort estimate"

3 maps compared: 2 changed, 1 unchanged; 1 shipped; 1 finding introduced, 2 fixed.
"""

MARKDOWN = """\
## Journey map changes: `HEAD~1:maps` → `HEAD:maps`

3 maps compared: 2 changed, 1 unchanged; 1 shipped; 1 finding introduced, 2 fixed.

### `HEAD:maps/renewals-book.xlsx` (map `renewals-book`)

**Owners**

- touchpoint `renewal-call`: “Account managers” -> “Renewals desk”

### `HEAD:maps/smb.yaml` (map `smb-onboarding`)

**Map**

- file moved: `maps/onboarding.yaml` -> `maps/smb.yaml`

**Touchpoints**

- touchpoint `welcome` moved from stage `onboarding` to `adoption`

**Owners**

- touchpoint `review-call`: “CSM” -> “Support”

**Emotion**

- `kickoff`: -2 -> +1 (better)
- dip closed at `kickoff`: -2 -> +1
- `review-call`: 0 -> -1 (worse)
- dip opened at `review-call`: 0 -> -1
- lowest point moved: `kickoff (-2)` -> `review-call (-1)`

**Pain points**

- added “Nobody explains the usage report” at `review-call`

**Opportunities**

- shipped: fix “Carry deal notes into the kickoff brief” for “Deal notes are lost at the handoff” at `kickoff`\
: `in-progress` -> `shipped`

**Review**

- last reviewed: `2026-08-01` -> `2026-11-20`
- cadence: `quarterly` -> `6 months`

**Other changes**

- touchpoint 'Kickoff call' thoughts: “Long” -> “Better” (line 24)

**Lint findings**

- introduced: JM403 `stages[adoption].touchpoints[review-call].pain_points["Nobody explains the usage report"]\
.opportunity`: “pain point 'Nobody explains the usage report' of touchpoint 'Review call' in stage 'Adoption'\
 has no opportunity (no fix yet)”
- fixed: JM202 `review.last_reviewed`: “review overdue by 24 days: last reviewed 2026-08-01, quarterly, so due\
 2026-11-01”
- fixed: JM408 `stages[onboarding].touchpoints[kickoff].pain_points["Deal notes are lost at the handoff"].oppo\
rtunity.effort`: “the high-impact fix 'Carry deal notes into the kickoff brief' for touchpoint 'Kickoff call'\
 in stage 'Onboarding' has no effort estimate”

Unchanged: `renewals`.
"""


REVIEW_CALL = 'stages[adoption].touchpoints[review-call].pain_points["Nobody explains the usage report"]'
JM403 = (
    "pain point 'Nobody explains the usage report' of touchpoint 'Review call' in stage 'Adoption' "
    "has no opportunity (no fix yet)"
)
KICKOFF_FIX = 'stages[onboarding].touchpoints[kickoff].pain_points["Deal notes are lost at the handoff"].opportunity'
JM408 = (
    "the high-impact fix 'Carry deal notes into the kickoff brief' for touchpoint 'Kickoff call' in stage "
    "'Onboarding' has no effort estimate"
)
JM202 = "review overdue by 24 days: last reviewed 2026-08-01, quarterly, so due 2026-11-01"


def diff(repo: Repo, *args: str) -> tuple[int, str, str]:
    before = repo.state()
    res = run_jmap("diff", *args, "--today", TODAY, cwd=repo.root)
    assert repo.state() == before, "jmap diff changed the work tree or the index"
    return res.returncode, res.stdout, res.stderr


def test_text_of_two_revisions(history: Repo) -> None:
    assert diff(history, "HEAD~1:maps", "HEAD:maps") == (0, TEXT, "")


def test_markdown_of_two_revisions(history: Repo) -> None:
    assert diff(history, "HEAD~1:maps", "HEAD:maps", "-f", "md") == (0, MARKDOWN, "")


def test_json_of_two_revisions(history: Repo) -> None:
    code, out, _ = diff(history, "HEAD~1:maps/", "HEAD:maps/", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [(m["id"], m["status"]) for m in doc["maps"]] == [
        ("renewals-book", "changed"),
        ("renewals", "unchanged"),
        ("smb-onboarding", "changed"),
    ]
    smb = doc["maps"][2]
    assert (smb["old"]["path"], smb["new"]["path"]) == ("HEAD~1:maps/onboarding.yaml", "HEAD:maps/smb.yaml")
    assert [(c["section"], c["kind"], c["subject"], c["old"], c["new"]) for c in smb["changes"]] == [
        ("map", "moved", "smb-onboarding", "maps/onboarding.yaml", "maps/smb.yaml"),
        ("touchpoints", "moved", "welcome", "onboarding", "adoption"),
        ("owners", "touchpoint", "review-call", "CSM", "Support"),
        ("emotion", "changed", "kickoff", -2, 1),
        ("emotion", "dip-closed", "kickoff", -2, 1),
        ("emotion", "changed", "review-call", 0, -1),
        ("emotion", "dip-opened", "review-call", 0, -1),
        ("emotion", "lowest", "review-call", "kickoff (-2)", "review-call (-1)"),
        ("pain_points", "added", "review-call", None, "Nobody explains the usage report"),
        ("opportunities", "shipped", "kickoff", "in-progress", "shipped"),
        ("review", "last_reviewed", "last_reviewed", "2026-08-01", "2026-11-20"),
        ("review", "every", "every", "quarterly", "6 months"),
        ("other", "changed", "", "Long", "Better"),
        ("findings", "introduced", f"{REVIEW_CALL}.opportunity", None, JM403),
        ("findings", "fixed", "review.last_reviewed", JM202, None),
        ("findings", "fixed", f"{KICKOFF_FIX}.effort", JM408, None),
    ]
    assert doc["summary"] == {
        "maps": 3,
        "changed": 2,
        "added": 0,
        "removed": 0,
        "unchanged": 1,
        "shipped": 1,
        "findings_introduced": 1,
        "findings_fixed": 2,
    }


def test_single_files_across_a_rename_and_the_work_tree(history: Repo) -> None:
    (history.root / "maps" / "smb.yaml").write_text(
        (history.root / "maps" / "smb.yaml").read_text(encoding="utf-8").replace("owner: Support", "owner: CS desk"),
        encoding="utf-8",
    )
    history.git("add", "maps/smb.yaml")
    write(history.root, "maps/smb.yaml", (history.root / "maps" / "smb.yaml").read_text(encoding="utf-8") + "\n")
    code, out, _ = diff(history, "HEAD:maps/smb.yaml", "maps/smb.yaml")
    assert code == 0
    assert out == (
        "jmap diff HEAD:maps/smb.yaml maps/smb.yaml\n\n"
        "maps/smb.yaml (map smb-onboarding)\n"
        "  Owners\n"
        '    touchpoint review-call: "Support" -> "CS desk"\n\n'
        "1 map compared: 1 changed.\n"
    )
    code, out, _ = diff(history, "HEAD~1:maps/onboarding.yaml", "HEAD:maps/smb.yaml", "-f", "json")
    changes = json.loads(out)["maps"][0]["changes"]
    assert [(c["section"], c["kind"]) for c in changes][:2] == [("touchpoints", "moved"), ("owners", "touchpoint")]


def test_git_paths_relative_to_the_working_folder(history: Repo) -> None:
    before = history.state()
    res = run_jmap("diff", "HEAD~1:./renewals.yaml", "HEAD:./renewals.yaml", cwd=history.root / "maps")
    assert history.state() == before
    assert (res.returncode, res.stdout.splitlines()[-1]) == (0, "1 map compared: 1 unchanged.")
    assert "No changes." in res.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope:maps", "HEAD:maps"), "jmap: error: unknown revision 'nope' in {root}\n"),
        (("HEAD:missing.yaml", "HEAD:maps"), "jmap: error: HEAD:missing.yaml: no such file or folder in HEAD\n"),
        (
            ("gone.yaml", "HEAD:maps"),
            "jmap: error: gone.yaml: no such file or folder (write REV:PATH for a file in a git revision)\n",
        ),
        (("HEAD~5:maps", "HEAD:maps"), "jmap: error: unknown revision 'HEAD~5' in {root}\n"),
    ],
)
def test_a_side_that_cannot_be_read_exits_2(history: Repo, args: tuple[str, str], message: str) -> None:
    before = history.state()
    res = run_jmap("diff", *args, cwd=history.root)
    assert history.state() == before
    assert (res.returncode, res.stdout, res.stderr) == (2, "", message.format(root=history.root.resolve()))


def test_revision_outside_a_repository_exits_2(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", ONBOARDING)
    res = run_jmap("diff", "HEAD:a.yaml", "a.yaml", cwd=tmp_path)
    assert (res.returncode, res.stdout) == (2, "")
    assert res.stderr == f"jmap: error: HEAD:a.yaml: {tmp_path.resolve()} is not in a git repository\n"


def test_cli_runner_and_unchanged_folder(history: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(history.root)
    result = CliRunner().invoke(app, ["diff", "HEAD:maps", "maps", "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert result.output == "jmap diff HEAD:maps maps\n\nNo changes.\n\n3 maps compared: 3 unchanged.\n"
