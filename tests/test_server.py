"""``kg.server``: the SPARQL 1.1 Protocol endpoint, over a real socket (uvicorn on loopback)
and a real on-disk store built from the sample."""

from __future__ import annotations

import collections
import csv
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pyoxigraph as ox
import pytest
from loopback import Listener, LiveServer
from lxml import etree
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from kg.errors import SettingError
from kg.query.engine import QUERY_DIR, run_query
from kg.server import create_app, describe, get, resolve
from kg.server.evaluate import check_query
from kg.server.settings import SETTINGS, TRUNCATED_HEADER
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SRX = "{http://www.w3.org/2005/sparql-results#}"
JSON_TYPE = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SETTINGS_UNDER_TEST = {"query_time_limit_ms": 1500, "query_workers": 2,
                       "max_returned_rows": 5000, "max_request_bytes": 10_000}


@pytest.fixture(scope="module")
def store_dir(served_store_dir: Path) -> Path:
    """data/wilson built and reasoned into an on-disk store, closed so that it can be opened
    read-only (this module's copy)."""
    return served_store_dir


def quads_on_disk(path: Path) -> int:
    """Quads in the store, counted by a fresh read-only handle."""
    return len(ox.Store.read_only(str(path)))


@pytest.fixture(scope="module")
def server(store_dir: Path) -> Iterator[LiveServer]:
    """The endpoint over the sample store, with small limits; the store must be unchanged
    once it is stopped."""
    before = quads_on_disk(store_dir)
    with LiveServer(create_app(store_dir, SETTINGS_UNDER_TEST)) as live:
        yield live
    assert before == quads_on_disk(store_dir)


@pytest.fixture(scope="module")
def http(server: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client pointed at the live server."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def count_of(response: httpx.Response) -> int:
    assert 200 == response.status_code, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


# --- the three protocol forms --------------------------------------------------------------
def test_get_query_answers_json_by_default(http: httpx.Client, store_dir: Path) -> None:
    """GET /sparql?query= answers SPARQL JSON results over the union of the named graphs."""
    response = http.get("/sparql", params={"query": COUNT})
    assert response.headers["content-type"].startswith(JSON_TYPE)
    with Store(store_dir, read_only=True) as store:
        expected = int(run_query(store, COUNT).rows[0]["n"].value)
    assert expected == count_of(response)
    assert expected > 1000


def test_post_form_and_post_direct_answer_like_get(http: httpx.Client) -> None:
    """A form-encoded POST and a direct application/sparql-query POST answer as GET does."""
    expected = count_of(http.get("/sparql", params={"query": COUNT}))
    assert expected == count_of(http.post("/sparql", data={"query": COUNT}))
    assert expected == count_of(http.post("/sparql", content=COUNT.encode(),
                                          headers={"content-type": "application/sparql-query"}))


def test_project_prefixes_are_predeclared(http: httpx.Client) -> None:
    """cw:, skos: and the other project prefixes work without PREFIX lines, as in kg query."""
    response = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?m a cw:Message }"})
    assert count_of(response) >= 1


def test_dataset_parameters_restrict_the_dataset(http: httpx.Client, store_dir: Path) -> None:
    """default-graph-uri makes one graph the default graph; named-graph-uri limits GRAPH ?g."""
    with Store(store_dir, read_only=True) as store:
        graphs = store.graphs()
        one = max(graphs, key=store.count)
        expected = store.count(one)
    assert len(graphs) > 1
    response = http.get("/sparql", params={"query": COUNT, "default-graph-uri": one})
    assert expected == count_of(response)
    response = http.post("/sparql", data={"query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }",
                                          "named-graph-uri": one})
    assert [one] == [b["g"]["value"] for b in response.json()["results"]["bindings"]]
    # only named graphs given: the default graph is empty
    assert 0 == count_of(http.get("/sparql", params={"query": COUNT, "named-graph-uri": one}))


# --- result formats ------------------------------------------------------------------------
SELECT_SOME = "SELECT ?s ?p ?o WHERE { ?s a cw:Message ; ?p ?o } ORDER BY ?s ?p ?o LIMIT 7"


def test_select_formats_parse(http: httpx.Client) -> None:
    """SELECT answers in SPARQL JSON, XML, CSV and TSV as asked, each parsing to 7 rows."""
    def ask(accept: str) -> httpx.Response:
        response = http.get("/sparql", params={"query": SELECT_SOME}, headers={"accept": accept})
        assert 200 == response.status_code
        assert response.headers["content-type"].startswith(accept)
        return response

    assert 7 == len(ask(JSON_TYPE).json()["results"]["bindings"])
    xml = etree.fromstring(ask("application/sparql-results+xml").content)
    assert 7 == len(xml.findall(f"{SRX}results/{SRX}result"))
    rows = list(csv.reader(io.StringIO(ask("text/csv").text)))
    assert ["s", "p", "o"] == rows[0]
    assert 8 == len(rows)
    tsv = ask("text/tab-separated-values").text.splitlines()
    assert ["?s", "?p", "?o"] == tsv[0].split("\t")
    assert 8 == len(tsv)


def test_accept_quality_values_are_honoured(http: httpx.Client) -> None:
    """The Accept header's q-values pick the format; */* falls back to SPARQL JSON."""
    response = http.get("/sparql", params={"query": SELECT_SOME},
                        headers={"accept": "application/sparql-results+json;q=0.2, text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    response = http.get("/sparql", params={"query": SELECT_SOME}, headers={"accept": "*/*"})
    assert response.headers["content-type"].startswith(JSON_TYPE)


def test_ask_answers_a_boolean(http: httpx.Client) -> None:
    """ASK answers {"boolean": true} in JSON and <boolean>true</boolean> in XML."""
    query = {"query": "ASK { ?m a cw:Message }"}
    assert http.get("/sparql", params=query).json()["boolean"] is True
    xml = etree.fromstring(http.get("/sparql", params=query,
                                    headers={"accept": "application/sparql-results+xml"}).content)
    assert "true" == xml.find(f"{SRX}boolean").text


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"), ("application/n-quads", "nquads"),
])
def test_construct_formats_parse_with_rdflib(http: httpx.Client, accept: str,
                                             rdflib_format: str) -> None:
    """CONSTRUCT answers in each RDF format asked for, and rdflib reads back the 20 triples."""
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a cw:Message ; ?p ?o } ORDER BY ?s ?p ?o LIMIT 20"
    response = http.post("/sparql", data={"query": query}, headers={"accept": accept})
    assert 200 == response.status_code, response.text
    assert response.headers["content-type"].startswith(accept)
    if rdflib_format in ("trig", "nquads"):
        from rdflib import Dataset
        graph: Graph = Dataset()
    else:
        graph = Graph()
    graph.parse(data=response.content, format=rdflib_format)
    assert 20 == len(graph)


def test_describe_answers_turtle(http: httpx.Client) -> None:
    """DESCRIBE of a message answers Turtle that mentions it."""
    query = "DESCRIBE ?m WHERE { ?m a cw:Message } LIMIT 1"
    response = http.get("/sparql", params={"query": query})
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) > 0


def test_unsatisfiable_accept_gets_406(http: httpx.Client) -> None:
    """An Accept header no offered format satisfies gets 406; so does Turtle for a SELECT."""
    assert 406 == http.get("/sparql", params={"query": COUNT},
                           headers={"accept": "image/png"}).status_code
    assert 406 == http.get("/sparql", params={"query": COUNT},
                           headers={"accept": "text/turtle"}).status_code


def test_long_results_are_truncated_with_a_header(http: httpx.Client) -> None:
    """A result longer than max_returned_rows is cut there and marked KG-Truncated: true."""
    response = http.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert 200 == response.status_code
    assert "true" == response.headers[TRUNCATED_HEADER]
    assert 5000 == len(response.json()["results"]["bindings"])
    short = http.get("/sparql", params={"query": SELECT_SOME})
    assert TRUNCATED_HEADER.lower() not in short.headers


# --- service description and CORS -----------------------------------------------------------
def test_service_description_names_the_real_endpoint(http: httpx.Client, server: LiveServer) -> None:
    """GET /sparql without a query describes the service: sd:endpoint is the URL asked,
    SPARQL 1.1 Query, the union default graph, the result formats."""
    response = http.get("/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert URIRef(f"{server.url}/sparql") == graph.value(service, SD.endpoint)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in formats
    assert URIRef("http://www.w3.org/ns/formats/Turtle") in formats
    as_jsonld = http.get("/sparql", headers={"accept": "application/ld+json"})
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(graph) == len(Graph().parse(data=as_jsonld.text, format="json-ld"))


def test_cors_headers_and_preflight(http: httpx.Client) -> None:
    """Answers carry Access-Control-Allow-Origin: *, and an OPTIONS preflight is answered."""
    response = http.get("/sparql", params={"query": COUNT}, headers={"origin": "https://a.example"})
    assert "*" == response.headers["access-control-allow-origin"]
    assert TRUNCATED_HEADER.lower() in response.headers["access-control-expose-headers"].lower()
    preflight = http.options("/sparql", headers={
        "origin": "https://a.example", "access-control-request-method": "POST",
        "access-control-request-headers": "content-type"})
    assert 200 == preflight.status_code
    assert "*" == preflight.headers["access-control-allow-origin"]
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "content-type" in preflight.headers["access-control-allow-headers"].lower()
    assert 204 == http.options("/sparql").status_code


# --- refusals: nothing written, nothing fetched ----------------------------------------------
@pytest.fixture
def listener() -> Iterator[Listener]:
    """A loopback listener that records whether anything connected to it."""
    with Listener() as live:
        yield live


@pytest.mark.parametrize(("name", "request_kwargs", "status"), [
    ("update as query", {"method": "GET", "params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403),
    ("update parameter", {"method": "POST", "data": {"update": "CLEAR ALL"}}, 403),
    ("update by POST", {"method": "POST", "content": b"DROP ALL",
                        "headers": {"content-type": "application/sparql-update"}}, 403),
    ("delete as form query", {"method": "POST", "data": {"query": "DELETE WHERE { ?s ?p ?o }"}}, 403),
    ("malformed", {"method": "GET", "params": {"query": "SELECT ?s WHERE { ?s ?p "}}, 400),
    ("two queries", {"method": "GET", "params": [("query", COUNT), ("query", COUNT)]}, 400),
    ("empty query", {"method": "GET", "params": {"query": " "}}, 400),
    ("not UTF-8", {"method": "POST", "content": b"SELECT * { ?s ?p '\xff' }",
                   "headers": {"content-type": "application/sparql-query"}}, 400),
    ("no content type", {"method": "POST", "content": COUNT.encode()}, 415),
    ("wrong content type", {"method": "POST", "content": COUNT.encode(),
                            "headers": {"content-type": "text/plain"}}, 415),
    ("PUT", {"method": "PUT", "content": b"<a> <b> <c> ."}, 405),
    ("DELETE", {"method": "DELETE"}, 405),
    ("oversized body", {"method": "POST", "data": {"query": COUNT + " #" + "x" * 12_000}}, 413),
    ("oversized URL", {"method": "GET", "params": {"query": COUNT + " #" + "x" * 12_000}}, 414),
    ("bad graph IRI", {"method": "GET", "params": {"query": COUNT, "default-graph-uri": "a b"}}, 400),
])
def test_refusals_are_4xx_and_leave_the_store_alone(http: httpx.Client, store_dir: Path, name: str,
                                                    request_kwargs: dict[str, Any],
                                                    status: int) -> None:
    """Updates, malformed or oversized requests and other methods get a 4xx with a message;
    the store keeps every quad."""
    before = quads_on_disk(store_dir)
    kwargs = dict(request_kwargs)
    response = http.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert status == response.status_code, (name, response.text)
    assert response.text.strip()
    assert before == quads_on_disk(store_dir)


def test_load_is_refused_and_fetches_nothing(http: httpx.Client, listener: Listener) -> None:
    """LOAD <url> is an update: 403, and the URL is never contacted."""
    url = f"http://127.0.0.1:{listener.port}/data.ttl"
    response = http.post("/sparql", data={"query": f"LOAD <{url}>"})
    assert 403 == response.status_code
    assert "Update" in response.text
    assert 0 == listener.settled(since=0)


@pytest.mark.parametrize(("query", "status"), [
    ("SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", 403),
    ("select * { ?x ?y ?z . service silent <{url}> { ?s ?p ?o } }", 403),
    ("SELECT * WHERE { OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } FILTER(?s) }", 403),
    ("SELECT * WHERE { SERVICE <{url}> { ?s ?p << ?a ?b ?c >> } }", 400),  # rdflib cannot parse this
])
def test_service_is_refused_and_fetches_nothing(http: httpx.Client, listener: Listener,
                                                query: str, status: int) -> None:
    """SERVICE to any URL gets 403 and the URL is never contacted; where rdflib's parser
    gives up, a query mentioning SERVICE gets 400, unchecked and unrun."""
    url = f"http://127.0.0.1:{listener.port}/sparql"
    response = http.get("/sparql", params={"query": query.replace("{url}", url)})
    assert status == response.status_code, response.text
    assert "SERVICE" in response.text
    assert 0 == listener.settled(since=0)


@pytest.mark.parametrize("query", [
    'SELECT ?x WHERE { BIND("a SERVICE <http://127.0.0.1:9/> { }" AS ?x) }',
    "SELECT ?x WHERE { BIND('''SERVICE''' AS ?x) } # SERVICE <http://127.0.0.1:9/> {}",
    "SELECT ?service WHERE { BIND(<http://example.org/SERVICE> AS ?service) }",
    'SELECT ?x WHERE { BIND("INSERT DATA { <urn:a> <urn:b> <urn:c> }" AS ?x) }',
])
def test_the_word_service_elsewhere_is_no_clause(http: httpx.Client, query: str) -> None:
    """SERVICE (or an update) in a string, a comment, an IRI or a variable name does not
    refuse the query."""
    response = http.get("/sparql", params={"query": query})
    assert 200 == response.status_code, response.text
    assert 1 == len(response.json()["results"]["bindings"])


def test_check_query_refuses_what_rdflib_cannot_check() -> None:
    """Where rdflib cannot parse, a query mentioning SERVICE anywhere is refused with 400 (no
    lexical guess decides); one that does not mention it is left to Oxigraph."""
    from kg.errors import RequestRefused as Refused
    for query in ("SELECT * { ?s ?p << ?a ?b ?c >> . SERVICE <http://x/> { } }",
                  "SELECT * { ?s ?p << ?a ?b 'SERVICE' >> . ?service ex:SERVICE ?x }"):
        with pytest.raises(Refused) as refused:
            check_query(query)
        assert 400 == refused.value.status
    assert check_query("SELECT * { ?s ?p << ?a ?b ?c >> }") is False


@pytest.mark.parametrize(("query", "own_dataset"), [
    ("SELECT * { ?s ?p ?o }", False),
    ("SELECT * FROM <urn:g> { ?s ?p ?o }", True),
    ("SELECT * FROM NAMED <urn:g> { GRAPH ?g { ?s ?p ?o } }", True),
    ("SELECT ?from { ?from from:p 'FROM' } # FROM <urn:g>", False),
    ("SELECT * FROM <urn:g> { ?s ?p 'DELETE' } # INSERT", True),
    ("SELECT * FROM <urn:g> { ?s ?p ?o } VALUES ?x { 'a' }", True),
])
def test_check_query_tells_whether_the_query_names_its_dataset(query: str, own_dataset: bool) -> None:
    """FROM / FROM NAMED as keywords (not in names, strings or comments) mark a query's own
    dataset, as rdflib's parser reads it."""
    assert own_dataset == check_query(query)


def test_malformed_query_gets_the_parsers_message(http: httpx.Client) -> None:
    """A query that does not parse gets 400 with Oxigraph's message and position."""
    response = http.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p "})
    assert 400 == response.status_code
    assert response.text.startswith("SPARQL syntax error: error at 1:")


# --- time limit ------------------------------------------------------------------------------
def test_runaway_query_is_stopped_while_others_are_answered(http: httpx.Client, server: LiveServer,
                                                            store_dir: Path) -> None:
    """A cross product over all triples gets 503 at the time limit and its worker process is
    killed; a normal query sent meanwhile is answered at once, and afterwards too."""
    count_of(http.get("/sparql", params={"query": COUNT}))  # both workers started
    pool = server.app.state.pool
    before = set(pool.pids())
    results: dict[str, Any] = {}

    def runaway() -> None:
        started = time.monotonic()
        results["runaway"] = http.get("/sparql", params={"query": RUNAWAY})
        results["runaway_s"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.4)
    started = time.monotonic()
    normal = http.get("/sparql", params={"query": SELECT_SOME})
    normal_s = time.monotonic() - started
    runaway_still_running = thread.is_alive()
    thread.join(30)
    assert 200 == normal.status_code
    assert runaway_still_running
    assert normal_s < 1.0
    assert 503 == results["runaway"].status_code
    assert "query_time_limit_ms" in results["runaway"].text
    assert 1.4 < results["runaway_s"] < 5
    killed = before - set(pool.pids())
    assert 1 == len(killed)
    for pid in killed:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert 7 == len(http.get("/sparql", params={"query": SELECT_SOME}).json()["results"]["bindings"])


def test_a_query_waiting_for_the_only_worker_gets_its_replacement(store_dir: Path) -> None:
    """With one worker busy on a runaway query, a second query waits; when the runaway one is
    killed, a fresh worker answers the waiting query."""
    from kg.server.evaluate import Job
    from kg.server.workers import QueryPool

    pool = QueryPool(store_dir, size=1)
    answers: dict[str, Any] = {}
    try:
        pool.warm_up()
        runaway = threading.Thread(target=lambda: answers.update(runaway=pool.run(Job(RUNAWAY), 1.0)))
        runaway.start()
        time.sleep(0.2)
        answers["waiting"] = pool.run(Job(COUNT), 8.0)
        runaway.join(10)
    finally:
        pool.close()
    assert (503, 200) == (answers["runaway"].status, answers["waiting"].status)
    assert [] == pool.pids()


# --- in-process answers and clients ----------------------------------------------------------
def test_get_in_process_equals_the_socket_answer(http: httpx.Client, store_dir: Path) -> None:
    """kg.server.get answers a path as the live server does: same status, type and body."""
    path = "/sparql?" + httpx.QueryParams({"query": SELECT_SOME}).__str__()
    status, headers, body = get(store_dir, path, SETTINGS_UNDER_TEST, accept="text/csv")
    response = http.get(path, headers={"accept": "text/csv"})
    assert (response.status_code, response.headers["content-type"], response.content) == (
        status, headers["content-type"], body)
    status, _, body = get(store_dir, "/sparql?query=SELECT", SETTINGS_UNDER_TEST)
    assert 400 == status
    assert body.startswith(b"SPARQL syntax error")


def _normal(term: dict[str, str] | ox.NamedNode | ox.BlankNode | ox.Literal | None) -> tuple:
    """A term from SPARQL JSON or from Oxigraph as a comparable tuple (blank nodes alike)."""
    if term is None:
        return ()
    if isinstance(term, dict):
        if term["type"] == "bnode":
            return ("bnode",)
        if term["type"] == "uri":
            return ("iri", term["value"])
        return ("lit", term["value"], term.get("datatype"), term.get("xml:lang"))
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    datatype = None if term.language or term.datatype.value.endswith("#string") else term.datatype.value
    return ("lit", term.value, datatype, term.language)


def test_sparqlwrapper_gets_the_rows_of_kg_query(server: LiveServer, store_dir: Path) -> None:
    """SPARQLWrapper, a common client, gets from the endpoint the same rows (as multisets) as
    kg.query.engine.run_query, for every shipped query."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    queries = sorted(QUERY_DIR.glob("*.rq"))
    assert len(queries) >= 5
    with Store(store_dir, read_only=True) as store:
        for path in queries:
            text = path.read_text(encoding="utf-8")
            local = run_query(store, text)
            expected = collections.Counter(tuple(_normal(row.get(v)) for v in local.variables)
                                           for row in local.rows)
            client = SPARQLWrapper(f"{server.url}/sparql")
            # SPARQLWrapper guesses the query type from the text, and its comment stripper
            # leaves every other line of a comment block ("Who was copied" reads as COPY):
            # send the query without its header, as a client would
            client.setQuery("\n".join(line for line in text.splitlines()
                                      if not line.lstrip().startswith("#")))
            client.setMethod(POST)
            client.setReturnFormat(JSON)
            answer = cast(dict[str, Any], client.queryAndConvert())
            variables = answer["head"]["vars"]
            actual = collections.Counter(tuple(_normal(b.get(v)) for v in variables)
                                         for b in answer["results"]["bindings"])
            assert local.variables == variables, path.name
            assert expected == actual, path.name


# --- settings --------------------------------------------------------------------------------
def test_settings_resolve_and_refuse_unknown_names() -> None:
    """Settings convert from text, keep their defaults, and an unknown name or bad value
    raises SettingError."""
    values = resolve({"query_time_limit_ms": "250", "cors": "off"})
    assert (250, False, 10_000) == (values["query_time_limit_ms"], values["cors"],
                                    values["max_returned_rows"])
    for bad in ({"sql_time_limit_ms": 1}, {"max_returned_rows": "many"}, {"query_workers": 0},
                {"cors": "maybe"}):
        with pytest.raises(SettingError):
            resolve(bad)
    assert [s.name for s in SETTINGS] == [p.split(" ")[0] for p in describe().split("\n\n")]


def test_cors_can_be_switched_off(store_dir: Path) -> None:
    """With the cors setting off, no Access-Control header is sent even to another origin."""
    import anyio

    async def origin_request(cors: str) -> httpx.Headers:
        app = create_app(store_dir, {"cors": cors})
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            response = await client.get("/sparql", headers={"origin": "https://a.example"})
        app.state.pool.close()
        return response.headers

    assert "*" == anyio.run(origin_request, "on").get("access-control-allow-origin")
    assert "access-control-allow-origin" not in anyio.run(origin_request, "off")


def test_json_results_round_trip_through_oxigraph(http: httpx.Client) -> None:
    """The JSON the server writes is read back by Oxigraph's parser with the same rows."""
    body = http.get("/sparql", params={"query": SELECT_SOME}).content
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    assert ["s", "p", "o"] == [v.value for v in parsed.variables]
    assert 7 == len(list(parsed))
    assert ["s", "p", "o"] == json.loads(body)["head"]["vars"]
