"""The title grammar (``title.lark``) and its reading: the longest prefix the grammar accepts.

:func:`title_parser` loads the grammar once (LALR(1); the terminals come from
:mod:`~kg.sources.titles.lexer`). :func:`read` feeds a title's terminals to the parser and
keeps the longest prefix it accepts: what follows is the title's rest (a subject phrase),
so that no title is an error. The events of the parse
(:class:`~kg.sources.titles.transform.TitleTransformer`) may ask for a shorter prefix: a
clause that does not hold ("in Korea", not a known place) or a list comma not followed by one
more name of the list; the title is then read again up to that token, as the recursive
reading of the archive's conventions would stop there.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from lark import Lark, Tree, UnexpectedInput
from lark import Token as LarkToken
from lark.exceptions import VisitError
from lark.lexer import Lexer, LexerState
from lark.parsers.lalr_analysis import Shift
from lark.parsers.lalr_parser_state import ParseConf

from kg.sources.limits import check_count
from kg.sources.titles.lexer import Lexed, terminals
from kg.sources.titles.transform import Event, TitleTransformer

__all__ = ["GRAMMAR_FILE", "read", "title_parser"]

GRAMMAR_FILE = "title.lark"
#: What may follow the last name of a list ("to Stalin, Molotov and Malenkov").
_ENDS: dict[tuple[Any, ...], bool] = {}
_LIST_SEPARATORS = frozenset({"LCOMMA", "AND", "OR", "AMP"})
_NAME_WORDS = frozenset({"WORD", "DOC", "POSS", "ARTICLE", "OF_LINK", "TO_POST", "COVER", "TRAIL_INIT"})
LIST_END = (",", "and", "or", "&", ")", "]", "via", "to", "from", ";")


class _Given(Lexer):
    """No lexing: :func:`read` feeds the terminals of :mod:`~kg.sources.titles.lexer`."""

    def __init__(self, conf: object) -> None:
        pass

    def lex(self, lexer_state: LexerState, parser_state: object) -> Iterator[LarkToken]:
        return iter(())


@cache
def title_parser() -> Lark:
    """The LALR(1) parser of ``title.lark``, built once."""
    text = resources.files(__package__).joinpath(GRAMMAR_FILE).read_text(encoding="utf-8")
    return Lark(text, parser="lalr", lexer=_Given, start=["title", "mod_inner"], maybe_placeholders=False)


def _accepts_end(conf: ParseConf[Any], stack: list[Any]) -> bool:
    """Whether the parser, with states ``stack``, would accept the end of the title (its
    states only are simulated: nothing is built). The stacks of titles repeat (a list's
    stack is the same after each of its names), hence the cache."""
    key = (conf.end_state, tuple(stack))
    if (known := _ENDS.get(key)) is not None:
        return known
    if len(_ENDS) > 50_000:
        _ENDS.clear()
    states = list(stack)
    while True:
        action = conf.states[states[-1]].get("$END")
        if action is None or action[0] is Shift:
            _ENDS[key] = False
            return False
        rule = action[1]
        if rule.expansion:
            del states[-len(rule.expansion):]
        states.append(conf.states[states[-1]][rule.origin.name][1])
        if states[-1] == conf.end_state:
            _ENDS[key] = True
            return True


def _longest(tokens: Iterator[LarkToken], start: str) -> tuple[Tree[LarkToken] | None, list[LarkToken]]:
    """The parse of the longest prefix of ``tokens`` the grammar accepts, and that prefix.

    Tokens are drawn only while the parser accepts them; after each, whether the title could
    end there is asked of the parser's states. The tree of the prefix is built again when the
    parser went beyond it.
    """
    ip = title_parser().parse_interactive(start=start)
    state = ip.parser_state
    conf = state.parse_conf
    seen: list[LarkToken] = []
    k = 0 if _accepts_end(conf, state.state_stack) else -1
    listed = 0
    for tok in tokens:
        seen.append(tok)
        try:
            state.feed_token(tok)
        except UnexpectedInput:
            break
        # a list of parties over the limit is refused as it is read
        listed = listed + 1 if tok.type in _LIST_SEPARATORS else 0 if tok.type not in _NAME_WORDS else listed
        check_count("a list of parties in the title", listed)
        if "$END" in conf.states[state.state_stack[-1]] and _accepts_end(conf, state.state_stack):
            k = len(seen)
    if k < 0:
        return None, []
    if k < len(seen) or not _accepts_end(conf, state.state_stack):
        ip = title_parser().parse_interactive(start=start)
        for tok in seen[:k]:
            ip.parser_state.feed_token(tok)
    return ip.feed_eof(), seen[:k]


def _cut(lx: Lexed, events: list[Event], hi: int) -> int | None:
    """The first token where the parse does not hold, or None when it all holds."""
    cuts = [e[1] for e in events if e[0] == "reject"]
    cuts += [e[1] for e in events if e[0] == "pending" and e[2] < hi and lx.toks[e[2]].low not in LIST_END]
    return min(cuts, default=None)


def read(lx: Lexed, lo: int, hi: int, start: str = "title") -> tuple[list[Event], int]:
    """The events of tokens ``lo`` to ``hi`` read as ``start``, and the index where the
    rest (what the grammar does not read) begins."""
    while True:
        tree, prefix = _longest(terminals(lx, lo, hi, top=start == "title"), start)
        if tree is None:
            return [], lo
        try:
            events = TitleTransformer(lx, lambda i, j: read(lx, i, j, "mod_inner")[0]).transform(tree)
        except VisitError as e:
            raise e.orig_exc from None
        end = lx.end_index(prefix[-1]) if prefix else lo
        cut = _cut(lx, events, hi)
        if cut is None:
            return [e for e in events if e[0] not in ("pending", "reject")], end
        hi = cut
