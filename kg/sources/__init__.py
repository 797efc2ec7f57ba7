"""Readers: one module per input format, each ``read(path) -> Iterator[SourceRecord]``.

``READERS`` maps a reader's name to its module path (loaded lazily, as rdflib's
plugin registry does). A reader module defines ``NAME``, ``VERSION``,
``SUFFIXES``, ``sniff(path, head) -> bool`` and ``read(path)``, which yields
records, or a ``SourceError`` for one record of many that it cannot read. Adding a format
means one new module and one line here. Readers never import rdflib.

:func:`time_limit` bounds the time one file may take: a file that takes longer is that
file's :class:`~kg.errors.SourceError`, never a hung run.
"""

from __future__ import annotations

import importlib
import os
import signal
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, ModuleType

from kg.errors import SourceError
from kg.records import SourceRecord

__all__ = ["READERS", "reader_for", "read", "iter_files", "time_limit"]

READERS: dict[str, str] = {
    "wilson": "kg.sources.wilson",
    "wilson-csv": "kg.sources.wilson_csv",
    "frus": "kg.sources.frus",
}


def _load(name: str) -> ModuleType:
    return importlib.import_module(READERS[name])


def _check_readable(path: Path) -> None:
    """A :class:`SourceError` for what no reader should open: a missing file, a dangling
    symbolic link, a FIFO, socket or device (opening a FIFO would wait for a writer)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if path.is_symlink():
            raise SourceError(str(path), f"dangling symbolic link (its target {os.readlink(path)} "
                                         "does not exist)") from exc
        raise SourceError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(mode):
        raise SourceError(str(path), "no input file in this folder (hidden files are skipped)")
    if not stat.S_ISREG(mode):
        raise SourceError(str(path), "not a regular file (a FIFO, socket or device)")


def reader_for(path: Path) -> ModuleType:
    """The reader module that claims ``path``.

    Raises:
        SourceError: no reader claims the file, or it cannot be read (errors name the path
            as given).
    """
    path = Path(path)
    _check_readable(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise SourceError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    for name in READERS:
        module = _load(name)
        if module.sniff(path, head):
            return module
    known = sorted({s for n in READERS for s in _load(n).SUFFIXES})
    raise SourceError(str(path), f"no reader for this kind of file (known: {', '.join(known)})")


def read(path: Path) -> Iterator[SourceRecord | SourceError]:
    """Records of one file, read by the reader that claims it.

    A reader of a file holding many records (a CSV) yields a :class:`SourceError` in
    place of a record it cannot read, and goes on with the next one.
    """
    yield from reader_for(Path(path)).read(Path(path))


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files named, and files under folders named, in sorted order, each once; hidden files
    skipped. A dangling symbolic link, a FIFO or a socket in a folder is yielded too, and so
    is a folder named that holds no file, so that :func:`read` reports each instead of
    leaving it out without a word."""
    seen: set[str] = set()
    for path in map(Path, paths):
        children = [c for c in sorted(path.rglob("*")) if _wanted(c, path)] if path.is_dir() else []
        for child in children or [path]:
            if (key := os.path.abspath(child)) not in seen:
                seen.add(key)
                yield child


def _wanted(child: Path, folder: Path) -> bool:
    """Whether a folder's entry is an input: not hidden, not itself a folder."""
    if any(part.startswith(".") for part in child.relative_to(folder).parts):
        return False
    return not child.is_dir()


class _TimeUp(BaseException):
    """Raised by the timer of :func:`time_limit` (a ``BaseException``, so that no reader's
    ``except Exception`` swallows it)."""


_ARMED = {"now": False}

#: seconds between the alarms of :func:`time_limit` once its time is up
ALARM_REPEAT = 0.5


def _on_alarm(_signum: int, _frame: FrameType | None) -> None:
    if _ARMED["now"]:
        raise _TimeUp


@contextmanager
def time_limit(path: Path | str, seconds: float) -> Iterator[None]:
    """Stop the block after ``seconds`` with a :class:`SourceError` naming ``path`` (0: no limit).

    A real-time timer of this process (each worker process of a parallel build has its
    own): it interrupts Python code and regular expressions, not a call into a C library
    that never returns. It works in the main thread on POSIX; elsewhere there is no limit.
    A timer already set (by a test runner, say) is given back what is left of it.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        with _alarm(seconds):
            yield
    except _TimeUp:
        raise SourceError(str(path), f"took longer than {seconds:g} s to read and map "
                                     "(the time limit of one file)") from None


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise :class:`_TimeUp` in the block after ``seconds``, and again every
    :data:`ALARM_REPEAT` seconds until it is out of the block (an alarm that comes while a
    ``__del__`` or a garbage-collector callback runs is printed and dropped by Python, so one
    alarm alone could be lost); whenever it ends, the previous handler and timer are put back."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    started, outer, interval = time.monotonic(), 0.0, 0.0
    try:
        _ARMED["now"] = True
        outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT)
        yield
    finally:
        try:
            _ARMED["now"] = False  # an alarm just before this line still restores below
        finally:
            _ARMED["now"] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if outer:
                left = max(outer - (time.monotonic() - started), 0.001)
                signal.setitimer(signal.ITIMER_REAL, left, interval)
