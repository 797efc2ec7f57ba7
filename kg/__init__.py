"""coldwar-kg: a knowledge graph of Cold War correspondence.

Data flows one way: sources -> records -> triples -> store -> {validate, reason, query,
network, publish, serve}; one package per stage (see docs/architecture.md).
"""

__version__ = "0.1.0"
