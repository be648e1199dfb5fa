"""Checkout routes: shipping methods, payment providers/collections/sessions, completion, orders.

Store routes sit under ``/store`` behind the publishable-key check (``GET /store/orders/{id}``
shows a guest's order, as the official starter's confirmation page reads it); the Admin API gets
``GET /admin/orders`` and ``GET /admin/orders/{id}``. Completion answers Medusa 2.21's shapes:
``{"type": "order", "order"}``, a 400 ``insufficient_inventory`` when stock ran out, and
``{"type": "cart", "cart", "error"}`` (status 200) when the payment is refused.

``POST /_sandbox/checkout-faults {"complete": MODE, "times": N}`` makes the next N completions
fail (tests and demos): ``refuse`` (payment refused), ``error`` (a 500 before anything happens)
or ``lost`` (the order is created, then the answer is a 500, as when a response is lost).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, current_app

from sandbox.events import EventSink
from sandbox.medusa import carts, checkout, listing, order_list, orders, payments, store_api
from sandbox.medusa.blueprints import admin_blueprint, current_store
from sandbox.medusa.cart_fields import selection, shown
from sandbox.medusa.cart_view import cart_view
from sandbox.medusa.common import (
    body_json,
    check_params,
    first,
    invalid,
    json_response,
    paginate,
    query_params,
)
from sandbox.medusa.order_view import order_view

store_bp = Blueprint("medusa_checkout", __name__, url_prefix="/store")
store_bp.before_request(store_api.require_publishable_key)
admin_bp = admin_blueprint("medusa_orders")
_store = current_store
_FAULT_MODES = ("refuse", "error", "lost")
_ORDER_FILTERS = ("id", "status", "region_id", "customer_id", "sales_channel_id")


@dataclass
class CompletionFault:
    """How many of the next completions fail, and how (thread-safe)."""

    mode: str | None = None
    times: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def draw(self) -> str | None:
        """The failure for this completion, if one is due."""
        with self.lock:
            if not self.mode or self.times <= 0:
                return None
            self.times -= 1
            return self.mode


def init_app(app: Flask) -> None:
    """Register the checkout routes and the completion fault control."""
    app.config["MEDUSA_COMPLETION_FAULT"] = CompletionFault()
    app.register_blueprint(store_bp)
    app.register_blueprint(admin_bp)
    app.add_url_rule("/_sandbox/checkout-faults", "checkout_faults", _set_fault, methods=["POST"])


def _set_fault() -> Response:
    body = body_json()
    mode, times = body.get("complete"), body.get("times", 1)
    if mode not in (*_FAULT_MODES, None) or not isinstance(times, int) or times < 0:
        raise invalid(f"complete must be one of {_FAULT_MODES} or null; times a count")
    fault: CompletionFault = current_app.config["MEDUSA_COMPLETION_FAULT"]
    with fault.lock:
        fault.mode, fault.times = mode, times if mode else 0
    return json_response({"complete": fault.mode, "times": fault.times})


def _cart_response(cart: dict[str, Any]) -> Response:
    return json_response({"cart": shown(cart_view(_store(), cart), selection())})


@store_bp.post("/carts/<cart_id>/shipping-methods")
def add_shipping_method(cart_id: str) -> Response:
    """``POST /store/carts/{id}/shipping-methods {option_id}``."""
    store = _store()
    with store.transaction():
        cart = carts.get_cart(store, cart_id)
        checkout.add_shipping_method(store, cart, body_json())
    return _cart_response(cart)


@store_bp.get("/payment-providers")
def list_payment_providers() -> Response:
    """``GET /store/payment-providers?region_id=`` (region_id is required)."""
    params = query_params()
    check_params(params, listing.PAGING | {"region_id", "id", "is_enabled"})
    region_id = first(params, "region_id")
    if not region_id:
        raise invalid("Invalid request: Field 'region_id' is required")
    page, meta = paginate(payments.providers_view(_store(), region_id), params, 20)
    return json_response({"payment_providers": page, **meta})


@store_bp.post("/payment-collections")
def create_payment_collection() -> Response:
    """``POST /store/payment-collections {cart_id}``: the cart's collection (made once)."""
    body = body_json()
    check_params({key: [] for key in body}, {"cart_id"})
    store = _store()
    with store.transaction():
        cart = carts.get_cart(store, str(body.get("cart_id") or ""))
        collection = checkout.payment_collection(store, cart)
    return json_response({"payment_collection": payments.collection_reply(collection)})


@store_bp.post("/payment-collections/<collection_id>/payment-sessions")
def create_payment_session(collection_id: str) -> Response:
    """``POST /store/payment-collections/{id}/payment-sessions {provider_id}``."""
    store = _store()
    with store.transaction():
        cart = carts.get_cart(store, payments.cart_id_of(store, collection_id))
        collection = checkout.payment_session(store, cart, body_json())
    return json_response({"payment_collection": payments.collection_reply(collection)})


@store_bp.post("/carts/<cart_id>/complete")
def complete_cart(cart_id: str) -> Response:
    """``POST /store/carts/{id}/complete``: the order, or why not."""
    store = _store()
    fault: CompletionFault = current_app.config["MEDUSA_COMPLETION_FAULT"]
    failure = fault.draw()
    if failure == "error":
        return _unknown_error()
    with store.transaction():
        cart = carts.get_cart(store, cart_id)
        if failure == "refuse" and not cart.get("order_id"):
            return _refused(cart)
        placed = not cart.get("order_id")
        order = orders.complete(store, cart)
    if placed:
        _events().emit("order.placed", order["id"], {"id": order["id"]})
    if failure == "lost":
        return _unknown_error()
    return json_response({"type": "order", "order": order_view(store, order)})


@store_bp.get("/orders/<order_id>")
def get_order(order_id: str) -> Response:
    """``GET /store/orders/{id}``: a guest's order by its unguessable id."""
    params = query_params()
    check_params(params, {"fields"})
    order = orders.get_order(_store(), order_id)
    return json_response({"order": orders.order_view(_store(), order)})


@admin_bp.get("/orders/<order_id>")
def admin_get_order(order_id: str) -> Response:
    """``GET /admin/orders/{id}``: the Store API's order in the Admin API's shape."""
    params = query_params()
    check_params(params, {"fields"})
    view = orders.order_view(_store(), orders.get_order(_store(), order_id))
    return json_response({"order": order_list.admin_one(view, first(params, "fields"))})


def _refused(cart: dict[str, Any]) -> Response:
    error = {
        "message": "Payment authorization failed",
        "name": "Error",
        "type": "payment_authorization_error",
    }
    return json_response({"type": "cart", "cart": cart_view(_store(), cart), "error": error})


def _unknown_error() -> Response:
    return json_response({"type": "unknown_error", "message": "An unknown error occurred."}, 500)


def _events() -> EventSink:
    sink: EventSink = current_app.config["MEDUSA_EVENTS"]
    return sink


@admin_bp.get("/orders")
def list_orders() -> Response:
    """``GET /admin/orders``: newest first, filters on ids and status, ``q`` on the email; each
    order in Medusa's short list shape, or as ``fields`` asks (``order_list``)."""
    params = query_params()
    check_params(params, listing.PAGING | set(_ORDER_FILTERS) | {"q", "fields"})
    filters = {k: v for k, v in params.items() if k not in ("q", "fields")}
    found = listing.apply(
        _store().all(orders.KIND_ORDER)[::-1], listing.simple_filters(filters, _ORDER_FILTERS)
    )
    query = (first(params, "q") or "").lower()
    found = [o for o in found if query in f"{o.get('email') or ''} {o['display_id']}".lower()]
    page, meta = paginate(found, params, 50)
    fields = first(params, "fields")
    views = [order_list.shown(orders.order_view(_store(), o), fields) for o in page]
    return json_response({"orders": views, **meta})
