"""Typed, frozen views of Medusa v2 Store API objects, parsed defensively from wire JSON.

Split from ``medusa.py`` so the client stays about transport. Parsers accept partial objects
(``fields=`` can shrink them) and never raise on a missing key. Amounts become ``Decimal`` from
the exact ``raw_*`` twin when Medusa sends one, else from the JSON number's shortest repr.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "Cart",
    "Category",
    "Collection",
    "LineItem",
    "Product",
    "Region",
    "Variant",
    "parse_cart",
    "parse_category",
    "parse_collection",
    "parse_product",
    "parse_region",
]


@dataclass(frozen=True)
class Region:
    """A Medusa region: its currency decides the prices a visitor sees."""

    id: str
    name: str
    currency: str  # lower-case ISO 4217, as Medusa writes it
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2, lower-case


@dataclass(frozen=True)
class Variant:
    """A purchasable variant; ``price`` is None without a region (no pricing context)."""

    id: str
    sku: str
    title: str
    options: Mapping[str, str]  # option title -> value, e.g. {"Size": "S"}
    price: Decimal | None
    original_price: Decimal | None
    currency: str | None
    inventory: int | None  # None when stock is not managed or was not requested
    manage_inventory: bool
    allow_backorder: bool

    @property
    def in_stock(self) -> bool:
        """True when the variant can be added to a cart now."""
        if not self.manage_inventory or self.allow_backorder or self.inventory is None:
            return True
        return self.inventory > 0


@dataclass(frozen=True)
class Category:
    """A product category (id, name, handle; its parent's id when listed with one)."""

    id: str
    name: str
    handle: str
    parent_id: str | None = None


@dataclass(frozen=True)
class Product:
    """A published product with its variants in a stable order."""

    id: str
    handle: str
    title: str
    subtitle: str
    description: str
    thumbnail: str | None
    images: tuple[str, ...]
    collection_id: str | None
    categories: tuple[Category, ...]
    tags: tuple[str, ...]
    options: tuple[tuple[str, tuple[str, ...]], ...]  # (title, values) as Medusa lists them
    variants: tuple[Variant, ...]
    metadata: Mapping[str, Any]
    weight: float | None
    material: str | None


@dataclass(frozen=True)
class Collection:
    """A product collection."""

    id: str
    title: str
    handle: str


@dataclass(frozen=True)
class LineItem:
    """One cart line; ``unit_price`` is in major units before tax."""

    id: str
    variant_id: str
    product_id: str | None
    product_handle: str | None
    sku: str | None
    title: str
    variant_title: str | None
    thumbnail: str | None
    quantity: int
    unit_price: Decimal

    @property
    def subtotal(self) -> Decimal:
        """Unit price times quantity, before tax."""
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Cart:
    """A cart with Medusa's totals (tax amounts unrounded: round when displaying)."""

    id: str
    region_id: str
    currency: str
    email: str | None
    items: tuple[LineItem, ...]
    subtotal: Decimal
    tax_total: Decimal
    shipping_total: Decimal
    total: Decimal

    @property
    def item_count(self) -> int:
        """The number of units in the cart."""
        return sum(item.quantity for item in self.items)


def parse_region(raw: Mapping[str, Any]) -> Region:
    """A Region from a ``regions[]`` item."""
    countries = tuple(
        str(c.get("iso_2", "")).lower() for c in _dicts(raw.get("countries")) if c.get("iso_2")
    )
    return Region(_str(raw, "id"), _str(raw, "name"), _str(raw, "currency_code").lower(), countries)


def parse_collection(raw: Mapping[str, Any]) -> Collection:
    """A Collection from a ``collections[]`` item."""
    return Collection(_str(raw, "id"), _str(raw, "title"), _str(raw, "handle"))


def parse_product(raw: Mapping[str, Any]) -> Product:
    """A Product from a ``products[]`` item or ``product`` body; variants sorted stably."""
    options = tuple(
        (_str(o, "title"), tuple(_str(v, "value") for v in _dicts(o.get("values"))))
        for o in _dicts(raw.get("options"))
    )
    return Product(
        id=_str(raw, "id"),
        handle=_str(raw, "handle"),
        title=_str(raw, "title"),
        subtitle=_str(raw, "subtitle"),
        description=_str(raw, "description"),
        thumbnail=_opt_str(raw, "thumbnail"),
        images=tuple(_str(i, "url") for i in _dicts(raw.get("images")) if i.get("url")),
        collection_id=_opt_str(raw, "collection_id"),
        categories=tuple(_category(c) for c in _dicts(raw.get("categories"))),
        tags=tuple(_str(t, "value") for t in _dicts(raw.get("tags"))),
        options=options,
        variants=_variants(_dicts(raw.get("variants")), options),
        metadata=dict(raw["metadata"]) if isinstance(raw.get("metadata"), dict) else {},
        weight=_number(raw.get("weight")),
        material=_opt_str(raw, "material"),
    )


def parse_cart(raw: Mapping[str, Any]) -> Cart:
    """A Cart from a ``cart`` body."""
    return Cart(
        id=_str(raw, "id"),
        region_id=_str(raw, "region_id"),
        currency=_str(raw, "currency_code").lower(),
        email=_opt_str(raw, "email"),
        items=tuple(_line_item(i) for i in _dicts(raw.get("items"))),
        subtotal=_amount(raw, "subtotal") or Decimal(0),
        tax_total=_amount(raw, "tax_total") or Decimal(0),
        shipping_total=_amount(raw, "shipping_total") or Decimal(0),
        total=_amount(raw, "total") or Decimal(0),
    )


def _variants(
    raws: list[dict[str, Any]], options: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[Variant, ...]:
    """Variants in a stable order: Medusa's own order changes between identical requests."""
    position = {(title, value): i for title, values in options for i, value in enumerate(values)}

    def key(raw: dict[str, Any]) -> tuple[Any, ...]:
        chosen = sorted(_variant_options(raw).items())
        ranks = tuple(position.get(pair, len(position)) for pair in chosen)
        rank = raw.get("variant_rank") if isinstance(raw.get("variant_rank"), int) else 0
        # Creation order first (how the merchant entered them), option order breaks ties.
        return (rank, _str(raw, "created_at"), ranks, _str(raw, "sku"), _str(raw, "id"))

    return tuple(_variant(raw) for raw in sorted(raws, key=key))


def _variant(raw: Mapping[str, Any]) -> Variant:
    price = _dict(raw.get("calculated_price"))
    inventory = raw.get("inventory_quantity")
    stock = inventory if isinstance(inventory, int) and not isinstance(inventory, bool) else None
    return Variant(
        id=_str(raw, "id"),
        sku=_str(raw, "sku"),
        title=_str(raw, "title"),
        options=_variant_options(raw),
        price=_amount(price, "calculated_amount"),
        original_price=_amount(price, "original_amount"),
        currency=str(price["currency_code"]).lower() if price.get("currency_code") else None,
        inventory=stock,
        manage_inventory=bool(raw.get("manage_inventory", False)),
        allow_backorder=bool(raw.get("allow_backorder", False)),
    )


def _variant_options(raw: Mapping[str, Any]) -> dict[str, str]:
    result: dict[str, str] = {}
    for value in _dicts(raw.get("options")):
        title = _str(_dict(value.get("option")), "title") or _str(value, "option_id")
        result[title] = _str(value, "value")
    return result


def _line_item(raw: Mapping[str, Any]) -> LineItem:
    quantity = raw.get("quantity")
    return LineItem(
        id=_str(raw, "id"),
        variant_id=_str(raw, "variant_id"),
        product_id=_opt_str(raw, "product_id"),
        product_handle=_opt_str(raw, "product_handle"),
        sku=_opt_str(raw, "variant_sku"),
        title=_str(raw, "product_title") or _str(raw, "title"),
        variant_title=_opt_str(raw, "variant_title"),
        thumbnail=_opt_str(raw, "thumbnail"),
        quantity=quantity if isinstance(quantity, int) else 0,
        unit_price=_amount(raw, "unit_price") or Decimal(0),
    )


def _category(raw: Mapping[str, Any]) -> Category:
    return parse_category(raw)


def parse_category(raw: Mapping[str, Any]) -> Category:
    """A Category from a ``product_categories[]`` item (or a product's ``categories[]``)."""
    parent = _opt_str(raw, "parent_category_id")
    return Category(_str(raw, "id"), _str(raw, "name"), _str(raw, "handle"), parent)


def _amount(raw: Mapping[str, Any], key: str) -> Decimal | None:
    """``raw[key]`` as Decimal, preferring the exact ``raw_<key>`` twin."""
    twin = raw.get(f"raw_{key}")
    if isinstance(twin, dict) and twin.get("value") is not None:
        exact = _to_decimal(twin["value"])
        if exact is not None:
            return exact
    return _to_decimal(raw.get(key))


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        # str() of a float is its shortest repr, so 29.99 stays 29.99 and not 29.989999...
        result = Decimal(str(value))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _str(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    return value if isinstance(value, str) else ""


def _opt_str(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) and value else None
