"""FRUS heads: the sender and addressee phrases of ``N. Telegram From … to …`` (§4 sender /
recipient, pitfalls 1-4), tagged or untagged.

Part of the FRUS reader (:mod:`kg.sources.frus.reader`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

from lxml import etree

from kg.records import NameRef, Span
from kg.sources.frus.names import clean_name
from kg.sources.frus.text import line_of, local_name, text_of
from kg.sources.frus.trace import Trace
from kg.sources.text import space_after, space_before

__all__ = ["HEAD_NUMBER", "Context", "calendar_end", "calendar_posts", "candidate", "parties", "role_of",
           "split_head", "trailer_start"]

# ---------------------------------------------------------------------------------------------
# Parties in the head (§4 sender / recipient, pitfalls 1-4)

_ORG = re.compile(r"\b(?:Embass(?:y|ies)|Missions?|Department|Consulates?(?: General)?|Legations?|"
                  r"Delegations?|Joint Chiefs|Chiefs of Staff|Government|Ministry|Agency|Council|"
                  r"Command|Headquarters|White House|Commission|Committee|Bureau|Posts|Board|"
                  r"Secretariat|Cabinet|Office|Group|Station|Assembly|Service|Corps|Army|Navy|"
                  r"Air Force|Foreign Office|Kremlin|Politburo|Presidium|Offices|Element|HICOG|Panel)\b")
_OFFICE_WORDS = (r"Secretary|President|Chairm[ae]n|Ambassador|Director|Minister|Adviser|Advisor|"
                 r"Assistant|Commander|Chief|Representative|Counselor|Charg[ée]|Consul|Administrator|"
                 r"Attorney|Officer|Head|Premier|Chancellor|Governor|Counsel|Coordinator|"
                 r"Commissioner|Deputy|Delegate|Envoy|Attach[ée]|King|Queen|Shah|Emperor|General|"
                 r"Admiral|Senator|Mayor|Leader|Chairwoman|Executive|Staff Secretary|Acting|Under")
_OFFICE_START = re.compile(rf"^(?:(?:U\.\s?S\.|United States|American|British|Soviet|French|"
                           rf"Acting|Deputy|Under|Special|Vice|Prime|Foreign|First|Executive|"
                           rf"Political|Military|Permanent|Principal|Chief)\s+)*(?:{_OFFICE_WORDS})\b")
_OFFICE = re.compile(rf"\b(?:{_OFFICE_WORDS})\b")
_TITLED = re.compile(
    r"^(?:(?:Acting|Deputy|Under|Vice|Prime|Foreign|First|Field|Lieutenant|Major|Rear|Chief|"
    r"British|Soviet|French|German|Chinese|Korean|Japanese|West German|Indian|Israeli|Egyptian)\s+)*"
    r"(?:President(?:-elect)?|Chairm[ae]n|Premier|Chancellor|Minister|"
    r"Secretary(?:\s+of\s+(?:State|Defense|the Treasury|Treasury|Commerce|Agriculture))?|"
    r"Secretary[- ]General|Ambassador(?:-at-Large)?|General(?: of the Army)?|Admiral|Governor|Senator|"
    r"Mayor|King|Queen|Emperor|Shah|Pope|Marshal|Colonel|Generalissimo|Mr\.|Mrs\.|Dr\.|Director|Prince|"
    r"Sultan|Amir|Emir|Lord|Sir|Foreign Secretary)\s+"
    r"(?P<name>(?:(?:de|von|van|du|la|le|al|el|bin|ibn)\s+)?[A-Z][\w’'.-]*"
    r"(?:\s+(?:(?:de|von|van|du|la|al|el|bin|ibn)\s+)?[A-Z][\w’'.-]*){0,3})$")
_NAME_LIKE = re.compile(r"^(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*\.?$")
_NAMED = re.compile(r"^((?:[A-Z][\w’'-]*\.?\s+){1,3}[A-Z][\w’'-]+)(?:,\s+|\s+of\s+)(.+)$")
_PAREN_NAME = re.compile(r"\(\s*([A-Za-z][\w’'. -]{1,60}?)\s*\)\s*$")
# a name and the abbreviation of the bureau or office it writes for, in the microfiche
# supplements' calendars: "Hilsman (INR)", "Read (S/S)", "Woodward (ARA)"
# surnames joined by a slash, as the back-channel messages print their writers ("Lord/Rodman")
_SLASHED = re.compile(r"^[A-Z][a-z’'-]+(?:/[A-Z][a-z’'-]+)+$")
#: words before a bureau's abbreviation that name a department, not a person ("Defense (ISA)")
_NOT_PERSONS = frozenset({"Defense", "State", "Treasury", "Army", "Navy", "Commerce", "Justice",
                          "Interior", "Agriculture", "Labor", "Embassy", "White House"})
_NAME_BUREAU = re.compile(r"^(?P<name>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,3})\s*"
                          r"\((?P<bureau>[A-Z][A-Z/&.-]{1,9})\)$")
_NOT_NAMES = {"USUN", "NATO", "UN", "SEATO", "CINCPAC", "CINCFE", "JCS", "NSC", "CIA", "USIA",
              "ICA", "AID", "OCB", "Research", "Welfare", "Development", "Affairs", "Planning"}
_LEAD = re.compile(r"^(?:the|The)\s+")
#: words before a "to" that belongs to an office ("Assistant to the President")
_BLOCK_TO = ("Assistant", "Adviser", "Advisor", "Representative", "Ambassador", "Delegate",
             "Delegation", "Envoy", "Observer", "Counselor", "Aide", "Liaison", "Mission", "Attaché",
             "Minister", "Successor", "Embassy", "Consul", "Secretary")
# The look-behinds let a run of spaces be tried once, from its start (a pattern starting with
# \s+ tries every space of a run and scans to its end each time: quadratic time).
_TO = re.compile(r"(?<!\s)\s+to\s+")
HEAD_NUMBER = re.compile(r"^\s*(?:No\.\s*\d+[A-Za-z]?\.?|\d+[A-Za-z]?\.)\s*")
# "Conversation Between/Among …", "Conversation With …", "Meeting With …": participants
_BETWEEN = re.compile(r"(?<!\s)\s+(?:[Bb]etween|[Aa]mong)\s+|"
                      r"(?:(?<=Conversation)|(?<=Discussion)|(?<=Meeting)|(?<=Luncheon)|(?<=Dinner))"
                      r"\s+[Ww]ith\s+")
_FROM = re.compile(r"\b(?:From|from)\s+")
_BY = re.compile(r"(?:,|(?<!\s))\s+by\s+")
_DATE_WORD = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|"
                        r"November|December)\s+\d|undated|\[undated\]")
_AND = re.compile(r"(?:,|(?<!\s))\s+and\s+|,\s+(?=the\s)|;\s+")
_AND_RIGHT = re.compile(r"^(?:the\s+)?(?:Embass(?:y|ies)|Missions?|Department|Consulates?|Legations?|"
                        r"Delegations?|Secretary|President|Chairman|Prime Minister|Ambassador|"
                        r"Director|Joint Chiefs|Commander|Chancellor|Premier|King|Queen|General|"
                        r"Foreign Minister)\b")


def _depth_at(text: str, i: int) -> int:
    """How many brackets are open at ``text[i]`` (counted once per text, not once per call)."""
    return _depths(text)[i]


@lru_cache(maxsize=16)
def _depths(text: str) -> list[int]:
    out, depth = [0], 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        out.append(depth)
    return out


def _blocked(text: str, i: int) -> bool:
    """Whether ``text[:i]`` ends with an office word before a "to" (and spaces)."""
    end = space_before(text, i)
    return any(text.endswith(word, 0, end) for word in _BLOCK_TO)


def trailer_start(text: str, pos: int = 0) -> int | None:
    r"""Where a trailing place and date (", Washington, April 19, 1956", " undated") begins.

    The start of ``(?:,\s+[A-Z][^,]*){0,2},?\s+(?:(?:January|...|December)\s+\d|undated|
    \[undated\]).*$`` searched from ``pos``, found in linear time (the pattern took cubic time):
    the date comes after spaces, a comma perhaps, and at most two ", Capitalised ..." parts.

    >>> t = "Telegram From the Embassy in Korea to the Department of State, Seoul, June 25, 1950"
    >>> t[trailer_start(t):]
    ', Seoul, June 25, 1950'
    """
    commas = [i for i, ch in enumerate(text) if ch == ","]
    heads: dict[int, int | None] = {}

    def capital(c: int) -> int | None:
        r"""Where the capital after ``,\s+`` stands (None if there is none)."""
        if c not in heads:
            u = space_after(text, c + 1)
            heads[c] = u if u > c + 1 and "A" <= text[u:u + 1] <= "Z" else None
        return heads[c]

    best: int | None = None
    for d in _DATE_WORD.finditer(text, pos):
        p = d.start()
        a = space_before(text, p, pos)
        newline = text.find("\n", d.end())
        if a == p or newline not in (-1, len(text) - 1):
            continue
        k = bisect_left(commas, a) - 1            # the last comma before the spaces
        starts = [a]
        if k >= 0 and commas[k] == a - 1 >= pos:  # ", June 25": the groups end at that comma
            starts.append(a - 1)
            k -= 1
            limit = a - 1
        else:
            limit = a
        for _ in range(2):                        # at most two ", Capitalised ..." parts
            if k < 0 or commas[k] < pos or (u := capital(commas[k])) is None or u >= limit:
                break
            starts.append(commas[k])
            limit = commas[k]
            k -= 1
        if best is None or min(starts) < best:
            best = min(starts)
    return best


def _clean_phrase(s: str) -> str:
    s = _LEAD.sub("", s.strip(" ,;:.")).strip(" ,;:")
    return s


class Context:
    """What a document's parts need to know about their volume."""

    def __init__(self, volume: str, persons: dict[str, str]) -> None:
        self.volume = volume
        self.persons = persons
        #: the document being read: where its facts are printed (set by ``read_document``)
        self.trace = Trace(etree.Element("div"), "")

    def person(self, el: etree._Element, span: Span | None = None) -> NameRef:
        """A persName as a person reference, resolved through the persons list; ``span``
        where it is printed (by default, the whole element)."""
        corresp = (el.get("corresp") or "").strip()
        pid = corresp.split()[0].lstrip("#") if corresp else ""
        printed = self.persons.get(pid) or text_of(el)
        return NameRef(printed, line=line_of(el), role_hint="person",
                       ref_id=f"{self.volume}#{pid}" if pid else None,
                       span=span if span is not None else self.trace.span(el))


def role_of(phrase: str) -> tuple[str, str]:
    """(printed, role_hint) of an untagged party phrase."""
    p = _clean_phrase(phrase)
    if m := _TITLED.match(p):
        name = m["name"]
        if not _ORG.search(name) and not _OFFICE.search(name) and name not in _NOT_NAMES:
            return name, "person"
    if (m := _NAMED.match(p)) and (_OFFICE.search(m[2]) or _ORG.search(m[2])):
        return m[1], "person"  # "Robert Cutler, Special Assistant ...", "Leonard S. Tyson of the Office"
    if _OFFICE_START.match(p):
        return p, "office"
    if _ORG.search(p):
        return p, "organization"
    if _OFFICE.search(p):
        return p, "office"
    if _NAME_LIKE.match(p) and p not in _NOT_NAMES and p.upper() != p:
        return p, "person"
    return p, ""


def candidate(phrase: str, item: bool = False) -> tuple[str, str] | None:
    """(printed, role_hint) of an untagged party phrase in its clean form, or ``None`` when the
    words name no party (:func:`kg.sources.frus.names.clean_name`); ``item``: an item of a
    list of participants."""
    printed, role = role_of(phrase)
    if not printed or (clean := clean_name(printed, role, item)) is None:
        return None
    if clean[0] != printed and clean[1] != "person":
        # "Ann C. Whitman, February 6, 1956": what the words are is read again without the date
        return role_of(clean[0])
    return clean


def _split_parts(phrase: str, start: int, marks: list[tuple[etree._Element, int, int]]
                 ) -> list[tuple[int, int]]:
    """Split a party phrase at ``and`` / ``, the`` where the right side is a party of its own."""
    cuts: list[tuple[int, int]] = []
    starts = sorted(s for _, s, _ in marks)
    fresh = True
    for m in _AND.finditer(phrase):
        if _depth_at(phrase, m.start()):
            continue
        nxt = _AND.search(phrase, m.end())
        right_part = phrase[m.end():nxt.start() if nxt else len(phrase)]
        r0, r1 = start + m.end(), start + m.end() + len(right_part)
        l0 = start + (cuts[-1][1] if cuts else 0)
        right_marked = _marked(starts, r0, r1)
        left_marked = _marked(starts, l0, start + m.start())
        # a title and a name ("Foreign Minister Gromyko") hold no separator: only the first
        # "and" after a cut can follow one (so the left part is read once, not once an "and")
        single = fresh and re.fullmatch(r"[A-Z][\w’'-]+", right_part.strip()) and \
            _TITLED.match(_clean_phrase(phrase[(cuts[-1][1] if cuts else 0):m.start()]))
        fresh = False
        if (right_marked and left_marked) or _AND_RIGHT.match(right_part) or single:
            cuts.append((m.start(), m.end()))
            fresh = True
    parts, prev = [], 0
    for a, b in cuts:
        parts.append((start + prev, start + a))
        prev = b
    parts.append((start + prev, start + len(phrase)))
    return parts


def office_before(words: str) -> str | None:
    """The office printed before a name in a head's party phrase, or ``None`` when the words
    hold no office (a name alone, an article, a bracket).

    >>> office_before("the President's Special Assistant for National Security Affairs (")
    "President's Special Assistant for National Security Affairs"
    >>> office_before("the ") is None
    True
    """
    office = _clean_phrase(words.rstrip(" (["))
    return office if _OFFICE.search(office) or _ORG.search(office) else None


def parties(text: str, lo: int, hi: int, marks: list[tuple[etree._Element, int, int]],
            ctx: Context) -> list[NameRef]:
    """The parties named in ``text[lo:hi]``: persons where named, else the phrase as printed."""
    phrase = text[lo:hi]
    if not _clean_phrase(phrase):
        return []
    out: list[NameRef] = []
    starts = [s for _, s, _ in marks]             # marks come in the order of their starts
    for a, b in _split_parts(phrase, lo, marks):
        part = text[a:b]
        inside = marks[bisect_left(starts, a):bisect_left(starts, b)]
        persons = [(e, s, t) for e, s, t in inside if local_name(e.tag) == "persName"]
        line = line_of(inside[0][0]) if inside else 0
        if persons:
            office = office_before(text[a:persons[0][1]])
            out.extend(replace(ctx.person(e, Span(s, t) if s < t else None), office=office)
                       for e, s, t in persons)
        elif (m := _PAREN_NAME.search(part)) and m[1].strip() not in _NOT_NAMES \
                and not m[1].strip().isupper() and not _ORG.search(m[1]):
            if clean := clean_name(m[1], "person"):
                out.append(NameRef(clean[0], line=line, role_hint="person",
                                   span=_span_in(text, a + m.start(1), a + m.end(1), clean[0]),
                                   office=office_before(part[:m.start()])))
        elif (m := _NAME_BUREAU.match(_clean_phrase(part))) and m["bureau"] not in _NOT_NAMES \
                and not _ORG.search(m["name"]) and m["name"] not in _NOT_PERSONS:
            out.append(NameRef(m["name"], line=line, role_hint="person", office=m["bureau"],
                               span=_span_in(text, a, b, m["name"])))
        elif _SLASHED.match(_clean_phrase(part)):  # "From Lord/Rodman to Haig": two writers
            for name in _clean_phrase(part).split("/"):
                at = text.find(name, a, b)
                out.append(NameRef(name, line=line, role_hint="person",
                                   span=Span(at, at + len(name)) if at >= 0 else None))
        elif found := candidate(part):
            printed, role = found
            # "Prime Minister Papandreou": the title before the name tells listed people apart
            at = part.rfind(printed) if role == "person" else -1
            out.append(NameRef(printed, line=line, role_hint=role, span=_span_in(text, a, b, printed),
                               office=office_before(part[:at]) if at > 0 else None))
    return out


def _span_in(text: str, lo: int, hi: int, printed: str) -> Span | None:
    """Where ``printed`` stands in ``text[lo:hi]`` (the head's text: its offsets are the
    record's), else the whole of it."""
    at = text.find(printed, lo, hi)
    if at >= 0:
        return Span(at, at + len(printed))
    return Span(lo, hi) if lo < hi else None


# A calendar entry of a microfiche supplement (frus1961-63v07-09mSupp): the head is the whole
# entry, "13. Telegram 2888 from Moscow, May 24. Khrushchev's views on tripartite control.
# Confidential. 3 pp. Department of State, Central Files, 397.5611–GE/5–2461." The parties
# end at the comma before the first date followed by a sentence; "N pp." marks the entry.
_CALENDAR_DATE = re.compile(r",\s+(?:(?:January|February|March|April|May|June|July|August|September|"
                            r"October|November|December)\s+\d{1,2}(?:,\s+\d{4})?|undated)\.\s+\S")
_PAGES = re.compile(r"\b\d+\s+pp?\.(?:\s|$)")
#: "447 to Quito and 553 to Lima", "84 to Tegucigalpa, 134 to Guatemala City": one telegram,
#: numbered for each post it went to
_NEXT_POST = re.compile(r"(?:,|;|(?<!\s)\s+and)\s+(?:[A-Z][a-z]+\s+)?\d[\w/-]*\s+to\s+")


def calendar_end(text: str) -> int | None:
    """Where the parties of a calendar entry end (the comma before its date), if the head is one.

    >>> t = "13. Telegram 2888 from Moscow, May 24. Khrushchev's views. Confidential. 3 pp. DOS."
    >>> t[:calendar_end(t)]
    '13. Telegram 2888 from Moscow'
    """
    pages = _PAGES.search(text)
    date = _CALENDAR_DATE.search(text, 0, pages.start()) if pages else None
    return date.start() if date else None


def calendar_posts(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans of the posts a calendar telegram went to (``Quito and 553 to Lima``).

    >>> t = "Telegram 447 to Quito and 553 to Lima"
    >>> [t[a:b] for a, b in calendar_posts(t, 16, len(t))]
    ['Quito', 'Lima']
    """
    out, prev = [], lo
    for m in _NEXT_POST.finditer(text, lo, hi):
        out.append((prev, m.start()))
        prev = m.end()
    out.append((prev, hi))
    return [(a, b) for a, b in out if a < b]


def split_head(text: str, marks: list[tuple[etree._Element, int, int]]
               ) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None, str]:
    """(type words, from span, to span, how parties are introduced: from, by, between, calendar
    (a calendar entry, :func:`calendar_end`) or "")."""
    end = calendar_end(text)
    if end is None:
        return _split_head(text, marks)
    part = text[:end]
    words, f_span, t_span, mode = _split_head(part, [mk for mk in marks if mk[2] <= end])
    num = HEAD_NUMBER.match(part)
    body = num.end() if num else 0
    if f_span is None and t_span is None and (m := _TO.search(part, body)):
        return part[body:m.start()], None, (m.end(), end), "calendar"  # "Telegram 1703 to USUN"
    return words, f_span, t_span, "calendar" if mode in ("from", "") else mode


def _split_head(text: str, marks: list[tuple[etree._Element, int, int]]
                ) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None, str]:
    num = HEAD_NUMBER.match(text)
    body = num.end() if num else 0
    froms = [(s, t) for e, s, t in marks if e.get("type") == "from"]
    tos = [(s, t) for e, s, t in marks if e.get("type") == "to"]
    mode = "from"
    if (m := _BETWEEN.search(text, body)) and not _FROM.search(text, body, m.start()):
        return text[body:m.start()], (m.end(), _trailer_start(text, m.end())), None, "between"
    m = _FROM.search(text, body)
    if m and (not froms or m.start() <= froms[0][0]):
        type_words, f0 = text[body:m.start()], m.end()
    elif (m := _BY.search(text, body)) and (not froms or m.start() <= froms[0][0]):
        type_words, f0, mode = text[body:m.start()], m.end(), "by"
    elif froms or (re.match(r"^(?:The|the)\s", text[body:])
                   and (num is None or _TO.search(text, body))):  # "No. 635 The JCS to …"
        type_words, f0 = "", body
        if froms and (m := _FROM.search(text, body, froms[0][0])):
            type_words, f0 = text[body:m.start()], m.end()
        elif froms and not re.match(r"^(?:The|the)\s", text[body:]):
            type_words = text[body:froms[0][0]]
    else:
        return text[body:], None, None, ""
    cands = [m for m in _TO.finditer(text, f0) if _depth_at(text, m.start()) == 0]
    good = [m for m in cands if not _blocked(text, m.start())]
    pick: re.Match[str] | None = good[0] if good else cands[0] if cands else None
    fits = pick is not None and all(t <= pick.start() for _, t in froms) and \
        all(s >= pick.end() for s, _ in tos)
    if not fits and (not froms or not tos or max(t for _, t in froms) <= min(s for s, _ in tos)):
        # the markup is consistent: split at the last "to" between the from and to elements
        lo = max([t for _, t in froms] + [f0])
        hi = min([s for s, _ in tos] + [len(text) + 1])
        between = [m for m in cands if lo <= m.start() and m.end() <= hi]
        if between and (tos or froms):
            pick = between[-1] if tos else between[0]
    if pick is None:
        # "Report to the President From the Secretary of State": the addressee comes first
        if mode == "from" and (m := _TO.search(type_words)) and not _depth_at(type_words, m.start()):
            lead = num.end() if num else 0
            return (type_words[:m.start()], (f0, _trailer_start(text, f0)),
                    (lead + m.end(), lead + len(type_words)), mode)
        return type_words, (f0, len(text)), None, mode
    return type_words, (f0, pick.start()), (pick.end(), _trailer_start(text, pick.end())), mode


def _trailer_start(text: str, start: int) -> int:
    """Where a trailing place and date (", Washington, April 19, 1956") begins, or the end."""
    t = trailer_start(text, start)
    return len(text) if t is None else t


def _marked(starts: list[int], lo: int, hi: int) -> bool:
    """Whether a mark (their starts in order) starts in ``[lo, hi)``."""
    k = bisect_left(starts, lo)
    return k < len(starts) and starts[k] < hi
