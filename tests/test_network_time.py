"""Time slices, transmission latency and measures written back as RDF observations."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from rdflib import XSD

from kg.errors import NetworkError
from kg.iris import Minter
from kg.namespace import CW
from kg.network import build_network, node_measures
from kg.network.latency import channel_latency, transmission_times
from kg.network.observations import (
    network_digest,
    observations_graph,
    read_observations,
    write_observations,
)
from kg.network.slices import slice_measures, time_slices
from kg.pipeline import special_graphs
from kg.query.engine import run_query
from kg.store import Store

ID = "https://w3id.org/cwkg/id/"
STALIN, SHTYKOV = ID + "person/stalin", ID + "person/shtykov"


def _dated(*edges: tuple[str, str, str]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(layers=("authorial",))
    for i, (u, v, date) in enumerate(edges):
        g.add_edge(u, v, key=f"authorial:m{i}", layer="authorial", message=f"m{i}", date=date,
                   weight=1)
    return g


def test_month_slices_run_without_gaps() -> None:
    """Months from the first to the last dated edge, empty ones included; year-only dates
    are left out of month slices and counted."""
    g = _dated(("a", "b", "1950-10-09"), ("b", "c", "1951-01"), ("a", "c", "1950"))
    slices = time_slices(g, "month")
    assert (["1950-10-01", "1950-11-01", "1950-12-01", "1951-01-01"], [1, 0, 0, 1], 1) == (
        [s for s, _, _ in slices], [h.number_of_edges() for _, _, h in slices],
        slices[0][2].graph["undated"])


def test_year_slices_take_year_only_dates() -> None:
    """By year, a telegram dated only 1950 is in 1950."""
    g = _dated(("a", "b", "1950-10-09"), ("a", "c", "1950"), ("b", "c", "1952-02-01"))
    assert [("1950-01-01", "1950-12-31", 2), ("1951-01-01", "1951-12-31", 0),
            ("1952-01-01", "1952-12-31", 1)] == [
        (s, e, h.number_of_edges()) for s, e, h in time_slices(g, "year")]


def test_rolling_window_of_three_months() -> None:
    """A three-month window moves one month at a time and holds three months of edges."""
    g = _dated(*[("a", "b", f"1950-{m:02d}-01") for m in range(1, 6)])
    assert [("1950-01-01", "1950-03-31", 3), ("1950-02-01", "1950-04-30", 3),
            ("1950-03-01", "1950-05-31", 3)] == [
        (s, e, h.number_of_edges()) for s, e, h in time_slices(g, "month", window=3)]


def test_person_series_per_month() -> None:
    """A person's measures month by month: zeros in months they wrote nothing."""
    g = _dated(("a", "b", "1950-10-09"), ("a", "c", "1950-10-20"), ("c", "a", "1950-12-01"))
    rows = slice_measures(g, "month", person="a")
    assert [("1950-10-01", 2, 0), ("1950-11-01", 0, 0), ("1950-12-01", 0, 1)] == [
        (r["start"], r["out_degree"], r["in_degree"]) for r in rows]


def test_stalins_month_on_the_sample(built_store: Store) -> None:
    """On the sample, October 1950 is the only month, and Stalin's in-degree there is 4."""
    rows = slice_measures(build_network(built_store), "month", person=STALIN)
    assert [("1950-10-01", "1950-10-31", 4)] == [(r["start"], r["end"], r["in_degree"])
                                                 for r in rows]


def test_slicing_by_week_is_an_error() -> None:
    """Only months and years are slices."""
    with pytest.raises(NetworkError, match="cannot slice by"):
        time_slices(_dated(), "week")


def test_latency_of_the_sample_telegram(built_store: Store) -> None:
    """Sent 7:05, received 9:38, deciphered 10:45: 153 and 67 minutes, 220 in all."""
    rows = transmission_times(built_store)
    row = next(r for r in rows if r["message"] == ID + "message/wilson-112696")
    assert ((SHTYKOV, STALIN, "wire"), 153.0, 67.0, 220.0) == (
        (row["sender"], row["addressee"], row["medium"]), row["sent->received"],
        row["received->deciphered"], row["sent->deciphered"])


def test_channel_latency_shtykov_to_stalin(built_store: Store) -> None:
    """The channel Shtykov -> Stalin has one telegram with a median of 153 minutes to receipt."""
    channels = channel_latency(transmission_times(built_store))
    shtykov = next(c for c in channels if (c["sender"], c["addressee"]) == (SHTYKOV, STALIN))
    assert (1, {"n": 1, "median": 153.0, "min": 153.0, "max": 153.0}) == (
        shtykov["messages"], shtykov["sent->received"])


def test_observations_round_trip_through_sparql(built_store: Store, tmp_path: Path) -> None:
    """Measures written to the measures graph come back by SPARQL with the same values."""
    graph = build_network(built_store)
    rows = node_measures(graph)
    obs = observations_graph(rows, layers=graph.graph["layers"], digest=network_digest(graph),
                             parameters={"seed": 1950})
    store = Store(tmp_path / "obs")
    iri = special_graphs(Minter())["measures"]
    write_observations(store, iri, obs)
    back = {(r["agent"], r["measure"]): r["value"] for r in read_observations(store, iri)}
    stalin = next(r for r in rows if r["iri"] == STALIN)
    assert (stalin["pagerank"], stalin["in_degree"], 0) == (
        back[(STALIN, "pagerank")], back[(STALIN, "in_degree")],
        back[(SHTYKOV, "brokerage_liaison")])
    assert len(rows) * 13 == len(back)


def test_observations_query_by_slice(built_store: Store, tmp_path: Path) -> None:
    """Sliced observations carry their slice and layers and answer a plain SPARQL query."""
    graph = build_network(built_store, ["authorial"])
    rows = slice_measures(graph, "month", person=STALIN)
    store = Store(tmp_path / "obs")
    write_observations(store, Minter().graph("measures"), observations_graph(
        rows, layers=["authorial"], digest=network_digest(graph)))
    q = """SELECT ?start ?v ?layer ?algorithm WHERE { ?o a cw:MeasureObservation ;
             cw:measuredAgent person:stalin ; cw:measure "in_degree" ; cw:measureValue ?v ;
             cw:sliceStart ?start ; cw:layer ?layer ; prov:wasGeneratedBy/cw:algorithm ?algorithm }"""
    got = [(r["start"].value, r["start"].datatype.value, r["v"].value, r["layer"].value)
           for r in run_query(store, q).rows]
    assert [("1950-10-01", str(XSD.date), "2", "authorial")] == got


def test_observations_are_deterministic(built_store: Store) -> None:
    """The same measures give the same IRIs and triples twice."""
    graph = build_network(built_store)
    rows = node_measures(graph)

    def make():
        return observations_graph(rows, layers=graph.graph["layers"],
                                  digest=network_digest(graph))

    first, second = make(), make()
    assert (set(first), True) == (set(second), (None, None, CW.NetworkAnalysis) in first)
