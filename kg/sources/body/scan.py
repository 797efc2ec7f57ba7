"""Names read in one pass, where a pattern took time quadratic (or exponential) in the line.

Each function gives exactly what the pattern in its docstring gave (the tests compare them on
generated lines) in time linear in its input: a signature in trailing capitals, the parts of
a bracketed cover name, the list after ``Present:`` and the capitalised tail of a name.
The patterns tried every start in a long run (of spaces, capitals, brackets) and scanned to
the run's end each time; these scan each run once.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from kg.sources.text import space_after, space_before

__all__ = ["bracket_parts", "capitalised_tail", "present", "trailing_caps", "without_last_bracket"]

_CAPS = re.compile(r"[A-Z .'-]+")
_GREETINGS = re.compile(r"Greetings\.\s*")
_STOPS = re.compile(r"[.!]")
_STOP = re.compile(r"\s+|\]|Interpreters?:", re.IGNORECASE)
_INTERPRETERS = re.compile(r"Interpreters?:", re.IGNORECASE)
_PRESENT = re.compile(r"\bPresent:", re.IGNORECASE)


def trailing_caps(text: str) -> int | None:
    """Start of the name in ``(?:^|[.!]\\s+)(?:Greetings\\.\\s*)?(?P<name>[A-Z][A-Z .'-]+``
    ``(?:\\s*\\[[^\\]]+\\])?)$``: a signature in capitals at the end of a line (the name
    runs to the end).

    >>> t = "We wish you success. Greetings. KIM IL SUNG"
    >>> t[trailing_caps(t):]
    'KIM IL SUNG'
    """
    caps = _Caps(text)
    for start in _caps_starts(text):
        if caps.name_at(start):
            return start
    return None


def _caps_starts(text: str):  # noqa: ANN202 - a generator of ints
    """Where a name may start: at the line's start or after ``[.!]\\s+``, with or without
    ``Greetings.`` first, in the order the pattern tries them."""
    stops = (m.start() for m in _STOPS.finditer(text))
    for at in (0, *(at for at in stops if at)):
        heads = [at] if at == 0 else []
        if text[at:at + 1] in (".", "!") and (end := space_after(text, at + 1)) > at + 1:
            heads.append(end)
        for head in heads:
            if (g := _GREETINGS.match(text, head)) is not None:
                yield g.end()
            yield head


class _Caps:
    """The runs of ``[A-Z .'-]`` in a line and where a bracket may close the line."""

    def __init__(self, text: str) -> None:
        self.text = text
        runs = [(m.start(), m.end()) for m in _CAPS.finditer(text)]
        self.starts = [a for a, _ in runs]
        self.ends = [b for _, b in runs]
        self.tails = _bracket_tails(text)          # disjoint, in order
        self.tail_starts = [a for a, _ in self.tails]

    def name_at(self, p: int) -> bool:
        """Whether the name matches from ``p`` to the end of the line."""
        text = self.text
        if p + 1 >= len(text) or not "A" <= text[p] <= "Z":
            return False
        k = bisect_right(self.starts, p + 1) - 1
        if k < 0 or self.ends[k] <= p + 1:          # text[p + 1] is not a capital, space, ...
            return False
        end = self.ends[k]
        t = bisect_right(self.tail_starts, end) - 1
        return end == len(text) or (t >= 0 and end <= self.tails[t][1])


def _bracket_tails(text: str) -> list[tuple[int, int]]:
    """The spans ``[a, g]`` of positions from which ``\\s*\\[[^\\]]+\\]$`` matches (``g`` the
    opening bracket, ``a`` the start of the spaces before it)."""
    n = len(text)
    if not text.endswith("]"):
        return []
    closed = text.rfind("]", 0, n - 1)
    out = []
    g = text.find("[", closed + 1)
    while 0 <= g <= n - 3:
        out.append((space_before(text, g), g))
        g = text.find("[", g + 1)
    return out


def bracket_parts(text: str) -> tuple[int, int, int] | None:
    """``(end of outer, start of inner, end of inner)`` for
    ``^(?P<outer>[^\\[]+?)\\s*\\[(?P<inner>[^\\]]+)\\]`` (``FENG XI [FYN SI; Stalin]``).

    >>> bracket_parts("FENG XI [FYN SI; Stalin]")
    (7, 9, 23)
    """
    g = text.find("[")
    if g < 1:
        return None
    k = text.find("]", g + 1)
    if k <= g + 1:
        return None
    return max(1, space_before(text, g)), g + 1, k


def present(text: str) -> tuple[int, int] | None:
    """Span of ``who`` in ``\\bPresent:\\s*(?P<who>[^\\]]+?)(?=\\s*(?:Interpreters?:|\\]|$))``
    (case ignored): the list runs to an ``Interpreter:``, a ``]`` or the end of the line.

    >>> t = "[Present: Stalin, Molotov. Interpreter: Fedorenko]"
    >>> t[slice(*present(t))]
    'Stalin, Molotov.'
    """
    n = len(text)
    for head in _PRESENT.finditer(text):
        first, w = head.end(), space_after(text, head.end())
        if w < n and text[w] != "]":
            return w, _list_end(text, w)
        if w > first:                              # the list is the last space
            return w - 1, w
    return None


def _list_end(text: str, w: int) -> int:
    """First position after ``w`` where spaces lead to ``Interpreter:``, ``]`` or the end."""
    n = len(text)
    for m in _STOP.finditer(text, w + 1):
        if not m[0][0].isspace():
            return m.start()
        after = m.end()
        if after == n or text[after] == "]" or _INTERPRETERS.match(text, after):
            return m.start()
    return n


def without_last_bracket(text: str) -> str:
    """``re.sub(r"\\s*\\[[^\\]]*\\]?$", "", text)``: a bracket that closes the text, or is
    never closed, cut off with the spaces before it.

    >>> without_last_bracket("Wang Jiaxiang [interpreter"), without_last_bracket("Stalin [Filippov]")
    ('Wang Jiaxiang', 'Stalin')
    """
    n = len(text)
    g = text.find("[")
    while g >= 0:
        k = text.find("]", g + 1)
        if k in (-1, n - 1):
            return text[:space_before(text, g)]
        g = text.find("[", k + 1)
    return text


def capitalised_tail(text: str) -> int | None:
    """Start of group 1 of ``(?:^|\\s)((?:(?:[A-Z][a-z]?\\.\\s?)+|[A-Z][\\w'-]*\\s?)+)$``: the
    trailing run of capitalised words and initials ("the PRC ambassador Wang Jiaxiang").

    The pattern's nested repetitions took exponential time on a long capitalised word that
    does not end the line; this is a dynamic programme over the positions, from the end.

    >>> t = "the PRC ambassador Wang Jiaxiang"
    >>> t[capitalised_tail(t):]
    'Wang Jiaxiang'
    """
    n = len(text)
    units = _Units(text)
    if n and units.from_(0):
        return 0
    for i in range(n - 1):
        if text[i].isspace() and units.from_(i + 1):
            return i + 1
    return None


class _Units:
    """``S[j]``: ``text[j:]`` splits into units ``[A-Z][a-z]?\\.\\s?`` and ``[A-Z][\\w'-]*\\s?``."""

    def __init__(self, text: str) -> None:
        n = len(text)
        self.text = text
        split = [False] * (n + 2)
        split[n] = True
        ends = [False] * (n + 2)                   # a unit may end here (its space included)
        run = [False] * (n + 2)                    # some end in text[j:] past a run of [\w'-]
        for j in range(n, -1, -1):
            if j < n:
                split[j] = self._starts(j, split, ends, run)
            ends[j] = split[j] or (j < n and text[j].isspace() and split[j + 1])
            run[j] = ends[j] or (j < n and _word(text[j]) and run[j + 1])
        self.split = split

    def _starts(self, j: int, split: list[bool], ends: list[bool], run: list[bool]) -> bool:
        text, n = self.text, len(self.text)
        if not "A" <= text[j] <= "Z":
            return False
        if j + 1 < n and text[j + 1] == "." and ends[j + 2]:
            return True                            # "A."
        if j + 2 < n and "a" <= text[j + 1] <= "z" and text[j + 2] == "." and ends[j + 3]:
            return True                            # "Ab."
        return run[j + 1]                          # "Abc", "Abc " and the like

    def from_(self, j: int) -> bool:
        """Whether the group matches ``text[j:]`` (one unit at least)."""
        return j < len(self.text) and self.split[j]


def _word(ch: str) -> bool:
    """``[\\w'-]``."""
    return ch.isalnum() or ch in "_'-"
