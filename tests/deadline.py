"""A block that must finish within a number of seconds: the tests of linear-time reading
fail instead of hanging."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["finishes_within"]


@contextmanager
def finishes_within(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging) when the block runs longer than ``seconds`` (SIGALRM: the
    main thread of a POSIX process)."""
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
