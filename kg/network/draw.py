"""Store -> networkx graphs of correspondence, and pictures of them.

The network is built by SPARQL over the store (not from records), so it shows
exactly what the graph says. Three kinds of edge, one per layer of the notes'
reasoning plan:

* ``wrote``: sender or author -> addressee of a message;
* ``relay``: sender of an embedded message -> the agent whose telegram carried it
  (Kim Il Sung -> Shtykov for a letter sent "via Shtykov");
* ``copy``: sender of a message -> a recipient of copies on its distribution list.

Every edge carries the message IRI and date, so it stays traceable to its source.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.files import atomic_write
from kg.query import run_query
from kg.store import Store

__all__ = ["correspondence_network", "write_graphml", "draw_png", "node_id", "EDGE_STYLES"]

EDGE_QUERIES = {
    "wrote": """
        SELECT ?m ?a ?b ?date WHERE {
          ?m cw:sender|cw:author ?a ; cw:addressee ?b .
          OPTIONAL { ?m cw:dateSent ?date } }""",
    "relay": """
        SELECT ?m ?a ?b ?date WHERE {
          ?carrier cw:transmits ?m ; cw:sender ?b .
          ?m cw:sender|cw:author ?a .
          OPTIONAL { ?carrier cw:dateSent ?date } }""",
    "copy": """
        SELECT ?m ?a ?b ?date ?n WHERE {
          ?m cw:hasDistributionEntry ?e ; cw:sender ?a .
          ?e cw:copyRecipient ?b ; cw:copyCount ?n .
          OPTIONAL { ?m cw:dateSent ?date } }""",
}
LABELS = """
    SELECT ?x ?label ?type WHERE {
      VALUES ?x { %s }
      OPTIONAL { ?x skos:prefLabel ?label }
      OPTIONAL { ?x a ?type . FILTER(?type IN (cw:Person, cw:Organization)) } }"""

#: matplotlib style per edge kind: (line style, colour, label in the legend)
EDGE_STYLES = {
    "wrote": ("solid", "#1f4e79", "wrote to"),
    "relay": ("dashed", "#c55a11", "relayed via"),
    "copy": ("dotted", "#7f7f7f", "copy to"),
}


def node_id(iri: str) -> str:
    """A GraphML-safe node id (an XML NMTOKEN) for an instance IRI.

    >>> node_id("https://w3id.org/cwkg/id/person/kim-il-sung")
    'person:kim-il-sung'
    """
    tail = iri.split("/id/", 1)[-1] if "/id/" in iri else iri
    kind, _, key = tail.partition("/")
    return f"{kind}:{key}" if key else kind


def correspondence_network(store: Store) -> nx.MultiDiGraph:
    """A multigraph of agents with ``wrote``, ``relay`` and ``copy`` edges.

    Nodes carry ``label`` (preferred name), ``iri`` and ``type`` (Person or
    Organization); edges carry ``kind``, ``message``, ``date`` and ``weight``
    (copies for ``copy`` edges, else 1).
    """
    g = nx.MultiDiGraph(name="coldwar-kg correspondence")
    for kind, query in EDGE_QUERIES.items():
        for row in run_query(store, query).rows:
            a, b = row["a"].value, row["b"].value
            for iri in (a, b):
                if not g.has_node(node_id(iri)):
                    g.add_node(node_id(iri), iri=iri, label=node_id(iri), type="")
            date = row["date"].value if "date" in row else ""
            weight = int(row["n"].value) if "n" in row else 1
            g.add_edge(node_id(a), node_id(b), key=f"{kind}:{row['m'].value}", kind=kind,
                       message=row["m"].value, date=date, weight=weight)
    if g.number_of_nodes():
        values = " ".join(f"<{d['iri']}>" for _, d in g.nodes(data=True))
        for row in run_query(store, LABELS % values).rows:
            node = g.nodes[node_id(row["x"].value)]
            if "label" in row:
                node["label"] = row["label"].value
            if "type" in row:
                node["type"] = row["type"].value.rsplit("#", 1)[-1]
    return g


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write GraphML (read by Gephi, Cytoscape, igraph, yEd) atomically."""
    atomic_write(Path(path), lambda fh: nx.write_graphml(graph, fh, named_key_ids=True))


def draw_png(graph: nx.MultiDiGraph, path: Path, title: str | None = None) -> None:
    """Draw the network with labelled nodes; letters solid, relays dashed, copies dotted."""
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
        colours = ["#f4b183" if d.get("type") == "Organization" else "#bdd7ee"
                   for _, d in graph.nodes(data=True)]
        writers = {u for u, _, k in graph.edges(data="kind") if k in ("wrote", "relay")}
        sizes = [1400 if n in writers else 700 for n in graph.nodes]
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_color=colours, node_size=sizes,
                               edgecolors="#404040")
        for kind, (style, colour, _) in EDGE_STYLES.items():
            edges = [(u, v) for u, v, k in graph.edges(data="kind") if k == kind]
            rad = {"wrote": 0.08, "relay": -0.2, "copy": 0.25}[kind]
            nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, style=style,
                                   edge_color=colour, width=2.0 if kind != "copy" else 1.2,
                                   arrows=True, arrowsize=16, node_size=sizes,
                                   connectionstyle=f"arc3,rad={rad}")
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
