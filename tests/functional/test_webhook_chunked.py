"""Chunked webhook bodies (no Content-Length) over a real server: the size limit is a 413."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from flask import Flask
from werkzeug.serving import make_server

from sync import signing
from sync.dedupe import Dedupe
from sync.queue_sqlite import SqliteQueue
from sync.state import SqliteState
from sync.webhook import MAX_BYTES, PATH, create_blueprint

SECRET = "c" * 64
CMA_TYPE = "application/vnd.contentful.management.v1+json"


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BYTES  # as create_app sets it
    app.register_blueprint(create_blueprint(
        SECRET, lambda: SqliteQueue(tmp_path / "q.sqlite"),
        lambda: Dedupe(SqliteState(tmp_path / "s.sqlite")), lambda *purged: None,
        lambda record_id: None,
    ))  # fmt: skip
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{PATH}"
    server.shutdown()


def _body(size: int) -> bytes:
    """A publish payload of exactly `size` bytes."""
    sys = {"type": "Entry", "id": "p1", "revision": 1}
    empty = json.dumps({"sys": sys, "fields": {"pad": {"en-US": ""}}}).encode()
    return json.dumps(
        {"sys": sys, "fields": {"pad": {"en-US": "a" * (size - len(empty))}}}
    ).encode()


def _post_chunked(url: str, body: bytes) -> httpx.Response:
    headers = {"Content-Type": CMA_TYPE, "X-Contentful-Topic": "ContentManagement.Entry.publish"}
    headers.update(signing.sign(SECRET, "POST", PATH, headers, body.decode()))

    def chunks() -> Iterator[bytes]:  # a generator body: httpx sends Transfer-Encoding: chunked
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    return httpx.post(url, content=chunks(), headers=headers, timeout=10)


@pytest.mark.parametrize("size", [MAX_BYTES + 1, MAX_BYTES + 100_000])
def test_a_signed_chunked_body_over_the_limit_is_413(url: str, size: int) -> None:
    response = _post_chunked(url, _body(size))
    assert response.status_code == 413 and "larger" in response.json()["error"]


def test_a_signed_chunked_body_at_the_limit_is_verified(url: str) -> None:
    response = _post_chunked(url, _body(MAX_BYTES))
    assert response.status_code == 200  # not a product: acknowledged, signature accepted


def test_a_chunked_medusa_hook_body_over_its_limit_is_413(tmp_path: Path) -> None:
    from sync.medusa_hook import MAX_BYTES as HOOK_MAX
    from sync.medusa_hook import create_blueprint as medusa_blueprint
    from sync.medusa_hook import sign

    queue = SqliteQueue(tmp_path / "events.sqlite")
    app = Flask(__name__)  # no MAX_CONTENT_LENGTH: the hook bounds its own reads
    app.register_blueprint(
        medusa_blueprint("m" * 32, lambda: queue, lambda: SqliteState(tmp_path / "s.sqlite"))
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        body = b'{"event": "product.updated", "id": "prod_1", "pad": "' + b"a" * HOOK_MAX + b'"}'
        stamp = int(time.time() * 1000)
        headers = {"Content-Type": "application/json", "X-Medusa-Timestamp": str(stamp),
                   "X-Medusa-Signature": sign("m" * 32, stamp, body)}  # fmt: skip
        url = f"http://127.0.0.1:{server.server_port}/hooks/medusa"
        response = httpx.post(url, content=iter([body[:1000], body[1000:]]), headers=headers)
        assert response.status_code == 413
        assert queue.stats().depth == 0
    finally:
        server.shutdown()
