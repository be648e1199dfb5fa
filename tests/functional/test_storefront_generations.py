"""Data-cache generations: a product purge leaves the taxonomy cached, and a taxonomy purge in
any process reaches every process's kept copies."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask

from sandbox.server import Sandbox
from storefront import purger, startup
from tests.functional.storefront_helpers import TSHIRT, admin, count_requests, html, storefront
from tests.functional.test_storefront_taxonomy import nav

TAXONOMY_READS = ("content_type=collection", "content_type=category", "product-categories")


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
    # The product slug index belongs to the products: it was built again.
    assert any("fields.slug" in a and "content_type=product" in a for a in asked), asked


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
