"""The composite parts of a message: transmission events, distribution entries, requests.

Each part is a node owned by its message, keyed by the message's key and a hash of what
the source prints (``event/{message}-{hash}``: :meth:`kg.iris.Minter.part`), so the same
record gives the same nodes in any run.
"""

from __future__ import annotations

from datetime import datetime

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import PROV

from kg.mapping.context import RecordMapping
from kg.namespace import CW, SCHEMA
from kg.records import DistributionEntry, Message, NameRef, Quantity, Request, TransmissionEvent

__all__ = ["EVENT_CLASSES", "event", "distribution_entry", "request"]

#: ``TransmissionEvent.kind`` -> its ``cw:`` class.
EVENT_CLASSES = {
    "sending": CW.Sending,
    "receipt": CW.Receipt,
    "arrival": CW.Arrival,
    "deciphering": CW.Deciphering,
    "typing": CW.Typing,
}


def event(rm: RecordMapping, ev: TransmissionEvent, key: str) -> URIRef:
    """A header line (``Deciphered by Morozov on ...``) -> typed event, time, clerk."""
    iri = rm.minter.part("event", key, ev.kind, ev.text)
    rm.fact(iri, RDF.type, EVENT_CLASSES[ev.kind], ev.span)
    if ev.at is not None:
        rm.fact(iri, CW.atLocalTime, _datetime_literal(ev.at), ev.span)
    rm.g.add((iri, CW.asPrinted, Literal(ev.text)))
    rm.g.add((iri, CW.sourceLine, Literal(ev.line)))
    if ev.medium:
        rm.fact(iri, CW.medium, Literal(ev.medium), ev.span)
    if ev.place:
        rm.fact(iri, PROV.atLocation, rm.agents.place(ev.place), ev.span)
    if ev.office:
        office = rm.agents.agent(NameRef(ev.office, ev.line), "organization")
        rm.fact(iri, PROV.atLocation, office, ev.span)
    if ev.agent and (clerk := rm.agents.named(ev.agent, "person")) is not None:
        rm.fact(iri, PROV.wasAssociatedWith, clerk, ev.agent.span)
    return iri


def distribution_entry(rm: RecordMapping, entry: DistributionEntry, key: str) -> URIRef | None:
    """A distribution-list item -> ``cw:copyRecipient`` and ``cw:copyCount``; ``None`` when the
    item is not a name, an office or a body (:mod:`kg.mapping.names`)."""
    recipient = rm.agents.named(entry.recipient)
    if recipient is None:
        return None
    iri = rm.minter.part("entry", key, str(recipient), entry.copies, entry.line)
    rm.fact(iri, RDF.type, CW.DistributionEntry, entry.span)
    rm.fact(iri, CW.copyRecipient, recipient, entry.recipient.span)
    rm.fact(iri, CW.copyCount, Literal(entry.copies), entry.span)
    rm.g.add((iri, CW.sourceLine, Literal(entry.line)))
    return iri


def request(rm: RecordMapping, req: Request, key: str, msg: Message,
            endorsers: tuple[NameRef, ...] = ()) -> URIRef:
    """A numbered request -> ``cw:Request`` with who asks whom, and requested items.

    ``endorsers`` are the parties of the carrying message who support the request.
    """
    iri = rm.minter.part("request", key, req.number, req.text)
    rm.fact(iri, RDF.type, CW.Request, req.span)
    if req.number is not None:
        rm.fact(iri, CW.rank, Literal(req.number), req.span)
    rm.fact(iri, SCHEMA.description, Literal(req.text), req.span)
    rm.g.add((iri, CW.sourceLine, Literal(req.line)))
    agents = rm.agents
    for prop, refs, span in ((CW.requestedBy, msg.senders or msg.authors, req.span),
                             (CW.requestedFrom, msg.addressees, req.span),
                             (CW.endorsedBy, (*msg.endorsed_by, *endorsers), msg.span_of("endorsed"))):
        for ref in refs:
            if (agent := agents.named(ref)) is not None:
                rm.fact(iri, prop, agent, span)
    if req.recruitment_pool:
        rm.fact(iri, CW.recruitmentPool, Literal(req.recruitment_pool), req.span)
    for i, q in enumerate(req.quantities):
        rm.fact(iri, CW.hasRequestedItem, _requested_item(rm, key, req, i, q), q.span)
    return iri


def _requested_item(rm: RecordMapping, key: str, req: Request, i: int, q: Quantity) -> URIRef:
    """The ``i``-th quantity of a request -> ``cw:RequestedItem`` with a value or a range."""
    item = rm.minter.part("item", key, req.number, i, q.low, q.high, q.unit)
    rm.fact(item, RDF.type, CW.RequestedItem, q.span)
    if q.low == q.high:
        rm.fact(item, SCHEMA.value, Literal(q.low), q.span)
    else:
        rm.fact(item, SCHEMA.minValue, Literal(q.low), q.span)
        rm.fact(item, SCHEMA.maxValue, Literal(q.high), q.span)
    rm.fact(item, SCHEMA.unitText, Literal(q.unit), q.span)
    rm.g.add((item, CW.asPrinted, Literal(q.text)))
    return item


def _datetime_literal(at: datetime) -> Literal:
    """Local time as printed, no offset: ``"1950-10-09T07:05:00"^^xsd:dateTime``.

    >>> _datetime_literal(datetime(1950, 10, 9, 7, 5)).n3()
    '"1950-10-09T07:05:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>'
    """
    return Literal(at.isoformat(timespec="seconds"), datatype=XSD.dateTime)
