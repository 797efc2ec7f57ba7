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
from kg.sources.text import Line, space_before

__all__ = ["parse_quantities", "requests"]

_NUMBERED = re.compile(r"^(?:(?P<a>\d{1,2})[.)]|\((?P<b>\d{1,2})\))\s+(?P<text>.+)$")
# "orders" asks only as a noun ("we list our orders again:"); "the Command orders:" commands
_ASKING = re.compile(r"\b(?:request|requests|ask|asks|beg|plead|appeal|need|needs|want)\b"
                     r"|\b(?:our|my|the|these|following)\s+orders?\b", re.IGNORECASE)
# a request named, not made: a noun after a determiner with its complement ("In connection
# with the request of the Government of the DPRK, ...", "your appeal for help")
_MENTION = re.compile(r"\b(?:the|this|that|these|those|your|his|her|their|its|a|an)\s+"
                      r"(?:request|requests|appeal|appeals|need|needs)\s+(?:of|for|from|by)\b"
                      # someone else's request answered: "In reply to your request, we inform you:",
                      # "Concerning Kim Il Sung's request we advise:" (the writer's own, "our
                      # request", still asks)
                      r"|\b(?:your|his|her|their|its|\w+['’]s)\s+(?:request|requests|appeal|appeals)\b",
                      re.IGNORECASE)
# the unit's first words may be capitalised ("150 Korean students", "20 State Bank specialists")
# or a model's designation ("60 T-34 tanks", "40 MiG-15 fighters"), whose number is no quantity
_WORD = r"(?:[A-Z][A-Za-z]{0,2}-\d+[A-Za-z]*|[A-Za-z][a-z-]*)"
_QUANTITY = re.compile(
    r"(?<![\w/.,])(?<![A-Za-z]-)(?P<low>\d{1,3}(?:,\d{3})+|\d+)(?:\s*[-–]\s*(?P<high>\d{1,3}(?:,\d{3})+|\d+))?"
    rf"\s+(?P<unit>{_WORD}(?:\s+{_WORD}){{0,6}})")
# words that end a unit: prepositions, articles, pronouns, conjunctions and verbs
# ("20,000 tons of coke above the agreed plan", "500 automobiles against the credit")
_UNIT_STOP = {"from", "and", "or", "to", "for", "in", "among", "at", "by", "with", "who",
              "which", "that", "per", "each", "the", "a", "an", "as", "on", "into", "be", "you",
              "we", "our", "your", "their", "his", "its", "between", "before", "after", "above",
              "below", "over", "under", "against", "beyond", "within", "without", "than", "until",
              "till", "during", "through", "via", "across", "along", "around", "about", "since",
              "towards", "toward", "upon", "besides", "except", "including", "instead", "not",
              "is", "are", "was", "were", "will", "shall", "should", "would", "can", "could",
              "may", "might", "must", "have", "has", "had", "this", "these", "those", "it",
              "them", "us", "all", "so", "but", "if", "now", "already", "still", "more", "less", "next",
              "last", "every", "soon", "immediately", "urgently", "also"}
# a year is never a quantity: "in 1961", "until 1960", "of 1957" (a number of that size
# printed without a thousands separator after such a word)
_YEAR_BEFORE = {"in", "of", "by", "until", "till", "since", "from", "for", "before", "after",
                "during", "year", "early", "late", "end", "spring", "summer", "autumn", "winter"}
_NOT_UNITS = set(MONTHS) | {"year", "years", "hours", "hour", "minutes", "minute", "copies", "copy",
                            "days", "day", "percent", "o", "weeks", "week", "months", "month", "times"}


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
            asking = line.text.rstrip().endswith(":") and _asks(line.text)
    return tuple(out)


def _asks(text: str) -> bool:
    """Whether the line asks: "In view of this we request:", "..., with the following
    request:"; not "In connection with the request of the Government of the DPRK, the
    Department considers it advisable:", which names a request but makes none (the list is
    the writer's proposals)."""
    mentions = [m.span() for m in _MENTION.finditer(text)]
    return any(not any(a <= m.start() < b for a, b in mentions) for m in _ASKING.finditer(text))


def _unit_words(unit: str) -> list[str]:
    """The words of a unit, up to a word that ends it, lower-cased. Capitalised words lead a
    unit only before a word in lower case (``Korean students``, ``State Bank specialists``;
    ``Comrade Kim`` is none), and a capitalised word after one in lower case ends it; so does
    a later word followed by "the", a verb (``replacements reach the front``)."""
    words: list[str] = []
    split = unit.split()
    for k, word in enumerate(split):
        # "of the" goes on with the noun's complement, names included: "30-40 teachers of the
        # Russian language", "14 members of the Soviet film crew"
        complement = len(words) >= 2 and words[-1] == "of" and word == "the"
        named = len(words) >= 2 and words[-1] == "the" and words[-2] == "of"
        if not complement and (word.casefold() in _UNIT_STOP
                               or (word[0].isupper() and words and words[-1][0].islower() and not named)):
            break
        if words and word != "of" and k + 1 < len(split) and split[k + 1] == "the":
            break                                  # a verb: "80,000 replacements reach the front"
        words.append(word)
    words = _body_cut(words)
    while words and words[-1] in ("of", "the"):
        words.pop()
    if words and not any(w[0].islower() for w in words):
        return []
    return [w.lower() for w in words]


def _body_cut(words: list[str]) -> list[str]:
    """Words without an "of the" complement that is all capitalised: a body, not part of the
    unit ("2 officers of the General Staff" -> "officers"; "14 members of the Soviet film
    crew" keeps its complement, whose capitalised words lead a noun in lower case)."""
    for k in range(1, len(words) - 1):
        if words[k] == "of" and words[k + 1] == "the":
            if not any(w[0].islower() for w in words[k + 2:]):
                return words[:k]
    return words


def _is_year(text: str, m: re.Match[str]) -> bool:
    """Whether the number is a year: four digits from 1800 to 2099 after ``in``, ``of``,
    ``until`` and the like."""
    if not (len(m["low"]) == 4 and 1800 <= int(m["low"]) <= 2099):
        return False
    end = space_before(text, m.start())            # the word before, read backwards (linear)
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:end].casefold() in _YEAR_BEFORE


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
        words = _unit_words(m["unit"])
        if not words or words[0] in _NOT_UNITS or _is_year(text, m):
            continue
        low = int(m["low"].replace(",", ""))
        high = int(m["high"].replace(",", "")) if m["high"] else low
        unit = " ".join(words)
        end = m.start("unit") + len(unit)
        span = Span(base + m.start(), base + end) if base is not None else None
        out.append(Quantity(low, high, unit, text[m.start():end], span=span))
    return tuple(out)
