"""OWL RL inference (kg.reason.reference) over the cw: ontology."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.namespace import CW, RICO, SCHEMA
from kg.reason.reference import infer, infer_batched
from kg.validate.reference import load_ontology

MSG = Namespace("https://w3id.org/cwkg/id/message/")
PERSON = Namespace("https://w3id.org/cwkg/id/person/")
WD_STALIN = URIRef("http://www.wikidata.org/entity/Q855")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

# Written for testing coldwar-kg; not archive text.
CARRIER_TTL = """
@prefix cw:     <https://w3id.org/cwkg/ontology#> .
@prefix msg:    <https://w3id.org/cwkg/id/message/> .
@prefix person: <https://w3id.org/cwkg/id/person/> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .

msg:t a cw:CipheredTelegram ;
    cw:sourceFile "fixture.txt" ;
    cw:sender person:shtykov ; cw:addressee person:stalin ;
    cw:transmits msg:t-letter ;
    cw:dateSent "1950-10-09"^^xsd:date ;
    cw:hasTransmissionEvent [ a cw:Sending ; cw:atLocalTime "1950-10-09T07:05:00"^^xsd:dateTime ] .
msg:t-letter a cw:Letter ;
    cw:sourceFile "fixture.txt" ;
    cw:sender person:kim-il-sung ; cw:addressee person:stalin .
person:stalin a cw:Person ; skos:prefLabel "Joseph Stalin" ;
    owl:sameAs <http://www.wikidata.org/entity/Q855> .
person:shtykov a cw:Person ; skos:prefLabel "Terentii Shtykov" .
person:kim-il-sung a cw:Person ; skos:prefLabel "Kim Il Sung" .
"""


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The cw: ontology, parsed once."""
    return load_ontology()


@pytest.fixture(scope="module")
def asserted() -> Graph:
    """The carrier-telegram example graph."""
    return Graph().parse(data=CARRIER_TTL, format="turtle")


@pytest.fixture(scope="module")
def inferred(asserted: Graph, ontology: Graph) -> Graph:
    """The triples infer() adds to the carrier-telegram example."""
    return infer(asserted, ontology)


@pytest.mark.parametrize(
    "triple",
    [
        (PERSON["kim-il-sung"], CW.wroteTo, PERSON.stalin),
        (PERSON.shtykov, CW.wroteTo, PERSON.stalin),
        (MSG["t-letter"], CW.relayedBy, PERSON.shtykov),
        (MSG["t-letter"], CW.transmittedVia, MSG.t),
        (PERSON.shtykov, CW.sent, MSG.t),
        (PERSON["kim-il-sung"], CW.sent, MSG["t-letter"]),
        (PERSON["kim-il-sung"], CW.correspondedWith, PERSON.stalin),
        (PERSON.stalin, CW.correspondedWith, PERSON["kim-il-sung"]),
        (PERSON.shtykov, CW.correspondedWith, PERSON.stalin),
        (PERSON.stalin, CW.correspondedWith, PERSON.shtykov),
        (MSG.t, SCHEMA.sender, PERSON.shtykov),
        (MSG["t-letter"], SCHEMA.sender, PERSON["kim-il-sung"]),
        (MSG.t, SCHEMA.toRecipient, PERSON.stalin),
        (MSG.t, RICO.hasSender, PERSON.shtykov),
        (MSG.t, RDF.type, CW.Message),
        (MSG.t, RDF.type, SCHEMA.Message),
        (PERSON.stalin, RDF.type, SCHEMA.Person),
        (MSG.t, SCHEMA.dateSent, Literal("1950-10-09", datatype=XSD_DATE)),
    ],
    ids=lambda t: " ".join(str(x).rsplit("/", 1)[-1].rsplit("#", 1)[-1] for x in t),
)
def test_expected_triple_is_inferred(triple: tuple, inferred: Graph) -> None:
    """Chains, inverses, symmetry and one-way alignments produce the expected triple."""
    assert True is (triple in inferred)


def test_no_inferred_triple_is_already_asserted(asserted: Graph, inferred: Graph) -> None:
    """infer() returns only new triples, never one of the input."""
    assert set() == {t for t in inferred if t in asserted}


def test_no_inferred_triple_is_in_the_ontology(ontology: Graph, inferred: Graph) -> None:
    """infer() returns no ontology (TBox) triple."""
    assert set() == {t for t in inferred if t in ontology}


def test_no_sameas_towards_wikidata(inferred: Graph) -> None:
    """An external owl:sameAs is a link, not smushed: nothing points at or about Wikidata."""
    about = {t for t in inferred if WD_STALIN in (t[0], t[2])}
    assert set() == about


def test_no_reflexive_sameas_or_trivial_types(inferred: Graph) -> None:
    """Reflexive owl:sameAs and rdf:type owl:Thing / rdfs:Resource are filtered out."""
    junk = {
        t
        for t in inferred
        if (t[1] == OWL.sameAs and t[0] == t[2])
        or (t[1] == RDF.type and t[2] in (OWL.Thing, RDFS.Resource, OWL.NamedIndividual))
    }
    assert set() == junk


def test_subjects_are_instance_nodes(asserted: Graph, inferred: Graph) -> None:
    """Every inferred subject is a node of the asserted data, never a vocabulary term or literal."""
    data_nodes = set(asserted.subjects()) | set(asserted.objects())
    outside = {s for s in inferred.subjects() if s not in data_nodes or isinstance(s, Literal)}
    assert set() == outside


def test_blank_node_event_is_typed_by_subclass(asserted: Graph, inferred: Graph) -> None:
    """The blank-node Sending event of the input gets its superclass types."""
    (event,) = [e for e in asserted.objects(MSG.t, CW.hasTransmissionEvent)]
    assert (True, True) == (
        isinstance(event, BNode),
        (event, RDF.type, CW.TransmissionEvent) in inferred,
    )


def test_author_chain_yields_wrote_to(ontology: Graph) -> None:
    """A message with cw:author A and cw:addressee B yields A cw:wroteTo B."""
    data = Graph()
    data.add((MSG.memo, RDF.type, CW.Memorandum))
    data.add((MSG.memo, CW.author, PERSON.a))
    data.add((MSG.memo, CW.addressee, PERSON.b))
    result = infer(data, ontology)
    assert (True, True, True) == (
        (PERSON.a, CW.wroteTo, PERSON.b) in result,
        (PERSON.a, CW.authored, MSG.memo) in result,
        (PERSON.b, CW.correspondedWith, PERSON.a) in result,
    )


def test_internal_sameas_is_smushed(ontology: Graph) -> None:
    """owl:sameAs between two instance IRIs (a retired IRI) is kept and smushed."""
    data = Graph()
    data.add((MSG.m, CW.sender, PERSON["old-key"]))
    data.add((MSG.m, CW.addressee, PERSON.b))
    data.add((PERSON["old-key"], OWL.sameAs, PERSON["new-key"]))
    result = infer(data, ontology)
    assert True is ((PERSON["new-key"], CW.wroteTo, PERSON.b) in result)


def test_inputs_are_not_modified(asserted: Graph, ontology: Graph) -> None:
    """infer() works on a copy: neither input graph changes size."""
    before = (len(asserted), len(ontology))
    infer(asserted, ontology)
    assert before == (len(asserted), len(ontology))


def test_batched_union_equals_single_closure(ontology: Graph) -> None:
    """Closing documents in batches gives the same union as one closure over all of them."""
    docs = []
    for n in range(5):
        g = Graph()
        g.add((MSG[f"m{n}"], RDF.type, CW.Letter))
        g.add((MSG[f"m{n}"], CW.sender, PERSON[f"p{n}"]))
        g.add((MSG[f"m{n}"], CW.addressee, PERSON[f"p{n + 1}"]))
        docs.append(g)
    whole = Graph()
    for g in docs:
        whole += g
    batched = Graph()
    parts = list(infer_batched(docs, ontology, batch_size=2))
    for part in parts:
        batched += part
    assert (3, set(infer(whole, ontology))) == (len(parts), set(batched))


def test_batch_size_must_be_positive(ontology: Graph) -> None:
    """infer_batched rejects a batch size below 1."""
    with pytest.raises(ValueError, match="batch_size"):
        list(infer_batched([Graph()], ontology, batch_size=0))
