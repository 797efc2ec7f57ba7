"""The :class:`Authority`: the tables of ``data/authority`` with their indexes and resolver.

A small facade: :mod:`~kg.mapping.authority.tables` reads the tables,
:mod:`~kg.mapping.authority.index` indexes their labels,
:mod:`~kg.mapping.authority.resolver` resolves printed names step by step, and
:mod:`~kg.mapping.authority.offices` finds offices, their holders by date, places and
archives. The same ``printed``, ``kind`` and ``context`` always give the same entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from kg.mapping.authority.entries import (
    NO_CONTEXT,
    ArchiveEntry,
    AuthorityEntry,
    PlaceEntry,
    PseudonymEntry,
    ResolveContext,
)
from kg.mapping.authority.index import NameIndex, label_index, label_index_all
from kg.mapping.authority.offices import UsOffices, find_archive, find_place, us_office
from kg.mapping.authority.resolver import resolve
from kg.mapping.authority.tables import AuthorityTables, default_authority_dir, load_tables
from kg.mapping.authority.volumes import SUFFIXES, VolumePersons
from kg.normalize import clean_name, fold, split_brackets, strip_initials

__all__ = ["Authority", "load_authority"]

#: A FRUS persons-list id: ``frus1961-63v06#p_KNS2``, ``.../frus1961-63v06/persons#p_KNS2``.
_REF_RE = re.compile(r"(?P<volume>frus[^/#\s]+?)(?:/persons)?#(?P<id>[^#\s/]+)$")
#: Resolutions kept per authority (a corpus build resolves a few thousand distinct names).
_CACHE_SIZE = 100_000


def _clean_fold(label: str) -> str:
    return fold(clean_name(label))


#: How alike a printed cover and a known cover of the bracketed person must be (difflib's
#: ratio: "Fillipov"/"Filippov" 0.875, "Flilippov"/"Filippov" 0.94; "Fedorov"/"Filippov" 0.4).
COVER_SIMILARITY = 0.8


class Authority:
    """Lookup tables built from ``data/authority``.

    Attributes:
        entries: people and bodies (``people.csv``, ``frus-persons.csv``, US offices) by key.
        archives: archives by abbreviation.
        places: places by key.
        pseudonyms: cover names by key.
        offices: offices printed in place of a name (``offices.csv``) by key.
        office_terms: the terms of US offices and posts (``us-offices.csv``), in file order.
        names: the name indexes of ``entries``.
        volume_persons: the persons lists of the FRUS volumes met so far (each record brings
            its volume's, :meth:`VolumePersons.add`).
        person_surnames: a folded surname -> the people of ``entries`` who bear it.

    >>> auth = Authority.load()
    >>> auth.resolve("Comrade STALIN I.V.").key, auth.place("PEKING").key, auth.archive("AP RF").key
    ('stalin', 'beijing', 'aprf')
    """

    def __init__(self, tables: AuthorityTables | None = None) -> None:
        tables = tables or AuthorityTables()
        self.entries: dict[str, AuthorityEntry] = tables.entries
        self.archives = {a.abbreviation: a for a in tables.archives}
        self.places = {p.key: p for p in tables.places}
        self.pseudonyms = {p.key: p for p in tables.pseudonyms}
        self.offices = {o.key: o for o in tables.offices}
        self.office_terms = tables.office_terms
        self.names = NameIndex.build(self.entries.values())
        self.us_offices = UsOffices.build(tables.office_terms)
        self.archive_index = label_index(
            (a.abbreviation, (a.abbreviation, a.pref_label, *a.variants)) for a in tables.archives)
        self.place_index = label_index((p.key, (p.key, p.pref_label, *p.variants)) for p in tables.places)
        self.pseudonym_index = label_index(
            ((p.key, (p.label, *p.variants)) for p in tables.pseudonyms), _clean_fold)
        self.office_index = label_index_all(
            ((o.key, (o.label, *o.variants)) for o in tables.offices), _clean_fold)
        self._refs = tables.refs
        self.volume_persons = VolumePersons()
        self.person_surnames = _surname_index(self.entries.values())
        self._cache: dict[tuple[str, str, ResolveContext], AuthorityEntry] = {}

    @classmethod
    def load(cls, directory: Path | None = None) -> Authority:
        """Read the tables of ``directory`` (default: ``data/authority``)."""
        return cls(load_tables(directory or default_authority_dir()))

    # --- people and bodies ------------------------------------------------------------
    def lookup(self, printed: str) -> AuthorityEntry | None:
        """The table entry for a printed name, or ``None`` if no table knows it."""
        entry = self.resolve(printed)
        return entry if entry.known else None

    def resolve(self, printed: str, kind: str = "",
                context: ResolveContext | None = None) -> AuthorityEntry:
        """The entry for a printed name; a minted, unknown entry if no table knows it.

        The steps are :data:`kg.mapping.authority.resolver.RESOLVE_STEPS`, in order.

        Args:
            printed: the name as printed, brackets included (``Filippov [Stalin]``).
            kind: ``person``, ``organization`` or ``""`` (unknown): the kind a fuzzy or
                surname match must have, and the kind of a minted entry; ``office``: a US
                office or post (see :meth:`office`), resolved to the holder of a role.
            context: the message around the name, for cover names and offices.
        """
        ctx = context or NO_CONTEXT
        cache_key = (printed, kind, ctx)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        entry = resolve(self, printed, kind, ctx)
        if len(self._cache) < _CACHE_SIZE:
            self._cache[cache_key] = entry
        return entry

    def resolve_ref(self, ref_id: str) -> AuthorityEntry | None:
        """The cross-volume person for a FRUS persons-list id (``frus1961-63v06#p_KNS2``).

        Also takes ``frus1961-63v06/persons#p_KNS2`` and the history.state.gov URL. ``None``
        when no people record lists the id (legacy volumes have none; ids are per volume).
        """
        m = _REF_RE.search(ref_id.strip())
        if not m:
            return None
        key = self._refs.get(f"{m['volume']}#{m['id']}")
        return replace(self.entries[key], matched_by="ref") if key in self.entries else None

    def ref_key(self, ref_id: str) -> str | None:
        """The entry key a persons-list id (``frus1961-63v06#p_RD3``) is recorded for, if any."""
        return self._refs.get(ref_id)

    # --- cover names --------------------------------------------------------------------
    def pseudonym_named(self, printed: str) -> PseudonymEntry | None:
        """The cover name of one printed name (no brackets), with or without initials."""
        key = self.pseudonym_index.get(fold(clean_name(printed)))
        if key is None:
            key = self.pseudonym_index.get(fold(strip_initials(clean_name(printed))))
        return self.pseudonyms[key] if key else None

    def pseudonym_for(self, printed: str) -> PseudonymEntry | None:
        """The cover name matching a printed form (``FENG XI``, ``FENG XI [FYN SI; Stalin]``)."""
        outer, inner = split_brackets(printed)
        for name in (outer, *inner):
            if name and (pseudo := self.pseudonym_named(name)) is not None:
                return pseudo
        return None

    def cover_of(self, printed: str, person: str) -> PseudonymEntry | None:
        """The one known cover name of ``person`` that ``printed`` misspells by a letter or
        two ("Fillipov [Stalin]" for Filippov): only beside the real name, never alone.

        >>> Authority.load().cover_of("Fillipov", "stalin").label
        'Filippov'
        """
        target = _clean_fold(printed)
        close = {p.key: p for p in self.pseudonyms.values() if p.person == person
                 for form in (p.label, *p.variants)
                 if SequenceMatcher(None, _clean_fold(form), target).ratio() >= COVER_SIMILARITY}
        return next(iter(close.values())) if len(close) == 1 else None

    # --- US offices and posts -----------------------------------------------------------
    def office(self, printed: str,
               context: ResolveContext | None = None) -> tuple[AuthorityEntry, AuthorityEntry | None]:
        """The US office or post printed in a FRUS heading, and its holder on the context date.

        ``printed`` is the office as printed (``The Secretary of State``, ``Embassy in the
        Soviet Union``, ``Ambassador in Korea``, ``Acting Secretary of State``, ``the
        Department``, ``The Chargé in Korea (Drumright)``). Returns ``(organization, holder)``:

        * the organization: an office (``us-secretary-of-state``), a post
          (``us-embassy-korea``: also for ``Ambassador in Korea``), or a minted
          ``known=False`` organization keyed ``us-<slug>`` when no table knows it (consulates,
          delegations, unknown countries);
        * the holder: the editor's name in brackets or parentheses if printed; else the one
          person whose term (``us-offices.csv``) covers the whole of ``context.date``; else
          ``None`` (no date, no holder on the table, a gap between chiefs of mission, or two
          holders, as on a handover day). ``Acting Secretary of State`` has a holder only
          during a vacancy (``secretary-ad-interim.xml``); otherwise take the signature.
        """
        org, holder, _role = us_office(self, printed, context or NO_CONTEXT)
        return org, holder

    # --- archives and places ------------------------------------------------------------
    def archive(self, printed: str) -> ArchiveEntry:
        """The archive for an abbreviation or name as printed."""
        return find_archive(self.archives, self.archive_index, printed)

    def place(self, printed: str) -> PlaceEntry:
        """The place for a name as printed."""
        return find_place(self.places, self.place_index, printed)



def _surname_index(entries: Iterable[AuthorityEntry]) -> dict[str, set[str]]:
    """A folded surname -> the keys of the people with it: before the comma of a
    ``Surname, Forename`` label, else the last word of the preferred label."""
    index: dict[str, set[str]] = {}
    for e in entries:
        if e.kind != "person":
            continue
        names = {fold(label.split(",")[0]) for label in e.hidden_labels if "," in label}
        words = [w for w in fold(e.pref_label).split() if w not in SUFFIXES]
        for name in names | ({words[-1]} if words else set()):
            index.setdefault(name, set()).add(e.key)
    return index


@lru_cache(maxsize=4)
def load_authority(directory: str | None = None) -> Authority:
    """Cached :meth:`Authority.load` (tables are read once per process)."""
    return Authority.load(Path(directory) if directory else None)
