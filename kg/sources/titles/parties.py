"""Parties in a title: names with their honorifics, offices and bracketed cover names.

Grammar (see :mod:`kg.sources.titles`)::

    parties := party {("and" | "or" | "," ["and"]) party}     (a comma item must end at a
               separator or clause word, else it opens a subject phrase)
    party   := [article] name-word {name-word | "of" ["the"] name-word} ["'s" [docword]] [cover]
               ["," initials]
    cover   := "[" words "]" | "(" words ")"

:class:`PartyReader` holds the tokens and the position and reads parties;
:func:`strip_office` leaves the name a resolver can look up.
"""

from __future__ import annotations

import re

from kg.sources.limits import check_count
from kg.sources.titles.lexicon import (
    ARTICLES,
    BODIES,
    COVER_NAMES,
    DOC_WORDS,
    HONORIFICS,
    PLACES,
    POST_OBJECTS,
    POSTS,
    SUBJECTS,
    Token,
    possessive,
    tokenize,
)
from kg.sources.titles.model import TitleParty

__all__ = ["PartyReader", "strip_office"]

#: What may follow the last party of a list.
_LIST_END = (",", "and", "or", "&", ")", "]", "via", "to", "from", ";")


class PartyReader:
    """A title's tokens, a position in them, and the reading of parties from there."""

    def __init__(self, title: str):
        self.title = title
        self.toks = tokenize(title)
        self.pos = 0
        self.places: list[str] = []
        self._closes: dict[int, int] | None = None

    # -- token helpers -------------------------------------------------------------------
    def peek(self, k: int = 0) -> Token | None:
        """The token ``k`` places ahead, or None past the end."""
        i = self.pos + k
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def at(self, *words: str, k: int = 0) -> bool:
        """Whether the token ``k`` places ahead is one of ``words`` (lower case)."""
        t = self.peek(k)
        return t is not None and t.low in words

    def close_of(self, i: int) -> int | None:
        """Index of the bracket closing the one at token ``i`` (any of ``)]`` closes any of
        ``([``); the pairs are found once, in one pass, so that a title of many brackets
        reads in linear time."""
        if self._closes is None:
            self._closes = {}
            opened: list[int] = []
            for j, tok in enumerate(self.toks):
                if tok.text in ("(", "["):
                    opened.append(j)
                elif tok.text in (")", "]") and opened:
                    self._closes[opened.pop()] = j
        return self._closes.get(i)

    # -- parties -------------------------------------------------------------------------
    def party(self) -> TitleParty | None:
        """One name with its honorifics, office words and bracketed cover name."""
        begin = self.pos
        toks: list[Token] = []
        if self.at(*ARTICLES) and (n := self.peek(1)) is not None and n.is_name:
            toks.append(self.toks[self.pos])
            self.pos += 1
        end_cut, cover_inner = self._name_words(toks)
        words = [t for t in toks if t.kind != "punct"]
        if not words or all(t.low in ARTICLES for t in words):
            self.pos = begin
            return None
        return self._make_party(toks, end_cut, cover_inner)

    def _name_words(self, toks: list[Token]) -> tuple[int, tuple[int, int] | None]:
        """Read the words of a name into ``toks``: (characters to cut off its end for a
        possessive, token range of a bracketed cover)."""
        while (t := self.peek()) is not None:
            if t.is_name and not (t.low in DOC_WORDS and toks):
                toks.append(t)
                self.pos += 1
                if self._possessive_end(t):
                    return 2, None                     # "Mao Zedong's Telegram": drop the 's
            elif self._post_to(t, toks) or self._of_body(t, toks):
                pass
            elif t.text in "([" and toks:
                return 0, self._cover(toks)
            else:
                break
        return 0, None

    def _possessive_end(self, t: Token) -> bool:
        """After ``t``: a possessive that ends the name (skipping the document word after it)."""
        if not possessive(t.text) or ((n := self.peek()) is not None and n.is_name
                                      and n.low not in DOC_WORDS and n.low != "name"):
            return False
        if (n := self.peek()) is not None and n.low in DOC_WORDS:
            self.pos += 1
        return True

    def _post_to(self, t: Token, toks: list[Token]) -> bool:
        """``Ambassador to the DPRK T.F. Shtykov``: a post's "to [the]" read into the name."""
        k = 2 if self.at("the", k=1) else 1
        if not (t.low == "to" and toks and toks[-1].low in POSTS
                and (n := self.peek(k)) is not None and n.is_name):
            return False
        toks.extend(self.toks[self.pos:self.pos + k])
        self.pos += k
        return True

    def _of_body(self, t: Token, toks: list[Token]) -> bool:
        """``Minister of Foreign Affairs``: "of [the]" after a body or office word."""
        if not (t.low in ("of", "de", "von", "van") and toks and toks[-1].kind == "word"
                and toks[-1].low in BODIES | HONORIFICS):
            return False
        k = 2 if self.at("the", k=1) else 1
        if (n := self.peek(k)) is None or not n.is_name:
            return False
        toks.extend(self.toks[self.pos:self.pos + k])
        self.pos += k
        return True

    def _cover(self, toks: list[Token]) -> tuple[int, int] | None:
        """A bracketed name after the name (``Filippov [Stalin]``): its token range, the
        closing bracket read into ``toks``; None (nothing read) for other brackets."""
        close = self.close_of(self.pos)
        inner = self.peek(1)
        if close is None or inner is None or inner.low in ("via", "for", "interpreter") \
                or not inner.is_name:
            return None
        cover_inner = (self.pos + 1, close)
        toks.append(self.toks[close])
        self.pos = close + 1
        return cover_inner

    def _make_party(self, toks: list[Token], end_cut: int, cover_inner: tuple[int, int] | None
                    ) -> TitleParty:
        """The party printed by ``toks``; with a cover, the real name and the cover apart."""
        start, end = toks[0].start, toks[-1].end - end_cut
        printed = self.title[start:end]
        if cover_inner is None:
            return TitleParty(printed, strip_office(toks), None, start, end)
        i, j = cover_inner
        outside = strip_office([t for t in toks if t.start < self.toks[i - 1].start])
        inside = strip_office(self.toks[i:j])
        if inside.lower() in COVER_NAMES or (inside.lower() == "kuznetsov" and outside.lower() == "stalin"):
            key = COVER_NAMES.get(inside.lower(), "Kuznetsov")
            return TitleParty(printed, outside, inside, start, end, key)
        if outside.lower() in COVER_NAMES:
            return TitleParty(printed, inside, outside, start, end, COVER_NAMES[outside.lower()])
        return TitleParty(printed, inside, None, start, end)

    def list_item_follows(self) -> bool:
        """After a comma: is the next party one more in the list, not a subject phrase?"""
        save = self.pos
        try:
            t = self.peek()
            if t is None or t.low in SUBJECTS:
                return False
            if self.party() is None:
                return False
            n = self.peek()
            return n is None or n.low in _LIST_END
        finally:
            self.pos = save

    def parties(self) -> list[TitleParty]:
        """``party {("and" | "or" | "," ["and"]) party}``."""
        out: list[TitleParty] = []
        while (p := self.party()) is not None:
            out.append(p)
            check_count("a list of parties in the title", len(out))
            self._trailing_initials(out)
            if not self._separator():
                break
        return out

    def _trailing_initials(self, out: list[TitleParty]) -> None:
        """``Stalin, I.V., Molotov``: initials after a comma belong to the party before."""
        while self.at(",") and (n := self.peek(1)) is not None and n.kind == "initials" and (
                self.peek(2) is None or self.at(",", "and", "or", "to", "via", k=2)):
            last = self.toks[self.pos + 1]
            out[-1] = TitleParty(self.title[out[-1].start:last.end], f"{out[-1].name} {last.text}",
                                 out[-1].cover, out[-1].start, last.end, out[-1].cover_key)
            self.pos += 2

    def _separator(self) -> bool:
        """Read ``and``, ``or``, ``&`` or ``, [and]`` when one more party follows; else
        read nothing and return False."""
        save = self.pos
        if self.at("and", "or", "&"):
            self.pos += 1
            if (t := self.peek()) is not None and (t.is_name or t.low in ARTICLES):
                return True
        elif self.at(","):
            self.pos += 1
            if self.at("and", "or"):
                self.pos += 1
            if self.list_item_follows():
                return True
        self.pos = save
        return False

    def people(self, parties: list[TitleParty]) -> list[TitleParty]:
        """Parties less places (kept in ``places``)."""
        keep = []
        for p in parties:
            if p.name.lower() in PLACES:
                self.places.append(p.name)
            else:
                keep.append(p)
        return keep


def strip_office(toks: list[Token]) -> str:
    """Name words less leading articles, offices, ranks and honorifics; bodies keep their words."""
    words = [t for t in toks if t.kind != "punct"]
    while words and words[0].low in ARTICLES:
        words = words[1:]
    if not words:
        return ""
    if words[-1].low not in BODIES | HONORIFICS:   # an office alone ("Soviet Ambassador") stays
        i = 0
        while i < len(words) - 1 and (words[i].low in HONORIFICS or words[i].low in POST_OBJECTS
                                      and i > 0 and words[i - 1].low in ("to", "the")):
            i += 1
        if i and words[0].low in HONORIFICS:
            # "Acting Chief of the General Staff Nie Rongzhen": the office ends at its body word
            last_body = max((k for k in range(i, len(words) - 1) if words[k].low in BODIES), default=None)
            if last_body is not None and words[last_body + 1].text[:1].isupper():
                i = last_body + 1
        words = words[i:]
    text = " ".join(t.text for t in words)
    return re.sub(r"['’]s$", "", text)
