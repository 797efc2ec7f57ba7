"""A message transmitted in quotes inside a text ("I herewith transmit a letter from ...").

The quoted block is found (:func:`find_quote`), and its first and last lines give the
embedded message's salutation and signature (:func:`embedded`).
"""

from __future__ import annotations

import re

from kg.records import NameRef, Span
from kg.sources.body.facts import Embedded
from kg.sources.body.people import CLOSING, LETTER_SPACED, SIGNATURE, TRAILING_CAPS, cover_or_name
from kg.sources.text import Line

__all__ = ["TRANSMIT", "embedded", "find_quote", "unquote"]

TRANSMIT = re.compile(
    r"\b(?:transmit|transmitting|convey|conveying|forward|forwarding|relay|relaying|enclose|pass)\b.*?"
    r"\b(?P<kind>letter|message|telegram|note|answer)\b(?:.*?\bfrom\s+(?P<who>[^:]+?))?:?\s*$",
    re.IGNORECASE)


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
        signatures.append(cover_or_name(name))
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
    if m := TRAILING_CAPS.search(text):
        return m["name"].strip()
    return None
