"""Both Wilson layouts and the scraper CSV, read from the shared corpus (KG_CORPUS)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import SourceError
from kg.namespace import CW
from kg.pipeline import build, source_graphs
from kg.sources import read
from kg.store import Store

pytestmark = pytest.mark.corpus
CSV = "wilson-center/wilson_archive_sample_2910f69.csv"


def test_every_dev_record_reads(corpus: Path) -> None:
    """All 25 dev-set records read; node-layout ones are recognised as such."""
    layouts = {}
    for f in sorted((corpus / "wilson" / "records").glob("*.txt")):
        (record,) = list(read(f))
        layouts[f.name] = record.layout
    assert 25 == len(layouts)
    assert "node" == layouts["wc-113636.txt"] and "seed" == layouts["seed-112696.txt"]


def test_node_layout_fields(corpus: Path) -> None:
    """Node layout: summary, source citations, language, record id from their blocks."""
    (r,) = list(read(corpus / "wilson" / "records" / "wc-113636.txt"))
    assert ("113636", None) == (r.record_id, r.language)
    assert r.summary.startswith("Stalin endorses Mao's handling")
    assert ["APRF", "AVPRF", "RGASPI"] == [c.archive for c in r.citations]
    assert ("059a", "5a", "5", "11", "80") == (r.citations[1].fond, r.citations[1].opis,
                                              r.citations[1].delo, r.citations[1].papka,
                                              r.citations[1].folios)


def test_reprint_is_not_a_citation(corpus: Path) -> None:
    """'APRF: F. 39, ... L. 25. Reprinted in ...' gives one archival reference, not the book."""
    (r,) = list(read(corpus / "wilson" / "records" / "wc-110296.txt"))
    assert [("APRF", "39", "1", "31", "25")] == [(c.archive, c.fond, c.opis, c.delo, c.folios)
                                                  for c in r.citations]


def test_csv_sample_builds_eleven_records(corpus: Path, tmp_path: Path) -> None:
    """11 rows in, 11 records out, each with title, date, citation and record id."""
    store = Store(tmp_path / "st")
    report = build([corpus / CSV], store)
    assert ([], 11) == (report.errors, len(report.built))
    rows = store.query("""
        PREFIX cw: <https://w3id.org/cwkg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?m ?title ?date ?cit ?id WHERE {
          ?m cw:sourceFile "wilson_archive_sample_2910f69.csv" ; dcterms:title ?title ;
             cw:dateSent ?date ; dcterms:bibliographicCitation ?cit ; cw:recordId ?id }""")
    ids = sorted(r["id"].value for r in rows)
    assert 11 == len(ids)
    assert "300653" in ids and "300237" in ids
    assert 11 == len(source_graphs(store))


def test_csv_bad_row_is_reported_and_the_rest_built(corpus: Path, tmp_path: Path) -> None:
    """A row without a title is an error naming row and field; the other 10 rows build."""
    import csv
    import io
    text = (corpus / CSV).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows[3][rows[0].index("title")] = ""
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    bad = tmp_path / "bad.csv"
    bad.write_text(buf.getvalue(), encoding="utf-8")
    items = list(read(bad))
    errors = [i for i in items if isinstance(i, SourceError)]
    assert 1 == len(errors)
    assert "row 4, field title" == errors[0].location
    assert 10 == len(items) - 1


def test_whole_dev_folder_builds_without_errors(corpus: Path, tmp_path: Path) -> None:
    """The dev records and the CSV build together: 36 source graphs, no error."""
    folder = tmp_path / "in"
    shutil.copytree(corpus / "wilson" / "records", folder)
    shutil.copy(corpus / CSV, folder)
    store = Store(tmp_path / "st")
    report = build([folder], store)
    assert [] == report.errors
    assert 36 == len(source_graphs(store))
    assert CW.sourceFile  # the closed vocabulary is in use
