"""Correspondence networks: store -> networkx multigraph -> measures -> RDF observations.

One topic per module, networkx-style:

* :mod:`kg.network.layers`: the layers read by SPARQL (``build_network``);
* :mod:`kg.network.measures`: degree, strength, PageRank, betweenness, k-core,
  communities, brokerage, reciprocity (``node_measures``);
* :mod:`kg.network.paths`: relay paths and ego networks;
* :mod:`kg.network.slices`: time slices and a person's measures over time;
* :mod:`kg.network.latency`: how long telegrams took (sent, received, deciphered);
* :mod:`kg.network.observations`: the measures as RDF observations in their own graph;
* :mod:`kg.network.countries`: readable names of the states agents act for.
"""

from kg.network.layers import LAYERS, build_network, find_agent
from kg.network.measures import graph_measures, node_measures, top

__all__ = ["LAYERS", "build_network", "find_agent", "node_measures",
           "graph_measures", "top"]
