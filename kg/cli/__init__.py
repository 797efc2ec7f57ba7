"""``kg``: the command line. A thin shell: parse options, call one library function,
format the answer, map errors to exit codes.

Exit codes (documented in the README):
    0  success (``validate``: the data conforms; warnings are listed, not failing)
    1  ``validate`` found violations
    2  bad input or usage: a document that could not be read (the rest was still
       built), a query that does not parse, an unknown format, a missing store
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import __version__
from kg.errors import EXIT_INPUT, EXIT_OK, EXIT_VIOLATIONS, FetchError, KgError
from kg.iris import default_minter
from kg.store import DEFAULT_STORE, Store

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


class KgCommandError(click.ClickException):
    """A library error shown as one line, exit code 2."""

    exit_code = EXIT_INPUT


def _store(ctx: click.Context, read_only: bool = False, must_exist: bool = False) -> Store:
    path = ctx.obj["store"]
    if (read_only or must_exist) and not Path(path).exists():
        raise KgCommandError(f"{path}: no store here (run `kg build` first, or pass --store)")
    try:
        return Store(ctx.obj["store"], read_only=read_only)
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--store", "store", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_STORE, envvar="KG_STORE", show_default=True,
              help="Directory of the on-disk Oxigraph store (env KG_STORE).")
@click.pass_context
def cli(ctx: click.Context, store: Path) -> None:
    """coldwar-kg: Cold War correspondence as a knowledge graph.

    Build records into the store, validate them with SHACL, enrich them with OWL RL,
    query them with SPARQL, export them and draw who wrote to whom.
    """
    ctx.ensure_object(dict)
    ctx.obj["store"] = store


@cli.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--provenance/--no-provenance", default=True, show_default=True,
              help="Write each record's provenance graph (the quote and offsets of every fact, "
                   "for `kg explain`); --no-provenance builds about twice as fast.")
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(0),
              help="Processes reading and mapping files in parallel (0: one per core).")
@click.option("--bulk", is_flag=True,
              help="Load with Oxigraph's bulk loader: much faster for large builds, but not "
                   "atomic (a crash can leave part of the load; a re-run repairs it).")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], quiet: bool, provenance: bool, workers: int,
          bulk: bool) -> None:
    """Read PATHS (files or folders; the format is detected) into the store.

    Each record becomes one named graph; re-building a record replaces its graph.
    A document that cannot be read is reported with its file and place, the rest is
    still built, and the exit code is 2.
    """
    from kg.pipeline import build as run_build
    from kg.sources import iter_files

    files = list(iter_files(list(paths)))
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                  disable=quiet or len(files) < 2) as bar:
        task = bar.add_task("building", total=len(files))
        try:
            with _store(ctx) as store:
                report = run_build(paths, store, progress=lambda _p: bar.advance(task),
                                   provenance=provenance, workers=workers, bulk=bulk)
        except KgError as exc:
            raise KgCommandError(str(exc)) from exc
    for error in report.errors:
        err.print(f"[red]error[/red] {error}", soft_wrap=True)
    if not quiet:
        for path, names in report.unresolved.items():
            err.print(f"[yellow]unresolved[/yellow] {path}: {', '.join(names)}", soft_wrap=True)
        out.print(f"built {len(report.built)} record(s), {report.triples} triples; "
                  f"{len(report.errors)} failed")
    sys.exit(EXIT_INPUT if report.errors else EXIT_OK)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "turtle"]), default="text",
              show_default=True, help="Readable report or the SHACL report graph in Turtle.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file instead of standard output.")
@click.option("--turtle", "turtle_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the SHACL report graph (Turtle) to this file.")
@click.option("--engine", default="sparql", show_default=True, type=click.Choice(["sparql", "pyshacl"]),
              help="sparql (the shapes compiled to SPARQL inside Oxigraph; tested to give "
                   "pyshacl's results) or pyshacl (the reference).")
@click.pass_context
def validate(ctx: click.Context, fmt: str, output: Path | None, turtle_out: Path | None,
             engine: str) -> None:
    """Validate the store against the SHACL shapes in shapes/.

    Exit 0 when the data conforms (warnings are listed but do not fail), 1 when there
    are violations. The report is also kept in the store's validation graph.
    """
    from kg.files import atomic_write
    from kg.pipeline import validate_store

    with _store(ctx, must_exist=True) as store:
        result = validate_store(store, engine=engine)
    turtle = result.report.serialize(format="turtle")
    text = turtle if fmt == "turtle" else result.text()
    if turtle_out:
        atomic_write(turtle_out, lambda fh: fh.write(turtle.encode("utf-8")))
    if output:
        atomic_write(output, lambda fh: fh.write(text.encode("utf-8")))
    else:
        click.echo(text)
    sys.exit(EXIT_OK if result.conforms else EXIT_VIOLATIONS)


@cli.command()
@click.option("--batch-size", default=200, show_default=True,
              help="Source records reasoned over together (owlrl).")
@click.option("--engine", default="sparql", show_default=True, type=click.Choice(["sparql", "owlrl"]),
              help="sparql (the ontology's OWL RL axioms as SPARQL updates inside Oxigraph; "
                   "tested to give owlrl's triples) or owlrl (the reference; slow on large stores).")
@click.pass_context
def reason(ctx: click.Context, batch_size: int, engine: str) -> None:
    """Materialise OWL RL inferences (wroteTo, relayedBy, alignments) into the
    inferred graph, replacing what was there."""
    from kg.pipeline import reason_store

    with _store(ctx, must_exist=True) as store:
        n = reason_store(store, batch_size=batch_size, engine=engine)
    out.print(f"inferred {n} triples")


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json", "csv", "tsv", "xml", "turtle", "ntriples"]),
              help="table/json/csv/tsv/xml for SELECT and ASK (json is the W3C SPARQL "
                   "results format); turtle/ntriples for CONSTRUCT and DESCRIBE.")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL 1.1 Protocol endpoint instead of the local store "
                   "(Oxigraph: http://HOST:PORT/query, Virtuoso: http://HOST:8890/sparql).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
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
    from kg.query.engine import load_query_text, run_query

    try:
        if params:
            from kg.query.ask import ask as run_ask

            if endpoint:
                raise KgCommandError("--param binds parameters locally; it cannot go with --endpoint")
            values = dict(item.partition("=")[::2] for item in params)
            with _store(ctx, read_only=True) as store:
                result = run_ask(store, query, values)
                fmt = "turtle" if fmt == "table" and result.kind == "graph" else fmt
                text = result.serialize(fmt)
            click.echo(text)
            return
        if endpoint:
            from kg.publish.remote import remote_query

            result = remote_query(endpoint, load_query_text(query))
            fmt = "turtle" if fmt == "table" and result.kind == "graph" else fmt
            click.echo(result.serialize(fmt))
            return
        with _store(ctx, read_only=True) as store:
            result = run_query(store, load_query_text(query))
            fmt = "turtle" if fmt == "table" and result.kind == "graph" else fmt
            text = result.serialize(fmt)
            del result
        click.echo(text)
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
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
    import csv
    import io
    import json

    from kg.query.ask import ask as run_ask
    from kg.query.ask import catalogue, with_citations

    if list_ or not name:
        for q in catalogue().values():
            args = " ".join(f"{p.name}=<{p.type}>" if p.required else f"[{p.name}={p.default}]"
                            for p in q.params)
            click.echo(f"{q.name:20s} {q.question or q.title}")
            if args:
                click.echo(f"{'':20s}   {args}")
        if not list_:
            raise KgCommandError("name a query (kg ask NAME), or see the list above")
        return
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise KgCommandError(f"--param {item!r}: write KEY=VALUE")
        values[key.strip()] = value
    citations = (fmt == "table") if citations is None else citations
    try:
        with _store(ctx, read_only=True, must_exist=True) as store:
            result = run_ask(store, name, values)
            if result.kind != "select":
                click.echo(result.serialize("table" if fmt == "table" else "json"))
                return
            if citations:
                columns, rows = with_citations(store, result)
            else:
                columns = result.variables
                rows = [{v: r[v].value for v in columns if v in r} for r in result.rows]
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(rows, indent=1, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        from kg.query.engine import _short_text

        table = Table(title=f"{name} ({len(rows)} row{'s' if len(rows) != 1 else ''})")
        for col in columns:
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*[_cell(_short_text(r.get(c, ""))) for c in columns])
        out.print(table)


def _cell(text: str, width: int = 72) -> str:
    """A table cell no longer than ``width`` characters (json and csv keep everything)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


@cli.command(name="queries")
def list_queries() -> None:
    """List the shipped named queries (kg/query/queries/*.rq)."""
    from kg.query.engine import named_queries

    for name, doc in named_queries().items():
        click.echo(f"{name:16s} {doc}")


@cli.command()
@click.option("--format", "fmt", default="trig", show_default=True,
              type=click.Choice(["trig", "nquads", "turtle", "ntriples", "jsonld"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (written atomically); standard output if omitted.")
@click.option("--graph", "graphs", multiple=True,
              help="Export only this named graph (repeatable). Default: all graphs.")
@click.option("--release", "release_dir", type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR",
              help="Write a release folder instead: kg.trig, kg.nq, kg.ttl, kg.jsonld with "
                   "context.jsonld, void.ttl (VoID/DCAT), shacl-report.ttl and README.md "
                   "(counts, licence, sizes and SHA-256). Built beside DIR, then renamed: "
                   "a re-run replaces the release.")
@click.option("--endpoint", metavar="URL", help="With --release: the SPARQL endpoint named in void.ttl.")
@click.option("--dump-base-url", metavar="URL",
              help="With --release: the URL the files will be published under (void:dataDump).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, graphs: tuple[str, ...],
           release_dir: Path | None, endpoint: str | None, dump_base_url: str | None) -> None:
    """Export the store as TriG, N-Quads, Turtle, N-Triples or JSON-LD, or write a
    release folder (--release DIR).

    Graph formats keep every named graph; Turtle and N-Triples merge them."""
    from kg.publish.export import export as run_export

    if release_dir is not None:
        _release(ctx, release_dir, output, graphs, endpoint, dump_base_url)
        return
    try:
        with _store(ctx, read_only=True) as store:
            data = run_export(store, fmt, output, graphs or None)
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc
    if data is not None:
        sys.stdout.buffer.write(data)


def _release(ctx: click.Context, folder: Path, output: Path | None, graphs: tuple[str, ...],
             endpoint: str | None, dump_base_url: str | None) -> None:
    """`kg export --release DIR`: the whole store, every format, described and checksummed."""
    from kg.pipeline import stats as run_stats
    from kg.publish.export import release

    if output or graphs:
        raise KgCommandError("--release writes every graph into DIR: drop -o and --graph")
    try:
        with _store(ctx, read_only=True, must_exist=True) as store:
            files = release(store, folder, figures=run_stats(store), endpoint=endpoint,
                            dump_base_url=dump_base_url)
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc
    out.print(f"wrote {folder}: {', '.join(f.name for f in files)} "
              f"({sum(f.size for f in files):,} bytes)", soft_wrap=True)


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Update endpoint (Oxigraph: http://HOST:PORT/update, "
                   "Virtuoso: http://HOST:8890/sparql-auth).")
@click.option("--graph-store", metavar="URL",
              help="Graph Store HTTP Protocol endpoint (Oxigraph: http://HOST:PORT/store, "
                   "Virtuoso: http://HOST:8890/sparql-graph-crud-auth). Without it, or when it "
                   "answers 404 or 405, graphs go by SPARQL Update.")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Push only this named graph (repeatable). Default: all graphs.")
@click.option("--provenance/--no-provenance", default=True, show_default=True,
              help="Push the records' provenance graphs (…-provenance).")
@click.option("--user", metavar="NAME", help="User name, for Digest or Basic authentication.")
@click.option("--password-env", metavar="VAR",
              help="Environment variable holding the password (never on the command line).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.pass_context
def push(ctx: click.Context, endpoint: str, graph_store: str | None, graphs: tuple[str, ...],
         provenance: bool, user: str | None, password_env: str | None, quiet: bool) -> None:
    """Publish the store's named graphs to a remote triple store.

    Each graph replaces the remote graph of the same name (Graph Store Protocol PUT, or
    DROP SILENT GRAPH then INSERT DATA in chunks), so pushing twice duplicates nothing.
    Prints graphs, triples and seconds; exit 2 when the server cannot be reached or
    refuses a graph (the message names the graph and quotes the server)."""
    import os

    from kg.publish.remote import push as run_push
    from kg.publish.remote import select_graphs

    auth = None
    if user is not None:
        if password_env and password_env not in os.environ:
            raise KgCommandError(f"--password-env {password_env}: the variable is not set")
        auth = (user, os.environ[password_env] if password_env else "")
    try:
        with _store(ctx, read_only=True) as store:
            selected = select_graphs(store, graphs or None, provenance=provenance)
            total = sum(store.count(g) for g in selected)
            with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                          MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                          disable=quiet) as bar:
                task = bar.add_task("pushing", total=total)

                def progress(iri: str, n: int) -> None:
                    bar.update(task, advance=n, description=iri.rsplit("/", 1)[-1])

                report = run_push(store, endpoint, graph_store=graph_store, auth=auth,
                                  graphs=selected, progress=progress)
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc
    if not quiet:
        out.print(report.summary(), soft_wrap=True)


@cli.command()
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "json"]))
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Summary: sources, messages, people, organisations, triples asserted and
    inferred, SHACL violations and warnings."""
    import json

    from kg.pipeline import stats as run_stats

    with _store(ctx, read_only=True) as store:
        figures = run_stats(store)
    if fmt == "json":
        click.echo(json.dumps(figures, indent=1))
        return
    table = Table(title="coldwar-kg", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in figures.items():
        table.add_row(key, str(value))
    out.print(table)


NETWORK_TEXT = ("table", "json", "csv")
#: network files (kg.network.formats): CLI name -> registry name
NETWORK_FILES = {"graphml": "graphml", "gexf": "gexf", "cmif": "cmif", "png": "png",
                 "html": "html", "node-link": "json", "palladio": "csv"}


@cli.command()
@click.option("--layer", "layers", multiple=True,
              type=click.Choice(["authorial", "transmission", "circulation", "office"]),
              help="Layer to include (repeatable; default: all four).")
@click.option("--from", "start", metavar="DATE", help="First date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--to", "end", metavar="DATE", help="Last date, inclusive.")
@click.option("--slice", "by", type=click.Choice(["month", "year"]),
              help="Measures per month or year (with --person: that agent's series).")
@click.option("--window", default=1, show_default=True, type=click.IntRange(1),
              help="Rolling window of this many months or years, one step apart (with --slice).")
@click.option("--person", metavar="NAME",
              help="An agent (name, IRI or person:key): their ego network and neighbours.")
@click.option("--path", nargs=2, metavar="FROM TO",
              help="Shortest relay paths between two agents, with the messages behind each hop.")
@click.option("--latency", is_flag=True,
              help="Transmission latency per channel (sent, received, deciphered minutes).")
@click.option("--top", "n", default=20, show_default=True, type=click.IntRange(1),
              help="How many agents to list.")
@click.option("--sort", default="pagerank", show_default=True,
              type=click.Choice(["pagerank", "betweenness", "in_degree", "out_degree",
                                 "in_strength", "out_strength", "core", "brokerage"]),
              help="Measure the list is ranked by.")
@click.option("--betweenness-k", type=click.IntRange(1), metavar="K",
              help="Estimate betweenness from K sampled sources (default: exact).")
@click.option("--seed", default=1950, show_default=True,
              help="Seed of the betweenness sample and of Louvain.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice([*NETWORK_TEXT, *NETWORK_FILES]),
              help="table, json, csv: the measures (standard output unless -o); graphml, gexf, "
                   "cmif, html, node-link (JSON), palladio (CSV + nodes CSV), png: the network "
                   "(or ego network) as a file; png and palladio need -o.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of standard output.")
@click.option("--save", is_flag=True,
              help="Also write the measures to the store's measures graph as RDF observations.")
@click.pass_context
def network(ctx: click.Context, layers: tuple[str, ...], start: str | None, end: str | None,
            by: str | None, window: int, person: str | None, path: tuple[str, str] | None,
            latency: bool, n: int, sort: str, betweenness_k: int | None, seed: int, fmt: str,
            output: Path | None, save: bool) -> None:
    """Who wrote to whom, and who mattered: the correspondence network built by SPARQL over
    the store, with networkx measures (degree and strength, PageRank, betweenness, k-core,
    Louvain communities, Gould-Fernandez brokerage, reciprocity).

    Layers: authorial (sender or author -> addressee), transmission (writer -> relay ->
    addressee for a message carried inside another), circulation (sender -> copy
    recipients, weighted by copies), office (a US post -> the person who held it).
    By default the 20 agents with the highest PageRank are listed."""
    from kg.files import atomic_write
    from kg.network.analysis import analyse, latency_analysis

    if fmt in ("png", "palladio") and not output:
        raise KgCommandError(f"--format {fmt} writes {'a binary file' if fmt == 'png' else 'two files'}: "
                             "give -o FILE")
    try:
        with _store(ctx, read_only=not save, must_exist=True) as store:
            result = analyse(store, layers=layers or ("authorial", "transmission", "circulation",
                                                      "office"),
                             start=start, end=end, by=by, window=window, person=person,
                             path=tuple(path) if path else None, n=n, sort=sort,
                             betweenness_k=betweenness_k, seed=seed)
            if latency:
                result = latency_analysis(store, result.graph)
            if save:
                _save_measures(store, result, seed, betweenness_k)
            if fmt in NETWORK_FILES:
                from kg.network.formats import render, write_network

                title = f"coldwar-kg: {', '.join(result.figures['layers'])}"
                if output:
                    paths = write_network(result.graph, NETWORK_FILES[fmt], output, store=store,
                                          title=title)
                    err.print(f"wrote {', '.join(map(str, paths))} "
                              f"({result.graph.number_of_nodes()} nodes, "
                              f"{result.graph.number_of_edges()} edges)")
                    return
                data = render(result.graph, NETWORK_FILES[fmt], store=store, title=title)
                sys.stdout.buffer.write(data)
                return
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc
    text = {"table": result.to_table, "json": result.to_json, "csv": result.to_csv}[fmt]()
    if output:
        atomic_write(output, lambda fh: fh.write(text.encode("utf-8")))
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _save_measures(store: Store, result, seed: int, betweenness_k: int | None) -> None:
    """Write an analysis's measure rows to the measures graph (replacing it)."""
    from datetime import UTC, datetime

    from kg.network.observations import observations_graph, write_observations
    from kg.pipeline import special_graphs

    minter = default_minter()
    figures = result.figures
    params = {"seed": seed, "betweenness_k": betweenness_k, "from": figures.get("start", ""),
              "to": figures.get("end", ""), "window": figures.get("window")}
    graph = observations_graph(result.rows, layers=figures["layers"],
                               digest=figures["digest"], parameters=params,
                               minter=minter, started=datetime.now(UTC).replace(microsecond=0))
    n = write_observations(store, special_graphs(minter)["measures"], graph)
    err.print(f"saved {n} triples of measures to {special_graphs(minter)['measures']}")


@cli.command()
@click.argument("iri")
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json"]))
@click.pass_context
def explain(ctx: click.Context, iri: str, fmt: str) -> None:
    """Show every fact about a message (IRI or prefixed name such as msg:wilson-112696)
    next to the words it was read from: quote, line and character offsets in the file.

    Covers what the message carries, its transmission events, distribution entries,
    requests and archival copies."""
    import json
    from dataclasses import asdict

    from kg.query.explain import explain as run_explain
    from kg.query.explain import format_evidence

    try:
        with _store(ctx, read_only=True) as store:
            facts = run_explain(store, iri)
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps([asdict(f) for f in facts], indent=1, ensure_ascii=False))
    else:
        click.echo(format_evidence(facts))
    if not facts:
        sys.exit(EXIT_INPUT)


@cli.group(invoke_without_command=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("report.html"), show_default=True,
              help="Where to write the HTML report (one self-contained file).")
@click.option("--betweenness-k", type=click.IntRange(1), metavar="K",
              help="Sample K sources for betweenness (default: exact).")
@click.pass_context
def report(ctx: click.Context, output: Path, betweenness_k: int | None) -> None:
    """An HTML report of the build: counts, messages per month by layer, top
    correspondents and brokers, the network figure, and the SHACL warnings, receipts
    before sending and unresolved names worth a historian's attention.

    `kg report unresolved` lists the unresolved names alone."""
    if ctx.invoked_subcommand is not None:
        return
    from kg.network.layers import build_network
    from kg.network.measures import node_measures
    from kg.publish.report import write_report

    with _store(ctx, read_only=True, must_exist=True) as store:
        graph = build_network(store)
        rows = node_measures(graph, betweenness_k=betweenness_k)
        path = write_report(output, store=store, graph=graph, measures=rows)
    out.print(f"wrote {path} ({graph.number_of_nodes()} agents, {graph.number_of_edges()} edges)")


@report.command(name="unresolved")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "json"]))
@click.pass_context
def report_unresolved(ctx: click.Context, fmt: str) -> None:
    """Names that no authority table resolved, each with the file, line and quote
    where it is printed. Add them to data/authority/ to resolve them."""
    import csv
    import io
    import json
    from dataclasses import asdict

    from kg.query.explain import unresolved

    with _store(ctx.find_root(), read_only=True) as store:
        rows = unresolved(store)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["agent", "label", "file", "line", "quote"])
        writer.writerows([r.agent, r.label, r.file, r.line, r.quote] for r in rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        table = Table(title=f"unresolved names ({len({r.agent for r in rows})})")
        for col in ("label", "file", "line", "as printed"):
            table.add_column(col)
        for r in rows:
            table.add_row(r.label, r.file or "", str(r.line or ""), r.quote or "")
        out.print(table)


def _settings_epilog() -> str:
    from kg.server.settings import describe

    return "Settings (--setting NAME VALUE):\n\n" + describe()


@cli.command(epilog=_settings_epilog())
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on. The endpoint is read-only but has no "
                   "authentication: 0.0.0.0 opens it to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--setting", "settings", type=(str, str), multiple=True, metavar="NAME VALUE",
              help="Change a limit (repeatable); the settings are listed below.")
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one GET request in-process (no socket), print the body and exit: "
                   "0 when the status is below 400, 1 otherwise. "
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

    path = ctx.find_root().obj["store"]
    if not Path(path).exists():
        raise KgCommandError(f"{path}: no store here (run `kg build` first, or pass --store)")
    values = dict(settings)
    try:
        if get_path is None:
            run_server(path, host, port, values)
            return
        status, headers, body = get(path, get_path, values, accept)
    except KgError as exc:
        raise KgCommandError(str(exc)) from exc
    if show_headers:
        click.echo(f"{status}")
        for name, value in headers.items():
            click.echo(f"{name}: {value}")
        click.echo()
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    if status >= 400:
        sys.exit(EXIT_VIOLATIONS)


@cli.group()
def fetch() -> None:
    """Download source documents into a local cache (see `kg fetch frus`)."""


@fetch.command(name="frus")
@click.argument("volume_ids", metavar="VOLUME_ID...", nargs=-1, required=True)
@click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Cache folder. Default: $KG_CACHE/frus, else ~/.cache/coldwar-kg/frus.")
@click.option("--from", "from_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Copy the volumes from this local folder (<DIR>/<ID>.xml) instead of the network.")
@click.option("--base-url", help="Folder URL the volumes are downloaded from.  "
                                 "[default: the volumes/ folder of github.com/HistoryAtState/frus]")
@click.option("--force", is_flag=True, help="Fetch again even when the cache holds a good copy.")
def fetch_frus(volume_ids: tuple[str, ...], cache: Path | None, from_dir: Path | None,
               base_url: str | None, force: bool) -> None:
    """Fetch FRUS volumes (TEI XML) such as frus1961-63v06 into the cache and print
    their paths, one a line, e.g. `kg build $(kg fetch frus frus1961-63v06)`.

    Each file is checked (SHA-256 kept next to it, the content must parse as TEI) and
    renamed into place only when complete; a good cached copy is reused. Exit 0 when
    every volume was fetched, 2 when any failed (one line each, with the reason)."""
    from rich.markup import escape
    from rich.progress import DownloadColumn, TaskID, TransferSpeedColumn

    from kg.sources import fetch as lib

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(volume_id: str, done: int, total: int | None) -> None:
            if volume_id not in tasks:
                tasks[volume_id] = bar.add_task(volume_id, total=total)
            bar.update(tasks[volume_id], completed=done)

        try:
            results = list(lib.fetch_frus(volume_ids, cache=cache or lib.DEFAULT_CACHE,
                                          base_url=base_url or lib.DEFAULT_BASE_URL,
                                          from_dir=from_dir, force=force, progress=progress))
        except KgError as exc:
            raise KgCommandError(str(exc)) from exc
    failed = [r for r in results if isinstance(r, FetchError)]
    for result in results:
        if isinstance(result, FetchError):
            err.print(f"[red]error[/red] {escape(str(result))}", soft_wrap=True)
        else:
            click.echo(result.path)
    sys.exit(EXIT_INPUT if failed else EXIT_OK)


def main() -> None:
    """Console-script entry point."""
    try:
        cli(obj={})
    except KgError as exc:
        err.print("[red]error[/red] ", end="")
        err.print(str(exc), markup=False, highlight=False, emoji=False)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
