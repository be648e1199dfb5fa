"""Store API: the same requests to the sandbox and to a real Medusa 2.21 answer alike."""

from __future__ import annotations

import socket
import time
from typing import Any

import httpx
import pytest

from tests.real_medusa.compare import same_answer, same_error, without_ids
from tests.real_medusa.servers import Side
from tests.sandbox.test_keepalive import exchange

TSHIRT = "organic-cotton-tshirt"
PRICED = "*variants.calculated_price,+variants.inventory_quantity"


def each(both: tuple[Side, Side], path: str, **params: Any) -> tuple[Any, Any]:
    """GET the same Store path on both (``{region}`` becomes each side's EUR region)."""
    real, fake = both
    answers = []
    for side in (real, fake):
        region = side.region()["id"] if "{region}" in str(params) else ""
        filled = {k: str(v).replace("{region}", region) for k, v in params.items()}
        answers.append(side.store.get(path, params=filled))
    return answers[0], answers[1]


def test_regions(both: tuple[Side, Side]) -> None:
    real, fake = same_answer(*each(both, "/store/regions"))
    assert regions(real) == regions(fake)


def regions(body: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
    """name -> (currency, countries) of a region list."""
    return {
        r["name"]: (r["currency_code"], sorted(c["iso_2"] for c in r["countries"]))
        for r in body["regions"]
    }


def tshirt(both: tuple[Side, Side], **params: str) -> tuple[Any, Any]:
    """The T-shirt by handle from both, compared; `{region}` is each side's EUR region."""
    return same_answer(*each(both, "/store/products", handle=TSHIRT, **params))


def variants(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The variants of a one-product list."""
    return list(body["products"][0]["variants"])


def test_product_by_handle_with_price_and_stock(both: tuple[Side, Side]) -> None:
    real, fake = tshirt(both, region_id="{region}", fields=PRICED)
    by_sku = [
        {
            v["sku"]: (
                v["calculated_price"]["calculated_amount"],
                v["inventory_quantity"],
                v["calculated_price"]["currency_code"],
            )
            for v in variants(body)
        }
        for body in (real, fake)
    ]
    expected = {
        "OCT-S-WHT": (29.99, 100, "eur"),
        "OCT-M-WHT": (29.99, 25, "eur"),
        "OCT-L-BLK": (32.99, 0, "eur"),
    }
    assert by_sku[0] == by_sku[1] == expected


def test_price_with_country_adds_tax_amounts(both: tuple[Side, Side]) -> None:
    real, fake = tshirt(both, region_id="{region}", country_code="de", fields=PRICED)
    prices = [
        sorted(v["calculated_price"]["calculated_amount_with_tax"] for v in variants(b))
        for b in (real, fake)
    ]
    assert prices[0] == pytest.approx(prices[1])


def test_default_fields_have_no_price_or_stock(both: tuple[Side, Side]) -> None:
    real, _ = tshirt(both)
    assert "calculated_price" not in variants(real)[0]


def test_categories_and_metadata_on_request(both: tuple[Side, Side]) -> None:
    real, fake = tshirt(both, fields="*categories,+metadata")
    handles = [sorted(c["handle"] for c in b["products"][0]["categories"]) for b in (real, fake)]
    assert handles[0] == handles[1] == ["organic", "t-shirts"]


def test_draft_is_invisible(both: tuple[Side, Side]) -> None:
    real, _ = same_answer(*each(both, "/store/products", handle="unreleased-hoodie"))
    assert real == {"products": [], "count": 0, "offset": 0, "limit": 50}


def test_product_listing_page(both: tuple[Side, Side]) -> None:
    real, fake = same_answer(*each(both, "/store/products", limit=5, order="created_at"))
    assert (
        (real["limit"], len(real["products"])) == (fake["limit"], len(fake["products"])) == (5, 5)
    )
    # The seeded catalog comes first on both; the real server keeps what earlier imports added.
    assert [p["handle"] for p in real["products"]] == [p["handle"] for p in fake["products"]]
    assert real["count"] >= fake["count"]


def test_collections(both: tuple[Side, Side]) -> None:
    # Without `order` the two list them in different orders (real: newest first): not a contract.
    real, fake = same_answer(*each(both, "/store/collections", limit=1000, order="created_at"))
    assert without_ids(real["collections"]) == without_ids(fake["collections"])


def test_collection_by_handle(both: tuple[Side, Side]) -> None:
    real, fake = same_answer(*each(both, "/store/collections", handle="summer-essentials"))
    assert real["count"] == fake["count"] == 1


def test_categories(both: tuple[Side, Side]) -> None:
    real, fake = same_answer(*each(both, "/store/product-categories", limit=1000))
    assert sorted(c["handle"] for c in real["product_categories"]) == sorted(
        c["handle"] for c in fake["product_categories"]
    )


def test_category_tree(both: tuple[Side, Side]) -> None:
    params = {"handle": "apparel", "include_descendants_tree": "true"}
    real, fake = same_answer(*each(both, "/store/product-categories", **params))
    children = [
        sorted(c["handle"] for c in b["product_categories"][0]["category_children"])
        for b in (real, fake)
    ]
    assert children[0] == children[1]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/store/products", {"foo": "bar"}),  # unknown query parameter
        ("/store/products", {"country_code": "de", "fields": PRICED}),  # no region_id
        ("/store/products/prod_does_not_exist", {}),
        ("/store/regions/reg_does_not_exist", {}),
        ("/store/products", {"limit": "abc"}),
        ("/store/product-categories", {"offset": "x"}),
    ],
)
def test_errors(both: tuple[Side, Side], path: str, params: dict[str, str]) -> None:
    same_error(*each(both, path, **params))


@pytest.mark.parametrize("key", [None, "pk_not_a_key"])
def test_publishable_key_errors(both: tuple[Side, Side], key: str | None) -> None:
    real, fake = both
    headers = {"x-publishable-api-key": key} if key else {}
    answers = [httpx_get(side, "/store/products", headers) for side in (real, fake)]
    body = same_error(*answers)
    assert answers[0].status_code == 400 and body["type"] == "not_allowed"


def httpx_get(side: Side, path: str, headers: dict[str, str]) -> Any:
    """A Store GET without the side's publishable key (and with `headers`)."""
    return httpx.get(f"{side.url}{path}", headers=headers, timeout=30)


def test_unknown_route_is_express_html(both: tuple[Side, Side]) -> None:
    real, fake = (side.store.get("/store/no-such-route") for side in both)
    assert (real.status_code, real.text) == (fake.status_code, fake.text)


@pytest.mark.parametrize(
    "params",
    [
        {"handle[]": ["canvas-tote-bag", "straw-sun-hat"]},
        {"q": "canvas"},
        {"limit": "3", "offset": "3"},
    ],
    ids=["handles", "q", "page"],
)
def test_filters_and_pages(both: tuple[Side, Side], params: dict[str, Any]) -> None:
    real, fake = same_answer(
        *each(both, "/store/products", order="created_at", fields="handle", **params)
    )
    # The real server also keeps what earlier imports added, after the seeded catalog.
    fake_handles = [p["handle"] for p in fake["products"]]
    assert [p["handle"] for p in real["products"]][: len(fake_handles)] == fake_handles


@pytest.mark.parametrize(
    ("route", "key"), [("collections", "collections"), ("product-categories", "product_categories")]
)
def test_filter_by_taxonomy(both: tuple[Side, Side], route: str, key: str) -> None:
    found = []
    for side in both:
        handle = "accessories" if route == "collections" else "bags"
        taxon = side.store.get(f"/store/{route}", params={"handle": handle}).json()[key][0]
        name = "collection_id[]" if route == "collections" else "category_id[]"
        params = {name: taxon["id"], "fields": "handle", "order": "created_at"}
        found.append(side.store.get("/store/products", params=params))
    real, fake = same_answer(*found)
    assert [p["handle"] for p in real["products"]] == [p["handle"] for p in fake["products"]]


def test_product_by_id_with_price(both: tuple[Side, Side]) -> None:
    answers = []
    for side in both:
        product = side.product("canvas-tote-bag")
        params = {"region_id": side.region("usd")["id"], "fields": "*variants.calculated_price"}
        answers.append(side.store.get(f"/store/products/{product['id']}", params=params))
    real, fake = same_answer(*answers)
    prices = [
        b["product"]["variants"][0]["calculated_price"]["calculated_amount"] for b in (real, fake)
    ]
    assert prices == [17.0, 17.0]


def test_connections_are_kept_alive_and_closed_when_idle(both: tuple[Side, Side]) -> None:
    # Node's HTTP server (Medusa's) keeps a connection between requests and says for how long;
    # the sandbox must not be kinder (one connection per request hides what pools meet).
    for side in both:
        answer = side.store.get("/store/regions")
        kept = (answer.headers.get("connection"), answer.headers.get("keep-alive"))
        assert kept == ("keep-alive", "timeout=5"), (side.name, kept)
        host, port = side.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            answered = exchange(sock, b"GET /health HTTP/1.1\r\nHost: medusa\r\n\r\n")
            assert answered.startswith(b"HTTP/1.1 200"), side.name
            started = time.monotonic()
            assert sock.recv(1) == b"", side.name  # closed by the server once idle
            assert 4.5 < time.monotonic() - started < 7.5, side.name
