"""The cart: lines with quantities to change or remove, totals, on Medusa's cart API.

The cart id lives in the signed session cookie; every form carries the CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from storefront import i18n, loader, pages, services
from storefront.checkout import lock, stock
from storefront.clients.errors import OutOfStock, UpstreamError, UpstreamNotFound
from storefront.clients.medusa_models import Cart
from storefront.views.common import localizer

bp = Blueprint("cart", __name__)
MAX_QUANTITY = 99


@dataclass(frozen=True)
class LineView:
    """A cart line with localized money."""

    id: str
    title: str
    variant_title: str
    handle: str | None
    sku: str
    quantity: int
    unit_price: str
    total: str
    left: int | None = None  # units left when stock cannot cover the line (0: sold out)


@dataclass(frozen=True)
class CartView:
    """A cart with localized money (Medusa's unrounded tax rounded for display)."""

    items: tuple[LineView, ...]
    subtotal: str
    tax_total: str
    total: str


@bp.get("/cart")
def show() -> ResponseReturnValue:
    """The current cart (empty when there is none), with the Checkout button or why not."""
    cart = _current_cart()
    if cart is None or not cart.items:
        reason = gettext("Your cart is empty.")
        return pages.render("cart.html", cart=None, checkout_blocked=reason, currency_note="")
    left = stock.shortages(cart)
    blocked = (
        gettext("Some items are not available in the quantity you chose. Please change them first.")
        if left
        else ""
    )
    note = lock.currency_note(cart.id, cart.currency)
    return pages.render(
        "cart.html", cart=view_of(cart, left), checkout_blocked=blocked, currency_note=note
    )


@bp.post("/cart/add")
def add() -> ResponseReturnValue:
    """Add a variant; sold-out or unknown variants get a clear message, nothing changes."""
    variant_id, quantity = request.form.get("variant_id", ""), _quantity(minimum=1)
    if not variant_id or len(variant_id) > 100:
        flash(gettext("Please choose an option."), "error")
        return redirect(request.referrer or i18n.lurl("catalog.index"))
    try:
        cart = _cart_or_new()
        _remember(services.current().medusa.add_line_item(cart.id, variant_id, quantity))
    except OutOfStock:
        flash(gettext("Sorry, that option is out of stock."), "error")
        return redirect(request.referrer or i18n.lurl("catalog.index"))
    except UpstreamNotFound:
        flash(gettext("That product is no longer available."), "error")
        return redirect(request.referrer or i18n.lurl("catalog.index"))
    flash(gettext("Added to your cart."), "success")
    return redirect(i18n.lurl("cart.show"))


@bp.post("/cart/lines/<line_id>")
def update(line_id: str) -> ResponseReturnValue:
    """Change a line's quantity (0 removes it)."""
    cart = _current_cart() or abort(404)
    quantity = _quantity(minimum=0)
    medusa = services.current().medusa
    try:
        changed = (medusa.delete_line_item(cart.id, line_id) if quantity == 0
                   else medusa.update_line_item(cart.id, line_id, quantity))  # fmt: skip
    except OutOfStock:
        flash(gettext("Sorry, there is not enough stock for that quantity."), "error")
        return redirect(i18n.lurl("cart.show"))
    except UpstreamNotFound:
        abort(404)
    _remember(changed)
    return redirect(i18n.lurl("cart.show"))


@bp.post("/cart/lines/<line_id>/remove")
def remove(line_id: str) -> ResponseReturnValue:
    """Remove a line."""
    cart = _current_cart() or abort(404)
    try:
        _remember(services.current().medusa.delete_line_item(cart.id, line_id))
    except UpstreamNotFound:
        abort(404)
    return redirect(i18n.lurl("cart.show"))


def _quantity(minimum: int) -> int:
    raw = request.form.get("quantity", "1").strip()
    if not raw.isdigit() or not minimum <= int(raw) <= MAX_QUANTITY:
        abort(400)
    return int(raw)


def _current_cart() -> Cart | None:
    cart_id = session.get("cart_id")
    if not isinstance(cart_id, str):
        return None
    try:
        cart = services.current().medusa.cart(cart_id)
    except UpstreamNotFound:
        session.pop("cart_id", None)
        session.pop("cart_count", None)
        return None
    return _switch_region(cart)


def _switch_region(cart: Cart) -> Cart:
    """A cart in another currency than the page's is moved to the page's region."""
    if lock.is_locked(cart.id):
        return cart  # a checkout in progress keeps its currency
    region = loader.region_for(i18n.page_locale().currency)
    if cart.region_id == region.id:
        return cart
    try:
        return _remember(services.current().medusa.update_cart_region(cart.id, region.id))
    except UpstreamError:
        return cart


def _cart_or_new() -> Cart:
    cart = _current_cart()
    if cart is not None:
        return cart
    region = loader.region_for(i18n.page_locale().currency)
    return _remember(services.current().medusa.create_cart(region.id))


def _localized_titles(cart: Cart) -> dict[str, str]:
    """Product titles in the page's locale (one Contentful query for the whole cart)."""
    ids = [item.product_id for item in cart.items if item.product_id]
    entries, _ = loader.entries_by_id(ids, pages.is_preview())
    loc = localizer()
    return {
        pid: loc.text(entry, "title") for pid, entry in entries.items() if loc.text(entry, "title")
    }


def _remember(cart: Cart) -> Cart:
    session["cart_id"] = cart.id
    session["cart_count"] = cart.item_count
    return cart


def view_of(cart: Cart, left: dict[str, int] | None = None) -> CartView:
    """A cart's lines and totals in the page's locale (``left``: units left of short lines)."""
    money = i18n.money
    titles = _localized_titles(cart)
    lines = tuple(
        LineView(
            id=item.id, title=titles.get(item.product_id or "", item.title),
            variant_title=item.variant_title or "",
            handle=item.product_handle, sku=item.sku or "", quantity=item.quantity,
            unit_price=money(item.unit_price, cart.currency),
            total=money(item.subtotal, cart.currency),
            left=(left or {}).get(item.id),
        )
        for item in cart.items
    )  # fmt: skip
    return CartView(
        items=lines,
        subtotal=money(cart.subtotal, cart.currency),
        tax_total=money(cart.tax_total, cart.currency) if cart.tax_total else "",
        total=money(cart.total, cart.currency),
    )
