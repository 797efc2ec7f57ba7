"""One analysis as ``kg network`` runs it: build, measure, rank or slice, format.

:func:`analyse` puts the pieces together (layers, date range, a person's ego network,
relay paths, time slices) and returns an :class:`Analysis` that formats itself as a text
table, JSON or CSV, so the command line only parses options and prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypedDict, Unpack

import networkx as nx

from kg.network.countries import country_name
from kg.network.latency import STEPS, channel_latency, transmission_times
from kg.network.layers import LAYERS, build_network, find_agent
from kg.network.measures import ROLES, graph_measures, node_measures, top
from kg.network.observations import network_digest
from kg.network.paths import ego_network, relay_paths
from kg.network.slices import slice_measures
from kg.store import Store

__all__ = ["Analysis", "AnalysisOptions", "AnalysisKeywords", "analyse", "latency_analysis", "COLUMNS"]

#: measure columns of the ranking, in table order
COLUMNS = ("in_degree", "out_degree", "in_strength", "out_strength", "pagerank",
           "betweenness", "core", "community")


@dataclass
class Analysis:
    """What one ``kg network`` run found: the network (or ego network) to draw, its
    figures, all measure rows (``rows``) and those to show (``shown``), relay paths."""

    graph: nx.MultiDiGraph
    figures: dict
    rows: list[dict]
    shown: list[dict]
    paths: list[list[dict]] = field(default_factory=list)
    sliced: bool = False
    latency: list[dict] | None = None

    def to_json(self) -> str:
        """The figures, shown rows and paths as one JSON object."""
        return json.dumps({"network": self.figures, "rows": self.shown, "paths": self.paths,
                           **({"latency": self.latency} if self.latency is not None else {})},
                          indent=1, ensure_ascii=False)

    def to_csv(self) -> str:
        """The shown rows (brokerage roles as ``brokerage_<role>`` columns), or the relay
        path hops, or the channel latencies."""
        if self.latency is not None:
            return _csv(_flat_latency(self.latency))
        if self.paths:
            return _csv(self._hops())
        return _csv([_flat(r) for r in self.shown])

    def to_table(self) -> str:
        """A plain-text table for people (aligned columns, numbers rounded)."""
        if self.latency is not None:
            rows = _flat_latency(self.latency, labels=True, graph=self.graph)
            return _text(rows, "no timed transmission events in this store")
        f = self.figures
        head = (f"{f['nodes']} agents, {f['message_edges']} message edges ({f['edges']} "
                f"pairs), reciprocity {f['reciprocity']:.3f}, {f['communities']} communities "
                f"(modularity {f['modularity']:.3f}); layers {', '.join(f['layers'])}")
        if f.get("start") or f.get("end"):
            head += f"; {f.get('start') or '...'} to {f.get('end') or '...'}"
        if self.paths:
            return head + "\n\n" + _text(self._hops(labels=True), "no path")
        cells = []
        for rank, row in enumerate(self.shown, 1):
            cell: dict[str, object] = ({"#": rank} if not self.sliced
                                       else {"start": row["start"], "end": row["end"]})
            cell.update(label=row["label"], kind=row["kind"],
                        country=country_name(row["country"]) if row["country"] else "")
            cell.update({c: _num(row[c]) for c in COLUMNS})
            cell["brokerage"] = sum(row["brokerage"].values())
            cells.append(cell)
        return head + "\n\n" + _text(cells, "no agents")

    def _hops(self, labels: bool = False) -> list[dict]:
        def name(n: str) -> str:
            return str(self.graph.nodes[n].get("label", n)) if labels and n in self.graph else n

        return [{"path": i, "hop": j, "from": name(h["source"]), "to": name(h["target"]),
                 "messages": len(h["messages"]),
                 "first": min((m.get("date", "") for m in h["messages"]), default=""),
                 "layers": " ".join(sorted({m.get("layer", "") for m in h["messages"]})),
                 "message": h["messages"][0].get("message", "") if h["messages"] else ""}
                for i, path in enumerate(self.paths, 1) for j, h in enumerate(path, 1)]


def _num(value: float | int) -> str | int:
    return value if isinstance(value, int) else f"{value:.4g}" if value else "0"


def _flat(row: dict) -> dict:
    out = {k: v for k, v in row.items() if k != "brokerage"}
    out.update({f"brokerage_{r}": row["brokerage"][r] for r in ROLES})
    return out


def _flat_latency(rows: list[dict], labels: bool = False,
                  graph: nx.MultiDiGraph | None = None) -> list[dict]:
    def name(iri: str) -> str:
        if labels and graph is not None and iri in graph:
            return str(graph.nodes[iri].get("label", iri))
        return iri.rsplit("/", 1)[-1] if labels else iri

    out = []
    for row in rows:
        cell = {"sender": name(row["sender"]), "addressee": name(row["addressee"]),
                "messages": row["messages"]}
        for a, b in STEPS:
            step = row.get(f"{a}->{b}")
            cell[f"{a}->{b} min"] = f"{step['median']:g}" if step else ""
            if not labels:
                cell[f"{a}->{b} n"] = step["n"] if step else 0
        out.append(cell)
    return out


def _csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    if rows:
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buf.getvalue()


def _text(rows: list[dict], empty: str) -> str:
    if not rows:
        return f"({empty})"
    cols = list(rows[0])
    cells = [[str(r.get(c, "")) for c in cols] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    numeric = [all(_is_number(r[i]) for r in cells) for i in range(len(cols))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    return "\n".join([line(cols), line(["-" * w for w in widths]), *map(line, cells)])


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return text == ""
    return True


@dataclass(frozen=True)
class AnalysisOptions:
    """What :func:`analyse` builds, measures and shows.

    Attributes:
        layers: the layers of the network (:data:`kg.network.layers.LAYERS`).
        start, end: the date range (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), open if ``None``.
        by: ``month`` or ``year`` to measure per time slice, with a rolling ``window``.
        person: a name (as for :func:`kg.network.layers.find_agent`): their ego network.
        path: two names: the shortest relay paths between them.
        n: rows shown (per slice); ``sort``: the measure they are ranked by.
        betweenness_k: sample size for betweenness (``None``: exact); ``seed``: the random seed.

    >>> AnalysisOptions(n=5).sort
    'pagerank'
    """

    layers: Iterable[str] = LAYERS
    start: str | None = None
    end: str | None = None
    by: str | None = None
    window: int = 1
    person: str | None = None
    path: tuple[str, str] | None = None
    n: int | None = 20
    sort: str = "pagerank"
    betweenness_k: int | None = None
    seed: int = 1950


class AnalysisKeywords(TypedDict, total=False):
    """:class:`AnalysisOptions` as keyword arguments of :func:`analyse`.

    >>> from dataclasses import fields
    >>> set(AnalysisKeywords.__annotations__) == {f.name for f in fields(AnalysisOptions)}
    True
    """

    layers: Iterable[str]
    start: str | None
    end: str | None
    by: str | None
    window: int
    person: str | None
    path: tuple[str, str] | None
    n: int | None
    sort: str
    betweenness_k: int | None
    seed: int


def analyse(store: Store, options: AnalysisOptions | None = None,
            **keywords: Unpack[AnalysisKeywords]) -> Analysis:
    """Build the network and measure it as the options say.

    * no ``person``, no ``by``: every agent ranked by ``sort`` (PageRank by default), the
      first ``n`` shown;
    * ``person``: their ego network is what is drawn; the rows shown are the person and
      their neighbours (measured on the whole network), ranked;
    * ``by`` (``month``/``year``, rolling ``window``): measures per slice; with ``person``
      that agent's series, else the first ``n`` of each slice;
    * ``path``: the shortest relay paths between two agents (names as for
      :func:`kg.network.layers.find_agent`).

    Args:
        options: :class:`AnalysisOptions`; ``keywords`` set single options
            (``analyse(store, person="Stalin", by="year")``), over ``options`` if both.

    >>> result = analyse(Store(None), AnalysisOptions(n=5), sort="betweenness")
    >>> result.figures["sort"], result.figures["nodes"], result.shown
    ('betweenness', 0, [])

    Raises:
        NetworkError: unknown layer, bad date or a name that picks out no single agent.
    """
    opts = replace(options or AnalysisOptions(), **keywords)
    graph = build_network(store, opts.layers, opts.start, opts.end)
    figures = {**graph_measures(graph, seed=opts.seed), "layers": list(graph.graph["layers"]),
               "start": opts.start or "", "end": opts.end or "", "sort": opts.sort,
               "seed": opts.seed, "betweenness_k": opts.betweenness_k,
               "digest": network_digest(graph)}
    who = find_agent(graph, opts.person) if opts.person else None
    paths = (relay_paths(graph, find_agent(graph, opts.path[0]), find_agent(graph, opts.path[1]))
             if opts.path else [])
    if opts.by:
        rows, shown = _sliced(graph, opts, who)
        figures.update(slice=opts.by, window=opts.window)
    else:
        rows, shown = _ranked(graph, opts, who)
    drawn = ego_network(graph, who) if who else graph
    return Analysis(drawn, figures, rows, shown, paths, sliced=bool(opts.by))


def _sliced(graph: nx.MultiDiGraph, opts: AnalysisOptions,
            who: str | None) -> tuple[list[dict], list[dict]]:
    """Measure rows per time slice, and those shown: ``who``'s series, or the top of each slice."""
    assert opts.by is not None
    rows = slice_measures(graph, opts.by, opts.window, person=who,
                          betweenness_k=opts.betweenness_k, seed=opts.seed)
    if who:
        return rows, rows
    starts = sorted({r["start"] for r in rows})
    return rows, [r for s in starts
                  for r in top([r for r in rows if r["start"] == s], opts.n, opts.sort)]


def _ranked(graph: nx.MultiDiGraph, opts: AnalysisOptions,
            who: str | None) -> tuple[list[dict], list[dict]]:
    """Measure rows of the whole network, and those shown: the top, or ``who`` and the top
    of their neighbours."""
    rows = node_measures(graph, betweenness_k=opts.betweenness_k, seed=opts.seed)
    if who:
        near = set(nx.all_neighbors(graph, who))
        return rows, [r for r in rows if r["iri"] == who] + top(
            [r for r in rows if r["iri"] in near], opts.n, opts.sort)
    return rows, top(rows, opts.n, opts.sort)


def latency_analysis(store: Store, graph: nx.MultiDiGraph | None = None) -> Analysis:
    """Channel latencies (sender -> addressee) as an :class:`Analysis` to print."""
    graph = graph if graph is not None else build_network(store)
    figures = {**graph_measures(graph), "layers": list(graph.graph["layers"])}
    return Analysis(graph, figures, [], [], latency=channel_latency(transmission_times(store)))
