"""SHACL validation of the knowledge graph, as a thin wrapper over pySHACL.

:func:`validate` checks a data graph against ``shapes/cw-shapes.ttl``
(SHACL Core plus SHACL-SPARQL, https://www.w3.org/TR/shacl/) and returns a
:class:`ValidationResult`: a frozen list of :class:`ValidationIssue` rows read
from the ``sh:ValidationReport`` (https://www.w3.org/TR/shacl/#validation-report),
plus the report graph itself.

The ontology is passed to pySHACL as ``ont_graph``: pySHACL mixes it into its
working copy of the data, so ``sh:targetClass cw:Message`` reaches instances of
``cw:CipheredTelegram`` and ``cw:Letter`` through ``rdfs:subClassOf``
(https://www.w3.org/TR/shacl/#targetClass) and ``sh:class cw:Archive`` accepts
nothing but archives. No RDFS/OWL inference is run (``inference="none"``):
the shapes check what the mapper asserted.

Warnings do not break conformance: :attr:`ValidationResult.conforms` is true
when no result has severity ``sh:Violation``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate as _pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph, Dataset
from rdflib.namespace import RDF, SH
from rdflib.paths import Path as RdfPath

from kg.namespace import PREFIXES, SHAPES

__all__ = [
    "INSTANCE_PREFIXES",
    "ValidationIssue",
    "ValidationResult",
    "load_ontology",
    "load_shapes",
    "validate",
]

_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SHAPES = _ROOT / "shapes" / "cw-shapes.ttl"
DEFAULT_ONTOLOGY = _ROOT / "ontology" / "cw.ttl"

#: Prefixes for instance IRIs, used to shorten focus nodes in :meth:`ValidationResult.text`.
INSTANCE_PREFIXES: dict[str, str] = {
    kind_prefix: f"https://w3id.org/cwkg/id/{kind}/"
    for kind_prefix, kind in (
        ("msg", "message"),
        ("person", "person"),
        ("org", "org"),
        ("archive", "archive"),
        ("copy", "copy"),
        ("event", "event"),
        ("entry", "entry"),
        ("request", "request"),
        ("item", "item"),
        ("pseudonym", "pseudonym"),
        ("place", "place"),
        ("graph", "graph"),
        ("source", "source"),
    )
}

_DISPLAY_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "shapes": str(SHAPES),
    "sh": str(SH),
    "rdf": str(RDF),
    **INSTANCE_PREFIXES,
}
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationIssue:
    """One ``sh:ValidationResult`` of a report.

    Attributes:
        severity: ``"Violation"``, ``"Warning"`` or ``"Info"``
            (local name of ``sh:resultSeverity``).
        focus: The focus node: an IRI, or ``_:id`` for a blank node.
        path: The ``sh:resultPath`` IRI (a SPARQL property path string for a
            complex path), or ``None`` for a node-level constraint.
        component: IRI of the ``sh:sourceConstraintComponent``
            (e.g. ``http://www.w3.org/ns/shacl#MinCountConstraintComponent``).
        shape: IRI of the ``sh:sourceShape`` (``_:id`` if it is a blank node).
        message: The ``sh:resultMessage`` text(s), joined with ``"; "``.
        value: The ``sh:value`` in N-Triples form (``<iri>``, ``"0"^^<…#integer>``),
            or ``None``.
    """

    severity: str
    focus: str
    path: str | None
    component: str
    shape: str
    message: str
    value: str | None


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of :func:`validate`.

    Attributes:
        conforms: True when no issue has severity ``Violation``.
        issues: All results, sorted by severity, focus node, shape, path.
        report: The ``sh:ValidationReport`` graph produced by pySHACL.
    """

    conforms: bool
    issues: tuple[ValidationIssue, ...]
    report: Graph

    @property
    def violations(self) -> tuple[ValidationIssue, ...]:
        """Issues with severity ``Violation``."""
        return tuple(i for i in self.issues if i.severity == "Violation")

    @property
    def warnings(self) -> tuple[ValidationIssue, ...]:
        """Issues with severity ``Warning``."""
        return tuple(i for i in self.issues if i.severity == "Warning")

    def text(self) -> str:
        """Render a readable report: a heading with counts, then one block per issue."""
        infos = len(self.issues) - len(self.violations) - len(self.warnings)
        lines = [
            f"SHACL validation: {'conforms' if self.conforms else 'does not conform'}"
            f" ({len(self.violations)} violation(s), {len(self.warnings)} warning(s),"
            f" {infos} info)"
        ]
        for issue in self.issues:
            lines.append("")
            lines.append(f"{issue.severity}: {_short(issue.focus)}")
            if issue.path is not None:
                lines.append(f"  path:    {_short(issue.path)}")
            lines.append(f"  message: {issue.message}")
            if issue.value is not None:
                lines.append(f"  value:   {_short_n3(issue.value)}")
            lines.append(f"  shape:   {_short(issue.shape)} ({_short(issue.component)})")
        return "\n".join(lines) + "\n"


def _short(iri: str) -> str:
    """Prefixed name for ``iri`` where a known prefix applies, else ``<iri>``."""
    if iri.startswith("_:") or not iri.startswith(("http://", "https://", "urn:")):
        return iri
    best = max(
        (p for p, ns in _DISPLAY_PREFIXES.items() if iri.startswith(ns)),
        key=lambda p: len(_DISPLAY_PREFIXES[p]),
        default=None,
    )
    if best is not None:
        local = iri[len(_DISPLAY_PREFIXES[best]) :]
        if local == "" or _LOCAL_NAME.match(local):
            return f"{best}:{local}"
    return f"<{iri}>"


def _short_n3(n3: str) -> str:
    """Shorten every ``<iri>`` inside an N-Triples term."""
    return re.sub(r"<([^<>\s]+)>", lambda m: _short(m.group(1)), n3)


def _node_str(node: object) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


@cache
def _default_graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def load_shapes(path: Path | None = None) -> Graph:
    """Parse the SHACL shapes graph.

    Args:
        path: A Turtle file; default ``<repo>/shapes/cw-shapes.ttl``.

    Returns:
        A new graph.
    """
    return Graph().parse(path or DEFAULT_SHAPES, format="turtle")


def load_ontology(path: Path | None = None) -> Graph:
    """Parse the ``cw:`` ontology.

    Args:
        path: A Turtle file; default ``<repo>/ontology/cw.ttl``.

    Returns:
        A new graph.
    """
    return Graph().parse(path or DEFAULT_ONTOLOGY, format="turtle")


def _merged(data: Graph) -> Graph:
    """All triples of ``data``, from every named graph if it is a dataset."""
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        merged = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return data


def _issues(report: Graph) -> tuple[ValidationIssue, ...]:
    issues = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        path = report.value(result, SH.resultPath)
        if isinstance(path, RdfPath):
            path_str: str | None = path.n3()
        elif path is None:
            path_str = None
        else:
            path_str = _node_str(path)
        value = report.value(result, SH.value)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        issues.append(
            ValidationIssue(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=_node_str(report.value(result, SH.focusNode)),
                path=path_str,
                component=_node_str(report.value(result, SH.sourceConstraintComponent)),
                shape=_node_str(report.value(result, SH.sourceShape)),
                message="; ".join(messages),
                value=value.n3()
                if isinstance(value, (URIRef, Literal))
                else (None if value is None else _node_str(value)),
            )
        )
    issues.sort(
        key=lambda i: (
            _SEVERITY_ORDER.get(i.severity, 9),
            i.focus,
            i.shape,
            i.path or "",
            i.component,
            i.message,
            i.value or "",
        )
    )
    return tuple(issues)


def validate(
    data: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
) -> ValidationResult:
    """Validate ``data`` against the SHACL shapes, with the ontology mixed in.

    Args:
        data: A graph, or a ``Dataset`` / ``ConjunctiveGraph`` whose quads are
            merged into one graph first. Not modified.
        shapes: The shapes graph; default :func:`load_shapes`.
        ontology: The ontology passed as pySHACL ``ont_graph``; default
            :func:`load_ontology`.

    Returns:
        The issues and the report graph. ``conforms`` ignores warnings.

    Raises:
        pyshacl.errors.ReportableRuntimeError: On a malformed shapes graph
            (pySHACL's own exceptions propagate unchanged).

    Example:
        >>> from rdflib import Graph
        >>> validate(Graph()).conforms
        True
    """
    shapes_graph = shapes if shapes is not None else _default_graph(DEFAULT_SHAPES)
    ont_graph = ontology if ontology is not None else _default_graph(DEFAULT_ONTOLOGY)
    _, report, _ = _pyshacl_validate(
        _merged(data),
        shacl_graph=shapes_graph,
        ont_graph=ont_graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=False,
        abort_on_first=False,
    )
    issues = _issues(report)
    conforms = not any(i.severity == "Violation" for i in issues)
    return ValidationResult(conforms=conforms, issues=issues, report=report)
