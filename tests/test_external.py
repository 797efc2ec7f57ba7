"""Independent checkers read what kg exports: Oxigraph CLI, raptor2 rapper, Apache Jena.

See ``../shared/notes/external-checks.md`` (sections 1, 2, 4b). Every test skips with a
reason when its tool is missing, except in CI (``CI`` set), where a missing tool is a
failure: ``.ci/run`` installs ``raptor2-utils`` and ``libapache-jena-java``, and the
``oxigraph`` CLI comes with the test extras. Jena runs through ``tools/jena.sh``, which
works around Debian's packaging of Jena 4.5.0.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.iris import Minter
from kg.pipeline import source_graphs, special_graphs
from kg.publish.export import WRITERS, export
from kg.query.engine import PROLOGUE, QUERY_DIR
from kg.store import Store
from kg.validate.reference import DEFAULT_SHAPES, load_ontology, validate

pytestmark = pytest.mark.external

ROOT = Path(__file__).resolve().parents[1]
JENA_SH = ROOT / "tools" / "jena.sh"
JENA_JARS = Path("/usr/share/java")
INVALID_FIXTURES = Path(__file__).parent / "fixtures" / "invalid"

#: file suffix -> (export format, rapper parser name, rdflib parser name)
FILES = {
    "ttl": ("turtle", "turtle", "turtle"),
    "trig": ("trig", "trig", "trig"),
    "nq": ("nquads", "nquads", "nquads"),
    "nt": ("ntriples", "ntriples", "nt"),
    "jsonld": ("jsonld", None, "json-ld"),
}
RDF_SUFFIXES = ["ttl", "trig", "nq", "nt"]
QUERIES = sorted(QUERY_DIR.glob("*.rq"))


def _missing(reason: str) -> None:
    """Skip for a missing tool; in CI, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so every external checker must be installed)")
    pytest.skip(reason)


def _oxigraph() -> str:
    venv_bin = Path(sys.executable).parent / "oxigraph"
    found = str(venv_bin) if venv_bin.is_file() else shutil.which("oxigraph")
    if not found:
        _missing("oxigraph CLI not installed (pip install oxigraph)")
    return str(found)


def _rapper() -> str:
    found = shutil.which("rapper")
    if not found:
        _missing("rapper not installed (apt-get install raptor2-utils)")
    return str(found)


def _jena() -> str:
    if not JENA_SH.is_file():
        _missing(f"{JENA_SH.relative_to(ROOT)} is missing")
    if not (JENA_JARS / "jena-cmds.jar").is_file():
        _missing("Apache Jena not installed (apt-get install libapache-jena-java)")
    for tool in ("java", "unzip"):
        if not shutil.which(tool):
            _missing(f"{tool} not installed (needed by tools/jena.sh)")
    return str(JENA_SH)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=300, check=False)


def _explain(proc: subprocess.CompletedProcess[str]) -> str:
    return f"{' '.join(proc.args)} -> rc {proc.returncode}\n{proc.stderr[-3000:]}"


def _rdflib_count(path: Path) -> int:
    """Triples (or quads, for graph formats) that rdflib reads from ``path``."""
    fmt = FILES[path.suffix.lstrip(".")][2]
    if fmt in ("trig", "nquads", "json-ld"):
        ds = Dataset()
        ds.parse(path, format=fmt)
        return sum(len(g) for g in ds.graphs())
    return len(Graph().parse(path, format=fmt))


@pytest.fixture(scope="module")
def exports(built_store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """kg.ttl, kg.trig, kg.nq, kg.nt and kg.jsonld exported from the built sample."""
    folder = tmp_path_factory.mktemp("exports")
    out = {}
    for suffix, (fmt, _, _) in FILES.items():
        assert f".{suffix}" == WRITERS[fmt][1]
        out[suffix] = folder / f"kg.{suffix}"
        export(built_store, fmt, out[suffix])
    return out


# --- Oxigraph CLI (notes §4b) ------------------------------------------------------------

@pytest.mark.parametrize("suffix", RDF_SUFFIXES)
def test_oxigraph_converts_with_same_count(exports: dict[str, Path], suffix: str) -> None:
    """`oxigraph convert` reads each RDF export (rc 0) and finds as many triples as rdflib."""
    oxigraph = _oxigraph()
    path = exports[suffix]
    proc = _run(oxigraph, "convert", "--from-file", str(path), "--to-format", "nq")
    assert 0 == proc.returncode, _explain(proc)
    quads = [line for line in proc.stdout.splitlines() if line.strip()]
    assert _rdflib_count(path) == len(quads)


# --- raptor2 rapper (notes §1) -----------------------------------------------------------

@pytest.mark.parametrize("suffix", RDF_SUFFIXES)
def test_rapper_parses(exports: dict[str, Path], suffix: str) -> None:
    """`rapper -q -c` parses each RDF export with exit code 0 and no warnings."""
    rapper = _rapper()
    proc = _run(rapper, "-q", "-i", FILES[suffix][1], "-c", str(exports[suffix]))
    assert 0 == proc.returncode, _explain(proc)
    assert "" == proc.stderr.strip()


@pytest.mark.parametrize("suffix", RDF_SUFFIXES)
def test_rapper_counts_same(exports: dict[str, Path], suffix: str) -> None:
    """rapper counts as many triples in each RDF export as rdflib reads."""
    rapper = _rapper()
    proc = _run(rapper, "-i", FILES[suffix][1], "-c", str(exports[suffix]))
    assert 0 == proc.returncode, _explain(proc)
    m = re.search(r"returned (\d+) triples", proc.stderr)
    assert m is not None, proc.stderr
    assert _rdflib_count(exports[suffix]) == int(m[1])


# --- Apache Jena riot, arq, shacl (notes §2) ---------------------------------------------

@pytest.mark.parametrize("suffix", RDF_SUFFIXES)
def test_jena_riot_validates(exports: dict[str, Path], suffix: str) -> None:
    """`riot --validate` (strict syntax, IRIs and literal lexical forms) accepts each RDF export."""
    jena = _jena()
    proc = _run(jena, "riotcmd.riot", "--validate", str(exports[suffix]))
    assert 0 == proc.returncode, _explain(proc)


def test_jena_riot_validates_jsonld(exports: dict[str, Path]) -> None:
    """`riot --syntax=jsonld10 --validate` accepts the JSON-LD export."""
    jena = _jena()
    proc = _run(jena, "riotcmd.riot", "--syntax=jsonld10", "--validate", str(exports["jsonld"]))
    assert 0 == proc.returncode, _explain(proc)


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_jena_parses_named_query(query: Path, tmp_path: Path) -> None:
    """`arq.qparse` parses every shipped query, with the prefixes kg.query.engine predeclares."""
    jena = _jena()
    full = tmp_path / query.name
    full.write_text(PROLOGUE + query.read_text(encoding="utf-8"), encoding="utf-8")
    proc = _run(jena, "arq.qparse", "--query", str(full))
    assert 0 == proc.returncode, _explain(proc) + proc.stdout[-2000:]


def test_queries_found() -> None:
    """There are shipped queries for the Jena parse test to check."""
    assert [] != QUERIES


def _result_keys(report: Graph) -> set[tuple[str, str]]:
    """(focus node, source shape) of every result in a SHACL validation report.

    Blank nodes are labelled by engine, so every blank focus node is written ``_:``.
    """
    keys = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        keys.add((str(focus) if isinstance(focus, (URIRef, Literal)) else "_:",
                  str(shape) if isinstance(shape, URIRef) else "_:"))
    return keys


def _jena_shacl(data: Graph, tmp_path: Path) -> tuple[bool, set[tuple[str, str]]]:
    """Jena's conformance and result keys for ``data`` plus the ontology (one Turtle file)."""
    jena = _jena()
    merged = Graph()
    merged += data
    merged += load_ontology()
    data_file = tmp_path / "data-and-ontology.ttl"
    merged.serialize(data_file, format="turtle")
    proc = _run(jena, "shacl.shacl", "validate", "--shapes", str(DEFAULT_SHAPES),
                "--data", str(data_file))
    # shacl.shacl exits 0 whether or not the data conforms: read sh:conforms from the report
    assert 0 == proc.returncode, _explain(proc)
    report = Graph().parse(data=proc.stdout, format="turtle")
    conforms = report.value(next(report.subjects(RDF.type, SH.ValidationReport)), SH.conforms)
    return bool(conforms.toPython()), _result_keys(report)


def _needs_shapes() -> None:
    if not DEFAULT_SHAPES.is_file():
        pytest.skip(f"{DEFAULT_SHAPES.relative_to(ROOT)} does not exist yet")


def test_jena_shacl_agrees_on_sample(built_store: Store, tmp_path: Path) -> None:
    """Jena SHACL reports the same (focus node, source shape) results as kg.validate.reference on the sample."""
    _needs_shapes()
    graphs = special_graphs(Minter.from_env())
    data = built_store.merged([*source_graphs(built_store), str(graphs["authority"])])
    ours = validate(data, ontology=load_ontology())
    jena_conforms, jena_keys = _jena_shacl(data, tmp_path)
    assert _result_keys(ours.report) == jena_keys
    assert (not jena_keys) == jena_conforms


def test_jena_shacl_agrees_on_invalid_fixtures(tmp_path: Path) -> None:
    """Jena SHACL reports the same (focus node, source shape) results as kg.validate.reference on the
    invalid fixtures, merged into one graph (one JVM start)."""
    _needs_shapes()
    fixtures = sorted(INVALID_FIXTURES.glob("*.ttl"))
    if not fixtures:
        pytest.skip("no invalid SHACL fixtures under tests/fixtures/invalid")
    data = Graph()
    for path in fixtures:
        data.parse(path, format="turtle")
    ours = validate(data, ontology=load_ontology())
    jena_conforms, jena_keys = _jena_shacl(data, tmp_path)
    assert _result_keys(ours.report) == jena_keys
    assert set() != jena_keys
    assert jena_conforms is False
