"""Other people's SPARQL clients against `kg serve`: Comunica (npm) gets the same answers as
`kg query`, and both equal a reference `oxigraph serve` loaded with the same export, for every
shipped query (result multisets)."""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_remote import Server, oxigraph_bin
from test_server import LiveServer, _normal, store_dir  # noqa: F401 - fixture used by name

from kg.publish.export import export
from kg.query.engine import PROLOGUE, QUERY_DIR, run_query
from kg.server import create_app
from kg.store import Store

QUERIES = sorted(QUERY_DIR.glob("*.rq"))
JSON = "application/sparql-results+json"


def comunica_bin() -> str:
    """comunica-sparql (npm @comunica/query-sparql@4; .ci/run installs it under KG_COMUNICA):
    skipped without it, a failure when CI is set."""
    candidates = [os.environ.get("KG_COMUNICA", ""), shutil.which("comunica-sparql") or ""]
    found = next((c for c in candidates if c and Path(c).is_file()), None)
    if not found:
        if os.environ.get("CI"):
            pytest.fail("comunica-sparql not installed (.ci/run installs it) and CI is set")
        pytest.skip("comunica-sparql not installed (npm i @comunica/query-sparql@4)")
    return found


def _bag(answer: dict) -> tuple[list[str], collections.Counter]:
    variables = answer["head"]["vars"]
    return variables, collections.Counter(tuple(_normal(b.get(v)) for v in variables)
                                          for b in answer["results"]["bindings"])


@pytest.fixture(scope="module")
def ours(store_dir: Path) -> Iterator[LiveServer]:  # noqa: F811 - the imported fixture
    """`kg serve` over the sample store (built and reasoned)."""
    with LiveServer(create_app(store_dir, {"query_time_limit_ms": 30000})) as live:
        yield live


@pytest.fixture(scope="module")
def reference(store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:  # noqa: F811
    """`oxigraph serve` over a database loaded with `kg export --format nquads` of the store."""
    folder = tmp_path_factory.mktemp("reference")
    with Store(store_dir, read_only=True) as store:
        export(store, "nquads", folder / "kg.nq")
    subprocess.run([oxigraph_bin(), "load", "--location", str(folder / "db"), "--file",
                    str(folder / "kg.nq")], check=True, capture_output=True)
    srv = Server(folder / "db")
    yield srv
    srv.stop()


@pytest.mark.slow
@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_endpoint_equals_kg_query_and_reference_oxigraph(path: Path, ours: LiveServer,
                                                         reference: Server, store_dir: Path) -> None:  # noqa: F811
    """For a shipped query, our endpoint, `kg query` and a reference Oxigraph server agree."""
    text = PROLOGUE + path.read_text(encoding="utf-8")
    with Store(store_dir, read_only=True) as store:
        local = run_query(store, text)
        expected = collections.Counter(tuple(_normal(row.get(v)) for v in local.variables)
                                       for row in local.rows)
    answer = httpx.post(f"{ours.url}/sparql", data={"query": text}, headers={"Accept": JSON},
                        timeout=60)
    assert 200 == answer.status_code, answer.text
    reply = httpx.post(reference.query, content=text.encode(),
                       headers={"Content-Type": "application/sparql-query", "Accept": JSON}, timeout=60)
    assert 200 == reply.status_code, reply.text
    assert (local.variables, expected) == _bag(answer.json())
    assert _bag(answer.json()) == _bag(reply.json())


@pytest.mark.external
@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_comunica_gets_the_answers_of_kg_query(path: Path, ours: LiveServer, store_dir: Path) -> None:  # noqa: F811
    """Comunica, an independent SPARQL engine, querying our endpoint as a SPARQL source, gets
    the rows `kg query` gives (as multisets)."""
    text = PROLOGUE + path.read_text(encoding="utf-8")
    with Store(store_dir, read_only=True) as store:
        local = run_query(store, text)
        expected = collections.Counter(tuple(_normal(row.get(v)) for v in local.variables)
                                       for row in local.rows)
    run = subprocess.run([comunica_bin(), f"sparql@{ours.url}/sparql", "-q", text, "-t", JSON],
                         capture_output=True, text=True, timeout=300)
    assert 0 == run.returncode, run.stderr[-2000:]
    variables, got = _bag(json.loads(run.stdout))
    assert (sorted(local.variables), expected) == (sorted(variables), collections.Counter(
        tuple(dict(zip(variables, row, strict=True))[v] for v in local.variables) for row in got.elements()))
