"""Validation: SHACL shapes checked against the store.

``reference`` runs pySHACL (the reference engine); ``sparql`` compiles the shapes to SPARQL
and runs them inside Oxigraph (the default engine), giving exactly pySHACL's results.
"""
