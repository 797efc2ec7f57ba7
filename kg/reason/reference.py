"""OWL 2 RL inference over the ``cw:`` ontology, as a pure function.

:func:`infer` runs the owlrl forward-chaining closure (OWL 2 RL/RDF rules,
https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules)
on a *copy* of the asserted triples plus the ontology, and returns only the
triples the closure added that are worth storing in the inferred graph:

* ``cw:wroteTo`` / ``cw:correspondedWith`` from the sender, author and
  addressee roles (property chains and a symmetric property);
* ``cw:relayedBy``, ``cw:transmittedVia``, ``cw:sent``, ``cw:authored``
  (chains and inverses);
* the one-way alignments: ``schema:sender``, ``rico:hasAddressee``,
  ``rdf:type schema:Message`` and so on.

Neither input graph is modified. The output never contains a triple of either
input.

**External ``owl:sameAs`` links are not smushed.** Before the closure, every
``owl:sameAs`` triple whose subject or object lies outside the instance base
(``https://w3id.org/cwkg/id/`` by default; e.g. ``person:stalin owl:sameAs
wd:Q855``) is dropped from the working copy. Such links point at authorities;
they are not statements that two of our nodes are one. Left in, OWL RL rule
``eq-rep-s`` would copy every triple about the person onto the Wikidata IRI.
``owl:sameAs`` between two IRIs of the instance base (a retired IRI and its
replacement) is kept and smushed as OWL intends.

The output is filtered to instance-level facts: the subject is an IRI of the
instance base, a blank node, or another IRI that is a subject of the asserted
data; never an ontology term, an IRI in a vocabulary namespace (``cw:``,
``schema:``, ``rdf:``, ``owl:``, ...) or a literal. Reflexive ``owl:sameAs``,
``rdf:type`` towards ``owl:Thing`` / ``rdfs:Resource`` /
``owl:NamedIndividual`` (or any other class of the RDF, RDFS, OWL or XSD
namespaces) are dropped too.

Timing (owlrl 7.6.2, one core, carrier-plus-letter documents of ~30 triples):
about 0.4 s of fixed cost plus roughly 1.9 s per 1,000 asserted triples,
almost linear (34 triples: 0.5 s; 1,004: 2.3 s; 3,776: 7.8 s; 11,280: 21 s).
All of it is spent inside owlrl's rule loop. :func:`infer_batched` bounds
memory and allows re-inferring only changed documents; it is not faster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.namespace import CW_NS, PREFIXES

__all__ = ["DEFAULT_INSTANCE_BASE", "infer", "infer_batched"]

#: Default base of instance IRIs (``…/id/{kind}/{key}``), see ``STYLE.md``.
DEFAULT_INSTANCE_BASE = "https://w3id.org/cwkg/id/"

#: Namespaces whose IRIs are vocabulary (TBox) terms, never instance nodes.
_VOCAB_NAMESPACES: tuple[str, ...] = tuple(
    sorted(
        {
            *PREFIXES.values(),
            CW_NS,
            str(RDF),
            str(RDFS),
            str(OWL),
            str(XSD),
            "http://xmlns.com/foaf/0.1/",
            "http://www.w3.org/ns/shacl#",
            "http://purl.org/vocab/vann/",
        }
    )
)

#: Namespaces whose classes are never worth storing as an inferred rdf:type.
_META_NAMESPACES: tuple[str, ...] = (str(RDF), str(RDFS), str(OWL), str(XSD))

#: Annotation properties stripped from the ontology copy before the closure:
#: no OWL RL rule reads them, and owlrl would only add reflexive sameAs junk.
_ANNOTATIONS = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        SKOS.definition,
        SKOS.scopeNote,
        SKOS.editorialNote,
        SKOS.example,
        OWL.versionInfo,
    }
)


def _is_vocabulary(node: URIRef) -> bool:
    return str(node).startswith(_VOCAB_NAMESPACES)


def _is_external_link(triple: tuple, instance_base: str) -> bool:
    """Whether ``triple`` is an ``owl:sameAs`` leaving the instance base."""
    s, p, o = triple
    if p != OWL.sameAs:
        return False
    return any(isinstance(n, URIRef) and not str(n).startswith(instance_base) for n in (s, o))


def _tbox(ontology: Graph) -> Graph:
    """Copy of ``ontology`` without annotation triples (labels, definitions)."""
    tbox = Graph()
    for s, p, o in ontology:
        if p in _ANNOTATIONS or str(p).startswith(str(DCTERMS)):
            continue
        tbox.add((s, p, o))
    return tbox


def _instance_nodes(asserted: Graph, instance_base: str) -> set:
    """Nodes of the asserted data about which inferred triples may be kept."""
    nodes: set = set()
    for s, p, o in asserted:
        for n in (s, o) if p != RDF.type else (s,):
            if isinstance(n, BNode):
                nodes.add(n)
            elif isinstance(n, URIRef) and not _is_vocabulary(n):
                if n == s or str(n).startswith(instance_base):
                    nodes.add(n)
    return nodes


def _keep(triple: tuple, nodes: set, ontology_terms: set) -> bool:
    s, p, o = triple
    if isinstance(s, Literal) or s not in nodes or s in ontology_terms:
        return False
    if p == OWL.sameAs and s == o:
        return False
    if p == RDF.type and isinstance(o, URIRef) and str(o).startswith(_META_NAMESPACES):
        return False
    return True


def infer(
    asserted: Graph,
    ontology: Graph,
    *,
    instance_base: str = DEFAULT_INSTANCE_BASE,
) -> Graph:
    """Return the useful triples an OWL 2 RL closure adds to ``asserted``.

    Args:
        asserted: Instance triples (one document, a batch, or the whole
            store merged into one graph). Not modified.
        ontology: The ``cw:`` ontology (``kg.validate.reference.load_ontology()``), with
            ``alignments.ttl`` merged in if wanted. Not modified.
        instance_base: Base of instance IRIs; ``owl:sameAs`` links that leave
            it are ignored (see the module docstring).

    Returns:
        A new graph holding only inferred instance-level triples: none is in
        ``asserted`` or ``ontology``.

    Example:
        >>> from rdflib import Graph
        >>> from kg.validate.reference import load_ontology
        >>> data = Graph().parse(format="turtle", data='''
        ...     @prefix cw: <https://w3id.org/cwkg/ontology#> .
        ...     @prefix id: <https://w3id.org/cwkg/id/> .
        ...     id:m cw:sender id:a ; cw:addressee id:b .''')
        >>> from kg.namespace import CW
        >>> from rdflib import URIRef
        >>> a, b = (URIRef("https://w3id.org/cwkg/id/" + k) for k in "ab")
        >>> (a, CW.wroteTo, b) in infer(data, load_ontology())
        True
    """
    work = Graph()
    for triple in asserted:
        if not _is_external_link(triple, instance_base):
            work.add(triple)
    nodes = _instance_nodes(work, instance_base)
    tbox = _tbox(ontology)
    for triple in tbox:
        work.add(triple)

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)

    ontology_terms = set(ontology.subjects())
    inferred = Graph()
    for prefix, namespace in PREFIXES.items():
        inferred.bind(prefix, namespace)
    for triple in work:
        if triple in asserted or triple in tbox or triple in ontology:
            continue
        if _keep(triple, nodes, ontology_terms):
            inferred.add(triple)
    return inferred


def infer_batched(
    graphs: Iterable[Graph],
    ontology: Graph,
    batch_size: int = 200,
    *,
    instance_base: str = DEFAULT_INSTANCE_BASE,
) -> Iterator[Graph]:
    """Run :func:`infer` on batches of documents; yield one result per batch.

    The rules of this ontology only join triples of one document (a message,
    its carrier and their roles); shared nodes such as persons carry only
    labels. Closing ``batch_size`` documents at a time therefore gives the
    same union as one closure over the whole store, with memory bounded by the
    batch (owlrl's time is near linear either way; each batch adds ~0.4 s of
    fixed cost). A triple inferred in two batches (e.g. one ``wroteTo`` edge
    from two letters) is yielded by both; adding the results to one graph
    removes the duplicates.

    Args:
        graphs: One graph per source document (e.g. the named graphs of the
            store).
        ontology: The ``cw:`` ontology.
        batch_size: Number of documents merged into one closure.
        instance_base: See :func:`infer`.

    Yields:
        The inferred triples of each batch, in input order.

    Raises:
        ValueError: If ``batch_size`` is smaller than 1.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    batch = Graph()
    count = 0
    for graph in graphs:
        for triple in graph:
            batch.add(triple)
        count += 1
        if count == batch_size:
            yield infer(batch, ontology, instance_base=instance_base)
            batch, count = Graph(), 0
    if count:
        yield infer(batch, ontology, instance_base=instance_base)
