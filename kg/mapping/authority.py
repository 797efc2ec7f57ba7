"""Names as printed -> canonical people, bodies, archives and places (data-driven).

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

Resolution (:meth:`Authority.resolve`), in order, each step returning the first
unambiguous hit (``matched_by`` tells which):

1. ``pseudonym``: a cover name whose rule holds in the context;
2. ``office``: an office whose holder the context singles out;
3. ``label``: any label after cleaning (honorifics, quotes, letter spacing, leading
   article), with or without initials, compared folded (case, diacritics, breves,
   apostrophes, hyphens ignored) and then compacted (spaces ignored too:
   ``Kim Ilsung``, ``Pak Heonyeong``);
4. ``word-order``: the same words in another order (``Shicai Sheng``);
5. ``case-ending``: a Russian oblique case of a known surname (``Poskrebyshevu``);
6. ``surname``: a known surname with only initials, ranks, offices or the entry's own
   name words around it (``STALIN Iosif Vissarionovich``, ``Soviet Defense Minister
   A.M. Vasilevsky``; not ``Mao Anying``);
7. ``fuzzy:<score>``: :func:`rapidfuzz.fuzz.ratio` over folded labels of the same kind
   (a person never matches a body), for inputs of at least :data:`FUZZY_MIN_LETTERS`
   letters; accepted only at :data:`FUZZY_THRESHOLD` or above and when no other entry
   also reaches the threshold;
8. the editor's bracketed name (``the Chairman [Mao Zedong]``);
9. ``minted``: a new entry with ``known=False`` whose key is the slug of the cleaned
   name (initials kept, so that ``Kim I.M.`` and ``Kim`` stay apart). Nothing is
   silently merged.

With ``kind="office"`` a name no pseudonym or ``offices.csv`` row explains goes to
:meth:`Authority.office` instead of steps 3-9: a role (``Secretary of State``,
``Ambassador in Korea``) gives its single holder on the context date, else the office
or post as an organization (always the organization for posts: ``Embassy in Korea``,
``Department of State``).

The same ``printed``, ``kind`` and ``context`` always give the same entry.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from kg.normalize import (
    clean_name,
    compact,
    display_name,
    fold,
    russian_nominatives,
    slug,
    split_brackets,
    strip_initials,
)

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
    "default_authority_dir",
    "load_authority",
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

# Words that may stand around a surname without making it another person's name.
_TITLE_WORDS = frozenset(
    """soviet ussr chinese korean north dprk prc defense defence foreign minister ministers
    deputy first vice ambassador general marshal army colonel lieutenant major admiral chief
    commander chairman premier governor secretary comrade comrades cde cdes tov of the to and
    adviser advisor representative president prime head state armed forces military""".split()
)
# Words that make a name a body rather than a person (used only to keep fuzzy and surname
# matching within one kind, and to type minted entries when the reader cannot tell).
_BODY_WORDS = frozenset(
    """ministry ministries ministers directorate administration department committee council politburo
    bureau government embassy party staff command headquarters commission secretariat office
    section assembly presidium mid gru cc ccp cpc vkp army forces union republic""".split()
)

WIKIDATA = "http://www.wikidata.org/entity/"
#: Wikidata item of the United States: the country of US offices, posts and POCOM officials
US_COUNTRY = "Q30"


def default_authority_dir() -> Path:
    """``data/authority`` of the project checkout."""
    return Path(__file__).resolve().parents[2] / "data" / "authority"


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


@dataclass(frozen=True)
class AuthorityEntry:
    """A person or body: canonical key, labels and authority links.

    ``matched_by`` reports how a :meth:`Authority.resolve` call found the entry
    (``label``, ``word-order``, ``case-ending``, ``surname``, ``fuzzy:<score>``,
    ``pseudonym``, ``office``, ``ref``, ``bracket``, ``minted``); it takes no part in
    equality or hashing, so the same person found two ways is still the same entry.
    ``hsg_id`` (HistoryAtState person id), ``pocom_id`` and ``viaf`` are recorded links
    (``|`` between several), not identity: they take no part in equality either.
    """

    key: str
    kind: str  # "person" | "organization"
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    close_match: tuple[str, ...] = ()
    note: str = ""
    known: bool = True
    matched_by: str = field(default="label", compare=False)
    hsg_id: str = field(default="", compare=False)
    pocom_id: str = field(default="", compare=False)
    viaf: str = field(default="", compare=False)
    country: str = field(default="", compare=False)


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
    """A cover name, the person who used it, and when it stands for that person."""

    key: str
    person: str
    label: str
    variants: tuple[str, ...] = ()
    channel: str = ""
    note: str = ""
    used_from: str = ""
    used_to: str = ""
    rule: str = "always"  # "always" | "bracketed" | "context"
    counterparts: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficeEntry:
    """An office printed in place of a name, with one holder for a place and period."""

    key: str
    label: str
    holder: str
    variants: tuple[str, ...] = ()
    place: str = ""
    held_from: str = ""
    held_to: str = ""
    note: str = ""


@dataclass(frozen=True)
class OfficeTerm:
    """One row of ``us-offices.csv``: an office or post and one holder's term (POCOM)."""

    office: str
    office_label: str
    kind: str  # principal | acting | president | mission | mission-org | post | body
    printed: tuple[str, ...] = ()
    source: str = ""
    holder: str = ""
    pocom_person: str = ""
    role_title: str = ""
    started: str = ""
    ended: str = ""
    end_basis: str = ""
    note: str = ""


@dataclass(frozen=True)
class ResolveContext:
    """What the message around a printed name tells the resolver.

    Attributes:
        date: ISO date of the message (``1947-12-16``, ``1950-04``, ``1951``), or ``None``.
        counterparts: the other parties' printed names in the same message.
        bracketed_real: the real name printed with a cover name (``Kuznetsov`` in
            ``Stalin [Kuznetsov]`` has ``bracketed_real="Stalin"``).
        place: where the message was sent or received, for offices (``PYONGYANG``).
    """

    date: str | None = None
    counterparts: tuple[str, ...] = ()
    bracketed_real: str | None = None
    place: str | None = None


_NO_CONTEXT = ResolveContext()


@dataclass
class Authority:
    """Lookup tables built from ``data/authority``."""

    entries: dict[str, AuthorityEntry] = field(default_factory=dict)
    archives: dict[str, ArchiveEntry] = field(default_factory=dict)
    places: dict[str, PlaceEntry] = field(default_factory=dict)
    pseudonyms: dict[str, PseudonymEntry] = field(default_factory=dict)
    offices: dict[str, OfficeEntry] = field(default_factory=dict)
    _index: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _compact: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _wordsets: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _surnames: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _name_words: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _fuzzy: dict[tuple[str, bool], tuple[list[str], list[str]]] = field(
        default_factory=dict, repr=False)
    _pseudo_index: dict[str, str] = field(default_factory=dict, repr=False)
    _office_index: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _archive_index: dict[str, str] = field(default_factory=dict, repr=False)
    _place_index: dict[str, str] = field(default_factory=dict, repr=False)
    _cache: dict[tuple[str, str, ResolveContext], AuthorityEntry] = field(
        default_factory=dict, repr=False)
    office_terms: list[OfficeTerm] = field(default_factory=list)
    _us_office_index: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _us_post_index: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _ref_index: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, directory: Path | None = None) -> Authority:
        """Read the tables of ``directory`` (default: ``data/authority``)."""
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
                country=(row.get("country") or "").strip(),
            )
            auth.entries[entry.key] = entry
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
                used_from=(row.get("used_from") or "").strip(),
                used_to=(row.get("used_to") or "").strip(),
                rule=(row.get("resolve") or "always").strip(),
                counterparts=_split(row.get("counterparts")),
            )
            auth.pseudonyms[pseudo.key] = pseudo
            for label in (pseudo.label, *pseudo.variants):
                auth._pseudo_index.setdefault(fold(clean_name(label)), pseudo.key)
        for row in _rows(directory / "offices.csv"):
            office = OfficeEntry(
                key=row["key"].strip(),
                label=row["label"].strip(),
                holder=row["holder"].strip(),
                variants=_split(row.get("variants")),
                place=(row.get("place") or "").strip(),
                held_from=(row.get("held_from") or "").strip(),
                held_to=(row.get("held_to") or "").strip(),
                note=(row.get("note") or "").strip(),
            )
            auth.offices[office.key] = office
            for label in (office.label, *office.variants):
                keys = auth._office_index.setdefault(fold(clean_name(label)), [])
                if office.key not in keys:
                    keys.append(office.key)
        auth._load_frus_persons(directory / "frus-persons.csv")
        auth._load_us_offices(directory / "us-offices.csv")
        auth._build_name_indexes()
        return auth

    def _load_frus_persons(self, path: Path) -> None:
        """People across FRUS volumes and POCOM; people.csv entries keep their labels.

        A label of a new person is dropped when it folds to another entry's label, or when
        any of its lookup forms (``V. V. Kuznetsov`` -> ``kuznetsov``) is already a form of a
        ``people.csv`` entry: the curated tables always win, and nothing is merged on a name.
        """
        curated = {form: e.key for e in self.entries.values()
                   for label in (e.pref_label, e.key, *e.alt_labels, *e.hidden_labels)
                   for form in _forms(label)}
        owner = {fold(label): e.key for e in self.entries.values()
                 for label in (e.pref_label, *e.alt_labels, *e.hidden_labels) if fold(label)}
        for row in _rows(path):
            key = row["key"].strip()
            ids = {"hsg_id": (row.get("hsg_id") or "").strip(),
                   "pocom_id": (row.get("pocom_id") or "").strip(),
                   "viaf": (row.get("viaf") or "").strip()}
            for ref in _split(row.get("frus_ids")):
                self._ref_index.setdefault(ref, key)
            if key in self.entries:
                self.entries[key] = replace(self.entries[key], **ids)
                continue

            def free(label: str, key: str = key) -> bool:
                if any(curated.get(form, key) != key for form in _forms(label)):
                    return False
                return owner.setdefault(fold(label), key) == key if fold(label) else True

            pref = row["pref_label"].strip()
            owner.setdefault(fold(pref), key)
            self.entries[key] = AuthorityEntry(
                key=key, kind="person", pref_label=pref,
                alt_labels=tuple(v for v in _split(row.get("alt_labels")) if free(v)),
                hidden_labels=tuple(v for v in _split(row.get("hidden_labels")) if free(v)),
                note=(row.get("note") or "").strip(),
                country=US_COUNTRY if ids["pocom_id"] else "", **ids)

    def _load_us_offices(self, path: Path) -> None:
        """US offices and posts (organization entries) and their holders' terms."""
        for row in _rows(path):
            term = OfficeTerm(
                office=row["office"].strip(), office_label=row["office_label"].strip(),
                kind=row["kind"].strip(), printed=_split(row.get("printed")),
                source=(row.get("source") or "").strip(), holder=(row.get("holder") or "").strip(),
                pocom_person=(row.get("pocom_person") or "").strip(),
                role_title=(row.get("role_title") or "").strip(),
                started=(row.get("started") or "").strip(), ended=(row.get("ended") or "").strip(),
                end_basis=(row.get("end_basis") or "").strip(), note=(row.get("note") or "").strip(),
            )
            i = len(self.office_terms)
            self.office_terms.append(term)
            if term.office not in self.entries:
                self.entries[term.office] = AuthorityEntry(
                    key=term.office, kind="organization", pref_label=term.office_label,
                    country=US_COUNTRY,
                    note=f"US office or post ({term.kind}); holders from {term.source or 'curated'}"
                         " (data/authority/us-offices.csv)")
            index = self._us_post_index if term.kind in _POST_KINDS else self._us_office_index
            for form in term.printed:
                index.setdefault(_office_form(form), []).append(i)
            holder = self.entries.get(term.holder)
            if holder is not None and not holder.country:  # the President, a Secretary of State
                self.entries[term.holder] = replace(holder, country=US_COUNTRY)

    def _build_name_indexes(self) -> None:
        fuzzy: dict[tuple[str, bool], dict[str, set[str]]] = {}
        for entry in self.entries.values():
            words: set[str] = set()
            for label in (entry.pref_label, entry.key, *entry.alt_labels, *entry.hidden_labels):
                for form in _forms(label):
                    words.update(form.split())
                    self._index.setdefault(form, set()).add(entry.key)
                    self._compact.setdefault(compact(form), set()).add(entry.key)
                    if " " in form:
                        self._wordsets.setdefault(_wordset(form), set()).add(entry.key)
                    elif entry.kind == "person":
                        self._surnames.setdefault(form, set()).add(entry.key)
                    fuzzy.setdefault((entry.kind, " " in form), {}).setdefault(form, set()).add(
                        entry.key)
            self._name_words[entry.key] = frozenset(words)
        for group, forms in fuzzy.items():
            unique = sorted(f for f, keys in forms.items() if len(keys) == 1)
            self._fuzzy[group] = (unique, [next(iter(forms[f])) for f in unique])

    # --- people and bodies ------------------------------------------------------------
    def lookup(self, printed: str) -> AuthorityEntry | None:
        """The table entry for a printed name, or ``None`` if no table knows it."""
        entry = self.resolve(printed)
        return entry if entry.known else None

    def resolve(self, printed: str, kind: str = "",
                context: ResolveContext | None = None) -> AuthorityEntry:
        """The entry for a printed name; a minted, unknown entry if no table knows it.

        Args:
            printed: the name as printed, brackets included (``Filippov [Stalin]``).
            kind: ``person``, ``organization`` or ``""`` (unknown): the kind a fuzzy or
                surname match must have, and the kind of a minted entry.
            context: the message around the name, for cover names and offices.
        """
        ctx = context or _NO_CONTEXT
        cache_key = (printed, kind, ctx)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        entry = self._resolve(printed, kind, ctx)
        if len(self._cache) < 100_000:
            self._cache[cache_key] = entry
        return entry

    def _resolve(self, printed: str, kind: str, ctx: ResolveContext) -> AuthorityEntry:
        outer, inner = split_brackets(printed)
        inner = tuple(part for part in inner if not fold(part).startswith("via "))
        main = outer or (inner[0] if inner else printed)
        reals = tuple(r for r in (ctx.bracketed_real, *inner) if r)

        pseudo = self._pseudonym_named(main)
        if pseudo is not None and self._pseudonym_holds(pseudo, ctx, reals):
            return replace(self.entries[pseudo.person], matched_by="pseudonym")
        holder = self._office_holder(main, ctx)
        if holder is not None:
            return replace(holder, matched_by="office")
        if kind == "office":
            org, person, role = self._us_office(printed, ctx)
            return replace(person, matched_by=person.matched_by) if person and role else org
        found = self._match(main, kind)
        if found is not None:
            return found
        for part in inner:
            # "the Chairman [Mao Zedong]", "FENG XI [FYN SI; Stalin]": the editor's name
            pseudo = self._pseudonym_named(part)
            if pseudo is not None and pseudo.rule == "always":
                return replace(self.entries[pseudo.person], matched_by="pseudonym")
            found = self._match(part, kind)
            if found is not None:
                return found
        return self._mint(main, kind)

    def _match(self, name: str, kind: str) -> AuthorityEntry | None:
        """A table entry for one name (no brackets), or ``None``."""
        cleaned = clean_name(name)
        bare = strip_initials(cleaned) or cleaned
        forms = list(dict.fromkeys(f for f in (fold(cleaned), fold(bare)) if f))
        if not forms:  # a name in another script: its native form as labelled in the table
            native = _native(cleaned)
            key = self._unique(self._index.get(native), kind) if native else None
            return replace(self.entries[key], matched_by="label") if key else None
        want = _fuzzy_kind(bare, kind)
        for table, convert in ((self._index, str), (self._compact, compact)):
            for form in forms:
                if (key := self._unique(table.get(convert(form)), kind)) is not None:
                    return replace(self.entries[key], matched_by="label")
        words = fold(bare).split()
        if len(words) > 1 and (key := self._unique(self._wordsets.get(_wordset(fold(bare))), kind)):
            return replace(self.entries[key], matched_by="word-order")
        if want != "person":
            return self._fuzzy_match(fold(bare), want)
        if len(words) == 1:
            for stem in russian_nominatives(words[0]):
                if (key := self._unique(self._surnames.get(stem), "person")) is not None:
                    return replace(self.entries[key], matched_by="case-ending")
        if len(words) > 1:
            for word in dict.fromkeys((words[0], words[-1])):
                for cand in (word, *russian_nominatives(word)):
                    key = self._unique(self._surnames.get(cand), "person")
                    if key is None:
                        continue
                    rest = [w for w in words if w != word]
                    if all(len(w) == 1 or w in _TITLE_WORDS or w in self._name_words[key]
                           for w in rest):
                        return replace(self.entries[key], matched_by="surname")
        return self._fuzzy_match(fold(bare), want)

    def _fuzzy_match(self, folded: str, kind: str) -> AuthorityEntry | None:
        if len(folded.replace(" ", "")) < FUZZY_MIN_LETTERS or folded in _TITLE_WORDS:
            return None
        choices, keys = self._fuzzy.get((kind, " " in folded), ([], []))
        if not choices:
            return None
        hits = process.extract(folded, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD,
                               limit=None)
        best: dict[str, float] = {}
        for _choice, score, i in hits:
            best[keys[i]] = max(score, best.get(keys[i], 0.0))
        if len(best) != 1:
            return None
        (key, score), = best.items()
        return replace(self.entries[key], matched_by=f"fuzzy:{int(score)}")

    def _unique(self, keys: set[str] | None, kind: str) -> str | None:
        """The one key of ``keys`` (preferring ``kind`` when several), else ``None``."""
        if not keys:
            return None
        if len(keys) > 1 and kind:
            keys = {k for k in keys if self.entries[k].kind == kind}
        return next(iter(keys)) if len(keys) == 1 else None

    def _mint(self, name: str, kind: str) -> AuthorityEntry:
        cleaned = clean_name(name) or name.strip()
        # a name in a script without a Latin form (周恩来) keeps a key of its own
        key = slug(cleaned) or (f"name-{part_key(_native(cleaned))}" if _native(cleaned) else "unnamed")
        return AuthorityEntry(
            key=key,
            kind=kind or _fuzzy_kind(cleaned, ""),
            pref_label=display_name(cleaned) or "unnamed",
            known=False,
            matched_by="minted",
        )

    # --- cover names and offices --------------------------------------------------------
    def _pseudonym_named(self, printed: str) -> PseudonymEntry | None:
        key = self._pseudo_index.get(fold(clean_name(printed)))
        if key is None:
            key = self._pseudo_index.get(fold(strip_initials(clean_name(printed))))
        return self.pseudonyms[key] if key else None

    def _pseudonym_holds(self, pseudo: PseudonymEntry, ctx: ResolveContext,
                         reals: tuple[str, ...]) -> bool:
        if pseudo.rule == "always":
            return True
        if any(self.resolve(r).key == pseudo.person for r in reals):
            return True
        if pseudo.rule != "context" or not _within(ctx.date, pseudo.used_from, pseudo.used_to):
            return False
        parties = {self.resolve(c).key for c in ctx.counterparts}
        return pseudo.person not in parties and bool(parties & set(pseudo.counterparts))

    def _office_holder(self, printed: str, ctx: ResolveContext) -> AuthorityEntry | None:
        keys = self._office_index.get(fold(clean_name(printed)))
        if not keys or not (ctx.date or ctx.place):
            return None
        place = self.place(ctx.place).key if ctx.place else None
        holders = {
            o.holder for o in (self.offices[k] for k in keys)
            if (place is None or o.place == place)
            and (ctx.date is None or _within(ctx.date, o.held_from, o.held_to))
        }
        return self.entries.get(holders.pop()) if len(holders) == 1 else None

    def pseudonym_for(self, printed: str) -> PseudonymEntry | None:
        """The cover name matching a printed form (``FENG XI``, ``FENG XI [FYN SI; Stalin]``)."""
        outer, inner = split_brackets(printed)
        for name in (outer, *inner):
            if name and (pseudo := self._pseudonym_named(name)) is not None:
                return pseudo
        return None

    # --- US offices and posts, FRUS persons ----------------------------------------------
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
        org, holder, _role = self._us_office(printed, context or _NO_CONTEXT)
        return org, holder

    def _us_office(self, printed: str,
                   ctx: ResolveContext) -> tuple[AuthorityEntry, AuthorityEntry | None, bool]:
        outer, inner = split_brackets(printed)
        name = outer or printed
        form = _office_form(name)
        found = self._us_office_terms(form)
        if found is None:
            org = self._mint_office(name, form)
            role = bool(_POST_RE.match(form)) and _POST_RE.match(form)["word"] in _ROLE_WORDS
            terms: list[OfficeTerm] = []
        else:
            org, terms, role = found
        holder = None
        for part in inner:
            if fold(part) and not fold(part).startswith("via "):
                holder = self._bracket_holder(part, terms)
                break
        if holder is None:
            holder = self._holder_on(terms, ctx.date)
        return org, holder, role

    def _us_office_terms(self, form: str) -> tuple[AuthorityEntry, list[OfficeTerm], bool] | None:
        """(office entry, its terms for this printed form, whether the form names a role)."""
        idx = self._us_office_index.get(form)
        if idx:
            terms = [self.office_terms[i] for i in idx]
            return self._office_entry(terms[0].office), terms, terms[0].kind != "body"
        m = _POST_RE.match(form)
        if not m or m["word"] in _CONSULAR_WORDS:
            return None
        idx = self._us_post_index.get(_office_form(m["place"]))
        if not idx:
            return None
        terms = [self.office_terms[i] for i in idx]
        return self._office_entry(terms[0].office), terms, m["word"] in _ROLE_WORDS

    def _bracket_holder(self, name: str, terms: list[OfficeTerm]) -> AuthorityEntry:
        """The editor's name for the holder: one of the office's holders by surname, else a name."""
        wanted = fold(clean_name(name))
        found = {t.holder for t in terms if t.holder in self.entries
                 and wanted in _surnames_of(self.entries[t.holder])}
        if len(found) == 1:
            return replace(self.entries[found.pop()], matched_by="bracket")
        return replace(self.resolve(name, "person"), matched_by="bracket")

    def _office_entry(self, key: str) -> AuthorityEntry:
        return replace(self.entries[key], matched_by="office")

    def _mint_office(self, name: str, form: str) -> AuthorityEntry:
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

    def _holder_on(self, terms: list[OfficeTerm], date: str | None) -> AuthorityEntry | None:
        """The one holder whose term covers the whole of ``date``; ``None`` if not exactly one."""
        if not date or not terms:
            return None
        low, high = _bounds(date[:10])
        holders, covering = set(), set()
        for t in terms:
            if not t.started:
                continue
            start, end = _bounds(t.started)[0], (_bounds(t.ended)[1] if t.ended else None)
            if start <= high and (end is None or low <= end):
                holders.add(t.holder)
                if start <= low and (end is None or high <= end):
                    covering.add(t.holder)
        if len(holders) != 1 or holders != covering or "" in holders:
            return None
        key = holders.pop()
        entry = self.entries.get(key)
        return replace(entry, matched_by="office") if entry else None

    def resolve_ref(self, ref_id: str) -> AuthorityEntry | None:
        """The cross-volume person for a FRUS persons-list id (``frus1961-63v06#p_KNS2``).

        Also takes ``frus1961-63v06/persons#p_KNS2`` and the history.state.gov URL. ``None``
        when no people record lists the id (legacy volumes have none; ids are per volume).
        """
        m = _REF_RE.search(ref_id.strip())
        if not m:
            return None
        key = self._ref_index.get(f"{m['volume']}#{m['id']}")
        return replace(self.entries[key], matched_by="ref") if key in self.entries else None

    # --- archives and places ------------------------------------------------------------
    def archive(self, printed: str) -> ArchiveEntry:
        """The archive for an abbreviation or name as printed."""
        abbrev = self._archive_index.get(fold(printed))
        if abbrev:
            return self.archives[abbrev]
        name = _headline(" ".join(printed.split()))
        return ArchiveEntry(abbreviation=name, pref_label=name, known=False)

    def place(self, printed: str) -> PlaceEntry:
        """The place for a name as printed."""
        key = self._place_index.get(fold(printed))
        if key:
            return self.places[key]
        name = display_name(printed.strip())
        return PlaceEntry(key=slug(name), pref_label=name, known=False)


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
_REF_RE = re.compile(r"(?P<volume>frus[^/#\s]+?)(?:/persons)?#(?P<id>[^#\s/]+)$")


def _surnames_of(entry: AuthorityEntry) -> set[str]:
    """Folded surnames of a person entry: before the comma of ``Surname, Forename`` labels,
    and the last word of the preferred label (``Jr.`` and the like skipped)."""
    names = {fold(label.split(",")[0]) for label in entry.hidden_labels if "," in label}
    words = [w for w in fold(entry.pref_label).split() if w not in {"jr", "sr", "ii", "iii", "iv"}]
    return names | ({words[-1]} if words else set())


def _office_form(text: str) -> str:
    """Lookup form of a printed office or place: folded, without article or "US" prefix."""
    form = fold(text)
    for prefix in ("the ", "united states ", "u s ", "us ", "american ", "the "):
        form = form.removeprefix(prefix)
    return form


_SMALL_WORDS = frozenset("a an and at for in of on or the to".split())


def _headline(name: str) -> str:
    """Capitalise the words of a minted archive's name, so that one archive printed as
    "Department of Defense files" and "... Files" has one label.

    >>> _headline("Department of Defense files")
    'Department of Defense Files'
    """
    return " ".join(w if i and w in _SMALL_WORDS or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(name.split(" ")))


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|The|THE)\s+", "", text.strip())


def _original_tail(cleaned: str, folded_place: str) -> str:
    """The place as printed: the last words of ``cleaned`` matching ``folded_place``."""
    words = cleaned.split()
    n = len(folded_place.split())
    tail = " ".join(words[-n:]) if n <= len(words) else cleaned
    return tail if fold(tail) == folded_place else folded_place.title()


@lru_cache(maxsize=65536)
def _forms(label: str) -> tuple[str, ...]:
    """Folded lookup forms of a label: as is, and without initials.

    The form without initials is kept only if it still has :data:`FUZZY_MIN_LETTERS`
    letters, so that ``Kim I.M.`` does not become a label ``Kim``.
    """
    name = clean_name(label)
    forms = [fold(name) or _native(name)]
    bare = fold(strip_initials(name))
    if len(bare.replace(" ", "")) >= FUZZY_MIN_LETTERS:
        forms.append(bare)
    return tuple(f for f in dict.fromkeys(forms) if f)


def _native(text: str) -> str:
    """A lookup form for names in other scripts: NFKC, case-folded, letters only.

    >>> _native("周恩来") == _native(" 周恩来 ")
    True
    """
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def part_key(text: str) -> str:
    """A short, stable key for a name that has no Latin letters (SHA-256 of its native form)."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _wordset(folded: str) -> str:
    return " ".join(sorted(folded.split()))


def _fuzzy_kind(name: str, kind: str) -> str:
    """The kind a name may match: a body if it has a body word, else ``kind`` or person."""
    if set(fold(name).split()) & _BODY_WORDS:
        return "organization"
    return kind or "person"


def _bounds(iso: str) -> tuple[str, str]:
    """First and last day of a partial ISO date (``1950`` -> ``1950-01-01``, ``1950-12-31``)."""
    parts = iso.split("-")
    low = "-".join([*parts, *["01"] * (3 - len(parts))])
    high = "-".join([*parts, *(["12", "31"] if len(parts) == 1 else ["31"] * (3 - len(parts)))])
    return low, high


def _within(date: str | None, start: str, end: str) -> bool:
    """Whether the whole of ``date`` (partial ISO) lies in ``start``..``end`` (open if empty)."""
    if not date:
        return False
    low, high = _bounds(date)
    return (not start or _bounds(start)[0] <= low) and (not end or high <= _bounds(end)[1])


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]


@lru_cache(maxsize=4)
def load_authority(directory: str | None = None) -> Authority:
    """Cached :meth:`Authority.load` (tables are read once per process)."""
    return Authority.load(Path(directory) if directory else None)
