"""A real git repository in a temporary folder, and proof that reading history leaves it alone."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")

ONBOARDING = """\
jmap: 1
id: smb-onboarding
title: SMB onboarding
segment: SMB
owner: CS Ops
review:
  last_reviewed: 2026-08-01
  every: quarterly
evidence:
  - type: interview
    source: Five interviews
    date: 2026-07-01
stages:
  - id: onboarding
    name: Onboarding
    owner: Onboarding team
    customer_goal: Get live
    red_flags: [No login in week one]
    touchpoints:
      - id: welcome
        name: Welcome email
        channel: email
        owner: CSM
        thoughts: Nice
        emotion: 1
      - id: kickoff
        name: Kickoff call
        channel: call
        owner: CSM
        thoughts: Long
        emotion: -2
        pain_points:
          - text: Deal notes are lost at the handoff
            opportunity:
              fix: Carry deal notes into the kickoff brief
              owner: Sales Ops
              target: 90% of kickoffs cite the notes
              impact: high
              status: in-progress
  - id: adoption
    name: Adoption
    owner: CSM
    customer_goal: Use it weekly
    red_flags: Usage drops
    touchpoints:
      - id: review-call
        name: Review call
        channel: call
        owner: CSM
        thoughts: Fine
        emotion: 0
"""

OTHER = """\
jmap: 1
id: renewals
title: Renewals
segment: SMB
owner: CS Ops
review:
  last_reviewed: 2026-08-01
  every: quarterly
evidence:
  - type: nps
    source: Q3 NPS
    date: 2026-07-01
stages:
  - id: renewal
    name: Renewal
    owner: Account managers
    customer_goal: Renew without surprises
    red_flags: [No contact 60 days before renewal]
    touchpoints:
      - id: renewal-call
        name: Renewal call
        channel: call
        owner: Account managers
        thoughts: Fair price
        emotion: 0
"""


def changed_onboarding(text: str) -> str:
    """The second version: welcome moves to Adoption, an owner changes, the fix ships, friction is added."""
    text = text.replace(
        """      - id: welcome
        name: Welcome email
        channel: email
        owner: CSM
        thoughts: Nice
        emotion: 1
""",
        "",
    )
    text = text.replace(
        """    touchpoints:
      - id: review-call
""",
        """    touchpoints:
      - id: welcome
        name: Welcome email
        channel: email
        owner: CSM
        thoughts: Nice
        emotion: 1
      - id: review-call
""",
    )
    text = text.replace("              status: in-progress\n", "              status: shipped\n")
    text = text.replace(
        "        thoughts: Long\n        emotion: -2\n", "        thoughts: Better\n        emotion: 1\n"
    )
    text = text.replace(
        "        owner: CSM\n        thoughts: Fine\n        emotion: 0\n",
        "        owner: Support\n        thoughts: Fine\n        emotion: -1\n"
        "        pain_points:\n          - Nobody explains the usage report\n",
    )
    return text.replace(
        "  last_reviewed: 2026-08-01\n  every: quarterly", "  last_reviewed: 2026-11-20\n  every: 6 months", 1
    )


class Repo:
    def __init__(self, root: Path) -> None:
        assert GIT is not None
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "test@example.com")
        self.git("config", "user.name", "Test")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        assert GIT is not None
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_AUTHOR_DATE="2026-09-01T10:00:00Z", GIT_COMMITTER_DATE="2026-09-01T10:00:00Z")
        if args and args[0] == "commit" and "--date" in args:
            i = args.index("--date")
            env.update(GIT_AUTHOR_DATE=args[i + 1], GIT_COMMITTER_DATE=args[i + 1])
            args = args[:i] + args[i + 2 :]
        proc = subprocess.run([GIT, *args], cwd=self.root, env=env, capture_output=True, text=True, check=True)
        return proc.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str, date: str = "2026-09-01T10:00:00Z") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, "--date", date)
        return self.git("rev-parse", "HEAD").strip()

    def state(self) -> tuple[str, str, int]:
        """What reading history must not change: the status, the index's bytes and its modification time."""
        index = self.root / ".git" / "index"
        digest, mtime = hashlib.sha256(index.read_bytes()).hexdigest(), index.stat().st_mtime_ns
        status = self.git("--no-optional-locks", "status", "--porcelain", "--untracked-files=all")
        return status, digest, mtime
