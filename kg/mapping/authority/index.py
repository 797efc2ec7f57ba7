"""Name indexes: the lookup forms of every label, and the tables that find entries by them.

:func:`name_forms` folds a label into the forms it is looked up by; :class:`NameIndex`
holds, for every person and body, its labels by form, by compacted form (spaces ignored),
by word set (any order), by surname, and the choices of fuzzy matching;
:func:`label_index` and :func:`label_index_all` index archives, places, cover names and
offices by their labels.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from kg.mapping.authority.entries import AuthorityEntry
from kg.normalize import clean_name, compact, fold, strip_initials

__all__ = [
    "FUZZY_THRESHOLD",
    "FUZZY_MIN_LETTERS",
    "TITLE_WORDS",
    "BODY_WORDS",
    "NameIndex",
    "name_forms",
    "native_form",
    "part_key",
    "wordset",
    "fuzzy_kind",
    "label_index",
    "label_index_all",
    "QUALIFIERS",
    "qualifiers",
    "qualifiers_agree",
]

FUZZY_THRESHOLD = 92.0
"""Least :func:`rapidfuzz.fuzz.ratio` (0-100, normalised Indel similarity) for a fuzzy match.

At 92 one dropped or added letter in a surname of six or more letters passes
(``Roschin`` -> ``Roshchin`` 93.3, ``Razuvayev`` -> ``Razuvaev`` 94.1), while a swap of two
letters in a seven-letter name (``Shytkov``, 85.7: listed as a label instead), a
feminine form (``Vasilevskaya`` vs ``Vasilevsky``, 90.9) and a different surname with a
shared stem (``Vasilyev`` vs ``Vasilevsky``, 88.9) do not. The best entry must also be
the only entry reaching the threshold."""

FUZZY_MIN_LETTERS = 5
"""Inputs with fewer letters (``Kim``, ``Pak``, ``Mao``) are matched exactly or not at all."""

#: Words that may stand around a surname without making it another person's name.
TITLE_WORDS = frozenset(
    """soviet ussr chinese korean north dprk prc defense defence foreign minister ministers
    deputy first vice ambassador general marshal army colonel lieutenant major admiral chief
    commander chairman premier governor secretary comrade comrades cde cdes tov of the to and
    adviser advisor representative president prime head state armed forces military""".split()
)
#: Words that make a name a body rather than a person (used only to keep fuzzy and surname
#: matching within one kind, and to type minted entries when the reader cannot tell).
BODY_WORDS = frozenset(
    """ministry ministries ministers directorate administration department committee council politburo
    bureau government embassy party staff command headquarters commission secretariat office
    section assembly presidium mid gru cc ccp cpc vkp army forces union republic legation
    legations consulate consulates delegation mission agency""".split()
)


#: Words and phrases (folded) that say whose body a name is: its party, its state, its level.
#: ``VKP(b)`` and ``CPSU`` are one party (renamed in 1952); the Chinese and Korean parties and
#: states are each their own. A body matched other than by its exact label must not differ
#: from the name on any of these (:func:`qualifiers_agree`).
QUALIFIERS: dict[str, tuple[str, str]] = {
    **{w: ("party", "soviet") for w in ("vkp", "vkpb", "vkp b", "cpsu", "kpss", "bolsheviks",
                                        "communist party of the soviet union")},
    **{w: ("party", "chinese") for w in ("ccp", "cpc", "chinese communist party",
                                         "communist party of china", "kuomintang", "kmt")},
    **{w: ("party", "korean") for w in ("wpk", "kwp", "wpnk", "workers party of korea",
                                        "korean workers party", "workers party of north korea",
                                        "labor party of korea", "korean labor party")},
    **{w: ("state", "ussr") for w in ("ussr", "sssr", "soviet", "soviet union", "russian")},
    **{w: ("state", "prc") for w in ("prc", "chinese", "china", "peoples republic of china",
                                     "central peoples government")},
    **{w: ("state", "dprk") for w in ("dprk", "north korea", "north korean",
                                      "democratic peoples republic of korea")},
    **{w: ("state", "rok") for w in ("rok", "south korea", "south korean", "republic of korea")},
    **{w: ("state", "us") for w in ("us", "usa", "united states", "american")},
    **{w: ("level", w) for w in ("central", "provincial", "regional", "city", "district",
                                 "county", "local", "municipal")},
}
_QUALIFIER_LONGEST = max(len(k.split()) for k in QUALIFIERS)


@lru_cache(maxsize=65536)
def qualifiers(name: str) -> frozenset[tuple[str, str]]:
    """The (dimension, value) qualifiers a body's name carries (longest phrase first).

    >>> sorted(qualifiers("Central Committee of the Workers' Party of Korea"))
    [('level', 'central'), ('party', 'korean')]
    >>> sorted(qualifiers("Ministry of Foreign Affairs of the DPRK"))
    [('state', 'dprk')]
    """
    words = fold(name).replace("(", " ").replace(")", " ").split()
    found: set[tuple[str, str]] = set()
    i = 0
    while i < len(words):
        for n in range(min(_QUALIFIER_LONGEST, len(words) - i), 0, -1):
            hit = QUALIFIERS.get(" ".join(words[i:i + n]))
            if hit is not None:
                found.add(hit)
                i += n
                break
        else:
            i += 1
    return frozenset(found)


def qualifiers_agree(name: str, labels: Iterable[str]) -> bool:
    """Whether a body's name and an entry's labels (all of them, pooled) never differ on a
    party, a state or a level that both name: ``CC of the CPSU`` is not the ``CCP Central
    Committee``, the ``PRC Foreign Ministry`` not the ``DPRK Ministry of Foreign Affairs``.

    >>> qualifiers_agree("Central Committee of the CPSU", ["CCP Central Committee", "CC CCP"])
    False
    >>> qualifiers_agree("CC of the VKP(b)", ["Central Committee of the VKP(b)"])
    True
    """
    mine: dict[str, set[str]] = {}
    for dim, value in qualifiers(name):
        mine.setdefault(dim, set()).add(value)
    theirs: dict[str, set[str]] = {}
    for label in labels:
        for dim, value in qualifiers(label):
            theirs.setdefault(dim, set()).add(value)
    return all(not (dim in theirs and not values & theirs[dim]) for dim, values in mine.items())


@lru_cache(maxsize=65536)
def name_forms(label: str) -> tuple[str, ...]:
    """Folded lookup forms of a label: as is, and without initials.

    The form without initials is kept only if it still has :data:`FUZZY_MIN_LETTERS`
    letters, so that ``Kim I.M.`` does not become a label ``Kim``.

    >>> name_forms("Cde. I. V. STALIN")
    ('i v stalin', 'stalin')
    >>> name_forms("Kim I.M.")
    ('kim i m',)
    """
    name = clean_name(label)
    forms = [fold(name) or native_form(name)]
    bare = fold(strip_initials(name))
    if len(bare.replace(" ", "")) >= FUZZY_MIN_LETTERS:
        forms.append(bare)
    return tuple(f for f in dict.fromkeys(forms) if f)


def native_form(text: str) -> str:
    """A lookup form for names in other scripts: NFKC, case-folded, letters only.

    >>> native_form("周恩来") == native_form(" 周恩来 ")
    True
    """
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def part_key(text: str) -> str:
    """A short, stable key for a name that has no Latin letters (SHA-256 of its native form).

    >>> len(part_key("周恩来"))
    12
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def wordset(folded: str) -> str:
    """The words of a folded name in sorted order, so that word order does not count.

    >>> wordset("shicai sheng") == wordset("sheng shicai")
    True
    """
    return " ".join(sorted(folded.split()))


def fuzzy_kind(name: str, kind: str) -> str:
    """The kind a name may match: a body if it has a body word, else ``kind`` or person.

    >>> fuzzy_kind("Soviet Ministry of Foreign Affairs", "person"), fuzzy_kind("Roshchin", "")
    ('organization', 'person')
    """
    if set(fold(name).split()) & BODY_WORDS:
        return "organization"
    return kind or "person"


@dataclass
class NameIndex:
    """People and bodies by the lookup forms of their labels (pref, key, alt and hidden).

    Attributes:
        kinds: each entry's kind (``person`` or ``organization``), to prefer one among several.
        forms: a folded form -> the entries with a label of that form.
        compact: the same, spaces removed (``kim ilsung``, ``pak heonyeong``).
        wordsets: a form of several words, sorted -> the entries (``shicai sheng``).
        surnames: a one-word form of a person -> the people (``stalin``).
        name_words: every word of an entry's forms (the words that may stand by its surname).
        fuzzy: (kind, several words) -> the forms belonging to one entry, and that entry's key.
    """

    kinds: dict[str, str] = field(default_factory=dict)
    forms: dict[str, set[str]] = field(default_factory=dict)
    compact: dict[str, set[str]] = field(default_factory=dict)
    wordsets: dict[str, set[str]] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    name_words: dict[str, frozenset[str]] = field(default_factory=dict)
    fuzzy: dict[tuple[str, bool], tuple[list[str], list[str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[AuthorityEntry]) -> NameIndex:
        """Index the labels of ``entries``.

        >>> idx = NameIndex.build([AuthorityEntry("sheng-shicai", "person", "Sheng Shicai")])
        >>> idx.wordsets["sheng shicai"], idx.unique(idx.compact.get("shengshicai"), "")
        ({'sheng-shicai'}, 'sheng-shicai')
        """
        idx = cls()
        fuzzy: dict[tuple[str, bool], dict[str, set[str]]] = {}
        for entry in entries:
            idx.kinds[entry.key] = entry.kind
            words: set[str] = set()
            for label in (entry.pref_label, entry.key, *entry.alt_labels, *entry.hidden_labels):
                for form in name_forms(label):
                    words.update(form.split())
                    idx._add(entry, form)
                    fuzzy.setdefault((entry.kind, " " in form), {}).setdefault(form, set()).add(
                        entry.key)
            idx.name_words[entry.key] = frozenset(words)
        for group, forms in fuzzy.items():
            unique = sorted(f for f, keys in forms.items() if len(keys) == 1)
            idx.fuzzy[group] = (unique, [next(iter(forms[f])) for f in unique])
        return idx

    def _add(self, entry: AuthorityEntry, form: str) -> None:
        self.forms.setdefault(form, set()).add(entry.key)
        self.compact.setdefault(compact(form), set()).add(entry.key)
        if " " in form:
            self.wordsets.setdefault(wordset(form), set()).add(entry.key)
        elif entry.kind == "person":
            self.surnames.setdefault(form, set()).add(entry.key)

    def unique(self, keys: set[str] | None, kind: str) -> str | None:
        """The one key of ``keys`` (preferring ``kind`` when several), else ``None``."""
        if not keys:
            return None
        if len(keys) > 1 and kind:
            keys = {k for k in keys if self.kinds[k] == kind}
        return next(iter(keys)) if len(keys) == 1 else None


def label_index(items: Iterable[tuple[str, Iterable[str]]],
                form: Callable[[str], str] = fold) -> dict[str, str]:
    """Each label's lookup form -> the key of the first item with that label.

    >>> label_index([("beijing", ["Beijing", "Peking"]), ("peking-opera", ["Peking"])])
    {'beijing': 'beijing', 'peking': 'beijing'}
    """
    index: dict[str, str] = {}
    for key, labels in items:
        for label in labels:
            index.setdefault(form(label), key)
    return index


def label_index_all(items: Iterable[tuple[str, Iterable[str]]],
                    form: Callable[[str], str] = fold) -> dict[str, list[str]]:
    """Each label's lookup form -> the keys of every item with that label, in order.

    >>> label_index_all([("a", ["Soviet Ambassador"]), ("b", ["SOVIET AMBASSADOR"])])
    {'soviet ambassador': ['a', 'b']}
    """
    index: dict[str, list[str]] = {}
    for key, labels in items:
        for label in labels:
            keys = index.setdefault(form(label), [])
            if key not in keys:
                keys.append(key)
    return index
