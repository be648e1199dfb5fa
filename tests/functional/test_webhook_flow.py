"""Contentful -> storefront and Medusa over real HTTP: the sandbox's CMA delivers signed webhooks
to a storefront server on a free port; the sync worker runs in-process until the queue drains."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from flask import Flask
from werkzeug.serving import make_server

from config.settings import DEV_WEBHOOK_SECRET, Settings
from sandbox.server import Sandbox
from storefront import create_app, services
from sync import signing
from sync.assembly import build_sync, events_path, make_cma
from sync.guard import LoopGuard
from sync.setup import run_setup
from sync.state import PREFIX
from sync.webhook import PATH
from sync.writeback import WRITEBACK_EVENT, job_payload
from tests.conftest import settings_for
from tests.functional.storefront_helpers import TSHIRT, admin, cma, edit_entry, product_id
from tests.functional.sync_helpers import Counter, create_product, drain, queue_of

ES_TITLE = "Camiseta de Algodón Orgánico"
EN_TITLE = "Organic Cotton T-Shirt"


class _Slot:
    """A WSGI app filled in after the server is bound (the app needs the server's URL)."""

    app: Flask | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        assert self.app is not None
        return self.app(environ, start_response)


@dataclass
class Env:
    box: Sandbox
    settings: Settings
    url: str
    app: Flask
    pid: str

    def page(self, lang: str = "en") -> str:
        """The product page's heading, fetched over HTTP from the storefront server."""
        text = httpx.get(f"{self.url}/products/{TSHIRT}?lang={lang}", timeout=10).text
        found = re.search(r"<h1>(.*?)</h1>", text)
        assert found, text[:500]
        return found.group(1)

    def medusa_title(self) -> str:
        with admin(self.box) as client:
            return str(client.get(f"/admin/products/{self.pid}").json()["product"]["title"])

    def calls(self) -> list[dict[str, Any]]:
        """The webhook call log (newest first), each with its full request."""
        space = self.box.config.space_id
        headers = {"Authorization": f"Bearer {self.box.config.management_token}"}
        with httpx.Client(base_url=self.box.urls["cma"], headers=headers, timeout=10) as client:
            hooks = client.get(f"/spaces/{space}/webhook_definitions").json()["items"]
            base = f"/spaces/{space}/webhooks/{hooks[0]['sys']['id']}/calls"
            items = client.get(base).json()["items"]
            return [client.get(f"{base}/{item['sys']['id']}").json() for item in items]


def wait_for_deliveries(box: Sandbox, timeout: float = 10) -> None:
    """Until the sandbox's webhook worker has nothing queued."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if httpx.get(f"{box.urls['cma']}/_sandbox/webhooks/idle", timeout=5).json()["idle"]:
            return
        time.sleep(0.02)
    raise AssertionError("webhook deliveries did not finish")


@contextmanager
def serving(box: Sandbox, tmp_path: Path, **changes: Any) -> Iterator[Env]:
    """A storefront server for the sandbox, registered as its webhook target by ``sync setup``."""
    slot = _Slot()
    server = make_server("127.0.0.1", 0, slot, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    settings = settings_for(box, public_url=url, data_dir=str(tmp_path), **changes)
    assert events_path(settings) == Path(box.config.events_path)
    slot.app = create_app({"SETTINGS": settings})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = make_cma(settings)
    try:
        run_setup(client, settings, lambda line: None)
        yield Env(box, settings, url, slot.app, product_id(box, TSHIRT))
    finally:
        client.close()
        server.shutdown()
        services.current_for(slot.app).close()


@pytest.fixture
def env(make_sandbox: Any, tmp_path: Path) -> Iterator[Env]:
    box = make_sandbox(data_dir=tmp_path / "sandbox")
    with serving(box, tmp_path) as running:
        yield running


def set_title(env: Env, locale: str, title: str) -> None:
    """A translator's edit: CMA PUT of the whole entry, then publish; deliveries awaited."""

    def change(fields: dict[str, Any]) -> None:
        fields["title"][locale] = title

    edit_entry(env.box, env.pid, change)
    wait_for_deliveries(env.box)


def product_updates(settings: Settings, pid: str) -> int:
    """How many product.updated events Medusa emitted for the product (SQLite queue)."""
    with sqlite3.connect(events_path(settings)) as db:
        query = "SELECT count(*) FROM events WHERE event = 'product.updated' AND id = ?"
        return int(db.execute(query, (pid,)).fetchone()[0])


def run_worker(env: Env, counter: Counter | None = None, ttl: float = 600) -> int:
    """Drain the queue with a sync worker built like ``storefront sync worker``."""
    guard = LoopGuard.for_settings(env.settings, ttl=ttl)
    parts = build_sync(env.settings, guard=guard, event_hooks=counter.hooks if counter else None)
    if counter:
        counter.clear()  # the default-locale read at start-up is not the events' doing
    try:
        return drain(env.settings, parts)
    finally:
        parts.close()


def test_spanish_publish_shows_on_the_next_request_and_never_reaches_medusa(env: Env) -> None:
    assert env.page("es") == ES_TITLE  # now cached
    set_title(env, "es-ES", "Camiseta Renovada")
    assert env.page("es") == "Camiseta Renovada"  # purged by the webhook, no worker needed
    assert [call["statusCode"] for call in env.calls()] == [202]
    assert run_worker(env) == 1  # the write-back job
    assert env.medusa_title() == EN_TITLE
    assert product_updates(env.settings, env.pid) == 0
    assert queue_of(env.settings).stats().dead == 0


@pytest.mark.parametrize("ttl", [600.0, 0.001], ids=["flag-alive", "flag-expired"])
def test_english_publish_updates_medusa_once_and_causes_no_cma_write(env: Env, ttl: float) -> None:
    assert env.page("en") == EN_TITLE
    set_title(env, "en-US", "Organic Cotton Tee")
    assert env.page("en") == "Organic Cotton Tee"  # Contentful's text, at once
    counter = Counter()
    # The flag-expired case: with a 1 ms TTL, the product.updated the write-back causes is
    # handled after its flag is gone, like a worker minutes behind.
    assert run_worker(env, counter, ttl) == 2  # the job, then the product.updated it caused
    assert env.medusa_title() == "Organic Cotton Tee"
    assert product_updates(env.settings, env.pid) == 1
    writes = [(method, path) for method, path, _, _ in counter.seen if method != "GET"]
    assert writes == []
    reads = [(method, status) for method, _, status, _ in counter.seen]
    assert reads == ([] if ttl > 1 else [("GET", 200)])  # skipped, or one read found it equal
    assert run_worker(env, counter) == 0  # nothing left: no loop
    assert queue_of(env.settings).stats().dead == 0


def test_forged_replayed_expired_and_unsigned_calls_change_nothing(env: Env) -> None:
    set_title(env, "en-US", "Organic Cotton Tee")
    (delivered,) = env.calls()
    assert delivered["statusCode"] == 202
    sent = delivered["request"]
    headers = {k: v for k, v in sent["headers"].items() if k.lower() != "content-length"}
    body = sent["body"].encode()
    hook = f"{env.url}{PATH}"

    replay = httpx.post(hook, headers=headers, content=body)
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    forged = httpx.post(hook, headers=headers, content=body.replace(b"Cotton Tee", b"Hacked"))
    assert forged.status_code == 401
    unsigned = {k: v for k, v in headers.items() if not k.lower().startswith("x-contentful-s")}
    unsigned = {k: v for k, v in unsigned.items() if k.lower() != signing.TIMESTAMP}
    assert httpx.post(hook, headers=unsigned, content=body).status_code == 401
    old = int(time.time() * 1000) - 60_000
    base = {
        "Content-Type": headers["Content-Type"],
        "X-Contentful-Topic": "ContentManagement.Entry.publish",
    }
    expired = {**base, **signing.sign(DEV_WEBHOOK_SECRET, "POST", PATH, base, sent["body"], old)}
    assert httpx.post(hook, headers=expired, content=body).status_code == 401
    wrong = {**base, **signing.sign("w" * 64, "POST", PATH, base, sent["body"])}
    assert httpx.post(hook, headers=wrong, content=body).status_code == 401

    assert run_worker(env) == 2  # the one real job and the product.updated it caused
    assert env.medusa_title() == "Organic Cotton Tee"
    assert product_updates(env.settings, env.pid) == 1


def test_unpublish_purges_the_page_at_once(env: Env) -> None:
    assert env.page("es") == ES_TITLE
    with cma(env.box) as client:
        current = client.get(f"/entries/{env.pid}").json()
        version = str(current["sys"]["version"])
        client.delete(f"/entries/{env.pid}/published", headers={"x-contentful-version": version})
    wait_for_deliveries(env.box)
    assert env.page("es") == EN_TITLE  # no content any more: Medusa's own title
    assert [call["statusCode"] for call in env.calls()] == [200]
    assert run_worker(env) == 0  # a purge queues nothing


# -- Redis: shared queue, state and cache; two storefront instances ---------------------------
@pytest.fixture
def clean_redis(redis_url: str) -> Iterator[str]:
    """The Redis URL, without the sync's stream, state and cache keys before and after."""
    client = redis.Redis.from_url(redis_url)

    def wipe() -> None:
        for pattern in ("medusa:events*", f"{PREFIX}*", "storefront:*"):
            for key in client.scan_iter(pattern):
                client.delete(key)

    wipe()
    yield redis_url
    wipe()
    client.close()


def test_with_redis_every_instance_is_fresh_and_medusa_changes_once(
    make_sandbox: Any, tmp_path: Path, clean_redis: str
) -> None:
    box = make_sandbox(data_dir=tmp_path / "sandbox", redis_url=clean_redis)
    with serving(box, tmp_path, redis_url=clean_redis) as env:
        other = create_app({"SETTINGS": env.settings})  # a second instance, sharing the cache
        try:
            visitor = other.test_client()
            assert env.page("es") == ES_TITLE
            assert ES_TITLE in visitor.get(f"/products/{TSHIRT}?lang=es").get_data(as_text=True)
            set_title(env, "es-ES", "Camiseta Compartida")
            page = visitor.get(f"/products/{TSHIRT}?lang=es").get_data(as_text=True)
            assert "<h1>Camiseta Compartida</h1>" in page  # the purge reached the other instance
        finally:
            services.current_for(other).close()
        set_title(env, "en-US", "Organic Cotton Tee")
        counter = Counter()
        assert run_worker(env, counter) == 3  # two jobs and one product.updated
        assert env.medusa_title() == "Organic Cotton Tee"
        assert [m for m, _, _, _ in counter.seen if m != "GET"] == []
        stream = redis.Redis.from_url(clean_redis).xrange("medusa:events")
        updates = [f for _, f in stream if f[b"event"] == b"product.updated"]
        assert len(updates) == 1


def test_syncs_own_publish_is_not_written_back(make_sandbox: Any, tmp_path: Path) -> None:
    box = make_sandbox(data_dir=tmp_path / "sandbox")
    with serving(box, tmp_path, sync_auto_publish=True) as env:
        new_id = create_product(box, "Felt Slippers", description="Warm")
        guard = LoopGuard.for_settings(env.settings)
        parts = build_sync(env.settings, guard=guard)
        medusa_reads: list[str] = []
        http: httpx.Client = parts.admin._http
        http.event_hooks = {"request": [lambda r: medusa_reads.append(r.url.path)], "response": []}
        try:
            handled = drain(env.settings, parts)  # product.created: entry created and published
            wait_for_deliveries(box)
            handled += drain(env.settings, parts)  # the publish's job, if not handled already
        finally:
            parts.close()
        assert handled == 2  # product.created (no variants), then the write-back job
        # Only product.created read the product: the job was recognised by its flag as sync's
        # own publish, without even a Medusa read.
        assert medusa_reads.count(f"/admin/products/{new_id}") == 1
        assert [call["statusCode"] for call in env.calls()] == [202]
        assert product_updates(env.settings, new_id) == 0


def test_an_overtaken_job_does_not_undo_a_newer_publish(env: Env) -> None:
    queue = queue_of(env.settings)
    for revision, title in ((5, "Newest Title"), (4, "Older Title")):  # a retry arriving late
        fields = {"title": {"en-US": title}, "medusaId": {"en-US": env.pid}}
        queue.publish(WRITEBACK_EVENT, env.pid, job_payload(env.pid, revision, fields))
    assert run_worker(env) == 3  # two jobs, one product.updated
    assert env.medusa_title() == "Newest Title"
    assert product_updates(env.settings, env.pid) == 1


def test_a_duplicated_entry_never_overwrites_the_product(env: Env) -> None:
    """Contentful's "Duplicate": another entry id, the same medusaId, published with a new title."""
    with cma(env.box) as client:
        original = client.get(f"/entries/{env.pid}").raise_for_status().json()
        fields = original["fields"]
        fields["title"]["en-US"] = "Copy Of The T-Shirt"
        fields["handle"]["en-US"] = "organic-cotton-tshirt-copy"
        created = client.post(
            "/entries", json={"fields": fields},
            headers={"X-Contentful-Content-Type": "product"},
        ).raise_for_status().json()  # fmt: skip
        copy_id, version = created["sys"]["id"], created["sys"]["version"]
        client.put(
            f"/entries/{copy_id}/published", headers={"X-Contentful-Version": str(version)}
        ).raise_for_status()
    wait_for_deliveries(env.box)
    (call,) = env.calls()
    assert call["statusCode"] == 200
    assert run_worker(env) == 0  # nothing was queued
    assert env.medusa_title() == EN_TITLE
    assert env.page("en") == EN_TITLE
