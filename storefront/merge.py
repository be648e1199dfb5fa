"""Merge Medusa commerce data and Contentful content into what a page shows, per locale.

Field value for locale L: Contentful's value for L, else along L's fallback chain, else Medusa's
own value; an empty string counts as missing. A product not (yet) in Contentful renders from
Medusa alone. Everything from the CMS or the network is treated as untrusted: URLs are checked
here, text is escaped by Jinja2 and the rich-text renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from storefront import richtext
from storefront.clients.contentful_models import ContentAsset, ContentEntry, is_missing
from storefront.clients.medusa_models import Product, Variant

LOW_STOCK = 5  # "only N left" at or below this many units
# What Medusa (and importers) call the one option of a product without real options: never shown.
DEFAULT_WORDS = frozenset({"Default", "Default option", "Default option value", "Default variant"})
Chain = Sequence[str]
AssetUrl = Callable[[object, Chain], str | None]


@dataclass(frozen=True)
class Image:
    """A picture with an optional responsive ``srcset``."""

    url: str
    alt: str
    srcset: str = ""


@dataclass(frozen=True)
class VariantView:
    """A variant as the selector shows it."""

    id: str
    sku: str
    label: str
    price: Decimal | None
    price_text: str
    stock: str  # "in_stock" | "low" | "sold_out"
    quantity: int | None


@dataclass(frozen=True)
class ProductView:
    """Everything a product page renders, already in the page's locale."""

    id: str
    handle: str
    title: str
    subtitle: str
    description: str
    rich_description: Markup | None
    care_instructions: str
    seo_title: str
    seo_description: str
    material: str
    images: tuple[Image, ...]
    variants: tuple[VariantView, ...]
    currency: str | None
    in_contentful: bool
    first_available: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class Card:
    """A product in a grid."""

    handle: str
    title: str
    image: Image | None
    price_from: str
    sold_out: bool
    id: str = ""  # the Medusa product id, which names its localized slug


@dataclass(frozen=True)
class Localizer:
    """How to read content in one locale: its fallback chain, money and URL helpers."""

    chain: Chain
    money: Callable[[Decimal | None, str | None], str]
    asset_url: AssetUrl
    product_url: Callable[[str], str]

    def text(self, entry: ContentEntry | None, name: str, fallback: str = "") -> str:
        """A text field along the chain, else the Medusa fallback."""
        value = entry.value(name, self.chain) if entry is not None else None
        return value if isinstance(value, str) and value.strip() else fallback

    def rank(self, entry: ContentEntry | None, name: str) -> int:
        """How far along the chain a field's value was found (len(chain) when nowhere)."""
        for index, code in enumerate(self.chain):
            if entry is not None and entry.value(name, (code,)) is not None:
                return index
        return len(self.chain)

    def nearer(self, entry: ContentEntry | None, preferred: str, other: str) -> bool:
        """True when ``preferred`` was found at least as near the page's locale as ``other``."""
        return self.rank(entry, preferred) <= self.rank(entry, other)


def http_url(raw: object) -> str | None:
    """An absolute http(s) URL, or None for anything else (javascript:, data:, junk)."""
    if not isinstance(raw, str):
        return None
    try:
        parts = urlsplit(raw.strip())
    except ValueError:
        return None
    return raw.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def stock_state(variant: Variant) -> str:
    """in_stock, low or sold_out."""
    if not variant.in_stock:
        return "sold_out"
    managed = variant.manage_inventory and not variant.allow_backorder
    if managed and variant.inventory is not None and variant.inventory <= LOW_STOCK:
        return "low"
    return "in_stock"


def variant_label(title: str, label: Callable[[str], str]) -> str:
    """A variant title such as "S / White" in the page's words ("S / Blanco"); "" for Default."""
    parts = [part.strip() for part in title.split(" / ")]
    return " / ".join(label(part) for part in parts if part and part not in DEFAULT_WORDS)


def labeller(entry: ContentEntry | None, loc: Localizer) -> Callable[[str], str]:
    """A product's ``optionLabels`` along the chain: Medusa's word -> the locale's label."""

    def label(word: str) -> str:
        for code in loc.chain:
            labels = entry.value("optionLabels", (code,)) if entry is not None else None
            found = labels.get(word) if isinstance(labels, Mapping) else None
            if isinstance(found, str) and found.strip():
                return found
        return word

    return label


def variant_view(
    variant: Variant, loc: Localizer, label: Callable[[str], str] = str
) -> VariantView:
    """A variant with its localized option values, price and stock state."""
    words = variant_label(" / ".join(variant.options.values()), label)
    return VariantView(
        id=variant.id, sku=variant.sku, label=words, price=variant.price,
        price_text=loc.money(variant.price, variant.currency), stock=stock_state(variant),
        quantity=variant.inventory,
    )  # fmt: skip


def product_view(product: Product, entry: ContentEntry | None, loc: Localizer) -> ProductView:
    """Merge one product with its content for the localizer's locale."""
    title = loc.text(entry, "title", product.title)
    description = loc.text(entry, "description", product.description)
    variants = tuple(variant_view(v, loc, labeller(entry, loc)) for v in product.variants)
    available = next((v.id for v in variants if v.stock != "sold_out"), None)
    # A field found in the page's own locale beats a richer one found further down the chain.
    rich = (
        rich_description(entry, loc)
        if loc.nearer(entry, "richDescription", "description")
        else None
    )
    return ProductView(
        id=product.id, handle=product.handle, title=title,
        subtitle=loc.text(entry, "subtitle", product.subtitle), description=description,
        rich_description=rich, care_instructions=loc.text(entry, "careInstructions"),
        seo_title=_nearest(entry, loc, "seoTitle", "title", title),
        seo_description=_nearest(entry, loc, "seoDescription", "description", description),
        material=loc.text(entry, "material", product.material or ""),
        images=images(product, entry, loc, title),
        variants=variants, currency=_currency(product),
        in_contentful=entry is not None, first_available=available,
        updated_at=entry.updated_at if entry is not None else None,
    )  # fmt: skip


def _nearest(entry: ContentEntry | None, loc: Localizer, seo: str, base: str, fallback: str) -> str:
    """The SEO field unless the base field was found nearer the page's locale."""
    return loc.text(entry, seo, fallback) if loc.nearer(entry, seo, base) else fallback


def _currency(product: Product) -> str | None:
    return next((v.currency for v in product.variants if v.currency), None)


def card(product: Product, entry: ContentEntry | None, loc: Localizer) -> Card:
    """A grid card: localized title, first picture, lowest price, sold-out flag."""
    title = loc.text(entry, "title", product.title)
    prices = [v for v in product.variants if v.price is not None]
    cheapest = min(prices, key=lambda v: v.price or Decimal(0)) if prices else None
    pictures = images(product, entry, loc, title)
    return Card(
        handle=product.handle, title=title, image=pictures[0] if pictures else None,
        price_from=loc.money(cheapest.price, cheapest.currency) if cheapest else "",
        sold_out=bool(product.variants) and all(not v.in_stock for v in product.variants),
        id=product.id,
    )  # fmt: skip


def images(
    product: Product, entry: ContentEntry | None, loc: Localizer, title: str
) -> tuple[Image, ...]:
    """Contentful's hero image and images (responsive), else Medusa's thumbnail and images."""
    found: list[Image] = []
    if entry is not None:
        assets = [entry.value("heroImage", loc.chain), *(entry.value("images", loc.chain) or [])]
        found = [img for img in (asset_image(a, loc, title) for a in assets) if img is not None]
    if not found:
        urls = dict.fromkeys(u for u in (product.thumbnail, *product.images) if http_url(u))
        found = [Image(url=str(u), alt=title) for u in urls]
    return tuple(dict.fromkeys(found))


def asset_image(asset: object, loc: Localizer, title: str) -> Image | None:
    """A Contentful asset as a responsive image (Images API widths), or None."""
    url = http_url(loc.asset_url(asset, loc.chain))
    if url is None or not isinstance(asset, ContentAsset):
        return None
    alt = asset.value("description", loc.chain) or asset.value("title", loc.chain) or title
    return Image(url=url, alt=str(alt), srcset=richtext.image_srcset(url))


def rich_description(entry: ContentEntry | None, loc: Localizer) -> Markup | None:
    """The rich description in the locale, rendered safely; None when there is none."""
    document = entry.value("richDescription", loc.chain) if entry is not None else None
    if not isinstance(document, Mapping) or not document.get("content"):
        return None
    plain = _plain(document, loc)
    context = richtext.RenderContext(product_url=loc.product_url, asset_url=http_url)
    html = richtext.render(plain, context)
    return html or None


def _plain(node: Any, loc: Localizer) -> Any:
    """A rich-text tree with resolved targets turned into plain single-locale dicts."""
    if isinstance(node, ContentEntry | ContentAsset):
        return _plain_target(node, loc)
    if isinstance(node, Mapping):
        return {key: _plain(value, loc) for key, value in node.items()}
    if isinstance(node, list | tuple):
        return [_plain(item, loc) for item in node]
    return node


def _plain_target(target: ContentEntry | ContentAsset, loc: Localizer) -> dict[str, Any]:
    if isinstance(target, ContentAsset):
        file = target.value("file", loc.chain) or {}
        fields = {
            "title": target.value("title", loc.chain),
            "description": target.value("description", loc.chain),
            "file": {
                "url": loc.asset_url(target, loc.chain),
                "contentType": file.get("contentType"),
            },
        }
        return {"sys": {"id": target.id, "type": "Asset"}, "fields": fields}
    fields = {name: target.value(name, loc.chain) for name in ("title", "handle")}
    sys = {"id": target.id, "type": "Entry", "contentType": {"sys": {"id": target.content_type}}}
    return {"sys": sys, "fields": {k: v for k, v in fields.items() if not is_missing(v)}}
