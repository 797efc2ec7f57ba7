"""A small pool of worker processes that evaluate queries, so that a runaway one can be
stopped.

Each worker reads the store as it was when the worker opened it; before each job it checks
the store's generation (:func:`kg.store.generation`, renewed by every writer that closes the
store) and opens the store again when a build or reasoning run has written it since, so a
running server answers from the new data without a restart.

A thread cannot be interrupted while Oxigraph evaluates inside Rust, and a query whose
answer is dropped would go on eating a core. Each worker is a child process (``spawn``, so
no lock or thread of the server is inherited) holding the store open read-only; a query
that passes the time limit gets its worker killed (the query really stops) and a fresh
worker takes its place on demand. Other queries run meanwhile in the other workers.

Besides SPARQL jobs, a worker runs a :class:`Call`: a module-level function given the
read-only :class:`~kg.store.Store` (the resource pages and the dataset description read the
store this way, under the same time limit).

Everything here blocks; the app calls :meth:`QueryPool.run` from a thread
(``anyio.to_thread``), so it works under any event loop (uvicorn's, or the test client's).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import cast

from kg.server.evaluate import Answer, Job, evaluate
from kg.store import generation

LOG = logging.getLogger("kg.server")

__all__ = ["QueryPool", "Call"]


@dataclass(frozen=True)
class Call:
    """``function(store, *args)`` in a worker; ``function`` must be importable by name (it is
    pickled by reference) and return something picklable."""

    function: Callable[..., object]
    args: tuple[object, ...] = ()

_START_TIMEOUT_S = 60.0

#: Stack of the thread answering jobs in a worker. Oxigraph's parser and evaluator recurse
#: once per nesting level (brackets, a long chain of ``+`` or ``UNION``): with the default
#: 8 MB a query a few thousand levels deep overflows it and the process dies. Reserved, not
#: used: the pages are only touched by such queries.
WORKER_STACK_BYTES = 256 * 1024 * 1024


def _worker_main(store_path: str, conn: Connection) -> None:
    """Child process: answer jobs in a thread with a deep stack (:data:`WORKER_STACK_BYTES`)
    until the pipe closes."""
    try:
        threading.stack_size(WORKER_STACK_BYTES)
    except (ValueError, RuntimeError):
        pass  # the platform's default stack: deep queries kill the worker sooner
    thread = threading.Thread(target=_answer_jobs, args=(store_path, conn), name="kg-query")
    thread.start()
    thread.join()


def _answer_jobs(store_path: str, conn: Connection) -> None:
    """Open the store read-only, then answer jobs until the pipe closes."""
    import rdflib.plugins.sparql.parser  # noqa: F401 - built once here, not in the first query's time

    from kg.errors import KgError
    from kg.store import Store, generation

    try:
        seen = generation(store_path)
        store = Store(store_path, read_only=True)
    except KgError as exc:
        conn.send(str(exc))
        return
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if (now := generation(store_path)) != seen:  # a build wrote the store: read it anew
                store.close()
                seen, store = now, Store(store_path, read_only=True)
            answer = (job.function(store, *job.args) if isinstance(job, Call)
                      else evaluate(store.oxigraph, job))
        except Exception as exc:  # noqa: BLE001 - the worker must answer whatever happens
            answer = Answer.error(500, f"query failed: {type(exc).__name__}: {exc}")
        conn.send(answer)


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process, self.conn = process, conn

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """At most ``size`` worker processes over the store at ``store_path``, started on demand."""

    def __init__(self, store_path: Path | str, size: int = 2) -> None:
        self.store_path = str(store_path)
        self.size = size
        self._ctx = mp.get_context("spawn")
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._started = 0  # live workers, idle or busy
        self._all: list[_Worker] = []
        self._closed = False
        self._generation = generation(self.store_path)

    def generation(self) -> str | None:
        """The store's generation now (:func:`kg.store.generation`); a change since the last
        call is logged, as the workers will answer from the new data."""
        now = generation(self.store_path)
        if now != self._generation:
            self._generation = now
            LOG.warning("the store at %s was written (a new build?): answering from the new data",
                        self.store_path)
        return now

    def pids(self) -> list[int]:
        """Process ids of the live workers."""
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(self.store_path, child),
                                    name="kg-query-worker", daemon=True)
        process.start()
        child.close()
        if not parent.poll(_START_TIMEOUT_S):
            process.kill()
            raise RuntimeError("a query worker did not start")
        status = parent.recv()
        if status != "ready":
            process.join(5)
            raise RuntimeError(f"a query worker could not open the store: {status}")
        return _Worker(process, parent)

    def _reserve(self) -> bool:
        """Count one more worker if the pool has room for it."""
        with self._lock:
            if self._closed or self._started >= self.size:
                return False
            self._started += 1
            return True

    def _start_reserved(self) -> _Worker:
        try:
            worker = self._spawn()
        except Exception:
            with self._lock:
                self._started -= 1
            raise
        with self._lock:
            self._all.append(worker)
        return worker

    def _acquire(self, timeout: float) -> _Worker | None:
        """An idle worker, a new one if there is room, else the first to come free within
        ``timeout``. A ``None`` in the idle queue marks room left by a killed worker."""
        try:
            item = self._idle.get_nowait()
            if item is not None:
                return item
        except queue.Empty:
            pass
        if self._reserve():
            return self._start_reserved()
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                item = self._idle.get(timeout=left)
            except queue.Empty:
                return None
            if item is not None:
                return item
            if self._reserve():
                return self._start_reserved()
        return None

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._started -= 1
            if worker in self._all:
                self._all.remove(worker)
        self._idle.put(None)  # wake a query waiting for a worker: there is room for a new one

    def run(self, job: Job, timeout_s: float) -> Answer:
        """Evaluate ``job`` in a worker; 503 when no worker frees up or the query runs past
        ``timeout_s`` (its worker is then killed)."""
        return cast(Answer, self._submit(job, timeout_s))

    def call(self, call: Call, timeout_s: float) -> object:
        """Run ``call`` in a worker: what its function returns, or an :class:`Answer` with the
        error (500 if it raised, 503 as for :meth:`run`)."""
        return self._submit(call, timeout_s)

    def _submit(self, job: Job | Call, timeout_s: float) -> object:
        if self._closed:
            return Answer.error(503, "the server is shutting down")
        self.generation()
        started = time.monotonic()
        try:
            worker = self._acquire(timeout_s)
        except RuntimeError as exc:
            return Answer.error(500, str(exc))
        if worker is None:
            return Answer.error(503, f"all {self.size} query workers stayed busy for "
                                     f"{timeout_s:g} s (setting query_workers); try again")
        try:
            worker.conn.send(job)
            if worker.conn.poll(timeout_s):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            self._discard(worker)
            return Answer.error(500, "the query worker stopped while answering (a query too "
                                     "deeply nested or too long for it?); try a simpler query")
        self._discard(worker)
        elapsed = time.monotonic() - started
        return Answer.error(503, f"query stopped after {elapsed:.1f} s: it ran past the time "
                                 f"limit of {timeout_s * 1000:g} ms (setting query_time_limit_ms)")

    def warm_up(self) -> None:
        """Start the workers now rather than on the first queries."""
        while self._reserve():
            self._idle.put(self._start_reserved())

    def close(self) -> None:
        """Stop every worker (busy ones too)."""
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), []
            self._started = 0
        for worker in workers:
            worker.kill()
