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

The grammar's words and tokenizer are in :mod:`~kg.sources.titles.lexicon`, parties in
:mod:`~kg.sources.titles.parties`, clauses in :mod:`~kg.sources.titles.clauses`, and what a
parse yields in :mod:`~kg.sources.titles.model`.

Every party keeps its printed text and offsets (:class:`TitleParty`); people are
resolved later by :mod:`kg.mapping.authority`, which strips initials and honorifics. This module
strips only what the resolver cannot know: offices, ranks and appositions ("Soviet Defense
Minister A.M. Vasilevsky" -> "A.M. Vasilevsky") and cover names ("Filippov [Stalin]" ->
"Stalin", cover "Filippov").
"""

from __future__ import annotations

from kg.errors import SourceError
from kg.sources.limits import check_count
from kg.sources.titles.clauses import TitleParser
from kg.sources.titles.lexicon import COVER_NAMES, KIND_WORDS
from kg.sources.titles.model import TitleMessage, TitleParse, TitleParty

__all__ = ["TitleParty", "TitleMessage", "TitleParse", "parse_title", "KIND_WORDS", "COVER_NAMES"]


def parse_title(title: str) -> TitleParse:
    """Parse an archive title; a title the grammar cannot read is left unparsed (``rest``).

    Raises:
        SourceError: a list of the title (its parties, its numbers) is longer than
            :data:`~kg.sources.limits.MAX_LIST_ITEMS`; nothing else.

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
    except SourceError:
        raise
    except Exception:  # noqa: BLE001 - a title that defeats the grammar is left unparsed
        return TitleParse(kind=None, correspondence=False, rest=title.strip())


def _parse(title: str) -> TitleParse:
    p = TitleParser(title)
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
    sizes = {**{role: len(found) for role, found in r.items()},
             "transmits": len(p.transmits), "places": len(p.places)}
    for what, size in sizes.items():
        check_count(f"the title's list of {what}", size)
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
