"""kg push into a real Virtuoso Open Source 7.2 (Debian `virtuoso-opensource`), see
../shared/notes/external-checks.md §4a.

The fixture starts a private Virtuoso on free loopback ports over a temporary database
(a fresh database has the user dba with password dba) and shuts it down after the
module. Updates need authentication: Graph Store Protocol on /sparql-graph-crud-auth and
SPARQL Update on /sparql-auth, both with HTTP Digest. Skipped when Virtuoso is not
installed, except in CI (``CI`` set), where ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.publish.remote import push, remote_query
from kg.store import Store

pytestmark = pytest.mark.external

INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    """A TCP port nobody listens on now, on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(reason: str) -> None:
    """Skip for a missing tool; in CI, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so every external checker must be installed)")
    pytest.skip(reason)


class Virtuoso:
    """A throwaway Virtuoso: its own ini, database folder and ports."""

    user, password = "dba", "dba"

    def __init__(self, work: Path) -> None:
        for tool in ("virtuoso-t", "isql-vt"):
            if not shutil.which(tool):
                _missing(f"{tool} not installed (apt-get install virtuoso-opensource)")
        if not INI.is_file():
            _missing(f"{INI} is missing (apt-get install virtuoso-opensource)")
        self.work = work
        self.sql_port, self.http_port = free_port(), free_port()
        base = f"http://127.0.0.1:{self.http_port}"
        self.sparql, self.update = f"{base}/sparql", f"{base}/sparql-auth"
        self.graph_store = f"{base}/sparql-graph-crud-auth"
        (work / "db").mkdir(parents=True)
        ini = INI.read_text(encoding="utf-8")
        ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{work}/db/")
        ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\b.*$", f"ServerPort = 127.0.0.1:{self.sql_port}", ini)
        ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\b.*$", f"ServerPort = 127.0.0.1:{self.http_port}", ini)
        self.ini = work / "virtuoso.ini"
        self.ini.write_text(ini, encoding="utf-8")
        # +wait: daemonises and returns once the server is online (~4-8 s, creates the DB)
        proc = subprocess.run(["virtuoso-t", "+wait", "+configfile", str(self.ini)], cwd=work,
                              capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0:
            pytest.fail(f"virtuoso-t did not start (rc {proc.returncode}): {proc.stderr[-2000:]}")

    def _pid(self) -> int | None:
        lock = self.work / "db" / "virtuoso.lck"
        m = re.search(r"VIRT_PID=(\d+)", lock.read_text()) if lock.is_file() else None
        return int(m[1]) if m else None

    def stop(self) -> None:
        """Clean shutdown through isql; kill the recorded process if that fails."""
        pid = self._pid()
        subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", self.user, self.password,
                        "exec=shutdown;"], capture_output=True, timeout=60, check=False)
        deadline = time.monotonic() + 30
        while pid and time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.2)
        if pid:
            os.kill(pid, 9)

    def count(self, graphs: list[str]) -> int:
        """COUNT(*) over the given graphs, asked through Virtuoso's /sparql."""
        names = ", ".join(f"<{g}>" for g in graphs)
        result = remote_query(self.sparql, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                           f"FILTER(?g IN ({names})) }}")
        return int(result.rows[0]["n"].value)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A Virtuoso server for this module, shut down afterwards."""
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def test_cli_push_graph_store_count(virtuoso: Virtuoso, built_store: Store,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`kg push --graph-store ... --user dba --password-env VAR` into Virtuoso (Digest), twice:
    COUNT(*) over the pushed graphs equals the local triple count."""
    monkeypatch.setenv("KG_TEST_VIRTUOSO_PW", virtuoso.password)
    args = ["--store", str(built_store.path), "push", "--endpoint", virtuoso.update,
            "--graph-store", virtuoso.graph_store, "--user", virtuoso.user,
            "--password-env", "KG_TEST_VIRTUOSO_PW"]
    built_store.flush()
    for _ in range(2):
        result = CliRunner().invoke(cli, args)
        assert 0 == result.exit_code, result.output
    assert built_store.count() == virtuoso.count(built_store.graphs())


def test_update_only_count(virtuoso: Virtuoso, built_store: Store) -> None:
    """SPARQL Update only (/sparql-auth, chunks of 1,000 triples, blank nodes by INSERT ...
    WHERE {}), twice: COUNT(*) per graph equals the local count."""
    for _ in range(2):
        report = push(built_store, virtuoso.update, auth=(virtuoso.user, virtuoso.password))
    assert {"update"} == {g.method for g in report.graphs}
    assert {g: built_store.count(g) for g in built_store.graphs()} == \
        {g: virtuoso.count([g]) for g in built_store.graphs()}


def test_wrong_password_exit_2(virtuoso: Virtuoso, built_store: Store,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong password exits 2 with Virtuoso's 401 and the graph's name."""
    monkeypatch.setenv("KG_TEST_VIRTUOSO_PW", "not-the-password")
    result = CliRunner().invoke(cli, ["--store", str(built_store.path), "push", "--endpoint",
                                      virtuoso.update, "--user", "dba", "--password-env",
                                      "KG_TEST_VIRTUOSO_PW"])
    assert 2 == result.exit_code
    assert "401" in result.output and "<https://" in result.output


def test_remote_query_reads_virtuoso(virtuoso: Virtuoso, built_store: Store) -> None:
    """`kg query --endpoint` reads Virtuoso's JSON (typed-literal) into the local shape."""
    push(built_store, virtuoso.update, graph_store=virtuoso.graph_store,
         auth=(virtuoso.user, virtuoso.password))
    text = "SELECT ?a ?b WHERE { ?a cw:wroteTo ?b } ORDER BY ?a ?b"
    here = CliRunner().invoke(cli, ["--store", str(built_store.path), "query", text])
    there = CliRunner().invoke(cli, ["--store", str(built_store.path), "query", text,
                                     "--endpoint", virtuoso.sparql])
    assert 0 == there.exit_code, there.output
    assert here.output == there.output
