"""Publish, archive, delete and restore: the entry lifecycle the sync drives."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path
from typing import Any

import httpx

from storefront.clients.errors import UpstreamUnavailable
from sync.assembly import build_sync
from tests.functional.sync_helpers import (
    admin,
    built,
    cma,
    create_product,
    drain,
    entry,
    queue_of,
    start,
    update_product,
)


def _seeded_id(box: Any, handle: str = "organic-cotton-tshirt") -> str:
    with admin(box) as client:
        return str(
            client.get("/admin/products", params={"handle": handle}).json()["products"][0]["id"]
        )


def _delete(box: Any, product_id: str) -> None:
    with admin(box) as client:
        client.delete(f"/admin/products/{product_id}").raise_for_status()


def _sync(settings: Any, **kwargs: Any) -> None:
    parts = built(settings, **kwargs)
    try:
        drain(settings, parts)
    finally:
        parts.close()


def test_auto_publish_publishes_after_the_write(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path, sync_auto_publish=True)
    product_id = create_product(box, "Published Cap")
    _sync(settings)
    sys = (entry(box, product_id) or {})["sys"]
    assert sys["publishedVersion"] == 1 and sys["version"] == 2
    update_product(box, product_id, title="Published Cap 2")
    _sync(settings)
    sys = (entry(box, product_id) or {})["sys"]
    assert sys["version"] == sys["publishedVersion"] + 1 == 4  # written then published again


def test_delete_unpublishes_then_archives_the_entry(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path)
    product_id = _seeded_id(box)  # the seed's entry is published
    before = entry(box, product_id)
    assert before is not None and before["sys"].get("publishedVersion")
    changed: list[str] = []
    _delete(box, product_id)
    _sync(settings, on_product_changed=changed.append)
    after = entry(box, product_id) or {}
    assert after["sys"].get("archivedVersion") and not after["sys"].get("publishedVersion")
    assert after["fields"] == before["fields"]  # archived, recoverable, with every translation
    assert changed == [product_id]


def test_delete_mode_delete_removes_the_entry_and_repeats_harmlessly(
    make_sandbox: Any, tmp_path: Path
) -> None:
    box, settings = start(make_sandbox, tmp_path, sync_delete_mode="delete")
    product_id = _seeded_id(box)
    _delete(box, product_id)
    queue = queue_of(settings)
    queue.publish("product.deleted", product_id, {"id": product_id})  # delivered twice
    queue.publish("product.deleted", "prod_never_synced", {"id": "prod_never_synced"})
    _sync(settings)
    assert entry(box, product_id) is None
    assert queue.stats().dead == 0


def test_a_stale_delete_event_does_not_archive_a_live_product(
    make_sandbox: Any, tmp_path: Path
) -> None:
    box, settings = start(make_sandbox, tmp_path)
    product_id = _seeded_id(box)
    queue_of(settings).publish("product.deleted", product_id, {"id": product_id})
    _sync(settings)
    assert not (entry(box, product_id) or {})["sys"].get("archivedVersion")


def test_a_product_that_comes_back_is_unarchived_first(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path)
    product_id = create_product(box, "Returning Mug")
    _sync(settings)
    with cma(box) as client:  # an editor archived it (or an earlier delete event did)
        version = (entry(box, product_id) or {})["sys"]["version"]
        response = client.put(
            f"/entries/{product_id}/archived", headers={"X-Contentful-Version": str(version)}
        )
        assert response.status_code == 200
    update_product(box, product_id, title="Returning Mug II")
    _sync(settings)
    after = entry(box, product_id) or {}
    assert not after["sys"].get("archivedVersion")
    assert after["fields"]["title"] == {"en-US": "Returning Mug II"}


def test_an_entry_made_elsewhere_is_found_by_medusa_id(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path)
    product_id = create_product(box, "Imported Bag")
    queue = queue_of(settings)
    queue.ack(queue.claim("test", 10)[0])  # drop product.created: as if synced by someone else
    with cma(box) as client:
        body = {"fields": {"medusaId": {"en-US": product_id}, "title": {"en-US": "Old"}}}
        headers = {"X-Contentful-Content-Type": "product"}
        made = client.post("/entries", json=body, headers=headers)
        assert made.status_code == 201
    update_product(box, product_id, title="Imported Bag 2")
    _sync(settings)
    assert entry(box, product_id) is None  # no second entry under the product id
    other = entry(box, made.json()["sys"]["id"]) or {}
    assert other["fields"]["title"] == {"en-US": "Imported Bag 2"}


def test_a_publish_cut_short_is_finished_by_the_retry(make_sandbox: Any, tmp_path: Path) -> None:
    box, settings = start(make_sandbox, tmp_path, sync_auto_publish=True)
    product_id = create_product(box, "Outage Cap")
    _sync(settings)
    update_product(box, product_id, title="Outage Cap 2")
    outage = {"on": True}

    def lose_publishes(request: httpx.Request) -> None:  # the network drops every publish
        if outage["on"] and request.url.path.endswith("/published"):
            raise httpx.ConnectError("publish lost in an outage", request=request)

    parts = build_sync(settings, event_hooks={"request": [lose_publishes]})
    envelope = queue_of(settings).claim("test", 10, 0)[0]
    with contextlib.suppress(UpstreamUnavailable):
        parts.dispatcher.handle(envelope)
    sys = (entry(box, product_id) or {})["sys"]
    assert sys["version"] >= sys["publishedVersion"] + 2  # written, not published
    outage["on"] = False
    assert "published" not in parts.dispatcher.handle(envelope)[0]  # first delivery: hands off
    retried = dataclasses.replace(envelope, attempts=2)
    assert "published" in parts.dispatcher.handle(retried)[0]
    sys = (entry(box, product_id) or {})["sys"]
    assert sys["version"] == sys["publishedVersion"] + 1
    parts.close()
