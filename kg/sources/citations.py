"""Archival citations: "APRF, fond 45, opis 1, delo 347, listy 72-73 and APRF, f. 3, ...".

Every spelling the records use is accepted: ``fond|f.``, ``opis|op.``,
``papka|p.``, ``delo|d.``, ``list|listy|l.|ll.`` in any case, ``APRF:`` with a
colon, several references joined by ``;``, ``; and`` or ``and``. Values are kept
as printed (``"059a"``, ``"0078"``, ``"0045ob"``). A reference ends at the
first sentence that is not part of it (``. Reprinted in ...``, ``. Translated
by ...``); published books and reprints are not archival references and yield
nothing.
"""

from __future__ import annotations

import re

from kg.records import ArchivalCitation, Span

__all__ = ["parse_citations", "archival_part"]

_VALUE = r"([0-9][\w]*(?:\s*[-–]\s*[0-9][\w]*)?)"
FIELDS = {
    "fond": re.compile(rf"(?<![\w.])(?:fond|f\.)\s*{_VALUE}", re.IGNORECASE),
    "opis": re.compile(rf"(?<![\w.])(?:opis|op\.)\s*{_VALUE}", re.IGNORECASE),
    "papka": re.compile(rf"(?<![\w.])(?:papka|p\.)\s*{_VALUE}", re.IGNORECASE),
    "delo": re.compile(rf"(?<![\w.])(?:delo|d\.)\s*{_VALUE}", re.IGNORECASE),
    "folios": re.compile(rf"(?<![\w.])(?:listy|list|ll\.|l\.)\s*{_VALUE}", re.IGNORECASE),
}
# an archive's name after "and": an acronym (two capitals or more) before a comma or colon
_ARCHIVE_START = r"(?:Archive of [A-Z][\w ]+,|[A-Z][A-Za-z]*[A-Z][A-Za-z]*(?:\s?RF)?\s*[,:])"
_SEPARATOR = re.compile(rf"\s*;\s*(?:and\s+)?|,?\s+and\s+(?={_ARCHIVE_START})")
# a sentence that starts after a reference: ". Reprinted in", ". Translated for", "Contributed by"
_TAIL = re.compile(r"\.\s+(?=(?:Reprinted|Translated|Contributed|Published|Originally|Obtained|"
                   r"Provided|Courtesy|Also|See|Cited|Copy|Original)\b)|\.\s*$")


_FILE = re.compile(r"^(?P<archive>[^,]+),\s*File(?:\s+No\.)?\s+(?P<file>[^,(]+?)(?:,\s*(?P<rest>.+?))?"
                   r"(?:\s*\([^)]*\))?$")
_SIGNATURE = re.compile(r"^(?P<archive>[A-Z][A-Za-z]+),\s*(?P<file>[A-Z]{1,3}\s?\d+(?:/\d+)+),\s*"
                        r"(?P<folios>\d+(?:\s*[-–]\s*\d+)?)$")


def _generic(ref: str) -> tuple[str, dict[str, str | None]] | None:
    """Western-style references: ``BArch, B 136/59748, 403-410`` or ``..., File No. JNSG``."""
    empty: dict[str, str | None] = dict.fromkeys(FIELDS)
    if m := _SIGNATURE.match(ref):
        return m["archive"], {**empty, "file_designation": m["file"].strip(),
                              "folios": re.sub(r"\s*[-–]\s*", "-", m["folios"])}
    if m := _FILE.match(ref):
        designation = m["file"].strip() + (f", {m['rest'].strip()}" if m["rest"] else "")
        return m["archive"].strip(), {**empty, "file_designation": designation}
    return None


def archival_part(citation: str) -> tuple[int, str]:
    """The archival source in a Wilson citation (after "... Digital Archive,"), and its offset.

    >>> archival_part('"T", October 9, 1950, Wilson Center Digital Archive, APRF, fond 45. <https://x/1>')
    (53, 'APRF, fond 45. ')
    >>> archival_part('"T", 1950, Wilson Center Digital Archive.')[1]
    ''
    """
    m = re.search(r"<?https?://\S+>?", citation)
    end = m.start() if m else len(citation)
    idx = citation.rfind("Digital Archive", 0, end)
    start = idx + len("Digital Archive") if idx >= 0 else 0
    while start < end and citation[start] in " ,.":
        start += 1
    return start, citation[start:end]


def parse_citations(text: str, base: int | None = None,
                    whole_citation: bool = True) -> tuple[ArchivalCitation, ...]:
    """Archival references in a citation string.

    Args:
        text: a whole Wilson citation (title, date, archive name, source, URL) when
            ``whole_citation``, else only the archival source (the node layout's ``Source``).
        base: offset of ``text`` in the file; references then carry their spans.
        whole_citation: whether to skip the citation's title, date and archive name first.

    >>> c = parse_citations("X Digital Archive, APRF, fond 45, opis 1, delo 347, listy 72-73 "
    ...                     "and APRF, fond 3, opis 65, delo 828, listy 13-14.")
    >>> [(r.archive, r.fond, r.opis, r.delo, r.folios) for r in c]
    [('APRF', '45', '1', '347', '72-73'), ('APRF', '3', '65', '828', '13-14')]
    >>> parse_citations("AVP RF, f. 059a, op. 5a, p. 11, d. 5, l. 80", whole_citation=False)[0].papka
    '11'
    >>> parse_citations("APRF: F. 39, Op. 1, D. 31, L. 25. Reprinted in A. Ledovskii, Vol. 5, p. 378.",
    ...                 whole_citation=False)[0].folios
    '25'
    """
    offset, part = archival_part(text) if whole_citation else (0, text)
    out = []
    pos = 0
    pieces = []
    for m in _SEPARATOR.finditer(part):
        pieces.append((pos, part[pos:m.start()]))
        pos = m.end()
    pieces.append((pos, part[pos:]))
    for start, ref in pieces:
        cut = _TAIL.search(ref)
        more_follows = cut is not None and cut.end() < len(ref)  # a reprint or a note follows
        if cut:
            ref = ref[:cut.start()]
        lead = len(ref) - len(ref.lstrip(" ,"))
        ref = ref.strip(" ,")
        start += lead
        if not ref:
            continue
        values = {name: (hit[1] if (hit := rx.search(ref)) else None) for name, rx in FIELDS.items()}
        if not any(values.values()) and (generic := _generic(ref)):
            archive, values = generic
            span = Span(base + offset + start, base + offset + start + len(ref)) if base is not None else None
            out.append(ArchivalCitation(text=ref, archive=archive, span=span, **values))
            if more_follows:
                break
            continue
        if not any(values.values()):
            if more_follows:
                break  # the rest is a reprint or a translator's note
            continue
        archive = re.split(r"[,:]", ref, maxsplit=1)[0].strip()
        if any(rx.match(archive) for rx in FIELDS.values()):
            archive = ""
        if values["folios"]:
            values["folios"] = re.sub(r"\s*[-–]\s*", "-", values["folios"])
        span = Span(base + offset + start, base + offset + start + len(ref)) if base is not None else None
        out.append(ArchivalCitation(text=ref, archive=archive, span=span, **values))
        if more_follows:
            break
    return tuple(out)
