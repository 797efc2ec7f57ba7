"""The name steps of the resolver: one name without brackets -> a table entry.

:class:`NameQuery` prepares the name; :data:`NAME_STEPS` look it up in the
:class:`~kg.mapping.authority.index.NameIndex` in order (``label``, ``word-order``,
``case-ending``, ``surname``, ``fuzzy:<score>``) and :func:`match_name` takes the first that
answers (:mod:`kg.mapping.authority.resolver` tries it as one of its steps). Every example
runs on the project's tables (``data/authority``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from kg.mapping.authority.entries import AuthorityEntry
from kg.mapping.authority.index import (
    FUZZY_MIN_LETTERS,
    FUZZY_THRESHOLD,
    TITLE_WORDS,
    NameIndex,
    fuzzy_kind,
    native_form,
    qualifiers_agree,
    wordset,
)
from kg.normalize import (
    clean_name,
    compact,
    fold,
    russian_nominatives,
    strip_initials,
)

if TYPE_CHECKING:
    from kg.mapping.authority.core import Authority

__all__ = ["NameQuery", "NameMatch", "NAME_STEPS", "match_name", "by_native_label", "by_label",
           "by_compact_label", "by_word_order", "by_case_ending", "by_surname", "by_fuzzy"]


@dataclass(frozen=True)
class NameQuery:
    """One name (no brackets) prepared for the name steps.

    Attributes:
        kind: the kind asked for (``""`` when the reader cannot tell).
        cleaned: the name without honorifics, quotes, letter spacing or leading article.
        bare: ``cleaned`` without initials (``cleaned`` if nothing else is left).
        forms: the folded forms of ``cleaned`` and ``bare`` (none for a name in another script).
        words: the words of folded ``bare``.
        want: the kind a fuzzy or surname match must have (a body word makes it a body).

    >>> q = NameQuery.parse("Cde. I. V. STALIN", "")
    >>> q.forms, q.words, q.want
    (('i v stalin', 'stalin'), ('stalin',), 'person')
    """

    kind: str
    cleaned: str
    bare: str
    forms: tuple[str, ...]
    words: tuple[str, ...]
    want: str

    @classmethod
    def parse(cls, name: str, kind: str) -> NameQuery:
        """Clean and fold ``name``."""
        cleaned = clean_name(name)
        bare = strip_initials(cleaned) or cleaned
        forms = tuple(dict.fromkeys(f for f in (fold(cleaned), fold(bare)) if f))
        return cls(kind, cleaned, bare, forms, tuple(fold(bare).split()), fuzzy_kind(bare, kind))

    @property
    def folded(self) -> str:
        """Folded ``bare``: what word-order and fuzzy matching compare."""
        return fold(self.bare)


# --- the name steps: (index, query) -> (key, matched_by) or None -------------------------------
NameMatch = tuple[str, str]


def by_native_label(index: NameIndex, q: NameQuery) -> NameMatch | None:
    """A name in another script (no Latin form): its native form as labelled in the table.

    >>> from kg.mapping.authority import load_authority
    >>> by_native_label(load_authority().names, NameQuery.parse("周恩来", ""))
    ('zhou-enlai', 'label')
    """
    if q.forms:
        return None
    native = native_form(q.cleaned)
    key = index.unique(index.forms.get(native), q.kind) if native else None
    return (key, "label") if key else None


def by_label(index: NameIndex, q: NameQuery) -> NameMatch | None:
    """Any label, with or without initials, compared folded (case, diacritics, breves,
    apostrophes, hyphens ignored).

    >>> from kg.mapping.authority import load_authority
    >>> by_label(load_authority().names, NameQuery.parse("Cde. I. V. STALIN", ""))
    ('stalin', 'label')
    """
    for form in q.forms:
        if (key := index.unique(index.forms.get(form), q.kind)) is not None:
            return key, "label"
    return None


def by_compact_label(index: NameIndex, q: NameQuery) -> NameMatch | None:
    """Any label compared compacted: spaces ignored too.

    >>> from kg.mapping.authority import load_authority
    >>> by_compact_label(load_authority().names, NameQuery.parse("Kim Ilsung", ""))
    ('kim-il-sung', 'label')
    """
    for form in q.forms:
        if (key := index.unique(index.compact.get(compact(form)), q.kind)) is not None:
            return key, "label"
    return None


def by_word_order(index: NameIndex, q: NameQuery) -> NameMatch | None:
    """The same words in another order.

    >>> from kg.mapping.authority import load_authority
    >>> by_word_order(load_authority().names, NameQuery.parse("Shicai Sheng", ""))
    ('sheng-shicai', 'word-order')
    """
    if len(q.words) > 1 and (key := index.unique(index.wordsets.get(wordset(q.folded)), q.kind)):
        return key, "word-order"
    return None


def by_case_ending(index: NameIndex, q: NameQuery) -> NameMatch | None:
    """A Russian oblique case of a known surname (people only).

    >>> from kg.mapping.authority import load_authority
    >>> by_case_ending(load_authority().names, NameQuery.parse("Poskrebyshevu", ""))
    ('poskrebyshev', 'case-ending')
    """
    if q.want != "person" or len(q.words) != 1:
        return None
    for stem in russian_nominatives(q.words[0]):
        if (key := index.unique(index.surnames.get(stem), "person")) is not None:
            return key, "case-ending"
    return None


def by_surname(index: NameIndex, q: NameQuery) -> NameMatch | None:
    """A known surname (first or last word) with only initials, ranks, offices or the entry's
    own name words around it (people only); ``Mao Anying`` is not Mao Zedong.

    >>> from kg.mapping.authority import load_authority
    >>> by_surname(load_authority().names, NameQuery.parse("Soviet Defense Minister A.M. Vasilevsky", ""))
    ('vasilevsky', 'surname')
    >>> by_surname(load_authority().names, NameQuery.parse("Mao Anying", "")) is None
    True
    """
    if q.want != "person" or len(q.words) < 2:
        return None
    for word in dict.fromkeys((q.words[0], q.words[-1])):
        for cand in (word, *russian_nominatives(word)):
            key = index.unique(index.surnames.get(cand), "person")
            if key is None:
                continue
            rest = [w for w in q.words if w != word]
            if all(len(w) == 1 or w in TITLE_WORDS or w in index.name_words[key] for w in rest):
                return key, "surname"
    return None


def by_fuzzy(index: NameIndex, q: NameQuery) -> NameMatch | None:
    """:func:`rapidfuzz.fuzz.ratio` over folded labels of the same kind (a person never
    matches a body), for inputs of at least :data:`FUZZY_MIN_LETTERS` letters; accepted only
    at :data:`FUZZY_THRESHOLD` or above and when no other entry also reaches it.

    >>> from kg.mapping.authority import load_authority
    >>> by_fuzzy(load_authority().names, NameQuery.parse("Kaganovitch", ""))
    ('kaganovich', 'fuzzy:95')
    """
    folded = q.folded
    if len(folded.replace(" ", "")) < FUZZY_MIN_LETTERS or folded in TITLE_WORDS:
        return None
    choices, keys = index.fuzzy.get((q.want, " " in folded), ([], []))
    if not choices:
        return None
    hits = process.extract(folded, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None)
    best: dict[str, float] = {}
    for _choice, score, i in hits:
        best[keys[i]] = max(score, best.get(keys[i], 0.0))
    if len(best) != 1:
        return None
    (key, score), = best.items()
    return key, f"fuzzy:{int(score)}"


#: The name steps, tried in order on one name.
NAME_STEPS: tuple[Callable[[NameIndex, NameQuery], NameMatch | None], ...] = (
    by_native_label, by_label, by_compact_label, by_word_order, by_case_ending, by_surname, by_fuzzy)


def match_name(auth: Authority, name: str, kind: str) -> AuthorityEntry | None:
    """A table entry for one name (no brackets) by the first name step that finds one, or ``None``."""
    query = NameQuery.parse(name, kind)
    for step in NAME_STEPS:
        if (found := step(auth.names, query)) is not None:
            key, how = found
            entry = auth.entries[key]
            if entry.kind == "organization" and not qualifiers_agree(
                    name, (entry.pref_label, *entry.alt_labels, *entry.hidden_labels)):
                return None  # another party's or state's body of that kind: never crossed
            return replace(entry, matched_by=how)
    return None
