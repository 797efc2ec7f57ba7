"""Exports (kg.publish.export) read back as the same RDF, and are written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import ExportError
from kg.files import atomic_write
from kg.publish.export import WRITERS, export
from kg.store import Store

#: export format -> rdflib parser name
RDFLIB_FORMATS = {
    "trig": "trig",
    "nquads": "nquads",
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
}
GRAPH_FORMATS = [name for name, (_, _, keeps_graphs) in WRITERS.items() if keeps_graphs]
TRIPLE_FORMATS = [name for name, (_, _, keeps_graphs) in WRITERS.items() if not keeps_graphs]


def _diff(expected: Graph, actual: Graph, limit: int = 20) -> str:
    """A readable report of what differs between two graphs."""
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"{len(only_expected)} triples only expected, {len(only_actual)} only in the export"]
    lines += [f"  - {' '.join(t.n3() for t in tr)}" for tr in sorted(only_expected)[:limit]]
    lines += [f"  + {' '.join(t.n3() for t in tr)}" for tr in sorted(only_actual)[:limit]]
    return "\n".join(lines)


def _named_graphs(ds: Dataset) -> dict[str, Graph]:
    """The non-empty named graphs of a dataset, by IRI, as plain graphs."""
    out = {}
    for ctx in ds.graphs():
        if len(ctx) == 0:
            continue
        g = Graph()
        for triple in ctx:
            g.add(triple)
        out[str(ctx.identifier)] = g
    return out


def _assert_same_graphs(expected: dict[str, Graph], actual: dict[str, Graph]) -> None:
    assert sorted(expected) == sorted(actual)
    for name, graph in expected.items():
        assert isomorphic(graph, actual[name]), f"graph <{name}> differs:\n{_diff(graph, actual[name])}"


@pytest.fixture(scope="module")
def store_graphs(built_store: Store) -> dict[str, Graph]:
    """Every named graph of the built store, as rdflib graphs."""
    return {iri: built_store.graph(iri) for iri in built_store.graphs()}


@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
def test_graph_format_round_trips(built_store: Store, store_graphs: dict[str, Graph],
                                  fmt: str) -> None:
    """A TriG, N-Quads or JSON-LD export parses back to the store's named graphs, each isomorphic."""
    data = export(built_store, fmt)
    ds = Dataset()
    ds.parse(data=data, format=RDFLIB_FORMATS[fmt])
    _assert_same_graphs(store_graphs, _named_graphs(ds))


@pytest.mark.parametrize("fmt", TRIPLE_FORMATS)
def test_triple_format_round_trips(built_store: Store, fmt: str) -> None:
    """A Turtle or N-Triples export parses back to the merged triples of all graphs."""
    expected = built_store.merged()
    actual = Graph().parse(data=export(built_store, fmt), format=RDFLIB_FORMATS[fmt])
    assert len(expected) == len(actual)
    assert isomorphic(expected, actual), _diff(expected, actual)


def test_every_format_is_tested() -> None:
    """Every writer in the registry is covered by one of the round-trip tests."""
    assert sorted(WRITERS) == sorted([*GRAPH_FORMATS, *TRIPLE_FORMATS])
    assert sorted(WRITERS) == sorted(RDFLIB_FORMATS)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_export_to_file_equals_bytes(built_store: Store, tmp_path: Path, fmt: str) -> None:
    """Exporting to a file writes exactly the bytes returned in memory, and no temp file."""
    out = tmp_path / f"kg{WRITERS[fmt][1]}"
    assert export(built_store, fmt, out) is None
    assert export(built_store, fmt) == out.read_bytes()
    assert [out.name] == sorted(p.name for p in tmp_path.iterdir())


def test_export_selected_graphs(built_store: Store, store_graphs: dict[str, Graph]) -> None:
    """Exporting a selection of graphs writes those graphs and no other."""
    name = next(iri for iri in store_graphs if iri.endswith("/wilson-112696"))
    ds = Dataset()
    ds.parse(data=export(built_store, "nquads", graphs=[name]), format="nquads")
    _assert_same_graphs({name: store_graphs[name]}, _named_graphs(ds))


@pytest.mark.slow
def test_jsonld_round_trips_through_pyld(built_store: Store,
                                         store_graphs: dict[str, Graph]) -> None:
    """pyld's toRDF of the JSON-LD export gives N-Quads isomorphic to the store, graph by graph."""

    def no_network(url: str, options: dict | None = None) -> dict:
        raise AssertionError(f"the export must not need a remote context: {url}")

    doc = json.loads(export(built_store, "jsonld"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": no_network})
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    _assert_same_graphs(store_graphs, _named_graphs(ds))


def test_jsonld_keeps_every_term(built_store: Store) -> None:
    """pyld's expansion of the JSON-LD export drops no key: every property expands to an IRI."""
    doc = json.loads(export(built_store, "jsonld"))
    expanded = jsonld.expand(doc, {"documentLoader": lambda url, options=None: {}})

    def keys(node: object) -> set[str]:
        if isinstance(node, list):
            return set().union(*(keys(n) for n in node)) if node else set()
        if isinstance(node, dict):
            out = {k for k in node if not k.startswith("@")}
            return out.union(*(keys(v) for v in node.values()))
        return set()

    not_iris = sorted(k for k in keys(expanded) if not k.startswith(("http://", "https://")))
    assert [] == not_iris


def test_unknown_format_raises(built_store: Store, tmp_path: Path) -> None:
    """An unknown format name raises ExportError and writes nothing."""
    with pytest.raises(ExportError, match="unknown export format 'rdfxml'"):
        export(built_store, "rdfxml", tmp_path / "kg.rdf")
    assert [] == list(tmp_path.iterdir())


def test_failing_writer_leaves_nothing(tmp_path: Path) -> None:
    """A writer that fails half way leaves neither the file nor a temporary file behind."""

    def write(fh) -> None:
        fh.write(b"<a> <b> <c> .\n")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        atomic_write(tmp_path / "kg.nt", write)
    assert [] == list(tmp_path.iterdir())


def test_failing_writer_keeps_old_file(tmp_path: Path) -> None:
    """A writer that fails over an existing file leaves the old content and no temporary file."""
    out = tmp_path / "kg.nt"
    out.write_bytes(b"old\n")

    def write(fh) -> None:
        fh.write(b"new, half written")
        raise ValueError("cannot serialise")

    with pytest.raises(ValueError, match="cannot serialise"):
        atomic_write(out, write)
    assert b"old\n" == out.read_bytes()
    assert ["kg.nt"] == sorted(p.name for p in tmp_path.iterdir())


def test_atomic_write_creates_folder(tmp_path: Path) -> None:
    """atomic_write creates missing parent folders and writes the whole content."""
    out = tmp_path / "a" / "b" / "kg.nt"
    atomic_write(out, lambda fh: fh.write(b"<urn:a> <urn:b> <urn:c> .\n"))
    assert b"<urn:a> <urn:b> <urn:c> .\n" == out.read_bytes()
    assert ["kg.nt"] == sorted(p.name for p in out.parent.iterdir())


def test_export_graph_names_are_iris(built_store: Store) -> None:
    """The named graphs of a TriG export are the store's graph IRIs."""
    ds = Dataset()
    ds.parse(data=export(built_store, "trig"), format="trig")
    names = sorted(str(c.identifier) for c in ds.graphs() if len(c))
    assert built_store.graphs() == names
    assert all(isinstance(c.identifier, URIRef) for c in ds.graphs())
