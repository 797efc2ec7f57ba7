"""One FRUS document, ``div[@type="document"]``: its head, parties, date, notes and markings.

Where each field comes from is listed in :mod:`kg.sources.frus.reader`; this module reads
them from one ``div`` (:func:`read_document`), the reader adds what the volume says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from lxml import etree

from kg.errors import DocumentError
from kg.records import ArchivalCitation, Message, NameRef, PartialDate, Span
from kg.sources.frus.calendar import calendar_parties
from kg.sources.frus.heads import HEAD_NUMBER, Context, candidate, parties, split_head
from kg.sources.frus.names import complete_brackets, is_heading, only_initials
from kg.sources.frus.notes import parse_source_note, seg_markings
from kg.sources.frus.text import (
    LEGACY_KIND,
    XML_ID,
    T,
    document_date,
    kind_of,
    line_of,
    local_name,
    marked_text,
    norm_space,
    text_of,
    text_with_breaks,
)
from kg.sources.frus.trace import Trace
from kg.sources.limits import MAX_LINE_CHARS, MAX_LIST_ITEMS

__all__ = ["Document", "read_document"]

_RECEIVED = re.compile(r"\[Received[^\]]*\]")
_TELNO = re.compile(r"^\s*((?:(?:Tosec|Secto|Tedul|Dulte|Todel|Delto|Topol|Polto|Tomus|Musto|Cirtel|"
                    r"Circular|CAP|JCS|DEF|Gadel|Delga|Actel|Secun|Unsec|Usun)\s*)?\d[\d/-]*)\.(?:\s|$)")
_BRACKETED = re.compile(r"\[[^\]]*\]|/s/")
_MARK_NUMBER = re.compile(r"^(?:No\.?|Nos?\.)\s*\d|^\d+$")


@dataclass(frozen=True)
class Document:
    """What one ``div[@type="document"]`` says; ``current`` when it is encoded as current
    upstream does (``@frus:doc-dateTime-min`` or ``@subtype``)."""

    doc_id: str
    title: str
    message: Message
    date: PartialDate | None
    citation: str | None
    citations: tuple[ArchivalCitation, ...]
    classification: tuple[str, ...]
    received: str | None
    time_text: str | None
    mentions: tuple[NameRef, ...]
    current: bool
    evidence: tuple[tuple[str, Span], ...] = ()
    text: str = ""


@dataclass(frozen=True)
class _Head:
    """What the head says: the kind and the parties (``authors`` after "by", ``between``
    the participants of "Conversation Between ...")."""

    kind: str
    senders: list[NameRef]
    addressees: list[NameRef]
    authors: list[NameRef]
    between: list[NameRef]
    editorial: bool


@dataclass(frozen=True)
class _Dateline:
    """What the dateline and opener say: date, place, receipt, the date as printed."""

    date: PartialDate | None
    place: str | None
    received: str | None
    time_text: str | None
    current: bool
    date_el: etree._Element | None = None
    place_el: etree._Element | None = None
    received_in: etree._Element | None = None


def read_document(div: etree._Element, ctx: Context, path: str = "") -> Document:
    """The facts of one ``div[@type="document"]``, each with the span it is printed at
    (``path``: the XPath of the ``div``; see :mod:`kg.sources.frus.trace`).

    Raises:
        DocumentError: the document has no id, no head or an empty head.
    """
    doc_id, head_el, title, marks = _identity(div)
    trace = ctx.trace = Trace(div, path or f"//div[@xml:id='{doc_id}']")
    trace.segment(head_el, title)  # first: the head's offsets are the record's
    note = _source_note(div, head_el)
    note_text = text_of(note) if note is not None else ""
    _check_length("the source note", note_text, f"//div[@xml:id='{doc_id}']//note[@type='source']")
    citation, citations, note_marks = (parse_source_note(note_text) if note is not None
                                       else (None, (), ()))
    citations = tuple(replace(c, span=trace.find(note, c.text)) for c in citations)
    head = _read_head(title, marks, note, ctx)
    signers, signed_as = _signers(div, ctx)
    authors, signed_as = _authors(head, signers, signed_as)
    dateline = _read_dateline(div)
    opener = div.find(f"{T}opener")
    markings = _markings(opener, note_marks)
    roles = {r.ref_id for r in (*head.senders, *head.addressees, *signers) if r.ref_id}
    cipher, cipher_span = _cipher(div, head.kind, trace)
    facts: list[tuple[str, Span | None]] = [
        ("title", Span(0, len(title))), ("citation", _suffix_span(trace, note, note_text, citation)),
        ("date", trace.span(dateline.date_el)), ("time_text", trace.span(dateline.date_el)),
        ("received", trace.find(dateline.received_in, dateline.received)),
        ("classification", _marking_span(trace, note, opener, markings))]
    message = Message(
        part="", kind=head.kind, senders=_dedupe(head.senders), authors=_dedupe(authors),
        addressees=_dedupe(head.addressees), signed_as=tuple(signed_as), date=dateline.date,
        cipher_numbers=cipher, place_sent=dateline.place,
        participants=_dedupe(_participants(div, ctx) or head.between),
        evidence=_present([("place_sent", trace.find(dateline.place_el, dateline.place)),
                           *((f"cipher:{n}", cipher_span) for n in cipher),
                           *_signature_spans(signed_as, trace)]))
    mentions = _mentions(div, ctx, roles)
    return Document(doc_id=doc_id, title=title, message=message, date=dateline.date,
                    citation=citation, citations=citations, classification=markings,
                    received=dateline.received, time_text=dateline.time_text,
                    mentions=mentions, current=dateline.current,
                    evidence=_present(facts) + tuple(trace.segments), text=trace.text())


def _present(facts: Iterable[tuple[str, Span | None]]) -> tuple[tuple[str, Span], ...]:
    """The facts that have a span."""
    return tuple((name, span) for name, span in facts if span is not None)


def _suffix_span(trace: Trace, note: etree._Element | None, note_text: str, citation: str | None
                 ) -> Span | None:
    """Where the citation (the note without its ``Source:``) is printed: the end of the note."""
    if note is None or not citation or not note_text.endswith(citation):
        return trace.find(note, citation)
    return trace.span(note, len(note_text) - len(citation), len(note_text), text=note_text)


def _marking_span(trace: Trace, note: etree._Element | None, opener: etree._Element | None,
                  markings: tuple[str, ...]) -> Span | None:
    """Where the markings are printed: from the first to the last in the source note (``Secret;
    Priority; Limdis``), else the first ``seg`` of the opener (``secret niact``)."""
    if not markings:
        return None
    if note is not None and (first := trace.find(note, markings[0])) is not None:
        last = trace.find(note, markings[-1])
        return Span(first.start, last.end) if last is not None and last.end > first.start else first
    seg = next(opener.iter(f"{T}seg"), None) if opener is not None else None
    return trace.span(seg) if seg is not None and text_of(seg) else None


def _signature_spans(signed_as: list[str], trace: Trace) -> list[tuple[str, Span | None]]:
    """``signed:…`` facts: each signature's ``signed`` element or item (:func:`_signers`)."""
    return [(f"signed:{printed}", trace.span(el)) for printed, el in trace.signatures
            if printed in signed_as]


def _identity(div: etree._Element) -> tuple[str, etree._Element, str, list[tuple[etree._Element, int, int]]]:
    """The document's id, head element, head text and the marks in it."""
    doc_id = div.get(XML_ID) or (f"d{div.get('n')}" if div.get("n") else "")
    where = f"//div[@xml:id='{doc_id}']"
    if not doc_id:
        raise DocumentError("document has neither xml:id nor n", "div[@type='document']")
    head = div.find(f"{T}head")
    if head is None:
        raise DocumentError("document has no head (no title, sender or addressee)", f"{where}/head")
    # an empty head (frus1961-63v07-09mSupp d72a) gives a document without title or parties;
    # the mapping warns about it
    title, marks = marked_text(head)
    _check_length("the head", title, f"{where}/head")
    return doc_id, head, title, marks


def _check_length(what: str, text: str, path: str) -> None:
    """Refuse a head or a source note longer than :data:`~kg.sources.limits.MAX_LINE_CHARS`."""
    if len(text) > MAX_LINE_CHARS:
        raise DocumentError(f"{what} is {len(text):,} characters long; the limit is {MAX_LINE_CHARS:,}",
                            path)


def _read_head(title: str, marks: list[tuple[etree._Element, int, int]], note: etree._Element | None,
               ctx: Context) -> _Head:
    """Kind and parties of the head; an editorial note has neither."""
    type_words, f_span, t_span, mode = split_head(title, marks)
    kind = _kind(title, type_words, note)
    if mode == "calendar":
        senders, addressees = calendar_parties(title, f_span, t_span, marks, ctx, kind or "")
    else:
        senders = parties(title, *f_span, marks, ctx) if f_span else []
        addressees = parties(title, *t_span, marks, ctx) if t_span else []
    by_authors: list[NameRef] = []
    between: list[NameRef] = []
    if mode == "by" and not addressees:
        by_authors, senders = _by_authors(title, f_span, marks, ctx, senders), []
    elif mode == "between":
        between, senders = senders, []
    if kind is None:
        kind = "Message" if senders and addressees else "Document"
    editorial = "editorial note" in title.lower()[:40]
    if editorial:
        kind, senders, addressees, by_authors = "Document", [], [], []
    return _Head(kind, senders, addressees, by_authors, between, editorial)


def _kind(title: str, type_words: str, note: etree._Element | None) -> str | None:
    """The kind the head's words name; a numbered head's words come before a legacy source
    note's suffix (``: Telegram``), an unnumbered head's after it."""
    suffix = LEGACY_KIND.search(text_of(note)) if note is not None else None
    suffix_kind = kind_of(suffix[1]) if suffix else None
    head_kind = kind_of(type_words) if type_words.strip() else None
    if HEAD_NUMBER.match(title):
        return head_kind or suffix_kind
    return suffix_kind or head_kind


def _by_authors(title: str, f_span: tuple[int, int] | None, marks: list[tuple[etree._Element, int, int]],
                ctx: Context, senders: list[NameRef]) -> list[NameRef]:
    """The writers of "Paper by X on Y": the parties before "on", "regarding", "concerning"."""
    if f_span is None:
        return senders
    cut = re.search(r"(?<!\s)\s+(?:on|regarding|concerning)\s+", title[f_span[0]:f_span[1]])
    return parties(title, f_span[0], f_span[0] + cut.start(), marks, ctx) if cut else senders


def _authors(head: _Head, signers: list[NameRef], signed_as: list[str]) -> tuple[list[NameRef], list[str]]:
    """Authors (the head's "by" parties, then signers who are not senders) and signatures."""
    named = [*head.senders, *head.authors]  # the head's "by" author signs too: "J[ohn] M[uccio]"
    known = {r.ref_id for r in named if r.ref_id} | {_surname(r) for r in named}
    # a one-word untagged signature under a letter from a tagged person is that person's own
    # ("Ike" under "Letter From President Eisenhower": frus1958-60v08 d493), not a co-author
    own = bool(head.senders) and all(r.ref_id for r in head.senders)
    authors = head.authors + [s for s in signers if s.ref_id not in known and _surname(s) not in known
                              and not (own and not s.ref_id and " " not in s.printed.strip())]
    if head.editorial:
        return [], []
    return authors, signed_as


def _read_dateline(div: etree._Element) -> _Dateline:
    """Date (§4 date, pitfall 6), place and receipt from the dateline and the opener."""
    dateline = next(div.iter(f"{T}dateline"), None)
    date_el = next(dateline.iter(f"{T}date"), None) if dateline is not None else None
    dt_min = _date_time_min(div)
    place_el = next(dateline.iter(f"{T}placeName"), None) if dateline is not None else None
    opener = div.find(f"{T}opener")
    printed = " ".join(text_of(e) for e in (dateline, opener) if e is not None)
    # up to the last "]": an opening bracket after it cannot close (each would be read to the end)
    received = _RECEIVED.search(printed, 0, printed.rfind("]") + 1)
    in_dateline = received is not None and dateline is not None and received[0] in text_of(dateline)
    return _Dateline(
        date=document_date(date_el, dt_min),
        place=(text_of(place_el).strip("[], ") or None) if place_el is not None else None,
        received=received[0] if received else None,
        time_text=(text_of(date_el) or None) if date_el is not None else None,
        current=bool(dt_min or div.get("subtype")),
        date_el=date_el if date_el is not None and text_of(date_el) else None, place_el=place_el,
        received_in=dateline if in_dateline else opener)


def _date_time_min(div: etree._Element) -> str | None:
    """``@frus:doc-dateTime-min`` (current upstream), whatever its prefix."""
    for key, value in div.attrib.items():
        if str(key).endswith("doc-dateTime-min"):
            return str(value)
    return None


def _markings(opener: etree._Element | None, note_marks: Iterable[str]) -> tuple[str, ...]:
    """Classification and handling markings of the opener and the source note, each once."""
    markings: list[str] = []
    seen: set[str] = set()
    for m in [*seg_markings(opener), *note_marks]:
        # a despatch or telegram number in the opener ("No. 391") is not a marking
        if _MARK_NUMBER.match(m):
            continue
        if m.lower() not in seen:
            seen.add(m.lower())
            markings.append(m)
    return tuple(markings)


def _cipher(div: etree._Element, kind: str, trace: Trace) -> tuple[tuple[str, ...], Span | None]:
    """A telegram's number, printed at the start of its first paragraph (``1447.``, ``Secto 12.``),
    and where."""
    if kind != "Telegram":
        return (), None
    first_p = next((p for p in div.iter(f"{T}p") if _in_text(p, div)), None)
    if first_p is not None and (tel := _TELNO.match(text := text_of(first_p))):
        return (tel[1],), trace.span(first_p, tel.start(1), tel.end(1), text=text)
    return (), None


def _in_text(p: etree._Element, div: etree._Element) -> bool:
    """Whether a paragraph is the document's own text (not an attachment's, not a note's)."""
    parent = p.getparent()
    return not _in_attachment(p, div) and parent is not None and local_name(parent.tag) != "note"


def _mentions(div: etree._Element, ctx: Context, roles: set[str]) -> tuple[NameRef, ...]:
    """Every other person the document names (``persName[@corresp]``), each once."""
    mentions: dict[str, NameRef] = {}
    seen: set[str] = set()
    for pn in div.iter(f"{T}persName"):
        if (corresp := pn.get("corresp")) and corresp not in seen:
            seen.add(corresp)  # the first place a person is named is the one traced
            ref = ctx.person(pn, Span(0, 0))
            if ref.ref_id not in roles and ref.ref_id not in mentions:
                mentions[ref.ref_id or ""] = replace(ref, span=ctx.trace.span(pn))
    return tuple(mentions.values())


def _inside(el: etree._Element, stop: etree._Element, name: str) -> bool:
    """Whether ``el`` stands inside an element called ``name`` below ``stop``."""
    p = el.getparent()
    while p is not None and p is not stop:
        if local_name(p.tag) == name:
            return True
        p = p.getparent()
    return False


def _in_attachment(el: etree._Element, stop: etree._Element) -> bool:
    return _inside(el, stop, "attachment")


def _surname(ref: NameRef) -> str:
    words = re.sub(r"[^\w\s-]", " ", ref.printed.split(",")[0] if "," in ref.printed
                   else ref.printed).split()
    if "," not in ref.printed and words:
        return words[-1].lower()
    return words[0].lower() if words else ""


def _signers(div: etree._Element, ctx: Context) -> tuple[list[NameRef], list[str]]:
    """Who signed (``closer//signed``, outside attachments), and the signatures as printed."""
    for closer in div.iter(f"{T}closer"):
        if _in_attachment(closer, div):
            continue
        refs: list[NameRef] = []
        printed: list[str] = []
        for signed in closer.iter(f"{T}signed"):
            items = [i for i in signed.iter(f"{T}item")] or [signed]
            for item in items:
                text = text_of(item)
                if not text:
                    continue
                printed.append(text)
                ctx.trace.signatures.append((text, item))
                names = _own_names(item)
                if names:
                    refs.extend(ctx.person(n) for n in names)
                elif (clean := _signed_name(item)) and not only_initials(clean):
                    refs.append(NameRef(clean, line=line_of(item), role_hint="person",
                                        span=ctx.trace.find(item, clean) or ctx.trace.span(item)))
        if printed:
            return refs, printed
    return [], []


def _own_names(el: etree._Element) -> list[etree._Element]:
    """The ``persName`` elements printed in ``el`` itself, not in a footnote of it: in
    frus1958-60v08 d493 the signature ``Ike`` carries a note naming Khrushchev, who is not
    the signer."""
    return [pn for pn in el.iter(f"{T}persName") if not _in_note(pn, el)]


def _in_note(el: etree._Element, stop: etree._Element) -> bool:
    """Whether ``el`` stands inside a ``note`` below ``stop``."""
    return _inside(el, stop, "note")


def _signed_name(item: etree._Element) -> str:
    """The name on the first line of an untagged signature, brackets and ``/s/`` left out."""
    first = complete_brackets(text_with_breaks(item).strip().split("\n")[0])  # "D A[cheson": D. Acheson
    return re.sub(r"(?<=[a-z]{2})\.$", "", norm_space(_unbracketed(first)).strip(" ,;:"))


def _unbracketed(text: str) -> str:
    """``_BRACKETED.sub(" ", text)`` in linear time: after the last "]" no bracket closes, so
    only ``/s/`` is looked for there."""
    last = text.rfind("]") + 1
    return _BRACKETED.sub(" ", text[:last]) + text[last:].replace("/s/", " ")


def _participants(div: etree._Element, ctx: Context) -> list[NameRef]:
    """``list[@type="participants"]//item``: persons where tagged, else the item as printed."""
    out: list[NameRef] = []
    for lst in div.iter(f"{T}list"):
        if lst.get("type") != "participants":
            continue
        for item in lst.iter(f"{T}item"):
            if item.find(f"{T}list") is not None:
                continue
            text = text_of(item)
            only_hi = (len(item) == 1 and local_name(item[0].tag) == "hi" and not (item.text or "").strip()
                       and not (item[0].tail or "").strip())
            if not text or text.endswith(":") or only_hi or is_heading(text):
                continue
            names = _own_names(item)
            if names:
                out.extend(ctx.person(n) for n in names)
            elif found := candidate(text.split(",")[0], item=True):
                printed, role = found
                if printed:
                    out.append(NameRef(printed, line=line_of(item), role_hint=role,
                                       span=ctx.trace.find(item, printed) or ctx.trace.span(item)))
            if len(out) > MAX_LIST_ITEMS:
                raise DocumentError(f"the list of participants has more than {MAX_LIST_ITEMS:,} "
                                    "entries; that is the limit", "list[@type='participants']")
    return out


def _source_note(div: etree._Element, head: etree._Element) -> etree._Element | None:
    candidates = [*div.findall(f"{T}note"), *head.iter(f"{T}note")]
    for note in candidates:
        if note.get("type") == "source":
            return note
    for note in candidates:
        if text_of(note).startswith("Source:"):
            return note
    return next((n for n in div.iter(f"{T}note") if n.get("type") == "source"), None)


def _dedupe(refs: Iterable[NameRef]) -> tuple[NameRef, ...]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for r in refs:
        k = (r.ref_id or r.printed.lower(), r.role_hint)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return tuple(out)
