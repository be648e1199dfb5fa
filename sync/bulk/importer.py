"""``storefront import products.csv``: validate every row, then create or update products.

Order: parse and validate the whole file; fetch the products it names (by handle) and check the
rows against them; only when no error was found anywhere is anything written. Collections,
categories and tags are looked up by handle/name/value and created when missing; the store's sales
channel is attached to every product; stock is set at the stock location.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storefront.clients.errors import UpstreamError
from sync.bulk.csvformat import ProductSpec, RowError
from sync.bulk.importplan import Ids, Plan, check_existing, inventory_item, plan
from sync.bulk.medusa import IMPORT_FIELDS, BulkAdmin
from sync.bulk.progress import Reporter


class ImportSetupError(Exception):
    """The store is not ready for an import (no or several sales channels or locations)."""


def slug(text: str) -> str:
    """A handle from a name, as Medusa derives one."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# kind -> (list path, list key, created key, name keys, create body)
TAXONOMY: dict[str, tuple[str, str, str, tuple[str, ...], Callable[[str], dict[str, Any]]]] = {
    "collection": ("/admin/collections", "collections", "collection", ("handle", "title"),
                   lambda n: {"title": n, "handle": slug(n)}),
    "category": ("/admin/product-categories", "product_categories", "product_category",
                 ("handle", "name"),
                 lambda n: {"name": n, "handle": slug(n), "is_active": True}),
    "tag": ("/admin/product-tags", "product_tags", "product_tag", ("value",),
            lambda n: {"value": n}),
}  # fmt: skip


@dataclass
class Taxonomy:
    """Collections, categories and tags by name, created on first use (not in a dry run)."""

    admin: BulkAdmin
    dry_run: bool
    _cache: dict[str, dict[str, str]] = field(default_factory=dict)

    def resolver(self, kind: str) -> Callable[[str], str | None]:
        """name -> id for one kind."""
        return lambda name: self.find(kind, name)

    def find(self, kind: str, name: str) -> str | None:
        """The id for a name, creating the record when it is missing."""
        known = self._known(kind)
        found = known.get(name.lower()) or known.get(slug(name))
        if found or self.dry_run:
            return found
        path, _, created_key, _, body = TAXONOMY[kind]
        record_id = str(self.admin.post(path, body(name))[created_key]["id"])
        known[name.lower()] = known[slug(name)] = record_id
        return record_id

    def _known(self, kind: str) -> dict[str, str]:
        if kind not in self._cache:
            path, key, _, names, _ = TAXONOMY[kind]
            self._cache[kind] = {
                str(r[n]).lower(): str(r["id"])
                for r in self.admin.pages(path, key, {})
                for n in names
                if r.get(n)
            }
        return self._cache[kind]


def pick(records: list[dict[str, Any]], wanted: str | None, what: str, option: str) -> str:
    """The id of the record named `wanted` (id or name), or of the only one."""
    if wanted:
        for record in records:
            if wanted in (record.get("id"), record.get("name")):
                return str(record["id"])
        raise ImportSetupError(f"no {what} {wanted!r}")
    if len(records) == 1:
        return str(records[0]["id"])
    names = ", ".join(str(r.get("name")) for r in records) or "none"
    raise ImportSetupError(f"{len(records)} {what}s ({names}): choose one with {option}")


@dataclass
class Importer:
    """Applies validated product specs to Medusa."""

    admin: BulkAdmin
    reporter: Reporter
    dry_run: bool = False
    sales_channel: str | None = None
    location: str | None = None

    def check(self, specs: list[ProductSpec]) -> tuple[dict[str, dict[str, Any]], list[RowError]]:
        """The existing products by handle, and every row that cannot apply to them."""
        existing = self.admin.products_by_handle([s.handle for s in specs])
        errors = [
            e for s in specs if s.handle in existing for e in check_existing(s, existing[s.handle])
        ]
        errors += [
            RowError(s.row, "title", "is required for a new product")
            for s in specs
            if s.handle not in existing and not s.values.get("title")
        ]
        return existing, sorted(errors, key=lambda e: (e.row, e.column))

    def run(self, specs: list[ProductSpec], existing: dict[str, dict[str, Any]]) -> None:
        """Create or update every product, reporting one outcome each."""
        channels = list(self.admin.pages("/admin/sales-channels", "sales_channels", {}))
        channel = pick(channels, self.sales_channel, "sales channel", "--sales-channel")
        location = self._location(specs)
        taxonomy = Taxonomy(self.admin, self.dry_run)
        ids = Ids(channel, *(taxonomy.resolver(k) for k in ("collection", "category", "tag")))
        self.reporter.start(len(specs))
        for spec in specs:
            try:
                outcome = self._one(plan(spec, existing.get(spec.handle), ids, location), location)
            except UpstreamError as exc:
                self.reporter.item(spec.handle, "failed", f"row {spec.row}: {exc}")
            else:
                self.reporter.item(spec.handle, outcome)

    def _location(self, specs: list[ProductSpec]) -> str | None:
        if not any(v.stock is not None for s in specs for v in s.variants):
            return None
        locations = list(self.admin.pages("/admin/stock-locations", "stock_locations", {}))
        return pick(locations, self.location, "stock location", "--location")

    def _one(self, todo: Plan, location: str | None) -> str:
        if not todo.changes:
            return "unchanged"
        if self.dry_run:
            return "would create" if todo.create else "would update"
        if todo.create is not None:
            product = self.admin.post("/admin/products", todo.create)["product"]
        else:
            product = self._update(todo)
        if todo.stock and location is not None:
            self._stock(str(product["id"]), todo, location)
        return "created" if todo.create else "updated"

    def _update(self, todo: Plan) -> dict[str, Any]:
        product_id = str(todo.product_id)
        if todo.product:
            self.admin.post(f"/admin/products/{product_id}", todo.product)
        for variant_id, body in todo.variants:
            self.admin.post(f"/admin/products/{product_id}/variants/{variant_id}", body)
        for body in todo.new_variants:
            self.admin.post(f"/admin/products/{product_id}/variants", body)
        return {"id": product_id}

    def _stock(self, product_id: str, todo: Plan, location: str) -> None:
        """Set each variant's stocked quantity at the location (levels created as needed)."""
        product = self.admin.get(f"/admin/products/{product_id}", {"fields": IMPORT_FIELDS})
        by_sku = {v.get("sku"): v for v in product["product"].get("variants") or []}
        for variant, quantity in todo.stock:
            item = inventory_item(by_sku.get(variant.sku) or {})
            if item is None:
                continue  # manage_inventory is off: Medusa keeps no stock for it
            levels = (item.get("inventory") or {}).get("location_levels") or []
            base = f"/admin/inventory-items/{item['inventory_item_id']}/location-levels"
            if any(level.get("location_id") == location for level in levels):
                self.admin.post(f"{base}/{location}", {"stocked_quantity": quantity})
            else:
                self.admin.post(base, {"location_id": location, "stocked_quantity": quantity})
