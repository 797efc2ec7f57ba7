"""A PNG figure of the network (matplotlib, no display needed).

Nodes are coloured by the state the agent acted for (``cw:country``), drawn as circles
(people) or squares (organisations) and sized by degree; edges are drawn per layer with
their own style (letters solid, relays dashed, copies dotted, office dash-dot) and
curved so that the two directions of a correspondence stay apart. Labels sit on a white
box; on large graphs only the most connected agents are labelled (``max_labels``). Two
legends: layers and states.
"""

from __future__ import annotations

import io
from typing import IO, Any

import networkx as nx

from kg.network.formats.common import (
    LAYER_STYLES,
    country_colour,
    country_name,
    edges,
    kind_of,
    layout,
    node_attr,
)
from kg.store import Store

__all__ = ["write", "draw", "figure_bytes", "png_bytes"]


def draw(graph: nx.MultiDiGraph, ax: Any, *, title: str = "", max_labels: int = 40) -> None:
    """Draw ``graph`` on a matplotlib ``ax``."""
    ax.set_axis_off()
    ax.set_title(title or "Who wrote to whom", fontsize=14, loc="left")
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "empty network: build the store first (kg build)", ha="center",
                va="center", fontsize=12, transform=ax.transAxes)
        return
    pos = layout(graph)
    degree = dict(graph.degree())
    countries = sorted({node_attr(graph, n, "country") for n in graph.nodes})
    n = graph.number_of_nodes()
    base = 900 if n <= 20 else 500 if n <= 80 else 160
    size = {v: base * (0.6 + 0.4 * min(degree.get(v, 0), 12) ** 0.5) for v in graph.nodes}
    _draw_edges(graph, ax, pos, size)
    _draw_nodes(graph, ax, pos, size, countries)
    ranked = sorted(graph.nodes, key=lambda v: (-degree.get(v, 0), node_attr(graph, v, "label")))
    labels = {v: node_attr(graph, v, "label") for v in ranked[:max_labels]}
    lift = 0.035 if n <= 40 else 0.02
    above = {v: (pos[v][0], pos[v][1] + lift) for v in labels}
    nx.draw_networkx_labels(graph, above, labels=labels, ax=ax, font_size=9 if n <= 40 else 7,
                            verticalalignment="bottom",
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                  "alpha": 0.8})
    _draw_legends(graph, ax, countries)
    ax.margins(0.08)


def _draw_edges(graph: nx.MultiDiGraph, ax: Any, pos: dict[str, tuple[float, float]],
                size: dict[str, float]) -> None:
    """The edges per layer in the layer's style, both directions of a pair curved apart,
    as wide as the messages (or copies) they stand for."""
    for layer, (style, colour, _, _) in LAYER_STYLES.items():
        for rad, reverse in ((0.12, False), (0.12, True)):
            pairs: dict[tuple[str, str], int] = {}
            for u, v, _, d in edges(graph):
                if (d.get("layer") or "authorial") == layer and ((str(u) > str(v)) == reverse):
                    pairs[(u, v)] = pairs.get((u, v), 0) + int(d.get("weight") or 1)
            if not pairs:
                continue
            nx.draw_networkx_edges(
                graph, pos, edgelist=list(pairs), ax=ax, style=style, edge_color=colour,
                width=[1.2 + 0.8 * min(w, 9) ** 0.5 for w in pairs.values()], arrows=True,
                arrowsize=14, node_size=[size[v] for v in graph.nodes], alpha=0.85,
                connectionstyle=f"arc3,rad={rad}", nodelist=list(graph.nodes))


def _draw_nodes(graph: nx.MultiDiGraph, ax: Any, pos: dict[str, tuple[float, float]],
                size: dict[str, float], countries: list[str]) -> None:
    """People as circles, organisations as squares, coloured by state."""
    for shape, test in (("o", lambda k: not k.startswith("org")), ("s", lambda k: k.startswith("org"))):
        nodes = [v for v in graph.nodes if test(kind_of(graph, v))]
        if nodes:
            nx.draw_networkx_nodes(graph, pos, nodelist=nodes, ax=ax, node_shape=shape,
                                   node_size=[size[v] for v in nodes], edgecolors="#303030",
                                   linewidths=0.8, node_color=[
                                       country_colour(node_attr(graph, v, "country"), countries)
                                       for v in nodes])


def _draw_legends(graph: nx.MultiDiGraph, ax: Any, countries: list[str]) -> None:
    """Two legends: the layers present (lower left) and the states (lower right)."""
    from matplotlib.lines import Line2D

    present = {d.get("layer") or "authorial" for _, _, _, d in edges(graph)}
    layer_handles = [Line2D([0], [0], linestyle=s, color=c, lw=2, label=lbl)
                     for name, (s, c, lbl, _) in LAYER_STYLES.items() if name in present]
    state_handles = [Line2D([0], [0], marker="o", linestyle="", markersize=9,
                            markerfacecolor=country_colour(c, countries), markeredgecolor="#303030",
                            label=country_name(c)) for c in countries]
    if any(kind_of(graph, v).startswith("org") for v in graph.nodes):
        state_handles.append(Line2D([0], [0], marker="s", linestyle="", markersize=9,
                                    markerfacecolor="white", markeredgecolor="#303030",
                                    label="organisation (square)"))
    first = ax.legend(handles=layer_handles, loc="lower left", frameon=True, fontsize=9,
                      title="edges", title_fontsize=9)
    ax.add_artist(first)
    ax.legend(handles=state_handles, loc="lower right", frameon=True, fontsize=9,
              title="state", title_fontsize=9)


def figure_bytes(graph: nx.MultiDiGraph, *, title: str = "", width: float = 12,
                 height: float = 9, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (for the report, which embeds it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=dpi)
    try:
        draw(graph, ax, title=title)
        return png_bytes(fig)
    finally:
        plt.close(fig)


def png_bytes(fig: Any) -> bytes:
    """A matplotlib figure laid out and written as PNG bytes on white."""
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor="white")
    return buf.getvalue()


def write(graph: nx.MultiDiGraph, fh: IO[bytes], *, store: Store | None = None,
          title: str = "") -> None:
    """Write the figure as PNG."""
    fh.write(figure_bytes(graph, title=title))
