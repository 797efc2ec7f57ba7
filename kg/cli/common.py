"""What every ``kg`` command shares: the two consoles, opening the store, turning a library
error into its exit code, progress bars and writing an answer to a file.

A command parses its options, calls one library function inside :func:`library_errors`
and formats the answer; these helpers keep that shape short.
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

from kg.errors import EXIT_INPUT, KgError
from kg.files import atomic_write
from kg.store import Store

__all__ = ["err", "out", "KgCommandError", "library_errors", "require_store", "open_store",
           "counting_progress", "write_text", "cell"]

#: standard error (progress, warnings, errors) and standard output (answers)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


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
    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
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
