"""The sandbox's HTTP server: threaded, and keeping HTTP/1.1 connections open as the real
services do.

werkzeug's development server answers every request with ``Connection: close`` (and, after each
response, reads whatever the client sent next for 10 ms, to discard it), so each request of a
pooled client (httpx, the official SDKs) paid a new TCP connection and a new server thread, and
no client ever met what real servers do with idle connections. Medusa runs on Node's HTTP
server, which keeps a connection open between requests and closes it after ``keepAliveTimeout``
(5 s) without one; Contentful's API hosts keep connections open too. cheroot (CherryPy's WSGI
server) does the same here: connections idle for ``IDLE_TIMEOUT`` are closed, and ``stop`` ends
every connection still open, so a stopped sandbox API refuses every client, pooled or not, as a
stopped process would.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from typing import Any

from cheroot import server, wsgi

SERVER_NAME = "storefront-sandbox"  # the Server header
IDLE_TIMEOUT = 5  # seconds: Node's default http.Server keepAliveTimeout
THREADS = 32  # requests served at once, per API (cheroot's pool does not grow by itself)
BACKLOG = 128  # pending connections (cheroot's default of 5 refuses bursts of new clients)
TICK = 0.05  # seconds between cheroot's checks for idle connections and for a stop request
MAX_KEPT = 1000  # idle connections kept open at once (Node sets no limit)


class KeepAliveServer:
    """One sandbox API on ``host:port`` (port 0: a free one), served from a background thread."""

    def __init__(self, host: str, port: int, app: Any, idle_timeout: int = IDLE_TIMEOUT) -> None:
        self._server = wsgi.Server(
            (host, port), _announced(app, idle_timeout), numthreads=THREADS, timeout=idle_timeout,
            server_name=SERVER_NAME, request_queue_size=BACKLOG,
        )  # fmt: skip
        self._server.ConnectionClass = _OneWriteConnection
        self._server.expiration_interval = TICK  # cheroot's 0.5 s made each stop take that
        self._server.keep_alive_conn_limit = MAX_KEPT  # cheroot's 10 closed the eleventh
        _in_daemon_thread(self._server.prepare)  # binds now: the real port is known at once
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        """The address the server is bound to."""
        return str(self._server.bind_addr[0])

    @property
    def port(self) -> int:
        """The port the server is bound to."""
        return int(self._server.bind_addr[1])

    def start(self, name: str) -> None:
        """Serve in a daemon thread called ``name``."""
        self._thread = threading.Thread(target=self._server.serve, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop accepting, end the open connections, and wait for the serving thread."""
        self._server.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)


class _OneWriteRequest(server.HTTPRequest):
    """cheroot's request, its answer leaving in as few segments as its size allows.

    cheroot sends the status line and headers, then each body chunk, each in its own
    ``send``: a small JSON answer reached the client as two segments, and the client read the
    headers, woke again for the body. Node's HTTP server (Medusa's) corks the socket around
    ``res.end()``, so headers and a small body leave together; CDNs (Contentful's) write them
    together too. Linux's ``TCP_CORK`` does the same here (elsewhere nothing changes).
    """

    def respond(self) -> None:
        """Answer with the socket corked: the kernel sends full segments, the rest at the end."""
        cork = getattr(socket, "TCP_CORK", None)
        if cork is None:
            super().respond()
            return
        sock = self.conn.socket
        sock.setsockopt(socket.IPPROTO_TCP, cork, 1)
        try:
            super().respond()
        finally:
            _uncork(sock, cork)


def _uncork(sock: socket.socket, cork: int) -> None:
    with contextlib.suppress(OSError):  # the client went away: nothing is left to send
        sock.setsockopt(socket.IPPROTO_TCP, cork, 0)


class _OneWriteConnection(server.HTTPConnection):
    """cheroot's connection, answering with `_OneWriteRequest`."""

    RequestHandlerClass = _OneWriteRequest


def _announced(app: Any, idle_timeout: int) -> Any:
    """``app`` answering with the headers Node sends on a connection it keeps (cheroot leaves
    them out on HTTP/1.1, where keeping it is the default): ``Connection: keep-alive`` and
    ``Keep-Alive: timeout=5``. Clients read the timeout: undici (Node's fetch, which the official
    SDKs use) drops its idle connections by it."""

    def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        asked_to_close = environ.get("HTTP_CONNECTION", "").lower() == "close"
        if asked_to_close or environ.get("SERVER_PROTOCOL") != "HTTP/1.1":
            return app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [("Connection", "keep-alive"), ("Keep-Alive", f"timeout={idle_timeout}")]
            return start_response(status, [*headers, *kept], exc_info)

        return app(environ, start)

    return wsgi_app


def _in_daemon_thread(call: Callable[[], object]) -> None:
    """Run ``call`` in a daemon thread and wait for it, raising what it raised.

    A thread is a daemon when the thread that made it is, and cheroot makes its worker threads
    in ``prepare``: made from here, they never keep the process from exiting, even when a
    sandbox was left running (werkzeug's server threads were daemons too).
    """
    failed: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            failed.append(exc)

    thread = threading.Thread(target=run, name="sandbox-bind", daemon=True)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
