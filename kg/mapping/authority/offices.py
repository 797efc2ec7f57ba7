"""Offices and posts printed instead of a name, their holders by date, and places and archives.

Two tables name offices: ``offices.csv`` (an office printed in place of a name, ``To the
SOVIET AMBASSADOR``, with one holder per place and period) and ``us-offices.csv`` (the US
principal officers and chiefs of mission from POCOM, one row per term). A US office or post
as printed in a FRUS heading (``The Secretary of State``, ``Embassy in Korea``, ``Ambassador
in Korea``) gives an organization and, on a date, the one holder whose term covers it.
Dates are partial ISO dates (``1950``, ``1950-10``, ``1950-10-09``) compared as the whole
period they name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.mapping.authority.entries import (
    US_COUNTRY,
    ArchiveEntry,
    AuthorityEntry,
    OfficeTerm,
    PlaceEntry,
    ResolveContext,
)
from kg.mapping.authority.volumes import surname_of
from kg.normalize import clean_name, display_name, fold, slug, split_brackets

if TYPE_CHECKING:
    from kg.mapping.authority.core import Authority

__all__ = ["UsOffices", "bounds", "within", "office_form", "office_holder", "us_office",
           "find_archive", "find_place", "period_of", "holders_named", "titled_holder",
           "office_title_at_end"]

_POST_KINDS = frozenset({"mission", "mission-org", "post"})
_ROLE_WORDS = frozenset(
    {"ambassador", "minister", "charge", "charge daffaires", "charge daffaires ad interim",
     "chief of mission", "representative", "permanent representative", "high commissioner",
     "political adviser", "special representative", "consul", "consul general"})
_CONSULAR_WORDS = frozenset({"consulate", "consulate general", "consul", "consul general"})
_POST_RE = re.compile(
    r"^(?P<word>embassy|legation|mission|delegation|office|ambassador|minister"
    r"|charge daffaires ad interim|charge daffaires|charge|chief of mission"
    r"|permanent representative|special representative|representative|high commissioner"
    r"|political adviser|consulate general|consulate|consul general|consul)"
    r"\s+(?:in|to|at|for|on|with)\s+(?P<place>.+)$")
_POST_NOUNS = {"embassy": "Embassy", "ambassador": "Embassy", "charge": "Embassy",
               "charge daffaires": "Embassy", "charge daffaires ad interim": "Embassy",
               "chief of mission": "Embassy", "minister": "Legation", "legation": "Legation",
               "mission": "Mission", "representative": "Mission", "permanent representative": "Mission",
               "special representative": "Mission", "delegation": "Delegation", "office": "Office",
               "high commissioner": "High Commission", "political adviser": "Office of the Political Adviser",
               "consulate": "Consulate", "consul": "Consulate", "consulate general": "Consulate General",
               "consul general": "Consulate General"}
_SMALL_WORDS = frozenset("a an and at for in of on or the to".split())
#: The years of a FRUS volume id: ``frus1964-68v29p1`` -> 1964 and (19)68; ``frus1949v07p2``.
_VOLUME_YEARS = re.compile(r"^frus(?P<first>\d{4})(?:-(?P<last>\d{2}))?")


# --- dates ------------------------------------------------------------------------------------
def bounds(iso: str) -> tuple[str, str]:
    """First and last day of a partial ISO date.

    >>> bounds("1950"), bounds("1950-02")
    (('1950-01-01', '1950-12-31'), ('1950-02-01', '1950-02-31'))
    """
    parts = iso.split("-")
    low = "-".join([*parts, *["01"] * (3 - len(parts))])
    high = "-".join([*parts, *(["12", "31"] if len(parts) == 1 else ["31"] * (3 - len(parts)))])
    return low, high


def within(date: str | None, start: str, end: str) -> bool:
    """Whether the whole of ``date`` (partial ISO) lies in ``start``..``end`` (open if empty).

    >>> within("1950-10", "1950", ""), within("1950", "1950-06", "1951"), within(None, "", "")
    (True, False, False)
    """
    if not date:
        return False
    low, high = bounds(date)
    return (not start or bounds(start)[0] <= low) and (not end or high <= bounds(end)[1])


# --- offices.csv: an office printed in place of a name ------------------------------------------
def office_holder(auth: Authority, printed: str, ctx: ResolveContext) -> AuthorityEntry | None:
    """The holder of an ``offices.csv`` office whom the context's place and date single out.

    ``SOVIET AMBASSADOR`` in a message from Pyongyang in 1949 is Shtykov; without a date
    and a place, or with two holders left, ``None``.
    """
    keys = auth.office_index.get(fold(clean_name(printed)))
    if not keys or not (ctx.date or ctx.place):
        return None
    place = auth.place(ctx.place).key if ctx.place else None
    holders = {
        o.holder for o in (auth.offices[k] for k in keys)
        if (place is None or o.place == place)
        and (ctx.date is None or within(ctx.date, o.held_from, o.held_to))
    }
    return auth.entries.get(holders.pop()) if len(holders) == 1 else None


# --- us-offices.csv: US offices, posts and their holders' terms ----------------------------------
@dataclass
class UsOffices:
    """The terms of ``us-offices.csv``, indexed by the printed forms of their office or post."""

    terms: list[OfficeTerm] = field(default_factory=list)
    offices: dict[str, list[int]] = field(default_factory=dict)
    posts: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, terms: list[OfficeTerm]) -> UsOffices:
        """Index ``terms`` (offices and posts apart: a post is also found by its place)."""
        book = cls(terms)
        for i, term in enumerate(terms):
            index = book.posts if term.kind in _POST_KINDS else book.offices
            for form in term.printed:
                index.setdefault(office_form(form), []).append(i)
        return book

    def find(self, form: str) -> tuple[str, list[OfficeTerm], bool] | None:
        """(office key, its terms, whether the form names a role) for a printed form.

        ``secretary of state`` is an office; ``ambassador in korea`` the post
        ``us-embassy-korea`` named by a role; consulates are never found.
        """
        idx = self.offices.get(form)
        if idx:
            terms = [self.terms[i] for i in idx]
            return terms[0].office, terms, terms[0].kind != "body"
        m = _POST_RE.match(form)
        if not m or m["word"] in _CONSULAR_WORDS:
            return None
        idx = self.posts.get(office_form(m["place"]))
        if not idx:
            return None
        terms = [self.terms[i] for i in idx]
        return terms[0].office, terms, m["word"] in _ROLE_WORDS

    @staticmethod
    def holder_on(terms: list[OfficeTerm], date: str | None) -> str | None:
        """The key of the one holder whose term covers the whole of ``date``; ``None`` if not one."""
        if not date or not terms:
            return None
        low, high = bounds(date[:10])
        holders, covering = set(), set()
        for t in terms:
            if not t.started:
                continue
            start, end = bounds(t.started)[0], (bounds(t.ended)[1] if t.ended else None)
            if start <= high and (end is None or low <= end):
                holders.add(t.holder)
                if start <= low and (end is None or high <= end):
                    covering.add(t.holder)
        if len(holders) != 1 or holders != covering or "" in holders:
            return None
        return holders.pop()


def us_office(auth: Authority, printed: str,
              ctx: ResolveContext) -> tuple[AuthorityEntry, AuthorityEntry | None, bool]:
    """(organization, holder or ``None``, whether the printed form names a role): see
    :meth:`kg.mapping.authority.Authority.office`."""
    outer, inner = split_brackets(printed)
    name = outer or printed
    form = office_form(name)
    found = auth.us_offices.find(form)
    if found is None:
        org = _mint_office(name, form)
        m = _POST_RE.match(form)
        role = m is not None and m["word"] in _ROLE_WORDS
        terms: list[OfficeTerm] = []
    else:
        office_key, terms, role = found
        org = replace(auth.entries[office_key], matched_by="office")
    holder = None
    for part in inner:
        if fold(part) and not fold(part).startswith("via "):
            holder = _bracket_holder(auth, part, terms)
            break
    if holder is None:
        holder_key = UsOffices.holder_on(terms, ctx.date)
        entry = auth.entries.get(holder_key) if holder_key is not None else None
        holder = replace(entry, matched_by="office") if entry else None
    return org, holder, role


def _bracket_holder(auth: Authority, name: str, terms: list[OfficeTerm]) -> AuthorityEntry:
    """The editor's name for the holder: one of the office's holders by surname, else a name."""
    wanted = fold(clean_name(name))
    found = {t.holder for t in terms if t.holder in auth.entries
             and wanted in surnames_of(auth.entries[t.holder])}
    if len(found) == 1:
        return replace(auth.entries[found.pop()], matched_by="bracket")
    return replace(auth.resolve(name, "person"), matched_by="bracket")


def _mint_office(name: str, form: str) -> AuthorityEntry:
    """An unknown US office or post: ``us-<slug>``, a known post noun ("Consulate at Mukden").

    >>> _mint_office("Consul at Mukden", "consul at mukden").pref_label
    'United States Consulate at Mukden'
    """
    cleaned = clean_name(name) or name.strip()
    m = _POST_RE.match(form)
    if m:
        noun = _POST_NOUNS.get(m["word"], "Embassy")
        place = _strip_article(_original_tail(cleaned, m["place"]))
        prep = "at" if noun.startswith("Consulate") else "to" if noun == "Mission" else "in"
        label, key = f"United States {noun} {prep} {place}", f"us-{slug(noun)}-{slug(place)}"
    else:
        label = f"{_strip_article(cleaned)} (United States)"
        key = "us-" + (slug(_strip_article(cleaned)) or "office")
    return AuthorityEntry(key=key, kind="organization", pref_label=label, known=False,
                          matched_by="minted", country=US_COUNTRY)


def surnames_of(entry: AuthorityEntry) -> set[str]:
    """Folded surnames of a person entry: before the comma of ``Surname, Forename`` labels,
    and the last word of the preferred label (``Jr.`` and the like skipped)."""
    names = {fold(label.split(",")[0]) for label in entry.hidden_labels if "," in label}
    return names | ({last} if (last := surname_of(entry.pref_label)) else set())


def office_form(text: str) -> str:
    """Lookup form of a printed office or place: folded, without article or "US" prefix.

    >>> office_form("The United States Embassy in Korea")
    'embassy in korea'
    """
    form = fold(text)
    for prefix in ("the ", "united states ", "u s ", "us ", "american ", "the "):
        form = form.removeprefix(prefix)
    return form


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|The|THE)\s+", "", text.strip())


def _original_tail(cleaned: str, folded_place: str) -> str:
    """The place as printed: the last words of ``cleaned`` matching ``folded_place``."""
    words = cleaned.split()
    n = len(folded_place.split())
    tail = " ".join(words[-n:]) if n <= len(words) else cleaned
    return tail if fold(tail) == folded_place else folded_place.title()


# --- places and archives ----------------------------------------------------------------------
def find_place(places: dict[str, PlaceEntry], index: dict[str, str], printed: str) -> PlaceEntry:
    """The place for a name as printed; a minted ``known=False`` place if no table knows it."""
    key = index.get(fold(printed))
    if key:
        return places[key]
    name = display_name(printed.strip())
    return PlaceEntry(key=slug(name), pref_label=name, known=False)


def find_archive(archives: dict[str, ArchiveEntry], index: dict[str, str], printed: str) -> ArchiveEntry:
    """The archive for an abbreviation or name as printed; minted ``known=False`` if unknown."""
    abbrev = index.get(fold(printed))
    if abbrev:
        return archives[abbrev]
    name = _headline(" ".join(printed.split()))
    return ArchiveEntry(abbreviation=name, pref_label=name, known=False)


def _headline(name: str) -> str:
    """Capitalise the words of a minted archive's name, so that one archive printed as
    "Department of Defense files" and "... Files" has one label.

    >>> _headline("Department of Defense files")
    'Department of Defense Files'
    """
    return " ".join(w if i and w in _SMALL_WORDS or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(name.split(" ")))


# --- holders by surname: "President Johnson", a signature "Muccio" --------------------------------
def period_of(ctx: ResolveContext) -> tuple[str, str] | None:
    """The days a name's context covers: its date, else the years of its FRUS volume.

    >>> period_of(ResolveContext(volume="frus1964-68v29p1"))
    ('1964-01-01', '1968-12-31')
    >>> period_of(ResolveContext(date="1950-10", volume="frus1950v07"))
    ('1950-10-01', '1950-10-31')
    """
    if ctx.date:
        return bounds(ctx.date[:10])
    m = _VOLUME_YEARS.match(ctx.volume or "")
    if not m:
        return None
    last = m["first"] if not m["last"] else m["first"][:2] + m["last"]
    return bounds(m["first"])[0], bounds(last)[1]


def holders_named(auth: Authority, terms: Iterable[OfficeTerm], surname: str,
                  period: tuple[str, str]) -> set[str]:
    """Keys of the holders of ``terms`` in office at some time in ``period`` with the folded
    ``surname`` (``johnson`` in 1964-1968: Lyndon B. Johnson as President)."""
    low, high = period
    found = set()
    for t in terms:
        if not t.started or t.holder not in auth.entries:
            continue
        start, end = bounds(t.started)[0], (bounds(t.ended)[1] if t.ended else None)
        if start <= high and (end is None or low <= end) and surname in surnames_of(auth.entries[t.holder]):
            found.add(t.holder)
    return found


def titled_holder(auth: Authority, title: str, surname: str,
                  ctx: ResolveContext) -> AuthorityEntry | None:
    """The holder of the US office printed as ``title`` (``President``, ``Secretary of State``)
    with the folded ``surname``, in office during the context's period; ``None`` unless one.

    >>> from kg.mapping.authority import load_authority
    >>> titled_holder(load_authority(), "President", "johnson", ResolveContext(volume="frus1964-68v29p1")).key
    'lyndon-johnson'
    """
    found = auth.us_offices.find(office_form(title))
    period = period_of(ctx)
    if found is None or not found[2] or period is None:
        return None
    keys = holders_named(auth, found[1], surname, period)
    return replace(auth.entries[keys.pop()], matched_by="office-title") if len(keys) == 1 else None


def office_title_at_end(auth: Authority, words: list[str]) -> str | None:
    """The longest run of the last ``words`` that names a US office held by one person
    (``["to", "President"]`` -> ``President``; ``["From", "Secretary", "of", "State"]`` ->
    ``Secretary of State``); ``None`` if they end with none."""
    for n in range(min(6, len(words)), 0, -1):
        phrase = " ".join(words[-n:])
        found = auth.us_offices.find(office_form(phrase))
        if found is not None and found[2] and office_form(phrase) in auth.us_offices.offices:
            return phrase
    return None
