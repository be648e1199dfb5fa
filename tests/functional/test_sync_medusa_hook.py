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
from sync.state import SqliteState, open_state
from tests.functional.sync_helpers import (
    admin,
    built,
    create_product,
    drain,
    entry,
    queue_of,
    start,
)

SECRET = "test-medusa-secret"


@pytest.fixture
def queue(tmp_path: Path) -> SqliteQueue:
    return SqliteQueue(tmp_path / "events.sqlite")


@pytest.fixture
def client(queue: SqliteQueue, tmp_path: Path) -> Any:
    app = Flask(__name__)
    state = SqliteState(tmp_path / "state.sqlite")
    app.register_blueprint(create_blueprint(SECRET, lambda: queue, lambda: state))
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
        ("huge-stamp", 401),
        ("odd-digit-stamp", 401),
        ("internal-job", 400),
        ("unknown-event", 400),
        ("odd-id", 400),
        ("non-ascii-signature", 401),
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
    elif case == "huge-stamp":  # a 400-digit number overflows a float comparison
        response = _post(client, body, stamp=int("9" * 400))
    elif case == "odd-digit-stamp":
        headers = {"X-Medusa-Timestamp": "\u00b2", "X-Medusa-Signature": "ab"}
        response = client.post(
            "/hooks/medusa", data=body, content_type="application/json", headers=headers
        )
    elif case == "internal-job":  # the write-back job's name, signed: still not a Medusa event
        response = _post(client, _message("contentful.entry.publish"))
    elif case == "unknown-event":
        response = _post(client, _message("order.placed"))
    elif case == "non-ascii-signature":
        response = _post(client, body, signature="\u00e9" * 64)
    elif case == "odd-id":
        response = _post(client, _message(entity_id="../prod_1"))
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


def test_a_replayed_signed_call_is_queued_once(client: Any, queue: SqliteQueue) -> None:
    body, stamp = _message(), int(time.time() * 1000)
    first = _post(client, body, stamp=stamp)
    replays = [_post(client, body, stamp=stamp) for _ in range(3)]
    assert first.status_code == 202 and "duplicate" not in first.json
    assert [r.status_code for r in replays] == [202] * 3  # the sender need not retry
    assert all(r.json["duplicate"] for r in replays)
    assert queue.stats().depth == 1
    assert _post(client, body, stamp=stamp + 1).status_code == 202  # the sender's own retry


def test_a_caller_cannot_set_internal_fields(client: Any, queue: SqliteQueue) -> None:
    hostile = {
        "event": "product.updated",
        "id": "prod_1",
        "data": {"id": "prod_1"},
        "revision": 999999,
        "entry_id": "prod_1",
        "fields": {"title": {"en-US": "Pwned"}},
    }
    assert _post(client, json.dumps(hostile).encode()).status_code == 202
    (queued,) = queue.claim("test", 10)
    assert queued.payload == {"event": "product.updated", "id": "prod_1", "data": {"id": "prod_1"}}


def test_a_signed_write_back_job_changes_nothing_in_medusa(
    make_sandbox: Any, tmp_path: Path
) -> None:
    box, settings = start(make_sandbox, tmp_path)
    product_id = create_product(box, "Honest Hat")
    app = Flask(__name__)
    app.register_blueprint(
        create_blueprint(SECRET, lambda: queue_of(settings), lambda: open_state(settings))
    )
    job = {
        "event": "contentful.entry.publish",
        "id": product_id,
        "entry_id": product_id,
        "revision": 999999,
        "fields": {"title": {"en-US": "Pwned Hat"}},
    }
    assert _post(app.test_client(), json.dumps(job).encode()).status_code == 400
    parts = built(settings)
    try:
        drain(settings, parts)
    finally:
        parts.close()
    with admin(box) as medusa:
        product = medusa.get(f"/admin/products/{product_id}").json()["product"]
    assert product["title"] == "Honest Hat"


def test_a_hooked_event_is_synced_by_the_worker(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path)
    product_id = create_product(box, "Hooked Hat")
    queue = queue_of(settings)
    queue.ack(queue.claim("test", 10)[0])  # Medusa's own event is gone: only the hook remains
    app = Flask(__name__)
    app.register_blueprint(
        create_blueprint(SECRET, lambda: queue_of(settings), lambda: open_state(settings))
    )
    assert _post(app.test_client(), _message("product.created", product_id)).status_code == 202
    parts = built(settings)
    try:
        drain(settings, parts)
    finally:
        parts.close()
    assert (entry(box, product_id) or {})["fields"]["title"] == {"en-US": "Hooked Hat"}


def test_the_storefront_app_mounts_the_hook_on_the_sync_queue(tmp_path: Path) -> None:
    from config.settings import Settings
    from storefront import create_app, services
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
