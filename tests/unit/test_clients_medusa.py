"""MedusaStoreClient fed recorded Medusa 2.21.2 responses (fixtures/medusa-v2) and error paths."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from storefront.clients.errors import (
    OutOfStock,
    RateLimited,
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
)
from storefront.clients.medusa import PRODUCT_FIELDS, MedusaStoreClient
from storefront.clients.medusa_models import parse_product
from tests.conftest import FIXTURES, load_fixture

INDEX = load_fixture("medusa-v2", "_index.json")
RECORDS = {record["file"]: record for record in INDEX["requests"]}
SEED = INDEX["seed"]
EUR, USD = SEED["regions"]["eur"], SEED["regions"]["usd"]
CART_ID = "cart_01M8E9F7HMETTSZVQEW4CMC18M"
LINE_ID = "cali_01M8E9F7Q18W3KCGAJR9J9HMTS"
VARIANT_S = "variant_01M8E9A7QMA2JY924FS2VCAM89"
VARIANT_L = "variant_01M8E9A7QMGFJ66DD37GE9E59G"
IGNORED_QUERY = {"fields", "limit", "offset"}  # the client asks for more fields and pages


class Recorder:
    """A MockTransport handler serving recorded files for their recorded method and path."""

    def __init__(self, *files: str, body_edit: Callable[[Any], Any] | None = None) -> None:
        self.files = files
        self.body_edit = body_edit
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for name in self.files:
            record = RECORDS[name]
            if _matches(record, request):
                return self._serve(name, record)
        return _express_404(request)

    def _serve(self, name: str, record: dict[str, Any]) -> httpx.Response:
        raw = (FIXTURES / "medusa-v2" / name).read_text()
        body = json.loads(raw) if name.endswith(".json") else raw
        if self.body_edit is not None:
            body = self.body_edit(copy.deepcopy(body))
        content = json.dumps(body) if isinstance(body, dict) else body
        headers = {"content-type": record["content_type"]}
        return httpx.Response(record["status"], content=content.encode(), headers=headers)


def _matches(record: dict[str, Any], request: httpx.Request) -> bool:
    recorded = httpx.URL(record["path"])
    if request.method != record["method"] or request.url.path != recorded.path:
        return False
    wanted = {k: v for k, v in recorded.params.multi_items() if k not in IGNORED_QUERY}
    sent = dict(request.url.params.multi_items())
    return all(sent.get(key) == value for key, value in wanted.items())


def _express_404(request: httpx.Request) -> httpx.Response:
    html = (FIXTURES / "medusa-v2" / "error_unknown_route.txt").read_text()
    return httpx.Response(404, text=html, headers={"content-type": "text/html; charset=utf-8"})


def client_for(
    handler: Callable[[httpx.Request], httpx.Response], sleeps: list[float] | None = None
) -> MedusaStoreClient:
    """A client on a mock transport; retries sleep into ``sleeps`` instead of waiting."""
    record = sleeps if sleeps is not None else []
    return MedusaStoreClient(
        "http://medusa.test",
        SEED["publishable_key"],
        timeout=1.0,
        transport=httpx.MockTransport(handler),
        sleep=record.append,
    )


# -- regions ------------------------------------------------------------------------------
def test_regions_parse_currency_and_countries() -> None:
    regions = client_for(Recorder("store_regions.json")).regions()
    assert [(r.id, r.name, r.currency) for r in regions] == [
        (EUR, "Europe", "eur"),
        (USD, "United States", "usd"),
    ]
    assert set(regions[0].countries) == {"es", "de", "fr"}
    assert regions[1].countries == ("us",)


def test_regions_are_asked_each_time_the_cache_is_the_apps() -> None:
    recorder = Recorder("store_regions.json")
    client = client_for(recorder)
    assert [r.id for r in client.regions()] == [r.id for r in client.regions()]
    assert len(recorder.requests) == 2  # no second cache in the client (storefront.kept keeps it)


def test_every_request_carries_the_publishable_key() -> None:
    recorder = Recorder("store_regions.json", "store_collections.json")
    client = client_for(recorder)
    client.regions()
    client.collections()
    keys = {r.headers["x-publishable-api-key"] for r in recorder.requests}
    assert keys == {SEED["publishable_key"]}


# -- products -----------------------------------------------------------------------------
def test_product_by_handle_eur_prices_stock_and_options() -> None:
    recorder = Recorder("store_products_by_handle_eur.json")
    product = client_for(recorder).product_by_handle("organic-cotton-tshirt", EUR)
    assert product is not None and product.title == "Organic Cotton T-Shirt"
    assert [v.sku for v in product.variants] == ["OCT-S-WHT", "OCT-M-WHT", "OCT-L-BLK"]
    assert [v.price for v in product.variants] == [Decimal("29.99")] * 2 + [Decimal("32.99")]
    assert all(isinstance(v.price, Decimal) for v in product.variants)
    assert [v.inventory for v in product.variants] == [100, 25, 0]
    assert [v.in_stock for v in product.variants] == [True, True, False]
    first = product.variants[0]
    assert first.options == {"Size": "S", "Color": "White"} and first.currency == "eur"
    assert dict(product.options)["Size"] == ("S", "M", "L")
    params = recorder.requests[0].url.params
    assert params["fields"] == PRODUCT_FIELDS and params["region_id"] == EUR


def test_product_by_handle_usd_has_usd_prices() -> None:
    product = client_for(Recorder("store_products_by_handle_usd.json")).product_by_handle(
        "organic-cotton-tshirt", USD
    )
    assert product is not None
    assert {(v.currency, v.price) for v in product.variants[:2]} == {("usd", Decimal("29.99"))}


@pytest.mark.parametrize("order", [lambda vs: vs[::-1], lambda vs: vs[1:] + vs[:1]])
def test_variant_order_does_not_depend_on_medusas_order(
    order: Callable[[list[Any]], list[Any]],
) -> None:
    def shuffle(body: Any) -> Any:
        body["products"][0]["variants"] = order(body["products"][0]["variants"])
        return body

    recorder = Recorder("store_products_by_handle_eur.json", body_edit=shuffle)
    product = client_for(recorder).product_by_handle("organic-cotton-tshirt", EUR)
    assert product is not None
    assert [v.sku for v in product.variants] == ["OCT-S-WHT", "OCT-M-WHT", "OCT-L-BLK"]


def test_price_comes_from_the_raw_twin() -> None:
    def skew(body: Any) -> Any:
        price = body["products"][0]["variants"][0]["calculated_price"]
        price["calculated_amount"] = 29.989999999999998  # what a float might carry
        return body

    recorder = Recorder("store_products_by_handle_eur.json", body_edit=skew)
    product = client_for(recorder).product_by_handle("organic-cotton-tshirt", EUR)
    assert product is not None and product.variants[0].price == Decimal("29.99")


def test_product_with_categories_and_metadata() -> None:
    recorder = Recorder("store_products_by_handle_full.json")
    product = client_for(recorder).product_by_handle("organic-cotton-tshirt", EUR)
    assert product is not None
    assert {c.handle for c in product.categories} == {"t-shirts", "organic"}
    assert product.metadata == {"fit": "regular"}
    assert product.tags == ("organic", "cotton", "summer")
    assert len(product.images) == 2 and product.thumbnail and product.weight == 200


def test_product_without_region_has_no_price_or_stock() -> None:
    recorder = Recorder("store_products_by_handle_no_region.json")
    product = client_for(recorder).product_by_handle("organic-cotton-tshirt", EUR)
    assert product is not None
    assert {(v.price, v.currency, v.inventory) for v in product.variants} == {(None, None, None)}


def test_unknown_handle_is_none() -> None:
    recorder = Recorder("store_products_by_handle_unknown.json")
    assert client_for(recorder).product_by_handle("no-such-handle", EUR) is None


def test_product_listing_page() -> None:
    page = client_for(Recorder("store_products_list.json")).products(EUR)
    assert (page.count, page.offset, page.limit) == (3, 0, 50)
    by_handle = {p.handle: p for p in page.products}
    linen = by_handle["linen-summer-shirt"].variants[0]
    assert (linen.price, linen.manage_inventory, linen.inventory, linen.in_stock) == (
        Decimal("49"),
        False,
        None,
        True,
    )
    assert by_handle["canvas-tote-bag"].variants[0].price == Decimal("15.5")
    assert by_handle["canvas-tote-bag"].variants[0].inventory == 40


def test_products_filters_reach_the_query() -> None:
    recorder = Recorder()
    client = client_for(recorder)
    with pytest.raises(UpstreamNotFound):
        client.products(EUR, handles=["a", "b"], ids=["p1"], collection_id="pcol", q="cotton")
    params = recorder.requests[0].url.params
    assert params.get_list("handle[]") == ["a", "b"] and params.get_list("id[]") == ["p1"]
    assert params["collection_id[]"] == "pcol" and params["q"] == "cotton"


def test_products_by_collection_with_partial_fields() -> None:
    page = client_for(Recorder("store_products_list_by_collection.json")).products(
        EUR, collection_id=SEED["collection_id"]
    )
    assert [p.handle for p in page.products] == ["organic-cotton-tshirt", "linen-summer-shirt"]
    assert page.products[0].variants == () and page.products[0].subtitle == ""


def test_empty_filter_lists_make_no_request() -> None:
    recorder = Recorder()
    page = client_for(recorder).products(EUR, handles=[])
    assert page.products == () and recorder.requests == []


def test_parse_product_by_id_body() -> None:
    product = parse_product(load_fixture("medusa-v2", "store_product_by_id.json")["product"])
    assert product.id == SEED["products"]["organic-cotton-tshirt"]
    assert product.variants[2].price == Decimal("32.99") and product.collection_id


# -- collections --------------------------------------------------------------------------
def test_collections() -> None:
    client = client_for(Recorder("store_collections.json"))
    (collection,) = client.collections()
    assert (collection.id, collection.title, collection.handle) == (
        SEED["collection_id"],
        "Summer Essentials",
        "summer-essentials",
    )


# -- carts --------------------------------------------------------------------------------
def test_create_cart_sends_region_and_parses_empty_cart() -> None:
    recorder = Recorder("store_cart_create.json")
    cart = client_for(recorder).create_cart(EUR, email="shopper@example.com")
    assert (cart.id, cart.region_id, cart.currency, cart.items) == (CART_ID, EUR, "eur", ())
    assert cart.total == Decimal(0) and cart.item_count == 0
    sent = json.loads(recorder.requests[0].content)
    assert sent == RECORDS["store_cart_create.json"]["request_body"]


def test_add_line_item_returns_the_cart_with_decimal_prices() -> None:
    recorder = Recorder("store_cart_add_line_item.json")
    cart = client_for(recorder).add_line_item(CART_ID, VARIANT_S, 2)
    (line,) = cart.items
    assert (line.sku, line.quantity, line.unit_price) == ("OCT-S-WHT", 2, Decimal("29.99"))
    assert line.subtotal == Decimal("59.98") and line.product_handle == "organic-cotton-tshirt"
    assert json.loads(recorder.requests[0].content) == {"variant_id": VARIANT_S, "quantity": 2}


def test_cart_with_tax_keeps_unrounded_totals() -> None:
    recorder = Recorder("store_cart_get.json")
    assert client_for(recorder).cart(CART_ID).item_count == 2
    taxed = load_fixture("medusa-v2", "store_cart_update_address_de.json")
    recorder = Recorder("store_cart_get.json", body_edit=lambda _body: taxed)
    cart = client_for(recorder).cart(CART_ID)
    assert (cart.total, cart.tax_total, cart.subtotal) == (
        Decimal("71.3762"),
        Decimal("11.3962"),
        Decimal("59.98"),
    )


def test_update_line_item_posts_the_quantity() -> None:
    recorder = Recorder("store_cart_update_line_item.json")
    cart = client_for(recorder).update_line_item(CART_ID, LINE_ID, 3)
    assert cart.items[0].quantity == 3
    assert json.loads(recorder.requests[0].content) == {"quantity": 3}


def test_delete_line_item_reads_the_parent_cart() -> None:
    cart_body = load_fixture("medusa-v2", "store_cart_create.json")["cart"]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "DELETE"
        assert request.url.path == f"/store/carts/{CART_ID}/line-items/{LINE_ID}"
        deleted = {"id": LINE_ID, "object": "line-item", "deleted": True, "parent": cart_body}
        return httpx.Response(200, json=deleted)

    assert client_for(handler).delete_line_item(CART_ID, LINE_ID).items == ()


def test_delete_line_item_without_parent_rereads_the_cart() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if request.method == "DELETE":
            return httpx.Response(200, json={"id": LINE_ID, "deleted": True})
        return Recorder("store_cart_get.json")(request)

    assert client_for(handler).delete_line_item(CART_ID, LINE_ID).id == CART_ID
    assert calls == ["DELETE", "GET"]


def test_ids_cannot_escape_their_path_segment() -> None:
    recorder = Recorder()
    with pytest.raises(UpstreamNotFound):
        client_for(recorder).cart("../regions?x=1")
    assert recorder.requests[0].url.raw_path.startswith(b"/store/carts/..%2Fregions%3Fx%3D1")


# -- errors -------------------------------------------------------------------------------
def test_out_of_stock_is_a_specific_rejection() -> None:
    recorder = Recorder("error_cart_add_out_of_stock.json")
    with pytest.raises(OutOfStock) as caught:
        client_for(recorder).add_line_item(CART_ID, VARIANT_L, 1)
    error = caught.value
    assert isinstance(error, UpstreamRejected) and error.status == 400
    assert (error.code, error.error_type, error.service) == (
        "insufficient_inventory",
        "not_allowed",
        "medusa",
    )
    assert error.message == "Some variant does not have the required inventory"
    assert len(recorder.requests) == 1  # a rejection is not retried


def test_unknown_cart_is_not_found() -> None:
    with pytest.raises(UpstreamNotFound, match="Cart with id 'cart_does_not_exist' not found"):
        client_for(Recorder("error_store_cart_404.json")).cart("cart_does_not_exist")


def test_unknown_route_html_404_is_not_found() -> None:
    with pytest.raises(UpstreamNotFound) as caught:
        client_for(Recorder()).cart("anything")
    assert caught.value.status == 404 and "<" not in caught.value.message


@pytest.mark.parametrize(
    ("fixture", "kind"),
    [
        ("error_store_products_bad_publishable_key.json", "not_allowed"),
        ("error_store_products_missing_publishable_key.json", "not_allowed"),
        ("error_store_products_bad_param.json", "invalid_data"),
        ("error_store_products_country_code_without_region.json", "invalid_data"),
    ],
)
def test_recorded_400s_are_rejections_with_medusas_message(fixture: str, kind: str) -> None:
    body = load_fixture("medusa-v2", fixture)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(RECORDS[fixture]["status"], json=body)

    with pytest.raises(UpstreamRejected) as caught:
        client_for(handler).products(EUR)
    assert not isinstance(caught.value, UpstreamNotFound)
    assert (caught.value.status, caught.value.error_type) == (400, kind)
    assert caught.value.message == body["message"]


def test_get_retries_one_5xx_then_succeeds() -> None:
    answers = [httpx.Response(503, text="busy")]
    recorder = Recorder("store_regions.json")
    sleeps: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop() if answers else recorder(request)

    assert len(client_for(handler, sleeps).regions()) == 2
    assert len(sleeps) == 1


def test_get_gives_up_after_two_5xx() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(500, json={"type": "unknown_error", "message": "An unknown error"})

    with pytest.raises(UpstreamUnavailable) as caught:
        client_for(handler).regions()
    assert caught.value.status == 500 and len(calls) == 2


def test_post_is_not_retried_after_a_5xx_or_timeout() -> None:
    answers: list[Any] = [httpx.ReadTimeout("slow"), httpx.Response(502)]

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.pop()
        if isinstance(answer, Exception):
            raise answer
        return answer  # type: ignore[no-any-return]

    client = client_for(handler)
    with pytest.raises(UpstreamUnavailable, match="502"):
        client.add_line_item(CART_ID, VARIANT_S, 1)
    with pytest.raises(UpstreamUnavailable, match="timed out"):
        client.add_line_item(CART_ID, VARIANT_S, 1)
    assert answers == []


def test_post_is_retried_when_the_connection_was_never_made() -> None:
    recorder = Recorder("store_cart_add_line_item.json")
    failures = [httpx.ConnectError("refused")]

    def handler(request: httpx.Request) -> httpx.Response:
        if failures:
            raise failures.pop()
        return recorder(request)

    assert client_for(handler).add_line_item(CART_ID, VARIANT_S, 2).item_count == 2


def test_timeouts_are_retried_once_then_unavailable() -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(UpstreamUnavailable) as caught:
        client_for(handler).regions()
    assert caught.value.status is None and "timed out" in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout) and len(calls) == 2


def test_malformed_json_is_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, text='{"regions": [', headers={"content-type": "application/json"}
        )

    with pytest.raises(UpstreamUnavailable, match="malformed"):
        client_for(handler).regions()


def test_body_without_the_expected_list_is_unavailable() -> None:
    with pytest.raises(UpstreamUnavailable, match="no regions"):
        client_for(lambda request: httpx.Response(200, json={"products": []})).regions()


def test_429_is_rate_limited_with_retry_after() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"RETRY-AFTER": "3"}, json={"message": "slow down"})

    with pytest.raises(RateLimited) as caught:
        client_for(handler).regions()
    assert caught.value.retry_after == 3.0 and isinstance(caught.value, UpstreamUnavailable)


def test_connection_refused_against_a_closed_port() -> None:
    client = MedusaStoreClient("http://127.0.0.1:9", "pk_x", timeout=0.5, sleep=lambda s: None)
    with pytest.raises(UpstreamUnavailable, match="connection failed"):
        client.regions()
