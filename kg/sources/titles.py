"""The title grammar of archive records.

A title is read left to right as::

    title     := head [numbers] [party-clause] {modifier}
    head      := kind words ("Ciphered Telegram", "Telegram", "Letter", ...)
    numbers   := "No." N | "Nos." N-M | "#" N
    party-clause := ["from" | ","] parties "to" parties
    parties   := name {("and" | "," | "or") name}
    name      := [honorific] words [cover]          cover := "[" words "]" | "(" words ")"
    modifier  := ("(" | "[" | ",") ("via" parties | "for" parties) [")" | "]"]

Every party is returned as printed (:class:`TitleParty`); people are resolved
later by :mod:`kg.authority`. Titles of documents that are not correspondence
(records of conversation, reports) get no senders or addressees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["TitleParty", "TitleParse", "parse_title", "KIND_WORDS"]

#: Head words -> ontology class local name, longest first.
KIND_WORDS: list[tuple[str, str]] = [
    ("ciphered telegram", "CipheredTelegram"),
    ("cipher telegram", "CipheredTelegram"),
    ("coded telegram", "CipheredTelegram"),
    ("cable telegram", "Cable"),
    ("telegram", "Telegram"),
    ("cable", "Cable"),
    ("hand delivered note", "Note"),
    ("letter", "Letter"),
    ("note", "Note"),
    ("memorandum of conversation", "RecordOfConversation"),
    ("record of conversation", "RecordOfConversation"),
    ("record of a conversation", "RecordOfConversation"),
    ("record of the conversation", "RecordOfConversation"),
    ("memorandum", "Memorandum"),
    ("report", "Report"),
]
NOT_CORRESPONDENCE = {"RecordOfConversation", "Report"}

_NUMBERS = re.compile(
    r"^\s*(?:(?:Nos?\.|N[o°º]|#)\s*(?P<a>\d+)(?:\s*[-–]\s*(?P<b>\d+))?(?P<suffix>/[\w]+)?)"
)
_SPLIT_PARTIES = re.compile(r"\s*(?:,\s*and\s+|\band\b|\bor\b|,)\s*")
_COVER = re.compile(r"^(?P<name>[^\[\]()]+?)\s*[\[(](?P<inner>[^\])]+)[\])]$")


@dataclass(frozen=True)
class TitleParty:
    """A party as the title prints it, with the real name when a cover name is bracketed.

    ``Filippov [Stalin]`` gives ``printed="Filippov [Stalin]"``, ``name="Stalin"``,
    ``cover="Filippov"``.
    """

    printed: str
    name: str
    cover: str | None = None


@dataclass(frozen=True)
class TitleParse:
    """What a title says about its document."""

    kind: str | None
    correspondence: bool
    cipher_numbers: tuple[str, ...] = ()
    senders: tuple[TitleParty, ...] = ()
    recipients: tuple[TitleParty, ...] = ()
    via: tuple[TitleParty, ...] = ()
    for_: tuple[TitleParty, ...] = ()
    rest: str = field(default="", compare=False)


def _party(text: str) -> TitleParty | None:
    text = text.strip().strip(",;.").strip()
    if not text:
        return None
    if m := _COVER.match(text):
        inner = m["inner"].strip()
        if not re.match(r"(?i)^(via|for)\b", inner):
            # "Filippov [Stalin]": the bracket holds the real name, the text outside the cover
            return TitleParty(printed=text, name=inner, cover=m["name"].strip())
    return TitleParty(printed=text, name=text)


def _parties(text: str) -> tuple[TitleParty, ...]:
    out = []
    # keep brackets together while splitting on "and" / ","
    depth, buf, chunks = 0, "", []
    for token in re.split(r"([\[\]()])", text):
        if token in "[(" and token:
            depth += 1
        elif token in "])" and token:
            depth -= 1
        if depth == 0 and token not in "[]()":
            pieces = _SPLIT_PARTIES.split(token)
            buf += pieces[0]
            for piece in pieces[1:]:
                chunks.append(buf)
                buf = piece
        else:
            buf += token
    chunks.append(buf)
    for chunk in chunks:
        if (p := _party(chunk)) is not None:
            out.append(p)
    return tuple(out)


def _take_modifiers(text: str) -> tuple[str, list[TitleParty], list[TitleParty]]:
    """Remove "(via X)", "[via X]", ", via X", ", for Y" clauses; return the rest."""
    via: list[TitleParty] = []
    for_: list[TitleParty] = []

    def bracketed(m: re.Match[str]) -> str:
        (via if m["word"].lower() == "via" else for_).extend(_parties(m["who"]))
        return ""

    text = re.sub(r"\s*[\[(]\s*(?P<word>via|for)\s+(?P<who>[^\])]+)[\])]", bracketed, text,
                  flags=re.IGNORECASE)

    def trailing(m: re.Match[str]) -> str:
        (via if m["word"].lower() == "via" else for_).extend(_parties(m["who"]))
        return ""

    # trailing ", for X" / " via X" clauses, last first
    while True:
        new = re.sub(r"(?:,\s*|\s+)(?P<word>via|for)\s+(?P<who>[^,]+?)\s*$", trailing, text,
                     count=1, flags=re.IGNORECASE)
        if new == text:
            break
        text = new
    return text.strip(), via, for_


def parse_title(title: str) -> TitleParse:
    """Parse an archive title.

    >>> t = parse_title("Telegram from Kim Il Sung to Stalin (via Shitykov)")
    >>> t.kind, [p.name for p in t.senders], [p.name for p in t.recipients], [p.name for p in t.via]
    ('Telegram', ['Kim Il Sung'], ['Stalin'], ['Shitykov'])
    >>> t = parse_title("Ciphered Telegram No. 709, Filippov [Stalin] to Krasovsky, for Mao Zedong")
    >>> t.cipher_numbers, t.senders[0].cover, t.senders[0].name, [p.name for p in t.for_]
    (('709',), 'Filippov', 'Stalin', ['Mao Zedong'])
    >>> parse_title("Record of Conversation between Stalin and Kim Il Sung").correspondence
    False
    """
    text = " ".join(title.split())
    kind = None
    low = text.lower()
    for words, cls in KIND_WORDS:
        if low.startswith(words):
            kind, text = cls, text[len(words):]
            break
    correspondence = kind not in NOT_CORRESPONDENCE
    numbers: list[str] = []
    if m := _NUMBERS.match(text):
        a, b = int(m["a"]), m["b"]
        numbers = [str(n) for n in range(a, int(b) + 1)] if b and int(b) - a < 50 else [m["a"]]
        text = text[m.end():]
    if not correspondence:
        return TitleParse(kind, False, tuple(numbers), rest=text.strip())
    text, via, for_ = _take_modifiers(text)
    text = re.sub(r"^\s*[,:]?\s*(?:from\s+)?", "", text, flags=re.IGNORECASE)
    senders: tuple[TitleParty, ...] = ()
    recipients: tuple[TitleParty, ...] = ()
    m = re.search(r"\bto\b", text, flags=re.IGNORECASE)
    if m:
        senders = _parties(text[: m.start()])
        recipients = _parties(text[m.end():])
    elif text.strip():
        senders = _parties(text)
    return TitleParse(
        kind=kind,
        correspondence=True,
        cipher_numbers=tuple(numbers),
        senders=senders,
        recipients=recipients,
        via=tuple(via),
        for_=tuple(for_),
        rest="",
    )
