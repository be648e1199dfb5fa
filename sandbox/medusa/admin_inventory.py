"""The Admin API's inventory: inventory items and their stock levels per location.

A stock change emits only ``inventory-level.updated`` with the ``ilev_`` id, as Medusa does; to
map a level back to its product, list inventory items with ``fields=id,*location_levels,*variants``
(each item's ``variants`` carry the variant's columns, ``product_id`` and ``product: {id}``, as in
Medusa 2.21.2).
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from sandbox.events import EventSink
from sandbox.medusa import inventory, listing
from sandbox.medusa.blueprints import admin_blueprint, current_store
from sandbox.medusa.common import (
    KIND_INVENTORY_ITEM,
    KIND_INVENTORY_LEVEL,
    KIND_STOCK_LOCATION,
    body_json,
    check_body,
    check_params,
    first,
    invalid,
    json_response,
    not_found,
    paginate,
    query_params,
)
from sandbox.medusa.fields import project
from sandbox.medusa.ids import new_id, now_iso
from sandbox.medusa.schemas import ADMIN

bp = admin_blueprint("medusa_admin_inventory")
_store = current_store


def _item(item_id: str) -> dict[str, Any]:
    item = _store().get(KIND_INVENTORY_ITEM, item_id)
    if item is None:
        raise not_found(f"Inventory item with id: {item_id} was not found")
    return item


def _item_response(item: dict[str, Any], fields: str | None = None) -> Response:
    view = inventory.item_view(_store(), item)
    return json_response({"inventory_item": project(view, ADMIN.select("inventory", fields))})


@bp.get("/inventory-items")
def list_inventory_items() -> Response:
    """``GET /admin/inventory-items`` (filters ``id``, ``sku``, ``q``)."""
    params = query_params()
    check_params(params, listing.PAGING | {"id", "sku", "q", "location_levels"})
    items = listing.apply(
        _store().all(KIND_INVENTORY_ITEM), listing.simple_filters(params, ("id", "sku"))
    )
    page, meta = paginate(items, params, 50)
    selection = ADMIN.select("inventory", first(params, "fields"))
    views = [project(inventory.item_view(_store(), item), selection) for item in page]
    return json_response({"inventory_items": views, **meta})


@bp.get("/inventory-items/<item_id>")
def get_inventory_item(item_id: str) -> Response:
    """``GET /admin/inventory-items/{id}``."""
    params = query_params()
    check_params(params, {"fields"})
    return _item_response(_item(item_id), first(params, "fields"))


@bp.get("/inventory-items/<item_id>/location-levels")
def list_levels(item_id: str) -> Response:
    """``GET /admin/inventory-items/{id}/location-levels`` (filters ``id``, ``location_id``)."""
    params = query_params()
    check_params(params, listing.PAGING | {"id", "location_id"})
    levels = [inventory.level_view(lv) for lv in inventory.levels(_store(), _item(item_id)["id"])]
    levels = listing.apply(levels, listing.simple_filters(params, ("id", "location_id")))
    page, meta = paginate(levels, params, 50)
    return json_response({"inventory_levels": page, **meta})


@bp.post("/inventory-items/<item_id>/location-levels")
def create_level(item_id: str) -> Response:
    """``POST /admin/inventory-items/{id}/location-levels {"location_id", "stocked_quantity"}``."""
    body = body_json()
    check_body(body, {"location_id", "stocked_quantity", "incoming_quantity"})
    item, location_id = _item(item_id), str(body.get("location_id") or "")
    if _store().get(KIND_STOCK_LOCATION, location_id) is None:
        raise invalid(f"Stock location with id: {location_id} was not found")
    if inventory.find_level(_store(), item_id, location_id) is not None:
        raise invalid(f"Inventory level for item {item_id} at {location_id} already exists")
    level = inventory.put_level(_store(), item, new_id("ilev"), location_id, _quantity(body))
    _sink().emit("inventory-level.created", level["id"], {"id": level["id"]})
    return _item_response(_item(item_id))


@bp.post("/inventory-items/<item_id>/location-levels/<location_id>")
def update_level(item_id: str, location_id: str) -> Response:
    """``POST /admin/inventory-items/{id}/location-levels/{loc} {"stocked_quantity"}``."""
    body = body_json()
    check_body(body, {"stocked_quantity", "incoming_quantity"})
    level = inventory.find_level(_store(), _item(item_id)["id"], location_id)
    if level is None:
        raise not_found(f"Inventory level for item {item_id} and location {location_id} not found")
    if "stocked_quantity" in body:
        level["stocked_quantity"] = _quantity(body)
    if "incoming_quantity" in body:
        level["incoming_quantity"] = _quantity(body, "incoming_quantity")
    level["updated_at"] = now_iso()
    _store().put(KIND_INVENTORY_LEVEL, level["id"], level)
    _sink().emit("inventory-level.updated", level["id"], {"id": level["id"]})
    return _item_response(_item(item_id))


def _quantity(body: dict[str, Any], key: str = "stocked_quantity") -> int:
    value = body.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise invalid(f'Invalid request: Expected a non-negative number at "{key}"')
    return int(value)


def _sink() -> EventSink:
    sink: EventSink = current_app.config["MEDUSA_EVENTS"]
    return sink
