"""FRUS facts carry their provenance: the quote, the XPath of the element it is printed in,
and character offsets in that element's text (a Web Annotation XPathSelector refined by a
TextPositionSelector)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from lxml import etree
from rdflib import Graph
from rdflib.namespace import RDF

from kg.mapping.mapper import map_record
from kg.namespace import CW, OA
from kg.pipeline import build
from kg.query.engine import run_query
from kg.query.explain import unresolved
from kg.records import SourceRecord
from kg.sources import frus
from kg.sources.frus.text import text_of
from kg.sources.frus.trace import parse_segment
from kg.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "frus"
NS = {"t": "http://www.tei-c.org/ns/1.0", "frus": "http://history.state.gov/ns/1.0"}

#: the statements of a message with their quote and XPath: the EXPLAIN query of
#: kg.query.explain with the position selector also found under an XPath selector
EXPLAIN_XPATH = """
SELECT DISTINCT ?root ?p ?o ?exact ?start ?end ?line ?file ?xpath WHERE {
  ?a oa:hasBody ?st ; oa:hasTarget ?t .
  ?st rdf:subject ?root ; rdf:predicate ?p ; rdf:object ?o .
  ?t oa:hasSelector ?q, ?x ; cw:sourceLine ?line .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
  ?x a oa:XPathSelector ; rdf:value ?xpath ; oa:refinedBy ?pos .
  ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?t oa:hasSource/cw:fileName ?file }
}
"""


def _tei(xpath: str) -> str:
    """The XPath with the TEI prefix on each step (the annotation's steps are local names)."""
    return re.sub(r"/(?!frus:)(?=[A-Za-z])", "/t:", xpath)


def _annotations(graph: Graph) -> list[tuple[str, str, int, int, int]]:
    """(quote, XPath, start, end, line) of every annotation of a FRUS provenance graph."""
    out = []
    for anno in graph.subjects(RDF.type, OA.Annotation):
        target = graph.value(anno, OA.hasTarget)
        quote = xpath = start = end = None
        for sel in graph.objects(target, OA.hasSelector):
            if (sel, RDF.type, OA.TextQuoteSelector) in graph:
                quote = str(graph.value(sel, OA.exact))
            elif (sel, RDF.type, OA.XPathSelector) in graph:
                xpath = str(graph.value(sel, RDF.value))
                pos = graph.value(sel, OA.refinedBy)
                assert (pos, RDF.type, OA.TextPositionSelector) in graph
                start, end = int(graph.value(pos, OA.start)), int(graph.value(pos, OA.end))
        assert None not in (quote, xpath, start, end), anno
        out.append((quote, xpath, start, end, int(graph.value(target, CW.sourceLine))))
    return out


def _check_volume(path: Path, authority, minter) -> int:
    """Every annotation of every record: its XPath selects one element of the file, whose text
    has the quote at the offsets; the line is where that element starts."""
    tree = etree.parse(str(path))
    checked = 0
    for record in frus.read(path):
        assert isinstance(record, SourceRecord), record
        for quote, xpath, start, end, line in _annotations(map_record(record, authority, minter).provenance):
            elements = tree.xpath(_tei(xpath), namespaces=NS)
            assert 1 == len(elements), xpath
            assert quote == text_of(elements[0])[start:end], (record.key, xpath)
            assert line == elements[0].sourceline
            checked += 1
    return checked


@pytest.mark.parametrize("name", ["born_digital.xml", "legacy.xml", "current.xml"])
def test_every_annotation_selects_its_quote_by_xpath(name: str, authority, minter) -> None:
    """In the three encodings every FRUS annotation's XPath and offsets give back its quote."""
    assert _check_volume(FIXTURES / name, authority, minter) > 10


def test_telegram_parties_are_traced_to_the_head(authority, minter) -> None:
    """The sender and addressee of a born-digital telegram are quoted from its head, with their
    offsets in the head's text (notes left out): "Embassy in Korea" though the markup covers
    only "Embassy"."""
    record = next(r for r in frus.read(FIXTURES / "born_digital.xml") if r.key.endswith("-d10"))
    mapped = map_record(record, authority, minter)
    facts = {(quote, xpath, start, end) for quote, xpath, start, end, _ in _annotations(mapped.provenance)}
    head = "/TEI/text/body/div[1]/div[1]/div[1]/head"
    assert {("Embassy in Korea", head, 22, 38), ("Department of State", head, 46, 65),
            ("May 20, 1964, 3 p.m.", "/TEI/text/body/div[1]/div[1]/div[1]/dateline/date", 0, 20),
            ("1501", "/TEI/text/body/div[1]/div[1]/div[1]/p", 0, 4)} <= facts


def test_document_positions_survive_the_released_stream(tmp_path: Path) -> None:
    """The stream releases documents once read; the XPath still counts them: the third document
    of the second compilation is div[2]/div[3], and that path selects it."""
    body = "".join(
        f'<div type="compilation">{"".join(docs)}</div>' for docs in (
            [f'<div type="document" xml:id="d{i}"><head>{i}. Telegram From the Embassy in Korea to the '
             f"Department of State</head></div>" for i in (1, 2)],
            [f'<div type="document" xml:id="d{i}"><head>{i}. Telegram From the Embassy in Korea to the '
             f"Department of State</head></div>" for i in (3, 4, 5)]))
    path = tmp_path / "v.xml"
    path.write_text('<!-- written for testing coldwar-kg -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'
                    f'<teiHeader/><text><front><div xml:id="persons"/></front><body>{body}</body></text></TEI>',
                    encoding="utf-8")
    heads = {}
    for record in frus.read(path):
        assert isinstance(record, SourceRecord)
        heads[record.key.rsplit("-", 1)[1]] = next(seg[1] for name, _ in record.evidence
                                                   if (seg := parse_segment(name)))
    assert "/TEI/text/body/div[2]/div[3]/head" == heads["d5"]
    tree = etree.parse(str(path))
    for doc, xpath in heads.items():
        assert doc == tree.xpath(_tei(xpath), namespaces=NS)[0].getparent().get(
            "{http://www.w3.org/XML/1998/namespace}id")


def test_unresolved_frus_names_say_file_and_line(tmp_path: Path) -> None:
    """kg report unresolved: every FRUS row names the file, the line and the words printed."""
    path = tmp_path / "unknown.xml"
    path.write_text('<!-- written for testing coldwar-kg -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0" '
                    'xml:id="frus1949unknown"><teiHeader/><text><body><div type="chapter">\n'
                    '<div type="document" xml:id="d1" n="1">\n<head>The Chargé in Ruritania (Quillfeather) '
                    'to the Secretary of State</head>\n<p>Text.</p>\n<closer><signed>Zebulon Oddfellow'
                    '</signed></closer></div></div></body></text></TEI>', encoding="utf-8")
    store = Store(tmp_path / "st")
    assert [] == build([path, FIXTURES / "born_digital.xml"], store).errors
    rows = {(r.label, r.file, r.line, r.quote) for r in unresolved(store)}
    assert {("Quillfeather", "unknown.xml", 4, "Quillfeather"),
            ("Zebulon Oddfellow", "unknown.xml", 6, "Zebulon Oddfellow")} <= rows
    assert [] == [r for r in rows if not (r[1] and r[2] and r[3])]


def test_explain_lists_a_frus_message_with_quote_and_xpath(tmp_path: Path) -> None:
    """The provenance graph answers "which words, in which element" for a FRUS message: its
    sender quoted from the head, with the head's XPath, and the file named."""
    store = Store(tmp_path / "st")
    assert [] == build([FIXTURES / "born_digital.xml"], store).errors
    rows = run_query(store, EXPLAIN_XPATH,
                     {"root": ox.NamedNode("https://w3id.org/cwkg/id/message/frus1961-63test-d10")}).rows
    facts = {(r["p"].value.rsplit("#", 1)[-1], r["exact"].value, r["xpath"].value, r["file"].value)
             for r in rows}
    head = "/TEI/text/body/div[1]/div[1]/div[1]/head"
    assert ("sender", "Embassy in Korea", head, "born_digital.xml") in facts
    assert ("cipherNumber", "1501", "/TEI/text/body/div[1]/div[1]/div[1]/p", "born_digital.xml") in facts


@pytest.mark.corpus
@pytest.mark.parametrize("volume", ["frus/frus1961-63v15.xml", "frus/frus1949v07p2.xml",
                                    "frus-more/frus1961-63v10-12mSupp.xml"])
def test_corpus_annotations_select_their_quotes(corpus: Path, volume: str, authority, minter) -> None:
    """In whole volumes (born-digital, legacy, a microfiche supplement) every annotation's XPath
    selects one element whose text holds the quote at its offsets."""
    assert _check_volume(corpus / volume, authority, minter) > 1000
