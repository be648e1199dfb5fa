"""The Admin API calls bulk commands need beyond the worker's: paging, writes, lookups.

Endpoints (Medusa v2): ``POST /admin/products`` (create, 200), ``POST /admin/products/{id}``
(update), ``POST /admin/products/{id}/variants[/{vid}]``, ``POST /admin/collections``,
``/admin/product-categories``, ``/admin/product-tags`` (create), and inventory levels under
``/admin/inventory-items/{id}/location-levels``. List bodies are ``{"<plural>": [...], "count"}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import httpx

from storefront.clients.errors import UpstreamRejected, UpstreamUnavailable
from sync.field_mapping import ADMIN_FIELDS
from sync.medusa_admin import COLLECTION_FIELDS, SERVICE, MedusaAdmin, _error

PAGE = 100
# Everything the importer compares: product columns, relations, variants, prices and stock.
# `*rel` brings only the relation's own fields (on a real 2.21, `*options` has no `values` and a
# variant option's `option` is just `{id}`), so the nested ones are asked for by name.
IMPORT_FIELDS = (
    "id,handle,title,subtitle,description,material,weight,thumbnail,status,collection_id,"
    "*categories,*tags,*sales_channels,*options,*options.values,*variants,*variants.options,"
    "*variants.options.option,*variants.prices,*variants.inventory_items.inventory.location_levels"
)
# What a category path is matched against: each level by handle or name, under its parent.
CATEGORY_FIELDS = "id,handle,name,parent_category_id"


class BulkAdmin(MedusaAdmin):
    """`MedusaAdmin` plus the writes and paged reads of the bulk commands."""

    def __init__(self, base_url: str, api_key: str, timeout: float = 10.0) -> None:
        """A pooled client; `requests` counts every call (the benchmark reports it)."""
        super().__init__(base_url, api_key, timeout)
        self.requests = 0

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """GET a JSON object."""
        return self._call("GET", path, params=params)

    def post(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST a JSON body; the JSON object answered."""
        return self._call("POST", path, json=dict(body))

    def pages(self, path: str, key: str, params: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        """Every record of a list endpoint, page by page."""
        offset = 0
        while True:
            body = self.get(path, {**params, "limit": str(PAGE), "offset": str(offset)})
            records = [r for r in body.get(key) or [] if isinstance(r, dict)]
            yield from records
            offset += len(records)
            if not records or offset >= int(body.get("count") or 0):
                return

    def products(self, fields: str = ADMIN_FIELDS) -> Iterator[dict[str, Any]]:
        """Every product (any status), oldest first."""
        return self.pages("/admin/products", "products", {"fields": fields, "order": "created_at"})

    def collections(self) -> Iterator[dict[str, Any]]:
        """Every collection (id, handle, title)."""
        return self.pages("/admin/collections", "collections", {"fields": COLLECTION_FIELDS})

    def categories(self) -> Iterator[dict[str, Any]]:
        """Every category (id, handle, name, parent), oldest first so parents come first."""
        params = {"fields": CATEGORY_FIELDS, "order": "created_at"}
        return self.pages("/admin/product-categories", "product_categories", params)

    def products_by_handle(self, handles: list[str]) -> dict[str, dict[str, Any]]:
        """The existing products among these handles, with everything the importer compares."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(handles), 50):
            params = {"handle[]": handles[start : start + 50], "fields": IMPORT_FIELDS}
            for product in self.pages("/admin/products", "products", params):
                found[str(product.get("handle"))] = product
        return found

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        self.requests += 1
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable(SERVICE, None, f"{method} {path}: {exc!r}") from exc
        if response.status_code >= 400:
            raise _error(response)
        try:
            data = response.json()
        except ValueError as exc:
            raise UpstreamRejected(SERVICE, response.status_code, f"{path}: not JSON") from exc
        return data if isinstance(data, dict) else {}
