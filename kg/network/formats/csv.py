"""Palladio-style CSV (https://hdlab.stanford.edu/palladio/): an edge table and a node table.

``kg network --format palladio -o net.csv`` writes two files: ``net.csv`` with one row per
edge (source and target by label, so Palladio's graph view names them; the IRIs beside
them; date, layer, message, kind, copies, relay, title) and ``net.nodes.csv`` with one
row per agent (label, IRI, kind, country and how many messages it sent and received),
which Palladio can join to the edges on ``label``. Dates are ``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``, the forms Palladio's date facet reads. UTF-8, comma-separated,
RFC 4180 quoting.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import IO

import networkx as nx

from kg.network.formats.common import country_name, edges, kind_of, node_attr
from kg.store import Store

__all__ = ["write", "write_nodes", "EDGE_COLUMNS", "NODE_COLUMNS"]

EDGE_COLUMNS = ("source", "target", "date", "layer", "kind", "weight", "message", "via",
                "title", "source_iri", "target_iri")
NODE_COLUMNS = ("label", "iri", "kind", "country", "country_name", "sent", "received")


def _write_rows(fh: IO[bytes], columns: tuple[str, ...], rows: list[dict]) -> None:
    text = io.StringIO(newline="")
    out = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
    out.writeheader()
    out.writerows(rows)
    fh.write(text.getvalue().encode("utf-8"))


def write(graph: nx.MultiDiGraph, fh: IO[bytes], *, store: Store | None = None,
          title: str = "") -> None:
    """The edge table: one row per edge, sources and targets by label."""
    rows = []
    for u, v, _, d in edges(graph):
        rows.append({
            "source": node_attr(graph, u, "label"), "target": node_attr(graph, v, "label"),
            "date": d.get("date") or "", "layer": d.get("layer") or "",
            "kind": d.get("kind") or "", "weight": int(d.get("weight") or 1),
            "message": d.get("message") or "", "via": d.get("via") or "",
            "title": d.get("title") or "", "source_iri": node_attr(graph, u, "iri"),
            "target_iri": node_attr(graph, v, "iri")})
    _write_rows(fh, EDGE_COLUMNS, rows)


def write_nodes(graph: nx.MultiDiGraph, fh: IO[bytes], *, store: Store | None = None,
                title: str = "") -> None:
    """The node table: one row per agent, with messages sent and received (any layer)."""
    sent: dict[str, set[str]] = defaultdict(set)
    received: dict[str, set[str]] = defaultdict(set)
    for u, v, _, d in edges(graph):
        sent[u].add(d.get("message") or "")
        received[v].add(d.get("message") or "")
    rows = []
    for node in sorted(graph.nodes, key=lambda n: (node_attr(graph, n, "label"), str(n))):
        country = node_attr(graph, node, "country")
        rows.append({"label": node_attr(graph, node, "label"),
                     "iri": node_attr(graph, node, "iri"), "kind": kind_of(graph, node),
                     "country": country, "country_name": country_name(country) if country else "",
                     "sent": len(sent[node]), "received": len(received[node])})
    _write_rows(fh, NODE_COLUMNS, rows)
