"""Distribution: who received copies of a text, and how many copies were made.

``Distribution list - 11 copies: Stalin - 2, ...``, ``Copies: Stalin (2), Molotov``,
``Copies to comrades Khrushchev (2), Bulganin``, ``Distributed to comrades: ...``,
``Copy Nº 1 to Cde. Stalin``, ``copies NºNº 1-2 to Cde. Poskrebyshev``, a list in columns
(``Khrushchev – 1`` or ``Kozlov .......... 1``, one a line), and the totals ``Three copies
made``, ``Printed in 7 copies``, ``7 copies`` and a bare ``Copies: 2``. No count means one
copy; files, departments and ``Copy`` are not recipients.
"""

from __future__ import annotations

import re

from kg.records import DistributionEntry, NameRef, Span
from kg.sources.body.facts import Accumulator
from kg.sources.limits import check_count
from kg.sources.text import Line, cells, space_before, span_of

__all__ = ["COPIES_MADE", "DISTRIBUTION", "column", "column_entry", "copies_made", "copy_lines",
           "copy_note", "distribution", "entry_count", "is_column"]

# "Copies to comrades ...", "Distributed to Cdes.: ...", "Distribute to comrades: ...", "Copies to:":
# a list of copies sent to people (the comrades, or the colon, say a list follows)
_TO_COMRADES = r"(?:Copies|Distributed?)\s+to(?:\s+(?:comrades?|cdes?)\b\.?\s*:?|\s*:)"
DISTRIBUTION = re.compile(rf"^(?:(?:Distribution(?: list)?|Copies)\b\s*(?:[-–:]|\()|{_TO_COMRADES})",
                          re.IGNORECASE)
_DISTRIBUTION_HEAD = re.compile(rf"^(?:{_TO_COMRADES}|(?:Distribution(?: list)?|Copies)\b\s*)", re.I)
# (``\s*(?:[-–]\s*)?`` where ``\s*[-–]?\s*`` took time quadratic in a run of spaces)
_COPY_LINE = re.compile(
    r"^cop(?:y|ies)\s+(?:N[º°o]\.?){1,2}\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?\s*(?:[-–]\s*)?to\s+"
    r"(?P<who>.+?)\.?$",
    re.IGNORECASE)
# the same with a dash for "to": "Copy Nº 1 - Cde. Stalin"
_COPY_DASH = re.compile(r"^cop(?:y|ies)\s+(?:N[º°o]\.?){1,2}\s*(?P<a>\d+)\s*[-–]\s*(?P<who>[^\W\d_].*?)\.?$",
                        re.IGNORECASE)
# a numbered copy line at the foot: "1 - Cde. Khrushchev N.S.", "2 - to Cde. Stalin", "3 - file"
_NUMBERED_COPY = re.compile(r"^(?P<n>\d{1,2})\s*[-–]\s*(?:to\s+)?(?P<who>[^\W\d_].*?)\.?$")
# a count before "copies"; the look-behinds let a run of digits or letters be tried once
_DECLARED = re.compile(r"((?<!\d)\d+|(?<![a-z])[a-z]+)\s+cop(?:y|ies)", re.IGNORECASE)
COPIES_MADE = re.compile(r"^(?P<n>\d+|[A-Za-z]+)\s+cop(?:y|ies)\s+(?:made|printed|typed)\b", re.IGNORECASE)
# a line that states the total alone: "7 copies", "Printed in 7 copies.", "Typed in three copies"
# ("Printed 8 copies", "Printed 3 copies:" over the copies, "Two copies.")
_COPIES_LINE = re.compile(
    r"^(?:(?:printed|typed|made)\s+(?:in\s+)?)?(?P<n>\d+|[A-Za-z]+)\s+cop(?:y|ies)[.:]?$", re.IGNORECASE)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
# between the names of a list: a comma, or "and" ("Khrushchev, Bulganin and Suslov"); a run of
# spaces is tried from its first space only
_LIST_SEP = re.compile(r",|(?<!\s)\s+and\s+")
_NOT_A_RECIPIENT = re.compile(r"(?i)\b(?:file|copy|department|directorate|archive|office)\b|^the\b")


def _count(word: str) -> int | None:
    """``11`` or ``three`` as a number (None for other words)."""
    word = word.lower()
    return int(word) if word.isdigit() else _WORD_NUMBERS.get(word)


def distribution(content: list[Line], i: int, acc: Accumulator) -> int:
    """Read a distribution list starting at ``content[i]``; continuation lines follow a
    trailing comma, and a heading with nothing after it heads a list in columns. A bare
    number (``Copies: 2``) is the number of copies made, with no one named. Returns the next
    index."""
    parts = []
    j = i
    while j < len(content):
        parts.append(content[j])
        j += 1
        if not content[j - 1].text.rstrip().endswith(","):
            break
    head = parts[0]
    check_count("the distribution list", sum(line.text.count(",") + 1 for line in parts), head.n)
    start = _list_start(head.text)
    listed = head.text[start:].strip().rstrip(".").strip()
    if m := _DECLARED.search(head.text):
        if total := _count(m[1]):
            acc.total = total
            acc.evidence.append(("declared_copies", span_of(head, m)))
        if not head.text[m.end():].strip(" .:"):
            listed = ""                                    # "Distribution list - 11 copies" over the names
    if len(parts) == 1 and (total := _count(listed)):      # "Copies: 2"
        if acc.total is None:
            acc.total = total
            acc.evidence.append(("declared_copies", head.span()))
        return j
    if len(parts) == 1 and not listed:                     # "Distribution:" over a column
        return column(content, j, acc, headed=True)
    for k, line in enumerate(parts):
        pos = start if k == 0 else 0
        for sep in _LIST_SEP.finditer(line.text, pos):
            _entry(line.sub(pos, sep.start()), acc)
            pos = sep.end()
        _entry(line.sub(pos), acc)
    return j


def _list_start(text: str) -> int:
    """Where the names of a list's first line start: after the first colon, else after
    the heading (``Copies to comrades Khrushchev (2), ...``)."""
    if ":" in text:
        return text.index(":") + 1
    lead = _DISTRIBUTION_HEAD.match(text)
    return lead.end() if lead else 0


# the number of a copy before its recipient: "Copies: 1 - Cde. Fedorenko, 2 - file"
_COPY_NUMBER = re.compile(r"\d{1,2}\s*[-–—.)]\s*(?=[^\W\d_])")


def _entry(piece: Line, acc: Accumulator) -> None:
    """``Stalin - 2``, ``Stalin (2)`` or ``Molotov`` (one copy); ``1 - Cde. Fedorenko`` is
    copy number 1 sent to Fedorenko (one copy)."""
    if lead := _COPY_NUMBER.match(piece.text):
        piece = piece.sub(lead.end())
    text = piece.text.rstrip(".").strip()
    if not text:
        return
    end, count = entry_count(text)
    _add(piece, end, count, len(text), acc)


def _add(line: Line, end: int, count: str | None, length: int, acc: Accumulator) -> None:
    """An entry named by ``line.text[:end]``, unless it names a file or an office."""
    name = line.text[:end]
    if _NOT_A_RECIPIENT.search(name):
        return
    ref = NameRef(name.strip(), line.n, span=line.span(0, end))
    acc.entries.append(DistributionEntry(ref, int(count or 1), line.n, span=line.span(0, length)))


def is_column(content: list[Line], i: int) -> bool:
    """Whether a list in columns starts at ``content[i]``: it and the line right below it
    (no blank line between) are each a name and a count of copies, at most ten
    (``Khrushchev – 1``; ``Tanks – 120`` is a table of something else)."""
    if i + 1 >= len(content) or content[i + 1].n != content[i].n + 1:
        return False
    return all((e := column_entry(content[k].text)) is not None and e[1] is not None
               and int(e[1]) <= _MOST_COPIES for k in (i, i + 1))


_MOST_COPIES = 10


def column(content: list[Line], i: int, acc: Accumulator, headed: bool = False) -> int:
    """Read a list in columns from ``content[i]``: one entry a line while the lines follow
    one another, each a name with a count after dashes or dot leaders (``Khrushchev – 1``,
    ``Kozlov .......... 1``), or under a heading a bare name. Returns the next index."""
    j = i
    last = content[i - 1].n if headed and i > 0 else None
    while j < len(content) and (last is None or content[j].n == last + 1):
        line = content[j]
        if (entry := column_entry(line.text, bare=headed)) is not None:
            _add(line, entry[0], entry[1], len(line.text), acc)
        elif headed and (chunks := _names(line)):
            for piece, end, count in chunks:
                _add(piece, end, count, len(piece.text), acc)
        else:
            break
        check_count("the distribution list", len(acc.entries), line.n)
        last = line.n
        j += 1
    return j


def column_entry(text: str, bare: bool = False) -> tuple[int, str | None] | None:
    """The end of the name and the count of one line of a list in columns, or None.

    The count follows dashes or dot leaders; with ``bare`` a name alone is an entry of one
    copy. A name is at most four words of letters (initials and hyphens allowed) and starts
    with a capital. Read from the end in one pass.

    >>> column_entry("Kozlov .......... 1"), column_entry("Khrushchev – 2")
    ((6, '1'), (10, '2'))
    >>> column_entry("7 copies"), column_entry("Molotov"), column_entry("Molotov", bare=True)
    (None, None, (7, None))
    """
    end, count = entry_count(text) if text else (0, None)
    if count is None and (leader := _leader_count(text)) is not None:
        end, count = leader
    if count is None and not bare:
        return None
    name = text[:end]
    if not name or not name[0].isupper() or len(name.split()) > 4 \
            or not all(ch.isalpha() or ch in " .'’-" for ch in name):
        return None
    return end, count


def _leader_count(text: str) -> tuple[int, str] | None:
    """The end of the name and the count after dot leaders or dashes (``Kozlov ...... 1``)."""
    k = len(text)
    while k > 0 and text[k - 1].isdecimal():
        k -= 1
    if k == len(text):
        return None
    sep = space_before(text, k)
    w = sep
    while w > 0 and text[w - 1] in "-–—.…":
        w -= 1
    if w == sep:
        return None                                    # a number with no leader before it
    return space_before(text, w), text[k:]


def _names(line: Line) -> list[tuple[Line, int, str | None]] | None:
    """The entries of a line of names under a heading (``Stalin - 2, Molotov``): each a
    name, or None when one part is no name (a sentence of the text)."""
    out = []
    pos = 0
    for sep in [*_LIST_SEP.finditer(line.text), None]:
        piece = line.sub(pos, sep.start() if sep else None)
        pos = sep.end() if sep else pos
        text = piece.text.rstrip(".").strip()
        if not text:
            continue
        if (entry := column_entry(text, bare=True)) is None:
            return None
        out.append((piece, *entry))
    return out or None


def entry_count(text: str) -> tuple[int, str | None]:
    r"""A distribution entry's name (``text[:end]``) and its count as printed, if any.

    What ``^(?P<name>.+?)\s*(?:[-–—]\s*(?P<a>\d+)|\((?P<b>\d+)\))?$`` gives on a non-empty
    ``text``, in linear time (the pattern took quadratic time in a run of spaces).

    >>> entry_count("Stalin - 2"), entry_count("Stalin (2)"), entry_count("Molotov")
    ((6, '2'), (6, '2'), (7, None))
    """
    n = len(text)
    found: list[tuple[int, str | None]] = [(max(1, len(text.rstrip())), None)]  # up to trailing spaces
    digits = n
    while digits > 0 and text[digits - 1].isdecimal():
        digits -= 1
    if digits < n:                                     # "- 2"
        dash = space_before(text, digits) - 1
        if dash >= 0 and text[dash] in "-–—" and (end := max(1, space_before(text, dash))) <= dash:
            found.append((end, text[digits:]))
    if n > 2 and text[-1] == ")":                      # "(2)"
        digits = n - 1
        while digits > 0 and text[digits - 1].isdecimal():
            digits -= 1
        paren = digits - 1
        if digits < n - 1 and paren >= 0 and text[paren] == "(" \
                and (end := max(1, space_before(text, paren))) <= paren:
            found.append((end, text[digits:n - 1]))
    return min(found, key=lambda f: f[0])


def copy_note(text: str) -> bool:
    """Whether a line speaks of copies (a list, a copy line, a total): such lines may
    follow a signature."""
    return any(p.match(text) for p in (DISTRIBUTION, COPIES_MADE, _COPIES_LINE, _COPY_LINE, _COPY_DASH,
                                       _NUMBERED_COPY))


def copy_lines(content: list[Line], acc: Accumulator) -> None:
    """``Copy Nº 1 to Cde. Stalin`` lines, and runs of numbered copy lines (``1 - Cde.
    Khrushchev N.S.`` / ``2 - to Cde. Stalin`` / ``3 - file``, numbered from 1, one copy each):
    one entry per recipient, copies counted."""
    counts: dict[str, tuple[int, NameRef, Span]] = {}
    found = 0
    for cell, m, n in _copy_cells(content):
        found += 1
        check_count("the list of copies", found, cell.n)
        who = m["who"].strip()
        if _NOT_A_RECIPIENT.search(who):
            continue
        key = who.casefold()
        ref = NameRef(who, cell.n, span=span_of(cell, m, "who"))
        old = counts.get(key)
        counts[key] = ((old[0] if old else 0) + n, old[1] if old else ref,
                       old[2] if old else cell.span())
    for n, ref, span in counts.values():
        acc.entries.append(DistributionEntry(ref, n, ref.line, span=span))


def _copy_cells(content: list[Line]) -> list[tuple[Line, re.Match[str], int]]:
    """The copy lines of a text: each cell, its match and its number of copies."""
    out: list[tuple[Line, re.Match[str], int]] = []
    run: list[tuple[Line, re.Match[str], int]] = []
    for line in content:
        numbered = _NUMBERED_COPY.match(line.text)
        if numbered and int(numbered["n"]) == len(run) + 1:
            run.append((line, numbered, 1))
            continue
        out += run if len(run) > 1 else []             # one numbered line alone is no list
        run = [(line, numbered, 1)] if numbered and numbered["n"] == "1" else []
        for cell in cells(line):
            if m := _COPY_LINE.match(cell.text) or _COPY_DASH.match(cell.text):
                b = m.groupdict().get("b")
                out.append((cell, m, int(b) - int(m["a"]) + 1 if b else 1))
    return out + (run if len(run) > 1 else [])


def copies_made(content: list[Line], acc: Accumulator) -> None:
    """``Three copies made``, ``Printed in 7 copies``, ``7 copies``: the number of copies,
    unless a distribution list gave it."""
    for line in content:
        if acc.total is None and (m := COPIES_MADE.match(line.text) or _COPIES_LINE.match(line.text)):
            if total := _count(m["n"]):
                acc.total = total
                acc.evidence.append(("declared_copies", span_of(line, m)))
