"""Admin API writes for collections, categories and tags, and the store (``GET /admin/stores``).

``POST /admin/collections`` answers ``{"collection"}``, ``POST /admin/product-categories``
``{"product_category"}`` (with ``parent_category`` and ``category_children``) and
``POST /admin/product-tags`` ``{"product_tag"}``, all 200 like Medusa v2. Their lists (with the
``handle``/``title``/``value`` filters) are admin_lists's plain lists. Collections and
categories are also read, updated (``POST .../{id}``) and deleted (``DELETE .../{id}`` answers
``{id, object, deleted}``); every write emits ``product-collection.created|updated|deleted`` or
``product-category.created|updated|deleted`` with payload ``{id}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app

from sandbox.events import EventSink
from sandbox.medusa import listing, taxonomy
from sandbox.medusa.blueprints import admin_blueprint, current_store
from sandbox.medusa.common import (
    KIND_CATEGORY,
    KIND_COLLECTION,
    KIND_REGION,
    KIND_SALES_CHANNEL,
    KIND_STORE,
    body_json,
    check_params,
    first,
    json_response,
    not_found,
    paginate,
    query_params,
)
from sandbox.medusa.fields import Registry, project
from sandbox.medusa.ids import seeded_id
from sandbox.medusa.schemas import ADMIN
from sandbox.store import Store

bp = admin_blueprint("medusa_admin_taxonomy")
_store = current_store

STORES = Registry(
    {
        "store": (
            "id name supported_currencies:store_currency default_sales_channel_id"
            " default_region_id default_location_id metadata created_at updated_at"
        ),
        "store_currency": "id currency_code is_default store_id created_at updated_at deleted_at",
    }
)


def _fields() -> str | None:
    params = query_params()
    check_params(params, {"fields"})
    return first(params, "fields")


def _emit(event: str, record_id: str) -> None:
    sink: EventSink = current_app.config["MEDUSA_EVENTS"]
    sink.emit(event, record_id, {"id": record_id})


def _collection(doc: dict[str, Any], fields: str | None) -> Response:
    return json_response({"collection": project(doc, ADMIN.select("collection_list", fields))})


@bp.post("/collections")
def create_collection() -> Response:
    """``POST /admin/collections {"title", "handle"?, "metadata"?}``."""
    fields = _fields()
    doc = taxonomy.create_collection(_store(), body_json())
    _emit("product-collection.created", doc["id"])
    return _collection(doc, fields)


@bp.post("/product-tags")
def create_tag() -> Response:
    """``POST /admin/product-tags {"value", "metadata"?}``."""
    fields = _fields()
    doc = taxonomy.create_tag(_store(), body_json())
    return json_response({"product_tag": project(doc, ADMIN.select("value_list", fields))})


@bp.post("/product-categories")
def create_category() -> Response:
    """``POST /admin/product-categories {"name", "handle"?, "parent_category_id"?, ...}``."""
    # Medusa's default fields for one category include its parent and children.
    fields = _fields()
    doc = taxonomy.create_category(_store(), body_json())
    _emit("product-category.created", doc["id"])
    return _category(doc, fields)


def _category(doc: dict[str, Any], fields: str | None) -> Response:
    view = taxonomy.category_view(_store(), doc)
    selection = ADMIN.select("category_list", fields or "+parent_category,+category_children")
    return json_response({"product_category": project(view, selection)})


@dataclass(frozen=True)
class _Kind:
    """What the read, update and delete routes of one kind share."""

    route: str
    kind: str
    event: str  # the event name's prefix
    what: str  # as Medusa's messages name it
    deleted_object: str
    respond: Callable[[dict[str, Any], str | None], Response]
    update: Callable[[Store, str, dict[str, Any]], dict[str, Any]]
    delete: Callable[[Store, str], None]

    def get_one(self, record_id: str) -> Response:
        """``GET /admin/{route}/{id}``."""
        fields = _fields()
        doc = _store().get(self.kind, record_id)
        if doc is None:
            raise not_found(f"{self.what} with id: {record_id} was not found")
        return self.respond(doc, fields)

    def update_one(self, record_id: str) -> Response:
        """``POST /admin/{route}/{id}``: the changed record; emits ``<event>.updated``."""
        fields = _fields()
        doc = self.update(_store(), record_id, body_json())
        _emit(f"{self.event}.updated", record_id)
        return self.respond(doc, fields)

    def delete_one(self, record_id: str) -> Response:
        """``DELETE /admin/{route}/{id}``: ``{id, object, deleted}``; emits ``<event>.deleted``."""
        self.delete(_store(), record_id)
        _emit(f"{self.event}.deleted", record_id)
        return json_response({"id": record_id, "object": self.deleted_object, "deleted": True})

    def register(self) -> None:
        """Add the three routes to the blueprint."""
        path, name = f"/{self.route}/<record_id>", self.route.replace("-", "_")
        bp.add_url_rule(path, f"get_{name}", self.get_one, methods=["GET"])
        bp.add_url_rule(path, f"update_{name}", self.update_one, methods=["POST"])
        bp.add_url_rule(path, f"delete_{name}", self.delete_one, methods=["DELETE"])


for _spec in (
    _Kind("collections", KIND_COLLECTION, "product-collection", "Product collection",
          "collection", _collection, taxonomy.update_collection, taxonomy.delete_collection),
    _Kind("product-categories", KIND_CATEGORY, "product-category", "Product category",
          "product_category", _category, taxonomy.update_category, taxonomy.delete_category),
):  # fmt: skip
    _spec.register()


# --- the store ------------------------------------------------------------------------------


@bp.get("/stores")
def list_stores() -> Response:
    """``GET /admin/stores`` (filters ``id``, ``name``, ``q``), Medusa 2.x shape."""
    params = query_params()
    check_params(params, listing.PAGING | {"id", "name", "q"})
    views = [store_view(_store(), doc) for doc in _store().all(KIND_STORE)]
    page, meta = paginate(
        listing.apply(views, listing.simple_filters(params, ("id", "name"))), params, 50
    )
    selection = STORES.select("store", first(params, "fields"))
    return json_response({"stores": project(page, selection), **meta})


@bp.get("/stores/<store_id>")
def get_store(store_id: str) -> Response:
    """``GET /admin/stores/{id}``."""
    fields = _fields()
    doc = _store().get(KIND_STORE, store_id)
    if doc is None:
        raise not_found(f"Store with id: {store_id} was not found")
    return json_response(
        {"store": project(store_view(_store(), doc), STORES.select("store", fields))}
    )


def store_view(store: Store, doc: dict[str, Any]) -> dict[str, Any]:
    """The stored store with its currencies as records and its defaults filled in."""
    channel = store.get(KIND_SALES_CHANNEL, doc.get("default_sales_channel_id") or "") or {}
    # The seed records the store before anything else, at the channel's time.
    created = doc.get("created_at") or channel.get("created_at")
    stored = doc.get("supported_currencies") or []
    codes = [c["currency_code"] if isinstance(c, dict) else c for c in stored]
    currencies = [_currency(doc["id"], code, n == 0, created) for n, code in enumerate(codes)]
    return {
        "id": doc["id"],
        "name": doc.get("name"),
        "supported_currencies": currencies,
        "default_sales_channel_id": doc.get("default_sales_channel_id"),
        "default_region_id": doc.get("default_region_id") or _region(store, codes),
        "default_location_id": doc.get("default_location_id") or _location(channel),
        "metadata": doc.get("metadata"),
        "created_at": created,
        "updated_at": doc.get("updated_at") or created,
    }


def _currency(store_id: str, code: str, default: bool, stamp: str | None) -> dict[str, Any]:
    return {
        "id": seeded_id("stocur", store_id, code),
        "currency_code": code,
        "is_default": default,
        "store_id": store_id,
        "created_at": stamp,
        "updated_at": stamp,
        "deleted_at": None,
    }


def _region(store: Store, codes: list[str]) -> str | None:
    """The region of the default (first) currency, when the store records none."""
    regions = [r for r in store.all(KIND_REGION) if codes and r.get("currency_code") == codes[0]]
    return str(regions[0]["id"]) if regions else None


def _location(channel: dict[str, Any]) -> str | None:
    """The default channel's first stock location, when the store records none."""
    locations = channel.get("stock_location_ids") or []
    return str(locations[0]) if locations else None
