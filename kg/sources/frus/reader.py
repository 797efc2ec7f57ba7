"""Reader for *Foreign Relations of the United States* (FRUS) TEI volumes.

One :class:`~kg.records.SourceRecord` per ``div[@type="document"]``, in the three
encodings of ``../shared/notes/frus-encoding.md`` (§3): legacy print volumes (2015
files: source note before the head, ``TEI/@xml:id``), born-digital volumes (2015
files: head ``N. Telegram From … to …`` with the source note as a footnote inside
it, volume id in ``publicationStmt/idno[@type="frus"]``, ``frus:`` bound to
``http://history.state.gov/ns/1.0``) and current upstream (``frus:doc-dateTime-min``,
``opener``, one-document split files as in ``frus-korea1950-sample/``).

Where each field comes from (TEI paths relative to the document ``div``; §4):

* ``title``: ``head`` text without notes; ``kind`` from its words after ``N.``
  (legacy: the suffix ``: Telegram`` of the source note).
* ``senders`` / ``addressees``: the head split into a *from* and a *to* phrase at the
  ``to`` between the ``@type="from"`` and ``@type="to"`` elements (or, untagged, by
  grammar); each phrase gives persons (``persName``, a ``(Surname)`` in brackets) or
  the whole phrase as printed (``Embassy in Korea`` even when the markup covers only
  ``Embassy``: pitfall 3), split at ``and`` into several parties (pitfall 4).
* ``authors`` / ``signed_as``: ``closer//signed`` (co-signers: several ``signed`` or
  ``signed/list/item``), outside ``frus:attachment``.
* ``date``: ``(.//dateline//date)[1]``, its ``@when``/``@from``/``@notBefore`` checked
  against its text (pitfall 6: the text wins when they disagree), else
  ``@frus:doc-dateTime-min``; ``time_text`` is the date text as printed.
* ``citation`` / ``citations`` / ``classification``: ``note[@type="source"]`` or a note
  starting ``Source:`` (§4 archival source); ``opener/seg`` markings.
* ``participants``: ``list[@type="participants"]//item``; ``mentions``: every other
  ``persName[@corresp]`` of the document, resolved against ``div[@xml:id="persons"]``.

The volume is streamed with :func:`lxml.etree.iterparse` (documents are cleared once
read, so memory stays bounded), without network access, DTD loading or entity
expansion; a DOCTYPE declaring entities is refused (XXE, billion laughs). A volume
cut short yields the documents completed before the break, then one
:class:`~kg.errors.SourceError` naming the line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from lxml import etree

from kg.errors import DocumentError, SourceError
from kg.records import Message, NameRef, SourceRecord
from kg.sources.frus.heads import _NUMBER, _Ctx, _parties, _role_of, _split_head
from kg.sources.frus.notes import _lb_text, _seg_markings, parse_source_note
from kg.sources.frus.text import (
    _LEGACY_KIND,
    _T,
    TEI,
    _document_date,
    _local,
    _marked_text,
    _norm,
    _text,
    kind_of,
    parse_date_text,
)

__all__ = ["NAME", "VERSION", "SUFFIXES", "sniff", "read", "kind_of", "parse_date_text",
           "parse_source_note"]

NAME = "frus"
VERSION = "0.1.0"
SUFFIXES = (".xml",)

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
URL_BASE = "https://history.state.gov/historicaldocuments"

# ---------------------------------------------------------------------------------------------
# One document




_RECEIVED = re.compile(r"\[Received[^\]]*\]")
_TELNO = re.compile(r"^\s*((?:(?:Tosec|Secto|Tedul|Dulte|Todel|Delto|Topol|Polto|Tomus|Musto|Cirtel|"
                    r"Circular|CAP|JCS|DEF|Gadel|Delga|Actel|Secun|Unsec|Usun)\s*)?\d[\d/-]*)\.(?:\s|$)")
_BRACKETED = re.compile(r"\[[^\]]*\]|/s/")


def _in_attachment(el: etree._Element, stop: etree._Element) -> bool:
    p = el.getparent()
    while p is not None and p is not stop:
        if _local(p.tag) == "attachment":
            return True
        p = p.getparent()
    return False


def _surname(ref: NameRef) -> str:
    words = re.sub(r"[^\w\s-]", " ", ref.printed.split(",")[0] if "," in ref.printed
                   else ref.printed).split()
    if "," not in ref.printed and words:
        return words[-1].lower()
    return words[0].lower() if words else ""


def _signers(div: etree._Element, ctx: _Ctx) -> tuple[list[NameRef], list[str]]:
    for closer in div.iter(f"{_T}closer"):
        if _in_attachment(closer, div):
            continue
        refs: list[NameRef] = []
        printed: list[str] = []
        for signed in closer.iter(f"{_T}signed"):
            items = [i for i in signed.iter(f"{_T}item")] or [signed]
            for item in items:
                text = _text(item)
                if not text:
                    continue
                printed.append(text)
                names = list(item.iter(f"{_T}persName"))
                if names:
                    refs.extend(ctx.person(n) for n in names)
                elif clean := re.sub(r"(?<=[a-z]{2})\.$", "", _norm(_BRACKETED.sub(
                        " ", _lb_text(item).strip().split("\n")[0])).strip(" ,;:")):
                    refs.append(NameRef(clean, line=item.sourceline or 0, role_hint="person"))
        if printed:
            return refs, printed
    return [], []


def _participants(div: etree._Element, ctx: _Ctx) -> list[NameRef]:
    out: list[NameRef] = []
    for lst in div.iter(f"{_T}list"):
        if lst.get("type") != "participants":
            continue
        for item in lst.iter(f"{_T}item"):
            if item.find(f"{_T}list") is not None:
                continue
            text = _text(item)
            only_hi = (len(item) == 1 and _local(item[0].tag) == "hi" and not (item.text or "").strip()
                       and not (item[0].tail or "").strip())
            if not text or text.endswith(":") or only_hi:
                continue
            names = [n for n in item.iter(f"{_T}persName")]
            if names:
                out.extend(ctx.person(n) for n in names)
            else:
                printed, role = _role_of(text.split(",")[0])
                if printed:
                    out.append(NameRef(printed, line=item.sourceline or 0, role_hint=role))
    return out


def _source_note(div: etree._Element, head: etree._Element) -> etree._Element | None:
    candidates = [*div.findall(f"{_T}note"), *head.iter(f"{_T}note")]
    for note in candidates:
        if note.get("type") == "source":
            return note
    for note in candidates:
        if _text(note).startswith("Source:"):
            return note
    return next((n for n in div.iter(f"{_T}note") if n.get("type") == "source"), None)


def _dedupe(refs: Iterable[NameRef]) -> tuple[NameRef, ...]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for r in refs:
        k = (r.ref_id or r.printed.lower(), r.role_hint)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return tuple(out)


def _record(div: etree._Element, ctx: _Ctx, vol: _Volume) -> SourceRecord:
    """The record of one ``div[@type="document"]``."""
    doc_id = div.get(_XML_ID) or (f"d{div.get('n')}" if div.get("n") else "")
    where = f"//div[@xml:id='{doc_id}']"
    if not doc_id:
        raise DocumentError("document has neither xml:id nor n", "div[@type='document']")
    head = div.find(f"{_T}head")
    if head is None:
        raise DocumentError("document has no head (no title, sender or addressee)", f"{where}/head")
    title, marks = _marked_text(head)
    if not title:
        raise DocumentError("document head is empty", f"{where}/head")
    note = _source_note(div, head)
    citation, citations, note_marks = (parse_source_note(_text(note)) if note is not None
                                       else (None, (), ()))
    type_words, f_span, t_span, mode = _split_head(title, marks)
    suffix = _LEGACY_KIND.search(_text(note)) if note is not None else None
    head_kind = kind_of(type_words) if type_words.strip() else None
    kind = (head_kind or (kind_of(suffix[1]) if suffix else None)) if _NUMBER.match(title) \
        else ((kind_of(suffix[1]) if suffix else None) or head_kind)
    senders = _parties(title, *f_span, marks, ctx) if f_span else []
    addressees = _parties(title, *t_span, marks, ctx) if t_span else []
    by_authors: list[NameRef] = []
    between: list[NameRef] = []
    if mode == "by" and not addressees:
        cut = re.search(r"\s+(?:on|regarding|concerning)\s+", title[f_span[0]:f_span[1]]) if f_span else None
        senders = _parties(title, f_span[0], f_span[0] + cut.start(), marks, ctx) if cut and f_span \
            else senders
        by_authors, senders = senders, []
    elif mode == "between":
        between, senders = senders, []
    if kind is None:
        kind = "Message" if senders and addressees else "Document"
    if "editorial note" in title.lower()[:40]:
        kind, senders, addressees, by_authors = "Document", [], [], []

    signers, signed_as = _signers(div, ctx)
    known = {r.ref_id for r in senders if r.ref_id} | {_surname(r) for r in senders}
    authors = by_authors + [s for s in signers if s.ref_id not in known and _surname(s) not in known]
    if kind == "Document" and "editorial note" in title.lower()[:40]:
        authors, signed_as = [], []

    dateline = next(div.iter(f"{_T}dateline"), None)
    date_el = next(dateline.iter(f"{_T}date"), None) if dateline is not None else None
    dt_min = next((v for k, v in div.attrib.items() if k.endswith("doc-dateTime-min")), None)
    date = _document_date(date_el, dt_min)
    place_el = next(dateline.iter(f"{_T}placeName"), None) if dateline is not None else None
    opener = div.find(f"{_T}opener")
    received_src = " ".join(_text(e) for e in (dateline, opener) if e is not None)
    received = _RECEIVED.search(received_src)

    markings: list[str] = []
    for m in [*_seg_markings(opener), *note_marks]:
        # a despatch or telegram number in the opener ("No. 391") is not a marking
        if re.match(r"^(?:No\.?|Nos?\.)\s*\d|^\d+$", m):
            continue
        if m.lower() not in {x.lower() for x in markings}:
            markings.append(m)

    cipher: tuple[str, ...] = ()
    if kind == "Telegram":
        first_p = next((p for p in div.iter(f"{_T}p") if not _in_attachment(p, div)
                        and p.getparent() is not None and _local(p.getparent().tag) != "note"), None)
        if first_p is not None and (tel := _TELNO.match(_text(first_p))):
            cipher = (tel[1],)

    roles = {r.ref_id for r in (*senders, *addressees, *signers) if r.ref_id}
    mentions: dict[str, NameRef] = {}
    for pn in div.iter(f"{_T}persName"):
        if pn.get("corresp"):
            ref = ctx.person(pn)
            if ref.ref_id not in roles and ref.ref_id not in mentions:
                mentions[ref.ref_id or ""] = ref

    message = Message(
        part="", kind=kind, senders=_dedupe(senders), authors=_dedupe(authors),
        addressees=_dedupe(addressees), signed_as=tuple(signed_as), date=date,
        cipher_numbers=cipher, place_sent=_text(place_el).strip("[], ") or None if place_el is not None
        else None, participants=_dedupe(_participants(div, ctx) or between))
    layout = ("current" if dt_min or div.get("subtype") else "legacy" if vol.tei_id else "born-digital")
    return SourceRecord(
        source_file=vol.file, sha256=vol.sha256, reader=NAME, reader_version=VERSION, archive="frus",
        key=f"{ctx.volume}-{doc_id}", record_id=f"{ctx.volume}/{doc_id}",
        url=f"{URL_BASE}/{ctx.volume}/{doc_id}", title=title, message=message, date=date,
        summary=None, language="English", citation=citation, citations=citations, layout=layout,
        volume=ctx.volume, volume_title=vol.title, classification=tuple(markings),
        received=received[0] if received else None,
        time_text=_text(date_el) or None if date_el is not None else None,
        mentions=tuple(mentions.values()))


# ---------------------------------------------------------------------------------------------
# The volume, streamed


class _Volume:
    """What the header and front matter say about the volume being read."""

    def __init__(self, path: Path, sha256: str) -> None:
        self.path, self.file, self.sha256 = path, path.name, sha256
        self.tei_id: str | None = None
        self.idno: str | None = None
        self.title: str | None = None
        self.persons: dict[str, str] = {}

    def volume_id(self) -> str:
        """§2: TEI/@xml:id, else idno[@type="frus"], else the folder or a sibling's header."""
        return self.tei_id or self.idno or _volume_from_folder(self.path.parent) or self.path.stem


_VOLUME_ID = re.compile(r"^frus\d{4}(?:-\d{2})?(?:v\d+\w*|\w*)$")
_BIBL_VOLUME = re.compile(rb'<bibl type="frus-volume-id">\s*([\w-]+)\s*</bibl>')


@lru_cache(maxsize=64)
def _volume_from_folder(folder: Path) -> str | None:
    """Volume id of one-document split files (``frus1950v07/d651.xml``): the folder's name,
    else the ``bibl[@type="frus-volume-id"]`` some file of the folder carries in its header."""
    if _VOLUME_ID.match(folder.name):
        return folder.name
    try:
        siblings = sorted(p for p in folder.iterdir() if re.fullmatch(r"d\d+\.xml", p.name))
    except OSError:
        return None
    for sib in siblings[:200]:
        try:
            with open(sib, "rb") as fh:
                if m := _BIBL_VOLUME.search(fh.read(4096)):
                    return m[1].decode()
        except OSError:
            continue
    return None


def _display(name: str) -> str:
    """``"Khrushchev, Nikita S."`` -> ``"Nikita S. Khrushchev"`` (persons-list form to reading order)."""
    parts = [p.strip() for p in name.strip(" ,").split(",")]
    if len(parts) == 2 and parts[1] and parts[0]:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and parts[2].split(" ")[0] in ("Jr.", "Sr.", "II", "III", "IV"):
        return f"{parts[1]} {parts[0]} {parts[2]}"
    return name.strip(" ,")


def sniff(path: Path, head: bytes) -> bool:
    """An ``.xml`` file in the TEI namespace that looks like FRUS (a ``frus`` namespace or id)."""
    if Path(path).suffix.lower() not in SUFFIXES:
        return False
    return TEI.encode() in head and b"frus" in head


_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)
_ROOT_START = re.compile(r"<[A-Za-z_]")


def _check_prolog(path: Path) -> None:
    """Refuse a DOCTYPE that declares entities (XXE, billion laughs) before parsing anything."""
    with open(path, "rb") as fh:
        data = fh.read(1 << 16)
        enc = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
        text = data.decode(enc, "ignore")
        while not _ROOT_START.search(text) and len(data) < (1 << 20):
            more = fh.read(1 << 16)
            if not more:
                break
            data += more
            text = data.decode(enc, "ignore")
    root = _ROOT_START.search(text)
    prolog = text[:root.start()] if root else text
    if _ENTITY_DECL.search(prolog):
        line = prolog.count("\n", 0, _ENTITY_DECL.search(prolog).start()) + 1  # type: ignore[union-attr]
        raise SourceError(path.name, "entity declarations are not allowed (XXE / entity expansion)",
                          f"line {line}")
    if root is None and "<!DOCTYPE" in prolog:
        raise SourceError(path.name, "DOCTYPE too large or no root element")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read(path: Path) -> Iterator[SourceRecord | SourceError]:
    """Records of every ``div[@type="document"]`` of a FRUS TEI file, streamed.

    A document that cannot be read is yielded as a :class:`SourceError` naming it, and
    the next ones are still read; a volume that breaks off (not well-formed) yields the
    documents completed before the break, then one :class:`SourceError` with the line.

    Raises:
        SourceError: the file cannot be opened or declares entities.
    """
    path = Path(path)
    try:
        sha = _sha256(path)
        _check_prolog(path)
    except OSError as exc:
        raise SourceError(path.name, f"cannot read file: {exc.strerror or exc}") from exc
    yield from _stream(path, sha)


def _stream(path: Path, sha: str) -> Iterator[SourceRecord | SourceError]:
    vol = _Volume(path, sha)
    ctx: _Ctx | None = None
    tags = [f"{_T}TEI", f"{_T}div", f"{_T}title", f"{_T}idno", f"{_T}bibl"]
    it = etree.iterparse(str(path), events=("start", "end"), tag=tags, resolve_entities=False,
                         no_network=True, load_dtd=False, huge_tree=False, remove_pis=True)
    depth, current, count, first = 0, "", 0, True
    try:
        for event, el in it:
            if first:
                first = False
                dtd = el.getroottree().docinfo.internalDTD
                if dtd is not None and any(True for _ in dtd.iterentities()):
                    raise SourceError(path.name, "entity declarations are not allowed", "line 1")
            name = _local(el.tag)
            if event == "start":
                if name == "TEI" and el.getparent() is None:
                    vol.tei_id = el.get(_XML_ID)
                elif name == "div" and el.get("type") == "document":
                    depth += 1
                    current = el.get(_XML_ID) or f"n={el.get('n')}"
                continue
            if name == "title" and el.get("type") == "complete" and vol.title is None:
                vol.title = _text(el)
            elif name == "idno" and el.get("type") == "frus":
                vol.idno = vol.idno or _text(el)
            elif name == "bibl" and el.get("type") == "frus-volume-id":
                vol.idno = vol.idno or _text(el)
            elif name == "div":
                if el.get(_XML_ID) == "persons":
                    for pn in el.iter(f"{_T}persName"):
                        if pid := pn.get(_XML_ID):
                            vol.persons[pid] = _display(_text(pn))
                if el.get("type") == "document":
                    depth -= 1
                    if ctx is None:
                        ctx = _Ctx(vol.volume_id(), vol.persons)
                    count += 1
                    try:
                        yield _record(el, ctx, vol)
                    except DocumentError as exc:
                        doc = el.get(_XML_ID) or f"document {count}"
                        yield SourceError(path.name, f"{ctx.volume} {doc}: {exc.message}",
                                          f"{doc} ({exc.path})")
                    current = ""
                if depth == 0:
                    el.clear(keep_tail=True)
                    parent = el.getparent()
                    if parent is not None:
                        while el.getprevious() is not None:
                            del parent[0]
    except etree.XMLSyntaxError as exc:
        if "entity" in (exc.msg or "").lower():
            # libxml2 2.14 stops an expanding entity itself ("Maximum entity amplification
            # factor exceeded") before the first event, so the DTD check above never runs.
            raise SourceError(path.name, "entity declarations are not allowed "
                              f"(the parser stopped: {exc.msg})", f"line {exc.lineno}") from exc
        # Without recovery, libxml2 stops at the first fatal error (after the events before
        # it were delivered). Non-fatal validity errors (a duplicate xml:id: frus1952-54v12p2)
        # are only raised once the whole file has been parsed: those are ignored.
        if any(e.level_name == "FATAL" for e in it.error_log) or not len(it.error_log):
            where = f"line {exc.lineno}" + (f", in document {current}" if current else "")
            yield SourceError(path.name, f"volume is not well-formed XML ({exc.msg}); "
                              f"{count} documents before this point were read", where)
