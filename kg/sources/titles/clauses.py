"""The clauses of a title: its head, numbers, party clauses and the messages it carries.

Grammar (see :mod:`kg.sources.titles`)::

    head        := kind words: "Ciphered Telegram", "Record of a Conversation", ...
    numbers     := ("No." | "Nos." | "Nº" | "#") number {("," | "and") number}
    clause      := "from" parties | "to" parties | ("of" | "by") parties | parties "to" parties
                 | "via" parties | "for" parties | ("(" | "[") ("via" | "for") parties (")" | "]")
                 | "(" remark ")" | ("in" | "at") place | transmission | numbers
    transmission:= ("transmitting" | "conveying" | ... | "with") [article] [date] docword
                   {"from" parties | "to" parties | "of" parties | "in" party "'s Name"}

:class:`TitleParser` reads them on top of :class:`~kg.sources.titles.parties.PartyReader`.
"""

from __future__ import annotations

from kg.sources.limits import check_count
from kg.sources.titles.lexicon import (
    ARTICLES,
    CARRY,
    DOC_WORDS,
    GROUPS,
    KIND_WORDS,
    MONTHS,
    PLACES,
    Token,
    possessive,
)
from kg.sources.titles.model import TitleMessage, TitleParty
from kg.sources.titles.parties import PartyReader

__all__ = ["TitleParser"]

_ROLES = {"from": "senders", "of": "senders", "by": "senders", "to": "recipients",
          "via": "via", "for": "for"}


class TitleParser(PartyReader):
    """Reads a title's clauses; what they say gathers in ``numbers``, ``roles``,
    ``transmits`` and ``places``."""

    def __init__(self, title: str):
        super().__init__(title)
        self.numbers: list[str] = []
        self.roles: dict[str, list[TitleParty]] = {r: [] for r in (
            "senders", "recipients", "via", "for", "participants")}
        self.transmits: list[TitleMessage] = []

    # -- head and numbers ----------------------------------------------------------------
    def head(self) -> tuple[str | None, str, bool]:
        """Kind, mode and whether a head was found; a "From the Journal of X:" prefix gives a participant."""
        if self.at("excerpt", "extract", "excerpts") and self.at("from", k=1):
            self.pos += 2
            if self.at("the"):
                self.pos += 1
        if self.at("from") and self.at("the", k=1) and self.at("journal", "diary", k=2) \
                and self.at("of", k=3):
            self.pos += 4
            self.roles["participants"].extend(self.parties())
            while self.at(":", ",", ";"):
                self.pos += 1
        lows = [t.low for t in self.toks[self.pos:self.pos + 5]]
        for n in range(min(5, len(lows)), 0, -1):
            if tuple(lows[:n]) in KIND_WORDS:
                kind, mode = KIND_WORDS[tuple(lows[:n])]
                self.pos += n
                return kind, mode, True
        return None, "other", False

    def numbers_clause(self) -> None:
        """``No. 709``, ``Nos. 408-410``, ``# 1, 2 and 3``: short ranges are spelled out."""
        self.pos += 1                                  # the No. / Nos. / # mark
        while (t := self.peek()) is not None and t.kind == "number":
            a, _, b = t.text.partition("-") if "-" in t.text else t.text.partition("–")
            lo = a.strip().split("/")[0]
            hi = b.strip().split("/")[0]
            if hi and int(hi) >= int(lo) and int(hi) - int(lo) < 50:
                self.numbers.extend(str(n) for n in range(int(lo), int(hi) + 1))
            else:
                self.numbers.extend(x for x in (lo, hi) if x)
            check_count("the list of numbers in the title", len(self.numbers))
            self.pos += 1
            if self.at(",", "and") and (n := self.peek(1)) is not None and n.kind == "number":
                self.pos += 1

    # -- clauses -------------------------------------------------------------------------
    def bracket_modifier(self) -> bool:
        """``(via X)``, ``[via X]``, ``(for X)``: True when one was read."""
        if not (self.at("(", "[") and self.at("via", "for", k=1)):
            return False
        role = "via" if self.at("via", k=1) else "for"
        close = self.close_of(self.pos)
        self.pos += 2
        self.roles[role].extend(self.parties())
        self.pos = close + 1 if close is not None else self.pos
        return True

    def place_follows(self) -> bool:
        """``("in" | "at") place``: read the place into ``places``; False when no known place follows."""
        save = self.pos
        self.pos += 1
        p = self.party()
        if p is not None and p.name.lower() in PLACES:
            self.places.append(p.name)
            return True
        self.pos = save
        return False

    def skip_date(self) -> None:
        """Skip numbers and month names."""
        while (t := self.peek()) is not None and (t.kind == "number" or t.low in MONTHS):
            self.pos += 1

    def carried(self) -> bool:
        """A transmission clause; False (position unchanged) when the words do not make one."""
        save = self.pos
        self.pos += 1
        while self.at(*ARTICLES, "text", "of"):
            self.pos += 1
        self.skip_date()
        while self.at(*ARTICLES, "draft", "copy", "translated", "the"):
            self.pos += 1                              # "attaching a Draft Letter to Zhou Enlai"
        senders: list[TitleParty] = []
        kind: str | None = None
        if (t := self.peek()) is not None and t.low not in DOC_WORDS and t.is_name:
            p = self.party()                           # "transmitting Kim Il Sung's Letter"
            last = self.toks[self.pos - 1]
            if p is None or not (possessive(last.text) or last.low in DOC_WORDS):
                self.pos = save
                return False
            senders.append(p)
            kind = DOC_WORDS.get(last.low)
        elif t is not None and t.low in DOC_WORDS:
            kind = DOC_WORDS[t.low]
            self.pos += 1
        else:
            self.pos = save
            return False
        recipients = self._carried_parties(senders)
        self.transmits.append(TitleMessage(kind, tuple(senders), tuple(recipients)))
        return True

    def _carried_parties(self, senders: list[TitleParty]) -> list[TitleParty]:
        """The carried message's parties: senders (read into ``senders``) after "from",
        "of" or "by", recipients (returned) after "to", "for" or "in X's Name"."""
        recipients: list[TitleParty] = []
        while True:
            if self.at("from", "of", "by"):
                self.pos += 1
                senders.extend(self.people(self.parties()))
            elif self.at("to", "for"):
                self.pos += 1
                recipients.extend(self.people(self.parties()))
            elif self.at("in") and (p := self._in_name()) is not None:
                recipients.append(p)                  # "a Letter from Kim Il Sung in Stalin's Name"
            else:
                return recipients

    def _in_name(self) -> TitleParty | None:
        save = self.pos
        self.pos += 1
        p = self.party()
        if p is not None and possessive(self.toks[self.pos - 1].text) and self.at("name"):
            self.pos += 1
            return p
        self.pos = save
        return None

    def correspondence_clauses(self, headed: bool) -> None:
        """The clauses of a letter, telegram, note or other correspondence."""
        first = True
        while (t := self.peek()) is not None:
            if t.text in ",;:":
                self.pos += 1
            elif t.kind == "nummark":
                self.numbers_clause()
            elif self._remark():
                pass
            elif self._clause(t, first, headed):
                first = False
            else:
                break

    def _remark(self) -> bool:
        """``[sic]``, ``(1950)``: a bracketed remark (not ``(via X)``), read and not a clause."""
        if not self.at("(", "[") or self.at("via", "for", k=1):
            return False
        close = self.close_of(self.pos)
        if close is None:
            return False
        self.pos = close + 1
        return True

    def _clause(self, t: Token, first: bool, headed: bool) -> bool:
        """One clause starting at ``t``; False when none starts there."""
        if t.low in ("from", "to", "via", "for", "by") or (t.low == "of" and first and headed):
            return self._role_clause(_ROLES[t.low])
        if self.bracket_modifier():
            return True
        if t.low in ("in", "at") and self.place_follows():
            return True                                # "Roshchin in Beijing to ..."
        if t.low in CARRY:
            return self.carried()
        if first and (t.is_name or t.low in ARTICLES) and not self.roles["senders"]:
            return self._leading_senders(headed)
        return False

    def _role_clause(self, role: str) -> bool:
        """``from X``, ``to Y``, ...: the parties into ``role``; False (the word unread) when
        no party follows ("to approve ...")."""
        self.pos += 1
        before = self.pos
        found = self.people(self.parties())            # places after "from"/"to" go to places
        if self.pos == before:
            self.pos -= 1
            return False
        self.roles[role].extend(found)
        return True

    def _leading_senders(self, headed: bool) -> bool:
        """``Zhou Enlai to Stalin`` after the head: parties that are the senders."""
        save = self.pos
        found = self.parties()
        if not found or not (headed or self.at("to")):
            self.pos = save
            return False
        self.roles["senders"].extend(self.people(found))
        return True

    def conversation_clauses(self) -> None:
        """The clauses of a record of conversation: its participants."""
        while (t := self.peek()) is not None:
            if t.text in ",;:":
                self.pos += 1
            elif t.low in ("of", "between", "with", "and", "&") or (
                    t.low in ("headed", "led") and self.at("by", k=1)):
                self.pos += 2 if t.low in ("headed", "led") else 1
                found = [p for p in self.people(self.parties())
                         if p.name.split()[-1].lower() not in GROUPS]
                self.roles["participants"].extend(found)
            elif t.low == "from" and self.peek(1) is not None:
                self.pos += 1
                self.people(self.parties())            # a delegation's origin: not a participant
            elif t.text in "([":
                close = self.close_of(self.pos)
                if close is None:
                    break
                self.pos = close + 1                   # interpreters and remarks
            elif t.is_name:
                found = self.parties()
                if not found:
                    break
                self.roles["participants"].extend(self.people(found))
            else:
                break

    def trailing_modifiers(self) -> None:
        """Bracketed via/for after a subject phrase: "... regarding X (via Roshchin)"."""
        save = self.pos
        while self.pos < len(self.toks):
            if not self.bracket_modifier():
                self.pos += 1
        self.pos = save
