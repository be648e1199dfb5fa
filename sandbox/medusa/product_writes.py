"""Writing products: create (admin and seed), update, variant update, delete.

Ids come from an ``IdMaker``: ``make(prefix, *key)``. The seed passes one that derives ids from
the key (handle, SKU) so seeded ids are stable; the Admin API passes one that makes fresh ULIDs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sandbox.medusa import inventory, validation
from sandbox.medusa.common import (
    KIND_CATEGORY,
    KIND_COLLECTION,
    KIND_INVENTORY_ITEM,
    KIND_PRODUCT,
    KIND_SALES_CHANNEL,
    KIND_TAG,
    KIND_TYPE,
    KIND_VARIANT,
    MedusaError,
    check_body,
    invalid,
)
from sandbox.medusa.ids import new_id, now_iso
from sandbox.medusa.products import PRODUCT_KEYS, VARIANT_KEYS
from sandbox.store import Store

IdMaker = Callable[..., str]
UPDATABLE = set(validation.PRODUCT_SCALARS) | {
    "status",
    "images",
    "tags",
    "categories",
    "sales_channels",
    "shipping_profile_id",
}
CREATABLE = UPDATABLE | {"options", "variants"}
VARIANT_FIELDS = set(validation.VARIANT_SCALARS) | {"prices", "options", "inventory_items"}


def fresh_ids(prefix: str, *key: object) -> str:
    """An IdMaker for run-time records: a new ULID whatever the key."""
    return new_id(prefix)


def slugify(title: str) -> str:
    """A handle from a title, as Medusa derives one."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def create_product(
    store: Store,
    body: dict[str, Any],
    make: IdMaker = fresh_ids,
    stock: dict[str, dict[str, int]] | None = None,
) -> dict[str, Any]:
    """Validate and store a new product; ``stock`` (SKU -> location id -> qty) is for seeding."""
    check_body(body, CREATABLE)
    if not isinstance(body.get("title"), str) or not body["title"]:
        raise invalid("Invalid request: Field 'title' is required")
    _check_product(store, body)
    handle = body.get("handle") or slugify(body["title"])
    _unique_handle(store, handle, None)
    now = now_iso()
    doc: dict[str, Any] = {key: None for key in PRODUCT_KEYS}
    doc.update({key: body[key] for key in validation.PRODUCT_SCALARS if key in body})
    doc.update(id=make("prod", handle), handle=handle, status=body.get("status") or "draft")
    doc.update(
        is_giftcard=bool(body.get("is_giftcard")), discountable=body.get("discountable", True)
    )
    doc.update(created_at=now, updated_at=now)
    _relations(store, doc, body)
    doc["images"] = _images(doc, body.get("images") or [], make, now)
    if not body.get("options"):  # a real 2.21 refuses this even for a single variant
        raise invalid(f"Product options are not provided for: [{body['title']}].")
    doc["options"] = _options(doc, validation.options(body["options"]), make, now)
    variants = body.get("variants") or []
    doc["variants"] = [build_variant(doc, v, make, now) for v in variants]
    with store.transaction():
        store.put(KIND_PRODUCT, doc["id"], doc)
        for variant in doc["variants"]:
            store.put(KIND_VARIANT, variant["id"], {"id": variant["id"], "product_id": doc["id"]})
            create_inventory(store, doc, variant, make, (stock or {}).get(variant.get("sku") or ""))
    return doc


def update_product(store: Store, doc: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """Apply an Admin API product update."""
    check_body(body, UPDATABLE)
    if "title" in body and not body["title"]:
        raise invalid("Invalid request: Field 'title' must not be empty")
    _check_product(store, body)
    if body.get("handle"):
        _unique_handle(store, body["handle"], doc["id"])
    doc.update({key: body[key] for key in validation.PRODUCT_SCALARS if key in body})
    if body.get("status"):
        doc["status"] = body["status"]
    if "images" in body:
        doc["images"] = _images(doc, body["images"] or [], fresh_ids, now_iso())
    _relations(store, doc, body)
    doc["updated_at"] = now_iso()
    store.put(KIND_PRODUCT, doc["id"], doc)
    return doc


def update_variant(
    store: Store, doc: dict[str, Any], variant: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    """Apply an Admin API variant update (prices, title, SKU, ...) to a stored product."""
    check_body(body, VARIANT_FIELDS - {"inventory_items"})
    validation.check_types(body, validation.VARIANT_SCALARS)
    now = now_iso()
    variant.update({key: body[key] for key in validation.VARIANT_SCALARS if key in body})
    if "prices" in body:
        variant["prices"] = _prices(variant, validation.prices(body["prices"]), fresh_ids, now)
    if "options" in body:
        variant["option_value_ids"] = _option_values(doc, body["options"])
    variant["updated_at"] = now
    store.put(KIND_PRODUCT, doc["id"], doc)
    return doc


def delete_product(store: Store, doc: dict[str, Any]) -> None:
    """Remove a product with its variants' index entries and inventory."""
    with store.transaction():
        for variant in doc["variants"]:
            store.delete(KIND_VARIANT, variant["id"])
            inventory.delete_item(store, variant.get("inventory_item_id"))
        store.delete(KIND_PRODUCT, doc["id"])


def _check_product(store: Store, body: dict[str, Any]) -> None:
    validation.check_types(body, validation.PRODUCT_SCALARS)
    validation.check_status(body)
    validation.reference(body, "collection_id", store, KIND_COLLECTION)
    validation.reference(body, "type_id", store, KIND_TYPE)
    for key, kind in (("tags", KIND_TAG), ("categories", KIND_CATEGORY)):
        validation.id_list(body, key, store, kind)
    validation.id_list(body, "sales_channels", store, KIND_SALES_CHANNEL)


def _unique_handle(store: Store, handle: str, own_id: str | None) -> None:
    clash = any(p["handle"] == handle and p["id"] != own_id for p in store.all(KIND_PRODUCT))
    if clash:
        raise MedusaError(422, "duplicate_error", f"Product with handle: {handle}, already exists.")


def _relations(store: Store, doc: dict[str, Any], body: dict[str, Any]) -> None:
    pairs = (("tags", "tag_ids", KIND_TAG), ("categories", "category_ids", KIND_CATEGORY))
    for key, field, kind in (*pairs, ("sales_channels", "sales_channel_ids", KIND_SALES_CHANNEL)):
        ids = validation.id_list(body, key, store, kind)
        if ids is not None or field not in doc:
            doc[field] = ids or []


def _images(doc: dict[str, Any], images: Any, make: IdMaker, now: str) -> list[dict[str, Any]]:
    if not isinstance(images, list) or not all(isinstance(i, dict) and "url" in i for i in images):
        raise invalid('Invalid request: Expected array of objects with a url at "images"')
    return [
        {
            "id": make("img", doc["handle"], rank),
            "url": image["url"],
            "metadata": None,
            "rank": rank,
            "product_id": doc["id"],
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
        }
        for rank, image in enumerate(images)
    ]


def _options(
    doc: dict[str, Any], options: list[dict[str, Any]], make: IdMaker, now: str
) -> list[dict[str, Any]]:
    stamps = {"created_at": now, "updated_at": now, "deleted_at": None}
    result = []
    for option in options:
        option_id = make("opt", doc["handle"], option["title"])
        values = [
            {
                "id": make("optval", doc["handle"], option["title"], value),
                "value": value,
                "rank": None,
                "metadata": None,
                "option_id": option_id,
                **stamps,
            }
            for value in option["values"]
        ]
        result.append(
            {
                "id": option_id,
                "title": option["title"],
                "is_exclusive": True,
                "metadata": None,
                **stamps,
                "values": values,
            }
        )
    return result


def build_variant(doc: dict[str, Any], body: Any, make: IdMaker, now: str) -> dict[str, Any]:
    """A variant document from a create body (for a new product or one added later)."""
    if not isinstance(body, dict) or not isinstance(body.get("title"), str):
        raise invalid("Invalid request: Field 'title' is required at \"variants\"")
    check_body(body, VARIANT_FIELDS)
    validation.check_types(body, validation.VARIANT_SCALARS, "variants.")
    variant: dict[str, Any] = {key: None for key in VARIANT_KEYS}
    variant.update({key: body[key] for key in validation.VARIANT_SCALARS if key in body})
    key = body.get("sku") or f"{doc['handle']}/{body['title']}"
    variant.update(id=make("variant", key), product_id=doc["id"], created_at=now, updated_at=now)
    variant.update(
        variant_rank=body.get("variant_rank", 0), allow_backorder=bool(body.get("allow_backorder"))
    )
    variant["manage_inventory"] = body.get("manage_inventory", True)
    # A variant created without options has none (checked on a real 2.21), not the first values.
    variant["option_value_ids"] = _option_values(doc, body.get("options") or {})
    variant["price_set_id"] = make("pset", key)
    variant["prices"] = _prices(variant, validation.prices(body.get("prices") or []), make, now)
    variant["inventory_item_id"] = make("iitem", key) if variant["manage_inventory"] else None
    return variant


def _option_values(doc: dict[str, Any], chosen: Any) -> list[str]:
    if not isinstance(chosen, dict):
        raise invalid('Invalid request: Expected object at "variants.options"')
    ids = []
    for title, value in chosen.items():
        option = next((o for o in doc["options"] if o["title"] == title), None)
        match = next((v for v in option["values"] if v["value"] == value), None) if option else None
        if match is None:
            raise invalid(f"Option value {value} does not exist for option {title}")
        ids.append(match["id"])
    return ids


def _prices(
    variant: dict[str, Any], prices: list[dict[str, Any]], make: IdMaker, now: str
) -> list[dict[str, Any]]:
    old = {p["currency_code"]: p for p in variant.get("prices") or []}
    result = []
    for price in prices:
        currency = price["currency_code"].lower()
        kept = old.get(currency)
        price_id = kept["id"] if kept else make("price", variant["id"], currency)
        created = kept["created_at"] if kept else now
        result.append(
            {
                "id": price_id,
                "currency_code": currency,
                "amount": price["amount"],
                "min_quantity": None,
                "max_quantity": None,
                "created_at": created,
                "updated_at": now,
            }
        )
    return result


def create_inventory(
    store: Store, doc: dict[str, Any], variant: dict[str, Any], make: IdMaker, stock: Any
) -> None:
    """The inventory item of a managed variant, with a stock level when ``stock`` is given."""
    item_id = variant.get("inventory_item_id")
    if not item_id:
        return
    item = inventory.new_item(item_id, variant, doc["id"], variant["created_at"])
    store.put(KIND_INVENTORY_ITEM, item_id, item)
    for location_id, quantity in (stock or {}).items():
        level_id = make("ilev", variant.get("sku") or variant["id"], location_id)
        inventory.put_level(store, item, level_id, location_id, int(quantity))
