"""The rule-bearing axioms of an ontology, read and closed, for :mod:`kg.reason.materialize`.

:class:`Axioms` sorts every triple of the ontology into one of three piles: an axiom
a compiled OWL 2 RL rule covers (https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules:
``rdfs:subClassOf``, ``owl:equivalentClass``, ``rdfs:subPropertyOf``,
``owl:equivalentProperty``, ``rdfs:domain``, ``rdfs:range``, ``owl:inverseOf``,
``owl:propertyChainAxiom``, ``owl:SymmetricProperty``, ``owl:TransitiveProperty``), a
triple with no consequence for the instance data (declarations, annotations,
consistency checks such as ``owl:disjointWith``), or an axiom no compiled rule covers,
which raises :class:`~kg.errors.UnsupportedAxiomError`. The schema rules (``scm-*``)
are applied here once: class and property hierarchies closed transitively, domains and
ranges inherited by sub-properties and widened to superclasses.

Example:
    >>> from kg.validate.reference import load_ontology
    >>> axioms = Axioms(load_ontology())
    >>> axioms.stratified, len(axioms.chains) > 0
    (True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from kg.errors import UnsupportedAxiomError

__all__ = ["Axioms"]

#: Ontology predicates that carry no rule (declarations, annotations, metadata).
_NO_RULE_TYPES = frozenset({
    OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property,
    OWL.AnnotationProperty, OWL.Ontology, OWL.NamedIndividual, RDFS.Datatype,
    # consistency checks only: they report errors, they never add a triple
    OWL.AsymmetricProperty, OWL.IrreflexiveProperty, OWL.AllDisjointClasses,
    OWL.AllDisjointProperties, OWL.AllDifferent,
})
_NO_RULE_PREDICATES = frozenset({
    OWL.disjointWith, OWL.propertyDisjointWith, OWL.versionIRI, OWL.imports, OWL.versionInfo,
    OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith, OWL.deprecated,
    OWL.differentFrom, OWL.members, OWL.distinctMembers, RDF.first, RDF.rest,
})
_RULE_PREDICATES = frozenset({
    RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty,
    RDFS.domain, RDFS.range, OWL.inverseOf, OWL.propertyChainAxiom,
})
_RULE_TYPES = frozenset({OWL.SymmetricProperty, OWL.TransitiveProperty})
#: Namespaces of the schema vocabulary: a type from them without a rule is unsupported.
_SCHEMA_NAMESPACES = (str(RDF), str(RDFS), str(OWL))


def _closure(edges: dict[URIRef, set[URIRef]]) -> dict[URIRef, set[URIRef]]:
    """For every node, the nodes reachable over one or more ``edges`` (itself excluded)."""
    reach: dict[URIRef, set[URIRef]] = {}
    for start in edges:
        seen: set[URIRef] = set()
        todo = list(edges[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(edges.get(node, ()))
        seen.discard(start)
        reach[start] = seen
    return reach


@dataclass
class _Declared:
    """The rule-bearing axioms as the ontology states them, before any closure.

    Equivalences are read as subsumptions both ways (cax-eqc, prp-eqp); ``unsupported``
    lists the axioms no compiled rule covers.
    """

    subclass_of: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    subproperty_of: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    domains: set[tuple[URIRef, URIRef]] = field(default_factory=set)
    ranges: set[tuple[URIRef, URIRef]] = field(default_factory=set)
    inverses: set[tuple[URIRef, URIRef]] = field(default_factory=set)
    symmetric: set[URIRef] = field(default_factory=set)
    transitive: set[URIRef] = field(default_factory=set)
    chains: list[tuple[URIRef, list[URIRef]]] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, ontology: Graph) -> _Declared:
        """Sort every triple of ``ontology`` into a rule, no rule, or unsupported."""
        declared = cls()
        for s, p, o in sorted(ontology):
            if p == RDF.type:
                declared._read_type(s, o)
            elif p in _RULE_PREDICATES:
                if not declared._read_rule(ontology, s, p, o):
                    declared.unsupported.append(f"{s} {p} {o}")
            elif p not in _NO_RULE_PREDICATES and (
                    str(p).startswith(str(OWL)) or (isinstance(s, BNode) and str(p).startswith(str(RDFS)))):
                declared.unsupported.append(f"{s} {p} {o}")
        return declared

    def _read_type(self, s: Node, o: Node) -> None:
        """``s rdf:type o``: a symmetric or transitive property, a declaration, or unsupported."""
        if o in _RULE_TYPES and isinstance(s, URIRef):
            (self.symmetric if o == OWL.SymmetricProperty else self.transitive).add(s)
        elif o not in _NO_RULE_TYPES and str(o).startswith(_SCHEMA_NAMESPACES):
            self.unsupported.append(f"{s} a {o}")

    def _read_rule(self, ontology: Graph, s: Node, p: Node, o: Node) -> bool:
        """Record an axiom of :data:`_RULE_PREDICATES`; ``False``: not compiled (a class
        expression, an anonymous property, a chain of anything but named properties)."""
        if not isinstance(s, URIRef):
            return False
        if p == OWL.propertyChainAxiom:
            items = list(Collection(ontology, o))
            links = [x for x in items if isinstance(x, URIRef)]
            if items and len(links) == len(items):
                self.chains.append((s, links))
                return True
            return False
        if not isinstance(o, URIRef):
            return False
        if p in (RDFS.subClassOf, OWL.equivalentClass):
            _link(self.subclass_of, s, o, both_ways=p == OWL.equivalentClass)
        elif p in (RDFS.subPropertyOf, OWL.equivalentProperty):
            _link(self.subproperty_of, s, o, both_ways=p == OWL.equivalentProperty)
        elif p == RDFS.domain:
            self.domains.add((s, o))
        elif p == RDFS.range:
            self.ranges.add((s, o))
        else:  # owl:inverseOf
            self.inverses.add((s, o))
        return True


def _link(edges: dict[URIRef, set[URIRef]], a: URIRef, b: URIRef, *, both_ways: bool) -> None:
    """Add the edge ``a -> b`` (and ``b -> a``)."""
    edges.setdefault(a, set()).add(b)
    if both_ways:
        edges.setdefault(b, set()).add(a)


def _inverse(mapping: dict[URIRef, set[URIRef]]) -> dict[URIRef, set[URIRef]]:
    """``b -> {a, ...}`` for every ``a -> {b, ...}`` of ``mapping``."""
    out: dict[URIRef, set[URIRef]] = {}
    for a, bs in mapping.items():
        for b in bs:
            out.setdefault(b, set()).add(a)
    return out


class Axioms:
    """The rule-bearing axioms of an ontology, with the schema closures precomputed.

    Raises:
        UnsupportedAxiomError: an axiom no compiled rule covers.
    """

    def __init__(self, ontology: Graph) -> None:
        declared = _Declared.read(ontology)
        if declared.unsupported:
            raise UnsupportedAxiomError(
                "axioms without a compiled OWL 2 RL rule (use kg.reason.reference instead): "
                + "; ".join(declared.unsupported)
            )
        self.inverses = declared.inverses
        self.symmetric = declared.symmetric
        self.transitive = declared.transitive
        self.chains = declared.chains
        self.superclasses = _closure(declared.subclass_of)  # scm-sco
        self.superproperties = _closure(declared.subproperty_of)  # scm-spo
        subproperties = _inverse(self.superproperties)
        # scm-dom1/2 and scm-rng1/2: a sub-property inherits the domain, the domain's
        # superclasses are implied at once (fewer rounds; the same fixed point)
        self.domains = self._inherit(declared.domains, subproperties)
        self.ranges = self._inherit(declared.ranges, subproperties)
        used = {*self.superproperties, *subproperties, *self.symmetric, *self.transitive,
                *(p for pair in self.inverses for p in pair), *(p for _, ps in self.chains for p in ps),
                *(p for p, _ in self.chains)}
        #: No property rule reads or writes rdf:type or owl:sameAs: the typing rules can
        #: run once after the property rules, and without owl:sameAs in the data the
        #: equality rules have nothing to do (see :func:`materialize`).
        self.stratified = not ({RDF.type, OWL.sameAs} & used)

    def _inherit(self, axioms: set[tuple[URIRef, URIRef]],
                 subproperties: dict[URIRef, set[URIRef]]) -> list[tuple[URIRef, URIRef]]:
        out: set[tuple[URIRef, URIRef]] = set()
        for prop, cls in axioms:
            for p in {prop, *subproperties.get(prop, ())}:
                for c in {cls, *self.superclasses.get(cls, ())}:
                    out.add((p, c))
        return sorted(out)
