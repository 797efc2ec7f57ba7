"""The shapes graph compiled into SPARQL SELECT checks, one per (shape, constraint).

:func:`compile_shapes` reads the shapes, never a hand-written query per shape:

* focus nodes (https://www.w3.org/TR/shacl/#targets): ``sh:targetNode``,
  ``sh:targetClass`` (with the ``rdfs:subClassOf`` closure computed from the
  ontology graph, as pySHACL sees it through ``ont_graph``),
  ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``;
* value nodes: a predicate ``sh:path`` of a property shape, or the focus node
  of a node shape;
* constraints (https://www.w3.org/TR/shacl/#core-components): counts, and the
  value-node tests of :mod:`kg.validate.expressions`, nested through
  ``sh:or``/``sh:and``/``sh:xone``/``sh:not``/``sh:node``; ``sh:property``;
  node-level SHACL-SPARQL ``sh:sparql`` SELECT constraints
  (https://www.w3.org/TR/shacl/#sparql-constraints).

Anything else raises :class:`~kg.errors.UnsupportedShapeError` naming the parameter,
so a new shape is never silently ignored.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Identifier, Node

from kg.errors import UnsupportedShapeError
from kg.validate.expressions import (
    NODE_KINDS,
    RANGE_OPS,
    Expr,
    at_least,
    conjunction,
    datatype_expr,
    logical,
    param_n3,
    range_expr,
)

__all__ = ["CompiledCheck", "compile_shapes"]

#: Parameters of the constraint components this compiler supports.
_VALUE_PARAMS = {
    SH.datatype, SH["class"], SH.nodeKind, SH.minInclusive, SH.minExclusive,
    SH.maxInclusive, SH.maxExclusive, SH.pattern, SH["or"], SH["and"], SH.xone,
    SH["not"], SH.node,
}
_SUPPORTED = _VALUE_PARAMS | {
    SH.minCount, SH.maxCount, SH.lessThanOrEquals, SH.property, SH.sparql, SH.flags,
}
#: Shape-describing (non-constraint) predicates.
_DESCRIPTIVE = {
    RDF.type, RDFS.comment, RDFS.label, SH.message, SH.severity, SH.path, SH.name,
    SH.description, SH.order, SH.group, SH.targetClass, SH.targetNode,
    SH.targetSubjectsOf, SH.targetObjectsOf, SH.deactivated, SH.defaultValue,
    OWL.versionInfo, RDFS.seeAlso, RDFS.isDefinedBy,
}
#: Parameters only a property shape may carry.
_PROPERTY_ONLY = (SH.minCount, SH.maxCount, SH.lessThanOrEquals)
_COMPONENT = {
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH["class"]: SH.ClassConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_SELECT_HEAD = re.compile(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(?P<proj>.*?)\s+WHERE", re.I | re.S)


@dataclass(frozen=True)
class CompiledCheck:
    """One SELECT over the data for one constraint of one shape.

    Attributes:
        shape: the ``sh:sourceShape``.
        component: the ``sh:sourceConstraintComponent``.
        path: the ``sh:resultPath`` (a predicate) or ``None``.
        severity: ``sh:Violation``, ``sh:Warning`` or ``sh:Info``.
        messages: the shape's ``sh:message`` literals.
        query: the SELECT; it binds ``?this`` (focus), ``?value`` where SHACL reports one,
            ``?other`` for sh:lessThanOrEquals, and the projected variables of a
            SHACL-SPARQL constraint.
        kind: how rows become results: ``"node"`` (value is the focus), ``"value"``,
            ``"count"`` (no value), ``"pair"`` (lessThanOrEquals) or ``"sparql"``.
        expr: the value-node test, when rows are candidates to re-check in Python.
        source_constraint: the ``sh:sparql`` node of a SHACL-SPARQL constraint.
        constraint_messages: that node's ``sh:message`` templates.
    """

    shape: Node
    component: URIRef
    path: URIRef | None
    severity: Node
    messages: tuple[Literal, ...]
    query: str
    kind: str
    expr: Expr | None = field(default=None, compare=False)
    source_constraint: Node | None = None
    constraint_messages: tuple[Literal, ...] = ()


class _Compiler:
    """The shapes graph, the ontology and a supply of fresh SPARQL variables.

    Args:
        shapes: the SHACL shapes graph.
        ontology: the ontology whose ``rdfs:subClassOf`` closure widens classes.
        data_subclass: also follow ``rdfs:subClassOf`` triples of the data.
    """

    def __init__(self, shapes: Graph, ontology: Graph, data_subclass: bool = True) -> None:
        self.sg = shapes
        self.ont = ontology
        self.data_subclass = data_subclass
        self._fresh = itertools.count()

    def var(self, stem: str) -> str:
        """A SPARQL variable not used before (``?_m3``)."""
        return f"?_{stem}{next(self._fresh)}"

    def subclasses(self, cls: Node) -> list[Identifier]:
        """``cls`` and its subclasses: the closure of ``rdfs:subClassOf`` in the ontology
        and the shapes, as pySHACL's ``ont_graph`` mixing sees it."""
        if not isinstance(cls, Identifier):  # a formula of an N3 graph, never a Turtle term
            raise UnsupportedShapeError(f"class {cls}")
        found: set[Identifier] = {cls}
        for g in (self.ont, self.sg):
            found.update(c for c in g.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef))
        return sorted(found)

    def path(self, shape: Node) -> URIRef:
        """The ``sh:path`` of a property shape, which must be a predicate IRI."""
        path = self.sg.value(shape, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShapeError(f"sh:path of {shape} is not a predicate IRI (complex SHACL paths)")
        return path

    def check_supported(self, shape: Node) -> None:
        """Raise :class:`UnsupportedShapeError` for a parameter the compiler does not know."""
        for p in set(self.sg.predicates(shape, None)):
            if p not in _SUPPORTED and p not in _DESCRIPTIVE:
                raise UnsupportedShapeError(f"constraint parameter {p} of shape {shape} is not supported")

    def reject_property_only(self, shape: Node) -> None:
        """Raise for counts and ``sh:lessThanOrEquals`` on a node shape."""
        for param in _PROPERTY_ONLY:
            if (shape, param, None) in self.sg:
                raise UnsupportedShapeError(f"{param} on node shape {shape}")

    def messages(self, node: Node) -> tuple[Literal, ...]:
        """The ``sh:message`` literals of a shape or a SPARQL constraint, sorted."""
        return tuple(sorted(m for m in self.sg.objects(node, SH.message) if isinstance(m, Literal)))

    def severity(self, shape: Node) -> Node:
        """The ``sh:severity`` of a shape (default ``sh:Violation``)."""
        return self.sg.value(shape, SH.severity) or SH.Violation

    def subclass_step(self, t: str, values: str) -> str:
        """SPARQL: the class ``t`` is one of ``values`` (or below one, in the data)."""
        if self.data_subclass:
            c = self.var("c")
            return f"{t} <{RDFS.subClassOf}>* {c} . VALUES {c} {{ {values} }}"
        return f"VALUES {t} {{ {values} }}"

    # --- value-node expressions --------------------------------------------------------------
    def value_exprs(self, shape: Node, param: URIRef) -> list[Expr]:
        """The expressions of every value of ``param`` on ``shape``."""
        return [self.value_expr(shape, param, obj) for obj in self.sg.objects(shape, param)]

    def value_expr(self, shape: Node, param: URIRef, obj: Node) -> Expr:
        """'{v} conforms to the constraint ``param obj`` of ``shape``'."""
        if param == SH.datatype:
            return datatype_expr(obj)
        if param == SH["class"]:
            values = " ".join(param_n3(c) for c in self.subclasses(obj))
            t = self.var("t")
            return Expr(f"(!isLiteral({{v}}) && EXISTS {{ {{v}} a {t} . {self.subclass_step(t, values)} }})")
        if param == SH.nodeKind:
            if obj not in NODE_KINDS:
                raise UnsupportedShapeError(f"sh:nodeKind {obj}")
            return Expr(NODE_KINDS[obj])
        if param in RANGE_OPS:
            return range_expr(param, obj)
        if param == SH.pattern:
            flags = self.sg.value(shape, SH.flags)
            fl = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return Expr(f'(!isBlank({{v}}) && REGEX(STR({{v}}), {Literal(str(obj)).n3()}{fl}))')
        if param in (SH["or"], SH["and"], SH.xone):
            members = [self.shape_expr(m) for m in Collection(self.sg, obj)]
            return logical(param, members)
        if param == SH["not"]:
            inner = self.shape_expr(obj)
            return Expr(f"(!{inner.sparql})", inner.exact,
                        None if inner.exact else (lambda t, ask: not ask(inner, t)))
        if param == SH.node:
            return self.shape_expr(obj)
        raise UnsupportedShapeError(f"constraint parameter {param} of shape {shape}")

    def shape_expr(self, shape: Node) -> Expr:
        """'{v} conforms to ``shape``' (a nested shape of sh:or/sh:and/sh:xone/sh:not/sh:node)."""
        self.check_supported(shape)
        if (shape, SH.sparql, None) in self.sg:
            raise UnsupportedShapeError(f"sh:sparql in a nested shape {shape}")
        if (shape, SH.path, None) in self.sg:
            return self.property_expr(shape)
        parts: list[Expr] = []
        for param in sorted(_VALUE_PARAMS):
            parts.extend(self.value_exprs(shape, param))
        for prop in self.sg.objects(shape, SH.property):
            parts.append(self.property_expr(prop))
        self.reject_property_only(shape)
        return conjunction(parts)

    def property_expr(self, prop: Node) -> Expr:
        """'{v} conforms to property shape ``prop``' as one boolean expression."""
        self.check_supported(prop)
        path = param_n3(self.path(prop))
        parts: list[Expr] = []
        for n in self.sg.objects(prop, SH.minCount):
            parts.append(Expr(at_least(int(str(n)), "{v}", path, self.var)))
        for n in self.sg.objects(prop, SH.maxCount):
            parts.append(Expr(f"!{at_least(int(str(n)) + 1, '{v}', path, self.var)}"))
        value_parts: list[Expr] = []
        for param in sorted(_VALUE_PARAMS):
            value_parts.extend(self.value_exprs(prop, param))
        for sub in self.sg.objects(prop, SH.property):
            raise UnsupportedShapeError(f"sh:property {sub} nested in property shape {prop}")
        if (prop, SH.lessThanOrEquals, None) in self.sg:
            raise UnsupportedShapeError(f"sh:lessThanOrEquals in nested shape {prop}")
        if value_parts:
            inner = conjunction(value_parts)
            if not inner.exact:
                raise UnsupportedShapeError(
                    f"a datatype or range test inside nested property shape {prop} (not provable in SPARQL)")
            x = self.var("x")
            parts.append(Expr(f"NOT EXISTS {{ {{v}} {path} {x} . FILTER(!{inner.fill(x)}) }}"))
        return conjunction(parts)


def compile_shapes(shapes: Graph, ontology: Graph, *, data_subclass: bool = True) -> list[CompiledCheck]:
    """Compile every targeted shape of ``shapes`` into SPARQL checks.

    Args:
        shapes: the SHACL shapes graph.
        ontology: the ontology whose ``rdfs:subClassOf`` closure widens ``sh:targetClass``
            and ``sh:class`` (pySHACL's ``ont_graph``).
        data_subclass: also follow ``rdfs:subClassOf`` triples of the data (slower; only
            needed when the validated graphs hold class axioms).

    Returns:
        One :class:`CompiledCheck` per constraint of a node shape with targets and per
        constraint of the property shapes it reaches through ``sh:property``.

    Raises:
        NotImplementedError: a constraint parameter, path form or SPARQL feature the
            compiler does not support, named in the message.

    Example:
        >>> from kg.validate.reference import load_ontology, load_shapes
        >>> checks = compile_shapes(load_shapes(), load_ontology())
        >>> sorted({check.kind for check in checks})
        ['count', 'node', 'pair', 'sparql', 'value']
    """
    c = _Compiler(shapes, ontology, data_subclass)
    checks: list[CompiledCheck] = []
    for shape in _targeted_shapes(shapes):
        if (shape, SH.deactivated, Literal(True)) not in shapes:
            checks.extend(_node_shape_checks(c, shape))
    return checks


def _targeted_shapes(sg: Graph) -> list[Node]:
    """The shapes with explicit targets, sorted; raise for targets the compiler cannot read."""
    node_shapes = sorted({s for p in _TARGETS for s in sg.subjects(p, None)}, key=str)
    for s in sg.subjects(RDF.type, RDFS.Class):
        if (s, RDF.type, SH.NodeShape) in sg:
            raise UnsupportedShapeError(f"implicit class target of {s}")
    for s in sg.subjects(SH.target, None):
        raise UnsupportedShapeError(f"sh:target (SPARQL-based targets) on {s}")
    return node_shapes


def _node_shape_checks(c: _Compiler, shape: Node) -> list[CompiledCheck]:
    """The checks of one targeted node shape and of the property shapes it holds."""
    sg = c.sg
    c.check_supported(shape)
    if (shape, SH.path, None) in sg:
        raise UnsupportedShapeError(f"targets on property shape {shape}")
    focus = _focus_pattern(c, shape)
    severity = c.severity(shape)
    messages = c.messages(shape)
    checks: list[CompiledCheck] = []
    # node-level constraints: the value node is the focus node
    for param in sorted(_VALUE_PARAMS):
        for obj in sg.objects(shape, param):
            expr = c.value_expr(shape, param, obj)
            q = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER(!{expr.fill('?this')}) }}"
            checks.append(CompiledCheck(shape, _COMPONENT[param], None, severity, messages, q,
                                        "node", None if expr.exact else expr))
    c.reject_property_only(shape)
    for sparql in sg.objects(shape, SH.sparql):
        checks.append(_sparql_check(c, shape, sparql, focus, severity, messages))
    for prop in sg.objects(shape, SH.property):
        checks.extend(_property_checks(c, prop, focus))
    return checks


def _focus_pattern(c: _Compiler, shape: Node) -> str:
    """A subquery binding ``?this`` to every focus node of ``shape``."""
    sg = c.sg
    branches = []
    classes = sorted({sub for tc in sg.objects(shape, SH.targetClass) for sub in c.subclasses(tc)})
    if classes:
        values = " ".join(param_n3(x) for x in classes)
        branches.append(f"?this a ?_tc . {c.subclass_step('?_tc', values)}")
    nodes = [param_n3(n) for n in sg.objects(shape, SH.targetNode)]
    if nodes:
        branches.append(f"VALUES ?this {{ {' '.join(nodes)} }}")
    for p in sg.objects(shape, SH.targetSubjectsOf):
        branches.append(f"?this {param_n3(p)} ?_o")
    for p in sg.objects(shape, SH.targetObjectsOf):
        branches.append(f"?_s {param_n3(p)} ?this")
    union = " UNION ".join(f"{{ {b} }}" for b in branches)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _property_checks(c: _Compiler, prop: Node, focus: str) -> list[CompiledCheck]:
    """The checks of one property shape reached from a node shape through ``sh:property``."""
    sg = c.sg
    c.check_supported(prop)
    if (prop, SH.deactivated, Literal(True)) in sg:
        return []
    path = c.path(prop)
    p = param_n3(path)
    severity = c.severity(prop)
    messages = c.messages(prop)
    if not messages:
        raise UnsupportedShapeError(f"pySHACL's generic messages (shape {prop} has no sh:message)")
    out = []
    for n in sg.objects(prop, SH.minCount):
        q = f"SELECT ?this WHERE {{ {focus} FILTER(!{at_least(int(str(n)), '?this', p, c.var)}) }}"
        out.append(CompiledCheck(prop, SH.MinCountConstraintComponent, path, severity, messages, q, "count"))
    for n in sg.objects(prop, SH.maxCount):
        q = f"SELECT ?this WHERE {{ {focus} FILTER({at_least(int(str(n)) + 1, '?this', p, c.var)}) }}"
        out.append(CompiledCheck(prop, SH.MaxCountConstraintComponent, path, severity, messages, q, "count"))
    for param in sorted(_VALUE_PARAMS):
        for obj in sg.objects(prop, param):
            expr = c.value_expr(prop, param, obj)
            q = (f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {p} ?value ."
                 f" FILTER(!{expr.fill('?value')}) }}")
            out.append(CompiledCheck(prop, _COMPONENT[param], path, severity, messages, q, "value",
                                     None if expr.exact else expr))
    for other in sg.objects(prop, SH.lessThanOrEquals):
        proof = (f"COALESCE((sameTerm(DATATYPE(?value), {XSD.integer.n3()}) && sameTerm(DATATYPE(?other),"
                 f' {XSD.integer.n3()}) && REGEX(STR(?value), "^[+-]?[0-9]+$")'
                 f' && REGEX(STR(?other), "^[+-]?[0-9]+$") && ?value <= ?other), false)')
        q = (f"SELECT DISTINCT ?this ?value ?other WHERE {{ {focus} ?this {p} ?value ."
             f" ?this {param_n3(other)} ?other . FILTER(!{proof}) }}")
        out.append(CompiledCheck(prop, SH.LessThanOrEqualsConstraintComponent, path, severity, messages,
                                 q, "pair"))
    if (prop, SH.property, None) in sg or (prop, SH.sparql, None) in sg:
        raise UnsupportedShapeError(f"sh:property / sh:sparql on property shape {prop}")
    return out


def _sparql_check(c: _Compiler, shape: Node, constraint: Node, focus: str, severity: Node,
                  messages: tuple[Literal, ...]) -> CompiledCheck:
    """A SHACL-SPARQL SELECT constraint of a node shape, run over its focus nodes."""
    sg = c.sg
    select = sg.value(constraint, SH.select)
    if select is None:
        raise UnsupportedShapeError(f"sh:sparql {constraint} without sh:select (ASK validators)")
    for p in sg.predicates(constraint, None):
        if p not in (RDF.type, SH.message, SH.prefixes, SH.select, SH.deactivated, RDFS.comment):
            raise UnsupportedShapeError(f"{p} on SPARQL constraint of {shape}")
    text = str(select)
    for banned in ("$PATH", "$shapesGraph", "$currentShape", "?failure"):
        if banned.lower() in text.lower():
            raise UnsupportedShapeError(f"{banned} in the SPARQL constraint of {shape}")
    if re.search(r"\b(LIMIT|OFFSET|ORDER\s+BY)\b", text, re.I):
        raise UnsupportedShapeError(f"LIMIT/OFFSET/ORDER BY in the SPARQL constraint of {shape}")
    head = _SELECT_HEAD.match(text)
    if head is None or not re.search(r"[?$]this\b", head.group("proj")):
        raise UnsupportedShapeError(f"the SPARQL constraint of {shape} does not project $this")
    q = f"{_prefixes(sg, constraint)}\nSELECT DISTINCT * WHERE {{ {focus} {{ {text} }} }}"
    return CompiledCheck(shape, SH.SPARQLConstraintComponent, None, severity or SH.Violation, messages,
                         q, "sparql", None, constraint, c.messages(constraint))


def _prefixes(sg: Graph, constraint: Node) -> str:
    """The ``sh:prefixes`` declarations of a SPARQL constraint as a SPARQL prologue."""
    lines = []
    for owner in sg.objects(constraint, SH.prefixes):
        for decl in sg.objects(owner, SH.declare):
            prefix, ns = sg.value(decl, SH.prefix), sg.value(decl, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(lines)
