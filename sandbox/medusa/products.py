"""Products as the Store and Admin APIs print them: joins, computed fields, then ``fields``.

A view is built from the stored product (joining tags, categories, collection, type, sales
channels; computing prices and stock only when the selection asks for them) and then projected
onto the selection, so the output has exactly the keys Medusa would print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.medusa import inventory
from sandbox.medusa.common import (
    KIND_CATEGORY,
    KIND_COLLECTION,
    KIND_PRODUCT,
    KIND_SALES_CHANNEL,
    KIND_TAG,
    KIND_TYPE,
    KIND_VARIANT,
)
from sandbox.medusa.fields import Selection, project
from sandbox.medusa.pricing import PricingContext, admin_price, calculated_price, store_price
from sandbox.store import Store

PRODUCT_KEYS = [
    "id",
    "title",
    "subtitle",
    "status",
    "external_id",
    "description",
    "handle",
    "is_giftcard",
    "discountable",
    "thumbnail",
    "collection_id",
    "type_id",
    "weight",
    "length",
    "height",
    "width",
    "hs_code",
    "origin_country",
    "mid_code",
    "material",
    "created_at",
    "updated_at",
    "deleted_at",
    "metadata",
]
VARIANT_KEYS = [
    "id",
    "title",
    "sku",
    "barcode",
    "ean",
    "upc",
    "allow_backorder",
    "manage_inventory",
    "hs_code",
    "origin_country",
    "mid_code",
    "material",
    "weight",
    "length",
    "height",
    "width",
    "metadata",
    "variant_rank",
    "thumbnail",
    "product_id",
    "created_at",
    "updated_at",
    "deleted_at",
]


@dataclass
class ViewContext:
    """What a product view depends on besides the product: API flavour, pricing, stock scope."""

    store: Store
    admin: bool = False
    pricing: PricingContext | None = None
    location_ids: list[str] | None = None  # stock locations counted for inventory_quantity
    _cache: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)

    def get(self, kind: str, id: str | None) -> dict[str, Any] | None:
        """A joined record, cached for the life of the request."""
        if id is None:
            return None
        if (kind, id) not in self._cache:
            self._cache[(kind, id)] = self.store.get(kind, id)
        return self._cache[(kind, id)]


def product_view(doc: dict[str, Any], selection: Selection, vc: ViewContext) -> dict[str, Any]:
    """A stored product as the API prints it for a selection."""
    view: dict[str, Any] = {key: doc.get(key) for key in PRODUCT_KEYS}
    view["type"] = vc.get(KIND_TYPE, doc.get("type_id"))
    view["collection"] = vc.get(KIND_COLLECTION, doc.get("collection_id"))
    view["options"] = doc["options"]
    view["tags"] = _joined(vc, KIND_TAG, doc["tag_ids"])
    view["images"] = doc["images"]
    if "variants" in selection:
        vsel = selection["variants"] or {}
        view["variants"] = [variant_view(v, doc, vsel, vc) for v in doc["variants"]]
    if "categories" in selection:
        view["categories"] = [_category(c) for c in _joined(vc, KIND_CATEGORY, doc["category_ids"])]
    if "sales_channels" in selection:
        view["sales_channels"] = _joined(vc, KIND_SALES_CHANNEL, doc["sales_channel_ids"])
    projected: dict[str, Any] = project(view, selection)
    return projected


def variant_view(
    variant: dict[str, Any], product: dict[str, Any], selection: Selection, vc: ViewContext
) -> dict[str, Any]:
    """One variant of a stored product, before projection."""
    view: dict[str, Any] = {key: variant.get(key) for key in VARIANT_KEYS}
    view["images"] = product["images"]
    view["options"] = [
        _variant_option(product, value_id) for value_id in variant["option_value_ids"]
    ]
    if "calculated_price" in selection and vc.pricing is not None:
        view["calculated_price"] = calculated_price(
            variant["prices"], variant["price_set_id"], vc.pricing
        )
    if vc.admin:
        view["prices"] = [admin_price(p, variant["id"]) for p in variant["prices"]]
    else:
        view["prices"] = [store_price(p, variant["price_set_id"]) for p in variant["prices"]]
    if "inventory_quantity" in selection and variant["manage_inventory"]:
        item_id = variant.get("inventory_item_id")
        view["inventory_quantity"] = inventory.available(vc.store, item_id, vc.location_ids)
    if "inventory_items" in selection:
        view["inventory_items"] = _inventory_items(variant, vc)
    if "product" in selection:
        view["product"] = {key: product.get(key) for key in PRODUCT_KEYS}
    return view


def _inventory_items(variant: dict[str, Any], vc: ViewContext) -> list[dict[str, Any]]:
    item_id = variant.get("inventory_item_id")
    if not item_id:
        return []
    levels = [inventory.level_view(level) for level in inventory.levels(vc.store, item_id)]
    return [
        {
            "variant_id": variant["id"],
            "inventory_item_id": item_id,
            "inventory": {"id": item_id, "location_levels": levels},
        }
    ]


def _variant_option(product: dict[str, Any], value_id: str) -> dict[str, Any]:
    for option in product["options"]:
        for value in option["values"]:
            if value["id"] == value_id:
                bare = {key: item for key, item in option.items() if key != "values"}
                view = {key: item for key, item in value.items() if key not in _STAMPS}
                return {**view, "option": bare, **{key: value[key] for key in _STAMPS}}
    return {"id": value_id}


_STAMPS = ("created_at", "updated_at", "deleted_at")


def _category(category: dict[str, Any]) -> dict[str, Any]:
    parent = category.get("parent_category_id")
    view = {key: item for key, item in category.items() if key not in _STAMPS}
    view["parent_category"] = {"id": parent} if parent else None
    return {**view, **{key: category.get(key) for key in _STAMPS}}


def _joined(vc: ViewContext, kind: str, ids: list[str]) -> list[dict[str, Any]]:
    found = (vc.get(kind, id) for id in ids)
    return [record for record in found if record is not None]


def variant_by_id(store: Store, variant_id: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A variant and its product, looked up through the ``md:variant`` index."""
    ref = store.get(KIND_VARIANT, variant_id)
    product = store.get(KIND_PRODUCT, ref["product_id"]) if ref else None
    if product is None:
        return None
    variant = next((v for v in product["variants"] if v["id"] == variant_id), None)
    return None if variant is None else (variant, product)
