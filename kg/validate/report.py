"""Validation results as pySHACL reports them, and the ``sh:ValidationReport`` graph.

The rows of the compiled checks (:mod:`kg.validate.runner`) become :class:`Result`
objects; :func:`build_report` writes them as a SHACL validation report
(https://www.w3.org/TR/shacl/#validation-report) with the result keys pySHACL gives
(focus node, severity, component, shape, path, value, messages, and for SHACL-SPARQL
the source constraint with its description), and reads the issues back with
:mod:`kg.validate.reference`'s own reader, so both engines list them alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.store import to_rdflib
from kg.validate import reference as validatelib
from kg.validate.compiler import CompiledCheck
from kg.validate.expressions import Term

__all__ = ["Result", "build_report", "format_message", "sparql_result"]


@dataclass
class Result:
    """One validation result: a focus node failing one compiled check."""

    focus: Term
    value: Term | None
    path: Node | None
    messages: list[Literal]
    check: CompiledCheck


def format_message(msg: str, bound: dict[str, Term]) -> str:
    """Fill the ``{?var}``/``{$var}`` slots of a SHACL-SPARQL message template
    (as pySHACL's ``_format_sparql_based_result_message``).

    Example:
        >>> format_message("{$this} has {?n} names", {"this": Literal("x"), "n": Literal(2)})
        'x has 2 names'
    """
    for var, val in bound.items():
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return msg


def sparql_result(check: CompiledCheck, row: ox.QuerySolution, names: list[str], this: Term) -> Result:
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
        messages.append(Literal(format_message(str(m), fdict)))
    return Result(focus, value, path, messages, check)


def build_report(results: list[Result], shapes: Graph) -> validatelib.ValidationResult:
    """The validation report of ``results``, with the issues read from it.

    Args:
        results: the results, in the order they are written.
        shapes: the shapes graph (SHACL-SPARQL constraints are copied from it).

    Example:
        >>> build_report([], Graph()).conforms
        True
    """
    report = Graph()
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    conforms = not any(r.check.severity == SH.Violation for r in results)
    report.add((root, SH.conforms, Literal(conforms)))
    for r in results:
        _add_result(report, root, r, shapes)
    issues = validatelib._issues(report)
    return validatelib.ValidationResult(conforms=conforms, issues=issues, report=report)


def _add_result(report: Graph, root: BNode, r: Result, shapes: Graph) -> None:
    """Write one ``sh:ValidationResult`` of ``root``."""
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
