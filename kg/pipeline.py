"""The only module where sources, mapping, store, validation and reasoning meet.

``build`` reads files, maps each record to its named graph and replaces that
graph in the store; one bad document is reported and the batch goes on.
``validate_store`` and ``reason_store`` run the shapes and the OWL RL rules over what
the store holds (compiled to SPARQL by default; pySHACL and owlrl are the reference
engines) and write their results into their own named graphs. Whatever ``build``
changes makes earlier inferences and validation reports stale, so it drops them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict, Unpack

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kg.errors import KgError, SourceError, check_engine
from kg.iris import Minter, default_minter
from kg.mapping.authority import Authority
from kg.mapping.labels import consolidate_labels
from kg.mapping.mapper import authority_graph, bind_prefixes, map_record
from kg.namespace import CW
from kg.reason import reference as reasonlib
from kg.sources import iter_files, read
from kg.store import Store
from kg.validate import reference as validatelib

#: Engine names: the first is the default, the second the reference implementation.
VALIDATION_ENGINES = ("sparql", "pyshacl")
REASONING_ENGINES = ("sparql", "owlrl")

__all__ = ["BuildOptions", "BuildReport", "build", "validate_store", "reason_store", "stats",
           "special_graphs", "source_graphs", "load_reference_graphs"]

Progress = Callable[[Path], None]


def special_graphs(minter: Minter) -> dict[str, URIRef]:
    """The graphs that are not source records: ontology, authority, labels (preferred names
    of minted agents, :mod:`kg.mapping.labels`), inferred, validation and measures (network
    measures as observations)."""
    return {name: minter.graph(name) for name in ("ontology", "authority", "labels", "inferred",
                                                  "validation", "measures")}


@dataclass
class BuildReport:
    """What a build did: graphs written, documents that failed, names left unresolved."""

    built: list[tuple[str, str, int]] = field(default_factory=list)  # file, graph, triples
    errors: list[SourceError] = field(default_factory=list)
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
        workers: processes that read and map files in parallel (``0``: one per core);
            default 1.
        bulk: load with Oxigraph's bulk loader instead of one transaction per record
            (default false).
    """

    authority: Authority | None
    minter: Minter | None
    now: datetime | None
    provenance: bool
    workers: int
    bulk: bool


@dataclass(frozen=True)
class _Settings:
    """:class:`BuildOptions` with every default filled in."""

    authority: Authority
    minter: Minter
    now: datetime
    provenance: bool = True
    workers: int = 1
    bulk: bool = False

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
        )


@dataclass
class _FileResult:
    """What reading and mapping one file gave: per record its graphs as N-Triples."""

    path: str
    records: list[tuple[str, int, list[str], dict[str, str]]] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)


#: The settings of the worker process (set by :func:`_init_worker`).
_WORKER: dict[str, _Settings] = {}


def _init_worker(settings: _Settings) -> None:
    _WORKER["settings"] = settings


def _map_file(path: Path) -> _FileResult:
    """Read one file and map its records (runs in a worker process when building in parallel)."""
    settings = _WORKER["settings"]
    authority, minter = settings.authority, settings.minter
    result = _FileResult(str(path))
    try:
        for record in read(path):
            if isinstance(record, SourceError):  # one bad record of many: report, go on
                result.errors.append(record)
                continue
            mapped = map_record(record, authority, minter, generated_at=settings.now,
                                provenance=settings.provenance)
            graphs = {str(mapped.graph_iri): _nt(mapped.graph)}
            prov_iri = str(minter.provenance_graph(mapped.key))
            # a rebuild without provenance drops the stale provenance graph
            graphs[prov_iri] = _nt(mapped.provenance) if mapped.provenance is not None else ""
            result.records.append((str(mapped.graph_iri), len(mapped.graph), mapped.unresolved, graphs))
    except SourceError as exc:
        exc.file = str(path)
        result.errors.append(exc)
    except (KgError, ValueError, UnicodeError, OSError) as exc:  # never lose the batch
        result.errors.append(SourceError(str(path), f"{type(exc).__name__}: {exc}"))
    return result


def _nt(graph: Graph) -> str:
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def _mapped_files(files: list[Path], settings: _Settings) -> Iterator[_FileResult]:
    """Read and map ``files``, in order: in worker processes, or in this one."""
    workers = settings.workers
    if workers > 1 and len(files) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                 initargs=(settings,)) as pool:
            yield from pool.map(_map_file, files, chunksize=max(1, len(files) // (workers * 8)))
    else:
        _init_worker(settings)
        for path in files:
            yield _map_file(path)


class _Loader:
    """Writes mapped files into the store and tells the build report.

    One transaction per record, or (``bulk``) N-Quads gathered for the bulk loader,
    the graphs being rebuilt dropped first.
    """

    def __init__(self, store: Store, bulk: bool, progress: Progress | None) -> None:
        self.store = store
        self.bulk = bulk
        self.progress = progress
        self.report = BuildReport()
        self._pending: list[str] = []  # N-Quads for the bulk loader
        self._existing = set(store.graphs()) if bulk else set()

    def write(self, result: _FileResult) -> None:
        """Write the graphs of one file (or gather them, when bulk loading)."""
        self.report.errors.extend(result.errors)
        for graph_iri, n, unresolved, graphs in result.records:
            if self.bulk:
                for iri, nt in graphs.items():
                    if iri in self._existing:
                        self.store.drop_graph(iri)
                    self._pending.append(_to_nquads(nt, iri))
            else:
                self.store.replace_graphs_nt(graphs)
            self.report.built.append((result.path, graph_iri, n))
            if unresolved:
                self.report.unresolved[result.path] = unresolved
        if self.progress:
            self.progress(Path(result.path))

    def finish(self) -> BuildReport:
        """Bulk-load what was gathered; the report of the build."""
        if self._pending:
            self.store.bulk_load_nquads("".join(self._pending))
        return self.report


def build(paths: Iterable[Path], store: Store, *, progress: Progress | None = None,
          **options: Unpack[BuildOptions]) -> BuildReport:
    """Build the named graph of every record under ``paths`` into ``store``.

    Args:
        paths: files or folders (read recursively, hidden files skipped).
        store: the store to write to.
        progress: called once per file after it is processed.
        **options: see :class:`BuildOptions`: ``authority``, ``minter``, ``now``,
            ``provenance``, ``workers`` and ``bulk`` (Oxigraph's bulk loader: several
            times faster for large builds, but not atomic: a crash can leave part of
            the load; a re-run repairs it).
    """
    settings = _Settings.of(options)
    load_reference_graphs(store, settings.authority, settings.minter)
    files = list(iter_files([Path(p) for p in paths]))
    loader = _Loader(store, settings.bulk, progress)
    for result in _mapped_files(files, settings):
        loader.write(result)
    report = loader.finish()
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


def _to_nquads(nt: str, graph_iri: str) -> str:
    """N-Triples lines of one graph as N-Quads lines in that graph."""
    suffix = f" <{graph_iri}> .\n"
    return "".join(line[:-2] + suffix for line in nt.splitlines() if line.endswith(" ."))


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
    inferred graph (replacing it). Returns how many were inferred.

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
        from kg.reason.materialize import materialize

        n = materialize(store, ontology, source_graphs(store), [str(graphs["authority"])],
                        str(graphs["inferred"]), instance_base=minter.base + "id/")
        store.oxigraph.update(f"INSERT DATA {{ GRAPH <{graphs['inferred']}> "
                              f"{{ <{graphs['inferred']}> a <{CW.InferredGraph}> }} }}")
        store.flush()
        return n + 1
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
    inferred.add((graphs["inferred"], RDF.type, CW.InferredGraph))
    store.replace_graph(graphs["inferred"], inferred)
    store.flush()
    return len(inferred)


def _subclasses(cls: URIRef) -> list[str]:
    """``cls`` and every class below it in the ontology (rdfs:subClassOf closure)."""
    from rdflib.namespace import RDFS

    ontology = validatelib.load_ontology()
    return sorted(str(c) for c in ontology.transitive_subjects(RDFS.subClassOf, cls))


def stats(store: Store, minter: Minter | None = None) -> dict[str, int | str]:
    """Counts for the summary table: sources, messages, people, organisations, triples
    asserted, of provenance (Web Annotations) and inferred, SHACL violations and warnings
    (``"-"`` when not validated). Each figure is one query, whatever the number of graphs."""
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
    inferred = store.count(graphs["inferred"]) if store.has_graph(graphs["inferred"]) else None
    validation = store.count(graphs["validation"]) if store.has_graph(graphs["validation"]) else 0
    measures = store.count(graphs["measures"]) if store.has_graph(graphs["measures"]) else 0
    out: dict[str, int | str] = {
        "sources": sources,
        "messages": messages,
        "people": people,
        "organisations": organisations,
        "triples asserted": store.count() - provenance - (inferred or 0) - validation - measures,
        "triples of provenance": provenance,
        "triples inferred": inferred if inferred is not None else "-",
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
