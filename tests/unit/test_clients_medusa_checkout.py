"""MedusaCheckout against recorded shapes (fixtures/medusa-v2) and its error paths."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from storefront.clients.checkout_models import Address
from storefront.clients.errors import OutOfStock, UpstreamUnavailable
from storefront.clients.medusa import MedusaStoreClient
from storefront.clients.medusa_checkout import CompletionRefused, MedusaCheckout
from tests.conftest import load_fixture

CART = load_fixture("medusa-v2", "store_cart_update_address_de.json")


def checkout(handler: Any) -> MedusaCheckout:
    """A checkout client on a mock transport."""
    client = MedusaStoreClient(
        "http://medusa.test", "pk_test", transport=httpx.MockTransport(handler)
    )
    return MedusaCheckout(client)


def answer(status: int, body: Any) -> Any:
    return lambda request: httpx.Response(status, json=body)


def test_recorded_shipping_options_parse_with_exact_amounts() -> None:
    recorded = load_fixture("medusa-v2", "store_shipping_options.json")
    options = checkout(answer(200, recorded)).shipping_options("cart_1")
    assert [(o.name, o.amount, o.type_label) for o in options] == [
        ("Standard Shipping", Decimal("4.95"), "Standard")
    ]


def test_recorded_cart_gives_address_and_item_subtotal() -> None:
    found = checkout(answer(200, CART)).cart("cart_1")
    assert found.address == Address(
        "Ana", "Muster", "Hauptstr. 1", "Berlin", "10115", country_code="de"
    )
    assert found.email == "shopper@example.com" and found.shipping_option_id is None
    assert found.item_subtotal == Decimal("59.98") and found.cart.total == Decimal("71.3762")


def test_contact_sends_email_and_address_without_an_empty_phone() -> None:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=CART)

    address = Address("Ana", "Muster", "Hauptstr. 1", "Berlin", "10115", country_code="de")
    checkout(handler).set_contact("cart_1", "ana@example.com", address)
    assert sent == [{"email": "ana@example.com", "shipping_address": {
        "first_name": "Ana", "last_name": "Muster", "address_1": "Hauptstr. 1", "city": "Berlin",
        "postal_code": "10115", "country_code": "de"}}]  # fmt: skip


def test_completion_gives_the_order() -> None:
    order = {**CART["cart"], "id": "order_1", "display_id": 7, "total": 41.5786}
    placed = checkout(answer(200, {"type": "order", "order": order})).complete("cart_1")
    assert placed.id == "order_1" and placed.display_id == 7
    assert placed.totals.total == Decimal("41.5786") and placed.totals.items[0].quantity == 2


def test_refused_completion_raises_with_medusas_message() -> None:
    body = {"type": "cart", "cart": CART["cart"],
            "error": {"message": "Payment authorization failed", "name": "Error",
                      "type": "payment_authorization_error"}}  # fmt: skip
    with pytest.raises(CompletionRefused) as raised:
        checkout(answer(200, body)).complete("cart_1")
    assert raised.value.error_type == "payment_authorization_error"


def test_sold_out_completion_is_out_of_stock() -> None:
    recorded = load_fixture("medusa-v2", "error_cart_add_out_of_stock.json")
    with pytest.raises(OutOfStock):
        checkout(answer(400, recorded)).complete("cart_1")


@pytest.mark.parametrize("body", [{}, {"type": "order"}, ["x"], {"type": "cart"}])
def test_garbled_completion_is_unavailable(body: Any) -> None:
    with pytest.raises(UpstreamUnavailable):
        checkout(answer(200, body)).complete("cart_1")


def test_a_completion_that_failed_on_the_server_is_not_repeated() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        return httpx.Response(500, json={"type": "unknown_error", "message": "x"})

    with pytest.raises(UpstreamUnavailable):
        checkout(handler).complete("cart_1")
    assert calls == ["/store/carts/cart_1/complete"]


def test_payment_starts_a_session_on_the_carts_collection() -> None:
    seen: list[tuple[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, json.loads(request.content)))
        return httpx.Response(200, json={"payment_collection": {"id": "pay_col_1"}})

    assert checkout(handler).start_payment("cart_1", "pp_system_default") == "pay_col_1"
    assert seen == [("/store/payment-collections", {"cart_id": "cart_1"}),
                    ("/store/payment-collections/pay_col_1/payment-sessions",
                     {"provider_id": "pp_system_default"})]  # fmt: skip
