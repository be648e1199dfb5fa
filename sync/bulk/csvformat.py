"""The product CSV: one row per variant, parsed and validated before anything is written.

Columns (header names are case-insensitive; the README documents the format):
    handle, title, subtitle, description, material, weight, collection, categories, tags,
    thumbnail, status, option1_name, option1_value ... option3_name, option3_value,
    variant_title, sku, price_<currency> (one per currency, e.g. price_eur), stock
Rows with the same handle are one product; product columns may be repeated on each row or left
empty after the first, but must not disagree. ``categories`` and ``tags`` are ``|``-separated; a
category may be a ``>``-separated path (``Apparel > T-Shirts``), kept with `` > `` between levels.
Row numbers count the header as row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

PRODUCT_COLUMNS = (
    "handle", "title", "subtitle", "description", "material", "weight", "collection",
    "categories", "tags", "thumbnail", "status",
)  # fmt: skip
VARIANT_COLUMNS = ("variant_title", "sku", "stock")
OPTION_SLOTS = 3
OPTION_COLUMNS = tuple(
    f"option{n}_{part}" for n in range(1, OPTION_SLOTS + 1) for part in ("name", "value")
)
REQUIRED = ("handle", "sku")
STATUSES = ("draft", "proposed", "published", "rejected")
HANDLE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PRICE = re.compile(r"^price_([a-z]{3})$")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
PATH_SEPARATOR = ">"
MAX_DEPTH = 5
# "/" and "\\" look like path separators and "<" like a reversed path: refused so that a mistyped
# path is not silently made into one oddly named category.
ILLEGAL = re.compile(r"[\x00-\x1f\x7f</\\]")


@dataclass(frozen=True)
class RowError:
    """What is wrong, where: row number (header = 1), column and message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class VariantSpec:
    """One variant as the CSV describes it."""

    row: int
    sku: str
    title: str
    options: dict[str, str]
    prices: dict[str, float]
    stock: int | None


@dataclass
class ProductSpec:
    """One product: its first row's product columns and every variant row."""

    row: int
    handle: str
    values: dict[str, Any]  # title, subtitle, ... weight (float), status: set values only
    collection: str | None = None
    categories: tuple[str, ...] | None = None
    tags: tuple[str, ...] | None = None
    option_names: tuple[str, ...] = ()
    variants: list[VariantSpec] = field(default_factory=list)

    def option_values(self) -> dict[str, list[str]]:
        """Each option's values in first-seen order."""
        values: dict[str, list[str]] = {name: [] for name in self.option_names}
        for variant in self.variants:
            for name, value in variant.options.items():
                if value not in values[name]:
                    values[name].append(value)
        return values


def parse(text: str) -> tuple[list[ProductSpec], list[RowError]]:
    """Products from CSV text, and every error found (products are only usable when none)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    errors = _check_header(header)
    if errors:
        return [], errors
    products: dict[str, ProductSpec] = {}
    skus: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        row = {h: (v or "").strip() for h, v in zip(header, raw.values(), strict=False)}
        if not any(row.values()):
            continue
        errors += _row(number, row, products, skus)
    for product in products.values():
        errors += _check_product(product)
    return list(products.values()), sorted(errors, key=lambda e: (e.row, e.column))


def _check_header(header: list[str]) -> list[RowError]:
    known = set(PRODUCT_COLUMNS) | set(VARIANT_COLUMNS) | set(OPTION_COLUMNS)
    errors = [
        RowError(1, c, "unknown column") for c in header if c not in known and not PRICE.match(c)
    ]
    errors += [RowError(1, c, "required column is missing") for c in REQUIRED if c not in header]
    if not any(PRICE.match(c) for c in header):
        errors.append(RowError(1, "price_<currency>", "at least one price column is required"))
    dupes = {c for c in header if header.count(c) > 1}
    errors += [RowError(1, c, "column appears twice") for c in sorted(dupes)]
    return errors


def _row(
    number: int, row: dict[str, str], products: dict[str, ProductSpec], skus: dict[str, int]
) -> list[RowError]:
    """Validate one row and add it to its product."""
    handle = row.get("handle", "")
    if not HANDLE.match(handle):
        why = "is required" if not handle else "must be lowercase letters, digits and dashes"
        return [RowError(number, "handle", why)]
    values, errors = _product_values(number, row)
    product = products.get(handle)
    if product is None:  # a title is only required for a new product (checked by the importer)
        product = products[handle] = _new_product(number, handle, values, row)
    else:
        errors += _agrees(number, product, values, row)
    variant, variant_errors = _variant(number, row, skus)
    if variant is not None:
        product.variants.append(variant)
    return errors + variant_errors


def _product_values(number: int, row: dict[str, str]) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for name in ("title", "subtitle", "description", "material", "thumbnail", "status"):
        if row.get(name):
            values[name] = row[name]
    if values.get("status") and values["status"] not in STATUSES:
        errors.append(RowError(number, "status", f"must be one of {', '.join(STATUSES)}"))
    thumbnail = values.get("thumbnail", "")
    if thumbnail and not thumbnail.startswith(("http://", "https://")):
        errors.append(RowError(number, "thumbnail", "must be an http(s) URL"))
    if row.get("weight"):
        if NUMBER.match(row["weight"]):
            values["weight"] = float(row["weight"])
        else:
            errors.append(RowError(number, "weight", f"{row['weight']!r} is not a number >= 0"))
    errors += [RowError(number, "categories", m) for m in _path_problems(row.get("categories"))]
    return values, errors


def _split(text: str) -> tuple[str, ...] | None:
    parts = tuple(p.strip() for p in text.split("|") if p.strip())
    return parts or None


def category_path(entry: str) -> tuple[str, ...]:
    """The levels of a category entry, root first (a plain name is a path of one level)."""
    return tuple(level.strip() for level in entry.split(PATH_SEPARATOR))


def _categories(text: str) -> tuple[str, ...] | None:
    """The category entries of a cell, each path normalized to ``A > B`` spacing."""
    entries = _split(text) or ()
    return tuple(f" {PATH_SEPARATOR} ".join(category_path(e)) for e in entries) or None


def _path_problems(text: str | None) -> list[str]:
    """What is wrong with each category path of a cell."""
    return [p for entry in _split(text or "") or () for p in _entry_problems(entry)]


def _entry_problems(entry: str) -> list[str]:
    levels = category_path(entry)
    if not all(levels):
        return [f"{entry!r} has an empty level"]
    problems = [_level_problem(level) for level in levels]
    if len(levels) > MAX_DEPTH:
        problems.append(f"{entry!r} is {len(levels)} levels deep; at most {MAX_DEPTH} are allowed")
    return [p for p in problems if p]


def _level_problem(level: str) -> str | None:
    illegal = ILLEGAL.search(level)
    if illegal:
        return f"{level!r} contains the illegal character {illegal.group()!r}"
    if not re.search(r"[A-Za-z0-9]", level):
        return f"{level!r} needs a letter or digit (A-Z, 0-9) to make a handle"
    return None


def _new_product(
    number: int, handle: str, values: dict[str, Any], row: dict[str, str]
) -> ProductSpec:
    return ProductSpec(
        number, handle, values, collection=row.get("collection") or None,
        categories=_categories(row.get("categories", "")), tags=_split(row.get("tags", "")),
        option_names=_option_names(row),
    )  # fmt: skip


def _agrees(
    number: int, product: ProductSpec, values: dict[str, Any], row: dict[str, str]
) -> list[RowError]:
    """A later row's product columns must be empty or equal to the first row's."""
    theirs: dict[str, Any] = {**values, "collection": row.get("collection") or None}
    theirs["categories"] = _categories(row.get("categories", ""))
    theirs["tags"] = _split(row.get("tags", ""))
    ours: dict[str, Any] = {**product.values, "collection": product.collection}
    ours.update(categories=product.categories, tags=product.tags)
    errors = [
        RowError(number, name, f"differs from row {product.row} of the same handle")
        for name, value in theirs.items()
        if value not in (None, "") and value != ours.get(name)
    ]
    names = _option_names(row)
    if names != product.option_names:
        errors.append(
            RowError(number, "option1_name", f"option names differ from row {product.row}")
        )
    return errors


def _option_names(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(
        row[f"option{n}_name"] for n in range(1, OPTION_SLOTS + 1) if row.get(f"option{n}_name")
    )


def _variant(
    number: int, row: dict[str, str], skus: dict[str, int]
) -> tuple[VariantSpec | None, list[RowError]]:
    errors: list[RowError] = []
    sku = row.get("sku", "")
    if not sku:
        errors.append(RowError(number, "sku", "is required"))
    elif sku in skus:
        errors.append(RowError(number, "sku", f"{sku!r} is already used on row {skus[sku]}"))
    else:
        skus[sku] = number
    options, option_errors = _options(number, row)
    prices, price_errors = _prices(number, row)
    stock, stock_errors = _stock(number, row)
    errors += option_errors + price_errors + stock_errors
    title = row.get("variant_title") or " / ".join(options.values()) or row.get("title") or sku
    return VariantSpec(number, sku, title, options, prices, stock), errors


def _options(number: int, row: dict[str, str]) -> tuple[dict[str, str], list[RowError]]:
    options: dict[str, str] = {}
    errors = []
    for n in range(1, OPTION_SLOTS + 1):
        name, value = row.get(f"option{n}_name", ""), row.get(f"option{n}_value", "")
        if bool(name) != bool(value):
            missing = f"option{n}_value" if name else f"option{n}_name"
            errors.append(
                RowError(
                    number, missing, f"is required with option{n}_{'name' if name else 'value'}"
                )
            )
        elif name in options:
            errors.append(RowError(number, f"option{n}_name", f"option {name!r} is given twice"))
        elif name:
            options[name] = value
    return options, errors


def _prices(number: int, row: dict[str, str]) -> tuple[dict[str, float], list[RowError]]:
    prices: dict[str, float] = {}
    errors = []
    for column, text in row.items():
        match = PRICE.match(column)
        if not match or not text:
            continue
        if NUMBER.match(text):
            prices[match.group(1)] = float(text)
        else:
            errors.append(RowError(number, column, f"{text!r} is not a price (e.g. 29.99)"))
    if not prices and not errors:
        errors.append(RowError(number, "price_<currency>", "a variant needs at least one price"))
    return prices, errors


def _stock(number: int, row: dict[str, str]) -> tuple[int | None, list[RowError]]:
    text = row.get("stock", "")
    if not text:
        return None, []
    if text.isdigit():
        return int(text), []
    return None, [RowError(number, "stock", f"{text!r} is not a whole number >= 0")]


def _check_product(product: ProductSpec) -> list[RowError]:
    """Variants of one product must be told apart by their option values."""
    if not product.option_names and len(product.variants) > 1:
        message = "several variants need option columns"
        return [RowError(product.variants[1].row, "option1_name", message)]
    seen: dict[tuple[str, ...], int] = {}
    errors = []
    for variant in product.variants:
        key = tuple(variant.options.get(name, "") for name in product.option_names)
        if key in seen:
            message = f"same option values as row {seen[key]} of {product.handle!r}"
            errors.append(RowError(variant.row, "option1_value", message))
        seen.setdefault(key, variant.row)
    return errors
