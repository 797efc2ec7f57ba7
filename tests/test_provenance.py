"""Every extracted fact is traceable: each annotation's quote is found at its offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.cli import cli
from kg.errors import QueryError
from kg.iris import Minter
from kg.mapping.mapper import map_record
from kg.namespace import CW, OA
from kg.pipeline import build
from kg.query.explain import explain, unresolved
from kg.sources import read
from kg.store import Store

M = Minter()


def _annotations(graph: Graph) -> list[tuple[str, int, int, int]]:
    """(exact, start, end, line) of every annotation in a provenance graph."""
    out = []
    for anno in graph.subjects(RDF.type, OA.Annotation):
        target = graph.value(anno, OA.hasTarget)
        exact = start = end = None
        for sel in graph.objects(target, OA.hasSelector):
            if (sel, RDF.type, OA.TextQuoteSelector) in graph:
                exact = str(graph.value(sel, OA.exact))
            else:
                start, end = int(graph.value(sel, OA.start)), int(graph.value(sel, OA.end))
        out.append((exact, start, end, int(graph.value(target, CW.sourceLine))))
        assert list(graph.objects(anno, OA.hasBody)), anno  # every quote supports a statement
    return out


def test_no_provenance_build_writes_none(tmp_path: Path, sample_path: Path) -> None:
    """build(provenance=False) writes the source graph only, and drops an older provenance graph."""
    store = Store(tmp_path / "st")
    build([sample_path], store)
    assert store.has_graph(M.graph("wilson-112696-provenance"))
    build([sample_path], store, provenance=False)
    assert not store.has_graph(M.graph("wilson-112696-provenance"))
    assert store.has_graph(M.graph("wilson-112696"))


def _check_file(path: Path, authority, minter) -> int:
    text = path.read_bytes().decode("utf-8")
    checked = 0
    for record in read(path):
        assert not isinstance(record, Exception), record
        mapped = map_record(record, authority, minter)
        for exact, start, end, line in _annotations(mapped.provenance):
            assert exact == text[start:end], (path.name, start, end)
            assert line == text.count("\n", 0, start) + 1
            checked += 1
    return checked


def test_sample_quotes_are_at_their_offsets(sample_path, authority, minter) -> None:
    """In the sample every annotation's exact quote equals the file's text at its offsets."""
    assert _check_file(sample_path, authority, minter) > 40


@pytest.mark.corpus
def test_dev_set_quotes_are_at_their_offsets(corpus, authority, minter) -> None:
    """For every record of the dev set (both layouts), every quote is at its offsets."""
    files = sorted((corpus / "wilson" / "records").glob("*.txt"))
    counts = {f.name: _check_file(f, authority, minter) for f in files}
    assert 25 == len(counts)
    assert all(n > 5 for n in counts.values()), counts


@pytest.mark.corpus
def test_csv_quotes_are_at_their_offsets(corpus, authority, minter) -> None:
    """In the scraper CSV too, quotes are slices of the file at their offsets."""
    path = corpus / "wilson-center" / "wilson_archive_sample_2910f69.csv"
    assert _check_file(path, authority, minter) >= 11 * 5


def test_roles_are_traced_to_the_title(built_store: Store) -> None:
    """The carrier's sender is traced to "Shitykov" in the title, the clerk to "Morozov"."""
    facts = explain(built_store, "msg:wilson-112696")
    quotes = {(f.predicate.replace("#", "/").rsplit("/", 1)[-1], f.quote) for f in facts}
    assert ("sender", "Shitykov") in quotes
    assert ("wasAssociatedWith", "Morozov") in quotes
    assert ("atLocalTime", "Sent by wire on 10/09/50 at 7:05 a.m.") in quotes
    assert ("copyRecipient", "Kaganovich") in quotes
    assert ("unitText", "200-300 pilots") in quotes


def test_explain_cli_shows_each_fact_with_its_quote(built_store: Store) -> None:
    """`kg explain msg:...` prints facts with lines and quotes; an unknown IRI exits 2."""
    path = str(built_store.path)
    built_store_path = Path(path)
    runner = CliRunner()
    # the shared store is open in this process; explain through a copy of it
    import shutil
    import tempfile
    copy = Path(tempfile.mkdtemp()) / "st"
    shutil.copytree(built_store_path, copy)
    result = runner.invoke(cli, ["--store", str(copy), "explain", "msg:wilson-112696"])
    assert 0 == result.exit_code, result.output
    assert "« Shitykov »" in result.output and "line 34" in result.output
    result = runner.invoke(cli, ["--store", str(copy), "explain", "msg:nothing-here"])
    assert 2 == result.exit_code


def test_unresolved_names_are_listed_with_file_and_line(tmp_path: Path) -> None:
    """A name no table knows is its own agent, listed with its file, line and printed form."""
    record = tmp_path / "t.txt"
    record.write_text("October 1, 1950\n\nTelegram from Ivan Zzyzxov to Stalin\n\nSummary:\n\n"
                      "Written for testing coldwar-kg; not archive text.\n", encoding="utf-8")
    store = Store(tmp_path / "st")
    build([record], store)
    rows = unresolved(store)
    assert [("Ivan Zzyzxov", "t.txt", 3, "Ivan Zzyzxov")] == [(r.label, r.file, r.line, r.quote) for r in rows]
    assert URIRef(M.person("ivan-zzyzxov")) == URIRef(rows[0].agent)
    store.close()
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "st"), "report", "unresolved",
                                      "--format", "csv"])
    assert f"Ivan Zzyzxov,t.txt,{M.message('wilson-t')},3,Ivan Zzyzxov" in result.output


def test_unresolved_names_name_file_and_document_without_provenance(tmp_path: Path) -> None:
    """A store built without provenance keeps no line or quote, but every unresolved name
    still names its file and the document (the record's own message, not one it carries),
    once per file."""
    for n in (1, 2):
        (tmp_path / f"t{n}.txt").write_text(
            f"October {n}, 1950\n\nTelegram from Ivan Zzyzxov to Stalin transmitting a Letter "
            "from Pyotr Qwertin to Stalin\n\nSummary:\n\nWritten for testing coldwar-kg; not archive "
            "text.\n", encoding="utf-8")
    store = Store(tmp_path / "st")
    build([tmp_path / "t1.txt", tmp_path / "t2.txt"], store, provenance=False)
    rows = [(r.label, r.file, r.document, r.line) for r in unresolved(store)]
    assert [("Ivan Zzyzxov", "t1.txt", str(M.message("wilson-t1")), None),
            ("Ivan Zzyzxov", "t2.txt", str(M.message("wilson-t2")), None),
            ("Pyotr Qwertin", "t1.txt", str(M.message("wilson-t1")), None),
            ("Pyotr Qwertin", "t2.txt", str(M.message("wilson-t2")), None)] == rows


@pytest.mark.parametrize("name", [
    "<https://w3id.org/cwkg/id/message/x> } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c",
    "msg:a>}#", "<urn:x y>", "msg:\\u003e", "no-colon-at-all",
])
def test_explain_never_pastes_the_name_into_the_query(built_store: Store, name: str) -> None:
    """A name that would close the IRI or add a pattern is refused, or bound as one IRI."""
    try:
        facts = explain(built_store, name)
    except QueryError as exc:
        assert "not an IRI" in str(exc)
    else:
        assert [] == facts  # bound as a single (unknown) IRI, never read as SPARQL
