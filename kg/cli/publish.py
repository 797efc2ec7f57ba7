"""``kg export``, ``kg push`` and ``kg report``: the store as files, as a release folder, on a
remote triple store, and as an HTML report for historians."""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from kg.cli.common import KgCommandError, counting_progress, library_errors, open_store, out

if TYPE_CHECKING:
    from kg.publish.identities import Identities

__all__ = ["export", "push", "report", "report_unresolved", "report_identities", "PUSH_TIMEOUT"]

#: `kg push --timeout` default: kg.publish.sparql_client.TIMEOUT_SECONDS, written out because
#: the CLI imports the library (httpx) only when a command runs.
PUSH_TIMEOUT = 30.0


@click.command()
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
    with library_errors(), open_store(ctx, read_only=True) as store:
        data = run_export(store, fmt, output, graphs or None)
    if data is not None:
        sys.stdout.buffer.write(data)


def _release(ctx: click.Context, folder: Path, output: Path | None, graphs: tuple[str, ...],
             endpoint: str | None, dump_base_url: str | None) -> None:
    """`kg export --release DIR`: the whole store, every format, described and checksummed."""
    from kg.pipeline import stats as run_stats
    from kg.publish.export import release

    if output or graphs:
        raise KgCommandError("--release writes every graph into DIR: drop -o and --graph")
    with library_errors(), open_store(ctx, read_only=True, must_exist=True) as store:
        files = release(store, folder, figures=run_stats(store), endpoint=endpoint,
                        dump_base_url=dump_base_url)
    out.print(f"wrote {folder}: {', '.join(f.name for f in files)} "
              f"({sum(f.size for f in files):,} bytes)", soft_wrap=True)


@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Update endpoint (Oxigraph: http://HOST:PORT/update, "
                   "Virtuoso: http://HOST:8890/sparql-auth).")
@click.option("--graph-store", metavar="URL",
              help="Graph Store HTTP Protocol endpoint (Oxigraph: http://HOST:PORT/store, "
                   "Virtuoso: http://HOST:8890/sparql-graph-crud-auth). Without it, or when it "
                   "answers 404 or 405, graphs go by SPARQL Update.")
@click.option("--query-endpoint", metavar="URL",
              help="SPARQL query endpoint of the same store, where every pushed graph is "
                   "counted back. Default: --endpoint when it answers queries (Virtuoso), "
                   "else --endpoint with /update replaced by /query (Oxigraph).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Push only this named graph (repeatable). Default: all graphs.")
@click.option("--provenance/--no-provenance", default=True, show_default=True,
              help="Push the records' provenance graphs (…-provenance).")
@click.option("--user", metavar="NAME", help="User name, for Digest or Basic authentication.")
@click.option("--password-env", metavar="VAR",
              help="Environment variable holding the password (never on the command line).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=PUSH_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="Seconds to wait for the server: to connect, and for each read or write.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.pass_context
def push(ctx: click.Context, endpoint: str, graph_store: str | None, query_endpoint: str | None,
         graphs: tuple[str, ...], provenance: bool, user: str | None, password_env: str | None,
         timeout: float, quiet: bool) -> None:
    """Publish the store's named graphs to a remote triple store, and check they arrived.

    Before writing, the endpoint must answer `ASK {}` with SPARQL results (or describe
    itself as a SPARQL service) and the graph store must answer RDF: a web page, an error
    or no answer within --timeout is refused with nothing written. Each graph then
    replaces the remote graph of the same name (Graph Store Protocol PUT, or DROP SILENT
    GRAPH then INSERT DATA in chunks), so pushing twice duplicates nothing; afterwards
    every graph is counted back on the remote and compared with the local count.
    Prints graphs, triples and seconds. Exit 2 when the server cannot be reached, is not
    a SPARQL service, refuses or does not answer a request, or keeps other counts than
    were sent; the message says what the remote now holds (the graphs replaced, the one
    that failed and its state, the graphs not touched)."""
    from kg.publish.remote import password_auth, select_graphs
    from kg.publish.remote import push as run_push

    with library_errors(), open_store(ctx, read_only=True) as store:
        auth = password_auth(user, password_env)
        selected = select_graphs(store, graphs or None, provenance=provenance)
        with counting_progress(disable=quiet) as bar:
            task = bar.add_task("pushing", total=sum(store.count(g) for g in selected))

            def progress(iri: str, n: int) -> None:  # the consoles read no markup (kg.cli.common)
                bar.update(task, advance=n, description=iri.rsplit("/", 1)[-1])

            summary = run_push(store, endpoint, graph_store=graph_store, auth=auth,
                               graphs=selected, progress=progress, timeout=timeout,
                               query_endpoint=query_endpoint)
    if not quiet:
        out.print(summary.summary(), soft_wrap=True, markup=False, emoji=False)


@click.group(invoke_without_command=True)
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

    `kg report unresolved` lists the unresolved names alone; `kg report identities` the
    short forms joined to a person and the possible splits left."""
    if ctx.invoked_subcommand is not None:
        return
    from kg.network.layers import build_network
    from kg.network.measures import node_measures
    from kg.publish.report import write_report

    with open_store(ctx, read_only=True, must_exist=True) as store:
        graph = build_network(store)
        rows = node_measures(graph, betweenness_k=betweenness_k)
        path = write_report(output, store=store, graph=graph, measures=rows)
    out.print(f"wrote {path} ({graph.number_of_nodes()} agents, {graph.number_of_edges()} edges)")


@report.command(name="unresolved")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "json"]))
@click.pass_context
def report_unresolved(ctx: click.Context, fmt: str) -> None:
    """Names that no authority table resolved, each with the file and document where it
    is printed (and the line and quote, in a store built with provenance). Add them to
    data/authority/ to resolve them."""
    from kg.query.explain import short_iri, unresolved

    with open_store(ctx.find_root(), read_only=True) as store:
        rows = unresolved(store)
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in rows], indent=1, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["agent", "label", "file", "document", "line", "quote"])
        writer.writerows([r.agent, r.label, r.file, r.document, r.line, r.quote] for r in rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        table = Table(title=f"unresolved names ({len({r.agent for r in rows})})")
        for col in ("label", "file", "document", "line", "as printed"):
            table.add_column(col)
        for r in rows:
            table.add_row(r.label, r.file or "", short_iri(r.document) if r.document else "",
                          str(r.line or ""), r.quote or "")
        out.print(table)


@report.command(name="identities")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "json"]))
@click.pass_context
def report_identities(ctx: click.Context, fmt: str) -> None:
    """Identities in FRUS volumes: the surnames, initials and office titles that the
    mapping joined to one person (volume, form as printed, person, rule: volume-persons,
    volume-names, person-table, office-on-date, office-title, office-holder), then the
    possible splits left: in one
    volume, a person in a role named by one word beside another whose name ends in it
    (Bundy beside McGeorge Bundy and William P. Bundy)."""
    from kg.publish.identities import identities

    with open_store(ctx.find_root(), read_only=True) as store:
        found = identities(store)
    merge_cols = ["volume", "printed", "label", "agent", "rule"]
    split_cols = ["volume", "short", "short_messages", "full", "full_messages", "short_agent",
                  "full_agent"]
    if fmt == "json":
        click.echo(json.dumps({"merges": [asdict(m) for m in found.merges],
                               "splits": [asdict(s) for s in found.splits]},
                              indent=1, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["kind", *merge_cols, *split_cols])
        writer.writerows(["merge", *(getattr(m, c) for c in merge_cols), *[""] * len(split_cols)]
                         for m in found.merges)
        writer.writerows(["split", *[""] * len(merge_cols), *(getattr(s, c) for c in split_cols)]
                         for s in found.splits)
        click.echo(buf.getvalue(), nl=False)
    else:
        _identity_tables(found)


def _identity_tables(found: Identities) -> None:
    """The merges and the possible splits as two console tables."""
    merges = Table(title=f"merges made ({len(found.merges)})")
    for col in ("volume", "as printed", "person", "rule"):
        merges.add_column(col)
    for m in found.merges:
        merges.add_row(m.volume, m.printed, m.label, m.rule)
    splits = Table(title=f"possible splits ({len(found.splits)})")
    for col in ("volume", "one word", "messages", "longer name", "messages "):
        splits.add_column(col)
    for s in found.splits:
        splits.add_row(s.volume, s.short, str(s.short_messages), s.full, str(s.full_messages))
    out.print(merges)
    out.print(splits)
