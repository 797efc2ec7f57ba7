"""All 34 shared FRUS volumes built into one store: one graph node per document (KG_CORPUS)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from kg.pipeline import build, source_graphs
from kg.store import Store

pytestmark = pytest.mark.corpus


def _documents(path: Path) -> int:
    """div[@type="document"] elements of a volume, counted by a separate parse."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True)
    tree = etree.parse(str(path), parser)  # recover: one volume repeats an xml:id
    return len(tree.xpath('//*[local-name()="div"][@type="document"]'))


def test_every_frus_document_is_one_node_in_the_graph(corpus: Path, tmp_path: Path) -> None:
    """A parallel bulk build of the 34 volumes has exactly one message or document per div."""
    volumes = sorted([*(corpus / "frus").glob("*.xml"), *(corpus / "frus-bulk").glob("*.xml")])
    assert 34 == len(volumes)
    expected = {v.stem: _documents(v) for v in volumes}
    store = Store(tmp_path / "st")
    report = build(volumes, store, workers=2, bulk=True, provenance=False)
    assert [] == report.errors
    rows = store.query("""
        PREFIX cw: <https://w3id.org/cwkg/ontology#>
        SELECT ?volume (COUNT(DISTINCT ?m) AS ?n) WHERE {
          ?m cw:recordId ?id ; cw:inVolume/<http://purl.org/dc/terms/identifier> ?volume .
        } GROUP BY ?volume""")
    assert expected == {r["volume"].value: int(r["n"].value) for r in rows}
    assert sum(expected.values()) == len(source_graphs(store))


def test_kennedy_khrushchev_letters_have_persons_on_both_sides(corpus: Path, tmp_path: Path) -> None:
    """In frus1961-63v06 every letter and message has a person among its senders or authors
    and a person among its addressees, but d93: the ministry sends, and its signer is only
    initialled ("A.B.", which "cannot be further identified"): a signature, not a person."""
    store = Store(tmp_path / "st")
    assert [] == build([corpus / "frus" / "frus1961-63v06.xml"], store, provenance=False).errors
    rows = store.query("""
        PREFIX cw: <https://w3id.org/cwkg/ontology#>
        SELECT ?m (SUM(?p) AS ?persons) WHERE {
          { ?m a cw:Letter } UNION { ?m a cw:Message }
          { ?m cw:sender|cw:author ?x . ?x a cw:Person BIND(1 AS ?p) } UNION
          { ?m cw:addressee ?y . ?y a cw:Person BIND(100 AS ?p) }
        } GROUP BY ?m""")
    by_message = {r["m"].value.rsplit("/", 1)[-1]: int(r["persons"].value) for r in rows}
    assert 76 <= len(by_message)
    d93 = "frus1961-63v06-d93"
    assert [d93] == [m for m, n in by_message.items() if n % 100 == 0 or n < 100]
    assert {"sender": "USSR Foreign Ministry", "addressee": "Anatoly F. Dobrynin", "signedAs": "A.B."} == {
        r["p"].value.rsplit("#", 1)[-1]: r["label"].value for r in store.query("""
        PREFIX cw: <https://w3id.org/cwkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?p ?label WHERE { ?m cw:recordId "frus1961-63v06/d93" ; ?p ?x .
          VALUES ?p { cw:sender cw:author cw:addressee cw:signedAs }
          OPTIONAL { ?x skos:prefLabel ?pref } BIND(COALESCE(?pref, ?x) AS ?label) }""")}
