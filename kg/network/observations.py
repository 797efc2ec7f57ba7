"""Measures back into the graph: one RDF observation per agent, measure and slice.

The observations go to their own named graph (``graph/measures``, see
:func:`kg.pipeline.special_graphs`), so SPARQL can ask "Stalin's PageRank, month by
month"::

    SELECT ?start ?value WHERE {
      ?o a cw:MeasureObservation ; cw:measuredAgent person:stalin ;
         cw:measure "pagerank" ; cw:measureValue ?value ; cw:sliceStart ?start }

Shape of the data (terms in ``ontology/cw.ttl``)::

    obs:…  a cw:MeasureObservation ; cw:measuredAgent person:stalin ;
           cw:measure "pagerank" ; cw:measureValue 0.21 ;
           cw:layer "authorial", "transmission" ;          # the layers measured
           cw:sliceStart "1950-10-01"^^xsd:date ; cw:sliceEnd …   # when sliced
           prov:wasGeneratedBy analysis:… .
    analysis:… a cw:NetworkAnalysis ; cw:algorithm "igraph PRPACK PageRank" ;
           cw:parameters "{\\"damping\\": 0.85, ...}" ;     # JSON
           cw:networkDigest "…" ;                           # the edges measured (the build)
           prov:startedAtTime … .

IRIs are deterministic: an analysis is named by its measure, algorithm, parameters, layers,
slice and network digest, an observation by its analysis and agent, so writing the same
measures twice gives the same graph.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import networkx as nx
import pyoxigraph as ox
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from kg.iris import Minter, default_minter, part_hash
from kg.namespace import CW
from kg.network.measures import DAMPING, RESOLUTION, ROLES
from kg.query.engine import PROLOGUE
from kg.store import Store

if TYPE_CHECKING:  # analysis imports this module
    from kg.network.analysis import Analysis

__all__ = ["ALGORITHMS", "network_digest", "observations_graph", "write_observations", "save_measures",
           "read_observations"]

PROV = Namespace("http://www.w3.org/ns/prov#")

#: measure -> (algorithm, parameters); brokerage roles are ``brokerage_<role>``
ALGORITHMS: dict[str, tuple[str, dict]] = {
    "in_degree": ("message edges into the agent (networkx in_degree on the multigraph)", {}),
    "out_degree": ("message edges out of the agent (networkx out_degree on the multigraph)", {}),
    "in_strength": ("summed weights of edges in (copies for circulation, else 1)", {}),
    "out_strength": ("summed weights of edges out (copies for circulation, else 1)", {}),
    "pagerank": ("igraph PRPACK PageRank on the weighted simple digraph (networkx pagerank)",
                 {"damping": DAMPING, "weight": "summed edge weights"}),
    "betweenness": ("igraph Brandes betweenness on the unweighted simple digraph, normalised "
                    "1/((n-1)(n-2)) (networkx betweenness_centrality)", {}),
    "core": ("igraph coreness on the undirected simple graph (networkx core_number)", {}),
    "community": ("igraph community_multilevel (Louvain) on the undirected weighted graph, "
                  "communities numbered by size", {"resolution": RESOLUTION}),
    **{f"brokerage_{role}": (f"Gould-Fernandez brokerage, {role} role (sna brokerage); "
                             "groups: country, else community", {}) for role in ROLES},
}


def network_digest(graph: nx.MultiDiGraph) -> str:
    """SHA-256 of the sorted edges ``source target key weight``: the same edges give the same
    digest, whatever the build that made them.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", key="authorial:m", weight=1)
    >>> network_digest(g)[:12]
    '0cbc54832ce9'
    """
    lines = sorted(f"{u}\t{v}\t{k}\t{d.get('weight', 1)}"
                   for u, v, k, d in graph.edges(keys=True, data=True))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _values(row: dict) -> Iterable[tuple[str, float | int]]:
    for measure in ALGORITHMS:
        if measure.startswith("brokerage_"):
            yield measure, row["brokerage"][measure.removeprefix("brokerage_")]
        elif measure in row:
            yield measure, row[measure]


def observations_graph(rows: Iterable[dict], *, layers: Iterable[str], digest: str,
                       parameters: dict | None = None, minter: Minter | None = None,
                       started: datetime | None = None) -> Graph:
    """The observations of measure rows (from ``node_measures`` or ``slice_measures``: rows
    with ``start``/``end`` become sliced observations).

    Args:
        rows: measure rows, one per agent (and slice).
        layers: the layers the network was built from.
        digest: :func:`network_digest` of the network measured.
        parameters: extra parameters recorded on every analysis (``seed``, ``betweenness_k``,
            ``from``/``to`` dates...).
        minter: IRI minter (default: ``KG_BASE``).
        started: when the analysis ran (``prov:startedAtTime``), if it is to be recorded.
    """
    minter = minter or default_minter()
    layers = sorted(layers)
    extra = dict(parameters or {})
    g = Graph()
    g.bind("cw", str(CW._NS))
    g.bind("prov", str(PROV))
    analyses: set[URIRef] = set()
    for row in rows:
        start, end = row.get("start") or "", row.get("end") or ""
        for measure, value in _values(row):
            algorithm, params = ALGORITHMS[measure]
            params = {**params, **extra}
            key = (measure, algorithm, params, layers, start, end, digest)
            analysis = minter.iri("analysis", part_hash(*key, length=16))
            if analysis not in analyses:
                analyses.add(analysis)
                g.add((analysis, RDF.type, CW.NetworkAnalysis))
                g.add((analysis, CW.algorithm, Literal(algorithm)))
                g.add((analysis, CW.parameters, Literal(json.dumps(params, sort_keys=True))))
                g.add((analysis, CW.networkDigest, Literal(digest)))
                if started is not None:
                    g.add((analysis, PROV.startedAtTime, Literal(started, datatype=XSD.dateTime)))
            obs = minter.iri("observation", part_hash(str(analysis), row["iri"], length=16))
            g.add((obs, RDF.type, CW.MeasureObservation))
            g.add((obs, CW.measuredAgent, URIRef(row["iri"])))
            g.add((obs, CW.measure, Literal(measure)))
            kind = XSD.integer if isinstance(value, int) else XSD.double
            g.add((obs, CW.measureValue, Literal(value, datatype=kind)))
            for layer in layers:
                g.add((obs, CW.layer, Literal(layer)))
            if start:
                g.add((obs, CW.sliceStart, Literal(start, datatype=XSD.date)))
                g.add((obs, CW.sliceEnd, Literal(end, datatype=XSD.date)))
            g.add((obs, PROV.wasGeneratedBy, analysis))
    return g


def write_observations(store: Store, graph_iri: str | URIRef, observations: Graph) -> int:
    """Replace the measures graph with ``observations`` (one transaction); returns triples."""
    return store.replace_graph(graph_iri, observations)


_READ = """
SELECT ?agent ?measure ?value ?start ?end ?algorithm ?parameters WHERE {
  GRAPH <%s> {
    ?o a cw:MeasureObservation ; cw:measuredAgent ?agent ; cw:measure ?measure ;
       cw:measureValue ?value ; prov:wasGeneratedBy ?a .
    ?a cw:algorithm ?algorithm ; cw:parameters ?parameters .
    OPTIONAL { ?o cw:sliceStart ?start ; cw:sliceEnd ?end } } }
ORDER BY ?agent ?measure ?start"""


def read_observations(store: Store, graph_iri: str | URIRef) -> list[dict]:
    """The observations of the measures graph, by SPARQL: ``agent``, ``measure``, ``value``
    (int or float), ``start``, ``end`` (``""`` when not sliced), ``algorithm``, ``parameters``
    (a dict), sorted by agent, measure and slice."""
    rows = []
    solutions = store.query(PROLOGUE + _READ % graph_iri)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT query
    for sol in solutions:
        value = sol["value"]
        integer = value.datatype.value == str(XSD.integer)
        rows.append({"agent": sol["agent"].value, "measure": sol["measure"].value,
                     "value": int(value.value) if integer else float(value.value),
                     "start": sol["start"].value if sol["start"] is not None else "",
                     "end": sol["end"].value if sol["end"] is not None else "",
                     "algorithm": sol["algorithm"].value,
                     "parameters": json.loads(sol["parameters"].value)})
    return rows


def save_measures(store: Store, analysis: Analysis, *, seed: int | None = None,
                  betweenness_k: int | None = None,
                  minter: Minter | None = None) -> tuple[int, URIRef]:
    """Replace the store's measures graph with the observations of ``analysis``'s rows
    (``kg network --save``), recording the parameters and when the analysis ran.

    Returns:
        the number of triples written and the measures graph's IRI.
    """
    minter = minter or default_minter()
    figures = analysis.figures
    params = {"seed": seed, "betweenness_k": betweenness_k, "from": figures.get("start", ""),
              "to": figures.get("end", ""), "window": figures.get("window")}
    graph = observations_graph(analysis.rows, layers=figures["layers"], digest=figures["digest"],
                               parameters=params, minter=minter,
                               started=datetime.now(UTC).replace(microsecond=0))
    iri = minter.graph("measures")
    return write_observations(store, iri, graph), iri
