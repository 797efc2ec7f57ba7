"""The authority graph: the curated people, bodies, archives, places and cover names as triples.

Written once per build into its own named graph (``graph/authority``); source graphs only
reference these nodes. Labels: ``skos:prefLabel`` and ``skos:altLabel`` /
``skos:hiddenLabel`` (a variant equal to the preferred label is left out); Wikidata links:
``owl:sameAs`` for verified rows, ``skos:closeMatch`` for single-source candidates.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS, SKOS

from kg.iris import Minter
from kg.mapping.authority import ArchiveEntry, Authority, AuthorityEntry, PlaceEntry, PseudonymEntry
from kg.mapping.context import bind_prefixes
from kg.namespace import CW

__all__ = ["authority_graph"]


def authority_graph(authority: Authority, minter: Minter) -> Graph:
    """The curated people, bodies, archives, places and cover names as triples."""
    g = bind_prefixes(Graph(), minter)
    for e in authority.entries.values():
        _agent(g, minter, e)
    for a in authority.archives.values():
        _archive(g, minter, a)
    for p in authority.places.values():
        _place(g, minter, p)
    for s in authority.pseudonyms.values():
        _pseudonym(g, minter, s)
    return g


def _agent(g: Graph, minter: Minter, e: AuthorityEntry) -> None:
    """A person or body: ``cw:Person`` or ``cw:Organization``, labels, links, country, note."""
    iri = minter.agent(e.kind, e.key)
    g.add((iri, RDF.type, CW.Organization if e.kind == "organization" else CW.Person))
    g.add((iri, SKOS.prefLabel, Literal(e.pref_label)))
    _labels(g, iri, SKOS.altLabel, e.alt_labels, e.pref_label)
    _labels(g, iri, SKOS.hiddenLabel, e.hidden_labels, e.pref_label)
    for link in e.same_as:
        g.add((iri, OWL.sameAs, URIRef(link)))
    for link in e.close_match:
        g.add((iri, SKOS.closeMatch, URIRef(link)))
    if e.country:
        g.add((iri, CW.country, Minter.wikidata(e.country)))
    if e.note:
        g.add((iri, SKOS.note, Literal(e.note)))


def _archive(g: Graph, minter: Minter, a: ArchiveEntry) -> None:
    """A holding archive: ``cw:Archive`` with its abbreviation and labels."""
    iri = minter.archive(a.key)
    g.add((iri, RDF.type, CW.Archive))
    g.add((iri, CW.abbreviation, Literal(a.abbreviation)))
    g.add((iri, SKOS.prefLabel, Literal(a.pref_label)))
    _labels(g, iri, SKOS.altLabel, a.variants, a.pref_label)


def _place(g: Graph, minter: Minter, p: PlaceEntry) -> None:
    """A place: ``cw:Place`` with its labels."""
    iri = minter.place(p.key)
    g.add((iri, RDF.type, CW.Place))
    g.add((iri, SKOS.prefLabel, Literal(p.pref_label)))
    _labels(g, iri, SKOS.altLabel, p.variants, p.pref_label)


def _pseudonym(g: Graph, minter: Minter, s: PseudonymEntry) -> None:
    """A cover name: ``cw:Pseudonym``, ``cw:pseudonymOf`` its person, channel as scope note."""
    iri = minter.pseudonym(s.key)
    g.add((iri, RDF.type, CW.Pseudonym))
    g.add((iri, RDFS.label, Literal(s.label)))
    _labels(g, iri, SKOS.altLabel, s.variants, s.label)
    g.add((iri, CW.pseudonymOf, minter.person(s.person)))
    if s.channel:
        g.add((iri, SKOS.scopeNote, Literal(s.channel)))
    if s.note:
        g.add((iri, SKOS.note, Literal(s.note)))


def _labels(g: Graph, iri: URIRef, prop: URIRef, labels: Iterable[str], pref: str) -> None:
    """``prop`` each label that is not the preferred one."""
    for label in labels:
        if label != pref:
            g.add((iri, prop, Literal(label)))
