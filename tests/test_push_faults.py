"""kg push against servers that are not what they claim (issue 12, point 4): a web page
instead of an endpoint, a graph store answering HTML, a black hole, a server that swallows
every write, and a real `oxigraph serve` behind a proxy that fails or hangs on the Nth
write. Each push exits non-zero and says what the remote now holds; a proxy answering as
Virtuoso does (typed-literal, `link`, one URL for queries and updates) is counted back right.

Every server here is written for testing: a small http.server or socket server in a
thread on 127.0.0.1, on a free port, stopped after its test or after LIFETIME seconds."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
from click.testing import CliRunner
from test_remote import Server

from kg.cli import cli
from kg.cli.publish import PUSH_TIMEOUT
from kg.errors import PushError
from kg.publish.remote import _chunks, push
from kg.publish.sparql_client import TIMEOUT_SECONDS, _result, _says_true
from kg.store import Store

#: Seconds a test server lives at most, whatever happens to its test.
LIFETIME = 120.0
#: A generous bound proving that a push against a silent server does not hang (it used to
#: take 302 s); the pushes below wait 1 s per request.
NO_HANG = 30.0
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
#: The page of the HTML server: markup-like text must be printed as it is, never interpreted.
PAGE = (b"<!DOCTYPE html><html><body><h1>[bold]Welcome[/bold] :x: to our site</h1>"
        b"\x07</body></html>")


class Handler(BaseHTTPRequestHandler):
    """Base of the servers written for testing: read the request, then :meth:`answer`."""

    server_version = "kg-test-server"
    release = threading.Event()  # set when the server stops: hanging handlers return

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib name
        """Quiet."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        self.answer(b"")

    def do_POST(self) -> None:  # noqa: N802
        self.answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    do_PUT = do_DELETE = do_POST  # noqa: N815

    def form(self, body: bytes) -> dict[str, list[str]]:
        """The form fields of a form-encoded body (else none)."""
        if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return parse_qs(body.decode("utf-8"))
        return {}

    def reply(self, status: int, content_type: str | None, body: bytes = b"") -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self, body: bytes) -> None:
        raise NotImplementedError


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@contextmanager
def serving(handler: type[Handler]) -> Iterator[str]:
    """``handler`` on a free loopback port in a thread; its base URL. Stops at the end of
    the block or after LIFETIME seconds, whichever comes first."""
    handler.release = threading.Event()
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    timer = threading.Timer(LIFETIME, httpd.shutdown)
    timer.daemon = True
    timer.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        handler.release.set()
        timer.cancel()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)


@contextmanager
def black_hole() -> Iterator[str]:
    """A server that accepts connections and reads whatever comes, and never answers; its
    base URL. Stops at the end of the block or after LIFETIME seconds."""
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.05)

    def run() -> None:
        conns: list[socket.socket] = []
        deadline = time.monotonic() + LIFETIME
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = listener.accept()
                conn.setblocking(False)
                conns.append(conn)
            except OSError:
                pass
            for conn in conns:
                try:
                    conn.recv(65536)
                except OSError:
                    pass
        for conn in conns:
            conn.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(10)
        listener.close()


class HtmlPage(Handler):
    """200 and the same web page for every request (a site, not a SPARQL endpoint)."""

    def answer(self, body: bytes) -> None:
        self.reply(200, "text/html; charset=utf-8", PAGE)


class Swallower(Handler):
    """Answers ASK with true and every write with 204, keeps nothing; a COUNT is answered
    0 (Virtuoso's typed-literal form) or, with ``empty``, with no row at all."""

    empty = False

    def answer(self, body: bytes) -> None:
        query = self.form(body).get("query", [""])[0]
        if query.lstrip().upper().startswith("ASK"):
            self.reply(200, "application/sparql-results+json", b'{"head": {"link": []}, "boolean": true}')
        elif "COUNT" in query:
            rows = [] if self.empty else [{"n": {"type": "typed-literal", "datatype": XSD_INTEGER, "value": "0"}}]
            doc = {"head": {"vars": ["n"]}, "results": {"bindings": rows}}
            self.reply(200, "application/sparql-results+json", json.dumps(doc).encode())
        elif self.command == "GET":
            self.reply(404, "text/plain", b"no such graph")
        else:
            self.reply(204, None)


def _as_virtuoso(body: bytes) -> bytes:
    """SPARQL JSON results as Virtuoso 7 writes them: `link`, `distinct`, `ordered`, and
    `typed-literal` for every literal with a datatype."""
    doc = json.loads(body)
    doc.setdefault("head", {})["link"] = []
    if "results" in doc:
        doc["results"].update(distinct=False, ordered=True)
        for row in doc["results"]["bindings"]:
            for term in row.values():
                if term.get("type") == "literal" and "datatype" in term:
                    term["type"] = "typed-literal"
    return json.dumps(doc).encode()


class Proxy(Handler):
    """Forwards every request to a real Oxigraph (``upstream``), except: the ``fail_on``-th
    write is answered 500, the ``hang_on``-th is never answered; ``routes`` maps paths; with
    ``virtuoso`` one URL (/sparql-auth) takes queries and updates and the JSON answers are
    rewritten as Virtuoso writes them."""

    upstream = ""
    fail_on: int | None = None
    hang_on: int | None = None
    virtuoso = False
    routes: dict[str, str] = {}
    writes = [0]
    lock = threading.Lock()

    def answer(self, body: bytes) -> None:
        form = self.form(body)
        path, _, query = self.path.partition("?")
        target = self.routes.get(path, path)
        if self.virtuoso and path == "/sparql-auth":
            target = "/update" if "update" in form else "/query"
        if self.command in ("PUT", "DELETE") or "update" in form or (self.command == "POST" and not form):
            with self.lock:
                self.writes[0] += 1
                n = self.writes[0]
            if n == self.fail_on:
                self.reply(500, "text/plain", b"boom: the test proxy fails this write")
                return
            if n == self.hang_on:
                self.release.wait(LIFETIME)
                return
        headers = {k: self.headers[k] for k in ("Content-Type", "Accept") if self.headers.get(k)}
        response = httpx.request(self.command, self.upstream + target + (f"?{query}" if query else ""),
                                 content=body, headers=headers, timeout=30)
        content_type = response.headers.get("content-type")
        out = response.content
        if self.virtuoso and (content_type or "").startswith("application/sparql-results+json"):
            out = _as_virtuoso(out)
        self.reply(response.status_code, content_type, out)


def proxy(upstream: Server, **settings: object) -> type[Proxy]:
    """A :class:`Proxy` class in front of ``upstream`` with its own write counter."""
    return type("Proxy", (Proxy,), {"upstream": upstream.base, "writes": [0],
                                    "lock": threading.Lock(), **settings})


# --- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store_dir(cli_store_dir: Path) -> Path:
    """The sample built, validated and reasoned through the CLI (this module's copy; read it only)."""
    return cli_store_dir


@pytest.fixture(scope="module")
def local(store_dir: Path) -> Iterator[Store]:
    """The sample store, opened read-only."""
    with Store(store_dir, read_only=True) as st:
        yield st


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Server]:
    """A fresh `oxigraph serve`, stopped after the test."""
    srv = Server(tmp_path / "oxigraph")
    yield srv
    srv.stop()


def kg(store_dir: Path, *args: str):
    """Run `kg --store STORE ARGS...` in-process."""
    return CliRunner().invoke(cli, ["--store", str(store_dir), *args])


def _counts(server: Server, graphs: list[str]) -> dict[str, int]:
    return {g: server.count(g) for g in graphs}


# --- refused before writing ------------------------------------------------------------------

def test_push_to_html_page_refused_before_writing(store_dir: Path, local: Store) -> None:
    """An endpoint answering 200 with a web page is refused before anything is sent: exit 2,
    the content type and the page's first bytes quoted as they are (no markup, no emoji),
    and the message says nothing was written."""
    with serving(HtmlPage) as base:
        result = kg(store_dir, "push", "--endpoint", f"{base}/update")
        with pytest.raises(PushError) as caught:
            push(local, f"{base}/update")
    assert 2 == result.exit_code, result.output
    assert "is not a SPARQL endpoint" in result.output
    assert "200 OK (text/html; charset=utf-8): <!DOCTYPE html>" in result.output
    assert "[bold]Welcome[/bold] :x: to our site" in result.output
    assert "\\x07" in result.output and "\x07" not in result.output
    assert "Nothing was written" in result.output
    assert f"{len(local.graphs())} graph(s) not touched" in result.output
    assert local.graphs() == caught.value.untouched
    assert ([], None) == (caught.value.replaced, caught.value.failed)


def test_push_to_graph_store_answering_html_refused(store_dir: Path, local: Store,
                                                    oxigraph: Server) -> None:
    """A real update endpoint with a graph store URL that answers a web page: refused before
    writing (exit 2, the page quoted); the remote store stays empty."""
    with serving(HtmlPage) as base:
        result = kg(store_dir, "push", "--endpoint", oxigraph.update, "--graph-store", f"{base}/store")
        with pytest.raises(PushError, match="is not a usable graph store"):
            push(local, oxigraph.update, graph_store=f"{base}/store")
    assert 2 == result.exit_code, result.output
    assert f"{base}/store is not a usable graph store" in result.output
    assert "(text/html; charset=utf-8): <!DOCTYPE html>" in result.output
    assert "Nothing was written" in result.output
    assert 0 == oxigraph.count()


def test_push_to_black_hole_fails_within_timeout(store_dir: Path, local: Store) -> None:
    """A server that accepts the connection and never answers fails the push after the
    time-out (1 s here; it used to take 302 s), exit 2, with nothing written."""
    with black_hole() as base:
        started = time.monotonic()
        with pytest.raises(PushError) as caught:
            push(local, f"{base}/update", timeout=1)
        result = kg(store_dir, "push", "--endpoint", f"{base}/update", "--timeout", "1")
        elapsed = time.monotonic() - started
    assert elapsed < NO_HANG
    assert "no answer within 1 s (ReadTimeout)" in str(caught.value)
    assert local.graphs() == caught.value.untouched
    assert 2 == result.exit_code, result.output
    assert f"POST {base}/update: no answer within 1 s" in result.output
    assert "Nothing was written" in result.output


def test_update_only_endpoint_needs_a_query_endpoint(local: Store, oxigraph: Server) -> None:
    """An update endpoint that answers no queries and has no /query sibling is refused
    before writing (the count back would be impossible), naming --query-endpoint; given
    the query endpoint, the same push succeeds and is counted back there."""
    handler = proxy(oxigraph, routes={"/upd": "/update"})
    small = [g for g in local.graphs() if g.endswith(("/ontology", "/wilson-112696"))]
    with serving(handler) as base:
        with pytest.raises(PushError, match=r"answers no queries.*--query-endpoint.*Nothing was written"):
            push(local, f"{base}/upd", graphs=small)
        assert 0 == oxigraph.count()
        report = push(local, f"{base}/upd", graphs=small, query_endpoint=oxigraph.query)
    assert oxigraph.query == report.query_endpoint
    assert {g: local.count(g) for g in small} == _counts(oxigraph, small)


def test_oxigraph_update_counted_back_at_query(local: Store, oxigraph: Server) -> None:
    """Oxigraph's /update answers no queries but describes itself as a SPARQL service: the
    push goes on and counts back at /query."""
    report = push(local, oxigraph.update)
    assert oxigraph.query == report.query_endpoint
    assert "counted back at " + oxigraph.query in report.summary()


# --- written, then counted back --------------------------------------------------------------

@pytest.mark.parametrize("empty", [False, True], ids=["zero", "no-row"])
def test_push_to_swallower_fails_count_back(store_dir: Path, local: Store, empty: bool) -> None:
    """A server that answers every write 204 and keeps nothing gives exit 2 naming the graphs
    whose counts differ ("holds 0 of 157 triples of graph <...>"), or, when its COUNT
    answer has no row, saying the count back failed."""
    graph = next(g for g in local.graphs() if g.endswith("/wilson-112696"))
    handler = type("Swallower", (Swallower,), {"empty": empty})
    with serving(handler) as base:
        result = kg(store_dir, "push", "--endpoint", f"{base}/sparql", "--graph-store", f"{base}/store")
        with pytest.raises(PushError) as caught:
            push(local, f"{base}/sparql", graph_store=f"{base}/store")
    assert 2 == result.exit_code, result.output
    if empty:
        assert "counting them back at" in result.output and "holds no count" in result.output
        return
    first = local.graphs()[0]
    assert f"it holds 0 of {local.count(first):,} triples of graph <{first}>; " in result.output
    assert f"; 0 of {local.count(graph):,} triples of graph <{graph}>" in result.output
    assert f"0 of {len(local.graphs())} graph(s) hold the local count" in result.output
    assert {g: (0, local.count(g)) for g in local.graphs()} == caught.value.differing


def test_virtuoso_answers_counted_back(store_dir: Path, local: Store, oxigraph: Server) -> None:
    """A store answering as Virtuoso does (queries and updates at one URL, ASK and COUNT in
    its JSON with `link` and `typed-literal`) passes the check and the count back."""
    handler = proxy(oxigraph, virtuoso=True, routes={"/sparql-graph-crud-auth": "/store"})
    small = [g for g in local.graphs() if g.endswith("/wilson-112696")]
    with serving(handler) as base:
        report = push(local, f"{base}/sparql-auth", graphs=small)
        result = kg(store_dir, "push", "--endpoint", f"{base}/sparql-auth",
                    "--graph-store", f"{base}/sparql-graph-crud-auth")
    assert f"{base}/sparql-auth" == report.query_endpoint
    assert 0 == result.exit_code, result.output
    assert "every graph holds the local count" in result.output
    assert _counts(oxigraph, local.graphs()) == {g: local.count(g) for g in local.graphs()}


def test_virtuoso_ask_retval_reads_as_true() -> None:
    """Virtuoso's other ASK answer, a one-cell table `__ask_retval` = 1, reads as true."""
    body = json.dumps({"head": {"vars": ["__ask_retval"]}, "results": {"bindings": [
        {"__ask_retval": {"type": "typed-literal", "datatype": XSD_INTEGER, "value": "1"}}]}})
    answer = httpx.Response(200, headers={"content-type": "application/sparql-results+json"},
                            content=body.encode())
    assert _says_true(_result(answer))


# --- failures half way -----------------------------------------------------------------------

def test_push_500_half_way_names_remote_state(store_dir: Path, local: Store, oxigraph: Server) -> None:
    """A 500 on the 3rd graph (one PUT per graph): exit 2, naming the 2 graphs replaced, the
    failed one (its PUT refused, so as it was, counted 0) and the graphs not touched; the
    remote holds exactly that."""
    graphs = local.graphs()
    with serving(proxy(oxigraph, fail_on=3)) as base:
        result = kg(store_dir, "push", "--endpoint", f"{base}/update", "--graph-store", f"{base}/store")
    assert 2 == result.exit_code, result.output
    text = " ".join(result.output.split())
    assert f"push failed at graph 3 of {len(graphs)}, <{graphs[2]}>" in text
    assert "500 Internal Server Error (text/plain): boom" in text
    assert f"2 graph(s) replaced, every request acknowledged: <{graphs[0]}>, <{graphs[1]}>" in text
    assert f"<{graphs[2]}> was not replaced" in text
    assert "the remote counts 0 triples in it" in text
    assert f"{len(graphs) - 3} graph(s) not touched, as they were: <{graphs[3]}>" in text
    expected = {g: local.count(g) if i < 2 else 0 for i, g in enumerate(graphs)}
    assert expected == _counts(oxigraph, graphs)


def test_update_500_mid_graph_says_how_much_arrived(local: Store, oxigraph: Server) -> None:
    """By SPARQL Update in chunks, a 500 on the 2nd request of a graph leaves it dropped and
    partly inserted: the message says how many triples went, and the remote counts them."""
    graphs = local.graphs()
    first = len(list(_chunks([q.triple for q in local.quads(graphs[:1])], 2000)))  # its requests
    with serving(proxy(oxigraph, fail_on=first + 2)) as base, pytest.raises(PushError) as caught:
        push(local, f"{base}/update", chunk_triples=2000)
    error = caught.value
    assert ([graphs[0]], graphs[1], graphs[2:]) == (error.replaced, error.failed, error.untouched)
    sent = re.search(r"dropped, then ([\d,]+) of ([\d,]+) triples inserted again \(1 of", str(error))
    assert sent is not None, str(error)
    held = oxigraph.count(graphs[1])
    assert (held, local.count(graphs[1])) == tuple(int(n.replace(",", "")) for n in sent.groups())
    assert f"the remote counts {held:,} triples in it" in str(error)
    assert local.count(graphs[0]) == oxigraph.count(graphs[0])


def test_write_hanging_half_way_fails_within_timeout(local: Store, oxigraph: Server) -> None:
    """A server that stops answering at the 3rd write fails the push after the time-out,
    naming the graphs replaced, the one that hung and the graphs not touched (small graphs
    and 5 s, so that the writes answered come in time on a busy machine)."""
    graphs = [g for g in local.graphs() if g.endswith(("/ontology", "/wilson-112696"))]
    graphs += [g for g in local.graphs() if g.endswith("-provenance")] + local.graphs()[:1]
    with serving(proxy(oxigraph, hang_on=3)) as base:
        started = time.monotonic()
        with pytest.raises(PushError) as caught:
            push(local, f"{base}/update", graph_store=f"{base}/store", graphs=graphs, timeout=5)
        elapsed = time.monotonic() - started
    assert elapsed < NO_HANG
    assert f"PUT {base}/store: no answer within 5 s (ReadTimeout)" in str(caught.value)
    assert (graphs[:2], graphs[2], graphs[3:]) == (caught.value.replaced, caught.value.failed,
                                                   caught.value.untouched)
    assert {g: local.count(g) if i < 2 else 0 for i, g in enumerate(graphs)} == _counts(oxigraph, graphs)


# --- options ---------------------------------------------------------------------------------

def test_timeout_default_and_check(store_dir: Path) -> None:
    """`kg push --timeout` defaults to the library's 30 s and refuses 0 seconds (exit 2)."""
    assert 30.0 == PUSH_TIMEOUT == TIMEOUT_SECONDS
    result = kg(store_dir, "push", "--endpoint", "http://127.0.0.1:9/update", "--timeout", "0")
    assert 2 == result.exit_code
    assert "--timeout" in result.output
