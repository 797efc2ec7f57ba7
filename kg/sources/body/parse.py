"""The body reader's driver: :func:`parse_body` walks a text's lines once and hands each to
the step that reads it (header cells, distribution lists, the transmitted message,
endorsements, serial numbers, signatures), then reads what the whole text gives (copy
lines, copies made, requests, participants).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.records import NameRef, PartialDate
from kg.sources.body.distribution import (
    DISTRIBUTION,
    column,
    copies_made,
    copy_lines,
    distribution,
    is_column,
)
from kg.sources.body.events import EVENT_WORD, INTAKE, intakes
from kg.sources.body.facts import Accumulator, Around, BodyFacts, Embedded
from kg.sources.body.header import TRANSLATION, header_cell, header_lines, is_header_line
from kg.sources.body.people import SERIAL, LetterEnds, maybe_signature, participants, quoted_signature
from kg.sources.body.quotes import embedded, find_quote, find_transmit, unquote
from kg.sources.body.requests import requests
from kg.sources.text import Line, cells, span_of

__all__ = ["parse_body"]

_ENDORSE = re.compile(r"^I (?:support|endorse)\b.*\brequest", re.IGNORECASE)
_ENCLOSURE = re.compile(r"^\[(?:Enclosure|Attachment|Appendix)\b", re.IGNORECASE)


@dataclass
class _Reading:
    """One body being read: its lines, its quoted block, its header lines, what was found."""

    content: list[Line]
    quote: tuple[int, int] | None
    quoted: set[int]
    header: set[int]
    record_date: PartialDate | None
    ends: LetterEnds
    acc: Accumulator = field(default_factory=Accumulator)
    #: where the foot of the text starts: the index after its last long line (a list in
    #: columns stands there, below the text and its signature)
    foot: int = 0


def parse_body(lines: list[Line], record_date: PartialDate | None) -> BodyFacts:
    """Read the facts of a record's text (its lines, with their places in the file)."""
    content = [line for line in lines if line.text]
    while content and TRANSLATION.match(content[0].text):
        content = content[1:]
    quote = find_quote(content)
    quoted = {line.n for line in content[quote[0]:quote[1] + 1]} if quote else set()
    reading = _Reading(content, quote, quoted, header_lines(content, quoted), record_date,
                       LetterEnds(content, quoted))
    reading.foot = next((k + 1 for k in range(len(content) - 1, -1, -1) if not is_header_line(content[k])), 0)
    carried = _read_lines(reading)
    acc = reading.acc
    if carried is None and quote is not None:
        quoted_signature(content[quote[1]], acc)
    acc.evidence.extend((INTAKE, ev.span) for ev in intakes(acc.events) if ev.span is not None)
    copy_lines(content, acc)
    copies_made(content, acc)
    found = requests([unquote(line) for line in content])
    if carried is not None:
        inside = tuple(r for r in found if r.line in quoted)
        carried = Embedded(carried.kind, carried.sender, carried.salutation,
                           carried.signatures, inside, carried.evidence)
    enclosure = next((line.n for line in content if _ENCLOSURE.match(line.text)), None)
    return acc.facts(carried, found, participants(content), enclosure)


def _read_lines(reading: _Reading) -> Embedded | None:
    """Read every line outside the quoted block; the message transmitted, if any."""
    content = reading.content
    carried = None
    previous: Line | None = None
    i = 0
    while i < len(content):
        line = content[i]
        if line.n in reading.quoted:
            previous = line
            i += 1
            continue
        if DISTRIBUTION.match(line.text):
            i = distribution(content, i, reading.acc)
            continue
        if i >= reading.foot and is_column(content, i):  # "Khrushchev – 1" / "Kozlov – 1" ...
            i = column(content, i, reading.acc)
            continue
        around = Around(content, i, previous, reading.record_date)
        if line.n in reading.header or is_header_line(line) or _step_line(line):
            for cell in cells(line):
                header_cell(cell, line.n in reading.header, around, reading.acc)
        carried = _read_line(reading, line, around) or carried
        previous = line
        i += 1
    return carried


def _step_line(line: Line) -> bool:
    """A line of transmission steps longer than a header line: it starts with a step and
    holds at most 24 words ("Sent from Moscow on 12.03.1958 at 18:30; received in Warsaw by
    the embassy's cipher clerk on 12.03.1958 at 21:05.")."""
    return EVENT_WORD.match(line.text) is not None and len(line.text.split(None, 24)) <= 24


def _read_line(reading: _Reading, line: Line, around: Around) -> Embedded | None:
    """One line: it announces the transmitted message (returned), endorses a request, or
    gives a serial number or a signature (after the header)."""
    acc = reading.acc
    quote = reading.quote
    if quote and quote[0] > around.i and (t := find_transmit(line.text)):
        who = t.who
        sender = NameRef(who.strip(), line.n, span=line.span(t.start, t.end)) if who else None
        carried = embedded(t.kind.capitalize(), sender, reading.content[quote[0]:quote[1] + 1])
        acc.evidence.append(("transmits", line.span()))
        acc.evidence.extend(carried.evidence)
        return carried
    in_header = line.n in reading.header
    if _ENDORSE.match(line.text):
        acc.endorses = True
        acc.evidence.append(("endorsed", line.span()))
    elif not in_header and (m := SERIAL.match(line.text)):
        acc.serials.append(m["num"])
        acc.evidence.append((f"serial:{m['num']}", span_of(line, m, "num")))
    elif not in_header:
        maybe_signature(line, around.i, reading.ends, acc)
    return None
