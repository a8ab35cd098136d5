import typer

from jmap.commands._common import guarded, parse_today, today_option


@guarded
def lsp(
    stdio: bool = typer.Option(True, "--stdio", help="Talk over stdin and stdout (the one transport)."),
    today: str | None = today_option(),
) -> int:
    """Run the language server: findings while you type, hover, completion and quick fixes in editors.

    Editors can also pin today with the 'today' initialization option.
    """
    from jmap.lsp.server import serve

    del stdio
    serve(today=parse_today(today))
    return 0
