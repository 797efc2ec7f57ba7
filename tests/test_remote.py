"""kg push and kg query --endpoint against a real Oxigraph server (`oxigraph serve`, PyPI
`oxigraph`, see ../shared/notes/external-checks.md §4b), and kg.publish.remote's tolerance of
other servers' answers (Virtuoso's typed-literal, extra keys, XML, TSV, CSV)."""

from __future__ import annotations

import collections
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.publish.remote import (
    CHUNK_TRIPLES,
    RemoteError,
    _chunks,
    is_provenance_graph,
    push,
    query_form,
    remote_query,
    select_graphs,
)
from kg.publish.sparql_client import _result
from kg.query.engine import QUERY_DIR, run_query
from kg.store import Store

XSD = "http://www.w3.org/2001/XMLSchema#"
QUERIES = sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


def free_port() -> int:
    """A TCP port nobody listens on now, on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    """Poll ``url`` until it answers anything (or fail after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"the server exited with rc {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {seconds} s")


def oxigraph_bin() -> str:
    """The `oxigraph` CLI of the test extras (skipped without it; a failure in CI)."""
    venv_bin = Path(sys.executable).parent / "oxigraph"
    found = str(venv_bin) if venv_bin.is_file() else shutil.which("oxigraph")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("oxigraph CLI not installed (it is in the test extras) and CI is set")
        pytest.skip("oxigraph CLI not installed (pip install oxigraph)")
    return str(found)


class Server:
    """An `oxigraph serve` on a loopback port, over a temporary database."""

    def __init__(self, location: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query, self.update, self.store = f"{self.base}/query", f"{self.base}/update", f"{self.base}/store"
        # the default graph is the union of the named graphs, as in `kg query`
        self.proc = subprocess.Popen([oxigraph_bin(), "serve", "--location", str(location),
                                      "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wait_for(self.base + "/", proc=self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def count(self, graph: str | None = None) -> int:
        """COUNT(*) of one graph, or of all named graphs, asked over HTTP."""
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        result = remote_query(self.query, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(result.rows[0]["n"].value)

    def graph(self, iri: str) -> Graph:
        """One graph read back with the Graph Store Protocol (GET)."""
        response = httpx.get(self.store, params={"graph": iri}, headers={"Accept": "application/n-triples"})
        response.raise_for_status()
        return Graph().parse(data=response.text, format="nt")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A fresh Oxigraph server, stopped after the test."""
    srv = Server(tmp_path / "oxigraph")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def store_dir(cli_store_dir: Path) -> Path:
    """The sample built, validated and reasoned through the CLI (this module's copy; read it only)."""
    return cli_store_dir


@pytest.fixture(scope="module")
def local(store_dir: Path) -> Iterator[Store]:
    """The sample store, opened read-only."""
    with Store(store_dir, read_only=True) as st:
        yield st


@pytest.fixture(scope="module")
def pushed(tmp_path_factory: pytest.TempPathFactory, local: Store) -> Iterator[Server]:
    """One Oxigraph server holding the whole sample store, for the query comparisons."""
    srv = Server(tmp_path_factory.mktemp("pushed") / "oxigraph")
    push(local, srv.update, graph_store=srv.store)
    yield srv
    srv.stop()


def kg(store_dir: Path, *args: str):
    """Run `kg --store STORE ARGS...` in-process."""
    return CliRunner().invoke(cli, ["--store", str(store_dir), *args])


# --- push ---------------------------------------------------------------------------------

def test_push_count_equals_local(local: Store, server: Server) -> None:
    """After a Graph Store push, COUNT(*) on the server equals the local triple count."""
    report = push(local, server.update, graph_store=server.store)
    assert local.count() == report.triples
    assert local.count() == server.count()
    assert {"gsp"} == {g.method for g in report.graphs}


def test_push_twice_replaces(local: Store, server: Server) -> None:
    """A second push replaces every graph: the count on the server does not double."""
    push(local, server.update, graph_store=server.store)
    push(local, server.update, graph_store=server.store)
    assert local.count() == server.count()


@pytest.mark.parametrize("graph_store", [False, True], ids=["update", "gsp"])
def test_every_graph_isomorphic(local: Store, server: Server, graph_store: bool) -> None:
    """Each graph read back from the server is isomorphic to the local one (blank nodes
    included), by the Graph Store path and by the update-only path alike."""
    push(local, server.update, graph_store=server.store if graph_store else None)
    for iri in local.graphs():
        assert isomorphic(local.graph(iri), server.graph(iri)), iri


def test_update_only_path_same_counts(local: Store, server: Server) -> None:
    """Without a graph store, SPARQL Update in chunks gives the same per-graph counts, and a
    second push replaces rather than adds."""
    for _ in range(2):
        report = push(local, server.update)
    assert {"update"} == {g.method for g in report.graphs}
    big = max(report.graphs, key=lambda g: g.triples)
    assert -(-big.triples // CHUNK_TRIPLES) == big.requests  # chunked
    assert {g: local.count(g) for g in local.graphs()} == {g: server.count(g) for g in local.graphs()}


def test_small_chunks_keep_blank_nodes(local: Store, server: Server) -> None:
    """Chunks of 2 triples still give isomorphic graphs: a blank node's triples travel together."""
    graphs = [g for g in local.graphs() if g.endswith(("/validation", "/ontology"))]
    push(local, server.update, graphs=graphs, chunk_triples=2, gsp_chunk_triples=2)
    for iri in graphs:
        assert isomorphic(local.graph(iri), server.graph(iri)), iri


def test_graph_store_404_falls_back_to_update(local: Store, server: Server) -> None:
    """A graph store URL that answers 404 makes push use SPARQL Update, with the same result."""
    report = push(local, server.update, graph_store=f"{server.base}/no-such-graph-store")
    assert {"update"} == {g.method for g in report.graphs}
    assert local.count() == server.count()


def test_chunks_keep_blank_node_components() -> None:
    """_chunks puts triples linked through blank nodes in one chunk, whatever the size."""
    a, b, c = ox.BlankNode("a"), ox.BlankNode("b"), ox.BlankNode("c")
    p = ox.NamedNode("urn:p")
    triples = [ox.Triple(ox.NamedNode(f"urn:s{i}"), p, ox.Literal(str(i))) for i in range(5)]
    triples += [ox.Triple(a, p, b), ox.Triple(ox.NamedNode("urn:x"), p, a), ox.Triple(b, p, c),
                ox.Triple(c, p, ox.Literal("c"))]
    chunks = list(_chunks(triples, 2))
    assert sorted(map(str, triples)) == sorted(str(t) for chunk in chunks for t in chunk)
    holding_a = [chunk for chunk in chunks if any(a in (t.subject, t.object) for t in chunk)]
    assert 1 == len(holding_a)
    assert 4 == sum(1 for t in holding_a[0] if isinstance(t.subject, ox.BlankNode)
                    or isinstance(t.object, ox.BlankNode))


def test_select_graphs_without_provenance(local: Store) -> None:
    """select_graphs drops the provenance graphs on request, and refuses an unknown graph."""
    every = select_graphs(local)
    assert local.graphs() == every
    assert any(is_provenance_graph(g) for g in every)
    assert [g for g in every if not is_provenance_graph(g)] == select_graphs(local, provenance=False)
    with pytest.raises(RemoteError, match="not a graph of the store: <urn:nope>"):
        select_graphs(local, ["urn:nope"])


def test_cli_push_summary(store_dir: Path, local: Store, server: Server) -> None:
    """`kg push --no-provenance --graph-store` prints graphs, triples and seconds; the server
    holds every graph but the provenance graphs."""
    result = kg(store_dir, "push", "--endpoint", server.update, "--graph-store", server.store,
                "--no-provenance")
    assert 0 == result.exit_code, result.output
    kept = [g for g in local.graphs() if not is_provenance_graph(g)]
    n = sum(local.count(g) for g in kept)
    assert f"pushed {len(kept)} graph(s), {n} triples" in result.output
    assert " s (" in result.output
    assert n == server.count()


def test_cli_push_one_graph(store_dir: Path, local: Store, server: Server) -> None:
    """`kg push --graph IRI` sends that graph alone, by SPARQL Update."""
    iri = next(g for g in local.graphs() if g.endswith("/wilson-112696"))
    result = kg(store_dir, "push", "--endpoint", server.update, "--graph", iri)
    assert 0 == result.exit_code, result.output
    assert local.count(iri) == server.count()


def test_cli_push_bad_endpoint_exit_2(store_dir: Path) -> None:
    """A push to a port where nothing listens exits 2, naming the graph and the failure."""
    url = f"http://127.0.0.1:{free_port()}/update"
    result = kg(store_dir, "push", "--endpoint", url)
    assert 2 == result.exit_code
    assert "cannot reach the server" in result.output
    assert "<https://" in result.output and url in result.output


def test_cli_push_refused_exit_2(store_dir: Path, server: Server) -> None:
    """An endpoint that refuses updates (Oxigraph's /query) exits 2 with the server's answer."""
    result = kg(store_dir, "push", "--endpoint", server.query)
    assert 2 == result.exit_code
    assert f"POST {server.query} answered 4" in result.output


def test_cli_push_missing_password_variable(store_dir: Path, server: Server) -> None:
    """--password-env naming an unset variable is a usage error (exit 2), nothing is sent."""
    result = kg(store_dir, "push", "--endpoint", server.update, "--user", "dba",
                "--password-env", "KG_TEST_NO_SUCH_VARIABLE")
    assert 2 == result.exit_code
    assert "KG_TEST_NO_SUCH_VARIABLE: the variable is not set" in result.output
    assert 0 == server.count()


# --- query --endpoint ---------------------------------------------------------------------

def _norm_term(t: dict | None) -> tuple | None:
    """A SPARQL JSON term, comparable across engines (notes §4d): numbers by value,
    xsd:string as plain, blank nodes unlabelled."""
    if t is None:
        return None
    if t["type"] == "uri":
        return ("iri", t["value"])
    if t["type"] == "bnode":
        return ("bnode",)
    dt, lang, v = t.get("datatype"), t.get("xml:lang"), t["value"]
    if dt in (XSD + "integer", XSD + "decimal", XSD + "double"):
        return ("num", Decimal(v).normalize())
    return ("lit", v, None if dt == XSD + "string" else dt, lang.lower() if lang else None)


def _rows(json_text: str) -> collections.Counter:
    doc = json.loads(json_text)
    if "boolean" in doc:
        return collections.Counter([doc["boolean"]])
    names = doc["head"]["vars"]
    return collections.Counter(tuple(_norm_term(b.get(v)) for v in names)
                               for b in doc["results"]["bindings"])


@pytest.mark.parametrize("name", QUERIES)
def test_query_endpoint_same_rows(store_dir: Path, pushed: Server, name: str) -> None:
    """`kg query --endpoint` gives the rows local `kg query` gives, for every shipped query."""
    here = kg(store_dir, "query", name, "--format", "json")
    there = kg(store_dir, "query", name, "--format", "json", "--endpoint", pushed.query)
    assert 0 == here.exit_code, here.output
    assert 0 == there.exit_code, there.output
    assert _rows(here.output) == _rows(there.output)


def test_query_endpoint_table_equals_local(store_dir: Path, pushed: Server) -> None:
    """The table of a remote query is the local table, line for line (same formatting)."""
    text = "SELECT ?a ?b WHERE { ?a cw:wroteTo ?b } ORDER BY ?a ?b"
    assert kg(store_dir, "query", text).output == kg(store_dir, "query", text, "--endpoint", pushed.query).output


def test_remote_ask_and_construct(local: Store, pushed: Server) -> None:
    """ASK and CONSTRUCT answers come back as QueryResults like local ones."""
    assert run_query(local, "ASK { ?a cw:wroteTo ?b }").boolean is remote_query(
        pushed.query, "ASK { ?a cw:wroteTo ?b }").boolean is True
    text = "CONSTRUCT { ?a cw:wroteTo ?b } WHERE { ?a cw:wroteTo ?b }"
    remote, here = remote_query(pushed.query, text), run_query(local, text)
    assert "graph" == remote.kind
    assert sorted(map(str, here.triples)) == sorted(map(str, remote.triples))


def test_cli_query_bad_endpoint_exit_2(store_dir: Path) -> None:
    """`kg query --endpoint` to a closed port exits 2 with a one-line reason."""
    result = kg(store_dir, "query", "wrote-to", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert 2 == result.exit_code
    assert "cannot reach the server" in result.output


def test_cli_query_syntax_error_quotes_server(store_dir: Path, pushed: Server) -> None:
    """A query the server cannot parse exits 2 and quotes the server's answer."""
    result = kg(store_dir, "query", "SELEKT nothing", "--endpoint", pushed.query)
    assert 2 == result.exit_code
    assert f"{pushed.query} answered 400" in result.output


# --- other servers' answers ---------------------------------------------------------------

def _response(content_type: str, body: str) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": content_type}, content=body.encode())


def test_virtuoso_typed_literal_and_extra_keys() -> None:
    """Virtuoso's `typed-literal` and the keys `link`, `distinct`, `ordered` are read as a
    standard literal and ignored."""
    body = json.dumps({
        "head": {"link": [], "vars": ["s", "n", "l"]},
        "results": {"distinct": False, "ordered": True, "bindings": [{
            "s": {"type": "uri", "value": "urn:a"},
            "n": {"type": "typed-literal", "datatype": XSD + "integer", "value": "3"},
            "l": {"type": "literal", "xml:lang": "en", "value": "hi", "extra": 1}}]}})
    result = _result(_response("application/sparql-results+json; charset=UTF-8", body))
    assert ["s", "n", "l"] == result.variables
    row = result.rows[0]
    assert ox.NamedNode("urn:a") == row["s"]
    assert ox.Literal("3", datatype=ox.NamedNode(XSD + "integer")) == row["n"]
    assert ox.Literal("hi", language="en") == row["l"]


def test_boolean_with_extra_keys() -> None:
    """An ASK answer with an empty head and a `link` key reads as a boolean."""
    result = _result(_response("application/sparql-results+json", '{"head": {"link": []}, "boolean": true}'))
    assert ("ask", True) == (result.kind, result.boolean)


def test_tsv_and_xml_answers() -> None:
    """Servers answering TSV or SPARQL XML give the same rows as JSON."""
    tsv = _result(_response("text/tab-separated-values", '?s\t?n\n<urn:a>\t"3"^^<' + XSD + 'integer>\n'))
    xml = _result(_response("application/sparql-results+xml",
                            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                            '<head><variable name="s"/><variable name="n"/></head><results><result>'
                            '<binding name="s"><uri>urn:a</uri></binding><binding name="n">'
                            f'<literal datatype="{XSD}integer">3</literal></binding></result></results></sparql>'))
    assert tsv.rows == xml.rows
    assert ox.NamedNode("urn:a") == tsv.rows[0]["s"]


def test_csv_answer_best_effort() -> None:
    """CSV (lossy) reads absolute IRIs as IRIs, _: labels as blank nodes, the rest as strings;
    an empty cell is unbound."""
    result = _result(_response("text/csv", "s,x,o\r\nhttps://w3id.org/cwkg/id/person/stalin,_:b0,Joseph Stalin\r\n"
                                           "urn:x,,1962\r\n"))
    first, second = result.rows
    assert ox.NamedNode("https://w3id.org/cwkg/id/person/stalin") == first["s"]
    assert isinstance(first["x"], ox.BlankNode)
    assert ox.Literal("Joseph Stalin") == first["o"]
    assert "x" not in second
    assert "o\n" not in result.serialize("table")


def test_virtuoso_ntriples_as_text_plain() -> None:
    """An RDF answer labelled text/plain (old Virtuoso) is read as N-Triples."""
    result = _result(_response("text/plain", "<urn:a> <urn:b> <urn:c> .\n"))
    assert "graph" == result.kind
    assert 1 == len(result.triples)


def test_unknown_answer_raises() -> None:
    """An answer that is neither SPARQL results nor RDF raises RemoteError."""
    with pytest.raises(RemoteError, match="text/html"):
        _result(_response("text/html", "<html></html>"))


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX a: <http://x/CONSTRUCT#>\n# DESCRIBE\nASK { ?s ?p 'SELECT' }", "ask"),
    ("construct { ?s ?p ?o } where { ?s ?p ?o }", "construct"),
    ("DESCRIBE <urn:a>", "describe"),
])
def test_query_form(text: str, form: str) -> None:
    """query_form finds the query form outside IRIs, strings and comments."""
    assert form == query_form(text)
