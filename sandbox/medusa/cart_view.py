"""A cart as the Store API prints it, with Medusa's totals (decimal major units, tax unrounded).

Shipping methods are taxed at the shipping country's rate like the items (Medusa's system tax
provider); no discounts or credit lines exist in the sandbox, so those totals are 0. Every line
and shipping method also gets its own totals, which the ``fields`` selection shows on request.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.medusa.common import KIND_CUSTOMER, KIND_REGION, dec, num
from sandbox.medusa.ids import new_id
from sandbox.medusa.payments import collection_view
from sandbox.medusa.products import variant_by_id
from sandbox.medusa.regions import region_view, tax_rate
from sandbox.store import Store

ZERO = Decimal(0)


def cart_view(store: Store, cart: dict[str, Any]) -> dict[str, Any]:
    """A cart as the Store API prints it, with Medusa's totals."""
    head = ("id", "currency_code", "email", "locale", "region_id", "created_at", "updated_at")
    view: dict[str, Any] = {key: cart.get(key) for key in head}
    view["completed_at"] = cart.get("completed_at")
    view.update(totals(cart["items"], cart.get("shipping_methods", [])))
    view["metadata"] = cart.get("metadata")
    view["sales_channel_id"] = cart.get("sales_channel_id")
    if cart.get("shipping_address_id"):
        view["shipping_address_id"] = cart["shipping_address_id"]
    view["customer_id"] = cart.get("customer_id")
    view["items"] = [line_view(store, line) for line in cart["items"]]
    view["shipping_methods"] = [method_view(m) for m in cart.get("shipping_methods", [])]
    view["shipping_address"] = cart.get("shipping_address")
    view["billing_address"] = cart.get("billing_address")
    view["credit_lines"] = []
    customer = store.get(KIND_CUSTOMER, cart["customer_id"]) if cart.get("customer_id") else None
    view["customer"] = customer
    region = store.get(KIND_REGION, cart["region_id"])
    view["region"] = _cart_region(region) if region else None
    view["promotions"] = []
    if cart.get("payment_collection"):
        view["payment_collection"] = collection_view(cart["payment_collection"])
    return view


def line_view(store: Store, line: dict[str, Any]) -> dict[str, Any]:
    """A line item with its unit price as a number, its totals and (on request) its variant."""
    view = {**line, "unit_price": num(dec(line["unit_price"]))}
    view.update(_amounts(dec(line["unit_price"]) * line["quantity"], line["tax_lines"]))
    found = variant_by_id(store, line["variant_id"])
    view["variant"] = _variant(found[0]) if found else None
    return view


def method_view(method: dict[str, Any]) -> dict[str, Any]:
    """A shipping method with its amount as a number and its totals."""
    view = {**method, "amount": num(dec(method["amount"]))}
    view.update(_amounts(dec(method["amount"]), method["tax_lines"]))
    return view


_VARIANT_KEYS = (
    "id", "title", "sku", "barcode", "ean", "upc", "allow_backorder", "manage_inventory",
    "hs_code", "origin_country", "mid_code", "material", "weight", "length", "height", "width",
    "metadata", "variant_rank", "product_id", "created_at", "updated_at", "deleted_at",
)  # fmt: skip


def _variant(variant: dict[str, Any]) -> dict[str, Any]:
    return {key: variant.get(key) for key in _VARIANT_KEYS}


def _amounts(subtotal: Decimal, tax_lines: list[dict[str, Any]]) -> dict[str, int | float]:
    tax = subtotal * _rate(tax_lines) / 100
    values = {
        "subtotal": subtotal, "total": subtotal + tax, "original_total": subtotal + tax,
        "discount_total": ZERO, "discount_subtotal": ZERO, "discount_tax_total": ZERO,
        "tax_total": tax, "original_tax_total": tax,
    }  # fmt: skip
    return {key: num(value) for key, value in values.items()}


def _cart_region(region: dict[str, Any]) -> dict[str, Any]:
    full = region_view(region)
    keys = ("id", "name", "currency_code", "automatic_taxes", "countries")
    return {key: full[key] for key in keys}


def totals(items: list[dict[str, Any]], methods: list[dict[str, Any]]) -> dict[str, int | float]:
    """Medusa's cart (and order) totals over its lines and shipping methods."""
    item_sub = sum((dec(i["unit_price"]) * i["quantity"] for i in items), ZERO)
    item_tax = sum((_tax(dec(i["unit_price"]) * i["quantity"], i) for i in items), ZERO)
    ship_sub = sum((dec(m["amount"]) for m in methods), ZERO)
    ship_tax = sum((_tax(dec(m["amount"]), m) for m in methods), ZERO)
    subtotal, tax = item_sub + ship_sub, item_tax + ship_tax
    total = subtotal + tax
    values = {
        "total": total, "subtotal": subtotal, "tax_total": tax,
        "discount_total": ZERO, "discount_subtotal": ZERO, "discount_tax_total": ZERO,
        "original_total": total, "original_tax_total": tax,
        "item_total": item_sub + item_tax, "item_subtotal": item_sub, "item_tax_total": item_tax,
        "item_discount_total": ZERO,
        "original_item_total": item_sub + item_tax, "original_item_subtotal": item_sub,
        "original_item_tax_total": item_tax,
        "shipping_total": ship_sub + ship_tax, "shipping_subtotal": ship_sub,
        "shipping_tax_total": ship_tax, "shipping_discount_total": ZERO,
        "original_shipping_tax_total": ship_tax, "original_shipping_subtotal": ship_sub,
        "original_shipping_total": ship_sub + ship_tax,
        "credit_line_subtotal": ZERO, "credit_line_tax_total": ZERO, "credit_line_total": ZERO,
    }  # fmt: skip
    return {key: num(value) for key, value in values.items()}


def _rate(tax_lines: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(str(t["rate"])) for t in tax_lines), ZERO)


def _tax(amount: Decimal, taxed: dict[str, Any]) -> Decimal:
    return amount * _rate(taxed["tax_lines"]) / 100


def refresh_taxes(store: Store, cart: dict[str, Any]) -> None:
    """Recompute the tax lines of each line and shipping method for the shipping country."""
    region = store.get(KIND_REGION, cart["region_id"]) or {}
    country = str((cart.get("shipping_address") or {}).get("country_code") or "")
    rate = tax_rate(region, country) if region else None
    for taxed, prefix in [(line, "calitxl") for line in cart["items"]] + [
        (method, "casmtxl") for method in cart.get("shipping_methods", [])
    ]:
        if rate is None:
            taxed["tax_lines"] = []
            continue
        old = taxed["tax_lines"][0] if taxed["tax_lines"] else None
        same = (
            old is not None and old["code"] == f"{country.upper()}-STD" and old["rate"] == num(rate)
        )
        taxed["tax_lines"] = [old] if same else [_tax_line(prefix, country, rate)]


def _tax_line(prefix: str, country: str, rate: Decimal) -> dict[str, Any]:
    return {
        "id": new_id(prefix),
        "description": f"{country.upper()} standard",
        "code": f"{country.upper()}-STD",
        "rate": num(rate),
        "provider_id": "system",
        "data": None,
        "metadata": None,
    }
