"""The words of the title grammar and its tokenizer.

Head words and the kinds they name (:data:`KIND_WORDS`), cover names, places, document
words, the words that stop a name, honorifics and office words, bodies, posts; and
:func:`tokenize`, which cuts a title into :class:`Token` objects (number marks, numbers,
ordinals, abbreviations, initials, words, punctuation) that keep their offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ARTICLES", "BODIES", "CARRY", "CIPHERED_KINDS", "COVER_NAMES", "COVER_OF", "DOC_WORDS",
           "FOR_PHRASES", "GROUPS", "HEAD_MODIFIERS", "HONORIFICS", "KIND_WORDS", "MONTHS", "PLACES",
           "PLURALS", "POSTS", "POST_OBJECTS", "SEATED", "STOP", "SUBJECTS", "SUBJECT_NOUNS",
           "SUBJECT_VERBS", "Token", "possessive", "tokenize"]

#: Head words -> (ontology class local name or None, mode). Mode ``corr``: correspondence;
#: ``conv``: a record of conversation; ``other``: correspondence only when an addressee is named.
KIND_WORDS: dict[tuple[str, ...], tuple[str | None, str]] = {}
#: Plurals of the last kind word ("Ciphered Telegrams Nos. 4231-4232", "Memoranda of Conversations").
PLURALS = {"memorandum": "memoranda", "reply": "replies", "summary": "summaries"}
for _words, _kind, _mode in [
    ("ciphered telegram|cipher telegram|coded telegram|encrypted telegram|ciphered cable|ciphergram",
     "CipheredTelegram", "corr"),
    ("cable telegram|cable|cablegram", "Cable", "corr"),
    ("telegram|telegramme|radiogram", "Telegram", "corr"),
    ("hand delivered note|hand-delivered note|note|verbal note|note verbale", "Note", "corr"),
    ("letter|personal letter", "Letter", "corr"),
    # a memorandum or a report names its addressee to be correspondence: "Memorandum by
    # Ambassador X on the Border Question" (no addressee) is a paper, its writer no sender
    ("memorandum|memo", "Memorandum", "other"),
    ("report", "Report", "other"),
    ("message|draft reply|reply|draft telegram|draft letter|draft|directive|instructions|instruction",
     None, "corr"),
    ("decision|decisions|resolution|protocol|minutes|order|information", None, "other"),
]:
    for _w in _words.split("|"):
        KIND_WORDS[tuple(_w.split())] = (_kind, _mode)
        *_first, _last = _w.split()
        KIND_WORDS.setdefault((*_first, PLURALS.get(_last, _last + "s")), (_kind, _mode))
# "Telegram of Greetings", "Letter of Thanks": the occasion goes with the kind, not a party
for _head, _class in list(KIND_WORDS.items()):
    if _class[1] == "corr":
        for _occasion in ("greetings", "congratulations", "condolence", "condolences", "thanks"):
            KIND_WORDS[(*_head, "of", _occasion)] = _class
# "Record of a Conversation", "Notes on a Conversation"
for _rec in ("record", "records", "notes", "memorandum", "memoranda", "minutes", "transcript", "summary"):
    for _art in ((), ("a",), ("the",)):
        for _what in ("conversation", "conversations", "meeting", "talk", "talks"):
            KIND_WORDS[(_rec, "of", *_art, _what)] = ("RecordOfConversation", "conv")
            KIND_WORDS[(_rec, "on", *_art, _what)] = ("RecordOfConversation", "conv")
for _what in ("conversation", "conversations", "discussion", "discussions"):
    KIND_WORDS[(_what,)] = ("RecordOfConversation", "conv")
#: Words before a kind that do not change it: "Outgoing Ciphered Telegram", "Joint Cable",
#: "Hand-delivered Letter", "Background Report", "Two Cables from Mao Zedong to Peng Dehuai".
HEAD_MODIFIERS = {"outgoing", "incoming", "joint", "hand-delivered", "urgent", "secret", "top",
                  "background", "personal", "two", "three", "four", "five", "several", "excerpted"}
#: Kinds whose "No." is a cipher number ("Note No. 104", "Protocol No. 88" are not).
CIPHERED_KINDS = {"CipheredTelegram", "Telegram", "Cable"}
#: Cover names -> the person they stand for when printed alone ("Ciphered Telegram, Filippov
#: to Mao Zedong" is Stalin signing as Filippov).
COVER_OF = {"Filippov": "Stalin", "Feng Xi": "Stalin"}
#: Bodies seated somewhere: "the Soviet Embassy in Pyongyang" is one name, and so is a
#: delegation with its seat ("the Soviet Delegation at the Geneva Conference").
SEATED = {"embassy", "legation", "consulate", "consulate-general", "mission", "representation",
          "delegation"}
#: "for transmission to X": X is the ultimate addressee.
FOR_PHRASES = {("for", "transmission", "to"), ("for", "delivery", "to"), ("for", "forwarding", "to"),
               ("for", "transmittal", "to")}

#: Cover names -> the normalised cover name. Kuznetsov is a cover only bracketed next to Stalin.
COVER_NAMES = {"filippov": "Filippov", "filipov": "Filippov", "flippov": "Filippov",
               "flilippov": "Filippov", "feng xi": "Feng Xi", "fyn si": "Feng Xi", "fyn-si": "Feng Xi"}
PLACES = {"beijing", "peking", "peiping", "pyongyang", "moscow", "seoul", "shanghai", "tokyo",
          "washington", "harbin", "dalny", "port arthur", "kaesong", "panmunjom", "nanjing"}

DOC_WORDS = {"telegram": "Telegram", "cable": "Cable", "letter": "Letter", "message": "Message",
             "note": "Note", "memorandum": "Memorandum", "report": "Report", "reply": "Message",
             "request": "Message", "appeal": "Message", "statement": "Message", "greetings": "Message",
             "proposal": "Message", "proposals": "Message", "telegrams": "Telegram",
             "messages": "Message", "letters": "Letter"}
CARRY = {"transmitting", "conveying", "containing", "relaying", "attaching", "enclosing",
         "forwarding", "passing", "with"}
#: Participles that open a subject phrase: "Telegram from Kim Il Sung to Mao Zedong Requesting ...".
SUBJECT_VERBS = {"requesting", "asking", "proposing", "reporting", "informing", "expressing",
                 "announcing", "approving", "agreeing", "thanking", "protesting", "explaining",
                 "suggesting", "urging", "inviting", "congratulating", "accepting", "refusing",
                 "declining", "replying", "answering", "discussing", "describing", "outlining"}
STOP = {"from", "to", "via", "for", "and", "or", "with", "by", "on", "regarding", "concerning",
        "about", "in", "at", "re", "approved", "headed", "led", "between", "during", "after",
        "before", "upon", "&", *CARRY, *SUBJECT_VERBS}
ARTICLES = {"a", "an", "the"}
HONORIFICS = {"comrade", "comrades", "cde.", "cdes.", "comr.", "cmrd.", "cmrds.", "tov.", "mr.",
              "governor", "marshal", "general", "gen.", "colonel", "col.", "lieutenant", "lt.",
              "major", "admiral", "ambassador", "minister", "premier", "chairman", "president",
              "secretary", "deputy", "vice", "prime", "foreign", "defense", "defence", "first",
              "chief", "head", "commander", "envoy", "counselor", "counsellor", "attache",
              "soviet", "chinese", "korean", "north", "un", "ussr", "prc", "dprk", "cc", "cpsu",
              "ccp", "affairs", "armed", "forces", "war", "state", "security", "of", "the",
              "army", "colonel-general", "lieutenant-general", "major-general", "acting",
              "chargé", "charge", "d'affaires", "d’affaires"}
#: A party whose last word is one of these is a body, kept as named (less a leading article).
BODIES = {"ministry", "council", "ministers", "staff", "government", "politburo", "committee",
          "presidium", "secretariat", "embassy", "directorate", "bureau", "commission",
          "department", "command", "headquarters", "affairs", "army", "forces", "party",
          "cabinet", "office", "administration", "delegation", "mission", "section", "union",
          "republic", "korea", "china", "ussr", "dprk", "prc", "kpa", "cpv", "front", "plenum",
          "apparatus", "agency", "leadership"}
#: Posts accredited "to" a country: "Ambassador to the DPRK", "Representative to the UN".
POSTS = {"ambassador", "envoy", "representative", "delegate", "adviser", "advisor", "counselor",
         "counsellor", "attache", "plenipotentiary", "minister", "chargé", "charge", "d'affaires",
         "d’affaires"}
POST_OBJECTS = {"to", "the", "dprk", "prc", "ussr", "korea", "china", "japan", "usa", "un", "mongolia",
                "poland", "czechoslovakia", "hungary", "romania", "bulgaria", "gdr", "vietnam"}
GROUPS = {"delegation", "delegations", "group", "members", "representatives", "leaders"}
SUBJECTS = {"plans", "plan", "situation", "questions", "question", "results", "proposals",
            "information", "report", "request", "answer", "reply", "text", "draft", "excerpt"}
#: Nouns that make a title's first words a subject, not a writer: "Chinese Military Aid to
#: Vietnam, 1950-1954" (a title with no kind word names no sender then).
SUBJECT_NOUNS = SUBJECTS | {"aid", "assistance", "relations", "policy", "policies", "support", "visit",
                            "trade", "cooperation", "negotiations", "talks", "shipments", "loan", "loans"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"}

_TOKEN = re.compile(r"""
    (?P<nummark>(?i:nos?\.|n[º°]\.?|\#|no(?=\s*\d)))(?=\s*\d)
  | (?P<ordinal>\d+(?:st|nd|rd|th)\b)
  | (?P<number>\d+(?:/[A-Za-z]+)?(?:\s*[-–]\s*\d+(?:/[A-Za-z]+)?)?)
  | (?P<abbr>(?i:cdes?|comr|cmrds?|tov|mr|gen|col|lt)\.)
  | (?P<initials>(?:[A-Z][a-z]?\.){1,3}(?![^\W\d_]))
  | (?P<word>[^\W\d_](?:[\w'’\-]*\w)?(?:\([a-z]\))?(?:['’]s|(?<=s)['’](?!\w))?)
  | (?P<punct>[,;:()\[\]&])
  | (?P<other>\S)
""", re.VERBOSE)


@dataclass(frozen=True)
class Token:
    """A token of a title: its kind (the tokenizer's group name), text and offsets."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        """The text in lower case."""
        return self.text.lower()

    @property
    def is_name(self) -> bool:
        """Can stand in a name: a capitalised word, initials, an ordinal or an honorific."""
        if self.kind in ("initials", "ordinal", "abbr"):
            return True
        first = self.text[0]
        # capitalised, or a script without case (周恩来, 김일성), or an elided particle before a
        # capital ("Chargé d'Affaires")
        cased = first.isupper() or (first.isalpha() and not first.islower() and not first.isascii()) \
            or (len(self.text) > 2 and self.text[1] in "'’" and self.text[2].isupper())
        return self.kind == "word" and cased and self.low not in STOP


def tokenize(title: str) -> list[Token]:
    """The tokens of a title.

    >>> [(t.kind, t.text) for t in tokenize("Cable No. 408, Shtykov")]
    [('word', 'Cable'), ('nummark', 'No.'), ('number', '408'), ('punct', ','), ('word', 'Shtykov')]
    """
    return [Token(m.lastgroup or "other", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(title)]


def possessive(text: str) -> bool:
    """Whether a word ends in ``'s``."""
    return len(text) > 2 and text[-2:].lower() in ("'s", "’s")
