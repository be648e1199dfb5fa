"""Admin API writes the bulk importer needs: collections, categories, tags, a variant added to a
product (with its event and inventory item), and the store list."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.sandbox.test_medusa_catalog import Medusa, start

TSHIRT = "organic-cotton-tshirt"
NEW_SKU = {
    "title": "S / Black",
    "sku": "OCT-S-BLK",
    "options": {"Size": "S", "Color": "Black"},
    "prices": [{"currency_code": "eur", "amount": 31.5}, {"currency_code": "usd", "amount": 33}],
    "manage_inventory": True,
}


@pytest.fixture(scope="module")
def md(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Medusa]:
    """One seeded sandbox for the module: each test creates records of its own."""
    medusa = start(Path(tmp_path_factory.mktemp("md")))
    yield medusa
    medusa.close()
    medusa.box.stop()


def _events(md: Medusa) -> list[tuple[str, str]]:
    if not md.config.events_path.exists():
        return []
    with sqlite3.connect(md.config.events_path) as db:
        return [(e, i) for e, i in db.execute("SELECT event, id FROM events ORDER BY seq")]


def _error(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["type"] == kind and isinstance(body["message"], str)
    return body


def test_collection_create_list_filters_and_errors(md: Medusa) -> None:
    created = md.admin.post("/admin/collections", json={"title": "Winter Warmers"})
    assert created.status_code == 200
    collection = created.json()["collection"]
    assert collection["id"].startswith("pcol_") and len(collection["id"]) == 5 + 26
    assert collection["handle"] == "winter-warmers"
    assert set(collection) == {  # no deleted_at, as a real 2.21 answers (tests/real_medusa)
        "id", "title", "handle", "external_id", "metadata", "created_at", "updated_at",
    }  # fmt: skip
    for params in ({"handle": "winter-warmers"}, {"title": "Winter Warmers"}):
        found = md.admin.get("/admin/collections", params=params).json()
        assert [c["id"] for c in found["collections"]] == [collection["id"]]
    store = md.store.get("/store/collections", params={"handle": "winter-warmers"}).json()
    assert [c["id"] for c in store["collections"]] == [collection["id"]]
    again = md.admin.post("/admin/collections", json={"title": "Other", "handle": "winter-warmers"})
    assert "already exists" in _error(again, 422, "duplicate_error")["message"]
    _error(md.admin.post("/admin/collections", json={}), 400, "invalid_data")
    _error(md.admin.post("/admin/collections", json={"title": 3}), 400, "invalid_data")
    _error(md.admin.post("/admin/collections", json={"title": "X", "x": 1}), 400, "invalid_data")
    _error(md.admin.post("/admin/collections", content=b"{nope"), 400, "invalid_data")
    assert httpx.post(f"{md.url}/admin/collections", json={"title": "Y"}).status_code == 401


def test_tag_create_list_by_value_and_duplicates(md: Medusa) -> None:
    created = md.admin.post("/admin/product-tags", json={"value": "alpaca"})
    assert created.status_code == 200
    tag = created.json()["product_tag"]
    assert tag["id"].startswith("ptag_") and tag["value"] == "alpaca"
    found = md.admin.get("/admin/product-tags", params={"value": "alpaca"}).json()
    assert [t["id"] for t in found["product_tags"]] == [tag["id"]] and found["count"] == 1
    again = md.admin.post("/admin/product-tags", json={"value": "alpaca"})
    assert _error(again, 422, "duplicate_error")["message"] == (
        "Product tag with value: alpaca, already exists."
    )
    _error(md.admin.post("/admin/product-tags", json={"value": ""}), 400, "invalid_data")
    _error(md.admin.post("/admin/product-tags", json={"value": ["a"]}), 400, "invalid_data")


def test_category_with_a_parent_is_placed_in_the_tree(md: Medusa) -> None:
    apparel = md.admin.get("/admin/product-categories", params={"handle": "apparel"}).json()
    parent = apparel["product_categories"][0]
    body = {"name": "Knitwear", "parent_category_id": parent["id"], "is_active": True}
    created = md.admin.post("/admin/product-categories", json=body)
    assert created.status_code == 200
    category = created.json()["product_category"]
    assert category["handle"] == "knitwear" and category["is_internal"] is False
    assert category["parent_category_id"] == parent["id"]
    assert category["parent_category"]["id"] == parent["id"]
    assert category["mpath"] == f"{parent['mpath']}.{category['id']}"
    assert category["rank"] == 1  # after T-Shirts, Apparel's only child so far
    assert category["category_children"] == [] and category["description"] == ""
    listed = md.admin.get("/admin/product-categories", params={"handle": "knitwear"}).json()
    assert [c["id"] for c in listed["product_categories"]] == [category["id"]]
    store = md.store.get("/store/product-categories", params={"handle": "apparel"}).json()
    children = store["product_categories"][0]["category_children"]
    assert category["id"] in [c["id"] for c in children]


def test_category_defaults_and_errors(md: Medusa) -> None:
    created = md.admin.post("/admin/product-categories", json={"name": "Gift Ideas"})
    category = created.json()["product_category"]
    assert category["is_active"] is False and category["parent_category"] is None
    assert category["mpath"] == category["id"] and category["handle"] == "gift-ideas"
    missing = {"name": "Orphan", "parent_category_id": "pcat_NOPE"}
    _error(md.admin.post("/admin/product-categories", json=missing), 404, "not_found")
    duplicate = {"name": "Apparel again", "handle": "apparel"}
    body = _error(
        md.admin.post("/admin/product-categories", json=duplicate), 422, "duplicate_error"
    )
    assert body["message"] == "Product category with handle: apparel, already exists."
    _error(md.admin.post("/admin/product-categories", json={"handle": "x"}), 400, "invalid_data")
    wrong = {"name": "W", "is_active": "yes"}
    _error(md.admin.post("/admin/product-categories", json=wrong), 400, "invalid_data")
    bad_parent = {"name": "W", "parent_category_id": 7}
    _error(md.admin.post("/admin/product-categories", json=bad_parent), 400, "invalid_data")


def test_new_taxonomy_can_be_linked_to_a_product(md: Medusa) -> None:
    col = md.admin.post("/admin/collections", json={"title": "Linked"}).json()["collection"]
    cat = md.admin.post("/admin/product-categories", json={"name": "Linked Cat"}).json()
    tag = md.admin.post("/admin/product-tags", json={"value": "linked"}).json()["product_tag"]
    product_id = md.handles["canvas-tote-bag"]
    body = {
        "collection_id": col["id"],
        "categories": [{"id": cat["product_category"]["id"]}],
        "tags": [{"id": tag["id"]}],
    }
    assert md.admin.post(f"/admin/products/{product_id}", json=body).status_code == 200
    fields = "collection_id,*categories,*tags"
    product = md.admin.get(f"/admin/products/{product_id}", params={"fields": fields}).json()
    assert product["product"]["collection_id"] == col["id"]
    assert [c["handle"] for c in product["product"]["categories"]] == ["linked-cat"]
    assert [t["value"] for t in product["product"]["tags"]] == ["linked"]


def test_add_variant_returns_the_product_emits_and_creates_inventory(md: Medusa) -> None:
    product_id, seen = md.handles[TSHIRT], len(_events(md))
    created = md.admin.post(f"/admin/products/{product_id}/variants", json=NEW_SKU)
    assert created.status_code == 200, created.text
    product = created.json()["product"]
    variant = next(v for v in product["variants"] if v["sku"] == "OCT-S-BLK")
    assert len(product["variants"]) == 4 and variant["variant_rank"] == 3
    assert {o["option"]["title"]: o["value"] for o in variant["options"]} == NEW_SKU["options"]
    assert {p["currency_code"]: p["amount"] for p in variant["prices"]} == {"eur": 31.5, "usd": 33}
    assert _events(md)[seen:] == [("product-variant.created", variant["id"])]  # nothing else
    mapped = md.admin.get("/admin/product-variants", params={"id": variant["id"]}).json()
    assert mapped["variants"][0]["product_id"] == product_id
    items = md.admin.get("/admin/inventory-items", params={"sku": "OCT-S-BLK"}).json()
    item = items["inventory_items"][0]
    assert item["location_levels"] == []
    location = md.admin.get("/admin/stock-locations").json()["stock_locations"][0]["id"]
    level = {"location_id": location, "stocked_quantity": 7}
    assert md.admin.post(f"/admin/inventory-items/{item['id']}/location-levels", json=level)
    fields = "*variants.inventory_items.inventory.location_levels"
    again = md.admin.get(f"/admin/products/{product_id}", params={"fields": fields}).json()
    mine = next(v for v in again["product"]["variants"] if v["sku"] == "OCT-S-BLK")
    stocked = mine["inventory_items"][0]["inventory"]["location_levels"][0]["stocked_quantity"]
    assert stocked == 7


@pytest.mark.parametrize(
    ("change", "status", "kind"),
    [
        ({"title": None}, 400, "invalid_data"),
        ({"prices": None}, 400, "invalid_data"),
        ({"prices": [{"currency_code": "eur", "amount": -1}]}, 400, "invalid_data"),
        ({"sku": "OCT-M-WHT"}, 422, "duplicate_error"),  # a seeded SKU
        ({"options": {"Size": "XXL", "Color": "Black"}}, 400, "invalid_data"),
        ({"options": {"Size": "M", "Color": "White"}}, 400, "invalid_data"),  # OCT-M-WHT's values
        ({"options": {"Size": "M"}}, 400, "invalid_data"),
        ({"options": ["M"]}, 400, "invalid_data"),
        ({"manage_inventory": "yes"}, 400, "invalid_data"),
        ({"colour": "red"}, 400, "invalid_data"),
    ],
)
def test_add_variant_refusals(md: Medusa, change: dict[str, Any], status: int, kind: str) -> None:
    body = {**NEW_SKU, "sku": "OCT-X", **change}
    body = {k: v for k, v in body.items() if v is not None}
    product_id = md.handles[TSHIRT]
    before = md.admin.get(f"/admin/products/{product_id}").json()["product"]["variants"]
    _error(md.admin.post(f"/admin/products/{product_id}/variants", json=body), status, kind)
    after = md.admin.get(f"/admin/products/{product_id}").json()["product"]["variants"]
    assert len(after) == len(before)


def test_add_variant_to_unknown_product_is_404(md: Medusa) -> None:
    response = md.admin.post("/admin/products/prod_NOPE/variants", json=NEW_SKU)
    assert json.loads(response.text)["type"] == "not_found" and response.status_code == 404


def test_stores_list_in_the_medusa_2_shape(md: Medusa) -> None:
    body = md.admin.get("/admin/stores").json()
    assert (body["count"], body["offset"], body["limit"]) == (1, 0, 50)
    store = body["stores"][0]
    channel = md.admin.get("/admin/sales-channels").json()["sales_channels"][0]["id"]
    location = md.admin.get("/admin/stock-locations").json()["stock_locations"][0]["id"]
    assert store["default_sales_channel_id"] == channel
    assert store["default_location_id"] == location
    assert store["default_region_id"] == md.region("eur")
    currencies = store["supported_currencies"]
    assert [(c["currency_code"], c["is_default"]) for c in currencies] == [
        ("eur", True),
        ("usd", False),
    ]
    assert all(c["store_id"] == store["id"] for c in currencies)
    assert isinstance(store["name"], str) and isinstance(store["created_at"], str)
    one = md.admin.get(f"/admin/stores/{store['id']}").json()["store"]
    assert one == store
    slim = md.admin.get("/admin/stores", params={"fields": "id,name"}).json()["stores"][0]
    assert set(slim) == {"id", "name"}
    _error(md.admin.get("/admin/stores/store_NOPE"), 404, "not_found")
    _error(md.admin.get("/admin/stores", params={"colour": "red"}), 400, "invalid_data")
