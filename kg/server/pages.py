"""Linked-data pages: dereferenceable instance IRIs, the dataset description, the query page.

Routes (all ``GET``/``HEAD``):

* ``/id/{kind}/{key}`` answers for the instance IRI ``{base}id/{kind}/{key}``. **Direct
  content negotiation, no 303**: the answer is ``200`` with ``Vary: Accept``, a
  ``Content-Location`` naming the document actually sent (``/id/person/stalin?format=ttl``)
  and ``Link: <...>; rel="alternate"; type="..."`` for each other format (the W3C TAG's
  httpRange-14 update of 2012 lets a ``200`` describe a thing that is not a document; one
  round trip instead of two). Offers: Turtle (the default for ``*/*`` and no ``Accept``),
  JSON-LD, N-Triples, HTML (browsers ask for it first). ``?format=ttl|jsonld|nt|html``
  picks one whatever the ``Accept``. The RDF is the resource's concise bounded description
  over the asserted graphs (:mod:`kg.server.resources`), read with the IRI bound in the
  queries, never pasted. An IRI no graph mentions: ``404`` with a page that says what to
  try; so is a kind the minter does not have or a key it would never write (anything but
  letters, digits and ``-._~``), before any query.
* ``/.well-known/void`` and ``/dataset``: :func:`kg.publish.void.dataset_description`, negotiated
  the same way (Turtle default, JSON-LD, N-Triples, HTML); ``void:sparqlEndpoint`` is the
  setting ``endpoint_url``, else ``/sparql`` at the server's own address (never the ``Host``
  header); the dumps are linked when the setting
  ``dump_base_url`` is set. Computed once per endpoint URL and kept: the store is read-only
  while served.
* ``/query``: a form that POSTs to ``/sparql`` with ``fetch()`` and draws the JSON results as
  a table; the shipped queries (``kg/query/queries/*.rq``) as examples. ``?example=NAME`` fills the
  form with one and runs it; ``?query=TEXT`` fills it.
* ``/``: what the dataset is, with links to the query page, the description and example IRIs.
* ``/static/...``: the stylesheet and the query page's script (nothing from elsewhere).

Everything that reads the store runs in a query worker under ``query_time_limit_ms``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import anyio.to_thread
import jinja2
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kg.iris import KIND_PREFIXES, Minter
from kg.server import resources
from kg.server.evaluate import Answer
from kg.server.sparql import endpoint_url, negotiate
from kg.server.workers import Call, QueryPool

__all__ = ["page_routes", "not_found_page", "FORMATS", "examples", "dataset_ntriples"]

HERE = Path(__file__).parent
TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                               autoescape=True, undefined=jinja2.StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)

#: ``?format=`` names and their media types, in order of preference for ``*/*``.
FORMATS = {"ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples",
           "html": "text/html"}
_NAMES = {v: k for k, v in FORMATS.items()}
_RDFLIB = {"text/turtle": "turtle", "application/ld+json": "json-ld",
           "application/n-triples": "nt"}

#: The dataset description may read the whole store once: it gets this long at least.
DATASET_TIME_S = 120.0

#: The kinds of instance IRI (``/id/{kind}/...``): those of :data:`kg.iris.KIND_PREFIXES`, and
#: the analyses and observations of the measures graph (:mod:`kg.network.observations`).
KINDS = frozenset(KIND_PREFIXES.values()) | {"analysis", "observation"}

#: A key as :class:`kg.iris.Minter` writes it: unreserved characters only.
KEY = re.compile(r"[A-Za-z0-9._~-]{1,500}")


def _charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8"


def render(name: str, status: int = 200, headers: Mapping[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    """A template rendered as an HTML response."""
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=status,
                        headers=dict(headers or {}))


def examples() -> list[dict[str, Any]]:
    """The shipped queries (:func:`kg.query.ask.catalogue`): ``name``, ``title`` (first header
    line), ``description`` (the ``question:`` line), ``params`` (as ``name: type = default --
    help``) and ``query``."""
    from kg.query.ask import catalogue

    return [{"name": q.name, "title": q.title, "description": q.question, "query": q.text,
             "params": [f"{p.name}: {p.type}" + (f" = {p.default}" if p.default is not None else "")
                        + (f" -- {p.help}" if p.help else "") for p in q.params]}
            for q in catalogue().values()]


def _choose(request: Request, offers: list[str]) -> str | None:
    wanted = request.query_params.get("format")
    if wanted is not None:
        return FORMATS.get(wanted) if FORMATS.get(wanted) in offers else None
    return negotiate(request.headers.get("accept"), offers)


def _alternates(path: str, offers: list[str], chosen: str) -> dict[str, str]:
    links = [f'<{path}?format={_NAMES[m]}>; rel="alternate"; type="{m}"'
             for m in offers if m != chosen]
    return {"Vary": "Accept", "Content-Location": f"{path}?format={_NAMES[chosen]}",
            "Link": ", ".join(links)}


def _not_acceptable(offers: list[str]) -> Response:
    return PlainTextResponse("no acceptable format; this resource is offered as "
                             f"{', '.join(offers)} (or ?format={'|'.join(FORMATS)})\n",
                             status_code=406)


def dataset_ntriples(store: Any, endpoint: str | None, dump_base_url: str | None,
                     base: str) -> bytes:
    """The dataset description as N-Triples (runs in a worker)."""
    from kg.publish.void import dataset_description

    graph = dataset_description(store, endpoint=endpoint, dump_base_url=dump_base_url or None,
                                minter=Minter(base))
    return graph.serialize(format="nt", encoding="utf-8")


def _dataset_summary(g: Graph, base: str) -> dict[str, Any]:
    """What the HTML view of the dataset description shows."""
    from kg.publish.void import dataset_iri

    ds = dataset_iri(Minter(base))

    def one(s: Any, p: Any) -> str | None:
        value = g.value(s, p)
        return None if value is None else str(value)

    def link(iri: str) -> dict[str, Any]:
        href = resources.local_path(iri, base)
        return {"text": resources.curie(iri, base), "href": href, "iri": iri, "external": False}

    def count(s: Any, p: Any) -> int:
        value = g.value(s, p)
        assert isinstance(value, Literal)  # the description's counts are all there
        return int(value)

    classes = sorted(((link(str(g.value(p, VOID["class"]))), count(p, VOID.entities))
                      for p in g.objects(ds, VOID.classPartition)), key=lambda x: -x[1])
    properties = sorted(((link(str(g.value(p, VOID.property))), count(p, VOID.triples))
                         for p in g.objects(ds, VOID.propertyPartition)), key=lambda x: -x[1])
    linksets = [(link(str(g.value(ls, VOID.linkPredicate))), count(ls, VOID.triples))
                for ls in sorted(g.subjects(RDF.type, VOID.Linkset), key=str)]
    dumps = sorted((str(g.value(d, DCTERMS.title)), str(g.value(d, DCAT.downloadURL)))
                   for d in g.objects(ds, DCAT.distribution))
    licence = g.value(ds, DCTERMS.license)
    return {
        "iri": str(ds), "title": one(ds, DCTERMS.title), "description": one(ds, DCTERMS.description),
        "modified": one(ds, DCTERMS.modified), "version": one(ds, URIRef(f"{DCAT}version")),
        "counts": [(name, one(ds, VOID[name])) for name in ("triples", "entities", "classes",
                                                            "properties")],
        "endpoint": one(ds, VOID.sparqlEndpoint), "rights": one(ds, DCTERMS.rights),
        "licence": one(licence, URIRef("http://www.w3.org/2000/01/rdf-schema#label")),
        "classes": classes, "properties": properties, "linksets": linksets, "dumps": dumps,
        "examples": [link(str(e)) for e in sorted(g.objects(ds, VOID.exampleResource), key=str)],
        "sources": sorted(str(s) for s in g.objects(ds, DCTERMS.source)),
    }


def page_routes(pool: QueryPool, config: Mapping[str, object], base: str) -> list[BaseRoute]:
    """The routes of the pages, reading the store through ``pool`` under ``config``'s limits."""
    return _Pages(pool, config, base).routes()


class _Pages:
    """The page handlers of one app: its query pool, instance base and limits, and the
    dataset description once computed (per endpoint URL)."""

    def __init__(self, pool: QueryPool, config: Mapping[str, object], base: str) -> None:
        self.pool, self.base, self.minter = pool, base, Minter(base)
        self.timeout_s = int(str(config["query_time_limit_ms"])) / 1000
        self.dump_base_url = str(config.get("dump_base_url") or "") or None
        self.endpoint = str(config.get("endpoint_url") or "")
        self.cache: dict[tuple[str, str | None], Graph] = {}

    def routes(self) -> list[BaseRoute]:
        """The routes, each answered by a method of this object."""
        return [
            Route("/", self.home, methods=["GET", "HEAD"]),
            Route("/query", self.query_page, methods=["GET", "HEAD"]),
            Route("/dataset", self.dataset, methods=["GET", "HEAD"]),
            Route("/.well-known/void", self.dataset, methods=["GET", "HEAD"]),
            Route("/id/{kind}/{key:path}", self.resource, methods=["GET", "HEAD"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]

    async def in_worker(self, function: Callable[..., object], *args: object,
                        timeout: float | None = None) -> object:
        """``function(store, *args)`` in a query worker, under the time limit (or ``timeout``)."""
        limit = self.timeout_s if timeout is None else timeout
        return await anyio.to_thread.run_sync(self.pool.call, Call(function, args), limit)

    async def dataset_graph(self, request: Request) -> Graph | Answer:
        """The dataset description naming the endpoint (:func:`kg.server.sparql.endpoint_url`;
        computed once per endpoint, of which there are as many as the server's addresses)."""
        endpoint = endpoint_url(request.scope, self.endpoint)
        key = (endpoint, self.pool.generation())  # described anew after a build
        if key not in self.cache:
            result = await self.in_worker(dataset_ntriples, endpoint, self.dump_base_url, self.base,
                                          timeout=max(self.timeout_s, DATASET_TIME_S))
            if isinstance(result, Answer):
                return result
            assert isinstance(result, bytes)
            self.cache = {k: g for k, g in self.cache.items() if k[1] == key[1]}  # drop stale ones
            self.cache[key] = Graph().parse(data=result, format="nt")
        return self.cache[key]

    async def resource(self, request: Request) -> Response:
        """``/id/{kind}/{key}``: the instance's description, negotiated (HTML or RDF). A kind
        or key the minter never writes is not found, before anything reads the store (the
        IRI is bound in the queries, never pasted)."""
        kind, key = request.path_params["kind"], request.path_params["key"]
        if kind not in KINDS or not KEY.fullmatch(key):
            return not_found_page(request, None)
        path = request.url.path
        iri = self.minter.namespace(kind) + key
        offers = [*_RDFLIB, "text/html"]
        chosen = _choose(request, offers)
        if chosen is None:
            return _not_acceptable(offers)
        headers = _alternates(path, offers, chosen)
        if chosen == "text/html":
            return await self._resource_html(iri, path, headers)
        body = await self.in_worker(_describe_as, iri, chosen, self.base)
        if isinstance(body, Answer):
            return PlainTextResponse(body.body, status_code=body.status)
        if body is None:
            return PlainTextResponse(f"{iri}: no graph of this store mentions it\n",
                                     status_code=404)
        assert isinstance(body, bytes)
        return Response(body, media_type=_charset(chosen), headers=headers)

    async def _resource_html(self, iri: str, path: str, headers: dict[str, str]) -> Response:
        page = await self.in_worker(resources.resource_page, iri, self.base)
        if isinstance(page, Answer):
            return _failed(page)
        if page is None:
            return render("notfound.html", status=404, iri=iri, path=path)
        assert isinstance(page, dict)
        return render("resource.html", headers=headers, page=page, path=path)

    async def dataset(self, request: Request) -> Response:
        """``/dataset`` and ``/.well-known/void``: the VoID and DCAT description, negotiated."""
        offers = [*_RDFLIB, "text/html"]
        chosen = _choose(request, offers)
        if chosen is None:
            return _not_acceptable(offers)
        g = await self.dataset_graph(request)
        if isinstance(g, Answer):
            return _failed(g)
        headers = _alternates(request.url.path, offers, chosen)
        if chosen == "text/html":
            return render("dataset.html", headers=headers, d=_dataset_summary(g, self.base),
                          path=request.url.path)
        body = await anyio.to_thread.run_sync(lambda: g.serialize(format=_RDFLIB[chosen],
                                                                  encoding="utf-8"))
        return Response(body, media_type=_charset(chosen), headers=headers)

    async def home(self, request: Request) -> Response:
        """``/``: what the dataset is, with links to the query page and example IRIs."""
        g = await self.dataset_graph(request)
        summary = _dataset_summary(g, self.base) if isinstance(g, Graph) else None
        return render("home.html", d=summary, endpoint=endpoint_url(request.scope, self.endpoint))

    async def query_page(self, request: Request) -> Response:
        """``/query``: the query form, filled from ``?example=NAME`` or ``?query=TEXT``."""
        shipped = examples()
        text = request.query_params.get("query", "")
        name = request.query_params.get("example")
        chosen = next((e for e in shipped if e["name"] == name), None)
        if chosen is not None:
            text = chosen["query"]
        return render("query.html", examples=shipped, text=text or shipped[0]["query"],
                      autorun=bool(chosen), endpoint=request.url_for("sparql").path,
                      base=self.base)


def _failed(result: Answer) -> Response:
    """The error page for a query worker's error answer."""
    return render("error.html", status=result.status, title="The store did not answer",
                  message=result.body.decode("utf-8", "replace"))


def _describe_as(store: Any, iri: str, media_type: str, base: str) -> bytes | None:
    """The description of ``iri`` serialised (runs in a worker); ``None`` if unknown."""
    triples = resources.describe(store, iri, base)
    return None if triples is None else resources.serialize(triples, media_type, base)


def not_found_page(request: Request, exc: Exception | None) -> Response:
    """Starlette's 404 handler: an HTML page for browsers, text otherwise."""
    if negotiate(request.headers.get("accept"), ["text/plain", "text/html"]) == "text/html":
        return render("notfound.html", status=404, iri=None, path=request.url.path)
    return PlainTextResponse(f"{request.url.path}: not found\n", status_code=404)
