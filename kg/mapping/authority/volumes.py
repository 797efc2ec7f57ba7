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

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.normalize import fold
from kg.sources.frus.reader import display_name  # the form a tagged persName gets

__all__ = ["VolumePerson", "VolumePersons", "SUFFIXES", "surname_forms", "initials_of"]

#: Words after a surname that are not forenames (``Johnson, U. Alexis, Jr.``).
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2d", "3d", "3rd"})
_PARTICLES = frozenset({"de", "da", "di", "du", "van", "von", "la", "le", "al", "el", "bin", "ibn"})


@dataclass(frozen=True)
class VolumePerson:
    """One entry of a volume's persons list (``frus1961-63v06``, ``p_RD3``, ``Rusk, Dean``)."""

    volume: str
    pid: str
    name: str

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

    def add(self, volume: str, listed: Iterable[tuple[str, str]]) -> None:
        """Index the persons list of ``volume`` (``(id, "Rusk, Dean")`` pairs), once: a
        volume already indexed is left as it is.

        >>> book = VolumePersons()
        >>> book.add("frus1950v99", [("p_QA1", "Quill, Adam")])
        >>> [p.display for p in book.by_surname("frus1950v99", "quill")]
        ['Adam Quill']
        """
        if volume in self.volumes:
            return
        self.volumes.add(volume)
        for pid, name in listed:
            person = VolumePerson(volume, pid, name)
            for form in surname_forms(name):
                self.surnames.setdefault((volume, form), []).append(person)
            self.initials.setdefault((volume, initials_of(person.display)), []).append(person)

    def by_surname(self, volume: str, surname: str) -> list[VolumePerson]:
        """The listed people of ``volume`` with the folded ``surname``."""
        return self.surnames.get((volume, surname), [])

    def by_initials(self, volume: str, letters: str) -> list[VolumePerson]:
        """The listed people of ``volume`` whose initials are ``letters`` (folded)."""
        return self.initials.get((volume, letters), [])
