"""Loopback servers for the endpoint and reader tests: a live uvicorn server for an app, and a
listener that records every connection made to it (what no request or input may reach)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

import uvicorn

#: A SPARQL JSON result with one empty solution.
RESULTS = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
#: The reply of a SPARQL endpoint answering ``RESULTS``: a query that reached it finishes at once.
SPARQL_EMPTY_SOLUTION = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                         b"\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s"
                         % (len(RESULTS), RESULTS))
#: An empty 404: a fetch that reached the listener fails at once.
HTTP_NOT_FOUND = b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"


class LiveServer:
    """uvicorn serving an app in a background thread on a free loopback port (``url``); or a
    ready :class:`uvicorn.Server` (the one ``kg serve`` runs, from :func:`kg.server.make_server`)."""

    def __init__(self, app: Any, log_level: str = "warning") -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        if isinstance(app, uvicorn.Server):
            self.server, self.app = app, app.config.app
        else:
            self.app = app
            self.server = uvicorn.Server(uvicorn.Config(app, log_level=log_level, lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.sock.close()


class Listener:
    """A loopback TCP server in a thread recording every connection made to it, for checking
    that nothing connects. With ``reply`` it reads the first bytes of each connection, records
    them and answers ``reply``; without, it records a marker and closes the connection at once
    (so a query that reached it fails fast)."""

    def __init__(self, reply: bytes | None = None) -> None:
        self.reply = reply
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections: list[bytes] = []  # appended by the accept thread only
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def count(self) -> int:
        """Connections so far."""
        return len(self.connections)

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                if self.reply is None:
                    self.connections.append(b"(closed unread)")
                    continue
                conn.settimeout(2)
                try:
                    first = conn.recv(2048) or b"(nothing sent)"
                except OSError:
                    first = b"(connection reset)"
                self.connections.append(first)
                with contextlib.suppress(OSError):
                    conn.sendall(self.reply)

    def settled(self, since: int | None = None, wait_s: float = 0.3) -> int:
        """The count once a connection still on its way would have arrived (at once when it
        has grown past ``since``)."""
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline and (since is None or self.count == since):
            time.sleep(0.01)
        return self.count

    def close(self) -> None:
        """Stop accepting."""
        self.stopped.set()
        self.thread.join(5)
        self.sock.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
