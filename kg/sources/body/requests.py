"""Requests in a text: numbered items after a line that asks, and the quantities they name.

``We therefore ask:`` / ``1. to send 200-300 pilots from among ...``: each item is a
:class:`~kg.records.Request` with its number, its quantities (``1,000 tankists``,
``200-300 pilots``, ``100,000 rounds of ammunition``) and the pool recruits come from.
"""

from __future__ import annotations

import re

from kg.normalize import MONTHS
from kg.records import Quantity, Request, Span
from kg.sources.limits import check_count
from kg.sources.text import Line

__all__ = ["parse_quantities", "requests"]

_NUMBERED = re.compile(r"^(?:(?P<a>\d{1,2})[.)]|\((?P<b>\d{1,2})\))\s+(?P<text>.+)$")
_ASKING = re.compile(r"\b(?:request|requests|ask|asks|beg|plead|appeal|need|needs|orders?|want)\b",
                     re.IGNORECASE)
_QUANTITY = re.compile(
    r"(?<![\w/.,])(?P<low>\d{1,3}(?:,\d{3})+|\d+)(?:\s*[-–]\s*(?P<high>\d{1,3}(?:,\d{3})+|\d+))?"
    r"\s+(?P<unit>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,4})")
_UNIT_STOP = {"from", "and", "or", "to", "for", "in", "among", "at", "by", "with", "who",
              "which", "that", "per", "each", "the", "a", "an", "as", "on", "into", "be", "you",
              "we", "our", "your", "their", "his", "its", "between", "before", "after"}
_NOT_UNITS = set(MONTHS) | {"year", "years", "hours", "hour", "minutes", "minute", "copies", "copy",
                            "days", "day", "percent", "o"}


def requests(content: list[Line]) -> tuple[Request, ...]:
    """Numbered items introduced by a line that asks (``I request:``, ``We therefore ask:``)."""
    out: list[Request] = []
    asking = False
    for line in content:
        m = _NUMBERED.match(line.text)
        if m and asking:
            text = m["text"].strip()
            at = m.start("text")
            quantities = parse_quantities(text, line.start + at)
            check_count("the list of quantities of a request", len(quantities), line.n)
            out.append(Request(
                number=int(m["a"] or m["b"]), text=text, line=line.n,
                quantities=quantities,
                recruitment_pool=_pool(text),
                span=line.span(),
            ))
            check_count("the list of requests", len(out), line.n)
        elif not m:
            asking = bool(line.text.rstrip().endswith(":") and _ASKING.search(line.text))
    return tuple(out)


def _pool(text: str) -> str | None:
    m = re.search(r"\bfrom among\s+(?P<pool>[^.;]+)", text, re.IGNORECASE)
    return m["pool"].strip() if m else None


def parse_quantities(text: str, base: int | None = None) -> tuple[Quantity, ...]:
    """Numbers attached to requested things.

    >>> [(q.low, q.high, q.unit) for q in parse_quantities(
    ...     "the training of 1,000 tankists, 2,000 pilots, and 500 radio operators from among")]
    [(1000, 1000, 'tankists'), (2000, 2000, 'pilots'), (500, 500, 'radio operators')]
    >>> [(q.low, q.high, q.unit) for q in parse_quantities("training of 200-300 pilots from")]
    [(200, 300, 'pilots')]
    >>> [q.unit for q in parse_quantities("together with 100,000 rounds of ammunition (the order")]
    ['rounds of ammunition']
    """
    out = []
    for m in _QUANTITY.finditer(text):
        words: list[str] = []
        for word in m["unit"].split():
            if word in _UNIT_STOP:
                break
            words.append(word)
        while words and words[-1] == "of":
            words.pop()
        if not words or words[0] in _NOT_UNITS:
            continue
        low = int(m["low"].replace(",", ""))
        high = int(m["high"].replace(",", "")) if m["high"] else low
        unit = " ".join(words)
        end = m.start("unit") + len(unit)
        span = Span(base + m.start(), base + end) if base is not None else None
        out.append(Quantity(low, high, unit, text[m.start():end], span=span))
    return tuple(out)
