"""Names as printed -> canonical people, bodies, archives and places (data-driven).

The tables live in ``data/authority/`` (CSV, one row per entity, ``|`` between
variants) so that historians can correct them without touching code:

* ``people.csv``: ``key, kind, pref_label, alt_labels, hidden_labels, wikidata,
  verification, note``. ``verification`` is ``V`` (verified: ``owl:sameAs``),
  ``V1`` (single-source candidate: ``skos:closeMatch`` only) or ``U``.
* ``archives.csv``: ``abbreviation, pref_label, variants``.
* ``places.csv``: ``key, pref_label, variants``.
* ``pseudonyms.csv``: ``key, person, label, variants, channel, used_from, used_to, note``.

A name that no table knows is not an error: it gets a minted entry whose key is
the slug of the cleaned name, so the same printed form always lands on the same
node, and the build reports it as unresolved.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.normalize import clean_name, display_name, fold, slug, strip_initials

__all__ = [
    "AuthorityEntry",
    "ArchiveEntry",
    "PlaceEntry",
    "PseudonymEntry",
    "Authority",
    "default_authority_dir",
    "load_authority",
]


def default_authority_dir() -> Path:
    """``data/authority`` of the project checkout."""
    return Path(__file__).resolve().parents[1] / "data" / "authority"


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


@dataclass(frozen=True)
class AuthorityEntry:
    """A person or body: canonical key, labels and authority links."""

    key: str
    kind: str  # "person" | "organization"
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    close_match: tuple[str, ...] = ()
    note: str = ""
    known: bool = True


@dataclass(frozen=True)
class ArchiveEntry:
    """A holding institution."""

    abbreviation: str
    pref_label: str
    variants: tuple[str, ...] = ()
    known: bool = True

    @property
    def key(self) -> str:
        """IRI key: the slug of the abbreviation."""
        return slug(self.abbreviation)


@dataclass(frozen=True)
class PlaceEntry:
    """A place of sending or receipt."""

    key: str
    pref_label: str
    variants: tuple[str, ...] = ()
    known: bool = True


@dataclass(frozen=True)
class PseudonymEntry:
    """A cover name and the person who used it."""

    key: str
    person: str
    label: str
    variants: tuple[str, ...] = ()
    channel: str = ""
    note: str = ""


WIKIDATA = "http://www.wikidata.org/entity/"


@dataclass
class Authority:
    """Lookup tables built from ``data/authority``."""

    entries: dict[str, AuthorityEntry] = field(default_factory=dict)
    archives: dict[str, ArchiveEntry] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)
    pseudonyms: dict[str, PseudonymEntry] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict, repr=False)
    _archive_index: dict[str, str] = field(default_factory=dict, repr=False)
    _place_index: dict[str, str] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[str, str], AuthorityEntry] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, directory: Path | None = None) -> Authority:
        """Read the four tables of ``directory`` (default: ``data/authority``)."""
        directory = directory or default_authority_dir()
        auth = cls()
        for row in _rows(directory / "people.csv"):
            status = (row.get("verification") or "U").strip()
            qid = (row.get("wikidata") or "").strip()
            link = (WIKIDATA + qid,) if qid else ()
            entry = AuthorityEntry(
                key=row["key"].strip(),
                kind=(row.get("kind") or "person").strip(),
                pref_label=row["pref_label"].strip(),
                alt_labels=_split(row.get("alt_labels")),
                hidden_labels=_split(row.get("hidden_labels")),
                same_as=link if status == "V" else (),
                close_match=link if status == "V1" else (),
                note=(row.get("note") or "").strip(),
            )
            auth.entries[entry.key] = entry
            for label in (entry.pref_label, entry.key, *entry.alt_labels, *entry.hidden_labels):
                for form in _forms(label):
                    auth._index.setdefault(form, entry.key)
        for row in _rows(directory / "archives.csv"):
            arch = ArchiveEntry(
                abbreviation=row["abbreviation"].strip(),
                pref_label=row["pref_label"].strip(),
                variants=_split(row.get("variants")),
            )
            auth.archives[arch.abbreviation] = arch
            for label in (arch.abbreviation, arch.pref_label, *arch.variants):
                auth._archive_index.setdefault(fold(label), arch.abbreviation)
        for row in _rows(directory / "places.csv"):
            place = PlaceEntry(
                key=row["key"].strip(),
                pref_label=row["pref_label"].strip(),
                variants=_split(row.get("variants")),
            )
            auth.places[place.key] = place
            for label in (place.key, place.pref_label, *place.variants):
                auth._place_index.setdefault(fold(label), place.key)
        for row in _rows(directory / "pseudonyms.csv"):
            pseudo = PseudonymEntry(
                key=row["key"].strip(),
                person=row["person"].strip(),
                label=row["label"].strip(),
                variants=_split(row.get("variants")),
                channel=(row.get("channel") or "").strip(),
                note=(row.get("note") or "").strip(),
            )
            auth.pseudonyms[pseudo.key] = pseudo
        return auth

    def lookup(self, printed: str) -> AuthorityEntry | None:
        """The table entry for a printed name, or ``None`` if no table knows it.

        Tries the cleaned name, the name without initials, then its first and
        last words (Russian order puts the surname first: "STALIN Iosif
        Vissarionovich"), each against every label of every entry.
        """
        name = clean_name(printed)
        words = fold(name).split()
        candidates = [*_forms(name)]
        if len(words) > 1:
            candidates += [words[0], words[-1]]
        for cand in candidates:
            if cand and (key := self._index.get(cand)):
                return self.entries[key]
        return None

    def resolve(self, printed: str, kind: str = "") -> AuthorityEntry:
        """The entry for a printed name; a minted, unknown entry if no table knows it."""
        cached = self._cache.get((printed, kind))
        if cached is not None:
            return cached
        entry = self._resolve(printed, kind)
        if len(self._cache) < 100_000:
            self._cache[(printed, kind)] = entry
        return entry

    def _resolve(self, printed: str, kind: str) -> AuthorityEntry:
        found = self.lookup(printed)
        if found is not None:
            return found
        name = clean_name(printed)
        bare = strip_initials(name) or name
        return AuthorityEntry(
            key=slug(bare) or "unnamed",
            kind=kind or "person",
            pref_label=display_name(bare),
            known=False,
        )

    def archive(self, printed: str) -> ArchiveEntry:
        """The archive for an abbreviation or name as printed."""
        abbrev = self._archive_index.get(fold(printed))
        if abbrev:
            return self.archives[abbrev]
        return ArchiveEntry(abbreviation=printed.strip(), pref_label=printed.strip(), known=False)

    def place(self, printed: str) -> PlaceEntry:
        """The place for a name as printed."""
        key = self._place_index.get(fold(printed))
        if key:
            return self.places[key]
        name = display_name(printed.strip())
        return PlaceEntry(key=slug(name), pref_label=name, known=False)

    def pseudonym_for(self, printed: str) -> PseudonymEntry | None:
        """The cover name matching a printed form ("FENG XI"), if any."""
        wanted = fold(clean_name(printed))
        for pseudo in self.pseudonyms.values():
            if wanted in {fold(v) for v in (pseudo.label, *pseudo.variants)}:
                return pseudo
        return None


def _forms(label: str) -> list[str]:
    """Folded lookup forms of a label: as is, and without initials."""
    name = clean_name(label)
    forms = [fold(name), fold(strip_initials(name))]
    return [f for f in dict.fromkeys(forms) if f]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]


@lru_cache(maxsize=4)
def load_authority(directory: str | None = None) -> Authority:
    """Cached :meth:`Authority.load` (tables are read once per process)."""
    return Authority.load(Path(directory) if directory else None)
