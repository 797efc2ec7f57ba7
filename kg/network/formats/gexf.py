"""GEXF 1.3 (https://gexf.net/), dynamic, so Gephi's timeline shows the network grow.

Written with lxml against the 1.3 RELAX NG grammar (``1.3/gexf.rnc`` of gephi/gexf; the
tests validate with jing). networkx writes GEXF 1.2draft with an invalid ``name=""`` on
``<graph>``; this writer does not use it.

* ``<graph defaultedgetype="directed" mode="dynamic" timeformat="date">``; node and
  edge ids are ``n0``/``e0``...; the IRI, country, message... are declared attributes
  (``<attributes class="node|edge">``, typed ``string``/``integer``).
* An edge lives from the first to the last day of its message's date (``start``/``end``:
  ``1950-10`` is 1950-10-01..1950-10-31); an undated edge has no interval and is always
  shown. A node lives from its first to its last dated edge, or always when one of its
  edges is undated.
* ``kind`` (GEXF's name for parallel-edge classes) is the layer, so Gephi keeps a
  letter and the copy list of the same message apart; ``viz:`` colour, size and position
  carry the same look as the PNG (colour by state, size by degree, edge style by layer).
"""

from __future__ import annotations

from datetime import date
from typing import IO

import networkx as nx
from lxml import etree

from kg.network.formats.common import (
    LAYER_STYLES,
    country_colour,
    edges,
    interval,
    kind_of,
    layout,
    node_attr,
    node_ids,
)
from kg.store import Store

__all__ = ["write", "GEXF_NS", "VIZ_NS", "NODE_ATTRIBUTES", "EDGE_ATTRIBUTES"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
#: attribute id -> GEXF type
NODE_ATTRIBUTES = {"iri": "string", "kind": "string", "country": "string"}
EDGE_ATTRIBUTES = {"layer": "string", "message": "string", "date": "string",
                   "kind": "string", "via": "string", "title": "string",
                   "copies": "integer"}


def _g(tag: str) -> str:
    return f"{{{GEXF_NS}}}{tag}"


def _v(tag: str) -> str:
    return f"{{{VIZ_NS}}}{tag}"


def _declare(graph_el: etree._Element, cls: str, attributes: dict[str, str]) -> None:
    el = etree.SubElement(graph_el, _g("attributes"), {"class": cls})
    for name, typ in attributes.items():
        etree.SubElement(el, _g("attribute"), id=name, title=name, type=typ)


def _values(parent: etree._Element, values: dict[str, str]) -> None:
    el = etree.SubElement(parent, _g("attvalues"))
    for name, value in values.items():
        if value != "":
            etree.SubElement(el, _g("attvalue"), {"for": name, "value": value})


def _rgb(hex_colour: str) -> dict[str, str]:
    h = hex_colour.lstrip("#")
    return {"r": str(int(h[0:2], 16)), "g": str(int(h[2:4], 16)), "b": str(int(h[4:6], 16))}


def _node_spans(graph: nx.MultiDiGraph) -> dict[str, tuple[str, str] | None]:
    """Each node's first and last day, or ``None`` (always there)."""
    spans: dict[str, tuple[str, str] | None] = {}
    always: set[str] = set()
    for u, v, _, d in edges(graph):
        span = interval(d.get("date") or "")
        for n in (u, v):
            if span is None:
                always.add(n)
            elif n in spans and spans[n] is not None:
                first, last = spans[n]  # type: ignore[misc]
                spans[n] = (min(first, span[0]), max(last, span[1]))
            else:
                spans[n] = span
    return {n: (None if n in always else spans.get(n)) for n in graph.nodes}


def build_tree(graph: nx.MultiDiGraph, title: str = "") -> etree._ElementTree:
    """The GEXF document as an lxml tree."""
    ids = node_ids(graph)
    countries = sorted({node_attr(graph, n, "country") for n in graph.nodes} - {""})
    pos = layout(graph)
    degree = dict(graph.degree())
    # lxml takes None as the prefix of the default namespace; lxml-stubs allow str only
    root = etree.Element(_g("gexf"), nsmap={None: GEXF_NS, "viz": VIZ_NS},  # type: ignore[dict-item]
                         version="1.3")
    meta = etree.SubElement(root, _g("meta"), lastmodifieddate=date.today().isoformat())
    etree.SubElement(meta, _g("creator")).text = "coldwar-kg"
    layers = graph.graph.get("layers") or ()
    etree.SubElement(meta, _g("description")).text = (
        title or "Correspondence network") + (f" (layers: {', '.join(layers)})" if layers else "")
    graph_el = etree.SubElement(root, _g("graph"), defaultedgetype="directed", mode="dynamic",
                                timeformat="date")
    _declare(graph_el, "node", NODE_ATTRIBUTES)
    _declare(graph_el, "edge", EDGE_ATTRIBUTES)
    nodes_el = etree.SubElement(graph_el, _g("nodes"), count=str(graph.number_of_nodes()))
    spans = _node_spans(graph)
    for node in sorted(graph.nodes, key=str):
        attrs = {"id": ids[node], "label": node_attr(graph, node, "label")}
        if spans.get(node):
            attrs["start"], attrs["end"] = spans[node]  # type: ignore[misc]
        el = etree.SubElement(nodes_el, _g("node"), attrs)
        _values(el, {"iri": node_attr(graph, node, "iri"), "kind": kind_of(graph, node),
                     "country": node_attr(graph, node, "country")})
        colour = country_colour(node_attr(graph, node, "country"), countries)
        etree.SubElement(el, _v("color"), _rgb(colour))
        x, y = pos.get(node, (0.5, 0.5))
        etree.SubElement(el, _v("position"), x=f"{(x - 0.5) * 1000:.1f}",
                         y=f"{(0.5 - y) * 1000:.1f}")
        etree.SubElement(el, _v("size"), value=f"{6 + 3 * degree.get(node, 0) ** 0.5:.1f}")
        etree.SubElement(el, _v("shape"), value="square"
                         if kind_of(graph, node).startswith("org") else "disc")
    edges_el = etree.SubElement(graph_el, _g("edges"), count=str(graph.number_of_edges()))
    for i, (u, v, _, d) in enumerate(edges(graph)):
        layer = str(d.get("layer") or "")
        weight = int(d.get("weight") or 1)
        attrs = {"id": f"e{i}", "source": ids[u], "target": ids[v], "weight": str(weight)}
        if layer:
            attrs["kind"] = layer
        if d.get("title"):
            attrs["label"] = str(d["title"])
        span = interval(d.get("date") or "")
        if span:
            attrs["start"], attrs["end"] = span
        el = etree.SubElement(edges_el, _g("edge"), attrs)
        values = {k: str(d.get(k) or "") for k in EDGE_ATTRIBUTES if k != "copies"}
        if layer == "circulation":
            values["copies"] = str(weight)
        _values(el, values)
        style = LAYER_STYLES.get(layer)
        if style:
            etree.SubElement(el, _v("color"), _rgb(style[1]))
            etree.SubElement(el, _v("thickness"), value=f"{1 + weight ** 0.5:.1f}")
            etree.SubElement(el, _v("shape"), value=style[3])
    return etree.ElementTree(root)


def write(graph: nx.MultiDiGraph, fh: IO[bytes], *, store: Store | None = None,
          title: str = "") -> None:
    """Write GEXF 1.3 (UTF-8, indented)."""
    build_tree(graph, title).write(fh, encoding="UTF-8", xml_declaration=True,
                                   pretty_print=True)
