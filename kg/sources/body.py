"""Facts printed in the text of a telegram, cable, letter or record of conversation.

Reads, from the body lines of a record (each a :class:`~kg.sources.text.Line`
that knows its place in the file):

* the header: cipher numbers (``Ciphered Telegram # 600382/sh``, ``CABLE Nº 58458``,
  ``No. 26044`` under a ministry heading), addressee lines (``To Comrade STALIN I.V.``),
  the place sent (``FROM: PYONGYANG``);
* transmission steps in every style: ``Sent by wire on 10/09/50 at 7:05 a.m.``,
  ``Sent 31.8.50 11:32``, ``Received 18:35 21.XI.1951``, ``received at 0020 2 September``,
  ``Received 20 hours 45 minutes 17.11.1950``, ``Deciphered by Morozov ...``,
  ``Typed by Plyvkina`` / ``at 0230 2 September``;
* distribution: ``Distribution list - 11 copies: Stalin - 2, ...``, ``Copies: Stalin (2),
  Molotov``, ``Copy Nº 1 to Cde. Stalin``, ``copies NºNº 1-2 to Cde. Poskrebyshev``,
  ``Three copies made`` (no count means one copy; files, departments and ``Copy`` left out);
* a transmitted message in quotes, numbered requests with quantities and ranges,
  endorsements (``I support ... request``), signatures (``S H T Y K O V``,
  ``FENG XI [FYN SI; Stalin]``, ``21.XI.51 GROMYKO``), outgoing numbers (``No. 1447/sh``),
  and the people present at a conversation (``Present: ...``, interpreters left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from kg.normalize import MONTHS, parse_date_line
from kg.records import DistributionEntry, NameRef, PartialDate, Quantity, Request, Span, TransmissionEvent
from kg.sources.text import Line, cells, span_of

__all__ = ["BodyFacts", "Embedded", "parse_body", "parse_event", "parse_quantities"]

_TRANSLATION = re.compile(r"^(?:Translation\b.*|English Translation|Translated\b.*)$", re.IGNORECASE)
_CIPHER = re.compile(
    r"^(?P<kind>ciphered telegram|cipher telegram|coded telegram|cable telegram|telegram|cable)\s*"
    r"(?:#|No\.?|N[º°o]\.?)\s*(?P<num>\d[\w/-]*)", re.IGNORECASE)
_BARE_NO = re.compile(r"^No\.?\s*(?P<num>\d+)$")
_TO = re.compile(r"^TO:?\s+(?P<who>(?!No\b|Nº)[^\d].*?(?:\b[A-Z]\.)*)[.:]?$", re.IGNORECASE)
_FROM = re.compile(r"^FROM:?\s+(?P<where>[A-Za-z][A-Za-z' -]+?)\.?$", re.IGNORECASE)
_EVENT_WORD = re.compile(r"\b(?P<verb>Sent|Received|Arrived|Deciphered|Typed)\b", re.IGNORECASE)
EVENT_KINDS = {"sent": "sending", "received": "receipt", "arrived": "arrival",
               "deciphered": "deciphering", "typed": "typing"}
_DISTRIBUTION = re.compile(r"^(?:Distribution(?: list)?|Copies)\b\s*(?:[-–:]|\()", re.IGNORECASE)
_COPY_LINE = re.compile(
    r"^cop(?:y|ies)\s+(?:N[º°o]\.?){1,2}\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?\s*[-–]?\s*to\s+(?P<who>.+?)\.?$",
    re.IGNORECASE)
_COPIES_MADE = re.compile(r"^(?P<n>\d+|[A-Za-z]+)\s+cop(?:y|ies)\s+(?:made|printed|typed)\b", re.IGNORECASE)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NOT_A_RECIPIENT = re.compile(r"(?i)\b(?:file|copy|department|directorate|archive|office)\b|^the\b")
_TRANSMIT = re.compile(
    r"\b(?:transmit|transmitting|convey|conveying|forward|forwarding|relay|relaying|enclose|pass)\b.*?"
    r"\b(?P<kind>letter|message|telegram|note|answer)\b(?:.*?\bfrom\s+(?P<who>[^:]+?))?:?\s*$",
    re.IGNORECASE)
_CLOSING = re.compile(
    r"^(?:respectfully|sincerely|with (?:deep |communist |bolshevik )?(?:respect|greetings)|"
    r"yours(?: sincerely)?|greetings)[,.!]?(?:\s+(?P<who>.+?))?[\"”.]*$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?:(?P<a>\d{1,2})[.)]|\((?P<b>\d{1,2})\))\s+(?P<text>.+)$")
_SERIAL = re.compile(r"^(?:No\.?|N[º°])\s*(?P<num>\d+(?:/\w+)?)\.?$", re.IGNORECASE)
_ENDORSE = re.compile(r"^I (?:support|endorse)\b.*\brequest", re.IGNORECASE)
_ASKING = re.compile(r"\b(?:request|requests|ask|asks|beg|plead|appeal|need|needs|orders?|want)\b",
                     re.IGNORECASE)
_DATE_TOKEN = r"\d{1,2}\.(?:[IVX]{1,4}|\d{1,2})(?:\.\d{2,4})?"
_SIGNATURE = re.compile(
    rf"^(?:{_DATE_TOKEN}\s+)?(?P<name>(?:[A-Z][a-z]?\.\s?){{0,3}}[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}"
    r"(?:\s*\[[^\]]+\])?)[.\"”]*$")
_LETTER_SPACED = re.compile(r"^(?P<name>(?:[A-Z] ){2,}[A-Z](?:\s{2,}(?:[A-Z] )+[A-Z])*)[.\"”]*$")
_NOT_SIGNATURE = {"top", "priority", "secret", "urgent", "copy", "from", "to", "strictly",
                  "immediately", "translation", "english", "contents", "special", "molniya",
                  "extremely", "reference", "enclosure", "attachment", "cipher", "ciphered",
                  "telegram", "cable", "outgoing", "secretary", "soviet", "ambassador", "confirm"}
_QUANTITY = re.compile(
    r"(?<![\w/.,])(?P<low>\d{1,3}(?:,\d{3})+|\d+)(?:\s*[-–]\s*(?P<high>\d{1,3}(?:,\d{3})+|\d+))?"
    r"\s+(?P<unit>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,4})")
_UNIT_STOP = {"from", "and", "or", "to", "for", "in", "among", "at", "by", "with", "who",
              "which", "that", "per", "each", "the", "a", "an", "as", "on", "into", "be", "you",
              "we", "our", "your", "their", "his", "its", "between", "before", "after"}
_NOT_UNITS = set(MONTHS) | {"year", "years", "hours", "hour", "minutes", "minute", "copies", "copy",
                            "days", "day", "percent", "o"}
_TRAILING_CAPS = re.compile(r"(?:^|[.!]\s+)(?:Greetings\.\s*)?(?P<name>[A-Z][A-Z .'-]+(?:\s*\[[^\]]+\])?)$")
_ENCLOSURE = re.compile(r"^\[(?:Enclosure|Attachment|Appendix)\b", re.IGNORECASE)
_PRESENT = re.compile(r"\bPresent:\s*(?P<who>[^\]]+?)(?=\s*(?:Interpreters?:|\]|$))", re.IGNORECASE)


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
    serial_numbers: tuple[str, ...] = ()
    participants: tuple[NameRef, ...] = ()
    evidence: tuple[tuple[str, Span], ...] = field(default=())
    enclosure_line: int | None = None


class _Acc:
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
        self.endorses = False
        self.serials: list[str] = []
        self.evidence: list[tuple[str, Span]] = []


def _is_header_line(line: Line) -> bool:
    return len(line.text.split()) <= 14


def parse_body(lines: list[Line], record_date: PartialDate | None) -> BodyFacts:
    """Read the facts of a record's text (its lines, with their places in the file)."""
    content = [line for line in lines if line.text]
    while content and _TRANSLATION.match(content[0].text):
        content = content[1:]
    acc = _Acc()
    quote = _find_quote(content)
    quoted = {line.n for line in content[quote[0]:quote[1] + 1]} if quote else set()
    header: set[int] = set()
    for line in content[:16]:
        if not _is_header_line(line) or line.n in quoted:
            break
        header.add(line.n)
    embedded = None
    previous: Line | None = None
    i = 0
    while i < len(content):
        line = content[i]
        if line.n in quoted:
            previous = line
            i += 1
            continue
        if _DISTRIBUTION.match(line.text):
            i = _distribution(content, i, acc)
            continue
        if line.n in header or _is_header_line(line):
            for cell in cells(line):
                _header_cell(cell, line.n in header, previous, acc, record_date, content, i)
        if (m := _TRANSMIT.search(line.text)) and quote and quote[0] > i:
            who = m["who"]
            sender = NameRef(who.strip(), line.n, span=span_of(line, m, "who")) if who else None
            embedded = _embedded(m["kind"].capitalize(), sender, content[quote[0]:quote[1] + 1])
            acc.evidence.append(("transmits", line.span()))
            acc.evidence.extend(embedded.evidence)
        elif _ENDORSE.match(line.text):
            acc.endorses = True
            acc.evidence.append(("endorsed", line.span()))
        elif line.n not in header and (m := _SERIAL.match(line.text)):
            acc.serials.append(m["num"])
            acc.evidence.append((f"serial:{m['num']}", span_of(line, m, "num")))
        elif line.n not in header:
            _maybe_signature(line, content, i, quoted, acc)
        previous = line
        i += 1
    _copy_lines(content, acc)
    for line in content:
        if acc.total is None and (m := _COPIES_MADE.match(line.text)):
            word = m["n"].lower()
            total = int(word) if word.isdigit() else _WORD_NUMBERS.get(word)
            if total:
                acc.total = total
                acc.evidence.append(("declared_copies", span_of(line, m)))
    requests = _requests([_unquote(line) for line in content])
    if embedded is not None:
        inside = tuple(r for r in requests if r.line in quoted)
        embedded = Embedded(embedded.kind, embedded.sender, embedded.salutation,
                            embedded.signatures, inside, embedded.evidence)
    return BodyFacts(
        kind=acc.kind,
        cipher_numbers=tuple(dict.fromkeys(acc.cipher)),
        addressees=tuple(acc.addressees),
        addressed_as=tuple(dict.fromkeys(acc.addressed_as)),
        place_sent=acc.place,
        events=tuple(acc.events),
        declared_copies=acc.total,
        distribution=tuple(acc.entries),
        embedded=embedded,
        requests=requests,
        signatures=tuple(dict.fromkeys(acc.signatures)),
        signatories=tuple(acc.signatories),
        endorses=acc.endorses,
        serial_numbers=tuple(dict.fromkeys(acc.serials)),
        participants=_participants(content),
        evidence=tuple(acc.evidence),
        enclosure_line=next((line.n for line in content if _ENCLOSURE.match(line.text)), None),
    )


def _header_cell(cell: Line, in_header: bool, previous: Line | None, acc: _Acc,
                 record_date: PartialDate | None, content: list[Line], i: int) -> None:
    text = cell.text
    if in_header and (m := _CIPHER.match(text)):
        if m["kind"].lower().startswith(("cipher", "coded")):
            acc.kind = "CipheredTelegram"
            acc.evidence.append(("header-kind", span_of(cell, m, "kind")))
        acc.cipher.append(m["num"])
        acc.evidence.append((f"cipher:{m['num']}", span_of(cell, m, "num")))
        return
    if in_header and (m := _BARE_NO.match(text)) and previous is not None \
            and re.fullmatch(r"[A-Z][A-Z() ]{2,}", previous.text.strip()) \
            and not _TRANSLATION.match(previous.text):
        acc.cipher.append(m["num"])
        acc.evidence.append((f"cipher:{m['num']}", span_of(cell, m, "num")))
        return
    if in_header and (m := _TO.match(text)):
        who = m["who"].strip()
        acc.addressed_as.append(who)
        acc.addressees.append(NameRef(who, cell.n, span=span_of(cell, m, "who")))
        acc.evidence.append((f"addressed:{who}", span_of(cell, m, "who")))
        return
    if in_header and acc.place is None and (m := _FROM.match(text)):
        acc.place = m["where"].strip()
        acc.evidence.append(("place_sent", span_of(cell, m, "where")))
        return
    for m in _EVENT_WORD.finditer(text):
        nxt = _EVENT_WORD.search(text, m.end())
        piece = cell.sub(m.start(), nxt.start() if nxt else None)
        if not in_header and not re.search(r"\d", piece.text):
            continue
        follow = content[i + 1] if i + 1 < len(content) else None
        if follow is not None and re.match(r"^at\s+\d", follow.text) and not _TIME.search(piece.text):
            joined = Line(piece.n, piece.start, piece.text + " " + follow.text)
            ev = parse_event(joined, record_date)
            if ev is not None:
                ev = TransmissionEvent(ev.kind, ev.at, ev.text, ev.line, ev.place, ev.office, ev.agent,
                                       ev.medium, Span(piece.start, follow.end))
        else:
            ev = parse_event(piece, record_date)
        if ev is not None and (ev.at is not None or ev.agent is not None):
            acc.events.append(ev)


def _unquote(line: Line) -> Line:
    text = line.text
    lead = len(text) - len(text.lstrip("\"“"))
    return Line(line.n, line.start + lead, text[lead:].rstrip("\"”").strip())


def _find_quote(content: list[Line]) -> tuple[int, int] | None:
    """Indexes of the first and last line of the first quoted block."""
    for i, line in enumerate(content):
        if line.text.startswith(("\"", "“")):
            for j in range(i, len(content)):
                text = content[j].text.rstrip(".")
                if (j > i or len(text) > 1) and text.endswith(("\"", "”")):
                    return i, j
            return None
    return None


def _embedded(kind: str, sender: NameRef | None, lines: list[Line]) -> Embedded:
    first = _unquote(lines[0])
    salutation = None
    evidence: list[tuple[str, Span]] = []
    if first.text.endswith((",", "!")) and len(first.text) < 80:
        salutation = first.text.rstrip(",!.").strip()
        evidence.append((f"addressed:{salutation}", first.span(0, len(salutation))))
    signatures = []
    last = _unquote(lines[-1])
    text = last.text.rstrip(".").rstrip("\"”").strip()
    name = None
    if m := _CLOSING.match(text):
        name = m["who"].strip() if m["who"] else None
    elif (m := _SIGNATURE.match(text)) or (m := _LETTER_SPACED.match(text)):
        name = m["name"]
    elif m := _TRAILING_CAPS.search(text):
        name = m["name"].strip()
    if name:
        signatures.append(_cover_or_name(name))
        at = last.text.find(name)
        if at >= 0:
            evidence.append((f"signed:{signatures[-1]}", last.span(at, at + len(name))))
    return Embedded(kind=kind, sender=sender, salutation=salutation,
                    signatures=tuple(signatures), requests=(), evidence=tuple(evidence))


def _cover_or_name(printed: str) -> str:
    """The name a signature is printed under: the cover in ``FILIPPOV [Stalin]``."""
    return re.sub(r"\s*\[[^\]]*\]\s*", "", printed).strip(" .\"”") or printed


def _bracket_parts(printed: str) -> tuple[str, str | None]:
    """``FENG XI [FYN SI; Stalin]`` -> (``Stalin``, ``FENG XI``); plain names -> (name, None)."""
    m = re.match(r"^(?P<outer>[^\[]+?)\s*\[(?P<inner>[^\]]+)\]", printed)
    if not m:
        return printed.strip(" .\"”"), None
    real = m["inner"].split(";")[-1].strip()
    return real, m["outer"].strip()


def _maybe_signature(line: Line, content: list[Line], i: int, quoted: set[int], acc: _Acc) -> None:
    """A signature line: letter-spaced or capitals anywhere after the header; a mixed-case
    name only where letters end (last lines, before dates/numbers, after a closing)."""
    text = line.text
    m = _LETTER_SPACED.match(text)
    if m is None:
        m = _SIGNATURE.match(text)
        if m is None:
            c = _CLOSING.match(text)
            if c and c["who"]:
                _add_signature(line, c["who"].strip(), line.text.index(c["who"]), acc)
            return
        words = re.findall(r"[A-Za-z]+", re.sub(r"\[[^\]]*\]", "", m["name"]))
        if not words or any(w.lower() in _NOT_SIGNATURE for w in words) or len(words) > 4:
            return
        if not _at_letter_end(content, i, quoted):
            return  # capitals mid-text are headings and address blocks, not signatures
        if m["name"].isupper() and len(m["name"].replace(" ", "")) < 4:
            return
    _add_signature(line, m["name"], m.start("name"), acc)


def _add_signature(line: Line, printed: str, at: int, acc: _Acc) -> None:
    real, cover = _bracket_parts(printed)
    signed = cover or printed.strip(" .\"”")
    acc.signatures.append(signed)
    acc.evidence.append((f"signed:{signed}", line.span(at, at + len(printed))))
    acc.signatories.append(NameRef(real, line.n, span=line.span(at, at + len(printed)), cover=cover))


def _at_letter_end(content: list[Line], i: int, quoted: set[int]) -> bool:
    """Whether ``content[i]`` stands where a letter is signed."""
    if i > 0 and _CLOSING.match(content[i - 1].text):
        return True
    for later in content[i + 1:]:
        if later.n in quoted:
            return False
        t = later.text
        if parse_date_line(t.rstrip(".")) or re.match(rf"^{_DATE_TOKEN}\b", t) or _SERIAL.match(t) \
                or _EVENT_WORD.match(t) or _COPIES_MADE.match(t) or _DISTRIBUTION.match(t) \
                or re.match(r"^\d{1,2}\.\d{1,2}\s+\d{1,2}:\d{2}$", t) \
                or re.match(r"^[A-Z][a-z]+ \d{1,2}$", t) or t.startswith(("[", "Reference:", "Note:")):
            continue
        return False
    return True


def _distribution(content: list[Line], i: int, acc: _Acc) -> int:
    """Read a distribution list starting at ``content[i]``; continuation lines follow a
    trailing comma. Returns the next index."""
    parts = []
    j = i
    while j < len(content):
        parts.append(content[j])
        j += 1
        if not content[j - 1].text.rstrip().endswith(","):
            break
    head = parts[0]
    if m := re.search(r"(\d+|[a-z]+)\s+cop(?:y|ies)", head.text, re.IGNORECASE):
        word = m[1].lower()
        total = int(word) if word.isdigit() else _WORD_NUMBERS.get(word)
        if total:
            acc.total = total
            acc.evidence.append(("declared_copies", span_of(head, m)))
    for k, line in enumerate(parts):
        start = line.text.index(":") + 1 if k == 0 and ":" in line.text else 0
        if k == 0 and start == 0:
            start = re.match(r"^(?:Distribution(?: list)?|Copies)\b\s*", line.text, re.I).end()
        pos = start
        for chunk in line.text[start:].split(","):
            piece = line.sub(pos, pos + len(chunk))
            pos += len(chunk) + 1
            _entry(piece, acc)
    return j


def _entry(piece: Line, acc: _Acc) -> None:
    text = piece.text.rstrip(".").strip()
    if not text:
        return
    m = re.match(r"^(?P<name>.+?)\s*(?:[-–—]\s*(?P<a>\d+)|\((?P<b>\d+)\))?$", text)
    if not m or _NOT_A_RECIPIENT.search(m["name"]):
        return
    count = int(m["a"] or m["b"] or 1)
    ref = NameRef(m["name"].strip(), piece.n, span=piece.span(m.start("name"), m.end("name")))
    acc.entries.append(DistributionEntry(ref, count, piece.n, span=piece.span(0, len(text))))


def _copy_lines(content: list[Line], acc: _Acc) -> None:
    """``Copy Nº 1 to Cde. Stalin`` lines: one entry per recipient, copies counted."""
    counts: dict[str, tuple[int, NameRef, Span]] = {}
    for line in content:
        for cell in cells(line):
            if m := _COPY_LINE.match(cell.text):
                who = m["who"].strip()
                if _NOT_A_RECIPIENT.search(who):
                    continue
                n = int(m["b"]) - int(m["a"]) + 1 if m["b"] else 1
                key = who.casefold()
                ref = NameRef(who, cell.n, span=span_of(cell, m, "who"))
                old = counts.get(key)
                counts[key] = ((old[0] if old else 0) + n, old[1] if old else ref,
                               old[2] if old else cell.span())
    for n, ref, span in counts.values():
        acc.entries.append(DistributionEntry(ref, n, ref.line, span=span))


def _requests(content: list[Line]) -> tuple[Request, ...]:
    """Numbered items introduced by a line that asks (``I request:``, ``We therefore ask:``)."""
    out: list[Request] = []
    asking = False
    for line in content:
        m = _NUMBERED.match(line.text)
        if m and asking:
            text = m["text"].strip()
            at = m.start("text")
            out.append(Request(
                number=int(m["a"] or m["b"]), text=text, line=line.n,
                quantities=parse_quantities(text, line.start + at),
                recruitment_pool=_pool(text),
                span=line.span(),
            ))
        elif not m:
            asking = bool(line.text.rstrip().endswith(":") and _ASKING.search(line.text))
    return tuple(out)


def _pool(text: str) -> str | None:
    m = re.search(r"\bfrom among\s+(?P<pool>[^.;]+)", text, re.IGNORECASE)
    return m["pool"].strip() if m else None


def parse_quantities(text: str, base: int | None = None) -> tuple[Quantity, ...]:
    """Numbers attached to requested things.

    >>> [(q.low, q.high, q.unit) for q in parse_quantities(
    ...     "the training of 1,000 tankists, 2,000 pilots, and 500 radio operators from among")]
    [(1000, 1000, 'tankists'), (2000, 2000, 'pilots'), (500, 500, 'radio operators')]
    >>> [(q.low, q.high, q.unit) for q in parse_quantities("training of 200-300 pilots from")]
    [(200, 300, 'pilots')]
    >>> [q.unit for q in parse_quantities("together with 100,000 rounds of ammunition (the order")]
    ['rounds of ammunition']
    """
    out = []
    for m in _QUANTITY.finditer(text):
        words: list[str] = []
        for word in m["unit"].split():
            if word in _UNIT_STOP:
                break
            words.append(word)
        while words and words[-1] == "of":
            words.pop()
        if not words or words[0] in _NOT_UNITS:
            continue
        low = int(m["low"].replace(",", ""))
        high = int(m["high"].replace(",", "")) if m["high"] else low
        unit = " ".join(words)
        end = m.start("unit") + len(unit)
        span = Span(base + m.start(), base + end) if base is not None else None
        out.append(Quantity(low, high, unit, text[m.start():end], span=span))
    return tuple(out)


def _participants(content: list[Line]) -> tuple[NameRef, ...]:
    """People named after ``Present:`` (interpreters are not participants)."""
    out: list[NameRef] = []
    for line in content:
        m = _PRESENT.search(line.text)
        if not m:
            continue
        seg_start = m.start("who")
        for piece in re.finditer(r"[^,;]+", m["who"]):
            for part in re.split(r"\s+and\s+", piece.group(0)):
                name = re.sub(r"^(?:on the \w+ side|also|from the \w+ side)\s+", "", part.strip(),
                              flags=re.I)
                name = re.sub(r"\s*\[[^\]]*\]?$", "", name).strip(" .")
                # "the PRC ambassador Wang Jiaxiang": the name is the trailing capitalised run
                if tail := re.search(r"(?:^|\s)((?:(?:[A-Z][a-z]?\.\s?)+|[A-Z][\w'-]*\s?)+)$", name):
                    name = tail.group(1).strip()
                if not name or not name[0].isupper() or len(name.split()) > 4 \
                        or re.search(r"(?i)\b(?:members?|delegation|others?)\b", name):
                    continue
                at = line.text.find(name, seg_start)
                span = line.span(at, at + len(name)) if at >= 0 else None
                out.append(NameRef(name, line.n, span=span))
    return tuple(out)


_DATE_NUM = re.compile(r"\b(?P<a>\d{1,2})\.(?P<b>\d{1,2}|[IVX]{1,4})(?:\.(?P<y>\d{4}|\d{2}))?(?![\d:])"
                       r"|\b(?P<c>\d{1,2})/(?P<d>\d{1,2})/(?P<z>\d{2}|\d{4})\b")
_DATE_WORDS = re.compile(r"\b(?P<d>\d{1,2})\s+(?P<m>[A-Za-z]+)\.?(?:\s+(?P<y>\d{4}))?\b")
_TIME = re.compile(
    r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d./])"
    r"|\bat\s+(?P<h4>[0-2]\d)(?P<m4>[0-5]\d)\b"
    r"|(?<![\d.])(?P<h5>[0-2]\d)(?P<m5>[0-5]\d)(?=\s+\d{1,2}\s+[A-Za-z])",
    re.IGNORECASE)
_TIME_WORDS = re.compile(r"\b(?P<h>\d{1,2})\s+hours?\s+(?P<m>\d{1,2})\s+minutes?\b", re.I)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12}


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
    """
    m = _EVENT_WORD.match(line.text)
    if not m:
        return None
    kind = EVENT_KINDS[m["verb"].lower()]
    rest = line.text[m.end():]
    if kind == "sending" and re.match(r"^\s+to\s+the\b", rest):
        kind = "arrival"  # "Sent to the 8th Department ...": forwarded to an office
    day, date_span = _event_date(rest, record_date)
    time_text = rest[:date_span[0]] + " " * (date_span[1] - date_span[0]) + rest[date_span[1]:] \
        if date_span else rest
    hour = minute = None
    if tm := _TIME.search(time_text):
        if tm["h"] is not None:
            hour, minute = int(tm["h"]), int(tm["m"])
            ampm = (tm["ampm"] or "").lower().replace(".", "").replace(" ", "")
            if ampm == "pm" and hour < 12:
                hour += 12
            elif ampm == "am" and hour == 12:
                hour = 0
        elif tm["h4"] is not None:
            hour, minute = int(tm["h4"]), int(tm["m4"])
        else:
            hour, minute = int(tm["h5"]), int(tm["m5"])
    elif tw := _TIME_WORDS.search(time_text):
        hour, minute = int(tw["h"]), int(tw["m"])
    at = None
    if day is not None:
        at = datetime(day.year, day.month, day.day)
        if hour is not None and minute is not None and hour < 24 and minute < 60:
            at = datetime(day.year, day.month, day.day, hour, minute)
    agent = medium = place = office = None
    if bm := re.search(r"\bby\s+(?P<who>[A-Za-z][\w'-]+)", rest):
        who = bm["who"]
        if who.lower() in {"wire", "telegraph", "radio", "courier", "cable", "post", "mail"}:
            medium = who.lower()
        elif kind in ("deciphering", "typing", "receipt"):
            at_who = m.end() + bm.start("who")
            agent = NameRef(who, line.n, span=line.span(at_who, at_who + len(who)))
    if pm := re.search(r"\bin\s+(?P<where>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)", rest):
        place = pm["where"]
    if om := re.search(r"\bat the\s+(?P<office>[\w/.-]+)|\bto the\s+(?P<to>[^\d]+?)(?=\s+\d|$)", rest):
        office = (om["office"] or om["to"]).strip()
    return TransmissionEvent(kind=kind, at=at, text=line.text, line=line.n, place=place,
                             office=office, agent=agent, medium=medium, span=line.span())


def _event_date(rest: str, record_date: PartialDate | None) -> tuple[date | None, tuple[int, int] | None]:
    """The date on an event line and where it stands; the year comes from the record
    when the line has none; day/month order is the one closest to the record date."""
    ref_year = record_date.year if record_date else None
    if m := _DATE_NUM.search(rest):
        if m["c"] is not None:  # 10/09/50: month and day order decided by the record date
            a, b, y = int(m["c"]), int(m["d"]), int(m["z"])
            orders = ((a, b), (b, a))
        else:  # 31.8.50, 21.XI.1951: day first
            a = int(m["a"])
            b = _ROMAN[m["b"]] if m["b"] in _ROMAN else int(m["b"]) if m["b"].isdigit() else 0
            y = int(m["y"]) if m["y"] else (ref_year or 0)
            orders = ((b, a), (a, b)) if not m["b"].isdigit() else ((b, a), (a, b))
        year = y + 1900 if y < 100 else y
        candidates = []
        for month, day in orders:
            try:
                candidates.append(date(year, month, day))
            except ValueError:
                pass
        if candidates:
            if record_date and record_date.month and len(candidates) > 1:
                ref = date(record_date.year, record_date.month, record_date.day or 15)
                best = min(candidates, key=lambda d: abs((d - ref).days))
            else:
                best = candidates[0]
            return best, (m.start(), m.end())
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
