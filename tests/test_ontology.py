"""The cw: ontology (ontology/cw.ttl) against the closed vocabulary in kg.namespace."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.namespace import CW, CW_NS, PREFIXES, RICO, SCHEMA
from kg.validate.reference import DEFAULT_ONTOLOGY, DEFAULT_SHAPES, load_ontology, load_shapes

ROOT = Path(__file__).resolve().parents[1]
PROV = "http://www.w3.org/ns/prov#"
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property}
ONTOLOGY_IRI = URIRef("https://w3id.org/cwkg/ontology")


@pytest.fixture(scope="module")
def onto() -> Graph:
    """The ontology, parsed once."""
    return load_ontology()


def _cw_iris(graph: Graph) -> set[URIRef]:
    return {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(CW_NS)
    }


def test_default_paths_point_into_the_repository() -> None:
    """kg.validate.reference finds ontology/cw.ttl and shapes/cw-shapes.ttl relative to the package."""
    assert (ROOT / "ontology" / "cw.ttl", ROOT / "shapes" / "cw-shapes.ttl") == (
        DEFAULT_ONTOLOGY,
        DEFAULT_SHAPES,
    )


def test_ontology_parses_alone_and_is_versioned(onto: Graph) -> None:
    """cw.ttl parses on its own and declares the ontology IRI, version 0.1.0 and a title."""
    assert (True, Literal("0.1.0"), True) == (
        (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto,
        onto.value(ONTOLOGY_IRI, OWL.versionInfo),
        onto.value(ONTOLOGY_IRI, DCTERMS.title) is not None,
    )


def test_ontology_states_a_licence(onto: Graph) -> None:
    """The ontology header carries a dcterms:license and a licence comment."""
    comment = str(onto.value(ONTOLOGY_IRI, RDFS.comment))
    assert (True, True) == (
        onto.value(ONTOLOGY_IRI, DCTERMS.license) is not None,
        "Licence" in comment,
    )


@pytest.mark.parametrize("term", sorted(dir(CW)), ids=lambda t: t.rsplit("#", 1)[-1])
def test_namespace_term_is_declared_with_label_and_definition(term: URIRef, onto: Graph) -> None:
    """Every CW term is typed in cw.ttl and has an English rdfs:label and skos:definition."""
    types = set(onto.objects(term, RDF.type)) & DECLARATION_TYPES
    labels = [lit.language for lit in onto.objects(term, RDFS.label)]
    definitions = [lit.language for lit in onto.objects(term, SKOS.definition)]
    assert (True, ["en"], ["en"]) == (bool(types), labels, definitions)


def test_every_cw_iri_in_the_ontology_is_in_the_namespace(onto: Graph) -> None:
    """cw.ttl uses no cw: IRI that kg.namespace.CW does not list."""
    assert set() == {iri for iri in _cw_iris(onto) if iri not in CW}


def test_every_cw_iri_in_the_shapes_is_in_the_namespace() -> None:
    """cw-shapes.ttl uses no cw: IRI that kg.namespace.CW does not list."""
    assert set() == {iri for iri in _cw_iris(load_shapes()) if iri not in CW}


def test_every_cw_iri_in_the_alignments_is_in_the_namespace() -> None:
    """alignments.ttl (weak links) uses no cw: IRI that kg.namespace.CW does not list."""
    graph = Graph().parse(ROOT / "ontology" / "alignments.ttl", format="turtle")
    assert set() == {iri for iri in _cw_iris(graph) if iri not in CW}


def test_ontology_imports_nothing(onto: Graph) -> None:
    """cw.ttl is self-contained: no owl:imports."""
    assert [] == list(onto.objects(None, OWL.imports))


@pytest.mark.parametrize(
    ("prop", "inverse"),
    [(CW.sent, CW.sender), (CW.authored, CW.author), (CW.transmittedVia, CW.transmits)],
)
def test_inverse_properties(prop: URIRef, inverse: URIRef, onto: Graph) -> None:
    """The required owl:inverseOf axioms are present."""
    assert [inverse] == list(onto.objects(prop, OWL.inverseOf))


@pytest.mark.parametrize(
    ("prop", "chain"),
    [
        (CW.relayedBy, [CW.transmittedVia, CW.sender]),
        (CW.wroteTo, [CW.sent, CW.addressee]),
        (CW.wroteAsAuthorTo, [CW.authored, CW.addressee]),
    ],
)
def test_property_chains(prop: URIRef, chain: list[URIRef], onto: Graph) -> None:
    """Each chained property has exactly one owl:propertyChainAxiom with the expected steps."""
    heads = list(onto.objects(prop, OWL.propertyChainAxiom))
    assert [chain] == [list(Collection(onto, head)) for head in heads]


def test_author_chain_feeds_wrote_to(onto: Graph) -> None:
    """The helper for the author chain is a sub-property of cw:wroteTo."""
    assert True is ((CW.wroteAsAuthorTo, RDFS.subPropertyOf, CW.wroteTo) in onto)


def test_corresponded_with_is_symmetric_and_above_wrote_to(onto: Graph) -> None:
    """cw:correspondedWith is an owl:SymmetricProperty and cw:wroteTo is below it."""
    assert (True, True) == (
        (CW.correspondedWith, RDF.type, OWL.SymmetricProperty) in onto,
        (CW.wroteTo, RDFS.subPropertyOf, CW.correspondedWith) in onto,
    )


def test_wrote_to_links_agents(onto: Graph) -> None:
    """cw:wroteTo has domain and range cw:Agent (organisations write too)."""
    assert ([CW.Agent], [CW.Agent]) == (
        list(onto.objects(CW.wroteTo, RDFS.domain)),
        list(onto.objects(CW.wroteTo, RDFS.range)),
    )


def test_no_pseudonym_chain_on_sender(onto: Graph) -> None:
    """cw:sender has no property chain (cw:signedAs may hold a literal)."""
    assert [] == list(onto.objects(CW.sender, OWL.propertyChainAxiom))


def test_no_equivalence_to_external_terms(onto: Graph) -> None:
    """No owl:equivalentClass / owl:equivalentProperty points outside cw:."""
    external = {
        (s, o)
        for p in (OWL.equivalentClass, OWL.equivalentProperty)
        for s, o in onto.subject_objects(p)
        if not (str(s).startswith(CW_NS) and str(o).startswith(CW_NS))
    }
    assert set() == external


@pytest.mark.parametrize(
    ("sup", "sub"),
    [
        (CW.Document, CW.Message),
        (CW.Document, CW.Report),
        (CW.Document, CW.RecordOfConversation),
        (CW.Message, CW.Telegram),
        (CW.Telegram, CW.CipheredTelegram),
        (CW.Telegram, CW.Cable),
        (CW.Message, CW.Letter),
        (CW.Message, CW.Note),
        (CW.Message, CW.Memorandum),
        (CW.Agent, CW.Person),
        (CW.Agent, CW.Organization),
        (CW.Organization, CW.Archive),
        (CW.TransmissionEvent, CW.Sending),
        (CW.TransmissionEvent, CW.Receipt),
        (CW.TransmissionEvent, CW.Arrival),
        (CW.TransmissionEvent, CW.Deciphering),
        (CW.TransmissionEvent, CW.Typing),
    ],
    ids=lambda t: t.rsplit("#", 1)[-1],
)
def test_class_hierarchy(sup: URIRef, sub: URIRef, onto: Graph) -> None:
    """Each core class is a direct rdfs:subClassOf its parent (test id: parent, child)."""
    assert True is ((sub, RDFS.subClassOf, sup) in onto)


@pytest.mark.parametrize(
    ("term", "relation", "target"),
    [
        (CW.Message, RDFS.subClassOf, SCHEMA.Message),
        (CW.Message, RDFS.subClassOf, RICO.Record),
        (CW.Message, RDFS.subClassOf, URIRef(PROV + "Entity")),
        (CW.Person, RDFS.subClassOf, SCHEMA.Person),
        (CW.Person, RDFS.subClassOf, RICO.Person),
        (CW.Organization, RDFS.subClassOf, SCHEMA.Organization),
        (CW.Organization, RDFS.subClassOf, RICO.CorporateBody),
        (CW.Archive, RDFS.subClassOf, SCHEMA.ArchiveOrganization),
        (CW.Agent, RDFS.subClassOf, URIRef(PROV + "Agent")),
        (CW.Place, RDFS.subClassOf, SCHEMA.Place),
        (CW.TransmissionEvent, RDFS.subClassOf, URIRef(PROV + "Activity")),
        (CW.Request, RDFS.subClassOf, SCHEMA.AskAction),
        (CW.RequestedItem, RDFS.subClassOf, SCHEMA.QuantitativeValue),
        (CW.ArchivalCopy, RDFS.subClassOf, RICO.Record),
        (CW.Pseudonym, RDFS.subClassOf, RICO.AgentName),
        (CW.sender, RDFS.subPropertyOf, SCHEMA.sender),
        (CW.sender, RDFS.subPropertyOf, RICO.hasSender),
        (CW.author, RDFS.subPropertyOf, SCHEMA.author),
        (CW.author, RDFS.subPropertyOf, DCTERMS.creator),
        (CW.author, RDFS.subPropertyOf, RICO.hasAuthor),
        (CW.addressee, RDFS.subPropertyOf, SCHEMA.toRecipient),
        (CW.addressee, RDFS.subPropertyOf, RICO.hasAddressee),
        (CW.dateSent, RDFS.subPropertyOf, SCHEMA.dateSent),
        (CW.cipherNumber, RDFS.subPropertyOf, DCTERMS.identifier),
        (CW.recordId, RDFS.subPropertyOf, DCTERMS.identifier),
        (CW.heldBy, RDFS.subPropertyOf, RICO.hasOrHadHolder),
        (CW.hasArchivalCopy, RDFS.subPropertyOf, RICO.hasCopy),
        (CW.transmits, RDFS.subPropertyOf, RICO.hasOrHadConstituent),
        (CW.requestedBy, RDFS.subPropertyOf, SCHEMA.agent),
    ],
    ids=lambda t: t.rsplit("/", 1)[-1].rsplit("#", 1)[-1],
)
def test_one_way_alignment(term: URIRef, relation: URIRef, target: URIRef, onto: Graph) -> None:
    """The alignments the core profile and the notes give are asserted one-way."""
    assert True is ((term, relation, target) in onto)


def test_copy_recipient_is_not_aligned_to_cc_recipient(onto: Graph) -> None:
    """cw:copyRecipient sits on a distribution entry, so it is not a schema:ccRecipient."""
    assert [] == list(onto.objects(CW.copyRecipient, RDFS.subPropertyOf))


def test_prefixes_cover_the_alignment_vocabularies() -> None:
    """The serialisation prefixes include every vocabulary the ontology aligns to."""
    assert {"schema", "prov", "rico", "dcterms", "skos"} <= set(PREFIXES)
