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

from kg.errors import SourceError
from kg.records import ArchivalCitation, Message, NameRef, PartialDate, SourceRecord

__all__ = ["NAME", "VERSION", "SUFFIXES", "sniff", "read", "kind_of", "parse_date_text",
           "parse_source_note"]

NAME = "frus"
VERSION = "0.1.0"
SUFFIXES = (".xml",)

TEI = "http://www.tei-c.org/ns/1.0"
_T = f"{{{TEI}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
URL_BASE = "https://history.state.gov/historicaldocuments"

# ---------------------------------------------------------------------------------------------
# Text helpers


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _norm(text: str) -> str:
    return " ".join(text.split())


def _text(el: etree._Element, skip: frozenset[str] = frozenset({"note"})) -> str:
    """Text of ``el`` on one line, without the subtrees named in ``skip`` (tails kept)."""
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            out.append(e.text)
        for ch in e:
            name = _local(ch.tag)
            if name == "lb":
                out.append(" ")
            elif name and name not in skip:
                walk(ch)
            if ch.tail:
                out.append(ch.tail)

    walk(el)
    return _norm("".join(out))


def _marked_text(el: etree._Element) -> tuple[str, list[tuple[etree._Element, int, int]]]:
    """Head text on one line (notes left out) and where each persName/gloss stands in it."""
    raw: list[str] = []
    pos = 0
    marks: list[tuple[etree._Element, int, int]] = []

    def add(s: str) -> None:
        nonlocal pos
        raw.append(s)
        pos += len(s)

    def walk(e: etree._Element) -> None:
        start = pos
        if e.text:
            add(e.text)
        for ch in e:
            name = _local(ch.tag)
            if name == "lb":
                add(" ")
            elif name and name != "note":
                walk(ch)
            if ch.tail:
                add(ch.tail)
        if _local(e.tag) in ("persName", "gloss", "orgName"):
            marks.append((e, start, pos))

    walk(el)
    text = "".join(raw)
    # collapse white space, keeping a map from raw to collapsed offsets
    out: list[str] = []
    where = [0] * (len(text) + 1)
    space = True
    for i, ch in enumerate(text):
        where[i] = len(out)
        if ch.isspace():
            if not space:
                out.append(" ")
            space = True
        else:
            out.append(ch)
            space = False
    where[len(text)] = len(out)
    norm = "".join(out).rstrip()
    spans = [(e, min(where[s], len(norm)), min(where[t], len(norm))) for e, s, t in marks]
    return norm, sorted(spans, key=lambda m: m[1])


# ---------------------------------------------------------------------------------------------
# Dates (§4 date, pitfall 6)

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MDY = re.compile(r"\b([A-Z][a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_MY = re.compile(r"\b([A-Z][a-z]+)\.?,?\s+(\d{4})\b")
_Y = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _valid(year: int, month: int | None, day: int | None) -> PartialDate | None:
    import calendar

    if month is None:
        return PartialDate(year)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return PartialDate(year, month)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return PartialDate(year, month, day)


def parse_date_text(text: str) -> PartialDate | None:
    """The first date printed in ``text``, at the precision printed.

    >>> parse_date_text("November 23, 1949—7 p. m.")
    PartialDate(year=1949, month=11, day=23)
    >>> parse_date_text("March 1963")
    PartialDate(year=1963, month=3, day=None)
    >>> parse_date_text("undated") is None
    True
    """
    for m in _MDY.finditer(text):
        if m[1].lower() in MONTHS:
            return _valid(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    for m in _MY.finditer(text):
        if m[1].lower() in MONTHS:
            return _valid(int(m[2]), MONTHS[m[1].lower()], None)
    if y := _Y.search(text):
        return PartialDate(int(y[1]))
    return None


def _iso_date(value: str | None) -> PartialDate | None:
    if not value or not (m := _ISO.match(value.strip())):
        return None
    return _valid(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)


def _agree(a: PartialDate, b: PartialDate) -> bool:
    return (a.year == b.year and (a.month is None or b.month is None or a.month == b.month)
            and (a.day is None or b.day is None or a.day == b.day))


def _document_date(date_el: etree._Element | None, dt_min: str | None) -> PartialDate | None:
    """Date of the dateline, its attribute checked against its text; else doc-dateTime-min."""
    if date_el is not None:
        attr = next((_iso_date(date_el.get(a)) for a in ("when", "from", "notBefore")
                     if date_el.get(a)), None)
        printed = parse_date_text(_text(date_el))
        if attr and printed:
            if not _agree(attr, printed):
                return printed  # pitfall 6: "March 11, 1962" encoded 1962-11-03
            more = attr if (attr.day or 0, attr.month or 0) >= (printed.day or 0, printed.month or 0) \
                else printed
            return more  # the more precise of two agreeing values
        if attr or printed:
            return attr or printed
    return _iso_date(dt_min)


# ---------------------------------------------------------------------------------------------
# Kind (§4 document type)

_KINDS: list[tuple[re.Pattern[str], str]] = [(re.compile(p, re.I), k) for p, k in [
    (r"editorial note", "Document"),
    (r"memorandum (?:of|on) (?:a |the )?(?:substance of )?(?:telephone )?(?:conversation|discussion)|"
     r"telephone conversation|conversation|memorandum (?:of|on) (?:a |the )?meeting|"
     r"minutes|notes|summary record|record of (?:a |the )?(?:meeting|conversation|discussion)|"
     r"delegation record|memorandum on the substance", "RecordOfConversation"),
    (r"intelligence (?:information )?cable", "Report"),
    (r"circular telegram|backchannel|telegram|cable", "Telegram"),
    (r"oral (?:message|statement)|aide[- ]m[ée]moire|note verbale|^(?:diplomatic )?note\b",
     "Note"),
    (r"letter|message", "Letter"),
    (r"intelligence estimate|airgram|memorandum|paper|intelligence note|staff study", "Memorandum"),
    (r"report", "Report"),
    (r"despatch|dispatch|instruction", "Message"),
]]
_LEGACY_KIND = re.compile(r":\s*(Circular telegram|Circular airgram|Telegram|Airgram)\s*\.?\s*$", re.I)


def kind_of(type_words: str) -> str | None:
    """The ontology class for the document type printed in a head, if the words name one.

    >>> kind_of("Circular Telegram"), kind_of("Memorandum of Conversation"), kind_of("Message")
    ('Telegram', 'RecordOfConversation', 'Letter')
    >>> kind_of("Editorial Note"), kind_of("Airgram"), kind_of("Oral Statement")
    ('Document', 'Memorandum', 'Note')
    """
    for pattern, kind in _KINDS:
        if pattern.search(type_words):
            return kind
    return None


# ---------------------------------------------------------------------------------------------
# Parties in the head (§4 sender / recipient, pitfalls 1-4)

_ORG = re.compile(r"\b(?:Embass(?:y|ies)|Missions?|Department|Consulates?(?: General)?|Legations?|"
                  r"Delegations?|Joint Chiefs|Chiefs of Staff|Government|Ministry|Agency|Council|"
                  r"Command|Headquarters|White House|Commission|Committee|Bureau|Posts|Board|"
                  r"Secretariat|Cabinet|Office|Group|Station|Assembly|Service|Corps|Army|Navy|"
                  r"Air Force|Foreign Office|Kremlin|Politburo|Presidium|Offices|Element|HICOG)\b")
_OFFICE_WORDS = (r"Secretary|President|Chairm[ae]n|Ambassador|Director|Minister|Adviser|Advisor|"
                 r"Assistant|Commander|Chief|Representative|Counselor|Charg[ée]|Consul|Administrator|"
                 r"Attorney|Officer|Head|Premier|Chancellor|Governor|Counsel|Coordinator|"
                 r"Commissioner|Deputy|Delegate|Envoy|Attach[ée]|King|Queen|Shah|Emperor|General|"
                 r"Admiral|Senator|Mayor|Leader|Chairwoman|Executive|Staff Secretary|Acting|Under")
_OFFICE_START = re.compile(rf"^(?:(?:U\.\s?S\.|United States|American|British|Soviet|French|"
                           rf"Acting|Deputy|Under|Special|Vice|Prime|Foreign|First|Executive|"
                           rf"Political|Military|Permanent|Principal|Chief)\s+)*(?:{_OFFICE_WORDS})\b")
_OFFICE = re.compile(rf"\b(?:{_OFFICE_WORDS})\b")
_TITLED = re.compile(
    r"^(?:(?:Acting|Deputy|Under|Vice|Prime|Foreign|First|Field|Lieutenant|Major|Rear|Chief|"
    r"British|Soviet|French|German|Chinese|Korean|Japanese|West German|Indian|Israeli|Egyptian)\s+)*"
    r"(?:President(?:-elect)?|Chairm[ae]n|Premier|Chancellor|Minister|"
    r"Secretary(?:\s+of\s+(?:State|Defense|the Treasury|Treasury|Commerce|Agriculture))?|"
    r"Secretary[- ]General|Ambassador(?:-at-Large)?|General|Admiral|Governor|Senator|Mayor|King|"
    r"Queen|Emperor|Shah|Pope|Marshal|Colonel|Generalissimo|Mr\.|Mrs\.|Dr\.|Director|Prince|"
    r"Sultan|Amir|Emir|Lord|Sir|Foreign Secretary)\s+"
    r"(?P<name>(?:(?:de|von|van|du|la|le|al|el|bin|ibn)\s+)?[A-Z][\w’'.-]*"
    r"(?:\s+(?:(?:de|von|van|du|la|al|el|bin|ibn)\s+)?[A-Z][\w’'.-]*){0,3})$")
_NAME_LIKE = re.compile(r"^(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*\.?$")
_NAMED = re.compile(r"^((?:[A-Z][\w’'-]*\.?\s+){1,3}[A-Z][\w’'-]+)(?:,\s+|\s+of\s+)(.+)$")
_PAREN_NAME = re.compile(r"\(\s*([A-Za-z][\w’'. -]{1,60}?)\s*\)\s*$")
_NOT_NAMES = {"USUN", "NATO", "UN", "SEATO", "CINCPAC", "CINCFE", "JCS", "NSC", "CIA", "USIA",
              "ICA", "AID", "OCB", "Research", "Welfare", "Development", "Affairs", "Planning"}
_LEAD = re.compile(r"^(?:the|The)\s+")
_BLOCK_TO = re.compile(r"(?:Assistant|Adviser|Advisor|Representative|Ambassador|Delegate|Delegation|"
                       r"Envoy|Observer|Counselor|Aide|Liaison|Mission|Attaché|Minister|Successor|"
                       r"Embassy|Consul|Secretary)\s*$")
_TO = re.compile(r"\s+to\s+")
_NUMBER = re.compile(r"^\s*(?:No\.\s*\d+[A-Za-z]?\.?|\d+[A-Za-z]?\.)\s*")
_BETWEEN = re.compile(r"\s+[Bb]etween\s+")
_FROM = re.compile(r"\b(?:From|from)\s+")
_BY = re.compile(r",?\s+by\s+")
_TRAILER = re.compile(r"(?:,\s+[A-Z][^,]*){0,2},?\s+(?:(?:January|February|March|April|May|June|July|"
                      r"August|September|October|November|December)\s+\d|undated|\[undated\]).*$")
_AND = re.compile(r",?\s+and\s+|,\s+(?=the\s)|;\s+")
_AND_RIGHT = re.compile(r"^(?:the\s+)?(?:Embass(?:y|ies)|Missions?|Department|Consulates?|Legations?|"
                        r"Delegations?|Secretary|President|Chairman|Prime Minister|Ambassador|"
                        r"Director|Joint Chiefs|Commander|Chancellor|Premier|King|Queen|General|"
                        r"Foreign Minister)\b")


def _depth_at(text: str, i: int) -> int:
    return text.count("(", 0, i) - text.count(")", 0, i)


def _clean_phrase(s: str) -> str:
    s = _LEAD.sub("", s.strip(" ,;:.")).strip(" ,;:")
    return s


class _Ctx:
    """What a document's parts need to know about their volume."""

    def __init__(self, volume: str, persons: dict[str, str]) -> None:
        self.volume = volume
        self.persons = persons

    def person(self, el: etree._Element) -> NameRef:
        """A persName as a person reference, resolved through the persons list."""
        corresp = (el.get("corresp") or "").strip()
        pid = corresp.split()[0].lstrip("#") if corresp else ""
        printed = self.persons.get(pid) or _text(el)
        return NameRef(printed, line=el.sourceline or 0, role_hint="person",
                       ref_id=f"{self.volume}#{pid}" if pid else None)


def _role_of(phrase: str) -> tuple[str, str]:
    """(printed, role_hint) of an untagged party phrase."""
    p = _clean_phrase(phrase)
    if m := _TITLED.match(p):
        name = m["name"]
        if not _ORG.search(name) and not _OFFICE.search(name) and name not in _NOT_NAMES:
            return name, "person"
    if (m := _NAMED.match(p)) and (_OFFICE.search(m[2]) or _ORG.search(m[2])):
        return m[1], "person"  # "Robert Cutler, Special Assistant ...", "Leonard S. Tyson of the Office"
    if _OFFICE_START.match(p):
        return p, "office"
    if _ORG.search(p):
        return p, "organization"
    if _OFFICE.search(p):
        return p, "office"
    if _NAME_LIKE.match(p) and p not in _NOT_NAMES and p.upper() != p:
        return p, "person"
    return p, ""


def _split_parts(phrase: str, start: int, marks: list[tuple[etree._Element, int, int]]
                 ) -> list[tuple[int, int]]:
    """Split a party phrase at ``and`` / ``, the`` where the right side is a party of its own."""
    cuts: list[tuple[int, int]] = []
    for m in _AND.finditer(phrase):
        if _depth_at(phrase, m.start()):
            continue
        right = phrase[m.end():]
        nxt = _AND.search(right)
        right_part = right[:nxt.start()] if nxt else right
        r0, r1 = start + m.end(), start + m.end() + len(right_part)
        l0 = start + (cuts[-1][1] if cuts else 0)
        right_marked = any(r0 <= s < r1 for _, s, _ in marks)
        left_marked = any(l0 <= s < start + m.start() for _, s, _ in marks)
        left = phrase[(cuts[-1][1] if cuts else 0):m.start()]
        single = re.fullmatch(r"[A-Z][\w’'-]+", right_part.strip()) and _TITLED.match(_clean_phrase(left))
        if (right_marked and left_marked) or _AND_RIGHT.match(right_part) or single:
            cuts.append((m.start(), m.end()))
    parts, prev = [], 0
    for a, b in cuts:
        parts.append((start + prev, start + a))
        prev = b
    parts.append((start + prev, start + len(phrase)))
    return parts


def _parties(text: str, lo: int, hi: int, marks: list[tuple[etree._Element, int, int]],
             ctx: _Ctx) -> list[NameRef]:
    """The parties named in ``text[lo:hi]``: persons where named, else the phrase as printed."""
    phrase = text[lo:hi]
    if not _clean_phrase(phrase):
        return []
    out: list[NameRef] = []
    for a, b in _split_parts(phrase, lo, marks):
        part = text[a:b]
        inside = [(e, s, t) for e, s, t in marks if a <= s < b]
        persons = [e for e, _, _ in inside if _local(e.tag) == "persName"]
        line = inside[0][0].sourceline or 0 if inside else 0
        if persons:
            out.extend(ctx.person(e) for e in persons)
        elif (m := _PAREN_NAME.search(part)) and m[1].strip() not in _NOT_NAMES \
                and not m[1].strip().isupper() and not _ORG.search(m[1]):
            out.append(NameRef(m[1].strip(), line=line, role_hint="person"))
        else:
            printed, role = _role_of(part)
            if printed:
                out.append(NameRef(printed, line=line, role_hint=role))
    return out


def _split_head(text: str, marks: list[tuple[etree._Element, int, int]]
                ) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None, str]:
    """(type words, from span, to span, how parties are introduced: from, by, between or "")."""
    num = _NUMBER.match(text)
    body = num.end() if num else 0
    froms = [(s, t) for e, s, t in marks if e.get("type") == "from"]
    tos = [(s, t) for e, s, t in marks if e.get("type") == "to"]
    mode = "from"
    if (m := _BETWEEN.search(text, body)) and not _FROM.search(text, body, m.start()):
        end = _TRAILER.search(text, m.end())
        return text[body:m.start()], (m.end(), end.start() if end else len(text)), None, "between"
    m = _FROM.search(text, body)
    if m and (not froms or m.start() <= froms[0][0]):
        type_words, f0 = text[body:m.start()], m.end()
    elif (m := _BY.search(text, body)) and (not froms or m.start() <= froms[0][0]):
        type_words, f0, mode = text[body:m.start()], m.end(), "by"
    elif froms or (num is None and re.match(r"^(?:The|the)\s", text[body:])):
        type_words, f0 = "", body
        if froms and (m := _FROM.search(text, body, froms[0][0])):
            type_words, f0 = text[body:m.start()], m.end()
        elif froms and not re.match(r"^(?:The|the)\s", text[body:]):
            type_words = text[body:froms[0][0]]
    else:
        return text[body:], None, None, ""
    cands = [m for m in _TO.finditer(text, f0) if _depth_at(text, m.start()) == 0]
    good = [m for m in cands if not _BLOCK_TO.search(text[:m.start()])]
    pick: re.Match[str] | None = (good or cands or [None])[0]  # type: ignore[list-item]  # by grammar
    fits = pick is not None and all(t <= pick.start() for _, t in froms) and \
        all(s >= pick.end() for s, _ in tos)
    if not fits and (not froms or not tos or max(t for _, t in froms) <= min(s for s, _ in tos)):
        # the markup is consistent: split at the last "to" between the from and to elements
        lo = max([t for _, t in froms] + [f0])
        hi = min([s for s, _ in tos] + [len(text) + 1])
        between = [m for m in cands if lo <= m.start() and m.end() <= hi]
        if between and (tos or froms):
            pick = between[-1] if tos else between[0]
    if pick is None:
        return type_words, (f0, len(text)), None, mode
    to_end = len(text)
    if t := _TRAILER.search(text, pick.end()):
        to_end = t.start()
    return type_words, (f0, pick.start()), (pick.end(), to_end), mode


# ---------------------------------------------------------------------------------------------
# Source note (§4 archival source, classification)

_CLASS_WORDS = (r"Top Secret|Secret|Confidential|Unclassified|Limited Official Use|Official Use Only|"
                r"Restricted|Eyes Only|Personal and Confidential|Personal|Priority|Niact|Nodis|Exdis|"
                r"Limdis|Operational Immediate|Immediate|Flash|Routine|Emergency|Noforn|Sensitive|"
                r"Security Information|No Distribution|For Official Use Only|Literally Eyes Only|"
                r"Roger Channel|Cherokee|Special Handling|Controlled Dissem|Administratively Confidential"
                r"|No classification marking|Classification unknown|Declassified")
_CLASS_SENTENCE = re.compile(rf"(?:^|(?<=[.;:)\]])\s+|(?<=\s))(?P<s>(?:{_CLASS_WORDS})\b[^.]*)")
_CLASS_START = re.compile(rf"^(?:{_CLASS_WORDS})\b")
_NOT_MARKINGS = re.compile(r"^(?:No classification marking|Classification unknown)", re.I)
_DECIMAL = re.compile(r"^\s*(?:\d{3}(?:\.[\w-]+)?(?:\s+[\w.()&–-]+)*\s*/\s*[\w.–-]+|"
                      r"[A-Z]{2,5}\s+Files?:\s*Lot\s+\w+)")
_LOT = re.compile(r"\bLot\s+\d+\s*[A-Z]\s*\d+\b|\bLot\s+\w+")
_LIBRARY = re.compile(r"^(?:(?:[A-Z][\w.]*\s+){0,3}(?:Presidential\s+)?Library|"
                      r"Nixon Presidential Materials(?: Project)?|National Security Council Files)")
_ARCHIVE_HINT = re.compile(r"\b(?:Files?|Library|Archives?|Records|Papers|Center|Materials|"
                           r"Department|Agency|Ministry|Office|Institute|Foundation)\b")
_PUBLISHED = re.compile(r"\bp{1,2}\.\s*\d|\bBulletin\b|\bPublic Papers\b|Current Documents|"
                        r"\bprinted in\b|\bvol\.\s", re.I)


def _citation(piece: str) -> ArchivalCitation | None:
    """One archival location (§4): Central Files, lot files, presidential libraries, others."""
    text = piece.strip(" .;,")
    if not text or _PUBLISHED.search(text):
        return None
    legacy = _LEGACY_KIND.sub("", text).strip()
    if m := re.match(r"^(?:National Archives(?: and Records Administration)?|NARA)\b,?\s*(.*)$", text):
        rest = m[1]
        rg = re.search(r"\bRG\s+(\d+)", rest)
        lot = _LOT.search(rest)
        cf = re.search(r"Central (?:Decimal |Foreign Policy )?Files?(?:\s+\d{4}[–-]\d{2,4})?,\s*"
                       r"([^,;]+(?:,\s*[^,;]*\d[^,;]*)?)", rest)
        desig = lot[0] if lot else (cf[1].strip() if cf else rest.split(",", 1)[-1].strip() or None)
        return ArchivalCitation(text, "NARA", record_group=rg[1] if rg else None,
                                file_designation=desig)
    if text.startswith("Department of State"):
        rest = text[len("Department of State"):].lstrip(" ,")
        if lot := _LOT.search(rest):
            return ArchivalCitation(text, "NARA", record_group="59", file_designation=lot[0])
        cf = re.search(r"Central (?:Decimal )?Files?(?:\s+\d{4}[–-]\d{2,4})?,?\s*(.+)$", rest)
        return ArchivalCitation(text, "NARA", record_group="59",
                                file_designation=(cf[1] if cf else rest).strip(" ,.") or None)
    if _DECIMAL.match(legacy):
        lot = _LOT.search(legacy)
        return ArchivalCitation(text, "NARA", record_group="59",
                                file_designation=lot[0] if lot else legacy)
    if m := _LIBRARY.match(text):
        return ArchivalCitation(text, m[0].strip(),
                                file_designation=text[m.end():].strip(" ,.") or None)
    if text.startswith("Washington National Records Center"):
        rg = re.search(r"\bRG\s+(\d+)", text)
        return ArchivalCitation(text, "Washington National Records Center",
                                record_group=rg[1] if rg else None,
                                file_designation=text.split(",", 1)[1].strip() if "," in text else None)
    head, _, rest = legacy.partition(",")
    head = head.split(":")[0].strip()
    if _ARCHIVE_HINT.search(head):
        lot = _LOT.search(legacy)
        return ArchivalCitation(text, head, file_designation=lot[0] if lot else (rest.strip() or None))
    return None


def _split_citations(part: str) -> list[str]:
    pieces: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in part:
        depth += ch == "("
        depth -= ch == ")"
        if ch == ";" and depth <= 0:
            pieces.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    pieces.append("".join(cur))
    return [p.strip() for p in pieces if p.strip()]


def parse_source_note(note: str) -> tuple[str, tuple[ArchivalCitation, ...], tuple[str, ...]]:
    """(citation as printed without ``Source:``, archival citations, markings) of a source note.

    >>> text, cits, marks = parse_source_note(
    ...     "Source: Department of State, Central Files, 795.00/10–950. Secret; Priority; Limdis.")
    >>> cits[0].archive, cits[0].record_group, cits[0].file_designation, marks
    ('NARA', '59', '795.00/10–950', ('Secret', 'Priority', 'Limdis'))
    """
    text = re.sub(r"^\s*Source:\s*", "", _norm(note))
    cls = _CLASS_SENTENCE.search(text)
    cit_part = text[:cls.start("s")] if cls else text
    if not cls:
        cit_part = re.split(r"\.\s+(?=(?:Drafted|Repeated|Sent|Transmitted|Also|Printed|According|"
                            r"The|This|Approved|Cleared|Initialed|Signed|No|Received|Copies|A|An|"
                            r"In|There|Another)\b)", text)[0]
    marks: list[str] = []
    if cls:
        for m in re.split(r"\s*;\s*", cls["s"]):
            m = m.strip(" .,")
            if m and not _NOT_MARKINGS.match(m) and len(m) <= 60:
                marks.append(m)
    cits = tuple(c for p in _split_citations(cit_part) if (c := _citation(p)))
    return text, cits, tuple(marks)


_MARKING = re.compile(rf"\b(?:{_CLASS_WORDS}|US Urgent|Urgent|Operational Priority|Niact)\b", re.I)
_MARKING_CASE = {"niact": "Niact", "limdis": "Limdis", "exdis": "Exdis", "nodis": "Nodis",
                 "us urgent": "US Urgent", "noforn": "Noforn"}


def _seg_markings(opener: etree._Element | None) -> list[str]:
    """Markings printed in ``opener/seg`` (one per line: ``secret``, ``niact``)."""
    if opener is None:
        return []
    out: list[str] = []
    for seg in opener.iter(f"{_T}seg"):
        for chunk in _lb_text(seg).split("\n"):
            for piece in re.split(r"\s*[;—]\s*", chunk):
                piece = _norm(piece).strip(" .,")
                known = [k[0] for k in _MARKING.finditer(piece)]
                for m in (known if known and sum(map(len, known)) >= len(piece.replace(" ", "")) * 0.6
                          else [piece] if piece else []):
                    low = m.lower()
                    out.append(_MARKING_CASE.get(low) or (m.title() if m.islower() or m.isupper() else m))
    return out


def _lb_text(el: etree._Element) -> str:
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            out.append(e.text.replace("\n", " "))
        for ch in e:
            name = _local(ch.tag)
            if name == "lb":
                out.append("\n")
            elif name and name != "note":
                walk(ch)
            if ch.tail:
                out.append(ch.tail.replace("\n", " "))

    walk(el)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# One document


class _DocError(Exception):
    """A document that cannot be read; ``path`` is an XPath within the volume."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.message, self.path = message, path


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
        raise _DocError("document has neither xml:id nor n", "div[@type='document']")
    head = div.find(f"{_T}head")
    if head is None:
        raise _DocError("document has no head (no title, sender or addressee)", f"{where}/head")
    title, marks = _marked_text(head)
    if not title:
        raise _DocError("document head is empty", f"{where}/head")
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
                    except _DocError as exc:
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
        # Without recovery, libxml2 stops at the first fatal error (after the events before
        # it were delivered). Non-fatal validity errors (a duplicate xml:id: frus1952-54v12p2)
        # are only raised once the whole file has been parsed: those are ignored.
        if any(e.level_name == "FATAL" for e in it.error_log) or not len(it.error_log):
            where = f"line {exc.lineno}" + (f", in document {current}" if current else "")
            yield SourceError(path.name, f"volume is not well-formed XML ({exc.msg}); "
                              f"{count} documents before this point were read", where)
