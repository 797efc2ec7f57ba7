"""GraphML (http://graphml.graphdrawing.org/): ids valid for the format, typed attributes.

GraphML types node and edge ids as ``xs:NMTOKEN``, which an IRI (with ``/``) is not, so
nodes are ``n0``, ``n1``... (in IRI order) and edges ``e0``, ``e1``...; the IRI, the
message and the edge key are kept as data. Every attribute has one type and no value is
missing (networkx declares ``attr.type`` from the Python type; ``None`` is not allowed):
strings default to ``""``, ``weight`` is an int.
"""

from __future__ import annotations

from typing import IO

import networkx as nx

from kg.network.formats.common import edges, kind_of, node_attr, node_ids
from kg.store import Store

__all__ = ["write", "to_graphml_graph", "NODE_KEYS", "EDGE_KEYS"]

NODE_KEYS = ("label", "iri", "kind", "country")
EDGE_KEYS = ("layer", "message", "date", "kind", "via", "title", "edge_key")


def to_graphml_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with ``n0``/``e0`` ids and only typed, non-empty-safe attributes.

    >>> g = nx.MultiDiGraph(layers=("authorial",), start=None)
    >>> g.add_edge("https://x/a", "https://x/b", key="authorial:https://x/m", layer="authorial")
    'authorial:https://x/m'
    >>> h = to_graphml_graph(g)
    >>> sorted(h.nodes), list(h.edges(keys=True)), h.graph["layers"], h.graph["start"]
    (['n0', 'n1'], [('n0', 'n1', 'e0')], 'authorial', '')
    """
    ids = node_ids(graph)
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    layers = graph.graph.get("layers") or ()
    out.graph.update(
        name=str(graph.graph.get("name") or "coldwar-kg correspondence network"),
        layers=layers if isinstance(layers, str) else ", ".join(layers),
        start=str(graph.graph.get("start") or ""), end=str(graph.graph.get("end") or ""))
    for node in sorted(graph.nodes, key=str):
        attrs = {k: node_attr(graph, node, k) for k in NODE_KEYS}
        attrs["kind"] = kind_of(graph, node)
        out.add_node(ids[node], **attrs)
    for i, (u, v, key, d) in enumerate(edges(graph)):
        data: dict[str, str | int] = {k: str(d.get(k) or "") for k in EDGE_KEYS if k != "edge_key"}
        data["edge_key"] = str(key)
        data["weight"] = int(d.get("weight") or 1)
        out.add_edge(ids[u], ids[v], key=f"e{i}", **data)
    return out


def write(graph: nx.MultiDiGraph, fh: IO[bytes], *, store: Store | None = None,
          title: str = "") -> None:
    """Write GraphML 1.0 (UTF-8) with ``attr.type`` on every key."""
    out = to_graphml_graph(graph)
    if title:
        out.graph["name"] = title
    nx.write_graphml(out, fh, encoding="utf-8", prettyprint=True, named_key_ids=True,
                     edge_id_from_attribute=None)
