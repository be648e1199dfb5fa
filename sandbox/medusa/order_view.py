"""An order as Medusa 2.21's Store API prints it (``POST /store/carts/{id}/complete`` and
``GET /store/orders/{id}``), key for key as a real 2.21.2 answered (recorded in
``tests/fixtures/medusa-v2/store_cart_complete.json``).

An order line and shipping method carry every total twice (a number and its ``raw_*``), a
``detail`` (the order's per-version item record) and tax lines with their own totals; the order
has its ``summary`` and the cart's ``payment_collections``. Nothing is fulfilled, returned or
refunded in the sandbox, so those totals are 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.medusa.cart_view import totals
from sandbox.medusa.common import dec, num, raw
from sandbox.medusa.ids import new_id, seeded_id
from sandbox.medusa.products import variant_by_id
from sandbox.store import Store

ZERO = Decimal(0)
_HEAD = ("id", "status", "currency_code", "display_id", "region_id", "email")
_LINE_KEYS = (
    "id", "title", "thumbnail", "variant_id", "product_id", "product_title",
    "product_description", "product_subtitle", "product_type", "product_type_id",
    "product_collection", "product_handle", "variant_sku", "variant_barcode", "variant_title",
    "requires_shipping", "is_giftcard", "is_tax_inclusive", "metadata", "created_at",
    "updated_at", "adjustments", "compare_at_unit_price", "quantity",
)  # fmt: skip
_METHOD_KEYS = (
    "id", "name", "description", "is_tax_inclusive", "shipping_option_id", "data", "metadata",
    "created_at", "updated_at", "deleted_at", "adjustments", "order_id",
)  # fmt: skip
_VARIANT_KEYS = (
    "id", "title", "sku", "barcode", "ean", "upc", "allow_backorder", "manage_inventory",
    "hs_code", "origin_country", "mid_code", "material", "weight", "length", "height", "width",
    "metadata", "variant_rank", "thumbnail", "product_id", "created_at", "updated_at",
    "deleted_at",
)  # fmt: skip
_PRODUCT_KEYS = (
    "id", "title", "handle", "subtitle", "description", "is_giftcard", "status", "thumbnail",
    "weight", "length", "height", "width", "origin_country", "hs_code", "mid_code", "material",
    "discountable", "external_id", "metadata", "type_id", "collection_id", "created_at",
    "updated_at", "deleted_at",
)  # fmt: skip
_UNFULFILLED = (
    "fulfilled_total", "shipped_total", "return_requested_total", "return_received_total",
    "return_dismissed_total", "write_off_total",
)  # fmt: skip
_QUANTITIES = (
    "fulfilled_quantity", "delivered_quantity", "shipped_quantity", "return_requested_quantity",
    "return_received_quantity", "return_dismissed_quantity", "written_off_quantity",
)  # fmt: skip
# Order totals are the cart's, without the two discount totals a real order does not print.
_NOT_ON_ORDERS = ("item_discount_total", "shipping_discount_total")


def order_view(store: Store, order: dict[str, Any], stored_price: bool = False) -> dict[str, Any]:
    """An order as completion prints it (``stored_price``: as ``GET /store/orders/{id}`` shows
    its items' ``detail``, with the unit price the order version stored)."""
    amounts = totals(order["items"], order["shipping_methods"])
    view: dict[str, Any] = {key: order.get(key) for key in _HEAD}
    view["summary"] = _summary(dec(amounts["total"]))
    view["custom_display_id"] = None
    view.update({k: v for k, v in amounts.items() if k not in _NOT_ON_ORDERS})
    view["original_subtotal"] = amounts["subtotal"]
    view.update(created_at=order["created_at"], updated_at=order["updated_at"], credit_lines=[])
    view["shipping_address"] = _address(order["shipping_address"], order["created_at"])
    paid = order.get("payment_collection")
    view["payment_collections"] = [_paid_collection(paid)] if paid else []
    view["items"] = [_line(store, order, line, stored_price) for line in order["items"]]
    view["shipping_methods"] = [_method(order, method) for method in order["shipping_methods"]]
    return view


def _summary(total: Decimal) -> dict[str, Any]:
    values = {
        "paid_total": ZERO, "refunded_total": ZERO, "accounting_total": total,
        "credit_line_total": ZERO, "transaction_total": ZERO, "pending_difference": total,
        "current_order_total": total, "original_order_total": total,
    }  # fmt: skip
    return _with_raw(values)


def _with_raw(values: dict[str, Decimal]) -> dict[str, Any]:
    shown: dict[str, Any] = {key: num(value) for key, value in values.items()}
    shown.update({f"raw_{key}": raw(value) for key, value in values.items()})
    return shown


def _address(address: dict[str, Any] | None, created_at: str) -> dict[str, Any] | None:
    if not address:
        return None
    base = {"customer_id": None, "metadata": None, "deleted_at": None}
    return {**base, "created_at": created_at, "updated_at": created_at, **address}


def _paid_collection(paid: dict[str, Any]) -> dict[str, Any]:
    """The cart's payment collection, authorized at completion."""
    amount = dec(paid["amount"])
    view = {key: paid.get(key) for key in ("id", "currency_code", "created_at", "updated_at")}
    view.update(completed_at=None, status="authorized", metadata=None, deleted_at=None)
    view.update(_with_raw({"amount": amount, "authorized_amount": amount}))
    view.update(_with_raw({"captured_amount": ZERO, "refunded_amount": ZERO}))
    return view


def _line(
    store: Store, order: dict[str, Any], line: dict[str, Any], stored_price: bool
) -> dict[str, Any]:
    unit, quantity = dec(line["unit_price"]), int(line["quantity"])
    view: dict[str, Any] = {key: line.get(key) for key in _LINE_KEYS}
    view.update(subtitle=line.get("variant_title"), variant_option_values=None, deleted_at=None)
    view.update(is_discountable=True, is_custom_price=False, line_item_metadata={})
    view.update(raw_compare_at_unit_price=None, raw_unit_price=raw(unit), unit_price=num(unit))
    view["raw_quantity"] = raw(Decimal(quantity))
    view["detail"] = _detail(order, line, unit if stored_price else None)
    view["tax_lines"] = _tax_lines(line, unit * quantity, "item_id")
    view.update(_line_totals(unit * quantity, line["tax_lines"], quantity))
    view["variant"] = _variant(store, line["variant_id"])
    return view


def _line_totals(
    subtotal: Decimal, tax_lines: list[dict[str, Any]], quantity: int
) -> dict[str, Any]:
    tax = subtotal * _rate(tax_lines) / 100
    values = _totals(subtotal, tax)
    values["refundable_total_per_unit"] = (subtotal + tax) / quantity if quantity else ZERO
    values["refundable_total"] = subtotal + tax
    values.update(dict.fromkeys(_UNFULFILLED, ZERO))
    return _with_raw(values)


def _totals(subtotal: Decimal, tax: Decimal) -> dict[str, Decimal]:
    return {
        "subtotal": subtotal, "total": subtotal + tax, "original_subtotal": subtotal,
        "original_total": subtotal + tax, "discount_subtotal": ZERO, "discount_tax_total": ZERO,
        "discount_total": ZERO, "tax_total": tax, "original_tax_total": tax,
    }  # fmt: skip


def _rate(tax_lines: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(str(t["rate"])) for t in tax_lines), ZERO)


def _tax_lines(taxed: dict[str, Any], base: Decimal, owner_key: str) -> list[dict[str, Any]]:
    """The tax lines of an order line or method, each with its tax amount as its totals."""
    shown = []
    for tax_line in taxed["tax_lines"]:
        rate = Decimal(str(tax_line["rate"]))
        # Medusa's tax rates belong to a country's tax region: one default rate per code here.
        rate_id = seeded_id("txr", tax_line["code"])
        view = {**tax_line, "tax_rate_id": rate_id, owner_key: taxed["id"]}
        view.update(created_at=taxed.get("created_at"), updated_at=taxed.get("created_at"))
        view.update(deleted_at=None, rate=num(rate), raw_rate=raw(rate))
        view.update(_with_raw({"total": base * rate / 100, "subtotal": base * rate / 100}))
        shown.append(view)
    return shown


def _detail(order: dict[str, Any], line: dict[str, Any], unit: Decimal | None) -> dict[str, Any]:
    quantity = Decimal(int(line["quantity"]))
    view: dict[str, Any] = {"id": line.get("detail_id") or new_id("orditem"), "version": 1}
    view.update(metadata={}, order_id=order["id"], item_id=line["id"], deleted_at=None)
    view.update(created_at=order["created_at"], updated_at=order["created_at"])
    view.update(unit_price=None if unit is None else num(unit), compare_at_unit_price=None)
    view.update(raw_unit_price=None if unit is None else raw(unit), raw_compare_at_unit_price=None)
    view.update(_with_raw({"quantity": quantity, **dict.fromkeys(_QUANTITIES, ZERO)}))
    return view


def _method(order: dict[str, Any], method: dict[str, Any]) -> dict[str, Any]:
    amount = dec(method["amount"])
    view: dict[str, Any] = {key: method.get(key) for key in _METHOD_KEYS}
    view.update(is_custom_amount=False, amount=num(amount), raw_amount=raw(amount))
    view["tax_lines"] = _tax_lines(method, amount, "shipping_method_id")
    view["detail"] = {
        "id": method.get("detail_id") or new_id("ordspmv"), "version": 1,
        "order_id": order["id"], "return_id": None, "exchange_id": None, "claim_id": None,
        "created_at": order["created_at"], "updated_at": order["created_at"], "deleted_at": None,
        "shipping_method_id": method["id"],
    }  # fmt: skip
    view.update(_with_raw(_totals(amount, amount * _rate(method["tax_lines"]) / 100)))
    return view


def _variant(store: Store, variant_id: str) -> dict[str, Any] | None:
    found = variant_by_id(store, variant_id)
    if found is None:
        return None
    variant, product = found
    view = {key: variant.get(key) for key in _VARIANT_KEYS}
    shown = {key: product.get(key) for key in _PRODUCT_KEYS}
    shown["type"] = {"id": product.get("type_id")}
    shown["collection"] = {"id": product.get("collection_id")}
    view["product"] = shown
    return view
