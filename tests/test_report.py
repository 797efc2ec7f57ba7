"""``kg report``: one self-contained HTML page with counts, figures and what a historian
should check (SHACL warnings, receipts before sending, unresolved names)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from network_sample import KIM, MOLOTOV, SHTYKOV, STALIN, sample_graph
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg.iris import Minter
from kg.namespace import CW
from kg.pipeline import build, validate_store
from kg.publish.report import (
    counts,
    received_before_sent,
    render_report,
    shacl_warnings,
    timeline_png,
    top_brokers,
    top_correspondents,
    write_report,
)
from kg.store import Store

ID = "https://w3id.org/cwkg/id/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")


def _rows(graph) -> list[dict]:
    """Measure rows as kg.network.measures gives them, made by hand."""
    made = {SHTYKOV: (0.5, {"liaison": 2, "gatekeeper": 1}), STALIN: (0.25, {"coordinator": 1})}
    return [{"iri": n, "label": d["label"], "kind": d["kind"], "country": d["country"],
             "in_degree": 0, "out_degree": 0, "in_strength": 0, "out_strength": 0,
             "pagerank": 0.1, "betweenness": made.get(n, (0.0, {}))[0], "core": 1,
             "community": 0, "brokerage": made.get(n, (0.0, {}))[1]}
            for n, d in graph.nodes(data=True)]


@pytest.fixture
def validated_sample(sample_path, store) -> Store:
    """The sample record built and validated into a fresh store (it has one warning)."""
    build([sample_path], store, now=datetime(2026, 1, 1, tzinfo=UTC))
    validate_store(store)
    return store


@pytest.fixture
def odd_store(store) -> Store:
    """A store with one telegram received (9:00) before it was sent (10:00), and one name
    that no authority table knows."""
    g = Graph()
    graph_iri = URIRef(f"{ID}graph/test-odd")
    m, s, r = URIRef(f"{ID}message/test-odd"), URIRef(f"{ID}event/s"), URIRef(f"{ID}event/r")
    who = URIRef(f"{ID}person/comrade-x")
    g.add((graph_iri, RDF.type, CW.SourceGraph))
    g.add((m, RDF.type, CW.Telegram))
    g.add((m, CW.dateSent, Literal("1950-10-09", datatype=XSD_DATE)))
    g.add((m, CW.sender, who))
    for event, cls, time in ((s, CW.Sending, "10:00"), (r, CW.Receipt, "09:00")):
        g.add((m, CW.hasTransmissionEvent, event))
        g.add((event, RDF.type, cls))
        g.add((event, CW.atLocalTime, Literal(f"1950-10-09T{time}:00", datatype=XSD_DATETIME)))
    g.add((r, CW.asPrinted, Literal("Received 10/09/50 at 9:00 a.m.")))
    g.add((who, RDF.type, CW.Person))
    g.add((who, RDFS.label, Literal("Comrade X <unknown>")))  # as kg.mapping.mapper mints it
    store.replace_graph(graph_iri, g)
    return store


def test_counts_messages_agents_and_edges_per_layer():
    """Counts are distinct messages, agents by kind, and edges per layer."""
    assert {"messages": 4, "agents": 6, "people": 5, "organisations": 1, "edges": 7,
            "edges: authorial": 4, "edges: circulation": 1, "edges: office": 1,
            "edges: transmission": 1} == counts(sample_graph())


def test_top_correspondents_count_authorial_messages_sent_and_received():
    """Stalin first (1 sent, 3 received); copies and relays do not count as letters."""
    rows = top_correspondents(sample_graph())
    assert ("Joseph Stalin", 1, 3) == (rows[0]["label"], rows[0]["sent"], rows[0]["received"])
    assert MOLOTOV not in {r["iri"] for r in rows}


def test_top_brokers_rank_by_betweenness_and_drop_zeros():
    """Only agents that broker at all, highest betweenness first."""
    assert [SHTYKOV, STALIN] == [r["iri"] for r in top_brokers(_rows(sample_graph()))]


def test_timeline_is_a_png_and_none_without_months():
    """The timeline is a PNG; a network with no month gives no chart."""
    assert b"\x89PNG" == timeline_png(sample_graph())[:4]
    g = sample_graph()
    for _, _, d in g.edges(data=True):
        d["date"] = ""
    assert timeline_png(g) is None


def test_shacl_warnings_come_from_the_validation_graph(validated_sample):
    """The copy-count warning of the sample is read back with its message and shape."""
    warnings = shacl_warnings(validated_sample)
    assert [("Listed copies (8) differ from the declared total (11)", "DistributionTotalShape",
             "Telegram from Kim Il Sung to Stalin (via Shitykov)")] == [
        (w["message"], w["shape"], w["name"]) for w in warnings]
    other = str(Minter.from_env().graph("no-such-graph"))
    assert [] == shacl_warnings(validated_sample, other)


def test_received_before_sent_is_found(odd_store):
    """A receipt at 9:00 of a telegram sent at 10:00 is listed (and not against its date,
    the same day)."""
    rows = received_before_sent(odd_store)
    assert [(f"{ID}message/test-odd", "1950-10-09T10:00:00", "1950-10-09T09:00:00")] == [
        (r["message"], r["sent"], r["received"]) for r in rows]


def test_the_sample_was_not_received_before_it_was_sent(validated_sample):
    """The sample telegram (sent 7:05, arrived 9:45, received 9:38) is not listed."""
    assert [] == received_before_sent(validated_sample)


def test_report_is_one_self_contained_page(validated_sample, tmp_path):
    """All sections are there, the figures are embedded PNGs and nothing is loaded from
    elsewhere (no src/href to http, no stylesheet or script files)."""
    graph = sample_graph()
    path = write_report(tmp_path / "report.html", store=validated_sample, graph=graph,
                        measures=_rows(graph), title="Sample & report")
    text = path.read_text(encoding="utf-8")
    for heading in ("Counts", "Messages per month", "Top correspondents", "Top brokers",
                    "Network", "SHACL warnings (1)", "Received before sent (0)",
                    "Unresolved names (0)"):
        assert heading in text
    assert 2 == len(re.findall(r"src='data:image/png;base64,", text))
    assert [] == re.findall(r"src\s*=\s*['\"]?https?:", text)
    assert [] == re.findall(r"<link|<script", text)
    assert "<title>Sample &amp; report</title>" in text
    assert 'Mao Zedong &quot;Chairman&quot; &amp; Co' in text
    assert "gatekeeper 1, liaison 2" in text
    assert "1 message(s) dated by year only" in text


def test_report_lists_receipts_before_sending_and_unresolved_names(odd_store):
    """The odd store's telegram and its unknown sender show up, escaped."""
    text = render_report(store=odd_store, graph=sample_graph(), measures=[])
    assert "Received before sent (1)" in text
    assert "Received 10/09/50 at 9:00 a.m." in text
    assert "Unresolved names (1)" in text
    assert "Comrade X &lt;unknown&gt;" in text
    assert "Nobody stands between others" in text
    assert KIM in text
