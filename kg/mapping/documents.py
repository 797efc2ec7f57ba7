"""Record-level fields: what the source says about the document as a whole.

Record id, title, summary, URL, language and citation (Dublin Core terms), archival copies
(``cw:ArchivalCopy`` held by a ``cw:Archive``), classification markings and notes, the
people it mentions, and the published volume it belongs to.
"""

from __future__ import annotations

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.mapping.context import RecordMapping
from kg.namespace import CW
from kg.normalize import language_code
from kg.records import ArchivalCitation
from kg.store import iri_problem

__all__ = ["document", "archival_copy"]


def document(rm: RecordMapping, iri: URIRef) -> None:
    """Record-level fields: record id, title, summary, URL, language, citations."""
    _description(rm, iri)
    r = rm.record
    for citation in r.citations:
        rm.fact(iri, CW.hasArchivalCopy, archival_copy(rm, citation), citation.span)
    for marking in r.classification:
        rm.fact(iri, CW.classification, Literal(marking), r.span_of("classification"))
    if r.received:
        rm.fact(iri, CW.receivedNote, Literal(r.received), r.span_of("received"))
    if r.time_text:
        rm.fact(iri, CW.localTimeText, Literal(r.time_text), r.span_of("time_text"))
    for ref in r.mentions:
        if (agent := rm.agents.named(ref)) is not None:
            rm.fact(iri, CW.mentions, agent, ref.span)
    _volume(rm, iri)


def _description(rm: RecordMapping, iri: URIRef) -> None:
    """Record id (``cw:recordId``), title, abstract, source URL, language, citation (``dcterms:``)."""
    r = rm.record
    if r.record_id:
        rm.fact(iri, CW.recordId, Literal(r.record_id), r.span_of("record_id"))
    if r.title.strip():
        rm.fact(iri, DCTERMS.title, Literal(r.title), r.span_of("title"))
    else:
        rm.warnings.append("no title: the document's head is empty (no sender or addressee "
                           "either); the document is kept with its other facts")
    if r.summary:
        rm.fact(iri, DCTERMS.abstract, Literal(r.summary), r.span_of("summary"))
    if r.url:
        _source_url(rm, iri, r.url)
    if r.language:
        code = language_code(r.language)
        rm.fact(iri, DCTERMS.language, Literal(code or r.language), r.span_of("language"))
    if r.citation:
        rm.fact(iri, DCTERMS.bibliographicCitation, Literal(r.citation), r.span_of("citation"))


def _source_url(rm: RecordMapping, iri: URIRef, url: str) -> None:
    """``dcterms:source``: the archive's web page for the document. A URL that is not an
    absolute http(s) IRI the store can hold (a relative path, a space or one of
    ``" < > \\ ^ ` { | }``) is left out with a warning; the rest of the record is kept."""
    problem = iri_problem(url)
    if problem is None and url.split(":", 1)[0].lower() not in ("http", "https"):
        problem = "not an http(s) URL"
    if problem is not None:
        shown = url.encode("utf-8", "backslashreplace").decode("utf-8")
        rm.warnings.append(f"source URL <{shown}> left out of the graph: {problem}")
        return
    rm.fact(iri, DCTERMS.source, URIRef(url), rm.record.span_of("url"))


def _volume(rm: RecordMapping, iri: URIRef) -> None:
    """The published volume (FRUS): ``cw:inVolume`` a ``cw:Volume`` with its identifier and title."""
    r = rm.record
    if not r.volume:
        return
    volume = rm.minter.volume(r.volume)
    rm.fact(iri, CW.inVolume, volume, None)
    rm.g.add((volume, RDF.type, CW.Volume))
    rm.g.add((volume, DCTERMS.identifier, Literal(r.volume)))
    if r.volume_title:
        rm.g.add((volume, DCTERMS.title, Literal(r.volume_title)))


def archival_copy(rm: RecordMapping, c: ArchivalCitation) -> URIRef:
    """One archival reference -> ``cw:ArchivalCopy`` held by a ``cw:Archive``."""
    arch = rm.authority.archive(c.archive) if c.archive else None
    parts = (arch.abbreviation if arch else "", c.fond, c.opis, c.papka, c.delo, c.folios,
             c.record_group, c.file_designation)
    iri = rm.minter.part("copy", rm.key, *parts)
    rm.fact(iri, RDF.type, CW.ArchivalCopy, c.span)
    rm.fact(iri, DCTERMS.bibliographicCitation, Literal(c.text), c.span)
    if arch is not None:
        arch_iri = rm.minter.archive(arch.key)
        rm.fact(iri, CW.heldBy, arch_iri, c.span)
        if not arch.known:
            rm.g.add((arch_iri, RDF.type, CW.Archive))
            rm.g.add((arch_iri, CW.abbreviation, Literal(arch.abbreviation)))
            rm.g.add((arch_iri, SKOS.prefLabel, Literal(arch.pref_label)))
    for prop, value in ((CW.fond, c.fond), (CW.opis, c.opis), (CW.papka, c.papka),
                        (CW.delo, c.delo), (CW.folios, c.folios),
                        (CW.recordGroup, c.record_group),
                        (CW.fileDesignation, c.file_designation)):
        if value is not None:
            rm.fact(iri, prop, Literal(value), c.span)
    return iri
