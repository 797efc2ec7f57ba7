"""Names of parties: offices stripped, cover names told apart from the names they hide.

:func:`strip_office` leaves the name a resolver can look up ("Soviet Defense Minister A.M.
Vasilevsky" -> "A.M. Vasilevsky"); :func:`make_party` builds the
:class:`~kg.sources.titles.model.TitleParty` of a name and its bracket ("Filippov [Stalin]"
-> Stalin signing as Filippov; "the Chairman [Mao Zedong]" -> Mao Zedong; "Kim Il [Sung]" ->
Kim Il Sung, a bracket completing the name).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from kg.sources.titles.lexicon import (
    ARTICLES,
    BODIES,
    COVER_NAMES,
    COVER_OF,
    HONORIFICS,
    PLACES,
    POST_OBJECTS,
    POSTS,
    SEATED,
    Token,
)
from kg.sources.titles.model import TitleParty

__all__ = ["OFFICE_ENDS", "OFFICE_WORDS", "cover_key", "is_office", "make_party", "strip_office"]

#: Words that end an office before the holder's name.
OFFICE_ENDS = BODIES | POSTS | {"commander", "chairman", "premier", "president", "secretary", "chief",
                                "leader", "head"}
#: Words an office is made of ("Foreign Minister of the PRC", "the Chairman").
OFFICE_WORDS = HONORIFICS | BODIES | POSTS | POST_OBJECTS | OFFICE_ENDS | {"of", "to", "in"}


def strip_office(toks: list[Token]) -> str:
    """Name words less leading articles, offices, ranks and honorifics; bodies keep their words.

    >>> from kg.sources.titles.lexicon import tokenize
    >>> strip_office(tokenize("Soviet Defense Minister A.M. Vasilevsky"))
    'A.M. Vasilevsky'
    >>> strip_office(tokenize("the USSR Council of Ministers"))
    'USSR Council of Ministers'
    """
    words = [t for t in toks if t.kind != "punct"]
    while words and words[0].low in ARTICLES:
        words = words[1:]
    if not words:
        return ""
    seated = any(a.low in SEATED and b.low in ("in", "at") for a, b in zip(words, words[1:], strict=False))
    # "the CC VKP(b)", "CC KPK": a party's Central Committee named by the party's
    # abbreviation is a body, not the office of a person named "VKP(b)"
    committee = len(words) == 2 and words[0].low == "cc"
    if words[-1].low not in BODIES | HONORIFICS and not seated and not committee:
        # an office alone ("Soviet Ambassador") and a seated body ("the Soviet Embassy in
        # Pyongyang") stay
        i = 0
        while i < len(words) - 1 and (words[i].low in HONORIFICS or i > 0 and (
                words[i].low in POST_OBJECTS and words[i - 1].low in ("to", "the", "in")
                or words[i].low in PLACES and words[i - 1].low in ("the", "in")
                or words[i].low == "in" and words[i - 1].low in POSTS)):
            i += 1
        if i and words[0].low in HONORIFICS:
            # "Acting Chief of the General Staff Nie Rongzhen", "Chinese People's Volunteers
            # Commander Peng Dehuai": the office ends at its last body or office word
            last = max((k for k in range(i, len(words) - 1) if words[k].low in OFFICE_ENDS), default=None)
            if last is not None and words[last + 1].text[:1].isupper():
                i = last + 1
        words = words[i:]
    text = " ".join(t.text for t in words)
    return re.sub(r"['’]s$", "", text)


def cover_key(name: str, bracketed: bool = False) -> str | None:
    """The cover name ``name`` is, normalised; next to a bracketed real name a misspelling
    within two letters of a known form is one too ("Fillipov [Stalin]").

    >>> cover_key("Fyn-Si"), cover_key("Fillipov"), cover_key("Fillipov", bracketed=True)
    ('Feng Xi', None, 'Filippov')
    """
    low = name.lower()
    if low in COVER_NAMES:
        return COVER_NAMES[low]
    if bracketed and len(low) >= 6:
        return next((key for form, key in COVER_NAMES.items() if Levenshtein.distance(low, form) <= 2), None)
    return None


#: Endings of Russian surnames: "Andreev", "Kuznetsov", "Roshchin", "Vyshinsky".
_RUSSIAN_SURNAME = re.compile(r"(?:ov|ev|yov|in|yn|sky|skii|skiy|ko|ich)$")


def _cover_bracket(outside: str, inside: str) -> bool:
    """Whether ``outside [inside]`` is a cover name and the real name, not a name and its
    completion: a Russian surname is never completed by a word after it (its given name
    comes before, "[Nikita] Khrushchev", its patronymic as initials), so a single bracketed
    name after one names the person behind it ("Andreev [Mikoyan]"); "Mao [Zedong]",
    "Kim Il [Sung]", "Lin [Biao]" (a Chinese surname, short) are completions.

    >>> _cover_bracket("Andreev", "Mikoyan"), _cover_bracket("Peng", "Dehuai"), _cover_bracket("Lin", "Biao")
    (True, False, False)
    """
    russian = len(outside) >= 5 and bool(_RUSSIAN_SURNAME.search(outside.lower()))
    return len(outside.split()) == 1 and russian and inside[:1].isupper() and "." not in inside


def is_office(toks: list[Token]) -> bool:
    """Whether the words name an office, not a person ("the Chairman", "Soviet Ambassador")."""
    words = [t.low for t in toks if t.kind != "punct" and t.low not in ARTICLES]
    return bool(words) and all(w in OFFICE_WORDS for w in words)


def make_party(title: str, toks: list[Token], end_cut: int = 0,
               cover: list[Token] | None = None, cover_first: bool = False) -> TitleParty:
    """The party printed by ``toks`` (its name words) and the bracket ``cover`` (its tokens,
    brackets included) after them, or before them with ``cover_first``; ``end_cut``
    characters of a possessive are not printed.

    The bracket holds the real name of a cover ("Filippov [Stalin]"), a cover of the name
    ("Stalin [Kuznetsov]"), the holder of an office ("the Chairman [Mao Zedong]"), or the
    part of a name the document leaves out ("Kim Il [Sung]", "[Nikita] Khrushchev").
    """
    first, last = (cover[0], toks[-1]) if cover and cover_first else (toks[0], (cover or toks)[-1])
    start, end = first.start, last.end - end_cut
    printed = title[start:end]
    if not cover:
        name = strip_office(toks)
        if (key := cover_key(name)) is not None and key in COVER_OF:
            return TitleParty(printed, COVER_OF[key], name, start, end, key)   # "Filippov to Mao"
        return TitleParty(printed, name, None, start, end)
    outside = strip_office(toks)
    inside = strip_office(cover[1:-1])
    kuznetsov = inside.lower() == "kuznetsov" and outside.lower() == "stalin"   # "Stalin [Kuznetsov]"
    if (key := cover_key(inside)) is not None or kuznetsov:
        return TitleParty(printed, outside, inside, start, end, key or "Kuznetsov")
    if (key := cover_key(outside, bracketed=True)) is not None:
        return TitleParty(printed, inside, outside, start, end, key)
    if is_office(toks) or len(inside.split()) != 1:
        return TitleParty(printed, inside, None, start, end)
    if not cover_first and _cover_bracket(outside, inside):
        # "Andreev [Mikoyan]", "Kuznetsov [Stalin]": the bracket names who used the cover
        return TitleParty(printed, inside, outside, start, end, cover_key(outside) or outside)
    name = f"{inside} {outside}" if cover_first else f"{outside} {inside}"   # "Kim Il [Sung]"
    return TitleParty(printed, name, None, start, end)
