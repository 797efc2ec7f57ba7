"""A running server answers from the data a build writes while it runs, and says so.

A real server on a loopback port over a real on-disk store; the second build runs in
another process (`kg build`), as it would for a user.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from loopback import LiveServer
from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from kg.server import create_app
from kg.store import GENERATION_FILE, Store, generation

MESSAGES = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m dcterms:title ?t }"
TITLE = "SELECT ?t WHERE { ?m dcterms:title ?t FILTER(CONTAINS(?t, 'Zzyzx')) }"

# Written for testing coldwar-kg; not archive text.
RECORD = """October 3, 1950

Ciphered Telegram No. 777, Zzyzx Ivanov to Stalin

Summary:

A record written for testing coldwar-kg; not archive text.
"""


def _count(http: httpx.Client, query: str) -> int:
    response = http.get("/sparql", params={"query": query})
    assert 200 == response.status_code, response.text
    rows = response.json()["results"]["bindings"]
    return int(rows[0]["n"]["value"]) if rows and "n" in rows[0] else len(rows)


def _void_triples(http: httpx.Client) -> int:
    response = http.get("/dataset", headers={"Accept": "text/turtle"})
    assert 200 == response.status_code, response.text
    g = Graph().parse(data=response.text, format="turtle")
    return max(int(o) for o in g.objects(None, VOID.triples))  # the dataset: its parts hold fewer


def test_every_writer_renews_the_generation(tmp_path: Path) -> None:
    """Closing a writable store renews the marker; a read-only handle leaves it alone."""
    path = tmp_path / "st"
    assert generation(path) is None
    Store(path).close()
    first = generation(path)
    assert first and (path / GENERATION_FILE).is_file()
    Store(path, read_only=True).close()
    assert first == generation(path)
    Store(path).close()
    assert generation(path) not in (None, first)


def test_a_build_while_serving_is_answered_at_once(served_store_dir: Path, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """Queries, and the dataset description, see the new record after `kg build` closes the
    store, without a restart; the server logs that the store was written."""
    store_dir = tmp_path / "store"
    shutil.copytree(served_store_dir, store_dir)
    record = tmp_path / "zzyzx.txt"
    record.write_text(RECORD, encoding="utf-8")
    app = create_app(store_dir, {"query_workers": 1})
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        before, triples = _count(http, MESSAGES), _void_triples(http)
        assert 0 == _count(http, TITLE)
        caplog.set_level(logging.WARNING, logger="kg.server")
        run = subprocess.run([sys.executable, "-m", "kg.cli", "--store", str(store_dir), "build",
                              str(record)], capture_output=True, text=True, timeout=300)
        assert 0 == run.returncode, run.stderr
        assert before + 1 == _count(http, MESSAGES)
        assert 1 == _count(http, TITLE)
        assert _void_triples(http) > triples
        assert any("was written" in r.getMessage() for r in caplog.records)
        # the page of the new message is served too
        iri = URIRef(http.get("/sparql", params={
            "query": "SELECT ?m WHERE { ?m dcterms:title ?t FILTER(CONTAINS(?t, 'Zzyzx')) }"},
        ).json()["results"]["bindings"][0]["m"]["value"])
        page = http.get("/id/" + str(iri).split("/id/", 1)[1], headers={"Accept": "text/html"})
        assert 200 == page.status_code and "Zzyzx" in page.text
