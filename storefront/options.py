"""One control per product option (Size, Color), resolved to a variant on the server.

The page offers each option's values with the locale's labels (``optionLabels``), marks the
values that, with the other current choices, name a sold-out variant or none at all, and shows
the chosen variant's price and stock. Choices travel as ``option.<Medusa title>`` form or query
fields, so the page works without JavaScript; ``static/product-options.js`` only updates the
price, stock and marks in place. A product with one variant (or only Medusa's "Default" option)
gets no controls at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from storefront.clients.medusa_models import Product, Variant
from storefront.merge import DEFAULT_WORDS, VariantView

PREFIX = "option."
MAX_VALUE = 200  # longer submitted values cannot be one of Medusa's


@dataclass(frozen=True)
class Choice:
    """One value of an option: its label, whether chosen, and what choosing it gives."""

    value: str
    label: str
    chosen: bool
    state: str  # "available" | "sold_out" | "unavailable" (with the other current choices)


@dataclass(frozen=True)
class Control:
    """One option's control: Medusa's title (the field name), its label and its values."""

    title: str
    label: str
    choices: tuple[Choice, ...]

    @property
    def field(self) -> str:
        """The form field carrying this option's value."""
        return PREFIX + self.title


@dataclass(frozen=True)
class Picker:
    """The product form: controls, the current choice and the variant it names (or None)."""

    controls: tuple[Control, ...]
    chosen: Mapping[str, str]
    selected: VariantView | None


def real_options(product: Product) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The options a shopper chooses between: none for a single variant or "Default" only."""
    if len(product.variants) <= 1:
        return ()
    return tuple(
        (title, values)
        for title, values in product.options
        if title not in DEFAULT_WORDS and not set(values) <= DEFAULT_WORDS
    )


def submitted(fields: Mapping[str, str], product: Product) -> dict[str, str]:
    """The choices in a form or query, only for the product's options and values."""
    found = {}
    for title, values in real_options(product):
        value = fields.get(PREFIX + title, "")
        if len(value) <= MAX_VALUE and value in values:
            found[title] = value
    return found


def resolve(product: Product, chosen: Mapping[str, str]) -> Variant | None:
    """The variant with exactly these values for every real option (None: no such variant)."""
    titles = [title for title, _ in real_options(product)]
    if not titles:
        return product.variants[0] if product.variants else None
    if any(title not in chosen for title in titles):
        return None
    return next(
        (v for v in product.variants if all(v.options.get(t) == chosen[t] for t in titles)), None
    )


def default_choice(product: Product) -> dict[str, str]:
    """The first variant in stock (else the first variant): its values."""
    ordered = sorted(product.variants, key=lambda v: not v.in_stock)
    titles = [title for title, _ in real_options(product)]
    return {t: ordered[0].options[t] for t in titles if ordered and t in ordered[0].options}


def picker(
    product: Product,
    views: Mapping[str, VariantView],
    asked: Mapping[str, str],
    label: Callable[[str], str],
) -> Picker:
    """The controls for `product`, with `asked` (a query's choices) over the default choice."""
    chosen = {**default_choice(product), **asked}
    controls = tuple(
        Control(title, label(title), tuple(_choice(product, chosen, title, v, label) for v in vals))
        for title, vals in real_options(product)
    )
    variant = resolve(product, chosen)
    return Picker(controls, chosen, views.get(variant.id) if variant else None)


def _choice(
    product: Product, chosen: Mapping[str, str], title: str, value: str, label: Callable[[str], str]
) -> Choice:
    variant = resolve(product, {**chosen, title: value})
    state = "unavailable" if variant is None else "available" if variant.in_stock else "sold_out"
    return Choice(value, label(value), chosen.get(title) == value, state)


def script_data(
    product: Product, views: Mapping[str, VariantView], stock_text: Callable[[VariantView], str]
) -> dict[str, Any]:
    """What the page script needs to update price and stock: each variant's values and texts."""
    titles = [title for title, _ in real_options(product)]
    variants = [
        {
            "id": v.id, "options": {t: v.options.get(t) for t in titles},
            "price": views[v.id].price_text, "stock": views[v.id].stock,
            "stock_text": stock_text(views[v.id]),
        }
        for v in product.variants if v.id in views
    ]  # fmt: skip
    return {"options": titles, "variants": variants}
