"""Node-link JSON, the shape d3, sigma.js and ``networkx.node_link_graph`` read.

``{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id": IRI, "label",
"kind", "country", "iri"}...], "links": [{"source": IRI, "target": IRI, "key", "layer",
"message", "date", "kind", "weight", "via", "title"}...]}``. Nodes and links are sorted,
so the same graph always gives the same file.
"""

from __future__ import annotations

import json
from typing import IO

import networkx as nx

from kg.network.formats.common import edges, kind_of, node_attr
from kg.store import Store

__all__ = ["write", "node_link"]

_EDGE_KEYS = ("layer", "message", "date", "kind", "via", "title")


def node_link(graph: nx.MultiDiGraph, title: str = "") -> dict:
    """The node-link dictionary (JSON-ready: no ``None``, tuples as lists).

    >>> g = nx.MultiDiGraph(layers=("authorial",))
    >>> _ = g.add_edge("a", "b", key="authorial:m", layer="authorial", message="m")
    >>> d = node_link(g)
    >>> [n["id"] for n in d["nodes"]], d["links"][0]["key"], d["graph"]["layers"]
    (['a', 'b'], 'authorial:m', ['authorial'])
    """
    layers = graph.graph.get("layers") or ()
    meta = {"name": title or str(graph.graph.get("name") or "coldwar-kg correspondence network"),
            "layers": [layers] if isinstance(layers, str) else list(layers),
            "start": graph.graph.get("start") or "", "end": graph.graph.get("end") or ""}
    nodes = [{"id": str(n), "label": node_attr(graph, n, "label"), "kind": kind_of(graph, n),
              "country": node_attr(graph, n, "country"), "iri": node_attr(graph, n, "iri")}
             for n in sorted(graph.nodes, key=str)]
    links = []
    for u, v, key, d in edges(graph):
        link: dict[str, str | int] = {"source": str(u), "target": str(v), "key": str(key)}
        link.update({k: str(d.get(k) or "") for k in _EDGE_KEYS})
        link["weight"] = int(d.get("weight") or 1)
        links.append(link)
    return {"directed": True, "multigraph": True, "graph": meta, "nodes": nodes, "links": links}


def write(graph: nx.MultiDiGraph, fh: IO[bytes], *, store: Store | None = None,
          title: str = "") -> None:
    """Write node-link JSON (UTF-8, indented)."""
    fh.write(json.dumps(node_link(graph, title), ensure_ascii=False, indent=1).encode("utf-8"))
