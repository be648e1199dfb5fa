"""Placing the order (``POST /checkout/place``) and its confirmation (``/orders/<ref>/confirmed``).

Exactly one order per cart, however often "Place order" arrives: Medusa completes a completed
cart to the same order, and a session that already placed its order is sent to its
confirmation. Stock that ran out sends the shopper to the cart with the line named; a refusal or
an outage keeps the cart and shows why, with a way to try again. Never a 500.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Blueprint, Response, abort, flash, g, redirect, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from storefront import cache, i18n, purger, rendering
from storefront.checkout import flow, references, stock
from storefront.clients.checkout_models import CheckoutCart, Order
from storefront.clients.errors import OutOfStock, UpstreamError, UpstreamNotFound
from storefront.clients.medusa_checkout import CompletionRefused
from storefront.views import cart as cart_views
from storefront.views.checkout import review_page

bp = Blueprint("orders", __name__)
log = logging.getLogger(__name__)
PLACE_WAIT = 15.0  # seconds a second "Place order" waits for the first one to finish


bp.after_request(flow.never_stored)


@bp.post("/checkout/place")
def place() -> ResponseReturnValue:
    """Complete the cart into an order and show its confirmation."""
    last = session.get(flow.LAST_ORDER_KEY)
    if isinstance(last, str) and not session.get("cart_id"):
        return redirect(i18n.lurl("orders.confirmed", reference=last))  # a resubmitted form
    with _one_at_a_time(str(session.get("cart_id"))):
        return _place()


@contextmanager
def _one_at_a_time(cart_id: str) -> Iterator[None]:
    """Let one "Place order" per cart talk to Medusa at a time (across workers with Redis).

    A double click then reaches Medusa after the first completion, finds the cart completed and
    gets the same order, instead of racing Medusa's own cart lock into an error.
    """
    key, deadline = f"checkout:placing:{cart_id}", time.monotonic() + PLACE_WAIT
    while not _try(lambda: cache.cache.add(key, 1, timeout=int(PLACE_WAIT) * 2)):
        if time.monotonic() > deadline:
            break  # a stuck holder must not block the shopper: Medusa stays the last guard
        time.sleep(0.05)
    try:
        yield
    finally:
        _try(lambda: cache.cache.delete(key))


def _try(call: Callable[[], object]) -> bool:
    """A cache call; a cache that is down counts as "go ahead" (never block an order on it)."""
    try:
        return bool(call())
    except Exception:  # any backend's failure: Redis down, pickling, timeouts
        log.warning("checkout: cache unavailable for the placing lock", exc_info=True)
        return True


def _place() -> ResponseReturnValue:
    try:
        found = flow.current_cart(completed_ok=True)
    except UpstreamError:
        return _retry_page()
    provider = session.get(flow.PROVIDER_KEY)
    if found.address is None or not found.shipping_option_id or not isinstance(provider, str):
        return redirect(i18n.lurl("checkout.review"))
    try:
        order = _complete(found, provider)
    except OutOfStock:
        return _sold_out(found)
    except CompletionRefused as refused:
        log.info("checkout: Medusa kept cart %s open: %s", found.cart.id, refused.message)
        problem = gettext(
            "Your payment could not be completed and nothing was charged. Please try again."
        )
        return review_page(found, provider, status=409, problem=problem)
    except UpstreamError as exc:
        log.warning("checkout: completing cart %s failed: %s", found.cart.id, exc)
        recovered = _recover(found)
        if recovered is None:
            return _retry_page()
        order = recovered
    return _placed(order)


def _retry_page() -> Response:
    g.noindex = True
    return rendering.render("checkout_retry.html", 503, nav=rendering.navigation())


def _complete(found: CheckoutCart, provider: str) -> Order:
    checkout = flow.client()
    if not found.completed:
        # Sessions are started at the last moment: Medusa drops them whenever the cart changes.
        checkout.start_payment(found.cart.id, provider)
    return checkout.complete(found.cart.id)


def _recover(found: CheckoutCart) -> Order | None:
    """The order of a completion whose answer was lost (Medusa completed the cart), or None."""
    try:
        if flow.client().cart(found.cart.id).completed:
            return flow.client().complete(found.cart.id)
    except UpstreamError:
        pass
    return None


def _sold_out(found: CheckoutCart) -> ResponseReturnValue:
    left = stock.shortages(found.cart)
    titles = {line.id: line for line in cart_views.view_of(found.cart).items}
    for line_id, count in left.items():
        line = titles[line_id]
        name = f"{line.title} ({line.variant_title})" if line.variant_title else line.title
        if count:
            message = gettext("Only %(count)d of “%(name)s” left.", count=count, name=name)
        else:
            message = gettext("“%(name)s” sold out while you were checking out.", name=name)
        flash(message, "error")
    if not left:
        flash(gettext("Part of your order is no longer in stock."), "error")
    flash(gettext("Your cart is saved: please change it, then check out again."), "error")
    return redirect(i18n.lurl("cart.show"))


def _placed(order: Order) -> ResponseReturnValue:
    reference = references.sign(order.id)
    purge = purger.current()
    for item in order.totals.items:
        if item.product_id:
            purge.purge_product(item.product_id, item.product_handle)  # stock changed
    flow.forget_cart()
    session[flow.LAST_ORDER_KEY] = reference
    return redirect(i18n.lurl("orders.confirmed", reference=reference))


@bp.get("/orders/<reference>/confirmed")
def confirmed(reference: str) -> ResponseReturnValue:
    """Thank you, the order number, lines and totals; only through the signed reference."""
    order_id = references.order_id(reference)
    if order_id is None:
        abort(404)
    try:
        order = flow.client().order(order_id)
    except UpstreamNotFound:
        abort(404)
    g.noindex = True
    return rendering.render(
        "order_confirmed.html", nav=rendering.navigation(), order=order,
        summary=flow.order_summary(order),
    )  # fmt: skip
