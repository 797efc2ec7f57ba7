"""Value-node tests: SPARQL where it decides as pySHACL does, pySHACL's own rules where not.

An :class:`Expr` is "the value node ``{v}`` conforms" as a SPARQL boolean expression.
Counting, node kinds, classes and logical combinations are exact in SPARQL. Two
things SPARQL cannot always settle the way pySHACL does, so for them the SPARQL only
*proves* conformance and :attr:`Expr.py` decides the remaining rows in Python, on
rdflib terms, with pySHACL's rules:

* whether a literal is well-formed for its datatype (``sh:datatype``,
  https://www.w3.org/TR/shacl/#DatatypeConstraintComponent): pySHACL asks rdflib,
  whose parsers are laxer than Oxigraph's (rdflib accepts ``"1e3"^^xsd:decimal``,
  never flags ``xsd:gYear``);
* value comparisons (``sh:minInclusive`` ... ``sh:maxExclusive``,
  https://www.w3.org/TR/shacl/#core-components-range, and ``sh:lessThanOrEquals``):
  pySHACL orders incomparable literals by datatype IRI, as rdflib does, where the
  SHACL spec reports a result.

Example:
    >>> expr = datatype_expr(XSD.string)
    >>> expr.exact, expr.fill("?value")
    (True, '(isLiteral(?value) && sameTerm(DATATYPE(?value), <http://www.w3.org/2001/XMLSchema#string>))')
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from kg.errors import UnsupportedShapeError

__all__ = [
    "Ask",
    "Expr",
    "NODE_KINDS",
    "RANGE_OPS",
    "Term",
    "at_least",
    "conjunction",
    "datatype_expr",
    "less_than_or_equals",
    "logical",
    "param_n3",
    "range_expr",
]

Term = URIRef | BNode | Literal

#: ``sh:nodeKind`` values as SPARQL tests (https://www.w3.org/TR/shacl/#NodeKindConstraintComponent).
NODE_KINDS: dict[Node, str] = {
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
#: The Python value types of those datatypes.
_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}
#: The range parameters and their SPARQL comparison operators.
RANGE_OPS: dict[Node, str] = {
    SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<",
}


def param_n3(term: Node) -> str:
    """A constraint parameter (an IRI or a literal) as a SPARQL term.

    Raises:
        UnsupportedShapeError: ``term`` is a blank node.

    Example:
        >>> param_n3(SH.IRI)
        '<http://www.w3.org/ns/shacl#IRI>'
    """
    if isinstance(term, BNode):
        raise UnsupportedShapeError(f"a blank node ({term}) as a constraint parameter")
    return term.n3()


@dataclass
class Expr:
    """'{v} conforms' as SPARQL (``sparql`` with a ``{v}`` slot).

    ``exact`` when the SPARQL is pySHACL's decision; otherwise ``sparql`` only proves
    conformance (true implies conforming) and ``py`` decides the rest on the rdflib term.
    """

    sparql: str
    exact: bool = True
    py: Callable[[Term, Ask], bool] | None = None

    def fill(self, var: str) -> str:
        """The SPARQL with the value node ``var`` in the ``{v}`` slot."""
        return self.sparql.replace("{v}", var)


#: Decides whether a term conforms to an expression (in SPARQL, or with :attr:`Expr.py`).
Ask = Callable[[Expr, Term], bool]


def conjunction(exprs: Sequence[Expr]) -> Expr:
    """'{v} conforms to every one of ``exprs``' (``true`` when there are none)."""
    if not exprs:
        return Expr("true")
    if len(exprs) == 1:
        return exprs[0]
    exact = all(e.exact for e in exprs)
    return Expr("(" + " && ".join(e.sparql for e in exprs) + ")", exact,
                None if exact else (lambda t, ask: all(ask(e, t) for e in exprs)))


def at_least(n: int, focus: str, path: str, fresh: Callable[[str], str]) -> str:
    """SPARQL test: ``focus`` has at least ``n`` distinct values of the predicate ``path``.

    Example:
        >>> fresh = itertools.count()
        >>> at_least(2, "?this", "<urn:p>", lambda stem: f"?{stem}{next(fresh)}")
        'EXISTS { ?this <urn:p> ?m0 . ?this <urn:p> ?m1 FILTER(!sameTerm(?m0, ?m1)) }'
    """
    if n <= 0:
        return "true"
    vs = [fresh("m") for _ in range(n)]
    pats = " . ".join(f"{focus} {path} {v}" for v in vs)
    diffs = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2))
    return f"EXISTS {{ {pats} {f'FILTER({diffs})' if diffs else ''} }}"


def logical(param: URIRef, members: list[Expr]) -> Expr:
    """``sh:and``, ``sh:or`` or ``sh:xone`` over the member shapes' expressions
    (https://www.w3.org/TR/shacl/#core-components-logical)."""
    exact = all(m.exact for m in members)
    if param == SH["and"]:
        return conjunction(members)
    if param == SH["or"]:
        return Expr("(" + (" || ".join(m.sparql for m in members) or "false") + ")", exact,
                    None if exact else (lambda t, ask: any(ask(m, t) for m in members)))
    # sh:xone: exactly one member conforms
    if exact:
        return Expr("((" + " + ".join(f"IF({m.sparql}, 1, 0)" for m in members) + ") = 1)")
    return Expr("false", False, lambda t, ask: sum(1 for m in members if ask(m, t)) == 1)


def datatype_expr(dt: Node) -> Expr:
    """sh:datatype as pySHACL decides it (DatatypeConstraintComponent.evaluate)."""
    if not isinstance(dt, URIRef):
        raise UnsupportedShapeError(f"sh:datatype {dt}")
    if dt == RDFS.Literal:
        return Expr("isLiteral({v})")
    if dt == RDFS.Datatype:
        return Expr('(isLiteral({v}) && LANG({v}) = "" && !sameTerm(DATATYPE({v}), xsd:string))'
                    .replace("xsd:string", XSD.string.n3()), False, lambda t, ask: _py_datatype(t, dt))
    if dt == XSD.string:
        return Expr(f"(isLiteral({{v}}) && sameTerm(DATATYPE({{v}}), {XSD.string.n3()}))")
    if dt == RDF.langString:
        return Expr('(isLiteral({v}) && LANG({v}) != "")')
    same = f"(isLiteral({{v}}) && sameTerm(DATATYPE({{v}}), {dt.n3()}))"
    if dt not in _PYSHACL_TYPED and Literal("\x00?", datatype=dt).ill_typed is None:
        return Expr(same)  # rdflib has no parser for it: any lexical form passes pySHACL
    proof = _WELL_FORMED.get(dt)
    sparql = f"COALESCE({same[:-1]} && {proof}), false)" if proof else "false"
    return Expr(sparql, False, lambda t, ask: _py_datatype(t, dt))


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
    """Whether rdflib's Python value of ``v`` has the type pySHACL expects for ``dt``."""
    return isinstance(v.value, _PYTHON_TYPES[dt]) if dt in _PYTHON_TYPES else True


def range_expr(param: URIRef, bound: Node) -> Expr:
    """sh:min/maxIn/Exclusive as pySHACL decides it (value_range_constraints.py)."""
    if not isinstance(bound, Literal):
        raise UnsupportedShapeError(f"{param} {bound}: not a literal")
    op = RANGE_OPS[param]
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

    return Expr(sparql, False, py)


def less_than_or_equals(v: Term, other: Term) -> bool:
    """pySHACL's LessThanOrEqualsConstraintComponent test for one pair (True: conforms).

    Example:
        >>> less_than_or_equals(Literal(1), Literal(2)), less_than_or_equals(Literal("b"), Literal("a"))
        (True, False)
    """
    def plain(node: Term) -> tuple[Any, bool]:  # Any: whatever Python value rdflib gives
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
        return bool(a <= b)
    except TypeError:
        return False
