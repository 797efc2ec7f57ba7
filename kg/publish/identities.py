"""Identities in a build: the merges the mapping made, and the possible splits left.

A FRUS head or signature prints a surname (``Rusk``), initials (``JFK``) or an office title
(``President Johnson``) for someone the volume names in full elsewhere. The mapping joins
such a form to one person where a rule allows it (the volume's persons list, the
cross-volume person table, the offices held on the date, an office title: see
:func:`kg.mapping.authority.resolver.by_short_form`) and marks the agent in the record's
graph: ``skos:editorialNote "'Rusk' resolved by volume-persons"``. :func:`merges` lists those
marks with their volume; :func:`possible_splits` lists what is left: in one volume, a person
in a role named by one word only and another person in a role whose name ends in that
word (``Bundy`` beside ``McGeorge Bundy`` and ``William P. Bundy``, where the persons
list itself leaves the surname open).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from kg.mapping.authority.volumes import surname_of
from kg.query.engine import run_query
from kg.store import Store

__all__ = ["IdentityMerge", "PossibleSplit", "Identities", "identities", "merges", "possible_splits",
           "surname", "MERGE_NOTE"]

#: The note the mapping leaves on an agent joined by a rule (:mod:`kg.mapping.agents`).
MERGE_NOTE = re.compile(r"^'(?P<printed>.*)' resolved by (?P<rule>[\w-]+)$")

MERGES = """
SELECT DISTINCT ?agent ?note ?volume WHERE {
  GRAPH ?g { ?g a cw:SourceGraph . ?agent skos:editorialNote ?note .
    OPTIONAL { ?doc cw:inVolume ?v . ?v dcterms:identifier ?volume } }
}"""

ROLES = """
SELECT DISTINCT ?volume ?agent ?m WHERE {
  GRAPH ?g { ?g a cw:SourceGraph . ?doc cw:inVolume ?v . ?v dcterms:identifier ?volume .
    VALUES ?role { cw:sender cw:author cw:addressee } ?m ?role ?agent . }
}"""

PEOPLE = """
SELECT DISTINCT ?agent ?label ?kind WHERE {
  GRAPH ?g { ?agent a cw:Person . }
  OPTIONAL { GRAPH ?h { ?agent skos:prefLabel ?pref } }
  OPTIONAL { GRAPH ?i { ?agent rdfs:label ?printed } }
  BIND(COALESCE(?pref, ?printed) AS ?label)
}"""


@dataclass(frozen=True)
class IdentityMerge:
    """A printed form joined to a person by a rule, in one volume."""

    volume: str
    printed: str
    agent: str
    label: str
    rule: str


@dataclass(frozen=True)
class PossibleSplit:
    """In one volume, a person in a role named by one word and another whose name ends in it."""

    volume: str
    short: str
    short_agent: str
    short_messages: int
    full: str
    full_agent: str
    full_messages: int


def _labels(store: Store) -> dict[str, str]:
    """Each person's preferred name (curated or chosen over the store), else a printed one."""
    out: dict[str, str] = {}
    for row in run_query(store, PEOPLE).rows:
        if "label" in row:
            out.setdefault(row["agent"].value, row["label"].value)
    return out


@dataclass(frozen=True)
class Identities:
    """What ``kg report identities`` shows: the merges made and the possible splits left."""

    merges: list[IdentityMerge]
    splits: list[PossibleSplit]


def identities(store: Store) -> Identities:
    """The merges and the possible splits of a store (the people's names read once)."""
    labels = _labels(store)
    return Identities(merges(store, labels), possible_splits(store, labels))


def merges(store: Store, labels: dict[str, str] | None = None) -> list[IdentityMerge]:
    """The merges the mapping made, by volume and printed form."""
    labels = _labels(store) if labels is None else labels
    out = set()
    for row in run_query(store, MERGES).rows:
        m = MERGE_NOTE.match(row["note"].value)
        if m is None:
            continue
        agent = row["agent"].value
        out.add(IdentityMerge(row["volume"].value if "volume" in row else "", m["printed"], agent,
                              labels.get(agent, agent.rsplit("/", 1)[-1]), m["rule"]))
    return sorted(out, key=lambda x: (x.volume, x.label, x.printed, x.rule))


def surname(label: str) -> str:
    """The folded last word of a name, suffixes left out.

    >>> surname("Joseph Palmer II"), surname("Rusk")
    ('palmer', 'rusk')
    """
    return surname_of(label)


def possible_splits(store: Store, labels: dict[str, str] | None = None) -> list[PossibleSplit]:
    """In each volume, every one-word person in a role beside a longer-named person in a
    role with that surname."""
    labels = _labels(store) if labels is None else labels
    messages: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in run_query(store, ROLES).rows:
        agent = row["agent"].value
        if agent in labels:
            messages[(row["volume"].value, agent)].add(row["m"].value)
    by_surname: dict[tuple[str, str], list[str]] = defaultdict(list)
    for volume, agent in messages:
        by_surname[(volume, surname(labels[agent]))].append(agent)
    out = []
    for (volume, _name), agents in sorted(by_surname.items()):
        shorts = [a for a in agents if len(labels[a].split()) == 1]
        for short in sorted(shorts):
            for full in sorted(a for a in agents if a != short and len(labels[a].split()) > 1):
                out.append(PossibleSplit(volume, labels[short], short,
                                         len(messages[(volume, short)]), labels[full], full,
                                         len(messages[(volume, full)])))
    return out
