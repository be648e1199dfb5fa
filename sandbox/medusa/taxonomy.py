"""Creating collections, product categories and product tags as the Admin API does.

Stored in the same shapes the seed writes (``md:collection``, ``md:category``, ``md:tag``), so the
existing lists and product joins show them. Handles default to the kebab-case title or name and
must be unique (422 ``duplicate_error``); tag values are unique too, as Medusa's index makes them.
Collections and categories can be updated and deleted too; the routes emit Medusa's
``product-collection.*`` and ``product-category.*`` events (payload ``{id}``).
"""

from __future__ import annotations

from typing import Any

from sandbox.medusa import validation
from sandbox.medusa.common import (
    KIND_CATEGORY,
    KIND_COLLECTION,
    KIND_PRODUCT,
    KIND_TAG,
    MedusaError,
    check_body,
    invalid,
    not_found,
)
from sandbox.medusa.ids import new_id, now_iso
from sandbox.medusa.product_writes import slugify
from sandbox.store import Store

COLLECTION_FIELDS = {"title": str, "handle": str, "external_id": str, "metadata": dict}
CATEGORY_FIELDS = {
    "name": str,
    "description": str,
    "handle": str,
    "is_active": bool,
    "is_internal": bool,
    "rank": int,
    "external_id": str,
    "metadata": dict,
}
TAG_FIELDS = {"value": str, "metadata": dict}


def _stamps() -> dict[str, Any]:
    now = now_iso()
    return {"created_at": now, "updated_at": now, "deleted_at": None}


def _checked(body: dict[str, Any], types: dict[str, Any], required: str, extra: set[str]) -> str:
    """Unknown fields, wrong types and a missing or empty required text field are a 400."""
    check_body(body, set(types) | extra)
    validation.check_types(body, types)
    value = body.get(required)
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"Invalid request: Field '{required}' is required")
    return value


def _unique(store: Store, kind: str, key: str, value: str, what: str) -> None:
    if any(record.get(key) == value for record in store.all(kind)):
        raise MedusaError(422, "duplicate_error", f"{what} with {key}: {value}, already exists.")


def create_collection(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    """Validate and store a ``POST /admin/collections`` body."""
    title = _checked(body, COLLECTION_FIELDS, "title", set())
    handle = body.get("handle") or slugify(title)
    _unique(store, KIND_COLLECTION, "handle", handle, "Product collection")
    doc = {
        "id": new_id("pcol"),
        "title": title,
        "handle": handle,
        "external_id": body.get("external_id"),
        "metadata": body.get("metadata"),
        **_stamps(),
    }
    store.put(KIND_COLLECTION, doc["id"], doc)
    return doc


def create_tag(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    """Validate and store a ``POST /admin/product-tags`` body."""
    value = _checked(body, TAG_FIELDS, "value", set())
    _unique(store, KIND_TAG, "value", value, "Product tag")
    doc = {
        "id": new_id("ptag"),
        "value": value,
        "external_id": None,
        "metadata": body.get("metadata"),
        **_stamps(),
    }
    store.put(KIND_TAG, doc["id"], doc)
    return doc


def create_category(store: Store, body: dict[str, Any]) -> dict[str, Any]:
    """Validate and store a ``POST /admin/product-categories`` body (under its parent, if any)."""
    name = _checked(body, CATEGORY_FIELDS, "name", {"parent_category_id"})
    parent = _parent(store, body.get("parent_category_id"))
    handle = body.get("handle") or slugify(name)
    _unique(store, KIND_CATEGORY, "handle", handle, "Product category")
    category_id = new_id("pcat")
    siblings = [c for c in store.all(KIND_CATEGORY) if c.get("parent_category_id") == _id(parent)]
    doc = {
        "id": category_id,
        "name": name,
        "description": body.get("description") or "",
        "handle": handle,
        "mpath": f"{parent['mpath']}.{category_id}" if parent else category_id,
        # Medusa's model defaults both flags to false: a category is hidden until activated.
        "is_active": bool(body.get("is_active", False)),
        "is_internal": bool(body.get("is_internal", False)),
        "rank": body["rank"] if body.get("rank") is not None else len(siblings),
        "external_id": body.get("external_id"),
        "metadata": body.get("metadata"),
        "parent_category_id": _id(parent),
        **_stamps(),
    }
    store.put(KIND_CATEGORY, category_id, doc)
    return doc


def _id(record: dict[str, Any] | None) -> str | None:
    return str(record["id"]) if record else None


def _parent(store: Store, parent_id: Any) -> dict[str, Any] | None:
    if parent_id is None:
        return None
    if not isinstance(parent_id, str):
        raise invalid('Invalid request: Expected string, received other at "parent_category_id"')
    parent = store.get(KIND_CATEGORY, parent_id)
    if parent is None:
        raise not_found(f"Parent category with id: {parent_id} was not found")
    return parent


def category_view(store: Store, doc: dict[str, Any]) -> dict[str, Any]:
    """A category with its parent and children joined, as the Admin API prints one."""
    parent_id = doc.get("parent_category_id")
    parent = store.get(KIND_CATEGORY, parent_id) if parent_id else None
    children = [c for c in store.all(KIND_CATEGORY) if c.get("parent_category_id") == doc["id"]]
    return {**doc, "parent_category": parent, "category_children": children}


def _existing(store: Store, kind: str, record_id: str, what: str) -> dict[str, Any]:
    found = store.get(kind, record_id)
    if found is None:
        raise not_found(f"{what} with id: {record_id} was not found")
    return found


def update_collection(store: Store, collection_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Apply a ``POST /admin/collections/{id}`` body (title, handle, metadata)."""
    doc = _existing(store, KIND_COLLECTION, collection_id, "Product collection")
    check_body(body, set(COLLECTION_FIELDS))
    validation.check_types(body, COLLECTION_FIELDS)
    return _updated(store, KIND_COLLECTION, doc, body, "Product collection")


def update_category(store: Store, category_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Apply a ``POST /admin/product-categories/{id}`` body (name, handle, flags, ...)."""
    doc = _existing(store, KIND_CATEGORY, category_id, "Product category")
    check_body(body, set(CATEGORY_FIELDS))
    validation.check_types(body, CATEGORY_FIELDS)
    return _updated(store, KIND_CATEGORY, doc, body, "Product category")


def _updated(
    store: Store, kind: str, doc: dict[str, Any], body: dict[str, Any], what: str
) -> dict[str, Any]:
    for key in ("title", "name", "handle"):
        if key in body and not str(body[key]).strip():
            raise invalid(f"Invalid request: Field '{key}' must not be empty")
    if body.get("handle") not in (None, doc.get("handle")):
        _unique(store, kind, "handle", body["handle"], what)
    changed = {**doc, **body, "updated_at": now_iso()}
    store.put(kind, doc["id"], changed)
    return changed


def delete_collection(store: Store, collection_id: str) -> None:
    """Delete a collection; its products stay, without a collection (as Medusa does)."""
    _existing(store, KIND_COLLECTION, collection_id, "Product collection")
    for product in store.all(KIND_PRODUCT):
        if product.get("collection_id") == collection_id:
            store.put(KIND_PRODUCT, product["id"], {**product, "collection_id": None})
    store.delete(KIND_COLLECTION, collection_id)


def delete_category(store: Store, category_id: str) -> None:
    """Delete a category without children (Medusa refuses one that has some)."""
    _existing(store, KIND_CATEGORY, category_id, "Product category")
    if any(c.get("parent_category_id") == category_id for c in store.all(KIND_CATEGORY)):
        raise invalid(
            f"Deleting ProductCategory ({category_id}) with category children is not allowed"
        )
    store.delete(KIND_CATEGORY, category_id)
