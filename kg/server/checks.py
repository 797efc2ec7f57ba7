"""What a query sent to the endpoint may do, decided on the parsed query, never on its text.

Oxigraph runs ``SERVICE`` (it fetches the URL) and has no switch to turn federation off, so
every query that could hold a ``SERVICE`` clause is parsed before Oxigraph sees it:

1. **The views.** The text as sent, and the text with its SPARQL code-point escapes
   (``\\uXXXX``, ``\\UXXXXXXXX``; SPARQL 1.1 §19.2) replaced: Oxigraph 0.5 reads such
   escapes only inside strings and IRIs, the recommendation everywhere, so both readings are
   checked.
2. **No "service", no parse.** A ``SERVICE`` clause needs the letters ``service`` in a row
   (any case) in one of the views: a plain substring test, no lexer that an escaped prefixed
   name (``ex:a\\#``) or a comment ended by a carriage return could fool. The ordinary
   query does not mention it and is not parsed here (a parse costs about 40 ms).
3. **Otherwise, the full parse.** Each view must parse with rdflib's SPARQL grammar
   (comments end at a carriage return as in Oxigraph) without a ``SERVICE`` clause anywhere
   (inside ``OPTIONAL``, ``FILTER EXISTS``, a subquery...): else 403 for a ``SERVICE``,
   400 with a plain sentence when it cannot be checked (rdflib does not parse it), never
   the parser's own text.

Updates (``INSERT``, ``LOAD`` ...) never run: the store is opened read-only and only ever
queried (:meth:`pyoxigraph.Store.query` parses queries only); an update sent as a query gets
403 (:func:`refuse_update`, called when Oxigraph has found a syntax error). ``FROM`` only names
a graph of the store (Oxigraph fetches nothing for it).

**Nesting.** Oxigraph's parser recurses once per bracket, and a few thousand nested ones
overflow its stack and kill the worker process: a query nested deeper than
:data:`MAX_NESTING` brackets (counted outside strings, comments and IRIs) gets 400.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from kg.errors import RequestRefused

__all__ = ["check_query", "refuse_update", "unescape_codepoints", "nesting",
           "MAX_NESTING", "SERVICE_REFUSED", "UPDATE_REFUSED"]

#: Deepest bracket nesting accepted (``{`` ``(`` ``[``).
MAX_NESTING = 100

SERVICE_REFUSED = ("SERVICE is not allowed: this endpoint does not fetch from other endpoints "
                   "(federated query is switched off)")
UPDATE_REFUSED = ("SPARQL Update is not allowed: this endpoint is read-only (and LOAD would "
                  "fetch from other sites)")
UNCHECKED = ("this query mentions SERVICE and could not be parsed to check that it does not "
             "fetch from another endpoint (federated query is switched off); write it "
             "without the word SERVICE, or in plain SPARQL 1.1 syntax")

_SERVICE = re.compile("service", re.IGNORECASE)
_FROM = re.compile("from", re.IGNORECASE)
#: ``FROM`` followed by an IRI: a guess at a dataset clause, for the queries rdflib cannot read.
_FROM_CLAUSE = re.compile(r"(?<![\w:?$])FROM\s+(?:NAMED\s+)?(?:<|[A-Za-z_][\w.-]*:|:)",
                          re.IGNORECASE)
_CODEPOINT = re.compile(r"\\(?:u(.{0,4})|U(.{0,8})|.)", re.DOTALL)
_HEX = re.compile(r"[0-9A-Fa-f]+")


def unescape_codepoints(text: str) -> str:
    r"""``text`` with its code-point escapes replaced (SPARQL 1.1 §19.2).

    A backslash and the character after it are read as a pair, so ``\\u0053`` (an escaped
    backslash, then ``u0053``) is kept; an escape that names no character is kept as written.

    >>> unescape_codepoints(r"\u0053ERVICE \U00000073ervice \\u0053 \u00ZZ")
    'SERVICE service \\\\u0053 \\u00ZZ'
    """
    if "\\u" not in text and "\\U" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        digits, width = ((match.group(1), 4) if match.group(1) is not None
                         else (match.group(2), 8))
        if digits is None or len(digits) != width or not _HEX.fullmatch(digits):
            return match.group(0)
        code = int(digits, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group(0)
        return chr(code)

    return _CODEPOINT.sub(replace, text)


def _views(text: str) -> list[str]:
    decoded = unescape_codepoints(text)
    return [text] if decoded == text else [text, decoded]


# --- nesting -----------------------------------------------------------------------------------
_INTERESTING = re.compile(r"""[\\#'"<{}()\[\]]""")
_IRI = re.compile(r"""<[^<>"{}|^`\\\x00-\x20]*>""")
_LONG = {"'''": re.compile(r"(?:[^'\\]|\\.|'(?!''))*+'''", re.DOTALL),
         '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*+"""', re.DOTALL)}
_SHORT = {"'": re.compile(r"(?:[^'\\\r\n]|\\[^\r\n])*+'"),
          '"': re.compile(r'(?:[^"\\\r\n]|\\[^\r\n])*+"')}
_COMMENT_END = re.compile(r"[\r\n]")


def _skip(text: str, pos: int, char: str) -> int | None:
    """Where the token starting at ``pos`` with ``char`` (a backslash, ``#``, a quote or
    ``<``) ends; ``None`` for an unterminated string, past which no parser reads."""
    if char == "\\":
        return pos + 2
    if char == "#":
        end = _COMMENT_END.search(text, pos)
        return len(text) if end is None else end.end()
    if char == "<":
        iri = _IRI.match(text, pos)
        return pos + 1 if iri is None else iri.end()
    opener = text[pos:pos + 3]
    string = (_LONG[opener].match(text, pos + 3) if opener in _LONG
              else _SHORT[char].match(text, pos + 1))
    return None if string is None else string.end()


def nesting(text: str, limit: int = MAX_NESTING) -> int:
    """The deepest bracket nesting of ``text`` outside strings, comments and IRIs, counted up
    to ``limit + 1`` (linear time: every character is looked at once or twice).

    >>> nesting("SELECT * { ?s ?p '{{{' . FILTER((1)) } # {{{")
    3
    """
    depth = deepest = 0
    pos = 0
    while (match := _INTERESTING.search(text, pos)) is not None:
        pos, char = match.start(), match.group()
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
            pos += 1
        elif char in "})]":
            depth = max(0, depth - 1)
            pos += 1
        else:
            end = _skip(text, pos, char)
            if end is None:
                break
            pos = end
    return deepest


# --- SERVICE, FROM, updates ---------------------------------------------------------------------
def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib (pyparsing) parse tree."""
    yield node
    if isinstance(node, dict):  # CompValue
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def _names(tree: Any) -> set[str]:
    return {name for n in _walk(tree) if isinstance(name := getattr(n, "name", None), str)}


class _ServiceClause(Exception):
    """Raised by the checking grammar the moment it has read a ``SERVICE`` clause."""


@lru_cache(maxsize=1)
def _grammars() -> tuple[Any, Any]:
    """rdflib's query and update grammars, copied so that reading a ``SERVICE`` clause raises
    :class:`_ServiceClause` (in the copy only: rdflib's own grammar is left as it is).

    rdflib's grammar, on reading a ``SERVICE`` clause, looks for its text again from the start
    of the query and, where a ``#`` stands before it on its line (in an IRI, a string, a
    prefixed name), finds nothing and gives up on the whole query; the copy stops there
    instead, with the clause found, wherever it stands (inside ``OPTIONAL``, ``FILTER
    EXISTS``, a subquery, an update's ``WHERE``).
    """
    import copy

    from rdflib.plugins.sparql import parser

    copies: tuple[Any, Any, Any] = copy.deepcopy((parser.Query, parser.UpdateUnit,
                                                  parser.ServiceGraphPattern))
    query, update, service = copies

    def found(instring: str, loc: int, tokens: Any) -> Any:
        raise _ServiceClause

    service.postParse = found
    return query, update


def _parse(text: str, update: bool = False) -> Any | None:
    """rdflib's parse tree of the query (or update) ``text``; ``None`` when it does not parse.

    The grammar is used directly: rdflib's ``parseQuery`` would replace code-point escapes
    once more (the views already have them replaced or not), and its comments would run on
    past a carriage return where Oxigraph's end.

    Raises:
        RequestRefused: 403, the text holds a ``SERVICE`` clause.
    """
    grammar = _grammars()[1 if update else 0]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))  # pyparsing recurses per nesting level
    try:
        tree = grammar.parse_string(text.replace("\r", "\n"), parse_all=True)
    except _ServiceClause:
        raise RequestRefused(403, SERVICE_REFUSED) from None
    except Exception:  # noqa: BLE001 - any failure of the parser: the query is not checked
        return None
    finally:
        sys.setrecursionlimit(limit)
    if "ServiceGraphPattern" in _names(tree):  # not reached: the grammar stops at one
        raise RequestRefused(403, SERVICE_REFUSED)
    return tree


def refuse_update(text: str) -> None:
    """Raise 403 when ``text`` is a SPARQL update (called once Oxigraph's query parser has
    refused it, so ordinary queries are not parsed twice).

    Raises:
        RequestRefused: 403, an update.
    """
    for view in _views(text):
        tree = _parse(view, update=True)
        if tree is not None and tree[0].get("request"):
            raise RequestRefused(403, UPDATE_REFUSED)


def check_query(text: str) -> bool:
    """Refuse deep nesting and ``SERVICE``; tell whether the query names its own dataset.

    >>> check_query('SELECT * FROM <urn:g> { ?s ?p "SERVICE <urn:x> {}" }')
    True
    >>> check_query("SELECT * { ?s ?p ?o }")
    False

    Returns:
        whether the query has a ``FROM`` or ``FROM NAMED`` clause.

    Raises:
        RequestRefused: 403 for ``SERVICE`` or an update; 400 for deep nesting or a query
            mentioning ``service`` that rdflib cannot parse.
    """
    views = _views(text)
    depth = max(nesting(view) for view in views)
    if depth > MAX_NESTING:
        raise RequestRefused(400, f"the query nests brackets more than {MAX_NESTING} deep; "
                                  "this endpoint does not evaluate deeper queries")
    service = any(_SERVICE.search(view) for view in views)
    dataset = any(_FROM.search(view) for view in views)
    if not service and not dataset:
        return False
    trees = [_parse(view) for view in views]  # 403 at a SERVICE clause
    if service and any(tree is None for tree in trees):
        refuse_update(text)
        raise RequestRefused(400, UNCHECKED)
    if trees[0] is None:
        # not security: only which default graph the query sees (Oxigraph reads the rest)
        return _FROM_CLAUSE.search(text) is not None
    return "DatasetClause" in _names(trees[0])
