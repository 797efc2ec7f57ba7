"""Lines of a source text that remember where they stand in the file.

Every reader works on :class:`Line` objects: the stripped text of a line (or of
one cell of a line, where a telegram header puts several fields on one line
separated by runs of spaces), its 1-based line number, and the character offset
of its first character in the decoded file. A regular-expression match on a
line therefore gives a :class:`~kg.records.Span` into the file for free.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from kg.records import Span

__all__ = ["Line", "split_lines", "cells", "span_of", "paragraphs", "space_before", "space_after",
           "drop_brackets"]

_CELL_GAP = re.compile(r"\s{3,}|\t+")
_BRACKETED = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class Line:
    """A stripped line (or cell) with its line number and file offset.

    >>> line = Line(3, 10, "Sent by wire")
    >>> line.span(5, 7)
    Span(start=15, end=17)
    """

    n: int
    start: int
    text: str
    #: positions in ``text`` of characters printed twice in the file (``"`` inside a
    #: quoted CSV field is written ``""``); empty for plain text files.
    doubled: tuple[int, ...] = ()

    def offset(self, i: int) -> int:
        """File offset of ``text[i]``."""
        return self.start + i + bisect_left(self.doubled, i)

    @property
    def end(self) -> int:
        """Offset just past the last character."""
        return self.offset(len(self.text))

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """The file span of ``text[start:end]``."""
        end = len(self.text) if end is None else end
        return Span(self.offset(start), self.offset(end))

    def sub(self, start: int, end: int | None = None) -> Line:
        """The part ``text[start:end]`` as a line of its own (stripped)."""
        end = len(self.text) if end is None else end
        piece = self.text[start:end]
        lead = len(piece) - len(piece.lstrip())
        first = start + lead
        inside = self.doubled[bisect_left(self.doubled, first):bisect_left(self.doubled, end)]
        return Line(self.n, self.offset(first), piece.strip(), tuple(d - first for d in inside))


def span_of(line: Line, m: re.Match[str], group: int | str = 0) -> Span:
    """The file span of a match group on ``line``."""
    return line.span(m.start(group), m.end(group))


def split_lines(text: str) -> list[Line]:
    """Every line of ``text``, stripped, blank ones included (as empty text).

    >>> [(l.n, l.start, l.text) for l in split_lines("a\\n  b  \\n")]
    [(1, 0, 'a'), (2, 4, 'b')]
    """
    out = []
    offset = 0
    for n, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        lead = len(body) - len(body.lstrip())
        out.append(Line(n, offset + lead if stripped else offset, stripped))
        offset += len(raw)
    return out


def cells(line: Line) -> list[Line]:
    """Split a header line on runs of three or more spaces (or tabs) into cells.

    >>> [c.text for c in cells(Line(1, 0, "To NORTH KOREA   To RAZUVAEV   TOP PRIORITY"))]
    ['To NORTH KOREA', 'To RAZUVAEV', 'TOP PRIORITY']
    """
    out, pos = [], 0
    for m in _CELL_GAP.finditer(line.text):
        if m.start() > pos:
            out.append(line.sub(pos, m.start()))
        pos = m.end()
    if pos < len(line.text):
        out.append(line.sub(pos))
    return [c for c in out if c.text] or [line]


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Groups of consecutive non-blank lines."""
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


# -- linear-time scanning -------------------------------------------------------------------
# Patterns such as ``\s*\[[^\]]*\]`` or ``\[[^\]]*\]`` cost the regex engine time quadratic
# in a long run of spaces or of opening brackets (it tries every start in the run and scans
# to its end each time). These helpers give the same results in one pass.

def space_before(text: str, i: int, floor: int = 0) -> int:
    r"""Start of the run of whitespace (``\s``) that ends at ``i``, not before ``floor``.

    >>> space_before("ab   [", 5)
    2
    """
    while i > floor and text[i - 1].isspace():
        i -= 1
    return i


def space_after(text: str, i: int) -> int:
    r"""End of the run of whitespace (``\s``) that starts at ``i``.

    >>> space_after("ab   [", 2)
    5
    """
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def drop_brackets(text: str, spaces: bool = False) -> str:
    r"""``text`` less every ``[...]`` group: ``re.sub(r"\[[^\]]*\]", "", text)``, and with
    ``spaces`` ``re.sub(r"\s*\[[^\]]*\]\s*", "", text)``, in linear time.

    >>> drop_brackets("FILIPPOV [Stalin] x", spaces=True)
    'FILIPPOVx'
    >>> drop_brackets("a [[b] c [d")
    'a  c [d'
    """
    last = text.rfind("]")
    if last < 0:
        return text
    out, pos = [], 0
    # every "[" before the last "]" closes, so no start is tried twice
    for m in _BRACKETED.finditer(text, 0, last + 1):
        start, end = m.start(), m.end()
        if spaces:
            start, end = space_before(text, start, pos), space_after(text, end)
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)
