"""coldwar-kg: a knowledge graph of Cold War correspondence.

Data flows one way: sources -> records -> triples -> store -> {query, validate,
reason, network, export}. See README.md for the architecture.
"""

__version__ = "0.1.0"
