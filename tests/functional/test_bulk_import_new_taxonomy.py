"""``storefront import`` on the paths that create things besides products: a new collection,
categories and tags, and a new SKU on an existing product; then a second run is unchanged."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync.bulk.progress import Reporter
from sync.bulk.runs import run_import
from tests.functional.sync_helpers import admin, start

HEADER = (
    "handle,title,collection,categories,tags,option1_name,option1_value,"
    "option2_name,option2_value,sku,price_eur,price_usd,stock"
)
CSV = "\n".join([
    HEADER,
    "alpaca-scarf,Alpaca Scarf,Winter Warmers,Knitwear|Alpaca Knits,alpaca|winter,,,,,AS-1,45.00,"
    "49.00,12",
    "organic-cotton-tshirt,,,,,Size,S,Color,Black,OCT-S-BLK,31.50,33.00,7",
])  # fmt: skip
LISTS = {
    "/admin/collections": "collections",
    "/admin/product-categories": "product_categories",
    "/admin/product-tags": "product_tags",
}


@pytest.fixture
def env(make_sandbox: Any, tmp_path: Path) -> Any:
    """A seeded sandbox where "Alpaca Knits" already exists under Apparel (the CSV format has no
    column for a category's parent, so a parented category is made through the Admin API)."""
    box, settings = start(make_sandbox, tmp_path)
    with admin(box) as client:
        apparel = client.get("/admin/product-categories", params={"handle": "apparel"}).json()
        parent_id = apparel["product_categories"][0]["id"]
        body = {"name": "Alpaca Knits", "parent_category_id": parent_id, "is_active": True}
        client.post("/admin/product-categories", json=body).raise_for_status()
    return box, settings


def quiet() -> Reporter:
    return Reporter("import", fancy=False, stream=io.StringIO())


def taxonomy(box: Any) -> dict[str, list[dict[str, Any]]]:
    """Every collection, category and tag."""
    with admin(box) as client:
        return {
            key: client.get(path, params={"limit": "1000"}).json()[key]
            for path, key in LISTS.items()
        }


def product(box: Any, handle: str) -> dict[str, Any]:
    """One admin product with relations, variants, prices and stock."""
    fields = "id,handle,updated_at,collection_id,*collection,*categories,*tags,*variants,"
    fields += "*variants.prices,*variants.inventory_items.inventory.location_levels"
    with admin(box) as client:
        body = client.get("/admin/products", params={"handle": handle, "fields": fields}).json()
    found: dict[str, Any] = body["products"][0]
    return found


def events(box: Any) -> list[tuple[str, str]]:
    with sqlite3.connect(box.config.events_path) as db:
        return [(e, i) for e, i in db.execute("SELECT event, id FROM events ORDER BY seq")]


def test_dry_run_creates_no_taxonomy(env: Any) -> None:
    box, settings = env
    before = taxonomy(box)
    report = quiet()
    assert run_import(settings, CSV, report, dry_run=True) == []
    assert report.counts == {"would create": 1, "would update": 1}
    assert taxonomy(box) == before


def test_new_collection_categories_tags_and_sku_then_unchanged(env: Any) -> None:
    box, settings = env
    before = taxonomy(box)
    first = quiet()
    assert run_import(settings, CSV, first) == []
    assert first.counts == {"created": 1, "updated": 1} and not first.failed
    after = taxonomy(box)
    new = {key: [r for r in after[key] if r not in before[key]] for key in after}
    assert [c["handle"] for c in new["collections"]] == ["winter-warmers"]
    assert [c["handle"] for c in new["product_categories"]] == ["knitwear"]
    assert sorted(t["value"] for t in new["product_tags"]) == ["alpaca", "winter"]
    assert new["product_categories"][0]["is_active"] is True

    scarf = product(box, "alpaca-scarf")
    assert scarf["collection"]["title"] == "Winter Warmers"
    categories = {c["handle"]: c for c in scarf["categories"]}
    assert set(categories) == {"knitwear", "alpaca-knits"}
    apparel = next(c for c in after["product_categories"] if c["handle"] == "apparel")
    assert categories["alpaca-knits"]["parent_category_id"] == apparel["id"]
    assert {t["value"] for t in scarf["tags"]} == {"alpaca", "winter"}
    levels = scarf["variants"][0]["inventory_items"][0]["inventory"]["location_levels"]
    assert [lv["stocked_quantity"] for lv in levels] == [12]

    tshirt = product(box, "organic-cotton-tshirt")
    skus = {v["sku"]: v for v in tshirt["variants"]}
    assert set(skus) == {"OCT-S-WHT", "OCT-M-WHT", "OCT-L-BLK", "OCT-S-BLK"}
    black = skus["OCT-S-BLK"]
    assert black["title"] == "S / Black"
    assert {p["currency_code"]: p["amount"] for p in black["prices"]} == {"eur": 31.5, "usd": 33}
    levels = black["inventory_items"][0]["inventory"]["location_levels"]
    assert [lv["stocked_quantity"] for lv in levels] == [7]
    assert ("product-variant.created", black["id"]) in events(box)
    _visible_in_store(box, black["id"])

    second = quiet()
    assert run_import(settings, CSV, second) == []
    assert second.counts == {"unchanged": 2} and not second.failed
    assert taxonomy(box) == after  # nothing created twice
    assert product(box, "organic-cotton-tshirt")["updated_at"] == tshirt["updated_at"]


def _visible_in_store(box: Any, variant_id: str) -> None:
    """The new SKU is sold through the storefront's key, with its stock."""
    response = httpx.get(
        f"{box.urls['medusa']}/store/products",
        params={"handle": "organic-cotton-tshirt", "fields": "+variants.inventory_quantity"},
        headers={"x-publishable-api-key": box.config.publishable_key},
    )
    variants = {v["id"]: v for v in response.json()["products"][0]["variants"]}
    assert variants[variant_id]["inventory_quantity"] == 7
