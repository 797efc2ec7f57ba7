"""Reader for Wilson Center Digital Archive records in the plain-text *seed* layout.

The layout (``../shared/corpus/wilson/README.md``)::

    <date line>
    <title>
    Citation:   "<title>", <date>, Wilson Center Digital Archive, <archival source>. <URL>
    Summary:    <one paragraph>
    Original Language:  <language>
    Contents:   Translation - English
                <document text>

Sections may be missing or reordered; blank lines may lead the file. The body of
a ciphered telegram carries its own facts (cipher number, addressee line, place,
sending / receipt / deciphering times, distribution list, a transmitted letter
with numbered requests, signatures, the outgoing number); :mod:`kg.sources.body`
reads those. This module only knows the layout and how the parts make messages.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import SourceError
from kg.normalize import parse_date_line
from kg.records import ArchivalCitation, Message, NameRef, PartialDate, SourceRecord
from kg.sources import body as bodylib
from kg.sources.citations import parse_citations
from kg.sources.titles import TitleParse, TitleParty, parse_title

__all__ = ["NAME", "VERSION", "SUFFIXES", "sniff", "read", "parse_text"]

NAME = "wilson-seed"
VERSION = "0.1.0"
SUFFIXES = (".txt",)

SECTION = re.compile(r"^(Citation|Summary|Original Language|Contents):\s*(.*)$")
URL = re.compile(r"<?(https?://[^\s>]+)>?")


def sniff(path: Path, head: bytes) -> bool:
    """Whether this reader claims the file: a ``.txt`` file."""
    return path.suffix.lower() in SUFFIXES


def read(path: Path) -> Iterator[SourceRecord]:
    """Read one record file.

    Raises:
        SourceError: the file is empty, binary, not UTF-8 or has no title.
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
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(file_name, f"not UTF-8 text ({exc.reason})", f"byte {exc.start}") from exc
    return parse_text(text, file_name, hashlib.sha256(data).hexdigest())


def parse_text(text: str, file_name: str, sha256: str = "") -> SourceRecord:
    """Parse the text of one seed-layout record.

    Raises:
        SourceError: no date line or no title.
    """
    lines = text.splitlines()
    numbered = [(i + 1, line.rstrip()) for i, line in enumerate(lines)]
    content = [(n, line) for n, line in numbered if line.strip()]
    if not content:
        raise SourceError(file_name, "empty file: no date line, no title, no text")
    if any(ch in text for ch in "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x1b\x7f"):
        n = next(n for n, line in numbered if re.search(r"[\x01-\x08\x0e-\x1f\x7f]", line))
        raise SourceError(file_name, "control characters: binary content, not a text record",
                          f"line {n}")
    first_n, first = content[0]
    date = parse_date_line(first)
    title_at = 1 if date is not None else 0
    if title_at >= len(content) or SECTION.match(content[title_at][1]):
        where = f"line {content[title_at][0]}" if title_at < len(content) else f"line {first_n}"
        raise SourceError(file_name, "record has no title line (expected after the date line)",
                          where)
    title_n, title = content[title_at]
    title = title.strip()
    if date is None:
        raise SourceError(file_name, f"first line is not a date: {first.strip()[:60]!r}",
                          f"line {first_n}")

    sections = _sections(numbered[title_n:])
    citation_text = " ".join(line.strip() for _, line in sections.get("Citation", [])).strip()
    summary = " ".join(line.strip() for _, line in sections.get("Summary", [])).strip() or None
    language = next((line.strip() for _, line in sections.get("Original Language", [])), None)
    contents = sections.get("Contents", [])
    url = None
    if m := URL.search(citation_text):
        url = m[1].rstrip(".,")
    record_id = None
    if url and (m := re.search(r"/(\d+)/?$", url)):
        record_id = m[1]
    citations: tuple[ArchivalCitation, ...] = parse_citations(citation_text) if citation_text else ()

    header = bodylib.parse_body(contents, date)
    title_parse = parse_title(title)
    message = _messages(title_parse, title_n, header, date)
    key = record_id or _slug_key(url, file_name)
    return SourceRecord(
        source_file=file_name,
        sha256=sha256,
        reader=NAME,
        reader_version=VERSION,
        archive="wilson",
        key=key,
        record_id=record_id,
        url=url,
        title=title,
        date=date,
        summary=summary,
        language=language,
        citation=citation_text or None,
        citations=citations,
        message=message,
    )


def _slug_key(url: str | None, file_name: str) -> str:
    if url:
        tail = url.rstrip("/").rsplit("/", 1)[-1]
        if tail:
            return tail
    stem = Path(file_name).stem
    return re.sub(r"^(?:wc|seed)-", "", stem)


def _sections(numbered: list[tuple[int, str]]) -> dict[str, list[tuple[int, str]]]:
    """Group the lines after the title under their section headers (blank lines dropped,
    except in ``Contents`` where they are kept as paragraph breaks)."""
    out: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    for n, line in numbered:
        if m := SECTION.match(line.strip()):
            current = m[1]
            out.setdefault(current, [])
            if m[2].strip():
                out[current].append((n, m[2].strip()))
            continue
        if current is None:
            continue
        if current == "Contents" or line.strip():
            out[current].append((n, line))
    return out


def _refs(parties: tuple[TitleParty, ...], line: int) -> tuple[NameRef, ...]:
    return tuple(NameRef(p.name, line) for p in parties)


def _messages(title: TitleParse, title_line: int, body: bodylib.BodyFacts,
              date: PartialDate) -> Message:
    """Arrange title and body facts into the document's message and what it carries.

    "A to B (via C)" with a transmitted text is C's telegram to B carrying A's
    message to B: C is the carrier's sender, A the embedded message's sender. The
    relay itself (``cw:relayedBy``) is left to OWL RL to infer from that shape.
    """
    kind = body.kind or title.kind or "Message"
    covers = tuple(p.cover for p in (*title.senders, *title.recipients) if p.cover)
    embedded = body.embedded
    if embedded is not None or title.via:
        carrier_senders = _refs(title.via, title_line) or body.signatories
        inner_senders = _refs(title.senders, title_line) or (
            (embedded.sender,) if embedded and embedded.sender else ())
        addressees = body.addressees or _refs(title.recipients, title_line)
        inner = Message(
            part=embedded.kind.lower() if embedded else "message",
            kind=embedded.kind if embedded else "Message",
            senders=inner_senders,
            addressees=_refs(title.recipients, title_line) or addressees,
            intended_for=_refs(title.for_, title_line),
            addressed_as=(embedded.salutation,) if embedded and embedded.salutation else (),
            signed_as=embedded.signatures if embedded else (),
            requests=embedded.requests if embedded else (),
        )
        return Message(
            part="",
            kind=kind,
            senders=carrier_senders,
            addressees=addressees,
            addressed_as=body.addressed_as,
            signed_as=body.signatures,
            date=date,
            cipher_numbers=_merge(title.cipher_numbers, body.cipher_numbers),
            serial_numbers=body.serial_numbers,
            place_sent=body.place_sent,
            events=body.events,
            declared_copies=body.declared_copies,
            distribution=body.distribution,
            endorsed_by=carrier_senders if body.endorses else (),
            transmits=(inner,),
        )
    return Message(
        part="",
        kind=kind,
        senders=_refs(title.senders, title_line) or body.signatories,
        addressees=_refs(title.recipients, title_line) or body.addressees,
        intended_for=_refs(title.for_, title_line),
        addressed_as=body.addressed_as,
        signed_as=tuple(dict.fromkeys((*covers, *body.signatures))),
        date=date,
        cipher_numbers=_merge(title.cipher_numbers, body.cipher_numbers),
        serial_numbers=body.serial_numbers,
        place_sent=body.place_sent,
        events=body.events,
        declared_copies=body.declared_copies,
        distribution=body.distribution,
        requests=body.requests,
    )


def _merge(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """Cipher numbers from title and body, each once (``600382`` and ``600382/sh`` are one)."""
    out: dict[str, str] = {}
    for value in (*b, *a):
        out.setdefault(value.split("/")[0], value)
    return tuple(out.values())
