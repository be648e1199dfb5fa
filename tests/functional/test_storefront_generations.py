"""Data-cache generations: a product purge leaves the taxonomy cached, and a taxonomy purge in
any process reaches every process's kept copies."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from flask import Flask

from sandbox.server import Sandbox
from storefront import cache, generations, purger, services, slugs, startup
from tests.functional.storefront_helpers import (
    TSHIRT,
    Requests,
    admin,
    count_requests,
    edit_entry,
    heal,
    html,
    product_id,
    set_faults,
    storefront,
)
from tests.functional.test_storefront_taxonomy import nav

TAXONOMY_READS = ("content_type=collection", "content_type=category", "product-categories")
EVERY_PAGE = (*TAXONOMY_READS, "/store/collections", "select=sys%2Cfields.slug")


def slug_scans(asked: list[str]) -> list[str]:
    """The requests that built the product slug index (its scan of every product entry)."""
    return [a for a in asked if "content_type=product" in a and "fields.slug" in a]


def upstream_clients(app: Flask) -> list[httpx.Client]:
    """The httpx clients of the app's Medusa and Contentful clients."""
    svc = services.current_for(app)
    return [client._http for client in (svc.medusa, svc.delivery)]


@pytest.fixture
def shared(make_sandbox: Any, tmp_path: Path, redis_url: str) -> Iterator[tuple[Flask, Sandbox]]:
    """An app on the shared Redis, with a sandbox of its own (this module renames things)."""
    box = make_sandbox(data_dir=tmp_path / "sandbox")
    redis.Redis.from_url(redis_url).flushdb()
    with storefront(box, redis_url=redis_url) as app:
        yield app, box
    redis.Redis.from_url(redis_url).flushdb()


def test_a_product_purge_leaves_collections_and_categories_cached(
    shared: tuple[Flask, Sandbox],
) -> None:
    app, box = shared
    assert startup.warm_up(app) == []
    client = app.test_client()
    assert client.get(f"/products/{TSHIRT}?lang=es").status_code == 200
    with admin(box) as medusa:
        found = medusa.get("/admin/products", params={"handle": TSHIRT}).json()["products"]
    record = count_requests(app)
    purger.for_app(app).purge_product(found[0]["id"])
    purger.for_app(app).last_rewarm.result(timeout=30)  # type: ignore[union-attr]
    assert client.get("/products/linen-summer-shirt?lang=es").status_code == 200
    asked = record.asked(box.urls["cda"]) + record.asked(box.urls["medusa"])
    assert not [a for a in asked if any(part in a for part in TAXONOMY_READS)], asked
    # Nothing said its slugs moved: the product slug index was not built again either.
    assert not slug_scans(asked), asked


def publish(box: Sandbox, app: Flask, change: Callable[[dict[str, Any]], None]) -> Requests:
    """With the slug index kept (a page seen), publish a change to the T-shirt's entry and
    purge as its webhook does; the upstream requests from then on are recorded."""
    assert app.test_client().get(f"/products/{TSHIRT}?lang=es").status_code == 200
    pid = product_id(box, TSHIRT)
    fields = edit_entry(box, pid, change)["fields"]
    record = count_requests(app)
    with app.app_context():
        purger.for_app(app).purge_published(pid, TSHIRT, pid, fields)
    purger.for_app(app).last_rewarm.result(timeout=30)  # type: ignore[union-attr]
    return record


def test_a_publish_that_leaves_the_slugs_alone_keeps_the_slug_index(
    shared: tuple[Flask, Sandbox],
) -> None:
    app, box = shared
    record = publish(box, app, lambda f: f["title"].update({"es-ES": "Camiseta nueva"}))
    client = app.test_client()
    assert "Camiseta nueva" in html(client.get(f"/products/{TSHIRT}?lang=es"))
    assert client.get("/products/linen-summer-shirt?lang=es").status_code == 200
    assert not slug_scans(record.asked(box.urls["cda"]))


def test_a_publish_that_moves_a_slug_rebuilds_the_slug_index(
    shared: tuple[Flask, Sandbox],
) -> None:
    app, box = shared
    record = publish(box, app, lambda f: f.setdefault("slug", {}).update({"es-ES": "camiseta"}))
    assert slug_scans(record.asked(box.urls["cda"]))
    client = app.test_client()
    assert client.get("/products/camiseta?lang=es").status_code == 200
    moved = client.get(f"/products/{TSHIRT}?lang=es")
    assert (moved.status_code, moved.headers["Location"]) == (308, "/products/camiseta?lang=es")


def test_an_indexed_entry_gone_from_delivery_rebuilds_the_slug_index(
    shared: tuple[Flask, Sandbox],
) -> None:
    app, box = shared
    assert app.test_client().get(f"/products/{TSHIRT}").status_code == 200  # the index kept
    pid = product_id(box, TSHIRT)
    with app.test_request_context():
        assert slugs.changed_by("product", pid, None)  # an unpublish of an indexed entry
        assert not slugs.changed_by("product", "prod_NEVERINDEXED", None)
        kept = slugs.index("product")
        same = {"handle": {"en-US": kept.handles[pid]}, "slug": kept.slugs.get(pid, {})}
        assert not slugs.changed_by("product", pid, same)
        assert slugs.changed_by("product", pid, {**same, "handle": {"en-US": "renamed"}})


PURGE_ELSEWHERE = """
import sys
from storefront import create_app, purger
from config.settings import Settings
app = create_app({"SETTINGS": Settings(redis_url=sys.argv[1])})
with app.app_context():
    purger.for_app(app).purge_taxonomy(sys.argv[2])
"""


def test_a_taxonomy_purge_in_another_process_reaches_the_navigation_here(
    shared: tuple[Flask, Sandbox], redis_url: str
) -> None:
    app, box = shared
    client = app.test_client()
    assert "Winter Sale" not in nav(html(client.get("/?lang=en")))  # collections now kept
    with admin(box) as medusa:
        made = medusa.post("/admin/collections", json={"title": "Winter Sale"}).raise_for_status()
    # What the sync worker does on a collection.created event, in its own process.
    purge = [sys.executable, "-c", PURGE_ELSEWHERE, redis_url, made.json()["collection"]["id"]]
    subprocess.run(purge, check=True, timeout=60)
    deadline = time.monotonic() + 3  # heard through Redis pub/sub
    shown = nav(html(client.get("/collections/outdoor?lang=en")))
    while "Winter Sale" not in shown and time.monotonic() < deadline:
        time.sleep(0.05)
        shown = nav(html(client.get("/collections/outdoor?lang=en")))
    assert "Winter Sale" in shown


def test_a_page_after_a_taxonomy_purge_loads_what_every_page_reads_at_once(box: Sandbox) -> None:
    with storefront(box) as app:
        client = app.test_client()
        assert client.get(f"/products/{TSHIRT}").status_code == 200  # everything kept now
        with app.app_context():
            cache.forget_listings(generations.TAXONOMY)  # a purge, without its re-warm
        events: list[tuple[str, str]] = []
        for upstream in upstream_clients(app):
            upstream.event_hooks = {
                "request": [lambda r: events.append(("start", str(r.url)))],
                "response": [lambda r: events.append(("end", str(r.request.url)))],
            }
        set_faults(box, "cda", latency_ms=150)
        set_faults(box, "medusa", latency_ms=150)
        try:
            assert client.get("/products/linen-summer-shirt").status_code == 200
        finally:
            heal(box)
    reference = [(what, url) for what, url in events if any(p in url for p in EVERY_PAGE)]
    # Collections, categories, their content and slug indexes: each asked for before any of
    # them answered (one after another they cost six round trips). The product slug index
    # is not the taxonomy's: it stays.
    assert len([e for e in reference if e[0] == "start"]) == 6, events
    first_answer = next(i for i, (what, _) in enumerate(reference) if what == "end")
    assert first_answer == 6, reference
