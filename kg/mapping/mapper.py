"""Records -> triples. Pure: the same record gives the same graph.

One function per part of a record; each names the record field it reads and the
``cw:`` terms it writes. The mapper asserts only what the source says: roles
(``cw:sender``, ``cw:addressee``, ``cw:transmits``), never what follows from
them (``cw:wroteTo``, ``cw:relayedBy``, ``cw:transmittedVia``), which OWL RL
infers into the inferred graph (:mod:`kg.reason.reference`).

People, bodies, archives and places that the authority tables know are only
*referenced* from a source graph; their labels live in the authority graph
(:func:`authority_graph`). Names no table knows get a minted node whose type and
label are written into the source graph, and are reported as unresolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SKOS

from kg.iris import Minter, part_hash
from kg.mapping.authority import WIKIDATA, Authority, AuthorityEntry, ResolveContext
from kg.namespace import CW, OA, PREFIXES, SCHEMA
from kg.normalize import fold, language_code
from kg.records import (
    ArchivalCitation,
    DistributionEntry,
    Message,
    NameRef,
    PartialDate,
    Request,
    SourceRecord,
    Span,
    TransmissionEvent,
)

__all__ = ["MappedRecord", "map_record", "authority_graph", "bind_prefixes", "record_key",
           "EVENT_CLASSES"]

#: cw:Message and its subclasses (a message needs a sender or author and an addressee).
_CORRESPONDENCE = {"Message", "Telegram", "CipheredTelegram", "Cable", "Letter", "Note", "Memorandum"}

EVENT_CLASSES = {
    "sending": CW.Sending,
    "receipt": CW.Receipt,
    "arrival": CW.Arrival,
    "deciphering": CW.Deciphering,
    "typing": CW.Typing,
}


@dataclass
class MappedRecord:
    """The named graph of one source record."""

    key: str
    graph_iri: URIRef
    graph: Graph
    unresolved: list[str] = field(default_factory=list)
    provenance_iri: URIRef | None = None
    provenance: Graph | None = None


def record_key(record: SourceRecord) -> str:
    """``{archive}-{key}``: the message and graph key of a record (``wilson-112696``), or the
    key alone when it already names the archive (``frus1961-63v06-d2``)."""
    return record.key if record.key.startswith(record.archive) else f"{record.archive}-{record.key}"


def bind_prefixes(graph: Graph, minter: Minter) -> Graph:
    """Bind the vocabulary and instance prefixes on ``graph``; returns it."""
    for prefix, ns in {**PREFIXES, **minter.prefixes()}.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


class _Mapper:
    def __init__(self, record: SourceRecord, authority: Authority, minter: Minter,
                 with_provenance: bool = True) -> None:
        self.record = record
        self.auth = authority
        self.m = minter
        self.g = Graph(store="SimpleMemory", bind_namespaces="none")  # prefixes: bound when serialising
        self.prov = Graph(store="SimpleMemory", bind_namespaces="none")  # an annotation per quoted span
        self.with_provenance = with_provenance
        self.source = minter.source(record.sha256)
        self.unresolved: list[str] = []
        self.context = ResolveContext(
            date=record.date.iso() if record.date else None,
            counterparts=tuple(dict.fromkeys(_parties(record.message))),
            place=record.message.place_sent,
        )
        self.covers = {fold(r.cover): r.printed for r in _refs(record.message) if r.cover}

    # --- statements and their evidence ---------------------------------------------------
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
        key = record_key(self.record)
        anno = self.m.part("anno", key, span.start, span.end)
        pg = self.prov
        if (anno, RDF.type, OA.Annotation) not in pg:
            target, quote, position = (URIRef(f"{anno}-{part}") for part in ("target", "quote", "position"))
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
        body = URIRef(f"{anno}-{part_hash(str(s), str(p), str(o), length=8)}")
        pg.add((anno, OA.hasBody, body))
        pg.add((body, RDF.subject, s))
        pg.add((body, RDF.predicate, p))
        pg.add((body, RDF.object, o))

    # --- agents -------------------------------------------------------------------------
    def agent(self, ref: NameRef, kind: str = "") -> URIRef:
        """Resolve a printed name (``NameRef.printed``) to an agent IRI, in the record's context."""
        return self._agent(self._entry(ref, kind), ref)

    def _entry(self, ref: NameRef, kind: str = "") -> AuthorityEntry:
        """The authority entry of a name: by the source's own person id where it has one
        (a FRUS persons-list id), else by the printed name in the record's context."""
        if ref.ref_id and (by_ref := getattr(self.auth, "resolve_ref", None)) is not None:
            if (entry := by_ref(ref.ref_id)) is not None:
                return entry
        context = self.context
        if (real := self.covers.get(fold(ref.printed))) is not None:
            # the record brackets this cover name with the real name ("Stalin [Kuznetsov]"):
            # the same name elsewhere in it (its signature "Kuznetsov") is that person too
            context = ResolveContext(context.date, context.counterparts, real, context.place)
        kind = kind or ref.role_hint
        return self.auth.resolve(ref.printed, "organization" if kind == "office" else kind, context)

    def party(self, ref: NameRef) -> tuple[URIRef, URIRef | None]:
        """A sender or addressee: the agent, and for an office or post ("The Secretary of
        State", "the Embassy in Korea") the person who held it on the record's date."""
        office = getattr(self.auth, "office", None)
        if ref.role_hint in ("office", "organization") and office is not None and not ref.ref_id:
            post, holder = office(ref.printed, self.context)
            if post.known or holder is not None:
                return self._agent(post, ref), (self._agent(holder, ref) if holder is not None else None)
            # not a US office or post the tables know ("Soviet Ministry of Foreign Affairs"):
            # resolve it as any other body
        return self.agent(ref), None

    def _agent(self, entry: AuthorityEntry, ref: NameRef) -> URIRef:
        iri = self.m.agent(entry.kind, entry.key)
        if not entry.known:
            cls = CW.Organization if entry.kind == "organization" else CW.Person
            self.g.add((iri, RDF.type, cls))
            # the form this record prints; kg.mapping.labels picks one skos:prefLabel over the store
            self.g.add((iri, RDFS.label, Literal(entry.pref_label)))
            if ref.printed.strip() != entry.pref_label:
                self.g.add((iri, SKOS.hiddenLabel, Literal(ref.printed.strip())))
            if entry.country:
                self.g.add((iri, CW.country, URIRef(WIKIDATA + entry.country)))
            self.unresolved.append(ref.printed)
        return iri

    def place(self, printed: str) -> URIRef:
        """A place of sending or receipt (``FROM: PYONGYANG``)."""
        entry = self.auth.place(printed)
        iri = self.m.place(entry.key)
        if not entry.known:
            self.g.add((iri, RDF.type, CW.Place))
            self.g.add((iri, RDFS.label, Literal(entry.pref_label)))  # see kg.mapping.labels
        return iri

    # --- messages -----------------------------------------------------------------------
    def message(self, msg: Message, key: str, top: bool,
                endorsers: tuple[NameRef, ...] = ()) -> URIRef:
        """Message fields -> ``cw:`` roles, numbers, events, distribution, requests.

        ``endorsers`` are the parties of the carrying message who support this
        message's requests ("I support KIM IL SUNG'S request.").
        """
        r = self.record
        iri = self.m.message(key)
        g = self.g
        kind_span = msg.span_of("kind") or (None if top else msg.span_of("transmits")) \
            or r.span_of("title")
        kind = msg.kind
        if kind in _CORRESPONDENCE and not ((msg.senders or msg.authors) and msg.addressees):
            # a memorandum for the record, a letter whose writer or addressee the source does not
            # name: a document of that kind, not a message with an empty role
            self.fact(iri, DCTERMS.type, Literal(kind), kind_span)
            kind = "Document"
        self.fact(iri, RDF.type, getattr(CW, kind), kind_span)
        if msg.kind in ("Report", "RecordOfConversation") and (msg.senders or msg.authors) \
                and msg.addressees:
            g.add((iri, RDF.type, CW.Message))  # a report from someone to someone is correspondence
        g.add((iri, CW.sourceFile, Literal(r.source_file)))
        for ref in msg.participants:
            self.fact(iri, CW.participant, self.agent(ref), ref.span)
        for ref in msg.senders:
            agent, holder = self.party(ref)
            self.fact(iri, CW.sender, agent, ref.span)
            if holder is not None and not msg.authors:  # signature first, then the office holder
                self.fact(iri, CW.author, holder, ref.span)
        for ref in msg.addressees:
            agent, holder = self.party(ref)
            self.fact(iri, CW.addressee, agent, ref.span)
            if holder is not None:
                self.fact(iri, CW.addressee, holder, ref.span)
        for prop, refs in ((CW.author, msg.authors), (CW.intendedFor, msg.intended_for)):
            for ref in refs:
                self.fact(iri, prop, self.agent(ref), ref.span)
        # cover names printed with the real name in the title: "Filippov [Stalin]"
        covers = set()
        for prop, refs in ((CW.signedAs, msg.senders), (CW.addressedAs, msg.addressees)):
            for ref in refs:
                if ref.cover:
                    covers.add(fold(ref.cover))
                    self.fact(iri, prop, self.printed_name(ref.cover, bracketed_real=ref.printed),
                              ref.span)
        for prop, forms in ((CW.signedAs, msg.signed_as), (CW.addressedAs, msg.addressed_as)):
            for printed in forms:
                if fold(printed) not in covers:
                    which = "signed" if prop == CW.signedAs else "addressed"
                    self.fact(iri, prop, self.printed_name(printed), msg.span_of(f"{which}:{printed}"))
        if msg.date is not None:
            self.fact(iri, CW.dateSent, _date_literal(msg.date), r.span_of("date"))
        for number in msg.cipher_numbers:
            span = msg.span_of(f"cipher:{number}")
            if span is None:
                span = _find(r.text, number.split("/")[0], r.span_of("title"))
            self.fact(iri, CW.cipherNumber, Literal(number), span)
        for number in msg.serial_numbers:
            self.fact(iri, CW.senderSerialNumber, Literal(number), msg.span_of(f"serial:{number}"))
        if msg.place_sent:
            self.fact(iri, CW.placeSent, self.place(msg.place_sent), msg.span_of("place_sent"))
        for event in msg.events:
            self.fact(iri, CW.hasTransmissionEvent, self.event(event, key), event.span)
        if msg.declared_copies is not None:
            self.fact(iri, CW.declaredCopyCount, Literal(msg.declared_copies),
                      msg.span_of("declared_copies"))
        for entry in msg.distribution:
            self.fact(iri, CW.hasDistributionEntry, self.distribution_entry(entry, key), entry.span)
        for request in msg.requests:
            self.fact(iri, CW.containsRequest, self.request(request, key, msg, endorsers), request.span)
        for i, inner in enumerate(msg.transmits):
            inner_key = f"{key}-{inner.part or f'part{i + 1}'}"
            inner_iri = self.message(inner, inner_key, top=False, endorsers=msg.endorsed_by)
            self.fact(iri, CW.transmits, inner_iri, msg.span_of("transmits") or r.span_of("title"))
        if top:
            self.document(iri)
        return iri

    def printed_name(self, printed: str, bracketed_real: str | None = None) -> URIRef | Literal:
        """``cw:signedAs`` / ``cw:addressedAs``: the cover name's node where the context makes
        it one (Filippov always; Kuznetsov only beside Stalin), else the literal as printed."""
        pseudo = self.auth.pseudonym_for(printed)
        if pseudo is None:
            return Literal(printed)
        real = bracketed_real or self.covers.get(fold(printed))
        context = ResolveContext(self.context.date, self.context.counterparts, real, self.context.place)
        if self.auth.resolve(printed, "person", context).key != pseudo.person:
            return Literal(printed)
        return self.m.pseudonym(pseudo.key)

    def document(self, iri: URIRef) -> None:
        """Record-level fields: record id, title, summary, URL, language, citations."""
        r = self.record
        if r.record_id:
            self.fact(iri, CW.recordId, Literal(r.record_id), r.span_of("record_id"))
        self.fact(iri, DCTERMS.title, Literal(r.title), r.span_of("title"))
        if r.summary:
            self.fact(iri, DCTERMS.abstract, Literal(r.summary), r.span_of("summary"))
        if r.url:
            self.fact(iri, DCTERMS.source, URIRef(r.url), r.span_of("url"))
        if r.language:
            code = language_code(r.language)
            self.fact(iri, DCTERMS.language, Literal(code or r.language), r.span_of("language"))
        if r.citation:
            self.fact(iri, DCTERMS.bibliographicCitation, Literal(r.citation), r.span_of("citation"))
        for citation in r.citations:
            self.fact(iri, CW.hasArchivalCopy, self.archival_copy(citation), citation.span)
        for marking in r.classification:
            self.fact(iri, CW.classification, Literal(marking), r.span_of("classification"))
        if r.received:
            self.fact(iri, CW.receivedNote, Literal(r.received), r.span_of("received"))
        if r.time_text:
            self.fact(iri, CW.localTimeText, Literal(r.time_text), r.span_of("time_text"))
        for ref in r.mentions:
            self.fact(iri, CW.mentions, self.agent(ref), ref.span)
        if r.volume:
            volume = self.m.iri("volume", r.volume)
            self.fact(iri, CW.inVolume, volume, None)
            self.g.add((volume, RDF.type, CW.Volume))
            self.g.add((volume, DCTERMS.identifier, Literal(r.volume)))
            if r.volume_title:
                self.g.add((volume, DCTERMS.title, Literal(r.volume_title)))

    def event(self, event: TransmissionEvent, key: str) -> URIRef:
        """A header line (``Deciphered by Morozov on ...``) -> typed event, time, clerk."""
        iri = self.m.part("event", key, event.kind, event.text)
        g = self.g
        self.fact(iri, RDF.type, EVENT_CLASSES[event.kind], event.span)
        if event.at is not None:
            self.fact(iri, CW.atLocalTime, _datetime_literal(event.at), event.span)
        g.add((iri, CW.asPrinted, Literal(event.text)))
        g.add((iri, CW.sourceLine, Literal(event.line)))
        if event.medium:
            self.fact(iri, CW.medium, Literal(event.medium), event.span)
        if event.place:
            self.fact(iri, PROV.atLocation, self.place(event.place), event.span)
        if event.office:
            office = self.agent(NameRef(event.office, event.line), "organization")
            self.fact(iri, PROV.atLocation, office, event.span)
        if event.agent:
            self.fact(iri, PROV.wasAssociatedWith, self.agent(event.agent, "person"), event.agent.span)
        return iri

    def distribution_entry(self, entry: DistributionEntry, key: str) -> URIRef:
        """A distribution-list item -> ``cw:copyRecipient`` and ``cw:copyCount``."""
        recipient = self.agent(entry.recipient)
        iri = self.m.part("entry", key, str(recipient), entry.copies, entry.line)
        self.fact(iri, RDF.type, CW.DistributionEntry, entry.span)
        self.fact(iri, CW.copyRecipient, recipient, entry.recipient.span)
        self.fact(iri, CW.copyCount, Literal(entry.copies), entry.span)
        self.g.add((iri, CW.sourceLine, Literal(entry.line)))
        return iri

    def request(self, req: Request, key: str, msg: Message,
                endorsers: tuple[NameRef, ...] = ()) -> URIRef:
        """A numbered request -> ``cw:Request`` with who asks whom, and requested items."""
        iri = self.m.part("request", key, req.number, req.text)
        g = self.g
        self.fact(iri, RDF.type, CW.Request, req.span)
        if req.number is not None:
            self.fact(iri, CW.rank, Literal(req.number), req.span)
        self.fact(iri, SCHEMA.description, Literal(req.text), req.span)
        g.add((iri, CW.sourceLine, Literal(req.line)))
        for ref in msg.senders or msg.authors:
            self.fact(iri, CW.requestedBy, self.agent(ref), req.span)
        for ref in msg.addressees:
            self.fact(iri, CW.requestedFrom, self.agent(ref), req.span)
        for ref in (*msg.endorsed_by, *endorsers):
            self.fact(iri, CW.endorsedBy, self.agent(ref), msg.span_of("endorsed"))
        if req.recruitment_pool:
            self.fact(iri, CW.recruitmentPool, Literal(req.recruitment_pool), req.span)
        for i, q in enumerate(req.quantities):
            item = self.m.part("item", key, req.number, i, q.low, q.high, q.unit)
            self.fact(iri, CW.hasRequestedItem, item, q.span)
            self.fact(item, RDF.type, CW.RequestedItem, q.span)
            if q.low == q.high:
                self.fact(item, SCHEMA.value, Literal(q.low), q.span)
            else:
                self.fact(item, SCHEMA.minValue, Literal(q.low), q.span)
                self.fact(item, SCHEMA.maxValue, Literal(q.high), q.span)
            self.fact(item, SCHEMA.unitText, Literal(q.unit), q.span)
            g.add((item, CW.asPrinted, Literal(q.text)))
        return iri

    def archival_copy(self, c: ArchivalCitation) -> URIRef:
        """One archival reference -> ``cw:ArchivalCopy`` held by a ``cw:Archive``."""
        arch = self.auth.archive(c.archive) if c.archive else None
        parts = (arch.abbreviation if arch else "", c.fond, c.opis, c.papka, c.delo, c.folios,
                 c.record_group, c.file_designation)
        iri = self.m.part("copy", record_key(self.record), *parts)
        g = self.g
        self.fact(iri, RDF.type, CW.ArchivalCopy, c.span)
        self.fact(iri, DCTERMS.bibliographicCitation, Literal(c.text), c.span)
        if arch is not None:
            arch_iri = self.m.archive(arch.key)
            self.fact(iri, CW.heldBy, arch_iri, c.span)
            if not arch.known:
                g.add((arch_iri, RDF.type, CW.Archive))
                g.add((arch_iri, CW.abbreviation, Literal(arch.abbreviation)))
                g.add((arch_iri, SKOS.prefLabel, Literal(arch.pref_label)))
        for prop, value in ((CW.fond, c.fond), (CW.opis, c.opis), (CW.papka, c.papka),
                            (CW.delo, c.delo), (CW.folios, c.folios),
                            (CW.recordGroup, c.record_group),
                            (CW.fileDesignation, c.file_designation)):
            if value is not None:
                self.fact(iri, prop, Literal(value), c.span)
        return iri

    def provenance(self, graph_iri: URIRef, generated_at: datetime | None) -> None:
        """The graph describes itself: input file, its SHA-256, reader and time."""
        r, g = self.record, self.g
        source = self.m.source(r.sha256)
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


def map_record(record: SourceRecord, authority: Authority, minter: Minter,
               generated_at: datetime | None = None, provenance: bool = True) -> MappedRecord:
    """Map one record to its named graph.

    Args:
        record: what a reader produced.
        authority: the name tables (``data/authority``).
        minter: the IRI minter (base).
        generated_at: the build time written as ``prov:generatedAtTime`` (``None``: left out,
            which keeps golden tests deterministic).
        provenance: also make the provenance graph (a Web Annotation per quoted span);
            off for bulk builds that do not need ``kg explain``.
    """
    key = record_key(record)
    mapper = _Mapper(record, authority, minter, provenance)
    mapper.message(record.message, key, top=True)
    graph_iri = minter.graph(key)
    mapper.provenance(graph_iri, generated_at)
    if not provenance:
        return MappedRecord(key, graph_iri, mapper.g, list(dict.fromkeys(mapper.unresolved)))
    prov_iri = minter.provenance_graph(key)
    mapper.prov.add((prov_iri, RDF.type, CW.ProvenanceGraph))
    mapper.prov.add((prov_iri, PROV.wasDerivedFrom, mapper.source))
    return MappedRecord(key, graph_iri, mapper.g, list(dict.fromkeys(mapper.unresolved)),
                        prov_iri, mapper.prov)


def authority_graph(authority: Authority, minter: Minter) -> Graph:
    """The curated people, bodies, archives, places and cover names as triples."""
    g = bind_prefixes(Graph(), minter)
    for e in authority.entries.values():
        iri = minter.agent(e.kind, e.key)
        g.add((iri, RDF.type, CW.Organization if e.kind == "organization" else CW.Person))
        g.add((iri, SKOS.prefLabel, Literal(e.pref_label)))
        _labels(g, iri, SKOS.altLabel, e.alt_labels, e.pref_label)
        _labels(g, iri, SKOS.hiddenLabel, e.hidden_labels, e.pref_label)
        for link in e.same_as:
            g.add((iri, OWL.sameAs, URIRef(link)))
        for link in e.close_match:
            g.add((iri, SKOS.closeMatch, URIRef(link)))
        if e.country:
            g.add((iri, CW.country, URIRef(WIKIDATA + e.country)))
        if e.note:
            g.add((iri, SKOS.note, Literal(e.note)))
    for a in authority.archives.values():
        iri = minter.archive(a.key)
        g.add((iri, RDF.type, CW.Archive))
        g.add((iri, CW.abbreviation, Literal(a.abbreviation)))
        g.add((iri, SKOS.prefLabel, Literal(a.pref_label)))
        _labels(g, iri, SKOS.altLabel, a.variants, a.pref_label)
    for p in authority.places.values():
        iri = minter.place(p.key)
        g.add((iri, RDF.type, CW.Place))
        g.add((iri, SKOS.prefLabel, Literal(p.pref_label)))
        _labels(g, iri, SKOS.altLabel, p.variants, p.pref_label)
    for s in authority.pseudonyms.values():
        iri = minter.pseudonym(s.key)
        g.add((iri, RDF.type, CW.Pseudonym))
        g.add((iri, RDFS.label, Literal(s.label)))
        _labels(g, iri, SKOS.altLabel, s.variants, s.label)
        g.add((iri, CW.pseudonymOf, minter.person(s.person)))
        if s.channel:
            g.add((iri, SKOS.scopeNote, Literal(s.channel)))
        if s.note:
            g.add((iri, SKOS.note, Literal(s.note)))
    return g


def _find(text: str, needle: str, within: Span | None) -> Span | None:
    """The span of ``needle`` inside the span ``within`` of ``text`` (a number in the title)."""
    if not text or within is None or not needle:
        return None
    at = text.find(needle, within.start, within.end)
    return Span(at, at + len(needle)) if at >= 0 else None


def _refs(msg: Message) -> list[NameRef]:
    """Every party of a message and of what it carries."""
    out = [r for refs in (msg.senders, msg.authors, msg.addressees, msg.intended_for,
                          msg.participants) for r in refs]
    for inner in msg.transmits:
        out += _refs(inner)
    return out


def _parties(msg: Message) -> list[str]:
    """Printed names of every party of a message and of what it carries."""
    return [r.printed for r in _refs(msg)]


def _labels(g: Graph, iri: URIRef, prop: URIRef, labels: Iterable[str], pref: str) -> None:
    for label in labels:
        if label != pref:
            g.add((iri, prop, Literal(label)))


def _date_literal(d: PartialDate) -> Literal:
    """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` by the precision known."""
    if d.day is not None:
        return Literal(d.iso(), datatype=XSD.date)
    if d.month is not None:
        return Literal(d.iso(), datatype=XSD.gYearMonth)
    return Literal(d.iso(), datatype=XSD.gYear)


def _datetime_literal(at: datetime) -> Literal:
    """Local time as printed, no offset: ``"1950-10-09T07:05:00"^^xsd:dateTime``."""
    return Literal(at.isoformat(timespec="seconds"), datatype=XSD.dateTime)
