"""Time the network analysis on the full shared build, against igraph on the same edges.

The build: the Wilson records, ``frus`` and ``frus-bulk`` of ``../shared/corpus`` in one
store (``kg build --workers 2 --bulk --no-provenance``, then ``kg reason``), or an
existing store given with ``--store`` (built there first if it is empty). Then, best of
``--repeat`` runs each:

* **extraction**: :func:`kg.network.layers.build_network` (the SPARQL of the four layers
  and the facts of messages and agents) and ``kg network --top 10`` end to end
  (:func:`kg.network.analysis.analyse`);
* **projection**: multigraph -> simple weighted digraph (``kg.network.measures.project``
  and its igraph graphs) against igraph building the same multigraph and
  ``simplify(combine_edges="sum")``;
* **each measure** through ``kg.network.measures`` against the igraph call on the same
  simple edges (the yardstick: ratio = ours / igraph), with the largest absolute
  difference of the values; and networkx's own implementation (the model) with its
  time and largest difference;
* peak memory (max RSS).

Usage::

    python bench/network.py [--corpus DIR] [--store DIR] [--repeat 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import igraph as ig
import networkx as nx
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg.network import measures as m
from kg.network.analysis import analyse
from kg.network.layers import build_network
from kg.pipeline import build, reason_store
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEED = 1950


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Best wall time of ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def max_diff(a: dict, b: dict) -> float:
    """Largest absolute difference over the keys of ``a`` (tuples compared item by item)."""
    def items(x):
        return x if isinstance(x, tuple) else (x,)

    return max((abs(float(x) - float(y)) for k in a for x, y in zip(items(a[k]), items(b[k]),
                                                                  strict=True)), default=0.0)


def seeded(fn: Callable[[], object]) -> object:
    """Run ``fn`` with igraph's random generator seeded as kg.network.measures seeds it."""
    ig.set_random_number_generator(random.Random(SEED))
    try:
        return fn()
    finally:
        ig.set_random_number_generator(random)


def ensure_build(corpus: Path, path: Path, workers: int) -> dict:
    """Build the shared corpus into ``path`` unless a store is already there."""
    store = Store(path)
    try:
        if store.count():
            return {"reused": str(path)}
        inputs = [corpus / "wilson" / "records", corpus / "frus", corpus / "frus-bulk"]
        t0 = time.perf_counter()
        report = build([p for p in inputs if p.exists()], store, workers=workers, bulk=True,
                       provenance=False)
        t_build = time.perf_counter() - t0
        t0 = time.perf_counter()
        inferred = reason_store(store)
        t_reason = time.perf_counter() - t0
        print(f"build     {t_build:7.1f} s  {len(report.built):,} documents, "
              f"{len(report.errors)} errors; reason {t_reason:.1f} s, {inferred:,} inferred")
        return {"build_s": round(t_build, 2), "reason_s": round(t_reason, 2),
                "documents": len(report.built), "errors": len(report.errors)}
    finally:
        store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path,
                    default=Path(os.environ.get("KG_CORPUS", ROOT.parent / "shared" / "corpus")))
    ap.add_argument("--store", type=Path, help="store to use (built here if empty)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    if not args.corpus.is_dir() and not args.store:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    path = args.store or Path(tempfile.mkdtemp(prefix="kg-network-")) / "store"
    figures: dict = {"store": str(path), "cores": os.cpu_count(), "seed": SEED,
                     "build": ensure_build(args.corpus, path, args.workers)}
    store = Store(path, read_only=True)
    r = args.repeat

    t_extract, graph = best(lambda: build_network(store), r)
    t_cli, _ = best(lambda: analyse(store, n=10), r)
    print(f"network   {graph.number_of_nodes():,} agents, {graph.number_of_edges():,} message "
          f"edges; extraction {t_extract:.2f} s; `kg network --top 10` {t_cli:.2f} s")

    # the yardstick's input: the multigraph as integer pairs, built outside the timers
    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    multi = [(index[u], index[v]) for u, v in graph.edges() if u != v]
    weights = [w for u, v, w in graph.edges(data="weight", default=1) if u != v]

    def ours_project() -> m.Projection:
        p = m.project(graph)
        p.directed, p.undirected  # noqa: B018 - build both igraph graphs
        return p

    def igraph_project() -> tuple[ig.Graph, ig.Graph]:
        g = ig.Graph(n=len(nodes), edges=multi, directed=True, edge_attrs={"weight": weights})
        g.simplify(multiple=True, loops=True, combine_edges="sum")
        return g, g.as_undirected(mode="collapse", combine_edges="sum")

    t_ours_p, p = best(ours_project, r)
    t_ig_p, (gd, gu) = best(igraph_project, r)
    n = len(p.nodes)
    # the same simple edges in the yardstick's graphs, in our node order
    gd = ig.Graph(n=n, edges=p.edges, directed=True,
                  edge_attrs={"weight": p.weights, "messages": p.messages})
    gu = p.undirected.copy()
    digraph = p.digraph()
    undirected = nx.Graph(digraph.to_undirected())
    print(f"projection {len(p.edges):,} simple edges")

    def as_dict(values) -> dict:
        return dict(zip(p.nodes, values, strict=True))

    scale = 1 / ((n - 1) * (n - 2))
    sample = [p.nodes.index(x) for x in random.Random(SEED).sample(list(p.nodes), 200)]
    comm = m.communities(p, seed=SEED)
    groups = {node: p.attrs.get(node, {}).get("country") or f"community:{comm[node]}"
              for node in p.nodes}
    cases = [
        ("degree", lambda: m.degrees(p),
         lambda: as_dict(zip(*[gd.strength(mode=mode, weights=attr) for attr in ("messages", "weight")
                               for mode in ("in", "out")], strict=True)),
         lambda: {x: (graph.in_degree(x), graph.out_degree(x), graph.in_degree(x, weight="weight"),
                      graph.out_degree(x, weight="weight")) for x in graph},
         None),
        ("pagerank", lambda: m.pagerank(p),
         lambda: as_dict(gd.pagerank(weights="weight", damping=m.DAMPING)),
         lambda: _pagerank_python(digraph, weight="weight", tol=1e-12, max_iter=10_000), None),
        ("betweenness", lambda: m.betweenness(p),
         lambda: as_dict([b * scale for b in gd.betweenness(directed=True)]),
         lambda: nx.betweenness_centrality(digraph), None),
        ("betweenness k=200", lambda: m.betweenness(p, k=200, seed=SEED),
         lambda: gd.betweenness(directed=True, sources=sample, targets=range(n)),
         lambda: nx.betweenness_centrality(digraph, k=200, seed=SEED), None),
        ("k-core", lambda: m.core_number(p), lambda: as_dict(gu.coreness(mode="all")),
         lambda: nx.core_number(undirected), None),
        ("louvain", lambda: m.communities(p, seed=SEED),
         lambda: seeded(lambda: gu.community_multilevel(weights="weight",
                                                         resolution=m.RESOLUTION)),
         lambda: nx.community.louvain_communities(undirected, weight="weight", seed=SEED), None),
        ("reciprocity", lambda: m.reciprocity(p), lambda: gd.reciprocity(),
         lambda: nx.overall_reciprocity(digraph), None),
        ("brokerage", lambda: m.brokerage(p, groups), None, None, None),
        ("node_measures", lambda: m.node_measures(p, seed=SEED), None, None, None),
    ]
    print(f"\n{'measure':18s} {'ours s':>9s} {'igraph s':>9s} {'ratio':>6s} {'networkx s':>10s} "
          f"{'|ours-igraph|':>13s} {'|ours-nx|':>10s}")
    rows = []
    for name, ours, yard, model, pick in cases:
        t_ours, got = best(ours, r)
        t_yard, want = best(yard, r) if yard else (None, None)
        t_nx, nxv = best(model, 1) if model else (None, None)
        view = pick(got) if pick else got
        d_ig = d_nx = None
        if name.startswith("betweenness k"):  # raw subset sums: compare after our scaling
            picked = {p.nodes[i] for i in sample}
            want = as_dict([b / ((199 if x in picked else 200) * (n - 2))
                            for x, b in zip(p.nodes, want, strict=True)])
        if name == "louvain":
            mine = [got[x] for x in p.nodes]
            d_ig = abs(gu.modularity(mine, weights="weight") - want.modularity)
            parts = {x: i for i, c in enumerate(nxv) for x in c}
            d_nx = abs(gu.modularity(mine, weights="weight")
                       - gu.modularity([parts[x] for x in p.nodes], weights="weight"))
        elif isinstance(view, dict):
            d_ig = max_diff(view, want) if want is not None else None
            if nxv is not None:
                finite = {k for k, v in nxv.items() if v == v}
                d_nx = max_diff({k: view[k] for k in finite}, nxv)
        elif view is not None:
            d_ig = abs(view - want) if want is not None else None
            d_nx = abs(view - nxv) if nxv is not None else None
        ratio = t_ours / t_yard if t_yard else None

        def cell(v, fmt):
            return format(v, fmt) if v is not None else "-"

        print(f"{name:18s} {t_ours:9.4f} {cell(t_yard, '9.4f'):>9s} {cell(ratio, '6.2f'):>6s} "
              f"{cell(t_nx, '10.4f'):>10s} {cell(d_ig, '13.2e'):>13s} {cell(d_nx, '10.2e'):>10s}")
        rows.append({"measure": name, "ours_s": t_ours, "igraph_s": t_yard, "ratio": ratio,
                     "networkx_s": t_nx, "max_diff_igraph": d_ig, "max_diff_networkx": d_nx})
    print(f"{'projection':18s} {t_ours_p:9.4f} {t_ig_p:9.4f} {t_ours_p / t_ig_p:6.2f}")
    print("\nlouvain: differences are of modularity (networkx's Louvain is another "
          "implementation with another random stream); igraph is seeded as ours is")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"memory    max RSS {own:,.0f} MiB (this process), {children:,.0f} MiB (build workers)")
    figures.update(agents=graph.number_of_nodes(), message_edges=graph.number_of_edges(),
                   simple_edges=len(p.edges), extraction_s=round(t_extract, 3),
                   cli_top10_s=round(t_cli, 3), projection_s=t_ours_p, projection_igraph_s=t_ig_p,
                   measures=rows, max_rss_mib=round(own), max_rss_workers_mib=round(children))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
