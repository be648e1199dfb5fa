"""A cart as the Store API prints it, with Medusa's totals (decimal major units, tax unrounded).

No shipping methods, discounts or credit lines exist in the sandbox, so those totals are 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.medusa.common import KIND_CUSTOMER, KIND_REGION, dec, num
from sandbox.medusa.ids import new_id
from sandbox.medusa.regions import region_view, tax_rate
from sandbox.store import Store


def cart_view(store: Store, cart: dict[str, Any]) -> dict[str, Any]:
    """A cart as the Store API prints it, with Medusa's totals."""
    head = ("id", "currency_code", "email", "locale", "region_id", "created_at", "updated_at")
    view: dict[str, Any] = {key: cart.get(key) for key in head}
    view["completed_at"] = cart.get("completed_at")
    view.update(_totals(cart["items"]))
    view["metadata"] = cart.get("metadata")
    view["sales_channel_id"] = cart.get("sales_channel_id")
    if cart.get("shipping_address_id"):
        view["shipping_address_id"] = cart["shipping_address_id"]
    view["customer_id"] = cart.get("customer_id")
    view["items"] = [_line_view(line) for line in cart["items"]]
    view["shipping_methods"] = []
    view["shipping_address"] = cart.get("shipping_address")
    view["billing_address"] = cart.get("billing_address")
    view["credit_lines"] = []
    customer = store.get(KIND_CUSTOMER, cart["customer_id"]) if cart.get("customer_id") else None
    view["customer"] = customer
    region = store.get(KIND_REGION, cart["region_id"])
    view["region"] = _cart_region(region) if region else None
    view["promotions"] = []
    return view


def _line_view(line: dict[str, Any]) -> dict[str, Any]:
    return {**line, "unit_price": num(dec(line["unit_price"]))}


def _cart_region(region: dict[str, Any]) -> dict[str, Any]:
    full = region_view(region)
    keys = ("id", "name", "currency_code", "automatic_taxes", "countries")
    return {key: full[key] for key in keys}


def _totals(items: list[dict[str, Any]]) -> dict[str, int | float]:
    subtotal = sum((dec(i["unit_price"]) * i["quantity"] for i in items), Decimal(0))
    tax = sum((_line_tax(i) for i in items), Decimal(0))
    total = subtotal + tax
    zero = Decimal(0)
    values = {
        "total": total, "subtotal": subtotal, "tax_total": tax,
        "discount_total": zero, "discount_subtotal": zero, "discount_tax_total": zero,
        "original_total": total, "original_tax_total": tax,
        "item_total": total, "item_subtotal": subtotal, "item_tax_total": tax,
        "item_discount_total": zero,
        "original_item_total": total, "original_item_subtotal": subtotal,
        "original_item_tax_total": tax,
        "shipping_total": zero, "shipping_subtotal": zero, "shipping_tax_total": zero,
        "shipping_discount_total": zero, "original_shipping_tax_total": zero,
        "original_shipping_subtotal": zero, "original_shipping_total": zero,
        "credit_line_subtotal": zero, "credit_line_tax_total": zero, "credit_line_total": zero,
    }  # fmt: skip
    return {key: num(value) for key, value in values.items()}


def _line_tax(item: dict[str, Any]) -> Decimal:
    rate = sum((Decimal(str(t["rate"])) for t in item["tax_lines"]), Decimal(0))
    return dec(item["unit_price"]) * item["quantity"] * rate / 100


def refresh_taxes(store: Store, cart: dict[str, Any]) -> None:
    """Recompute each line's tax lines from the region's rate for the shipping country."""
    region = store.get(KIND_REGION, cart["region_id"]) or {}
    country = str((cart.get("shipping_address") or {}).get("country_code") or "")
    rate = tax_rate(region, country) if region else None
    for line in cart["items"]:
        if rate is None:
            line["tax_lines"] = []
            continue
        old = line["tax_lines"][0] if line["tax_lines"] else None
        same = (
            old is not None and old["code"] == f"{country.upper()}-STD" and old["rate"] == num(rate)
        )
        line["tax_lines"] = [old] if same else [_tax_line(country, rate)]


def _tax_line(country: str, rate: Decimal) -> dict[str, Any]:
    return {
        "id": new_id("calitxl"),
        "description": f"{country.upper()} standard",
        "code": f"{country.upper()}-STD",
        "rate": num(rate),
        "provider_id": "system",
        "data": None,
        "metadata": None,
    }
