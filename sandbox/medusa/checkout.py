"""The checkout steps before completion: a shipping method and the payment collection/session.

Each function changes one cart document; the routes call them inside one store transaction, so
parallel requests on a cart take turns as they do under Medusa's cart lock.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.medusa import carts, payments
from sandbox.medusa.common import KIND_REGION, KIND_SHIPPING_OPTION, check_body, dec, invalid
from sandbox.medusa.ids import new_id, now_iso
from sandbox.medusa.pricing import price_in
from sandbox.store import Store


def add_shipping_method(store: Store, cart: dict[str, Any], body: dict[str, Any]) -> None:
    """Make a shipping option the cart's one shipping method, priced in its currency."""
    check_body(body, {"option_id", "data"})
    option_id = body.get("option_id")
    if not isinstance(option_id, str) or not option_id:
        raise invalid("Invalid request: Field 'option_id' is required")
    option = store.get(KIND_SHIPPING_OPTION, option_id)
    price = price_in(option["prices"], cart["currency_code"]) if option else None
    if option is None or price is None:
        raise invalid(f"Shipping Options are invalid for cart. ({option_id})")
    now = now_iso()
    # Medusa replaces the methods of the same shipping profile: one method per cart here.
    cart["shipping_methods"] = [
        {
            "id": new_id("casm"),
            "cart_id": cart["id"],
            "name": option["name"],
            "description": None,
            "amount": str(dec(price["amount"])),
            "is_tax_inclusive": False,
            "shipping_option_id": option["id"],
            "data": body.get("data") if isinstance(body.get("data"), dict) else {},
            "metadata": None,
            "tax_lines": [],
            "adjustments": [],
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
        }
    ]
    carts.save(store, cart)


def payment_collection(store: Store, cart: dict[str, Any]) -> dict[str, Any]:
    """The cart's payment collection, created at the cart total the first time."""
    if not cart.get("payment_collection"):
        total = Decimal(str(carts.cart_total(cart)))
        cart["payment_collection"] = payments.new_collection(store, cart, total)
        carts.save(store, cart)
    collection: dict[str, Any] = cart["payment_collection"]
    return collection


def payment_session(store: Store, cart: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Start a session with a provider of the cart's region on the cart's collection."""
    check_body(body, {"provider_id", "data", "context"})
    region = store.get(KIND_REGION, cart["region_id"]) or {}
    collection = payment_collection(store, cart)
    payments.start_session(collection, region, body)
    carts.save(store, cart)
    return collection
