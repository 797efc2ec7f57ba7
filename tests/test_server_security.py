"""The endpoint cannot be turned against its network: no spelling of ``SERVICE`` makes the
server connect anywhere, ``/id/`` paths are validated and bound (never pasted into SPARQL),
deep queries get 400, long GETs get what the docs promise, and no request header reaches a
description. Against the server ``kg serve`` runs (:func:`kg.server.make_server`) on a
loopback port, over data/wilson, with a listener on another loopback port that counts every
connection made to it.

The SPARQL texts below are written for testing; none is archive text.
"""

from __future__ import annotations

import random
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from loopback import Listener, LiveServer

from kg.errors import RequestRefused
from kg.iris import KIND_PREFIXES, default_minter
from kg.namespace import PREFIXES
from kg.server import make_server
from kg.server.checks import MAX_NESTING, check_query, nesting, unescape_codepoints

SETTINGS = {"query_time_limit_ms": 20_000, "query_workers": 2, "max_returned_rows": 100,
            "max_request_bytes": 1_000_000}
METHODS = ("get", "form", "direct")
#: What only a parser's or Python's own message would put in an answer.
PARSER_TEXT = re.compile(r"error at \d+:\d+|SPARQL syntax error|Expected |ParseException|"
                         r"Traceback|pyparsing|pyoxigraph|RecursionError|query failed")


# --- the listener and the server ----------------------------------------------------------------
@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """The loopback listener no request to the endpoint may make the server connect to."""
    with Listener() as live:
        yield live


@pytest.fixture(scope="module")
def store_dir(served_store_dir: Path) -> Path:
    """data/wilson built and reasoned (this module's copy)."""
    return served_store_dir


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[LiveServer]:
    """The server `kg serve` runs, on a free loopback port; the store keeps every quad."""
    before = len(ox.Store.read_only(str(store_dir)))
    with LiveServer(make_server(store_dir, settings=SETTINGS, log_level="warning")) as live:
        yield live
    assert before == len(ox.Store.read_only(str(store_dir)))


@pytest.fixture(scope="module")
def http(server: LiveServer) -> Iterator[httpx.Client]:
    """A client of the server."""
    with httpx.Client(base_url=server.url, timeout=120) as client:
        yield client


def send(http: httpx.Client, method: str, query: str) -> httpx.Response:
    """``query`` by GET, form POST or direct POST (SPARQL 1.1 Protocol §2.1.1-3)."""
    if method == "get":
        return http.get("/sparql", params={"query": query})
    if method == "form":
        return http.post("/sparql", data={"query": query})
    return http.post("/sparql", content=query.encode(),
                     headers={"content-type": "application/sparql-query"})


def refused_everywhere(http: httpx.Client, listener: Listener, query: str,
                       statuses: tuple[int, ...] = (403,)) -> None:
    """``query`` by each method gets one of ``statuses`` with our own sentence, and nothing
    connects to the listener."""
    before = listener.count
    for method in METHODS:
        response = send(http, method, query)
        assert response.status_code in statuses, (method, response.status_code, response.text)
        assert not PARSER_TEXT.search(response.text), response.text
    assert before == listener.settled()


# --- a corpus of SERVICE spellings --------------------------------------------------------------
KEYWORDS = ("SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "service\tsilent",
            "SERVICE#c\nSILENT", "SERVICE#c\rSILENT")
TARGETS = ("<{url}>", "tgt:x", ":x")
PRELUDES = ("", "BIND(ex:a\\# AS ?q)", "BIND(ex:a\\' AS ?q)", "BIND(person:a\\# AS ?q)",
            "BIND(cw:a\\' AS ?q)", "# note\r", "BIND(\"it's # here\" AS ?q)",
            "BIND('say \"#\"' AS ?q)", "BIND('''long \" # ''' AS ?q)", "BIND(<http://e/#> AS ?q)",
            "BIND(\"\\u0022\" AS ?q)", "BIND(\"\\\\\" AS ?q)", "?a ?b ?c OPTIONAL { ?c ex:p\\#q ?d }")
SEPARATORS = (" ", "\n", "\r", "\t", "#c\r", "#c\n", "")
CONTEXTS = ("{s}", "OPTIONAL {{ {s} }}", "{{ ?a ?b ?c }} UNION {{ {s} }}", "MINUS {{ {s} }}",
            "FILTER EXISTS {{ {s} }}", "FILTER NOT EXISTS {{ {s} }}", "{{ SELECT * WHERE {{ {s} }} }}",
            "{{ {{ {{ {s} }} }} }}", "GRAPH ?g {{ {s} }}")
#: Spellings Oxigraph itself does not run (code-point escapes outside strings, a variable
#: service, a double quote escaped in a name): refused or failing all the same.
ODD = ("SELECT * {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
       "SELECT * {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}",
       "SELECT * {{ \\U00000073ervice <{url}> {{ ?s ?p ?o }} }}",
       "SELECT * {{ VALUES ?svc {{ <{url}> }} SERVICE ?svc {{ ?s ?p ?o }} }}",
       "SELECT * {{ BIND(<{url}> AS ?svc) SERVICE ?svc {{ ?s ?p ?o }} }}",
       "SELECT * {{ SERVICE$svc {{ ?s ?p ?o }} VALUES ?svc {{ <{url}> }} }}",
       "SELECT * {{ BIND(ex:a\\\" AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} }}",
       "SELECT * {{ BIND(\"\\u0022 AS ?q) SERVICE <{url}> {{ ?s ?p ?o }} BIND(\\u0022\" AS ?r) }}")


def spelling(url: str, keyword: str, target: str, prelude: str, separator: str,
             context: str) -> str:
    """One query calling ``url`` by SERVICE after ``prelude``, in ``context``."""
    base = url.rsplit("/", 1)[0] + "/"
    clause = f"{keyword}{separator}{target}{separator or ' '}{{ ?s ?p ?o }}"
    head = f"PREFIX ex: <http://e/> PREFIX tgt: <{base}> PREFIX : <{base}> "
    return (head + "SELECT * WHERE { " + prelude + " " + context.format(s=clause) + " }"
            ).replace("{url}", url)


def corpus(url: str) -> list[str]:
    """Every value of each dimension at least once with the others plain, 60 seeded mixes,
    the ``service:`` prefix read as the keyword, and the odd spellings."""
    dimensions = (KEYWORDS, TARGETS, PRELUDES, SEPARATORS, CONTEXTS)
    plain = tuple(d[0] for d in dimensions)
    combos = {plain[:i] + (value,) + plain[i + 1:]
              for i, values in enumerate(dimensions) for value in values}
    rng = random.Random(12)
    combos |= {tuple(rng.choice(d) for d in dimensions) for _ in range(60)}
    queries = [spelling(url, *combo) for combo in sorted(combos)
               if not (combo[3] == "" and combo[1] != "<{url}>")]
    base = url.rsplit("/", 1)[0] + "/"
    queries += [f"PREFIX : <{base}> SELECT * {{ {context.format(s='service:x { ?s ?p ?o }')} }}"
                for context in CONTEXTS[:3]]
    return queries + [odd.format(url=url) for odd in ODD]


def reaches_listener(query: str, listener: Listener) -> bool:
    """Whether Oxigraph alone, on a store in memory holding one triple, connects to the
    listener."""
    before = listener.count
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o")))
    try:
        result = store.query(query, prefixes={**PREFIXES, **default_minter().prefixes()})
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    return listener.settled(since=before, wait_s=0.1) > before


def test_the_corpus_would_reach_the_listener_without_the_checks() -> None:
    """Oxigraph alone connects to the listener for at least 90 of the corpus's spellings (the
    probe's cases among them): the endpoint test below could see a leak."""
    listener = Listener()
    try:
        queries = corpus(listener.url)
        live = [q for q in queries if reaches_listener(q, listener)]
    finally:
        listener.close()
    assert len(queries) >= 100
    assert len(live) >= 90, len(live)
    assert spelling(listener.url, "SERVICE", "<{url}>", "BIND(ex:a\\# AS ?q)", " ", "{s}") in live


@pytest.mark.parametrize("method", METHODS)
def test_no_service_spelling_reaches_the_listener(http: httpx.Client, listener: Listener,
                                                  method: str) -> None:
    """Every query of the corpus (case, escapes, escaped prefixed names, predeclared prefixes,
    comments, quotes and # in strings, SILENT, variables, OPTIONAL/UNION/MINUS/FILTER
    EXISTS/subqueries/nesting) gets 403, or 400 when it cannot be checked, with our own
    sentence; the listener receives no connection."""
    before = listener.count
    statuses = []
    for query in corpus(listener.url):
        response = send(http, method, query)
        assert response.status_code in (400, 403), (query, response.text)
        assert not PARSER_TEXT.search(response.text), (query, response.text)
        statuses.append(response.status_code)
    assert before == listener.settled()
    assert statuses.count(403) > len(statuses) * 0.8


# --- the probe's cases, one regression test each --------------------------------------------------
def test_escaped_hash_in_a_prefixed_name_no_longer_hides_service(http: httpx.Client,
                                                                 listener: Listener) -> None:
    """The probe's case: ``ex:a\\#`` made the lexical check read the rest as a comment and
    Oxigraph fetched the URL; now 403 by GET, form POST and direct POST, no connection."""
    refused_everywhere(http, listener, "PREFIX ex: <http://e/> SELECT * { BIND(ex:a\\# AS ?q) "
                                       f"SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")


def test_escaped_quote_in_a_prefixed_name_no_longer_hides_service(http: httpx.Client,
                                                                  listener: Listener) -> None:
    """The probe's case ``ex:a\\'`` (the lexical check read a string): 403, no connection."""
    refused_everywhere(http, listener, "PREFIX ex: <http://e/> SELECT * { BIND(ex:a\\' AS ?q) "
                                       f"SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")


def test_predeclared_prefix_with_an_escape_no_longer_hides_service(http: httpx.Client,
                                                                   listener: Listener) -> None:
    """The probe's case with a predeclared prefix (``person:a\\#``, no PREFIX line): 403."""
    refused_everywhere(http, listener, "SELECT * { BIND(person:a\\# AS ?q) "
                                       f"SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")


def test_comment_ended_by_a_carriage_return_does_not_hide_service(http: httpx.Client,
                                                                  listener: Listener) -> None:
    """Oxigraph ends a comment at a carriage return where rdflib's grammar reads on to the
    line feed: the check reads it as Oxigraph does, 403."""
    refused_everywhere(http, listener, f"SELECT * {{ # note\r SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")


def test_service_colon_prefixed_name_is_read_as_the_keyword(http: httpx.Client,
                                                            listener: Listener) -> None:
    """``service:x { ... }`` is SERVICE with the empty prefix's ``:x`` to Oxigraph: 403."""
    base = listener.url.rsplit("/", 1)[0] + "/"
    refused_everywhere(http, listener, f"PREFIX : <{base}> SELECT * {{ service:x {{ ?s ?p ?o }} }}")


def test_service_inside_filter_exists_is_refused(http: httpx.Client, listener: Listener) -> None:
    """A SERVICE clause inside FILTER EXISTS (Oxigraph runs it per solution): 403."""
    refused_everywhere(http, listener, f"ASK {{ FILTER EXISTS {{ SERVICE <{listener.url}> {{ }} }} }}")


def test_update_spellings_are_refused_and_load_fetches_nothing(http: httpx.Client,
                                                               listener: Listener) -> None:
    """Updates in several spellings, LOAD of the listener's URL among them: 403 by every
    method, nothing fetched, nothing written (the store's quads are counted by the fixture)."""
    for update in (f"LOAD <{listener.url}>", f"load silent <{listener.url}> into graph <urn:g>",
                   f"PREFIX ex: <http://e/> LOAD <{listener.url}> ; INSERT DATA {{ ex:a\\# ex:b ex:c }}",
                   "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "# comment\rDROP ALL",
                   f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"):
        refused_everywhere(http, listener, update)


def test_from_a_url_names_a_graph_and_fetches_nothing(http: httpx.Client, listener: Listener) -> None:
    """FROM and FROM NAMED with the listener's URL only name graphs of the store (none by that
    name: no rows); nothing connects."""
    before = listener.count
    for query in (f"SELECT * FROM <{listener.url}> {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{listener.url}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"):
        for method in METHODS:
            response = send(http, method, query)
            assert 200 == response.status_code, response.text
            assert [] == response.json()["results"]["bindings"]
    assert before == listener.settled()


@pytest.mark.parametrize("query", [
    'SELECT ?l WHERE { ?x skos:prefLabel ?l FILTER(CONTAINS(?l, "Foreign Service")) } LIMIT 3',
    "SELECT ?service WHERE { BIND(<http://e/service#x> AS ?service) }",
    'SELECT ?q WHERE { BIND(<http://e/#> AS ?q) FILTER(?q != "SERVICE <http://127.0.0.1:9/> {}") }',
    "SELECT ?q WHERE { BIND(ex:service AS ?q) } # SERVICE <http://127.0.0.1:9/> { }",
])
def test_ordinary_queries_mentioning_service_still_run(http: httpx.Client, query: str) -> None:
    """The word in a string, an IRI, a variable, a prefixed name or a comment (also after a
    # on its line, where rdflib's own grammar gives up on a SERVICE clause) is no clause: 200."""
    query = "PREFIX ex: <http://e/> " + query
    for method in METHODS:
        response = send(http, method, query)
        assert 200 == response.status_code, response.text


# --- nesting, length, workers ------------------------------------------------------------------
def test_five_thousand_nested_braces_get_400_and_the_workers_live(http: httpx.Client,
                                                                  server: LiveServer) -> None:
    """The probe's case: 5,000 nested braces killed a query worker (500); now 400 with a
    sentence, before Oxigraph parses it, and the same workers answer the next query."""
    http.get("/sparql", params={"query": "ASK {}"})
    pids = set(server.app.state.pool.pids())
    for query in ("SELECT * " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
                  "SELECT * { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
                  "SELECT * { ?s ?p " + "[ ?p " * 5000 + "1" + " ]" * 5000 + " }"):
        response = http.post("/sparql", data={"query": query})
        assert 400 == response.status_code, response.text
        assert f"more than {MAX_NESTING} deep" in response.text
    assert 200 == http.get("/sparql", params={"query": "ASK {}"}).status_code
    assert pids == set(server.app.state.pool.pids())


def test_a_long_chain_of_operators_is_answered(http: httpx.Client) -> None:
    """12,000 additions in a row (no brackets; 10,000 overflowed an 8 MB stack) are answered:
    the worker evaluates on a deep stack."""
    query = "SELECT ?x WHERE { BIND(" + "+".join(["1"] * 12_000) + " AS ?x) }"
    response = http.post("/sparql", data={"query": query})
    assert 200 == response.status_code, response.text
    assert "12000" == response.json()["results"]["bindings"][0]["x"]["value"]


def raw_get(server: LiveServer, target: str) -> tuple[int, str]:
    """Status and body of ``GET target`` sent over a plain socket (httpx refuses URLs over
    64 kB)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=120) as conn:
        conn.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := conn.recv(1 << 16):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


def test_a_999_kb_get_is_answered_and_a_longer_one_gets_414(server: LiveServer) -> None:
    """The probe's case: a 999 KB GET got 400 from the HTTP layer where the docs promise 414
    only above max_request_bytes (1 MB); now it is answered, and 1.2 MB gets 414."""
    def target_of(size: int) -> str:
        query = "query=" + quote("ASK {} #")
        return "/sparql?" + query + "x" * (size - len(query))

    status, body = raw_get(server, target_of(999_000))
    assert (200, '"boolean":true') == (status, re.sub(r"\s", "", body)[-15:-1])
    status, body = raw_get(server, target_of(1_200_000))
    assert 414 == status
    assert "max_request_bytes" in body


# --- request headers never reach a description ------------------------------------------------
@pytest.mark.parametrize(("path", "accept"), [("/.well-known/void", "text/turtle"),
                                              ("/dataset", "text/html"),
                                              ("/sparql", "text/turtle"),
                                              ("/", "text/html")])
def test_host_header_is_not_copied_into_the_descriptions(http: httpx.Client, server: LiveServer,
                                                         path: str, accept: str) -> None:
    """The probe's case: a Host header of evil.example came back in the VoID description's
    endpoint; now the descriptions name the server's own address, whatever Host says."""
    response = http.get(path, headers={"host": "evil.example", "accept": accept})
    assert 200 == response.status_code
    assert "evil.example" not in response.text
    assert f"{server.url}/sparql" in response.text


# --- /id/ paths -------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["%FF", "%00", "%3Cscript%3Ealert(1)%3C/script%3E", "", "a%20b",
                                 "stalin%3E", "x/y", "%C0%AF"])
def test_id_path_with_bad_bytes_answers_404_without_parser_text(http: httpx.Client,
                                                                key: str) -> None:
    """The probe's case: /id/person/%FF, %00 and <script> answered 500 with the parser's
    text; now 404 with our own page (HTML or text), the path escaped."""
    for accept in ("text/html", "text/turtle"):
        response = http.get(f"/id/person/{key}", headers={"accept": accept})
        assert 404 == response.status_code, response.text
        assert not PARSER_TEXT.search(response.text), response.text
        if accept == "text/html":
            assert "<script>" not in response.text


def test_id_key_crafted_to_call_service_fetches_nothing(http: httpx.Client,
                                                        listener: Listener) -> None:
    """The probe's case: a key closing the IRI and calling SERVICE made the server fetch;
    now the key is refused (404) before any query, and nothing connects."""
    before = listener.count
    for crafted in (f"x> }} SERVICE <{listener.url}> {{ ?s ?p ?o }} #",
                    f"x> . }} }} SERVICE <{listener.url}> {{ ?a ?b ?c }} {{ {{ <x"):
        response = http.get("/id/person/" + quote(crafted, safe=""))
        assert 404 == response.status_code
    assert before == listener.settled()


def test_real_keys_still_answer(http: httpx.Client) -> None:
    """Bound, not pasted, the IRI still finds its description: /id/person/stalin answers 200
    in Turtle and HTML; an unknown kind is 404."""
    assert 200 == http.get("/id/person/stalin", headers={"accept": "text/turtle"}).status_code
    assert 200 == http.get("/id/person/stalin", headers={"accept": "text/html"}).status_code
    assert 404 == http.get("/id/nonsense/stalin").status_code


ID_KINDS = st.sampled_from(sorted(set(KIND_PREFIXES.values()))) | st.text(max_size=8)
ID_KEYS = st.binary(max_size=60) | st.text(max_size=40) | st.sampled_from(
    [b"stalin", b"wilson-112696", b"\xff", b"\x00", b"<script>", b"x> } SERVICE <http://127.0.0.1:9/> {"])


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(kind=ID_KINDS, key=ID_KEYS, accept=st.sampled_from([None, "text/html", "text/turtle",
                                                         "application/ld+json", "*/*"]))
def test_id_paths_with_arbitrary_bytes_never_get_a_server_error(http: httpx.Client, kind: str,
                                                                key: bytes | str,
                                                                accept: str | None) -> None:
    """/id/{kind}/{key} with arbitrary bytes or characters: a 4xx (or 200 for a real key),
    never a 5xx, never a parser's text."""
    path = f"/id/{quote(kind, safe='')}/{quote(key, safe='')}"
    response = http.get(path, headers={"accept": accept} if accept else {})
    assert response.status_code < 500, (path, response.text[:300])
    assert not PARSER_TEXT.search(response.text), (path, response.text[:300])
    if response.status_code == 200 and response.request.url.path.startswith("/id/"):
        text = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
        assert kind in KIND_PREFIXES.values() and re.fullmatch(r"[A-Za-z0-9._~-]+", text)


# --- no route changes anything; CORS -----------------------------------------------------------
def test_no_route_changes_state_so_open_cors_is_read_only(http: httpx.Client, server: LiveServer) -> None:
    """Every route answers GET/HEAD (and /sparql POST, a query only, and OPTIONS); PUT, DELETE
    and PATCH get 405 everywhere, a CORS preflight for them is refused, and one for POST to
    /sparql is allowed."""
    app = server.app
    for route in app.routes:
        methods = getattr(route, "methods", None) or {"GET", "HEAD"}
        allowed = {"GET", "HEAD", "POST", "OPTIONS"} if route.path == "/sparql" else {"GET", "HEAD"}
        assert methods <= allowed, route.path
    for path in ("/sparql", "/", "/query", "/dataset", "/.well-known/void", "/id/person/stalin",
                 "/static/style.css"):
        for method in ("PUT", "DELETE", "PATCH"):
            assert 405 == http.request(method, path, content=b"x").status_code, (method, path)
        if path != "/sparql":
            assert 405 == http.post(path, data={"query": "ASK {}"}).status_code, path
    preflight = {"origin": "https://a.example", "access-control-request-method": "PUT"}
    assert 400 == http.options("/sparql", headers=preflight).status_code
    preflight["access-control-request-method"] = "POST"
    assert 200 == http.options("/sparql", headers=preflight).status_code


# --- the checks themselves ---------------------------------------------------------------------
def test_nesting_counts_brackets_outside_strings_comments_and_iris() -> None:
    """Brackets in strings, comments and IRIs and after an escape do not count; an
    unterminated string ends the count (no parser reads past it)."""
    assert 2 == nesting("SELECT * { FILTER(?x = '{{((') } # {{{{")
    assert 2 == nesting("SELECT * { BIND(<http://e/#((> AS ?x) }")
    assert 2 == nesting('SELECT * { ?s ?p """ (( \\""" (( """ FILTER(1) }')
    assert 1 == nesting("SELECT * { ?s ex:a\\( ?o }")
    assert 3 == nesting("SELECT * { # x\r { { } } }")
    assert 1 == nesting("SELECT * { ?s ?p 'open " + "{" * 500)
    assert MAX_NESTING + 1 == nesting("{" * 5000)


def test_codepoint_escapes_are_undone_as_oxigraph_reads_them() -> None:
    """\\u and \\U escapes become characters; an escaped backslash and a malformed escape stay."""
    assert "SERVICE" == unescape_codepoints("\\u0053ERVIC\\U00000045")
    assert "\\\\u0053" == unescape_codepoints("\\\\u0053")
    assert "\\u00ZZ \\uD800" == unescape_codepoints("\\u00ZZ \\uD800")


@pytest.mark.parametrize("spelling_", ["\\u0053ERVICE", "S\\u0045RVICE", "sErViCe",
                                       "\\U00000073ervice"])
def test_check_query_finds_service_in_any_case_or_escape(spelling_: str) -> None:
    """SERVICE spelt in any case or with code-point escapes is refused (403)."""
    with pytest.raises(RequestRefused) as refused:
        check_query(f"SELECT * {{ {spelling_} <http://127.0.0.1:9/> {{ }} }}")
    assert 403 == refused.value.status


def test_check_query_parses_nothing_without_the_word() -> None:
    """A query without "service" or "from" is not handed to rdflib (ordinary queries cost only
    the scan, even ones rdflib could not read); one with "service" is."""
    from kg.server import checks

    def parses() -> int:
        info = checks._grammars.cache_info()
        return info.hits + info.misses

    before = parses()
    for query in ("SELECT * { ?s ?p << ?a ?b ?c >> }", "SELECT * { ?s ?p ?o } LIMIT 1"):
        assert check_query(query) is False
    assert before == parses()
    assert check_query("SELECT * { ?s ?p 'Foreign Service' }") is False
    assert before < parses()
