"""The on-disk store: an Oxigraph (pyoxigraph) database, one named graph per source.

rdflib stays the in-memory model for one document's graph, for pyshacl and for
owlrl; the store holds everything, answers SPARQL and serialises exports.
Replacing a graph is one SPARQL update (``DROP SILENT GRAPH ...; INSERT DATA
...``), which Oxigraph applies in one transaction: a reader never sees a half
written graph, and re-building a source replaces its graph instead of adding to it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from kg.errors import QueryError, RejectedDataError, StoreError
from kg.files import atomic_write

__all__ = ["Store", "DEFAULT_STORE", "generation", "GENERATION_FILE", "to_rdflib", "from_rdflib",
           "iri_problem", "term_problem", "graph_problems"]

DEFAULT_STORE = Path("kg-store")

#: A file in the store's folder that every writer renews when it closes the store, so that
#: read-only readers (the server's workers) can tell that the data changed under them.
GENERATION_FILE = "kg-generation"


def generation(path: Path | str) -> str | None:
    """What the store at ``path`` last wrote into :data:`GENERATION_FILE` (``None`` before
    any writer closed it). Two calls give the same value until a writer closes the store.
    """
    try:
        return (Path(path) / GENERATION_FILE).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None


def _renew_generation(path: Path) -> None:
    token = f"{uuid.uuid4().hex} {os.getpid()}\n".encode("ascii")

    def write(fh: IO[bytes]) -> None:
        fh.write(token)

    atomic_write(path / GENERATION_FILE, write)


def from_rdflib(term: URIRef | BNode | Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def iri_problem(iri: str) -> str | None:
    """Why the store cannot hold ``iri``, or ``None`` when it can: an IRI must be absolute
    and made of the characters RFC 3987 and N-Triples' ``IRIREF`` allow (no space, control
    character, ``" < > \\ ^ ` { | }``), with valid percent-encoding; Oxigraph's own parser decides.

    Example:
        >>> iri_problem("https://w3id.org/cwkg/id/message/wilson-112696") is None
        True
        >>> iri_problem("https://example.org/a{b}")
        "Invalid IRI code point '{'"
        >>> iri_problem("document/112696")
        'No scheme found in an absolute IRI'
    """
    try:
        iri.encode("utf-8")
        ox.NamedNode(iri)
    except UnicodeEncodeError as exc:
        return f"not valid Unicode ({exc.reason} at character {exc.start})"
    except ValueError as exc:
        return str(exc)
    return None


def term_problem(term: object) -> str | None:
    """Why the store cannot hold an rdflib term (an IRI it refuses, a literal that is not
    valid Unicode, a bad language tag or datatype), or ``None`` when it can.

    Example:
        >>> term_problem(Literal("Shtykov")) is None
        True
        >>> term_problem(Literal("lone \\ud800 surrogate"))
        'literal is not valid Unicode (surrogates not allowed at character 5)'
    """
    if isinstance(term, URIRef):
        return iri_problem(str(term))
    if not isinstance(term, Literal):
        return None
    try:
        str(term).encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"literal is not valid Unicode ({exc.reason} at character {exc.start})"
    if term.datatype is not None and (problem := iri_problem(str(term.datatype))):
        return f"datatype <{term.datatype}>: {problem}"
    try:
        from_rdflib(term)
    except ValueError as exc:
        return f"literal with language tag {term.language!r}: {exc}"
    return None


def graph_problems(graph: Graph, limit: int = 5) -> list[str]:
    """The terms of ``graph`` the store cannot hold (at most ``limit``), each shown with what
    is wrong with it: checked before a write, so that one bad record never aborts the others.

    Example:
        >>> g = Graph()
        >>> g.add((URIRef("https://example.org/d"), URIRef("http://purl.org/dc/terms/source"),
        ...        URIRef("https://example.org/a b")))  # doctest: +ELLIPSIS
        <Graph ...>
        >>> graph_problems(g)
        ["<https://example.org/a b>: Invalid IRI code point ' '"]
    """
    problems: list[str] = []
    seen: set[object] = set()
    for triple in graph:
        for term in triple:
            if term in seen:
                continue
            seen.add(term)
            problem = term_problem(term)
            if problem is not None:
                problems.append(f"{_shown(term)}: {problem}")
                if len(problems) >= limit:
                    return problems
    return problems


def _shown(term: object) -> str:
    """A term as one line for an error message (an IRI in angle brackets, a literal quoted
    and cut at 60 characters, with any character that cannot be printed escaped)."""
    text = str(term).encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(term, URIRef):
        return f"<{text}>"
    return repr(text if len(text) <= 60 else text[:59] + "…")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> URIRef | BNode | Literal:
    """A pyoxigraph term as an rdflib term.

    Raises:
        StoreError: ``term`` is an RDF-star quoted triple, which rdflib cannot hold.

    Example:
        >>> to_rdflib(ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
        rdflib.term.Literal('1', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise StoreError(f"an RDF-star quoted triple ({term}) cannot be read into rdflib")
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(dt))


class Store:
    """A named-graph store on disk (``path``) or in memory (``path=None``).

    Args:
        path: directory of the database; created if missing.
        read_only: open an existing database without taking the write lock.
    """

    def __init__(self, path: Path | str | None = DEFAULT_STORE, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._db = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no store here (run `kg build` first)")
                self._db = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._db = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc

    def close(self) -> None:
        """Release the database (and its lock); the handle is unusable afterwards."""
        db = self.__dict__.pop("_db", None)
        if db is not None and self.path is not None and not self.read_only:
            db.flush()
            _renew_generation(self.path)
        del db

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        return self._db

    # --- writing --------------------------------------------------------------------------
    def replace_graph(self, iri: URIRef | str, graph: Graph) -> int:
        """Atomically replace named graph ``iri`` with the triples of ``graph``.

        Returns:
            the number of triples written.
        """
        return self.replace_graphs({iri: graph})

    def replace_graphs(self, graphs: dict[URIRef | str, Graph]) -> int:
        """Atomically replace several named graphs at once (one transaction).

        Returns:
            the number of triples written.
        """
        self.replace_graphs_nt({str(iri): graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
                                for iri, graph in graphs.items()})
        return sum(len(g) for g in graphs.values())

    def replace_graphs_nt(self, graphs: dict[str, str]) -> None:
        """Atomically replace named graphs with N-Triples text, in one SPARQL update (so one
        Oxigraph transaction); an empty text drops the graph.

        Raises:
            RejectedDataError: the text does not parse (nothing is written).
            StoreError: the store could not be written.
        """
        parts = []
        for iri, data in graphs.items():
            parts.append(f"DROP SILENT GRAPH <{iri}>")
            if data.strip():
                parts.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{data}\n}} }}")
        try:
            self._db.update(" ;\n".join(parts))
        except (SyntaxError, ValueError, UnicodeError) as exc:
            raise RejectedDataError(f"cannot write graphs {', '.join(graphs)}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot write graphs {', '.join(graphs)}: {exc}") from exc

    def bulk_load_nquads(self, data: str) -> None:
        """Load N-Quads with Oxigraph's bulk loader (fast, not transactional).

        Raises:
            RejectedDataError: the data does not parse (what came before may be loaded).
            StoreError: the store could not be written.
        """
        try:
            self._db.bulk_load(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError, UnicodeError) as exc:
            raise RejectedDataError(f"bulk load failed: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"bulk load failed: {exc}") from exc

    def bulk_load_graphs(self, graphs: Iterable[tuple[str, str]]) -> None:
        """Bulk-load named graphs given as (graph IRI, N-Triples text) (see
        :meth:`bulk_load_nquads`)."""
        self.bulk_load_nquads("".join(f"{line[:-2]} <{iri}> .\n" for iri, nt in graphs
                                      for line in nt.splitlines() if line.endswith(" .")))

    def drop_graph(self, iri: URIRef | str) -> None:
        """Remove a named graph if it exists."""
        self._db.update(f"DROP SILENT GRAPH <{iri}>")

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        self._db.flush()

    # --- reading --------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, iri: URIRef | str) -> bool:
        """Whether the named graph exists and is not empty."""
        return any(True for _ in self._db.quads_for_pattern(None, None, None, ox.NamedNode(str(iri))))

    def count(self, graph: URIRef | str | None = None) -> int:
        """Number of quads in one graph, or in the whole store."""
        if graph is None:
            return len(self._db)
        q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        return int(next(iter(self.select(q, union=False)))["n"].value)

    def query(self, sparql: str, union: bool = True,
              substitutions: Mapping[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Evaluate SPARQL; the default graph is the union of all named graphs.

        ``substitutions`` binds variables to values (never pasted into the text).

        Raises:
            QueryError: the query does not parse or cannot be evaluated.
        """
        try:
            return self._db.query(sparql, use_default_graph_as_union=union,
                                  substitutions=dict(substitutions or {}))
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, sparql: str, union: bool = True) -> ox.QuerySolutions:
        """The solutions of a SELECT query (see :meth:`query`).

        Raises:
            QueryError: the query does not parse, cannot be evaluated or is not a SELECT.

        Example:
            >>> [row["n"].value for row in Store(None).select("SELECT (1 AS ?n) {}")]
            ['1']
        """
        result = self.query(sparql, union=union)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        return result

    def quads(self, graphs: Iterable[str] | None = None) -> Iterator[ox.Quad]:
        """Quads of the given named graphs (all when ``None``)."""
        if graphs is None:
            yield from self._db.quads_for_pattern(None, None, None)
            return
        for g in graphs:
            yield from self._db.quads_for_pattern(None, None, None, ox.NamedNode(g))

    def graph(self, iri: URIRef | str) -> Graph:
        """One named graph as an rdflib Graph."""
        g = Graph(identifier=URIRef(str(iri)))
        for q in self._db.quads_for_pattern(None, None, None, ox.NamedNode(str(iri))):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g

    def merged(self, graphs: Iterable[str] | None = None) -> Graph:
        """The triples of several named graphs (all when ``None``) as one rdflib Graph."""
        g = Graph()
        for q in self.quads(graphs):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g

    def dataset(self, graphs: Iterable[str] | None = None) -> Dataset:
        """Named graphs as an rdflib Dataset."""
        ds = Dataset()
        for q in self.quads(graphs):
            name = q.graph_name
            ctx = ds.graph(URIRef(name.value)) if isinstance(name, ox.NamedNode) else ds.default_graph
            ctx.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return ds
