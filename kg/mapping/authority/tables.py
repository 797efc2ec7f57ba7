"""The authority tables: one generic CSV reader, a column spec per table, and their merging.

The tables live in ``data/authority/`` (CSV, one row per entity, ``|`` between
variants) so that historians can correct them without touching code:

* ``people.csv``: ``key, kind, pref_label, alt_labels, hidden_labels, wikidata,
  verification, note, country``. ``kind`` is ``person`` or ``organization``;
  ``country`` is the Wikidata item of the state the agent acted for (``cw:country``;
  US offices, posts and POCOM officials get ``Q30``).
  ``verification`` is ``V`` (verified: ``owl:sameAs``), ``V1`` (single-source
  candidate: ``skos:closeMatch`` only) or ``U``.
* ``archives.csv``: ``abbreviation, pref_label, variants``.
* ``places.csv``: ``key, pref_label, variants``.
* ``pseudonyms.csv``: ``key, person, label, variants, channel, used_from, used_to,
  resolve, counterparts, note``. ``resolve`` says when the cover name stands for
  ``person``: ``always``; ``bracketed`` (only when printed with the real name,
  ``Stalin [Kuznetsov]``); or ``context`` (bracketed, or in a message dated within
  ``used_from``..``used_to`` that has one of ``counterparts`` as a party and not
  ``person`` himself). Where the rule does not hold, the name is looked up as a name.
* ``offices.csv``: ``key, label, variants, place, holder, held_from, held_to, note``:
  an office printed instead of a name (``To the SOVIET AMBASSADOR``) resolves to its
  holder when the context's place and date single out one holder.
* ``frus-persons.csv`` (derived by ``bench/derive_authority.py``): ``key, pref_label,
  alt_labels, hidden_labels, hsg_id, pocom_id, viaf, birth, death, frus_ids, note``: one
  person across FRUS volumes (HistoryAtState people records) and POCOM. A row whose key is
  in ``people.csv`` adds only its ids to that entry (labels of ``people.csv`` win); other
  rows become person entries. ``frus_ids`` (``frus1961-63v06#p_KNS2``) feed
  :meth:`Authority.resolve_ref`. HSG, POCOM and VIAF ids are kept as fields, never as
  ``owl:sameAs``.
* ``us-offices.csv`` (derived): one row per term of a US principal officer or chief of
  mission (POCOM, 1945-1981), plus the President and posts with no holder (Department of
  State, Mission at Berlin). Each office or post is an organization entry; its holder on
  a date comes from :meth:`Authority.office`.

Every table is read by :func:`read_table` with a spec of :class:`Column` (one per field),
so the reading rules (strip, default, ``|``-separated variants, required cells) are
written once.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from kg.iris import Minter
from kg.mapping.authority.entries import (
    US_COUNTRY,
    ArchiveEntry,
    AuthorityEntry,
    OfficeEntry,
    OfficeTerm,
    PlaceEntry,
    PseudonymEntry,
)
from kg.mapping.authority.index import name_forms
from kg.normalize import fold

__all__ = ["Column", "read_table", "split_cell", "default_authority_dir", "AuthorityTables", "load_tables"]

T = TypeVar("T")


def default_authority_dir() -> Path:
    """``data/authority`` of the project checkout."""
    return Path(__file__).resolve().parents[3] / "data" / "authority"


def split_cell(cell: str | None) -> tuple[str, ...]:
    """The ``|``-separated values of a cell, stripped, empty ones dropped.

    >>> split_cell(" Filipov | Flippov ||")
    ('Filipov', 'Flippov')
    >>> split_cell(None)
    ()
    """
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


@dataclass(frozen=True)
class Column:
    """How one field of a row is read from its CSV cell.

    Attributes:
        header: the column's name in the CSV header.
        field: the keyword the value is passed as (default: ``header``).
        default: the value of an empty or missing cell.
        required: the cell must be there (a missing one raises, as a malformed table should).
        many: the cell holds ``|``-separated values (a tuple).

    >>> Column("resolve", field="rule", default="always").read({"resolve": " "})
    ''
    >>> Column("resolve", field="rule", default="always").read({})
    'always'
    >>> Column("variants", many=True).read({"variants": "A|B"})
    ('A', 'B')
    """

    header: str
    field: str = ""
    default: str = ""
    required: bool = False
    many: bool = False

    @property
    def keyword(self) -> str:
        """The keyword the value is passed as."""
        return self.field or self.header

    def read(self, row: dict[str, str]) -> str | tuple[str, ...]:
        """The value of this column in ``row``."""
        if self.required:
            return row[self.header].strip()
        if self.many:
            return split_cell(row.get(self.header))
        return (row.get(self.header) or self.default).strip()


def _key(header: str) -> Column:
    return Column(header, required=True)


def _many(header: str) -> Column:
    return Column(header, many=True)


def _text(*headers: str) -> tuple[Column, ...]:
    return tuple(Column(h) for h in headers)


def _rows(path: Path) -> list[dict[str, str]]:
    """The non-blank rows of a CSV file (none if the file is missing)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]


def read_table(path: Path, make: Callable[..., T], columns: Sequence[Column]) -> list[T]:
    """The rows of the CSV file ``path`` as ``make(**fields)``, one field per column of the spec.

    A missing file is an empty table; blank rows are skipped.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d) / "places.csv"
    ...     _ = path.write_text("key,pref_label,variants\\npyongyang,Pyongyang,Phenian\\n")
    ...     read_table(path, PlaceEntry, PLACES)
    [PlaceEntry(key='pyongyang', pref_label='Pyongyang', variants=('Phenian',), known=True)]
    """
    return [make(**{c.keyword: c.read(row) for c in columns}) for row in _rows(path)]


@dataclass(frozen=True)
class _PersonRow:
    """A row of ``people.csv`` before its Wikidata link is typed by its verification."""

    key: str
    kind: str
    pref_label: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    wikidata: str
    verification: str
    note: str
    country: str

    def entry(self) -> AuthorityEntry:
        """``V``: ``owl:sameAs`` the Wikidata item; ``V1``: ``skos:closeMatch`` only."""
        link = (str(Minter.wikidata(self.wikidata)),) if self.wikidata else ()
        return AuthorityEntry(
            key=self.key, kind=self.kind, pref_label=self.pref_label, alt_labels=self.alt_labels,
            hidden_labels=self.hidden_labels, same_as=link if self.verification == "V" else (),
            close_match=link if self.verification == "V1" else (), note=self.note,
            country=self.country)


@dataclass(frozen=True)
class _FrusPersonRow:
    """A row of ``frus-persons.csv``."""

    key: str
    hsg_id: str
    pocom_id: str
    viaf: str
    frus_ids: tuple[str, ...]
    pref_label: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    note: str


PEOPLE = (_key("key"), Column("kind", default="person"), _key("pref_label"), _many("alt_labels"),
          _many("hidden_labels"), Column("wikidata"), Column("verification", default="U"),
          *_text("note", "country"))
ARCHIVES = (_key("abbreviation"), _key("pref_label"), _many("variants"))
PLACES = (_key("key"), _key("pref_label"), _many("variants"))
PSEUDONYMS = (_key("key"), _key("person"), _key("label"), _many("variants"),
              *_text("channel", "note", "used_from", "used_to"),
              Column("resolve", field="rule", default="always"), _many("counterparts"))
OFFICES = (_key("key"), _key("label"), _key("holder"), _many("variants"),
           *_text("place", "held_from", "held_to", "note"))
FRUS_PERSONS = (_key("key"), *_text("hsg_id", "pocom_id", "viaf"), _many("frus_ids"), _key("pref_label"),
                _many("alt_labels"), _many("hidden_labels"), Column("note"))
US_OFFICES = (_key("office"), _key("office_label"), _key("kind"), _many("printed"),
              *_text("source", "holder", "pocom_person", "role_title", "started", "ended", "end_basis",
                     "note"))


@dataclass(frozen=True)
class AuthorityTables:
    """Every table as read, rows in file order.

    ``entries`` merges ``people.csv``, ``frus-persons.csv`` and the offices and posts of
    ``us-offices.csv``; ``refs`` maps a FRUS persons-list id to its entry's key.
    """

    entries: dict[str, AuthorityEntry] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    archives: list[ArchiveEntry] = field(default_factory=list)
    places: list[PlaceEntry] = field(default_factory=list)
    pseudonyms: list[PseudonymEntry] = field(default_factory=list)
    offices: list[OfficeEntry] = field(default_factory=list)
    office_terms: list[OfficeTerm] = field(default_factory=list)


def load_tables(directory: Path) -> AuthorityTables:
    """Read every table of ``directory``; a missing table is empty."""
    entries = {}
    for person in read_table(directory / "people.csv", _PersonRow, PEOPLE):
        entries[person.key] = person.entry()
    refs = _add_frus_persons(entries, read_table(directory / "frus-persons.csv", _FrusPersonRow,
                                                 FRUS_PERSONS))
    terms = read_table(directory / "us-offices.csv", OfficeTerm, US_OFFICES)
    _add_us_offices(entries, terms)
    return AuthorityTables(
        entries=entries, refs=refs,
        archives=read_table(directory / "archives.csv", ArchiveEntry, ARCHIVES),
        places=read_table(directory / "places.csv", PlaceEntry, PLACES),
        pseudonyms=read_table(directory / "pseudonyms.csv", PseudonymEntry, PSEUDONYMS),
        offices=read_table(directory / "offices.csv", OfficeEntry, OFFICES),
        office_terms=terms)


_ORDINAL_GENERATION = re.compile(r",?\s+(?:(2)(?:n?d)|(3)(?:r?d)|(4)th)\.?$")


def generation_in_words(label: str) -> str:
    """A generational suffix written with digits, as POCOM lists some (``2nd``, ``2d``,
    ``3d``), in the Roman numerals a name is printed with: a name has no digits.

    >>> generation_in_words("Frank George Wisner, 2nd"), generation_in_words("Ellis O. Briggs")
    ('Frank George Wisner II', 'Ellis O. Briggs')
    """
    found = _ORDINAL_GENERATION.search(label)
    if found is None:
        return label
    roman = {"2": "II", "3": "III", "4": "IV"}[next(g for g in found.groups() if g)]
    return f"{label[:found.start()]} {roman}"


def _add_frus_persons(entries: dict[str, AuthorityEntry], rows: Iterable[_FrusPersonRow]) -> dict[str, str]:
    """People across FRUS volumes and POCOM; people.csv entries keep their labels.

    A label of a new person is dropped when it folds to another entry's label, or when
    any of its lookup forms (``V. V. Kuznetsov`` -> ``kuznetsov``) is already a form of a
    ``people.csv`` entry: the curated tables always win, and nothing is merged on a name.
    Returns the FRUS persons-list ids with the key of their entry.
    """
    curated = {form: e.key for e in entries.values()
               for label in (e.pref_label, e.key, *e.alt_labels, *e.hidden_labels)
               for form in name_forms(label)}
    owner = {fold(label): e.key for e in entries.values()
             for label in (e.pref_label, *e.alt_labels, *e.hidden_labels) if fold(label)}
    refs: dict[str, str] = {}
    for row in rows:
        key = row.key
        for ref in row.frus_ids:
            refs.setdefault(ref, key)
        if key in entries:
            entries[key] = replace(entries[key], hsg_id=row.hsg_id, pocom_id=row.pocom_id, viaf=row.viaf)
            continue

        def free(label: str, key: str = key) -> bool:
            if any(curated.get(form, key) != key for form in name_forms(label)):
                return False
            return owner.setdefault(fold(label), key) == key if fold(label) else True

        owner.setdefault(fold(row.pref_label), key)
        entries[key] = AuthorityEntry(
            key=key, kind="person", pref_label=generation_in_words(row.pref_label),
            alt_labels=tuple(v for v in (*row.alt_labels, row.pref_label) if free(v)
                             and v != generation_in_words(row.pref_label)),
            hidden_labels=tuple(v for v in row.hidden_labels if free(v)),
            note=row.note, country=US_COUNTRY if row.pocom_id else "",
            hsg_id=row.hsg_id, pocom_id=row.pocom_id, viaf=row.viaf)
    return refs


def _add_us_offices(entries: dict[str, AuthorityEntry], terms: Iterable[OfficeTerm]) -> None:
    """US offices and posts become organization entries; their holders act for the US."""
    for term in terms:
        if term.office not in entries:
            entries[term.office] = AuthorityEntry(
                key=term.office, kind="organization", pref_label=term.office_label,
                country=US_COUNTRY,
                note=f"US office or post ({term.kind}); holders from {term.source or 'curated'}"
                     " (data/authority/us-offices.csv)")
        holder = entries.get(term.holder)
        if holder is not None and not holder.country:  # the President, a Secretary of State
            entries[term.holder] = replace(holder, country=US_COUNTRY)
