"""``kg query``, ``kg ask``, ``kg queries`` and ``kg explain``: questions to the store, as
SPARQL, as a named query with parameters, or as the evidence behind a message's facts."""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

import click
from rich.table import Table

from kg.cli.common import KgCommandError, cell, library_errors, open_store, out, utf8_values
from kg.errors import EXIT_INPUT

if TYPE_CHECKING:
    from kg.query.engine import QueryResult

__all__ = ["query", "ask", "list_queries", "explain"]


def _serialize(result: QueryResult, fmt: str) -> str:
    """The result in ``fmt``; the default table means Turtle for CONSTRUCT and DESCRIBE."""
    return result.serialize("turtle" if fmt == "table" and result.kind == "graph" else fmt)


@click.command()
@click.argument("query", callback=utf8_values)
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]),
              help="table/json/csv/tsv/xml for SELECT and ASK (json is the W3C SPARQL "
                   "results format); turtle/ntriples for CONSTRUCT and DESCRIBE.")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL 1.1 Protocol endpoint instead of the local store "
                   "(Oxigraph: http://HOST:PORT/query, Virtuoso: http://HOST:8890/sparql).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", callback=utf8_values,
              help="With a shipped query's name: bind its parameter (as `kg ask` does; the "
                   "W3C result formats then also show the parameters' columns).")
@click.pass_context
def query(ctx: click.Context, query: str, fmt: str, endpoint: str | None,
          params: tuple[str, ...]) -> None:
    """Run a SPARQL QUERY: inline text, a .rq file, or a shipped query name
    (see `kg ask --list`). The project's prefixes (cw:, msg:, person: ...) are
    predeclared; the default graph is the union of all graphs (with --endpoint, the
    server's default graph: Virtuoso's is the union, Oxigraph's with
    `oxigraph serve --union-default-graph`)."""
    from kg.query.ask import ask as run_ask
    from kg.query.ask import parse_params
    from kg.query.engine import load_query_text, run_query

    with library_errors():
        if params and endpoint:
            raise KgCommandError("--param binds parameters locally; it cannot go with --endpoint")
        if endpoint:
            from kg.publish.remote import remote_query

            click.echo(_serialize(remote_query(endpoint, load_query_text(query)), fmt))
            return
        values = parse_params(params)
        with open_store(ctx, read_only=True) as store:
            result = run_ask(store, query, values) if params else run_query(store,
                                                                             load_query_text(query))
            text = _serialize(result, fmt)
            del result
        click.echo(text)


@click.command()
@click.argument("name", required=False, callback=utf8_values)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", callback=utf8_values,
              help="A parameter of the query (repeatable); `kg ask --list` shows each query's.")
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv"]),
              help="A readable table, JSON (a list of rows) or CSV.")
@click.option("--citations/--no-citations", default=None,
              help="Add each message's archival citation and source link (default: on for "
                   "the table, off for json and csv).")
@click.pass_context
def ask(ctx: click.Context, name: str | None, params: tuple[str, ...], list_: bool, fmt: str,
        citations: bool | None) -> None:
    """Answer a historian's question with a named query from kg/query/queries/: parameters are
    checked against their types and bound as RDF terms, never pasted into the query.

    Example: kg ask relay-chain --param writer="Kim Il Sung" --param addressee=Stalin"""
    from kg.query.ask import ask as run_ask
    from kg.query.ask import parse_params, with_citations

    if list_ or not name:
        _list_questions()
        if not list_:
            raise KgCommandError("name a query (kg ask NAME), or see the list above")
        return
    if citations is None:
        citations = fmt == "table"
    with library_errors():
        values = parse_params(params)
        with open_store(ctx, read_only=True, must_exist=True) as store:
            result = run_ask(store, name, values)
            if result.kind != "select":
                click.echo(result.serialize("table" if fmt == "table" else "json"))
                return
            if citations:
                columns, rows = with_citations(store, result)
            else:
                columns = result.variables
                rows = [{v: r[v].value for v in columns if v in r} for r in result.rows]
    _print_rows(name, columns, rows, fmt)


def _list_questions() -> None:
    """`kg ask --list`: each query's name and question, then its parameters."""
    from kg.query.ask import catalogue

    for q in catalogue().values():
        click.echo(f"{q.name:20s} {q.question or q.title}")
        if q.usage:
            click.echo(f"{'':20s}   {q.usage}")


def _print_rows(name: str, columns: list[str], rows: list[dict[str, str]], fmt: str) -> None:
    """An answer's rows as JSON (a list of objects), CSV or a table of short cells."""
    if fmt == "json":
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        from kg.query.engine import short_text

        table = Table(title=f"{name} ({len(rows)} row{'s' if len(rows) != 1 else ''})")
        for col in columns:
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*[cell(short_text(r.get(c, ""))) for c in columns])
        out.print(table)


@click.command(name="queries")
def list_queries() -> None:
    """List the shipped named queries (kg/query/queries/*.rq)."""
    from kg.query.ask import catalogue

    for q in catalogue().values():
        click.echo(f"{q.name:16s} {q.title}")


@click.command()
@click.argument("iri", callback=utf8_values)
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
@click.pass_context
def explain(ctx: click.Context, iri: str, fmt: str) -> None:
    """Show every fact about a message (IRI or prefixed name such as msg:wilson-112696)
    next to the words it was read from: quote, line and character offsets in the file.

    Covers what the message carries, its transmission events, distribution entries,
    requests and archival copies."""
    from kg.query.explain import explain as run_explain
    from kg.query.explain import format_evidence

    with library_errors(), open_store(ctx, read_only=True) as store:
        facts = run_explain(store, iri)
    if fmt == "json":
        click.echo(json.dumps([asdict(f) for f in facts], indent=1, ensure_ascii=False))
    else:
        click.echo(format_evidence(facts))
    if not facts:
        sys.exit(EXIT_INPUT)
