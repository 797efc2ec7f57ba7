"""Relay paths and ego networks: how a message could travel, and who is around one agent.

A relay path is a shortest chain of agents from one to another over the network's edges
(of the layers it was built with, or of the ``layers`` asked for), each hop with the
messages behind it, so "how did Kim's letters reach Stalin?" is answered with the
telegrams: Kim Il Sung -> Shtykov (the letter, via Shtykov) -> Stalin.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

import networkx as nx

from kg.errors import NetworkError

__all__ = ["relay_paths", "ego_network"]


def relay_paths(graph: nx.MultiDiGraph, source: str, target: str, *,
                layers: Iterable[str] | None = None, limit: int = 10) -> list[list[dict]]:
    """The shortest directed paths from ``source`` to ``target`` (at most ``limit``), each a
    list of hops ``{"source", "target", "messages": [edge attributes...]}``; the messages of
    a hop are sorted by date.

    Args:
        graph: a network from :func:`kg.network.layers.build_network`.
        source: node (agent IRI) the path starts from.
        target: node the path ends at.
        layers: use only edges of these layers (default: every edge of ``graph``).
        limit: at most this many paths, in networkx's order.

    Returns:
        ``[]`` when ``target`` cannot be reached from ``source``.

    Raises:
        NetworkError: ``source`` or ``target`` is not in the graph.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("kim", "shtykov", layer="transmission", message="m1", date="1950-10-09")
    >>> _ = g.add_edge("shtykov", "stalin", layer="transmission", message="m1", date="1950-10-09")
    >>> [[(h["source"], h["target"]) for h in p] for p in relay_paths(g, "kim", "stalin")]
    [[('kim', 'shtykov'), ('shtykov', 'stalin')]]
    """
    for node in (source, target):
        if node not in graph:
            raise NetworkError(f"{node} is not in this network")
    wanted = set(layers) if layers is not None else None
    simple: nx.DiGraph[str] = nx.DiGraph()
    simple.add_nodes_from(graph)
    for u, v, data in graph.edges(data=True):
        if u != v and (wanted is None or data.get("layer") in wanted):
            simple.add_edge(u, v)
    try:
        found = list(islice(nx.all_shortest_paths(simple, source, target), limit))
    except nx.NetworkXNoPath:
        return []
    paths = []
    for nodes in sorted(found):
        hops = []
        for u, v in zip(nodes, nodes[1:], strict=False):
            messages = [dict(d, key=k) for k, d in graph[u][v].items()
                        if wanted is None or d.get("layer") in wanted]
            messages.sort(key=lambda d: (d.get("date", ""), d["key"]))
            hops.append({"source": u, "target": v, "messages": messages})
        paths.append(hops)
    return paths


def ego_network(graph: nx.MultiDiGraph, center: str, radius: int = 1) -> nx.MultiDiGraph:
    """The agents within ``radius`` hops of ``center`` in either direction, and every edge
    among them (a copy, with the graph's attributes and ``center`` set).

    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(ego_network(g, "b"))
    ['a', 'b', 'c']
    """
    if center not in graph:
        raise NetworkError(f"{center} is not in this network")
    ego = nx.ego_graph(graph, center, radius=radius, undirected=True).copy()
    ego.graph.update(graph.graph, center=center, radius=radius)
    return ego
