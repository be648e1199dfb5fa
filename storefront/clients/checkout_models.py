"""Typed views of the Medusa v2 checkout objects: addresses, shipping options, orders.

Parsed as defensively as ``medusa_models``: partial objects never raise, amounts are exact
``Decimal`` (Medusa's totals are unrounded; round only for display).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from storefront.clients.medusa_models import (
    Cart,
    _amount,
    _dict,
    _dicts,
    _opt_str,
    _str,
    parse_cart,
)

__all__ = [
    "ADDRESS_FIELDS",
    "Address",
    "CheckoutCart",
    "Order",
    "ShippingOption",
    "parse_address",
    "parse_checkout_cart",
    "parse_order",
    "parse_shipping_option",
]

ADDRESS_FIELDS = ("first_name", "last_name", "address_1", "city", "postal_code", "province",
                  "country_code", "phone")  # fmt: skip
OPTIONAL_FIELDS = ("province", "phone")


@dataclass(frozen=True)
class Address:
    """A shipping address (country as lower-case ISO 3166-1 alpha-2)."""

    first_name: str = ""
    last_name: str = ""
    address_1: str = ""
    city: str = ""
    postal_code: str = ""
    province: str = ""  # state, province or region; some countries need it
    country_code: str = ""
    phone: str = ""

    def as_body(self) -> dict[str, str]:
        """The address as Medusa's ``shipping_address`` body (empty optional fields left out)."""
        body = {key: getattr(self, key) for key in ADDRESS_FIELDS}
        return {key: value for key, value in body.items() if value or key not in OPTIONAL_FIELDS}


@dataclass(frozen=True)
class ShippingOption:
    """A shipping option offered for a cart, priced in its currency (before tax)."""

    id: str
    name: str
    amount: Decimal
    type_code: str
    type_label: str
    type_description: str


@dataclass(frozen=True)
class CheckoutCart:
    """A cart with what checkout needs beyond the basket: email, address, shipping method."""

    cart: Cart
    email: str
    address: Address | None
    shipping_option_id: str | None
    shipping_name: str | None
    item_subtotal: Decimal
    shipping_subtotal: Decimal
    completed: bool


@dataclass(frozen=True)
class Order:
    """A placed order: Medusa's ``display_id`` is the number a shopper is told."""

    id: str
    display_id: int
    email: str
    totals: Cart  # items and totals, parsed like a cart's
    item_subtotal: Decimal
    shipping_subtotal: Decimal
    address: Address | None
    shipping_name: str | None
    created_at: str


def parse_address(raw: Mapping[str, Any] | None) -> Address | None:
    """An Address from a ``shipping_address`` object, or None."""
    if not isinstance(raw, Mapping) or not raw:
        return None
    values = {key: _str(raw, key) for key in ADDRESS_FIELDS}
    values["country_code"] = values["country_code"].lower()
    return Address(**values)


def parse_shipping_option(raw: Mapping[str, Any]) -> ShippingOption:
    """A ShippingOption from a ``shipping_options[]`` item."""
    price = _dict(raw.get("calculated_price"))
    amount = _amount(price, "calculated_amount")
    kind = _dict(raw.get("type"))
    return ShippingOption(
        id=_str(raw, "id"),
        name=_str(raw, "name"),
        amount=amount if amount is not None else (_amount(raw, "amount") or Decimal(0)),
        type_code=_str(kind, "code"),
        type_label=_str(kind, "label"),
        type_description=_str(kind, "description"),
    )


def parse_checkout_cart(raw: Mapping[str, Any]) -> CheckoutCart:
    """A CheckoutCart from a ``cart`` body."""
    methods = _dicts(raw.get("shipping_methods"))
    cart = parse_cart(raw)
    return CheckoutCart(
        cart=cart,
        email=_str(raw, "email"),
        address=parse_address(raw.get("shipping_address")),
        shipping_option_id=_opt_str(methods[0], "shipping_option_id") if methods else None,
        shipping_name=_opt_str(methods[0], "name") if methods else None,
        item_subtotal=_item_subtotal(raw, cart),
        shipping_subtotal=_shipping_subtotal(raw, methods),
        completed=bool(raw.get("completed_at")),
    )


def parse_order(raw: Mapping[str, Any]) -> Order:
    """An Order from an ``order`` body."""
    display = raw.get("display_id")
    methods = _dicts(raw.get("shipping_methods"))
    totals = parse_cart(raw)
    return Order(
        id=_str(raw, "id"),
        display_id=display if isinstance(display, int) and not isinstance(display, bool) else 0,
        email=_str(raw, "email"),
        totals=totals,
        item_subtotal=_item_subtotal(raw, totals),
        shipping_subtotal=_shipping_subtotal(raw, methods),
        address=parse_address(raw.get("shipping_address")),
        shipping_name=_opt_str(methods[0], "name") if methods else None,
        created_at=_str(raw, "created_at"),
    )


def _item_subtotal(raw: Mapping[str, Any], cart: Cart) -> Decimal:
    # Medusa's subtotal includes shipping; the items' own subtotal is what a basket shows.
    found = _amount(raw, "item_subtotal")
    return found if found is not None else sum((i.subtotal for i in cart.items), Decimal(0))


def _shipping_subtotal(raw: Mapping[str, Any], methods: list[dict[str, Any]]) -> Decimal:
    found = _amount(raw, "shipping_subtotal")
    if found is not None:
        return found
    return sum((_amount(m, "amount") or Decimal(0) for m in methods), Decimal(0))
