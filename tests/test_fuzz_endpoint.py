"""Fuzzing the endpoint's request handling, against a real server on a loopback port.

SPARQL texts built from a grammar of tokens (keywords in several spellings, IRIs, prefixed
names with escapes, strings with quotes and ``#``, comments, ``\\u`` escapes, nested braces)
are sent by GET, form POST and direct POST; ``/id/{kind}/{key}`` paths carry arbitrary bytes
and query strings. Every answer must have a status below 500 (a 503 at the time limit is
allowed) and no Python traceback in its body; the ``/id/`` pages show no parser text and
escape what the path held; and a loopback listener named by ``SERVICE``, ``LOAD``, ``FROM``
and the graph parameters in every spelling never receives a connection.

Inputs are hypothesis-generated (``derandomize=True``: CI sends the same requests every time)
plus a fixed corpus of spellings. Failures are collected, not raised at the first one: the
assertion lists each distinct failure once with its shortest request. The tests marked slow
send a few hundred requests each (CI); the unmarked ones are a smoke subset.
"""

from __future__ import annotations

import re
import socket
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from fuzzing import run_generated
from hypothesis import strategies as st
from loopback import SPARQL_EMPTY_SOLUTION, Listener, LiveServer

from kg.server import create_app

SETTINGS = {"query_time_limit_ms": 5000, "query_workers": 2, "max_returned_rows": 100,
            "max_request_bytes": 200_000}
SMOKE_QUERIES, SLOW_QUERIES = 40, 400
SMOKE_PATHS, SLOW_PATHS = 40, 400

#: What only a Python traceback or an exception's text would put in a body.
TRACEBACK = ("Traceback (most recent call last)", '.py", line', "pyparsing", "pyoxigraph",
             "rdflib.", "RecursionError", "Internal Server Error")
#: What only a SPARQL parser's message would put in a body (an /id/ path is no query).
PARSER = re.compile(r"error at \d+:\d+|SPARQL syntax error|expected one of|Expected [{\"']"
                    r"|ParseException|query failed")
#: A marker in paths: an HTML answer must show it escaped.
MARKER = "<kgfuzz>"


# --- the listener and the server ---------------------------------------------------------------

@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """The loopback listener no request may make the server connect to."""
    with Listener(SPARQL_EMPTY_SOLUTION) as live:
        yield live


@pytest.fixture(scope="module")
def http(served_store_dir: Path) -> Iterator[httpx.Client]:
    """A client of the endpoint over data/wilson (this module's copy), on a loopback port."""
    with LiveServer(create_app(served_store_dir, SETTINGS), log_level="critical") as live, \
            httpx.Client(base_url=live.url, timeout=120) as client:
        yield client


# --- judging answers ----------------------------------------------------------------------------

@dataclass
class Findings:
    """Each distinct failure once (signature -> detail, shortest request) and the requests sent."""

    sent: int = 0
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)

    def fail(self, signature: str, detail: str, request: str) -> None:
        """Note a failure; keep the shortest request of each signature."""
        self.counts[signature] += 1
        known = self.failures.get(signature)
        if known is None or len(request) < len(known[1]):
            self.failures[signature] = (detail, request)

    def check(self, listener: Listener, request: str, send: Callable[[], httpx.Response],
              page: bool) -> None:
        """Send one request and judge its answer (``page``: an /id/ or HTML page, where parser
        text must not show and the path must come back escaped)."""
        before = len(listener.connections)
        response = send()
        self.sent += 1
        status, body = response.status_code, response.text
        if status >= 500 and status != 503:
            self.fail(f"status {status}: {_gist(body)}", body[:300], request)
        if marks := [m for m in TRACEBACK if m in body]:
            self.fail(f"traceback text in a {status} answer ({marks[0]})", body[:300], request)
        if page and (m := PARSER.search(body)):
            self.fail(f"parser text in a {status} answer ({m[0]})", body[:300], request)
        if page and MARKER in body and "html" in response.headers.get("content-type", ""):
            self.fail("the path unescaped in an HTML page", body[:300], request)
        if len(listener.connections) > before:
            self.fail("the server connected to the listener", repr(listener.connections[before][:200]),
                      request)

    def assert_none(self) -> None:
        """Fail listing every distinct failure in full."""
        if self.failures:
            lines = [f"- {signature} ({self.counts[signature]} requests; the shortest below)\n"
                     f"    answer: {detail!r}\n    request: {request[:600]!r}"
                     for signature, (detail, request) in sorted(self.failures.items())]
            pytest.fail(f"{len(self.failures)} distinct failures in {self.sent} requests:\n"
                        + "\n".join(lines), pytrace=False)


def _gist(body: str) -> str:
    """What an error answer says, for telling failures apart: an HTML page's title, else the
    first line, without numbers."""
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    text = title[1] if title else (body.strip().splitlines() or [""])[0]
    return re.sub(r"\d+", "N", text)[:80]



def sparql_request(http: httpx.Client, method: str, query: str,
                   extra: tuple[tuple[str, str], ...] = ()) -> Callable[[], httpx.Response]:
    """A protocol request carrying ``query``: ``get``, ``form`` (POST) or ``direct`` (POST)."""
    if method == "get":
        return lambda: http.get("/sparql", params=[("query", query), *extra])
    if method == "form":
        return lambda: http.post("/sparql", data={"query": query, **dict(extra)})
    return lambda: http.post("/sparql", params=list(extra), content=query.encode(),
                             headers={"content-type": "application/sparql-query"})


# --- SPARQL texts from a grammar of tokens -------------------------------------------------------

def targets(port: int) -> tuple[str, ...]:
    """The listener's URL in many spellings (numeric hosts, escapes, prefixed and relative)."""
    here = f"127.0.0.1:{port}"
    return (f"<http://{here}/sparql>", f"<http://127.1:{port}/>", f"<http://2130706433:{port}/>",
            f"<http://0x7f.0.0.1:{port}/>", f"<HTTP://{here}/>", f"<http\\u003A//{here}/>",
            f"<\\u0068ttp://{here}/>", f"<\\U00000068ttp://{here}/x>", f"<http://{here}/%2e%2e/>",
            f"<http://u:p@{here}/>", f"<http://{here}/a#b>", "loop:x", "loop:", "<rel>", "?svc",
            f"<http://[::ffff:127.0.0.1]:{port}/>", f"<http://{here}/\\u0023>", "cw:x\\#y")


KEYWORDS = ("SERVICE", "service", "SeRvIcE", "S\\u0045RVICE", "\\u0053ERVICE", "SERVICE SILENT",
            "service silent", "SERVICE\tSILENT", "SERVICE#c\n")
#: Tokens that a lexical scan can take for the start of a comment or a string when they are not.
CONFUSERS = (
    "BIND(ex:a\\# AS ?q1)", "BIND(ex:a\\' AS ?q2)", 'BIND(ex:a\\" AS ?q3)', "BIND(cw:a\\# AS ?q4)",
    "BIND(skos:x\\' AS ?q5)", "?s ex:p\\#q ?o .", "BIND(ex:a\\#\\' AS ?q6)", "BIND(:a\\# AS ?q7)",
    'BIND("a#b" AS ?q8)', "BIND('a\\'#' AS ?q9)", 'BIND("""x"y#""" AS ?q10)', "BIND('''x'y''' AS ?q11)",
    'BIND("\\u0022#" AS ?q12)', "BIND(<http://e/#x> AS ?q13)", "# a comment with \" and ' and {\n",
    'FILTER(?x != "}")', "VALUES ?v { 'x' \"y\" }", "BIND(ex:a%23 AS ?q14)", "BIND(ex:\\# AS ?q15)",
    'BIND("x"@en AS ?q16)', 'BIND("x"^^ex:t\\# AS ?q17)', "BIND('\\u0027' AS ?q18)",
    'BIND("\\\\" AS ?q19)', "BIND(ex:a\\~\\.\\-\\!\\$\\&\\(\\)\\*\\+\\,\\;\\=\\/\\?\\@\\% AS ?q20)",
)
WRAPPERS = ("{}", "OPTIONAL {{ {} }}", "{{ {} }} UNION {{ ?a ?b ?c }}", "MINUS {{ {} }}",
            "FILTER EXISTS {{ {} }}", "FILTER NOT EXISTS {{ {} }}", "{{ SELECT * WHERE {{ {} }} LIMIT 1 }}",
            "GRAPH ?g {{ {} }}", "{{ {} }}", "OPTIONAL {{ ?x ?y ?z . {} }}")
FORMS = ("SELECT * WHERE", "select ?q1 where", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE",
         "DESCRIBE ?s WHERE", "SELECT (COUNT(*) AS ?n) WHERE", "SELECT * FROM <loop:g> WHERE",
         "SELECT DISTINCT * WHERE")
SEPARATORS = (" ", "\n", "\t", "\r\n", " #c\n", "\n#}\n", "")
SOUP = ("SELECT", "*", "WHERE", "{", "}", "(", ")", ".", ";", ",", '"', "'", "#", "<", ">", "?s", "?p",
        "?o", "LOAD", "INSERT", "DATA", "CLEAR", "DROP", "GRAPH", "INTO", "SILENT", "FILTER", "BIND",
        "AS", "\\u0053", "\\", '"""', "'''", "ex:", "ex:a\\#", "PREFIX", "BASE", "UNION", "OPTIONAL",
        "<<", ">>", "^^", "@en", "1e9999", "99999999999999999999", "\n", "FROM", "NAMED", "WITH")


def _prologue(port: int, base: bool) -> str:
    here = f"http://127.0.0.1:{port}/"
    return (f"PREFIX loop: <{here}> PREFIX ex: <http://e/> PREFIX : <http://e/#>"
            + (f" BASE <{here}>" if base else "") + " ")


@st.composite
def sparql_texts(draw: st.DrawFn, port: int) -> str:
    """A query: mostly one calling the listener by SERVICE after tokens a lexical scan may
    misread, in nested groups, with its own separators; else a soup of tokens, or an update."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        tokens = st.sampled_from(SOUP + targets(port) + KEYWORDS + CONFUSERS) | st.text(max_size=8)
        return " ".join(draw(st.lists(tokens, max_size=30)))
    if kind == 1:
        target = draw(st.sampled_from(targets(port)))
        return _prologue(port, True) + draw(st.sampled_from((
            f"LOAD {target}", f"load silent {target} INTO GRAPH <urn:g>", f"LO\\u0041D {target}",
            f"CLEAR ALL ; LOAD {target}", f"ADD {target} TO DEFAULT", f"COPY {target} TO <urn:g>")))
    sep = draw(st.sampled_from(SEPARATORS)) or " "
    target = draw(st.sampled_from(targets(port)))
    clause = sep.join((draw(st.sampled_from(KEYWORDS)), target,
                       draw(st.sampled_from(("{ ?s ?p ?o }", "{ }", "{ ?s ?p << ?a ?b ?c >> }",
                                             "{ ?s ?p ?o } . ?s ?p ?o")))))
    for wrapper in draw(st.lists(st.sampled_from(WRAPPERS), max_size=3)):
        clause = wrapper.format(clause)
    binding = f"BIND(<http://127.0.0.1:{port}/> AS ?svc)" if target == "?svc" else ""
    pieces = [_prologue(port, draw(st.booleans())) + draw(st.sampled_from(FORMS)), "{",
              *draw(st.lists(st.sampled_from(CONFUSERS), max_size=3)), binding, clause, "}"]
    form_ask = pieces[0].endswith("ASK")
    return sep.join(pieces) + ("" if form_ask else f"{sep}LIMIT 1")


def deep(port: int, depth: int) -> str:
    """A SERVICE call under ``depth`` nested groups."""
    return ("SELECT * WHERE " + "{" * depth + f" SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} "
            + "}" * depth)


#: The corpus of spellings: the probe's cases and their relatives (``{url}`` is the listener).
SPELLINGS = (
    "PREFIX ex: <http://e/> SELECT * {{ BIND(ex:a\\# AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX ex: <http://e/> SELECT * {{ BIND(ex:a\\' AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ BIND(cw:a\\# AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ BIND(skos:a\\' AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?s cw:p\\#x ?o . SERVICE <{url}> {{ ?s ?p ?o }} }} LIMIT 1",
    "SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * {{ service silent <{url}> {{ }} }}",
    "SELECT * {{ S\\u0045RVICE <{url}> {{ }} }}",
    "SELECT * {{ SERVICE <{url_escaped}> {{ }} }}",
    "PREFIX l: <{url}> SELECT * {{ SERVICE l:x {{ }} }}",
    "BASE <{url}> SELECT * {{ SERVICE <x> {{ }} }}",
    "SELECT * {{ BIND('''a'b''' AS ?q) SERVICE <{url}> {{ }} }}",
    'SELECT * {{ BIND("a#" AS ?q) SERVICE <{url}> {{ }} }}',
    "SELECT * {{ # }} \n SERVICE <{url}> {{ }} }}",
    "SELECT * {{ OPTIONAL {{ {{ SERVICE <{url}> {{ }} }} UNION {{ }} }} }}",
    "ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ }} }} }}",
    "SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ }} }} }} }}",
    "SELECT * {{ VALUES ?svc {{ <{url}> }} SERVICE ?svc {{ }} }}",
    "SELECT * FROM <{url}> {{ ?s ?p ?o }} LIMIT 1",
    "SELECT * FROM NAMED <{url}> {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
    "LOAD <{url}>",
    "LOAD SILENT <{url}> INTO GRAPH <urn:g>",
    "PREFIX ex: <http://e/> LOAD <{url}> ; INSERT DATA {{ ex:a\\# ex:b ex:c }}",
    "DESCRIBE <{url}>",
    "CONSTRUCT {{ ?s ?p ?o }} {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
)


@pytest.fixture(scope="module")
def corpus(listener: Listener) -> list[str]:
    """The spellings with the listener's URL filled in, and the deeply nested ones."""
    url = f"http://127.0.0.1:{listener.port}/sparql"
    escaped = url.replace("h", "\\u0068", 1)
    return [s.format(url=url, url_escaped=escaped) for s in SPELLINGS] + \
        [deep(listener.port, depth) for depth in (50, 500, 5000)]


@pytest.mark.parametrize("method", ["get", "form", "direct"])
def test_service_in_every_spelling_never_reaches_the_listener(
        http: httpx.Client, listener: Listener, corpus: list[str], method: str) -> None:
    """The corpus of SERVICE, LOAD and FROM spellings (escaped prefixed names, predeclared
    prefixes, comments, strings, \\u escapes, nesting up to 5,000 groups), sent by GET, form POST
    and direct POST: no answer is a server error or a traceback, and nothing connects to the
    listener they name."""
    findings = Findings()
    for query in corpus:
        findings.check(listener, f"{method} {query}", sparql_request(http, method, query), page=False)
    findings.assert_none()
    assert len(corpus) == findings.sent


def test_graph_parameters_naming_the_listener_fetch_nothing(http: httpx.Client, listener: Listener) -> None:
    """default-graph-uri and named-graph-uri naming the listener select graphs, never fetch them."""
    url = f"http://127.0.0.1:{listener.port}/"
    findings = Findings()
    for name in ("default-graph-uri", "named-graph-uri"):
        for method in ("get", "form", "direct"):
            findings.check(listener, f"{method} {name}={url}",
                           sparql_request(http, method, "SELECT * { ?s ?p ?o } LIMIT 1", ((name, url),)),
                           page=False)
    findings.assert_none()


def _fuzz_sparql(http: httpx.Client, listener: Listener, examples: int) -> Findings:
    findings = Findings()
    strategy = st.tuples(sparql_texts(listener.port), st.sampled_from(("get", "form", "direct")))
    run_generated(strategy, examples, lambda drawn: findings.check(
        listener, f"{drawn[1]} {drawn[0]}", sparql_request(http, drawn[1], drawn[0]), page=False))
    return findings


def test_generated_queries_never_reach_the_listener(http: httpx.Client, listener: Listener) -> None:
    """40 generated queries (the smoke subset of the slow test below): no server error, no
    traceback, no connection to the listener."""
    findings = _fuzz_sparql(http, listener, SMOKE_QUERIES)
    findings.assert_none()
    assert SMOKE_QUERIES == findings.sent


@pytest.mark.slow
def test_four_hundred_generated_queries_never_reach_the_listener(http: httpx.Client,
                                                                 listener: Listener) -> None:
    """400 queries from the grammar of tokens (SERVICE after escaped prefixed names, strings and
    comments, in nested groups, in every spelling of the listener's URL; LOAD and its relatives;
    token soup), each by GET, form POST or direct POST: every answer is below 500 (or a 503),
    none shows a traceback, and nothing ever connects to the listener."""
    findings = _fuzz_sparql(http, listener, SLOW_QUERIES)
    findings.assert_none()
    assert SLOW_QUERIES == findings.sent


# --- /id/ paths with arbitrary bytes ------------------------------------------------------------

KINDS = ("person", "org", "place", "message", "archive", "graph", "source", "pseudonym", "event",
         "", "PERSON", "%FF", "..", "%2F", MARKER)


def nasty_keys(port: int) -> tuple[bytes, ...]:
    """Keys a path may carry, as bytes (percent-encoded when sent): not UTF-8, NUL, markup,
    keys closing the IRI to call SERVICE, IRI-breaking characters, traversal, long."""
    text = ("stalin", "wilson-112696", "\x00", MARKER, f"<script>{MARKER}</script>",
            f"x> }} SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} #",
            f"x> . }} }} SERVICE <http://127.0.0.1:{port}/> {{ ?a ?b ?c }} {{ {{ <x",
            f'x" }} SERVICE <http://127.0.0.1:{port}/> {{ }} #', "a b", '"', "'", "\\", "{", "}",
            "|", "^", "`", "#", "?", "%", "%zz", "Ж", "../../etc/passwd", "a/b/c", "", "x" * 5000,
            "\u2028", "\ufeff", "[/bold]", ":x:", "\\u003E", "x\\> } #")
    return (*(t.encode() for t in text), b"\xff", b"\xed\xa0\x80", b"\xc0\xaf", b"\xff\xfe<")


@st.composite
def id_requests(draw: st.DrawFn, port: int) -> tuple[str, str, str | None]:
    """A method, a path ``/id/{kind}/{key}?{query}`` and an Accept header."""
    kind = quote(draw(st.sampled_from(KINDS) | st.text(max_size=6)), safe="%")
    raw = draw(st.sampled_from(nasty_keys(port)) | st.binary(max_size=40))
    key = quote(raw, safe=draw(st.sampled_from(("", "/", "/:@!$&'()*+,;="))))
    query = draw(st.sampled_from(("", "?format=ttl", "?format=jsonld", f"?format={quote(MARKER)}",
                                  "?format=%FF", "?a=%00&b", "?" + quote(MARKER))))
    accept = draw(st.sampled_from((None, "text/html", "text/turtle", "application/ld+json",
                                   "application/n-triples", "*/*", "image/png", "text/html;q=0, */*;q=0.1",
                                   "\x7f;;q=x")))
    return draw(st.sampled_from(("GET", "GET", "HEAD"))), f"/id/{kind}/{key}{query}", accept


def _send_path(http: httpx.Client, method: str, path: str, accept: str | None) -> Callable[[], httpx.Response]:
    headers = {"accept": accept} if accept is not None else {}
    return lambda: http.request(method, path, headers=headers)


def _fuzz_paths(http: httpx.Client, listener: Listener, examples: int) -> Findings:
    findings = Findings()

    def check(drawn: tuple[str, str, str | None]) -> None:
        method, path, accept = drawn
        findings.check(listener, f"{method} {path} (Accept: {accept})",
                       _send_path(http, method, path, accept), page=True)

    run_generated(id_requests(listener.port), examples, check)
    return findings


def test_generated_id_paths_answer_without_server_errors(http: httpx.Client, listener: Listener) -> None:
    """40 generated /id/ paths (the smoke subset of the slow test below): below 500, no
    traceback or parser text, the path escaped in HTML, no connection to the listener."""
    findings = _fuzz_paths(http, listener, SMOKE_PATHS)
    findings.assert_none()
    assert SMOKE_PATHS == findings.sent


@pytest.mark.slow
def test_four_hundred_id_paths_answer_without_server_errors(http: httpx.Client, listener: Listener) -> None:
    """400 /id/{kind}/{key} paths with arbitrary bytes, keys crafted to close the IRI and call
    SERVICE, query strings and Accept headers, by GET and HEAD: every answer is below 500 (or a
    503), shows no traceback and no parser text, escapes the path in HTML, and nothing connects
    to the listener."""
    findings = _fuzz_paths(http, listener, SLOW_PATHS)
    findings.assert_none()
    assert SLOW_PATHS == findings.sent


@pytest.mark.parametrize("raw", [b"/id/person/\xff", b"/id/person/\x00", b"/id/person/<kgfuzz>",
                                 b"/id/\xff/x", b"/id/person/a b", b'/id/person/"', b"/id/person/%",
                                 b"/id/person/x%3E%20%7D%20SERVICE", b"/id/person/\xd0\x96"])
def test_raw_bytes_in_the_request_line_get_no_server_error(http: httpx.Client, listener: Listener,
                                                          raw: bytes) -> None:
    """Bytes no client would percent-encode, sent raw in the request line: the answer (from the
    HTTP parser or the app) is below 500, without a traceback or parser text."""
    host, port = str(http.base_url.host), int(http.base_url.port or 80)
    before = len(listener.connections)
    with socket.create_connection((host, port), timeout=60) as conn:
        conn.sendall(b"GET " + raw + b" HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n"
                     b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body_bytes = answer.partition(b"\r\n\r\n")
    body = body_bytes.decode("utf-8", "replace")
    assert re.match(rb"HTTP/1\.[01] [1-4]\d\d ", head), head
    assert ([], None) == ([m for m in TRACEBACK if m in body], PARSER.search(body))
    if b"text/html" in head.lower():
        assert MARKER not in body
    assert before == len(listener.connections)


# --- the checks can fail ----------------------------------------------------------------------

def test_oxigraph_alone_would_reach_the_listener() -> None:
    """The engine the server runs does call a SERVICE on its own, and a listener notes it: the
    listener checks above could see a leak (this store is in memory, apart from the server's)."""
    with Listener(SPARQL_EMPTY_SOLUTION) as listener:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
        result = ox.Store().query(query)
        assert isinstance(result, ox.QuerySolutions)
        assert 1 == len(list(result))
        assert [True] == [c.startswith(b"POST /x ") for c in listener.connections]
