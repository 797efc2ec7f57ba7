"""SHACL validation as SPARQL over the store: the bulk path next to :mod:`kg.validate.reference`.

pySHACL is the reference (:func:`kg.validate.reference.validate`); it validates about 3,000
triples/s. This module compiles the shapes graph into SPARQL SELECT queries, one
per (shape, constraint), runs them over the union of some named graphs of a
:class:`kg.store.Store` (Oxigraph) and builds the same
:class:`kg.validate.reference.ValidationResult`: the same issues (severity, focus, path,
component, shape, message, value) and an ``sh:ValidationReport`` graph with the
same result keys.

The queries are generated from the shapes graph, never written per shape:

* focus nodes (https://www.w3.org/TR/shacl/#targets): ``sh:targetNode``,
  ``sh:targetClass`` (with the ``rdfs:subClassOf`` closure computed from the
  ontology graph, as pySHACL sees it through ``ont_graph``),
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``;
* value nodes: a predicate ``sh:path`` of a property shape, or the focus node
  of a node shape;
* constraints (https://www.w3.org/TR/shacl/#core-components):
  ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``,
  ``sh:nodeKind``, ``sh:minInclusive``/``minExclusive``/``maxInclusive``/
  ``maxExclusive``, ``sh:lessThanOrEquals``, ``sh:pattern`` (``sh:flags``),
  ``sh:or``/``sh:and``/``sh:xone``/``sh:not``/``sh:node`` over nested shapes,
  ``sh:property``, and node-level SHACL-SPARQL ``sh:sparql`` SELECT constraints
  with ``$this`` and ``{?var}`` message templates
  (https://www.w3.org/TR/shacl/#sparql-constraints).

Anything else raises :class:`NotImplementedError` naming the parameter, so a new
shape is never silently ignored.

Exactness. Counting, node kinds, classes and logical combinations are decided
in SPARQL. Two things are decided the way pySHACL decides them, in Python, for
the few rows SPARQL cannot settle: whether a literal is well-formed for its
datatype (pySHACL asks rdflib, whose parsers are laxer than Oxigraph's: rdflib
accepts ``"1e3"^^xsd:decimal``, never flags ``xsd:gYear``) and value comparisons
(pySHACL orders incomparable literals by datatype IRI, as rdflib does, where the
SHACL spec reports a result). The SPARQL filter keeps every row it cannot prove
conforming (an ASCII-digit ``xsd:integer`` compared with an integer bound, a
well-formed ``YYYY-MM-DD`` date, ...); those rows are re-checked with pySHACL's
own rules on rdflib terms.

The work is done in three modules: :mod:`kg.validate.compiler` (the shapes as
:class:`CompiledCheck` queries, :func:`compile_shapes`), :mod:`kg.validate.runner`
(running them in the store, :func:`validate_store_sparql`) and
:mod:`kg.validate.report` (the results and the report graph); the value-node tests
and pySHACL's own rules live in :mod:`kg.validate.expressions`. This module gathers
the public names.
"""

from kg.validate.compiler import CompiledCheck, compile_shapes
from kg.validate.runner import validate_store_sparql

__all__ = ["CompiledCheck", "compile_shapes", "validate_store_sparql"]
