"""The sandbox keeps connections open between requests, as Node (Medusa) and Contentful do, closes
idle ones, and a stopped sandbox leaves no connection answering; over raw sockets and httpx."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sandbox.keepalive import IDLE_TIMEOUT, KeepAliveServer
from sandbox.server import Sandbox

ROOT = Path(__file__).resolve().parents[2]


def exchange(sock: socket.socket, request: bytes) -> bytes:
    """Send one request and read its whole answer (headers and a Content-Length body)."""
    sock.sendall(request)
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))  # fmt: skip
    while len(body) < length:
        body += sock.recv(65536)
    return head


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: sandbox\r\n\r\n".encode()


def post(path: str, body: dict[str, object]) -> bytes:
    raw = json.dumps(body).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(raw)}\r\n\r\n")  # fmt: skip
    return head.encode() + raw


@pytest.fixture
def medusa(empty_sandbox: Sandbox) -> Iterator[socket.socket]:
    """A raw connection to the sandbox's Medusa."""
    host, port = empty_sandbox.urls["medusa"].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        yield sock


def test_one_connection_serves_request_after_request(medusa: socket.socket) -> None:
    first = exchange(medusa, get("/health"))
    assert b"HTTP/1.1 200" in first and b"connection: close" not in first.lower()
    assert b"connection: keep-alive\r\nkeep-alive: timeout=5" in first.lower()  # as Node says
    # A body on the same connection is read whole: the next request line is found after it.
    made = exchange(medusa, post("/_sandbox/faults", {"latency_ms": 0}))
    assert made.startswith(b"HTTP/1.1 200"), made
    assert exchange(medusa, get("/health")).startswith(b"HTTP/1.1 200")


@pytest.mark.skipif(not hasattr(socket, "TCP_CORK"), reason="TCP_CORK is Linux's")
def test_a_small_answer_arrives_whole_in_one_read(empty_sandbox: Sandbox) -> None:
    # Node corks the socket around res.end(): headers and a small body leave together. cheroot
    # sent them in two writes, and a client woke for the headers, then again for the body.
    config = empty_sandbox.config
    host, port = empty_sandbox.urls["cda"].removeprefix("http://").split(":")
    path = f"/spaces/{config.space_id}/environments/{config.environment}/locales"
    request = get(path).replace(b"\r\n\r\n", f"\r\nAuthorization: Bearer {config.delivery_token}"
                                                 "\r\n\r\n".encode())  # fmt: skip
    whole = 0
    with socket.create_connection((host, int(port)), timeout=5) as cda:
        for _ in range(20):
            whole += _whole_in_first_read(cda, request)
    assert whole == 20


def _whole_in_first_read(sock: socket.socket, request: bytes) -> bool:
    sock.sendall(request)
    first = sock.recv(65536)
    head, _, body = first.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))  # fmt: skip
    whole = len(body) == length
    while len(body) < length:
        body += sock.recv(65536)
    return whole


def test_a_client_asking_to_close_is_answered_and_closed(medusa: socket.socket) -> None:
    head = exchange(medusa, get("/health").replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
    assert b"connection: close" in head.lower() and b"keep-alive" not in head.lower()
    assert medusa.recv(1) == b""


def test_a_pooled_client_opens_one_connection(empty_sandbox: Sandbox) -> None:
    opened: list[str] = []
    url = empty_sandbox.urls["cda"] + "/spaces/sandboxspace/environments/master/entries"
    headers = {"authorization": "Bearer dev-delivery-token"}
    with httpx.Client(headers=headers) as client:
        for _ in range(5):
            response = client.get(url, extensions={"trace": lambda name, _: opened.append(name)})
            assert response.status_code == 200
    assert opened.count("connection.connect_tcp.started") == 1, opened


def test_an_idle_connection_is_closed() -> None:
    server = KeepAliveServer("127.0.0.1", 0, _ok, idle_timeout=1)
    server.start("test-idle")
    try:
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            assert exchange(sock, get("/")).startswith(b"HTTP/1.1 200")
            time.sleep(1.5)
            assert sock.recv(1) == b""  # closed by the server, as Node does after 5 s
    finally:
        server.stop()
    assert IDLE_TIMEOUT == 5  # Node's http.Server keepAliveTimeout


def test_a_stopped_sandbox_ends_the_connections_it_kept(
    empty_sandbox: Sandbox, medusa: socket.socket
) -> None:
    assert exchange(medusa, get("/health")).startswith(b"HTTP/1.1 200")
    empty_sandbox.stop()  # stopped again after the test: a second stop does nothing
    try:
        medusa.sendall(get("/health"))
        answer = medusa.recv(1)
    except OSError:  # reset
        answer = b""
    assert answer == b""


def _ok(environ: dict[str, object], start_response: object) -> list[bytes]:
    start_response("200 OK", [("Content-Length", "2")])  # type: ignore[operator]
    return [b"ok"]


LEFT_RUNNING = """
import sys
from pathlib import Path
from sandbox.config import SandboxConfig
from sandbox.server import Sandbox
urls = {name: "http://127.0.0.1:0" for name in ("medusa_url", "cda_url", "preview_url", "cma_url")}
Sandbox(SandboxConfig(data_dir=Path(sys.argv[1]), seed=False, **urls)).start()
print("started")
"""


def test_a_sandbox_left_running_does_not_keep_its_process_alive(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LEFT_RUNNING, str(tmp_path)], cwd=ROOT, capture_output=True,
        text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0 and "started" in done.stdout, done.stderr
