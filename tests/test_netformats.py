"""Network files other tools open: each writer read back by the tool or schema it targets.

GEXF is validated against the GEXF 1.3 RELAX NG grammar and CMIF against the CMIF RelaxNG
schema with ``jing`` (vendored under ``tests/schemas/``, see its README); GraphML is read
by igraph. The jing tests are ``external``: skipped when jing is missing, failed in CI.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import igraph
import networkx as nx
import pytest
from lxml import etree
from network_sample import CABLE, LETTER, MFA, REPLY, SHTYKOV, STALIN, TELEGRAM, sample_graph

from kg.errors import ExportError
from kg.network.formats import WRITERS, output_paths, render, write_network
from kg.network.formats.cmif import TEI_NS
from kg.network.formats.gexf import GEXF_NS
from kg.network.layers import build_network
from kg.store import Store

SCHEMAS = Path(__file__).parent / "schemas"
GEXF_RNC = SCHEMAS / "gexf-1.3" / "gexf.rnc"
CMIF_RNG = SCHEMAS / "cmif" / "cmi-customization.rng"
TEI = {"t": TEI_NS}
G = {"g": GEXF_NS}


def _missing(reason: str) -> None:
    """Skip for a missing tool; in CI, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so every external checker must be installed)")
    pytest.skip(reason)


def _jing(schema: Path, document: Path, compact: bool = False) -> subprocess.CompletedProcess:
    jing = shutil.which("jing")
    if not jing:
        _missing("jing not installed (apt-get install jing)")
    args = [str(jing), *(["-c"] if compact else []), str(schema), str(document)]
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def store_network(store: Store) -> nx.MultiDiGraph:
    """The store's network, as `kg network` builds it."""
    return build_network(store)


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """The hand-built sample network."""
    return sample_graph()


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_writes_the_sample_and_an_empty_graph(fmt, graph):
    """Every registered writer gives bytes for the sample and for an empty network."""
    assert len(render(graph, fmt)) > 100
    assert len(render(nx.MultiDiGraph(), fmt)) > 50


def test_unknown_format_is_an_export_error(graph, tmp_path):
    """An unknown format name is refused before anything is written."""
    with pytest.raises(ExportError, match="unknown network format"):
        write_network(graph, "dot", tmp_path / "x.dot")
    assert [] == list(tmp_path.iterdir())


def test_graphml_ids_are_nmtokens_and_every_key_is_typed(graph):
    """Nodes are n0.., edges e0..; every key declares attr.type; the IRI is kept as data."""
    root = etree.fromstring(render(graph, "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = [n.get("id") for n in root.iterfind(".//g:node", ns)]
    assert [f"n{i}" for i in range(6)] == ids
    assert {f"e{i}" for i in range(7)} == {e.get("id") for e in root.iterfind(".//g:edge", ns)}
    keys = root.findall("g:key", ns)
    assert all(k.get("attr.type") in ("string", "long", "int") for k in keys)
    assert {"long"} == {k.get("attr.type") for k in keys if k.get("attr.name") == "weight"}
    iris = [d.text for d in root.iterfind(".//g:node/g:data[@key='iri']", ns)]
    assert sorted(str(n) for n in graph.nodes) == iris


def test_graphml_loads_in_igraph_with_the_same_counts(graph, tmp_path):
    """igraph reads the GraphML with as many vertices and edges, directed, attributes kept."""
    path = write_network(graph, "graphml", tmp_path / "net.graphml")[0]
    g = igraph.Graph.Read_GraphML(str(path))
    assert (6, 7, True) == (g.vcount(), g.ecount(), g.is_directed())
    assert sorted(d["label"] for _, d in graph.nodes(data=True)) == sorted(g.vs["label"])
    assert 2 == sum(g.es["weight"][i] for i in range(g.ecount()) if g.es["layer"][i] == "circulation")


def test_graphml_of_the_sample_store_loads_in_igraph(built_store, tmp_path):
    """The sample record's network survives GraphML -> igraph with its counts."""
    network = store_network(built_store)
    path = write_network(network, "graphml", tmp_path / "net.graphml")[0]
    g = igraph.Graph.Read_GraphML(str(path))
    assert (network.number_of_nodes(), network.number_of_edges()) == (g.vcount(), g.ecount())
    assert network.number_of_edges() > 0


def test_gexf_is_dynamic_with_intervals_from_partial_dates(graph):
    """Edges live over their date (a month or year expands to its days), undated edges
    always; a node lives from its first to its last edge, or always if one is undated."""
    root = etree.fromstring(render(graph, "gexf"))
    g = root.find("g:graph", G)
    assert ("1.3", "dynamic", "date", None) == (root.get("version"), g.get("mode"),
                                               g.get("timeformat"), g.get("name"))
    spans = {(e.find("g:attvalues/g:attvalue[@for='message']", G).get("value"),
              e.find("g:attvalues/g:attvalue[@for='layer']", G).get("value")):
             (e.get("start"), e.get("end")) for e in g.iterfind(".//g:edge", G)}
    assert ("1950-10-01", "1950-10-31") == spans[(REPLY, "authorial")]
    assert ("1951-01-01", "1951-12-31") == spans[(CABLE, "authorial")]
    assert (None, None) == spans[(CABLE, "office")]
    labels = {n.get("label"): (n.get("start"), n.get("end")) for n in g.iterfind(".//g:node", G)}
    assert ("1950-10-01", "1951-12-31") == labels["Joseph Stalin"]
    assert (None, None) == labels["USSR Foreign Ministry"]


@pytest.mark.external
def test_gexf_passes_the_gexf_1_3_grammar(graph, tmp_path):
    """The GEXF validates against GEXF 1.3 (gexf.rnc with jing, as gephi/gexf's validate.sh)."""
    path = write_network(graph, "gexf", tmp_path / "net.gexf")[0]
    result = _jing(GEXF_RNC, path, compact=True)
    assert (0, "") == (result.returncode, result.stdout)


@pytest.mark.external
def test_gexf_grammar_rejects_what_networkx_writes(graph, tmp_path):
    """The check has teeth: ``<graph name="">`` (networkx's GEXF writer) is refused."""
    path = write_network(graph, "gexf", tmp_path / "net.gexf")[0]
    path.write_text(path.read_text().replace("<graph ", '<graph name="" ', 1))
    result = _jing(GEXF_RNC, path, compact=True)
    assert 1 == result.returncode
    assert 'attribute "name" not allowed' in result.stdout


@pytest.mark.external
def test_gexf_of_the_sample_store_passes_the_grammar(built_store, tmp_path):
    """The sample record's network, written as GEXF, validates."""
    path = write_network(store_network(built_store), "gexf", tmp_path / "net.gexf")[0]
    result = _jing(GEXF_RNC, path, compact=True)
    assert (0, "") == (result.returncode, result.stdout)


def test_csv_writes_an_edge_table_and_a_node_table(graph, tmp_path):
    """``-o net.csv`` gives net.csv (edges, by label, with dates) and net.nodes.csv."""
    paths = write_network(graph, "csv", tmp_path / "net.csv")
    assert [tmp_path / "net.csv", tmp_path / "net.nodes.csv"] == paths
    assert paths == output_paths("csv", tmp_path / "net.csv")
    rows = list(csv.DictReader(io.StringIO(paths[0].read_text(encoding="utf-8"))))
    assert 7 == len(rows)
    assert {"source": "Joseph Stalin", "target": 'Mao Zedong "Chairman" & Co', "date": "1950-10",
            "layer": "authorial"} == {k: rows[0][k] for k in ("source", "target", "date", "layer")}
    nodes = list(csv.DictReader(io.StringIO(paths[1].read_text(encoding="utf-8"))))
    assert 6 == len(nodes)
    stalin = next(n for n in nodes if n["iri"] == STALIN)
    assert ("Soviet Union", "1", "3") == (stalin["country_name"], stalin["sent"], stalin["received"])


def test_node_link_json_reads_back_into_networkx(graph):
    """networkx rebuilds the multigraph from the JSON: same nodes, edges, keys and dates."""
    data = json.loads(render(graph, "json"))
    back = nx.node_link_graph(data, edges="links")
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (back.number_of_nodes(),
                                                                  back.number_of_edges())
    assert sorted(graph.edges(keys=True)) == sorted(back.edges(keys=True))
    assert "1951" == back.edges[(next(iter(n for n in back if "mao" in n)), STALIN,
                                 f"authorial:{CABLE}")]["date"]


def test_cmif_has_sent_and_received_actions_and_the_relay_as_a_note(graph):
    """One correspDesc per authorial message; sender/addressee by persName or orgName;
    the relay of an embedded letter is a note; @source points at a bibl in the header."""
    root = etree.fromstring(render(graph, "cmif"))
    descs = {d.get("ref"): d for d in root.iterfind(".//t:correspDesc", TEI)}
    assert sorted([TELEGRAM, LETTER, REPLY, CABLE]) == sorted(descs)
    letter = descs[LETTER]
    assert ["Kim Il Sung"] == [p.text for p in letter.iterfind("t:correspAction[@type='sent']/t:persName", TEI)]
    assert ["Joseph Stalin"] == [p.text for p in letter.iterfind("t:correspAction[@type='received']/t:persName", TEI)]
    relay = letter.find("t:note[@type='relay']/t:persName", TEI)
    assert (SHTYKOV, "Terentii Shtykov") == (relay.get("ref"), relay.text)
    assert "1950-10" == descs[REPLY].find("t:correspAction[@type='sent']/t:date", TEI).get("when")
    bibl_ids = {b.get("{http://www.w3.org/XML/1998/namespace}id") for b in root.iterfind(".//t:bibl", TEI)}
    assert {d.get("source")[1:] for d in descs.values()} <= bibl_ids
    assert MFA not in {p.get("ref") for p in root.iterfind(".//t:orgName", TEI)}  # office edges are not letters


@pytest.mark.external
def test_cmif_passes_the_cmif_schema(graph, tmp_path):
    """The CMIF of the sample network validates against cmi-customization.rng."""
    path = write_network(graph, "cmif", tmp_path / "cmif.xml")[0]
    result = _jing(CMIF_RNG, path)
    assert (0, "") == (result.returncode, result.stdout)


@pytest.mark.external
def test_cmif_of_the_sample_store_uses_wikidata_places_and_receipt(built_store, tmp_path):
    """With the store: Wikidata refs (owl:sameAs), place sent, receipt place and day, the
    archive record id as @key; and it validates."""
    path = write_network(store_network(built_store), "cmif", tmp_path / "cmif.xml",
                         store=built_store)[0]
    result = _jing(CMIF_RNG, path)
    assert (0, "") == (result.returncode, result.stdout)
    root = etree.parse(str(path)).getroot()
    desc = root.find(f".//t:correspDesc[@ref='{TELEGRAM}']", TEI)
    assert "112696" == desc.get("key")
    sent = desc.find("t:correspAction[@type='sent']", TEI)
    assert ("Pyongyang", "1950-10-09") == (sent.find("t:placeName", TEI).text,
                                           sent.find("t:date", TEI).get("when"))
    received = desc.find("t:correspAction[@type='received']", TEI)
    assert ("http://www.wikidata.org/entity/Q855", "Moscow", "1950-10-09") == (
        received.find("t:persName", TEI).get("ref"), received.find("t:placeName", TEI).text,
        received.find("t:date", TEI).get("when"))


def test_png_is_a_png_and_says_so_when_empty(graph):
    """The figure is a PNG of a useful size; an empty network still gives a picture."""
    data = render(graph, "png")
    assert b"\x89PNG\r\n\x1a\n" == data[:8]
    assert len(data) > 20_000
    assert b"\x89PNG\r\n\x1a\n" == render(nx.MultiDiGraph(), "png")[:8]


def test_layout_is_the_same_on_every_run(graph):
    """Positions do not depend on random state: two renders of the page are identical."""
    assert render(graph, "html") == render(graph, "html")
