"""What every command shares: its options, their help conventions, and JmapError as one line on stderr and exit 2.

Help conventions (``tests/commands/test_help.py`` checks every command): an option's default is shown by
Typer as ``[default: …]`` and never in its help text; an option named here means the same on every
command (``-f/--format`` the output format, ``-o/--output`` the output, ``--today``, ``--config``,
``-j/--jobs``, ``--width``, ``--stage``, ``--select``/``--ignore``); an old spelling is kept hidden for
a release through :func:`renamed_option` and prints a notice when used.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar

import typer
from typer import _click as click
from typer._click.exceptions import BadParameter, NoSuchOption
from typer.core import TyperCommand, TyperGroup

from jmap.errors import ConfigError, JmapError
from jmap.util.gc_pause import gc_paused

P = ParamSpec("P")
T = TypeVar("T")

USAGE_ERROR = 2
"""Made before it is needed: printing it must not need memory."""


class TextJsonMarkdown(enum.StrEnum):
    """The ``--format`` of commands that print a document (``rules``, ``report``)."""

    text = "text"
    json = "json"
    md = "md"


MIN_WIDTH = 40
"""The narrowest text any view is laid out for."""
MAX_WIDTH = 1000


def paths_argument() -> Any:
    """The ``PATH...`` argument of the commands that take many maps (``lint``, ``report``)."""
    return typer.Argument(None, metavar="PATH", help="Map files or folders.", show_default="the current folder")


def format_option(default: Any, help: str, *, envvar: str | None = None) -> Any:
    """``-f/--format``: the format of what the command writes; its choices come from the parameter's enum."""
    return typer.Option(
        default, "--format", "-f", case_sensitive=False, envvar=envvar, help=help, show_default=default is not None
    )


def output_option(metavar: str, help: str, *, required: bool = False, default: str | None = None) -> Any:
    """``-o/--output``: where the command writes its result (a file, or a folder for a site)."""
    return typer.Option(
        ... if required else None,
        "--output",
        "-o",
        metavar=metavar,
        help=help,
        show_default=default or False,
    )


def config_option() -> Any:
    """The ``--config FILE`` option every command that reads settings takes."""
    return typer.Option(
        None, "--config", metavar="FILE", help="Use this config file.", show_default="the first found upward"
    )


def jobs_option() -> Any:
    """The ``--jobs N`` option of the commands that may read maps in worker processes."""
    return typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="Worker processes.", show_default="by workload")


def width_option() -> Any:
    """``--width N``: the columns a terminal view is laid out for."""
    return typer.Option(
        None, "--width", min=MIN_WIDTH, max=MAX_WIDTH, metavar="N", help="Fit N columns.", show_default="the terminal's"
    )


def stage_option() -> Any:
    """``--stage ID``: one stage of the map."""
    return typer.Option(None, "--stage", metavar="ID", help="Only the stage with this id.", show_default="every stage")


def selector_option(name: str, help: str) -> Any:
    """``--select``/``--ignore``: rule selectors."""
    return typer.Option(None, name, metavar="RULES", help=f"{help}; comma-separated, repeatable.", show_default=False)


def today_option() -> Any:
    """The ``--today YYYY-MM-DD`` option of every command whose output depends on the date."""
    return typer.Option(
        None,
        "--today",
        metavar="YYYY-MM-DD",
        help="Use this date as today, for output that does not change from day to day.",
        show_default="the config's today, else the clock",
    )


RENAMED: dict[str, str] = {}
"""Old spelling -> new one, for every hidden alias (the help test checks none is shown)."""


def renamed_option(old: str, new: str, *, metavar: str | None = None) -> Any:
    """A hidden old spelling of ``new``, kept for a release: it still works and says on stderr what to use."""
    RENAMED[old] = new

    def notice(value: Any) -> Any:
        if value is not None:
            typer.echo(f"jmap: note: {old} is now {new}; {old} will be removed in the next release", err=True)
        return value

    return typer.Option(None, old, hidden=True, metavar=metavar, callback=notice, case_sensitive=False)


def either(new_value: T | None, old_value: T | None, new: str, old: str) -> T | None:
    """The value of an option given by its new or its old spelling; both at once is a usage error."""
    if new_value is not None and old_value is not None and new_value != old_value:
        raise ConfigError(f"{old} and {new} say different things; give {new} only")
    return new_value if new_value is not None else old_value


def write_output(output: Path | None, text: str) -> None:
    """``text`` to ``output`` (whole or not at all) or, without one, to stdout."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    from jmap.util.atomic import atomic_text

    with atomic_text(output) as stream:
        stream.write(text)


def parse_today(value: str | None) -> date | None:
    """The ``--today`` value as a date; a bad value is a usage error naming the option."""
    if value is None:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise ConfigError(f"--today {value!r} is not a date (YYYY-MM-DD)") from None


def fail(message: str) -> typer.Exit:
    """Print ``jmap: error: message`` on stderr (file names and map text in it shown visibly); return Exit(2)."""
    from jmap.util.display import visible

    typer.echo(f"jmap: error: {visible(message)}", err=True)
    return typer.Exit(USAGE_ERROR)


def guarded(func: Callable[P, T]) -> Callable[P, T]:
    """Run a command so that nothing a user can cause ends in a traceback (unless JMAP_DEBUG=1).

    A command returns its exit code; a non-zero one becomes ``typer.Exit``. The
    cyclic garbage collector is paused while it runs: a command is short-lived
    and its data is acyclic, and collection cost a third of the time on large maps.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return _run_guarded(func, *args, **kwargs)
        except MemoryError:
            pass
        # Out of the except block, so the frames that held the memory are gone before anything is printed.
        out_of_memory()
        raise typer.Exit(USAGE_ERROR)

    return wrapper


OUT_OF_MEMORY = "jmap: error: out of memory; the input is too large for this machine\n"
_OUT_OF_MEMORY_BYTES = OUT_OF_MEMORY.encode()


def out_of_memory() -> None:
    """Say that memory ran out; if even that fails for want of memory, write prepared bytes to the stderr descriptor."""
    try:
        sys.stderr.write(OUT_OF_MEMORY)
        sys.stderr.flush()
    except (MemoryError, OSError, ValueError):
        with contextlib.suppress(OSError):
            os.write(2, _OUT_OF_MEMORY_BYTES)


def _run_guarded(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    try:
        with gc_paused():
            result = func(*args, **kwargs)
    except JmapError as exc:
        if os.environ.get("JMAP_DEBUG") == "1":
            raise
        raise fail(str(exc)) from None
    except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):
        raise
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(1) from None
    except MemoryError:
        raise
    except Exception as exc:
        if os.environ.get("JMAP_DEBUG") == "1":
            raise
        raise fail(
            f"internal error: {type(exc).__name__}: {exc} "
            "(this is a bug in jmap; run with JMAP_DEBUG=1 for the traceback and please report it)"
        ) from None
    if isinstance(result, int) and not isinstance(result, bool) and result:
        raise typer.Exit(result)
    return result


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def wants_colour(stream: IO[str]) -> bool:
    """Colour for a terminal only; NO_COLOR turns it off, FORCE_COLOR on, TERM=dumb off."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


MIN_FILES = 200
"""Runs over fewer files finish before a bar would help."""


def progress_bar() -> Callable[[int, int], None] | None:
    """An ``update(done, total)`` callback drawing a Rich bar on stderr, or None (not a terminal, CI, NO_COLOR)."""
    if (
        not sys.stderr.isatty()
        or os.environ.get("CI")
        or os.environ.get("NO_COLOR")
        or os.environ.get("TERM") == "dumb"
    ):
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < MIN_FILES:
            return
        if "bar" not in state:
            from rich.progress import Progress

            from jmap.render.output import make_console

            bar = Progress(console=make_console(stderr=True), transient=True)
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task("Linting", total=total)
        state["bar"].update(state["task"], completed=done)
        if done >= total:
            state["bar"].stop()

    return update


class _AdapterWhenGiven:
    """Stands in for Typer's per-option coercion until the option has a value.

    Typer builds a Pydantic adapter for every option of a command when it parses
    the command line, including the options left out; an option without a value
    needs none, so it is built only for the options a run gives, and not at all
    for the kinds :class:`PlainCoercion` takes.
    """

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        runtime: Any = PlainCoercion.of(param.type_descriptor)
        if runtime is None:
            from typer._coercion import build_runtime_param

            runtime = build_runtime_param(param.type_descriptor)
        param._runtime_param = runtime
        return runtime.coerce(value, param=param, ctx=ctx)


class PlainCoercion:
    """Typer's coercion of a text, a path or an enum choice (or a list of one of them), run without Pydantic.

    Typer wraps these same functions of its own in a Pydantic adapter per option; the first adapter of a
    run costs the import of Pydantic's plugin loader (``importlib.metadata``) and each one a schema build.
    Values from the command line are text; any other value goes to Typer's own coercion.
    ``tests/commands/test_common.py`` holds the two to the same results and messages.
    """

    def __init__(self, descriptor: Any, leaf: Callable[[Any, Any, Any], Any], many: bool) -> None:
        self.descriptor = descriptor
        self.leaf = leaf
        self.many = many

    @classmethod
    def of(cls, descriptor: Any) -> PlainCoercion | None:
        """The plain coercion of the option ``descriptor`` describes, or None for Typer's."""
        from typer._param_types import coerce_cli_choice, coerce_cli_path

        info = descriptor.parameter_info
        annotation = descriptor.annotation
        if info.parser is not None or descriptor.file_annotation is not None:
            return None
        many = getattr(annotation, "__origin__", None) is list
        leaf_type = annotation.__args__[0] if many else annotation
        if leaf_type is str:
            return cls(descriptor, lambda value, param, ctx: value, many)
        if leaf_type is Path and info.path_type is None:

            def path(value: Any, param: Any, ctx: Any) -> Any:
                return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)

            return cls(descriptor, path, many)
        if isinstance(leaf_type, type) and issubclass(leaf_type, enum.Enum):
            choices = tuple(leaf_type)

            def choice(value: Any, param: Any, ctx: Any) -> Any:
                return coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)

            return cls(descriptor, choice, many)
        return None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """As Typer's ``RuntimeParam.coerce``: nothing stays nothing, and text is no list of values."""
        is_multi_value = param.multiple or param.nargs == -1
        if value is None:
            return () if is_multi_value else None
        if is_multi_value and isinstance(value, str):
            raise BadParameter("Value must be an iterable.", ctx=ctx, param=param)
        items = value if self.many and isinstance(value, (list, tuple)) else [value]
        if not all(isinstance(item, str) for item in items):
            from typer._coercion import build_runtime_param

            return build_runtime_param(self.descriptor).coerce(value, param=param, ctx=ctx)
        try:
            done = [self.leaf(item, param, ctx) for item in items]
        except ValueError as exc:
            # What Pydantic makes of a ValueError in a validator, and Typer of Pydantic's message.
            from typer._click.utils import _escape_control_characters

            raise BadParameter(_escape_control_characters(f"Value error, {exc}"), ctx=ctx, param=param) from exc
        return done if self.many else done[0]


_BRACED = re.compile(r"^\{(.*)\}(\.\.\.)?$")


def _option_names(command: click.Command | None, ctx: click.Context) -> list[str]:
    if command is None:
        return []
    return [
        n
        for p in command.get_params(ctx)
        if p.param_type_name == "option" and not getattr(p, "hidden", False)
        for n in p.opts
    ]


def _coerce_when_given(command: click.Command, ctx: click.Context) -> None:
    """Every parameter of ``command``, its help option included, coerced only when given."""
    for param in command.get_params(ctx):
        if hasattr(param, "type_descriptor") and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = _AdapterWhenGiven()  # type: ignore[attr-defined]


class Group(TyperGroup):
    """``jmap`` itself: Typer's group, whose options (``--version``, the completion ones) are coerced only when given.

    Without it, every run built Pydantic adapters for ``--help``, ``--install-completion`` and
    ``--show-completion``, and with the first adapter Pydantic imports its plugin loader (``importlib.metadata``).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _coerce_when_given(self, ctx)
        return super().parse_args(ctx, args)


class Command(TyperCommand):
    """Every jmap command: Typer's, with option coercion built only for the options given.

    Its usage line names arguments as their help does (``FILE``, not ``{FILE}``); a mistyped option
    is matched against the command's options and jmap's own (``--versoin``: ``jmap --version``); a
    bad value is explained without Pydantic's prefix.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _coerce_when_given(self, ctx)
        try:
            return super().parse_args(ctx, args)
        except NoSuchOption as exc:
            raise self._no_such_option(ctx, exc.option_name) from None
        except BadParameter as exc:
            exc.message = exc.message.replace("Value error, ", "")
            raise

    def _no_such_option(self, ctx: click.Context, name: str) -> NoSuchOption:
        from jmap.util.suggest import closest

        own = _option_names(self, ctx)
        parent = ctx.parent.command if ctx.parent is not None else None
        root = [n for n in _option_names(parent, ctx) if n not in own and n not in ("-h", "--help")]
        best = closest(name, [*own, *root]) if name.startswith("--") else None
        hint = "" if best is None else f" (did you mean {'jmap ' + best if best in root else best!r}?)"
        return NoSuchOption(name, message=f"No such option: {name}{hint}", ctx=ctx)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_BRACED.sub(r"\1\2", piece) for piece in super().collect_usage_pieces(ctx)]
