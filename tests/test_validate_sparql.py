"""kg.validate.sparql: the shapes compiled to SPARQL give exactly pySHACL's results.

pySHACL (kg.validate.reference.validate, with the ontology as ont_graph) is the reference; every
test compares the full issue sets (severity, focus, path, component, shape, message, value).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.iris import Minter
from kg.namespace import CW
from kg.pipeline import build, source_graphs, special_graphs, validate_store
from kg.store import Store
from kg.validate.reference import ValidationResult, load_ontology, load_shapes, validate
from kg.validate.sparql import compile_shapes, validate_store_sparql

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "wilson" / "112696.txt"
HELDOUT = FIXTURES / "wilson-heldout" / "records"
GRAPH = "https://w3id.org/cwkg/id/graph/test"
KEYS = (SH.focusNode, SH.resultPath, SH.resultSeverity, SH.sourceConstraintComponent, SH.sourceShape,
        SH.value)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The cw: ontology, parsed once."""
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The shapes graph, parsed once."""
    return load_shapes()


def _keys(result: ValidationResult) -> set[tuple]:
    """(focus, path, severity, component, shape, value, messages) of every sh:result in the report."""
    report = result.report
    return {
        (*(report.value(r, k) for k in KEYS), frozenset(str(m) for m in report.objects(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def _store_graphs(store: Store) -> list[str]:
    return [*source_graphs(store), str(special_graphs(Minter())["authority"])]


@pytest.mark.parametrize(
    "path", sorted((FIXTURES / "invalid").glob("*.ttl")) + [FIXTURES / "valid-minimal.ttl"], ids=lambda p: p.stem
)
def test_fixture_issues_equal_pyshacl(path: Path, shapes: Graph, ontology: Graph) -> None:
    """Every invalid fixture and the valid one: the SPARQL issues are pySHACL's, messages included."""
    data = Graph().parse(path, format="turtle")
    store = Store(None)
    store.replace_graph(GRAPH, data)
    expected = validate(data, shapes=shapes, ontology=ontology)
    actual = validate_store_sparql(store, [GRAPH], shapes=shapes, ontology=ontology)
    assert set(expected.issues) == set(actual.issues)
    assert expected.conforms == actual.conforms


@pytest.mark.parametrize("stem", ["distribution-total-mismatch", "entry-copycount-string"])
def test_report_graph_has_pyshacl_result_keys(stem: str, shapes: Graph, ontology: Graph) -> None:
    """The report graph's sh:result nodes carry the same keys and values as pySHACL's."""
    data = Graph().parse(FIXTURES / "invalid" / f"{stem}.ttl", format="turtle")
    store = Store(None)
    store.replace_graph(GRAPH, data)
    expected = validate(data, shapes=shapes, ontology=ontology)
    actual = validate_store_sparql(store, [GRAPH], shapes=shapes, ontology=ontology)
    assert _keys(expected) == _keys(actual)


def test_sample_store_equals_validate_store() -> None:
    """The sample built into a store: the same issues as kg.pipeline.validate_store."""
    store = Store(None)
    build([SAMPLE], store)
    graphs = _store_graphs(store)
    actual = validate_store_sparql(store, graphs)
    expected = validate_store(store, engine="pyshacl")
    assert set(expected.issues) == set(actual.issues)


def _equal_on_folder(folder: Path) -> None:
    store = Store(None)
    report = build([folder], store, provenance=False)
    assert report.built
    graphs = _store_graphs(store)
    expected = validate(store.merged(graphs), ontology=load_ontology())
    actual = validate_store_sparql(store, graphs)
    assert set(expected.issues) == set(actual.issues)


@pytest.mark.corpus
def test_dev_corpus_equals_pyshacl(corpus: Path) -> None:
    """All 25 dev records of the shared corpus: the same issues as pySHACL."""
    _equal_on_folder(corpus / "wilson" / "records")


def test_heldout_records_equal_pyshacl() -> None:
    """The 20 held-out records: the same issues as pySHACL."""
    _equal_on_folder(HELDOUT)


# --- property test: mutations of the sample graph --------------------------------------------
@pytest.fixture(scope="module")
def sample_graph() -> Graph:
    """The sample's source graph plus the authority graph, as one rdflib graph."""
    store = Store(None)
    build([SAMPLE], store, provenance=False)
    return store.merged(_store_graphs(store))


_TYPES = [CW.Letter, CW.CipheredTelegram, CW.Person, CW.Organization, CW.Archive, CW.ArchivalCopy,
          CW.DistributionEntry, CW.Request, CW.RequestedItem, CW.Pseudonym, CW.Sending]
_DATES = [Literal("1950-10-10", datatype=XSD.date), Literal("1950-11", datatype=XSD.gYearMonth),
          Literal("1951", datatype=XSD.gYear), Literal("10 October 1950"),
          Literal("1950-13-40", datatype=XSD.date), Literal("1950-10-09T07:05:00", datatype=XSD.dateTime)]
_COUNTS = st.one_of(
    st.integers(min_value=-1000, max_value=10**6).map(Literal),
    st.text(max_size=6).map(Literal),
    st.sampled_from(["7", "-2", "+3"]).map(lambda s: Literal(s, datatype=XSD.integer)),
)
_MUTATION = st.one_of(
    st.tuples(st.just("drop"), st.integers(min_value=0)),
    st.tuples(st.just("date"), st.sampled_from(_DATES)),
    st.tuples(st.just("count"), st.integers(min_value=0), _COUNTS),
    st.tuples(st.just("type"), st.integers(min_value=0), st.sampled_from(_TYPES)),
)


def _mutate(graph: Graph, mutations: list[tuple]) -> Graph:
    g = Graph()
    for t in graph:
        g.add(t)
    for m in mutations:
        triples = sorted(g)
        if m[0] == "drop" and triples:
            g.remove(triples[m[1] % len(triples)])
        elif m[0] == "date":
            for s in sorted(set(g.subjects(CW.dateSent, None))):
                g.add((s, CW.dateSent, m[1]))
        elif m[0] == "count":
            entries = sorted(set(g.subjects(CW.copyCount, None)))
            if entries:
                e = entries[m[1] % len(entries)]
                g.set((e, CW.copyCount, m[2]))
        elif m[0] == "type":
            typed = sorted({s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)})
            if typed:
                s = typed[m[1] % len(typed)]
                g.remove((s, RDF.type, None))
                g.add((s, RDF.type, m[2]))
    return g


@pytest.mark.slow
@settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(_MUTATION, min_size=1, max_size=6))
def test_mutated_sample_equals_pyshacl(mutations: list[tuple], sample_graph: Graph, shapes: Graph,
                                       ontology: Graph) -> None:
    """Dropped triples, extra dates, odd copy counts and swapped types: still pySHACL's issues."""
    data = _mutate(sample_graph, mutations)
    store = Store(None)
    store.replace_graph(GRAPH, data)
    expected = validate(store.merged([GRAPH]), shapes=shapes, ontology=ontology)
    actual = validate_store_sparql(store, [GRAPH], shapes=shapes, ontology=ontology)
    assert set(expected.issues) == set(actual.issues)


def test_ill_typed_count_crashes_pyshacl_but_not_sparql(sample_graph: Graph, shapes: Graph,
                                                       ontology: Graph) -> None:
    """Regression: "abc"^^xsd:integer makes pySHACL's SUM raise TypeError; SPARQL reports it."""
    data = _mutate(sample_graph, [("count", 0, Literal("abc", datatype=XSD.integer))])
    store = Store(None)
    store.replace_graph(GRAPH, data)
    with pytest.raises(TypeError):
        validate(store.merged([GRAPH]), shapes=shapes, ontology=ontology)
    actual = validate_store_sparql(store, [GRAPH], shapes=shapes, ontology=ontology)
    assert {"DatatypeConstraintComponent", "MinInclusiveConstraintComponent"} <= {
        i.component.rsplit("#", 1)[-1] for i in actual.issues}


def test_direct_dataset_mode_equals_materialized(shapes: Graph, ontology: Graph) -> None:
    """materialize=False (graphs as the default graph, like FROM) gives the same issues."""
    store = Store(None)
    build([HELDOUT], store, provenance=False)
    graphs = _store_graphs(store)
    expected = validate_store_sparql(store, graphs, shapes=shapes, ontology=ontology)
    actual = validate_store_sparql(store, graphs, shapes=shapes, ontology=ontology, materialize=False)
    assert set(expected.issues) == set(actual.issues)


# --- the compiler refuses what it cannot check -----------------------------------------------
def test_unsupported_constraint_raises_not_implemented(shapes: Graph, ontology: Graph) -> None:
    """A shape with sh:hasValue (not compiled) raises NotImplementedError naming sh:hasValue."""
    extra = Graph()
    for t in shapes:
        extra.add(t)
    shape = URIRef("https://w3id.org/cwkg/shapes#MessageShape-sourceFile")
    extra.add((shape, SH.hasValue, Literal("fixture.txt")))
    with pytest.raises(NotImplementedError, match="hasValue"):
        compile_shapes(extra, ontology)


def test_complex_path_raises_not_implemented(ontology: Graph) -> None:
    """A property shape with a sequence path raises NotImplementedError naming sh:path."""
    g = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ; sh:message "m" ] .
    """, format="turtle")
    with pytest.raises(NotImplementedError, match="sh:path"):
        compile_shapes(g, ontology)


def test_every_repository_shape_compiles(shapes: Graph, ontology: Graph) -> None:
    """Each property shape of shapes/cw-shapes.ttl is the source shape of at least one check."""
    named = {s for s in shapes.subjects(SH.path, None) if str(s).startswith("https://w3id.org/cwkg/shapes#")}
    assert set() == named - {c.shape for c in compile_shapes(shapes, ontology)}
