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
