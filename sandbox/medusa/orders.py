"""Completing a cart into an order, and orders as the Store and Admin APIs print them.

Completion runs in one store transaction: it checks the cart (shipping method, payment session),
reserves the stock of every managed line (``reserved_quantity`` goes up, so the Store API's
``inventory_quantity`` goes down, as with Medusa's reservations), creates the order with the next
``display_id`` and marks the cart completed. A completed cart completes again to the same order.
"""

from __future__ import annotations

from typing import Any

from sandbox.medusa import carts, inventory, payments
from sandbox.medusa.common import KIND_INVENTORY_LEVEL, invalid, not_found
from sandbox.medusa.ids import new_id, now_iso
from sandbox.medusa.order_view import order_view as order_view_of
from sandbox.medusa.products import variant_by_id
from sandbox.store import Store

KIND_ORDER = "md:order"
_DISPLAY_ID = "md:order_display_id"


def complete(store: Store, cart: dict[str, Any]) -> dict[str, Any]:
    """The order of a cart: the existing one for a completed cart, else a new one."""
    if cart.get("order_id"):
        return get_order(store, cart["order_id"])
    _check_ready(cart)
    for line in cart["items"]:
        _reserve(store, cart, line)
    payments.authorize(cart["payment_collection"])
    order = _new_order(store, cart)
    store.put(KIND_ORDER, order["id"], order)
    cart.update(order_id=order["id"], completed_at=order["created_at"])
    carts.save(store, cart)
    return order


def get_order(store: Store, order_id: str) -> dict[str, Any]:
    """A stored order, or Medusa's 404."""
    order = store.get(KIND_ORDER, order_id)
    if order is None:
        raise not_found(f"Order id not found: {order_id}")
    return order


def _check_ready(cart: dict[str, Any]) -> None:
    if not cart["items"]:
        raise invalid("Cannot complete a cart without items")
    if not cart.get("shipping_methods"):
        raise invalid(
            "No shipping method selected but the cart contains items that require shipping."
        )
    collection = cart.get("payment_collection") or {}
    if not collection.get("payment_sessions"):
        raise invalid("Payment sessions are required to complete cart")


def _reserve(store: Store, cart: dict[str, Any], line: dict[str, Any]) -> None:
    found = variant_by_id(store, line["variant_id"])
    if found is None:
        raise invalid(f"Variants with IDs {line['variant_id']} do not exist")
    variant = found[0]
    if not variant["manage_inventory"] or variant["allow_backorder"]:
        return
    wanted = carts.locations_of(store, cart.get("sales_channel_id"))
    for level in inventory.levels(store, variant.get("inventory_item_id")):
        usable = wanted is None or level["location_id"] in wanted
        if usable and level["stocked_quantity"] - level["reserved_quantity"] >= line["quantity"]:
            level["reserved_quantity"] += line["quantity"]
            level["updated_at"] = now_iso()
            store.put(KIND_INVENTORY_LEVEL, level["id"], level)
            return
    raise carts.insufficient_inventory()  # the transaction rolls back earlier reservations


def _new_order(store: Store, cart: dict[str, Any]) -> dict[str, Any]:
    display_id = int(store.meta_get(_DISPLAY_ID, "0") or 0) + 1
    store.meta_set(_DISPLAY_ID, str(display_id))
    now, order_id = now_iso(), new_id("order")
    keys = ("region_id", "customer_id", "sales_channel_id", "email", "currency_code", "locale")
    order: dict[str, Any] = {"id": order_id, "display_id": display_id, "cart_id": cart["id"]}
    order.update({key: cart.get(key) for key in keys})
    order.update(status="pending", version=1, is_draft_order=False, metadata=None)
    order.update(payment_status="authorized", fulfillment_status="not_fulfilled")
    order.update(created_at=now, updated_at=now, canceled_at=None)
    order["items"] = [
        {**line, "id": new_id("ordli"), "detail_id": new_id("orditem"), "order_id": order_id}
        for line in cart["items"]
    ]
    order["shipping_methods"] = [
        {**method, "id": new_id("ordsm"), "detail_id": new_id("ordspmv"), "order_id": order_id}
        for method in cart["shipping_methods"]
    ]
    order["payment_collection"] = cart.get("payment_collection")
    for key in ("shipping_address", "billing_address"):
        address = cart.get(key)
        order[key] = {**address, "id": new_id("ordaddr")} if address else None
    return order


def order_view(store: Store, order: dict[str, Any]) -> dict[str, Any]:
    """An order as ``GET /store/orders/{id}`` prints it: completion's shape, its fulfillment and
    payment status, its version and the unit prices its version stored."""
    view = order_view_of(store, order, stored_price=True)
    view.update(fulfillment_status=order["fulfillment_status"], fulfillments=[])
    view.update(payment_status=order["payment_status"], version=order["version"])
    return view
