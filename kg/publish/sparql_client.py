"""Talking SPARQL to a remote server: authentication, reading its answers, and checking that
it is a SPARQL service at all.

:func:`remote_query` runs SPARQL through the SPARQL 1.1 Protocol
(https://www.w3.org/TR/sparql11-protocol/, §2.1.2 query via POST, form-encoded) with the
project's prefixes predeclared, and returns the :class:`kg.query.engine.QueryResult` a local
query gives, so the CLI formats both alike. It tolerates the quirks of real servers:
Virtuoso's ``typed-literal`` binding type (the SPARQL 1.0 JSON form), extra keys such as
``distinct``, ``ordered`` and ``link``, and servers that answer only XML, TSV or CSV.

Before :func:`kg.publish.remote.push` writes anything, :func:`check_service` asks the
endpoint ``ASK {}`` and wants SPARQL results saying true (or else a service description,
https://www.w3.org/TR/sparql11-service-description/, naming an ``sd:Service``), and
:func:`check_graph_store` wants RDF (or a 4xx) from the graph store; a web page, an error
or silence is refused before anything is written. After the push, :func:`remote_count`
counts each graph on the remote.

Every request has a time-out (:data:`TIMEOUT_SECONDS` unless given): to connect, and for each
read or write; a server that accepts a connection and never answers fails after it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Generator

import httpx
import pyoxigraph as ox

from kg.errors import RemoteError
from kg.query.engine import PROLOGUE, QueryResult

__all__ = ["Auth", "ChallengeAuth", "auth_for", "describe", "request", "TIMEOUT_SECONDS",
           "ACCEPT_RESULTS", "ACCEPT_RDF", "remote_query", "run_remote_query", "query_form",
           "check_service", "check_graph_store", "remote_count", "iri_ref"]

#: Seconds to wait for a server: to connect, and for each read or write of a request.
TIMEOUT_SECONDS = 30.0
#: What a query accepts, best first: results formats, then RDF for CONSTRUCT/DESCRIBE.
ACCEPT_RESULTS = ("application/sparql-results+json, application/sparql-results+xml;q=0.8, "
                  "text/tab-separated-values;q=0.7, text/csv;q=0.5, */*;q=0.1")
#: ... and for CONSTRUCT/DESCRIBE (Virtuoso answers a CONSTRUCT with JSON results if let).
ACCEPT_RDF = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, */*;q=0.1"
#: Bytes of an unexpected answer quoted in an error message.
QUOTE_BYTES = 200

Auth = httpx.Auth | tuple[str, str] | None

SD_SERVICE = ox.NamedNode("http://www.w3.org/ns/sparql-service-description#Service")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


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


def auth_for(auth: Auth) -> httpx.Auth | None:
    """An ``httpx.Auth`` for ``(user, password)`` (:class:`ChallengeAuth`), else ``auth``."""
    if isinstance(auth, tuple):
        return ChallengeAuth(*auth)
    return auth


def iri_ref(iri: str) -> str:
    """``<iri>`` for a SPARQL text, after checking that ``iri`` is an absolute IRI.

    >>> iri_ref("urn:x")
    '<urn:x>'
    >>> iri_ref("urn:x> } ; DROP ALL ; #")
    Traceback (most recent call last):
    ...
    kg.errors.RemoteError: not an IRI: 'urn:x> } ; DROP ALL ; #'
    """
    try:
        return str(ox.NamedNode(iri))
    except ValueError:
        raise RemoteError(f"not an IRI: {iri!r}") from None


def _quote(data: bytes, limit: int) -> str:
    """The start of a body as one line: whitespace collapsed, control characters escaped."""
    text = " ".join(data[:limit * 4].decode("utf-8", errors="replace").split())
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return text[:limit] + ("…" if len(text) > limit or len(data) > limit * 4 else "")


def describe(response: httpx.Response, body: bytes | None = None, limit: int = QUOTE_BYTES) -> str:
    """An answer in one line: status, reason, content type (and where a redirect points),
    then the start of the body (``body``: the part read of a streamed answer).

    >>> describe(httpx.Response(200, headers={"content-type": "text/html"}, content=b"<p>\\x07hi\\n</p>"))
    '200 OK (text/html): <p>\\\\x07hi </p>'
    """
    data = response.content if body is None else body
    media = response.headers.get("content-type") or "no content type"
    location = response.headers.get("location")
    where = f", Location: {location}" if location else ""
    quoted = _quote(data, limit)
    return f"{response.status_code} {response.reason_phrase} ({media}{where})" + (
        f": {quoted}" if quoted else ", empty body")


def _hint(response: httpx.Response) -> str:
    return " (wrong or missing user and password?)" if response.status_code in (401, 403) else ""


def request(client: httpx.Client, verb: str, url: str, **kwargs: object) -> httpx.Response:
    """``client.request``, a failure to connect or a time-out raised as :class:`RemoteError`
    (``VERB URL: cannot reach the server: ...`` or ``VERB URL: no answer within N s``)."""
    try:
        return client.request(verb, url, **kwargs)  # type: ignore[arg-type]
    except httpx.TimeoutException as exc:
        raise RemoteError(_timed_out(client, verb, url, exc)) from exc
    except httpx.HTTPError as exc:
        raise RemoteError(f"{verb} {url}: cannot reach the server: {exc}") from exc


def _timed_out(client: httpx.Client, verb: str, url: str, exc: httpx.TimeoutException) -> str:
    seconds = client.timeout.read if isinstance(exc, httpx.ReadTimeout) else client.timeout.connect
    return f"{verb} {url}: no answer within {seconds or 0:g} s ({type(exc).__name__})"


# --- reading answers -----------------------------------------------------------------------

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


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _rdf_format(media: str) -> ox.RdfFormat | None:
    return _RDF_ALIASES.get(media) or (ox.RdfFormat.from_media_type(media) if media else None)


def _result(response: httpx.Response) -> QueryResult:
    media = _media(response)
    body = response.content
    if media in ("application/sparql-results+json", "application/json"):
        return QueryResult(ox.parse_query_results(_clean_json(body), format=ox.QueryResultsFormat.JSON))
    if media in _RESULTS:
        return QueryResult(ox.parse_query_results(body, format=_RESULTS[media]))
    if media == "text/csv":
        return QueryResult(ox.parse_query_results(_csv_to_json(response.text),
                                                  format=ox.QueryResultsFormat.JSON))
    fmt = _rdf_format(media)
    if fmt is None:
        raise RemoteError(f"the server answered {describe(response)}, "
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


def run_remote_query(client: httpx.Client, endpoint: str, sparql: str) -> QueryResult:
    """Run ``sparql`` as it is (no prologue added) at ``endpoint`` with ``client``.

    Raises:
        RemoteError: the server cannot be reached, does not answer in time, refused the
            query (its answer is quoted), or answered something that is not SPARQL results
            or RDF.
    """
    accept = ACCEPT_RDF if query_form(sparql) in ("construct", "describe") else ACCEPT_RESULTS
    response = request(client, "POST", endpoint, data={"query": sparql}, headers={"Accept": accept})
    if response.status_code >= 300:
        raise RemoteError(f"POST {endpoint} answered {describe(response)}{_hint(response)}")
    try:
        return _result(response)
    except (SyntaxError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RemoteError(f"{endpoint}: cannot read the answer {describe(response)}: {exc}") from exc


def remote_query(endpoint: str, sparql: str, auth: Auth = None,
                 timeout: float = TIMEOUT_SECONDS) -> QueryResult:
    """Run SPARQL (the project's prefixes predeclared) at a SPARQL 1.1 Protocol endpoint.

    The remote default graph is the server's: Virtuoso's is the union of all graphs, as
    in ``kg query``; start Oxigraph with ``oxigraph serve --union-default-graph``.
    ``timeout``: seconds to connect, and for each read of the answer.

    Raises:
        RemoteError: the server cannot be reached or does not answer in time, refused the
            query (its answer is quoted), or answered something that is not SPARQL results
            or RDF.
    """
    with httpx.Client(auth=auth_for(auth), timeout=timeout) as client:
        return run_remote_query(client, endpoint, PROLOGUE + sparql)


# --- what is the server? ---------------------------------------------------------------------

def _says_true(result: QueryResult) -> bool:
    """An ASK answer saying true: a boolean, or Virtuoso's one-cell ``__ask_retval`` table."""
    if result.kind == "ask":
        return bool(result.boolean)
    rows = result.rows if result.kind == "select" else []
    cells = [str(getattr(v, "value", "")) for row in rows[:1] for v in row.values()]
    return cells in (["1"], ["true"])


def _describes_service(response: httpx.Response, base: str) -> bool:
    """Whether an answer is RDF naming an ``sd:Service`` (a SPARQL service description)."""
    fmt = _rdf_format(_media(response))
    if fmt is None:
        return False
    try:
        quads = ox.parse(response.content, format=fmt, base_iri=base)
        return any(q.predicate == RDF_TYPE and q.object == SD_SERVICE for q in quads)
    except (SyntaxError, ValueError):
        return False


def check_service(client: httpx.Client, endpoint: str) -> bool:
    """Whether ``endpoint`` is a SPARQL service: True when it answers ``ASK {}`` with SPARQL
    results saying true, False when it refuses the query (4xx) but describes itself as an
    ``sd:Service`` (an update-only endpoint such as Oxigraph's ``/update``).

    Raises:
        RemoteError: anything else came back (a web page, an error, a redirect, a refused
            password, no answer in time); the message quotes it.
    """
    response = request(client, "POST", endpoint, data={"query": "ASK {}"},
                       headers={"Accept": ACCEPT_RESULTS})
    if response.is_success:
        try:
            if _says_true(_result(response)):
                return True
        except (SyntaxError, ValueError, KeyError, TypeError, AttributeError, RemoteError):
            pass
        raise RemoteError(f"{endpoint} is not a SPARQL endpoint: ASK {{}} was answered "
                          f"{describe(response)}, not SPARQL results saying true")
    if not response.is_client_error or response.status_code in (401, 403):
        raise RemoteError(f"POST {endpoint} (ASK {{}}) answered {describe(response)}{_hint(response)}")
    description = request(client, "GET", endpoint, headers={"Accept": ACCEPT_RDF + ", text/turtle"})
    if description.is_success and _describes_service(description, endpoint):
        return False
    raise RemoteError(f"{endpoint} is not a SPARQL service: ASK {{}} was answered "
                      f"{describe(response)}; a GET for its service description was answered "
                      f"{describe(description)}")


def check_graph_store(client: httpx.Client, url: str, graph: str) -> None:
    """Check that ``url`` is a Graph Store endpoint: a GET of ``graph`` answers RDF, or a
    4xx other than 401 and 403 (no such graph, or no graph store at all: the push then
    finds out with its first PUT). Only the start of the answer is read.

    Raises:
        RemoteError: a web page or anything else that is not RDF, an error, a redirect, a
            refused password, or no answer in time; the message quotes it.
    """
    try:
        with client.stream("GET", url, params={"graph": graph}, headers={"Accept": ACCEPT_RDF}) as response:
            head = b""
            for part in response.iter_bytes():
                head += part
                if len(head) >= QUOTE_BYTES * 4:
                    break
    except httpx.TimeoutException as exc:
        raise RemoteError(_timed_out(client, "GET", url, exc)) from exc
    except httpx.HTTPError as exc:
        raise RemoteError(f"GET {url}: cannot reach the server: {exc}") from exc
    if response.is_success and _rdf_format(_media(response)) is not None:
        return
    if response.is_client_error and response.status_code not in (401, 403):
        return
    reason = ", which is not RDF" if response.is_success else ""
    raise RemoteError(f"{url} is not a usable graph store: GET ?graph=<{graph}> was answered "
                      f"{describe(response, body=head)}{reason}{_hint(response)}")


def remote_count(client: httpx.Client, endpoint: str, graph: str) -> int:
    """The number of triples of the named graph ``graph`` at ``endpoint`` (a COUNT query).

    Raises:
        RemoteError: the query failed, or its answer holds no count.
    """
    sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {iri_ref(graph)} {{ ?s ?p ?o }} }}"
    result = run_remote_query(client, endpoint, sparql)
    try:
        value = result.rows[0]["n"].value if result.kind == "select" else None
        return int(str(value))
    except (IndexError, KeyError, ValueError, AttributeError):
        raise RemoteError(f"{endpoint}: the answer to a COUNT of <{graph}> holds no count") from None
