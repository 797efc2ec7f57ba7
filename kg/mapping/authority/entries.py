"""What the authority tables hold: people and bodies, archives, places, cover names, offices.

Each table row becomes one frozen dataclass (:mod:`kg.mapping.authority.tables` reads them);
:class:`ResolveContext` is what the message around a printed name tells the resolver.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.normalize import slug

__all__ = [
    "AuthorityEntry",
    "ArchiveEntry",
    "PlaceEntry",
    "PseudonymEntry",
    "OfficeEntry",
    "OfficeTerm",
    "ResolveContext",
    "NO_CONTEXT",
    "US_COUNTRY",
]

#: Wikidata item of the United States: the country of US offices, posts and POCOM officials
US_COUNTRY = "Q30"


@dataclass(frozen=True)
class AuthorityEntry:
    """A person or body: canonical key, labels and authority links.

    ``matched_by`` reports how a :meth:`Authority.resolve` call found the entry
    (``label``, ``word-order``, ``case-ending``, ``surname``, ``fuzzy:<score>``,
    ``pseudonym``, ``office``, ``ref``, ``bracket``, ``minted``); it takes no part in
    equality or hashing, so the same person found two ways is still the same entry.
    ``hsg_id`` (HistoryAtState person id), ``pocom_id`` and ``viaf`` are recorded links
    (``|`` between several), not identity: they take no part in equality either.

    >>> a = AuthorityEntry("stalin", "person", "Iosif Stalin", matched_by="label")
    >>> a == AuthorityEntry("stalin", "person", "Iosif Stalin", matched_by="pseudonym")
    True
    """

    key: str
    kind: str  # "person" | "organization"
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    close_match: tuple[str, ...] = ()
    note: str = ""
    known: bool = True
    matched_by: str = field(default="label", compare=False)
    hsg_id: str = field(default="", compare=False)
    pocom_id: str = field(default="", compare=False)
    viaf: str = field(default="", compare=False)
    country: str = field(default="", compare=False)


@dataclass(frozen=True)
class ArchiveEntry:
    """A holding institution."""

    abbreviation: str
    pref_label: str
    variants: tuple[str, ...] = ()
    known: bool = True

    @property
    def key(self) -> str:
        """IRI key: the slug of the abbreviation.

        >>> ArchiveEntry("AVP RF", "Archive of Foreign Policy of the Russian Federation").key
        'avp-rf'
        """
        return slug(self.abbreviation)


@dataclass(frozen=True)
class PlaceEntry:
    """A place of sending or receipt."""

    key: str
    pref_label: str
    variants: tuple[str, ...] = ()
    known: bool = True


@dataclass(frozen=True)
class PseudonymEntry:
    """A cover name, the person who used it, and when it stands for that person."""

    key: str
    person: str
    label: str
    variants: tuple[str, ...] = ()
    channel: str = ""
    note: str = ""
    used_from: str = ""
    used_to: str = ""
    rule: str = "always"  # "always" | "bracketed" | "context"
    counterparts: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficeEntry:
    """An office printed in place of a name, with one holder for a place and period."""

    key: str
    label: str
    holder: str
    variants: tuple[str, ...] = ()
    place: str = ""
    held_from: str = ""
    held_to: str = ""
    note: str = ""


@dataclass(frozen=True)
class OfficeTerm:
    """One row of ``us-offices.csv``: an office or post and one holder's term (POCOM)."""

    office: str
    office_label: str
    kind: str  # principal | acting | president | mission | mission-org | post | body
    printed: tuple[str, ...] = ()
    source: str = ""
    holder: str = ""
    pocom_person: str = ""
    role_title: str = ""
    started: str = ""
    ended: str = ""
    end_basis: str = ""
    note: str = ""


@dataclass(frozen=True)
class ResolveContext:
    """What the message around a printed name tells the resolver.

    Attributes:
        date: ISO date of the message (``1947-12-16``, ``1950-04``, ``1951``), or ``None``.
        counterparts: the other parties' printed names in the same message.
        bracketed_real: the real name printed with a cover name (``Kuznetsov`` in
            ``Stalin [Kuznetsov]`` has ``bracketed_real="Stalin"``).
        place: where the message was sent or received, for offices (``PYONGYANG``).
        volume: the published volume the message is in (FRUS: ``frus1961-63v06``), whose
            persons list and years resolve short forms (``Rusk``, ``JFK``, ``President Johnson``).
        office: the office printed with this name (a FRUS head's ``Deputy Assistant
            Secretary of Defense`` before ``(Bundy)``), which tells apart listed people of
            one surname.
        volume_names: the names the record's volume (its file) prints in full, with the
            offices printed with them (``SourceRecord.volume_names``), for its bare surnames.
    """

    date: str | None = None
    counterparts: tuple[str, ...] = ()
    bracketed_real: str | None = None
    place: str | None = None
    volume: str | None = None
    office: str | None = None
    volume_names: tuple[tuple[str, str], ...] = ()


#: The context of a name printed on its own: no date, no parties, no place.
NO_CONTEXT = ResolveContext()
