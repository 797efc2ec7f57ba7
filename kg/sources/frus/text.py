"""FRUS TEI: text of elements, dates (§4 date, pitfall 6) and document kinds (§4 type).

Part of the FRUS reader (:mod:`kg.sources.frus.reader`); see its docstring for the TEI paths.
The helpers here are shared by the package's modules.
"""

from __future__ import annotations

import re

from lxml import etree

from kg.records import PartialDate

__all__ = ["LEGACY_KIND", "MONTHS", "T", "TEI", "XML_ID", "document_date", "kind_of", "line_of",
           "local_name", "marked_text", "norm_space", "parse_date_text", "text_of", "text_with_breaks"]

TEI = "http://www.tei-c.org/ns/1.0"
#: The TEI namespace as a tag prefix: ``f"{T}div"``.
T = f"{{{TEI}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# ---------------------------------------------------------------------------------------------
# Text helpers


def local_name(tag: object) -> str:
    """The local name of an element's tag (``""`` for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def norm_space(text: str) -> str:
    """White space collapsed to single spaces, none at the ends."""
    return " ".join(text.split())


def line_of(el: etree._Element) -> int:
    """The line an element starts on in its file (0 when unknown)."""
    line = el.sourceline
    return line if isinstance(line, int) else 0


def text_of(el: etree._Element, skip: frozenset[str] = frozenset({"note"})) -> str:
    """Text of ``el`` on one line, without the subtrees named in ``skip`` (tails kept)."""
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            out.append(e.text)
        for ch in e:
            name = local_name(ch.tag)
            if name == "lb":
                out.append(" ")
            elif name and name not in skip:
                walk(ch)
            if ch.tail:
                out.append(ch.tail)

    walk(el)
    return norm_space("".join(out))


def text_with_breaks(el: etree._Element) -> str:
    """Text of ``el`` with its ``lb`` elements as line breaks (source line breaks are spaces;
    notes left out)."""
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            out.append(e.text.replace("\n", " "))
        for ch in e:
            name = local_name(ch.tag)
            if name == "lb":
                out.append("\n")
            elif name and name != "note":
                walk(ch)
            if ch.tail:
                out.append(ch.tail.replace("\n", " "))

    walk(el)
    return "".join(out)


def marked_text(el: etree._Element) -> tuple[str, list[tuple[etree._Element, int, int]]]:
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
            name = local_name(ch.tag)
            if name == "lb":
                add(" ")
            elif name and name != "note":
                walk(ch)
            if ch.tail:
                add(ch.tail)
        if local_name(e.tag) in ("persName", "gloss", "orgName"):
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


def document_date(date_el: etree._Element | None, dt_min: str | None) -> PartialDate | None:
    """Date of the dateline, its attribute checked against its text; else doc-dateTime-min."""
    if date_el is not None:
        attr = next((_iso_date(date_el.get(a)) for a in ("when", "from", "notBefore")
                     if date_el.get(a)), None)
        printed = parse_date_text(text_of(date_el))
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
LEGACY_KIND = re.compile(r":\s*(Circular telegram|Circular airgram|Telegram|Airgram)\s*(?:\.\s*)?$", re.I)


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
