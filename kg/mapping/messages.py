"""Message fields -> ``cw:`` roles, numbers, events, distribution, requests, carried messages.

:func:`message` maps one message (and, recursively, the messages it transmits) in small
steps, each naming the ``Message`` fields it reads and the ``cw:`` terms it writes. The
mapper asserts only what the source says: roles (``cw:sender``, ``cw:addressee``,
``cw:transmits``), never what follows from them (``cw:wroteTo``, ``cw:relayedBy``), which
OWL RL infers (:mod:`kg.reason.reference`).
"""

from __future__ import annotations

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.mapping.context import RecordMapping
from kg.mapping.parts import distribution_entry, event, request
from kg.namespace import CW
from kg.normalize import fold
from kg.records import Message, NameRef, PartialDate, Span
from kg.sources.body.events import INTAKE

__all__ = ["message", "CORRESPONDENCE"]

#: cw:Message and its subclasses (a message needs a sender or author and an addressee).
CORRESPONDENCE = frozenset({"Message", "Telegram", "CipheredTelegram", "Cable", "Letter", "Note",
                            "Memorandum"})


def message(rm: RecordMapping, msg: Message, key: str, top: bool,
            endorsers: tuple[NameRef, ...] = ()) -> URIRef:
    """Message fields -> ``cw:`` roles, numbers, events, distribution, requests.

    ``endorsers`` are the parties of the carrying message who support this
    message's requests ("I support KIM IL SUNG'S request.").
    """
    iri = rm.minter.message(key)
    _kind(rm, msg, iri, top)
    _roles(rm, msg, iri)
    _printed_names(rm, msg, iri)
    _numbers(rm, msg, iri)
    _parts(rm, msg, iri, key, endorsers)
    _transmits(rm, msg, iri, key)
    return iri


def _kind(rm: RecordMapping, msg: Message, iri: URIRef, top: bool) -> None:
    """``Message.kind`` -> ``rdf:type``; a correspondence kind without both parties is a
    ``cw:Document`` with the kind as ``dcterms:type``; a report from someone to someone is
    also a ``cw:Message``. And ``cw:sourceFile``."""
    r = rm.record
    span = msg.span_of("kind") or (None if top else msg.span_of("transmits")) or r.span_of("title")
    kind = msg.kind
    if kind in CORRESPONDENCE and not (_named(rm, (*msg.senders, *msg.authors))
                                       and _named(rm, msg.addressees)):
        # a memorandum for the record, a letter whose writer or addressee the source does not
        # name: a document of that kind, not a message with an empty role
        rm.fact(iri, DCTERMS.type, Literal(kind), span)
        kind = "Document"
    rm.fact(iri, RDF.type, getattr(CW, kind), span)
    if msg.kind in ("Report", "RecordOfConversation") and _named(rm, (*msg.senders, *msg.authors)) \
            and _named(rm, msg.addressees):
        rm.g.add((iri, RDF.type, CW.Message))  # a report from someone to someone is correspondence
    rm.g.add((iri, CW.sourceFile, Literal(r.source_file)))


def _named(rm: RecordMapping, refs: tuple[NameRef, ...] | list[NameRef]) -> bool:
    """Whether one of ``refs`` is a party: a name, an office or a body, not a phrase
    (:mod:`kg.mapping.names`)."""
    return any(rm.agents.is_party(ref) for ref in refs)


def _roles(rm: RecordMapping, msg: Message, iri: URIRef) -> None:
    """``participants``, ``senders``, ``addressees``, ``authors``, ``intended_for`` ->
    ``cw:participant``, ``cw:sender``, ``cw:addressee``, ``cw:author``, ``cw:intendedFor``.

    A sender or addressee printed as an office also gives the office's holder on the date:
    the holder is the author (unless the message names one) or an addressee too.
    """
    agents = rm.agents
    for ref in msg.participants:
        if (person := agents.named(ref)) is not None:
            rm.fact(iri, CW.participant, person, ref.span)
    for ref in msg.senders:
        agent, holder = agents.party(ref)
        if agent is not None:
            rm.fact(iri, CW.sender, agent, ref.span)
        if holder is not None and not msg.authors:  # signature first, then the office holder
            rm.fact(iri, CW.author, holder, ref.span)
    for ref in msg.addressees:
        agent, holder = agents.party(ref)
        if agent is not None:
            rm.fact(iri, CW.addressee, agent, ref.span)
        if holder is not None:
            rm.fact(iri, CW.addressee, holder, ref.span)
    for prop, refs in ((CW.author, msg.authors), (CW.intendedFor, msg.intended_for)):
        for ref in refs:
            if (agent := agents.named(ref)) is not None:
                rm.fact(iri, prop, agent, ref.span)


def _printed_names(rm: RecordMapping, msg: Message, iri: URIRef) -> None:
    """Cover names and printed forms -> ``cw:signedAs`` / ``cw:addressedAs``.

    First the cover names printed with the real name in the title (``Filippov [Stalin]``:
    ``NameRef.cover``), then ``signed_as`` and ``addressed_as`` not already given.
    """
    covers = set()
    for prop, refs in ((CW.signedAs, msg.senders), (CW.addressedAs, msg.addressees),
                       (CW.addressedAs, msg.intended_for)):  # "for Filippov [Stalin]"
        for ref in refs:
            if ref.cover:
                covers.add(fold(ref.cover))
                rm.fact(iri, prop, rm.agents.printed_name(ref.cover, bracketed_real=ref.printed),
                        ref.span)
    for prop, forms in ((CW.signedAs, msg.signed_as), (CW.addressedAs, msg.addressed_as)):
        which = "signed" if prop == CW.signedAs else "addressed"
        for printed in forms:
            if fold(printed) not in covers:
                rm.fact(iri, prop, rm.agents.printed_name(printed), msg.span_of(f"{which}:{printed}"))


def _numbers(rm: RecordMapping, msg: Message, iri: URIRef) -> None:
    """``date``, ``cipher_numbers``, ``serial_numbers``, ``place_sent``, ``declared_copies``
    -> ``cw:dateSent``, ``cw:cipherNumber``, ``cw:senderSerialNumber``, ``cw:placeSent``,
    ``cw:declaredCopyCount``."""
    r = rm.record
    if msg.date is not None:
        rm.fact(iri, CW.dateSent, _date_literal(msg.date), r.span_of("date"))
    for number in msg.cipher_numbers:
        span = msg.span_of(f"cipher:{number}")
        if span is None:
            span = _find(r.text, number.split("/")[0], r.span_of("title"))
        rm.fact(iri, CW.cipherNumber, Literal(number), span)
    for number in msg.serial_numbers:
        rm.fact(iri, CW.senderSerialNumber, Literal(number), msg.span_of(f"serial:{number}"))
    if msg.place_sent:
        rm.fact(iri, CW.placeSent, rm.agents.place(msg.place_sent), msg.span_of("place_sent"))
    if msg.declared_copies is not None:
        rm.fact(iri, CW.declaredCopyCount, Literal(msg.declared_copies), msg.span_of("declared_copies"))


def _parts(rm: RecordMapping, msg: Message, iri: URIRef, key: str,
           endorsers: tuple[NameRef, ...]) -> None:
    """``events``, ``distribution``, ``requests`` -> ``cw:hasTransmissionEvent``,
    ``cw:hasDistributionEntry``, ``cw:containsRequest`` (:mod:`kg.mapping.parts`)."""
    intakes = {span for name, span in msg.evidence if name == INTAKE}
    for ev in msg.events:
        ev_iri = event(rm, ev, key)
        rm.fact(iri, CW.hasTransmissionEvent, ev_iri, ev.span)
        if ev.kind == "receipt" and ev.span is not None and ev.span in intakes:
            # "received at 0020" before "sent 0215" on an outgoing copy: the cipher office's
            # intake; it stays a cw:Receipt as printed
            rm.fact(ev_iri, RDF.type, CW.CipherOfficeIntake, ev.span)
    for entry in msg.distribution:
        if (item := distribution_entry(rm, entry, key)) is not None:
            rm.fact(iri, CW.hasDistributionEntry, item, entry.span)
    for req in msg.requests:
        rm.fact(iri, CW.containsRequest, request(rm, req, key, msg, endorsers), req.span)


def _transmits(rm: RecordMapping, msg: Message, iri: URIRef, key: str) -> None:
    """``transmits`` -> ``cw:transmits`` the carried messages, each mapped in turn; their key
    adds the part's name (``wilson-112696-letter``) or its place (``...-part1``)."""
    for i, inner in enumerate(msg.transmits):
        inner_key = f"{key}-{inner.part or f'part{i + 1}'}"
        inner_iri = message(rm, inner, inner_key, top=False, endorsers=msg.endorsed_by)
        rm.fact(iri, CW.transmits, inner_iri, msg.span_of("transmits") or rm.record.span_of("title"))


def _find(text: str, needle: str, within: Span | None) -> Span | None:
    """The span of ``needle`` inside the span ``within`` of ``text`` (a number in the title).

    >>> _find("No. 1234/sh of 5 July", "1234", Span(0, 21))
    Span(start=4, end=8)
    """
    if not text or within is None or not needle:
        return None
    at = text.find(needle, within.start, within.end)
    return Span(at, at + len(needle)) if at >= 0 else None


def _date_literal(d: PartialDate) -> Literal:
    """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` by the precision known.

    >>> _date_literal(PartialDate(1950, 10)).n3()
    '"1950-10"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    """
    if d.day is not None:
        return Literal(d.iso(), datatype=XSD.date)
    if d.month is not None:
        return Literal(d.iso(), datatype=XSD.gYearMonth)
    return Literal(d.iso(), datatype=XSD.gYear)
