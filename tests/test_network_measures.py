"""Network measures (kg.network.measures) equal networkx's and igraph's on the same projection."""

from __future__ import annotations

import random

import igraph as ig
import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg.network import build_network
from kg.network import measures as m
from kg.store import Store

TOL = 1e-6
ID = "https://w3id.org/cwkg/id/person/"


def _random_multigraph(seed: int, n: int = 40, p: float = 0.08) -> nx.MultiDiGraph:
    """A random multigraph with repeated edges, weights and a few dangling nodes."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    g.add_nodes_from(f"n{i}" for i in range(n))
    for u in range(n):
        for v in range(n):
            if u != v and rng.random() < p:
                for _ in range(rng.choice((1, 1, 2, 3))):
                    g.add_edge(f"n{u}", f"n{v}", weight=rng.choice((1, 1, 2)))
    return g


def _igraph(p: m.Projection) -> ig.Graph:
    return ig.Graph(n=len(p.nodes), edges=p.edges, directed=True, edge_attrs={"weight": p.weights})


def _max_diff(a: dict, b: dict) -> float:
    assert set(a) == set(b)
    return max(abs(a[k] - b[k]) for k in a)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_equals_networkx_and_igraph(seed: int) -> None:
    """PageRank on the weighted projection is networkx's and igraph's to 1e-6."""
    g = _random_multigraph(seed)
    p = m.project(g)
    ours = m.pagerank(g)
    theirs = _pagerank_python(p.digraph(), weight="weight", tol=1e-12, max_iter=10_000)
    igraph = dict(zip(p.nodes, _igraph(p).pagerank(weights="weight"), strict=True))
    assert (True, True) == (_max_diff(ours, theirs) < TOL, _max_diff(ours, igraph) < TOL)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_exact_betweenness_equals_networkx_and_igraph(seed: int) -> None:
    """Exact betweenness on the unweighted projection is networkx's and igraph's to 1e-6."""
    g = _random_multigraph(seed)
    p = m.project(g)
    ours = m.betweenness(g)
    theirs = nx.betweenness_centrality(p.digraph())
    n = len(p.nodes)
    raw = _igraph(p).betweenness(directed=True)
    igraph = {node: b / ((n - 1) * (n - 2)) for node, b in zip(p.nodes, raw, strict=True)}
    assert (True, True) == (_max_diff(ours, theirs) < TOL, _max_diff(ours, igraph) < TOL)


@pytest.mark.parametrize(("seed", "k"), [(1, 1), (2, 5), (3, 20), (4, 39)])
def test_sampled_betweenness_equals_networkx_with_the_same_seed(seed: int, k: int) -> None:
    """betweenness(k=, seed=) samples the sources networkx samples and scales as it does."""
    g = _random_multigraph(seed)
    ours = m.betweenness(g, k=k, seed=seed)
    theirs = nx.betweenness_centrality(m.project(g).digraph(), k=k, seed=seed)
    finite = {n for n, v in theirs.items() if v == v}  # k=1: networkx gives NaN for the source
    assert _max_diff({n: ours[n] for n in finite}, {n: theirs[n] for n in finite}) < 1e-12


def test_core_number_equals_networkx() -> None:
    """k-core numbers are networkx's core_number on the undirected simple graph."""
    g = _random_multigraph(5, p=0.15)
    assert nx.core_number(nx.Graph(m.project(g).digraph().to_undirected())) == m.core_number(g)


def test_degrees_count_messages_and_strength_sums_weights() -> None:
    """Degree counts message edges (as networkx on the multigraph); strength sums weights."""
    g = _random_multigraph(6)
    got = m.degrees(g)
    expected = {n: (g.in_degree(n), g.out_degree(n), float(g.in_degree(n, weight="weight")),
                    float(g.out_degree(n, weight="weight"))) for n in g}
    assert expected == got


def test_reciprocity_equals_networkx() -> None:
    """Reciprocity is networkx's overall_reciprocity of the simple digraph."""
    g = _random_multigraph(7, p=0.2)
    assert abs(nx.overall_reciprocity(m.project(g).digraph()) - m.reciprocity(g)) < 1e-12


def test_communities_are_seeded_and_numbered_by_size() -> None:
    """Louvain gives the same partition for the same seed, community 0 the largest."""
    g = nx.MultiDiGraph(nx.disjoint_union(nx.complete_graph(5, nx.DiGraph),
                                          nx.complete_graph(3, nx.DiGraph)))
    first, second = m.communities(g, seed=3), m.communities(g, seed=3)
    sizes = [list(first.values()).count(c) for c in sorted(set(first.values()))]
    assert (first, [5, 3]) == (second, sizes)


def _naive_brokerage(d: nx.DiGraph, groups: dict) -> dict:
    out = {}
    for v in d:
        roles = dict.fromkeys(m.ROLES, 0)
        for a in d.predecessors(v):
            for c in d.successors(v):
                if a == c or d.has_edge(a, c):
                    continue
                same = (groups[a] == groups[v], groups[v] == groups[c], groups[a] == groups[c])
                role = {(True, True, True): "coordinator", (False, False, True): "itinerant",
                        (True, False, False): "representative", (False, True, False): "gatekeeper",
                        (False, False, False): "liaison"}[same]
                roles[role] += 1
        out[v] = roles
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_brokerage_equals_the_definition(seed: int) -> None:
    """Brokerage counts equal a direct count of open two-paths a -> v -> c by group."""
    g = _random_multigraph(seed, p=0.15)
    rng = random.Random(seed)
    groups = {n: rng.choice("xyz") for n in sorted(g)}
    assert _naive_brokerage(m.project(g).digraph(), groups) == m.brokerage(g, groups)


def test_brokerage_roles_textbook() -> None:
    """One two-path per role: the middle agent gets the role its groups make."""
    cases = {("x", "x", "x"): "coordinator", ("x", "y", "x"): "itinerant",
             ("x", "x", "y"): "representative", ("x", "y", "y"): "gatekeeper",
             ("x", "y", "z"): "liaison"}
    got = {}
    for (ga, gv, gc), role in cases.items():
        roles = m.brokerage(nx.MultiDiGraph([("a", "v"), ("v", "c")]), {"a": ga, "v": gv, "c": gc})
        got[role] = [r for r, n in roles["v"].items() if n]
    assert {role: [role] for role in cases.values()} == got


def test_closed_triad_is_no_brokerage() -> None:
    """a -> v -> c with a -> c as well is not brokered by v."""
    g = nx.MultiDiGraph([("a", "v"), ("v", "c"), ("a", "c")])
    assert 0 == sum(m.brokerage(g, dict.fromkeys("avc", 1))["v"].values())


def test_node_measures_row_has_every_field(built_store: Store) -> None:
    """Each row of the sample has the contract's fields; brokerage has the five roles."""
    rows = m.node_measures(build_network(built_store))
    assert ({"iri", "label", "kind", "country", "in_degree", "out_degree", "in_strength",
             "out_strength", "pagerank", "betweenness", "core", "community", "brokerage"},
            set(m.ROLES)) == (set(rows[0]), set(rows[0]["brokerage"]))


def test_sample_ranking_stalin_first_shtykov_brokers(built_store: Store) -> None:
    """On the sample Stalin has the highest PageRank and Shtykov the highest betweenness."""
    rows = m.node_measures(build_network(built_store))
    assert (ID + "stalin", ID + "shtykov") == (m.top(rows, 1)[0]["iri"],
                                              m.top(rows, 1, by="betweenness")[0]["iri"])


def test_stalin_in_strength_counts_two_copies(built_store: Store) -> None:
    """Stalin's in-strength on the circulation layer is 2 (two copies), in-degree 1."""
    rows = m.node_measures(build_network(built_store, ["circulation"]))
    stalin = next(r for r in rows if r["iri"] == ID + "stalin")
    assert (1, 2.0) == (stalin["in_degree"], stalin["in_strength"])


def test_top_rejects_an_unknown_measure() -> None:
    """Ranking by a measure that does not exist is an error."""
    with pytest.raises(ValueError, match="cannot rank by"):
        m.top([], 1, by="fame")
