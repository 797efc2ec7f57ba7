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

from urllib.parse import urljoin

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from kg import __version__
from kg.iris import PROVENANCE_SUFFIX, Minter
from kg.namespace import CW, CW_NS, PREFIXES
from kg.store import Store

__all__ = ["dataset_description", "dataset_iri", "asserted_filter", "DUMPS", "WIKIDATA_ENTITY",
           "LINK_PREDICATES"]

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
    return URIRef(f"{minter.base}dataset")


def asserted_filter(minter: Minter, var: str = "?g") -> str:
    """A SPARQL ``FILTER`` keeping the asserted graphs: not provenance, inferred, validation
    or measures.

    >>> asserted_filter(Minter("http://x/"))[:60]
    'FILTER(?g NOT IN (<http://x/id/graph/inferred>, <http://x/id'
    """
    left_out = ", ".join(f"<{minter.graph(name)}>" for name in ("inferred", "validation",
                                                                 "measures"))
    return f'FILTER({var} NOT IN ({left_out}) && !STRENDS(STR({var}), "{PROVENANCE_SUFFIX}"))'


def _rows(store: Store, query: str) -> list[dict]:
    return [{v: sol[v] for v in ("a", "n") if sol[v] is not None}
            for sol in store.query(query, union=False)]


def _counts(store: Store, query: str) -> dict[str, int]:
    return {row["a"].value: int(row["n"].value) for row in _rows(store, query) if "a" in row}


def _one(store: Store, query: str) -> int:
    rows = _rows(store, query)
    return int(rows[0]["n"].value) if rows and "n" in rows[0] else 0


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
    keep = asserted_filter(minter)
    space = f"{minter.base}id/"
    properties = _counts(store, f"SELECT ?a (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?a ?o }} "
                                f"{keep} }} GROUP BY ?a")
    classes = _counts(store, f"SELECT ?a (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g "
                             f"{{ ?s a ?a }} {keep} }} GROUP BY ?a")
    entities = _one(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                           f'{keep} FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{space}")) }}')
    links = {name: _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{p}> ?o }} "
                               f'{keep} FILTER(isIRI(?o) && STRSTARTS(STR(?o), "{WIKIDATA_ENTITY}")) }}')
             for name, p in LINK_PREDICATES}
    modified = [sol["n"] for sol in store.query(
        f"SELECT (MAX(?t) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{CW.SourceGraph}> ; "
        f"<{PROV.generatedAtTime}> ?t }} }}", union=False) if sol["n"] is not None]
    examples = [sol["s"].value for cls in (CW.Message, CW.Person, CW.Archive) for sol in store.query(
        f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s a <{cls}> }} {keep} "
        f'FILTER(STRSTARTS(STR(?s), "{space}")) }} ORDER BY ?s LIMIT 1', union=False)]

    g = Graph()
    for prefix in ("void", "dcat", "dcterms", "foaf", "owl", "skos", "xsd", "prov", "rdfs"):
        g.bind(prefix, {"void": VOID, "dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF, "owl": OWL,
                        "skos": SKOS, "xsd": XSD, "prov": PROV, "rdfs": RDFS}[prefix])
    g.bind("cw", CW_NS)
    ds = dataset_iri(minter)
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
    for example in examples:
        g.add((ds, VOID.exampleResource, URIRef(example)))
    if modified:
        g.add((ds, DCTERMS.modified, Literal(modified[0].value, datatype=XSD.dateTime)))

    licence = URIRef(f"{ds}#licence")
    g.add((ds, DCTERMS.license, licence))
    g.add((ds, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, RDFS.label, Literal("Code MIT; FRUS text public domain; Wilson Center "
                                        "Digital Archive text for research and education",
                                        lang="en")))
    g.add((licence, RDFS.comment, Literal(RIGHTS, lang="en")))
    g.add((licence, RDFS.seeAlso, MIT))
    g.add((licence, RDFS.seeAlso, PUBLIC_DOMAIN))

    g.add((ds, VOID.triples, Literal(sum(properties.values()))))
    g.add((ds, VOID.entities, Literal(entities)))
    g.add((ds, VOID.classes, Literal(len(classes))))
    g.add((ds, VOID.properties, Literal(len(properties))))
    for cls, n in sorted(classes.items()):
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n)))
    for prop, n in sorted(properties.items()):
        part = BNode()
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n)))

    wikidata = URIRef(f"{ds}#wikidata")
    g.add((wikidata, RDF.type, VOID.Dataset))
    g.add((wikidata, DCTERMS.title, Literal("Wikidata", lang="en")))
    g.add((wikidata, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    g.add((wikidata, VOID.uriSpace, Literal(WIKIDATA_ENTITY)))
    for name, predicate in LINK_PREDICATES:
        linkset = URIRef(f"{ds}#wikidata-{name}")
        g.add((ds, VOID.subset, linkset))
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.linkPredicate, predicate))
        g.add((linkset, VOID.subjectsTarget, ds))
        g.add((linkset, VOID.objectsTarget, wikidata))
        g.add((linkset, VOID.triples, Literal(links[name])))

    if endpoint:
        g.add((ds, VOID.sparqlEndpoint, URIRef(endpoint)))
        service = URIRef(f"{ds}#sparql")
        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCAT.endpointURL, URIRef(endpoint)))
        g.add((service, DCAT.servesDataset, ds))
        g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
        g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint (read-only)", lang="en")))
    if dump_base_url:
        base = dump_base_url if dump_base_url.endswith("/") else dump_base_url + "/"
        for name, media_type, fmt in DUMPS:
            url = URIRef(urljoin(base, name))
            g.add((ds, VOID.dataDump, url))
            dist = URIRef(f"{ds}#dump-{name.replace('.', '-')}")
            g.add((ds, DCAT.distribution, dist))
            g.add((dist, RDF.type, DCAT.Distribution))
            g.add((dist, DCAT.downloadURL, url))
            g.add((dist, DCAT.mediaType, URIRef(IANA + media_type)))
            g.add((dist, DCTERMS.format, URIRef(fmt)))
            g.add((dist, DCTERMS.title, Literal(name)))
            g.add((dist, DCTERMS.license, licence))
    return g
