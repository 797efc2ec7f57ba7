"""Validation: SHACL shapes checked against the store.

``reference`` runs pySHACL (the reference engine); ``sparql`` compiles the shapes to SPARQL
and runs them inside Oxigraph (the default engine), giving exactly pySHACL's results. The
SPARQL engine is ``expressions`` (value-node tests), ``compiler`` (shapes to checks),
``runner`` (checks run in the store) and ``report`` (the report graph).
"""
