"""What every command shares: turning JmapError into one line on stderr and exit 2."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from jmap.errors import JmapError
from jmap.util.gc_pause import gc_paused

P = ParamSpec("P")
T = TypeVar("T")

USAGE_ERROR = 2


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
            raise fail("out of memory") from None
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

    return wrapper


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
