"""Fetch whole FRUS volumes (TEI P5 XML) into a local cache, with checksums.

Volumes come from the Office of the Historian's public repository,
https://github.com/HistoryAtState/frus, path ``volumes/<id>.xml`` (the corpus in
``shared/corpus/frus`` was taken from its fork github.com/joewiz/frus; see
``shared/corpus/MANIFEST.md`` §1-2). ``from_dir`` takes them from a local copy of
that folder instead, for machines without a network.

The cache holds ``<id>.xml`` and ``<id>.xml.sha256`` (``sha256sum`` format, so
``sha256sum -c`` checks it). A file is written to a temporary name in the cache
folder and renamed only after it was read to the end, hashed and parsed as TEI,
so an interrupted download or a wrong answer (an HTML error page) leaves nothing.
The XML is parsed with lxml without DTDs, entities or network access.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import OpenerDirector, ProxyHandler, Request, build_opener

from lxml import etree

from kg import __version__
from kg.errors import FetchError
from kg.files import atomic_write

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_CACHE", "Fetched", "fetch_frus",
           "is_volume_id"]

DEFAULT_BASE_URL = "https://raw.githubusercontent.com/HistoryAtState/frus/master/volumes/"
DEFAULT_CACHE = Path(os.environ.get("KG_CACHE", Path.home() / ".cache" / "coldwar-kg")) / "frus"
VOLUME_ID = re.compile(r"^frus\d{4}(-\d{2})?v\d{2}[a-z0-9]*$")
TEI_ROOT = "{http://www.tei-c.org/ns/1.0}TEI"
CHUNK = 64 * 1024

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class Fetched:
    """A volume in the cache: where it is, its SHA-256, its size and where it came from."""

    volume_id: str
    path: Path
    sha256: str
    size: int
    source: Literal["cache", "url", "dir"]


def is_volume_id(text: str) -> bool:
    """Whether ``text`` is a FRUS volume id, the base name of ``volumes/<id>.xml``.

    >>> [is_volume_id(t) for t in ("frus1961-63v06", "frus1949v07p2", "frus1950v07")]
    [True, True, True]
    >>> [is_volume_id(t) for t in ("frus1961-63v06.xml", "../etc/passwd", "FRUS1949v07")]
    [False, False, False]
    """
    return bool(VOLUME_ID.match(text))


def fetch_frus(volume_ids: Iterable[str], *, cache: Path = DEFAULT_CACHE,
               base_url: str = DEFAULT_BASE_URL, from_dir: Path | None = None,
               force: bool = False, progress: Progress | None = None,
               timeout: float = 30.0) -> Iterator[Fetched | FetchError]:
    """Fetch FRUS volumes into ``cache``; yield one ``Fetched`` or ``FetchError`` per id.

    A volume already in the cache whose ``.sha256`` file matches is reused (source
    ``"cache"``) unless ``force``. Otherwise it is downloaded from ``base_url + id +
    ".xml"`` (source ``"url"``) or copied from ``from_dir/<id>.xml`` (source ``"dir"``).
    Once a host cannot be reached, the remaining volumes fail at once with the same reason.

    Args:
        volume_ids: ids such as ``frus1961-63v06``.
        cache: folder of the cache (env ``KG_CACHE``, plus ``/frus``).
        base_url: folder URL of the volumes (http or https).
        from_dir: a local folder of volumes to copy from instead of the network.
        force: fetch again even when the cache holds a good copy.
        progress: called as ``progress(volume_id, bytes_done, bytes_total_or_None)``.
        timeout: seconds to wait for the server to connect or send data.

    Raises:
        FetchError: ``base_url`` is not an http(s) URL (before anything is fetched).
    """
    if from_dir is None and urlsplit(base_url).scheme not in ("http", "https"):
        raise FetchError("", f"--base-url {base_url!r} is not an http:// or https:// URL")
    if not base_url.endswith("/"):
        base_url += "/"
    run = _Run(Path(cache), base_url, from_dir, force, progress, timeout)
    return _fetch_all(list(volume_ids), run)


@dataclass
class _Run:
    """One call of :func:`fetch_frus`: where volumes go and come from, and the hosts found
    unreachable so far (the volumes after them fail at once, with the same reason)."""

    cache: Path
    base_url: str
    from_dir: Path | None
    force: bool
    progress: Progress | None
    timeout: float
    unreachable: dict[str, str] = field(default_factory=dict)


def _fetch_all(volume_ids: list[str], run: _Run) -> Iterator[Fetched | FetchError]:
    for vid in volume_ids:
        try:
            yield _fetch_one(vid, run)
        except FetchError as exc:
            yield exc


def _fetch_one(vid: str, run: _Run) -> Fetched:
    if not is_volume_id(vid):
        raise FetchError(vid, f"{vid!r} is not a FRUS volume id (like frus1961-63v06 or frus1949v07p2)")
    target = run.cache / f"{vid}.xml"
    if not run.force and (hit := _cached(vid, target)):
        return hit
    try:
        if run.from_dir is not None:
            sha, size = _copy(vid, Path(run.from_dir) / f"{vid}.xml", target, run.progress)
            source: Literal["url", "dir"] = "dir"
        else:
            sha, size = _download(vid, run.base_url + f"{vid}.xml", target, run)
            source = "url"
        _write_sum(target, sha)
    except OSError as exc:  # reading the source is wrapped already: this is the cache
        raise FetchError(vid, f"volume {vid}: cannot write to the cache {run.cache}: {exc}") from exc
    return Fetched(vid, target, sha, size, source)


def _sum_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _write_sum(target: Path, sha: str) -> None:
    """Write ``<target>.sha256`` in ``sha256sum`` format."""

    def write(fh: IO[bytes]) -> None:
        fh.write(f"{sha}  {target.name}\n".encode("ascii"))

    atomic_write(_sum_path(target), write)


def _cached(vid: str, target: Path) -> Fetched | None:
    """The cached copy if its checksum file matches its content, else None."""
    try:
        expected = _sum_path(target).read_text(encoding="ascii").split()[0].lower()
        with target.open("rb") as fh:
            sha = hashlib.file_digest(fh, "sha256").hexdigest()
        size = target.stat().st_size
    except (OSError, IndexError, UnicodeDecodeError):
        return None
    return Fetched(vid, target, sha, size, "cache") if sha == expected else None


class _Checked:
    """Hashes, counts and parses a stream as it is written; ``close`` says if it is TEI."""

    def __init__(self, vid: str, origin: str) -> None:
        self.vid, self.origin = vid, origin
        self.sha = hashlib.sha256()
        self.size = 0
        self.parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False,
                                          no_network=True, load_dtd=False)
        self.root_seen = False

    def feed(self, chunk: bytes) -> None:
        self.sha.update(chunk)
        self.size += len(chunk)
        try:
            self.parser.feed(chunk)
        except etree.XMLSyntaxError as exc:
            raise self._not_tei(str(exc)) from exc
        self._events()

    def close(self) -> None:
        try:
            self.parser.close()
        except etree.XMLSyntaxError as exc:
            raise self._not_tei(str(exc)) from exc
        self._events()

    def _events(self) -> None:
        for event, element in self.parser.read_events():
            if not isinstance(element, etree._Element):  # "start-ns" events only: none asked for
                continue
            if event == "start" and not self.root_seen:
                self.root_seen = True
                if element.tag != TEI_ROOT:
                    raise self._not_tei(f"the root element is <{element.tag}>, not <TEI> "
                                        "in the TEI namespace")
            elif event == "end" and (parent := element.getparent()) is not None:
                element.clear()  # keep memory flat on large volumes (the tail goes too)
                while element.getprevious() is not None:
                    del parent[0]

    def _not_tei(self, detail: str) -> FetchError:
        return FetchError(self.vid, f"volume {self.vid} from {self.origin} is not TEI XML "
                                    f"({detail}); nothing was cached")


def _store(vid: str, chunks: Iterator[bytes], total: int | None, origin: str, target: Path,
           progress: Progress | None) -> tuple[str, int]:
    """Write ``chunks`` to ``target`` atomically if they are complete TEI; (sha256, size)."""
    checked = _Checked(vid, origin)

    def write(fh: IO[bytes]) -> None:
        if progress:
            progress(vid, 0, total)
        for chunk in chunks:
            fh.write(chunk)
            checked.feed(chunk)
            if progress:
                progress(vid, checked.size, total)
        if total is not None and checked.size != total:
            raise FetchError(vid, f"volume {vid}: reading {origin} was interrupted after "
                                  f"{checked.size} of {total} bytes; nothing was cached")
        checked.close()

    atomic_write(target, write)
    return checked.sha.hexdigest(), checked.size


def _copy(vid: str, source: Path, target: Path, progress: Progress | None) -> tuple[str, int]:
    try:
        fh = source.open("rb")
    except FileNotFoundError:
        raise FetchError(vid, f"volume {vid} not found in {source.parent}") from None
    except OSError as exc:
        raise FetchError(vid, f"volume {vid}: cannot read {source}: {exc}") from exc
    with fh:
        total = os.fstat(fh.fileno()).st_size

        def chunks() -> Iterator[bytes]:
            while True:
                try:
                    chunk = fh.read(CHUNK)
                except OSError as exc:
                    raise FetchError(vid, f"volume {vid}: cannot read {source}: {exc}") from exc
                if not chunk:
                    return
                yield chunk

        return _store(vid, chunks(), total, str(source), target, progress)


def _is_loopback(host: str | None) -> bool:
    if not host or host == "localhost":
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _opener(host: str | None) -> OpenerDirector:
    """urllib's opener; never through a proxy for this machine's own addresses."""
    return build_opener(ProxyHandler({})) if _is_loopback(host) else build_opener()


def _download(vid: str, url: str, target: Path, run: _Run) -> tuple[str, int]:
    unreachable = run.unreachable
    parts = urlsplit(url)
    host = parts.netloc
    if host in unreachable:
        raise FetchError(vid, f"volume {vid}: {unreachable[host]}")
    request = Request(url, headers={"User-Agent": f"coldwar-kg/{__version__}"})
    try:
        response = _opener(parts.hostname).open(request, timeout=run.timeout)
    except HTTPError as exc:
        exc.close()
        if exc.code == 404:
            raise FetchError(vid, f"volume {vid} not found at {url}") from exc
        raise FetchError(vid, f"volume {vid}: HTTP {exc.code} {exc.reason} from {url}") from exc
    except (URLError, OSError) as exc:  # DNS failure, refused, timed out, reset
        cause = exc.reason if isinstance(exc, URLError) else exc
        unreachable[host] = (f"cannot reach {host}: no network here? Use --from DIR with a "
                             f"local copy of the volumes ({str(cause) or type(cause).__name__})")
        raise FetchError(vid, f"volume {vid}: {unreachable[host]}") from exc
    except http.client.HTTPException as exc:
        raise FetchError(vid, f"volume {vid}: bad answer from {host}: {exc!r}") from exc
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None

        def chunks() -> Iterator[bytes]:
            while True:
                try:
                    chunk = response.read(CHUNK)
                except (OSError, http.client.HTTPException) as exc:
                    raise FetchError(vid, f"volume {vid}: download from {url} was interrupted "
                                          f"({exc!r}); nothing was cached") from exc
                if not chunk:
                    return
                yield chunk

        return _store(vid, chunks(), total, url, target, run.progress)
