"""``kg network``: who wrote to whom, and who mattered; the measures as text, the network
as a file (GraphML, GEXF, CMIF, HTML, PNG ...), the measures saved as RDF observations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.common import KgCommandError, err, library_errors, open_store, write_text

if TYPE_CHECKING:
    from kg.network.analysis import Analysis
    from kg.store import Store

__all__ = ["network", "NETWORK_TEXT", "NETWORK_FILES"]

NETWORK_TEXT = ("table", "json", "csv")
#: network files (kg.network.formats): CLI name -> registry name
NETWORK_FILES = {"graphml": "graphml", "gexf": "gexf", "cmif": "cmif", "png": "png",
                 "html": "html", "node-link": "json", "palladio": "csv"}
LAYERS = ("authorial", "transmission", "circulation", "office")


@click.command()
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
    from kg.network.analysis import analyse, latency_analysis

    if fmt in ("png", "palladio") and not output:
        raise KgCommandError(f"--format {fmt} writes {'a binary file' if fmt == 'png' else 'two files'}: "
                             "give -o FILE")
    with library_errors(), open_store(ctx, read_only=not save, must_exist=True) as store:
        result = analyse(store, layers=layers or LAYERS, start=start, end=end, by=by,
                         window=window, person=person, path=path or None, n=n, sort=sort,
                         betweenness_k=betweenness_k, seed=seed)
        if save:  # the measures, before --latency replaces them with the channels
            _save_measures(store, result, seed, betweenness_k)
        if latency:
            result = latency_analysis(store, result.graph)
        if fmt in NETWORK_FILES:
            _write_network(store, result, NETWORK_FILES[fmt], output)
            return
    text = {"table": result.to_table, "json": result.to_json, "csv": result.to_csv}[fmt]()
    if output:
        write_text(output, text)
    else:
        click.echo(text, nl=not text.endswith("\n"))


def _write_network(store: Store, result: Analysis, fmt: str, output: Path | None) -> None:
    """The network (or ego network) as a file of registry format ``fmt``: to ``output``
    (its paths listed on standard error) or to standard output."""
    from kg.network.formats import render, write_network

    title = f"coldwar-kg: {', '.join(result.figures['layers'])}"
    if output:
        paths = write_network(result.graph, fmt, output, store=store, title=title)
        err.print(f"wrote {', '.join(map(str, paths))} "
                  f"({result.graph.number_of_nodes()} nodes, "
                  f"{result.graph.number_of_edges()} edges)")
        return
    sys.stdout.buffer.write(render(result.graph, fmt, store=store, title=title))


def _save_measures(store: Store, result: Analysis, seed: int, betweenness_k: int | None) -> None:
    """Write an analysis's measure rows to the measures graph (replacing it)."""
    from kg.network.observations import save_measures

    n, iri = save_measures(store, result, seed=seed, betweenness_k=betweenness_k)
    err.print(f"saved {n} triples of measures to {iri}")
