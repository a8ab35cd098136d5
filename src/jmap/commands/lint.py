import enum
import os
import sys
from pathlib import Path
from typing import TextIO

import typer

from jmap.commands._common import (
    TextJsonMarkdown,
    config_option,
    fail,
    format_option,
    guarded,
    jobs_option,
    output_option,
    parse_today,
    paths_argument,
    progress_bar,
    selector_option,
    today_option,
    wants_colour,
    write_output,
)
from jmap.reporters import REPORTERS

ReportFormat = enum.Enum("ReportFormat", {name: name for name in REPORTERS}, type=str)  # type: ignore[misc]


class FailOn(enum.StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


@guarded
def lint(
    paths: list[Path] = paths_argument(),
    format: ReportFormat = format_option("text", "Report format.", envvar="JMAP_FORMAT"),
    output: Path = output_option("FILE", "Write the report to FILE.", default="stdout"),
    select: list[str] = selector_option("--select", "Rules to run: codes, prefixes, names or ALL"),
    ignore: list[str] = selector_option("--ignore", "Rules to skip: codes, prefixes or names"),
    fail_on: FailOn = typer.Option(
        None, "--fail-on", help="Lowest severity that fails.", show_default="error, or the config's fail_on"
    ),
    today: str = today_option(),
    config: Path = config_option(),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Print the summary only (a report written for CI stays complete)."
    ),
    statistics: bool = typer.Option(False, "--statistics", help="Print counts per rule."),
    skip_non_maps: bool = typer.Option(
        False, "--skip-non-maps", help="Skip named files that are not journey maps (for hooks)."
    ),
    jobs: int = jobs_option(),
    baseline: Path = typer.Option(None, "--baseline", metavar="FILE", help="Report only findings not in FILE."),
    write_baseline: Path = typer.Option(
        None, "--write-baseline", metavar="FILE", help="Record the findings in FILE (sorted) and exit 0."
    ),
    since: str = typer.Option(
        None, "--since", metavar="REV|DATE", help="Report only findings the maps did not have at REV (git)."
    ),
    fix: bool = typer.Option(False, "--fix", help="Apply the safe fixes to YAML maps, then report what remains."),
    dry_run: bool = typer.Option(False, "--dry-run", help="With --fix: print the diff, write nothing."),
    unsafe_fixes: bool = typer.Option(
        False, "--unsafe-fixes", help="With --fix: also apply the fixes that change the map's meaning."
    ),
) -> int:
    """Check journey maps against the rules; exit 1 when a finding reaches --fail-on."""
    from jmap.errors import ConfigError
    from jmap.lint.config import load_config
    from jmap.lint.core import LintOptions
    from jmap.lint.core import lint as run_lint
    from jmap.lint.selection import check_selectors, split_selectors
    from jmap.reporters import get_reporter
    from jmap.reporters.base import ReportOptions, summary_line

    pinned = parse_today(today)
    cfg = load_config(config)
    sel = split_selectors(select) if select else None
    ign = split_selectors(ignore or [])
    try:
        check_selectors((*(sel or ()), *ign))
    except ValueError as exc:
        raise ConfigError(f"--select/--ignore: {exc}") from None
    options = LintOptions(
        config=cfg,
        select=sel,
        ignore=ign,
        today=pinned,
        fail_on=fail_on.value if fail_on else None,
        skip_non_maps=skip_non_maps,
        jobs=jobs,
    )
    fmt = format.value if format else "text"
    reporter = get_reporter(fmt)
    targets = list(paths) if paths else [Path(".")]
    if (dry_run or unsafe_fixes) and not fix:
        raise fail("--dry-run and --unsafe-fixes work with --fix")
    if fix and (baseline or write_baseline or since):
        raise fail("--fix does not combine with --baseline, --write-baseline or --since")
    fixed_note = ""
    if fix:
        from jmap.lint.fix import FixOptions, fix_paths

        run = fix_paths(targets, options, FixOptions(unsafe=unsafe_fixes, dry_run=dry_run))
        fixed_note = _fixed_note(run.fixed, len(run.files), run.unsafe_left, dry_run)
        if dry_run:
            for changed in run.files:
                sys.stdout.write(changed.diff())
            typer.echo(fixed_note)
            return 1 if run.files else 0
    if write_baseline is not None:
        from jmap.history.baseline import write_baseline as record
        from jmap.util.atomic import refuse_input
        from jmap.util.display import visible

        linted = run_lint(targets, options, progress=progress_bar())
        refuse_input(write_baseline, [f.path for f in linted.files], "--write-baseline")
        written = record(write_baseline, linted)
        if written.replaced:
            typer.echo(
                f"jmap: notice: replacing a baseline that could not be read: {visible(written.replaced)}", err=True
            )
        entries = "entry" if written.count == 1 else "entries"
        typer.echo(f"jmap: wrote {written.count} baseline {entries} to {visible(str(write_baseline))}", err=True)
        return 0
    if fix:
        result = run.result
    elif since is not None:
        from jmap.history.run import lint_since

        result = lint_since(targets, since, options)
    else:
        result = run_lint(targets, options, progress=progress_bar())
    if baseline is not None:
        from jmap.history.baseline import apply_baseline, read_baseline

        result = apply_baseline(result, read_baseline(baseline), baseline, options)
    stdout: TextIO = sys.stdout
    report_options = ReportOptions(color=output is None and wants_colour(stdout), quiet=quiet, statistics=statistics)
    if output is not None:
        from jmap.util.atomic import atomic_text, refuse_input

        refuse_input(output, [f.path for f in result.files], "lint -o")
        with atomic_text(output) as stream:
            reporter.write(result, stream, report_options)
        typer.echo(summary_line(result), err=True)
        if fixed_note:
            typer.echo(fixed_note, err=True)
    else:
        reporter.write(result, stdout, report_options)
        if fixed_note:
            typer.echo(fixed_note, err=reporter.machine)
        if fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
            get_reporter("github").write(result, stdout, report_options)
        if reporter.machine:
            typer.echo(summary_line(result), err=True)
    return result.exit_code


def _fixed_note(fixed: int, files: int, unsafe_left: int, dry_run: bool) -> str:
    from jmap.util.text import plural

    verb = "would fix" if dry_run else "fixed"
    note = f"{verb} {plural(fixed, 'finding')} in {plural(files, 'file')}"
    if unsafe_left:
        note += f"; {plural(unsafe_left, 'more finding')} can be fixed with --unsafe-fixes"
    return note + "."


@guarded
def rules(
    rule: str = typer.Argument(None, metavar="CODE|NAME", help="Explain one rule."),
    format: TextJsonMarkdown = format_option(TextJsonMarkdown.text, "The list as text, JSON or Markdown."),
    output: Path = output_option("FILE", "Write the list to FILE.", default="stdout"),
) -> int:
    """List the lint rules, or explain one."""
    from jmap.rules.doc import explain, rules_json, rules_markdown, rules_table

    if rule:
        text = explain(rule)
        if text is None:
            raise fail(f"no rule is called {rule!r}; 'jmap rules' lists them")
        write_output(output, text + "\n")
        return 0
    write_output(output, {"json": rules_json, "md": rules_markdown, "text": rules_table}[format.value]())
    return 0


@guarded
def schema(output: Path = output_option("FILE", "Write the schema to FILE.", default="stdout")) -> int:
    """Print the JSON Schema of the YAML format (for editors and check-jsonschema)."""
    from jmap.schema import schema_text

    write_output(output, schema_text())
    return 0
