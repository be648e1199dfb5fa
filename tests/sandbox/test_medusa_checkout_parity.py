"""The checkout answers the sandbox gives, shape for shape as a real Medusa 2.21.2 answered them.

The bodies in ``tests/fixtures/medusa-v2/`` (``store_cart_add_shipping_method.json`` etc.) were
recorded from the real server by the contract suite's checkout sequence (tests/real_medusa); each
test here pins one difference that suite found, so it stays fixed without a real server at hand.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.sandbox.test_medusa_catalog import Medusa, start
from tests.sandbox.test_medusa_checkout import FIXTURES, cart_with, ready
from tests.shapes import shape_diff

# Seed differences: the real seed has no pictures (thumbnails null there, drawn here) and sets no
# product metadata, origin country or variant weight (the sandbox's seed does).
NULLABLE = (
    "cart.items[].thumbnail",
    "order.items[].thumbnail",
    "order.items[].variant.product.thumbnail",
    "order.items[].variant.product.metadata",
    "order.items[].variant.product.origin_country",
    "order.items[].variant.weight",
)


@pytest.fixture(scope="module")
def md(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Medusa]:
    """One sandbox for the module."""
    sandbox = start(tmp_path_factory.mktemp("parity"))
    yield sandbox
    sandbox.close()


def recorded(name: str) -> Any:
    """A recorded real response body."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def assert_same_shape(name: str, body: Any) -> None:
    """The body has the recorded real body's keys and JSON types."""
    diff = shape_diff(recorded(name), body, nullable=NULLABLE)
    assert not diff, "\n".join(diff)


def test_shipping_method_shows_the_real_default_keys(md: Medusa) -> None:
    cart_id = cart_with(md)
    options = md.store.get("/store/shipping-options", params={"cart_id": cart_id}).json()
    option = options["shipping_options"][0]["id"]
    body = md.store.post(f"/store/carts/{cart_id}/shipping-methods", json={"option_id": option})
    assert_same_shape("store_cart_add_shipping_method", body.json())
    assert sorted(body.json()["cart"]["shipping_methods"][0]) == sorted(
        ["id", "amount", "is_tax_inclusive", "shipping_option_id", "tax_lines", "adjustments"]
    )


def test_payment_collection_route_shows_id_currency_amount_and_sessions(md: Medusa) -> None:
    cart_id = cart_with(md)
    body = md.store.post("/store/payment-collections", json={"cart_id": cart_id}).json()
    assert sorted(body["payment_collection"]) == [
        "amount", "currency_code", "id", "payment_sessions"]  # fmt: skip
    assert_same_shape("store_payment_collection_create", body)


def test_payment_session_and_the_cart_collection_have_the_real_keys(md: Medusa) -> None:
    cart_id = cart_with(md)
    collection = ready(md, cart_id)
    assert_same_shape("store_payment_session_create", {"payment_collection": collection})
    session = collection["payment_sessions"][0]
    assert session["payment"] is None and session["metadata"] == {}
    cart = md.store.get(f"/store/carts/{cart_id}").json()
    assert_same_shape("store_cart_get_with_payment_session", cart)


def test_completion_prints_the_real_order_shape(md: Medusa) -> None:
    cart_id = cart_with(md)
    collection = ready(md, cart_id)
    body = md.store.post(f"/store/carts/{cart_id}/complete").json()
    assert_same_shape("store_cart_complete", body)
    order = body["order"]
    assert order["payment_collections"][0]["id"] == collection["id"]
    assert order["payment_collections"][0]["authorized_amount"] == 41.5786
    line = order["items"][0]
    assert line["tax_lines"][0]["total"] == pytest.approx(29.99 * 0.19)
    assert line["raw_total"] == {"value": "35.6881", "precision": 20}
    assert order["summary"]["pending_difference"] == 41.5786


def test_a_fetched_order_has_the_real_keys_and_the_same_detail_ids(md: Medusa) -> None:
    cart_id = cart_with(md)
    ready(md, cart_id)
    first = md.store.post(f"/store/carts/{cart_id}/complete").json()["order"]
    fetched = md.store.get(f"/store/orders/{first['id']}").json()
    assert_same_shape("store_order_get", fetched)
    again = fetched["order"]
    assert again["items"][0]["detail"]["id"] == first["items"][0]["detail"]["id"]
    assert again["items"][0]["detail"]["unit_price"] == 29.99  # null in completion's answer
    assert first["items"][0]["detail"]["unit_price"] is None
    assert again["payment_status"] == "authorized" and again["fulfillments"] == []


def test_completion_authorizes_the_cart_payment(md: Medusa) -> None:
    cart_id = cart_with(md)
    ready(md, cart_id)
    md.store.post(f"/store/carts/{cart_id}/complete").raise_for_status()
    cart = md.store.get(f"/store/carts/{cart_id}").json()
    assert_same_shape("store_cart_get_completed", cart)
    collection = cart["cart"]["payment_collection"]
    assert collection["status"] == "authorized" and collection["authorized_amount"] == 41.5786
    assert collection["captured_amount"] == 0 and collection["refunded_amount"] == 0
    session = collection["payment_sessions"][0]
    assert session["status"] == "authorized" and session["authorized_at"]
    assert session["payment"]["id"].startswith("pay_")
