"""Whether a candidate for a role has the shape of a name, or is only a mention.

A reader hands the mapping every phrase that stands where a party stands: a head's "to",
a signature, a participants list. Most are names; some are not (``Bulletin No. 151, May 17,
1948``, ``[Here follows the same list as Document 255.]``, ``Charlton Ogburn, Jr., of the
Division of Southeast Asian Affairs``, ``Absent``). A phrase that no authority table knows
becomes an agent only if it looks like a personal name (for a person) or a body's name
(for an organization); otherwise :func:`not_a_name` says why, and the mapping keeps it as
an unresolved mention, never as a person. Names the tables know always pass.
"""

from __future__ import annotations

import re

__all__ = ["not_a_name", "MAX_NAME_WORDS", "MAX_BODY_WORDS", "DOCUMENT_WORDS"]

#: A personal name has at most this many words (``Pablo Ruiz y Picasso de la Vega`` is eight,
#: but no name in the corpus' persons lists has more than six).
MAX_NAME_WORDS = 6
#: A body's name has at most this many words (``Political Council of the Central Committee of
#: the Workers' Party of Korea`` has thirteen).
MAX_BODY_WORDS = 16

#: Words of a document's own structure that a reader can take for a party when they stand
#: alone on a line of a participants or distribution list (FRUS: ``Absent``, ``Agreement``;
#: ``Enclosure``, ``Attachment``).
DOCUMENT_WORDS = frozenset(
    """absent present participants participant agreement enclosure enclosures attachment
    attachments annex appendix tab memorandum telegram letter note notes summary subject
    text others other unknown unsigned signed unidentified distribution copy copies source
    drafted cleared approved none same also""".split())

#: Lowercase words that make a phrase, not a personal name ("of the", "and", "for").
_PHRASE_WORDS = frozenset("of the for and to in with by from on at as about or per via".split())
#: Lowercase particles of personal names (``Charles de Gaulle``, ``Abdul Rahman bin Ali``).
_PARTICLES = frozenset(
    "de da di du del della der den van von ter ten la le al el bin ibn ben dos das y e zu".split())
#: A digit outside a generational suffix (``Frank George Wisner, 2nd``, ``Cromwell 3rd``, ``2d``).
_DIGIT = re.compile(r"\d(?!(?:nd|rd|d|th)\b)")
_BRACKETS = re.compile(r"[\[\](){}<>]")
_LIST_NUMBER = re.compile(r"^\s*(?:\d+|[a-z]|[ivx]+)[.)]\s")


def _balanced(text: str) -> bool:
    """Whether every bracket of ``text`` is closed in order (``VKP(b)`` yes, ``D A[cheson`` no)."""
    depth = {"(": 0, "[": 0}
    for ch in text:
        if ch in "([":
            depth[ch] += 1
        elif ch in ")]":
            opener = "(" if ch == ")" else "["
            if depth[opener] == 0:
                return False
            depth[opener] -= 1
    return not any(depth.values())


def _person_problem(label: str) -> str | None:
    """Why ``label`` is not a personal name, or ``None``."""
    words = label.replace(",", " ").split()
    if _DIGIT.search(label):
        return "has digits"
    if _BRACKETS.search(label):
        return "has brackets"
    if ":" in label or ";" in label:
        return "has a colon"
    if len(words) > MAX_NAME_WORDS:
        return f"has more than {MAX_NAME_WORDS} words"
    if any(w in _PHRASE_WORDS for w in words):
        return "reads as a phrase (a word such as 'of the')"
    if not any(len(w.strip(".'’-")) > 1 for w in words):
        return "has initials only"
    if any(w[:1].islower() and w not in _PARTICLES for w in words):
        return "has a lowercase word"
    return None


def _body_problem(label: str) -> str | None:
    """Why ``label`` is not a body's name, or ``None`` (bodies may have ``of the`` and digits)."""
    if _LIST_NUMBER.match(label):
        return "starts as a numbered paragraph"
    if ":" in label:
        return "has a colon"
    if len(label.split()) > MAX_BODY_WORDS:
        return f"has more than {MAX_BODY_WORDS} words"
    return None


def not_a_name(printed: str, label: str, kind: str) -> str | None:
    """Why a phrase no table knows cannot be an agent of ``kind``; ``None`` if it can.

    ``printed`` is the phrase as printed, ``label`` the name the mapping would give it (the
    name outside the editor's brackets, cleaned).

    >>> not_a_name("Bulletin No. 151, May 17, 1948", "Bulletin No. 151, May 17, 1948", "person")
    'has digits'
    >>> not_a_name("D A[cheson", "D A[cheson", "person")
    'unbalanced brackets'
    >>> not_a_name("Absent", "Absent", "person")
    'a word of the document, not a name'
    >>> not_a_name("Charlton Ogburn, Jr., of the Division", "Charlton Ogburn, Jr., of the Division", "person")
    "reads as a phrase (a word such as 'of the')"
    >>> not_a_name("Rusk", "Rusk", "person") is None, not_a_name("CC VKP(b)", "CC VKP(b)", "organization")
    (True, None)
    >>> not_a_name("Frank George Wisner, 2nd", "Frank George Wisner, 2nd", "person") is None
    True
    """
    if not _balanced(printed):
        return "unbalanced brackets"
    words = label.split()
    if not words:
        return "empty"
    if len(words) == 1 and label.strip(".:,").casefold() in DOCUMENT_WORDS:
        return "a word of the document, not a name"
    return _body_problem(label) if kind == "organization" else _person_problem(label)
