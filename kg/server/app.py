"""The Starlette application: ``/sparql`` over a read-only store, limits from the settings,
and the linked-data pages (:mod:`kg.server.pages`: ``/``, ``/query``, ``/dataset``,
``/.well-known/void``, ``/id/{kind}/{key}``, ``/static``).

A thin shell: :mod:`kg.server.sparql` reads the protocol, :mod:`kg.server.workers` runs the
query in a worker process, :mod:`kg.server.evaluate` answers it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import RequestRefused
from kg.iris import default_minter
from kg.namespace import PREFIXES
from kg.server.evaluate import GRAPH_FORMATS, SOLUTION_FORMATS, Answer, Job
from kg.server.pages import not_found_page, page_routes
from kg.server.settings import TRUNCATED_HEADER, resolve
from kg.server.sparql import endpoint_url, negotiate, read_operation, service_description
from kg.server.workers import QueryPool
from kg.store import Store

__all__ = ["create_app"]

ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"


def _media_type(media_type: str) -> str:
    if media_type.startswith("text/") or media_type.endswith(("json", "xml", "trig", "quads",
                                                              "triples")):
        return f"{media_type}; charset=utf-8"
    return media_type


def _response(answer: Answer) -> Response:
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers[TRUNCATED_HEADER] = "true"
    return Response(answer.body, status_code=answer.status,
                    media_type=_media_type(answer.media_type), headers=headers)


def create_app(store_path: Path | str, settings: Mapping[str, object] | None = None) -> Starlette:
    """The ASGI app serving the store at ``store_path`` (opened read-only, by worker processes).

    Args:
        store_path: directory of an existing store.
        settings: overrides of :data:`kg.server.settings.SETTINGS`, by name.

    Raises:
        StoreError: there is no store at ``store_path``.
        SettingError: an unknown setting or a bad value.
    """
    config = resolve(settings)
    Store(store_path, read_only=True).close()  # fail now, not at the first query
    pool = QueryPool(store_path, int(config["query_workers"]))
    minter = default_minter()
    endpoint = _Endpoint(pool, config, {**PREFIXES, **minter.prefixes()})
    routes = [Route("/sparql", endpoint.sparql, methods=["GET", "HEAD", "POST", "OPTIONS"]),
              *page_routes(pool, config, minter.base)]
    app = Starlette(routes=routes, middleware=_middleware(config), lifespan=_lifespan(pool),
                    exception_handlers={404: not_found_page})
    app.state.pool = pool
    app.state.settings = config
    return app


class _Endpoint:
    """``/sparql``: the protocol read (:mod:`kg.server.sparql`), the query run by the pool
    under the settings' limits, the answer in the negotiated format."""

    def __init__(self, pool: QueryPool, config: Mapping[str, int | bool | str],
                 prefixes: dict[str, str]) -> None:
        self.pool, self.prefixes = pool, prefixes
        self.timeout_s = int(config["query_time_limit_ms"]) / 1000
        self.max_bytes = int(config["max_request_bytes"])
        self.max_rows = int(config["max_returned_rows"])
        self.endpoint = str(config["endpoint_url"])

    async def sparql(self, request: Request) -> Response:
        """Answer one protocol request: a query, the service description, or a refusal."""
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": ALLOWED_METHODS})
        try:
            operation = await read_operation(request, self.max_bytes)
        except RequestRefused as exc:
            return PlainTextResponse(exc.message + "\n", status_code=exc.status)
        accept = request.headers.get("accept")
        if operation is None:
            media_type, body = service_description(endpoint_url(request.scope, self.endpoint),
                                                   accept)
            return Response(body, media_type=_media_type(media_type), headers={"Vary": "Accept"})
        job = Job(query=operation.query,
                  solution_type=negotiate(accept, list(SOLUTION_FORMATS)),
                  graph_type=negotiate(accept, list(GRAPH_FORMATS)),
                  default_graphs=operation.default_graphs, named_graphs=operation.named_graphs,
                  max_rows=self.max_rows, prefixes=self.prefixes)
        if job.solution_type is None and job.graph_type is None:
            return PlainTextResponse(
                f"no acceptable format for {accept!r}; this endpoint offers "
                + ", ".join([*SOLUTION_FORMATS, *GRAPH_FORMATS]) + "\n", status_code=406)
        answer = await anyio.to_thread.run_sync(self.pool.run, job, self.timeout_s)
        return _response(answer)


def _middleware(config: Mapping[str, object]) -> list[Middleware]:
    """CORS (any origin, the truncation header exposed) when the setting ``cors`` is on."""
    if not config["cors"]:
        return []
    return [Middleware(CORSMiddleware, allow_origins=["*"],
                       allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=[TRUNCATED_HEADER], max_age=3600)]


def _lifespan(pool: QueryPool) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Start the query workers with the app, stop them with it."""
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(pool.warm_up)
        try:
            yield
        finally:
            pool.close()

    return lifespan
