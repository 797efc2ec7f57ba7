"""The terminals of the title grammar: the tokens of a title classed by the lexicon.

:func:`~kg.sources.titles.lexicon.tokenize` cuts a title into words, numbers and punctuation;
:func:`terminals` gives each the terminal of ``title.lark`` it stands for. The classes come
from the word lists of :mod:`~kg.sources.titles.lexicon` (kind words, document words, posts,
bodies, subject words), with one token of lookahead where the archive's conventions need it
(a comma before one more name is a list comma, "to" after a post and before a name belongs to
the office). A bracket pair becomes one token (a cover, a via/for bracket or a remark) whose
inside the grammar reads again when it needs to.

Every terminal is a :class:`lark.Token` whose ``start_pos``/``end_pos`` are offsets in the
title and whose ``line``/``end_line`` are the range of tokenizer tokens it covers.
"""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token as LarkToken

from kg.sources.titles.lexicon import (
    ARTICLES,
    BODIES,
    CARRY,
    DOC_WORDS,
    FOR_PHRASES,
    HEAD_MODIFIERS,
    HONORIFICS,
    KIND_WORDS,
    MONTHS,
    POST_OBJECTS,
    POSTS,
    SEATED,
    STOP,
    SUBJECT_NOUNS,
    SUBJECTS,
    Token,
)

__all__ = ["Lexed", "bracket_pairs", "terminals"]

#: Keywords of the grammar (any case) -> terminal.
KEYWORDS = {"from": "FROM", "to": "TO", "via": "VIA", "for": "FOR", "by": "BY", "of": "OF",
            "and": "AND", "or": "OR", "&": "AMP", "with": "WITH", "in": "IN", "at": "AT",
            "between": "BETWEEN", **{w: "CARRY" for w in CARRY - {"with"}},
            **{w: "ARTICLE" for w in ARTICLES}}
#: Words before a carried document: "transmitting the text of ...", "attaching a Draft Letter".
CARRIED_PREFIX = {"text", "draft", "copy", "translated", "joint"}
_MODE_TERMINAL = {"corr": "HEAD_CORR", "conv": "HEAD_CONV", "other": "HEAD_OTHER"}
_PUNCT = {",": "COMMA", ";": "SEMI", ":": "COLON", "&": "AMP"}
_LONGEST_HEAD = max(len(words) for words in KIND_WORDS)


def bracket_pairs(toks: list[Token]) -> dict[int, int]:
    """Index of each opening bracket -> index of the bracket closing it (any of ``)]`` closes
    any of ``([``), found in one pass."""
    closes: dict[int, int] = {}
    opened: list[int] = []
    for j, tok in enumerate(toks):
        if tok.text in ("(", "["):
            opened.append(j)
        elif tok.text in (")", "]") and opened:
            closes[opened.pop()] = j
    return closes


class Lexed:
    """The tokens of a title and what the lexer finds once: bracket pairs, the head."""

    def __init__(self, title: str, toks: list[Token]):
        self.title = title
        self.toks = toks
        self.closes = bracket_pairs(toks)
        #: end offset of a token -> the index of the token after it
        self.after = {t.end: i + 1 for i, t in enumerate(toks)}
        #: start offset of a token -> its index
        self.starts = {t.start: i for i, t in enumerate(toks)}

    def head_at(self, i: int, hi: int) -> tuple[int, str] | None:
        """The longest kind words at token ``i``, after words that do not change the kind
        ("Outgoing", "Joint", "Two"): (tokens it spans, mode)."""
        j = i
        while j < hi and self.toks[j].low in HEAD_MODIFIERS:
            j += 1
        lows = [t.low for t in self.toks[j:min(hi, j + _LONGEST_HEAD)]]
        for n in range(len(lows), 0, -1):
            if (found := KIND_WORDS.get(tuple(lows[:n]))) is not None:
                return j - i + n, found[1]
        return None

    def kind_words(self, t: LarkToken) -> tuple[str, ...]:
        """The kind words of a head terminal, less its modifiers."""
        lows = [r.low for r in self.toks[t.line or 0:self.end_index(t)]]
        while lows and lows[0] in HEAD_MODIFIERS and tuple(lows) not in KIND_WORDS:
            lows = lows[1:]
        return tuple(lows)

    def end_index(self, t: LarkToken) -> int:
        """The index of the token after terminal ``t`` (the parser keeps ``start_pos`` and
        ``line`` of a terminal, not always its ends)."""
        return self.after[(t.start_pos or 0) + len(t.value)]

    def make(self, kind: str, i: int, j: int) -> LarkToken:
        """A terminal covering tokens ``i`` to ``j`` (exclusive)."""
        start, end = self.toks[i].start, self.toks[j - 1].end
        return LarkToken(kind, self.title[start:end], start_pos=start, end_pos=end, line=i,
                         end_line=j)


def _low(toks: list[Token], i: int, hi: int) -> str:
    return toks[i].low if i < hi else ""


def _name_at(toks: list[Token], i: int, hi: int) -> bool:
    return i < hi and toks[i].is_name


def _prefix(lx: Lexed, lo: int, hi: int, out: list[LarkToken]) -> tuple[int, int | None]:
    """"Excerpt from [the]" and "From the Journal of": the index after them, and the index of
    the head ("Record of Conversation" after "From the Journal of X:")."""
    toks, i = lx.toks, lo
    if _low(toks, i, hi) in ("excerpt", "extract", "excerpts") and _low(toks, i + 1, hi) == "from":
        # "Excerpt from the Record ...", "Excerpt from a Letter ...", "Excerpt from the Journal of ..."
        j = i + 3 if _low(toks, i + 2, hi) in ARTICLES else i + 2
        out.append(lx.make("EXCERPT", i, j))
        i = j
        if [_low(toks, k, hi) for k in range(i, i + 2)] in (["journal", "of"], ["diary", "of"]):
            out.append(lx.make("JOURNAL", i, i + 2))
            return i + 2, _after_separator(lx, i + 3, hi)
    if [_low(toks, k, hi) for k in range(i, i + 4)] in (["from", "the", "journal", "of"],
                                                        ["from", "the", "diary", "of"]):
        out.append(lx.make("JOURNAL", i, i + 4))
        return i + 4, _after_separator(lx, i + 5, hi)
    return i, i


def _after_separator(lx: Lexed, i: int, hi: int) -> int | None:
    """"From the Journal of V.V. Kuznetsov: Record of Conversation": the head follows the
    first separator after the journal's parties."""
    for k in range(i, hi):
        if lx.toks[k - 1].text in ",;:" and lx.toks[k].text not in ",;:":
            return k
    return None


def terminals(lx: Lexed, lo: int, hi: int, top: bool) -> Iterator[LarkToken]:
    """The terminals of tokens ``lo`` to ``hi``, drawn one by one; ``top``: a whole title
    (prefix and head)."""
    head: int | None = None
    i = lo
    if top:
        found: list[LarkToken] = []
        i, head = _prefix(lx, lo, hi, found)
        yield from found
    while i < hi:
        if i == head and (h := lx.head_at(i, hi)) is not None:
            yield lx.make(_MODE_TERMINAL[h[1]], i, i + h[0])
            i += h[0]
            continue
        kind, j = _terminal(lx, i, hi, head)
        yield lx.make(kind, i, j)
        i = j


def _terminal(lx: Lexed, i: int, hi: int, head: int | None) -> tuple[str, int]:
    """The terminal starting at token ``i`` and the index after it."""
    t = lx.toks[i]
    if t.text in ("(", "["):
        return _bracket(lx, i, hi)
    if t.kind in ("nummark", "number"):
        return ("NUMMARK" if t.kind == "nummark" else "NUMBER"), i + 1
    if t.text == ",":
        return _comma(lx, i, hi, head)
    if t.text in ";:":
        return _separators(lx, i, hi, head)
    if t.kind == "punct":
        return _PUNCT.get(t.text, "OTHER"), i + 1
    if t.kind in ("initials", "abbr", "ordinal"):
        return "WORD", i + 1
    if t.kind != "word":
        return "OTHER", i + 1
    if tuple(r.low for r in lx.toks[i:min(i + 3, hi)]) in FOR_PHRASES:
        return "FOR", i + 3                            # "for Transmission to Kim Il Sung"
    if tuple(r.low for r in lx.toks[i:min(i + 4, hi)]) == ("in", "the", "presence", "of"):
        return "PRESENCE", i + 4                       # "in the presence of Molotov"
    return _word(lx, i, hi), i + 1 + (t.low in ("headed", "led") and _low(lx.toks, i + 1, hi) == "by")


def _bracket(lx: Lexed, i: int, hi: int) -> tuple[str, int]:
    """A bracket pair as one token: MOD ("(via X)", "[for X]"), COVER ("[Stalin]", a name
    inside) or REMARK ("[sic]", "(1950)", "(interpreter Fedorenko)")."""
    close = lx.closes.get(i)
    if close is None or close >= hi:
        return "OTHER", i + 1
    inner = lx.toks[i + 1]
    if inner.low in ("via", "for"):
        return "MOD", close + 1
    if inner.is_name and inner.low != "interpreter":
        return "COVER", close + 1
    return "REMARK", close + 1


def _comma(lx: Lexed, i: int, hi: int, head: int | None) -> tuple[str, int]:
    """A comma: between numbers (NUMSEP), before initials that end a name ("Stalin, I.V.,
    Molotov": TRAIL_INIT), before one more name of a list (LCOMMA) or a separator (COMMA)."""
    kind = _comma_kind(lx, i, hi, head)
    if kind == "COMMA":
        return _separators(lx, i, hi, head)
    return kind, i + (2 if kind == "TRAIL_INIT" else 1)


def _comma_kind(lx: Lexed, i: int, hi: int, head: int | None) -> str:
    toks = lx.toks
    if i + 1 < hi and toks[i + 1].kind == "punct":
        return "COMMA"                                 # ",,": no name, number nor initials next
    if i + 1 < hi and toks[i + 1].kind == "initials" and (
            i + 2 >= hi or toks[i + 2].low in (",", "and", "or", "to", "via")):
        return "TRAIL_INIT"
    if i > 0 and toks[i - 1].kind == "number" and i + 1 < hi and toks[i + 1].kind == "number":
        return "NUMSEP"
    j = i + 2 if _low(toks, i + 1, hi) in ("and", "or") else i + 1
    if j != head and _low(toks, j, hi) not in SUBJECTS and (
            _name_at(toks, j, hi) or (_low(toks, j, hi) in ARTICLES and _name_at(toks, j + 1, hi))):
        return "LCOMMA"
    return "COMMA"


def _separators(lx: Lexed, i: int, hi: int, head: int | None) -> tuple[str, int]:
    """A run of separators (",", ";", ":") as one token, named for the first: the grammar
    reads them alike, and ",,,," costs one token. The run stops before a list comma and
    before the head ("From the Journal of X: Record of ...")."""
    j = i + 1
    while j < hi and j != head and (lx.toks[j].text in ";:" or (
            lx.toks[j].text == "," and _comma_kind(lx, j, hi, head) == "COMMA")):
        j += 1
    return _PUNCT[lx.toks[i].text], j


def _word(lx: Lexed, i: int, hi: int) -> str:
    """The terminal of a word: a keyword, a link inside a name, or a word of a name."""
    toks, low = lx.toks, lx.toks[i].low
    prev = toks[i - 1] if i > 0 else None
    after = i + 2 if _low(toks, i + 1, hi) == "the" else i + 1
    if low in ("of", "de", "von", "van") and prev is not None and prev.is_name \
            and prev.low in BODIES | HONORIFICS and _name_at(toks, after, hi):
        return "OF_LINK"                               # "Minister of Foreign Affairs"
    if low == "to" and prev is not None and prev.is_name and prev.low in POSTS \
            and _name_at(toks, after, hi):
        return "TO_POST"                               # "Ambassador to the DPRK T.F. Shtykov"
    if low == "and" and prev is not None and prev.kind == "number" and i + 1 < hi \
            and toks[i + 1].kind == "number":
        return "NUMSEP"                                # "Nos. 612, 613 and 614"
    if low == "to" and _name_at(toks, i + 1, hi) and _low(toks, i + 2, hi) in ARTICLES:
        return "STOP"                                  # "Decision to Confirm a Directive": a verb
    if low == "in" and _in_name(toks, i + 1, hi):
        return "IN_NAME"                               # "in Stalin's Name"
    if low in ("in", "at") and _name_at(toks, after, hi) and _seated(toks, i):
        return "IN_LINK"                               # "the Soviet Embassy in Pyongyang"
    if low == "and" and (_doc_follows(toks, i + 1, hi) or _low(toks, i + 1, hi) == "from"):
        return "AND_DOC"                               # "... and a Reply from Mao Zedong", "... and from"
    if low in ("headed", "led") and _low(toks, i + 1, hi) == "by":
        return "HEADED_BY"
    if low == "for" and _low(toks, after, hi) in SUBJECT_NOUNS - SUBJECTS:
        return "STOP"                                  # "Instructions to X for the Talks with Y": a purpose
    if low in KEYWORDS:
        return KEYWORDS[low]
    return _plain_word(lx, i, hi)


def _plain_word(lx: Lexed, i: int, hi: int) -> str:
    """The terminal of a word that is no keyword."""
    toks, t, low = lx.toks, lx.toks[i], lx.toks[i].low
    if low in STOP:
        return "STOP"
    if low in CARRIED_PREFIX:
        return "CPRE"
    if low in MONTHS and ((i > 0 and toks[i - 1].kind == "number")
                          or (i + 1 < hi and toks[i + 1].kind == "number")):
        return "MONTH"                                 # "14 January 1951"
    if low == "name":
        return "NAME_KW"
    if not t.is_name:
        return "DOC_LC" if low in DOC_WORDS else "OTHER"
    if low in DOC_WORDS:
        return "DOC"
    if _possessive(t.text):
        n = toks[i + 1] if i + 1 < hi else None
        # "People's Republic" goes on; "Mao Zedong's Telegram" ends the name
        going_on = n is not None and n.is_name and n.low not in DOC_WORDS and n.low != "name" \
            and n.low not in CARRIED_PREFIX
        return "WORD" if going_on else "POSS"
    return "WORD"


def _seated(toks: list[Token], i: int) -> bool:
    """Whether the name before token ``i`` is a seated body ("Embassy of Hungary") or a post
    ("the DPRK Ambassador in Moscow Ri Sang-jo")."""
    j = i - 1
    while j >= 0 and (toks[j].is_name or toks[j].low in ("of", "the")):
        # "the Soviet Embassy in Pyongyang", "Chargé d'Affaires of the USSR in the PRC"
        if toks[j].low in SEATED or (toks[j].low in POSTS and j < i - 1 and _post_phrase(toks[j + 1])):
            return True
        j -= 1
    # a post's seat, then the holder's name: not "to the Soviet Ambassador in Beijing"
    k = i + 2 if i + 1 < len(toks) and toks[i + 1].low == "the" else i + 1
    return i > 0 and toks[i - 1].low in POSTS and k + 1 < len(toks) and toks[k + 1].is_name


def _post_phrase(t: Token) -> bool:
    """Whether the word after a post goes on with the post ("Chargé d'Affaires of the USSR in
    the PRC"), not with its holder's name: in "Ambassador Pushkin in Berlin" the seat after the
    name is a place, not part of the name."""
    return t.low in POSTS or t.low in POST_OBJECTS or t.low == "of"


def _doc_follows(toks: list[Token], j: int, hi: int) -> bool:
    """Whether a document word follows, after articles and words such as "joint" or "draft"."""
    while j < hi and (toks[j].low in ARTICLES or toks[j].low in CARRIED_PREFIX):
        j += 1
    return j < hi and toks[j].low in DOC_WORDS


def _in_name(toks: list[Token], j: int, hi: int) -> bool:
    """Whether name words from ``j`` end in a possessive followed by "Name"."""
    while j < hi and (toks[j].is_name or toks[j].low in ARTICLES):
        if _possessive(toks[j].text):
            return _low(toks, j + 1, hi) == "name"
        j += 1
    return False


def _possessive(text: str) -> bool:
    return len(text) > 2 and text[-2:].lower() in ("'s", "’s")
