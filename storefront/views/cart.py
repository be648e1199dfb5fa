"""The cart: lines with quantities to change or remove, totals, on Medusa's cart API.

The cart id lives in the signed session cookie; every form carries the CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, request, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from storefront import i18n, loader, params, rendering, services
from storefront.checkout import lock, stock
from storefront.clients.errors import (
    OutOfStock,
    UpstreamError,
    UpstreamNotFound,
    UpstreamRejected,
)
from storefront.clients.medusa_models import Cart, LineItem
from storefront.merge import labeller, variant_label
from storefront.views import adding
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
        return rendering.render(
            "cart.html", nav=rendering.navigation(), cart=None, checkout_blocked=reason,
            currency_note="",
        )  # fmt: skip
    left = stock.shortages(cart)
    blocked = (
        gettext("Some items are not available in the quantity you chose. Please change them first.")
        if left
        else ""
    )
    note = lock.currency_note(cart.id, cart.currency)
    return rendering.render(
        "cart.html", nav=rendering.navigation(), cart=view_of(cart, left),
        checkout_blocked=blocked, currency_note=note,
    )  # fmt: skip


@bp.post("/cart/add")
def add() -> ResponseReturnValue:
    """Add the chosen variant (by option values, or by id); a combination that does not exist,
    is sold out or has fewer units than asked gets a clear message and keeps the choice."""
    quantity = _quantity(minimum=1)
    choice = adding.Choice.from_form(request.form, quantity)
    if request.form.get("action") == "show":  # the no-JavaScript "show price and stock"
        return redirect(choice.back())
    variant_id, refusal = choice.variant_id()
    if refusal:
        flash(refusal, "error")
        return redirect(choice.back())
    try:
        cart = _cart_or_new()
        _remember(services.current().medusa.add_line_item(cart.id, variant_id, quantity))
    except OutOfStock:
        flash(choice.out_of_stock_message(), "error")
        return redirect(choice.back())
    except UpstreamRejected:  # 404, or Medusa's 400 for a variant id it does not know
        flash(gettext("That product is no longer available."), "error")
        return redirect(choice.back())
    flash(gettext("Added to your cart."), "success")
    return redirect(i18n.lurl("cart.show"))


@bp.post("/cart/lines/<line_id>")
def update(line_id: str) -> ResponseReturnValue:
    """Change a line's quantity (0 removes it)."""
    line_id, quantity = _line_id(line_id), _quantity(minimum=0)
    cart = _current_cart() or abort(404)
    medusa = services.current().medusa
    try:
        changed = (medusa.delete_line_item(cart.id, line_id) if quantity == 0
                   else medusa.update_line_item(cart.id, line_id, quantity))  # fmt: skip
    except OutOfStock:
        flash(gettext("Sorry, there is not enough stock for that quantity."), "error")
        return redirect(i18n.lurl("cart.show"))
    except UpstreamNotFound:
        abort(404)
    except UpstreamRejected:  # Medusa refused the change (its 400): nothing changed
        abort(400)
    _remember(changed)
    return redirect(i18n.lurl("cart.show"))


@bp.post("/cart/lines/<line_id>/remove")
def remove(line_id: str) -> ResponseReturnValue:
    """Remove a line."""
    line_id = _line_id(line_id)
    cart = _current_cart() or abort(404)
    try:
        _remember(services.current().medusa.delete_line_item(cart.id, line_id))
    except UpstreamNotFound:
        abort(404)
    except UpstreamRejected:
        abort(400)
    return redirect(i18n.lurl("cart.show"))


def _quantity(minimum: int) -> int:
    quantity = params.whole_number(request.form.get("quantity", "1"), minimum, MAX_QUANTITY)
    return abort(400) if quantity is None else quantity


def _line_id(raw: str) -> str:
    """A line item id from the URL; 404 for anything no line can have (``..``, junk)."""
    line_id = params.medusa_id(raw)
    return abort(404) if line_id is None else line_id


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


def _line_words(cart: Cart) -> Callable[[LineItem], tuple[str, str]]:
    """Each line's product title and option values in the page's locale (one Contentful query
    for the whole cart), Medusa's words where Contentful has none."""
    ids = [item.product_id for item in cart.items if item.product_id]
    entries, _ = loader.entries_by_id(ids, rendering.is_preview())
    loc = localizer()

    def words(item: LineItem) -> tuple[str, str]:
        entry = entries.get(item.product_id or "")
        label = variant_label(item.variant_title or "", labeller(entry, loc))
        return loc.text(entry, "title", item.title), label

    return words


def _remember(cart: Cart) -> Cart:
    session["cart_id"] = cart.id
    session["cart_count"] = cart.item_count
    return cart


def view_of(cart: Cart, left: dict[str, int] | None = None) -> CartView:
    """A cart's lines and totals in the page's locale (``left``: units left of short lines)."""
    money = i18n.money
    words = _line_words(cart)
    lines = tuple(
        LineView(
            id=item.id, title=title, variant_title=label,
            handle=item.product_handle, sku=item.sku or "", quantity=item.quantity,
            unit_price=money(item.unit_price, cart.currency),
            total=money(item.subtotal, cart.currency),
            left=(left or {}).get(item.id),
        )
        for item in cart.items
        for title, label in (words(item),)  # one lookup per line
    )  # fmt: skip
    return CartView(
        items=lines,
        subtotal=money(cart.subtotal, cart.currency),
        tax_total=money(cart.tax_total, cart.currency) if cart.tax_total else "",
        total=money(cart.total, cart.currency),
    )
