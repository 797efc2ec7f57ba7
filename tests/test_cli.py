"""The `kg` command line: every command, its formats and its exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import cli

WROTE_TO = "SELECT ?a ?b WHERE { ?a cw:wroteTo ?b } ORDER BY ?a"


@pytest.fixture(scope="module")
def store_dir(cli_store_dir: Path) -> Path:
    """A store built, validated and reasoned through the CLI (this module's copy)."""
    return cli_store_dir


def kg(store_dir: Path, *args: str):
    """Run `kg --store STORE ARGS...` in-process."""
    return CliRunner().invoke(cli, ["--store", str(store_dir), *args], catch_exceptions=False)


@pytest.mark.parametrize("command", ["build", "validate", "reason", "query", "queries", "export",
                                     "stats", "network"])
def test_every_command_has_help(command: str) -> None:
    """`kg COMMAND --help` exits 0 and describes the command."""
    result = CliRunner().invoke(cli, [command, "--help"])
    assert 0 == result.exit_code
    assert "Usage: " in result.output and len(result.output.splitlines()) > 4


def test_console_script_runs() -> None:
    """The installed `kg` entry point answers --version."""
    exe = Path(sys.executable).with_name("kg")
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("kg, version ")


def test_build_bad_input_exit_code_3(tmp_path: Path, sample_path: Path) -> None:
    """Empty, binary and title-less files: each named on stderr with its path, sample built,
    exit 3 (some inputs failed; 2 is for a run that failed)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sample_path, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "untitled.txt").write_text("October 9, 1950\n\nCitation:\n\nx\n")
    exe = Path(sys.executable).with_name("kg")
    run = subprocess.run([str(exe), "--store", str(tmp_path / "st"), "build", str(folder)],
                         capture_output=True, text=True)
    assert 3 == run.returncode
    for name, why in (("empty.txt", "empty file"), ("binary.txt", "binary"),
                      ("untitled.txt", "no title")):
        assert any(str(folder / name) in line and why in line
                   for line in run.stderr.splitlines()), run.stderr
    assert "built 1 record(s)" in run.stdout


def test_validate_text_lists_the_warning_and_exits_0(store_dir: Path) -> None:
    """Warnings are listed but do not fail validation."""
    result = kg(store_dir, "validate")
    assert 0 == result.exit_code
    assert "1 warning" in result.output and "Listed copies (8) differ" in result.output


def test_validate_turtle_is_a_shacl_report(store_dir: Path) -> None:
    """--format turtle prints the sh:ValidationReport graph."""
    result = kg(store_dir, "validate", "--format", "turtle")
    g = Graph().parse(data=result.output, format="turtle")
    from rdflib.namespace import SH
    assert 1 == len(list(g.subjects(SH.resultSeverity, SH.Warning)))


def test_validate_exits_1_on_violations(tmp_path: Path) -> None:
    """A record that breaks a shape (a distribution entry of zero copies) exits 1."""
    rec = tmp_path / "t.txt"
    rec.write_text("October 1, 1950\n\nTelegram from Shtykov to Stalin\n\nSummary:\n\nWritten for testing.\n\n"
                   "Contents:\n\nDistribution list - 1 copies: Molotov - 0\n")
    store = tmp_path / "st"
    assert 0 == kg(store, "build", str(rec)).exit_code
    result = kg(store, "validate")
    assert 1 == result.exit_code
    assert "Violation" in result.output


def test_query_table(store_dir: Path) -> None:
    """The default table shows prefixed names."""
    result = kg(store_dir, "query", WROTE_TO)
    assert "person:kim-il-sung" in result.output and "(2 rows)" in result.output


def test_query_json_is_w3c_results(store_dir: Path) -> None:
    """--format json follows the SPARQL 1.1 Query Results JSON format."""
    data = json.loads(kg(store_dir, "query", WROTE_TO, "--format", "json").output)
    assert ["a", "b"] == data["head"]["vars"]
    pairs = {(b["a"]["value"].rsplit("/", 1)[-1], b["b"]["value"].rsplit("/", 1)[-1])
             for b in data["results"]["bindings"]}
    assert {("kim-il-sung", "stalin"), ("shtykov", "stalin")} == pairs


@pytest.mark.parametrize(("fmt", "delim"), [("csv", ","), ("tsv", "\t")])
def test_query_csv_tsv(store_dir: Path, fmt: str, delim: str) -> None:
    """CSV and TSV have a header row and one row per solution."""
    text = kg(store_dir, "query", WROTE_TO, "--format", fmt).output
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    assert 3 == len([r for r in rows if r])


def test_query_ask(store_dir: Path) -> None:
    """ASK answers yes/no in a table and true/false in JSON."""
    ask = "ASK { msg:wilson-112696-letter cw:relayedBy person:shtykov }"
    assert "yes" == kg(store_dir, "query", ask).output.strip()
    assert True is json.loads(kg(store_dir, "query", ask, "--format", "json").output)["boolean"]


def test_query_construct_and_describe(store_dir: Path) -> None:
    """CONSTRUCT and DESCRIBE print Turtle that parses."""
    out = kg(store_dir, "query", "CONSTRUCT { ?a cw:wroteTo ?b } WHERE { ?a cw:wroteTo ?b }").output
    assert 2 == len(Graph().parse(data=out, format="turtle"))
    out = kg(store_dir, "query", "DESCRIBE msg:wilson-112696-letter").output
    assert len(Graph().parse(data=out, format="turtle")) > 5


def test_query_from_file_and_by_name(store_dir: Path, tmp_path: Path) -> None:
    """A .rq file and a shipped query name both run."""
    q = tmp_path / "q.rq"
    q.write_text(WROTE_TO)
    assert "(2 rows)" in kg(store_dir, "query", str(q)).output
    assert "Terentii Shtykov" in kg(store_dir, "query", "relays").output


def test_query_syntax_error_exit_2(store_dir: Path) -> None:
    """A query that does not parse is a clear error with exit code 2."""
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "query", "SELEKT nothing"])
    assert 2 == result.exit_code
    assert "SPARQL syntax error" in result.output


@pytest.mark.parametrize(("fmt", "parse"), [("trig", "trig"), ("nquads", "nquads"),
                                            ("turtle", "turtle"), ("ntriples", "nt"),
                                            ("jsonld", "json-ld")])
def test_export_formats_parse(store_dir: Path, tmp_path: Path, fmt: str, parse: str) -> None:
    """Every export format writes a file that rdflib parses, with the sample's triples."""
    out = tmp_path / f"kg.{fmt}"
    assert 0 == kg(store_dir, "export", "--format", fmt, "-o", str(out)).exit_code
    ds = Dataset()
    ds.parse(out, format=parse)
    assert len(list(ds.quads((None, None, None, None)))) > 500


def test_stats_json(store_dir: Path) -> None:
    """stats --format json gives the summary figures."""
    figures = json.loads(kg(store_dir, "stats", "--format", "json").output)
    assert (1, 2, 0, 1) == (figures["sources"], figures["messages"], figures["SHACL violations"],
                            figures["SHACL warnings"])


def test_network_table_ranks_by_pagerank(store_dir: Path) -> None:
    """The default table lists agents by PageRank: Stalin first on the sample."""
    result = kg(store_dir, "network", "--top", "3")
    lines = result.output.splitlines()
    assert (0, True, "1  Joseph Stalin") == (
        result.exit_code, lines[0].startswith("9 agents"), lines[4][:16].strip())


def test_network_json_rows(store_dir: Path) -> None:
    """--format json has the network figures and one row per agent with brokerage roles."""
    result = kg(store_dir, "network", "--format", "json", "--layer", "circulation")
    data = json.loads(result.output)
    stalin = next(r for r in data["rows"] if r["label"] == "Joseph Stalin")
    assert (["circulation"], 8, 2.0, 5) == (
        data["network"]["layers"], data["network"]["nodes"], stalin["in_strength"],
        len(stalin["brokerage"]))


def test_network_csv_person_series(store_dir: Path) -> None:
    """--slice month --person Stalin --format csv is Stalin's row per month."""
    result = kg(store_dir, "network", "--slice", "month", "--person", "Stalin", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [("1950-10-01", "Joseph Stalin", "4")] == [(r["start"], r["label"], r["in_degree"])
                                                      for r in rows]


def test_network_path_kim_to_stalin(store_dir: Path) -> None:
    """--path on the transmission layer shows Kim -> Shtykov -> Stalin."""
    result = kg(store_dir, "network", "--layer", "transmission", "--path", "Kim", "Stalin",
                "--format", "csv")
    hops = [(r["from"].rsplit("/", 1)[-1], r["to"].rsplit("/", 1)[-1])
            for r in csv.DictReader(io.StringIO(result.output))]
    assert [("kim-il-sung", "shtykov"), ("shtykov", "stalin")] == hops


def test_network_latency(store_dir: Path) -> None:
    """--latency lists the Shtykov -> Stalin channel with 153 minutes to receipt."""
    result = kg(store_dir, "network", "--latency")
    row = next(line for line in result.output.splitlines() if line.startswith("Terentii"))
    assert (0, True) == (result.exit_code, "153" in row.split())


def test_network_unknown_person_is_exit_2(store_dir: Path) -> None:
    """A name that picks out no agent is one line on stderr and exit 2."""
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "network", "--person", "Truman"])
    assert (2, True) == (result.exit_code, "no agent called 'Truman'" in result.output)


def test_network_png_needs_output(store_dir: Path) -> None:
    """A PNG is binary: without -o the command refuses with exit 2."""
    result = CliRunner().invoke(cli, ["--store", str(store_dir), "network", "--format", "png"])
    assert 2 == result.exit_code


def test_network_graphml(store_dir: Path, tmp_path: Path) -> None:
    """GraphML has Kim -> Stalin (authorial), Kim -> Shtykov (transmission), Shtykov -> Beria
    (circulation)."""
    out = tmp_path / "n.graphml"
    assert 0 == kg(store_dir, "network", "--format", "graphml", "-o", str(out)).exit_code
    g = nx.read_graphml(out)
    labels = {n: d["label"] for n, d in g.nodes(data=True)}
    layers = {(labels[u], labels[v], d["layer"]) for u, v, d in g.edges(data=True)}
    assert {("Kim Il Sung", "Joseph Stalin", "authorial"),
            ("Kim Il Sung", "Terentii Shtykov", "transmission"),
            ("Terentii Shtykov", "Lavrentiy Beria", "circulation")} <= layers


def test_network_png(store_dir: Path, tmp_path: Path) -> None:
    """The PNG is a real image."""
    out = tmp_path / "n.png"
    assert 0 == kg(store_dir, "network", "--format", "png", "-o", str(out)).exit_code
    assert b"\x89PNG\r\n\x1a\n" == out.read_bytes()[:8]


def test_network_save_writes_the_measures_graph(tmp_path: Path, sample_path: Path) -> None:
    """--save puts the measures in the store's measures graph, where SPARQL finds them."""
    path = tmp_path / "store"
    assert 0 == CliRunner().invoke(cli, ["--store", str(path), "build", str(sample_path)]).exit_code
    assert 0 == kg(path, "network", "--save").exit_code
    q = ('SELECT ?v WHERE { GRAPH graph:measures { ?o cw:measuredAgent person:stalin ; '
         'cw:measure "in_degree" ; cw:measureValue ?v } }')
    assert "4" == json.loads(kg(path, "query", q, "--format", "json").output)[
        "results"]["bindings"][0]["v"]["value"]


def test_network_latency_with_save_saves_the_measures(tmp_path: Path, sample_path: Path) -> None:
    """Regression: `kg network --latency --save` saved nothing and ended in a KeyError
    traceback; it saves the measures and prints the latencies."""
    path = tmp_path / "store"
    assert 0 == CliRunner().invoke(cli, ["--store", str(path), "build", str(sample_path)]).exit_code
    result = kg(path, "network", "--latency", "--save", "--format", "json")
    assert (0, True) == (result.exit_code, "latency" in json.loads(result.stdout))
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH graph:measures { ?o a cw:MeasureObservation } }"
    assert 0 < int(json.loads(kg(path, "query", q, "--format", "json").output)[
        "results"]["bindings"][0]["n"]["value"])


def test_missing_store_is_exit_2(tmp_path: Path) -> None:
    """Reading commands on a store that does not exist exit 2 with a hint."""
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "nope"), "stats"])
    assert 2 == result.exit_code
    assert "kg build" in result.output


def test_report_writes_one_self_contained_html_page(store_dir: Path, tmp_path: Path) -> None:
    """`kg report -o FILE` writes an HTML page naming the correspondents, with its figures
    inline (data: URIs) and no external script or stylesheet."""
    out = tmp_path / "r.html"
    assert 0 == kg(store_dir, "report", "-o", str(out)).exit_code
    page = out.read_text(encoding="utf-8")
    assert ("Kim Il Sung" in page, "data:image/png;base64," in page) == (True, True)
    assert [] == re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', page)


def test_report_unresolved_still_answers(store_dir: Path) -> None:
    """The report group keeps its `unresolved` subcommand."""
    assert 0 == kg(store_dir, "report", "unresolved", "--format", "json").exit_code


def test_serve_get_answers_in_process(store_dir: Path) -> None:
    """`kg serve --get PATH` prints one answer of the SPARQL endpoint and exits 0."""
    ok = kg(store_dir, "serve", "--get", "/sparql?query=ASK%7B%3Fs%20cw%3Asender%20%3Fo%7D")
    assert (0, {"head": {}, "boolean": True}) == (ok.exit_code, json.loads(ok.output))


@pytest.mark.parametrize(("path", "status"), [
    ("/sparql?query=SELECT%20WHERE", "400"),  # a query that does not parse
    ("/no-such-page", "404"),
])
def test_serve_get_http_error_exits_2_not_1(store_dir: Path, path: str, status: str) -> None:
    """Regression: `kg serve --get` answering a status >= 400 exits 2 (bad input or usage),
    not 1, the code that means `kg validate` found violations."""
    result = kg(store_dir, "serve", "--get", path, "--headers")
    assert (2, status) == (result.exit_code, result.output.splitlines()[0])
