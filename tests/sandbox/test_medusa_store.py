"""Store API behaviour: keys, fields syntax, filters, pagination, prices, carts and stock."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.sandbox.test_medusa_catalog import Medusa, shared_medusa  # noqa: F401 - fixture


@pytest.fixture
def medusa(shared_medusa: Medusa) -> Medusa:  # noqa: F811
    """Nothing here changes the catalog (carts reserve no stock): one sandbox per module."""
    return shared_medusa


TSHIRT = "organic-cotton-tshirt"
PRICED = "*variants.calculated_price,+variants.inventory_quantity"


def _product(md: Medusa, **params: str) -> dict:
    body = md.store.get("/store/products", params={"handle": TSHIRT, **params}).json()
    assert body["count"] == 1, body
    return body["products"][0]


def _by_sku(product: dict) -> dict[str, dict]:
    return {v["sku"]: v for v in product["variants"]}


def test_publishable_key_is_required_and_checked(medusa: Medusa) -> None:
    missing = httpx.get(f"{medusa.url}/store/products")
    assert missing.status_code == 400
    assert missing.json()["message"].startswith("Publishable API key required")
    wrong = httpx.get(f"{medusa.url}/store/regions", headers={"x-publishable-api-key": "pk_no"})
    assert wrong.status_code == 400
    assert wrong.json() == {
        "type": "not_allowed",
        "message": "A valid publishable key is required to proceed with the request",
    }
    secret = httpx.get(
        f"{medusa.url}/store/regions", headers={"x-publishable-api-key": medusa.config.api_key}
    )
    assert secret.status_code == 400


def test_prices_stock_and_tax_for_a_region_and_country(medusa: Medusa) -> None:
    eur = _by_sku(_product(medusa, region_id=medusa.region("eur"), fields=PRICED))
    assert eur["OCT-S-WHT"]["calculated_price"]["calculated_amount"] == 29.99
    assert eur["OCT-S-WHT"]["calculated_price"]["raw_calculated_amount"]["value"] == "29.99"
    assert eur["OCT-L-BLK"]["calculated_price"]["currency_code"] == "eur"
    assert "calculated_amount_with_tax" not in eur["OCT-S-WHT"]["calculated_price"]
    assert [eur[s]["inventory_quantity"] for s in ("OCT-S-WHT", "OCT-M-WHT", "OCT-L-BLK")] == [
        100,
        25,
        0,
    ]
    de = _by_sku(_product(medusa, region_id=medusa.region("eur"), country_code="de", fields=PRICED))
    assert de["OCT-S-WHT"]["calculated_price"]["calculated_amount_with_tax"] == 35.6881
    assert de["OCT-L-BLK"]["calculated_price"]["original_amount_with_tax"] == 39.2581
    usd = _by_sku(_product(medusa, region_id=medusa.region("usd"), fields=PRICED))
    assert usd["OCT-S-WHT"]["calculated_price"]["currency_code"] == "usd"


def test_no_pricing_context_means_no_calculated_price(medusa: Medusa) -> None:
    plain = _product(medusa)
    assert all("calculated_price" not in v and "prices" not in v for v in plain["variants"])
    assert "inventory_quantity" not in plain["variants"][0]
    without_region = medusa.store.get(
        "/store/products", params={"handle": TSHIRT, "country_code": "de", "fields": PRICED}
    )
    assert without_region.status_code == 400
    assert without_region.json()["message"] == (
        "Missing required pricing context to calculate prices - region_id"
    )


def test_inventory_quantity_only_for_managed_variants(medusa: Medusa) -> None:
    linen = medusa.store.get(
        "/store/products",
        params={"handle": "linen-summer-shirt", "fields": "+variants.inventory_quantity"},
    ).json()["products"][0]
    assert "inventory_quantity" not in linen["variants"][0]


def test_fields_syntax(medusa: Medusa) -> None:
    bare = _product(medusa, fields="handle,title")
    assert bare == {
        "id": medusa.handles[TSHIRT],
        "handle": TSHIRT,
        "title": "Organic Cotton T-Shirt",
    }
    full = _product(medusa, fields="*categories,+metadata,+status")
    assert full["metadata"] == {"fit": "regular"} and full["status"] == "published"
    assert {c["handle"] for c in full["categories"]} == {"t-shirts", "organic"}
    assert "metadata" not in _product(medusa) and "categories" not in _product(medusa)
    dropped = _product(medusa, fields="id,handle,sales_channels.id")
    assert set(dropped) == {"id", "handle"}
    ignored = _product(medusa, fields="+no_such_field")
    assert "no_such_field" not in ignored and "variants" in ignored
    prices = _product(medusa, fields="*variants.prices")
    assert {p["currency_code"] for p in prices["variants"][0]["prices"]} == {"eur", "usd"}
    assert "options" not in _product(medusa, fields="-options")


def test_filters(medusa: Medusa) -> None:
    def handles(**params: Any) -> list[str]:
        body = medusa.store.get("/store/products", params={**params, "fields": "handle"}).json()
        return [p["handle"] for p in body["products"]]

    collection = medusa.store.get("/store/collections").json()["collections"][0]["id"]
    assert handles(**{"collection_id[]": collection}) == [TSHIRT, "linen-summer-shirt"]
    assert handles(q="cotton") == [TSHIRT]
    assert handles(**{"handle[]": ["canvas-tote-bag", TSHIRT]}) == [TSHIRT, "canvas-tote-bag"]
    tshirt_id = medusa.handles[TSHIRT]
    assert handles(**{"id[]": tshirt_id}) == [TSHIRT]
    categories = medusa.store.get("/store/product-categories").json()["product_categories"]
    organic = next(c["id"] for c in categories if c["handle"] == "organic")
    assert handles(**{"category_id[]": organic}) == [TSHIRT]
    summer = medusa.admin.get("/admin/product-tags", params={"value": "summer"}).json()
    assert handles(**{"tag_id[]": summer["product_tags"][0]["id"]}) == [
        TSHIRT,
        "linen-summer-shirt",
    ]
    assert handles(handle="unreleased-hoodie") == []


def test_pagination_and_order(medusa: Medusa) -> None:
    page1 = medusa.store.get("/store/products", params={"limit": 2, "offset": 0}).json()
    page2 = medusa.store.get("/store/products", params={"limit": 2, "offset": 2}).json()
    assert (page1["count"], page1["limit"], page2["offset"]) == (3, 2, 2)
    assert len(page1["products"]) == 2 and len(page2["products"]) == 1
    newest = medusa.store.get("/store/products", params={"order": "-created_at", "limit": 1000})
    assert [p["handle"] for p in newest.json()["products"]][0] == "canvas-tote-bag"
    assert medusa.store.get("/store/collections").json()["limit"] == 10
    assert medusa.store.get("/store/regions").json()["limit"] == 50
    bad = medusa.store.get("/store/products", params={"limit": "many"})
    assert bad.status_code == 400 and bad.json()["type"] == "invalid_data"


def test_unknown_params_drafts_and_routes(medusa: Medusa) -> None:
    bad = medusa.store.get("/store/products", params={"foo": "bar", "baz": "1"})
    assert bad.status_code == 400
    assert bad.json()["message"] == "Invalid request: Unrecognized fields: 'foo', 'baz'"
    draft = medusa.handles["unreleased-hoodie"]
    assert medusa.store.get(f"/store/products/{draft}").status_code == 404
    route = medusa.store.get("/store/nope")
    assert route.status_code == 404 and "<pre>Cannot GET /store/nope</pre>" in route.text
    assert httpx.get(f"{medusa.url}/health").text == "OK"


def test_product_by_id_and_regions(medusa: Medusa) -> None:
    product = medusa.store.get(f"/store/products/{medusa.handles[TSHIRT]}").json()["product"]
    assert product["categories"] == [{"is_internal": False}, {"is_internal": False}]
    region = medusa.store.get(f"/store/regions/{medusa.region('eur')}").json()["region"]
    assert {c["iso_2"] for c in region["countries"]} == {"es", "de", "fr"}
    assert medusa.store.get("/store/regions/reg_nope").status_code == 404
    tree = medusa.store.get(
        "/store/product-categories", params={"fields": "id,handle,*category_children"}
    ).json()["product_categories"]
    apparel = next(c for c in tree if c["handle"] == "apparel")
    assert [c["handle"] for c in apparel["category_children"]] == ["t-shirts"]


def test_static_pictures(medusa: Medusa) -> None:
    pytest.importorskip("sandbox.seed.images", reason="sandbox/seed/images.py not written yet")
    picture = httpx.get(f"{medusa.url}/static/{TSHIRT}.svg")
    assert picture.status_code == 200
    assert picture.headers["content-type"].startswith("image/svg+xml")
    assert picture.content.lstrip().startswith(b"<")
    assert httpx.get(f"{medusa.url}/static/nothing.svg").status_code == 404


def _cart(md: Medusa, region: str = "eur") -> dict:
    body = {"region_id": md.region(region), "email": "shopper@example.com"}
    return md.store.post("/store/carts", json=body).json()["cart"]


def test_cart_totals_tax_lines_and_line_updates(medusa: Medusa) -> None:
    cart = _cart(medusa)
    assert cart["sales_channel_id"] and cart["total"] == 0 and cart["currency_code"] == "eur"
    url = f"/store/carts/{cart['id']}"
    added = medusa.store.post(
        f"{url}/line-items", json={"variant_id": medusa.variant("OCT-S-WHT"), "quantity": 2}
    ).json()["cart"]
    assert (added["subtotal"], added["tax_total"], added["total"]) == (59.98, 0, 59.98)
    assert added["items"][0]["tax_lines"] == [] and added["items"][0]["unit_price"] == 29.99
    taxed = medusa.store.post(url, json={"shipping_address": {"country_code": "de"}}).json()["cart"]
    assert (taxed["tax_total"], taxed["total"]) == (11.3962, 71.3762)
    assert taxed["items"][0]["tax_lines"][0]["rate"] == 19
    line = taxed["items"][0]["id"]
    three = medusa.store.post(f"{url}/line-items/{line}", json={"quantity": 3}).json()["cart"]
    assert (three["subtotal"], three["total"]) == (89.97, 107.0643)
    again = medusa.store.post(
        f"{url}/line-items", json={"variant_id": medusa.variant("OCT-S-WHT"), "quantity": 1}
    ).json()["cart"]
    assert [i["quantity"] for i in again["items"]] == [4]
    gone = medusa.store.delete(f"{url}/line-items/{line}").json()
    assert gone["object"] == "line-item" and gone["deleted"] and gone["parent"]["items"] == []
    assert medusa.store.get(url).json()["cart"]["total"] == 0


def test_quantity_zero_removes_a_line(medusa: Medusa) -> None:
    cart = _cart(medusa, "usd")
    url = f"/store/carts/{cart['id']}"
    added = medusa.store.post(
        f"{url}/line-items", json={"variant_id": medusa.variant("CTB-1"), "quantity": 1}
    ).json()["cart"]
    assert added["total"] == 17
    line = added["items"][0]["id"]
    assert (
        medusa.store.post(f"{url}/line-items/{line}", json={"quantity": 0}).json()["cart"]["items"]
        == []
    )


def test_stock_rule(medusa: Medusa) -> None:
    url = f"/store/carts/{_cart(medusa)['id']}"
    out = medusa.store.post(
        f"{url}/line-items", json={"variant_id": medusa.variant("OCT-L-BLK"), "quantity": 1}
    )
    assert out.status_code == 400
    assert out.json() == {
        "code": "insufficient_inventory",
        "type": "not_allowed",
        "message": "Some variant does not have the required inventory",
    }
    ok = medusa.store.post(
        f"{url}/line-items", json={"variant_id": medusa.variant("OCT-M-WHT"), "quantity": 25}
    )
    assert ok.status_code == 200
    line = ok.json()["cart"]["items"][0]["id"]
    more = medusa.store.post(f"{url}/line-items/{line}", json={"quantity": 26})
    assert more.status_code == 400 and more.json()["code"] == "insufficient_inventory"
    unmanaged = medusa.store.post(
        f"{url}/line-items", json={"variant_id": medusa.variant("LSS-M"), "quantity": 500}
    )
    assert unmanaged.status_code == 200


def test_shipping_options_for_a_cart(medusa: Medusa) -> None:
    cart = _cart(medusa, "usd")
    options = medusa.store.get("/store/shipping-options", params={"cart_id": cart["id"]}).json()
    assert [(o["name"], o["amount"]) for o in options["shipping_options"]] == [
        ("Standard Shipping", 5.95)
    ]
    assert medusa.store.get("/store/shipping-options").status_code == 400


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/store/carts", {"region_id": "reg_nope"}),
        ("POST", "/store/carts", {"email": 5}),
        ("POST", "/store/carts", {"bogus": 1}),
        ("POST", "/store/carts", [1, 2]),
        ("POST", "/store/carts", "not json"),
        ("POST", "{cart}/line-items", {"variant_id": "variant_nope", "quantity": 1}),
        ("POST", "{cart}/line-items", {"variant_id": "{variant}", "quantity": "two"}),
        ("POST", "{cart}/line-items", {"variant_id": "{variant}", "quantity": -1}),
        ("POST", "{cart}/line-items/cali_nope", {"quantity": 1}),
        ("DELETE", "{cart}/line-items/cali_nope", None),
        ("POST", "{cart}", {"shipping_address": {"country_code": "jp"}}),
        ("POST", "{cart}", {"shipping_address": "Berlin"}),
        ("GET", "/store/carts/cart_nope", None),
        ("GET", "/store/products/prod_nope", None),
        ("GET", "/store/products?region_id=reg_nope&fields=*variants.calculated_price", None),
        ("GET", "/store/products?offset=-1", None),
    ],
)
def test_bad_requests_get_medusa_errors_not_500(
    medusa: Medusa, method: str, path: str, body: object
) -> None:
    cart = f"/store/carts/{_cart(medusa)['id']}"
    path = path.replace("{cart}", cart)
    content = body if isinstance(body, str) else None
    if isinstance(body, dict):
        body = {
            k: (medusa.variant("OCT-S-WHT") if v == "{variant}" else v) for k, v in body.items()
        }
    kwargs = {"content": content} if content else ({"json": body} if body is not None else {})
    response = medusa.store.request(method, path, **kwargs)
    assert response.status_code in (400, 404), response.text
    assert set(response.json()) >= {"type", "message"}
