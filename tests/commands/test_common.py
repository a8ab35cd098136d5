"""What every command shares: the plain coercion of options gives what Typer's Pydantic adapters give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer import _click as click
from typer._coercion import build_runtime_param

from jmap.cli import COMMANDS, build_app
from jmap.commands._common import PlainCoercion
from tests.conftest import REPO

TEXTS = (
    "", " ", "-", "text", "JSON", "Md", "nope", "JM101", "a\x00b", "\x1b[31mred", "ümlaut", "examples", "README.md"
)  # fmt: skip


def _params() -> list[tuple[str, click.Command, Any]]:
    group = typer.main.get_command(build_app())
    found = []
    for name in COMMANDS:
        command = group.commands[name]  # type: ignore[attr-defined]
        found += [(f"{name} {p.name}", command, p) for p in command.params if hasattr(p, "type_descriptor")]
    return found


PARAMS = _params()
PLAIN = [(label, command, param) for label, command, param in PARAMS if PlainCoercion.of(param.type_descriptor)]


def _outcome(runtime: Any, value: Any, param: Any, ctx: click.Context) -> Any:
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except click.exceptions.BadParameter as exc:
        return "bad", exc.message, exc.format_message()


def test_the_plain_coercion_takes_the_paths_texts_and_choices_of_every_command() -> None:
    kinds = {str(param.type_descriptor.annotation) for _, _, param in PLAIN}
    assert {"<class 'str'>", "<class 'pathlib.Path'>", "list[pathlib.Path]", "list[str]"} <= kinds
    assert any(label == "lint format" for label, _, _ in PLAIN)
    assert not any(param.type_descriptor.annotation is int for _, _, param in PLAIN)


@pytest.mark.parametrize(("label", "command", "param"), PLAIN, ids=[label for label, _, _ in PLAIN])
def test_the_plain_coercion_gives_what_typers_adapter_gives(
    label: str, command: click.Command, param: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    ctx = click.Context(command)
    plain = PlainCoercion.of(param.type_descriptor)
    typers = build_runtime_param(param.type_descriptor)
    values: list[Any] = [None, *TEXTS, list(TEXTS[:3]), tuple(TEXTS[3:6]), ("a\x00b",), (), Path("examples")]
    for value in values:
        assert _outcome(plain, value, param, ctx) == _outcome(typers, value, param, ctx), (label, value)


def test_a_bad_choice_reads_as_typer_words_it(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(build_app(["lint"]), ["lint", "-f", "nope", str(tmp_path)], prog_name="jmap")
    assert result.exit_code == 2
    assert "Invalid value for '--format' / '-f' (env var: 'JMAP_FORMAT'): 'nope' is not one of 'text', 'json'" in (
        result.output
    )
