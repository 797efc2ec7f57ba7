"""From a parse tree of ``title.lark`` to what the title says, as a list of events.

:class:`TitleTransformer` turns each rule of the grammar into events in reading order:
``("role", role, party)`` (senders, recipients, via, for, participants), ``("place", name)``,
``("transmit", message)``, ``("number", n)``, ``("head", kind, mode, headed)``,
``("journal", party)`` (the writer of a journal), and two checks the
driver (:mod:`kg.sources.titles.grammar`) makes before it accepts the parse:
``("reject", i)`` (the clause at token ``i`` does not hold: "in Korea" is not a known place)
and ``("pending", i, end)`` (a list comma at ``i``: the name after it, ending at token
``end``, is one more of the list only when a list separator or the end follows it;
"to Stalin, Plans for the Offensive" is a subject phrase).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lark import Token as LarkToken
from lark import Transformer

from kg.sources.limits import check_count
from kg.sources.titles.lexer import Lexed
from kg.sources.titles.lexicon import DOC_WORDS, GROUPS, KIND_WORDS, PLACES, POSTS, SUBJECT_NOUNS, Token
from kg.sources.titles.model import TitleMessage, TitleParty
from kg.sources.titles.names import OFFICE_WORDS, make_party

__all__ = ["Event", "TitleTransformer"]

Event = tuple[Any, ...]
#: Reads the inside of a via/for bracket: (first token, end token) -> events.
InnerReader = Callable[[int, int], list[Event]]

_ROLES = {"FROM": "senders", "BY": "senders", "OF": "senders", "VIA": "via", "FOR": "for",
          "TO": "recipients"}


@dataclass
class _Party:
    party: TitleParty
    end: int                                           # token index after the party
    doc: str | None = None                             # "Mao Zedong's Telegram": telegram


@dataclass
class _Parties:
    items: list[TitleParty] = field(default_factory=list)
    pending: list[Event] = field(default_factory=list)
    docs: list[str | None] = field(default_factory=list)
    #: the separator before each party but the first: "," (a bare comma) or "and" ("and",
    #: "or", "&", ", and")
    seps: list[str] = field(default_factory=list)


@dataclass
class _Comma:
    at: int                                            # token index after the comma
    bare: bool = True                                  # no "and" nor "or" after it


#: Words that open an office in apposition: "Premier", "Foreign Minister of the PRC".
_TITLES = POSTS | {"premier", "chairman", "president", "secretary", "minister", "chief", "commander",
                   "leader", "head", "acting", "deputy", "vice", "first"}


def _apposition(p: TitleParty) -> bool:
    """Whether a party is an office in apposition: an office title in its first two words and
    no holder's name after it ("Indian Ambassador to the PRC", not "Premier Zhou Enlai")."""
    words = [w for w in p.printed.lower().split() if w not in ("a", "an", "the")]
    return bool(words) and any(w in _TITLES for w in words[:2]) and (
        len(words) == 1 or "of" in words or "to" in words or words[-1] in OFFICE_WORDS)


def _named_after_office(found: _Parties, comma: _Comma | None, p: TitleParty) -> bool:
    """Whether ``p`` names the holder of the office that opens the list, after a bare comma:
    "from the Chairman of the Cabinet of Ministers of the DPRK, Kim Il Sung, to ...", one
    writer, the office his apposition."""
    return comma is not None and comma.bare and len(found.items) == 1 \
        and _apposition(found.items[0]) and not _apposition(p)


#: A plural honorific opens a list: "to Cdes. Stalin, Molotov".
_PLURAL = re.compile(r"(?i)(?:the\s+)?(?:cdes\.|comrades|cmrds\.)")


def _group(name: str) -> bool:
    """"a Delegation", "a Delegation of the Workers' Party of Korea", "the Soviet Delegation in
    Geneva": a group, not a person."""
    head = re.split(r" (?:of|in|at) ", name)[0].split()
    return bool(head) and head[-1].lower() in GROUPS


def _events(children: list[Any]) -> list[Event]:
    """The events of a rule's children, in order (tokens and fillers give none)."""
    out: list[Event] = []
    for c in children:
        if isinstance(c, list):
            out.extend(c)
    return out


class TitleTransformer(Transformer[LarkToken, list[Event]]):
    """Turns a parse of ``title.lark`` into events (see the module docstring)."""

    def __init__(self, lx: Lexed, inner: InnerReader):
        super().__init__()
        self.lx = lx
        self.inner = inner
        self.bracketed = 0

    def _raw(self, *toks: LarkToken | None) -> list[Token]:
        """The tokenizer's tokens of terminals."""
        return [r for t in toks if t is not None for r in self.lx.toks[t.line:self._end(t)]]

    def _end(self, t: LarkToken) -> int:
        """The index of the tokenizer's token after terminal ``t``."""
        return self.lx.end_index(t)

    # -- parties ------------------------------------------------------------------------
    def party(self, ch: list[LarkToken]) -> _Party:
        """A name, its article and its bracket ("the Chairman [Mao Zedong]")."""
        cover = ch[-1] if ch[-1].type == "COVER" else None
        toks = self._raw(*(ch[:-1] if cover is not None else ch))
        return _Party(make_party(self.lx.title, toks, 0, self._raw(cover) or None), self._end(ch[-1]))

    def completed(self, ch: list[LarkToken]) -> _Party:
        """"[Nikita] Khrushchev": a bracket before the name completes it."""
        i = next(k for k, t in enumerate(ch) if t.type == "COVER")
        party = make_party(self.lx.title, self._raw(*ch[:i], *ch[i + 1:]), 0, self._raw(ch[i]), True)
        return _Party(party, self._end(ch[-1]))

    def possessor(self, ch: list[LarkToken]) -> _Party:
        """"Mao Zedong's Telegram": the name less its 's; the document word is read, not printed."""
        poss = next(i for i, t in enumerate(ch) if t.type == "POSS")
        doc = ch[-1].value.lower() if ch[-1].type in ("DOC", "DOC_LC") else None
        return _Party(make_party(self.lx.title, self._raw(*ch[:poss + 1]), 2), self._end(ch[-1]), doc)

    def item(self, ch: list[Any]) -> _Party:
        """A party and the initials printed after it ("Stalin, I.V.")."""
        p: _Party = ch[0]
        for init in ch[1:]:
            last = self.lx.toks[self._end(init) - 1]
            q = p.party
            p = _Party(TitleParty(self.lx.title[q.start:last.end], f"{q.name} {last.text}", q.cover,
                                  q.start, last.end, q.cover_key), self._end(init))
        return p

    def list_comma(self, ch: list[LarkToken]) -> _Comma:
        return _Comma(self._end(ch[0]), len(ch) == 1)

    def parties(self, ch: list[Any]) -> _Parties:
        """The parties of a list, less the offices in apposition after a comma ("Zhou Enlai,
        Premier and Foreign Minister of the PRC, to Vyshinsky")."""
        out = _Parties()
        comma: _Comma | None = None
        apposition = False
        sep = ""
        for c in ch:
            if isinstance(c, LarkToken):
                sep = "and"
            elif isinstance(c, _Comma):
                comma, apposition, sep = c, False, "," if c.bare else "and"
            elif isinstance(c, _Party):
                if comma is not None:
                    out.pending.append(("pending", comma.at, c.end))
                    apposition = bool(out.items) and _apposition(c.party) and not _apposition(out.items[-1])
                elif apposition and not _apposition(c.party):
                    apposition = False
                if _named_after_office(out, comma, c.party):
                    out.items[0], out.docs[0], comma = c.party, c.doc, None
                    continue
                if not apposition:
                    out.seps += [sep] if out.items else []
                    out.items.append(c.party)
                    out.docs.append(c.doc)
                check_count("a list of parties in the title", len(out.items))
                comma = None
        return out

    def _people(self, role: str, found: _Parties) -> list[Event]:
        """Role events for the parties, place events for the places among them."""
        out: list[Event] = list(found.pending)
        for p in found.items:
            out.append(("place", p.name) if p.name.lower() in PLACES else ("role", role, p))
        return out

    def _sited(self, role: str, found: _Parties) -> tuple[_Parties, list[Event]]:
        """A list of parties takes "and" before its last name: two names joined by a bare
        comma are no list, and a name after a bare comma once the list has had its "and" is
        none of it. The single word so left out is where the document was sent from or to:
        before the writer ("Cable from Geneva, Molotov to ..."), after the addressee ("to
        Filippov [Stalin], Xibaipo") or after the list ("from Mikoyan and Suslov, Budapest,
        to ..."); it becomes a place."""
        if found.seps == [","] and not _PLURAL.match(found.items[0].printed):   # "to Cdes. A, B": a list
            k = 0 if role == "senders" else 1
        elif len(found.seps) > 1 and found.seps[-1] == "," and "and" in found.seps:
            k = len(found.items) - 1
        else:
            return found, []
        site = found.items[k]
        if len(site.name.split()) != 1 or site.cover or site.name.lower() in OFFICE_WORDS:
            return found, []
        keep = [i for i in range(len(found.items)) if i != k]
        return _Parties([found.items[i] for i in keep], found.pending, [found.docs[i] for i in keep],
                        [found.seps[i - 1] for i in keep[1:]]), [("place", site.name)]

    # -- clauses -------------------------------------------------------------------------
    def role_clause(self, ch: list[Any]) -> list[Event]:
        role = _ROLES[ch[0].type]
        found, places = self._sited(role, ch[1]) if role in ("senders", "recipients") else (ch[1], [])
        return places + self._people(role, found)

    def to_clause(self, ch: list[Any]) -> list[Event]:
        found, places = self._sited("recipients", ch[1])
        return self._people("recipients", found) + places

    def of_clause(self, ch: list[Any]) -> list[Event]:
        return self._people("senders", ch[1])

    def leading(self, ch: list[Any]) -> list[Event]:
        return self._people("senders", ch[0])

    def headless_leading(self, ch: list[Any]) -> list[Event]:
        """"Mao Zedong's Telegram to Peng Dehuai": the writer's document word is the kind."""
        found: _Parties = ch[0]
        if any(p.name.split()[-1:] and p.name.split()[-1].lower() in SUBJECT_NOUNS for p in found.items):
            return [("reject", self.lx.starts[found.items[0].start])]   # "Chinese Military Aid to Vietnam"
        kind = KIND_WORDS.get((found.docs[0],)) if found.docs and found.docs[0] else None
        head: list[Event] = [("head", kind[0], kind[1], True)] if kind else []
        return [*head, *self._people("senders", found)]

    def mod_clause(self, ch: list[LarkToken]) -> list[Event]:
        found = self.inner((ch[0].line or 0) + 1, self._end(ch[0]) - 1)
        self.bracketed += len(found)                   # "(via A) (via B) ...": refused as read
        check_count("the title's list of via", self.bracketed)
        return found

    def mod_inner(self, ch: list[Any]) -> list[Event]:
        """"via Roshchin" inside brackets: the parties as named, places included."""
        found: _Parties = ch[1]
        role = "via" if ch[0].type == "VIA" else "for"
        return [*found.pending, *(("role", role, p) for p in found.items)]

    def place_clause(self, ch: list[Any]) -> list[Event]:
        """"in Beijing": a known place; or any name in the seat of a writer before the
        addressee ("Zhou Enlai in Geneva to Mao Zedong")."""
        p: _Party = ch[1]
        name = p.party.name
        before_to = p.end < len(self.lx.toks) and self.lx.toks[p.end].low == "to"
        return [("place", name)] if name.lower() in PLACES or before_to else [("reject", ch[0].line)]

    def numbers(self, ch: list[LarkToken]) -> list[Event]:
        """``No. 709``, ``Nos. 408-410``: short ranges are spelled out, suffixes (/sh) dropped."""
        out: list[str] = []
        for t in ch:
            if t.type != "NUMBER":
                continue
            a, _, b = t.value.partition("-") if "-" in t.value else t.value.partition("–")
            lo, hi = a.strip().split("/")[0], b.strip().split("/")[0]
            if hi and int(hi) >= int(lo) and int(hi) - int(lo) < 50:
                out.extend(str(n) for n in range(int(lo), int(hi) + 1))
            else:
                out.extend(x for x in (lo, hi) if x)
            check_count("the list of numbers in the title", len(out))
        return [("number", n) for n in out]

    # -- carried messages ----------------------------------------------------------------
    def doc(self, ch: list[LarkToken]) -> list[Event]:
        return [("kind", DOC_WORDS[ch[0].value.lower()])]

    def writer(self, ch: list[Any]) -> list[Event]:
        """"Kim Il Sung's Letter": the writer, and the kind its document word gives."""
        p = self.possessor(ch)
        last = ch[-1]
        return [("kind", DOC_WORDS.get(last.value.lower())), ("carried_from", p.party)]

    def carried_from(self, ch: list[Any]) -> list[Event]:
        return [e if e[0] != "role" else ("carried_from", e[2]) for e in self._people("senders", ch[1])]

    def carried_to(self, ch: list[Any]) -> list[Event]:
        return [e if e[0] != "role" else ("carried_to", e[2]) for e in self._people("recipients", ch[1])]

    def carried_in(self, ch: list[Any]) -> list[Event]:
        """"in Stalin's Name": Stalin is the carried message's addressee."""
        return [("carried_to", self.possessor(ch[1:-1]).party)]

    def carried(self, ch: list[Any]) -> list[Event]:
        """One message, or several joined by "and a Reply ..." (each from its document word)."""
        groups: list[list[Event]] = [[]]
        for c in ch:
            if isinstance(c, LarkToken) and c.type == "AND_DOC":
                groups.append([])
            elif isinstance(c, list):
                groups[-1].extend(c)
        out: list[Event] = []
        kind = None
        for events in groups:
            # "Telegrams from A to B and from B to A": a message with no document word of its
            # own is of the kind of the one before
            kind = next((e[1] for e in events if e[0] == "kind"), kind)
            msg = TitleMessage(kind, tuple(e[1] for e in events if e[0] == "carried_from"),
                               tuple(e[1] for e in events if e[0] == "carried_to"))
            out += [e for e in events if e[0] not in ("kind", "carried_from", "carried_to")]
            out.append(("transmit", msg))
        return out

    # -- conversations ---------------------------------------------------------------------
    def conv_party(self, ch: list[Any]) -> list[Event]:
        """"between A and B", "headed by C": participants, less groups ("a Delegation")."""
        if len(ch) < 2:
            return []
        parties: _Parties = ch[1]
        places: list[Event] = []
        if len(parties.seps) > 1 and parties.seps[-1] == "," and "and" in parties.seps:
            # "between Molotov and Eden, Geneva, 3 June 1954": a single word after the
            # list's "and" and a bare comma is where the conversation took place
            parties, places = self._sited("participants", parties)
        found = [e for e in self._people("participants", parties) if e[0] != "pending"]
        return [e for e in found if e[0] != "role" or not _group(e[2].name)] + places

    def conv_origin(self, ch: list[Any]) -> list[Event]:
        """"a Delegation from the DPRK": the origin is no participant (places are kept)."""
        return [e for e in self._people("", ch[1]) if e[0] == "place"] if len(ch) > 1 else []

    def conv_bare(self, ch: list[Any]) -> list[Event]:
        return [e for e in self._people("participants", ch[0]) if e[0] != "pending"]

    # -- the title -------------------------------------------------------------------------
    def journal(self, ch: list[Any]) -> list[Event]:
        """"From the Journal of V.V. Kuznetsov:": the journal's writer takes part."""
        found: _Parties = ch[1]
        return [*found.pending, *(("journal", p) for p in found.items)]

    def _headed(self, ch: list[Any]) -> list[Event]:
        head: LarkToken = ch[0]
        kind, mode = KIND_WORDS[self.lx.kind_words(head)]
        return [("head", kind, mode, True), *_events(ch[1:])]

    corr = other = conv = _headed

    def headless(self, ch: list[Any]) -> list[Event]:
        events = _events(ch)
        return events if any(e[0] == "head" for e in events) else [("head", None, "other", False), *events]

    def title(self, ch: list[Any]) -> list[Event]:
        return _events(ch)

    def excerpt(self, ch: list[Any]) -> list[Event]:
        return []
