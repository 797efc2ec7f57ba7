"""The SPARQL 1.1 Protocol's query operation (https://www.w3.org/TR/sparql11-protocol/#query-operation):
reading a request, negotiating the result format, describing the service.

* ``GET /sparql?query=...`` (§2.1.1), ``POST`` form-encoded (§2.1.2) and ``POST`` with
  ``Content-Type: application/sparql-query`` (§2.1.3); ``default-graph-uri`` and
  ``named-graph-uri`` restrict the dataset (§2.1.4). Without them the default graph is the
  union of the named graphs, as in ``kg query`` (``sd:UnionDefaultGraph``).
* Result formats follow the ``Accept`` header (RFC 9110 §12.5.1); nothing acceptable: 406.
* A ``GET`` without a query answers the service description
  (https://www.w3.org/TR/sparql11-service-description/), Turtle unless negotiated otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request

from kg.errors import RequestRefused
from kg.server.evaluate import GRAPH_FORMATS, SOLUTION_FORMATS

__all__ = ["Operation", "read_operation", "negotiate", "service_description", "endpoint_url"]

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS = "http://purl.org/dc/terms/"
FORMATS = "http://www.w3.org/ns/formats/"


def endpoint_url(scope: Mapping[str, Any], configured: str = "") -> str:
    """The URL of ``/sparql`` that descriptions name: the setting ``endpoint_url`` when set,
    else ``/sparql`` at the address and port the connection reached (the ASGI ``server``),
    never the request's ``Host`` header, which any client can set.

    >>> endpoint_url({"scheme": "http", "server": ("127.0.0.1", 8000)})
    'http://127.0.0.1:8000/sparql'
    >>> endpoint_url({"scheme": "https", "server": ("::1", 443)})
    'https://[::1]/sparql'
    >>> endpoint_url({}, "https://example.org/sparql")
    'https://example.org/sparql'
    """
    if configured:
        return configured
    scheme = "https" if scope.get("scheme") == "https" else "http"
    host, port = (scope.get("server") or ("localhost", None))[:2]
    host = f"[{host}]" if ":" in str(host) else str(host)
    netloc = host if port in (None, 443 if scheme == "https" else 80) else f"{host}:{port}"
    return f"{scheme}://{netloc}{scope.get('root_path', '')}/sparql"


@dataclass(frozen=True)
class Operation:
    """A query operation: the query text and the protocol's dataset parameters."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestRefused(400, f"{what} is not UTF-8: {exc}") from None


def _params(text: str, what: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                         errors="strict")
    except UnicodeDecodeError as exc:
        raise RequestRefused(400, f"{what} is not UTF-8 once percent-decoded: {exc}") from None


def _operation(params: list[tuple[str, str]], direct_query: str | None = None) -> Operation | None:
    names = [k for k, _ in params]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise RequestRefused(403, "SPARQL Update is not allowed: this endpoint is read-only")
    queries = [v for k, v in params if k == "query"]
    if direct_query is not None:
        if queries:
            raise RequestRefused(400, "a query in the body and a query parameter: send one")
        queries = [direct_query]
    if len(queries) > 1:
        raise RequestRefused(400, f"{len(queries)} query parameters: send exactly one")
    if not queries:
        return None
    return Operation(queries[0],
                     tuple(v for k, v in params if k == "default-graph-uri"),
                     tuple(v for k, v in params if k == "named-graph-uri"))


async def _body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise RequestRefused(413, f"request body of {declared} bytes is larger than "
                                 f"{max_bytes} (setting max_request_bytes)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise RequestRefused(413, f"request body is larger than {max_bytes} bytes "
                                     "(setting max_request_bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_operation(request: Request, max_bytes: int) -> Operation | None:
    """The query operation a ``GET`` or ``POST`` carries; ``None`` for a ``GET`` without a
    query (the service description).

    Raises:
        RequestRefused: a request the protocol or this read-only endpoint does not accept.
    """
    raw_query = request.scope.get("query_string", b"")
    if len(raw_query) > max_bytes:
        raise RequestRefused(414, f"query string is longer than {max_bytes} bytes "
                                 "(setting max_request_bytes); send the query by POST")
    url_params = _params(_decode(raw_query, "the query string"), "the query string")
    if request.method in ("GET", "HEAD"):
        return _operation(url_params)
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";")[0].strip().lower()
    charset = next((v.strip().strip('"').lower() for k, _, v in
                    (p.partition("=") for p in content_type.split(";")[1:])
                    if k.strip().lower() == "charset"), "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise RequestRefused(415, f"send the request in UTF-8, not {charset}")
    if media_type == "application/sparql-update":
        raise RequestRefused(403, "SPARQL Update is not allowed: this endpoint is read-only")
    if media_type not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        raise RequestRefused(415, "POST a query as application/x-www-form-urlencoded "
                                 "(query=...) or as application/sparql-query, not "
                                 f"{media_type or 'without a Content-Type'}")
    body = await _body(request, max_bytes)
    if media_type == "application/sparql-query":
        return _operation(url_params, _decode(body, "the query"))
    operation = _operation(url_params + _params(_decode(body, "the form"), "the form"))
    if operation is None:
        raise RequestRefused(400, "the form has no query parameter")
    return operation


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer an ``Accept`` header prefers (RFC 9110 §12.5.1), ``None`` if none is acceptable.

    The quality of an offer is that of the most specific range matching it; ties go to the
    more specific range, then to the order of ``offers``. No header accepts the first offer.

    >>> negotiate("text/csv;q=0.5, application/*", ["text/csv", "application/json"])
    'application/json'
    >>> negotiate("text/csv, */*", ["application/json", "text/csv"])
    'text/csv'
    >>> negotiate("image/png", ["text/csv"]) is None
    True
    """
    if accept is None or not accept.strip():
        return offers[0] if offers else None
    ranges = _media_ranges(accept)
    best: tuple[tuple[float, int, int], str] | None = None
    for index, offer in enumerate(offers):
        match = _best_range(offer, ranges)
        if match is None or match[1] <= 0:
            continue
        rank = (match[1], match[0], -index)
        if best is None or rank > best[0]:
            best = (rank, offer)
    return best[1] if best else None


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their quality (``q``, 1 by default, 0
    when unreadable).

    >>> _media_ranges("text/csv;q=0.5, application/*, */*;q=x")
    [('text/csv', 0.5), ('application/*', 1.0), ('*/*', 0.0)]
    """
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        fields = part.split(";")
        media_range, quality = fields[0].strip().lower(), 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        if media_range:
            ranges.append((media_range, quality))
    return ranges


def _best_range(offer: str, ranges: list[tuple[str, float]]) -> tuple[int, float] | None:
    """Specificity (2 exact, 1 ``type/*``, 0 ``*/*``) and quality of the most specific range
    matching ``offer`` (the first of equally specific ones); ``None`` if none matches."""
    kind = offer.split("/")[0]
    match: tuple[int, float] | None = None
    for media_range, quality in ranges:
        if media_range == offer:
            specificity = 2
        elif media_range == f"{kind}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if match is None or specificity > match[0]:
            match = (specificity, quality)
    return match


def service_description(endpoint: str, accept: str | None,
                        prefixes: dict[str, str] | None = None) -> tuple[str, bytes]:
    """The SPARQL service description of the endpoint at ``endpoint``: media type and body
    (negotiated among the RDF formats, Turtle when nothing else is acceptable)."""
    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    service = ox.BlankNode("service")
    dataset, graph = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, iri(RDF_TYPE), iri(SD + "Service")),
        ox.Triple(service, iri(SD + "endpoint"), iri(endpoint)),
        ox.Triple(service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        ox.Triple(service, iri(SD + "feature"), iri(SD + "UnionDefaultGraph")),
        ox.Triple(service, iri(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, iri(RDF_TYPE), iri(SD + "Dataset")),
        ox.Triple(dataset, iri(SD + "defaultGraph"), graph),
        ox.Triple(graph, iri(RDF_TYPE), iri(SD + "Graph")),
        ox.Triple(service, iri(DCTERMS + "title"),
                  ox.Literal("coldwar-kg SPARQL endpoint (read-only; the default graph is the "
                             "union of the named graphs)")),
    ]
    formats = {f.iri for f in SOLUTION_FORMATS.values()} | {f.iri for f in GRAPH_FORMATS.values()}
    # Oxigraph names JSON-LD .../formats/data/JSON-LD; the W3C registry says .../formats/JSON-LD
    formats = {FORMATS + "JSON-LD" if f.endswith("/JSON-LD") else f for f in formats}
    triples += [ox.Triple(service, iri(SD + "resultFormat"), iri(f)) for f in sorted(formats)]
    media_type = negotiate(accept, list(GRAPH_FORMATS)) or "text/turtle"
    fmt = GRAPH_FORMATS[media_type]
    use_prefixes = {"sd": SD, "dcterms": DCTERMS, **(prefixes or {})}
    body = ox.serialize(triples, format=fmt,
                        prefixes=use_prefixes if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
                        else None)
    return media_type, body or b""
