"""The dataset described in VoID and DCAT: what the graph holds, where to query it, where to
download it, under which terms.

:func:`dataset_description` reads the counts from the store and returns one rdflib graph that
is both a VoID description (https://www.w3.org/TR/void/) and a DCAT 3 one
(https://www.w3.org/TR/vocab-dcat-3/). The server answers it at ``/.well-known/void`` (VoID
§7.2, "well-known URI") and ``/dataset``; the release export writes it beside the dumps.

What is counted: the **asserted** graphs, i.e. every named graph except the per-record
provenance graphs (``…-provenance``), the inferred, validation and measures graphs; the same
set ``kg stats`` counts as "triples asserted" (the ontology graph is in it: the dataset ships
its vocabulary). Counts are of quads: a triple stated in two graphs counts twice.

* ``void:triples``, ``void:entities`` (IRIs under ``void:uriSpace`` ``{base}id/`` used as
  subjects), ``void:classes``, ``void:properties``; one ``void:classPartition`` per class
  (``void:entities``) and one ``void:propertyPartition`` per property (``void:triples``);
* one ``void:Linkset`` to Wikidata per link predicate (``owl:sameAs`` for verified
  identities, ``skos:closeMatch`` for single-source candidates, ``cw:country``), counting the
  links whose object is a Wikidata entity;
* ``void:sparqlEndpoint`` and a ``dcat:DataService`` when an endpoint URL is given;
  ``void:dataDump`` and one ``dcat:Distribution`` per release file when a dump base URL is;
* ``dcterms:modified``: the newest ``prov:generatedAtTime`` of the source graphs (the last
  build);
* ``dcterms:license``: the terms of the README's "Licence" section and ``data/README.md``.

>>> from kg.store import Store
>>> from kg.iris import Minter
>>> g = dataset_description(Store(None), endpoint="http://localhost/sparql",
...                         dump_base_url=None, minter=Minter())
>>> int(g.value(URIRef("https://w3id.org/cwkg/dataset"), VOID.triples))
0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from kg import __version__
from kg.iris import PROVENANCE_SUFFIX, Minter
from kg.namespace import CW, CW_NS, PREFIXES
from kg.store import Store

__all__ = ["dataset_description", "dataset_iri", "uri_space", "asserted_filter", "DUMPS",
           "WIKIDATA_ENTITY", "LINK_PREDICATES"]

#: Release files (written by ``kg export --release DIR``): name, media type, W3C format IRI.
DUMPS: tuple[tuple[str, str, str], ...] = (
    ("kg.trig", "application/trig", "http://www.w3.org/ns/formats/TriG"),
    ("kg.nq", "application/n-quads", "http://www.w3.org/ns/formats/N-Quads"),
    ("kg.ttl", "text/turtle", "http://www.w3.org/ns/formats/Turtle"),
    ("kg.jsonld", "application/ld+json", "http://www.w3.org/ns/formats/JSON-LD"),
)

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

#: Predicates whose Wikidata objects make a linkset, with a short name for the linkset's IRI.
LINK_PREDICATES: tuple[tuple[str, URIRef], ...] = (
    ("sameAs", OWL.sameAs), ("closeMatch", SKOS.closeMatch), ("country", CW.country))

IANA = "https://www.iana.org/assignments/media-types/"
MIT = URIRef("https://opensource.org/license/mit")
PUBLIC_DOMAIN = URIRef("https://creativecommons.org/publicdomain/mark/1.0/")
WILSON_HOME = URIRef("https://digitalarchive.wilsoncenter.org/")
FRUS_HOME = URIRef("https://history.state.gov/historicaldocuments")
VOCABULARIES = ("cw", "rico", "schema", "prov", "skos", "dcterms", "oa")
RIGHTS = (
    "The graph's facts, identifiers and links are derived data; the code that builds it is "
    "MIT-licensed. Quoted text keeps its source's terms: Foreign Relations of the United "
    "States (history.state.gov) is a US government work in the public domain; Wilson Center "
    "Digital Archive material is reused for research and education under the archive's "
    "rights statement (\"The History and Public Policy Program welcomes reuse of Digital "
    "Archive materials for research and educational purposes. Some documents may be subject "
    "to copyright restrictions; please check the original source.\"). Each message cites "
    "its source (dcterms:bibliographicCitation, dcterms:source).")


def dataset_iri(minter: Minter) -> URIRef:
    """The dataset's IRI, ``{base}dataset`` (served at ``/dataset``).

    >>> str(dataset_iri(Minter("https://w3id.org/cwkg/")))
    'https://w3id.org/cwkg/dataset'
    """
    return minter.dataset()


def uri_space(minter: Minter) -> str:
    """The start of every instance IRI, ``{base}id/`` (``void:uriSpace``).

    >>> uri_space(Minter("https://w3id.org/cwkg/"))
    'https://w3id.org/cwkg/id/'
    """
    return minter.instance_space()


def asserted_filter(minter: Minter, var: str = "?g") -> str:
    """A SPARQL ``FILTER`` keeping the asserted graphs: not provenance, inferred, validation
    or measures.

    >>> asserted_filter(Minter("http://x/"))[:60]
    'FILTER(?g NOT IN (<http://x/id/graph/inferred>, <http://x/id'
    """
    left_out = ", ".join(f"<{minter.graph(name)}>" for name in ("inferred", "validation",
                                                                 "measures"))
    return f'FILTER({var} NOT IN ({left_out}) && !STRENDS(STR({var}), "{PROVENANCE_SUFFIX}"))'


def dataset_description(store: Store, *, endpoint: str | None, dump_base_url: str | None,
                        minter: Minter) -> Graph:
    """VoID and DCAT description of the asserted graphs of ``store``.

    Args:
        store: the store (read only).
        endpoint: the URL of the SPARQL endpoint, or ``None`` to leave it out.
        dump_base_url: URL the release files are under (``…/releases/1.0/``); ``None``
            leaves out ``void:dataDump`` and the distributions.
        minter: gives the instance namespace and the dataset IRI.
    """
    figures = _Figures.read(store, minter)
    g = Graph()
    for prefix, namespace in _BINDINGS:
        g.bind(prefix, namespace)
    ds = dataset_iri(minter)
    _add_dataset(g, ds, uri_space(minter), figures)
    licence = _add_licence(g, ds)
    _add_partitions(g, ds, figures)
    _add_linksets(g, ds, figures.links)
    if endpoint:
        _add_endpoint(g, ds, endpoint)
    if dump_base_url:
        _add_dumps(g, ds, dump_base_url, licence)
    return g


# --- what the store holds ------------------------------------------------------------

def _rows(store: Store, query: str) -> list[dict[str, Any]]:
    solutions = store.query(query, union=False)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT query
    return [{v: sol[v] for v in ("a", "n") if sol[v] is not None} for sol in solutions]


def _column(store: Store, query: str, var: str) -> list[Any]:
    """The bound values of ``var`` in the answer to ``query`` (over the named graphs)."""
    solutions = store.query(query, union=False)
    assert isinstance(solutions, ox.QuerySolutions)  # a SELECT query
    return [sol[var] for sol in solutions if sol[var] is not None]


def _counts(store: Store, query: str) -> dict[str, int]:
    return {row["a"].value: int(row["n"].value) for row in _rows(store, query) if "a" in row}


def _one(store: Store, query: str) -> int:
    rows = _rows(store, query)
    return int(rows[0]["n"].value) if rows and "n" in rows[0] else 0


@dataclass(frozen=True)
class _Figures:
    """What the store holds, as the description counts it (asserted graphs only): quads per
    property, entities per class, entities, Wikidata links per linkset, the last build
    (``None`` when nothing was built) and one example message, person and archive."""

    properties: dict[str, int]
    classes: dict[str, int]
    entities: int
    links: dict[str, int]
    modified: str | None
    examples: list[str]

    @classmethod
    def read(cls, store: Store, minter: Minter) -> _Figures:
        """Count in ``store`` (one SPARQL query per figure)."""
        keep = asserted_filter(minter)
        space = uri_space(minter)
        return cls(
            properties=_counts(store, f"SELECT ?a (COUNT(*) AS ?n) WHERE {{ GRAPH ?g "
                                      f"{{ ?s ?a ?o }} {keep} }} GROUP BY ?a"),
            classes=_counts(store, f"SELECT ?a (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g "
                                   f"{{ ?s a ?a }} {keep} }} GROUP BY ?a"),
            entities=_one(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g "
                                 f"{{ ?s ?p ?o }} {keep} "
                                 f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{space}")) }}'),
            links={name: _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{p}> ?o }} "
                                     f"{keep} FILTER(isIRI(?o) && "
                                     f'STRSTARTS(STR(?o), "{WIKIDATA_ENTITY}")) }}')
                   for name, p in LINK_PREDICATES},
            modified=next((t.value for t in _column(
                store, f"SELECT (MAX(?t) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{CW.SourceGraph}> ; "
                       f"<{PROV.generatedAtTime}> ?t }} }}", "n")), None),
            examples=[sol.value for c in (CW.Message, CW.Person, CW.Archive) for sol in _column(
                store, f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s a <{c}> }} {keep} "
                       f'FILTER(STRSTARTS(STR(?s), "{space}")) }} ORDER BY ?s LIMIT 1', "s")],
        )


# --- the parts of the description -----------------------------------------------------

_BINDINGS: tuple[tuple[str, Any], ...] = (
    ("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("owl", OWL),
    ("skos", SKOS), ("xsd", XSD), ("prov", PROV), ("rdfs", RDFS), ("cw", CW_NS))


def _part(ds: URIRef, fragment: str) -> URIRef:
    """A node of the description named after the dataset (``{dataset}#licence``)."""
    return URIRef(f"{ds}#{fragment}")


def _add_dataset(g: Graph, ds: URIRef, space: str, figures: _Figures) -> None:
    """What the dataset is: type, title, description, version, IRI space, vocabularies,
    sources, examples and last build."""
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("coldwar-kg: a knowledge graph of Cold War correspondence",
                                      lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Who wrote to whom, through whom and when, read from Wilson Center Digital Archive "
        "records and Foreign Relations of the United States (FRUS) volumes; every fact "
        "carries the quote and line it was read from (provenance graphs).", lang="en")))
    g.add((ds, URIRef(f"{DCAT}version"), Literal(__version__)))  # DCAT 3, not in rdflib's DCAT
    g.add((ds, VOID.uriSpace, Literal(space)))
    g.add((ds, VOID.uriRegexPattern, Literal(f"^{space}[a-z]+/")))
    g.add((ds, DCTERMS.conformsTo, URIRef(CW_NS.rstrip("#"))))
    for prefix in VOCABULARIES:
        g.add((ds, VOID.vocabulary, URIRef(PREFIXES[prefix])))
    for source in (WILSON_HOME, FRUS_HOME):
        g.add((ds, DCTERMS.source, source))
    for example in figures.examples:
        g.add((ds, VOID.exampleResource, URIRef(example)))
    if figures.modified is not None:
        g.add((ds, DCTERMS.modified, Literal(figures.modified, datatype=XSD.dateTime)))


def _add_licence(g: Graph, ds: URIRef) -> URIRef:
    """The terms of use (``{dataset}#licence``); returns the licence's IRI."""
    licence = _part(ds, "licence")
    g.add((ds, DCTERMS.license, licence))
    g.add((ds, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, RDFS.label, Literal("Code MIT; FRUS text public domain; Wilson Center "
                                        "Digital Archive text for research and education",
                                        lang="en")))
    g.add((licence, RDFS.comment, Literal(RIGHTS, lang="en")))
    g.add((licence, RDFS.seeAlso, MIT))
    g.add((licence, RDFS.seeAlso, PUBLIC_DOMAIN))
    return licence


def _add_partitions(g: Graph, ds: URIRef, figures: _Figures) -> None:
    """The counts, and one class partition per class and one property partition per property."""
    g.add((ds, VOID.triples, Literal(sum(figures.properties.values()))))
    g.add((ds, VOID.entities, Literal(figures.entities)))
    g.add((ds, VOID.classes, Literal(len(figures.classes))))
    g.add((ds, VOID.properties, Literal(len(figures.properties))))
    for cls, n in sorted(figures.classes.items()):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n)))
    for prop, n in sorted(figures.properties.items()):
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n)))


def _add_linksets(g: Graph, ds: URIRef, links: dict[str, int]) -> None:
    """Wikidata as a dataset, and one linkset to it per link predicate."""
    wikidata = _part(ds, "wikidata")
    g.add((wikidata, RDF.type, VOID.Dataset))
    g.add((wikidata, DCTERMS.title, Literal("Wikidata", lang="en")))
    g.add((wikidata, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    g.add((wikidata, VOID.uriSpace, Literal(WIKIDATA_ENTITY)))
    for name, predicate in LINK_PREDICATES:
        linkset = _part(ds, f"wikidata-{name}")
        g.add((ds, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.linkPredicate, predicate))
        g.add((linkset, VOID.subjectsTarget, ds))
        g.add((linkset, VOID.objectsTarget, wikidata))
        g.add((linkset, VOID.triples, Literal(links[name])))


def _add_endpoint(g: Graph, ds: URIRef, endpoint: str) -> None:
    """``void:sparqlEndpoint`` and the endpoint as a ``dcat:DataService``."""
    g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
    service = _part(ds, "sparql")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, URIRef(endpoint)))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))


def _add_dumps(g: Graph, ds: URIRef, dump_base_url: str, licence: URIRef) -> None:
    """``void:dataDump`` and one ``dcat:Distribution`` per release file."""
    base = dump_base_url if dump_base_url.endswith("/") else dump_base_url + "/"
    for name, media_type, fmt in DUMPS:
        url = URIRef(urljoin(base, name))
        g.add((ds, VOID.dataDump, url))
        dist = _part(ds, f"dump-{name.replace('.', '-')}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
        g.add((dist, DCTERMS.format, URIRef(fmt)))
        g.add((dist, DCTERMS.title, Literal(name)))
        g.add((dist, DCTERMS.license, licence))
