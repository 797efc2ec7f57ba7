"""A remote triple store: push named graphs to it, and query it.

``push`` sends each named graph of the store with the SPARQL 1.1 Graph Store HTTP
Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/, §5.3 ``PUT`` replaces a
graph, §5.5 ``POST`` adds to it) when a graph store URL is given, and with SPARQL 1.1
Update otherwise (https://www.w3.org/TR/sparql11-update/, §3.2.4 ``DROP SILENT``, §3.1.1
``INSERT DATA``), or when the graph store answers 404 or 405. Either way a pushed graph
*replaces* the remote graph of the same name; nothing is duplicated by a second push.

Large graphs go in chunks of :data:`CHUNK_TRIPLES` triples (Virtuoso limits the size of
one update): the first chunk replaces the graph, the next ones add to it, so a failure
half way leaves that one graph partly written (a re-run repairs it). Triples that share
a blank node always travel in the same chunk, since a blank node label means a fresh
node in every request.

``remote_query`` runs SPARQL through the SPARQL 1.1 Protocol
(https://www.w3.org/TR/sparql11-protocol/, §2.1.2 query via POST, form-encoded) with the
project's prefixes predeclared, and returns the :class:`kg.query.engine.QueryResult` a local
query gives, so the CLI formats both alike. It tolerates the quirks of real servers:
Virtuoso's ``typed-literal`` binding type (the SPARQL 1.0 JSON form), extra keys such as
``distinct``, ``ordered`` and ``link``, and servers that answer only XML, TSV or CSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TypedDict, Unpack

import httpx
import pyoxigraph as ox

from kg.errors import RemoteError, UsageError
from kg.iris import is_provenance_graph
from kg.query.engine import PROLOGUE, QueryResult
from kg.store import Store

__all__ = ["PushReport", "GraphPush", "password_auth", "PushOptions", "PushKeywords", "push",
           "remote_query", "select_graphs",
           "is_provenance_graph", "query_form", "CHUNK_TRIPLES", "GSP_CHUNK_TRIPLES",
           "TIMEOUT_SECONDS"]

#: Triples per SPARQL update. Virtuoso 7.2.5 refuses an INSERT DATA of 5,000 triples ("SP030
#: ... memory exhausted") and of 1,500 ("SP031 ... generated SQL text has exceeded 10000 lines").
CHUNK_TRIPLES = 1000
#: Triples per Graph Store request (Virtuoso and Oxigraph read 12,725 in one PUT).
GSP_CHUNK_TRIPLES = 50000
#: Seconds a request may take (connect, send, answer).
TIMEOUT_SECONDS = 300.0
#: What ``remote_query`` accepts, best first: results formats, then RDF for CONSTRUCT/DESCRIBE.
ACCEPT_RESULTS = ("application/sparql-results+json, application/sparql-results+xml;q=0.8, "
                  "text/tab-separated-values;q=0.7, text/csv;q=0.5, */*;q=0.1")
#: ... and for CONSTRUCT/DESCRIBE (Virtuoso answers a CONSTRUCT with JSON results if let).
ACCEPT_RDF = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, */*;q=0.1"

Auth = httpx.Auth | tuple[str, str] | None
Progress = Callable[[str, int], None]




@dataclass(frozen=True)
class GraphPush:
    """One graph sent: its IRI, triples, the protocol used (``gsp`` or ``update``) and requests."""

    iri: str
    triples: int
    method: str
    requests: int


@dataclass
class PushReport:
    """What ``push`` did: the graphs sent, and how long it took."""

    endpoint: str
    graphs: list[GraphPush] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        """Triples sent, over all graphs."""
        return sum(g.triples for g in self.graphs)

    def summary(self) -> str:
        """One line: graphs, triples, seconds, throughput and protocols."""
        rate = self.triples / self.seconds if self.seconds else 0.0
        methods = sorted({g.method for g in self.graphs})
        return (f"pushed {len(self.graphs)} graph(s), {self.triples} triples to {self.endpoint} "
                f"in {self.seconds:.1f} s ({rate:,.0f} triples/s; {', '.join(methods) or 'nothing'})")


class ChallengeAuth(httpx.Auth):
    """User and password for whatever the server asks: HTTP Digest (Virtuoso's
    ``/sparql-auth``) or Basic. The first 401 picks the scheme; later requests answer it
    at once (Digest reuses its challenge, so one round trip per request)."""

    requires_request_body = True

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        scheme = response.headers.get("www-authenticate", "").split(" ", 1)[0].lower()
        if scheme == "basic":
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)
        elif scheme == "digest":
            self._scheme = "digest"
            flow = self._digest.auth_flow(request)
            next(flow)  # the unauthenticated request, already answered
            try:
                retry = flow.send(response)
            except StopIteration:
                return
            response = yield retry
            try:
                flow.send(response)
            except StopIteration:
                pass


def _auth(auth: Auth) -> httpx.Auth | None:
    if isinstance(auth, tuple):
        return ChallengeAuth(*auth)
    return auth


def _answer(response: httpx.Response, limit: int = 400) -> str:
    """The server's answer in one line: status, reason and the start of the body."""
    body = " ".join(response.text.split())
    body = body[:limit] + ("…" if len(body) > limit else "")
    return f"{response.status_code} {response.reason_phrase}" + (f": {body}" if body else "")



def password_auth(user: str | None, password_env: str | None) -> tuple[str, str] | None:
    """``(user, password)`` for :func:`push`, the password read from the environment variable
    ``password_env`` (never from a command line; the empty password without one); ``None``
    without a user.

    >>> password_auth(None, "HOME") is None
    True

    Raises:
        UsageError: ``password_env`` names a variable that is not set.
    """
    if user is None:
        return None
    if password_env and password_env not in os.environ:
        raise UsageError(f"--password-env {password_env}: the variable is not set")
    return user, os.environ[password_env] if password_env else ""

# --- push ---------------------------------------------------------------------------------

def select_graphs(store: Store, graphs: Iterable[str] | None = None,
                  provenance: bool = True) -> list[str]:
    """The store's graphs to push: ``graphs`` (all when ``None``), without the provenance
    graphs unless ``provenance``.

    Raises:
        RemoteError: a requested graph is not in the store.
    """
    known = store.graphs()
    if graphs is not None:
        wanted = list(dict.fromkeys(graphs))
        missing = [g for g in wanted if g not in set(known)]
        if missing:
            raise RemoteError(f"not a graph of the store: {', '.join(f'<{g}>' for g in missing)}")
        known = wanted
    return [g for g in known if provenance or not is_provenance_graph(g)]


def _chunks(triples: list[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Triples in chunks of about ``size``; triples linked through blank nodes stay together."""
    parent: dict[str, str] = {}

    def find(b: str) -> str:
        parent.setdefault(b, b)
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    for t in triples:
        nodes = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if len(nodes) == 2:
            parent[find(nodes[0])] = find(nodes[1])
        elif nodes:
            find(nodes[0])
    groups: dict[str, list[ox.Triple]] = {}
    chunk: list[ox.Triple] = []
    for t in triples:
        node = t.subject if isinstance(t.subject, ox.BlankNode) else t.object
        if isinstance(node, ox.BlankNode):
            groups.setdefault(find(node.value), []).append(t)
            continue
        chunk.append(t)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk or not triples:
        yield chunk


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


class _Pusher:
    """One push session: an HTTP client, and whether the graph store is still usable."""

    def __init__(self, client: httpx.Client, endpoint: str, graph_store: str | None,
                 chunk: int, gsp_chunk: int) -> None:
        self.client = client
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.chunk, self.gsp_chunk = chunk, gsp_chunk

    def send(self, iri: str, triples: list[ox.Triple], progress: Progress | None) -> GraphPush:
        method = "gsp" if self.graph_store else "update"
        chunks = list(_chunks(triples, self.gsp_chunk if method == "gsp" else self.chunk))
        for i, chunk in enumerate(chunks):
            if method == "gsp":
                if not self._gsp(iri, chunk, replace=i == 0):
                    # no graph store after all (404/405): SPARQL Update from here on
                    self.graph_store = None
                    return self.send(iri, triples, progress)
            else:
                self._update(iri, chunk, replace=i == 0)
            if progress:
                progress(iri, len(chunk))
        return GraphPush(iri, sum(len(c) for c in chunks), method, len(chunks))

    def _gsp(self, iri: str, chunk: list[ox.Triple], replace: bool) -> bool:
        """PUT (replace) or POST (add) one chunk; False when the server has no graph store."""
        verb = "PUT" if replace else "POST"
        url = str(self.graph_store)
        # N-Triples is Turtle: text/turtle is the one type every graph store reads.
        response = self._request(iri, verb, url, params={"graph": iri}, content=_ntriples(chunk),
                                 headers={"Content-Type": "text/turtle; charset=utf-8"})
        if response.status_code in (404, 405) and replace:
            return False
        self._check(iri, verb, url, response)
        return True

    def _update(self, iri: str, chunk: list[ox.Triple], replace: bool) -> None:
        parts = [f"DROP SILENT GRAPH <{iri}>"] if replace else []
        if chunk:
            data = _ntriples(chunk).decode("utf-8")
            if any(isinstance(n, ox.BlankNode) for t in chunk for n in (t.subject, t.object)):
                # Virtuoso allows no blank node in INSERT DATA; a template with an empty
                # WHERE inserts the same triples, each blank node once (§3.1.3).
                parts.append(f"INSERT {{ GRAPH <{iri}> {{\n{data}}} }} WHERE {{}}")
            else:
                parts.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{data}}} }}")
        response = self._request(iri, "POST", self.endpoint, data={"update": " ;\n".join(parts)})
        self._check(iri, "POST", self.endpoint, response)

    def _request(self, iri: str, verb: str, url: str, **kwargs: object) -> httpx.Response:
        try:
            return self.client.request(verb, url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise RemoteError(f"<{iri}>: {verb} {url}: cannot reach the server: {exc}") from exc

    @staticmethod
    def _check(iri: str, verb: str, url: str, response: httpx.Response) -> None:
        if response.status_code >= 300:
            hint = " (wrong or missing user and password?)" if response.status_code in (401, 403) else ""
            raise RemoteError(f"<{iri}>: {verb} {url} answered {_answer(response)}{hint}")


@dataclass(frozen=True)
class PushOptions:
    """How :func:`push` sends the graphs.

    Attributes:
        graph_store: the Graph Store HTTP Protocol endpoint (Oxigraph ``/store``, Virtuoso
            ``/sparql-graph-crud-auth``); when it answers 404 or 405, SPARQL Update is used.
        auth: ``(user, password)`` (Digest or Basic, as the server asks) or an ``httpx.Auth``.
        graphs: graph IRIs to send (default: every named graph; see :func:`select_graphs`).
        progress: called with ``(graph IRI, triples sent)`` after every request.
        chunk_triples: triples per SPARQL update.
        gsp_chunk_triples: triples per Graph Store request.

    >>> PushOptions(chunk_triples=2).gsp_chunk_triples == GSP_CHUNK_TRIPLES
    True
    """

    graph_store: str | None = None
    auth: Auth = None
    graphs: Iterable[str] | None = None
    progress: Progress | None = None
    chunk_triples: int = CHUNK_TRIPLES
    gsp_chunk_triples: int = GSP_CHUNK_TRIPLES


class PushKeywords(TypedDict, total=False):
    """:class:`PushOptions` as keyword arguments of :func:`push`.

    >>> from dataclasses import fields
    >>> set(PushKeywords.__annotations__) == {f.name for f in fields(PushOptions)}
    True
    """

    graph_store: str | None
    auth: Auth
    graphs: Iterable[str] | None
    progress: Progress | None
    chunk_triples: int
    gsp_chunk_triples: int


def push(store: Store, endpoint: str, options: PushOptions | None = None,
         **keywords: Unpack[PushKeywords]) -> PushReport:
    """Send named graphs of ``store`` to a remote store, replacing the graphs of the same name.

    Args:
        endpoint: the SPARQL 1.1 Update endpoint (Oxigraph ``/update``, Virtuoso
            ``/sparql-auth``), used when there is no graph store.
        options: how to send (:class:`PushOptions`); ``keywords`` set single options
            (``push(store, url, graph_store=..., auth=(user, password))``).

    Raises:
        RemoteError: the server cannot be reached or refused a request; the message names
            the graph and quotes the server's answer.
    """
    opts = replace(options or PushOptions(), **keywords)
    selected = store.graphs() if opts.graphs is None else list(opts.graphs)
    report = PushReport(endpoint)
    started = time.perf_counter()
    with httpx.Client(auth=_auth(opts.auth), timeout=TIMEOUT_SECONDS) as client:
        pusher = _Pusher(client, endpoint, opts.graph_store, opts.chunk_triples,
                         opts.gsp_chunk_triples)
        for iri in selected:
            triples = [q.triple for q in store.quads([iri])]
            report.graphs.append(pusher.send(iri, triples, opts.progress))
    report.seconds = time.perf_counter() - started
    return report


# --- query --------------------------------------------------------------------------------

class _GraphResult(QueryResult):
    """A CONSTRUCT or DESCRIBE answer read from a server: the triples, as a local result has."""

    def __init__(self, triples: list[ox.Triple]) -> None:  # noqa: D107 - no raw Oxigraph result
        self._raw = None  # type: ignore[assignment]
        self._rows = None
        self.kind, self.variables, self.boolean = "graph", [], None
        self.triples = triples


_TERM_KEYS = ("type", "value", "datatype", "xml:lang")


def _clean_term(term: dict) -> dict:
    """A binding in the SPARQL 1.1 JSON form: ``typed-literal`` -> ``literal``, unknown keys
    dropped (RDF-star triple terms kept)."""
    if term.get("type") == "triple":
        return {"type": "triple", "value": {k: _clean_term(v) for k, v in term["value"].items()}}
    out = {k: term[k] for k in _TERM_KEYS if k in term}
    if out.get("type") == "typed-literal":
        out["type"] = "literal"
    return out


def _clean_json(body: bytes) -> bytes:
    """SPARQL JSON results with only the keys of https://www.w3.org/TR/sparql11-results-json/."""
    doc = json.loads(body)
    if "boolean" in doc:
        return json.dumps({"head": {}, "boolean": bool(doc["boolean"])}).encode()
    variables = list(doc.get("head", {}).get("vars", []))
    rows = [{k: _clean_term(v) for k, v in b.items() if k in variables}
            for b in doc.get("results", {}).get("bindings", [])]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode()


def _csv_to_json(text: str) -> bytes:
    """SPARQL CSV results (lossy: https://www.w3.org/TR/sparql11-results-csv-tsv/ §3) read as
    best we can: absolute IRIs as IRIs, ``_:`` labels as blank nodes, the rest as strings."""
    reader = csv.reader(io.StringIO(text))
    variables = next(reader, [])
    rows = []
    for record in reader:
        row = {}
        for var, value in zip(variables, record, strict=False):
            if value == "":
                continue
            if value.startswith("_:"):
                row[var] = {"type": "bnode", "value": value[2:]}
            elif "://" in value.split(" ", 1)[0] and " " not in value:
                row[var] = {"type": "uri", "value": value}
            else:
                row[var] = {"type": "literal", "value": value}
        rows.append(row)
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode()


_RESULTS = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: RDF media types some servers use besides the registered ones (Virtuoso: text/plain).
_RDF_ALIASES = {"text/plain": ox.RdfFormat.N_TRIPLES, "text/n3": ox.RdfFormat.TURTLE,
                "text/rdf+n3": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE}


def _result(response: httpx.Response) -> QueryResult:
    media = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    body = response.content
    if media in ("application/sparql-results+json", "application/json"):
        return QueryResult(ox.parse_query_results(_clean_json(body), format=ox.QueryResultsFormat.JSON))
    if media in _RESULTS:
        return QueryResult(ox.parse_query_results(body, format=_RESULTS[media]))
    if media == "text/csv":
        return QueryResult(ox.parse_query_results(_csv_to_json(response.text),
                                                  format=ox.QueryResultsFormat.JSON))
    fmt = _RDF_ALIASES.get(media) or ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise RemoteError(f"the server answered {media or 'no content type'}, "
                          "which is neither SPARQL results nor RDF")
    return _GraphResult([q.triple for q in ox.parse(body, format=fmt)])


_FORM = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#[^\n]*"""
                   r"|\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    r"""``select``, ``ask``, ``construct`` or ``describe``: the first query keyword outside
    IRIs, strings and comments (``select`` when none is found).

    >>> query_form("PREFIX s: <http://x/SELECT#> # ASK\nCONSTRUCT { ?s ?p 'SELECT' } WHERE {}")
    'construct'
    """
    for match in _FORM.finditer(sparql):
        if match.group(1):
            return match.group(1).lower()
    return "select"


def remote_query(endpoint: str, sparql: str, auth: Auth = None,
                 timeout: float = TIMEOUT_SECONDS) -> QueryResult:
    """Run SPARQL (the project's prefixes predeclared) at a SPARQL 1.1 Protocol endpoint.

    The remote default graph is the server's: Virtuoso's is the union of all graphs, as
    in ``kg query``; start Oxigraph with ``oxigraph serve --union-default-graph``.

    Raises:
        RemoteError: the server cannot be reached, refused the query (its answer is quoted),
            or answered something that is not SPARQL results or RDF.
    """
    try:
        accept = ACCEPT_RDF if query_form(sparql) in ("construct", "describe") else ACCEPT_RESULTS
        response = httpx.post(endpoint, data={"query": PROLOGUE + sparql},
                              headers={"Accept": accept}, auth=_auth(auth),
                              timeout=timeout)
    except httpx.HTTPError as exc:
        raise RemoteError(f"{endpoint}: cannot reach the server: {exc}") from exc
    if response.status_code >= 300:
        raise RemoteError(f"{endpoint} answered {_answer(response)}")
    try:
        return _result(response)
    except (SyntaxError, ValueError, KeyError, TypeError) as exc:
        raise RemoteError(f"{endpoint}: cannot read the answer: {exc}") from exc
