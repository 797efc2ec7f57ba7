"""Frozen dataclasses: the only currency between readers and the mapping.

Readers in :mod:`kg.sources` yield :class:`SourceRecord` objects; :mod:`kg.mapping.mapper`
turns them into triples. Nothing here knows about RDF. Names are kept *as printed*
(``"Comrade STALIN I.V."``, ``"S H T Y K O V"``); resolving them to people is the
job of :mod:`kg.mapping.authority`, so that the record stays a faithful transcript of
what the source says and where (``line`` is 1-based in the input file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

__all__ = [
    "Span",
    "PartialDate",
    "NameRef",
    "ArchivalCitation",
    "TransmissionEvent",
    "DistributionEntry",
    "Quantity",
    "Request",
    "Message",
    "SourceRecord",
]


@dataclass(frozen=True)
class Span:
    """Character offsets ``[start, end)`` of a quote in the decoded text of the input file.

    These are the offsets of a W3C Web Annotation ``TextPositionSelector``: the
    quote is ``text[start:end]``.
    """

    start: int
    end: int


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or only the year.

    >>> PartialDate(1950, 10, 9).iso()
    '1950-10-09'
    >>> PartialDate(1950, 4).iso()
    '1950-04'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """ISO 8601 form at the precision known."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class NameRef:
    """A person or body as the source names it.

    Attributes:
        printed: the text exactly as printed (``"Comrade STALIN I.V."``).
        line: 1-based line of the input file where it is printed (0 if unknown).
        role_hint: ``"person"``, ``"organization"`` or ``""`` when the reader cannot tell.
        span: where ``printed`` stands in the file.
        cover: the cover name printed with the real name (``"Filippov"`` in
            ``"Filippov [Stalin]"``), if any.
        ref_id: the source's own identifier for the person, where it has one (a FRUS
            persons-list id, ``"frus1961-63v06#p_KNS2"``).
        office: the office printed with the name, where the source gives one (a FRUS head's
            ``"the President's Special Assistant for National Security Affairs"`` before
            ``(Bundy)``): it tells apart two listed people of one surname.
    """

    printed: str
    line: int = 0
    role_hint: str = ""
    span: Span | None = None
    cover: str | None = None
    ref_id: str | None = None
    office: str | None = None


@dataclass(frozen=True)
class ArchivalCitation:
    """One archival location of a document ("APRF, fond 45, opis 1, delo 347, listy 72-73").

    Values are strings as printed (``"059a"``, ``"0078"``); ``None`` where not given.
    """

    text: str
    archive: str
    fond: str | None = None
    opis: str | None = None
    papka: str | None = None
    delo: str | None = None
    folios: str | None = None
    record_group: str | None = None
    file_designation: str | None = None
    span: Span | None = None


@dataclass(frozen=True)
class TransmissionEvent:
    """A clerical or transmission step printed in a telegram header or footer.

    Attributes:
        kind: ``"sending"``, ``"receipt"``, ``"arrival"``, ``"deciphering"`` or ``"typing"``.
        at: local date and time as printed (no time zone), or ``None``.
        text: the whole line as printed.
        line: 1-based line number.
        place: where, as printed (``"Moscow"``), if stated.
        office: the office it arrived at (``"8D/GS"``), if stated.
        agent: the clerk or officer (``"Morozov"``), if stated.
        medium: ``"wire"`` and the like, if stated.
    """

    kind: str
    at: datetime | None
    text: str
    line: int
    place: str | None = None
    office: str | None = None
    agent: NameRef | None = None
    medium: str | None = None
    span: Span | None = None


@dataclass(frozen=True)
class DistributionEntry:
    """One recipient of copies on a distribution list (no count printed means 1)."""

    recipient: NameRef
    copies: int
    line: int
    span: Span | None = None


@dataclass(frozen=True)
class Quantity:
    """A number (or range) of something requested: ``200-300 pilots``."""

    low: int
    high: int
    unit: str
    text: str
    span: Span | None = None


@dataclass(frozen=True)
class Request:
    """A numbered or explicit request inside a message."""

    number: int | None
    text: str
    line: int
    quantities: tuple[Quantity, ...] = ()
    recruitment_pool: str | None = None
    span: Span | None = None


@dataclass(frozen=True)
class Message:
    """A communication from senders to addressees, possibly carrying another one.

    Attributes:
        part: ``""`` for the document's own message, otherwise a short, stable label
            of the embedded part (``"letter"``), used to mint its identifier.
        kind: a class local name of the ontology (``"CipheredTelegram"``, ``"Letter"``).
        senders, authors, addressees, intended_for: parties as printed.
        addressed_as, signed_as: forms of address and signatures as printed.
        date: date sent, if known.
        cipher_numbers: the message's own numbers as printed (``"600382/sh"``).
        serial_numbers: the sender's outgoing registry numbers (``"1447/sh"``).
        place_sent: as printed (``"PYONGYANG"``).
        events: sending, receipt, deciphering ... steps.
        declared_copies: the stated total of a distribution list.
        distribution: the listed recipients of copies.
        requests: requests the message makes.
        endorsed_by: parties who support the requests of the messages it transmits.
        transmits: embedded messages (a letter inside a telegram).
        participants: people present (records of conversation).
        evidence: spans of literal facts, by fact name (see :meth:`span_of`).
    """

    part: str
    kind: str
    senders: tuple[NameRef, ...] = ()
    authors: tuple[NameRef, ...] = ()
    addressees: tuple[NameRef, ...] = ()
    intended_for: tuple[NameRef, ...] = ()
    addressed_as: tuple[str, ...] = ()
    signed_as: tuple[str, ...] = ()
    date: PartialDate | None = None
    cipher_numbers: tuple[str, ...] = ()
    serial_numbers: tuple[str, ...] = ()
    place_sent: str | None = None
    events: tuple[TransmissionEvent, ...] = ()
    declared_copies: int | None = None
    distribution: tuple[DistributionEntry, ...] = ()
    requests: tuple[Request, ...] = ()
    endorsed_by: tuple[NameRef, ...] = ()
    transmits: tuple[Message, ...] = ()
    participants: tuple[NameRef, ...] = ()
    evidence: tuple[tuple[str, Span], ...] = ()

    def span_of(self, fact: str) -> Span | None:
        """Where a literal fact (``"date"``, ``"cipher:600382/sh"``, ``"declared_copies"``) is printed."""
        return next((span for name, span in self.evidence if name == fact), None)


@dataclass(frozen=True)
class SourceRecord:
    """One input document, read: what it is, where it came from, what it says.

    Attributes:
        source_file: base name of the input file (``cw:sourceFile``).
        sha256: hex digest of the input file's bytes.
        reader: name of the reader that produced the record (``"wilson-seed"``).
        reader_version: version of that reader.
        archive: short name of the publishing archive (``"wilson"``, ``"frus"``).
        key: stable identifier of the document within that archive (record id or slug).
        record_id: the archive's own identifier, where it has one (``"112696"``).
        url: the archive's page for the document.
        title: the title line, verbatim.
        date: the document date.
        summary: the archive's summary paragraph.
        language: the original language as printed (``"Russian"``).
        citation: the full citation string as printed.
        citations: archival locations parsed from it.
        message: the document's own message, with anything it transmits.
        layout: which layout of the source the reader recognised (``"seed"``, ``"node"``).
        evidence: spans of record-level facts.
        text: the decoded text the spans point into.
        volume, volume_title: the published volume the document belongs to (FRUS:
            ``"frus1961-63v06"``, "Foreign Relations ..., Volume VI, Kennedy-Khrushchev Exchanges").
        classification: classification and handling markings as printed (``"Secret"``,
            ``"Niact"``, ``"Limdis"``).
        received: the note of receipt as printed (``"[Received October 10—2:35 a.m.]"``).
        time_text: the local date and time as printed in the dateline.
        mentions: people named in the text (not as sender or addressee).
        volume_persons: the volume's own persons list (FRUS), ``(id, name as listed,
            description)`` in reading order (``("p_RD1", "Rusk, Dean", "Secretary of
            State")``): the mapping resolves the volume's surnames, initialled names and
            initials through it, and tells people of one surname apart by the office printed
            with the name.
        volume_names: the personal names the volume prints in full in its heads and
            signatures, each with the offices printed with it (FRUS, ``(("Sidney W. Souers",
            "Executive Secretary of the National Security Council"), ...)``): a surname printed
            alone elsewhere in the volume is the one of these with that surname, where its
            persons list (or the lack of one) leaves it open.
    """

    source_file: str
    sha256: str
    reader: str
    reader_version: str
    archive: str
    key: str
    title: str
    message: Message
    record_id: str | None = None
    url: str | None = None
    date: PartialDate | None = None
    summary: str | None = None
    language: str | None = None
    citation: str | None = None
    citations: tuple[ArchivalCitation, ...] = field(default=())
    layout: str = ""
    evidence: tuple[tuple[str, Span], ...] = ()
    text: str = field(default="", repr=False, compare=False)
    volume: str | None = None
    volume_title: str | None = None
    classification: tuple[str, ...] = ()
    received: str | None = None
    time_text: str | None = None
    mentions: tuple[NameRef, ...] = ()
    volume_persons: tuple[tuple[str, ...], ...] = ()
    volume_names: tuple[tuple[str, str], ...] = ()

    def span_of(self, fact: str) -> Span | None:
        """Where a record-level fact (``"title"``, ``"date"``, ``"summary"``) is printed."""
        return next((span for name, span in self.evidence if name == fact), None)
