"""What the body reader finds: the facts of one text, and the accumulator that gathers them.

:class:`BodyFacts` is the result of :func:`kg.sources.body.parse_body`; :class:`Embedded`
is a message transmitted inside the text. :class:`Accumulator` collects facts line by
line while a body is read, and :class:`Around` tells a step where its line stands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.records import DistributionEntry, NameRef, PartialDate, Request, Span, TransmissionEvent
from kg.sources.text import Line

__all__ = ["Accumulator", "Around", "BodyFacts", "Embedded"]


@dataclass(frozen=True)
class Embedded:
    """A message transmitted inside the text ("I herewith transmit a letter ...")."""

    kind: str
    sender: NameRef | None
    salutation: str | None
    signatures: tuple[str, ...]
    requests: tuple[Request, ...]
    evidence: tuple[tuple[str, Span], ...] = ()


@dataclass(frozen=True)
class BodyFacts:
    """Everything :func:`~kg.sources.body.parse_body` found."""

    kind: str | None = None
    cipher_numbers: tuple[str, ...] = ()
    addressees: tuple[NameRef, ...] = ()
    addressed_as: tuple[str, ...] = ()
    place_sent: str | None = None
    events: tuple[TransmissionEvent, ...] = ()
    declared_copies: int | None = None
    distribution: tuple[DistributionEntry, ...] = ()
    embedded: Embedded | None = None
    requests: tuple[Request, ...] = ()
    signatures: tuple[str, ...] = ()
    signatories: tuple[NameRef, ...] = ()
    #: the signature of a quoted block no line announces ("Pass on ... the following:")
    quoted_signatures: tuple[str, ...] = ()
    endorses: bool = False
    serial_numbers: tuple[str, ...] = ()
    participants: tuple[NameRef, ...] = ()
    evidence: tuple[tuple[str, Span], ...] = field(default=())
    enclosure_line: int | None = None


@dataclass(frozen=True)
class Around:
    """Where a line stands: the body's lines, the line's index, the line read before it, and
    the record's date (which gives event dates their year and day/month order)."""

    content: list[Line]
    i: int
    previous: Line | None
    record_date: PartialDate | None

    @property
    def following(self) -> Line | None:
        """The line after this one, if any."""
        return self.content[self.i + 1] if self.i + 1 < len(self.content) else None


class Accumulator:
    """Mutable accumulator while reading one body."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.cipher: list[str] = []
        self.addressees: list[NameRef] = []
        self.addressed_as: list[str] = []
        self.place: str | None = None
        self.events: list[TransmissionEvent] = []
        self.total: int | None = None
        self.entries: list[DistributionEntry] = []
        self.signatures: list[str] = []
        self.signatories: list[NameRef] = []
        self.quoted_signatures: list[str] = []
        self.endorses = False
        self.serials: list[str] = []
        self.evidence: list[tuple[str, Span]] = []

    def facts(self, embedded: Embedded | None, requests: tuple[Request, ...],
              participants: tuple[NameRef, ...], enclosure_line: int | None) -> BodyFacts:
        """The facts gathered, with what the whole text gives besides."""
        return BodyFacts(
            kind=self.kind,
            cipher_numbers=tuple(dict.fromkeys(self.cipher)),
            addressees=tuple(self.addressees),
            addressed_as=tuple(dict.fromkeys(self.addressed_as)),
            place_sent=self.place,
            events=tuple(self.events),
            declared_copies=self.total,
            distribution=tuple(self.entries),
            embedded=embedded,
            requests=requests,
            signatures=tuple(dict.fromkeys(self.signatures)),
            signatories=tuple(self.signatories),
            quoted_signatures=tuple(dict.fromkeys(self.quoted_signatures)),
            endorses=self.endorses,
            serial_numbers=tuple(dict.fromkeys(self.serials)),
            participants=participants,
            evidence=tuple(self.evidence),
            enclosure_line=enclosure_line,
        )
