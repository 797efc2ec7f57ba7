"""``kg.publish.void``: the VoID and DCAT description of the sample store, checked against counts
made independently with rdflib."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, SKOS, VOID, XSD

from kg.iris import Minter
from kg.namespace import CW
from kg.pipeline import stats
from kg.publish.void import DUMPS, WIKIDATA_ENTITY, dataset_description, dataset_iri
from kg.store import Store

ENDPOINT = "http://127.0.0.1:8000/sparql"


def asserted(store: Store, minter: Minter) -> Graph:
    """The asserted quads' triples, read without SPARQL (duplicates across graphs merged)."""
    left_out = {str(minter.graph(n)) for n in ("inferred", "validation", "measures")}
    return store.merged([g for g in store.graphs()
                         if g not in left_out and not g.endswith("-provenance")])


def value(g: Graph, s: URIRef, p: URIRef) -> int:
    found = g.value(s, p)
    assert found is not None, f"no {p} on {s}"
    return int(found)


def test_triples_equal_the_asserted_count_of_kg_stats(built_store: Store, minter: Minter) -> None:
    """void:triples is the "triples asserted" of kg stats (every graph but provenance,
    inferred, validation and measures)."""
    g = dataset_description(built_store, endpoint=None, dump_base_url=None, minter=minter)
    assert stats(built_store, minter)["triples asserted"] == value(g, dataset_iri(minter), VOID.triples)


def test_partitions_classes_properties_and_entities(built_store: Store, minter: Minter) -> None:
    """One class partition per class with its distinct instances, one property partition per
    predicate; void:classes / void:properties count them; entities are subjects under
    {base}id/."""
    g = dataset_description(built_store, endpoint=None, dump_base_url=None, minter=minter)
    ds = dataset_iri(minter)
    data = asserted(built_store, minter)
    classes = {part: g.value(part, VOID["class"]) for part in g.objects(ds, VOID.classPartition)}
    assert set(data.objects(None, RDF.type)) == set(classes.values())
    assert len(classes) == value(g, ds, VOID.classes)
    for part, cls in classes.items():
        assert len(set(data.subjects(RDF.type, cls))) == value(g, part, VOID.entities)
    properties = {g.value(part, VOID.property) for part in g.objects(ds, VOID.propertyPartition)}
    assert set(data.predicates()) == properties
    assert len(properties) == value(g, ds, VOID.properties)
    space = minter.base + "id/"
    assert len({s for s in data.subjects() if str(s).startswith(space)}) == value(g, ds, VOID.entities)
    assert Literal(space) == g.value(ds, VOID.uriSpace)


def test_wikidata_linksets_count_links(built_store: Store, minter: Minter) -> None:
    """A void:Linkset per link predicate (owl:sameAs, skos:closeMatch, cw:country) counts the
    links to Wikidata entities."""
    g = dataset_description(built_store, endpoint=None, dump_base_url=None, minter=minter)
    data = asserted(built_store, minter)
    linksets = {g.value(ls, VOID.linkPredicate): ls for ls in g.subjects(RDF.type, VOID.Linkset)}
    assert {OWL.sameAs, SKOS.closeMatch, CW.country} == set(linksets)
    for predicate, linkset in linksets.items():
        expected = sum(1 for o in data.objects(None, predicate) if str(o).startswith(WIKIDATA_ENTITY))
        assert expected == value(g, linkset, VOID.triples)
    assert value(g, linksets[OWL.sameAs], VOID.triples) > 0


def test_endpoint_dumps_and_modified(built_store: Store, minter: Minter) -> None:
    """void:sparqlEndpoint and a dcat:DataService for the endpoint; a void:dataDump and a
    dcat:Distribution per release file; dcterms:modified is the build time; a licence."""
    g = dataset_description(built_store, endpoint=ENDPOINT, dump_base_url="https://example.org/r/1.0",
                            minter=minter)
    ds = dataset_iri(minter)
    assert URIRef(ENDPOINT) == g.value(ds, VOID.sparqlEndpoint)
    service = g.value(None, DCAT.servesDataset, ds)
    assert URIRef(ENDPOINT) == g.value(service, DCAT.endpointURL)
    expected = {URIRef(f"https://example.org/r/1.0/{name}") for name, _, _ in DUMPS}
    assert expected == set(g.objects(ds, VOID.dataDump))
    assert expected == {g.value(d, DCAT.downloadURL) for d in g.objects(ds, DCAT.distribution)}
    assert Literal("2026-01-01T00:00:00+00:00", datatype=XSD.dateTime) == g.value(ds, DCTERMS.modified)
    assert g.value(ds, DCTERMS.license) is not None


def test_without_endpoint_or_dumps_they_are_left_out(built_store: Store, minter: Minter) -> None:
    """No endpoint and no dump base URL: no void:sparqlEndpoint, no dump, no distribution."""
    g = dataset_description(built_store, endpoint=None, dump_base_url=None, minter=minter)
    for p in (VOID.sparqlEndpoint, VOID.dataDump, DCAT.distribution):
        assert [] == list(g.objects(None, p))


def test_empty_store_is_described_with_zero_counts(minter: Minter) -> None:
    """An empty store gives a description with zero counts and no dcterms:modified."""
    g = dataset_description(Store(None), endpoint=None, dump_base_url=None, minter=minter)
    ds = dataset_iri(minter)
    assert 0 == value(g, ds, VOID.triples)
    assert g.value(ds, DCTERMS.modified) is None
