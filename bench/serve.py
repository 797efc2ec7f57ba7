"""SPARQL endpoint benchmark: what HTTP and the worker processes add to a query.

Usage::

    .venv/bin/python bench/serve.py                       # the sample, built into a scratch store
    .venv/bin/python bench/serve.py --store kg-store --repeat 50

Starts ``kg.server.serve`` in a child process (uvicorn on a free loopback port, two query
workers; a server in the client's own process would share its GIL and add ~40 ms a request)
over the store and times, for each shipped query (``kg/query/queries/*.rq``), the median of
``--repeat`` requests
(SPARQL JSON over HTTP) against the yardstick: the same query in-process through
``kg.query.engine.run_query`` and ``QueryResult.serialize("json")``. Then the throughput of a cheap
query from 4 client threads, and how long a runaway query (a triple cross product) takes to
be answered 503 at a 1 s time limit. Results go to ``bench/results/serve.json``.

With ``--load N`` (for example 32 clients, 2,000 queries on the full build)::

    .venv/bin/python bench/serve.py --store /tmp/full7 --load 2000 --clients 32

it also sends ``N`` mixed queries (:data:`MIX`) from ``--clients`` concurrent clients, first to
``kg serve`` and then to ``oxigraph serve`` over a database loaded with ``kg export --format
nquads`` of the same store (the yardstick), and prints errors, p50 / p95 latency and
throughput of each, and their ratio.
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
from kg.query.engine import QUERY_DIR, run_query
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
#: the mixed load: cheap lookups, the shipped overview queries and a FRUS filter
MIX = [
    "ASK { ?m a cw:Message }",
    "SELECT ?p ?o WHERE { msg:frus1961-63v06-d93 ?p ?o }",
    "SELECT ?x WHERE { ?x skos:prefLabel \"Dean Rusk\" }",
    "SELECT ?m ?date WHERE { ?m a cw:Telegram ; cw:sender ?from ; cw:addressee ?to ; "
    "cw:dateSent ?date . ?from skos:prefLabel ?fl . ?to skos:prefLabel ?tl . "
    "FILTER(CONTAINS(LCASE(?fl), \"embassy\") && CONTAINS(LCASE(?fl), \"soviet union\")) "
    "FILTER(CONTAINS(LCASE(?tl), \"department of state\")) FILTER(YEAR(?date) = 1962) }",
    *(f"# {name}\n" + (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
      for name in ("wrote-to", "relays", "distribution", "timeline", "requests")),
]
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
    parser.add_argument("--load", type=int, default=0, metavar="N",
                        help="also send N mixed queries to kg serve and to oxigraph serve")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients of --load")
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
            if "# param:" in text:
                continue  # parameterised: bound by `kg ask`, timed by bench/queries.py
            local = _median_ms(lambda t=text: run_query(store, t).serialize("json"), args.repeat)
            status = client.post(url, data={"query": text}).status_code
            http = _median_ms(lambda t=text: client.post(url, data={"query": t}), args.repeat)
            rows.append({"query": path.stem, "in_process_ms": local, "http_ms": http,
                         "status": status})
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
    load = {}
    if args.load:
        # the load runs against a server with the default settings (10 s time limit)
        child, load_url = _start(store_path, {"query_workers": 2})
        try:
            load["kg serve"] = _load(load_url, args.load, args.clients, prologue=False)
        finally:
            child.send_signal(signal.SIGINT)
            child.wait(15)
        load["oxigraph serve"] = _oxigraph_load(store_path, Path(scratch.name), args.load, args.clients)
    scratch.cleanup()

    result = {"machine": platform.platform(), "python": platform.python_version(),
              "startup_ms": startup_ms, "load": load, "queries": rows, "cheap_queries_per_s_4_clients": per_s,
              "runaway": {"status": status, "answered_after_ms": runaway_ms, "limit_ms": 1000}}
    out = ROOT / "bench" / "results" / "serve.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"startup {startup_ms} ms (process, imports, two workers, first answer)")
    print(f"{'query':20s} {'in-process':>11s} {'HTTP':>9s}")
    for row in rows:
        note = "" if row["status"] == 200 else f"  HTTP {row['status']} (over the 1 s limit)"
        print(f"{row['query']:20s} {row['in_process_ms']:9.2f}ms {row['http_ms']:7.2f}ms{note}")
    print(f"ASK from 4 clients: {per_s}/s; runaway query: {status} after {runaway_ms} ms")
    for name, figures in load.items():
        print(f"{name:15s} {figures['queries']} queries from {figures['clients']} clients: "
              f"{figures['errors']} errors, p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
              f"{figures['per_s']} queries/s")
    if len(load) == 2:
        ours, ref = load["kg serve"], load["oxigraph serve"]
        print(f"kg serve / oxigraph serve: p50 {ours['p50_ms'] / ref['p50_ms']:.2f}x, "
              f"p95 {ours['p95_ms'] / ref['p95_ms']:.2f}x, throughput {ours['per_s'] / ref['per_s']:.2f}x")
    print(f"written {out.relative_to(ROOT)}")


def _start(store_path: Path, settings: dict) -> tuple[subprocess.Popen, str]:
    """``kg serve`` in a child process on a free port, once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = ("from kg.server import serve\nif __name__ == '__main__':\n"
            f"    serve({str(store_path)!r}, '127.0.0.1', {port}, {settings!r})\n")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    while True:
        try:
            httpx.get(url, params={"query": "ASK {}"}).raise_for_status()
            return child, url
        except httpx.TransportError:
            assert child.poll() is None, "the server did not start"
            time.sleep(0.05)


def _load(url: str, n: int, clients: int, prologue: bool) -> dict:
    """``n`` queries of :data:`MIX` in turn from ``clients`` threads; latency and throughput."""
    from kg.query.engine import PROLOGUE

    latencies: list[float] = []
    errors = 0

    def one(i: int) -> None:
        nonlocal errors
        text = (PROLOGUE if prologue else "") + MIX[i % len(MIX)]
        began = time.perf_counter()
        try:
            response = client.post(url, data={"query": text},
                                   headers={"Accept": "application/sparql-results+json"})
            if response.status_code != 200:
                errors += 1
        except httpx.HTTPError:
            errors += 1
        latencies.append((time.perf_counter() - began) * 1000)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    with httpx.Client(timeout=120, limits=limits) as client, ThreadPoolExecutor(clients) as pool:
        began = time.perf_counter()
        list(pool.map(one, range(n)))
        wall = time.perf_counter() - began
    latencies.sort()
    return {"queries": n, "clients": clients, "errors": errors,
            "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
            "per_s": round(n / wall, 1)}


def _oxigraph_load(store_path: Path, scratch: Path, n: int, clients: int) -> dict:
    """The same load against ``oxigraph serve`` (PyPI ``oxigraph``) over the same quads."""
    from kg.publish.export import export

    binary = str(Path(sys.executable).parent / "oxigraph")
    dump = scratch / "kg.nq"
    with Store(store_path, read_only=True) as store:
        export(store, "nquads", dump)
    subprocess.run([binary, "load", "--location", str(scratch / "oxdb"), "--file", str(dump)],
                   check=True, capture_output=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    child = subprocess.Popen([binary, "serve-read-only", "--location", str(scratch / "oxdb"),
                              "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    while True:
        try:
            httpx.get(url, params={"query": "ASK {}"}).raise_for_status()
            break
        except httpx.TransportError:
            assert child.poll() is None, "oxigraph serve did not start"
            time.sleep(0.05)
    try:
        return _load(url, n, clients, prologue=True)
    finally:
        child.terminate()
        child.wait(15)


if __name__ == "__main__":
    main()
