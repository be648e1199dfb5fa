"""``storefront import products.csv``: validate every row, then create or update products.

Order: parse and validate the whole file; fetch the products it names (by handle) and check the
rows against them; only when no error was found anywhere is anything written. Collections,
categories and tags are looked up by handle/name/value and created when missing (a category path
``A > B`` level by level, each under its parent); the store's sales channel is attached to every
product; stock is set at the stock location.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from storefront.clients.errors import UpstreamError
from sync.bulk.csvformat import ProductSpec, RowError, category_path
from sync.bulk.importplan import Ids, Plan, check_existing, inventory_item, plan
from sync.bulk.medusa import CATEGORY_FIELDS, IMPORT_FIELDS, BulkAdmin
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
    "tag": ("/admin/product-tags", "product_tags", "product_tag", ("value",),
            lambda n: {"value": n}),
}  # fmt: skip


@dataclass
class Taxonomy:
    """Collections and tags by name, created on first use (not in a dry run)."""

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


@dataclass(frozen=True)
class Category:
    """The parts of a product category a path is matched against."""

    id: str
    handle: str
    name: str
    parent_id: str | None

    def named(self, level: str) -> bool:
        """Whether `level` is this category's handle or name (case-insensitive)."""
        wanted = level.lower()
        return wanted in (self.handle.lower(), self.name.lower()) or slug(level) == self.handle


@dataclass
class CategoryTree:
    """Categories found by name or ``A > B`` path, missing levels created (not in a dry run).

    The first level of a path is found anywhere, as a plain name always was (preferring a top-level
    match); every later level only among the children of the level before it.
    """

    admin: BulkAdmin
    dry_run: bool
    _all: list[Category] | None = None

    def find(self, entry: str) -> str | None:
        """The id of the entry's last level (None: not there yet in a dry run)."""
        first, *rest = category_path(entry)
        node = self._match(first, None, anywhere=True) or self._create(first, None)
        for level in rest:
            if node is None:
                return None
            node = self._match(level, node, anywhere=False) or self._create(level, node)
        return node.id if node else None

    def _match(self, level: str, parent: Category | None, anywhere: bool) -> Category | None:
        parent_id = parent.id if parent else None
        found = [c for c in self._known() if c.named(level)]
        if not anywhere:
            found = [c for c in found if c.parent_id == parent_id]
        found.sort(key=lambda c: c.parent_id is not None)  # a top-level match first
        return found[0] if found else None

    def _create(self, name: str, parent: Category | None) -> Category | None:
        if self.dry_run:
            return None
        body: dict[str, Any] = {"name": name, "handle": self._handle(name, parent)}
        if parent is not None:
            body["parent_category_id"] = parent.id
        body["is_active"] = True  # Medusa hides a new category unless it is made active
        created = _category(self.admin.post("/admin/product-categories", body)["product_category"])
        self._known().append(created)
        return created

    def _handle(self, name: str, parent: Category | None) -> str:
        """A free handle: the name's, else prefixed by the parent's, else numbered."""
        taken = {c.handle for c in self._known()}
        base = slug(name)
        prefixed = f"{parent.handle}-{base}" if parent else base
        candidates = [base, prefixed, *(f"{prefixed}-{n}" for n in range(2, len(taken) + 3))]
        return next(h for h in candidates if h not in taken)

    def _known(self) -> list[Category]:
        if self._all is None:
            records = self.admin.pages(
                "/admin/product-categories", "product_categories", {"fields": CATEGORY_FIELDS}
            )
            self._all = [_category(r) for r in records]
        return self._all


def _category(record: dict[str, Any]) -> Category:
    parent = record.get("parent_category_id")
    return Category(
        str(record["id"]), str(record.get("handle") or ""), str(record.get("name") or ""),
        str(parent) if parent else None,
    )  # fmt: skip


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
        taxonomy, tree = Taxonomy(self.admin, self.dry_run), CategoryTree(self.admin, self.dry_run)
        ids = Ids(channel, taxonomy.resolver("collection"), tree.find, taxonomy.resolver("tag"))
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
