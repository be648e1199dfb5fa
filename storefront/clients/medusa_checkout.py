"""The checkout half of the Medusa v2 Store API, on the pool of a ``MedusaStoreClient``.

The sequence real Medusa 2.21 answers (docs/reference/real-medusa.md): address and email on the
cart, ``GET /store/shipping-options?cart_id=``, ``POST /store/carts/{id}/shipping-methods``,
``GET /store/payment-providers?region_id=``, ``POST /store/payment-collections`` and its
``payment-sessions``, then ``POST /store/carts/{id}/complete``. Completion answers
``{"type": "order"}`` or ``{"type": "cart", "error"}`` (raised here as ``CompletionRefused``);
a sold-out line is Medusa's 400 ``insufficient_inventory`` (``OutOfStock``).
"""

from __future__ import annotations

from typing import Any

from storefront.clients.checkout_models import (
    Address,
    CheckoutCart,
    Order,
    ShippingOption,
    parse_checkout_cart,
    parse_order,
    parse_shipping_option,
)
from storefront.clients.errors import UpstreamRejected, UpstreamUnavailable
from storefront.clients.medusa import SERVICE, MedusaStoreClient, _list, _seg

__all__ = ["CompletionRefused", "MedusaCheckout"]

# A real 2.21 cart's shipping methods carry no name by default; the review step shows it.
CART_FIELDS = {"fields": "+shipping_methods.name"}


class CompletionRefused(UpstreamRejected):
    """Medusa kept the cart open: ``{"type": "cart", "error": {message, type}}``."""


class MedusaCheckout:
    """Checkout calls for one Medusa Store API client (shares its connection pool)."""

    def __init__(self, client: MedusaStoreClient) -> None:
        self._client = client

    def cart(self, cart_id: str) -> CheckoutCart:
        """The cart with its checkout details; UpstreamNotFound when it does not exist."""
        path = f"/store/carts/{_seg(cart_id)}"
        return _checkout_cart(self._client.send("GET", path, params=CART_FIELDS))

    def set_contact(self, cart_id: str, email: str, address: Address) -> CheckoutCart:
        """Give the cart the shopper's email and shipping address (taxes follow the country)."""
        body = {"email": email, "shipping_address": address.as_body()}
        path = f"/store/carts/{_seg(cart_id)}"
        return _checkout_cart(self._client.send("POST", path, params=CART_FIELDS, body=body))

    def shipping_options(self, cart_id: str) -> tuple[ShippingOption, ...]:
        """The shipping options Medusa offers for the cart, in its currency."""
        body = self._client.send("GET", "/store/shipping-options", params={"cart_id": cart_id})
        return tuple(parse_shipping_option(item) for item in _list(body, "shipping_options"))

    def set_shipping(self, cart_id: str, option_id: str) -> CheckoutCart:
        """Make a shipping option the cart's shipping method."""
        path = f"/store/carts/{_seg(cart_id)}/shipping-methods"
        body = {"option_id": option_id}
        return _checkout_cart(self._client.send("POST", path, params=CART_FIELDS, body=body))

    def payment_providers(self, region_id: str) -> tuple[str, ...]:
        """The ids of the region's payment providers (``pp_system_default`` on a fresh Medusa)."""
        params = {"region_id": region_id, "limit": 100}
        body = self._client.send("GET", "/store/payment-providers", params=params)
        return tuple(str(p["id"]) for p in _list(body, "payment_providers") if p.get("id"))

    def start_payment(self, cart_id: str, provider_id: str) -> str:
        """A payment session with ``provider_id`` on the cart's collection; the collection id."""
        found = self._client.send("POST", "/store/payment-collections", body={"cart_id": cart_id})
        collection_id = _collection_id(found)
        path = f"/store/payment-collections/{_seg(collection_id)}/payment-sessions"
        self._client.send("POST", path, body={"provider_id": provider_id})
        return collection_id

    def order(self, order_id: str) -> Order:
        """A placed order by id (``GET /store/orders/{id}``); UpstreamNotFound when unknown."""
        body = self._client.send("GET", f"/store/orders/{_seg(order_id)}")
        order = body.get("order") if isinstance(body, dict) else None
        if not isinstance(order, dict):
            raise UpstreamUnavailable(SERVICE, 200, "response carries no order")
        return parse_order(order)

    def complete(self, cart_id: str) -> Order:
        """Place the order; a completed cart gives its order again (Medusa is idempotent here)."""
        body = self._client.send("POST", f"/store/carts/{_seg(cart_id)}/complete")
        if (
            isinstance(body, dict)
            and body.get("type") == "order"
            and isinstance(body.get("order"), dict)
        ):
            return parse_order(body["order"])
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict):
            message = str(error.get("message") or "cart not completed")
            raise CompletionRefused(SERVICE, 200, message, str(error.get("type") or ""))
        raise UpstreamUnavailable(SERVICE, 200, "completion answered neither order nor cart")


def _checkout_cart(body: Any) -> CheckoutCart:
    cart = body.get("cart") if isinstance(body, dict) else None
    if not isinstance(cart, dict):
        raise UpstreamUnavailable(SERVICE, 200, "response carries no cart")
    return parse_checkout_cart(cart)


def _collection_id(body: Any) -> str:
    collection = body.get("payment_collection") if isinstance(body, dict) else None
    if not isinstance(collection, dict) or not isinstance(collection.get("id"), str):
        raise UpstreamUnavailable(SERVICE, 200, "response carries no payment collection")
    return str(collection["id"])
