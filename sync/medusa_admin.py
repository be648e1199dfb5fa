"""Medusa v2 Admin API client for the sync: current product state, and event ids -> products.

Medusa's events carry only ids, and variant and inventory events name no product, so the worker
always re-fetches here. Auth is the secret API key as HTTP Basic (a Bearer ``sk_`` gets 401).
Errors come out as the ``storefront.clients.errors`` tree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from storefront.clients.base import LIMITS, PooledClient, UnsafeSegment, segment
from storefront.clients.errors import (
    UpstreamNotFound,
    UpstreamRejected,
    UpstreamUnavailable,
)
from sync.field_mapping import ADMIN_FIELDS

SERVICE = "medusa"
PAGE = 200  # inventory items per page when mapping a level id
COLLECTION_FIELDS = "id,handle,title"
CATEGORY_FIELDS = "id,handle,name,parent_category_id"


class MedusaAdmin(PooledClient):
    """The Admin API endpoints the sync needs."""

    def __init__(self, base_url: str, api_key: str, timeout: float = 10.0) -> None:
        """A pooled client authenticating with the secret key."""
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), auth=(api_key, ""), timeout=timeout, limits=LIMITS
        )

    def product(self, product_id: str) -> dict[str, Any] | None:
        """The product's synced attributes, or None when it no longer exists."""
        try:
            body = self._get(f"/admin/products/{segment(product_id)}", {"fields": ADMIN_FIELDS})
        except (UpstreamNotFound, UnsafeSegment):  # "..": no product has that id
            return None
        product = body.get("product")
        return product if isinstance(product, dict) and not product.get("deleted_at") else None

    def collection(self, collection_id: str) -> dict[str, Any] | None:
        """The collection (id, handle, title), or None when it no longer exists."""
        return self._record("/admin/collections", collection_id, "collection", COLLECTION_FIELDS)

    def category(self, category_id: str) -> dict[str, Any] | None:
        """The category (id, handle, name, parent), or None when it no longer exists."""
        path = "/admin/product-categories"
        return self._record(path, category_id, "product_category", CATEGORY_FIELDS)

    def _record(self, base: str, record_id: str, key: str, fields: str) -> dict[str, Any] | None:
        try:
            record = self._get(f"{base}/{segment(record_id)}", {"fields": fields}).get(key)
        except (UpstreamNotFound, UnsafeSegment):  # "..": no record has that id
            return None
        return record if isinstance(record, dict) and not record.get("deleted_at") else None

    def variant_product_id(self, variant_id: str) -> str | None:
        """The product a variant belongs to; None when the variant is gone."""
        body = self._get("/admin/product-variants", {"id": variant_id, "fields": "id,product_id"})
        for variant in body.get("variants") or []:
            if isinstance(variant, dict) and variant.get("id") == variant_id:
                return _text(variant.get("product_id"))
        return None

    def level_product_id(self, level_id: str) -> str | None:
        """The product of an inventory level (level -> inventory item -> variant -> product)."""
        fields = "id,*location_levels,*variants"
        offset = 0
        while True:
            params = {"fields": fields, "limit": str(PAGE), "offset": str(offset)}
            body = self._get("/admin/inventory-items", params)
            items = [i for i in body.get("inventory_items") or [] if isinstance(i, dict)]
            for item in items:
                if any(lv.get("id") == level_id for lv in item.get("location_levels") or []):
                    return next((_text(v.get("product_id")) for v in item["variants"]), None)
            offset += len(items)
            if not items or offset >= int(body.get("count") or 0):
                return None

    def update_product(self, product_id: str, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Change a product's attributes (Medusa v2 updates with POST); the updated product."""
        path = f"/admin/products/{segment(product_id)}"
        body = self._send("POST", path, {"fields": ADMIN_FIELDS}, dict(changes))
        product = body.get("product")
        return product if isinstance(product, dict) else {}

    def _get(self, path: str, params: Mapping[str, str]) -> dict[str, Any]:
        """GET a JSON object, raising the typed error on failure."""
        return self._send("GET", path, params)

    def _send(
        self, method: str, path: str, params: Mapping[str, str], json: Any = None
    ) -> dict[str, Any]:
        """Send a request and return its JSON object, raising the typed error on failure."""
        try:
            response = self._http.request(method, path, params=params, json=json)
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable(SERVICE, None, f"{method} {path}: {exc!r}") from exc
        if response.status_code >= 400:
            raise _error(response)
        try:
            data = response.json()
        except ValueError as exc:
            raise UpstreamUnavailable(SERVICE, response.status_code, "not JSON") from exc
        return data if isinstance(data, dict) else {}


def _text(value: Any) -> str | None:
    """A non-empty string or None."""
    return value if isinstance(value, str) and value else None


def _error(response: httpx.Response) -> Exception:
    """The typed error for a failed Admin API response."""
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    message = str(body.get("message") or response.reason_phrase)
    if status >= 500 or status == 429:
        return UpstreamUnavailable(SERVICE, status, message)
    kind = UpstreamNotFound if status == 404 else UpstreamRejected
    return kind(SERVICE, status, message, body.get("type"))
