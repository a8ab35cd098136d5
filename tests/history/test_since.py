"""``jmap report --since``: the quarterly review page from a real repository, exactly, in each format."""

from __future__ import annotations

import json

from tests.conftest import TODAY, run_jmap
from tests.history.gitrepo import Repo, needs_git

pytestmark = needs_git

TEXT = """\
Since HEAD~1 (commit {sha}, 2026-09-01)
3 maps: 1 shipped, 1 newly open, 1 new pain point, 1 better, 1 worse, 6 other changes, 1 not touched.

Shipped
  "Carry deal notes into the kickoff brief" for "Deal notes are lost at the handoff" at smb-onboarding › kickoff \
(in-progress -> shipped)

Newly open
  "Explain the usage report in the app" for "Nobody explains the usage report" at smb-onboarding › review-call (open)

New pain points
  "Nobody explains the usage report" at smb-onboarding › review-call

Emotion improved
  smb-onboarding › kickoff: -2 -> +1

Emotion regressed
  smb-onboarding › review-call: 0 -> -1

Other changes
  renewals-book: 1 change; see jmap diff
  smb-onboarding: 5 changes; see jmap diff

Not touched since
  renewals
"""

MARKDOWN = """\
## Since `2026-10-01` (commit `{sha}`, 2026-09-01)

3 maps: 1 shipped, 1 newly open, 1 new pain point, 1 better, 1 worse, 6 other changes, 1 not touched.

### Shipped

- “Carry deal notes into the kickoff brief” for “Deal notes are lost at the handoff” at `smb-onboarding` › `kickoff` \
(`in-progress` -> `shipped`)

### Newly open

- “Explain the usage report in the app” for “Nobody explains the usage report” at `smb-onboarding` › `review-call` \
(`open`)

### New pain points

- “Nobody explains the usage report” at `smb-onboarding` › `review-call`

### Emotion improved

- `smb-onboarding` › `kickoff`: -2 -> +1

### Emotion regressed

- `smb-onboarding` › `review-call`: 0 -> -1

### Other changes

- `renewals-book`: 1 change; see `jmap diff`
- `smb-onboarding`: 5 changes; see `jmap diff`

### Not touched since

- `renewals`
"""


def open_fix(repo: Repo) -> None:
    """An uncommitted edit: the new pain point gets an open fix."""
    smb = repo.root / "maps" / "smb.yaml"
    smb.write_text(
        smb.read_text(encoding="utf-8").replace(
            "          - Nobody explains the usage report\n",
            "          - text: Nobody explains the usage report\n"
            "            opportunity:\n"
            "              fix: Explain the usage report in the app\n"
            "              status: open\n",
        ),
        encoding="utf-8",
    )


def report(repo: Repo, *args: str) -> tuple[int, str, str]:
    before = repo.state()
    res = run_jmap("report", "maps", *args, "--today", TODAY, cwd=repo.root)
    assert repo.state() == before
    return res.returncode, res.stdout, res.stderr


def test_text_since_a_revision(history: Repo) -> None:
    open_fix(history)
    sha = history.git("rev-parse", "HEAD~1").strip()
    assert report(history, "--since", "HEAD~1") == (0, TEXT.format(sha=sha[:12]), "")


def test_markdown_since_a_date(history: Repo) -> None:
    open_fix(history)
    sha = history.git("rev-parse", "HEAD~1").strip()
    assert report(history, "--since", "2026-10-01", "-f", "md") == (0, MARKDOWN.format(sha=sha[:12]), "")


def test_json_since(history: Repo) -> None:
    code, out, _ = report(history, "--since", "HEAD~1", "--format", "json")
    doc = json.loads(out)
    assert code == 0
    assert doc["commit"] == history.git("rev-parse", "HEAD~1").strip()
    assert (doc["since"], doc["date"], doc["maps"]) == ("HEAD~1", "2026-09-01", 3)
    assert doc["shipped"] == [
        {
            "map": "smb-onboarding",
            "touchpoint": "kickoff",
            "text": "Carry deal notes into the kickoff brief",
            "pain_point": "Deal notes are lost at the handoff",
            "old": "in-progress",
            "new": "shipped",
        }
    ]
    assert doc["newly_open"] == []
    assert [(i["touchpoint"], i["old"], i["new"]) for i in doc["improved"]] == [("kickoff", -2, 1)]
    assert [(i["touchpoint"], i["old"], i["new"]) for i in doc["regressed"]] == [("review-call", 0, -1)]
    assert (doc["untouched"], doc["added"], doc["removed"]) == (["renewals"], [], [])
    assert doc["other"] == [{"map": "renewals-book", "changes": 1}, {"map": "smb-onboarding", "changes": 5}]


def test_since_head_nothing_happened(history: Repo) -> None:
    code, out, _ = report(history, "--since", "HEAD")
    assert code == 0
    assert out.splitlines()[1] == (
        "3 maps: 0 shipped, 0 newly open, 0 new pain points, 0 better, 0 worse, 0 other changes, 3 not touched."
    )


def test_since_that_cannot_be_resolved_exits_2(history: Repo) -> None:
    root = history.root.resolve()
    assert report(history, "--since", "v9") == (2, "", f"jmap: error: unknown revision 'v9' in {root}\n")
    assert report(history, "--since", "2001-01-01") == (
        2,
        "",
        "jmap: error: no commit on HEAD is from 2001-01-01 or before\n",
    )


def test_since_has_no_html_site(history: Repo) -> None:
    assert report(history, "--since", "HEAD", "-f", "html", "-o", "site") == (
        2,
        "",
        "jmap: error: --since gives the review page as text, md, json, not html\n",
    )
    assert not (history.root / "site").exists()
