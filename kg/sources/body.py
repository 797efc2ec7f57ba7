"""Facts printed in the text of a telegram or letter.

Reads, from the ``Contents`` lines of a record (each with its 1-based line
number): the header (``Ciphered Telegram # 600382/sh``, ``To Comrade STALIN
I.V.``, ``FROM: PYONGYANG``), transmission steps (``Sent by wire on 10/09/50 at
7:05 a.m.``, ``Deciphered by Morozov on ...``, ``Sent 8.7.50 9:26``),
distribution lists (``Distribution list - 11 copies: Stalin - 2, ...``,
``Copies: Stalin (2), Molotov``), a transmitted letter in quotes with its
salutation, numbered requests and signature, endorsements (``I support ...
request``), signatures (``S H T Y K O V``) and outgoing numbers (``No. 1447/sh``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from kg.normalize import MONTHS, clean_name, parse_date_line
from kg.records import DistributionEntry, NameRef, PartialDate, Quantity, Request, TransmissionEvent

__all__ = ["BodyFacts", "Embedded", "parse_body", "parse_event", "parse_quantities"]

Lines = list[tuple[int, str]]

_CIPHER = re.compile(
    r"^(?P<kind>ciphered telegram|cipher telegram|coded telegram|telegram|cable)\s*"
    r"(?:#|No\.?|N[º°o]\.?)\s*(?P<num>[\w/-]+)", re.IGNORECASE)
_TO = re.compile(r"^TO:?\s+(?P<who>.+)$", re.IGNORECASE)
_FROM = re.compile(r"^FROM:\s*(?P<where>.+)$", re.IGNORECASE)
_EVENT = re.compile(
    r"^(?P<verb>Sent|Received|Arrived|Deciphered|Typed)\b(?P<rest>.*)$", re.IGNORECASE)
EVENT_KINDS = {"sent": "sending", "received": "receipt", "arrived": "arrival",
               "deciphered": "deciphering", "typed": "typing"}
_DISTRIBUTION = re.compile(r"^(?:Distribution(?: list)?|Copies)\b", re.IGNORECASE)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_TRANSMIT = re.compile(
    r"\b(?:transmit|transmitting|convey|conveying|forward|forwarding|relay|relaying)\b.*?"
    r"\b(?P<kind>letter|message|telegram|note)\b.*?\bfrom\s+(?P<who>.+?):?\s*$", re.IGNORECASE)
_CLOSING = re.compile(
    r"^(?:respectfully|sincerely|with (?:deep )?respect|yours(?: sincerely)?|with greetings)"
    r"[,.]?\s+(?P<who>.+?)[\"”]?$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?P<n>\d{1,2})[.)]\s+(?P<text>.+)$")
_SERIAL = re.compile(r"^No\.?\s*(?P<num>\d+(?:/\w+)?)\s*$", re.IGNORECASE)
_ENDORSE = re.compile(r"^I (?:support|endorse)\b.*\brequest", re.IGNORECASE)
_NOT_SIGNATURE = {"top", "priority", "secret", "urgent", "copy", "from", "to", "strictly",
                  "immediately", "translation", "english", "contents"}
_QUANTITY = re.compile(
    r"(?<![\w/.,])(?P<low>\d{1,3}(?:,\d{3})+|\d+)(?:\s*[-–]\s*(?P<high>\d{1,3}(?:,\d{3})+|\d+))?"
    r"\s+(?P<unit>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})")
_UNIT_STOP = {"from", "and", "or", "to", "for", "in", "of", "among", "at", "by", "with", "who",
              "which", "that", "per", "each", "the", "a", "an", "as", "on", "into", "be"}
_NOT_UNITS = set(MONTHS) | {"year", "years", "hours", "minutes", "copies", "copy"}


@dataclass(frozen=True)
class Embedded:
    """A message transmitted inside the text ("I herewith transmit a letter ...")."""

    kind: str
    sender: NameRef | None
    salutation: str | None
    signatures: tuple[str, ...]
    requests: tuple[Request, ...]


@dataclass(frozen=True)
class BodyFacts:
    """Everything :func:`parse_body` found."""

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
    endorses: bool = False
    serial_numbers: tuple[str, ...] = field(default=())


def parse_body(lines: Lines, record_date: PartialDate | None) -> BodyFacts:
    """Read the facts of a ``Contents`` section (lines with their numbers)."""
    content = [(n, line.strip()) for n, line in lines if line.strip()]
    if content and re.match(r"^(?:Translation\b|English Translation)", content[0][1], re.I):
        content = content[1:]
    facts: dict = {"cipher_numbers": [], "addressees": [], "addressed_as": [], "events": [],
                   "distribution": [], "signatures": [], "signatories": [], "serial_numbers": []}
    quote = _find_quote(content)
    quoted = {n for n, _ in content[quote[0]:quote[1] + 1]} if quote else set()
    header_zone = {n for n, _ in content[:8]}
    embedded = None
    i = 0
    while i < len(content):
        n, line = content[i]
        if n in quoted:
            i += 1
            continue
        if n in header_zone and (m := _CIPHER.match(line)):
            if m["kind"].lower().startswith(("cipher", "coded")):
                facts["kind"] = "CipheredTelegram"
            facts["cipher_numbers"].append(m["num"])
        elif n in header_zone and (m := _TO.match(line)):
            facts["addressed_as"].append(m["who"].strip())
            facts["addressees"].append(NameRef(m["who"].strip(), n))
        elif n in header_zone and (m := _FROM.match(line)):
            facts["place_sent"] = m["where"].strip()
        elif ev := parse_event(line, n, record_date):
            facts["events"].append(ev)
        elif _DISTRIBUTION.match(line):
            i, total, entries = _distribution(content, i)
            facts["declared_copies"] = total
            facts["distribution"].extend(entries)
            continue
        elif (m := _TRANSMIT.search(line)) and quote:
            who = m["who"].strip()
            embedded_lines = content[quote[0]:quote[1] + 1]
            embedded = _embedded(m["kind"].capitalize(), NameRef(who, n) if who else None,
                                 embedded_lines)
        elif _ENDORSE.match(line):
            facts["endorses"] = True
        elif m := _SERIAL.match(line):
            if n not in header_zone:
                facts["serial_numbers"].append(m["num"])
        elif sig := _signature(line):
            if n not in header_zone and i > 0:
                facts["signatures"].append(sig)
                facts["signatories"].append(NameRef(sig, n))
        i += 1
    requests = () if embedded else _requests(content)
    return BodyFacts(
        kind=facts.get("kind"),
        cipher_numbers=tuple(facts["cipher_numbers"]),
        addressees=tuple(facts["addressees"]),
        addressed_as=tuple(facts["addressed_as"]),
        place_sent=facts.get("place_sent"),
        events=tuple(facts["events"]),
        declared_copies=facts.get("declared_copies"),
        distribution=tuple(facts["distribution"]),
        embedded=embedded,
        requests=requests,
        signatures=tuple(facts["signatures"]),
        signatories=tuple(facts["signatories"]),
        endorses=facts.get("endorses", False),
        serial_numbers=tuple(facts["serial_numbers"]),
    )


def _find_quote(content: Lines) -> tuple[int, int] | None:
    """Indexes of the first and last line of the first quoted block."""
    for i, (_, line) in enumerate(content):
        if line.startswith(("\"", "“")):
            for j in range(i, len(content)):
                text = content[j][1]
                if (j > i or len(text) > 1) and text.endswith(("\"", "”")):
                    return i, j
            return None
    return None


def _embedded(kind: str, sender: NameRef | None, lines: Lines) -> Embedded:
    first = lines[0][1].lstrip("\"“").strip()
    salutation = first.rstrip(",").strip() if first.endswith(",") and len(first) < 80 else None
    signatures = []
    last = lines[-1][1].rstrip("\"”").strip()
    if m := _CLOSING.match(last):
        signatures.append(m["who"].strip())
    inner = [(n, line.strip("\"“”").strip()) for n, line in lines]
    return Embedded(kind=kind, sender=sender, salutation=salutation,
                    signatures=tuple(signatures), requests=_requests(inner))


def _signature(line: str) -> str | None:
    """The name as printed in a standalone signature line (``S H T Y K O V``), else None."""
    if m := _CLOSING.match(line):
        return m["who"].strip()
    text = line.strip().strip(".")
    if not text or len(text) > 40 or not re.fullmatch(r"[A-Z][A-Z .\-'\[\];]*", text):
        return None
    words = re.findall(r"[A-Za-z]+", text)
    if not words or any(w.lower() in _NOT_SIGNATURE for w in words):
        return None
    return text if len(clean_name(text).replace(" ", "")) >= 3 else None


def _distribution(content: Lines, i: int) -> tuple[int, int | None, list[DistributionEntry]]:
    """Read a distribution list starting at ``content[i]``; continuation lines follow a
    trailing comma. Returns the next index, the declared total and the entries."""
    parts: list[tuple[int, str]] = []
    j = i
    while j < len(content):
        n, line = content[j]
        parts.append((n, line))
        j += 1
        if not line.rstrip().endswith(","):
            break
    head = parts[0][1]
    total = None
    if m := re.search(r"(\d+|[a-z]+)\s+cop(?:y|ies)", head, re.IGNORECASE):
        word = m[1].lower()
        total = int(word) if word.isdigit() else _WORD_NUMBERS.get(word)
    entries: list[DistributionEntry] = []
    for k, (n, line) in enumerate(parts):
        text = line.split(":", 1)[1] if k == 0 and ":" in line else ("" if k == 0 else line)
        for chunk in text.split(","):
            chunk = chunk.strip().rstrip(".").strip()
            if not chunk:
                continue
            m = re.match(r"^(?P<name>.+?)\s*(?:[-–—]\s*(?P<a>\d+)|\((?P<b>\d+)\))?$", chunk)
            if not m:
                continue
            name = m["name"].strip()
            if re.search(r"(?i)\b(?:file|copy|department|archive)\b", name):
                continue
            count = int(m["a"] or m["b"] or 1)
            entries.append(DistributionEntry(NameRef(name, n), count, n))
    return j, total, entries


def _requests(content: Lines) -> tuple[Request, ...]:
    """Numbered items introduced by a line that asks (``... the following request:``)."""
    out: list[Request] = []
    asking = False
    i = 0
    while i < len(content):
        n, line = content[i]
        m = _NUMBERED.match(line)
        if m and asking:
            text = m["text"].strip()
            out.append(Request(
                number=int(m["n"]), text=text, line=n,
                quantities=parse_quantities(text),
                recruitment_pool=_pool(text),
            ))
        elif not m:
            asking = bool(re.search(r"\b(?:request|ask|asks|plead|appeal)\b", line, re.IGNORECASE)
                          and line.rstrip().endswith(":"))
        i += 1
    return tuple(out)


def _pool(text: str) -> str | None:
    m = re.search(r"\bfrom among\s+(?P<pool>[^.;]+)", text, re.IGNORECASE)
    return m["pool"].strip() if m else None


def parse_quantities(text: str) -> tuple[Quantity, ...]:
    """Numbers attached to requested things.

    >>> [(q.low, q.high, q.unit) for q in parse_quantities(
    ...     "the training of 1,000 tankists, 2,000 pilots, and 500 radio operators from among")]
    [(1000, 1000, 'tankists'), (2000, 2000, 'pilots'), (500, 500, 'radio operators')]
    >>> [(q.low, q.high, q.unit) for q in parse_quantities("training of 200-300 pilots from")]
    [(200, 300, 'pilots')]
    """
    out = []
    for m in _QUANTITY.finditer(text):
        words = []
        for word in m["unit"].split():
            if word in _UNIT_STOP:
                break
            words.append(word)
        if not words or words[0] in _NOT_UNITS:
            continue
        low = int(m["low"].replace(",", ""))
        high = int(m["high"].replace(",", "")) if m["high"] else low
        unit = " ".join(words)
        out.append(Quantity(low, high, unit, text[m.start():m.start("unit") + len(unit)]))
    return tuple(out)


_DATE_NUM = re.compile(r"\b(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?P<y>\d{2}|\d{4})\b")
_DATE_WORDS = re.compile(r"\b\d{1,2}\s+[A-Za-z]+\.?\s+\d{4}\b")
_TIME = re.compile(
    r"(?:\bat\s+)?\b(?P<h>\d{1,2})[:.](?P<m>\d{2})\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d./])",
    re.IGNORECASE)
_TIME_WORDS = re.compile(r"\b(?P<h>\d{1,2})\s+hours?\s+(?P<m>\d{1,2})\s+minutes?\b", re.I)


def parse_event(line: str, n: int, record_date: PartialDate | None) -> TransmissionEvent | None:
    """A transmission step printed on one line, or ``None``.

    >>> e = parse_event("Deciphered by Morozov on 10/09/50 at 10:45 a.m.", 7, PartialDate(1950, 10, 9))
    >>> e.kind, e.at.isoformat(), e.agent.printed
    ('deciphering', '1950-10-09T10:45:00', 'Morozov')
    >>> parse_event("Sent 8.7.50 9:26", 3, PartialDate(1950, 7, 8)).at.isoformat()
    '1950-07-08T09:26:00'
    """
    m = _EVENT.match(line)
    if not m:
        return None
    kind = EVENT_KINDS[m["verb"].lower()]
    rest = m["rest"]
    day = _event_date(rest, record_date)
    at = None
    time_text = _DATE_NUM.sub(" ", rest)
    tm = _TIME.search(time_text)
    hour = minute = None
    if tm:
        hour, minute = int(tm["h"]), int(tm["m"])
        ampm = (tm["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
    elif tw := _TIME_WORDS.search(rest):
        hour, minute = int(tw["h"]), int(tw["m"])
    if day is not None and hour is not None and hour < 24 and minute is not None and minute < 60:
        at = datetime(day.year, day.month, day.day, hour, minute)
    elif day is not None:
        at = datetime(day.year, day.month, day.day)
    agent = medium = place = office = None
    if bm := re.search(r"\bby\s+(?P<who>[A-Za-z][\w'-]+)", rest):
        who = bm["who"]
        if who.lower() in {"wire", "telegraph", "radio", "courier", "cable", "post", "mail"}:
            medium = who.lower()
        elif kind in ("deciphering", "typing", "receipt"):
            agent = NameRef(who, n)
    if pm := re.search(r"\bin\s+(?P<where>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)", rest):
        place = pm["where"]
    if om := re.search(r"\bat the\s+(?P<office>[\w/.-]+)", rest):
        office = om["office"]
    return TransmissionEvent(kind=kind, at=at if day else None, text=line.strip(), line=n,
                             place=place, office=office, agent=agent, medium=medium)


def _event_date(rest: str, record_date: PartialDate | None) -> date | None:
    """The date on an event line; day/month order chosen to be closest to the record date."""
    if m := _DATE_NUM.search(rest):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        year = y + 1900 if y < 100 else y
        candidates = []
        for month, day in ((a, b), (b, a)):
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                pass
        if not candidates:
            return None
        if record_date and record_date.month:
            ref = date(record_date.year, record_date.month, record_date.day or 15)
            return min(candidates, key=lambda d: abs((d - ref).days))
        return candidates[0] if "/" in m[0] else candidates[-1]
    if m := _DATE_WORDS.search(rest):
        pd = parse_date_line(m[0])
        if pd and pd.day:
            return date(pd.year, pd.month or 1, pd.day)
    return None
