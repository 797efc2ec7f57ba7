"""Atomic file writes: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = ["atomic_write"]


def _is_special(path: Path) -> bool:
    """Whether ``path`` exists and is not a regular file (``/dev/null``, a FIFO, a terminal)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write ``path`` through a temporary file in the same folder, then rename.

    A failure leaves the old file (or nothing) in place, never a truncated file. A path that
    names a device or a pipe (``-o /dev/null``) is written in place: renaming over it would
    replace the device with a regular file.
    """
    path = Path(path)
    if _is_special(path):
        with open(path, "wb") as fh:
            write(fh)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
