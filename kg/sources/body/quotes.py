"""A message transmitted in quotes inside a text ("I herewith transmit a letter from ...").

The quoted block is found (:func:`find_quote`), and its first and last lines give the
embedded message's salutation and signature (:func:`embedded`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.records import NameRef, Span
from kg.sources.body.facts import Embedded
from kg.sources.body.people import CLOSING, LETTER_SPACED, SIGNATURE, cover_or_name, spelt
from kg.sources.body.scan import trailing_caps
from kg.sources.text import Line

__all__ = ["Transmit", "embedded", "find_quote", "find_transmit", "unquote"]

_VERB = re.compile(r"\b(?:transmit|transmitting|convey|conveying|forward|forwarding|relay|relaying|"
                   r"enclose|pass)\b", re.IGNORECASE)
_KIND = re.compile(r"\b(?P<kind>letter|message|telegram|note|answer)\b", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Transmit:
    """A line announcing a transmitted message: its kind word and, after "from", its sender
    (``who`` from ``text[start:end]``), if printed."""

    kind: str
    who: str | None = None
    start: int = -1
    end: int = -1


def find_transmit(text: str) -> Transmit | None:
    """The transmitted message a line announces ("I herewith transmit a letter from X:").

    The result of the pattern
    ``\b(?:transmit|...|pass)\b.*?\b(?P<kind>letter|...|answer)\b(?:.*?\bfrom\\s+(?P<who>[^:]+?))?:?\\s*$``
    (case ignored) on one line, found in linear time: that pattern took time growing as the
    cube of the line's length (a 32 KB line took two minutes).

    >>> t = find_transmit("I herewith transmit a letter from Kim Il Sung:")
    >>> t.kind, t.who
    ('letter', 'Kim Il Sung')
    >>> find_transmit("we forward the letter to you today") is None
    True
    """
    verb = _VERB.search(text)
    if verb is None:  # a later verb can only see fewer kind words than the first one
        return None
    tail = _Tail(text)
    senders = [(m.start(), who) for m in _FROM.finditer(text, verb.end())
               if (who := tail.who(m.start() + 4, m.end())) is not None]
    k = 0
    for kind in _KIND.finditer(text, verb.end()):
        while k < len(senders) and senders[k][0] < kind.end():
            k += 1
        if k < len(senders):
            start, end = senders[k][1]
            return Transmit(kind["kind"], text[start:end], start, end)
        if tail.ends_at(kind.end()):
            return Transmit(kind["kind"])
    return None


class _Tail:
    r"""Where a line may end for :func:`find_transmit`: ``:?\s*$``, and a sender's name
    (``[^:]+?``) before it."""

    def __init__(self, text: str) -> None:
        self.n = len(text)
        self.t = len(text.rstrip())                 # the trailing whitespace starts here
        self.colon = self.t > 0 and text[self.t - 1] == ":"
        self.last_colon = text.rfind(":", 0, self.t)           # the last colon of the line
        self.inner_colon = text.rfind(":", 0, self.t - 1) if self.colon else self.last_colon

    def ends_at(self, i: int) -> bool:
        r"""Whether ``:?\s*$`` matches at ``i``."""
        return i >= self.t or (self.colon and i == self.t - 1)

    def who(self, first: int, end: int) -> tuple[int, int] | None:
        r"""The sender after ``from\s+`` (whitespace from ``first`` to ``end``): the span of
        ``(?P<who>[^:]+?):?\s*$``, the whitespace given back one character if need be."""
        found = self._who_at(end)
        if found is None and end - 1 > first:
            found = self._who_at(end - 1)
        return found

    def _who_at(self, w: int) -> tuple[int, int] | None:
        if self.colon and self.t - 1 > w:          # the name stops before the final colon
            return (w, self.t - 1) if self.inner_colon < w else None
        x = max(self.t, w + 1)
        return (w, x) if x <= self.n and self.last_colon < w else None


def unquote(line: Line) -> Line:
    """The line without its opening and closing quotation marks."""
    text = line.text
    lead = len(text) - len(text.lstrip("\"“"))
    return Line(line.n, line.start + lead, text[lead:].rstrip("\"”").strip())


def find_quote(content: list[Line]) -> tuple[int, int] | None:
    """Indexes of the first and last line of the first quoted block."""
    for i, line in enumerate(content):
        if line.text.startswith(("\"", "“")):
            for j in range(i, len(content)):
                text = content[j].text.rstrip(".")
                if (j > i or len(text) > 1) and text.endswith(("\"", "”")):
                    return i, j
            return None
    return None


def embedded(kind: str, sender: NameRef | None, lines: list[Line]) -> Embedded:
    """The quoted message of ``lines``: its salutation and its signature (no requests yet)."""
    first = unquote(lines[0])
    salutation = None
    evidence: list[tuple[str, Span]] = []
    if first.text.endswith((",", "!")) and len(first.text) < 80:
        salutation = first.text.rstrip(",!.").strip()
        evidence.append((f"addressed:{salutation}", first.span(0, len(salutation))))
    signatures = []
    last = unquote(lines[-1])
    name = _signed_name(last.text.rstrip(".").rstrip("\"”").strip())
    if name:
        signatures.append(cover_or_name(spelt(name)))
        at = last.text.find(name)
        if at >= 0:
            evidence.append((f"signed:{signatures[-1]}", last.span(at, at + len(name))))
    return Embedded(kind=kind, sender=sender, salutation=salutation,
                    signatures=tuple(signatures), requests=(), evidence=tuple(evidence))


def _signed_name(text: str) -> str | None:
    """The name the last quoted line is signed with: after a closing, a signature line or
    a trailing run of capitals."""
    if m := CLOSING.match(text):
        return m["who"].strip() if m["who"] else None
    if (m := SIGNATURE.match(text)) or (m := LETTER_SPACED.match(text)):
        return m["name"]
    if (start := trailing_caps(text)) is not None:
        return text[start:].strip()
    return None
