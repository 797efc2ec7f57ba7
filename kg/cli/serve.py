"""``kg serve``: the store as a read-only SPARQL 1.1 endpoint, or one request answered
in-process (``--get PATH``, as Datasette's ``serve --get``)."""

from __future__ import annotations

import sys

import click

from kg.cli.common import library_errors, require_store
from kg.errors import EXIT_INPUT

__all__ = ["serve"]


def _settings_epilog() -> str:
    from kg.server.settings import describe

    return "Settings (--setting NAME VALUE):\n\n" + describe()


@click.command(epilog=_settings_epilog())
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on. The endpoint is read-only but has no "
                   "authentication: 0.0.0.0 opens it to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--setting", "settings", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Change a limit (repeatable); the settings are listed below.")
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one GET request in-process (no socket), print the body and exit: "
                   "0 when the status is below 400, 2 otherwise. "
                   "Example: --get '/sparql?query=ASK%7B%7D'.")
@click.option("--accept", metavar="MEDIA-TYPE",
              help="With --get: the Accept header (e.g. text/csv, text/turtle).")
@click.option("--headers", "show_headers", is_flag=True,
              help="With --get: print the status and the response headers before the body.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, settings: tuple[tuple[str, str], ...],
          get_path: str | None, accept: str | None, show_headers: bool) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    GET ?query=, POST form-encoded or POST application/sparql-query;
    default-graph-uri / named-graph-uri restrict the dataset, otherwise the default
    graph is the union of the named graphs (as in `kg query`, prefixes predeclared).
    Results follow the Accept header (SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples,
    JSON-LD, RDF/XML, TriG, N-Quads); a GET without a query answers the service
    description. Updates, LOAD and SERVICE are refused (403); each query runs in a
    worker process that is killed at the time limit (503).
    """
    from kg.server import get
    from kg.server import serve as run_server

    path = require_store(ctx.find_root().obj["store"])
    values = dict(settings)
    with library_errors():
        if get_path is None:
            run_server(path, host, port, values)
            return
        status, headers, body = get(path, get_path, values, accept)
    if show_headers:
        click.echo(f"{status}")
        for name, value in headers.items():
            click.echo(f"{name}: {value}")
        click.echo()
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    if status >= 400:
        # a refused or failed request is bad input (a query that does not parse, an
        # unknown path), not SHACL violations
        sys.exit(EXIT_INPUT)
