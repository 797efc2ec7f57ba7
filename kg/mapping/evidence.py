"""The record's graph and its evidence: every statement with the quote it was read from.

:class:`Evidence` holds the two graphs that the mapping of one record writes: the record's
own named graph (``graph/{record}``), and its provenance graph
(``graph/{record}-provenance``) with one W3C Web Annotation per quoted span
(https://www.w3.org/TR/annotation-model/). The record's graph also describes itself:
input file, its SHA-256, reader and build time (PROV-O).

Where a quote is found: for a plain-text record (Wilson Center), character offsets in the
decoded input file (a ``TextPositionSelector`` on the file). For an XML record (FRUS TEI),
the element it is printed in and offsets in that element's text: an ``XPathSelector``
(``/TEI/text/body/div[3]/div[7]/head``) refined by a ``TextPositionSelector``
(Web Annotation §4.2.3 and §4.2.9, "refinedBy"). The reader says which: its ``evidence``
holds one *segment* per element (``"xpath LINE PATH"``, see :mod:`kg.sources.frus.trace`)
whose span is where the element's text stands in ``record.text``.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.iris import Minter
from kg.namespace import CW, OA
from kg.records import SourceRecord, Span
from kg.sources.frus.trace import parse_segment

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
        #: the elements of an XML record: (start, end, line, XPath), in the order of ``text``
        self.segments = sorted((span.start, span.end, seg[0], seg[1]) for name, span in record.evidence
                               if (seg := parse_segment(name)) is not None)
        self._seg_starts = [seg[0] for seg in self.segments]
        #: the annotations made, by span
        self._made: dict[tuple[int, int], URIRef] = {}

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
        anno = self._annotation(span, text) if not self.segments else self._element_annotation(span, text)
        if anno is None:
            return
        body = self.m.annotation_body(anno, s, p, o)
        pg = self.prov
        pg.addN(((anno, OA.hasBody, body, pg), (body, RDF.subject, s, pg), (body, RDF.predicate, p, pg),
                 (body, RDF.object, o, pg)))

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

    def _element_annotation(self, span: Span, text: str) -> URIRef | None:
        """The annotation of ``span`` inside one element of an XML record: the element's XPath
        refined by offsets in its text; ``None`` when the span is in no one element."""
        k = bisect_right(self._seg_starts, span.start) - 1
        if k < 0 or span.end > self.segments[k][1]:
            return None
        made = self._made.get((span.start, span.end))
        if made is not None:
            return made
        seg_start, _, line, xpath = self.segments[k]
        anno = self.m.annotation(self.key, span.start, span.end)
        self._made[(span.start, span.end)] = anno
        target, quote, element, position = (URIRef(f"{anno}-{part}")  # Minter.annotation_part
                                            for part in ("target", "quote", "xpath", "position"))
        pg = self.prov
        pg.addN((s, p, o, pg) for s, p, o in (
            (anno, RDF.type, OA.Annotation), (anno, OA.hasTarget, target),
            (target, OA.hasSource, self.source), (target, OA.hasSelector, quote),
            (target, OA.hasSelector, element), (target, CW.sourceLine, Literal(line)),
            (quote, RDF.type, OA.TextQuoteSelector), (quote, OA.exact, Literal(text[span.start:span.end])),
            (element, RDF.type, OA.XPathSelector), (element, RDF.value, Literal(xpath)),
            (element, OA.refinedBy, position), (position, RDF.type, OA.TextPositionSelector),
            (position, OA.start, Literal(span.start - seg_start)),
            (position, OA.end, Literal(span.end - seg_start))))
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
