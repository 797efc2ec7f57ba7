"""Names in a record -> agents, places and cover names, resolved in the record's context.

A name is resolved through the authority tables (:mod:`kg.mapping.authority`) with what
the record tells about it: its date, its other parties, its place of sending, and the real
names printed beside cover names (``Filippov [Stalin]``). People, bodies and places that a
table knows are only *referenced* (their labels live in the authority graph); a name no
table knows gets a minted node whose type and printed label are written into the record's
graph, and is reported as unresolved. A phrase no table knows that is not a name at all
(``Bulletin No. 151, May 17, 1948``: :mod:`kg.mapping.names`) is no agent: it is reported
as unresolved and takes no role. In a FRUS record, a person printed after a US office title
(``to President Johnson``) is the holder of that office on the date, whatever the volume's
``@corresp`` says (the disagreement is noted); surnames and initials resolve through the
volume's persons list (:func:`kg.mapping.authority.resolver.by_short_form`).
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.iris import Minter
from kg.mapping.authority import Authority, AuthorityEntry, ResolveContext
from kg.mapping.authority.offices import office_title_at_end, surnames_of, titled_holder
from kg.mapping.authority.volumes import SUFFIXES, surname_of
from kg.mapping.evidence import Evidence
from kg.mapping.names import not_a_name
from kg.namespace import CW
from kg.normalize import clean_name, display_name, fold
from kg.records import Message, NameRef, SourceRecord

__all__ = ["Agents", "message_refs", "MERGE_RULES"]

#: The resolver's rules that join a short form or a title to a person
#: (:func:`kg.mapping.authority.resolver.by_short_form`, :meth:`Agents.entry`).
MERGE_RULES = frozenset({"volume-persons", "volume-names", "person-table", "office-on-date",
                         "office-title", "office-holder"})


def message_refs(msg: Message) -> list[NameRef]:
    """Every party of a message and of what it carries."""
    out = [r for refs in (msg.senders, msg.authors, msg.addressees, msg.intended_for,
                          msg.participants) for r in refs]
    for inner in msg.transmits:
        out += message_refs(inner)
    return out


def _signed_in_full(record: SourceRecord) -> dict[str, str]:
    """The record's signatures that are full names, by folded surname, where one surname has
    one signature (``{"bundy": "McGeorge Bundy"}``).

    >>> from kg.records import Message
    >>> msg = Message("", "Memorandum", signed_as=("McGeorge Bundy", "Rusk", "W. Bundy"))
    >>> _signed_in_full(SourceRecord("f", "", "frus", "1", "frus", "d1", "t", msg))
    {}
    >>> msg = Message("", "Memorandum", signed_as=("McGeorge Bundy", "Rusk", "L[oy] W. H[enderson]"))
    >>> _signed_in_full(SourceRecord("f", "", "frus", "1", "frus", "d1", "t", msg))
    {'bundy': 'McGeorge Bundy', 'henderson': 'Loy W. Henderson'}
    """
    found: dict[str, set[str]] = {}
    for printed in record.message.signed_as:
        signed = printed.replace("[", "").replace("]", "")  # the editor's "L[oy] W. H[enderson]"
        words = [w for w in signed.split() if fold(w).strip(".,") not in SUFFIXES]
        if len(words) >= 2 and words[0][:1].isupper():
            found.setdefault(surname_of(signed), set()).add(signed)
    return {surname: next(iter(forms)) for surname, forms in found.items() if len(forms) == 1}


class Agents:
    """The agents and places of one record.

    Attributes:
        context: the record's date, parties and place of sending, for the resolver.
        covers: folded cover names printed with a real name -> that real name.
        unresolved: the printed names no table knows, in the order they were met (those
            that are not names at all too: they are mentions, never agents).
        refused: the phrases in a party's place that are not names, each with the reason.
        notes: where the record's own tagging and the office tables disagree, and which won.
    """

    def __init__(self, record: SourceRecord, authority: Authority, minter: Minter,
                 evidence: Evidence) -> None:
        self.auth = authority
        self.m = minter
        self.g = evidence.g
        self.unresolved: list[str] = []
        self.refused: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self.text = record.text or ""
        refs = message_refs(record.message)
        frus = record.archive == "frus" and bool(record.volume)
        if frus:
            authority.volume_persons.add(record.volume or "", record.volume_persons)
        self.context = ResolveContext(
            date=record.date.iso() if record.date else None,
            counterparts=tuple(dict.fromkeys(r.printed for r in refs)),
            place=record.message.place_sent,
            volume=record.volume if frus else None,
            volume_names=record.volume_names if frus else (),
        )
        self.covers = {fold(r.cover): r.printed for r in refs if r.cover}
        #: a FRUS record's signatures in full by folded surname (``bundy`` -> ``McGeorge
        #: Bundy``): the head's ``(Bundy)`` is the man who signed
        self.signed = _signed_in_full(record) if frus else {}
        #: the holders on the date of the offices a FRUS record is from, by folded surname
        #: (a surname two holders share is left out): the signature "Johnson" under the
        #: Embassy in Japan's telegram is its ambassador, whoever else the volume lists
        self.holders = self._office_holders(record.message) if frus else {}
        #: the refs on the signer's side (the record's own senders and authors): only these
        #: take the signature in full or the holder of the office the record is from
        self.signer_side = {id(r) for r in (*record.message.senders, *record.message.authors)}

    def _office_holders(self, msg: Message) -> dict[str, AuthorityEntry]:
        found: dict[str, AuthorityEntry] = {}
        shared: set[str] = set()
        for ref in msg.senders:
            if ref.role_hint not in ("office", "organization") or ref.ref_id:
                continue
            _post, holder = self.auth.office(ref.printed, self.context)
            if holder is None:
                continue
            for surname in surnames_of(holder):
                if surname in found and found[surname].key != holder.key:
                    shared.add(surname)
                found[surname] = replace(holder, matched_by="office-holder")
        return {k: v for k, v in found.items() if k not in shared}

    def _holder_named(self, ref: NameRef) -> AuthorityEntry | None:
        """A FRUS surname that is the holder on the date of the record's office it signs for,
        or of the office printed with it (``the Director of the Office of Near Eastern and
        African Affairs (Henderson)``)."""
        word = fold(ref.printed.strip())
        if not self.context.volume or " " in word:
            return None
        if ref.office:
            # in office that year: POCOM's terms start when credentials are presented, and an
            # ambassador signs as "Ambassador in Brazil (Johnson)" a week before
            year = replace(self.context, date=self.context.date[:4] if self.context.date else None)
            if (holder := titled_holder(self.auth, ref.office, word, year)) is not None:
                return replace(holder, matched_by="office-holder")
        return self.holders.get(word) if id(ref) in self.signer_side else None

    def agent(self, ref: NameRef, kind: str = "") -> URIRef:
        """Resolve a printed name (``NameRef.printed``) to an agent IRI, in the record's context."""
        return self._node(self.entry(ref, kind), ref)

    def named(self, ref: NameRef, kind: str = "") -> URIRef | None:
        """:meth:`agent`, or ``None`` for a phrase that no table knows and that is not a name
        (``Bulletin No. 151, May 17, 1948``): it is kept as an unresolved mention instead."""
        entry = self.entry(ref, kind)
        if not entry.known and (why := not_a_name(ref.printed, entry.pref_label, entry.kind)):
            self.refused.append((ref.printed, why))
            self.unresolved.append(ref.printed)
            return None
        return self._node(entry, ref)

    def is_party(self, ref: NameRef) -> bool:
        """Whether ``ref`` becomes an agent in a role (:meth:`party` gives one), without
        writing anything."""
        if ref.role_hint in ("office", "organization") and not ref.ref_id:
            post, holder = self.auth.office(ref.printed, self.context)
            if post.known or holder is not None:
                return True
        entry = self.entry(ref)
        return entry.known or not_a_name(ref.printed, entry.pref_label, entry.kind) is None

    def entry(self, ref: NameRef, kind: str = "") -> AuthorityEntry:
        """The authority entry of a name: a US office title printed with it (``President
        Johnson``) checked against the office tables on the date; else the source's own
        person id where it has one (a FRUS persons-list id); else the printed name in the
        record's context."""
        if (titled := self._titled(ref, kind)) is not None:
            return titled
        if ref.ref_id and (entry := self.auth.resolve_ref(ref.ref_id)) is not None:
            return entry
        if not ref.ref_id and (holder := self._holder_named(ref)) is not None:
            return holder
        context = replace(self.context, office=ref.office) if ref.office else self.context
        if not ref.ref_id and id(ref) in self.signer_side \
                and (signed := self.signed.get(fold(ref.printed))) is not None:
            # the office printed with the name goes first; else the signature in full
            by_office = self.auth.resolve(ref.printed, kind or ref.role_hint, context) if ref.office else None
            if by_office is not None and by_office.matched_by in MERGE_RULES:
                return by_office
            ref = replace(ref, printed=signed)
        if (real := self.covers.get(fold(ref.printed))) is not None:
            # the record brackets this cover name with the real name ("Stalin [Kuznetsov]"):
            # the same name elsewhere in it (its signature "Kuznetsov") is that person too
            context = replace(context, bracketed_real=real)
        kind = kind or ref.role_hint
        return self.auth.resolve(ref.printed, "organization" if kind == "office" else kind, context)

    def _titled(self, ref: NameRef, kind: str) -> AuthorityEntry | None:
        """In a FRUS record, a person printed after a US office title (``to President
        Johnson``, ``From Secretary of State Rusk``): the one holder of that office with that
        surname in the record's period. Where the volume's ``@corresp`` names someone else
        (d258 of frus1964-68v29p1 points "President Johnson" at U. Alexis Johnson), the
        office wins and the disagreement is noted."""
        if not self.context.volume or (kind or ref.role_hint) not in ("person", ""):
            return None
        shown = self.text[ref.span.start:ref.span.end] if ref.span and self.text else ref.printed
        words = clean_name(shown).split() or shown.split()
        if not words:
            return None
        before = self.text[max(0, ref.span.start - 80):ref.span.start] if ref.span and self.text else ""
        lead = before.split("\n")[-1].split() + shown.split()[:-1]
        title = office_title_at_end(self.auth, lead) or office_title_at_end(self.auth, lead[:-1])
        if title is None:
            return None
        holder = titled_holder(self.auth, title, fold(words[-1]), self.context)
        if holder is not None and ref.ref_id:
            # a tagged person no table knows ("Cyrus R. Vance" of a persons list) is the holder
            # under another form: joined, not a disagreement
            tagged = self.auth.resolve_ref(ref.ref_id) or self.auth.resolve(ref.printed, "person")
            note = (f"{title.strip(' ([')} {words[-1]}: the office tables give {holder.pref_label} on "
                    f"the date; the volume's @corresp ({ref.ref_id}) names "
                    f"{display_name(tagged.pref_label)}: took the office holder")
            if tagged.known and tagged.key != holder.key and note not in self.notes:
                self.notes.append(note)
        return holder

    def party(self, ref: NameRef) -> tuple[URIRef | None, URIRef | None]:
        """A sender or addressee: the agent, and for an office or post ("The Secretary of
        State", "the Embassy in Korea") the person who held it on the record's date; the
        agent is ``None`` for a phrase that is not a name (see :meth:`named`)."""
        if ref.role_hint in ("office", "organization") and not ref.ref_id:
            post, holder = self.auth.office(ref.printed, self.context)
            if post.known or holder is not None:
                return self._node(post, ref), (self._node(holder, ref) if holder is not None else None)
            # not a US office or post the tables know ("Soviet Ministry of Foreign Affairs"):
            # resolve it as any other body
        return self.named(ref), None

    def _node(self, entry: AuthorityEntry, ref: NameRef) -> URIRef:
        """The agent's IRI; for an entry no table knows, its type and label as printed here.
        A short form or an office title resolved to a person (``Rusk`` -> Dean Rusk) leaves
        its trace on the agent, for ``kg report identities``: ``skos:editorialNote "'Rusk'
        resolved by volume-persons"``."""
        iri = self.m.agent(entry.kind, entry.key)
        if entry.matched_by in MERGE_RULES:
            self.g.add((iri, SKOS.editorialNote,
                        Literal(f"'{ref.printed.strip()}' resolved by {entry.matched_by}")))
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
        real = bracketed_real or self.covers.get(fold(printed))
        if pseudo is None and real is not None:  # a slip beside the real name: "Fillipov [Stalin]"
            misspelt = self.auth.cover_of(printed, self.auth.resolve(real, "person", self.context).key)
            return Literal(printed) if misspelt is None else self.m.pseudonym(misspelt.key)
        if pseudo is None:
            return Literal(printed)
        context = replace(self.context, bracketed_real=real)
        if self.auth.resolve(printed, "person", context).key != pseudo.person:
            return Literal(printed)
        return self.m.pseudonym(pseudo.key)
