"""SPARQL over the store, and result formats users' tools read.

SELECT and ASK results are written in the W3C formats (SPARQL 1.1 Query Results
JSON, CSV, TSV) by Oxigraph's own serialisers, or as a plain-text table;
CONSTRUCT and DESCRIBE results as Turtle or N-Triples. Named queries ship as
``kg/query/queries/*.rq``, each with a header comment saying what it answers.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.iris import default_minter
from kg.namespace import PREFIXES
from kg.store import Store

__all__ = ["QueryResult", "run_query", "load_query_text", "short_text", "PROLOGUE",
           "RESULT_FORMATS"]

QUERY_DIR = Path(__file__).parent / "queries"
RESULT_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "ntriples")


def _prologue() -> str:
    prefixes = {**PREFIXES, **default_minter().prefixes()}
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())


PROLOGUE = _prologue()


class QueryResult:
    """The answer to one query: ``kind`` is ``select``, ``ask`` or ``graph``.

    The raw Oxigraph result is read once, either into :attr:`rows` (for tables and for
    library callers) or straight into a W3C serialiser.
    """

    def __init__(self, raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> None:
        self._raw = raw
        self._rows: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]] | None = None
        self.variables: list[str] = []
        self.boolean: bool | None = None
        self.triples: list[ox.Triple] = []
        if isinstance(raw, ox.QueryBoolean):
            self.kind, self.boolean = "ask", bool(raw)
        elif isinstance(raw, ox.QueryTriples):
            self.kind = "graph"
            self.triples = list(raw)
        else:
            self.kind = "select"
            self.variables = [v.value for v in raw.variables]

    @property
    def rows(self) -> list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]:
        """SELECT rows as dicts (unbound variables left out)."""
        if self._rows is None:
            if not isinstance(self._raw, ox.QuerySolutions):
                return []
            self._rows = [{v: sol[v] for v in self.variables if sol[v] is not None}
                          for sol in self._raw]
        return self._rows

    def serialize(self, fmt: str = "table") -> str:
        """Write the result as ``table``, ``json``, ``csv``, ``tsv``, ``xml`` (SELECT/ASK) or
        ``turtle``, ``ntriples`` (CONSTRUCT/DESCRIBE). A result can be serialised once."""
        if self.kind == "graph":
            if fmt in ("table", "turtle"):
                return self._graph(ox.RdfFormat.TURTLE)
            if fmt == "ntriples":
                return self._graph(ox.RdfFormat.N_TRIPLES)
            raise QueryError(f"format {fmt!r} is for SELECT/ASK; use turtle or ntriples")
        if fmt == "table":
            return self._table()
        formats = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                   "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
        if fmt not in formats:
            raise QueryError(f"format {fmt!r} is for CONSTRUCT/DESCRIBE; use {', '.join(formats)}")
        if self.kind != "ask" and self._rows is not None:
            raise QueryError("this result was already read as rows")
        return self._results(formats[fmt])

    def _results(self, fmt: ox.QueryResultsFormat) -> str:
        """SELECT or ASK results in a W3C results format."""
        raw = self._raw
        if isinstance(raw, ox.QueryTriples):  # serialize writes graphs with _graph
            raise QueryError("a CONSTRUCT/DESCRIBE result has no SPARQL results format")
        data = raw.serialize(format=fmt)
        return data.decode() if data is not None else ""

    def _graph(self, fmt: ox.RdfFormat) -> str:
        prefixes = {**PREFIXES, **default_minter().prefixes()}
        data = ox.serialize(self.triples, format=fmt,
                            prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
        return data.decode() if data else ""

    def _table(self) -> str:
        if self.kind == "ask":
            return "yes" if self.boolean else "no"
        cols = self.variables
        cells = [[_short(row.get(c)) for c in cols] for row in self.rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)


def _short(t: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    """A compact cell: prefixed names for IRIs, the lexical form for literals."""
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        for p, ns in {**PREFIXES, **default_minter().prefixes()}.items():
            if t.value.startswith(ns):
                return f"{p}:{t.value[len(ns):]}"
        return f"<{t.value}>"
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    return t.value


def short_text(value: str) -> str:
    """A compact cell for an IRI given as text (prefixed name), else the text itself.

    >>> short_text("https://w3id.org/cwkg/id/person/stalin")
    'person:stalin'
    """
    if value.startswith(("http://", "https://")):
        return _short(ox.NamedNode(value))
    return value


def load_query_text(query_or_file: str) -> str:
    """A query given inline, as a path to a ``.rq`` file, or as a named query (``wrote-to``)."""
    path = Path(query_or_file)
    named = QUERY_DIR / f"{query_or_file}.rq"
    if query_or_file.endswith(".rq") or (len(query_or_file) < 255 and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{query_or_file}: cannot read query file: {exc.strerror}") from exc
    if len(query_or_file) < 64 and named.is_file():
        return named.read_text(encoding="utf-8")
    return query_or_file


def run_query(store: Store, text: str,
              bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> QueryResult:
    """Run SPARQL (with the project's prefixes predeclared) over the union of all graphs.

    ``bindings`` gives variables their values, bound by the engine, never pasted in.
    """
    substitutions = {ox.Variable(name): value for name, value in (bindings or {}).items()}
    return QueryResult(store.query(PROLOGUE + text, substitutions=substitutions))
