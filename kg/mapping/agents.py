"""Names in a record -> agents, places and cover names, resolved in the record's context.

A name is resolved through the authority tables (:mod:`kg.mapping.authority`) with what
the record tells about it: its date, its other parties, its place of sending, and the real
names printed beside cover names (``Filippov [Stalin]``). People, bodies and places that a
table knows are only *referenced* (their labels live in the authority graph); a name no
table knows gets a minted node whose type and printed label are written into the record's
graph, and is reported as unresolved.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.iris import Minter
from kg.mapping.authority import Authority, AuthorityEntry, ResolveContext
from kg.mapping.evidence import Evidence
from kg.namespace import CW
from kg.normalize import fold
from kg.records import Message, NameRef, SourceRecord

__all__ = ["Agents", "message_refs"]


def message_refs(msg: Message) -> list[NameRef]:
    """Every party of a message and of what it carries."""
    out = [r for refs in (msg.senders, msg.authors, msg.addressees, msg.intended_for,
                          msg.participants) for r in refs]
    for inner in msg.transmits:
        out += message_refs(inner)
    return out


class Agents:
    """The agents and places of one record.

    Attributes:
        context: the record's date, parties and place of sending, for the resolver.
        covers: folded cover names printed with a real name -> that real name.
        unresolved: the printed names no table knows, in the order they were met.
    """

    def __init__(self, record: SourceRecord, authority: Authority, minter: Minter,
                 evidence: Evidence) -> None:
        self.auth = authority
        self.m = minter
        self.g = evidence.g
        self.unresolved: list[str] = []
        refs = message_refs(record.message)
        self.context = ResolveContext(
            date=record.date.iso() if record.date else None,
            counterparts=tuple(dict.fromkeys(r.printed for r in refs)),
            place=record.message.place_sent,
        )
        self.covers = {fold(r.cover): r.printed for r in refs if r.cover}

    def agent(self, ref: NameRef, kind: str = "") -> URIRef:
        """Resolve a printed name (``NameRef.printed``) to an agent IRI, in the record's context."""
        return self._node(self.entry(ref, kind), ref)

    def entry(self, ref: NameRef, kind: str = "") -> AuthorityEntry:
        """The authority entry of a name: by the source's own person id where it has one
        (a FRUS persons-list id), else by the printed name in the record's context."""
        if ref.ref_id and (entry := self.auth.resolve_ref(ref.ref_id)) is not None:
            return entry
        context = self.context
        if (real := self.covers.get(fold(ref.printed))) is not None:
            # the record brackets this cover name with the real name ("Stalin [Kuznetsov]"):
            # the same name elsewhere in it (its signature "Kuznetsov") is that person too
            context = replace(context, bracketed_real=real)
        kind = kind or ref.role_hint
        return self.auth.resolve(ref.printed, "organization" if kind == "office" else kind, context)

    def party(self, ref: NameRef) -> tuple[URIRef, URIRef | None]:
        """A sender or addressee: the agent, and for an office or post ("The Secretary of
        State", "the Embassy in Korea") the person who held it on the record's date."""
        if ref.role_hint in ("office", "organization") and not ref.ref_id:
            post, holder = self.auth.office(ref.printed, self.context)
            if post.known or holder is not None:
                return self._node(post, ref), (self._node(holder, ref) if holder is not None else None)
            # not a US office or post the tables know ("Soviet Ministry of Foreign Affairs"):
            # resolve it as any other body
        return self.agent(ref), None

    def _node(self, entry: AuthorityEntry, ref: NameRef) -> URIRef:
        """The agent's IRI; for an entry no table knows, its type and label as printed here."""
        iri = self.m.agent(entry.kind, entry.key)
        if not entry.known:
            cls = CW.Organization if entry.kind == "organization" else CW.Person
            self.g.add((iri, RDF.type, cls))
            # the form this record prints; kg.mapping.labels picks one skos:prefLabel over the store
            self.g.add((iri, RDFS.label, Literal(entry.pref_label)))
            if ref.printed.strip() != entry.pref_label:
                self.g.add((iri, SKOS.hiddenLabel, Literal(ref.printed.strip())))
            if entry.country:
                self.g.add((iri, CW.country, Minter.wikidata(entry.country)))
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

    def printed_name(self, printed: str, bracketed_real: str | None = None) -> URIRef | Literal:
        """``cw:signedAs`` / ``cw:addressedAs``: the cover name's node where the context makes
        it one (Filippov always; Kuznetsov only beside Stalin), else the literal as printed."""
        pseudo = self.auth.pseudonym_for(printed)
        if pseudo is None:
            return Literal(printed)
        real = bracketed_real or self.covers.get(fold(printed))
        context = replace(self.context, bracketed_real=real)
        if self.auth.resolve(printed, "person", context).key != pseudo.person:
            return Literal(printed)
        return self.m.pseudonym(pseudo.key)
