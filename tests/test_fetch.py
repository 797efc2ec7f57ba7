"""`kg fetch frus`: downloads over a real HTTP server on loopback, the cache, --from DIR.

Every server here listens on 127.0.0.1 and lives for one test; nothing else is contacted.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import FetchError
from kg.sources.fetch import Fetched, fetch_frus

VOLUME = "frus1961-63v06"
OTHER = "frus1949v07p2"
# The fixtures are tiny TEI files written for testing; they are committed under neutral names
# (never a volume's file name) and served here under the volume ids the tests fetch.
SOURCE = Path(__file__).parent / "fixtures" / "fetch"
FIXTURES = Path(tempfile.mkdtemp(prefix="kg-fetch-fixtures-"))
for _name, _volume in (("volume-a.tei.xml", VOLUME), ("volume-b.tei.xml", OTHER)):
    shutil.copyfile(SOURCE / _name, FIXTURES / f"{_volume}.xml")
TIMEOUT = 5.0
HTML = b"<!DOCTYPE html>\n<html><head><title>Error</title></head><body><p>Rate limited</p></body></html>\n"


class Server:
    """A loopback HTTP server over tests/fixtures/fetch that counts requests.

    ``/<id>.xml`` serves the fixture; ``/html/<id>.xml`` answers 200 with an HTML page;
    ``/drop/<id>.xml`` promises the whole fixture, sends 100 bytes and closes the connection.
    """

    def __init__(self) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, directory=str(FIXTURES), **kwargs)

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(self.path)
                if self.path.startswith("/html/"):
                    self._send(200, "text/html", HTML)
                elif self.path.startswith("/drop/"):
                    body = (FIXTURES / Path(self.path).name).read_bytes()
                    self.close_connection = True
                    self.send_response(200)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[:100])
                    self.wfile.flush()
                else:
                    super().do_GET()

            def _send(self, status: int, ctype: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def fetched(self, name: str) -> int:
        """How many GET requests asked for a path ending in ``name``."""
        return sum(path.endswith(name) for path in self.requests)


@pytest.fixture
def server() -> Iterator[Server]:
    """A loopback HTTP server serving tests/fixtures/fetch, stopped after the test."""
    srv = Server()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()
        srv.thread.join(timeout=TIMEOUT)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy from the environment may carry a test request off this machine."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")


def sha256(path: Path) -> str:
    """The hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(ids: list[str], cache: Path, **kwargs) -> list[Fetched | FetchError]:
    """fetch_frus with a short timeout, as a list."""
    return list(fetch_frus(ids, cache=cache, timeout=TIMEOUT, **kwargs))


def ok(result: Fetched | FetchError) -> Fetched:
    """The result, which must be a fetched volume."""
    assert isinstance(result, Fetched), result
    return result


def closed_port() -> int:
    """A loopback port that was free a moment ago and has no listener now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_download_into_cache_with_checksum(server: Server, tmp_path: Path) -> None:
    """A volume is downloaded into the cache with its SHA-256 beside it (source url)."""
    fixture = FIXTURES / f"{VOLUME}.xml"
    got = ok(*fetch([VOLUME], tmp_path, base_url=server.url))
    assert Fetched(VOLUME, tmp_path / f"{VOLUME}.xml", sha256(fixture), fixture.stat().st_size, "url") == got
    assert fixture.read_bytes() == got.path.read_bytes()
    assert f"{sha256(fixture)}  {VOLUME}.xml\n" == (tmp_path / f"{VOLUME}.xml.sha256").read_text()
    assert [f"{VOLUME}.xml", f"{VOLUME}.xml.sha256"] == sorted(p.name for p in tmp_path.iterdir())


def test_progress_reports_bytes_and_total(server: Server, tmp_path: Path) -> None:
    """The progress callback sees the volume, the bytes so far and Content-Length."""
    size = (FIXTURES / f"{VOLUME}.xml").stat().st_size
    calls: list[tuple[str, int, int | None]] = []
    fetch([VOLUME], tmp_path, base_url=server.url, progress=lambda *a: calls.append(a))
    assert (VOLUME, 0, size) == calls[0]
    assert (VOLUME, size, size) == calls[-1]


def test_second_fetch_uses_the_cache(server: Server, tmp_path: Path) -> None:
    """A cached volume whose checksum matches is reused without a request."""
    first = ok(*fetch([VOLUME], tmp_path, base_url=server.url))
    second = ok(*fetch([VOLUME], tmp_path, base_url=server.url))
    assert ("url", "cache") == (first.source, second.source)
    assert first.sha256 == second.sha256
    assert 1 == server.fetched(f"{VOLUME}.xml")


def test_force_fetches_again(server: Server, tmp_path: Path) -> None:
    """--force downloads a volume even when the cache holds a good copy."""
    fetch([VOLUME], tmp_path, base_url=server.url)
    again = ok(*fetch([VOLUME], tmp_path, base_url=server.url, force=True))
    assert "url" == again.source
    assert 2 == server.fetched(f"{VOLUME}.xml")


def test_corrupt_cached_copy_is_fetched_again(server: Server, tmp_path: Path) -> None:
    """A cached file that no longer matches its checksum is replaced."""
    first = ok(*fetch([VOLUME], tmp_path, base_url=server.url))
    first.path.write_bytes(b"<TEI/>")
    again = ok(*fetch([VOLUME], tmp_path, base_url=server.url))
    assert ("url", first.sha256) == (again.source, sha256(again.path))


def test_not_found_names_the_volume(server: Server, tmp_path: Path) -> None:
    """An HTTP 404 is a FetchError naming the volume and the URL; the others still come."""
    missing = "frus1900v01"
    got = fetch([missing, VOLUME], tmp_path, base_url=server.url)
    assert isinstance(got[0], FetchError)
    assert f"volume {missing} not found at {server.url}{missing}.xml" == str(got[0])
    assert missing == got[0].volume_id
    assert "url" == ok(got[1]).source


def test_html_page_is_rejected_and_not_cached(server: Server, tmp_path: Path) -> None:
    """An HTML page answered with 200 is not TEI: a FetchError, and nothing in the cache."""
    [got] = fetch([VOLUME], tmp_path, base_url=server.url + "html/")
    assert isinstance(got, FetchError)
    assert f"volume {VOLUME} from {server.url}html/{VOLUME}.xml is not TEI XML" in str(got)
    assert [] == list(tmp_path.iterdir())


def test_dropped_connection_leaves_no_partial_file(server: Server, tmp_path: Path) -> None:
    """A server that closes the connection mid-body gives a FetchError and no file at all."""
    [got] = fetch([VOLUME], tmp_path, base_url=server.url + "drop/")
    assert isinstance(got, FetchError)
    assert "interrupted" in str(got) and VOLUME in str(got)
    assert [] == list(tmp_path.iterdir())


def test_refused_connection_says_no_network(tmp_path: Path) -> None:
    """A port nobody listens on gives the 'no network here? Use --from DIR' message."""
    host = f"127.0.0.1:{closed_port()}"
    got = fetch([VOLUME, OTHER], tmp_path, base_url=f"http://{host}/")
    message = f"cannot reach {host}: no network here? Use --from DIR with a local copy of the volumes"
    assert [True, True] == [isinstance(g, FetchError) and message in str(g) for g in got]
    assert [VOLUME, OTHER] == [g.volume_id for g in got]
    assert [] == list(tmp_path.iterdir())


def test_silent_server_times_out_as_no_network(tmp_path: Path) -> None:
    """A server that accepts but never answers is reported as unreachable after the timeout."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        host = f"127.0.0.1:{sock.getsockname()[1]}"
        [got] = fetch_frus([VOLUME], cache=tmp_path, base_url=f"http://{host}/", timeout=0.3)
    assert isinstance(got, FetchError)
    assert f"cannot reach {host}: no network here?" in str(got)


def test_dns_failure_says_no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that does not resolve gives the no-network message (resolver stubbed out)."""
    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    [got] = fetch([VOLUME], tmp_path, base_url="http://frus.invalid/volumes/")
    assert isinstance(got, FetchError)
    assert "cannot reach frus.invalid: no network here?" in str(got)
    assert "Name or service not known" in str(got)


def test_from_dir_copies_into_the_cache(tmp_path: Path) -> None:
    """--from DIR copies <DIR>/<id>.xml into the cache with its checksum (source dir)."""
    fixture = FIXTURES / f"{OTHER}.xml"
    [got] = fetch([OTHER], tmp_path / "cache", from_dir=FIXTURES)
    assert Fetched(OTHER, tmp_path / "cache" / f"{OTHER}.xml", sha256(fixture), fixture.stat().st_size,
                   "dir") == got
    again = ok(*fetch([OTHER], tmp_path / "cache", from_dir=FIXTURES))
    assert "cache" == again.source


def test_from_dir_validates(tmp_path: Path) -> None:
    """--from DIR rejects a missing volume and a file that is not TEI, caching nothing."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / f"{VOLUME}.xml").write_text("<TEI>not in the TEI namespace</TEI>")
    missing, not_tei = fetch([OTHER, VOLUME], tmp_path / "cache", from_dir=tmp_path / "src")
    assert f"volume {OTHER} not found in {tmp_path / 'src'}" == str(missing)
    assert isinstance(not_tei, FetchError)
    assert "the root element is <TEI>, not <TEI> in the TEI namespace" in str(not_tei)
    assert [] == list((tmp_path / "cache").iterdir())


@pytest.mark.corpus
def test_from_dir_takes_a_real_volume_from_the_corpus(corpus: Path, tmp_path: Path) -> None:
    """A real FRUS volume copied from the corpus keeps the SHA-256 listed in its MANIFEST."""
    got = ok(*fetch([VOLUME], tmp_path, from_dir=corpus / "frus"))
    assert ("f5a04cf314f20d550735f7493635513f93ce8a3c57d9d6f8aa5c88d1c1aa8c46", 1414519, "dir") == (
        got.sha256, got.size, got.source)


def test_external_entities_are_not_resolved(server: Server, tmp_path: Path) -> None:
    """An external entity in a volume is neither fetched nor expanded."""
    (tmp_path / "src").mkdir()
    text = (f'<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{server.url}leak">]>'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0">&leak;</TEI>')
    (tmp_path / "src" / f"{VOLUME}.xml").write_text(text)
    got = ok(*fetch([VOLUME], tmp_path / "cache", from_dir=tmp_path / "src"))
    assert "dir" == got.source
    assert [] == server.requests


@pytest.mark.parametrize("bad", ["frus1961-63v06.xml", "../frus1961-63v06", "FRUS1949v07", "frus61v06", ""])
def test_invalid_ids_are_rejected(bad: str, tmp_path: Path) -> None:
    """Anything but a FRUS volume id is refused before any request."""
    [got] = fetch([bad], tmp_path, base_url=f"http://127.0.0.1:{closed_port()}/")
    assert isinstance(got, FetchError)
    assert f"{bad!r} is not a FRUS volume id" in str(got)


def test_base_url_must_be_http(tmp_path: Path) -> None:
    """A base URL that is not http(s) is refused at once."""
    with pytest.raises(FetchError, match="not an http:// or https:// URL"):
        fetch_frus([VOLUME], cache=tmp_path, base_url="file:///etc/")


def test_cli_fetches_and_prints_the_path(server: Server, tmp_path: Path) -> None:
    """`kg fetch frus ID --base-url URL --cache DIR` exits 0 and prints the cached path."""
    result = CliRunner().invoke(cli, ["fetch", "frus", VOLUME, OTHER, "--base-url", server.url,
                                      "--cache", str(tmp_path)], catch_exceptions=False)
    assert 0 == result.exit_code, result.output
    assert [str(tmp_path / f"{VOLUME}.xml"), str(tmp_path / f"{OTHER}.xml")] == result.stdout.splitlines()


def test_cli_exits_2_with_one_line_per_failure(server: Server, tmp_path: Path) -> None:
    """A failed volume is one stderr line naming it; the others are still fetched; exit 2."""
    missing = "frus1900v01"
    result = CliRunner().invoke(cli, ["fetch", "frus", missing, VOLUME, "--base-url", server.url,
                                      "--cache", str(tmp_path)], catch_exceptions=False)
    assert 2 == result.exit_code
    assert [str(tmp_path / f"{VOLUME}.xml")] == result.stdout.splitlines()
    assert [f"error volume {missing} not found at {server.url}{missing}.xml"] == result.stderr.splitlines()


def test_cli_from_dir(tmp_path: Path) -> None:
    """`kg fetch frus ID --from DIR` copies from the folder and exits 0."""
    result = CliRunner().invoke(cli, ["fetch", "frus", OTHER, "--from", str(FIXTURES),
                                      "--cache", str(tmp_path)], catch_exceptions=False)
    assert 0 == result.exit_code, result.output
    assert [str(tmp_path / f"{OTHER}.xml")] == result.stdout.splitlines()
