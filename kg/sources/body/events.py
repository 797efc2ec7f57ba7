"""Transmission steps printed in a text: sent, received, arrived, deciphered, typed.

Every style the archive prints: ``Sent by wire on 10/09/50 at 7:05 a.m.``,
``Sent 31.8.50 11:32``, ``Received 18:35 21.XI.1951``, ``received at 0020 2 September``,
``Received 20 hours 45 minutes 17.11.1950``, ``Rec'd 8.10.60, 11.20``, ``Deciphered by
Morozov ...``, and ``Typed by Plyvkina`` with its time on the next line (``at 0230 2
September``). A date without a year takes the record's, a time without a date the record's
day; day/month order is the one closest to the record's date.

A receipt is kept as labelled; :func:`intakes` tells which receipts are the cipher office's
intake of an outgoing text rather than the addressee's receipt.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from kg.normalize import MONTHS
from kg.records import NameRef, PartialDate, Span, TransmissionEvent
from kg.sources.body.facts import Around
from kg.sources.text import Line, space_before

__all__ = ["EVENT_KINDS", "EVENT_WORD", "FOLLOW_MAX", "INTAKE", "TIME", "cell_events", "intakes", "office_of",
           "parse_event"]

# "Rec'd" and "Recd" are the clerks' short forms of "Received" ("From PYONGYANG. Rec'd 8.10.60, 11.20")
EVENT_WORD = re.compile(r"\b(?P<verb>Sent|Received|Rec['’]?d|Arrived|Deciphered|Typed)\b", re.IGNORECASE)
EVENT_KINDS = {"sent": "sending", "received": "receipt", "arrived": "arrival",
               "deciphered": "deciphering", "typed": "typing", "rec'd": "receipt", "rec’d": "receipt",
               "recd": "receipt"}
_DATE_NUM = re.compile(r"\b(?P<a>\d{1,2})\.(?P<b>\d{1,2}|[IVX]{1,4})(?:\.(?P<y>\d{4}|\d{2}))?(?![\d:])"
                       r"|\b(?P<c>\d{1,2})/(?P<d>\d{1,2})/(?P<z>\d{2}|\d{4})\b")
_DATE_WORDS = re.compile(r"\b(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]+)\.?(?:\s+(?P<y>\d{4}))?\b")
TIME = re.compile(
    r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d/]|\.\d)"
    r"|\bat\s+(?P<h4>[0-2]\d)(?P<m4>[0-5]\d)\b"
    r"|(?<![\d.])(?P<h5>[0-2]\d)(?P<m5>[0-5]\d)(?=\s+\d{1,2}\s+[A-Za-z])",
    re.IGNORECASE)
# "20 hours 45 minutes", "20 hrs. 45 min."
_TIME_WORDS = re.compile(r"\b(?P<h>\d{1,2})\s+(?:hours?|hrs?)\.?\s+(?P<m>\d{1,2})\s+(?:minutes?|mins?)\b",
                         re.I)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12}
_MEDIA = {"wire", "telegraph", "radio", "courier", "cable", "post", "mail"}


#: the longest next line a step's time is read from (such a line reads "at 0230 2 September";
#: reading a long line with every step of a cell would take time quadratic in the text)
FOLLOW_MAX = 200


def cell_events(cell: Line, in_header: bool, around: Around) -> list[TransmissionEvent]:
    """The transmission steps of one cell; a step whose time stands on the next, short line
    (``Typed by Plyvkina`` / ``at 0230 2 September``) is read with it. Outside the header
    only steps with a number count; a step needs a time or an agent."""
    text = cell.text
    out = []
    follow = around.following
    if follow is not None and (len(follow.text) > FOLLOW_MAX or not re.match(r"^at\s+\d", follow.text)):
        follow = None
    for m in EVENT_WORD.finditer(text):
        nxt = EVENT_WORD.search(text, m.end())
        piece = cell.sub(m.start(), nxt.start() if nxt else None)
        if not in_header and not re.search(r"\d", piece.text):
            continue
        if follow is not None and not TIME.search(piece.text):
            ev = _joined_event(piece, follow, around.record_date)
        else:
            ev = parse_event(piece, around.record_date)
        if ev is not None and (ev.at is not None or ev.agent is not None):
            out.append(ev)
    return out


def _joined_event(piece: Line, follow: Line, record_date: PartialDate | None) -> TransmissionEvent | None:
    """A step read together with the next line, spanning both."""
    joined = Line(piece.n, piece.start, piece.text + " " + follow.text)
    ev = parse_event(joined, record_date)
    if ev is None:
        return None
    return TransmissionEvent(ev.kind, ev.at, ev.text, ev.line, ev.place, ev.office, ev.agent,
                             ev.medium, Span(piece.start, follow.end))


def parse_event(line: Line, record_date: PartialDate | None) -> TransmissionEvent | None:
    """A transmission step printed on one line (or cell), or ``None``.

    >>> e = parse_event(Line(7, 0, "Deciphered by Morozov on 10/09/50 at 10:45 a.m."),
    ...                 PartialDate(1950, 10, 9))
    >>> e.kind, e.at.isoformat(), e.agent.printed
    ('deciphering', '1950-10-09T10:45:00', 'Morozov')
    >>> parse_event(Line(3, 0, "Sent 8.7.50 9:26"), PartialDate(1950, 7, 8)).at.isoformat()
    '1950-07-08T09:26:00'
    >>> parse_event(Line(3, 0, "Received 18:35 21.XI.1951"), PartialDate(1951, 11, 21)).at.isoformat()
    '1951-11-21T18:35:00'
    >>> parse_event(Line(3, 0, "received at 0020 2 September"), PartialDate(1949, 9, 2)).at.isoformat()
    '1949-09-02T00:20:00'
    >>> parse_event(Line(3, 0, "received at 1410"), PartialDate(1949, 9, 2)).at.isoformat()
    '1949-09-02T14:10:00'
    """
    m = EVENT_WORD.match(line.text)
    if not m:
        return None
    kind = EVENT_KINDS[m["verb"].lower()]
    rest = line.text[m.end():]
    if kind == "sending" and re.match(r"^\s+to\s+the\b", rest):
        kind = "arrival"  # "Sent to the 8th Department ...": forwarded to an office
    day, date_span = _event_date(rest, record_date)
    time_text = rest[:date_span[0]] + " " * (date_span[1] - date_span[0]) + rest[date_span[1]:] \
        if date_span else rest
    hour, minute = _time_of(time_text)
    if day is None and hour is not None:
        day = _record_day(record_date)  # "received at 1410": a time with no date is the record's day
    at = _moment(day, hour, minute)
    agent, medium = _agent_or_medium(line, m.end(), rest, kind)
    place = pm["where"] if (pm := re.search(r"\bin\s+(?P<where>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)", rest)) \
        else None
    office = office_of(rest)
    if office is None and kind == "receipt":
        office = _receiving_office(rest)
    return TransmissionEvent(kind=kind, at=at, text=line.text, line=line.n, place=place,
                             office=office, agent=agent, medium=medium, span=line.span())


#: the evidence name that marks a receipt as the cipher office's intake of an outgoing text
INTAKE = "cipher-office-intake"


def intakes(events: list[TransmissionEvent]) -> list[TransmissionEvent]:
    """The receipts that are the cipher office's intake of an outgoing text, not its receipt
    by the addressee.

    On a copy of an outgoing telegram the cipher office notes when it took the text in,
    then when it sent it: ``received at 0020 2 September`` / ``sent at 0215 2 September``
    (Cable No. 3582, Moscow to Beijing), ``Received 18:35 21.XI.1951`` / ``Sent 20:50
    21.XI.1951`` under ``MID USSR``. A receipt is such an intake when it names a cipher
    office (``Received by the cipher department 23:10 25.X.49``), or when it is printed
    before the text's sending and is not later than it; an incoming telegram prints its
    sending first and its receipt after (``Sent 31.8.50 11:32`` / ``Received 31.8.50 17:27``).

    >>> def steps(*lines):
    ...     return [parse_event(Line(n, 0, t), PartialDate(1949, 9, 2)) for n, t in enumerate(lines)]
    >>> [e.text for e in intakes(steps("received at 0020 2 September", "sent at 0215 2 September"))]
    ['received at 0020 2 September']
    >>> intakes(steps("sent at 0215 2 September", "received at 0720 2 September"))
    []
    """
    sending = next((e for e in events if e.kind == "sending"), None)
    out = []
    for ev in events:
        if ev.kind != "receipt":
            continue
        if ev.office and "cipher" in ev.office.casefold():
            out.append(ev)
        elif sending is not None and _place(ev) < _place(sending) \
                and not (ev.at is not None and sending.at is not None and ev.at > sending.at):
            out.append(ev)
    return out


def _place(ev: TransmissionEvent) -> tuple[int, int]:
    """Where a step is printed: its line, and its place in the line."""
    return ev.line, ev.span.start if ev.span else 0


_BY_OFFICE = re.compile(r"^\s*by the\s+(?P<office>[A-Za-z]+(?:\s[A-Za-z]+){0,3})")
_NOT_OFFICE = {"at", "on", "in", "of"}


def _receiving_office(rest: str) -> str | None:
    """The office that received: ``by the cipher department`` (up to a time or date).

    >>> _receiving_office(" by the cipher department 23:10 25.X.49"), _receiving_office(" 18:35")
    ('cipher department', None)
    """
    if not (m := _BY_OFFICE.match(rest)):
        return None
    words = m["office"].split()
    for k, word in enumerate(words):
        if word.casefold() in _NOT_OFFICE:
            words = words[:k]
            break
    return " ".join(words) or None


def office_of(rest: str) -> str | None:
    """The office a step went to: ``at the 8D/GS``, ``to the Eighth Department`` (up to a number).

    What ``\bat the\\s+(?P<office>[\\w/.-]+)|\bto the\\s+(?P<to>[^\\d]+?)(?=\\s+\\d|$)`` gives
    (stripped), in linear time: the pattern tried every "to the" to the end of the line.

    >>> office_of(" to the Eighth Department 10.7.50"), office_of(" at the 8D/GS at 9:40")
    ('Eighth Department', '8D/GS')
    """
    digits = _Digits(rest)
    for m in _OFFICE.finditer(rest):
        if m["office"] is not None:
            return m["office"].strip()
        w, gap = m.end(), m.start("gap")
        if w == len(rest) or rest[w].isdecimal():
            # "to the" and spaces at the end, or before a number: a space is the office ("")
            if w - (1 if w == len(rest) else 2) > gap:
                return ""
        elif (end := digits.stop_after(w)) is not None:
            return rest[w:end].strip()
    return None


_OFFICE = re.compile(r"\bat the\s+(?P<office>[\w/.-]+)|\bto the(?P<gap>\s+)")


class _Digits:
    r"""Where ``[^\d]+?(?=\s+\d|$)`` stops, from successive starts (the next digit found once)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.next = -1                              # the first digit at or after the last start

    def stop_after(self, w: int) -> int | None:
        """End of the shortest run of non-digits from ``w`` (``text[w]`` is not a digit, nor
        a space) followed by spaces and a digit, or by the end; None if a digit comes first."""
        text = self.text
        if self.next < w + 1:
            m = _DIGIT.search(text, w + 1)
            self.next = m.start() if m else len(text)
        d = self.next
        if d == len(text):
            return d
        start = space_before(text, d, w + 1)
        return start if start < d else None


_DIGIT = re.compile(r"\d")


def _time_of(text: str) -> tuple[int | None, int | None]:
    """(hour, minute) printed in ``text`` (``7:05 a.m.``, ``at 0020``, ``20 hours 45 minutes``)."""
    if tm := TIME.search(text):
        if tm["h"] is not None:
            hour, minute = int(tm["h"]), int(tm["m"])
            ampm = (tm["ampm"] or "").lower().replace(".", "").replace(" ", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
            return hour, minute
        if tm["h4"] is not None:
            return int(tm["h4"]), int(tm["m4"])
        return int(tm["h5"]), int(tm["m5"])
    if tw := _TIME_WORDS.search(text):
        return int(tw["h"]), int(tw["m"])
    return None, None


def _record_day(record_date: PartialDate | None) -> date | None:
    """The record's date when it names a day."""
    if record_date is None or not record_date.month or not record_date.day:
        return None
    return date(record_date.year, record_date.month, record_date.day)


def _moment(day: date | None, hour: int | None, minute: int | None) -> datetime | None:
    """The day at the time when the time is a real one, else at midnight; None without a day."""
    if day is None:
        return None
    if hour is not None and minute is not None and hour < 24 and minute < 60:
        return datetime(day.year, day.month, day.day, hour, minute)
    return datetime(day.year, day.month, day.day)


def _agent_or_medium(line: Line, verb_end: int, rest: str, kind: str) -> tuple[NameRef | None, str | None]:
    """``by wire`` gives the medium; ``by Morozov`` the clerk who deciphered, typed or received."""
    bm = re.search(r"\bby\s+(?P<who>[A-Za-z][\w'-]+)", rest)
    if not bm:
        return None, None
    who = bm["who"]
    if who.lower() == "the":                        # "by the cipher department": an office
        return None, None
    if who.lower() in _MEDIA:
        return None, who.lower()
    if kind in ("deciphering", "typing", "receipt"):
        at_who = verb_end + bm.start("who")
        return NameRef(who, line.n, span=line.span(at_who, at_who + len(who))), None
    return None, None


def _event_date(rest: str, record_date: PartialDate | None) -> tuple[date | None, tuple[int, int] | None]:
    """The date on an event line and where it stands; the year comes from the record
    when the line has none; day/month order is the one closest to the record date.

    A date with a year or a Roman month comes first, then a date in words; two numbers
    with a dot and nothing more (``10.20``) are a date only when the line prints a time
    besides, else they are the time (``Received 9 October 1950, 10.20``).

    >>> _event_date(" 9 October 1950, 10.20", None)[0], _event_date(" 10.20 9.X.50", None)[0]
    (datetime.date(1950, 10, 9), datetime.date(1950, 10, 9))
    >>> _event_date(" 8.7 9:26", PartialDate(1950, 7, 8))[0], _event_date(" 10.20", PartialDate(1950))
    (datetime.date(1950, 7, 8), (None, None))
    """
    short = []
    for m in _DATE_NUM.finditer(rest):
        if m["c"] is None and m["y"] is None and m["b"] not in _ROMAN:
            short.append(m)
        elif best := _numeric_date(m, record_date):
            return best, (m.start(), m.end())
    if (worded := _worded_date(rest, record_date.year if record_date else None))[0] is not None:
        return worded
    for m in short[:1]:                            # the first only: one more pass over the line
        if TIME.search(rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]) \
                and (best := _numeric_date(m, record_date)):
            return best, (m.start(), m.end())
    return None, None


def _numeric_date(m: re.Match[str], record_date: PartialDate | None) -> date | None:
    """``10/09/50`` (month and day order decided by the record date), ``31.8.50``,
    ``21.XI.1951`` (day first)."""
    if m["c"] is not None:
        a, b, y = int(m["c"]), int(m["d"]), int(m["z"])
        orders = ((a, b), (b, a))
    else:
        a = int(m["a"])
        b = _ROMAN[m["b"]] if m["b"] in _ROMAN else int(m["b"]) if m["b"].isdigit() else 0
        y = int(m["y"]) if m["y"] else ((record_date.year if record_date else None) or 0)
        orders = ((b, a), (a, b))
    year = y + 1900 if y < 100 else y
    candidates = []
    for month, day in orders:
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            pass
    if not candidates:
        return None
    if record_date and record_date.month and len(candidates) > 1:
        ref = date(record_date.year, record_date.month, record_date.day or 15)
        return min(candidates, key=lambda d: abs((d - ref).days))
    return candidates[0]


def _worded_date(rest: str, ref_year: int | None) -> tuple[date | None, tuple[int, int] | None]:
    """``2 September`` (the record's year) or ``17 November 1950``."""
    for m in _DATE_WORDS.finditer(rest):
        month = MONTHS.get(m["m"].lower())
        if month is None:
            continue
        year = int(m["y"]) if m["y"] else ref_year
        if year is None:
            continue
        try:
            return date(year, month, int(m["d"])), (m.start(), m.end())
        except ValueError:
            continue
    return None, None
