"""Each FRUS volume's own persons list, by surname and by initials.

FRUS heads and signatures print surnames (``Rusk``, ``Muccio``), initialled names
(``J. Muccio``) and initials (``JFK``) for the people the volume's persons list names in
full (``Rusk, Dean``). The FRUS reader hands each record its volume's list
(``SourceRecord.volume_persons``), the mapping adds it here the first time it meets the
volume (:meth:`VolumePersons.add`), and :class:`VolumePersons` finds the listed people a
short form can stand for; the resolver (:func:`kg.mapping.authority.resolver.by_short_form`)
takes one only when it is the only one. Any volume works, not only those of a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from kg.normalize import fold
from kg.sources.frus.reader import display_name  # the form a tagged persName gets

__all__ = ["VolumePerson", "VolumePersons", "SUFFIXES", "surname_forms", "surname_of", "initials_of",
           "listed_by_office", "one_person_printed", "names_with_surname", "forenames"]

#: Words after a surname that are not forenames (``Johnson, U. Alexis, Jr.``).
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2d", "2nd", "3d", "3rd"})
#: Words an office and a persons-list description share without telling people apart.
_PLAIN = frozenset({"the", "of", "for", "to", "and", "in", "on", "at", "from", "until", "with",
                    "after", "thereafter", "also", "since", "january", "february", "march",
                    "april", "may", "june", "july", "august", "september", "october",
                    "november", "december"})
#: How many more words of the office the chosen person's description must share than the
#: next person's: a clear lead, never a tie broken by one word.
OFFICE_LEAD = 2
_PARTICLES = frozenset({"de", "da", "di", "du", "van", "von", "la", "le", "al", "el", "bin", "ibn"})


@dataclass(frozen=True)
class VolumePerson:
    """One entry of a volume's persons list (``frus1961-63v06``, ``p_RD3``, ``Rusk, Dean``,
    and the words after the name: ``Secretary of State``)."""

    volume: str
    pid: str
    name: str
    description: str = ""

    @property
    def ref(self) -> str:
        """The persons-list id as the reader gives it (``frus1961-63v06#p_RD3``)."""
        return f"{self.volume}#{self.pid}"

    @property
    def display(self) -> str:
        """The name in reading order, as the FRUS reader prints a tagged name (``Dean Rusk``)."""
        return display_name(self.name)


def surname_forms(listed: str) -> set[str]:
    """Folded surnames of a persons-list entry: the part before the comma, and its last word.

    >>> sorted(surname_forms("de Gaulle, Charles"))
    ['de gaulle', 'gaulle']
    >>> sorted(surname_forms("U Thant"))
    ['thant']
    """
    head = listed.split(",")[0] if "," in listed else listed.split()[-1] if listed.split() else ""
    folded = fold(head)
    return {f for f in (folded, folded.split()[-1] if folded else "") if f}


def surname_of(name: str) -> str:
    """The folded surname of a name in reading order, a generation after it left out.

    >>> surname_of("U. Alexis Johnson, Jr."), surname_of("Joseph A. Palmer II"), surname_of("Rusk")
    ('johnson', 'palmer', 'rusk')
    """
    words = [w for w in fold(name).split() if w not in SUFFIXES]  # fold drops the punctuation
    return words[-1] if words else ""


def initials_of(display: str) -> str:
    """The initials of a name in reading order, suffixes and particles left out.

    >>> initials_of("John F. Kennedy"), initials_of("U. Alexis Johnson, Jr.")
    ('jfk', 'uaj')
    """
    words = [w for w in fold(display).split() if w not in SUFFIXES and w not in _PARTICLES]
    return "".join(w[0] for w in words)


@dataclass
class VolumePersons:
    """The persons lists of FRUS volumes, indexed by volume and surname, and by initials."""

    volumes: set[str] = field(default_factory=set)
    surnames: dict[tuple[str, str], list[VolumePerson]] = field(default_factory=dict)
    initials: dict[tuple[str, str], list[VolumePerson]] = field(default_factory=dict)

    def add(self, volume: str, listed: Iterable[tuple[str, ...]]) -> None:
        """Index the persons list of ``volume`` (``(id, "Rusk, Dean"[, description])``), once:
        a volume already indexed is left as it is.

        >>> book = VolumePersons()
        >>> book.add("frus1950v99", [("p_QA1", "Quill, Adam")])
        >>> [p.display for p in book.by_surname("frus1950v99", "quill")]
        ['Adam Quill']
        """
        if volume in self.volumes:
            return
        self.volumes.add(volume)
        for pid, name, *rest in listed:
            person = VolumePerson(volume, pid, name, rest[0] if rest else "")
            for form in surname_forms(name):
                self.surnames.setdefault((volume, form), []).append(person)
            self.initials.setdefault((volume, initials_of(person.display)), []).append(person)

    def by_surname(self, volume: str, surname: str) -> list[VolumePerson]:
        """The listed people of ``volume`` with the folded ``surname``."""
        return self.surnames.get((volume, surname), [])

    def by_initials(self, volume: str, letters: str) -> list[VolumePerson]:
        """The listed people of ``volume`` whose initials are ``letters`` (folded)."""
        return self.initials.get((volume, letters), [])


def _office_words(text: str) -> set[str]:
    """The telling words of an office (folded; possessives, dates and small words left out)."""
    words = re.findall(r"[a-z]+", fold(re.sub(r"['’]s\b", "", text)))
    return {w for w in words if len(w) > 2 and w not in _PLAIN}


def listed_by_office(people: list[VolumePerson], office: str) -> VolumePerson | None:
    """Of several listed people of one surname, the one whose description shares clearly the
    most words with the office printed with the name (at least :data:`OFFICE_LEAD`, and
    that many more than anyone else); ``None`` when the office does not tell them apart.

    >>> mcg = VolumePerson("v", "p_BMG1", "Bundy, McGeorge",
    ...                    "Special Assistant to the President for National Security Affairs")
    >>> wpb = VolumePerson("v", "p_BWP1", "Bundy, William P.",
    ...                    "Deputy Assistant Secretary of Defense for International Security Affairs")
    >>> listed_by_office([mcg, wpb], "President's Special Assistant for National Security Affairs").pid
    'p_BMG1'
    >>> listed_by_office([mcg, wpb], "Deputy Assistant Secretary of Defense for ISA").pid
    'p_BWP1'
    >>> listed_by_office([mcg, wpb], "Assistant for Security Affairs") is None
    True
    >>> eugene = VolumePerson("v", "p_REVD1", "Rostow, Eugene V.", "Under Secretary of State for "
    ...                       "Political Affairs; Chairman of the President's Task Force")
    >>> walt = VolumePerson("v", "p_RWW1", "Rostow, Walt W.", "Special Assistant to the President")
    >>> listed_by_office([eugene, walt], "President's Special Assistant").pid
    'p_RWW1'
    """
    wanted = _office_words(office)
    scored = sorted(((len(wanted & _office_words(p.description)), i) for i, p in enumerate(people)),
                    reverse=True)
    if not scored or scored[0][0] < OFFICE_LEAD:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < OFFICE_LEAD:
        return None
    return people[scored[0][1]]


def forenames(name: str) -> list[str]:
    """The folded forenames and initials of a name in reading order (``W.J. Sebald`` ->
    ``["w", "j"]``), the generation left out."""
    words = [w.strip(".") for w in fold(name).replace(",", " ").replace(".", ". ").split()
             if w.strip(".") not in SUFFIXES]
    return words[:-1]


def _generation(name: str) -> str:
    """The generation printed after a name (``jr``, ``ii``), or ``""``."""
    words = [w.strip(".") for w in fold(name).replace(",", " ").split()]
    return next((w for w in reversed(words) if w in SUFFIXES), "")


def _same_forename(a: str, b: str) -> bool:
    """An initial or an abbreviation of the other (``w`` / ``william``, ``jos`` / ``joseph``)."""
    return a.startswith(b) or b.startswith(a)


def _misprint(a: str, b: str) -> bool:
    """One letter apart, in forenames of five letters or more (``gorden`` / ``gordon``)."""
    return min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) <= 1


def _fitsforenames(shorter: list[str], longer: list[str]) -> bool:
    """The same first forename, and the shorter's others found in order among the longer's
    (``Cyrus`` / ``Cyrus R.``: a middle initial left out); or the same forenames but one,
    misprinted by a letter (``Gorden`` / ``Gordon``)."""
    if not shorter or not longer:
        return False
    if len(shorter) == len(longer):
        pairs = list(zip(shorter, longer, strict=True))
        if sum(not _same_forename(a, b) for a, b in pairs) == 1:
            return all(_same_forename(a, b) or _misprint(a, b) for a, b in pairs)
    if not _same_forename(shorter[0], longer[0]):
        return False
    rest = iter(longer[1:])
    return all(any(_same_forename(w, other) for other in rest) for w in shorter[1:])


def one_person_printed(names: list[str]) -> str | None:
    """Of the names a volume prints in full with one surname, the fullest, when they can all
    be one person printed in several ways (initials for forenames, an abbreviation, a
    misprint of a letter, a middle initial left out); ``None`` when they may name different
    people (another generation, another forename).

    >>> one_person_printed(["W. J. Sebald", "W.J. Sebald", "William J. Sebald"])
    'William J. Sebald'
    >>> one_person_printed(["Gorden Chase", "Gordon Chase"])
    'Gordon Chase'
    >>> one_person_printed(["F. E. Nolting, Jr.", "Frederick E. Nolting Jr."])
    'Frederick E. Nolting Jr.'
    >>> one_person_printed(["Cyrus Vance", "Cyrus R. Vance"])
    'Cyrus R. Vance'
    >>> one_person_printed(["Avra M. Warren", "Fletcher Warren"]) is None
    True
    >>> one_person_printed(["Howard C. Johnson", "Joseph E. Johnson"]) is None
    True
    >>> one_person_printed(["Thomas J. Watson", "Thomas J. Watson, Jr."]) is None
    True
    >>> one_person_printed(["Martin F. Herz", "Marvin F. Herz", "Martin G. Herz"]) is None
    True
    """
    if len({_generation(n) for n in names}) > 1:
        return None  # "Thomas J. Watson" and "Thomas J. Watson, Jr.": father and son
    forms = sorted((forenames(n) for n in names), key=len)
    if not all(_fitsforenames(shorter, longer) for shorter in forms for longer in forms
               if len(shorter) <= len(longer) and shorter is not longer):
        return None
    return max(names, key=lambda n: (sum(len(w) for w in forenames(n)), len(n), n))


def names_with_surname(names: tuple[tuple[str, str], ...], surname: str) -> list[tuple[str, str]]:
    """Of the names a volume prints in full (with their offices), those with the folded
    ``surname`` (a generation after it left out).

    >>> names_with_surname((("Sidney W. Souers", ""), ("Charles W. Lewis, Jr.", "Consul")), "lewis")
    [('Charles W. Lewis, Jr.', 'Consul')]
    """
    return [(name, offices) for name, offices in names if surname_of(name) == surname]
