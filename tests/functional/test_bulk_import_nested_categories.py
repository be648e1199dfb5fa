"""``storefront import`` with category paths (``Home > Kitchen > Mugs``): each level found under its
parent or created there, the product placed in the leaf; idempotent; bad paths refused."""

from __future__ import annotations

import io
from typing import Any

import httpx

from sync.bulk.progress import Reporter
from sync.bulk.runs import run_import
from tests.functional.sync_helpers import admin

HEADER = "handle,title,categories,sku,price_eur,stock"
CSV = "\n".join([
    HEADER,
    # Home and Kitchen are seeded (Kitchen under Home): only Mugs is new. Apparel > T-Shirts is
    # seeded whole, "organic" is a plain handle.
    "enamel-mug,Enamel Mug,Home > Kitchen > Mugs|apparel>t-shirts|organic,EM-1,14.00,5",
    # Every level new; "Kitchen" is taken (under Home), so this one gets a parent-prefixed handle.
    "camp-kettle,Camp Kettle,Garden > Outdoor Cooking > Kettles|Outdoor Gear > Kitchen,CK-1,39.00,",
])  # fmt: skip


def quiet() -> Reporter:
    return Reporter("import", fancy=False, stream=io.StringIO())


def categories(box: Any) -> dict[str, dict[str, Any]]:
    """Every category by handle, from the Admin API."""
    with admin(box) as client:
        body = client.get("/admin/product-categories", params={"limit": "1000"}).json()
    return {c["handle"]: c for c in body["product_categories"]}


def product(box: Any, handle: str) -> dict[str, Any] | None:
    """One admin product with its categories (None: not there)."""
    with admin(box) as client:
        params = {"handle": handle, "fields": "id,handle,updated_at,*categories"}
        found = client.get("/admin/products", params=params).json()["products"]
    return found[0] if found else None


def store_get(box: Any, path: str, **params: Any) -> dict[str, Any]:
    """A Store API GET with the storefront's publishable key."""
    headers = {"x-publishable-api-key": box.config.publishable_key}
    response = httpx.get(f"{box.urls['medusa']}{path}", params=params, headers=headers)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def store_path(box: Any, category_id: str) -> list[str]:
    """The names from the root down to this category, walked up through the Store API."""
    names: list[str] = []
    current: str | None = category_id
    while current:
        category = store_get(box, f"/store/product-categories/{current}")["product_category"]
        names.insert(0, category["name"])
        current = category["parent_category_id"]
    return names


def test_dry_run_creates_nothing(env: Any) -> None:
    box, settings = env
    before = categories(box)
    report = quiet()
    assert run_import(settings, CSV, report, dry_run=True) == []
    assert report.counts == {"would create": 2}
    assert categories(box) == before and product(box, "enamel-mug") is None


def test_paths_create_missing_levels_under_their_parents_then_unchanged(env: Any) -> None:
    box, settings = env
    before = categories(box)
    first = quiet()
    assert run_import(settings, CSV, first) == []
    assert first.counts == {"created": 2} and not first.failed
    after = categories(box)
    new = sorted(set(after) - set(before))
    assert new == ["garden", "kettles", "mugs", "outdoor-cooking", "outdoor-gear-kitchen"]
    parent = {h: after[h]["parent_category_id"] for h in new}
    assert parent["mugs"] == before["kitchen"]["id"]
    assert parent["garden"] is None
    assert parent["outdoor-cooking"] == after["garden"]["id"]
    assert parent["kettles"] == after["outdoor-cooking"]["id"]
    assert parent["outdoor-gear-kitchen"] == before["outdoor-gear"]["id"]
    assert after["outdoor-gear-kitchen"]["name"] == "Kitchen"
    assert all(after[h]["is_active"] for h in new)

    mug = product(box, "enamel-mug")
    assert mug is not None
    assert {c["handle"] for c in mug["categories"]} == {"mugs", "t-shirts", "organic"}
    assert store_path(box, after["mugs"]["id"]) == ["Home", "Kitchen", "Mugs"]
    assert store_path(box, after["kettles"]["id"]) == ["Garden", "Outdoor Cooking", "Kettles"]
    listed = store_get(box, "/store/products", **{"category_id[]": after["mugs"]["id"]})
    assert [p["handle"] for p in listed["products"]] == ["enamel-mug"]
    kettle = product(box, "camp-kettle")
    assert kettle is not None
    assert {c["handle"] for c in kettle["categories"]} == {"kettles", "outdoor-gear-kitchen"}

    second = quiet()
    assert run_import(settings, CSV, second) == []
    assert second.counts == {"unchanged": 2} and not second.failed
    assert categories(box) == after  # nothing created twice
    assert product(box, "enamel-mug") == mug


def test_a_bad_path_is_refused_with_row_and_column_and_nothing_written(env: Any) -> None:
    box, settings = env
    before = categories(box)
    bad = "\n".join([
        HEADER,
        "good-mug,Good Mug,Home > Kitchen > Mugs,GM-1,9.00,",
        "bad-mug,Bad Mug,Home >  > Mugs,BM-1,9.00,",
        "deep-mug,Deep Mug,A > B > C > D > E > F,DM-1,9.00,",
    ])  # fmt: skip
    errors = [str(e) for e in run_import(settings, bad, quiet())]
    assert errors == [
        "row 3, column categories: 'Home >  > Mugs' has an empty level",
        "row 4, column categories: 'A > B > C > D > E > F' is 6 levels deep; at most 5 are allowed",
    ]
    assert categories(box) == before
    assert product(box, "good-mug") is None
