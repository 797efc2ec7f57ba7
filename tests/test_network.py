"""Network layers read from the graph (kg.network.layers): the sample's letters, relays and copies."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.errors import NetworkError
from kg.network import build_network, find_agent
from kg.network.paths import ego_network, relay_paths
from kg.pipeline import build
from kg.store import Store

ID = "https://w3id.org/cwkg/id/"
KIM, STALIN, SHTYKOV = ID + "person/kim-il-sung", ID + "person/stalin", ID + "person/shtykov"
TELEGRAM, LETTER = ID + "message/wilson-112696", ID + "message/wilson-112696-letter"
POLITBURO = {"stalin": 2, "molotov": 1, "malenkov": 1, "beria": 1, "mikoyan": 1,
             "kaganovich": 1, "bulganin": 1}


@pytest.fixture(scope="module")
def network(built_store: Store) -> nx.MultiDiGraph:
    """The sample's network, all four layers."""
    return build_network(built_store)


def _pairs(graph: nx.MultiDiGraph, layer: str) -> set[tuple[str, str]]:
    return {(u, v) for u, v, d in graph.edges(data=True) if d["layer"] == layer}


def test_authorial_layer_has_kim_to_stalin(network: nx.MultiDiGraph) -> None:
    """Kim Il Sung wrote to Stalin (the letter) and Shtykov wrote to Stalin (the telegram)."""
    assert {(KIM, STALIN), (SHTYKOV, STALIN)} == _pairs(network, "authorial")


def test_transmission_layer_is_kim_shtykov_stalin(network: nx.MultiDiGraph) -> None:
    """The letter inside Shtykov's telegram goes Kim -> Shtykov -> Stalin, via Shtykov."""
    edges = sorted((u, v, d["message"], d["via"]) for u, v, d in network.edges(data=True)
                   if d["layer"] == "transmission")
    assert [(KIM, SHTYKOV, LETTER, SHTYKOV), (SHTYKOV, STALIN, LETTER, SHTYKOV)] == edges


def test_circulation_layer_weights_copies(network: nx.MultiDiGraph) -> None:
    """Shtykov's telegram went to the seven Politburo members; Stalin got two copies."""
    weights = {v.rsplit("/", 1)[-1]: d["weight"] for u, v, d in network.edges(data=True)
               if d["layer"] == "circulation" and u == SHTYKOV}
    assert POLITBURO == weights


def test_edges_keep_the_message_date_kind_and_title(network: nx.MultiDiGraph) -> None:
    """An edge carries the message IRI, its date, its most specific class and its title."""
    data = network.edges[SHTYKOV, STALIN, f"authorial:{TELEGRAM}"]
    assert ("authorial", TELEGRAM, "1950-10-09", "CipheredTelegram", 1, "",
            "Telegram from Kim Il Sung to Stalin (via Shitykov)") == (
        data["layer"], data["message"], data["date"], data["kind"], data["weight"], data["via"],
        data["title"])


def test_embedded_letter_takes_its_carriers_date(network: nx.MultiDiGraph) -> None:
    """The letter has no date of its own: its edges are dated by the telegram that carried it."""
    data = network.edges[KIM, STALIN, f"authorial:{LETTER}"]
    assert ("1950-10-09", "Letter") == (data["date"], data["kind"])


def test_edge_keys_are_unique_with_a_suffix(network: nx.MultiDiGraph) -> None:
    """Seven circulation edges of one telegram get keys circulation:M, circulation:M#2 ..."""
    keys = sorted(k for _, _, k, d in network.edges(keys=True, data=True)
                  if d["layer"] == "circulation")
    assert [f"circulation:{TELEGRAM}"] + [f"circulation:{TELEGRAM}#{i}" for i in range(2, 8)] == keys
    assert len({k for _, _, k in network.edges(keys=True)}) == network.number_of_edges()


def test_nodes_have_label_kind_country_iri(network: nx.MultiDiGraph) -> None:
    """Nodes are keyed by IRI with the preferred name, person/organization, country, IRI."""
    node = network.nodes[STALIN]
    assert ("Joseph Stalin", "person", STALIN) == (node["label"], node["kind"], node["iri"])
    assert node["country"] in ("", "http://www.wikidata.org/entity/Q15180")


def test_graph_attributes_record_layers_and_range(built_store: Store) -> None:
    """The graph says which layers and dates it was built from."""
    g = build_network(built_store, ["circulation"], start="1950-10", end="1950")
    assert (("circulation",), "1950-10", "1950", 7) == (
        g.graph["layers"], g.graph["start"], g.graph["end"], g.number_of_edges())


@pytest.mark.parametrize(("start", "end", "edges"), [
    ("1950-10-09", "1950-10-09", 11), ("1950-10-10", None, 0), (None, "1950-10-08", 0),
    ("1950", "1950", 11), ("1949", "1950-09", 0)])
def test_date_range_is_inclusive(built_store: Store, start: str | None, end: str | None,
                                 edges: int) -> None:
    """--from/--to keep edges whose date lies in the range, both ends included."""
    assert edges == build_network(built_store, start=start, end=end).number_of_edges()


def test_partial_dates_are_kept_only_when_inside_the_range() -> None:
    """A month-only date is in a range only if the whole month is."""
    from kg.network.layers import _in_range

    assert (True, False, True, False) == (
        _in_range("1950-10", "1950-10-01", "1950-10-31"), _in_range("1950-10", "1950-10-09", None),
        _in_range("1950-10-09", None, None), _in_range("", "1950-01-01", None))


def test_unknown_layer_is_an_error(built_store: Store) -> None:
    """A layer that does not exist is named in the error."""
    with pytest.raises(NetworkError, match="unknown layer letters"):
        build_network(built_store, ["letters"])


def test_find_agent_by_name_key_or_iri(network: nx.MultiDiGraph) -> None:
    """A name, a unique part of one, a prefixed key or the IRI pick out one agent."""
    assert [STALIN] * 4 == [find_agent(network, q) for q in
                            ("Joseph Stalin", "stalin", "person:stalin", STALIN)]


def test_find_agent_ambiguous_or_missing(network: nx.MultiDiGraph) -> None:
    """A name matching several agents, or none, is an error saying so."""
    with pytest.raises(NetworkError, match="matches"):
        find_agent(network, "o")
    with pytest.raises(NetworkError, match="no agent"):
        find_agent(network, "Truman")


def test_relay_path_kim_to_stalin(network: nx.MultiDiGraph) -> None:
    """How did Kim's letter reach Stalin? Through Shtykov, on the transmission layer."""
    paths = relay_paths(network, KIM, STALIN, layers=["transmission"])
    assert [[(KIM, SHTYKOV, [LETTER]), (SHTYKOV, STALIN, [LETTER])]] == [
        [(h["source"], h["target"], [m["message"] for m in h["messages"]]) for h in p]
        for p in paths]


def test_no_relay_path_backwards(network: nx.MultiDiGraph) -> None:
    """Nothing went from Stalin to Kim."""
    assert [] == relay_paths(network, STALIN, KIM)


def test_ego_network_of_kim(network: nx.MultiDiGraph) -> None:
    """Kim's ego network holds Kim, Stalin and Shtykov and the edges among them."""
    ego = ego_network(network, KIM)
    assert ({KIM, STALIN, SHTYKOV}, KIM) == (set(ego), ego.graph["center"])


def test_empty_store_gives_an_empty_network(tmp_path: Path) -> None:
    """A store without messages gives a graph with no nodes, not an error."""
    assert 0 == build_network(Store(tmp_path / "empty")).number_of_nodes()


@pytest.mark.corpus
def test_frus_office_layer_links_posts_to_holders(corpus: Path, tmp_path: Path) -> None:
    """In the Kennedy-Khrushchev volume the Department of State -> Rusk is an office edge,
    and a telegram with two authors (Kennedy and Rusk) gives no sender-side office edge."""
    store = Store(tmp_path / "store")
    assert [] == build([corpus / "frus" / "frus1961-63v06.xml"], store, provenance=False).errors
    g = build_network(store, ["office"])
    dos, rusk = ID + "org/us-department-of-state", ID + "person/dean-rusk"
    d107 = ID + "message/frus1961-63v06-d107"
    offices = {(u, v) for u, v in g.edges()}
    senders_107 = [(u, v) for u, v, d in g.edges(data=True) if d["message"] == d107 and u == dos]
    assert (True, []) == ((dos, rusk) in offices, senders_107)
    assert {"organization"} == {g.nodes[u]["kind"] for u, _ in offices}
    assert {"person"} == {g.nodes[v]["kind"] for _, v in offices}
