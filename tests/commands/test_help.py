"""Help names every value by a word a user understands (FILE, PATH, N, RULES), never a Python type."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from jmap.cli import app

runner = CliRunner()
TYPE_PLACEHOLDER = re.compile(r"<(?:list\[[^>]*|int|str|path|float|bool|integer)>|range>|\[\[", re.IGNORECASE)


@pytest.mark.parametrize("command", ["lint", "report", "export", "render", "new", "rules", "schema"])
def test_help_has_no_type_placeholders(command: str) -> None:
    res = runner.invoke(app, [command, "--help"], env={"COLUMNS": "120"})
    assert res.exit_code == 0
    assert TYPE_PLACEHOLDER.findall(res.stdout) == [], res.stdout


def test_lint_help_names_its_values() -> None:
    out = runner.invoke(app, ["lint", "--help"], env={"COLUMNS": "120"}).stdout
    assert "Usage: jmap lint [OPTIONS] [PATH]..." in out
    for shown in ("-o, --output FILE", "--select RULES", "--ignore RULES", "--config FILE", "-j, --jobs N"):
        assert shown in out, shown
