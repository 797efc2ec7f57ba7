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
from bisect import bisect_left, bisect_right

from kg.records import ArchivalCitation, Span
from kg.sources.text import space_after, space_before

__all__ = ["parse_citations", "archival_part", "file_reference"]

# a value starts with a digit, or with a letter and a hyphen (GARF's "f. R-5446")
_VALUE = r"((?:[A-Z]-)?[0-9][\w]*(?:\s*[-–]\s*[0-9][\w]*)?)"
FIELDS = {
    "fond": re.compile(rf"(?<![\w.])(?:fond|f\.)\s*{_VALUE}", re.IGNORECASE),
    "opis": re.compile(rf"(?<![\w.])(?:opis|op\.)\s*{_VALUE}", re.IGNORECASE),
    "papka": re.compile(rf"(?<![\w.])(?:papka|p\.)\s*{_VALUE}", re.IGNORECASE),
    "delo": re.compile(rf"(?<![\w.])(?:delo|d\.)\s*{_VALUE}", re.IGNORECASE),
    "folios": re.compile(rf"(?<![\w.])(?:listy|list|ll\.|l\.)\s*{_VALUE}", re.IGNORECASE),
}
# Separators: "; ", "; and ", and " and " or ", and " before an archive's name: an acronym (two
# capitals or more) before a comma or colon, or "Archive of X,". The separators are what
# ``\s*;\s*(?:and\s+)?|,?\s+and\s+(?=(?:Archive of [A-Z][\w ]+,|[A-Z][A-Za-z]*[A-Z][A-Za-z]*
# (?:\s?RF)?\s*[,:]))`` finds; :func:`_separators` finds them in linear time (the pattern tried
# every space of a run, and every "Archive of" to the next comma).
_SEPARATOR = re.compile(r"(?P<semi>(?:(?<!\s)\s+)?;\s*(?:and\s+)?)|(?:,|(?<!\s))\s+and\s+")
_ACRONYM = re.compile(r"[A-Z][a-z]*[A-Z][A-Za-z]*(?:\s?RF)?\s*[,:]")
_WORDS = re.compile(r"[\w ]+")
_FOLIO_DASH = re.compile(r"(?:(?<!\s)\s+)?[-–]\s*")  # \s*[-–]\s*, a run of spaces tried once
# a sentence that starts after a reference: ". Reprinted in", ". Translated for", "Contributed by"
_TAIL = re.compile(r"\.\s+(?=(?:Reprinted|Translated|Contributed|Published|Originally|Obtained|"
                   r"Provided|Courtesy|Also|See|Cited|Copy|Original)\b)|\.\s*$")


_SIGNATURE = re.compile(r"^(?P<archive>[A-Z][A-Za-z]+),\s*(?P<file>[A-Z]{1,3}\s?\d+(?:/\d+)+),\s*"
                        r"(?P<folios>\d+(?:\s*[-–]\s*\d+)?)$")


def _generic(ref: str) -> tuple[str, dict[str, str | None]] | None:
    """Western-style references: ``BArch, B 136/59748, 403-410`` or ``..., File No. JNSG``."""
    empty: dict[str, str | None] = dict.fromkeys(FIELDS)
    if m := _SIGNATURE.match(ref):
        return m["archive"], {**empty, "file_designation": m["file"].strip(),
                              "folios": _FOLIO_DASH.sub("-", m["folios"])}
    if found := file_reference(ref):
        archive, file, rest = found
        designation = file.strip() + (f", {rest.strip()}" if rest else "")
        return archive.strip(), {**empty, "file_designation": designation}
    return None


def _separators(part: str) -> list[tuple[int, int]]:
    """Spans of the separators between references in ``part``."""
    out, pos = [], 0
    words: _Runs | None = None
    named: _Named | None = None
    while (m := _SEPARATOR.search(part, pos)) is not None:
        if m["semi"] is None:
            q = m.end()
            if part.startswith("Archive of ", q) and "A" <= part[q + 11:q + 12] <= "Z":
                words = words or _Runs(_WORDS, part)
                end = words.end(q + 12)
                found = end > q + 12 and part[end:end + 1] == ","
            else:
                found = _ACRONYM.match(part, q) is not None
            if not found and "A" <= part[q:q + 1] <= "Z":
                named = named or _Named(part)
                found = named.at(q)
            if not found:
                pos = m.start() + 1
                continue
        out.append(m.span())
        pos = m.end()
    return out


class _Named:
    """An archive's full name with its abbreviation in brackets, then a comma or a colon
    (``Archive of the Foreign Policy of the Russian Federation (AVP RF),``), found from
    where it starts; the runs of name words and of bracket groups are found once."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.words = _Runs(_NAME_WORDS, part)
        self.brackets = _Runs(_BRACKET, part)

    def at(self, q: int) -> bool:
        """Whether such a name starts at ``q``."""
        end = self.words.end(q)
        if end == q or self.part[end:end + 1] != "(":
            return False
        close = self.brackets.end(end)
        return close > end and self.part[close:close + 1] in (",", ":")


_NAME_WORDS = re.compile(r"[\w' -]+")
_BRACKET = re.compile(r"\([^()]*\)")


class _Runs:
    """The maximal runs a pattern matches in a text, to ask where the run at ``i`` ends."""

    def __init__(self, rx: re.Pattern[str], text: str) -> None:
        runs = [(m.start(), m.end()) for m in rx.finditer(text)]
        self.starts = [a for a, _ in runs]
        self.ends = [b for _, b in runs]

    def end(self, i: int) -> int:
        """End of the run holding position ``i`` (``i`` if none does)."""
        k = bisect_right(self.starts, i) - 1
        return self.ends[k] if k >= 0 and self.ends[k] > i else i


def file_reference(ref: str) -> tuple[str, str, str | None] | None:
    r"""Archive, file and the rest of ``Archive, File [No.] X[, rest][ (note)]``.

    What ``^(?P<archive>[^,]+),\s*File(?:\s+No\.)?\s+(?P<file>[^,(]+?)(?:,\s*(?P<rest>.+?))?
    (?:\s*\([^)]*\))?$`` gives, in linear time (the pattern took time quadratic in a run of
    spaces or of brackets).

    >>> file_reference("PAAA, File No. B 12, vol. 3 (copy)")
    ('PAAA', 'B 12', 'vol. 3')
    """
    head = _FILE_HEAD.match(ref)
    if head is None:
        return None
    tail = _FileTail(ref)
    for first in (head.end("no"), head.start("no")) if head["no"] else (head.end(),):
        for w in range(space_after(ref, first), first, -1):  # the spaces given back one by one
            if (found := tail.read(w)) is not None:
                return head["archive"], *found
    return None


_FILE_HEAD = re.compile(r"(?P<archive>[^,]+),\s*File(?P<no>\s+No\.)?")


class _FileTail:
    r"""Where a file designation ends: ``(?:\s*\([^)]*\))?$`` matches at the end, and from
    the spaces before an opening bracket whose note closes the reference."""

    def __init__(self, ref: str) -> None:
        n = len(ref)
        self.ref, self.n = ref, n
        self.spaces: list[int] = []               # where the spaces before a closing note start
        self.notes: list[int] = []                # its opening bracket
        if ref.endswith(")"):
            g = ref.find("(", ref.rfind(")", 0, n - 1) + 1)
            while 0 <= g <= n - 2:
                self.spaces.append(space_before(ref, g))
                self.notes.append(g)
                g = ref.find("(", g + 1)
        self.marks = [m.start() for m in _MARK.finditer(ref)]

    def next_end(self, y: int) -> int:
        r"""The first position from ``y`` on where ``(?:\s*\([^)]*\))?$`` matches."""
        k = bisect_left(self.notes, y)
        return max(y, self.spaces[k]) if k < len(self.notes) else self.n

    def read(self, w: int) -> tuple[str, str | None] | None:
        """File and rest when the file starts at ``w``: ``[^,(]+?`` up to the first place
        the end may follow, else up to a comma and a rest, or up to a closing note."""
        ref, n = self.ref, self.n
        if w >= n or ref[w] in ",(":
            return None
        k = bisect_right(self.marks, w)
        c = self.marks[k] if k < len(self.marks) else n
        x = self.next_end(w + 1)
        if x < c or c == n:
            return ref[w:x], None
        if ref[c] == ",":
            if c + 1 >= n:
                return None
            r = space_after(ref, c + 1)
            r = n - 1 if r == n else r            # spaces alone: the last one is the rest
            return ref[w:c], ref[r:self.next_end(r + 1)]
        return (ref[w:c], None) if self.next_end(c) == c else None


_MARK = re.compile(r"[,(]")


def _archive_name(name: str) -> str:
    """The archive as cited: the abbreviation when the full name gives it in brackets.

    >>> _archive_name("Archive of the Foreign Policy of the Russian Federation (AVP RF)")
    'AVP RF'
    >>> _archive_name("APRF"), _archive_name("Archive (Moscow)")
    ('APRF', 'Archive (Moscow)')
    """
    if not name.endswith(")") or (g := name.rfind("(")) <= 0:
        return name
    abbr = name[g + 1:-1].strip()
    if 2 <= len(abbr) <= 12 and sum(ch.isupper() for ch in abbr) >= 2 and abbr[0].isupper():
        return abbr
    return name


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
    for start, end in _separators(part):
        pieces.append((pos, part[pos:start]))
        pos = end
    pieces.append((pos, part[pos:]))
    for start, ref in pieces:
        cut = _TAIL.search(ref)
        more_follows = cut is not None and cut.end() < len(ref)  # a reprint or a note follows
        if cut:
            ref = ref[:cut.start()]
        lead = len(ref) - len(ref.lstrip(" ,"))
        ref = ref.strip(" ,")
        start += lead
        found = _reference(ref) if ref else None
        if found is not None:
            archive, values = found
            span = Span(base + offset + start, base + offset + start + len(ref)) if base is not None else None
            out.append(ArchivalCitation(text=ref, archive=archive, span=span, **values))
        if more_follows and (found is not None or ref):
            break  # the rest is a reprint or a translator's note
    return tuple(out)


def _reference(ref: str) -> tuple[str, dict[str, str | None]] | None:
    """The archive and the fields of one reference, or None when it is none: fond, opis or
    delo (or folios under an archive's abbreviation: ``APRF, Listy 146-147``), or a
    Western-style reference (:func:`_generic`); a page of a book (``Qiang Zhai, China and
    the Vietnam Wars, 1950-1975 (Chapel Hill: ...), p. 81``) is not one."""
    values = {name: (hit[1] if (hit := rx.search(ref)) else None) for name, rx in FIELDS.items()}
    if not any(values.values()):
        return _generic(ref)
    archive = _archive_name(re.split(r"[,:]", ref, maxsplit=1)[0].strip())
    if any(rx.match(archive) for rx in FIELDS.values()):
        archive = ""
    if not (values["fond"] or values["opis"] or values["delo"]
            or (values["folios"] and _ACRONYM.match(archive + ","))):
        return None
    if values["folios"]:
        values["folios"] = _FOLIO_DASH.sub("-", values["folios"])
    return archive, values
