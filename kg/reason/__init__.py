"""Reasoning: the ontology's OWL RL consequences in their own named graph.

``reference`` runs owlrl (the reference engine); ``materialize`` runs the same axioms as
SPARQL updates inside Oxigraph (the default engine), giving exactly owlrl's triples;
``axioms`` reads and closes the ontology's rule-bearing axioms for it.
"""
