import enum
import sys
from pathlib import Path

import typer

from jmap.commands._common import config_option, guarded, parse_today, today_option


class DiffFormat(enum.StrEnum):
    text = "text"
    md = "md"
    json = "json"


@guarded
def diff(
    old: str = typer.Argument(..., metavar="OLD", help="A map file or folder, or REV:PATH (e.g. main:maps/)."),
    new: str = typer.Argument(..., metavar="NEW", help="A map file or folder, or REV:PATH."),
    format: DiffFormat = typer.Option(
        DiffFormat.text, "--format", "-f", case_sensitive=False, help="text, md or json."
    ),
    today: str = today_option("Pin today for the review checks."),
    config: Path = config_option(),
) -> int:
    """Compare two versions of journey maps by id: stages, touchpoints, owners, emotion, fixes, findings.

    A side in a git revision is read from git's objects; the work tree and index are never touched.
    Exit 0 when the sides could be compared, 2 when one cannot be read.
    """
    from jmap.history.run import diff as run_diff
    from jmap.lint.config import load_config
    from jmap.lint.core import LintOptions
    from jmap.reporters.history import DIFF_WRITERS

    options = LintOptions(config=load_config(config), today=parse_today(today))
    comparison = run_diff(old, new, options)
    sys.stdout.write(DIFF_WRITERS[format.value](comparison))
    return 0
