"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the store (Starlette on uvicorn).

:func:`serve` runs the server; :func:`get` answers one request in-process, without a socket
(Datasette's ``serve --get PATH``), for scripts and tests. Limits are named settings
(:data:`kg.server.settings.SETTINGS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.server.settings import SETTINGS, Setting, describe, resolve

if TYPE_CHECKING:
    import uvicorn

    from kg.server.app import create_app


def __getattr__(name: str) -> Any:
    """``create_app`` is imported on first use: ``kg --help`` need not load Starlette."""
    if name == "create_app":
        from kg.server.app import create_app
        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["create_app", "serve", "make_server", "get", "SETTINGS", "Setting", "describe",
           "resolve", "HEAD_ROOM_BYTES"]

#: What the HTTP layer accepts beyond ``max_request_bytes`` in a request's line and headers,
#: so that a query string somewhat over the limit reaches the app and gets its 414.
HEAD_ROOM_BYTES = 64 * 1024


def make_server(store: Path, host: str = "127.0.0.1", port: int = 8000,
                settings: Mapping[str, object] | None = None,
                log_level: str = "info") -> uvicorn.Server:
    """The uvicorn server :func:`serve` runs (not started), for ``store`` at
    ``http://host:port/sparql``.

    The HTTP layer (h11) keeps a request line and headers of up to twice
    ``max_request_bytes`` plus :data:`HEAD_ROOM_BYTES` (its default, 16 kB, would answer a
    long GET with a bare 400), so a query string over the limit gets the app's 414.

    Raises:
        StoreError: there is no store at ``store``.
        SettingError: an unknown setting or a bad value.
    """
    import uvicorn

    from kg.server.app import create_app

    app = create_app(store, settings)
    head = 2 * int(app.state.settings["max_request_bytes"]) + HEAD_ROOM_BYTES
    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level=log_level,
                                         lifespan="on", http="h11",
                                         h11_max_incomplete_event_size=head))


def serve(store: Path, host: str = "127.0.0.1", port: int = 8000,
          settings: Mapping[str, object] | None = None) -> None:
    """Serve ``store`` at ``http://host:port/sparql`` until interrupted.

    Raises:
        StoreError: there is no store at ``store``.
        SettingError: an unknown setting or a bad value.
        UsageError: the server could not listen at ``host:port`` (taken, not an address here).
    """
    from kg.errors import UsageError

    server = make_server(store, host, port, settings)
    try:
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind, having logged why
        raise UsageError(f"could not serve at {host}:{port} (the reason is logged above)") from None
    if not server.started:
        raise UsageError(f"could not serve at {host}:{port} (the reason is logged above)")


def get(store: Path, path: str, settings: Mapping[str, object] | None = None,
        accept: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """Answer one ``GET path`` (``/sparql?query=...``) in-process, as if sent to
    ``http://localhost``.

    The query runs in a worker process started with ``spawn``, which imports the calling
    script again: a script calling this needs the ``if __name__ == "__main__":`` guard.

    Returns:
        the status, the response headers (lower-case names) and the body.

    Raises:
        StoreError: there is no store at ``store``.
        SettingError: an unknown setting or a bad value.
    """
    import anyio
    import httpx

    from kg.server.app import create_app

    app = create_app(store, settings)
    headers = {"accept": accept} if accept else {}

    async def one() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
            return await client.get(path, headers=headers)

    try:
        response = anyio.run(one)
    finally:
        app.state.pool.close()
    return response.status_code, dict(response.headers), response.content
