"""Reader for Wilson Center Digital Archive records in both plain-text layouts.

**Seed layout** (older export)::

    <date line>
    <title>
    Citation:   "<title>", <date>, ... Digital Archive, <archival source>. <URL>
    Summary:    <one paragraph>
    Original Language:  <language>
    Contents:   Translation - English
                <document text>

Sections may be missing or reordered, blank lines may lead the file, the
citation may carry no archival part.

**Node layout** (newer site)::

    <date line>
    <title>
    <document text>
    <summary paragraph>
    [Author(s): / Associated People & Organizations / Associated Places / Associated Topics]
    Document Information
    Source / <archival source>   Rights / <paragraph>   [Original Uploaded Date / <date>]
    Type / <kind>   Language / [<language>]   Record ID / [<number>]

Both layouts come down to the same fields (title, date, summary, language,
citation, record id, URL, body lines) and then to the same messages, through
:func:`assemble`, which the CSV reader (:mod:`kg.sources.wilson_csv`) shares.
Every fact keeps the span of the text it was read from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import SourceError
from kg.normalize import parse_date_line
from kg.records import ArchivalCitation, Message, NameRef, PartialDate, SourceRecord, Span
from kg.sources import body as bodylib
from kg.sources.citations import parse_citations
from kg.sources.limits import check_count, check_lines
from kg.sources.text import Line, paragraphs, split_lines
from kg.sources.titles import TitleParse, TitleParty, parse_title

__all__ = ["NAME", "VERSION", "SUFFIXES", "sniff", "read", "parse_bytes", "parse_text", "Fields",
           "assemble", "named"]

NAME = "wilson"
VERSION = "0.2.0"
SUFFIXES = (".txt",)

SECTION = re.compile(r"^(Citation|Summary|Original Language|Contents):\s*(.*)$")
NODE_BLOCKS = {"Author(s):", "Associated People & Organizations", "Associated Places",
               "Associated Topics", "Document Information"}
NODE_KEYS = {"Source", "Original Archive", "Rights", "Original Uploaded Date", "Type", "Language",
             "Record ID"}
URL = re.compile(r"<?(https?://[^\s>]+)>?")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
NODE_TYPES = {"telegram": "Telegram", "cable": "Cable", "letter": "Letter", "memorandum": "Memorandum",
              "report": "Report", "note": "Note", "conversation": "RecordOfConversation"}


def sniff(path: Path, head: bytes) -> bool:
    """Whether this reader claims the file: a ``.txt`` file."""
    return path.suffix.lower() in SUFFIXES


def read(path: Path) -> Iterator[SourceRecord]:
    """Read one record file.

    Raises:
        SourceError: the file is empty, binary, not UTF-8, has no date line or title, or a
            line or list over the limits of :mod:`kg.sources.limits`; nothing else.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path.name, f"cannot read file: {exc.strerror or exc}") from exc
    yield parse_bytes(data, path.name)


def parse_bytes(data: bytes, file_name: str) -> SourceRecord:
    """Decode and parse the bytes of one record file."""
    if not data.strip():
        raise SourceError(file_name, "empty file: no date line, no title, no text")
    if b"\x00" in data:
        nul = data.index(b"\x00")
        raise SourceError(file_name, "binary content (NUL bytes), not a text record", f"byte {nul}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(file_name, f"binary content or not UTF-8 text ({exc.reason})",
                          f"byte {exc.start}") from exc
    return parse_text(text, file_name, hashlib.sha256(data).hexdigest())


@dataclass
class Fields:
    """What a layout yields, before the messages are assembled."""

    title: Line
    date: PartialDate | None
    date_line: Line | None = None
    summary: list[Line] = field(default_factory=list)
    language: Line | None = None
    citation: list[Line] = field(default_factory=list)
    record_id: Line | None = None
    url: tuple[str, Span] | None = None
    node_type: str | None = None
    body: list[Line] = field(default_factory=list)
    layout: str = "seed"


def parse_text(text: str, file_name: str, sha256: str = "") -> SourceRecord:
    """Parse the text of one record in either layout.

    Raises:
        SourceError: empty, binary, no date line or no title, a line or a list over the limits
            (:mod:`kg.sources.limits`); any other failure while reading the record, with the
            exception's type and message. Nothing else.
    """
    try:
        return _parse_text(text, file_name, sha256)
    except SourceError as exc:
        raise named(exc, file_name) from None
    except Exception as exc:  # noqa: BLE001 - one record's failure is its file's error, never a traceback
        raise SourceError(file_name, f"cannot read the record: {type(exc).__name__}: {exc}") from exc


def named(exc: SourceError, file_name: str, location: str | None = None) -> SourceError:
    """``exc`` naming ``file_name`` (the parsers of titles and bodies do not know their file),
    at ``location`` when one is given."""
    if exc.file and location is None:
        return exc
    return SourceError(exc.file or file_name, exc.message, location or exc.location)


def _parse_text(text: str, file_name: str, sha256: str) -> SourceRecord:
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # keep offsets: the BOM becomes a blank character
    check_lines(text, file_name)
    lines = split_lines(text)
    content = [line for line in lines if line.text]
    if not content:
        raise SourceError(file_name, "empty file: no date line, no title, no text")
    if bad := next((line for line in lines if _CONTROL.search(line.text)), None):
        raise SourceError(file_name, "control characters: binary content, not a text record",
                          f"line {bad.n}")
    first = content[0]
    date = parse_date_line(first.text)
    if date is None:
        raise SourceError(file_name, f"first line is not a date: {first.text[:60]!r}",
                          f"line {first.n}")
    if len(content) < 2 or SECTION.match(content[1].text) or content[1].text in NODE_BLOCKS:
        where = content[1].n if len(content) > 1 else first.n
        raise SourceError(file_name, "record has no title line (expected after the date line)",
                          f"line {where}")
    title = content[1]
    rest = [line for line in lines if line.n > title.n]
    if any(line.text == "Document Information" for line in rest):
        fields = _node_fields(rest, title, date)
    else:
        fields = _seed_fields(rest, title, date)
    fields.date_line = first
    return assemble(fields, file_name=file_name, sha256=sha256, text=text)


def _seed_fields(rest: list[Line], title: Line, date: PartialDate) -> Fields:
    sections: dict[str, list[Line]] = {}
    current: str | None = None
    for line in rest:
        if m := SECTION.match(line.text):
            current = m[1]
            sections.setdefault(current, [])
            if m[2].strip():
                sections[current].append(line.sub(m.start(2)))
            continue
        if current is not None:
            sections[current].append(line)
    citation = [line for line in sections.get("Citation", []) if line.text]
    language = next((line for line in sections.get("Original Language", []) if line.text), None)
    summary = [line for line in sections.get("Summary", []) if line.text]
    body = sections.get("Contents", [])
    return Fields(title=title, date=date, summary=summary, language=language, citation=citation,
                  body=body, layout="seed", url=_url(citation))


def _node_fields(rest: list[Line], title: Line, date: PartialDate) -> Fields:
    meta_at = next(i for i, line in enumerate(rest) if line.text in NODE_BLOCKS)
    before, meta = rest[:meta_at], rest[meta_at:]
    paras = paragraphs(before)
    summary: list[Line] = []
    if len(paras) >= 2:
        summary = paras[-1]
        before = [line for line in before if line.n < summary[0].n]
    values: dict[str, list[Line]] = {}
    key: str | None = None
    after_info = False
    for line in meta:
        if line.text == "Document Information":
            after_info = True
            continue
        if not after_info:
            continue
        if line.text in NODE_KEYS:
            key = line.text
            values.setdefault(key, [])
        elif key and line.text:
            values[key].append(line)
    node_type = next(iter(values.get("Type", [])), None)  # "Type" with no value: no kind
    return Fields(
        title=title, date=date, summary=summary,
        language=next(iter(values.get("Language", [])), None),
        citation=values.get("Source", []),
        record_id=next((v for v in values.get("Record ID", []) if v.text.isdigit()), None),
        node_type=node_type.text if node_type else None,
        body=before, layout="node", url=_url(values.get("Source", [])),
    )


def _url(lines: list[Line]) -> tuple[str, Span] | None:
    for line in lines:
        if m := URL.search(line.text):
            url = m[1].rstrip(".,")
            return url, line.span(m.start(1), m.start(1) + len(url))
    return None


def assemble(fields: Fields, *, file_name: str, sha256: str, text: str,
             reader: str = NAME, version: str = VERSION, key: str | None = None) -> SourceRecord:
    """Turn layout fields into a :class:`SourceRecord` (shared by every Wilson reader)."""
    evidence: list[tuple[str, Span]] = [("title", fields.title.span())]
    if fields.date_line is not None:
        evidence.append(("date", fields.date_line.span()))
    summary = " ".join(line.text for line in fields.summary) or None
    if fields.summary:
        evidence.append(("summary", Span(fields.summary[0].start, fields.summary[-1].end)))
    language = fields.language.text if fields.language else None
    if fields.language:
        evidence.append(("language", fields.language.span()))
    url = fields.url[0] if fields.url else None
    if fields.url:
        evidence.append(("url", fields.url[1]))
    record_id = None
    if fields.record_id is not None:
        record_id = fields.record_id.text
        evidence.append(("record_id", fields.record_id.span()))
    elif fields.url and (m := re.search(r"/(\d+)/?$", fields.url[0])):
        record_id = m[1]
        at = fields.url[1].start + m.start(1)
        evidence.append(("record_id", Span(at, at + len(record_id))))
    citation_text = " ".join(line.text for line in fields.citation) or None
    citations: list[ArchivalCitation] = []
    for line in fields.citation:
        citations.extend(parse_citations(line.text, base=line.start, whole_citation=fields.layout == "seed"))
        check_count("the list of archival references", len(citations), line.n)
    if fields.citation:
        evidence.append(("citation", Span(fields.citation[0].start, fields.citation[-1].end)))
    try:
        title = parse_title(fields.title.text)
    except SourceError as exc:  # a list of the title over the limits: its line
        raise SourceError("", exc.message, f"line {fields.title.n}") from None
    body = bodylib.parse_body(fields.body, fields.date)
    node_kind = NODE_TYPES.get((fields.node_type or "").strip().lower())
    message = _messages(title, fields.title, body, fields.date, node_kind)
    return SourceRecord(
        source_file=file_name,
        sha256=sha256,
        reader=reader,
        reader_version=version,
        archive="wilson",
        key=key or record_id or _slug_key(url, file_name),
        record_id=record_id,
        url=url,
        title=fields.title.text,
        date=fields.date,
        summary=summary,
        language=language,
        citation=citation_text,
        citations=tuple(citations),
        message=message,
        layout=fields.layout,
        evidence=tuple(evidence),
        text=text,
    )


def _slug_key(url: str | None, file_name: str) -> str:
    if url:
        tail = url.rstrip("/").rsplit("/", 1)[-1]
        if tail and not tail.startswith(("http", "www")):
            return tail
    return re.sub(r"^(?:wc|seed)-", "", Path(file_name).stem)


def _refs(parties: tuple[TitleParty, ...], title: Line) -> tuple[NameRef, ...]:
    """Title parties as name references with their spans in the file."""
    return tuple(
        NameRef(p.name, title.n, span=title.span(p.start, p.end), cover=p.cover) for p in parties)


def _messages(title: TitleParse, title_line: Line, body: bodylib.BodyFacts,
              date: PartialDate | None, node_kind: str | None) -> Message:
    """Arrange title and body facts into the document's message and what it carries.

    The title decides who wrote to whom (the archive's reading of the document);
    the body adds what only it says. "A to B (via C)" is C's transmission to B
    carrying A's message to B: C is the carrier's sender, A the embedded
    message's sender; ``cw:relayedBy`` is left to OWL RL. "A to B, transmitting
    a message from D to E" is A's message to B carrying D's message to E.
    """
    kind, evidence = _kind(title, body, node_kind)
    own = Message(
        part="", kind=kind,
        date=date,
        cipher_numbers=_merge(title.cipher_numbers, body.cipher_numbers),
        serial_numbers=body.serial_numbers,
        place_sent=body.place_sent,
        events=body.events,
        declared_copies=body.declared_copies,
        distribution=body.distribution,
        evidence=evidence,
    )
    if not title.correspondence or kind == "Document":
        participants = _refs(title.participants, title_line) + body.participants
        return replace(own, participants=_dedupe(participants))
    if title.via:
        return _relayed(own, title, title_line, body)
    return _carrying(own, title, title_line, body)


def _kind(title: TitleParse, body: bodylib.BodyFacts, node_kind: str | None
          ) -> tuple[str, tuple[tuple[str, Span], ...]]:
    """The document's kind (the title's, the body's, the node's, or by its parties) and the
    evidence of the message (the body's, and the header's word when it says ciphered)."""
    has_parties = bool(title.senders or title.recipients or title.via or body.signatories)
    kind = title.kind or body.kind or node_kind or ("Message" if has_parties else "Document")
    evidence = body.evidence
    if body.kind == "CipheredTelegram" and kind in ("Telegram", "CipheredTelegram"):
        kind = "CipheredTelegram"  # the header says how it was sent
        evidence += tuple(("kind", span) for name, span in body.evidence if name == "header-kind")
    return kind, evidence


def _relayed(own: Message, title: TitleParse, title_line: Line, body: bodylib.BodyFacts) -> Message:
    """"A to B (via C)": C's message to B carrying A's message to B (the text in quotes,
    if the body quotes one)."""
    via = _refs(title.via, title_line)
    recipients = _refs(title.recipients, title_line)
    embedded = body.embedded
    if embedded:
        inner = Message(
            part=embedded.kind.lower(), kind=embedded.kind,
            senders=_refs(title.senders, title_line) or ((embedded.sender,) if embedded.sender else ()),
            addressees=recipients,
            intended_for=_refs(title.for_, title_line),
            addressed_as=(embedded.salutation,) if embedded.salutation else (),
            signed_as=tuple(dict.fromkeys(embedded.signatures)),
            requests=embedded.requests,
            evidence=body.evidence,
        )
    else:
        inner = Message(
            part="message", kind=_inner_kind(own.kind),
            senders=_refs(title.senders, title_line),
            addressees=recipients,
            intended_for=_refs(title.for_, title_line),
            signed_as=tuple(dict.fromkeys(body.signatures + body.quoted_signatures)),
            requests=body.requests,
            evidence=body.evidence,
        )
    return replace(
        own, senders=via, addressees=recipients,
        addressed_as=_addressed_to(body.addressed_as, title.recipients),
        signed_as=body.signatures if embedded else (),
        endorsed_by=via if body.endorses else (),
        transmits=(inner,))


def _carrying(own: Message, title: TitleParse, title_line: Line, body: bodylib.BodyFacts) -> Message:
    """"A to B, transmitting a message from D to E": A's message to B carrying D's to E.
    Signatures after an "[Enclosure]" marker, or else the signature of the quoted message,
    sign the first carried message; with no carried message in the title, the quoted
    message's signature is the document's ("Pass on to Mao Zedong the following message:"
    / "... FILIPPOV")."""
    split = body.enclosure_line if title.transmits else None
    signatories = [r for r in body.signatories if split is None or r.line < split]
    enclosed = [r for r in body.signatories if split is not None and r.line > split]
    quoted = body.embedded.signatures if body.embedded else body.quoted_signatures
    carried = []
    for i, t in enumerate(title.transmits):
        carried.append(Message(
            part=f"message{i + 1}" if len(title.transmits) > 1 else "message",
            kind=t.kind or "Message",
            senders=_refs(t.senders, title_line),
            addressees=_refs(t.recipients, title_line),
            signed_as=(tuple(r.cover or r.printed for r in enclosed) or quoted) if i == 0 else (),
        ))
    own_signed = [r.cover or r.printed for r in signatories] + ([] if carried else list(quoted))
    return replace(
        own,
        senders=_refs(title.senders, title_line) or tuple(signatories),
        addressees=_refs(title.recipients, title_line) or body.addressees,
        intended_for=_refs(title.for_, title_line),
        addressed_as=_addressed_to(body.addressed_as, title.recipients),
        signed_as=tuple(dict.fromkeys(own_signed)),
        requests=body.embedded.requests if body.embedded and not body.requests else body.requests,
        transmits=tuple(carried))


def _addressed_to(printed: tuple[str, ...], recipients: tuple[TitleParty, ...]) -> tuple[str, ...]:
    """Forms of address from the body that name one of the title's addressees (an
    extract's "To: Cmrds ..." or a "To NORTH KOREA" routing cell are not)."""
    if not recipients:
        return printed
    words = {w for p in recipients for name in (p.name, p.cover or "")
             for w in re.findall(r"[a-z]{4,}", name.casefold())}
    return tuple(a for a in printed if words & set(re.findall(r"[a-z]{4,}", a.casefold())))


def _inner_kind(kind: str) -> str:
    return kind if kind in ("Letter", "Note", "Memorandum") else "Message"


def _dedupe(refs: tuple[NameRef, ...]) -> tuple[NameRef, ...]:
    seen: dict[str, NameRef] = {}
    for ref in refs:
        seen.setdefault(ref.printed.casefold(), ref)
    return tuple(seen.values())


def _merge(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """Cipher numbers from title and body, each once (``600382`` and ``600382/sh`` are one)."""
    out: dict[str, str] = {}
    for value in (*b, *a):
        out.setdefault(value.split("/")[0], value)
    return tuple(out.values())
