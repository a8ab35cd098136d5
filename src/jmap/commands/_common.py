"""What every command shares: turning JmapError into one line on stderr and exit 2."""

from __future__ import annotations

import contextlib
import enum
import functools
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from typing import IO, Any, ParamSpec, TypeVar

import typer
from typer import _click as click
from typer.core import TyperCommand

from jmap.errors import ConfigError, JmapError
from jmap.util.gc_pause import gc_paused

P = ParamSpec("P")
T = TypeVar("T")

USAGE_ERROR = 2


class TextJsonMarkdown(enum.StrEnum):
    """The ``--format`` of commands that print a document (``rules``, ``report``)."""

    text = "text"
    json = "json"
    md = "md"


def paths_argument() -> Any:
    """The ``PATH...`` argument of the commands that take many maps (``lint``, ``report``)."""
    return typer.Argument(None, metavar="PATH", help="Map files or folders (default: the current folder).")


def config_option() -> Any:
    """The ``--config FILE`` option every command that reads settings takes."""
    return typer.Option(None, "--config", metavar="FILE", help="Use this config file instead of searching.")


def jobs_option() -> Any:
    """The ``--jobs N`` option of the commands that may read maps in worker processes."""
    return typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="Worker processes (default: by workload).")


def today_option(help: str) -> Any:
    """The ``--today YYYY-MM-DD`` option every command that judges review dates takes."""
    return typer.Option(None, "--today", metavar="YYYY-MM-DD", help=help)


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
    needs none, so it is built only for the options a run gives.
    """

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        from typer._coercion import build_runtime_param

        param._runtime_param = build_runtime_param(param.type_descriptor)
        return param._runtime_param.coerce(value, param=param, ctx=ctx)


class Command(TyperCommand):
    """Every jmap command: Typer's, with option coercion built only for the options given."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for param in self.params:
            if hasattr(param, "type_descriptor") and getattr(param, "_runtime_param", False) is None:
                param._runtime_param = _AdapterWhenGiven()  # type: ignore[attr-defined]
        return super().parse_args(ctx, args)
