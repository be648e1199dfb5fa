"""Inventory items (one per managed variant) and their levels at stock locations.

``md:inventory_item``: ``{id, sku, title, variant_id, product_id, level_ids, ...}``;
``md:inventory_level``: ``{id, inventory_item_id, location_id, stocked_quantity,
reserved_quantity, incoming_quantity, ...}``. Available stock is stocked minus reserved.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sandbox.medusa.common import KIND_INVENTORY_ITEM, KIND_INVENTORY_LEVEL, KIND_PRODUCT, raw
from sandbox.medusa.ids import now_iso
from sandbox.store import Store


def levels(store: Store, item_id: str | None) -> list[dict[str, Any]]:
    """The stored levels of an inventory item."""
    item = store.get(KIND_INVENTORY_ITEM, item_id) if item_id else None
    if item is None:
        return []
    found = (store.get(KIND_INVENTORY_LEVEL, level_id) for level_id in item["level_ids"])
    return [level for level in found if level is not None]


def available(store: Store, item_id: str | None, location_ids: Iterable[str] | None) -> int:
    """Stocked minus reserved over the given locations (all locations when None)."""
    wanted = None if location_ids is None else set(location_ids)
    return sum(
        level["stocked_quantity"] - level["reserved_quantity"]
        for level in levels(store, item_id)
        if wanted is None or level["location_id"] in wanted
    )


def level_view(level: dict[str, Any]) -> dict[str, Any]:
    """A level as the Admin API prints it."""
    stocked, reserved = level["stocked_quantity"], level["reserved_quantity"]
    incoming = level.get("incoming_quantity", 0)
    return {
        "id": level["id"],
        "location_id": level["location_id"],
        "metadata": None,
        "inventory_item_id": level["inventory_item_id"],
        "raw_stocked_quantity": raw(Decimal(stocked)),
        "raw_reserved_quantity": raw(Decimal(reserved)),
        "raw_incoming_quantity": raw(Decimal(incoming)),
        "created_at": level["created_at"],
        "updated_at": level["updated_at"],
        "deleted_at": None,
        "available_quantity": stocked - reserved,
        "stocked_quantity": stocked,
        "reserved_quantity": reserved,
        "incoming_quantity": incoming,
    }


_ITEM_KEYS = (
    "id", "sku", "title", "description", "thumbnail", "origin_country", "hs_code",
    "requires_shipping", "mid_code", "material", "weight", "length", "height", "width", "metadata",
    "unit_of_measure",
)  # fmt: skip


def item_view(store: Store, item: dict[str, Any]) -> dict[str, Any]:
    """An inventory item with its levels (projected by the caller)."""
    view = {key: item.get(key) for key in _ITEM_KEYS}
    found = levels(store, item["id"])
    # Medusa 2.x computes these over every location (its default admin fields include them).
    view["reserved_quantity"] = sum(level["reserved_quantity"] for level in found)
    view["stocked_quantity"] = sum(level["stocked_quantity"] for level in found)
    view.update(created_at=item["created_at"], updated_at=item["updated_at"], deleted_at=None)
    view["location_levels"] = [level_view(level) for level in found]
    view["variants"] = [_variant(store, item)]
    return view


_VARIANT_KEYS = (
    "id", "title", "sku", "barcode", "ean", "upc", "allow_backorder", "manage_inventory",
    "hs_code", "origin_country", "mid_code", "material", "weight", "length", "height", "width",
    "metadata", "variant_rank", "thumbnail", "created_at", "updated_at",
)  # fmt: skip


def _variant(store: Store, item: dict[str, Any]) -> dict[str, Any]:
    """The item's variant as ``*variants`` shows it: its own columns and ``product: {id}``
    (Medusa 2.21.2), or its ids alone when the product is gone."""
    product = store.get(KIND_PRODUCT, item["product_id"]) or {}
    variants: list[dict[str, Any]] = product.get("variants", [])
    found = next((v for v in variants if v["id"] == item["variant_id"]), {})
    view = {key: found.get(key) for key in _VARIANT_KEYS}
    view.update(id=item["variant_id"], product_id=item["product_id"], deleted_at=None)
    view["product"] = {"id": item["product_id"]}
    return view


def new_item(item_id: str, variant: dict[str, Any], product_id: str, now: str) -> dict[str, Any]:
    """A fresh inventory item document for a managed variant."""
    return {
        "id": item_id,
        "sku": variant.get("sku"),
        "title": variant.get("title"),
        "description": variant.get("title"),
        "requires_shipping": True,
        "metadata": None,
        "variant_id": variant["id"],
        "product_id": product_id,
        "level_ids": [],
        "created_at": now,
        "updated_at": now,
    }


def put_level(
    store: Store, item: dict[str, Any], level_id: str, location_id: str, stocked: int
) -> dict[str, Any]:
    """Create a level for an item at a location (the item document is updated too)."""
    now = now_iso()
    level = {
        "id": level_id,
        "inventory_item_id": item["id"],
        "location_id": location_id,
        "stocked_quantity": stocked,
        "reserved_quantity": 0,
        "incoming_quantity": 0,
        "created_at": now,
        "updated_at": now,
    }
    with store.transaction():
        store.put(KIND_INVENTORY_LEVEL, level_id, level)
        item["level_ids"] = [*item["level_ids"], level_id]
        store.put(KIND_INVENTORY_ITEM, item["id"], item)
    return level


def find_level(store: Store, item_id: str, location_id: str) -> dict[str, Any] | None:
    """The level of an item at a location, or None."""
    return next((lv for lv in levels(store, item_id) if lv["location_id"] == location_id), None)


def delete_item(store: Store, item_id: str | None) -> None:
    """Remove an inventory item and its levels."""
    for level in levels(store, item_id):
        store.delete(KIND_INVENTORY_LEVEL, level["id"])
    if item_id:
        store.delete(KIND_INVENTORY_ITEM, item_id)
