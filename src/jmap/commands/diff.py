import enum
from pathlib import Path

import typer

from jmap.commands._common import (
    config_option,
    format_option,
    guarded,
    output_option,
    parse_today,
    today_option,
    write_output,
)


class DiffFormat(enum.StrEnum):
    text = "text"
    md = "md"
    json = "json"


@guarded
def diff(
    old: str = typer.Argument(..., metavar="OLD", help="A map file or folder, or REV:PATH (e.g. main:maps/)."),
    new: str = typer.Argument(..., metavar="NEW", help="A map file or folder, or REV:PATH."),
    format: DiffFormat = format_option(DiffFormat.text, "text, md (for a pull request) or json."),
    output: Path = output_option("FILE", "Write the comparison to FILE.", default="stdout"),
    today: str = today_option(),
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
    write_output(output, DIFF_WRITERS[format.value](comparison))
    return 0
