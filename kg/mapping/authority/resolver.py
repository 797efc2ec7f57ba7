"""The resolver: a printed name and its context -> one authority entry, by steps tried in order.

:func:`resolve` takes the name apart (:class:`PrintedName`: the name outside brackets, the
editor's names inside) and tries :data:`RESOLVE_STEPS` in order; the first step that finds
an entry wins, and :func:`by_minting` makes a new one when none does. ``matched_by`` on the
entry tells which step found it:

1. ``pseudonym``: a cover name whose rule holds in the context (:func:`by_pseudonym`);
2. ``office``: an office whose holder the context singles out (:func:`by_office`);
3. with ``kind="office"`` only: a US office, post or role (:func:`by_us_office`), which
   always answers, so that steps 4-6 are never tried for an office;
4. the name itself, by :data:`NAME_STEPS` (:func:`by_name`): ``label`` (any label after
   cleaning, folded, then compacted), ``word-order``, ``case-ending``, ``surname``,
   ``fuzzy:<score>``;
4a. in a FRUS volume, a short form (``Rusk``, ``J. Muccio``, ``JFK``): ``volume-persons``,
   ``volume-names``, ``person-table`` or ``office-on-date`` (:func:`by_short_form`);
5. the editor's bracketed name (``the Chairman [Mao Zedong]``; :func:`by_bracketed_name`);
6. ``minted``: a new entry with ``known=False`` whose key is the slug of the cleaned name
   (:func:`by_minting`). Nothing is silently merged.

The name steps (:mod:`kg.mapping.authority.matching`) look at one name without brackets
(:class:`NameQuery`) in the :class:`~kg.mapping.authority.index.NameIndex` and answer
``(key, matched_by)`` or ``None``.
Every step's example runs on the project's tables (``data/authority``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.mapping.authority.entries import NO_CONTEXT, AuthorityEntry, PseudonymEntry, ResolveContext
from kg.mapping.authority.index import (
    fuzzy_kind,
    native_form,
    part_key,
)
from kg.mapping.authority.matching import (
    NAME_STEPS,
    NameQuery,
    by_case_ending,
    by_compact_label,
    by_fuzzy,
    by_label,
    by_native_label,
    by_surname,
    by_word_order,
    match_name,
)
from kg.mapping.authority.offices import holders_named, office_holder, period_of, us_office, within
from kg.mapping.authority.volumes import (
    VolumePerson,
    forenames,
    listed_by_office,
    names_with_surname,
    one_person_printed,
    surname_of,
)
from kg.normalize import (
    clean_name,
    display_name,
    fold,
    slug,
    split_brackets,
)

if TYPE_CHECKING:
    from kg.mapping.authority.core import Authority

__all__ = ["PrintedName", "NameQuery", "resolve", "match_name", "RESOLVE_STEPS", "NAME_STEPS",
           "by_pseudonym", "by_office", "by_us_office", "by_name", "by_bracketed_name", "by_minting",
           "by_native_label", "by_label", "by_compact_label", "by_word_order", "by_case_ending",
           "by_surname", "by_fuzzy", "pseudonym_holds", "by_short_form"]

#: Initials printed for a name (``JFK``, ``LBJ``, ``DDE``): three or four capitals.
_INITIALS = re.compile(r"[A-Z]{3,4}")


@dataclass(frozen=True)
class PrintedName:
    """A printed name taken apart for the resolver.

    Attributes:
        printed: the name as printed, brackets included.
        kind: ``person``, ``organization``, ``office`` or ``""`` (unknown).
        context: the message around the name.
        main: the name outside brackets (else the first bracketed name, else ``printed``).
        inner: the editor's names in brackets, routing notes (``via ...``) left out.
        reals: real names printed with it: the context's and the bracketed ones.

    >>> p = PrintedName.parse("FENG XI [FYN SI; Stalin]")
    >>> p.main, p.inner, p.reals
    ('FENG XI', ('FYN SI', 'Stalin'), ('FYN SI', 'Stalin'))
    """

    printed: str
    kind: str
    context: ResolveContext
    main: str
    inner: tuple[str, ...]
    reals: tuple[str, ...]

    @classmethod
    def parse(cls, printed: str, kind: str = "", context: ResolveContext = NO_CONTEXT) -> PrintedName:
        """Split ``printed`` at its brackets."""
        outer, inner = split_brackets(printed)
        inner = tuple(part for part in inner if not fold(part).startswith("via "))
        main = outer or (inner[0] if inner else printed)
        reals = tuple(r for r in (context.bracketed_real, *inner) if r)
        return cls(printed, kind, context, main, inner, reals)


# --- the resolver's steps: (authority, printed name) -> entry or None ---------------------------
def pseudonym_holds(auth: Authority, pseudo: PseudonymEntry, name: PrintedName) -> bool:
    """Whether the cover name stands for its person here: always; or printed with his real
    name; or (``context`` rule) in its period with a counterpart and without the person."""
    if pseudo.rule == "always":
        return True
    if any(auth.resolve(r).key == pseudo.person for r in name.reals):
        return True
    ctx = name.context
    if pseudo.rule != "context" or not within(ctx.date, pseudo.used_from, pseudo.used_to):
        return False
    parties = {auth.resolve(c).key for c in ctx.counterparts}
    return pseudo.person not in parties and bool(parties & set(pseudo.counterparts))


def by_pseudonym(auth: Authority, name: PrintedName) -> AuthorityEntry | None:
    """A cover name whose rule holds in the context.

    >>> from kg.mapping.authority import load_authority
    >>> by_pseudonym(load_authority(), PrintedName.parse("Filippov")).key
    'stalin'
    >>> by_pseudonym(load_authority(), PrintedName.parse("Kuznetsov")) is None
    True
    """
    pseudo = auth.pseudonym_named(name.main)
    if pseudo is not None and pseudonym_holds(auth, pseudo, name):
        return replace(auth.entries[pseudo.person], matched_by="pseudonym")
    return None


def by_office(auth: Authority, name: PrintedName) -> AuthorityEntry | None:
    """An office printed in place of a name whose holder the context singles out.

    >>> ctx = ResolveContext(date="1949-03-01", place="PYONGYANG")
    >>> from kg.mapping.authority import load_authority
    >>> by_office(load_authority(), PrintedName.parse("SOVIET AMBASSADOR", "", ctx)).key
    'shtykov'
    """
    holder = office_holder(auth, name.main, name.context)
    return replace(holder, matched_by="office") if holder is not None else None


def by_us_office(auth: Authority, name: PrintedName) -> AuthorityEntry | None:
    """With ``kind="office"``: a role's single holder on the context date (``Secretary of
    State``, ``Ambassador in Korea``), else the office or post as an organization (always
    the organization for posts: ``Embassy in Korea``, ``Department of State``).

    >>> ctx = ResolveContext(date="1950-10-09")
    >>> from kg.mapping.authority import load_authority
    >>> by_us_office(load_authority(), PrintedName.parse("Ambassador in Korea", "office", ctx)).key
    'john-j-muccio'
    >>> by_us_office(load_authority(), PrintedName.parse("Embassy in Korea", "office", ctx)).key
    'us-embassy-korea'
    """
    if name.kind != "office":
        return None
    org, person, role = us_office(auth, name.printed, name.context)
    return person if person is not None and role else org


def by_name(auth: Authority, name: PrintedName) -> AuthorityEntry | None:
    """The name outside brackets, by :data:`NAME_STEPS`.

    >>> from kg.mapping.authority import load_authority
    >>> by_name(load_authority(), PrintedName.parse("Molotovu")).matched_by
    'case-ending'
    """
    return match_name(auth, name.main, name.kind)


def _listed_entry(auth: Authority, person: VolumePerson) -> AuthorityEntry:
    """The entry a volume's persons-list entry stands for, as a tagged ``persName`` of it
    resolves: its cross-volume person, else its name in reading order (found or minted)."""
    key = auth.ref_key(person.ref)
    if key in auth.entries:
        return auth.entries[key]
    found = match_name(auth, person.display, "person")
    return found or by_minting(PrintedName.parse(person.display, "person"))


def _one_listed(listed: list[VolumePerson], name: PrintedName) -> VolumePerson | None:
    """Of several listed people of one surname, the one a short form stands for: one man
    listed twice ("Palmer, Joseph A. II" and "Palmer, Joseph, II"), or the one whose
    description names the office printed with the name ("the Deputy Assistant Secretary of
    Defense (Bundy)" is not the President's Special Assistant)."""
    if (fullest := one_person_printed([p.display for p in listed])) is not None:
        return next(p for p in listed if p.display == fullest)
    return listed_by_office(listed, name.context.office) if name.context.office else None


def _printed_candidates(name: PrintedName, word: str, letters: list[str]) -> list[str]:
    """The names the volume prints in full that a short form can stand for: one man printed
    two ways ("W. J. Sebald", "William J. Sebald") is one; of different people, the one whose
    offices printed with him clearly share the most words with the office printed here."""
    found = [(n, o) for n, o in names_with_surname(name.context.volume_names, word) if _fits(n, letters)]
    names = [n for n, _ in found]
    if len(names) > 1 and (one := one_person_printed(names)) is not None:
        return [one]
    if len(names) > 1 and name.context.office:
        people = [VolumePerson("", "", n, o) for n, o in found]
        if (chosen := listed_by_office(people, name.context.office)) is not None:
            return [chosen.name]
    return names


def _printed_entry(auth: Authority, printed: str) -> AuthorityEntry:
    """The entry of a name a volume prints in full (``Sidney W. Souers``): found, else the
    one person of the cross-volume table with that surname whose forenames fit it (``W. J.
    Sebald`` is William J. Sebald), else minted."""
    found = match_name(auth, printed, "person")
    if found is not None:
        return found
    fitting = [auth.entries[k] for k in sorted(auth.person_surnames.get(surname_of(printed), ()))
               if _fits(auth.entries[k].pref_label, [w[0] for w in forenames(printed)])]
    return fitting[0] if len(fitting) == 1 else by_minting(PrintedName.parse(printed, "person"))


def _fits(label: str, letters: list[str]) -> bool:
    """Whether a name has a word starting with each printed initial (``J. W. Davis`` is not
    William Davis Clarke)."""
    starts = {w[0] for w in fold(label).split()}
    return all(initial in starts for initial in letters)


def _short_candidates(auth: Authority,
                      name: PrintedName) -> tuple[str, list[str], list[VolumePerson]] | None:
    """(folded surname or initials, the initials printed before a surname, the listed people
    of the volume it can stand for)."""
    volume = name.context.volume or ""
    main = name.main.strip()
    if _INITIALS.fullmatch(main):  # JFK, LBJ: the initials of one listed person
        return main.casefold(), [], auth.volume_persons.by_initials(volume, main.casefold())
    q = NameQuery.parse(main, "person")
    if q.want != "person" or len(q.words) != 1 or len(q.bare.split()) != 1:
        return None
    letters = [w[0] for w in fold(q.cleaned).split()[:-1]]  # J. Muccio: forenames with a J
    listed = [p for p in auth.volume_persons.by_surname(volume, q.words[0]) if _fits(p.display, letters)]
    return q.words[0], letters, listed


def by_short_form(auth: Authority, name: PrintedName) -> AuthorityEntry | None:
    """In a FRUS volume, a surname, an initialled surname or initials (``Rusk``, ``J. Muccio``,
    ``JFK``) printed in a head or signature: the one person the volume's own persons list
    names so (``Rusk, Dean``); else the one person the volume prints in full with that
    surname elsewhere (``Sidney W. Souers``); else the one person of the cross-volume table with that
    surname; else the one US office holder with it in office on the date (or in the
    volume's years). Several listed people are told apart by the office printed with the
    name (:func:`~kg.mapping.authority.volumes.listed_by_office`); several candidates at one step
    are narrowed by the holders on the date.

    >>> from kg.mapping.authority import load_authority
    >>> auth, ctx = load_authority(), ResolveContext(volume="frus1961-63v06")
    >>> auth.volume_persons.add("frus1961-63v06", [("p_RD1", "Rusk, Dean"), ("p_KJF1", "Kennedy, John F.")])
    >>> [by_short_form(auth, PrintedName.parse(n, "person", ctx)).key for n in ("Rusk", "JFK")]
    ['dean-rusk', 'kennedy']
    """
    if name.kind not in ("person", "") or not name.context.volume or name.inner:
        return None
    found = _short_candidates(auth, name)
    if found is None:
        return None
    word, letters, listed = found
    period = period_of(name.context)
    on_date = holders_named(auth, auth.office_terms, word, period) if period else set()
    printed = _printed_candidates(name, word, letters) if not listed else []
    steps = ([_listed_entry(auth, p) for p in listed], "volume-persons"), \
        ([_printed_entry(auth, n) for n in printed], "volume-names"), \
        ([auth.entries[k] for k in sorted(auth.person_surnames.get(word, ()))], "person-table"), \
        ([auth.entries[k] for k in sorted(on_date)], "office-on-date")
    for found_entries, rule in steps:
        entries = [e for e in found_entries if rule == "volume-persons" or _fits(e.pref_label, letters)]
        keys = {e.key for e in entries}
        if len(keys) > 1 and rule == "volume-persons" and (chosen := _one_listed(listed, name)):
            keys = {entries[listed.index(chosen)].key}
        if len(keys) > 1:
            keys &= on_date
        if len(keys) == 1:
            entry = next(e for e in entries if e.key in keys)
            return replace(entry, matched_by=rule)
        if keys or (entries and rule in ("volume-persons", "volume-names")):
            return None  # several people fit: a name the volume itself leaves open stays apart
    return None


def by_bracketed_name(auth: Authority, name: PrintedName) -> AuthorityEntry | None:
    """The editor's name in brackets: a cover name that always holds, else a name.

    >>> from kg.mapping.authority import load_authority
    >>> by_bracketed_name(load_authority(), PrintedName.parse("the Chairman [Mao Zedong]")).key
    'mao-zedong'
    """
    for part in name.inner:
        pseudo = auth.pseudonym_named(part)
        if pseudo is not None and pseudo.rule == "always":
            return replace(auth.entries[pseudo.person], matched_by="pseudonym")
        found = match_name(auth, part, name.kind)
        if found is not None:
            return found
    return None


def by_minting(name: PrintedName) -> AuthorityEntry:
    """A new ``known=False`` entry keyed by the slug of the cleaned name (initials kept, so
    that ``Kim I.M.`` and ``Kim`` stay apart); a name in a script without a Latin form
    (``周恩来``) keeps a key of its own.

    >>> e = by_minting(PrintedName.parse("Comrade Kim I.M."))
    >>> e.key, e.kind, e.known, e.matched_by
    ('kim-i-m', 'person', False, 'minted')
    """
    cleaned = clean_name(name.main) or name.main.strip()
    native = native_form(cleaned)
    key = slug(cleaned) or (f"name-{part_key(native)}" if native else "unnamed")
    return AuthorityEntry(
        key=key,
        kind=name.kind or fuzzy_kind(cleaned, ""),
        pref_label=display_name(cleaned) or "unnamed",
        known=False,
        matched_by="minted",
    )


#: The resolver's steps, tried in order; :func:`by_minting` answers when none does.
RESOLVE_STEPS: tuple[Callable[[Authority, PrintedName], AuthorityEntry | None], ...] = (
    by_pseudonym, by_office, by_us_office, by_name, by_short_form, by_bracketed_name)


def resolve(auth: Authority, printed: str, kind: str = "",
            context: ResolveContext = NO_CONTEXT) -> AuthorityEntry:
    """The entry of the first step that finds one for ``printed``, else a minted entry.

    >>> from kg.mapping.authority import load_authority
    >>> resolve(load_authority(), "Filippov [Stalin]").matched_by
    'pseudonym'
    """
    name = PrintedName.parse(printed, kind, context)
    for step in RESOLVE_STEPS:
        if (entry := step(auth, name)) is not None:
            return entry
    return by_minting(name)

