"""What every network writer shares: stable ids, date intervals, colours, a layout.

The writers read the graph of :func:`kg.network.layers.build_network` (nodes keyed by
agent IRI with ``label``, ``kind``, ``country``, ``iri``; edges with ``layer``,
``message``, ``date``, ``kind``, ``weight``, ``via``, ``title``). Missing attributes are
read as empty strings (or 1 for ``weight``), so hand-made graphs work too.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from typing import Literal

import networkx as nx

from kg.network.countries import COUNTRY_NAMES, country_name

__all__ = ["LAYER_STYLES", "COUNTRY_NAMES", "node_ids", "edges", "node_attr", "interval",
           "month", "country_name", "country_colour", "kind_of", "layout", "messages"]

#: A matplotlib line style (the named ones).
LineStyle = Literal["solid", "dashed", "dotted", "dashdot"]

#: per layer: (matplotlib line style, colour, legend label, GEXF/SVG dash name)
LAYER_STYLES: dict[str, tuple[LineStyle, str, str, str]] = {
    "authorial": ("solid", "#1f4e79", "wrote to", "solid"),
    "transmission": ("dashed", "#c55a11", "relayed via", "dashed"),
    "circulation": ("dotted", "#7f7f7f", "copy to", "dotted"),
    "office": ("dashdot", "#548235", "office held by", "dashed"),
}

_PALETTE = ["#c00000", "#2e75b6", "#ffc000", "#7030a0", "#00b050", "#ed7d31", "#8faadc",
            "#a9d18e", "#f4b183", "#bf9000", "#ff66cc", "#5b9bd5", "#70ad47", "#9e480e"]
_FIXED = {"Q15180": "#c00000", "Q30": "#2e75b6", "Q148": "#ffc000", "Q423": "#7030a0",
          "Q884": "#00b050"}
_NO_COUNTRY = "#d9d9d9"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def node_ids(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Node -> ``n0``, ``n1``... in the order of the nodes' IRIs (an XML NMTOKEN, stable).

    >>> g = nx.MultiDiGraph(); g.add_node("https://x/b"); g.add_node("https://x/a")
    >>> node_ids(g)
    {'https://x/a': 'n0', 'https://x/b': 'n1'}
    """
    return {n: f"n{i}" for i, n in enumerate(sorted(graph.nodes, key=str))}


def edges(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """Edges as ``(source, target, key, attributes)`` in a stable order."""
    yield from sorted(graph.edges(keys=True, data=True),
                      key=lambda e: (str(e[2]), str(e[0]), str(e[1])))


def node_attr(graph: nx.MultiDiGraph, node: str, name: str) -> str:
    """A node attribute as text: ``label`` falls back to the IRI's last segment."""
    value = graph.nodes[node].get(name)
    if value in (None, "") and name == "label":
        return str(node).rstrip("/").rsplit("/", 1)[-1]
    if value in (None, "") and name == "iri":
        return str(node)
    return "" if value is None else str(value)


def interval(date: str) -> tuple[str, str] | None:
    """The first and last day a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date covers.

    >>> interval("1950-02"), interval("1950"), interval("1950-10-09"), interval("")
    (('1950-02-01', '1950-02-28'), ('1950-01-01', '1950-12-31'), ('1950-10-09', '1950-10-09'), None)
    """
    match = _DATE.match((date or "").strip())
    if not match:
        return None
    year, mon, day = match.groups()
    if day:
        return date, date
    if mon:
        last = calendar.monthrange(int(year), int(mon))[1]
        return f"{year}-{mon}-01", f"{year}-{mon}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def month(date: str) -> str:
    """The ``YYYY-MM`` of a date, ``""`` when only the year (or nothing) is known.

    >>> month("1950-10-09"), month("1950-10"), month("1950")
    ('1950-10', '1950-10', '')
    """
    match = _DATE.match((date or "").strip())
    return f"{match.group(1)}-{match.group(2)}" if match and match.group(2) else ""


def country_colour(country: str, others: list[str] | None = None) -> str:
    """A fill colour per country: fixed for the main Cold War states, else from a palette
    in the order of ``others``; light grey for agents without a country."""
    if not country:
        return _NO_COUNTRY
    qid = country.rstrip("/").rsplit("/", 1)[-1]
    if qid in _FIXED:
        return _FIXED[qid]
    rest = [c for c in (others or [country]) if c.rstrip("/").rsplit("/", 1)[-1] not in _FIXED]
    index = rest.index(country) if country in rest else len(rest)
    return _PALETTE[(index + 5) % len(_PALETTE)]


def kind_of(graph: nx.MultiDiGraph, node: str) -> str:
    """``person`` or ``organization`` (also read from the older ``type`` attribute)."""
    kind = node_attr(graph, node, "kind") or node_attr(graph, node, "type")
    return kind.lower() if kind else "person"


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1]², the same on every run.

    igraph's Kamada-Kawai (connected graphs up to 300 nodes) or Fruchterman-Reingold,
    started from the nodes on a circle in IRI order, so no random state is involved and
    no SciPy is needed (networkx's layouts need it for large or Kamada-Kawai layouts).
    """
    import math

    import igraph

    nodes = sorted(graph.nodes, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    g = igraph.Graph(n=n, edges=pairs)
    start = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    if n <= 300 and g.is_connected():
        coords = g.layout_kamada_kawai(seed=start, maxiter=50 * n).coords
    else:
        coords = g.layout_fruchterman_reingold(seed=start, niter=1000, grid=False).coords
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    spanx, spany = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {v: ((coords[i][0] - min(xs)) / spanx, (coords[i][1] - min(ys)) / spany)
            for v, i in index.items()}


def messages(graph: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """Message IRI -> its ``date``, ``kind`` and ``title`` as the edges carry them."""
    out: dict[str, dict[str, str]] = {}
    for _, _, _, d in edges(graph):
        m = d.get("message") or ""
        if m and m not in out:
            out[m] = {"date": d.get("date") or "", "kind": d.get("kind") or "",
                      "title": d.get("title") or ""}
    return out
