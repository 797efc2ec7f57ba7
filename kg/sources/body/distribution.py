"""Distribution: who received copies of a text, and how many copies were made.

``Distribution list - 11 copies: Stalin - 2, ...``, ``Copies: Stalin (2), Molotov``,
``Copy Nº 1 to Cde. Stalin``, ``copies NºNº 1-2 to Cde. Poskrebyshev``, ``Three copies
made``. No count means one copy; files, departments and ``Copy`` are not recipients.
"""

from __future__ import annotations

import re

from kg.records import DistributionEntry, NameRef, Span
from kg.sources.body.facts import Accumulator
from kg.sources.limits import check_count
from kg.sources.text import Line, cells, space_before, span_of

__all__ = ["COPIES_MADE", "DISTRIBUTION", "copies_made", "copy_lines", "distribution", "entry_count"]

DISTRIBUTION = re.compile(r"^(?:Distribution(?: list)?|Copies)\b\s*(?:[-–:]|\()", re.IGNORECASE)
_DISTRIBUTION_HEAD = re.compile(r"^(?:Distribution(?: list)?|Copies)\b\s*", re.I)
# (``\s*(?:[-–]\s*)?`` where ``\s*[-–]?\s*`` took time quadratic in a run of spaces)
_COPY_LINE = re.compile(
    r"^cop(?:y|ies)\s+(?:N[º°o]\.?){1,2}\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?\s*(?:[-–]\s*)?to\s+"
    r"(?P<who>.+?)\.?$",
    re.IGNORECASE)
# a count before "copies"; the look-behinds let a run of digits or letters be tried once
_DECLARED = re.compile(r"((?<!\d)\d+|(?<![a-z])[a-z]+)\s+cop(?:y|ies)", re.IGNORECASE)
COPIES_MADE = re.compile(r"^(?P<n>\d+|[A-Za-z]+)\s+cop(?:y|ies)\s+(?:made|printed|typed)\b", re.IGNORECASE)
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_NOT_A_RECIPIENT = re.compile(r"(?i)\b(?:file|copy|department|directorate|archive|office)\b|^the\b")


def _count(word: str) -> int | None:
    """``11`` or ``three`` as a number (None for other words)."""
    word = word.lower()
    return int(word) if word.isdigit() else _WORD_NUMBERS.get(word)


def distribution(content: list[Line], i: int, acc: Accumulator) -> int:
    """Read a distribution list starting at ``content[i]``; continuation lines follow a
    trailing comma. Returns the next index."""
    parts = []
    j = i
    while j < len(content):
        parts.append(content[j])
        j += 1
        if not content[j - 1].text.rstrip().endswith(","):
            break
    head = parts[0]
    check_count("the distribution list", sum(line.text.count(",") + 1 for line in parts), head.n)
    if m := _DECLARED.search(head.text):
        if total := _count(m[1]):
            acc.total = total
            acc.evidence.append(("declared_copies", span_of(head, m)))
    for k, line in enumerate(parts):
        start = line.text.index(":") + 1 if k == 0 and ":" in line.text else 0
        if k == 0 and start == 0 and (lead := _DISTRIBUTION_HEAD.match(line.text)):
            start = lead.end()
        pos = start
        for chunk in line.text[start:].split(","):
            piece = line.sub(pos, pos + len(chunk))
            pos += len(chunk) + 1
            _entry(piece, acc)
    return j


def _entry(piece: Line, acc: Accumulator) -> None:
    """``Stalin - 2``, ``Stalin (2)`` or ``Molotov`` (one copy)."""
    text = piece.text.rstrip(".").strip()
    if not text:
        return
    end, count = entry_count(text)
    name = text[:end]
    if _NOT_A_RECIPIENT.search(name):
        return
    ref = NameRef(name.strip(), piece.n, span=piece.span(0, end))
    acc.entries.append(DistributionEntry(ref, int(count or 1), piece.n, span=piece.span(0, len(text))))


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


def copy_lines(content: list[Line], acc: Accumulator) -> None:
    """``Copy Nº 1 to Cde. Stalin`` lines: one entry per recipient, copies counted."""
    counts: dict[str, tuple[int, NameRef, Span]] = {}
    found = 0
    for line in content:
        for cell in cells(line):
            if m := _COPY_LINE.match(cell.text):
                found += 1
                check_count("the list of copies", found, cell.n)
                who = m["who"].strip()
                if _NOT_A_RECIPIENT.search(who):
                    continue
                n = int(m["b"]) - int(m["a"]) + 1 if m["b"] else 1
                key = who.casefold()
                ref = NameRef(who, cell.n, span=span_of(cell, m, "who"))
                old = counts.get(key)
                counts[key] = ((old[0] if old else 0) + n, old[1] if old else ref,
                               old[2] if old else cell.span())
    for n, ref, span in counts.values():
        acc.entries.append(DistributionEntry(ref, n, ref.line, span=span))


def copies_made(content: list[Line], acc: Accumulator) -> None:
    """``Three copies made``: the number of copies, unless a distribution list gave it."""
    for line in content:
        if acc.total is None and (m := COPIES_MADE.match(line.text)):
            if total := _count(m["n"]):
                acc.total = total
                acc.evidence.append(("declared_copies", span_of(line, m)))
