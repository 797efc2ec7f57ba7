"""GraphML and PNG of a correspondence network (the first writers; :mod:`kg.netformats`
has the full set and supersedes these).

The graph is the one :func:`kg.network.layers.build_network` returns: nodes keyed by IRI
with ``label`` and ``kind``, edges with ``layer`` (authorial, transmission, circulation,
office), ``message``, ``date`` and ``weight``.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.files import atomic_write

__all__ = ["write_graphml", "draw_png", "node_id", "EDGE_STYLES"]

#: matplotlib style per layer: (line style, colour, label in the legend)
EDGE_STYLES = {
    "authorial": ("solid", "#1f4e79", "wrote to"),
    "transmission": ("dashed", "#c55a11", "relayed via"),
    "circulation": ("dotted", "#7f7f7f", "copy to"),
    "office": ("dashdot", "#548235", "post held by"),
}
_CURVES = {"authorial": 0.08, "transmission": -0.2, "circulation": 0.25, "office": -0.35}


def node_id(iri: str) -> str:
    """A GraphML-safe node id (an XML NMTOKEN) for an instance IRI.

    >>> node_id("https://w3id.org/cwkg/id/person/kim-il-sung")
    'person:kim-il-sung'
    """
    tail = iri.split("/id/", 1)[-1] if "/id/" in iri else iri
    kind, _, key = tail.partition("/")
    return f"{kind}:{key}" if key else kind


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write GraphML (read by Gephi, Cytoscape, igraph, yEd) atomically; node ids are
    :func:`node_id` of the IRIs, graph attributes are written as strings."""
    out = nx.relabel_nodes(graph, {n: node_id(n) for n in graph}, copy=True)
    out.graph = {k: ",".join(v) if isinstance(v, tuple) else str(v or "")
                 for k, v in graph.graph.items()}
    atomic_write(Path(path), lambda fh: nx.write_graphml(out, fh, named_key_ids=True))


def draw_png(graph: nx.MultiDiGraph, path: Path, title: str | None = None) -> None:
    """Draw the network with labelled nodes; letters solid, relays dashed, copies dotted,
    posts and their holders dash-dotted."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    fig, ax = plt.subplots(figsize=(11, 8), dpi=120)
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "empty graph: run `kg build` first", ha="center", va="center")
    else:
        simple = nx.Graph(graph.to_undirected())
        pos = nx.spring_layout(simple, seed=1950, k=2.2 / max(1, simple.number_of_nodes()) ** 0.5,
                               iterations=200)
        colours = ["#f4b183" if d.get("kind") == "organization" else "#bdd7ee"
                   for _, d in graph.nodes(data=True)]
        writers = {u for u, _, k in graph.edges(data="layer") if k in ("authorial", "transmission")}
        sizes = [1400 if n in writers else 700 for n in graph.nodes]
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, node_size=sizes,
                               edgecolors="#404040")
        for layer, (style, colour, _) in EDGE_STYLES.items():
            edges = [(u, v) for u, v, k in graph.edges(data="layer") if k == layer]
            nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, style=style,
                                   edge_color=colour, width=1.2 if layer == "circulation" else 2.0,
                                   arrows=True, arrowsize=16, node_size=sizes,
                                   connectionstyle=f"arc3,rad={_CURVES[layer]}")
        nx.draw_networkx_labels(graph, pos, ax=ax, font_size=9,
                                labels={n: d["label"] for n, d in graph.nodes(data=True)})
        handles = [Line2D([0], [0], linestyle=s, color=c, lw=2, label=lbl)
                   for s, c, lbl in EDGE_STYLES.values()]
        ax.legend(handles=handles, loc="lower left", frameon=False)
    ax.set_title(title or "Who wrote to whom: letters, relays and copies", fontsize=13)
    fig.tight_layout()

    def write(fh):
        fig.savefig(fh, format="png")

    try:
        atomic_write(Path(path), write)
    finally:
        plt.close(fig)
