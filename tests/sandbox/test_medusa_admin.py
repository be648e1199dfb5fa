"""Admin API behaviour: authentication, product CRUD, variants, inventory, and the events each
change emits to the embedded SQLite queue and to the Redis stream."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sandbox.events import STREAM
from tests.conftest import load_fixture
from tests.sandbox.test_medusa_catalog import Medusa, start
from tests.shapes import shape_diff

TSHIRT = "organic-cotton-tshirt"
NEW_PRODUCT = {
    "title": "Temp Cap",
    "status": "published",
    "options": [{"title": "Size", "values": ["One size"]}],
    "variants": [
        {
            "title": "One size",
            "sku": "TMP-1",
            "options": {"Size": "One size"},
            "manage_inventory": False,
            "prices": [
                {"currency_code": "eur", "amount": 12},
                {"currency_code": "usd", "amount": 13},
            ],
        },
    ],
}


@pytest.fixture
def medusa(tmp_path: Path) -> Iterator[Medusa]:
    """A fresh seeded sandbox per test: every test here counts the events it causes."""
    md = start(tmp_path / "md")
    yield md
    md.close()
    md.box.stop()


def _events(md: Medusa) -> list[tuple[str, str, dict]]:
    if not md.config.events_path.exists():
        return []
    with sqlite3.connect(md.config.events_path) as db:
        rows = db.execute("SELECT event, id, payload FROM events ORDER BY seq").fetchall()
    return [(event, id, json.loads(payload)) for event, id, payload in rows]


def _channel(md: Medusa) -> str:
    return md.admin.get("/admin/sales-channels").json()["sales_channels"][0]["id"]


def test_admin_auth_basic_jwt_and_refusals(medusa: Medusa) -> None:
    url = f"{medusa.url}/admin/products"
    assert httpx.get(url, auth=(medusa.config.api_key, "")).status_code == 200
    none = httpx.get(url)
    assert none.status_code == 401 and none.json() == {"message": "Unauthorized"}
    bearer_secret = httpx.get(url, headers={"Authorization": f"Bearer {medusa.config.api_key}"})
    assert bearer_secret.status_code == 401
    assert httpx.get(url, auth=("sk_wrong", "")).status_code == 401
    login = httpx.post(
        f"{medusa.url}/auth/user/emailpass",
        json={"email": medusa.config.admin_email, "password": medusa.config.admin_password},
    )
    token = login.json()["token"]
    assert httpx.get(url, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert httpx.get(url, headers={"Authorization": f"Bearer {tampered}"}).status_code == 401
    bad = httpx.post(
        f"{medusa.url}/auth/user/emailpass",
        json={"email": medusa.config.admin_email, "password": "wrong"},
    )
    assert bad.status_code == 401
    assert bad.json() == {"type": "unauthorized", "message": "Invalid email or password"}


def test_admin_reads_drafts_stock_and_prices(medusa: Medusa) -> None:
    listed = medusa.admin.get("/admin/products", params={"fields": "id,handle,status"}).json()
    assert listed["count"] == 4 and {p["status"] for p in listed["products"]} == {
        "published",
        "draft",
    }
    fields = "*variants.prices,*variants.inventory_items.inventory.location_levels"
    product = medusa.admin.get(
        f"/admin/products/{medusa.handles[TSHIRT]}", params={"fields": fields}
    ).json()["product"]
    variant = next(v for v in product["variants"] if v["sku"] == "OCT-M-WHT")
    level = variant["inventory_items"][0]["inventory"]["location_levels"][0]
    assert (level["stocked_quantity"], level["available_quantity"]) == (25, 25)
    assert {p["currency_code"]: p["amount"] for p in variant["prices"]} == {
        "eur": 29.99,
        "usd": 29.99,
    }
    assert "inventory_quantity" not in variant
    assert product["sales_channels"][0]["name"] == "Python Storefront"


def test_create_update_delete_emit_medusa_events(medusa: Medusa) -> None:
    body = {**NEW_PRODUCT, "sales_channels": [{"id": _channel(medusa)}]}
    created = medusa.admin.post("/admin/products", json=body)
    assert created.status_code == 200
    product = created.json()["product"]
    pid, vid = product["id"], product["variants"][0]["id"]
    assert product["handle"] == "temp-cap" and product["variants"][0]["prices"][0]["amount"] == 12
    events = _events(medusa)
    assert [(e, i) for e, i, _ in events] == [
        ("product-variant.created", vid),
        ("product.created", pid),
    ]
    first, second = events[0][2], events[1][2]
    assert first["data"] == {"id": vid} and second["data"] == {"id": pid}
    assert first["metadata"]["eventGroupId"] == second["metadata"]["eventGroupId"]
    recorded = load_fixture("medusa-v2", "events_redis_messages.json")["pubsub_messages"]
    assert shape_diff(recorded[0], first) == [] and shape_diff(recorded[1], second) == []
    visible = medusa.store.get("/store/products", params={"handle": "temp-cap"}).json()
    assert visible["count"] == 1
    updated = medusa.admin.post(
        f"/admin/products/{pid}", json={"title": "Temp Cap 2", "subtitle": "s"}
    )
    assert updated.json()["product"]["title"] == "Temp Cap 2"
    assert _events(medusa)[-1][:2] == ("product.updated", pid)
    deleted = medusa.admin.delete(f"/admin/products/{pid}")
    assert deleted.json() == {"id": pid, "object": "product", "deleted": True}
    assert [(e, i) for e, i, _ in _events(medusa)[3:]] == [("product.deleted", pid)]
    gone = medusa.admin.get(f"/admin/products/{pid}")
    assert gone.status_code == 404 and gone.json() == {
        "type": "not_found",
        "message": "Product not found",
    }


def test_update_fields_and_relations(medusa: Medusa) -> None:
    pid = medusa.handles["canvas-tote-bag"]
    collection = medusa.admin.get("/admin/collections").json()["collections"][0]["id"]
    tags = medusa.admin.get("/admin/product-tags").json()["product_tags"]
    body = {
        "description": "New",
        "material": "hemp",
        "weight": 310,
        "metadata": {"a": 1},
        "collection_id": collection,
        "tags": [{"id": tags[0]["id"]}],
        "status": "draft",
        "thumbnail": "http://x/y.png",
        "handle": "tote",
    }
    product = medusa.admin.post(f"/admin/products/{pid}", json=body).json()["product"]
    assert (product["handle"], product["material"], product["weight"]) == ("tote", "hemp", 310)
    assert product["collection"]["id"] == collection and product["tags"][0]["id"] == tags[0]["id"]
    assert medusa.store.get(f"/store/products/{pid}").status_code == 404  # now a draft


def test_variant_price_change_emits_only_a_variant_event(medusa: Medusa) -> None:
    pid, vid = medusa.handles[TSHIRT], medusa.variant("OCT-S-WHT")
    prices = [{"currency_code": "eur", "amount": 24.5}, {"currency_code": "usd", "amount": 26}]
    response = medusa.admin.post(f"/admin/products/{pid}/variants/{vid}", json={"prices": prices})
    assert response.status_code == 200
    assert _events(medusa) == [("product-variant.updated", vid, _events(medusa)[0][2])]
    priced = medusa.store.get(
        "/store/products",
        params={
            "handle": TSHIRT,
            "region_id": medusa.region("eur"),
            "fields": "*variants.calculated_price",
        },
    ).json()["products"][0]
    amounts = {v["sku"]: v["calculated_price"]["calculated_amount"] for v in priced["variants"]}
    assert amounts["OCT-S-WHT"] == 24.5
    mapped = medusa.admin.get("/admin/product-variants", params={"id": vid, "fields": "product_id"})
    assert mapped.json()["variants"] == [{"id": vid, "product_id": pid}]


def test_inventory_update_emits_the_level_event_and_maps_back(medusa: Medusa) -> None:
    product = medusa.admin.get(
        f"/admin/products/{medusa.handles[TSHIRT]}",
        params={"fields": "*variants.inventory_items.inventory.location_levels"},
    ).json()["product"]
    variant = next(v for v in product["variants"] if v["sku"] == "OCT-L-BLK")
    item = variant["inventory_items"][0]
    level = item["inventory"]["location_levels"][0]
    url = (
        f"/admin/inventory-items/{item['inventory_item_id']}/location-levels/{level['location_id']}"
    )
    assert medusa.admin.post(url, json={"stocked_quantity": 7}).status_code == 200
    assert [(e, i) for e, i, _ in _events(medusa)] == [("inventory-level.updated", level["id"])]
    items = medusa.admin.get(
        "/admin/inventory-items", params={"fields": "id,*location_levels,*variants"}
    ).json()["inventory_items"]
    owner = next(i for i in items if level["id"] in [lv["id"] for lv in i["location_levels"]])
    [mine] = owner["variants"]
    assert (mine["id"], mine["product_id"], mine["product"]) == (
        variant["id"], product["id"], {"id": product["id"]},
    )  # fmt: skip
    # Pinned from a real Medusa 2.21.2: the variant's own columns, and its product's id.
    assert sorted(mine) == sorted([
        "id", "title", "sku", "barcode", "ean", "upc", "allow_backorder", "manage_inventory",
        "hs_code", "origin_country", "mid_code", "material", "weight", "length", "height",
        "width", "metadata", "variant_rank", "thumbnail", "product_id", "product",
        "created_at", "updated_at", "deleted_at",
    ])  # fmt: skip
    assert mine["sku"] == "OCT-L-BLK"
    stock = medusa.store.get(
        "/store/products", params={"handle": TSHIRT, "fields": "+variants.inventory_quantity"}
    ).json()["products"][0]
    assert {v["sku"]: v["inventory_quantity"] for v in stock["variants"]}["OCT-L-BLK"] == 7


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/admin/products", {"status": "published"}, 400),
        ("POST", "/admin/products", {"title": "X", "status": "sold"}, 400),
        ("POST", "/admin/products", {"title": "X", "bogus": True}, 400),
        ("POST", "/admin/products", {"title": "X", "weight": "heavy"}, 400),
        ("POST", "/admin/products", {"title": "X", "collection_id": "pcol_nope"}, 400),
        (
            "POST",
            "/admin/products",
            {"title": "X", "variants": [{"title": "V", "options": {"S": "Q"}}]},
            400,
        ),
        ("POST", "/admin/products", {"title": "X", "handle": TSHIRT}, 422),
        ("POST", "/admin/products/prod_nope", {"title": "X"}, 404),
        ("POST", "/admin/products/{tshirt}", {"title": ""}, 400),
        ("POST", "/admin/products/{tshirt}", {"tags": "organic"}, 400),
        ("POST", "/admin/products/{tshirt}/variants/variant_nope", {"title": "X"}, 404),
        ("POST", "/admin/products/{tshirt}/variants/{variant}", {"prices": [{"amount": 1}]}, 400),
        (
            "POST",
            "/admin/products/{tshirt}/variants/{variant}",
            {"prices": [{"currency_code": "eur", "amount": -1}]},
            400,
        ),
        ("DELETE", "/admin/products/prod_nope", None, 404),
        ("GET", "/admin/collections?foo=1", None, 400),  # /admin/products ignores it
        (
            "POST",
            "/admin/inventory-items/iitem_no/location-levels/sloc_x",
            {"stocked_quantity": 1},
            404,
        ),
    ],
)
def test_bad_admin_requests_get_medusa_errors(
    medusa: Medusa, method: str, path: str, body: object, status: int
) -> None:
    path = path.replace("{tshirt}", medusa.handles[TSHIRT]).replace(
        "{variant}", medusa.variant("OCT-S-WHT")
    )
    response = medusa.admin.request(method, path, json=body)
    assert response.status_code == status, response.text
    assert set(response.json()) == {"type", "message"}
    assert _events(medusa) == []


@pytest.fixture
def redis_medusa(tmp_path: Path, redis_url: str) -> Iterator[tuple[Medusa, object]]:
    """A seeded sandbox publishing to Redis; the stream is emptied before and after."""
    import redis

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    client.delete(STREAM)
    md = start(tmp_path / f"md-{uuid.uuid4().hex[:6]}", redis_url=redis_url)
    yield md, client
    md.close()
    md.box.stop()
    client.delete(STREAM)
    client.close()


def test_events_go_to_the_redis_stream_when_configured(redis_medusa: tuple[Medusa, object]) -> None:
    md, client = redis_medusa
    body = {**NEW_PRODUCT, "sales_channels": [{"id": _channel(md)}]}
    product = md.admin.post("/admin/products", json=body).json()["product"]
    md.admin.post(f"/admin/products/{product['id']}", json={"title": "Renamed"})
    md.admin.delete(f"/admin/products/{product['id']}")
    entries = client.xrange(STREAM)  # type: ignore[attr-defined]
    names = [fields["event"] for _, fields in entries]
    assert names == [
        "product-variant.created",
        "product.created",
        "product.updated",
        "product.deleted",
    ]
    _, last = entries[-1]
    assert last["id"] == product["id"]
    message = json.loads(last["payload"])
    assert message["event"] == "product.deleted" and message["data"] == {"id": product["id"]}
    recorded = load_fixture("medusa-v2", "events_redis_messages.json")["stream_entries"][-1]
    assert shape_diff(recorded["payload"], last["payload"]) == []
    assert shape_diff(json.loads(recorded["payload"]), message) == []
    assert not md.config.events_path.exists()
