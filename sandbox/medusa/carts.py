"""Store carts: create, update, line items with the stock rule, tax lines and Medusa's totals.

A cart document keeps its items with a snapshot of the product (as Medusa's line items do); tax
lines are recomputed after every change from the region's rate for the shipping country.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.medusa import inventory, payments
from sandbox.medusa.cart_view import refresh_taxes, totals
from sandbox.medusa.common import (
    KIND_CART,
    KIND_COLLECTION,
    KIND_CUSTOMER,
    KIND_REGION,
    KIND_SALES_CHANNEL,
    KIND_TYPE,
    MedusaError,
    check_body,
    invalid,
    not_found,
)
from sandbox.medusa.ids import new_id, now_iso
from sandbox.medusa.pricing import price_in
from sandbox.medusa.products import variant_by_id
from sandbox.store import Store

ADDRESS_KEYS = [
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "postal_code",
    "country_code",
    "province",
    "phone",
]
_CART_FIELDS = {"region_id", "email", "shipping_address", "billing_address", "metadata", "locale"}
_CREATE_FIELDS = _CART_FIELDS | {"sales_channel_id", "currency_code", "items"}


def get_cart(store: Store, cart_id: str) -> dict[str, Any]:
    """A stored cart, or Medusa's 404."""
    cart = store.get(KIND_CART, cart_id)
    if cart is None:
        raise not_found(f"Cart with id '{cart_id}' not found")
    return cart


def create_cart(store: Store, body: dict[str, Any], channel_id: str | None) -> dict[str, Any]:
    """A new cart in a region (the first region when none is given)."""
    check_body(body, _CREATE_FIELDS)
    region = _region(store, body.get("region_id"))
    now = now_iso()
    cart: dict[str, Any] = {
        "id": new_id("cart"),
        "currency_code": region["currency_code"],
        "email": None,
        "locale": body.get("locale"),
        "region_id": region["id"],
        "created_at": now,
        "updated_at": now,
        "completed_at": None,
        "metadata": body.get("metadata"),
        "sales_channel_id": body.get("sales_channel_id") or channel_id,
        "customer_id": None,
        "items": [],
        "shipping_methods": [],
        "shipping_address": None,
        "billing_address": None,
    }
    _apply(store, cart, {k: v for k, v in body.items() if k not in ("metadata", "region_id")})
    for item in body.get("items") or []:
        add_item(store, cart, item, save=False)
    return save(store, cart)


def update_cart(store: Store, cart: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Change the email, addresses, region or metadata of a cart."""
    check_body(body, _CART_FIELDS | {"sales_channel_id"})
    if body.get("region_id"):
        region = _region(store, body["region_id"])
        cart.update(region_id=region["id"], currency_code=region["currency_code"])
        _reprice(store, cart)
        # Medusa drops shipping methods a region change invalidates (priced in the old currency).
        cart["shipping_methods"] = []
        payments.change_currency(cart, region["currency_code"])
    _apply(store, cart, body)
    return save(store, cart)


def _apply(store: Store, cart: dict[str, Any], body: dict[str, Any]) -> None:
    if "email" in body:
        cart["email"] = _email(body["email"])
        cart["customer_id"] = _customer(store, cart["email"])["id"] if cart["email"] else None
    if "metadata" in body:
        cart["metadata"] = body["metadata"]
    for key in ("shipping_address", "billing_address"):
        if key in body:
            cart[key] = _address(store, cart, body[key], cart.get(key))
    if cart["shipping_address"]:
        cart["shipping_address_id"] = cart["shipping_address"]["id"]


def add_item(
    store: Store, cart: dict[str, Any], body: dict[str, Any], save: bool = True
) -> dict[str, Any]:
    """Add a variant to a cart (merging with an existing line), refusing what is not in stock."""
    check_body(body, {"variant_id", "quantity", "metadata"})
    quantity = _quantity(body.get("quantity"), minimum=1)
    found = variant_by_id(store, str(body.get("variant_id") or ""))
    if found is None:
        raise invalid(f"Variants with IDs {body.get('variant_id')} do not exist")
    variant, product = found
    line = next((i for i in cart["items"] if i["variant_id"] == variant["id"]), None)
    total = quantity + (line["quantity"] if line else 0)
    _check_stock(store, cart, variant, total)
    if line is None:
        line = _new_line(store, cart, variant, product)
        cart["items"].append(line)
    line.update(quantity=total, updated_at=now_iso())
    if "metadata" in body:
        line["metadata"] = body["metadata"] or {}
    return _save(store, cart) if save else cart


def update_item(
    store: Store, cart: dict[str, Any], line_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """Set a line's quantity; 0 removes the line."""
    check_body(body, {"quantity", "metadata"})
    line = _line(cart, line_id)
    quantity = _quantity(body.get("quantity"), minimum=0)
    if quantity == 0:
        return delete_item(store, cart, line_id)
    found = variant_by_id(store, line["variant_id"])
    if found is not None:
        _check_stock(store, cart, found[0], quantity)
    line.update(quantity=quantity, updated_at=now_iso())
    if "metadata" in body:
        line["metadata"] = body["metadata"] or {}
    return save(store, cart)


def delete_item(store: Store, cart: dict[str, Any], line_id: str) -> dict[str, Any]:
    """Remove a line from a cart."""
    _line(cart, line_id)
    cart["items"] = [item for item in cart["items"] if item["id"] != line_id]
    return save(store, cart)


def save(store: Store, cart: dict[str, Any]) -> dict[str, Any]:
    """Recompute tax lines and the payment amount, stamp and store a cart."""
    refresh_taxes(store, cart)
    payments.refresh(cart, cart_total(cart))
    cart["updated_at"] = now_iso()
    store.put(KIND_CART, cart["id"], cart)
    return cart


_save = save


def cart_total(cart: dict[str, Any]) -> Decimal:
    """A cart's total (items and shipping, with tax), exact."""
    return Decimal(str(totals(cart["items"], cart.get("shipping_methods", []))["total"]))


def _line(cart: dict[str, Any], line_id: str) -> dict[str, Any]:
    line = next((item for item in cart["items"] if item["id"] == line_id), None)
    if line is None:
        raise not_found(f"Line item with id: {line_id} was not found")
    return line


def _quantity(value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise invalid(f"Invalid request: quantity must be an integer of at least {minimum}")
    return value


def _email(value: Any) -> str | None:
    if value is not None and (not isinstance(value, str) or "@" not in value):
        raise invalid('Invalid request: Invalid email at "email"')
    return value


def _region(store: Store, region_id: Any) -> dict[str, Any]:
    if region_id is None:
        regions = store.all(KIND_REGION)
        if not regions:
            raise invalid("No regions found")
        return regions[0]
    region = store.get(KIND_REGION, str(region_id))
    if region is None:
        raise not_found(f"Region with id: {region_id} was not found")
    return region


def _customer(store: Store, email: str) -> dict[str, Any]:
    existing = next((c for c in store.all(KIND_CUSTOMER) if c["email"] == email), None)
    if existing is not None:
        return existing
    customer_id = new_id("cus")
    return store.put(KIND_CUSTOMER, customer_id, {"id": customer_id, "email": email, "groups": []})


def _address(
    store: Store, cart: dict[str, Any], value: Any, current: dict[str, Any] | None
) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise invalid('Invalid request: Expected object at "shipping_address"')
    check_body(value, set(ADDRESS_KEYS) | {"metadata"})
    address = {"id": current["id"] if current else new_id("caaddr")}
    address.update({key: value.get(key) for key in ADDRESS_KEYS})
    country = address["country_code"]
    if country:
        address["country_code"] = country = str(country).lower()
        region = store.get(KIND_REGION, cart["region_id"]) or {}
        if country not in region.get("countries", []):
            raise invalid(f"Country with code {country} is not within region {region.get('name')}")
    return address


def _check_stock(store: Store, cart: dict[str, Any], variant: dict[str, Any], want: int) -> None:
    if not variant["manage_inventory"] or variant["allow_backorder"]:
        return
    locations = locations_of(store, cart.get("sales_channel_id"))
    if inventory.available(store, variant.get("inventory_item_id"), locations) < want:
        raise insufficient_inventory()


def insufficient_inventory() -> MedusaError:
    """Medusa's refusal of a line (or a completion) that stock cannot cover."""
    return MedusaError(
        400,
        "not_allowed",
        "Some variant does not have the required inventory",
        code="insufficient_inventory",
    )


def locations_of(store: Store, channel_id: str | None) -> list[str] | None:
    """The stock locations of a sales channel (None, meaning all, without a channel)."""
    channel = store.get(KIND_SALES_CHANNEL, channel_id) if channel_id else None
    return None if channel is None else channel.get("stock_location_ids", [])


def _new_line(
    store: Store, cart: dict[str, Any], variant: dict[str, Any], product: dict[str, Any]
) -> dict[str, Any]:
    price = price_in(variant["prices"], cart["currency_code"])
    if price is None:
        raise invalid(f"Variants with IDs {variant['id']} do not have a price")
    kind_type = store.get(KIND_TYPE, product["type_id"]) if product.get("type_id") else None
    collection = store.get(KIND_COLLECTION, product.get("collection_id") or "")
    now = now_iso()
    return {
        "id": new_id("cali"),
        "thumbnail": product.get("thumbnail"),
        "variant_id": variant["id"],
        "product_id": product["id"],
        "is_giftcard": product.get("is_giftcard", False),
        "product_type_id": product.get("type_id"),
        "product_title": product["title"],
        "product_description": product.get("description"),
        "product_subtitle": product.get("subtitle"),
        "product_type": kind_type["value"] if kind_type else None,
        "product_collection": collection["title"] if collection else None,
        "product_handle": product["handle"],
        "variant_sku": variant.get("sku"),
        "variant_barcode": variant.get("barcode"),
        "variant_title": variant.get("title"),
        "requires_shipping": True,
        "metadata": {},
        "created_at": now,
        "updated_at": now,
        "title": product["title"],
        "quantity": 0,
        "unit_price": price["amount"],
        "compare_at_unit_price": None,
        "is_tax_inclusive": False,
        "tax_lines": [],
        "adjustments": [],
        "product": {
            "id": product["id"],
            "collection_id": product.get("collection_id"),
            "type_id": product.get("type_id"),
            "categories": [{"id": c} for c in product["category_ids"]],
            "tags": [{"id": t} for t in product["tag_ids"]],
        },
    }


def _reprice(store: Store, cart: dict[str, Any]) -> None:
    # A region change changes the currency: every line takes the variant's price in it.
    for line in cart["items"]:
        found = variant_by_id(store, line["variant_id"])
        price = price_in(found[0]["prices"], cart["currency_code"]) if found else None
        if price is None:
            raise invalid(f"Variants with IDs {line['variant_id']} do not have a price")
        line["unit_price"] = price["amount"]
