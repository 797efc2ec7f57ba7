"""Atomic writes (kg/files.py)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

from kg.files import atomic_write


def test_atomic_write_replaces_a_regular_file_whole(tmp_path: Path) -> None:
    """A regular file is replaced by the new bytes, with no temporary file left behind."""
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    atomic_write(target, lambda fh: fh.write(b"new") and None)
    assert b"new" == target.read_bytes()
    assert ["out.txt"] == sorted(p.name for p in tmp_path.iterdir())


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    """A write that raises leaves the old content and no temporary file."""
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def fail(fh: object) -> None:
        raise RuntimeError("disk full")

    try:
        atomic_write(target, fail)
    except RuntimeError:
        pass
    assert b"old" == target.read_bytes()
    assert ["out.txt"] == sorted(p.name for p in tmp_path.iterdir())


def test_output_to_a_device_or_pipe_writes_in_place(tmp_path: Path) -> None:
    """Regression: `kg validate -o /dev/null` renamed a temporary file over /dev/null, turning
    the device into a regular file for the whole machine. A pipe stands in for the device
    here: it stays a pipe and its reader gets the bytes."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic_write(fifo, lambda fh: fh.write(b"report") and None)
    reader.join(timeout=10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [b"report"] == got
