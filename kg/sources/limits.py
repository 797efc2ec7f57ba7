"""How much one input may hold: the readers' limits, in one place.

Every pattern the readers use runs in time linear in its input, so these limits do not keep
a run from hanging; they keep one absurd record from costing the build its memory and time
further on (a distribution list of 30,000 names makes 30,000 agents to resolve and map). A
record over a limit is refused with a :class:`~kg.errors.SourceError` naming the file, the
place and the limit; the other records of the file and of the batch are still read.

``MAX_LINE_CHARS``
    characters in one line of a text record, in one line of a CSV field, and in the head,
    source note or dateline of a FRUS document (the longest line of the shared corpus has
    3,533 characters);
``MAX_LIST_ITEMS``
    entries in one list: a distribution list, the ``Copy No.`` lines of a text, numbered
    requests and their quantities, the people present, transmission steps, archival
    references, the parties of one title clause (and each role, number and place list of a
    title), the participants of a FRUS document (the longest list of the shared corpus has
    56 entries, the participants of a FRUS conversation).

The limits are documented in ``docs/sources.md``.
"""

from __future__ import annotations

from kg.errors import SourceError

__all__ = ["MAX_LINE_CHARS", "MAX_LIST_ITEMS", "check_count", "check_lines", "line_too_long"]

MAX_LINE_CHARS = 100_000
MAX_LIST_ITEMS = 1_000


def line_too_long(file: str, where: str, length: int, what: str | None = None) -> SourceError:
    """The error for ``what`` (by default the line at ``where``, ``"line 12"``), ``length``
    characters long.

    >>> str(line_too_long("a.txt", "line 12", 1_048_576))
    'a.txt:line 12: line 12 is 1,048,576 characters long; the limit is 100,000'
    >>> str(line_too_long("a.csv", "row 3, field title", 200_000, "line 1 of field title"))
    'a.csv:row 3, field title: line 1 of field title is 200,000 characters long; the limit is 100,000'
    """
    return SourceError(file, f"{what or where} is {length:,} characters long; "
                       f"the limit is {MAX_LINE_CHARS:,}", where)


def check_lines(text: str, file: str, first_line: int = 1) -> None:
    """Refuse ``text`` if one of its lines (as :meth:`str.splitlines` cuts them, and as
    :func:`kg.sources.text.split_lines` numbers them) is longer than :data:`MAX_LINE_CHARS`.

    Raises:
        SourceError: naming the file, the line and the limit.
    """
    if len(text) <= MAX_LINE_CHARS:
        return
    for n, line in enumerate(text.splitlines(), start=first_line):
        if len(line) > MAX_LINE_CHARS:
            raise line_too_long(file, f"line {n}", len(line))


def check_count(what: str, count: int, line: int | None = None) -> None:
    """Refuse a list of ``count`` entries (``what`` says which list) over :data:`MAX_LIST_ITEMS`.

    The parsers of titles and bodies do not know the file they read, so the error names none;
    the reader that called them names the file (:func:`kg.sources.wilson.named`).

    >>> check_count("the distribution list", 30_000, 12)
    Traceback (most recent call last):
    ...
    kg.errors.SourceError: :line 12: the distribution list has 30,000 entries; the limit is 1,000
    """
    if count > MAX_LIST_ITEMS:
        raise SourceError("", f"{what} has {count:,} entries; the limit is {MAX_LIST_ITEMS:,}",
                          f"line {line}" if line is not None else None)
