"""The set-ups the docs' console examples name (``<!-- console: setup=NAME -->``); see tests/docs_examples.py.

A set-up gets the block's :class:`Shell` (its folder holds a copy of ``examples/``) and writes what
the block's commands need, moving ``shell.cwd`` where they run.
"""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.conftest import GOOD_MAP
from tests.docs_examples import Shell, _environ

TOUR = "/tmp/tour"
"""Where README says the history tour's repository is."""


def _git(repo: Path, *args: str, when: str = "2026-08-14T10:00:00Z") -> None:
    env = _environ() | {
        "GIT_AUTHOR_NAME": "Jo Mapper",
        "GIT_AUTHOR_EMAIL": "jo@example.com",
        "GIT_COMMITTER_NAME": "Jo Mapper",
        "GIT_COMMITTER_EMAIL": "jo@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env, check=True, capture_output=True)


def _edit(path: Path, old: str, new: str, after: str = "") -> None:
    """Replace the first ``old`` that follows ``after`` (an anchor line) in ``path``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def tour(shell: Shell) -> None:
    """README's history tour: maps committed at the Q3 review, a Q4 review commit, then a lint baseline."""
    repo = shell.cwd / "tour"
    maps = repo / "maps"
    maps.mkdir(parents=True)
    examples = shell.cwd / "examples"
    for name in ("enterprise-post-sale.yaml", "smb-self-serve-lifecycle.yaml"):
        (maps / name).write_bytes((examples / name).read_bytes())
    (maps / "legacy-onboarding.yaml").write_bytes((examples / "defects/stale-unowned-onboarding.yaml").read_bytes())
    _git(repo, "init", "-q")
    _git(repo, "add", "maps")
    _git(repo, "commit", "-q", "-m", "Q3 review of the enterprise and SMB maps")

    enterprise = maps / "enterprise-post-sale.yaml"
    _edit(enterprise, "owner: CSM", "owner: Implementation lead", after="id: kickoff-call")
    _edit(enterprise, "emotion: -1", "emotion: 1", after="id: kickoff-call")
    _edit(enterprise, "status: in-progress", "status: shipped", after="id: kickoff-call")
    _edit(enterprise, "status: open", "status: in-progress", after="id: sso-setup")
    _edit(
        enterprise,
        "        pain_points:\n",
        "        pain_points:\n          - The uplift is not explained against the account's usage\n",
        after="id: renewal-quote",
    )
    _edit(enterprise, "last_reviewed: 2026-08-14", "last_reviewed: 2026-11-20")
    _git(repo, "mv", "maps/smb-self-serve-lifecycle.yaml", "maps/smb.yaml")
    _git(
        repo,
        "commit",
        "-q",
        "-am",
        "Q4 review: kickoff brief shipped, renewal friction added",
        when="2026-11-20T10:00:00Z",
    )

    shell.cwd = repo
    shell.run("jmap lint maps --today 2026-11-25 --write-baseline .jmap-baseline.json")
    _git(repo, "add", ".jmap-baseline.json")
    _git(repo, "commit", "-q", "-m", "lint baseline", when="2026-12-01T10:00:00Z")
    shell.shown_as[str(repo)] = TOUR


def tour_edited(shell: Shell) -> None:
    """The tour after an edit that fixes one baselined finding (moving lines) and causes a new one."""
    tour(shell)
    maps = shell.cwd / "maps"
    _edit(maps / "legacy-onboarding.yaml", "channel: email\n", "channel: email\n        owner: Customer marketing\n",
          after="id: feature-newsletter")  # fmt: skip
    _edit(maps / "smb.yaml", "        owner: Growth marketing\n", "", after="id: search-landing")


def typo_config(shell: Shell) -> None:
    """A config file with a mistyped key."""
    (shell.cwd / "typo.toml").write_text('selct = ["ALL"]\n', encoding="utf-8")


def budget(shell: Shell) -> None:
    """A spreadsheet that is not a journey grid."""
    (shell.cwd / "budget.csv").write_text(
        "Item,Q1,Q2,Q3,Q4\nLicences,1200,1200,1400,1400\nTravel,300,0,450,200\n", encoding="utf-8"
    )


def edited_book(shell: Shell) -> None:
    """The enterprise example's workbook as README's round trip has it: edited and saved by LibreOffice."""
    from tests.docs_examples import REPO

    (shell.cwd / "docs" / "post-sale-edited.xlsx").write_bytes((REPO / "docs" / "post-sale-edited.xlsx").read_bytes())


def _workbook(shell: Shell, name: str) -> bytes:
    source = shell.cwd / "good.yaml"
    source.write_text(GOOD_MAP, encoding="utf-8")
    shell.run(f"jmap export good.yaml -o {name}")
    data = (shell.cwd / name).read_bytes()
    (shell.cwd / name).unlink()
    source.unlink()
    return data


def hostile(shell: Shell) -> None:
    """The files of README's Bad input section: repeated ids, schema faults, broken workbooks, forged output."""
    root = shell.cwd
    (root / "dup.yaml").write_text(
        "jmap: 1\ntitle: Duplicates\nstages:\n"
        "  - id: a\n    name: A\n    touchpoints:\n      - {id: t1, name: T1}\n"
        "  - id: a\n    name: A again\n    touchpoints:\n      - {id: t1, name: T1 again}\n",
        encoding="utf-8",
    )
    maps = root / "maps"
    maps.mkdir()
    (maps / "bad.yaml").write_text(
        "jmap: 1\ntitle: Bad items\nowner: CS Ops\nstages:\n  - id: onboarding\n    name: Onboarding\n"
        "    touchpoints:\n      - id: Bad_ID\n        name: Kickoff\n        owner: CSM\n"
        "      - just a string\n",
        encoding="utf-8",
    )
    workbook = _workbook(shell, "good.xlsx")
    (maps / "truncated.xlsx").write_bytes(workbook[: len(workbook) // 2])
    odd = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'encoding="UTF-8"', b'encoding="UTF-z"', 1)
            dst.writestr(item, data)
    (maps / "odd-encoding.xlsx").write_bytes(odd.getvalue())
    evil = GOOD_MAP.replace("title: Tiny map", 'title: "Onboarding \\e[2J\\u202Eevil"')
    evil = evil.replace(
        "        name: Welcome email\n        channel: email\n        owner: CSM\n",
        '        name: "Welcome\\n::error file=README.md,line=1::pwned"\n        channel: email\n',
    )
    (root / "evil.yaml").write_text(evil, encoding="utf-8")


SETUPS: dict[str, Callable[[Shell], None]] = {
    "tour": tour,
    "tour-edited": tour_edited,
    "typo-config": typo_config,
    "budget": budget,
    "edited-book": edited_book,
    "hostile": hostile,
}
