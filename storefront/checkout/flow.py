"""What every checkout step shares: the shopper's cart, its summary, and leaving checkout.

A step without a usable cart (none, empty, unknown, already ordered) sends the shopper to
``/cart`` rather than failing; Medusa being down raises UpstreamUnavailable (a localized 503).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import Response, abort, redirect, session

from storefront import i18n, services
from storefront.checkout import lock
from storefront.clients.checkout_models import Address, CheckoutCart, Order
from storefront.clients.errors import UpstreamNotFound
from storefront.clients.medusa_checkout import MedusaCheckout
from storefront.clients.medusa_models import Cart
from storefront.views import cart as cart_views

PROVIDER_KEY = "checkout_provider"
DRAFT_KEY = "checkout_form"
LAST_ORDER_KEY = "last_order"


@dataclass(frozen=True)
class Summary:
    """Lines and rounded totals of a cart or an order, in the page's locale."""

    basket: cart_views.CartView
    subtotal: str
    shipping: str
    tax_total: str
    total: str
    address: Address | None
    country: str


def never_stored(response: Response) -> Response:
    """No browser or shared cache may keep a checkout or order page (personal data)."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def client() -> MedusaCheckout:
    """Checkout calls on the app's pooled Medusa client."""
    return MedusaCheckout(services.current().medusa)


def current_cart(completed_ok: bool = False) -> CheckoutCart:
    """The session's cart ready for checkout, or a redirect to ``/cart`` (raised).

    ``completed_ok``: a cart already completed is returned too (placing its order again gives
    the same order).
    """
    cart_id = session.get("cart_id")
    found = None
    if isinstance(cart_id, str):
        try:
            found = client().cart(cart_id)
        except UpstreamNotFound:
            found = None
    if found is not None and found.completed and completed_ok:
        return found
    if found is None or found.completed or not found.cart.items:
        if found is None or found.completed:
            forget_cart()
        abort(redirect(i18n.lurl("cart.show")))  # the cart page says it is empty
    return found


def summary(cart: Cart, subtotal: Decimal, shipping: Decimal, address: Address | None) -> Summary:
    """The summary of a cart or an order (items subtotal and shipping before tax)."""
    money = i18n.money
    territories = i18n.page_locale().babel_locale.territories
    code = address.country_code.upper() if address else ""
    return Summary(
        basket=cart_views.view_of(cart),
        subtotal=money(subtotal, cart.currency),
        shipping=money(shipping, cart.currency),
        tax_total=money(cart.tax_total, cart.currency),
        total=money(cart.total, cart.currency),
        address=address,
        country=territories.get(code, code),
    )


def cart_summary(found: CheckoutCart) -> Summary:
    """The summary of a cart in checkout."""
    return summary(found.cart, found.item_subtotal, found.shipping_subtotal, found.address)


def order_summary(order: Order) -> Summary:
    """The summary of a placed order."""
    return summary(order.totals, order.item_subtotal, order.shipping_subtotal, order.address)


def forget_cart() -> None:
    """The session lets go of its cart and everything checkout remembered about it."""
    for key in ("cart_id", "cart_count", lock.KEY, PROVIDER_KEY, DRAFT_KEY):
        session.pop(key, None)
