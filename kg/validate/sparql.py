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
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.errors import UnsupportedShapeError
from kg.store import Store, from_rdflib, to_rdflib
from kg.validate import reference as validatelib

__all__ = ["CompiledCheck", "compile_shapes", "validate_store_sparql"]

Term = URIRef | BNode | Literal

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
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
#: Datatypes whose well-formedness SPARQL can prove (a lexical form rdflib parses and
#: pySHACL accepts); literals of these types that fail the test are re-checked in Python.
_WELL_FORMED = {
    XSD.integer: 'REGEX(STR({v}), "^[+-]?[0-9]+$")',
    XSD.decimal: 'REGEX(STR({v}), "^[+-]?[0-9]+([.][0-9]+)?$")',
    XSD.boolean: 'REGEX(STR({v}), "^(true|false|1|0)$")',
    XSD.date: ('REGEX(STR({v}), "^[0-9]{4}-[0-9]{2}-[0-9]{2}$") && !STRSTARTS(STR({v}), "0000")'
               ' && sameTerm(DATATYPE(<http://www.w3.org/2001/XMLSchema#date>(STR({v}))),'
               ' <http://www.w3.org/2001/XMLSchema#date>)'),
    XSD.dateTime: ('REGEX(STR({v}), "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3])'
                   ':[0-5][0-9]:[0-5][0-9]$")'
                   ' && !STRSTARTS(STR({v}), "0000")'
                   ' && sameTerm(DATATYPE(<http://www.w3.org/2001/XMLSchema#dateTime>(STR({v}))),'
                   ' <http://www.w3.org/2001/XMLSchema#dateTime>)'),
}
#: Datatypes pySHACL checks against the Python value type (DatatypeConstraintComponent).
_PYSHACL_TYPED = {XSD.string, RDF.langString, XSD.integer, XSD.float, XSD.decimal, XSD.boolean,
                  XSD.date, XSD.time, XSD.dateTime}
_RANGE_OPS = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}


def _n3(term: Node) -> str:
    if isinstance(term, BNode):
        raise UnsupportedShapeError(f"a blank node ({term}) as a constraint parameter")
    return term.n3()


# --- expressions over one value node ---------------------------------------------------------
@dataclass
class _Expr:
    """'{v} conforms' as SPARQL (``sparql`` with a ``{v}`` slot).

    ``exact`` when the SPARQL is pySHACL's decision; otherwise ``sparql`` only proves
    conformance (true implies conforming) and ``py`` decides the rest on the rdflib term.
    """

    sparql: str
    exact: bool = True
    py: Callable[[Term, Callable[[_Expr, Term], bool]], bool] | None = None

    def fill(self, var: str) -> str:
        return self.sparql.replace("{v}", var)


def _all(exprs: Sequence[_Expr]) -> _Expr:
    if not exprs:
        return _Expr("true")
    if len(exprs) == 1:
        return exprs[0]
    exact = all(e.exact for e in exprs)
    return _Expr("(" + " && ".join(e.sparql for e in exprs) + ")", exact,
                 None if exact else (lambda t, ask: all(ask(e, t) for e in exprs)))


class _Compiler:
    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.sg = shapes
        self.ont = ontology
        self._fresh = itertools.count()

    def var(self, stem: str) -> str:
        return f"?_{stem}{next(self._fresh)}"

    # closure of rdfs:subClassOf in the ontology, as pySHACL's ont_graph mixing sees it
    def subclasses(self, cls: URIRef) -> list[URIRef]:
        found = {cls}
        for g in (self.ont, self.sg):
            found.update(c for c in g.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef))
        return sorted(found)

    def path(self, shape: Node) -> URIRef:
        path = self.sg.value(shape, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShapeError(f"sh:path of {shape} is not a predicate IRI (complex SHACL paths)")
        return path

    def check_supported(self, shape: Node) -> None:
        for p in set(self.sg.predicates(shape, None)):
            if p not in _SUPPORTED and p not in _DESCRIPTIVE:
                raise UnsupportedShapeError(f"constraint parameter {p} of shape {shape} is not supported")

    # --- value-node expressions --------------------------------------------------------------
    def value_exprs(self, shape: Node, param: URIRef) -> list[_Expr]:
        out = []
        for obj in self.sg.objects(shape, param):
            out.append(self.value_expr(shape, param, obj))
        return out

    def value_expr(self, shape: Node, param: URIRef, obj: Node) -> _Expr:
        if param == SH.datatype:
            return _datatype_expr(obj)
        if param == SH["class"]:
            values = " ".join(_n3(c) for c in self.subclasses(obj))
            t = self.var("t")
            return _Expr(f"(!isLiteral({{v}}) && EXISTS {{ {{v}} a {t} . {self.subclass_step(t, values)} }})")
        if param == SH.nodeKind:
            if obj not in _NODE_KINDS:
                raise UnsupportedShapeError(f"sh:nodeKind {obj}")
            return _Expr(_NODE_KINDS[obj])
        if param in _RANGE_OPS:
            return _range_expr(param, obj)
        if param == SH.pattern:
            flags = self.sg.value(shape, SH.flags)
            fl = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return _Expr(f'(!isBlank({{v}}) && REGEX(STR({{v}}), {Literal(str(obj)).n3()}{fl}))')
        if param in (SH["or"], SH["and"], SH.xone):
            members = [self.shape_expr(m) for m in Collection(self.sg, obj)]
            return _logical(param, members)
        if param == SH["not"]:
            inner = self.shape_expr(obj)
            return _Expr(f"(!{inner.sparql})", inner.exact,
                         None if inner.exact else (lambda t, ask: not ask(inner, t)))
        if param == SH.node:
            return self.shape_expr(obj)
        raise UnsupportedShapeError(f"constraint parameter {param} of shape {shape}")

    def subclass_step(self, t: str, values: str) -> str:
        if self.data_subclass:
            c = self.var("c")
            return f"{t} <{RDFS.subClassOf}>* {c} . VALUES {c} {{ {values} }}"
        return f"VALUES {t} {{ {values} }}"

    data_subclass = True  # set per run: follow rdfs:subClassOf in the data too

    def shape_expr(self, shape: Node) -> _Expr:
        """'{v} conforms to ``shape``' (a nested shape of sh:or/sh:and/sh:xone/sh:not/sh:node)."""
        self.check_supported(shape)
        if (shape, SH.sparql, None) in self.sg:
            raise UnsupportedShapeError(f"sh:sparql in a nested shape {shape}")
        if (shape, SH.path, None) in self.sg:
            return self.property_expr(shape)
        parts: list[_Expr] = []
        for param in sorted(_VALUE_PARAMS):
            parts.extend(self.value_exprs(shape, param))
        for prop in self.sg.objects(shape, SH.property):
            parts.append(self.property_expr(prop))
        for param in (SH.minCount, SH.maxCount, SH.lessThanOrEquals):
            if (shape, param, None) in self.sg:
                raise UnsupportedShapeError(f"{param} on node shape {shape}")
        return _all(parts)

    def property_expr(self, prop: Node) -> _Expr:
        """'{v} conforms to property shape ``prop``' as one boolean expression."""
        self.check_supported(prop)
        path = _n3(self.path(prop))
        parts: list[_Expr] = []
        for n in self.sg.objects(prop, SH.minCount):
            parts.append(_Expr(_at_least(int(n), "{v}", path, self.var)))
        for n in self.sg.objects(prop, SH.maxCount):
            parts.append(_Expr(f"!{_at_least(int(n) + 1, '{v}', path, self.var)}"))
        value_parts: list[_Expr] = []
        for param in sorted(_VALUE_PARAMS):
            value_parts.extend(self.value_exprs(prop, param))
        for sub in self.sg.objects(prop, SH.property):
            raise UnsupportedShapeError(f"sh:property {sub} nested in property shape {prop}")
        if (prop, SH.lessThanOrEquals, None) in self.sg:
            raise UnsupportedShapeError(f"sh:lessThanOrEquals in nested shape {prop}")
        if value_parts:
            inner = _all(value_parts)
            if not inner.exact:
                raise UnsupportedShapeError(
                    f"a datatype or range test inside nested property shape {prop} (not provable in SPARQL)")
            x = self.var("x")
            parts.append(_Expr(f"NOT EXISTS {{ {{v}} {path} {x} . FILTER(!{inner.fill(x)}) }}"))
        return _all(parts)


def _at_least(n: int, focus: str, path: str, fresh: Callable[[str], str]) -> str:
    if n <= 0:
        return "true"
    vs = [fresh("m") for _ in range(n)]
    pats = " . ".join(f"{focus} {path} {v}" for v in vs)
    diffs = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2))
    return f"EXISTS {{ {pats} {f'FILTER({diffs})' if diffs else ''} }}"


def _logical(param: URIRef, members: list[_Expr]) -> _Expr:
    exact = all(m.exact for m in members)
    if param == SH["and"]:
        return _all(members)
    if param == SH["or"]:
        return _Expr("(" + (" || ".join(m.sparql for m in members) or "false") + ")", exact,
                     None if exact else (lambda t, ask: any(ask(m, t) for m in members)))
    # sh:xone: exactly one member conforms
    if exact:
        return _Expr("((" + " + ".join(f"IF({m.sparql}, 1, 0)" for m in members) + ") = 1)")
    return _Expr("false", False, lambda t, ask: sum(1 for m in members if ask(m, t)) == 1)


def _datatype_expr(dt: Node) -> _Expr:
    """sh:datatype as pySHACL decides it (DatatypeConstraintComponent.evaluate)."""
    if not isinstance(dt, URIRef):
        raise UnsupportedShapeError(f"sh:datatype {dt}")
    if dt == RDFS.Literal:
        return _Expr("isLiteral({v})")
    if dt == RDFS.Datatype:
        return _Expr('(isLiteral({v}) && LANG({v}) = "" && !sameTerm(DATATYPE({v}), xsd:string))'
                     .replace("xsd:string", XSD.string.n3()), False, lambda t, ask: _py_datatype(t, dt))
    if dt == XSD.string:
        return _Expr(f"(isLiteral({{v}}) && sameTerm(DATATYPE({{v}}), {XSD.string.n3()}))")
    if dt == RDF.langString:
        return _Expr('(isLiteral({v}) && LANG({v}) != "")')
    same = f"(isLiteral({{v}}) && sameTerm(DATATYPE({{v}}), {dt.n3()}))"
    if dt not in _PYSHACL_TYPED and Literal("\x00?", datatype=dt).ill_typed is None:
        return _Expr(same)  # rdflib has no parser for it: any lexical form passes pySHACL
    proof = _WELL_FORMED.get(dt)
    sparql = f"COALESCE({same[:-1]} && {proof}), false)" if proof else "false"
    return _Expr(sparql, False, lambda t, ask: _py_datatype(t, dt))


def _py_datatype(v: Term, dt: URIRef) -> bool:
    """pySHACL's DatatypeConstraintComponent test for one value node."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == dt:
        if getattr(v, "ill_typed", None) is True:
            return False
        return _actual_datatype(v, dt)
    if dt == RDFS.Literal:
        return True
    if dt == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and dt == XSD.string:
        return _actual_datatype(v, dt)
    if dt == RDF.langString and v.language:
        return _actual_datatype(v, dt)
    return False


def _actual_datatype(v: Literal, dt: URIRef) -> bool:
    from datetime import date, datetime, time
    from decimal import Decimal

    value = v.value
    checks: dict[URIRef, type | tuple[type, ...]] = {
        XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
        XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
    }
    return isinstance(value, checks[dt]) if dt in checks else True


def _range_expr(param: URIRef, bound: Node) -> _Expr:
    """sh:min/maxIn/Exclusive as pySHACL decides it (value_range_constraints.py)."""
    if not isinstance(bound, Literal):
        raise UnsupportedShapeError(f"{param} {bound}: not a literal")
    op = _RANGE_OPS[param]
    sparql = "false"
    if bound.datatype == XSD.integer and isinstance(bound.value, int):
        sparql = (f"COALESCE((sameTerm(DATATYPE({{v}}), {XSD.integer.n3()}) && isNumeric({{v}})"
                  f' && REGEX(STR({{v}}), "^[+-]?[0-9]+$") && {{v}} {op} {bound.n3()}), false)')

    def py(v: Term, ask: object) -> bool:
        if not isinstance(v, Literal):
            return False
        bound_is_string = isinstance(bound.value, str)
        if bound_is_string != isinstance(v.value, str):
            return False
        try:
            cmp = compare_literal(v, bound)
        except (TypeError, NotImplementedError):
            return False
        return {">=": cmp >= 0, ">": cmp > 0, "<=": cmp <= 0, "<": cmp < 0}[op]

    return _Expr(sparql, False, py)


def _py_less_than_or_equals(v: Term, other: Term) -> bool:
    """pySHACL's LessThanOrEqualsConstraintComponent test for one pair (True: conforms)."""
    def plain(node: Term) -> tuple[object, bool]:
        if isinstance(node, URIRef):
            return str(node), True
        if isinstance(node, Literal) and isinstance(node.value, str):
            return node.value, True
        return node, False

    a, a_str = plain(v)
    b, b_str = plain(other)
    if a_str != b_str:
        return False
    try:
        return bool(a <= b)  # type: ignore[operator]
    except TypeError:
        return False


# --- compiled checks -------------------------------------------------------------------------
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
    severity: URIRef
    messages: tuple[Literal, ...]
    query: str
    kind: str
    expr: _Expr | None = field(default=None, compare=False)
    source_constraint: Node | None = None
    constraint_messages: tuple[Literal, ...] = ()


def _prefixes(sg: Graph, constraint: Node) -> str:
    lines = []
    for owner in sg.objects(constraint, SH.prefixes):
        for decl in sg.objects(owner, SH.declare):
            prefix, ns = sg.value(decl, SH.prefix), sg.value(decl, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(lines)


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
    """
    c = _Compiler(shapes, ontology)
    c.data_subclass = data_subclass
    sg = shapes
    checks: list[CompiledCheck] = []
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    node_shapes = sorted({s for p in targets for s in sg.subjects(p, None)}, key=str)
    for s in sg.subjects(RDF.type, RDFS.Class):
        if (s, RDF.type, SH.NodeShape) in sg:
            raise UnsupportedShapeError(f"implicit class target of {s}")
    for s in sg.subjects(SH.target, None):
        raise UnsupportedShapeError(f"sh:target (SPARQL-based targets) on {s}")
    for shape in node_shapes:
        if (shape, SH.deactivated, Literal(True)) in sg:
            continue
        c.check_supported(shape)
        if (shape, SH.path, None) in sg:
            raise UnsupportedShapeError(f"targets on property shape {shape}")
        focus = _focus_pattern(c, shape)
        severity = sg.value(shape, SH.severity) or SH.Violation
        messages = tuple(sorted(m for m in sg.objects(shape, SH.message) if isinstance(m, Literal)))
        # node-level constraints: the value node is the focus node
        for param in sorted(_VALUE_PARAMS):
            for obj in sg.objects(shape, param):
                expr = c.value_expr(shape, param, obj)
                q = f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER(!{expr.fill('?this')}) }}"
                checks.append(CompiledCheck(shape, _COMPONENT[param], None, severity, messages, q,
                                            "node", None if expr.exact else expr))
        for param in (SH.minCount, SH.maxCount, SH.lessThanOrEquals):
            if (shape, param, None) in sg:
                raise UnsupportedShapeError(f"{param} on node shape {shape}")
        for sparql in sg.objects(shape, SH.sparql):
            checks.append(_sparql_check(c, shape, sparql, focus, severity, messages))
        for prop in sg.objects(shape, SH.property):
            checks.extend(_property_checks(c, prop, focus))
    return checks


def _focus_pattern(c: _Compiler, shape: Node) -> str:
    sg = c.sg
    branches = []
    classes = sorted({sub for tc in sg.objects(shape, SH.targetClass) for sub in c.subclasses(tc)})
    if classes:
        values = " ".join(_n3(x) for x in classes)
        branches.append(f"?this a ?_tc . {c.subclass_step('?_tc', values)}")
    nodes = [_n3(n) for n in sg.objects(shape, SH.targetNode)]
    if nodes:
        branches.append(f"VALUES ?this {{ {' '.join(nodes)} }}")
    for p in sg.objects(shape, SH.targetSubjectsOf):
        branches.append(f"?this {_n3(p)} ?_o")
    for p in sg.objects(shape, SH.targetObjectsOf):
        branches.append(f"?_s {_n3(p)} ?this")
    union = " UNION ".join(f"{{ {b} }}" for b in branches)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _property_checks(c: _Compiler, prop: Node, focus: str) -> list[CompiledCheck]:
    sg = c.sg
    c.check_supported(prop)
    if (prop, SH.deactivated, Literal(True)) in sg:
        return []
    path = c.path(prop)
    p = _n3(path)
    severity = sg.value(prop, SH.severity) or SH.Violation
    messages = tuple(sorted(m for m in sg.objects(prop, SH.message) if isinstance(m, Literal)))
    if not messages:
        raise UnsupportedShapeError(f"pySHACL's generic messages (shape {prop} has no sh:message)")
    out = []
    for n in sg.objects(prop, SH.minCount):
        q = f"SELECT ?this WHERE {{ {focus} FILTER(!{_at_least(int(n), '?this', p, c.var)}) }}"
        out.append(CompiledCheck(prop, SH.MinCountConstraintComponent, path, severity, messages, q, "count"))
    for n in sg.objects(prop, SH.maxCount):
        q = f"SELECT ?this WHERE {{ {focus} FILTER({_at_least(int(n) + 1, '?this', p, c.var)}) }}"
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
             f" ?this {_n3(other)} ?other . FILTER(!{proof}) }}")
        out.append(CompiledCheck(prop, SH.LessThanOrEqualsConstraintComponent, path, severity, messages,
                                 q, "pair"))
    if (prop, SH.property, None) in sg or (prop, SH.sparql, None) in sg:
        raise UnsupportedShapeError(f"sh:property / sh:sparql on property shape {prop}")
    return out


_SELECT_HEAD = re.compile(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(?P<proj>.*?)\s+WHERE", re.I | re.S)


def _sparql_check(c: _Compiler, shape: Node, constraint: Node, focus: str, severity: Node,
                  messages: tuple[Literal, ...]) -> CompiledCheck:
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
    cmsgs = tuple(sorted(m for m in sg.objects(constraint, SH.message) if isinstance(m, Literal)))
    q = f"{_prefixes(sg, constraint)}\nSELECT DISTINCT * WHERE {{ {focus} {{ {text} }} }}"
    return CompiledCheck(shape, SH.SPARQLConstraintComponent, None, severity or SH.Violation, messages,
                         q, "sparql", None, constraint, cmsgs)


# --- running ---------------------------------------------------------------------------------
@dataclass
class _Result:
    focus: Term
    value: Term | None
    path: Node | None
    messages: list[Literal]
    check: CompiledCheck


def _format(msg: str, bound: dict[str, Term]) -> str:
    for var, val in bound.items():  # as pySHACL's _format_sparql_based_result_message
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return msg


def validate_store_sparql(
    store: Store,
    graphs: list[str],
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    *,
    materialize: bool = True,
) -> validatelib.ValidationResult:
    """Validate the union of ``graphs`` in ``store`` with the shapes compiled to SPARQL.

    Gives the issues :func:`kg.validate.reference.validate` gives on ``store.merged(graphs)`` with
    the same shapes and ontology, and a report graph with the same result keys.

    Args:
        store: the store to read (not modified).
        graphs: IRIs of the named graphs whose union is validated.
        shapes: default :func:`kg.validate.reference.load_shapes`.
        ontology: default :func:`kg.validate.reference.load_ontology`.
        materialize: copy the union into a scratch in-memory Oxigraph default graph first
            (a set of triples, as pySHACL's merged graph; about 30 times faster to query
            than a dataset whose default graph is a list of a thousand named graphs).
            ``False`` queries ``store`` directly with the graphs as the default graph (as
            ``FROM`` would); then a triple asserted in two graphs counts twice in a
            SHACL-SPARQL aggregate such as ``SUM``.

    Example:
        >>> validate_store_sparql(Store(None), []).conforms
        True
    """
    shapes = shapes if shapes is not None else validatelib._default_graph(validatelib.DEFAULT_SHAPES)
    ontology = ontology if ontology is not None else validatelib._default_graph(validatelib.DEFAULT_ONTOLOGY)
    if materialize:
        db = ox.Store()
        db.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
            for g in graphs for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g))
        )

        def run(query: str):  # type: ignore[no-untyped-def]
            return db.query(query)
    else:
        default = [ox.NamedNode(g) for g in graphs] or [ox.NamedNode("urn:x-kg:empty")]

        def run(query: str):  # type: ignore[no-untyped-def]
            return store.oxigraph.query(query, default_graph=default)

    data_subclass = bool(run(f"ASK {{ ?a <{RDFS.subClassOf}> ?b }}"))
    checks = compile_shapes(shapes, ontology, data_subclass=data_subclass)

    def ask(expr: _Expr, term: Term) -> bool:
        if expr.py is not None:
            return expr.py(term, ask)
        return bool(run(f"ASK {{ VALUES ?v {{ {_ox_n3(term)} }} FILTER({expr.fill('?v')}) }}"))

    results: list[_Result] = []
    for check in checks:
        solutions = run(check.query)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            this = to_rdflib(row["this"])
            if check.kind == "count":
                results.append(_Result(this, None, check.path, list(check.messages), check))
            elif check.kind in ("node", "value"):
                value = this if check.kind == "node" else to_rdflib(row["value"])
                if check.expr is not None and ask(check.expr, value):
                    continue
                results.append(_Result(this, value, check.path, list(check.messages), check))
            elif check.kind == "pair":
                value = to_rdflib(row["value"])
                if _py_less_than_or_equals(value, to_rdflib(row["other"])):
                    continue
                results.append(_Result(this, value, check.path, list(check.messages), check))
            else:
                results.append(_sparql_result(check, row, names, this))
    return _result(results, shapes)


def _ox_n3(term: Term) -> str:
    if isinstance(term, BNode):
        raise UnsupportedShapeError(
            "re-checking a blank value node inside sh:or/sh:xone with a datatype test")
    return str(from_rdflib(term))


def _sparql_result(check: CompiledCheck, row: ox.QuerySolution, names: list[str], this: Term) -> _Result:
    """One SHACL-SPARQL solution as pySHACL reports it (sparql_based_constraints.py)."""
    bound = {n: to_rdflib(row[n]) for n in names if row[n] is not None}
    bound.pop("failure", None)
    path = bound.pop("path", None)
    value = bound.pop("value", None)
    focus = bound.pop("this", None) or this
    if value is None:
        value = focus  # a node shape reports its focus node as sh:value
    fdict = {**bound, "this": focus, "value": value}
    if path is not None:
        fdict["path"] = path
    messages = []
    templates = list(check.messages)
    templates += [m for m in check.constraint_messages if m not in templates]
    for m in templates:
        messages.append(Literal(_format(str(m), fdict)))
    return _Result(focus, value, path, messages, check)


def _result(results: list[_Result], shapes: Graph) -> validatelib.ValidationResult:
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    conforms = not any(r.check.severity == SH.Violation for r in results)
    report.add((root, SH.conforms, Literal(conforms)))
    for r in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, r.focus))
        report.add((node, SH.resultSeverity, r.check.severity))
        report.add((node, SH.sourceConstraintComponent, r.check.component))
        report.add((node, SH.sourceShape, r.check.shape))
        if r.path is not None:
            report.add((node, SH.resultPath, r.path))
        if r.value is not None:
            report.add((node, SH.value, r.value))
        for m in r.messages:
            report.add((node, SH.resultMessage, m))
        if r.check.source_constraint is not None:
            report.add((node, SH.sourceConstraint, r.check.source_constraint))
            for t in shapes.cbd(r.check.source_constraint):
                report.add(t)
    issues = validatelib._issues(report)
    return validatelib.ValidationResult(conforms=conforms, issues=issues, report=report)
