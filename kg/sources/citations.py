"""Archival citations: "APRF, fond 45, opis 1, delo 347, listy 72-73 and APRF, f. 3, ...".

Every spelling the archive uses is accepted: ``fond|f.``, ``opis|op.``,
``papka|p.``, ``delo|d.``, ``list|listy|l.|ll.``; several references joined by
``;`` or ``and``. Values are kept as printed (``"059a"``, ``"0078"``). Published
books and reprints are not archival references and yield nothing.
"""

from __future__ import annotations

import re

from kg.records import ArchivalCitation

__all__ = ["parse_citations", "archival_part"]

_VALUE = r"([0-9][\w]*(?:\s*[-–]\s*[0-9][\w]*)?|[IVXL]+)"
FIELDS = {
    "fond": re.compile(rf"(?<![\w.])(?:fond|f\.)\s*{_VALUE}", re.IGNORECASE),
    "opis": re.compile(rf"(?<![\w.])(?:opis|op\.)\s*{_VALUE}", re.IGNORECASE),
    "papka": re.compile(rf"(?<![\w.])(?:papka|p\.)\s*{_VALUE}", re.IGNORECASE),
    "delo": re.compile(rf"(?<![\w.])(?:delo|d\.)\s*{_VALUE}", re.IGNORECASE),
    "folios": re.compile(rf"(?<![\w.])(?:listy|list|ll\.|l\.)\s*{_VALUE}", re.IGNORECASE),
}
_ARCHIVE_START = r"(?:AP\s?RF|AVP\s?RF|RGASPI|TsAMO(?:\s?RF)?|GARF|RGANI|NARA|[A-Z][A-Za-z]{2,}(?:\s?RF)?)"
_SPLIT = re.compile(rf"\s*;\s*|\s+and\s+(?={_ARCHIVE_START}\b)")


def archival_part(citation: str) -> str:
    """The archival source at the end of a Wilson citation, without title, date and URL.

    >>> archival_part('"T", October 9, 1950, Wilson Center Digital Archive, APRF, fond 45. <https://x/1>')
    'APRF, fond 45'
    >>> archival_part('"T", 1950, Wilson Center Digital Archive.')
    ''
    """
    text = re.sub(r"<?https?://\S+>?", "", citation).strip()
    idx = text.rfind("Digital Archive")
    if idx >= 0:
        text = text[idx + len("Digital Archive"):]
    return text.strip().lstrip(",").strip().rstrip(".").strip()


def parse_citations(citation: str) -> tuple[ArchivalCitation, ...]:
    """Archival references in a citation string.

    >>> c = parse_citations("X Digital Archive, APRF, fond 45, opis 1, delo 347, listy 72-73 "
    ...                     "and APRF, fond 3, opis 65, delo 828, listy 13-14.")
    >>> [(r.archive, r.fond, r.opis, r.delo, r.folios) for r in c]
    [('APRF', '45', '1', '347', '72-73'), ('APRF', '3', '65', '828', '13-14')]
    >>> parse_citations("AVP RF, f. 059a, op. 5a, p. 11, d. 5, l. 80")[0].papka
    '11'
    """
    part = archival_part(citation) if "Digital Archive" in citation else citation.strip()
    out = []
    for ref in _SPLIT.split(part):
        ref = ref.strip().strip(".").strip()
        if not ref:
            continue
        values = {name: (m[1] if (m := rx.search(ref)) else None) for name, rx in FIELDS.items()}
        if not any(values.values()):
            continue  # a book or a reprint, not an archival location
        archive = ref.split(",")[0].strip()
        if any(rx.match(archive) for rx in FIELDS.values()):
            archive = ""
        if values["folios"]:
            values["folios"] = re.sub(r"\s*[-–]\s*", "-", values["folios"])
        out.append(ArchivalCitation(text=ref, archive=archive, **values))
    return tuple(out)
