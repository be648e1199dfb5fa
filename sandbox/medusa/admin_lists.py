"""The Admin API's plain lists: sales channels, API keys, regions, collections, categories, tags,
types and stock locations, with Medusa's simple filters and ``q``.
"""

from __future__ import annotations

from flask import Response

from sandbox.medusa import listing
from sandbox.medusa.blueprints import admin_blueprint, current_store
from sandbox.medusa.common import (
    KIND_API_KEY,
    KIND_CATEGORY,
    KIND_COLLECTION,
    KIND_REGION,
    KIND_SALES_CHANNEL,
    KIND_STOCK_LOCATION,
    KIND_TAG,
    KIND_TYPE,
    check_params,
    first,
    json_response,
    paginate,
    query_params,
)
from sandbox.medusa.fields import project
from sandbox.medusa.regions import region_view
from sandbox.medusa.schemas import ADMIN

bp = admin_blueprint("medusa_admin_lists")
_store = current_store

# route -> (kind, response key, registry entity or None for the stored form, default limit)
_LISTS: dict[str, tuple[str, str, str | None, int]] = {
    "sales-channels": (KIND_SALES_CHANNEL, "sales_channels", "sales_channel", 20),
    "api-keys": (KIND_API_KEY, "api_keys", "api_key", 20),
    "regions": (KIND_REGION, "regions", "region", 50),
    "collections": (KIND_COLLECTION, "collections", "collection_list", 10),
    "product-categories": (KIND_CATEGORY, "product_categories", "category_list", 50),
    "product-tags": (KIND_TAG, "product_tags", "value_list", 50),
    "product-types": (KIND_TYPE, "product_types", "value_list", 50),
    "stock-locations": (KIND_STOCK_LOCATION, "stock_locations", "stock_location", 50),
}
_FILTERS = ("id", "name", "handle", "title", "value", "type")


def _register_lists() -> None:
    for route in _LISTS:
        bp.add_url_rule(f"/{route}", f"list_{route}", plain_list, defaults={"route": route})


def plain_list(route: str) -> Response:
    """The simple Admin lists, with filters on id/name/handle/title/value and ``q``."""
    kind, key, entity, default_limit = _LISTS[route]
    params = query_params()
    check_params(params, listing.PAGING | set(_FILTERS) | {"q"})
    records = _store().all(kind)
    if kind == KIND_REGION:
        records = [region_view(r) for r in records]
    page, meta = paginate(
        listing.apply(records, listing.simple_filters(params, _FILTERS)), params, default_limit
    )
    selection = ADMIN.select(entity, first(params, "fields")) if entity else None
    return json_response({key: project(page, selection), **meta})


_register_lists()
