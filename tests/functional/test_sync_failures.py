"""The sync worker when things go wrong: outages, validation errors, rate limits, odd events."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner

from cli.sync import sync
from sync.assembly import make_cma
from sync.worker import WorkerOptions, run_workers
from tests.functional.sync_helpers import (
    Counter,
    built,
    create_product,
    drain,
    entry,
    faults,
    queue_of,
    start,
    stored,
    update_product,
)


def test_contentful_outage_mid_sync_loses_nothing(env: Any) -> None:
    box, settings = env
    ids = [create_product(box, f"Outage {n}") for n in range(12)]
    faults(box, "cma", latency_ms=100)  # slow enough that the outage lands mid-batch
    counter = Counter()
    parts = built(settings, counter)
    stop = threading.Event()
    options = WorkerOptions(max_attempts=30, base_delay=0.05, max_delay=0.3, block_ms=50)
    factory = lambda: queue_of(settings)  # noqa: E731
    thread = threading.Thread(
        target=run_workers, args=(factory, parts.dispatcher, 2, options, False, stop)
    )
    try:
        thread.start()
        _wait(lambda: any(stored(box, i) for i in ids))
        faults(box, "cma", error_rate=1)
        time.sleep(0.6)
        assert not all(stored(box, i) for i in ids)
        faults(box, "cma", error_rate=0)
        _wait(lambda: all(entry(box, i) for i in ids), timeout=15)
        _wait(lambda: queue_of(settings).stats().pending == 0)
    finally:
        faults(box, "cma", error_rate=0)
        stop.set()
        thread.join(10)
        parts.close()
    stats = queue_of(settings).stats()
    assert (stats.depth, stats.pending, stats.delayed, stats.dead) == (0, 0, 0, 0)
    assert all((entry(box, i) or {})["fields"]["title"]["en-US"].startswith("Outage") for i in ids)
    assert {500, 503} & {status for _, _, status, _ in counter.seen}  # the outage was seen


def _wait(check: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_validation_error_dead_letters_at_once_and_replay_requeues(
    env: Any, monkeypatch: Any
) -> None:
    box, settings = env
    product_id = create_product(box, "T" * 300)  # a Symbol holds at most 256 characters
    parts = built(settings)
    try:
        drain(settings, parts)
        letters = queue_of(settings).dead_letters()
        assert [(d.id, d.attempts) for d in letters] == [(product_id, 1)]
        assert "422" in letters[0].error and "fields.title.en-US" in letters[0].error
        assert entry(box, product_id) is None
        update_product(box, product_id, title="Short title", handle="short-title")
        cli_env = {
            "MEDUSA_URL": settings.medusa_url,
            "CONTENTFUL_CMA_URL": settings.contentful_cma_url,
            "STOREFRONT_DATA_DIR": settings.data_dir,
            "REDIS_URL": "",
        }
        status = CliRunner().invoke(sync, ["status", "--json"], env=cli_env)
        assert json.loads(status.output)["dead"] == 1
        listed = CliRunner().invoke(sync, ["dead-letters"], env=cli_env)
        assert product_id in listed.output and "422" in listed.output
        replayed = CliRunner().invoke(sync, ["dead-letters", "--replay", product_id], env=cli_env)
        assert replayed.exit_code == 0 and "requeued 1 dead letter" in replayed.output
        drain(settings, parts)
    finally:
        parts.close()
    assert queue_of(settings).stats().dead == 0
    assert (entry(box, product_id) or {})["fields"]["title"] == {"en-US": "Short title"}


def test_missing_content_type_is_dead_lettered_with_its_message(
    make_sandbox: Any, tmp_path: Path
) -> None:
    box, settings = start(make_sandbox, tmp_path, seed=False)  # no `product` type yet
    product_id = create_product(box, "Orphan")
    parts = built(settings)
    try:
        drain(settings, parts)
    finally:
        parts.close()
    letters = queue_of(settings).dead_letters()
    assert [(d.id, d.attempts) for d in letters] == [(product_id, 1)]
    assert "422" in letters[0].error and "sys.contentType" in letters[0].error


def test_429_waits_the_reset_header_then_succeeds(env: Any) -> None:
    box, settings = env
    httpx.post(f"{box.urls['cma']}/_sandbox/ratelimit", json={"per_second": 1}).raise_for_status()
    counter = Counter()
    client = make_cma(settings, counter.hooks)
    try:
        with ThreadPoolExecutor(4) as pool:  # a burst before the client has seen the limit
            results = list(pool.map(lambda _: client.default_locale(), range(4)))
    finally:
        client.close()
    assert results == ["en-US"] * 4
    statuses = [s[2] for s in counter.seen]
    assert 429 in statuses and statuses.count(200) == 4
    calls = list(zip(counter.threads, counter.seen, strict=True))
    for index, (thread, (_, _, status, at)) in enumerate(calls):
        if status == 429:  # that thread's next request came only after Reset (1 s) had passed
            after = next(s[3] for t, s in calls[index + 1 :] if t == thread)
            assert after - at >= 0.95


def test_worker_under_a_tight_rate_limit_finishes_without_dead_letters(env: Any) -> None:
    box, settings = env
    ids = [create_product(box, f"Burst {n}") for n in range(3)]
    httpx.post(f"{box.urls['cma']}/_sandbox/ratelimit", json={"per_second": 2}).raise_for_status()
    counter = Counter()
    parts = built(settings, counter)
    try:
        drain(settings, parts, concurrency=3)
    finally:
        parts.close()
    assert all(stored(box, i) for i in ids)
    assert queue_of(settings).stats().dead == 0
    assert parts.cma.limiter.per_second == 2  # learnt from the header


def test_unknown_events_and_junk_are_acked_without_writes(env: Any) -> None:
    box, settings = env
    queue = queue_of(settings)
    queue.publish("product-category.created", "pcat_1", {"id": "pcat_1"})
    queue.publish("product.updated", "", {})  # no id anywhere: junk
    queue.publish("product-variant.deleted", "variant_gone", {"id": "variant_gone"})
    queue.publish("product.updated", "prod_never_existed", {"id": "prod_never_existed"})
    counter = Counter()
    parts = built(settings, counter)
    counter.clear()
    try:
        assert drain(settings, parts) == 4
    finally:
        parts.close()
    stats = queue.stats()
    assert (stats.depth, stats.pending, stats.delayed, stats.dead) == (0, 0, 0, 0)
    assert counter.seen == []  # nothing reached Contentful


def test_variant_and_stock_events_notify_the_product_and_write_nothing(env: Any) -> None:
    box, settings = env
    with httpx.Client(base_url=box.urls["medusa"], auth=(box.config.api_key, "")) as client:
        product = client.get("/admin/products", params={"handle": "organic-cotton-tshirt"}).json()[
            "products"
        ][0]
        variant = product["variants"][0]
        client.post(
            f"/admin/products/{product['id']}/variants/{variant['id']}", json={"title": "S / White"}
        ).raise_for_status()
        items = client.get(
            "/admin/inventory-items", params={"fields": "id,*location_levels"}
        ).json()
        item = next(i for i in items["inventory_items"] if i["location_levels"])
        level = item["location_levels"][0]
        client.post(
            f"/admin/inventory-items/{item['id']}/location-levels/{level['location_id']}",
            json={"stocked_quantity": 7},
        ).raise_for_status()
    changed: list[str] = []
    counter = Counter()
    parts = built(settings, counter, on_product_changed=changed.append)
    counter.clear()
    try:
        drain(settings, parts)
    finally:
        parts.close()
    assert product["id"] in changed and len(changed) == 2
    assert counter.seen == []
