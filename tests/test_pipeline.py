"""Build, rebuild, bad input, validation and reasoning through the on-disk store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.iris import Minter
from kg.namespace import CW
from kg.pipeline import build, reason_store, source_graphs, special_graphs, stats, validate_store
from kg.store import Store

M = Minter()
GRAPHS = special_graphs(M)
SAMPLE_GRAPH = str(M.graph("wilson-112696"))


def _bad_folder(tmp_path: Path, sample_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sample_path, folder / "112696.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)))
    (folder / "no-title.txt").write_text("October 9, 1950\n\nSummary:\n\nWritten for testing.\n")
    return folder


def test_build_writes_one_named_graph_per_record(store: Store, sample_path: Path) -> None:
    """The sample becomes one source graph (and its provenance graph) beside the ontology
    and authority graphs."""
    report = build([sample_path], store)
    assert [SAMPLE_GRAPH] == source_graphs(store)
    assert {SAMPLE_GRAPH, SAMPLE_GRAPH + "-provenance", str(GRAPHS["ontology"]),
            str(GRAPHS["authority"])} == set(store.graphs())
    assert report.triples == store.count(SAMPLE_GRAPH)


def test_rebuild_replaces_and_never_duplicates(store: Store, sample_path: Path) -> None:
    """Building the same record twice leaves the same graph, with nothing duplicated."""
    build([sample_path], store)
    first = store.count()
    build([sample_path], store)
    assert first == store.count()
    assert 1 == len(source_graphs(store))


def test_bad_files_are_reported_and_the_rest_is_built(store: Store, sample_path: Path,
                                                       tmp_path: Path) -> None:
    """Empty, binary and title-less files are errors naming the file; the sample is built."""
    report = build([_bad_folder(tmp_path, sample_path)], store)
    failed = sorted(Path(e.file).name for e in report.errors)
    assert ["binary.txt", "empty.txt", "no-title.txt"] == failed
    assert [SAMPLE_GRAPH] == source_graphs(store)


def test_validation_reports_the_copy_count_warning(store: Store, sample_path: Path) -> None:
    """The sample conforms, with one warning: 11 copies declared, 8 listed."""
    build([sample_path], store)
    result = validate_store(store)
    assert (True, 0) == (result.conforms, len(result.violations))
    assert 1 == len(result.warnings)
    assert "Listed copies (8) differ from the declared total (11)" == result.warnings[0].message
    assert store.has_graph(GRAPHS["validation"])


def test_inferred_triples_live_only_in_the_inferred_graph(built_store: Store) -> None:
    """wroteTo and relayedBy are in the inferred graph and in no asserted graph."""
    inferred = built_store.graph(GRAPHS["inferred"])
    kim, stalin, shtykov = M.person("kim-il-sung"), M.person("stalin"), M.person("shtykov")
    letter = M.message("wilson-112696-letter")
    for triple in [(kim, CW.wroteTo, stalin), (shtykov, CW.wroteTo, stalin),
                   (letter, CW.relayedBy, shtykov)]:
        assert triple in inferred
        for g in built_store.graphs():
            if g != str(GRAPHS["inferred"]):
                assert triple not in built_store.graph(g), (triple, g)


def test_reasoning_is_idempotent(store: Store, sample_path: Path) -> None:
    """Reasoning twice gives the same inferred graph."""
    build([sample_path], store)
    first = reason_store(store)
    assert first == reason_store(store)
    assert first == store.count(GRAPHS["inferred"])


def test_build_drops_stale_inferences(store: Store, sample_path: Path) -> None:
    """A build after reasoning removes the now stale inferred and validation graphs."""
    build([sample_path], store)
    reason_store(store)
    validate_store(store)
    build([sample_path], store)
    assert not store.has_graph(GRAPHS["inferred"])
    assert not store.has_graph(GRAPHS["validation"])


def test_stats(built_store: Store) -> None:
    """The summary counts sources, messages, people, organisations and triples."""
    figures = stats(built_store)
    assert (1, 2, 11, 2) == (figures["sources"], figures["messages"], figures["people"],
                             figures["organisations"])
    assert figures["triples inferred"] == built_store.count(GRAPHS["inferred"])


def test_store_survives_reopening(tmp_path: Path, sample_path: Path) -> None:
    """The store is on disk: a new process (here a new handle) sees what was built."""
    path = tmp_path / "st"
    st = Store(path)
    build([sample_path], st)
    n = st.count()
    del st
    assert n == Store(path, read_only=True).count()


def _graphs(store: Store) -> dict[str, object]:
    from rdflib.compare import to_isomorphic

    return {g: to_isomorphic(store.graph(g)) for g in store.graphs()}


@pytest.mark.slow
def test_parallel_and_bulk_builds_equal_the_serial_build(tmp_path: Path, sample_path: Path) -> None:
    """Two workers, and the bulk loader, write exactly the graphs of a serial build."""
    from datetime import UTC, datetime

    heldout = Path(__file__).parent / "fixtures" / "wilson-heldout" / "records"
    now = datetime(2026, 1, 1, tzinfo=UTC)
    serial, parallel, bulk = (Store(tmp_path / name) for name in ("serial", "parallel", "bulk"))
    build([sample_path, heldout], serial, now=now)
    build([sample_path, heldout], parallel, now=now, workers=2)
    build([sample_path, heldout], bulk, now=now, workers=2, bulk=True)
    expected = _graphs(serial)
    assert 3 + 2 * 21 == len(expected)  # ontology, authority, labels, 21 records with provenance
    assert expected == _graphs(parallel)
    assert expected == _graphs(bulk)


def test_bulk_rebuild_replaces(tmp_path: Path, sample_path: Path) -> None:
    """A bulk rebuild drops the graphs it rebuilds first: nothing is duplicated."""
    store = Store(tmp_path / "st")
    build([sample_path], store, bulk=True)
    first = store.count()
    build([sample_path], store, bulk=True)
    assert first == store.count()


def test_parallel_build_reports_bad_files_from_workers(tmp_path: Path, sample_path: Path) -> None:
    """A folder with files that are not records builds with two workers: the errors come back
    from the worker processes (SourceError pickles) and the good record is built."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(sample_path.read_bytes())
    (folder / "notes.md").write_text("# Written for testing coldwar-kg: not a record\n")
    (folder / "empty.txt").write_text("")
    report = build([folder], Store(tmp_path / "st"), workers=2, provenance=False)
    assert (1, ["empty.txt", "notes.md"]) == (len(report.built), sorted(Path(e.file).name for e in report.errors))
