"""What an import row set means for Medusa: the create body, or the changes to an existing product.

Pure functions over a `ProductSpec`, the existing Admin API product (fetched with
``IMPORT_FIELDS``) and resolved ids. Matching is by handle (product) and SKU (variant); an empty
CSV cell leaves the current value alone, so a second run of the same file changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sync.bulk.csvformat import ProductSpec, RowError, VariantSpec

DEFAULT_STATUS = "published"  # so an imported product shows in the Store API at once
# Medusa refuses a product without options ("Product options are not provided for: [...]"), so a
# product whose rows name none gets the one option Medusa's own admin gives it.
DEFAULT_OPTION = {"Default option": "Default option value"}
Resolve = Callable[[str], str | None]  # name -> id (None: not there yet, e.g. in a dry run)


@dataclass(frozen=True)
class Ids:
    """How names in the CSV become Medusa ids."""

    channel: str
    collection: Resolve
    category: Resolve  # a name, handle or ``A > B`` path -> the (last level's) id
    tag: Resolve


@dataclass
class Plan:
    """The writes one product needs (all empty: unchanged)."""

    spec: ProductSpec
    product_id: str | None = None  # the existing product's id (None: to be created)
    create: dict[str, Any] | None = None
    product: dict[str, Any] = field(default_factory=dict)
    variants: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (variant id, body)
    new_variants: list[dict[str, Any]] = field(default_factory=list)
    stock: list[tuple[VariantSpec, int]] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        """Whether anything must be written."""
        return bool(self.create or self.product or self.variants or self.new_variants or self.stock)


def check_existing(spec: ProductSpec, existing: dict[str, Any]) -> list[RowError]:
    """Rows asking an existing product for options or values it lacks (import cannot add them)."""
    current = {
        o.get("title"): [v.get("value") for v in o.get("values") or []] for o in _options(existing)
    }
    errors = []
    for variant in spec.variants:
        for n, (name, value) in enumerate(variant.options.items(), start=1):
            if name not in current:
                message = f"the existing product has no option {name!r}"
                errors.append(RowError(variant.row, f"option{n}_name", message))
            elif value not in current[name]:
                message = f"{value!r} is not a value of the existing option {name!r}"
                errors.append(RowError(variant.row, f"option{n}_value", message))
    return errors


def _options(product: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for o in product.get("options") or [] if isinstance(o, dict)]


def create_body(spec: ProductSpec, ids: Ids) -> dict[str, Any]:
    """The ``POST /admin/products`` body for a new product."""
    body: dict[str, Any] = {"handle": spec.handle, "status": DEFAULT_STATUS, **spec.values}
    body.update(_relations(spec, ids))
    body["sales_channels"] = [{"id": ids.channel}]
    if spec.option_names:
        values = spec.option_values()
        body["options"] = [{"title": name, "values": values[name]} for name in spec.option_names]
        body["variants"] = [variant_body(v) for v in spec.variants]
    else:
        body["options"] = [{"title": t, "values": [v]} for t, v in DEFAULT_OPTION.items()]
        body["variants"] = [{**variant_body(v), "options": DEFAULT_OPTION} for v in spec.variants]
    return body


def variant_body(variant: VariantSpec) -> dict[str, Any]:
    """A variant as the Admin API creates it."""
    body: dict[str, Any] = {"title": variant.title, "sku": variant.sku, "manage_inventory": True}
    body["prices"] = [{"currency_code": c, "amount": a} for c, a in variant.prices.items()]
    if variant.options:
        body["options"] = dict(variant.options)
    return body


def _relations(spec: ProductSpec, ids: Ids) -> dict[str, Any]:
    """collection_id, categories and tags for the names given (unresolved names are left out)."""
    out: dict[str, Any] = {}
    if spec.collection:
        out["collection_id"] = ids.collection(spec.collection)
    for key, names, resolve in (
        ("categories", spec.categories, ids.category),
        ("tags", spec.tags, ids.tag),
    ):
        if names is not None:
            out[key] = [{"id": i} for i in (resolve(n) for n in names) if i is not None]
    return out


def plan(
    spec: ProductSpec, existing: dict[str, Any] | None, ids: Ids, location: str | None
) -> Plan:
    """The writes that make Medusa match the spec."""
    result = Plan(spec)
    if existing is None:
        result.create = create_body(spec, ids)
        result.stock = [(v, v.stock) for v in spec.variants if v.stock is not None]
        return result
    result.product_id = str(existing["id"])
    result.product = _product_changes(spec, existing, ids)
    by_sku = {v.get("sku"): v for v in existing.get("variants") or [] if isinstance(v, dict)}
    for variant in spec.variants:
        current = by_sku.get(variant.sku)
        if current is None:
            result.new_variants.append(variant_body(variant))
            result.stock += [(variant, variant.stock)] if variant.stock is not None else []
            continue
        body = _variant_changes(variant, current)
        if body:
            result.variants.append((str(current["id"]), body))
        if variant.stock is not None and stocked(current, location) != variant.stock:
            result.stock.append((variant, variant.stock))
    return result


def _product_changes(spec: ProductSpec, existing: dict[str, Any], ids: Ids) -> dict[str, Any]:
    changes = {k: v for k, v in spec.values.items() if existing.get(k) != v}
    wanted = _relations(spec, ids)
    if "collection_id" in wanted and wanted["collection_id"] != existing.get("collection_id"):
        changes["collection_id"] = wanted["collection_id"]
    for key in ("categories", "tags"):
        have = {r.get("id") for r in existing.get(key) or []}
        missing_names = len(wanted.get(key, [])) < len(getattr(spec, key) or ())
        if key in wanted and ({r["id"] for r in wanted[key]} != have or missing_names):
            changes[key] = wanted[key]
    channels = [c.get("id") for c in existing.get("sales_channels") or []]
    if ids.channel not in channels:
        changes["sales_channels"] = [{"id": c} for c in [*channels, ids.channel]]
    return changes


def _variant_changes(variant: VariantSpec, current: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if current.get("title") != variant.title:
        body["title"] = variant.title
    options = {
        (o.get("option") or {}).get("title"): o.get("value") for o in current.get("options") or []
    }
    if variant.options and options != variant.options:
        body["options"] = dict(variant.options)
    prices = {p.get("currency_code"): p for p in current.get("prices") or []}
    if any(_amount(prices.get(c)) != round(a, 4) for c, a in variant.prices.items()):
        merged = {c: {"currency_code": c, "amount": p.get("amount")} for c, p in prices.items()}
        merged.update({c: {"currency_code": c, "amount": a} for c, a in variant.prices.items()})
        for code, price in merged.items():  # Medusa updates a price it can name, creates the rest
            if prices.get(code, {}).get("id"):
                price["id"] = prices[code]["id"]
        body["prices"] = list(merged.values())
    return body


def _amount(price: dict[str, Any] | None) -> float | None:
    amount = (price or {}).get("amount")
    return round(float(amount), 4) if isinstance(amount, int | float) else None


def inventory_item(variant: dict[str, Any]) -> dict[str, Any] | None:
    """The variant's (first) inventory item link, with its levels when fetched."""
    items = [i for i in variant.get("inventory_items") or [] if isinstance(i, dict)]
    return items[0] if items else None


def stocked(variant: dict[str, Any], location: str | None) -> int | None:
    """The stocked quantity at `location` (None when there is no level there)."""
    item = inventory_item(variant) or {}
    for level in (item.get("inventory") or {}).get("location_levels") or []:
        if level.get("location_id") == location:
            return int(level.get("stocked_quantity") or 0)
    return None
