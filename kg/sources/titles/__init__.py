"""The title grammar of archive records, a declarative LALR(1) grammar read with Lark.

The grammar is ``title.lark`` in this package, each rule with an example title; in short::

    title     := ["Excerpt from" [article]] ["From the Journal of" parties ":"] body
    body      := head clauses | conversation-head participants | clauses (no head)
    head      := [modifier] kind words: "Ciphered Telegrams", "Outgoing Ciphered Telegram",
                 "Hand delivered note", "Record of a Conversation", "Memoranda of Conversations", ...
    numbers   := ("No." | "Nos." | "#") number {("," | "and") number}     number := N ["-" M]
    clauses   := [first] {clause | "," | ";" | ":" | numbers | "(" remark ")"}
    first     := clause | "of" parties | parties                 ("Cable, Mao Zedong to Stalin")
    clause    := ("from" | "by" | "to" | "via" | "for" | "for transmission to") parties
               | "(via" parties ")" | ("in" | "at") place | carried
    carried   := ("transmitting" | "conveying" | "with" | ...) [article | "draft" | date]
                 (docword | party "'s" [docword]) {("from" | "to" | "of" | "in X's Name") parties}
                 {"and" [article] docword ... | "and from" parties ...}
    parties   := party {("and" | "or" | "&" | "," ["and"]) party}
    party     := [article] name [bracket] | [article] bracket name | [article] [name] "'s" [docword]
    name      := word {word | ("of" | "to" | "in") [the] word}     ("Minister of Foreign Affairs",
                 "Ambassador to the DPRK T.F. Shtykov", "the Soviet Embassy in Pyongyang")
    conversation participants := {("of" | "between" | "with" | "and" | "headed by"
               | "in the presence of") parties
               | "from" parties (an origin) | parties | "(" remark ")"}
    rest      := what the grammar does not read: a subject phrase ("on ...", "regarding ...",
                 ", approved by ...", ", Plans for ...") whose names are not parties

The terminals come from :mod:`~kg.sources.titles.lexer`, which classes the tokens of
:func:`~kg.sources.titles.lexicon.tokenize` by the word lists of
:mod:`~kg.sources.titles.lexicon` (kind words, document words, offices, bodies, places):
the grammar names word classes, never words. :mod:`~kg.sources.titles.grammar` reads the
longest prefix the grammar accepts (no title is an error) and
:mod:`~kg.sources.titles.transform` turns the parse into what :func:`parse_title` returns
(:mod:`~kg.sources.titles.model`).

Records of conversation read their parties into ``participants`` (groups such as "a
Delegation", its origin after "from", and bracketed interpreters dropped); the writer of a
journal takes part in the conversation it records. A title whose only parties are those of
one carried message ("Cable with Message from A to B") gets them as its own senders and
addressees. Places after "from", "to", "in" or "at" go to ``places``, not to the parties, and
so does a single word a bare comma sets apart from a list ("Cable from Geneva, Molotov to
...": a list of parties takes "and" before its last name).
Titles that are not correspondence (conversations; reports, memoranda, decisions and headless titles
naming no addressee) get no senders or addressees; a writer they name is kept in
``authors``. Only telegrams and cables have cipher numbers ("Note No. 104" has none).

Every party keeps its printed text and offsets (:class:`TitleParty`); people are
resolved later by :mod:`kg.mapping.authority`, which strips initials and honorifics. This
package strips only what the resolver cannot know (:mod:`~kg.sources.titles.names`):
offices, ranks and appositions ("Soviet Defense Minister A.M. Vasilevsky" -> "A.M.
Vasilevsky"; "Zhou Enlai, Premier and Foreign Minister of the PRC," -> "Zhou Enlai"), cover
names ("Filippov [Stalin]" -> "Stalin", cover "Filippov"; "Filippov" alone -> Stalin) and
brackets that complete a name ("Kim Il [Sung]" -> "Kim Il Sung").
"""

from __future__ import annotations

from kg.errors import SourceError
from kg.sources.limits import check_count
from kg.sources.titles.grammar import read
from kg.sources.titles.lexer import Lexed
from kg.sources.titles.lexicon import CIPHERED_KINDS, COVER_NAMES, KIND_WORDS, tokenize
from kg.sources.titles.model import TitleMessage, TitleParse, TitleParty
from kg.sources.titles.transform import Event

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
    lx = Lexed(title, tokenize(title))
    events, rest_at = read(lx, 0, len(lx.toks))
    events += _trailing(lx, rest_at)
    _, kind, mode, headed = next((e for e in events if e[0] == "head"), ("head", None, "other", False))
    r: dict[str, list[TitleParty]] = {k: [] for k in ("senders", "recipients", "via", "for", "participants")}
    # "From the Journal of V.V. Kuznetsov: Record of Conversation with ...": the journal's
    # writer takes part in the conversation; a journal with no conversation has an author
    r["participants" if mode == "conv" else "senders"].extend(e[1] for e in events if e[0] == "journal")
    for e in events:
        if e[0] == "role":
            r[e[1]].append(e[2])
    transmits = [e[1] for e in events if e[0] == "transmit"]
    places = [e[1] for e in events if e[0] == "place"]
    # "Note No. 104", "Protocol No. 88": only telegrams have cipher numbers
    numbers = [e[1] for e in events if e[0] == "number"] if kind in CIPHERED_KINDS else []
    sizes = {**{role: len(found) for role, found in r.items()},
             "transmits": len(transmits), "places": len(places)}
    for what, size in sizes.items():
        check_count(f"the title's list of {what}", size)
    senders, recipients = r["senders"], r["recipients"]
    if not senders and not recipients and len(transmits) == 1:
        # "Cable with Message from Mao Zedong to Stalin": no writer of its own
        senders, recipients = list(transmits[0].senders), list(transmits[0].recipients)
        transmits = []
    correspondence = mode != "conv" and (bool(recipients) if mode == "other" or not headed else True)
    authors: list[TitleParty] = []
    if not correspondence:
        authors, senders, recipients = senders, [], []
    return TitleParse(
        kind=kind,
        correspondence=correspondence,
        cipher_numbers=tuple(dict.fromkeys(numbers)),
        senders=tuple(senders),
        recipients=tuple(recipients),
        via=tuple(r["via"]),
        for_=tuple(r["for"]),
        transmits=tuple(transmits),
        participants=tuple(dict.fromkeys(r["participants"])),
        rest=title[lx.toks[rest_at].start:].strip() if rest_at < len(lx.toks) else "",
        authors=tuple(authors),
        places=tuple(dict.fromkeys(places)),
    )


def _trailing(lx: Lexed, i: int) -> list[Event]:
    """Bracketed relays after the subject phrase: "... regarding X (via Roshchin)"."""
    events: list[Event] = []
    while i < len(lx.toks):
        close = lx.closes.get(i)
        if close is not None and lx.toks[i + 1].low in ("via", "for"):
            events += read(lx, i + 1, close, "mod_inner")[0]
            i = close
        i += 1
    return events
