"""One SPARQL query, evaluated in a worker process: refuse what is not a read-only local
query, run the rest with Oxigraph, serialise at most ``max_rows`` rows or triples.

Nothing here knows HTTP beyond status codes; :mod:`kg.server.workers` runs :func:`evaluate`
in a child process so that a runaway query can be killed.

Refusals (SPARQL 1.1 Protocol §2.1.4 lets a service refuse operations it does not support):

* an update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ...) sent as a query: 403;
* ``SERVICE`` (federated query would make the server fetch other URLs): 403.

The dataset: ``default-graph-uri`` / ``named-graph-uri`` when given (they override the
query's own ``FROM`` / ``FROM NAMED``), else the query's ``FROM`` / ``FROM NAMED``, else the
union of the named graphs as default graph (``sd:UnionDefaultGraph``).

Both are decided on the parsed query (:mod:`kg.server.checks`): ``"SERVICE"`` in a string
literal, a comment, an IRI or a variable name is no clause, and no spelling of a clause gets
through. A query nested too deep gets 400; a syntax error Oxigraph finds goes back with its
message and a 400 (403 when the text is an update).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import pyoxigraph as ox

from kg.errors import RequestRefused
from kg.server.checks import check_query, refuse_update

__all__ = ["Job", "Answer", "check_query", "evaluate", "SOLUTION_FORMATS",
           "GRAPH_FORMATS"]

#: Media types offered for SELECT and ASK results, in order of preference.
SOLUTION_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}

#: Media types offered for CONSTRUCT and DESCRIBE results, in order of preference.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Job:
    """One query and how to answer it.

    Attributes:
        query: the SPARQL text.
        default_graphs, named_graphs: the protocol's ``default-graph-uri`` and
            ``named-graph-uri``; both empty: the default graph is the union of the named graphs.
        solution_type, graph_type: the media type negotiated for SELECT/ASK and for
            CONSTRUCT/DESCRIBE results; ``None`` when the client accepts none.
        max_rows: rows or triples kept; more are cut off and the answer marked truncated.
        prefixes: prefixes predeclared for the query (as ``kg query`` does).
    """

    query: str
    solution_type: str | None = "application/sparql-results+json"
    graph_type: str | None = "text/turtle"
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_rows: int = 10_000
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """What to send back: ``status``, ``media_type``, ``body``; ``truncated`` if rows were cut."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        """A plain-text error answer."""
        return cls(status, "text/plain", (message.rstrip() + "\n").encode("utf-8"))


# --- serialising -----------------------------------------------------------------------------
def _term_json(term: Any) -> dict[str, Any]:
    """A term in SPARQL 1.1 Query Results JSON (§3.2.2), with SPARQL 1.2 triple terms."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
        out["datatype"] = term.datatype.value
    return out


def _solutions(result: ox.QuerySolutions, job: Job) -> Answer:
    assert job.solution_type is not None
    variables = [v.value for v in result.variables]
    rows = list(islice(result, job.max_rows + 1))
    truncated = len(rows) > job.max_rows
    bindings = [{v: _term_json(sol[v]) for v in variables if sol[v] is not None}
                for sol in rows[:job.max_rows]]
    data = json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")
    fmt = SOLUTION_FORMATS[job.solution_type]
    if fmt != ox.QueryResultsFormat.JSON:
        # Oxigraph's own serialisers write XML, CSV and TSV from the (cut) JSON.
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        data = parsed.serialize(format=fmt) or b""
    return Answer(200, job.solution_type, data, truncated)


def _graph(result: ox.QueryTriples, job: Job) -> Answer:
    assert job.graph_type is not None
    triples = list(islice(result, job.max_rows + 1))
    truncated = len(triples) > job.max_rows
    fmt = GRAPH_FORMATS[job.graph_type]
    prefixes = job.prefixes if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    data = ox.serialize(triples[:job.max_rows], format=fmt, prefixes=prefixes) or b""
    return Answer(200, job.graph_type, data, truncated)


def _not_acceptable(kind: str, offers: dict[str, Any]) -> Answer:
    return Answer.error(406, f"no acceptable format for {kind} results; this endpoint offers "
                             + ", ".join(offers))


def _dataset(job: Job, own_dataset: bool) -> dict[str, Any]:
    """Oxigraph's dataset options for ``job``.

    Raises:
        ValueError: a graph name is not an IRI.
    """
    if job.default_graphs or job.named_graphs:
        # the protocol's dataset overrides the query's FROM / FROM NAMED (Protocol §2.1.4)
        return {"default_graph": [ox.NamedNode(g) for g in job.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in job.named_graphs]}
    if not own_dataset:
        # Oxigraph would let the union override FROM, so only without one
        return {"use_default_graph_as_union": True}
    return {}


def _answer(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, job: Job) -> Answer:
    """A result serialised in the negotiated format, or 406 when there is none for its kind."""
    if isinstance(result, ox.QueryBoolean):
        if job.solution_type is None:
            return _not_acceptable("ASK", SOLUTION_FORMATS)
        fmt = SOLUTION_FORMATS[job.solution_type]
        return Answer(200, job.solution_type, result.serialize(format=fmt) or b"")
    if isinstance(result, ox.QueryTriples):
        if job.graph_type is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", GRAPH_FORMATS)
        return _graph(result, job)
    if job.solution_type is None:
        return _not_acceptable("SELECT", SOLUTION_FORMATS)
    return _solutions(result, job)


def evaluate(store: ox.Store, job: Job) -> Answer:
    """Answer one query over ``store``: a result, or an error with its status and message."""
    if not job.query.strip():
        return Answer.error(400, "empty query")
    try:
        own_dataset = check_query(job.query)
    except RequestRefused as exc:
        return Answer.error(exc.status, exc.message)
    try:
        options = _dataset(job, own_dataset)
    except ValueError as exc:
        return Answer.error(400, f"bad default-graph-uri or named-graph-uri: {exc}")
    try:
        return _answer(store.query(job.query, prefixes=job.prefixes, **options), job)
    except SyntaxError as exc:
        try:
            refuse_update(job.query)
        except RequestRefused as refused:
            return Answer.error(refused.status, refused.message)
        return Answer.error(400, f"SPARQL syntax error: {exc}")
    except (OSError, ValueError) as exc:
        return Answer.error(500, f"query failed: {exc}")
