"""Names as printed -> canonical people, bodies, archives and places (data-driven).

The curated tables of ``data/authority/`` (CSV, one row per entity, ``|`` between
variants) say who and what a printed name stands for; historians correct them without
touching code. The package in the order of the flow:

* :mod:`~kg.mapping.authority.entries`: what a row is (:class:`AuthorityEntry`,
  :class:`ArchiveEntry`, :class:`PlaceEntry`, :class:`PseudonymEntry`, :class:`OfficeEntry`,
  :class:`OfficeTerm`) and what a message tells the resolver (:class:`ResolveContext`);
* :mod:`~kg.mapping.authority.tables`: the tables and their columns, one generic reader;
* :mod:`~kg.mapping.authority.index`: the lookup forms of labels and the name indexes;
* :mod:`~kg.mapping.authority.matching`: the name steps on one name (label, word order,
  case ending, surname, fuzzy);
* :mod:`~kg.mapping.authority.volumes`: each FRUS volume's persons list and the names it
  prints in full, for its short forms;
* :mod:`~kg.mapping.authority.resolver`: the resolver's steps, tried in order (cover name,
  office, the name steps, a FRUS short form, bracketed name, minted);
* :mod:`~kg.mapping.authority.offices`: offices and posts, their holders by date, places
  and archives;
* :mod:`~kg.mapping.authority.core`: :class:`Authority`, the facade over all of them.

>>> auth = load_authority()
>>> entry = auth.resolve("Filippov [Stalin]")
>>> entry.key, entry.matched_by
('stalin', 'pseudonym')
"""

from kg.mapping.authority.core import Authority, load_authority
from kg.mapping.authority.entries import (
    US_COUNTRY,
    ArchiveEntry,
    AuthorityEntry,
    OfficeEntry,
    OfficeTerm,
    PlaceEntry,
    PseudonymEntry,
    ResolveContext,
)
from kg.mapping.authority.index import FUZZY_MIN_LETTERS, FUZZY_THRESHOLD, part_key
from kg.mapping.authority.tables import default_authority_dir

__all__ = [
    "AuthorityEntry",
    "ArchiveEntry",
    "PlaceEntry",
    "PseudonymEntry",
    "OfficeEntry",
    "OfficeTerm",
    "ResolveContext",
    "Authority",
    "FUZZY_THRESHOLD",
    "FUZZY_MIN_LETTERS",
    "US_COUNTRY",
    "default_authority_dir",
    "load_authority",
    "part_key",
]
