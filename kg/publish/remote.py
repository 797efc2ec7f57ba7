"""A remote triple store: push named graphs to it, check that they arrived, and query it.

``push`` sends each named graph of the store with the SPARQL 1.1 Graph Store HTTP
Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/, §5.3 ``PUT`` replaces a
graph, §5.5 ``POST`` adds to it) when a graph store URL is given, and with SPARQL 1.1
Update otherwise (https://www.w3.org/TR/sparql11-update/, §3.2.4 ``DROP SILENT``, §3.1.1
``INSERT DATA``), or when the graph store answers 404 or 405. Either way a pushed graph
*replaces* the remote graph of the same name; nothing is duplicated by a second push.

Large graphs go in chunks of :data:`CHUNK_TRIPLES` triples (Virtuoso limits the size of
one update): the first chunk replaces the graph, the next ones add to it, so a failure
half way leaves that one graph partly written (a re-run repairs it). Triples that share
a blank node always travel in the same chunk, since a blank node label means a fresh
node in every request.

Nothing is taken on trust. Before writing, ``push`` checks that the endpoint is a SPARQL
service and the graph store a graph store (:mod:`kg.publish.sparql_client`): a web page,
an error or silence is refused with nothing written. After writing, it counts every pushed
graph on the remote and compares with the local count, so a server that acknowledges
every write and keeps nothing is caught. Any failure raises :class:`PushError`, whose
message says what the remote now holds: the graphs replaced, the one that failed and what
it may hold, and the graphs not touched.

The query side (``remote_query``, ``query_form``) lives in :mod:`kg.publish.sparql_client`
and is re-exported here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TypedDict, Unpack
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.errors import PushError, RemoteError, UsageError
from kg.iris import is_provenance_graph
from kg.publish.sparql_client import (
    TIMEOUT_SECONDS,
    Auth,
    auth_for,
    check_graph_store,
    check_service,
    describe,
    iri_ref,
    query_form,
    remote_count,
    remote_query,
    request,
)
from kg.store import Store

__all__ = ["PushReport", "GraphPush", "PushError", "password_auth", "PushOptions",
           "PushKeywords", "push", "remote_query", "select_graphs", "RemoteError",
           "is_provenance_graph", "query_form", "CHUNK_TRIPLES", "GSP_CHUNK_TRIPLES",
           "TIMEOUT_SECONDS"]

#: Triples per SPARQL update. Virtuoso 7.2.5 refuses an INSERT DATA of 5,000 triples ("SP030
#: ... memory exhausted") and of 1,500 ("SP031 ... generated SQL text has exceeded 10000 lines").
CHUNK_TRIPLES = 1000
#: Triples per Graph Store request (Virtuoso and Oxigraph read 12,725 in one PUT).
GSP_CHUNK_TRIPLES = 50000
#: Graph IRIs named in one part of a failure message (the :class:`PushError` holds them all).
NAMES_SHOWN = 10

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class GraphPush:
    """One graph sent: its IRI, triples, the protocol used (``gsp`` or ``update``) and requests."""

    iri: str
    triples: int
    method: str
    requests: int


@dataclass
class PushReport:
    """What ``push`` did: the graphs sent, how long it took, and where they were counted back."""

    endpoint: str
    graphs: list[GraphPush] = field(default_factory=list)
    seconds: float = 0.0
    query_endpoint: str | None = None

    @property
    def triples(self) -> int:
        """Triples sent, over all graphs."""
        return sum(g.triples for g in self.graphs)

    def summary(self) -> str:
        """One line: graphs, triples, seconds, throughput, protocols, and the count back."""
        rate = self.triples / self.seconds if self.seconds else 0.0
        methods = sorted({g.method for g in self.graphs})
        return (f"pushed {len(self.graphs)} graph(s), {self.triples} triples to {self.endpoint} "
                f"in {self.seconds:.1f} s ({rate:,.0f} triples/s; {', '.join(methods) or 'nothing'}); "
                f"counted back at {self.query_endpoint}: every graph holds the local count")


def _names(iris: list[str]) -> str:
    """``<a>, <b>`` for up to :data:`NAMES_SHOWN` graphs, then how many more."""
    shown = ", ".join(f"<{g}>" for g in iris[:NAMES_SHOWN])
    return shown + (f" and {len(iris) - NAMES_SHOWN} more" if len(iris) > NAMES_SHOWN else "")


def _untouched(iris: list[str]) -> str:
    return f"{len(iris)} graph(s) not touched, as they were" + (f": {_names(iris)}" if iris else "")


def password_auth(user: str | None, password_env: str | None) -> tuple[str, str] | None:
    """``(user, password)`` for :func:`push`, the password read from the environment variable
    ``password_env`` (never from a command line; the empty password without one); ``None``
    without a user.

    >>> password_auth(None, "HOME") is None
    True

    Raises:
        UsageError: ``password_env`` names a variable that is not set.
    """
    if user is None:
        return None
    if password_env and password_env not in os.environ:
        raise UsageError(f"--password-env {password_env}: the variable is not set")
    return user, os.environ[password_env] if password_env else ""

# --- push ---------------------------------------------------------------------------------

def select_graphs(store: Store, graphs: Iterable[str] | None = None,
                  provenance: bool = True) -> list[str]:
    """The store's graphs to push: ``graphs`` (all when ``None``), without the provenance
    graphs unless ``provenance``.

    Raises:
        RemoteError: a requested graph is not in the store.
    """
    known = store.graphs()
    if graphs is not None:
        wanted = list(dict.fromkeys(graphs))
        missing = [g for g in wanted if g not in set(known)]
        if missing:
            raise RemoteError(f"not a graph of the store: {', '.join(f'<{g}>' for g in missing)}")
        known = wanted
    return [g for g in known if provenance or not is_provenance_graph(g)]


def _chunks(triples: list[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """Triples in chunks of about ``size``; triples linked through blank nodes stay together."""
    parent: dict[str, str] = {}

    def find(b: str) -> str:
        parent.setdefault(b, b)
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    for t in triples:
        nodes = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if len(nodes) == 2:
            parent[find(nodes[0])] = find(nodes[1])
        elif nodes:
            find(nodes[0])
    groups: dict[str, list[ox.Triple]] = {}
    chunk: list[ox.Triple] = []
    for t in triples:
        node = t.subject if isinstance(t.subject, ox.BlankNode) else t.object
        if isinstance(node, ox.BlankNode):
            groups.setdefault(find(node.value), []).append(t)
            continue
        chunk.append(t)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    for group in groups.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)
    if chunk or not triples:
        yield chunk


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


class _Pusher:
    """One push session: an HTTP client, whether the graph store is still usable, and how
    far the graph being sent has got (for the message when a request fails)."""

    def __init__(self, client: httpx.Client, endpoint: str, graph_store: str | None,
                 chunk: int, gsp_chunk: int) -> None:
        self.client = client
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.chunk, self.gsp_chunk = chunk, gsp_chunk
        self.method = "gsp" if graph_store else "update"
        self.done_requests = self.done_triples = self.total_requests = 0

    def send(self, iri: str, triples: list[ox.Triple], progress: Progress | None) -> GraphPush:
        method = "gsp" if self.graph_store else "update"
        chunks = list(_chunks(triples, self.gsp_chunk if method == "gsp" else self.chunk))
        self.method, self.total_requests = method, len(chunks)
        self.done_requests = self.done_triples = 0
        for i, chunk in enumerate(chunks):
            if method == "gsp":
                if not self._gsp(iri, chunk, replace=i == 0):
                    # no graph store after all (404/405): SPARQL Update from here on
                    self.graph_store = None
                    return self.send(iri, triples, progress)
            else:
                self._update(iri, chunk, replace=i == 0)
            self.done_requests += 1
            self.done_triples += len(chunk)
            if progress:
                progress(iri, len(chunk))
        return GraphPush(iri, sum(len(c) for c in chunks), method, len(chunks))

    def state(self, total: int) -> str:
        """What the graph being sent may hold now that a request for it failed."""
        done, sent, requests = self.done_requests, self.done_triples, self.total_requests
        if self.method == "gsp" and not done:
            return ("was not replaced: its PUT (which replaces a graph in one request) failed, "
                    "so it should hold what it held before")
        if self.method == "gsp":
            return (f"is replaced in part: the PUT and {done - 1} POST(s) of {requests} requests "
                    f"went through, {sent:,} of {total:,} triples")
        if not done:
            return ("may be as it was or empty: its first request (DROP SILENT GRAPH, then INSERT "
                    "of the first chunk) failed, and a server that does not apply a request as a "
                    "whole may have carried out the DROP")
        return (f"is replaced in part: dropped, then {sent:,} of {total:,} triples inserted again "
                f"({done} of {requests} requests)")

    def _gsp(self, iri: str, chunk: list[ox.Triple], replace: bool) -> bool:
        """PUT (replace) or POST (add) one chunk; False when the server has no graph store."""
        verb = "PUT" if replace else "POST"
        url = str(self.graph_store)
        # N-Triples is Turtle: text/turtle is the one type every graph store reads.
        response = request(self.client, verb, url, params={"graph": iri}, content=_ntriples(chunk),
                           headers={"Content-Type": "text/turtle; charset=utf-8"})
        if response.status_code in (404, 405) and replace:
            return False
        self._check(verb, url, response)
        return True

    def _update(self, iri: str, chunk: list[ox.Triple], replace: bool) -> None:
        graph = iri_ref(iri)
        parts = [f"DROP SILENT GRAPH {graph}"] if replace else []
        if chunk:
            data = _ntriples(chunk).decode("utf-8")
            if any(isinstance(n, ox.BlankNode) for t in chunk for n in (t.subject, t.object)):
                # Virtuoso allows no blank node in INSERT DATA; a template with an empty
                # WHERE inserts the same triples, each blank node once (§3.1.3).
                parts.append(f"INSERT {{ GRAPH {graph} {{\n{data}}} }} WHERE {{}}")
            else:
                parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{data}}} }}")
        response = request(self.client, "POST", self.endpoint, data={"update": " ;\n".join(parts)})
        self._check("POST", self.endpoint, response)

    @staticmethod
    def _check(verb: str, url: str, response: httpx.Response) -> None:
        if response.status_code >= 300:
            hint = " (wrong or missing user and password?)" if response.status_code in (401, 403) else ""
            raise RemoteError(f"{verb} {url} answered {describe(response)}{hint}")


@dataclass(frozen=True)
class PushOptions:
    """How :func:`push` sends the graphs.

    Attributes:
        graph_store: the Graph Store HTTP Protocol endpoint (Oxigraph ``/store``, Virtuoso
            ``/sparql-graph-crud-auth``); when it answers 404 or 405, SPARQL Update is used.
        query_endpoint: where to count the graphs back (default: the endpoint itself when it
            answers queries, as Virtuoso's and Fuseki's do; else, for an endpoint ending in
            ``/update``, the same URL ending in ``/query``, as Oxigraph's).
        auth: ``(user, password)`` (Digest or Basic, as the server asks) or an ``httpx.Auth``.
        graphs: graph IRIs to send (default: every named graph; see :func:`select_graphs`).
        progress: called with ``(graph IRI, triples sent)`` after every request.
        chunk_triples: triples per SPARQL update.
        gsp_chunk_triples: triples per Graph Store request.
        timeout: seconds to wait for the server: to connect, and for each read or write.

    >>> PushOptions(chunk_triples=2).gsp_chunk_triples == GSP_CHUNK_TRIPLES
    True
    """

    graph_store: str | None = None
    query_endpoint: str | None = None
    auth: Auth = None
    graphs: Iterable[str] | None = None
    progress: Progress | None = None
    chunk_triples: int = CHUNK_TRIPLES
    gsp_chunk_triples: int = GSP_CHUNK_TRIPLES
    timeout: float = TIMEOUT_SECONDS


class PushKeywords(TypedDict, total=False):
    """:class:`PushOptions` as keyword arguments of :func:`push`.

    >>> from dataclasses import fields
    >>> set(PushKeywords.__annotations__) == {f.name for f in fields(PushOptions)}
    True
    """

    graph_store: str | None
    query_endpoint: str | None
    auth: Auth
    graphs: Iterable[str] | None
    progress: Progress | None
    chunk_triples: int
    gsp_chunk_triples: int
    timeout: float


def _query_endpoint(client: httpx.Client, endpoint: str, answers_queries: bool,
                    given: str | None) -> str:
    """Where to count the graphs back: ``given``, the endpoint, or its ``/query`` sibling."""
    if given is None and answers_queries:
        return endpoint
    url = given
    if url is None:
        parts = urlsplit(endpoint)
        if not parts.path.endswith("/update"):
            raise RemoteError(f"{endpoint} takes updates but answers no queries, so the push "
                              "could not be counted back: give the store's query endpoint "
                              "(--query-endpoint)")
        url = urlunsplit(parts._replace(path=parts.path[:-len("update")] + "query"))
    if url != endpoint and not check_service(client, url):
        raise RemoteError(f"{url} answers no queries (it describes an update service), so "
                          "the push could not be counted back: give the store's query "
                          "endpoint (--query-endpoint)")
    return url


def _preflight(client: httpx.Client, endpoint: str, opts: PushOptions, selected: list[str]) -> str:
    """Check the endpoint, the query endpoint and the graph store before writing anything;
    the query endpoint to count back at.

    Raises:
        PushError: one of them is not what it should be; nothing was written.
    """
    try:
        answers = check_service(client, endpoint)
        query = _query_endpoint(client, endpoint, answers, opts.query_endpoint)
        if opts.graph_store and selected:
            check_graph_store(client, opts.graph_store, selected[0])
    except RemoteError as exc:
        raise PushError(f"{exc}. Nothing was written: the remote holds what it held before "
                        f"({_untouched(selected)})", untouched=selected) from exc
    return query


def _count_now(client: httpx.Client, query: str, iri: str) -> str:
    """What the remote counts in one graph, in words (or why that is unknown)."""
    try:
        return f"the remote counts {remote_count(client, query, iri):,} triples in it"
    except RemoteError as exc:
        return f"its count on the remote cannot be read ({exc})"


def _half_way(exc: RemoteError, pusher: _Pusher, client: httpx.Client, query: str,
              selected: list[str], done: list[str], total: int) -> PushError:
    """The error for a request that failed: the graphs replaced, the failed one, the rest."""
    failed = selected[len(done)]
    untouched = selected[len(done) + 1:]
    replaced = (f"{len(done)} graph(s) replaced, every request acknowledged: {_names(done)}"
                if done else "no graph replaced")
    return PushError(f"push failed at graph {len(done) + 1} of {len(selected)}, <{failed}>: {exc}. "
                     f"The remote now holds: {replaced}; <{failed}> {pusher.state(total)} "
                     f"({_count_now(client, query, failed)}); {_untouched(untouched)}. "
                     "Run the push again to replace them all",
                     replaced=done, failed=failed, untouched=untouched)


def _count_back(client: httpx.Client, report: PushReport) -> None:
    """Count every pushed graph on the remote and compare with what was sent.

    Raises:
        PushError: a count differs, or the counts cannot be read.
    """
    query = str(report.query_endpoint)
    pushed = [g.iri for g in report.graphs]
    differing: dict[str, tuple[int, int]] = {}
    for sent in report.graphs:
        try:
            remote = remote_count(client, query, sent.iri)
        except RemoteError as exc:
            raise PushError(f"every graph was sent and acknowledged, but counting them back at "
                            f"{query} failed: {exc}. The remote should hold the {len(pushed)} "
                            f"pushed graph(s) ({_names(pushed)}), unverified", replaced=pushed) from exc
        if remote != sent.triples:
            differing[sent.iri] = (remote, sent.triples)
    if differing:
        shown = [f"{remote:,} of {local:,} triples of graph <{iri}>"
                 for iri, (remote, local) in list(differing.items())[:NAMES_SHOWN]]
        more = len(differing) - len(shown)
        kept = [g for g in pushed if g not in differing]
        raise PushError(f"the remote did not keep what it acknowledged: counted at {query}, it "
                        f"holds {'; '.join(shown)}" + (f"; and {more} more graph(s) differ" if more else "")
                        + f". {len(kept)} of {len(pushed)} graph(s) hold the local count"
                        + (f": {_names(kept)}" if kept else ""),
                        replaced=kept, differing=differing)


def push(store: Store, endpoint: str, options: PushOptions | None = None,
         **keywords: Unpack[PushKeywords]) -> PushReport:
    """Send named graphs of ``store`` to a remote store, replacing the graphs of the same
    name; check the remote first and count every graph back after.

    Args:
        endpoint: the SPARQL 1.1 Update endpoint (Oxigraph ``/update``, Virtuoso
            ``/sparql-auth``), used when there is no graph store.
        options: how to send (:class:`PushOptions`); ``keywords`` set single options
            (``push(store, url, graph_store=..., auth=(user, password))``).

    Raises:
        UsageError: a time-out that is not a positive number of seconds.
        RemoteError: a requested graph is not in the store (nothing sent).
        PushError: the endpoint or graph store is not a SPARQL service (nothing written),
            a request failed or went unanswered (the message names the graphs replaced,
            the one that failed and its state, and those not touched), or the remote
            counts differ from the local ones (the message names the graphs).
    """
    opts = replace(options or PushOptions(), **keywords)
    if not opts.timeout > 0:
        raise UsageError(f"time-out {opts.timeout!r}: give a positive number of seconds")
    selected = select_graphs(store, opts.graphs)
    report = PushReport(endpoint)
    started = time.perf_counter()
    with httpx.Client(auth=auth_for(opts.auth), timeout=opts.timeout) as client:
        report.query_endpoint = _preflight(client, endpoint, opts, selected)
        pusher = _Pusher(client, endpoint, opts.graph_store, opts.chunk_triples,
                         opts.gsp_chunk_triples)
        for iri in selected:
            triples = [q.triple for q in store.quads([iri])]
            try:
                report.graphs.append(pusher.send(iri, triples, opts.progress))
            except RemoteError as exc:
                raise _half_way(exc, pusher, client, report.query_endpoint, selected,
                                [g.iri for g in report.graphs], len(triples)) from exc
        report.seconds = time.perf_counter() - started
        _count_back(client, report)
    return report
