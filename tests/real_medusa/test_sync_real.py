"""``sync all``, ``reconcile`` and ``publish`` with products from a real Medusa 2.21.

Contentful is an empty sandbox space with the product content type (``sync setup``'s step), so
every entry written comes from the real server's products.
"""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from config.settings import Settings
from sync.assembly import build_sync, make_cma
from sync.bulk.progress import Reporter
from sync.bulk.runs import run_publish, run_reconcile, run_sync_all
from sync.cma import entry_state
from sync.content_model import CONTENT_TYPES
from sync.queue_redis import RedisStreamQueue
from sync.setup import ensure_content_type
from sync.worker import Worker
from tests.conftest import SandboxFactory
from tests.real_medusa.servers import Side

TSHIRT = "organic-cotton-tshirt"


def quiet(name: str) -> Reporter:
    return Reporter(name, fancy=False, stream=io.StringIO())


@pytest.fixture
def settings(real: Side, make_sandbox: SandboxFactory, tmp_path: Path) -> Settings:
    """Sync settings: Medusa is the real server, Contentful an empty sandbox space."""
    box = make_sandbox(seed=False)
    configured = Settings(
        medusa_url=real.url,
        medusa_publishable_key=real.publishable_key,
        medusa_api_key=real.api_key,
        contentful_cma_url=box.urls["cma"],
        contentful_cda_url=box.urls["cda"],
        data_dir=str(tmp_path),
        http_timeout=30.0,
    )
    cma = make_cma(configured)
    for spec in CONTENT_TYPES:
        ensure_content_type(cma, lambda line: None, spec)
    cma.close()
    return configured


def entries(settings: Settings) -> dict[str, Any]:
    """Every product entry by id."""
    cma = make_cma(settings)
    try:
        path = cma.env_path("entries")
        params = {"content_type": "product", "limit": "1000"}
        items = cma.request("GET", path, params=params).json()["items"]
    finally:
        cma.close()
    return {item["sys"]["id"]: item for item in items}


def product_ids(real: Side) -> set[str]:
    listed = real.admin.get("/admin/products", params={"fields": "id", "limit": 1000})
    return {p["id"] for p in listed.json()["products"]}


def test_sync_all_then_reconcile_finds_no_drift(real: Side, settings: Settings) -> None:
    reporter = quiet("sync all")
    run_sync_all(settings, reporter)
    assert not reporter.failed, reporter.counts
    synced = entries(settings)
    assert set(synced) == product_ids(real)
    tshirt = next(e for e in synced.values() if e["fields"]["handle"]["en-US"] == TSHIRT)
    assert tshirt["fields"]["title"]["en-US"] == "Organic Cotton T-Shirt"
    assert run_reconcile(settings, quiet("reconcile")) == []


def test_publish_after_sync_all_leaves_every_entry_live(settings: Settings) -> None:
    run_sync_all(settings, quiet("sync all"))
    reporter = quiet("publish")
    run_publish(settings, reporter, poll=0.05)
    assert not reporter.failed, reporter.counts
    assert {entry_state(e) for e in entries(settings).values()} == {"published"}


def test_reconcile_repairs_a_title_changed_in_medusa(real: Side, settings: Settings) -> None:
    run_sync_all(settings, quiet("sync all"))
    product = real.product(TSHIRT)
    path = f"/admin/products/{product['id']}"
    real.admin.post(path, json={"title": "Organic Cotton Tee (renamed)"}).raise_for_status()
    try:
        drift = run_reconcile(settings, quiet("reconcile"))
        assert [(d.kind, d.product_id, d.detail) for d in drift] == [
            ("drifted", product["id"], "title")
        ]
        run_reconcile(settings, quiet("reconcile"), fix=True)
        assert run_reconcile(settings, quiet("reconcile")) == []
    finally:
        real.admin.post(path, json={"title": product["title"]}).raise_for_status()


@pytest.fixture
def live_queue(real: Side) -> Iterator[RedisStreamQueue]:
    """Our Redis stream queue over the events the real Medusa's subscriber forwards.

    A consumer group of this test's own, created at the stream's end: only events from now on.
    """
    if not real.events_redis_url:
        pytest.skip("REAL_MEDUSA_EVENTS_REDIS_URL is not set (up.sh writes it)")
    group = f"contract-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(real.events_redis_url)
    client.xgroup_create("medusa:events", group, id="$", mkstream=True)
    queue = RedisStreamQueue(real.events_redis_url, group=group)
    yield queue
    queue.close()
    client.xgroup_destroy("medusa:events", group)
    client.close()


def test_worker_syncs_a_change_made_in_the_real_medusa(
    real: Side, settings: Settings, live_queue: RedisStreamQueue
) -> None:
    run_sync_all(settings, quiet("sync all"))
    product = real.product(TSHIRT)
    path = f"/admin/products/{product['id']}"
    real.admin.post(path, json={"subtitle": "Changed in the real Medusa"}).raise_for_status()
    parts = build_sync(settings)
    worker, deadline = Worker(live_queue, parts.dispatcher), time.monotonic() + 15
    seen: list[str] = []
    try:
        while product["id"] not in seen and time.monotonic() < deadline:
            for envelope in live_queue.claim("contract", 10, 500):
                seen.append(envelope.id)
                worker.process(envelope)
        assert product["id"] in seen, "no product.updated arrived from the subscriber"
        fields = entries(settings)[product["id"]]["fields"]
        assert fields["subtitle"]["en-US"] == "Changed in the real Medusa"
    finally:
        parts.close()
        real.admin.post(path, json={"subtitle": product["subtitle"]}).raise_for_status()
