"""The W3C SPARQL 1.1 Protocol tests (rdf-tests ``sparql11/protocol/manifest.ttl``, 34 entries)
against ``kg serve`` over a real socket, one test per manifest entry, named as there.

Adapted where the endpoint differs by design: the dataset tests name graphs of our store
(the originals name ``http://kasei.us/...`` documents an endpoint would fetch; this one
fetches nothing), and every ``update_*`` entry must be refused with a 4xx (read-only).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_server import LiveServer, store_dir  # noqa: F401 - the fixture is used by name

from kg.server import create_app
from kg.store import Store

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
RESULT_TYPES = ("application/sparql-results+xml", "application/sparql-results+json", "text/csv",
                "text/tab-separated-values")
GRAPH_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples")
DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
NAMED = "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def http(store_dir: Path) -> Iterator[httpx.Client]:  # noqa: F811
    """A client of a live server over the sample store."""
    with LiveServer(create_app(store_dir, {"query_time_limit_ms": 5000})) as live, \
            httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def graphs(store_dir: Path) -> dict[str, object]:  # noqa: F811
    """Two named graphs of the store and the distinct triples in each and in both."""
    with Store(store_dir, read_only=True) as store:
        g1, g2 = sorted(store.graphs(), key=store.count)[-2:]

        def triples(*names: str) -> int:
            return len({(q.subject, q.predicate, q.object) for q in store.quads(names)})

        return {"g1": g1, "g2": g2, "n1": triples(g1), "n2": triples(g2), "n12": triples(g1, g2)}


def number(response: httpx.Response) -> int:
    assert 200 == response.status_code, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def named(response: httpx.Response) -> set[str]:
    assert 200 == response.status_code, response.text
    return {b["g"]["value"] for b in response.json()["results"]["bindings"]}


def test_query_post_form(http: httpx.Client) -> None:
    """query via URL-encoded POST: 200 with SPARQL results."""
    response = http.post("/sparql", data={"query": "ASK {}"})
    assert 200 == response.status_code
    assert response.headers["content-type"].split(";")[0] in RESULT_TYPES


def test_query_get(http: httpx.Client) -> None:
    """query via GET: 200 with SPARQL results."""
    response = http.get("/sparql", params={"query": "ASK {}"})
    assert 200 == response.status_code
    assert response.json()["boolean"] is True


def test_query_post_direct(http: httpx.Client) -> None:
    """query via POST directly: 200 with SPARQL results."""
    response = http.post("/sparql", content=b"ASK {}", headers={"content-type": DIRECT})
    assert 200 == response.status_code
    assert response.json()["boolean"] is True


def test_query_dataset_default_graphs_get(http: httpx.Client, graphs: dict) -> None:
    """GET with two default-graph-uri: the default graph is their merge."""
    params = [("query", DISTINCT_TRIPLES), ("default-graph-uri", graphs["g1"]),
              ("default-graph-uri", graphs["g2"])]
    assert graphs["n12"] == number(http.get("/sparql", params=params))


def test_query_dataset_default_graphs_post(http: httpx.Client, graphs: dict) -> None:
    """POST with two default-graph-uri: the default graph is their merge."""
    data = {"query": DISTINCT_TRIPLES, "default-graph-uri": [graphs["g1"], graphs["g2"]]}
    assert graphs["n12"] == number(http.post("/sparql", data=data))


def test_query_dataset_named_graphs_post(http: httpx.Client, graphs: dict) -> None:
    """POST with named-graph-uri: GRAPH ?g sees exactly those graphs."""
    data = {"query": NAMED, "named-graph-uri": [graphs["g1"], graphs["g2"]]}
    assert {graphs["g1"], graphs["g2"]} == named(http.post("/sparql", data=data))


def test_query_dataset_named_graphs_get(http: httpx.Client, graphs: dict) -> None:
    """GET with named-graph-uri: GRAPH ?g sees exactly that graph."""
    params = {"query": NAMED, "named-graph-uri": graphs["g2"]}
    assert {graphs["g2"]} == named(http.get("/sparql", params=params))


def test_query_dataset_full(http: httpx.Client, graphs: dict) -> None:
    """default-graph-uri and named-graph-uri together: each part of the dataset as given."""
    base = {"default-graph-uri": graphs["g1"], "named-graph-uri": graphs["g2"]}
    assert graphs["n1"] == number(http.get("/sparql", params={"query": DISTINCT_TRIPLES, **base}))
    assert {graphs["g2"]} == named(http.get("/sparql", params={"query": NAMED, **base}))


def test_query_multiple_dataset(http: httpx.Client, graphs: dict) -> None:
    """A dataset in both the query (FROM) and the protocol: the protocol's is used."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graphs['g2']}> {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o }} }}"
    assert graphs["n1"] == number(http.get("/sparql", params={"query": query,
                                                              "default-graph-uri": graphs["g1"]}))


def test_query_from_clause_without_protocol_dataset(http: httpx.Client, graphs: dict) -> None:
    """(not in the manifest) FROM in the query, no protocol dataset: the query's FROM is used,
    not the union default graph."""
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graphs['g2']}> {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o }} }}"
    assert graphs["n2"] == number(http.get("/sparql", params={"query": query}))


@pytest.mark.parametrize(("name", "query", "accept", "offered"), [
    ("query_content_type_select", "SELECT ?s { ?s ?p ?o } LIMIT 1",
     ", ".join(RESULT_TYPES), RESULT_TYPES),
    ("query_content_type_ask", "ASK {}", ", ".join(RESULT_TYPES[:2]), RESULT_TYPES[:2]),
    ("query_content_type_describe", "DESCRIBE ?s { ?s ?p ?o } LIMIT 1",
     ", ".join(GRAPH_TYPES), GRAPH_TYPES),
    ("query_content_type_construct", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1",
     ", ".join(GRAPH_TYPES), GRAPH_TYPES),
])
def test_query_content_type(http: httpx.Client, name: str, query: str, accept: str,
                            offered: tuple[str, ...]) -> None:
    """query appropriate content type: one of those the client listed."""
    response = http.get("/sparql", params={"query": query}, headers={"accept": accept})
    assert 200 == response.status_code, name
    assert response.headers["content-type"].split(";")[0] in offered, name


UPDATE_TEXT = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"


@pytest.mark.parametrize(("name", "request_kwargs"), [
    ("update_dataset_default_graph", {"data": {"update": UPDATE_TEXT, "using-graph-uri": "urn:x:g"}}),
    ("update_dataset_default_graphs", {"data": {"update": UPDATE_TEXT,
                                                "using-graph-uri": ["urn:x:g", "urn:x:h"]}}),
    ("update_dataset_named_graphs", {"data": {"update": UPDATE_TEXT,
                                              "using-named-graph-uri": "urn:x:g"}}),
    ("update_dataset_full", {"data": {"update": UPDATE_TEXT, "using-graph-uri": "urn:x:g",
                                      "using-named-graph-uri": "urn:x:h"}}),
    ("update_post_form", {"data": {"update": UPDATE_TEXT}}),
    ("update_post_direct", {"content": UPDATE_TEXT.encode(), "headers": {"content-type": UPDATE}}),
    ("update_base_uri", {"content": b"BASE <urn:x:> INSERT DATA { <s> <p> <o> }",
                         "headers": {"content-type": UPDATE}}),
    ("bad_multiple_updates", {"data": {"update": [UPDATE_TEXT, UPDATE_TEXT]}}),
    ("bad_update_wrong_media_type", {"content": UPDATE_TEXT.encode(),
                                     "headers": {"content-type": "text/plain"}}),
    ("bad_update_missing_form_type", {"content": f"update={UPDATE_TEXT}".encode()}),
    ("bad_update_non_utf8", {"content": UPDATE_TEXT.encode("utf-16"),
                             "headers": {"content-type": f"{UPDATE}; charset=UTF-16"}}),
    ("bad_update_syntax", {"data": {"update": "INSERT DATA { <urn:x:s> }"}}),
    ("bad_update_dataset_conflict", {"data": {
        "update": "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "using-graph-uri": "urn:x:h"}}),
])
def test_updates_are_refused(http: httpx.Client, store_dir: Path, name: str,  # noqa: F811
                             request_kwargs: dict) -> None:
    """Every update entry of the manifest gets a 4xx from this read-only endpoint, and
    changes nothing."""
    with Store(store_dir, read_only=True) as store:
        before = store.count()
    response = http.post("/sparql", **request_kwargs)
    assert 400 <= response.status_code < 500, (name, response.status_code)
    with Store(store_dir, read_only=True) as store:
        assert before == store.count()


def test_bad_update_get(http: httpx.Client) -> None:
    """invoke update operation with GET: 4xx."""
    assert 403 == http.get("/sparql", params={"update": UPDATE_TEXT}).status_code


@pytest.mark.parametrize(("name", "method", "request_kwargs", "status"), [
    ("bad_query_method", "PUT", {"params": {"query": "ASK {}"}}, 405),
    ("bad_multiple_queries", "GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ("bad_query_wrong_media_type", "POST", {"content": b"ASK {}",
                                            "headers": {"content-type": "text/plain"}}, 415),
    ("bad_query_missing_form_type", "POST", {"content": b"query=ASK%20%7B%7D"}, 415),
    ("bad_query_missing_direct_type", "POST", {"content": b"ASK {}"}, 415),
    ("bad_query_non_utf8", "POST", {"content": "ASK {}".encode("utf-16"),
                                    "headers": {"content-type": f"{DIRECT}; charset=UTF-16"}}, 415),
    ("bad_query_syntax", "GET", {"params": {"query": "ASK {"}}, 400),
])
def test_bad_queries(http: httpx.Client, name: str, method: str, request_kwargs: dict,
                     status: int) -> None:
    """Each bad_query_* entry gets a 4xx (the status this endpoint chose, with a message)."""
    response = http.request(method, "/sparql", **request_kwargs)
    assert status == response.status_code, (name, response.text)
    assert response.text.strip()
