"""`POST /hooks/medusa`: signed calls are enqueued and synced; forged or stale ones are not."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from sync.medusa_hook import MAX_BYTES, create_blueprint, sign
from sync.queue_sqlite import SqliteQueue
from tests.functional.sync_helpers import built, create_product, drain, entry, queue_of, start

SECRET = "test-medusa-secret"


@pytest.fixture
def queue(tmp_path: Path) -> SqliteQueue:
    return SqliteQueue(tmp_path / "events.sqlite")


@pytest.fixture
def client(queue: SqliteQueue) -> Any:
    app = Flask(__name__)
    app.register_blueprint(create_blueprint(SECRET, lambda: queue))
    return app.test_client()


def _message(event: str = "product.updated", entity_id: str = "prod_1") -> bytes:
    return json.dumps({"event": event, "id": entity_id, "data": {"id": entity_id}}).encode()


def _post(
    client: Any,
    body: bytes,
    stamp: int | None = None,
    signature: str | None = None,
    content_type: str = "application/json",
) -> Any:
    stamp = int(time.time() * 1000) if stamp is None else stamp
    headers = {
        "X-Medusa-Timestamp": str(stamp),
        "X-Medusa-Signature": signature or sign(SECRET, stamp, body),
    }
    return client.post("/hooks/medusa", data=body, headers=headers, content_type=content_type)


def test_a_signed_event_is_enqueued(client: Any, queue: SqliteQueue) -> None:
    response = _post(client, _message())
    assert response.status_code == 202 and response.json["event"] == "product.updated"
    claimed = queue.claim("test", 10)
    assert [(e.event, e.id) for e in claimed] == [("product.updated", "prod_1")]


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("forged", 401),
        ("expired", 401),
        ("future", 401),
        ("unsigned", 401),
        ("bad-stamp", 401),
        ("not-json-type", 415),
        ("too-large", 413),
        ("junk-body", 400),
        ("no-id", 400),
    ],
)
def test_refused_calls_enqueue_nothing(
    client: Any, queue: SqliteQueue, case: str, status: int
) -> None:
    body, now = _message(), int(time.time() * 1000)
    if case == "forged":
        response = _post(client, body, signature=sign("other-secret", now, body))
    elif case == "expired":
        response = _post(client, body, stamp=now - 301_000)
    elif case == "future":
        response = _post(client, body, stamp=now + 301_000)
    elif case == "unsigned":
        response = client.post("/hooks/medusa", data=body, content_type="application/json")
    elif case == "bad-stamp":
        response = client.post(
            "/hooks/medusa",
            data=body,
            content_type="application/json",
            headers={"X-Medusa-Timestamp": "yesterday", "X-Medusa-Signature": "ab"},
        )
    elif case == "not-json-type":
        response = _post(client, body, content_type="text/plain")
    elif case == "too-large":
        response = _post(client, b"{" + b" " * MAX_BYTES + b"}")
    elif case == "junk-body":
        response = _post(client, b"[1, 2")
    else:
        response = _post(client, json.dumps({"event": "product.updated"}).encode())
    assert response.status_code == status
    assert response.is_json and response.json["error"]
    assert queue.stats().depth == 0


def test_a_tampered_body_with_a_valid_old_signature_is_refused(
    client: Any, queue: SqliteQueue
) -> None:
    now = int(time.time() * 1000)
    signature = sign(SECRET, now, _message(entity_id="prod_1"))
    response = _post(client, _message(entity_id="prod_2"), stamp=now, signature=signature)
    assert response.status_code == 401 and queue.stats().depth == 0


def test_a_hooked_event_is_synced_by_the_worker(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path)
    product_id = create_product(box, "Hooked Hat")
    queue = queue_of(settings)
    queue.ack(queue.claim("test", 10)[0])  # Medusa's own event is gone: only the hook remains
    app = Flask(__name__)
    app.register_blueprint(create_blueprint(SECRET, lambda: queue_of(settings)))
    assert _post(app.test_client(), _message("product.created", product_id)).status_code == 202
    parts = built(settings)
    try:
        drain(settings, parts)
    finally:
        parts.close()
    assert (entry(box, product_id) or {})["fields"]["title"] == {"en-US": "Hooked Hat"}


def test_the_storefront_app_mounts_the_hook_on_the_sync_queue(tmp_path: Path) -> None:
    from storefront import create_app, services
    from storefront.config import Settings
    from sync.events import embedded_queue_path

    settings = Settings(env="test", data_dir=str(tmp_path), medusa_webhook_secret=SECRET)
    app = create_app({"SETTINGS": settings})
    body, stamp = _message("product.deleted", "prod_9"), int(time.time() * 1000)
    headers = {"X-Medusa-Timestamp": str(stamp), "X-Medusa-Signature": sign(SECRET, stamp, body)}
    try:
        response = app.test_client().post(
            "/hooks/medusa", data=body, headers=headers, content_type="application/json"
        )
        assert response.status_code == 202
        claimed = SqliteQueue(embedded_queue_path(tmp_path)).claim("t", 10, 0)
        assert [(e.event, e.id) for e in claimed] == [("product.deleted", "prod_9")]
    finally:
        services.current_for(app).close()
