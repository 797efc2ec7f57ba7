"""The record's graph and its evidence: every statement with the quote it was read from.

:class:`Evidence` holds the two graphs that the mapping of one record writes: the record's
own named graph (``graph/{record}``), and its provenance graph
(``graph/{record}-provenance``) with one W3C Web Annotation per quoted span
(https://www.w3.org/TR/annotation-model/). The record's graph also describes itself:
input file, its SHA-256, reader and build time (PROV-O).
"""

from __future__ import annotations

from datetime import datetime

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.iris import Minter
from kg.namespace import CW, OA
from kg.records import SourceRecord, Span

__all__ = ["Evidence"]


class Evidence:
    """The graphs of one record being mapped.

    Attributes:
        g: the record's named graph (prefixes are bound only when it is serialised).
        prov: the record's provenance graph: an annotation per quoted span.
        source: the IRI of the input file (``source/sha256-...``).
    """

    def __init__(self, record: SourceRecord, key: str, minter: Minter, with_provenance: bool = True) -> None:
        self.record = record
        self.key = key
        self.m = minter
        self.with_provenance = with_provenance
        self.g = Graph(store="SimpleMemory", bind_namespaces="none")
        self.prov = Graph(store="SimpleMemory", bind_namespaces="none")
        self.source = minter.source(record.sha256)

    def fact(self, s: URIRef, p: URIRef, o: URIRef | Literal, span: Span | None) -> None:
        """Assert ``(s, p, o)``; with a span, also annotate it with the quote it was read from.

        One W3C Web Annotation per quoted span, in the record's provenance graph: its
        bodies are the statements read from that span (``rdf:subject``, ``rdf:predicate``,
        ``rdf:object``), its target the input file with a ``TextQuoteSelector`` (the exact
        quote) and a ``TextPositionSelector`` (character offsets ``[start, end)`` in the
        decoded file), plus the line (``cw:sourceLine``).
        """
        self.g.add((s, p, o))
        text = self.record.text
        if not self.with_provenance or span is None or not text \
                or not (0 <= span.start < span.end <= len(text)):
            return
        anno = self._annotation(span, text)
        body = self.m.annotation_body(anno, s, p, o)
        pg = self.prov
        pg.add((anno, OA.hasBody, body))
        pg.add((body, RDF.subject, s))
        pg.add((body, RDF.predicate, p))
        pg.add((body, RDF.object, o))

    def _annotation(self, span: Span, text: str) -> URIRef:
        """The annotation of ``span``: made once, with its target and two selectors."""
        anno = self.m.annotation(self.key, span.start, span.end)
        pg = self.prov
        if (anno, RDF.type, OA.Annotation) in pg:
            return anno
        target, quote, position = (self.m.annotation_part(anno, part)
                                   for part in ("target", "quote", "position"))
        pg.add((anno, RDF.type, OA.Annotation))
        pg.add((anno, OA.hasTarget, target))
        pg.add((target, OA.hasSource, self.source))
        pg.add((target, OA.hasSelector, quote))
        pg.add((target, OA.hasSelector, position))
        pg.add((target, CW.sourceLine, Literal(text.count("\n", 0, span.start) + 1)))
        pg.add((quote, RDF.type, OA.TextQuoteSelector))
        pg.add((quote, OA.exact, Literal(text[span.start:span.end])))
        pg.add((position, RDF.type, OA.TextPositionSelector))
        pg.add((position, OA.start, Literal(span.start)))
        pg.add((position, OA.end, Literal(span.end)))
        return anno

    def describe(self, graph_iri: URIRef, generated_at: datetime | None) -> None:
        """The graph describes itself: input file, its SHA-256, reader and time."""
        r, g, source = self.record, self.g, self.source
        g.add((graph_iri, RDF.type, CW.SourceGraph))
        g.add((graph_iri, PROV.wasDerivedFrom, source))
        g.add((graph_iri, CW.readerName, Literal(r.reader)))
        g.add((graph_iri, CW.readerVersion, Literal(r.reader_version)))
        if generated_at is not None:
            g.add((graph_iri, PROV.generatedAtTime,
                   Literal(generated_at.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
        g.add((source, RDF.type, CW.SourceDocument))
        g.add((source, CW.fileName, Literal(r.source_file)))
        g.add((source, CW.sha256, Literal(r.sha256)))

    def describe_provenance(self, prov_iri: URIRef) -> None:
        """The provenance graph describes itself: a ``cw:ProvenanceGraph`` of the input file."""
        self.prov.add((prov_iri, RDF.type, CW.ProvenanceGraph))
        self.prov.add((prov_iri, PROV.wasDerivedFrom, self.source))
