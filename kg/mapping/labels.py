"""One preferred name for every agent and place that no authority table knows.

A record names an unknown person, body or place as it prints it, and the mapping keeps
that form as ``rdfs:label`` in the record's own graph (``Koca Popović`` in one volume,
``Koca Popovic`` in another; both mint ``person:koca-popovic``). Putting each record's
form in ``skos:prefLabel`` would give such an agent several preferred names once the
records meet in the store, which SKOS forbids (S14) and the shapes report. So the
preferred name is chosen here, over the whole store, and written to its own named graph
(``…/id/graph/labels``), which is rebuilt after every build:

* ``skos:prefLabel``: the form printed in the most records; ties go to the form with
  more non-ASCII letters (diacritics kept: ``Popović``), then the longer, then the first
  in code-point order — a pure function of the store, so a re-run gives the same graph;
* ``skos:altLabel``: every other printed form.

Agents and places of the authority graph keep the curated ``skos:prefLabel`` and are
not touched.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.namespace import CW, PREFIXES
from kg.store import Store

__all__ = ["MINTED_LABELS", "preferred", "labels_graph", "consolidate_labels"]

MINTED_LABELS = f"""
PREFIX rdfs: <{PREFIXES['rdfs']}>
PREFIX skos: <{PREFIXES['skos']}>
SELECT ?x ?label (COUNT(DISTINCT ?g) AS ?n) WHERE {{
  GRAPH ?g {{ ?g a <{CW.SourceGraph}> . ?x rdfs:label ?label ; a ?class . }}
  VALUES ?class {{ <{CW.Person}> <{CW.Organization}> <{CW.Place}> }}
  FILTER NOT EXISTS {{ GRAPH <%s> {{ ?x skos:prefLabel ?curated }} }}
}} GROUP BY ?x ?label
"""


def preferred(counts: dict[str, int]) -> str:
    """The preferred one of several printed forms with the number of records printing each.

    >>> preferred({"Koca Popovic": 21, "Koca Popović": 7})
    'Koca Popovic'
    >>> preferred({"Debre": 1, "Debré": 1})
    'Debré'
    >>> preferred({"M.G.L. Joy": 1, "M. G. L. Joy": 1})
    'M. G. L. Joy'
    """
    return min(counts, key=lambda s: (-counts[s], -sum(ord(c) > 127 for c in s), -len(s), s))


def labels_graph(store: Store, authority_graph: URIRef | str) -> Graph:
    """The preferred and alternative labels of every minted agent and place in ``store``."""
    forms: dict[str, dict[str, int]] = defaultdict(dict)
    solutions = store.query(MINTED_LABELS % authority_graph)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT query
    for row in solutions:
        forms[row["x"].value][row["label"].value] = int(row["n"].value)
    g = Graph()
    for iri, counts in forms.items():
        pref = preferred(counts)
        g.add((URIRef(iri), SKOS.prefLabel, Literal(pref)))
        for other in counts:
            if other != pref:
                g.add((URIRef(iri), SKOS.altLabel, Literal(other)))
    return g


def consolidate_labels(store: Store, graph: URIRef | str, authority_graph: URIRef | str) -> int:
    """Rewrite the labels graph ``graph`` from the store (atomically); returns its size."""
    return store.replace_graph(graph, labels_graph(store, authority_graph))
