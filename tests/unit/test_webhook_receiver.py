"""``POST /hooks/contentful`` via the Flask test client: statuses, dedupe, queueing, start-up."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config.settings import ConfigError, Settings
from storefront import create_app, services
from sync import signing
from sync.dedupe import Dedupe
from sync.events import EventQueue
from sync.queue_sqlite import SqliteQueue
from sync.state import SqliteState
from sync.webhook import MAX_BYTES, PATH, create_blueprint
from sync.writeback import WRITEBACK_EVENT

SECRET = "s" * 64
CMA_TYPE = "application/vnd.contentful.management.v1+json"
PRODUCT_LINK = {"sys": {"type": "Link", "linkType": "ContentType", "id": "product"}}


class Harness:
    """A bare app with the blueprint, a real SQLite queue and state, and a purge recorder."""

    def __init__(self, tmp: Path, secret: str = SECRET) -> None:
        self.purged: list[tuple[str, str | None]] = []
        self.taxonomy_purged: list[str] = []
        self.shown: list[tuple[str, dict[str, Any] | None]] = []  # entry id, fields as published
        self.queue = SqliteQueue(tmp / "events.sqlite")
        self.broken_queue = False
        self.app = Flask(__name__)
        bp = create_blueprint(
            secret, self._queue, lambda: Dedupe(SqliteState(tmp / "state.sqlite")),
            self._purge, self.taxonomy_purged.append,
        )  # fmt: skip
        self.app.register_blueprint(bp)
        self.client: FlaskClient = self.app.test_client()

    def _purge(
        self, pid: str, handle: str | None, entry_id: str, fields: dict[str, Any] | None
    ) -> None:
        self.purged.append((pid, handle))
        self.shown.append((entry_id, fields))

    def _queue(self) -> EventQueue:
        if self.broken_queue:
            raise ConnectionError("queue down")
        return self.queue

    def jobs(self) -> list[Any]:
        claimed = self.queue.claim("test", 100)
        for envelope in claimed:
            self.queue.retry(envelope, "peeked", 0)
        return claimed


@pytest.fixture
def hook(tmp_path: Path) -> Iterator[Harness]:
    harness = Harness(tmp_path)
    yield harness
    harness.queue.close()


def payload(entry_id: str = "prod_1", revision: int = 1, title: str = "Mug") -> dict[str, Any]:
    sys = {"type": "Entry", "id": entry_id, "revision": revision, "contentType": PRODUCT_LINK}
    fields = {"title": {"en-US": title, "es-ES": "Taza"}, "handle": {"en-US": "mug"}}
    return {"sys": sys, "fields": fields}


def post(
    client: FlaskClient,
    body: Any,
    topic: str = "ContentManagement.Entry.publish",
    *,
    secret: str | None = SECRET,
    key: str | None = None,
    age_ms: int = 0,
    content_type: str = CMA_TYPE,
    extra: dict[str, str] | None = None,
) -> Any:
    """Send a call signed the way Contentful signs (secret None: unsigned)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": content_type, "X-Contentful-Topic": topic}
    if key:
        headers["X-Contentful-Idempotency-Key"] = key
    if secret is not None:
        stamp = int(time.time() * 1000) - age_ms
        headers.update(
            signing.sign(secret, "POST", PATH, headers, data.decode(errors="replace"), stamp)
        )
    return client.post(PATH, data=data, headers={**headers, **(extra or {})})


def test_publish_purges_and_queues_the_writeback(hook: Harness) -> None:
    response = post(hook.client, payload(), key="k1")
    assert response.status_code == 202
    assert response.json["purged"] == "prod_1" and response.json["queued"]
    assert hook.purged == [("prod_1", "mug")]
    assert hook.shown == [("prod_1", payload()["fields"])]  # the storefront compares its slugs
    (job,) = hook.jobs()
    assert (job.event, job.id) == (WRITEBACK_EVENT, "prod_1")
    assert job.payload["fields"]["title"] == {"en-US": "Mug", "es-ES": "Taza"}
    assert job.payload["revision"] == 1


def test_plain_json_content_type_is_accepted(hook: Harness) -> None:
    assert post(hook.client, payload(), content_type="application/json").status_code == 202


@pytest.mark.parametrize("action", ["unpublish", "archive", "delete"])
def test_removal_purges_without_queueing(hook: Harness, action: str) -> None:
    body = {
        "sys": {"type": "DeletedEntry", "id": "prod_9", "revision": 2, "contentType": PRODUCT_LINK}
    }
    response = post(hook.client, body, f"ContentManagement.Entry.{action}")
    assert response.status_code == 200 and response.json["purged"] == "prod_9"
    assert hook.purged == [("prod_9", None)] and hook.jobs() == []
    assert hook.shown == [("prod_9", None)]  # gone from the Delivery API
    assert hook.taxonomy_purged == []


@pytest.mark.parametrize("kind", ["collection", "category"])
@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_a_collection_or_category_goes_to_the_taxonomy_purge(
    hook: Harness, kind: str, action: str
) -> None:
    link = {"sys": {"type": "Link", "linkType": "ContentType", "id": kind}}
    sys = {"type": "Entry", "id": "c1", "revision": 2, "contentType": link}  # no pcol_ prefix
    body = {"sys": sys, "fields": {"handle": {"en-US": "summer"}}}
    response = post(hook.client, body, f"ContentManagement.Entry.{action}")
    assert response.status_code == 200 and response.json["purged"] == "c1"
    assert hook.taxonomy_purged == ["c1"] and hook.purged == [] and hook.jobs() == []


def test_other_topics_and_types_are_acknowledged_and_ignored(hook: Harness) -> None:
    asset = {"sys": {"type": "Asset", "id": "img1"}}
    assert post(hook.client, asset, "ContentManagement.Asset.publish").json == {
        "ignored": "Asset.publish"
    }
    blog = {"sys": {"type": "Entry", "id": "b1", "contentType": {"sys": {"id": "blogPost"}}}}
    assert post(hook.client, blog).status_code == 200
    assert post(hook.client, payload(), "ContentManagement.Entry.save").status_code == 200
    assert hook.purged == [] and hook.jobs() == []


def test_duplicate_by_idempotency_key_changes_nothing(hook: Harness) -> None:
    assert post(hook.client, payload(), key="same").status_code == 202
    again = post(hook.client, payload(), key="same")
    assert again.status_code == 200 and again.json["duplicate"] is True and "note" in again.json
    assert len(hook.jobs()) == 1 and len(hook.purged) == 1


def test_duplicate_without_key_by_entry_and_revision(hook: Harness) -> None:
    assert post(hook.client, payload(revision=4)).status_code == 202
    assert post(hook.client, payload(revision=4)).json["duplicate"] is True
    assert post(hook.client, payload(revision=5)).status_code == 202
    assert len(hook.jobs()) == 2


def test_stale_revision_is_dropped(hook: Harness) -> None:
    assert post(hook.client, payload(revision=7, title="New"), key="a").status_code == 202
    late = post(hook.client, payload(revision=6, title="Old"), key="b")
    assert late.status_code == 200 and late.json["stale"] is True
    assert [job.payload["fields"]["title"]["en-US"] for job in hook.jobs()] == ["New"]


@pytest.mark.parametrize(
    "how",
    [
        {"secret": None},  # unsigned
        {"secret": "f" * 64},  # forged: another secret
        {"age_ms": 31_000},  # expired: older than the 30 s TTL
        {"extra": {"x-contentful-signature": "0" * 64}},  # tampered signature
        {"extra": {"x-contentful-timestamp": "1234"}},  # seconds, not milliseconds
        {"extra": {"x-contentful-timestamp": "\u00b2"}},  # a "digit" int() refuses
        {"extra": {"x-contentful-signed-headers": "x-contentful-timestamp"}},  # too few
        {"age_ms": -31_000},  # from the future, beyond the TTL
        {"age_ms": -365 * 24 * 3600 * 1000},  # a year ahead
        {"extra": {"x-contentful-timestamp": "9" * 400}},
        {"extra": {"x-contentful-signature": "\u00e9" * 64}},  # not ASCII: not a 500
    ],
)
def test_bad_signatures_are_401(hook: Harness, how: dict[str, Any]) -> None:
    response = post(hook.client, payload(), **how)
    assert response.status_code == 401 and "error" in response.json
    assert hook.purged == [] and hook.jobs() == []


def _signed_without_topic(topic: str, key: str | None = None) -> tuple[bytes, dict[str, str]]:
    """A call whose signature covers the content type only; the topic is added afterwards."""
    data = json.dumps(payload()).encode()
    headers = {"Content-Type": CMA_TYPE}
    headers.update(signing.sign(SECRET, "POST", PATH, headers, data.decode()))
    headers["X-Contentful-Topic"] = topic
    if key:
        headers["X-Contentful-Idempotency-Key"] = key
    return data, headers


def test_a_signature_that_does_not_cover_the_topic_is_401(hook: Harness) -> None:
    data, headers = _signed_without_topic("ContentManagement.Entry.delete")
    response = hook.client.post(PATH, data=data, headers=headers)
    assert response.status_code == 401 and "x-contentful-topic" in response.json["error"]
    assert hook.purged == [] and hook.jobs() == []


def test_a_second_topic_header_is_refused(hook: Harness) -> None:
    # WSGI joins repeated headers ("a, b"): the value acted on is the one verified.
    data = json.dumps(payload()).encode()
    headers = {"Content-Type": CMA_TYPE, "X-Contentful-Topic": "ContentManagement.Entry.publish"}
    headers.update(signing.sign(SECRET, "POST", PATH, headers, data.decode()))
    pairs = [("X-Contentful-Topic", "ContentManagement.Entry.delete"), *headers.items()]
    response = hook.client.post(PATH, data=data, headers=pairs)
    assert response.status_code == 401
    assert hook.purged == [] and hook.jobs() == []


def test_an_unsigned_idempotency_key_is_ignored(hook: Harness) -> None:
    first = post(hook.client, payload("prod_1"), extra={"X-Contentful-Idempotency-Key": "k1"})
    assert first.status_code == 202
    second = post(hook.client, payload("prod_2"), key="k1")  # the key signed this time
    assert second.status_code == 202 and "duplicate" not in second.json


def test_tampered_body_is_401(hook: Harness) -> None:
    data = json.dumps(payload()).encode()
    headers = {"Content-Type": CMA_TYPE, "X-Contentful-Topic": "ContentManagement.Entry.publish"}
    headers.update(signing.sign(SECRET, "POST", PATH, headers, data.decode()))
    forged = data.replace(b"Mug", b"Hacked")
    assert hook.client.post(PATH, data=forged, headers=headers).status_code == 401
    assert hook.client.post(PATH, data=data, headers=headers).status_code == 202


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_unsupported_media_type_is_415(hook: Harness, content_type: str) -> None:
    response = post(hook.client, payload(), content_type=content_type)
    assert response.status_code == 415 and "error" in response.json


def test_oversized_body_is_413_before_reading(hook: Harness) -> None:
    big = b"{" + b" " * MAX_BYTES + b"}"
    response = post(hook.client, big, secret=None)
    assert response.status_code == 413 and "error" in response.json


def test_malformed_signed_body_is_400(hook: Harness) -> None:
    response = post(hook.client, b'{"sys": {"id": 5}}')
    assert response.status_code == 400 and "error" in response.json


def test_other_methods_are_json_405(hook: Harness) -> None:
    response = hook.client.get(PATH)
    assert response.status_code == 405 and (response.json or {})["error"]


def test_queue_failure_is_503_and_the_retry_is_accepted(hook: Harness) -> None:
    hook.broken_queue = True
    failed = post(hook.client, payload(), key="retry-me")
    assert failed.status_code == 503 and "error" in failed.json
    hook.broken_queue = False
    assert post(hook.client, payload(), key="retry-me").status_code == 202  # not a "duplicate"
    assert len(hook.jobs()) == 1


def test_unsigned_calls_accepted_without_a_secret(tmp_path: Path) -> None:
    harness = Harness(tmp_path, secret="")
    try:
        assert post(harness.client, payload(), secret=None).status_code == 202
    finally:
        harness.queue.close()


# -- start-up through create_app ------------------------------------------------------------
def production(tmp_path: Path, secret: str) -> Settings:
    values = dict(
        env="production", secret_key="k" * 40, medusa_publishable_key="pk_live",
        medusa_api_key="sk_live", contentful_delivery_token="d", contentful_preview_token="p",
        contentful_management_token="m", preview_secret="x" * 16, medusa_webhook_secret="y" * 16,
        contentful_webhook_secret=secret, data_dir=str(tmp_path), public_url="https://shop.test",
    )  # fmt: skip
    return Settings(**values)  # type: ignore[arg-type]


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="CONTENTFUL_WEBHOOK_SECRET"):
        create_app({"SETTINGS": production(tmp_path, "")})


def test_production_starts_with_a_secret(tmp_path: Path) -> None:
    app = create_app({"SETTINGS": production(tmp_path, SECRET)})
    try:
        assert post(app.test_client(), payload(), secret=None).status_code == 401
    finally:
        services.current_for(app).close()


def test_development_warns_and_accepts_unsigned_calls(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(
        contentful_webhook_secret="", data_dir=str(tmp_path), medusa_url="http://127.0.0.1:9"
    )
    with caplog.at_level(logging.WARNING, logger="sync.webhook"):
        app = create_app({"SETTINGS": settings})
    try:
        assert any("UNSIGNED" in record.getMessage() for record in caplog.records)
        body = {"sys": {"type": "DeletedEntry", "id": "prod_1", "contentType": PRODUCT_LINK}}
        response = post(app.test_client(), body, "ContentManagement.Entry.unpublish", secret=None)
        assert response.status_code == 200 and response.json["purged"] == "prod_1"
    finally:
        services.current_for(app).close()


def test_a_copy_of_a_product_entry_is_not_written_back(
    hook: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    body = payload("copy_of_prod_1")
    body["fields"]["medusaId"] = {"en-US": "prod_1"}
    with caplog.at_level(logging.WARNING, logger="sync.webhook"):
        response = post(hook.client, body)
    assert response.status_code == 200 and "not written back" in response.json["note"]
    assert hook.jobs() == []
    assert "write-back-refused" in caplog.text and "copy_of_prod_1" in caplog.text
