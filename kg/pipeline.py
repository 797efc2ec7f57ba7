"""The only module where sources, mapping, store, validation and reasoning meet.

``build`` reads files, maps each record to its named graph and replaces that
graph in the store; a file or record that cannot be read, mapped or stored (or takes too
long) is reported with its file and place, and the batch goes on.
``validate_store`` and ``reason_store`` run the shapes and the OWL RL rules over what
the store holds (compiled to SPARQL by default; pySHACL and owlrl are the reference
engines) and write their results into their own named graphs. Whatever ``build``
changes makes earlier inferences and validation reports stale, so it drops them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from pathlib import Path
from typing import TypedDict, Unpack

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.errors import RejectedDataError, SourceError, check_engine
from kg.iris import Minter, default_minter
from kg.mapping.authority import Authority
from kg.mapping.labels import consolidate_labels
from kg.mapping.mapper import authority_graph, bind_prefixes, map_record, record_key
from kg.namespace import CW
from kg.reason import reference as reasonlib
from kg.reason.materialize import is_marked, materialize, replace_inferred
from kg.records import SourceRecord
from kg.sources import iter_files, read, time_limit
from kg.sources.frus.trace import segment_line
from kg.store import Store, from_rdflib, graph_problems
from kg.validate import reference as validatelib

#: Engine names: the first is the default, the second the reference implementation.
VALIDATION_ENGINES = ("sparql", "pyshacl")
REASONING_ENGINES = ("sparql", "owlrl")

__all__ = ["BuildOptions", "BuildReport", "build", "validate_store", "reason_store", "stats",
           "special_graphs", "source_graphs", "load_reference_graphs", "FILE_TIME_LIMIT"]

Progress = Callable[[Path], None]

#: Seconds one file may take to be read and mapped (``kg build --file-time-limit``).
FILE_TIME_LIMIT = 120.0


def special_graphs(minter: Minter) -> dict[str, URIRef]:
    """The graphs that are not source records: ontology, authority, labels (preferred names
    of minted agents, :mod:`kg.mapping.labels`), inferred, validation and measures (network
    measures as observations)."""
    return {name: minter.graph(name) for name in ("ontology", "authority", "labels", "inferred",
                                                  "validation", "measures")}


@dataclass
class BuildReport:
    """What a build did: graphs written, inputs that failed (a file, or one record of it),
    values left out of a record that was built (``warnings``), names left unresolved."""

    built: list[tuple[str, str, int]] = field(default_factory=list)  # file, graph, triples
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)
    unresolved: dict[str, list[str]] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        """Triples written into source graphs."""
        return sum(n for _, _, n in self.built)


def load_reference_graphs(store: Store, authority: Authority, minter: Minter) -> None:
    """(Re)write the ontology and authority graphs from ``ontology/`` and ``data/authority``."""
    graphs = special_graphs(minter)
    store.replace_graph(graphs["ontology"], validatelib.load_ontology())
    store.replace_graph(graphs["authority"], authority_graph(authority, minter))


class BuildOptions(TypedDict, total=False):
    """The keyword options of :func:`build`, each optional.

    Attributes:
        authority: name tables (default: ``data/authority``).
        minter: IRI minter (default: ``KG_BASE`` or ``https://w3id.org/cwkg/``).
        now: build time recorded as ``prov:generatedAtTime`` (default: the current time).
        provenance: also write each record's provenance graph (Web Annotations of the
            quotes every fact was read from; needed by ``kg explain``); default true.
        workers: processes reading and mapping files in parallel (``0``: one per core); 1.
        bulk: Oxigraph's bulk loader instead of one transaction per record; default false.
        file_time_limit: seconds one file may take to be read and mapped before it is
            reported as failed (``0``: no limit); default :data:`FILE_TIME_LIMIT`.
    """

    authority: Authority | None
    minter: Minter | None
    now: datetime | None
    provenance: bool
    workers: int
    bulk: bool
    file_time_limit: float


@dataclass(frozen=True)
class _Settings:
    """:class:`BuildOptions` with every default filled in."""

    authority: Authority
    minter: Minter
    now: datetime
    provenance: bool = True
    workers: int = 1
    bulk: bool = False
    file_time_limit: float = FILE_TIME_LIMIT

    @classmethod
    def of(cls, options: BuildOptions) -> _Settings:
        """Fill in the defaults (loads the authority tables when none are given)."""
        return cls(
            authority=options.get("authority") or Authority.load(),
            minter=options.get("minter") or default_minter(),
            now=options.get("now") or datetime.now(UTC).replace(microsecond=0),
            provenance=options.get("provenance", True),
            workers=options.get("workers", 1) or os.cpu_count() or 1,
            bulk=options.get("bulk", False),
            file_time_limit=options.get("file_time_limit", FILE_TIME_LIMIT),
        )


@dataclass(frozen=True)
class _Mapped:
    """One record mapped: its graphs as N-Triples (an empty text drops a stale graph)."""

    key: str
    graph: str
    place: str
    triples: int
    unresolved: list[str]
    graphs: dict[str, str]


@dataclass
class _FileResult:
    """What reading and mapping one file gave: its records mapped, its errors and warnings."""

    path: str
    records: list[_Mapped] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)


#: The settings of the worker process (set by :func:`_init_worker`).
_WORKER: dict[str, _Settings] = {}


def _init_worker(settings: _Settings) -> None:
    _WORKER["settings"] = settings


def _map_file(path: Path) -> _FileResult:
    """Read one file and map its records (in a worker process when building in parallel).
    Whatever goes wrong is this file's error or one record's, never the batch's (a reader's
    bug too, with its type; the time limit); the records mapped before it are kept (a FRUS
    volume hands on its records once it is read)."""
    settings = _WORKER["settings"]
    result, n = _FileResult(str(path)), 0
    try:
        with time_limit(path, settings.file_time_limit):
            for n, item in enumerate(read(path), start=1):
                if isinstance(item, SourceError):  # one bad record of many: report, go on
                    result.errors.append(item.naming(str(path)))
                else:
                    _map_one(item, _place(item, n), result, settings)
    except SourceError as exc:
        result.errors.append(SourceError(str(path), exc.message,
                                         exc.location or (f"after record {n}" if n else None)))
    except Exception as exc:  # a reader's bug is still this file's failure, never the batch's
        result.errors.append(SourceError(str(path), f"{type(exc).__name__}: {exc}",
                                         f"after record {n}" if n else None))
    if not result.records and not result.errors:
        result.errors.append(SourceError(str(path), "no record in this file"))
    return result


def _place(record: SourceRecord, n: int) -> str:
    """Where a record is: its number in the file, its key and the line of its title."""
    span = record.span_of("title")
    line = f", line {record.text.count(chr(10), 0, span.start) + 1}" if span and record.text else ""
    if span is not None and (in_file := segment_line(record.evidence, span.start)) is not None:
        line = f", line {in_file}"  # a FRUS record's text is its traced elements
    return f"record {n} ({record_key(record)}{line})"


def _map_one(record: SourceRecord, place: str, result: _FileResult, settings: _Settings) -> None:
    """Map one record into ``result``; every term is checked before anything is written, so
    that a value the store cannot hold fails this record only."""
    try:
        mapped = map_record(record, settings.authority, settings.minter,
                            generated_at=settings.now, provenance=settings.provenance)
        problems = graph_problems(mapped.graph)
        if mapped.provenance is not None:
            problems += graph_problems(mapped.provenance)
        if problems:
            result.errors.append(SourceError(result.path, "the store cannot hold "
                                             + "; ".join(problems), place))
            return
        graphs = {str(mapped.graph_iri): mapped.graph.serialize(format="nt"),
                  # a rebuild without provenance drops the stale provenance graph
                  str(settings.minter.provenance_graph(mapped.key)):
                      mapped.provenance.serialize(format="nt") if mapped.provenance else ""}
    except Exception as exc:  # a mapping bug fails this record, not the file or the batch
        result.errors.append(SourceError(result.path, f"{type(exc).__name__}: {exc}", place))
        return
    result.warnings.extend(SourceError(result.path, w, place) for w in mapped.warnings)
    result.records.append(_Mapped(mapped.key, str(mapped.graph_iri), place, len(mapped.graph),
                                  mapped.unresolved, graphs))


def _mapped_files(files: list[Path], settings: _Settings) -> Iterator[_FileResult]:
    """Read and map ``files``, in order: in this process, or in worker processes. A worker
    that dies (killed, out of memory, crashed) breaks the pool: the first file without a
    result is read again alone (its death there is that file's error), the rest in a new
    pool; nothing is lost."""
    if settings.workers <= 1 or len(files) <= 1:
        _init_worker(settings)
        yield from map(_map_file, files)
        return
    pending = list(files)
    while pending:
        done = 0
        try:
            with _pool(settings, settings.workers) as pool:
                chunk = max(1, len(pending) // (settings.workers * 8))
                for result in pool.map(_map_file, pending, chunksize=chunk):
                    done += 1
                    yield result
            return
        except BrokenProcessPool:
            if done < len(pending):
                yield _alone(pending[done], settings)
            pending = pending[done + 1:]


def _alone(path: Path, settings: _Settings) -> _FileResult:
    """Read and map one file in a process of its own."""
    try:
        with _pool(settings, 1) as pool:
            return pool.submit(_map_file, path).result()
    except BrokenProcessPool:
        why = "the process reading this file died (killed, out of memory or crashed)"
        return _FileResult(str(path), errors=[SourceError(str(path), why)])


def _pool(settings: _Settings, workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, get_context("fork"), _init_worker, (settings,))


class _Loader:
    """Writes mapped records into the store (one transaction each, or gathered for the bulk
    loader, the graphs being rebuilt dropped first) and tells the build report. A record
    with the graph of one already written (the same record id twice) is an error naming
    both; a record the store refuses is that record's error."""

    def __init__(self, store: Store, bulk: bool, report: BuildReport) -> None:
        self.store = store
        self.bulk = bulk
        self.report = report
        self._pending: list[tuple[str, _Mapped]] = []  # records for the bulk loader
        self._existing = set(store.graphs()) if bulk else set()
        self._first: dict[str, str] = {}  # graph -> the file and place of its record

    def write(self, result: _FileResult) -> None:
        """Write the records of one file (or gather them, when bulk loading)."""
        self.report.errors.extend(result.errors)
        self.report.warnings.extend(result.warnings)
        for mapped in result.records:
            where = f"{result.path}:{mapped.place}"
            first = self._first.setdefault(mapped.graph, where)
            if first != where:
                self.report.errors.append(SourceError(
                    result.path, f"duplicate record id: the same record as {first}, which is "
                                 "built; this one is not", mapped.place))
            elif self.bulk:
                for iri in mapped.graphs.keys() & self._existing:
                    self.store.drop_graph(iri)
                self._pending.append((result.path, mapped))
            else:
                self._store(result.path, mapped)

    def _store(self, path: str, mapped: _Mapped) -> None:
        """Replace the record's graphs in one transaction."""
        try:
            self.store.replace_graphs_nt(mapped.graphs)
        except RejectedDataError as exc:
            self.report.errors.append(SourceError(path, f"the store refused the record: {exc}",
                                                  mapped.place))
        else:
            self._built(path, mapped)

    def _built(self, path: str, mapped: _Mapped) -> None:
        self.report.built.append((path, mapped.graph, mapped.triples))
        if mapped.unresolved:
            names = self.report.unresolved.setdefault(path, [])
            names.extend(n for n in mapped.unresolved if n not in names)

    def finish(self) -> None:
        """Bulk-load what was gathered; if the loader refuses it, write each record in its
        own transaction, so that the one it refused is named and the others are written."""
        if not self._pending:
            return
        try:
            self.store.bulk_load_graphs(graph for _, mapped in self._pending
                                        for graph in mapped.graphs.items())
        except RejectedDataError:
            for path, mapped in self._pending:
                self._store(path, mapped)
        else:
            for path, mapped in self._pending:
                self._built(path, mapped)


def build(paths: Iterable[Path], store: Store, *, progress: Progress | None = None,
          report: BuildReport | None = None, **options: Unpack[BuildOptions]) -> BuildReport:
    """Build the named graph of every record under ``paths`` into ``store``; a file or record
    that cannot be read, mapped or stored is one of the report's ``errors`` (with its file and
    place), and the rest is built.

    Args:
        paths: files or folders (read recursively, hidden files skipped).
        store: the store to write to.
        progress: called once per file after it is processed.
        report: the report to fill in (default: a new one): the caller keeps the errors met
            before a failure of the run itself (a store that cannot be written).
        **options: see :class:`BuildOptions` (``bulk``: several times faster for large builds,
            but not atomic: a crash can leave part of the load; a re-run repairs it).
    """
    settings = _Settings.of(options)
    report = BuildReport() if report is None else report
    load_reference_graphs(store, settings.authority, settings.minter)
    files = list(iter_files([Path(p) for p in paths]))
    loader = _Loader(store, settings.bulk, report)
    for result in _mapped_files(files, settings):
        loader.write(result)
        if progress:
            progress(Path(result.path))
    loader.finish()
    if report.built:
        _refresh_derived_graphs(store, settings.minter)
    store.flush()
    return report


def _refresh_derived_graphs(store: Store, minter: Minter) -> None:
    """After a build: recompute the labels; drop the inferences, the validation report and
    the network measures, which describe the old graph."""
    graphs = special_graphs(minter)
    consolidate_labels(store, graphs["labels"], graphs["authority"])
    store.drop_graph(graphs["inferred"])
    store.drop_graph(graphs["validation"])
    store.drop_graph(graphs["measures"])


def source_graphs(store: Store) -> list[str]:
    """IRIs of the graphs that hold one source record each."""
    q = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{CW.SourceGraph}> }} }} ORDER BY ?g"
    return [row["g"].value for row in store.select(q, union=False)]


ENGINES = ("sparql", "owlrl", "pyshacl")


def validate_store(store: Store, minter: Minter | None = None,
                   engine: str = "sparql") -> validatelib.ValidationResult:
    """Validate the asserted graphs (sources and authority) against ``shapes/``; the report
    is written to the validation graph.

    Args:
        engine: ``sparql`` (default: the shapes compiled to SPARQL and run inside Oxigraph,
            tested to give pyshacl's results) or ``pyshacl`` (the reference).
    """
    check_engine(engine, VALIDATION_ENGINES, "validation")
    minter = minter or default_minter()
    graphs = special_graphs(minter)
    targets = [*source_graphs(store), str(graphs["authority"]), str(graphs["labels"])]
    if engine == "sparql":
        from kg.validate.sparql import validate_store_sparql

        result = validate_store_sparql(store, targets, ontology=validatelib.load_ontology())
        store.replace_graph(graphs["validation"], result.report)
        store.flush()
        return result
    data = store.merged(targets)
    result = validatelib.validate(data, ontology=validatelib.load_ontology())
    store.replace_graph(graphs["validation"], result.report)
    store.flush()
    return result


def reason_store(store: Store, minter: Minter | None = None, batch_size: int = 200,
                 progress: Callable[[int], None] | None = None, engine: str = "sparql") -> int:
    """Run OWL RL over ontology + authority + sources; write only the new triples to the
    inferred graph (replacing it), with its marker ``<inferred> a cw:InferredGraph``, in one
    transaction (a crash leaves the old graph or the new complete one). Returns how many
    triples the inferred graph holds, the marker included.

    Args:
        engine: ``sparql`` (default: the ontology's axioms compiled to SPARQL updates run
            inside Oxigraph, tested to give owlrl's triples) or ``owlrl`` (the reference,
            batched; slow on large stores).
    """
    check_engine(engine, REASONING_ENGINES, "reasoning")
    minter = minter or default_minter()
    graphs = special_graphs(minter)
    ontology = validatelib.load_ontology()
    if engine == "sparql":
        n = materialize(store, ontology, source_graphs(store), [str(graphs["authority"])],
                        str(graphs["inferred"]), instance_base=minter.base + "id/", marked=True)
        store.flush()
        return n
    authority = store.graph(graphs["authority"])
    inferred = bind_prefixes(Graph(), minter)

    def docs() -> Iterator[Graph]:
        for iri in source_graphs(store):
            g = store.graph(iri)
            g += authority
            yield g

    for batch in reasonlib.infer_batched(docs(), ontology, batch_size=batch_size,
                                         instance_base=minter.base + "id/"):
        inferred += batch
        if progress:
            progress(len(batch))
    inferred -= authority
    n = replace_inferred(store, str(graphs["inferred"]),
                         ((from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in inferred))  # type: ignore[arg-type]
    store.flush()
    return n


def _subclasses(cls: URIRef) -> list[str]:
    """``cls`` and every class below it in the ontology (rdfs:subClassOf closure)."""
    from rdflib.namespace import RDFS

    ontology = validatelib.load_ontology()
    return sorted(str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, cls))


def stats(store: Store, minter: Minter | None = None) -> dict[str, int | str]:
    """Counts for the summary table: sources, messages, people, organisations, triples
    asserted, of provenance (Web Annotations) and inferred, SHACL violations and warnings
    (``"-"`` when not validated; inferred: ``"-"`` when not reasoned, ``"incomplete"`` when the
    inferred graph lacks its marker). Each figure is one query, whatever the number of graphs."""
    minter = minter or default_minter()
    graphs = special_graphs(minter)

    def one(query: str) -> int:
        return int(next(iter(store.select(query, union=False)))["n"].value)

    def values(cls: URIRef) -> str:
        return " ".join(f"<{c}>" for c in _subclasses(cls))

    sources = one(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{CW.SourceGraph}> }} }}")
    messages = one(f"SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH ?g {{ ?m <{CW.sourceFile}> ?f ; "
                   f"a ?c }} VALUES ?c {{ {values(CW.Message)} }} }}")
    # agents a source record names: its roles, and through its events, entries and requests
    agents = ("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{src}> . ?x ?p ?a }} "
              "GRAPH ?h {{ ?a a ?c }} VALUES ?c {{ {classes} }} }}")
    people = one(agents.format(src=CW.SourceGraph, classes=values(CW.Person)))
    organisations = one(agents.format(src=CW.SourceGraph, classes=values(CW.Organization)))
    provenance = one("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                     "FILTER(STRENDS(STR(?g), \"-provenance\")) }")
    inferred = store.count(graphs["inferred"]) if store.has_graph(graphs["inferred"]) else 0
    validation = store.count(graphs["validation"]) if store.has_graph(graphs["validation"]) else 0
    measures = store.count(graphs["measures"]) if store.has_graph(graphs["measures"]) else 0
    out: dict[str, int | str] = {
        "sources": sources,
        "messages": messages,
        "people": people,
        "organisations": organisations,
        "triples asserted": store.count() - provenance - inferred - validation - measures,
        "triples of provenance": provenance,
        "triples inferred": (inferred if is_marked(store, str(graphs["inferred"])) else "incomplete")
                            if inferred else "-",
        "triples of network measures": measures,
    }
    if store.has_graph(graphs["validation"]):
        for label, severity in (("SHACL violations", SH.Violation), ("SHACL warnings", SH.Warning)):
            q = (f"SELECT (COUNT(?r) AS ?n) WHERE {{ GRAPH <{graphs['validation']}> "
                 f"{{ ?r <{SH.resultSeverity}> <{severity}> }} }}")
            out[label] = int(next(iter(store.select(q)))["n"].value)
    else:
        out["SHACL violations"] = out["SHACL warnings"] = "-"
    return out
