"""SHACL shapes (shapes/cw-shapes.ttl) and the kg.validate.reference wrapper.

One invalid fixture per shape constraint under ``tests/fixtures/invalid/``;
each is otherwise a minimal valid graph, so the expected results below are the
*only* results it may produce.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from kg.namespace import CW_NS, SHAPES
from kg.validate.reference import ValidationIssue, ValidationResult, load_ontology, load_shapes, validate

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA_NS = "https://schema.org/"
V, W = "Violation", "Warning"

#: fixture stem -> {(severity, shape local name, component local name, path IRI or None)}
EXPECTED: dict[str, set[tuple[str, str, str, str | None]]] = {
    "message-no-sender-or-author": {(V, "MessageShape", "OrConstraintComponent", None)},
    "message-no-addressee": {
        (V, "MessageShape-addressee", "MinCountConstraintComponent", CW_NS + "addressee")
    },
    "message-two-datesent": {(V, "MessageShape-dateSent", "MaxCountConstraintComponent", CW_NS + "dateSent")},
    "message-datesent-plain-string": {
        (V, "MessageShape-dateSent", "OrConstraintComponent", CW_NS + "dateSent")
    },
    "agent-no-preflabel": {(V, "AgentShape-prefLabel", "MinCountConstraintComponent", SKOS_NS + "prefLabel")},
    "agent-two-preflabels": {
        (V, "AgentShape-prefLabel", "MaxCountConstraintComponent", SKOS_NS + "prefLabel")
    },
    "archive-no-abbreviation": {
        (V, "ArchiveShape-abbreviation", "MinCountConstraintComponent", CW_NS + "abbreviation")
    },
    "copy-no-heldby": {(V, "ArchivalCopyShape-heldBy", "MinCountConstraintComponent", CW_NS + "heldBy")},
    "copy-held-by-non-archive": {
        (V, "ArchivalCopyShape-heldBy", "ClassConstraintComponent", CW_NS + "heldBy")
    },
    "copy-no-folios": {(W, "ArchivalCopyLocationShape", "OrConstraintComponent", None)},
    "entry-no-recipient": {
        (
            V,
            "DistributionEntryShape-copyRecipient",
            "MinCountConstraintComponent",
            CW_NS + "copyRecipient",
        )
    },
    "entry-copycount-zero": {
        (
            V,
            "DistributionEntryShape-copyCount",
            "MinInclusiveConstraintComponent",
            CW_NS + "copyCount",
        )
    },
    # A string is not an xsd:integer, and is not comparable with sh:minInclusive 1 either
    # (https://www.w3.org/TR/shacl/#MinInclusiveConstraintComponent): both report.
    "entry-copycount-string": {
        (V, "DistributionEntryShape-copyCount", "DatatypeConstraintComponent", CW_NS + "copyCount"),
        (
            V,
            "DistributionEntryShape-copyCount",
            "MinInclusiveConstraintComponent",
            CW_NS + "copyCount",
        ),
    },
    "request-no-requestedby": {
        (V, "RequestShape-requestedBy", "MinCountConstraintComponent", CW_NS + "requestedBy")
    },
    "item-no-unit": {
        (V, "RequestedItemShape-unitText", "MinCountConstraintComponent", SCHEMA_NS + "unitText")
    },
    "item-min-greater-than-max": {
        (
            V,
            "RequestedItemShape-range",
            "LessThanOrEqualsConstraintComponent",
            SCHEMA_NS + "minValue",
        )
    },
    "item-no-value-no-range": {(V, "RequestedItemShape", "XoneConstraintComponent", None)},
    "event-time-as-date": {
        (
            V,
            "TransmissionEventShape-atLocalTime",
            "DatatypeConstraintComponent",
            CW_NS + "atLocalTime",
        )
    },
    "pseudonym-no-pseudonymof": {
        (V, "PseudonymShape-pseudonymOf", "MinCountConstraintComponent", CW_NS + "pseudonymOf")
    },
    "distribution-total-mismatch": {(W, "DistributionTotalShape", "SPARQLConstraintComponent", None)},
    "distribution-total-no-entries": {(W, "DistributionTotalShape", "SPARQLConstraintComponent", None)},
}


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _summary(result: ValidationResult) -> set[tuple[str, str, str, str | None]]:
    return {(i.severity, _local(i.shape), _local(i.component), i.path) for i in result.issues}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    """The cw: ontology, parsed once."""
    return load_ontology()


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The shapes graph, parsed once."""
    return load_shapes()


def test_every_invalid_fixture_has_an_expectation() -> None:
    """The expectation table and the invalid fixture directory list the same cases."""
    assert sorted(EXPECTED) == sorted(p.stem for p in INVALID.glob("*.ttl"))


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_invalid_fixture_yields_exactly_the_expected_results(
    stem: str, shapes: Graph, ontology: Graph
) -> None:
    """Each invalid fixture produces exactly its declared (severity, shape, component, path) set."""
    data = Graph().parse(INVALID / f"{stem}.ttl", format="turtle")
    result = validate(data, shapes=shapes, ontology=ontology)
    assert EXPECTED[stem] == _summary(result)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_conforms_is_false_exactly_when_a_violation_is_expected(
    stem: str, shapes: Graph, ontology: Graph
) -> None:
    """conforms ignores warnings: it is False only when a Violation is expected."""
    data = Graph().parse(INVALID / f"{stem}.ttl", format="turtle")
    result = validate(data, shapes=shapes, ontology=ontology)
    expected = not any(severity == V for severity, *_ in EXPECTED[stem])
    assert expected == result.conforms


@pytest.mark.parametrize("path", sorted(INVALID.glob("*.ttl")) + [FIXTURES / "valid-minimal.ttl"])
def test_fixture_starts_with_the_testing_notice(path: Path) -> None:
    """Every fixture opens with the 'not archive text' notice and names what it checks."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "# Written for testing coldwar-kg; not archive text." == lines[0]
    assert lines[1].startswith("# ")


def test_valid_minimal_conforms_with_no_issue(shapes: Graph, ontology: Graph) -> None:
    """The valid fixture touches every shape and yields zero results."""
    data = Graph().parse(FIXTURES / "valid-minimal.ttl", format="turtle")
    result = validate(data, shapes=shapes, ontology=ontology)
    assert (True, ()) == (result.conforms, result.issues)


def test_subclass_instances_are_not_targeted_without_the_ontology(shapes: Graph) -> None:
    """Without the ontology a cw:Letter is not a cw:Message target: ont_graph makes it one."""
    data = Graph().parse(INVALID / "message-no-sender-or-author.ttl", format="turtle")
    result = validate(data, shapes=shapes, ontology=Graph())
    assert set() == _summary(result)


def test_warning_message_reports_listed_and_declared_totals(shapes: Graph, ontology: Graph) -> None:
    """The distribution-total warning message states the listed sum and the declared total."""
    data = Graph().parse(INVALID / "distribution-total-mismatch.ttl", format="turtle")
    result = validate(data, shapes=shapes, ontology=ontology)
    assert ["Listed copies (3) differ from the declared total (4)"] == [i.message for i in result.warnings]


def test_distribution_total_fires_only_for_the_mismatching_message(shapes: Graph, ontology: Graph) -> None:
    """With a matching and a mismatching message in one graph, only the mismatch warns."""
    data = Graph().parse(INVALID / "distribution-total-mismatch.ttl", format="turtle")
    data.parse(FIXTURES / "valid-minimal.ttl", format="turtle")
    result = validate(data, shapes=shapes, ontology=ontology)
    assert ["https://w3id.org/cwkg/id/message/m1"] == [i.focus for i in result.issues]


def test_distribution_total_survives_a_non_numeric_count(shapes: Graph, ontology: Graph) -> None:
    """A string copyCount is a Violation of the entry shape, not a crash of the SPARQL sum."""
    data = Graph().parse(INVALID / "distribution-total-mismatch.ttl", format="turtle")
    data.parse(INVALID / "entry-copycount-string.ttl", format="turtle")
    result = validate(data, shapes=shapes, ontology=ontology)
    assert ["Listed copies (3) differ from the declared total (4)"] == [i.message for i in result.warnings]


def test_dataset_quads_are_merged_before_validation(shapes: Graph, ontology: Graph) -> None:
    """A Dataset is validated as the union of its named graphs."""
    ds = Dataset()
    ds.graph(URIRef("https://w3id.org/cwkg/id/graph/a")).parse(
        INVALID / "message-no-addressee.ttl", format="turtle"
    )
    ds.graph(URIRef("https://w3id.org/cwkg/id/graph/b")).parse(
        INVALID / "agent-no-preflabel.ttl", format="turtle"
    )
    result = validate(ds, shapes=shapes, ontology=ontology)
    assert {"MessageShape-addressee", "AgentShape-prefLabel"} == {_local(i.shape) for i in result.issues}


def test_defaults_load_the_repository_shapes_and_ontology() -> None:
    """validate() without shapes/ontology uses shapes/cw-shapes.ttl and ontology/cw.ttl."""
    data = Graph().parse(INVALID / "message-no-sender-or-author.ttl", format="turtle")
    assert EXPECTED["message-no-sender-or-author"] == _summary(validate(data))


def test_issue_fields_are_plain_strings(shapes: Graph, ontology: Graph) -> None:
    """An issue carries IRIs as strings and the offending value in N-Triples form."""
    data = Graph().parse(INVALID / "entry-copycount-zero.ttl", format="turtle")
    (issue,) = validate(data, shapes=shapes, ontology=ontology).issues
    assert (
        ValidationIssue(
            severity="Violation",
            focus="https://w3id.org/cwkg/id/entry/e1",
            path=CW_NS + "copyCount",
            component="http://www.w3.org/ns/shacl#MinInclusiveConstraintComponent",
            shape=str(SHAPES) + "DistributionEntryShape-copyCount",
            message="A distribution entry needs exactly one cw:copyCount, an xsd:integer >= 1",
            value='"0"^^<http://www.w3.org/2001/XMLSchema#integer>',
        )
        == issue
    )


def test_text_report_uses_prefixed_names(shapes: Graph, ontology: Graph) -> None:
    """The text report has a count heading and prefixed focus, path, value and shape."""
    data = Graph().parse(INVALID / "entry-copycount-zero.ttl", format="turtle")
    text = validate(data, shapes=shapes, ontology=ontology).text()
    assert [
        "SHACL validation: does not conform (1 violation(s), 0 warning(s), 0 info)",
        "",
        "Violation: entry:e1",
        "  path:    cw:copyCount",
        "  message: A distribution entry needs exactly one cw:copyCount, an xsd:integer >= 1",
        '  value:   "0"^^xsd:integer',
        "  shape:   shapes:DistributionEntryShape-copyCount (sh:MinInclusiveConstraintComponent)",
    ] == text.splitlines()


def test_issues_are_sorted_violations_first(shapes: Graph, ontology: Graph) -> None:
    """Issues come sorted by severity (violations before warnings), then focus node."""
    data = Graph().parse(INVALID / "distribution-total-mismatch.ttl", format="turtle")
    data.parse(INVALID / "agent-no-preflabel.ttl", format="turtle")
    result = validate(data, shapes=shapes, ontology=ontology)
    assert [V, W] == [i.severity for i in result.issues]


def test_every_shape_cites_the_shacl_spec_and_has_a_message(shapes: Graph) -> None:
    """Each named shape has an rdfs:comment citing the SHACL spec and an sh:message."""
    from rdflib.namespace import RDFS, SH

    named = {s for s in shapes.subjects() if isinstance(s, URIRef) and s.startswith(str(SHAPES))}
    missing = set()
    for shape in named:
        comment = str(shapes.value(shape, RDFS.comment) or "")
        has_message = shapes.value(shape, SH.message) is not None or any(
            shapes.value(c, SH.message) is not None for c in shapes.objects(shape, SH.sparql)
        )
        if "https://www.w3.org/TR/shacl/#" not in comment or not has_message:
            missing.add(shape)
    assert set() == missing
