"""Time slices: the network month by month or year by year, with the measures per slice.

An edge belongs to a slice when its whole date lies in it: a telegram of ``1950-10-09``
is in October 1950 and in 1950; one dated only ``1950`` is in the year 1950 but in no
month (month slices leave it out, and say how many they left out). Rolling windows
(``window=3``: three months, moving one month at a time) smooth a sparse series.
Slices run without gaps from the first to the last dated edge, so a person's series has
a value (zero when they wrote nothing) for every slice.
"""

from __future__ import annotations

import calendar
from collections import defaultdict

import networkx as nx

from kg.errors import NetworkError
from kg.network.layers import normalise_date
from kg.network.measures import ROLES, node_measures

__all__ = ["PERIODS", "time_slices", "slice_measures"]

PERIODS = ("month", "year")


def _unit(date: str, by: str) -> int | None:
    """The month (``year * 12 + month - 1``) or year an edge date falls in, if it says."""
    date = normalise_date(date)
    parts = date.lstrip("-").split("-") if date else []
    if by == "year" and parts:
        return int(date.split("-")[0] if not date.startswith("-") else "-" + parts[0])
    if by == "month" and len(parts) >= 2:
        return int(parts[0]) * 12 + int(parts[1]) - 1
    return None


def _bounds(unit: int, window: int, by: str) -> tuple[str, str]:
    last = unit + window - 1
    if by == "year":
        return f"{unit:04d}-01-01", f"{last:04d}-12-31"
    y0, m0 = divmod(unit, 12)
    y1, m1 = divmod(last, 12)
    return (f"{y0:04d}-{m0 + 1:02d}-01",
            f"{y1:04d}-{m1 + 1:02d}-{calendar.monthrange(y1, m1 + 1)[1]:02d}")


def time_slices(graph: nx.MultiDiGraph, by: str = "month",
                window: int = 1) -> list[tuple[str, str, nx.MultiDiGraph]]:
    """``(start, end, subgraph)`` per month or year (or rolling window of ``window`` of them,
    one step apart), first to last; the subgraph holds the slice's edges and their agents.
    ``graph.graph["undated"]`` on each subgraph counts the edges no slice of this kind can
    hold (undated, or dated only by year for month slices).

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", date="1950-10-09")
    >>> _ = g.add_edge("b", "a", date="1950-12")
    >>> [(s, e, h.number_of_edges()) for s, e, h in time_slices(g)]
    [('1950-10-01', '1950-10-31', 1), ('1950-11-01', '1950-11-30', 0), ('1950-12-01', '1950-12-31', 1)]
    """
    if by not in PERIODS:
        raise NetworkError(f"cannot slice by {by!r} (one of {', '.join(PERIODS)})")
    if window < 1:
        raise NetworkError(f"a window is at least one {by}, not {window}")
    buckets: dict[int, list] = defaultdict(list)
    undated = 0
    for u, v, k, d in graph.edges(keys=True, data=True):
        unit = _unit(d.get("date", ""), by)
        if unit is None:
            undated += 1
        else:
            buckets[unit].append((u, v, k, d))
    if not buckets:
        return []
    first, last = min(buckets), max(buckets)
    out = []
    for unit in range(first, max(first, last - window + 1) + 1):
        sub: nx.MultiDiGraph[str] = nx.MultiDiGraph(**graph.graph)
        sub.graph["undated"] = undated
        for step in range(unit, unit + window):
            for u, v, k, d in buckets.get(step, ()):
                for node in (u, v):
                    if node not in sub:
                        sub.add_node(node, **graph.nodes[node])
                sub.add_edge(u, v, key=k, **d)
        start, end = _bounds(unit, window, by)
        sub.graph.update(start=start, end=end)
        out.append((start, end, sub))
    return out


def slice_measures(graph: nx.MultiDiGraph, by: str = "month", window: int = 1, *,
                   person: str | None = None, betweenness_k: int | None = None,
                   seed: int = 1950) -> list[dict]:
    """:func:`kg.network.measures.node_measures` for every slice, each row with the slice's
    ``start`` and ``end``. With ``person`` (a node), only that agent's row per slice: zeros
    (and community ``-1``) in slices where they have no edge, so the series has no gaps.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", date="1950-10-09")
    >>> _ = g.add_edge("a", "c", date="1950-12-01")
    >>> [(r["start"], r["out_degree"]) for r in slice_measures(g, person="a")]
    [('1950-10-01', 1), ('1950-11-01', 0), ('1950-12-01', 1)]
    """
    if person is not None and person not in graph:
        raise NetworkError(f"{person} is not in this network")
    rows: list[dict] = []
    for start, end, sub in time_slices(graph, by, window):
        measured = [r for r in node_measures(sub, betweenness_k=_k(sub, betweenness_k), seed=seed)
                    if person is None or r["iri"] == person]
        if person is not None and not measured:
            attrs = graph.nodes[person]
            measured = [{"iri": person, "label": attrs.get("label", person),
                         "kind": attrs.get("kind", ""), "country": attrs.get("country", ""),
                         "in_degree": 0, "out_degree": 0, "in_strength": 0.0,
                         "out_strength": 0.0, "pagerank": 0.0, "betweenness": 0.0, "core": 0,
                         "community": -1, "brokerage": dict.fromkeys(ROLES, 0)}]
        rows.extend({"start": start, "end": end, **r} for r in measured)
    return rows


def _k(graph: nx.MultiDiGraph, k: int | None) -> int | None:
    """A betweenness sample no larger than the slice (small slices are computed exactly)."""
    return None if k is None or k >= graph.number_of_nodes() else k
