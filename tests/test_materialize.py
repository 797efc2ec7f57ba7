"""SPARQL materialisation in Oxigraph (kg.reason.materialize) against the owlrl reference (kg.reason.reference)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, XSD

from kg.errors import UnsupportedAxiomError
from kg.iris import Minter
from kg.namespace import CW
from kg.pipeline import build, reason_store, source_graphs, special_graphs
from kg.reason.materialize import compile_rules, materialize
from kg.reason.reference import infer
from kg.store import Store, from_rdflib
from kg.validate.reference import load_ontology

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "fixtures" / "wilson-heldout" / "records"
FIXED = "2026-01-01"
ID = Namespace("https://w3id.org/cwkg/id/")
MSG = Namespace("https://w3id.org/cwkg/id/message/")
PERSON = Namespace("https://w3id.org/cwkg/id/person/")
WD = Namespace("http://www.wikidata.org/entity/")
EX = Namespace("https://example.org/ontology#")
DOC = "urn:x-test:doc"
INFERRED = "urn:x-test:inferred"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The cw: ontology, parsed once."""
    return load_ontology()


def owlrl_and_sparql(paths: list[Path], store: Store, ontology: Graph) -> tuple[set, set, set]:
    """Build ``paths``; return reason_store's inferred triples, its marker, materialize's triples."""
    assert [] == build(paths, store).errors
    minter = Minter.from_env()
    graphs = special_graphs(minter)
    inferred = str(graphs["inferred"])
    reason_store(store, engine="owlrl")
    owlrl = set(store.graph(inferred))
    marker = {t for t in owlrl if t[0] == graphs["inferred"]}
    materialize(store, ontology, source_graphs(store), [str(graphs["authority"])], inferred,
                instance_base=minter.base + "id/")
    return owlrl - marker, marker, set(store.graph(inferred))


def load(graph: Graph) -> Store:
    """A fresh in-memory store holding ``graph`` as the one source graph, blank nodes kept."""
    store = Store(None)
    store.oxigraph.extend(
        ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o), ox.NamedNode(DOC))  # type: ignore[arg-type]
        for s, p, o in graph
    )
    return store


def sparql_infer(graph: Graph, ontology: Graph) -> set:
    """The triples materialize() writes for ``graph`` alone."""
    store = load(graph)
    materialize(store, ontology, [DOC], [], INFERRED)
    return set(store.graph(INFERRED))


# --- equality with owlrl on real records ---------------------------------------------------


@pytest.mark.slow
def test_sample_equals_owlrl(store: Store, ontology: Graph, sample_path: Path) -> None:
    """On the sample record, materialize() writes exactly reason_store's triples but its marker."""
    owlrl, marker, sparql = owlrl_and_sparql([sample_path], store, ontology)
    expected_marker = {(URIRef(str(special_graphs(Minter.from_env())["inferred"])), RDF.type,
                        CW.InferredGraph)}
    assert (expected_marker, True, owlrl) == (marker, len(owlrl) > 500, sparql)


@pytest.mark.corpus
def test_dev_records_equal_owlrl(store: Store, ontology: Graph, corpus: Path) -> None:
    """On the 25 dev records of the shared corpus, materialize() equals reason_store (owlrl)."""
    records = corpus / "wilson" / "records"
    owlrl, _, sparql = owlrl_and_sparql([records], store, ontology)
    assert (25, owlrl) == (len(list(records.glob("*.txt"))), sparql)


@pytest.mark.slow
def test_heldout_records_equal_owlrl(store: Store, ontology: Graph) -> None:
    """On the 20 held-out records, materialize() equals reason_store (owlrl)."""
    owlrl, _, sparql = owlrl_and_sparql([HELDOUT], store, ontology)
    assert (20, owlrl) == (len(list(HELDOUT.glob("*.txt"))), sparql)


# --- equality with owlrl on random graphs ---------------------------------------------------

_OBJECT_PROPERTIES = [CW.sender, CW.author, CW.addressee, CW.transmits, CW.transmittedVia, CW.sent,
                      CW.authored, CW.relayedBy, CW.intendedFor, CW.wroteTo, CW.wroteAsAuthorTo,
                      CW.correspondedWith, CW.participant, CW.mentions, CW.placeSent,
                      CW.hasTransmissionEvent, CW.pseudonymOf, OWL.sameAs]
_NODES = [MSG.m0, MSG.m1, MSG.m2, PERSON.a, PERSON.b, PERSON.c, BNode("b0"), BNode("b1"),
          WD.Q1, WD.Q2]
_SUBJECTS = _NODES[:8]  # externals only as objects, as in the store (owl:sameAs, cw:placeSent)
_CLASSES = sorted({*load_ontology().subjects(RDF.type, OWL.Class)} - {CW.InferredGraph, CW.SourceGraph}
                  ) + [URIRef("https://schema.org/Person"), OWL.Thing]

_link = st.tuples(st.sampled_from(_SUBJECTS), st.sampled_from(_OBJECT_PROPERTIES), st.sampled_from(_NODES))
_typing = st.tuples(st.sampled_from(_SUBJECTS), st.just(RDF.type), st.sampled_from(_CLASSES))
_value = st.tuples(
    st.sampled_from(_SUBJECTS),
    st.sampled_from([CW.sourceFile, CW.dateSent, CW.cipherNumber, CW.recordId, CW.atLocalTime]),
    st.sampled_from([Literal("f.txt"), Literal("1950-10-09", datatype=XSD.date), Literal("600382/sh")]),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_link, _link, _link, _typing, _value), min_size=1, max_size=14))
def test_random_graphs_equal_owlrl(triples: list[tuple]) -> None:
    """On random message/person graphs, materialize() equals kg.reason.reference.infer (owlrl)."""
    ontology = load_ontology()
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    assert set(infer(graph, ontology)) == sparql_infer(graph, ontology)


# --- named behaviours ----------------------------------------------------------------------

CARRIER_TTL = """
@prefix cw:     <https://w3id.org/cwkg/ontology#> .
@prefix msg:    <https://w3id.org/cwkg/id/message/> .
@prefix person: <https://w3id.org/cwkg/id/person/> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
msg:t a cw:CipheredTelegram ; cw:sender person:shtykov ; cw:addressee person:stalin ;
    cw:transmits msg:t-letter ; cw:placeSent <https://www.geonames.org/1871859> .
msg:t-letter a cw:Letter ; cw:author person:kim-il-sung ; cw:addressee person:stalin .
person:stalin a cw:Person ; owl:sameAs <http://www.wikidata.org/entity/Q855> .
person:old-kim owl:sameAs person:kim-il-sung .
"""


def test_carrier_example_equals_owlrl(ontology: Graph) -> None:
    """A carrier telegram with a letter, an author chain and both kinds of owl:sameAs: owlrl's triples."""
    graph = Graph().parse(data=CARRIER_TTL, format="turtle")
    assert set(infer(graph, ontology)) == sparql_infer(graph, ontology)


def test_no_triple_about_external_iris(ontology: Graph) -> None:
    """A Wikidata entity or a place IRI in object position is never the subject of an inferred triple."""
    graph = Graph().parse(data=CARRIER_TTL, format="turtle")
    subjects = {s for s, _, _ in sparql_infer(graph, ontology)}
    assert set() == {s for s in subjects if isinstance(s, Literal) or not str(s).startswith(str(ID))}


def test_external_sameas_is_not_smushed(ontology: Graph) -> None:
    """person:stalin owl:sameAs wd:Q855 copies nothing onto or towards the Wikidata IRI."""
    graph = Graph().parse(data=CARRIER_TTL, format="turtle")
    assert set() == {t for t in sparql_infer(graph, ontology) if WD.Q855 in t}


def test_internal_sameas_is_smushed(ontology: Graph) -> None:
    """owl:sameAs between two instance IRIs copies the author chain onto the retired IRI."""
    graph = Graph().parse(data=CARRIER_TTL, format="turtle")
    assert True is ((PERSON["old-kim"], CW.wroteTo, PERSON.stalin) in sparql_infer(graph, ontology))


def test_running_twice_gives_the_same_graph(store: Store, ontology: Graph, sample_path: Path) -> None:
    """materialize() reaches a fixed point: a second run over the same store writes the same graph."""
    assert [] == build([sample_path], store).errors
    minter = Minter.from_env()
    graphs = special_graphs(minter)
    runs = []
    for _ in range(2):
        count = materialize(store, ontology, source_graphs(store), [str(graphs["authority"])],
                            str(graphs["inferred"]), instance_base=minter.base + "id/")
        runs.append((count, set(store.graph(graphs["inferred"]))))
    assert (runs[0], True) == (runs[1], runs[0][0] == len(runs[0][1]) > 500)


def test_only_the_inferred_graph_changes(ontology: Graph) -> None:
    """materialize() leaves the source graph alone and no scratch graph behind."""
    graph = Graph().parse(data=CARRIER_TTL, format="turtle")
    store = load(graph)
    materialize(store, ontology, [DOC], [], INFERRED)
    assert ([DOC, INFERRED], set(graph)) == (store.graphs(), set(store.graph(DOC)))


def test_inferred_triples_are_never_asserted(ontology: Graph) -> None:
    """A triple already in a source or extra graph is not repeated in the inferred graph."""
    data = Graph().parse(data=CARRIER_TTL, format="turtle")
    extra = Graph()
    extra.add((PERSON.stalin, RDF.type, CW.Agent))
    store = load(data)
    store.replace_graph("urn:x-test:authority", extra)
    materialize(store, ontology, [DOC], ["urn:x-test:authority"], INFERRED)
    inferred = set(store.graph(INFERRED))
    assert (set(), set()) == (inferred & set(data), inferred & set(extra))


CHAIN3_TTL = """
@prefix ex:  <https://example.org/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:p a owl:ObjectProperty . ex:q a owl:ObjectProperty . ex:r a owl:ObjectProperty .
ex:pqr a owl:ObjectProperty ; owl:propertyChainAxiom ( ex:p ex:q ex:r ) ; rdfs:range ex:End .
ex:End rdfs:subClassOf ex:Node .
"""


def test_chain_of_three_links_equals_owlrl() -> None:
    """A property chain of length 3 is compiled into a three-way join and gives owlrl's triples."""
    ontology = Graph().parse(data=CHAIN3_TTL, format="turtle")
    data = Graph()
    for s, p, o in [("a", "p", "b"), ("b", "q", "c"), ("c", "r", "d"), ("c", "r", "e"), ("b", "q", "x")]:
        data.add((ID[s], EX[p], ID[o]))
    expected = {(ID.a, EX.pqr, ID.d), (ID.a, EX.pqr, ID.e), (ID.d, RDF.type, EX.End),
                (ID.e, RDF.type, EX.End), (ID.d, RDF.type, EX.Node), (ID.e, RDF.type, EX.Node)}
    assert (expected, expected) == (set(infer(data, ontology)), sparql_infer(data, ontology))


def test_rules_are_single_inserts_into_the_target(ontology: Graph) -> None:
    """Every compiled rule is one INSERT into GRAPH <target> reading the USING graphs."""
    rules = compile_rules(ontology, target="urn:x:t", reads=["urn:x:a", "urn:x:t"])
    shapes = {(r.count("INSERT"), "INSERT { GRAPH <urn:x:t> {" in r, "USING <urn:x:a> USING <urn:x:t>" in r)
              for r in rules}
    assert {(1, True, True)} == shapes


def test_unsupported_axiom_is_refused() -> None:
    """An axiom no compiled rule covers (a functional property) raises instead of giving fewer triples."""
    ontology = Graph().parse(format="turtle", data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://example.org/ontology#p> a owl:FunctionalProperty .""")
    with pytest.raises(UnsupportedAxiomError, match="FunctionalProperty"):
        compile_rules(ontology)
