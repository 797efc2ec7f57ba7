"""SPARQL endpoint benchmark: what HTTP and the worker processes add to a query.

Usage::

    .venv/bin/python bench/serve.py                       # the sample, built into a scratch store
    .venv/bin/python bench/serve.py --store kg-store --repeat 50

Starts ``kg.server.serve`` in a child process (uvicorn on a free loopback port, two query
workers; a server in the client's own process would share its GIL and add ~40 ms a request)
over the store and times, for each shipped query (``kg/queries/*.rq``), the median of ``--repeat`` requests
(SPARQL JSON over HTTP) against the yardstick: the same query in-process through
``kg.query.run_query`` and ``QueryResult.serialize("json")``. Then the throughput of a cheap
query from 4 client threads, and how long a runaway query (a triple cross product) takes to
be answered 503 at a 1 s time limit. Results go to ``bench/results/serve.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from kg.pipeline import build, reason_store
from kg.query import QUERY_DIR, run_query
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK { ?m a cw:Message }"


def _median_ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: build the sample)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="cw-serve-")
    store_path = args.store
    if store_path is None:
        store_path = Path(scratch.name) / "store"
        store = Store(store_path)
        build([ROOT / "data" / "wilson"], store)
        reason_store(store)
        store.close()

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sparql"
    code = ("from kg.server import serve\nif __name__ == '__main__':\n"
            f"    serve({str(store_path)!r}, '127.0.0.1', {port}, "
            "{'query_time_limit_ms': 1000, 'query_workers': 2})\n")
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    while True:
        try:
            httpx.get(url, params={"query": "ASK {}"}).raise_for_status()
            break
        except httpx.TransportError:
            assert child.poll() is None, "the server did not start"
            time.sleep(0.05)
    startup_ms = round((time.perf_counter() - started) * 1000)

    rows = []
    with httpx.Client(timeout=60) as client, Store(store_path, read_only=True) as store:
        for path in sorted(QUERY_DIR.glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            local = _median_ms(lambda t=text: run_query(store, t).serialize("json"), args.repeat)
            http = _median_ms(lambda t=text: client.post(url, data={"query": t}).raise_for_status(),
                              args.repeat)
            rows.append({"query": path.stem, "in_process_ms": local, "http_ms": http})
        with ThreadPoolExecutor(4) as pool:
            n = 200
            began = time.perf_counter()
            list(pool.map(lambda _: client.get(url, params={"query": CHEAP}).raise_for_status(),
                          range(n)))
            per_s = round(n / (time.perf_counter() - began), 1)
        began = time.perf_counter()
        status = client.get(url, params={"query": RUNAWAY}).status_code
        runaway_ms = round((time.perf_counter() - began) * 1000)
    child.send_signal(signal.SIGINT)
    child.wait(15)
    scratch.cleanup()

    result = {"machine": platform.platform(), "python": platform.python_version(),
              "startup_ms": startup_ms, "queries": rows, "cheap_queries_per_s_4_clients": per_s,
              "runaway": {"status": status, "answered_after_ms": runaway_ms, "limit_ms": 1000}}
    out = ROOT / "bench" / "results" / "serve.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"startup {startup_ms} ms (process, imports, two workers, first answer)")
    print(f"{'query':14s} {'in-process':>11s} {'HTTP':>9s}")
    for row in rows:
        print(f"{row['query']:14s} {row['in_process_ms']:9.2f}ms {row['http_ms']:7.2f}ms")
    print(f"ASK from 4 clients: {per_s}/s; runaway query: {status} after {runaway_ms} ms")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
