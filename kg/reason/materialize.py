"""OWL 2 RL materialisation of the ``cw:`` ontology as SPARQL updates inside Oxigraph.

:mod:`kg.reason.reference` (owlrl) is the reference: it closes about 1,300 triples per
second in Python. This module is the bulk path. :func:`compile_rules` reads the
ontology's axioms and writes one SPARQL 1.1 ``INSERT ... WHERE`` per OWL 2 RL rule
kind (https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules);
:func:`materialize` runs them to a fixed point in Oxigraph and writes the same
triples :func:`kg.reason.reference.infer` would keep, filtered by the same rules.

Rules compiled (the axioms are read from the ontology, never written per property):

========== =============================== ==========================================
rule       axiom                           derives
========== =============================== ==========================================
cax-sco    ``rdfs:subClassOf`` (closed      ``x a D`` from ``x a C``, C ⊑⁺ D
           transitively, scm-sco;
           ``owl:equivalentClass`` both
           ways, cax-eqc)
prp-spo1   ``rdfs:subPropertyOf`` (closed   ``x q y`` from ``x p y``, p ⊑⁺ q
           transitively, scm-spo;
           ``owl:equivalentProperty``)
prp-dom    ``rdfs:domain`` (scm-dom1/2)     ``x a C`` from ``x p y``
prp-rng    ``rdfs:range`` (scm-rng1/2)      ``y a C`` from ``x p y`` (y not a literal)
prp-inv1/2 ``owl:inverseOf``                ``y q x`` from ``x p y`` and back
prp-symp   ``owl:SymmetricProperty``        ``y p x`` from ``x p y``
prp-trp    ``owl:TransitiveProperty``       ``x p z`` from ``x p y``, ``y p z``
prp-spo2   ``owl:propertyChainAxiom``       ``u0 p un`` from a chain of any length
eq-sym,    ``owl:sameAs`` in the data,      symmetry, transitivity, replacement in
eq-trans,  between nodes of the instance    subject, predicate and object position
eq-rep-*   base only
========== =============================== ==========================================

Rule kinds whose only consequence is an inconsistency report (``cax-dw``,
``prp-asyp``, ``prp-irp``, ``prp-pdw``, ...) derive nothing and are skipped. An
axiom this compiler does not translate (a functional property, a restriction,
``owl:hasKey``, ...) raises :class:`UnsupportedAxiomError` rather than silently
giving fewer triples than owlrl. ``eq-ref`` (``x owl:sameAs x``), the ``dt-*``
typing of literals and every TBox triple (``scm-*``) are not materialised:
:func:`kg.reason.reference.infer` drops them.

How :func:`materialize` runs:

1. the triples of the source and extra graphs are copied into one graph of a
   scratch in-memory Oxigraph store, without the ``owl:sameAs`` links that leave
   the instance base (as :func:`kg.reason.reference.infer` drops them before the closure:
   they are links to authorities, never smushed);
2. the rules read and extend that graph until a round adds nothing. When no
   property rule touches ``rdf:type`` or ``owl:sameAs`` (true of ``cw.ttl``) the
   rules run in strata: the property rules to their fixed point, then the typing
   rules once (their class lists are closed under ``rdfs:subClassOf`` already);
   the equality rules only run, with everything else to a common fixed point,
   when the data holds an ``owl:sameAs`` between two nodes of the instance base.
   The scratch store is used because ``INSERT ... WHERE`` on the on-disk
   (RocksDB) store is 10 to 20 times slower;
3. the triples :func:`kg.reason.reference.infer` keeps replace the inferred graph of the
   store: not asserted, about an instance node (an IRI of the instance base or
   another non-vocabulary IRI that is the subject of an asserted triple, or a
   blank node of the data), never about an ontology term, never a reflexive
   ``owl:sameAs`` or a type of the RDF, RDFS, OWL or XSD namespaces. The
   replacement, with the marker ``<inferred> a cw:InferredGraph`` when asked
   for, is one transaction (:func:`replace_inferred`): a reader, or the store
   reopened after a crash, sees the old inferred graph or the new complete one,
   never a part or a graph without its marker.

The result equals the owlrl closure of :func:`kg.reason.reference.infer` over the same
triples (``tests/test_materialize.py`` checks it on the sample, the corpus, the
held-out records and random graphs). Unlike
:func:`kg.pipeline.reason_store`, which closes documents in batches of 200,
the closure is one pass over all graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.errors import StoreError
from kg.namespace import CW
from kg.reason.axioms import Axioms
from kg.reason.reference import _META_NAMESPACES, _VOCAB_NAMESPACES, DEFAULT_INSTANCE_BASE
from kg.store import Store

__all__ = ["compile_rules", "materialize", "replace_inferred", "is_marked", "DEFAULT_TARGET"]

#: Graph the rules write to when :func:`compile_rules` is not told otherwise.
DEFAULT_TARGET = "https://w3id.org/cwkg/id/graph/inferred"

_TYPE = f"<{RDF.type}>"
_SAME = f"<{OWL.sameAs}>"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_SAME_NODE = ox.NamedNode(str(OWL.sameAs))
_TYPE_NODE = ox.NamedNode(str(RDF.type))
_MARKER_CLASS = ox.NamedNode(str(CW.InferredGraph))
#: The graph of the scratch store where the rules run.
_WORK = ox.NamedNode("urn:x-cwkg:materialize")
#: The custom SPARQL function through which :func:`replace_inferred`'s update reads its triples:
#: ``row(i, k)`` is term ``k`` (0 subject, 1 predicate, 2 object) of the ``i``-th triple.
_ROW = ox.NamedNode("urn:x-cwkg:row")
#: A graph that exists only inside :func:`replace_inferred`'s update, when its check passes.
_CHECK = ox.NamedNode("urn:x-cwkg:check")


def _iri(node: URIRef) -> str:
    return f"<{node}>"


def _string(value: str) -> str:
    """``value`` as a SPARQL string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _pairs(mapping: dict[URIRef, set[URIRef]]) -> list[tuple[URIRef, URIRef]]:
    return sorted((a, b) for a, bs in mapping.items() for b in bs)


def _values(names: str, rows: Sequence[tuple[URIRef, ...]]) -> str:
    body = " ".join("(" + " ".join(_iri(t) for t in row) + ")" for row in rows)
    return f"VALUES ({names}) {{ {body} }}"


def _external(var: str, instance_base: str) -> str:
    """SPARQL test: ``var`` is an IRI outside the instance base."""
    return f"(isIRI({var}) && !STRSTARTS(STR({var}), {_string(instance_base)}))"


def _compile(
    axioms: Axioms, target: str, reads: Sequence[str] | None, instance_base: str
) -> tuple[list[str], list[str], list[str]]:
    """The equality, property and typing rules, as SPARQL updates."""
    using = " ".join(f"USING <{g}>" for g in (reads if reads is not None else [target]))

    def external(var: str) -> str:
        return _external(var, instance_base)

    def update(comment: str, template: str, pattern: str) -> str:
        return f"# {comment}\nINSERT {{ GRAPH <{target}> {{ {template} }} }}\n{using}\nWHERE {{ {pattern} }}"

    link = f"?x {_SAME} ?y . FILTER (?x != ?y && !{external('?x')} && !{external('?y')})"
    equality = [
        update("eq-sym: owl:sameAs is symmetric", f"?y {_SAME} ?x", link),
        update("eq-trans: owl:sameAs is transitive", f"?x {_SAME} ?z",
               f"{link} ?y {_SAME} ?z . FILTER (!{external('?z')})"),
        update("eq-rep-s: a subject's triples hold of its equals", "?y ?p ?o",
               f"{link} ?x ?p ?o . FILTER (!(?p = {_SAME} && {external('?o')}))"),
        update("eq-rep-p: a property's triples hold of its equals", "?s ?y ?o", f"{link} ?s ?x ?o ."),
        update("eq-rep-o: an object's triples hold of its equals", "?s ?p ?y",
               f"{link} ?s ?p ?x . FILTER (!(?p = {_SAME} && {external('?s')}))"),
    ]
    properties = []
    if axioms.inverses:
        pairs = sorted({*axioms.inverses, *((q, p) for p, q in axioms.inverses)})
        properties.append(update("prp-inv1/prp-inv2: owl:inverseOf", "?y ?q ?x",
                                 f"{_values('?p ?q', pairs)} ?x ?p ?y . FILTER (!isLiteral(?y))"))
    for prop, links in axioms.chains:
        steps = " . ".join(f"?u{i} {_iri(p)} ?u{i + 1}" for i, p in enumerate(links))
        properties.append(update(f"prp-spo2: {prop} owl:propertyChainAxiom ({' '.join(links)})",
                                 f"?u0 {_iri(prop)} ?u{len(links)}", f"{steps} ."))
    if axioms.superproperties:
        properties.append(update("prp-spo1: rdfs:subPropertyOf, closed transitively (scm-spo)", "?x ?q ?y",
                                 f"{_values('?p ?q', _pairs(axioms.superproperties))} ?x ?p ?y ."))
    if axioms.symmetric:
        rows = [(p,) for p in sorted(axioms.symmetric)]
        properties.append(update("prp-symp: owl:SymmetricProperty", "?y ?p ?x",
                                 f"{_values('?p', rows)} ?x ?p ?y . FILTER (!isLiteral(?y))"))
    if axioms.transitive:
        rows = [(p,) for p in sorted(axioms.transitive)]
        properties.append(update("prp-trp: owl:TransitiveProperty", "?x ?p ?z",
                                 f"{_values('?p', rows)} ?x ?p ?y . ?y ?p ?z ."))
    typing = []
    if axioms.domains:
        typing.append(update("prp-dom: rdfs:domain, with scm-dom1/scm-dom2", f"?x {_TYPE} ?c",
                             f"{_values('?p ?c', axioms.domains)} ?x ?p ?y ."))
    if axioms.ranges:
        typing.append(update("prp-rng: rdfs:range, with scm-rng1/scm-rng2", f"?y {_TYPE} ?c",
                             f"{_values('?p ?c', axioms.ranges)} ?x ?p ?y . FILTER (!isLiteral(?y))"))
    if axioms.superclasses:
        typing.append(update("cax-sco: rdfs:subClassOf, closed transitively (scm-sco)", f"?x {_TYPE} ?d",
                             f"{_values('?c ?d', _pairs(axioms.superclasses))} ?x {_TYPE} ?c ."))
    return equality, properties, typing


def compile_rules(
    ontology: Graph,
    *,
    target: str = DEFAULT_TARGET,
    reads: Sequence[str] | None = None,
    instance_base: str = DEFAULT_INSTANCE_BASE,
) -> list[str]:
    """Translate the ontology's axioms into SPARQL 1.1 updates, one per OWL 2 RL rule kind.

    Every update is a single ``INSERT { GRAPH <target> { ... } } USING <g> ... WHERE
    { ... }``: it reads the merge of the ``reads`` graphs and adds what one
    application of the rule derives to ``target``. Running the list until no
    update adds a triple gives the instance-level OWL 2 RL closure (see the module
    docstring for the rules and what is left out).

    Args:
        ontology: The ``cw:`` ontology (``kg.validate.reference.load_ontology()``).
        target: IRI of the graph the updates insert into.
        reads: IRIs of the graphs the updates read (``USING``); default: ``target``
            only. Include ``target`` to reach a fixed point.
        instance_base: ``owl:sameAs`` links with an IRI outside it are not used
            for equality reasoning (see :mod:`kg.reason.reference`).

    Returns:
        The updates, each headed by a comment naming its rule: equality rules,
        then property rules, then typing rules.

    Raises:
        UnsupportedAxiomError: The ontology holds an axiom with consequences no
            compiled rule covers (a functional property, a restriction, a key ...).

    Example:
        >>> from kg.validate.reference import load_ontology
        >>> rules = compile_rules(load_ontology(), target="urn:x:inferred")
        >>> [rule.split(":", 1)[0] for rule in rules][4:7]
        ['# eq-rep-o', '# prp-inv1/prp-inv2', '# prp-spo2']
        >>> rules[-1].splitlines()[2]
        'USING <urn:x:inferred>'
    """
    equality, properties, typing = _compile(Axioms(ontology), target, reads, instance_base)
    return [*equality, *properties, *typing]


def _count(db: ox.Store, graph: ox.NamedNode) -> int:
    return sum(1 for _ in db.quads_for_pattern(None, None, None, graph))


def _fixed_point(db: ox.Store, rules: list[str], graph: ox.NamedNode) -> None:
    """Run ``rules`` in rounds until a round adds nothing to ``graph``."""
    before, after = -1, _count(db, graph)
    while rules and before != after:
        for rule in rules:
            db.update(rule)
        before, after = after, _count(db, graph)


def materialize(store: Store, ontology: Graph, source_graphs: list[str], extra_graphs: list[str],
                inferred_graph: str, instance_base: str = DEFAULT_INSTANCE_BASE, *,
                marked: bool = False) -> int:
    """Close ``source_graphs`` + ``extra_graphs`` under the ontology with SPARQL updates.

    Replaces ``inferred_graph`` with the triples :func:`kg.reason.reference.infer` would
    return for the merge of those graphs (the same rules, the same filters), plus the
    marker ``<inferred_graph> a cw:InferredGraph`` when ``marked``. Blank nodes keep their
    identity. The closure runs in a scratch in-memory store, in strata when the ontology
    allows (see the module docstring). The inferred graph and its marker are replaced in
    one transaction (:func:`replace_inferred`): a reader, or the store reopened after a
    crash, sees the old graph or the new one, never a part of it.

    Args:
        store: The store holding the graphs; the inferred graph is written to it.
        ontology: The ``cw:`` ontology, compiled with :func:`compile_rules`.
        source_graphs: IRIs of the graphs of the source records.
        extra_graphs: Further asserted graphs (the authority graph): read, never
            written to, their triples never repeated in the inferred graph.
        inferred_graph: IRI of the graph to replace with the inferred triples.
        instance_base: Base of instance IRIs; ``owl:sameAs`` links leaving it are
            not smushed (see :mod:`kg.reason.reference`).
        marked: Also write the marker triple (what ``kg reason`` does; ``kg stats`` counts
            the inferences as complete only with it).

    Returns:
        The number of triples in the new inferred graph (the marker included).

    Raises:
        UnsupportedAxiomError: See :func:`compile_rules`.
        StoreError: See :func:`replace_inferred`.

    Example:
        >>> from rdflib import Graph
        >>> from kg.validate.reference import load_ontology
        >>> store = Store(None)
        >>> store.replace_graph("urn:x:doc", Graph().parse(format="turtle", data='''
        ...     @prefix cw: <https://w3id.org/cwkg/ontology#> .
        ...     @prefix id: <https://w3id.org/cwkg/id/> .
        ...     id:m cw:sender id:a ; cw:addressee id:b .'''))
        2
        >>> materialize(store, load_ontology(), ["urn:x:doc"], [], "urn:x:inferred") > 0
        True
        >>> bool(store.query('''ASK { GRAPH <urn:x:inferred> { <https://w3id.org/cwkg/id/a>
        ...     <https://w3id.org/cwkg/ontology#wroteTo> <https://w3id.org/cwkg/id/b> } }'''))
        True
    """
    axioms = Axioms(ontology)
    copy = _WorkingCopy.of(store, [*source_graphs, *extra_graphs], instance_base)
    copy.close(axioms, instance_base)
    return replace_inferred(store, inferred_graph, copy.inferred(ontology), marked=marked)


def replace_inferred(store: Store, inferred_graph: str, triples: Iterable[tuple[Term, Term, Term]], *,
                     marked: bool = True) -> int:
    """Replace the graph ``inferred_graph`` with ``triples`` (and its marker) in one transaction.

    When the graph exists, one SPARQL update drops it, inserts the triples and, when
    ``marked``, the marker ``<inferred_graph> a cw:InferredGraph``, then checks that the
    graph holds exactly as many triples as it was given, failing otherwise. Oxigraph runs an
    update in one transaction: a crash or a failure at any moment leaves the old graph as
    it was, or the new one is there whole with its marker. The triples never enter the
    update's text: it reads them by position through a custom function (:data:`_ROW`), so
    blank nodes keep their identity (``INSERT DATA`` would mint fresh ones) and no literal
    is pasted into SPARQL. When there is no such graph (after a build), the triples and the
    marker are added by one ``extend``, also one transaction, and several times faster.

    Args:
        store: The store to write to.
        inferred_graph: IRI of the graph to replace.
        triples: The new triples (a repeated one is written once).
        marked: Add the marker triple.

    Returns:
        The number of triples in the new graph, the marker included.

    Raises:
        StoreError: ``inferred_graph`` is not an IRI, or the update failed (a triple the
            store cannot hold, such as one with a literal subject): nothing was changed.

    Example:
        >>> store = Store(None)
        >>> a, p = ox.NamedNode("https://w3id.org/cwkg/id/a"), ox.NamedNode("urn:x:p")
        >>> replace_inferred(store, "urn:x:inferred", [(a, p, ox.BlankNode("e1"))])
        2
        >>> sorted(str(q.object) for q in store.quads(["urn:x:inferred"]))
        ['<https://w3id.org/cwkg/ontology#InferredGraph>', '_:e1']
    """
    try:
        node = ox.NamedNode(inferred_graph)
    except ValueError as exc:
        raise StoreError(f"{inferred_graph!r}: not an IRI for the inferred graph: {exc}") from exc
    rows = list(dict.fromkeys([*triples, *([(node, _TYPE_NODE, _MARKER_CLASS)] if marked else [])]))
    try:
        if store.has_graph(node.value):
            _replace_in_one_update(store, node, rows)
        else:  # nothing to replace: one transactional insert, several times faster
            store.oxigraph.extend([ox.Quad(s, p, o, node) for s, p, o in rows])  # type: ignore[arg-type]
    except (SyntaxError, OSError, ValueError, RuntimeError, TypeError) as exc:
        raise StoreError(f"cannot write the inferred graph {inferred_graph} ({len(rows)} triples; "
                         f"the store is unchanged): {exc}") from exc
    return len(rows)


def _replace_in_one_update(store: Store, node: ox.NamedNode, rows: list[tuple[Term, Term, Term]]) -> None:
    """Replace graph ``node`` with ``rows`` in one SPARQL update (see :func:`replace_inferred`)."""
    binds = " ".join(f"BIND({_ROW}(?i, {k}) AS ?{v})" for k, v in enumerate("spo"))
    update = (f"DROP SILENT GRAPH {node} ;\n"
              f"INSERT {{ GRAPH {node} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?i {{ "
              f"{' '.join(map(str, range(len(rows))))} }} {binds} }} ;\n"
              # the check graph exists only if every triple went in; dropping a missing graph fails
              f"INSERT {{ GRAPH {_CHECK} {{ {_CHECK} {_CHECK} {_CHECK} }} }} WHERE {{ "
              f"{{ SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }} }} "
              f"FILTER (?n = {len(rows)}) }} ;\n"
              f"DROP GRAPH {_CHECK}")

    def term(i: ox.Literal, k: ox.Literal) -> Term:
        return rows[int(i.value)][int(k.value)]

    store.oxigraph.update(update, custom_functions={_ROW: term})


def is_marked(store: Store, inferred_graph: str) -> bool:
    """Whether ``inferred_graph`` holds its marker ``<inferred_graph> a cw:InferredGraph``: then
    it is the whole of what one run inferred (:func:`replace_inferred` writes both at once)."""
    node = ox.NamedNode(inferred_graph)
    return any(True for _ in store.oxigraph.quads_for_pattern(node, _TYPE_NODE, _MARKER_CLASS, node))


@dataclass
class _WorkingCopy:
    """The asserted triples in one graph of a scratch in-memory store, where the rules run.

    Attributes:
        scratch: the scratch store; the triples are in its graph :data:`_WORK`.
        asserted: every asserted triple, the external ``owl:sameAs`` links included.
        nodes: the nodes inferred triples may be about (:func:`_instance_nodes`).
        smush: the data holds an ``owl:sameAs`` between two distinct nodes of the instance base.
    """

    scratch: ox.Store
    asserted: set[tuple[Term, Term, Term]]
    nodes: set[Term]
    smush: bool

    @classmethod
    def of(cls, store: Store, graphs: list[str], instance_base: str) -> _WorkingCopy:
        """Step 1: copy ``graphs``, without the ``owl:sameAs`` links that leave the instance base."""
        asserted: set[tuple[Term, Term, Term]] = set()
        copy: list[ox.Quad] = []
        smush = False
        for quad in store.quads(dict.fromkeys(graphs)):
            s, p, o = quad.subject, quad.predicate, quad.object
            asserted.add((s, p, o))
            if p == _SAME_NODE:
                if _outside(s, instance_base) or _outside(o, instance_base):
                    continue
                smush = smush or s != o
            copy.append(ox.Quad(s, p, o, _WORK))
        scratch = ox.Store()
        scratch.extend(copy)
        return cls(scratch, asserted, _instance_nodes(copy, instance_base), smush)

    def close(self, axioms: Axioms, instance_base: str) -> None:
        """Step 2: run the rules to a fixed point (the typing rules once, when stratified)."""
        equality, properties, typing = _compile(axioms, _WORK.value, None, instance_base)
        if axioms.stratified and not self.smush:
            _fixed_point(self.scratch, properties, _WORK)
            for rule in typing:
                self.scratch.update(rule)
        else:
            _fixed_point(self.scratch, [*equality, *properties, *typing], _WORK)

    def inferred(self, ontology: Graph) -> list[tuple[Term, Term, Term]]:
        """Step 3: the new triples :func:`kg.reason.reference.infer` keeps."""
        terms = {str(t) for t in ontology.subjects() if isinstance(t, URIRef)}
        return [
            (q.subject, q.predicate, q.object)
            for q in self.scratch.quads_for_pattern(None, None, None, _WORK)
            if (q.subject, q.predicate, q.object) not in self.asserted and _keep(q, self.nodes, terms)
        ]


def _outside(term: Term, instance_base: str) -> bool:
    """Whether ``term`` is an IRI outside the instance base (kg.reason.reference._is_external_link)."""
    return isinstance(term, ox.NamedNode) and not term.value.startswith(instance_base)


def _instance_nodes(quads: Iterable[ox.Quad], instance_base: str) -> set[Term]:
    """kg.reason.reference._instance_nodes: the nodes inferred triples may be about."""
    nodes: set[Term] = set()
    for q in quads:
        for n in (q.subject, q.object) if q.predicate != _TYPE_NODE else (q.subject,):
            if isinstance(n, ox.BlankNode):
                nodes.add(n)
            elif isinstance(n, ox.NamedNode) and not n.value.startswith(_VOCAB_NAMESPACES):
                if n == q.subject or n.value.startswith(instance_base):
                    nodes.add(n)
    return nodes


def _keep(quad: ox.Quad, nodes: set[Term], ontology_terms: set[str]) -> bool:
    """kg.reason.reference._keep over pyoxigraph terms."""
    s, p, o = quad.subject, quad.predicate, quad.object
    if s not in nodes or (isinstance(s, ox.NamedNode) and s.value in ontology_terms):
        return False
    if p == _SAME_NODE and s == o:
        return False
    return not (p == _TYPE_NODE and isinstance(o, ox.NamedNode) and o.value.startswith(_META_NAMESPACES))
