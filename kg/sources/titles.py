"""The title grammar of archive records: a tokenizer and a recursive-descent parser.

A title is read left to right::

    title       := [prefix] head [numbers] clauses [rest]
    prefix      := ("Excerpt" | "Extract") "from" | "From the" ("Journal"|"Diary") "of" parties ":"
    head        := kind words: "Ciphered Telegram", "Cable Telegram", "Hand delivered note",
                   "Record of a Conversation", "Draft Reply", "Decisions", ...
    numbers     := ("No." | "Nos." | "Nº" | "#") number {("," | "and") number}   number := N ["-" M]
    clauses     := {[","] clause}
    clause      := "from" parties | "to" parties | ("of" | "by") parties | parties "to" parties
                 | "via" parties | "for" parties | ("(" | "[") ("via" | "for") parties (")" | "]")
                 | "(" remark ")" | ("in" | "at") place | transmission | numbers
    transmission:= ("transmitting" | "conveying" | "containing" | "relaying" | "attaching"
                    | "enclosing" | "forwarding" | "with") [article] [date] docword
                   {"from" parties | "to" parties | "of" parties | "in" party "'s Name"}
    parties     := party {("and" | "or" | "," ["and"]) party}     (a comma item must end at a
                   separator or clause word, else it opens a subject phrase)
    party       := [article] name-word {name-word | "of" ["the"] name-word} ["'s" [docword]] [cover]
                   ["," initials]
    cover       := "[" words "]" | "(" words ")"
    rest        := anything else: a subject phrase ("on ...", "regarding ...", ", approved by ...",
                   ", Plans for ...") whose names are not parties

Records of conversation read ``("of" | "between" | "with" | "and" | "headed by") parties``
into ``participants`` instead (groups such as "a Delegation", its origin after "from", and
bracketed interpreters dropped). A title whose only parties are those of one carried message
("Cable with Message from A to B") gets them as its own senders and addressees. Places after
"from", "to", "in" or "at" go to ``places``, not to the parties. Titles that are not
correspondence (conversations; reports, decisions and headless titles naming no addressee)
get no senders or addressees; a writer they name is kept in ``authors``.

Every party keeps its printed text and offsets (:class:`TitleParty`); people are
resolved later by :mod:`kg.mapping.authority`, which strips initials and honorifics. This module
strips only what the resolver cannot know: offices, ranks and appositions ("Soviet Defense
Minister A.M. Vasilevsky" -> "A.M. Vasilevsky") and cover names ("Filippov [Stalin]" ->
"Stalin", cover "Filippov").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TitleParty", "TitleMessage", "TitleParse", "parse_title", "KIND_WORDS", "COVER_NAMES"]

#: Head words -> (ontology class local name or None, mode). Mode ``corr``: correspondence;
#: ``conv``: a record of conversation; ``other``: correspondence only when an addressee is named.
KIND_WORDS: dict[tuple[str, ...], tuple[str | None, str]] = {}
for _words, _kind, _mode in [
    ("ciphered telegram|cipher telegram|coded telegram|encrypted telegram|ciphered cable",
     "CipheredTelegram", "corr"),
    ("cable telegram|cable|cablegram", "Cable", "corr"),
    ("telegram|telegramme|radiogram", "Telegram", "corr"),
    ("hand delivered note|hand-delivered note|note|verbal note", "Note", "corr"),
    ("letter|personal letter", "Letter", "corr"),
    ("memorandum|memo", "Memorandum", "corr"),
    ("report", "Report", "other"),
    ("message|draft reply|reply|draft telegram|draft letter|draft|directive|instructions", None, "corr"),
    ("decision|decisions|resolution|protocol|minutes|order", None, "other"),
]:
    for _w in _words.split("|"):
        KIND_WORDS[tuple(_w.split())] = (_kind, _mode)
for _rec in ("record", "records", "notes", "memorandum", "minutes", "transcript", "summary"):
    for _art in ((), ("a",), ("the",)):
        for _what in ("conversation", "conversations", "meeting", "talk", "talks"):
            KIND_WORDS[(_rec, "of", *_art, _what)] = ("RecordOfConversation", "conv")
KIND_WORDS[("conversation",)] = ("RecordOfConversation", "conv")

#: Cover names -> the normalised cover name. Kuznetsov is a cover only bracketed next to Stalin.
COVER_NAMES = {"filippov": "Filippov", "filipov": "Filippov", "flippov": "Filippov",
               "flilippov": "Filippov", "feng xi": "Feng Xi", "fyn si": "Feng Xi", "fyn-si": "Feng Xi"}
PLACES = {"beijing", "peking", "peiping", "pyongyang", "moscow", "seoul", "shanghai", "tokyo",
          "washington", "harbin", "dalny", "port arthur", "kaesong", "panmunjom", "nanjing"}

_DOC_WORDS = {"telegram": "Telegram", "cable": "Cable", "letter": "Letter", "message": "Message",
              "note": "Note", "memorandum": "Memorandum", "report": "Report", "reply": "Message",
              "request": "Message", "appeal": "Message", "statement": "Message", "greetings": "Message",
              "proposal": "Message", "proposals": "Message", "telegrams": "Telegram",
              "messages": "Message", "letters": "Letter"}
_CARRY = {"transmitting", "conveying", "containing", "relaying", "attaching", "enclosing",
          "forwarding", "passing", "with"}
_STOP = {"from", "to", "via", "for", "and", "or", "with", "by", "on", "regarding", "concerning",
         "about", "in", "at", "re", "approved", "headed", "led", "between", "during", "after",
         "before", "upon", "&", *_CARRY}
_ARTICLES = {"a", "an", "the"}
_HONORIFICS = {"comrade", "comrades", "cde.", "cdes.", "comr.", "cmrd.", "cmrds.", "tov.", "mr.",
               "governor", "marshal", "general", "gen.", "colonel", "col.", "lieutenant", "lt.",
               "major", "admiral", "ambassador", "minister", "premier", "chairman", "president",
               "secretary", "deputy", "vice", "prime", "foreign", "defense", "defence", "first",
               "chief", "head", "commander", "envoy", "counselor", "counsellor", "attache",
               "soviet", "chinese", "korean", "north", "un", "ussr", "prc", "dprk", "cc", "cpsu",
               "ccp", "affairs", "armed", "forces", "war", "state", "security", "of", "the",
               "army", "colonel-general", "lieutenant-general", "major-general", "acting"}
#: A party whose last word is one of these is a body, kept as named (less a leading article).
_BODIES = {"ministry", "council", "ministers", "staff", "government", "politburo", "committee",
           "presidium", "secretariat", "embassy", "directorate", "bureau", "commission",
           "department", "command", "headquarters", "affairs", "army", "forces", "party",
           "cabinet", "office", "administration", "delegation", "mission", "section", "union",
           "republic", "korea", "china", "ussr", "dprk", "prc", "kpa", "cpv", "front", "plenum",
           "apparatus", "agency", "leadership"}
#: Posts accredited "to" a country: "Ambassador to the DPRK", "Representative to the UN".
_POSTS = {"ambassador", "envoy", "representative", "delegate", "adviser", "advisor", "counselor",
          "counsellor", "attache", "plenipotentiary", "minister"}
_POST_OBJECTS = {"to", "the", "dprk", "prc", "ussr", "korea", "china", "japan", "usa", "un", "mongolia",
                 "poland", "czechoslovakia", "hungary", "romania", "bulgaria", "gdr", "vietnam"}
_GROUPS = {"delegation", "delegations", "group", "members", "representatives", "leaders"}
_SUBJECTS = {"plans", "plan", "situation", "questions", "question", "results", "proposals",
             "information", "report", "request", "answer", "reply", "text", "draft", "excerpt"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"}

_TOKEN = re.compile(r"""
    (?P<nummark>(?i:nos?\.|n[º°]\.?|\#|no(?=\s*\d)))(?=\s*\d)
  | (?P<ordinal>\d+(?:st|nd|rd|th)\b)
  | (?P<number>\d+(?:/[A-Za-z]+)?(?:\s*[-–]\s*\d+(?:/[A-Za-z]+)?)?)
  | (?P<abbr>(?i:cdes?|comr|cmrds?|tov|mr|gen|col|lt)\.)
  | (?P<initials>(?:[A-Z][a-z]?\.){1,3}(?![^\W\d_]))
  | (?P<word>[^\W\d_](?:[\w'’\-]*\w)?(?:\([a-z]\))?(?:['’]s)?)
  | (?P<punct>[,;:()\[\]&])
  | (?P<other>\S)
""", re.VERBOSE)


@dataclass(frozen=True)
class TitleParty:
    """A party as the title prints it, with the real name when a cover name is bracketed.

    ``printed`` is ``title[start:end]``; ``name`` has offices and covers stripped, not
    initials or honorifics; ``cover_key`` is the cover normalised (``Filippov``,
    ``Feng Xi``, ``Kuznetsov``).
    """

    printed: str
    name: str
    cover: str | None = None
    start: int = 0
    end: int = 0
    cover_key: str | None = None


@dataclass(frozen=True)
class TitleMessage:
    """A message the title says the document carries ("transmitting a Message from A to B")."""

    kind: str | None
    senders: tuple[TitleParty, ...] = ()
    recipients: tuple[TitleParty, ...] = ()


@dataclass(frozen=True)
class TitleParse:
    """What a title says about its document.

    ``authors`` holds writers of a non-correspondence document ("Report by X" with no
    addressee), who are not senders. ``places`` holds places named after "from"/"to".
    """

    kind: str | None
    correspondence: bool
    cipher_numbers: tuple[str, ...] = ()
    senders: tuple[TitleParty, ...] = ()
    recipients: tuple[TitleParty, ...] = ()
    via: tuple[TitleParty, ...] = ()
    for_: tuple[TitleParty, ...] = ()
    transmits: tuple[TitleMessage, ...] = ()
    participants: tuple[TitleParty, ...] = ()
    rest: str = ""
    authors: tuple[TitleParty, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_name(self) -> bool:
        """Can stand in a name: a capitalised word, initials, an ordinal or an honorific."""
        if self.kind in ("initials", "ordinal", "abbr"):
            return True
        first = self.text[0]
        # capitalised, or a script without case (周恩来, 김일성)
        cased = first.isupper() or (first.isalpha() and not first.islower() and not first.isascii())
        return self.kind == "word" and cased and self.low not in _STOP


def _tokens(title: str) -> list[_Tok]:
    return [_Tok(m.lastgroup or "other", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(title)]


def _possessive(text: str) -> bool:
    return len(text) > 2 and text[-2:].lower() in ("'s", "’s")


class _Parser:
    def __init__(self, title: str):
        self.title = title
        self.toks = _tokens(title)
        self.pos = 0
        self.numbers: list[str] = []
        self.roles: dict[str, list[TitleParty]] = {r: [] for r in (
            "senders", "recipients", "via", "for", "participants")}
        self.transmits: list[TitleMessage] = []
        self.places: list[str] = []

    # -- token helpers -------------------------------------------------------------------
    def peek(self, k: int = 0) -> _Tok | None:
        i = self.pos + k
        return self.toks[i] if 0 <= i < len(self.toks) else None

    def at(self, *words: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.low in words

    def close_of(self, i: int) -> int | None:
        """Index of the bracket closing the one at token ``i``."""
        depth = 0
        for j in range(i, len(self.toks)):
            if self.toks[j].text in "([":
                depth += 1
            elif self.toks[j].text in ")]":
                depth -= 1
                if depth == 0:
                    return j
        return None

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
        self.pos += 1                                  # the No. / Nos. / # mark
        while (t := self.peek()) is not None and t.kind == "number":
            a, _, b = t.text.partition("-") if "-" in t.text else t.text.partition("–")
            lo = a.strip().split("/")[0]
            hi = b.strip().split("/")[0]
            if hi and int(hi) >= int(lo) and int(hi) - int(lo) < 50:
                self.numbers.extend(str(n) for n in range(int(lo), int(hi) + 1))
            else:
                self.numbers.extend(x for x in (lo, hi) if x)
            self.pos += 1
            if self.at(",", "and") and (n := self.peek(1)) is not None and n.kind == "number":
                self.pos += 1

    # -- parties -------------------------------------------------------------------------
    def party(self) -> TitleParty | None:
        """One name with its honorifics, office words and bracketed cover name."""
        begin = self.pos
        toks: list[_Tok] = []
        if self.at(*_ARTICLES) and (n := self.peek(1)) is not None and n.is_name:
            toks.append(self.toks[self.pos])
            self.pos += 1
        end_cut = 0
        cover_inner: tuple[int, int] | None = None
        while (t := self.peek()) is not None:
            if t.is_name and not (t.low in _DOC_WORDS and toks):
                toks.append(t)
                self.pos += 1
                if _possessive(t.text) and not ((n := self.peek()) is not None and n.is_name
                                                 and n.low not in _DOC_WORDS and n.low != "name"):
                    end_cut = 2                        # "Mao Zedong's Telegram": drop the 's
                    if (n := self.peek()) is not None and n.low in _DOC_WORDS:
                        self.pos += 1
                    break
            elif (t.low == "to" and toks and toks[-1].low in _POSTS
                  and (n := self.peek(2 if self.at("the", k=1) else 1)) is not None and n.is_name):
                k = 2 if self.at("the", k=1) else 1    # "Ambassador to the DPRK T.F. Shtykov"
                toks.extend(self.toks[self.pos:self.pos + k])
                self.pos += k
            elif (t.low in ("of", "de", "von", "van") and toks and toks[-1].kind == "word"
                  and toks[-1].low in _BODIES | _HONORIFICS):
                k = 2 if self.at("the", k=1) else 1
                if (n := self.peek(k)) is None or not n.is_name:
                    break
                toks.extend(self.toks[self.pos:self.pos + k])
                self.pos += k
            elif t.text in "([" and toks:
                close = self.close_of(self.pos)
                inner = self.peek(1)
                if close is None or inner is None or inner.low in ("via", "for", "interpreter") \
                        or not inner.is_name:
                    break
                cover_inner = (self.pos + 1, close)
                toks.append(self.toks[close])
                self.pos = close + 1
                break
            else:
                break
        words = [t for t in toks if t.kind != "punct"]
        if not words or all(t.low in _ARTICLES for t in words):
            self.pos = begin
            return None
        start, end = toks[0].start, toks[-1].end - end_cut
        printed = self.title[start:end]
        if cover_inner is None:
            return TitleParty(printed, _strip_office(toks), None, start, end)
        i, j = cover_inner
        outside = _strip_office([t for t in toks if t.start < self.toks[i - 1].start])
        inside = _strip_office(self.toks[i:j])
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
            if t is None or t.low in _SUBJECTS:
                return False
            if self.party() is None:
                return False
            n = self.peek()
            return n is None or n.low in (",", "and", "or", "&", ")", "]", "via", "to", "from", ";")
        finally:
            self.pos = save

    def parties(self) -> list[TitleParty]:
        """``party {("and" | "or" | "," ["and"]) party}``."""
        out: list[TitleParty] = []
        while (p := self.party()) is not None:
            out.append(p)
            while self.at(",") and (n := self.peek(1)) is not None and n.kind == "initials" and (
                    self.peek(2) is None or self.at(",", "and", "or", "to", "via", k=2)):
                last = self.toks[self.pos + 1]        # "Stalin, I.V., Molotov": trailing initials
                out[-1] = TitleParty(self.title[out[-1].start:last.end], f"{out[-1].name} {last.text}",
                                     out[-1].cover, out[-1].start, last.end, out[-1].cover_key)
                self.pos += 2
            save = self.pos
            if self.at("and", "or", "&"):
                self.pos += 1
                if (t := self.peek()) is not None and (t.is_name or t.low in _ARTICLES):
                    continue
            elif self.at(","):
                self.pos += 1
                if self.at("and", "or"):
                    self.pos += 1
                if self.list_item_follows():
                    continue
            self.pos = save
            break
        return out

    def people(self, parties: list[TitleParty]) -> list[TitleParty]:
        """Parties less places (kept in ``places``)."""
        keep = []
        for p in parties:
            if p.name.lower() in PLACES:
                self.places.append(p.name)
            else:
                keep.append(p)
        return keep

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
        while (t := self.peek()) is not None and (t.kind == "number" or t.low in _MONTHS):
            self.pos += 1

    def carried(self) -> bool:
        """A transmission clause; False (position unchanged) when the words do not make one."""
        save = self.pos
        self.pos += 1
        while self.at(*_ARTICLES, "text", "of"):
            self.pos += 1
        self.skip_date()
        while self.at(*_ARTICLES, "draft", "copy", "translated", "the"):
            self.pos += 1                              # "attaching a Draft Letter to Zhou Enlai"
        senders: list[TitleParty] = []
        kind: str | None = None
        if (t := self.peek()) is not None and t.low not in _DOC_WORDS and t.is_name:
            p = self.party()                           # "transmitting Kim Il Sung's Letter"
            last = self.toks[self.pos - 1]
            if p is None or not (_possessive(last.text) or last.low in _DOC_WORDS):
                self.pos = save
                return False
            senders.append(p)
            kind = _DOC_WORDS.get(last.low)
        elif t is not None and t.low in _DOC_WORDS:
            kind = _DOC_WORDS[t.low]
            self.pos += 1
        else:
            self.pos = save
            return False
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
                break
        self.transmits.append(TitleMessage(kind, tuple(senders), tuple(recipients)))
        return True

    def _in_name(self) -> TitleParty | None:
        save = self.pos
        self.pos += 1
        p = self.party()
        if p is not None and _possessive(self.toks[self.pos - 1].text) and self.at("name"):
            self.pos += 1
            return p
        self.pos = save
        return None

    def correspondence_clauses(self, headed: bool) -> None:
        first = True
        while (t := self.peek()) is not None:
            if t.text in ",;:":
                self.pos += 1
                continue
            if t.kind == "nummark":
                self.numbers_clause()
                continue
            if t.low in ("from", "to", "via", "for", "by") or (t.low == "of" and first and headed):
                role = {"from": "senders", "of": "senders", "by": "senders", "to": "recipients",
                        "via": "via", "for": "for"}[t.low]
                self.pos += 1
                before = self.pos
                found = self.people(self.parties())    # places after "from"/"to" go to places
                if self.pos == before:                 # "to approve ...": not a party clause
                    self.pos -= 1
                    break
                self.roles[role].extend(found)
            elif self.bracket_modifier():
                pass
            elif t.text in "([" and (close := self.close_of(self.pos)) is not None:
                self.pos = close + 1                   # "[sic]", "(1950)": a remark, not a clause
                continue
            elif t.low in ("in", "at") and self.place_follows():
                pass                                   # "Roshchin in Beijing to ..."
            elif t.low in _CARRY:
                if not self.carried():
                    break
            elif first and (t.is_name or t.low in _ARTICLES) and not self.roles["senders"]:
                save = self.pos
                found = self.parties()                # "Zhou Enlai to Stalin" after the head
                if not found or not (headed or self.at("to")):
                    self.pos = save
                    break
                self.roles["senders"].extend(self.people(found))
            else:
                break
            first = False

    def conversation_clauses(self) -> None:
        while (t := self.peek()) is not None:
            if t.text in ",;:":
                self.pos += 1
            elif t.low in ("of", "between", "with", "and", "&") or (
                    t.low in ("headed", "led") and self.at("by", k=1)):
                self.pos += 2 if t.low in ("headed", "led") else 1
                found = [p for p in self.people(self.parties())
                         if p.name.split()[-1].lower() not in _GROUPS]
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


def _strip_office(toks: list[_Tok]) -> str:
    """Name words less leading articles, offices, ranks and honorifics; bodies keep their words."""
    words = [t for t in toks if t.kind != "punct"]
    while words and words[0].low in _ARTICLES:
        words = words[1:]
    if not words:
        return ""
    if words[-1].low not in _BODIES | _HONORIFICS:   # an office alone ("Soviet Ambassador") stays
        i = 0
        while i < len(words) - 1 and (words[i].low in _HONORIFICS or words[i].low in _POST_OBJECTS
                                      and i > 0 and words[i - 1].low in ("to", "the")):
            i += 1
        if i and words[0].low in _HONORIFICS:
            # "Acting Chief of the General Staff Nie Rongzhen": the office ends at its body word
            last_body = max((k for k in range(i, len(words) - 1) if words[k].low in _BODIES), default=None)
            if last_body is not None and words[last_body + 1].text[:1].isupper():
                i = last_body + 1
        words = words[i:]
    text = " ".join(t.text for t in words)
    return re.sub(r"['’]s$", "", text)


def parse_title(title: str) -> TitleParse:
    """Parse an archive title; never raises.

    >>> t = parse_title("Telegram from Kim Il Sung to Stalin (via Shitykov)")
    >>> t.kind, [p.name for p in t.senders], [p.name for p in t.recipients], [p.name for p in t.via]
    ('Telegram', ['Kim Il Sung'], ['Stalin'], ['Shitykov'])
    >>> t = parse_title("Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong")
    >>> t.cipher_numbers, t.senders[0].cover, t.senders[0].name, [p.name for p in t.for_]
    (('709',), 'Filippov', 'Stalin', ['Mao Zedong'])
    >>> t = parse_title("Cable Nos. 408-410, Shtykov to Vyshinsky (for the Politburo)")
    >>> t.cipher_numbers, [p.name for p in t.for_]
    (('408', '409', '410'), ['Politburo'])
    >>> t = parse_title("Record of Conversation between Stalin and Kim Il Sung")
    >>> t.correspondence, [p.name for p in t.participants]
    (False, ['Stalin', 'Kim Il Sung'])
    """
    try:
        return _parse(title)
    except Exception:  # noqa: BLE001 - a title that defeats the grammar is left unparsed
        return TitleParse(kind=None, correspondence=False, rest=title.strip())


def _parse(title: str) -> TitleParse:
    p = _Parser(title)
    kind, mode, headed = p.head()
    if (t := p.peek()) is not None and t.kind == "nummark":
        p.numbers_clause()
    if mode == "conv":
        p.conversation_clauses()
    else:
        p.correspondence_clauses(headed)
    rest_start = p.toks[p.pos].start if p.pos < len(p.toks) else len(title)
    p.trailing_modifiers()
    r = p.roles
    senders, recipients = r["senders"], r["recipients"]
    transmits = p.transmits
    if not senders and not recipients and len(transmits) == 1:
        # "Cable with Message from Mao Zedong to Stalin": no writer of its own
        senders, recipients = list(transmits[0].senders), list(transmits[0].recipients)
        transmits = []
    if mode == "conv":
        correspondence = False
    elif mode == "other" or not headed:
        correspondence = bool(recipients)
    else:
        correspondence = True
    authors: list[TitleParty] = []
    if not correspondence:
        authors, senders, recipients = senders, [], []
    return TitleParse(
        kind=kind,
        correspondence=correspondence,
        cipher_numbers=tuple(dict.fromkeys(p.numbers)),
        senders=tuple(senders),
        recipients=tuple(recipients),
        via=tuple(r["via"]),
        for_=tuple(r["for"]),
        transmits=tuple(transmits),
        participants=tuple(dict.fromkeys(r["participants"])),
        rest=title[rest_start:].strip(),
        authors=tuple(authors),
        places=tuple(dict.fromkeys(p.places)),
    )
