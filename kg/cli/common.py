"""What every ``kg`` command shares: the two consoles, opening the store, turning a library
error into its exit code, progress bars and writing an answer to a file.

A command parses its options, calls one library function inside :func:`library_errors`
and formats the answer; these helpers keep that shape short. The consoles never read
markup or emoji codes in what they print: document text, names and paths are printed as
they are (``[/bold]`` and ``:x:`` included); colour comes from styles (:func:`say`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from kg.errors import EXIT_INPUT, KgError
from kg.files import atomic_write
from kg.store import Store

__all__ = ["err", "out", "KgCommandError", "library_errors", "require_store", "open_store",
           "counting_progress", "write_text", "cell", "say", "utf8_values"]

#: standard error (progress, warnings, errors) and standard output (answers); neither reads
#: markup or emoji codes, so that no user text is ever taken for them
err = Console(stderr=True, highlight=False, markup=False, emoji=False)
out = Console(highlight=False, markup=False, emoji=False)


def say(console: Console, label: str, style: str, text: str) -> None:
    """Print ``label`` in ``style``, then ``text`` exactly as it is (one logical line).

    >>> say(Console(width=40, color_system=None), "error", "red", "a [/bold] :x: b")
    error a [/bold] :x: b
    """
    console.print(Text.assemble((label, style), " ", text), soft_wrap=True)


def utf8_values(_ctx: click.Context, param: click.Parameter, value: object) -> object:
    """A click callback: refuse an argument that is not valid UTF-8 (bytes the shell passed
    through as they were) with a clear usage error (exit 2) instead of a traceback later."""
    for item in value if isinstance(value, tuple) else (value,):
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raw = "".join(f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else c
                              for c in item)  # the bytes the shell passed through
                raw = raw.encode("utf-8", "backslashreplace").decode("utf-8")
                raise click.BadParameter(f"not UTF-8 text: {raw}", param=param) from None
    return value


class KgCommandError(click.ClickException):
    """An error shown as one line (``Error: ...``), exit code 2."""

    exit_code = EXIT_INPUT


@cache
def _error_class(exit_code: int) -> type[KgCommandError]:
    """:class:`KgCommandError`, or its subclass exiting with ``exit_code`` (click reads the
    code from the class)."""
    if exit_code == KgCommandError.exit_code:
        return KgCommandError
    return type(f"KgCommandError{exit_code}", (KgCommandError,), {"exit_code": exit_code})


@contextmanager
def library_errors() -> Iterator[None]:
    """Show a :class:`~kg.errors.KgError` raised in the block as one line (``Error: ...``)
    and exit with its ``exit_code``."""
    try:
        yield
    except KgError as exc:
        raise _error_class(exc.exit_code)(str(exc)) from exc


def require_store(path: Path) -> Path:
    """``path`` if a store is there, else the hint to build one (exit 2)."""
    if not Path(path).exists():
        raise KgCommandError(f"{path}: no store here (run `kg build` first, or pass --store)")
    return path


def open_store(ctx: click.Context, read_only: bool = False, must_exist: bool = False) -> Store:
    """The store of ``kg --store`` (a read-only store, or one that must exist, is checked
    first: a missing one is exit 2 with a hint)."""
    path = ctx.obj["store"]
    if read_only or must_exist:
        require_store(path)
    with library_errors():
        return Store(path, read_only=read_only)


def counting_progress(disable: bool) -> Progress:
    """A transient progress bar on standard error: description, bar, done/total, time."""
    return Progress(TextColumn("{task.description}", style="progress.description", markup=False),
                    BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                    disable=disable)


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    data = text.encode("utf-8")

    def write(fh: IO[bytes]) -> None:
        fh.write(data)

    atomic_write(path, write)


def cell(text: str, width: int = 72) -> str:
    """A table cell no longer than ``width`` characters (json and csv keep everything).

    >>> cell("a  long\\n text", width=8)
    'a long …'
    """
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
